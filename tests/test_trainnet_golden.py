"""trainnet against an independent implementation (PyTorch fixtures, make_golden_trainnet.py):
the loss, the gradient of every learnable and one SGDM and one Adam step, on a padded
batch of sequences of different lengths, for every built-in loss family."""
import os

import numpy as np
import pytest

from matlabnn import (bilstmLayer, categorical, dlnetwork, fullyConnectedLayer, lstmLayer,
                      sequenceInputLayer, sigmoidLayer, softmaxLayer, trainingOptions, trainnet)
from matlabnn.trainnet import MeteredLoss
from matlabnn.trainnet_loss import loss_object

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
CASES = {
    "mse_seq": ("mse", "sequence", None),
    "crossentropy_label": ("crossentropy", "last", "softmax"),
    "crossentropy_seq": ("crossentropy", "sequence", "softmax"),
    "binary_crossentropy_seq": ("binary-crossentropy", "sequence", "sigmoid"),
    "mae_seq": ("mae", "sequence", None),
    "huber_seq": ("huber", "sequence", None),
}
PARAMS = {("lstm", "InputWeights"): "W", ("lstm", "RecurrentWeights"): "R",
          ("lstm", "Bias"): "b", ("fc", "Weights"): "fcW", ("fc", "Bias"): "fcb"}


def _layers(g, output, head):
    C, H, K = g["W"].shape[1], g["R"].shape[1], g["fcW"].shape[0]
    layers = [sequenceInputLayer(C),
              lstmLayer(H, OutputMode=output, InputWeights=g["W"], RecurrentWeights=g["R"],
                        Bias=g["b"].reshape(-1, 1), Name="lstm"),
              fullyConnectedLayer(K, Weights=g["fcW"], Bias=g["fcb"].reshape(-1, 1), Name="fc")]
    if head == "softmax":
        layers.append(softmaxLayer())
    elif head == "sigmoid":
        layers.append(sigmoidLayer())
    return layers


def _data(g, loss, output):
    lengths = list(g["lengths"])
    X = [g["x"][n, :L] for n, L in enumerate(lengths)]          # T-by-C each
    t = g["t"]
    K = t.shape[-1]
    names = [f"c{k}" for k in range(K)]
    if output == "sequence":
        if loss == "crossentropy":
            T = [categorical([names[i] for i in t[n, :L].argmax(-1)], names)
                 for n, L in enumerate(lengths)]
        else:
            T = [t[n, :L] for n, L in enumerate(lengths)]
    else:
        T = categorical([names[i] for i in t.argmax(-1)], names)
    return X, T


def _load(case):
    return np.load(os.path.join(GOLDEN, f"trainnet_net_{case}.npz"))


def _float64_network(layers):
    net = dlnetwork(layers, Initialize=False)
    object.__setattr__(net, "_dtype", np.dtype(np.float64))
    return net


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("solver", ["sgdm", "adam"])
@pytest.mark.parametrize("precision", ["float64", "float32"])
def test_one_step(case, solver, precision):
    """One trainnet iteration: the loss and the weights after one solver step."""
    loss, output, head = CASES[case]
    g = _load(case)
    X, T = _data(g, loss, output)
    opts = trainingOptions(solver, MaxEpochs=1, MiniBatchSize=len(X), Shuffle="never",
                           L2Regularization=0, Verbose=False,
                           SequencePaddingDirection="left")
    layers = _layers(g, output, head)
    start = _float64_network(layers) if precision == "float64" else layers
    net, info = trainnet(X, T, start, loss, opts, nargout=2)
    tight = precision == "float64"
    assert info.TrainingHistory.Loss[0] == pytest.approx(float(g["loss"]),
                                                        rel=1e-12 if tight else 2e-5)
    # float32: Adam's first step is lr * g / (|g| + eps), sensitive where |g| ~ eps
    atol = 1e-12 if tight else (2e-5 if solver == "adam" else 2e-6)
    for (layer, name), key in PARAMS.items():
        got = getattr(next(l for l in net.Layers if l.Name == layer), name)
        want = g[f"{solver}_{key}"]
        np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-9 if tight else 1e-4,
                                   atol=atol, err_msg=f"{case} {solver} {layer}.{name}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_gradients_float64(case):
    """The engine's gradients with the trainnet loss object, in float64."""
    from matlabnn.engine.pipeline import SequenceSettings, pad
    from matlabnn.trainnet_targets import engine_targets
    loss_name, output, head = CASES[case]
    g = _load(case)
    X, T = _data(g, loss_name, output)
    net = dlnetwork(_layers(g, output, head), Initialize=False)
    object.__setattr__(net, "_dtype", np.dtype(np.float64))
    net._initialize()
    loss = loss_object(loss_name)
    lengths = [x.shape[0] for x in X]
    targets, _ = engine_targets(T, net._output_size, net._output_is_sequence, lengths, loss,
                                "test")
    settings = SequenceSettings({"MiniBatchSize": 4, "SequenceLength": "longest",
                                 "SequencePaddingValue": 0.0,
                                 "SequencePaddingDirection": "left"})
    Xb, mask, Tb, _ = pad([np.ascontiguousarray(x.T) for x in X], targets, np.float64, settings)
    last = net.Layers[-1]
    fused = getattr(last, "_is_softmax", False)
    object.__setattr__(last, "_fused", fused)
    metered = MeteredLoss(loss, [], fused)
    y, ymask, _, caches = net._forward(Xb, mask, True)
    value, dy, _ = metered._loss(y, Tb, ymask)
    assert value == pytest.approx(float(g["loss"]), rel=1e-12)
    grads, _, _ = net._backward(dy, caches)
    for (layer, name), key in PARAMS.items():
        want = g[f"grad_{key}"]
        np.testing.assert_allclose(grads[(layer, name)].reshape(want.shape), want, rtol=1e-9,
                                   atol=1e-12, err_msg=f"{case} d{layer}.{name}")


def test_bilstm_network_trains_with_left_padding():
    """Left padding (the examples' choice) gives the same first loss as right padding."""
    g = _load("crossentropy_label")
    X, T = _data(g, "crossentropy", "last")
    losses = []
    for direction in ("left", "right"):
        layers = [sequenceInputLayer(3), bilstmLayer(4, OutputMode="last"),
                  fullyConnectedLayer(3), softmaxLayer()]
        from matlabnn import rng
        rng(1)
        opts = trainingOptions("adam", MaxEpochs=1, MiniBatchSize=4, Verbose=False,
                               SequencePaddingDirection=direction, Shuffle="never")
        _, info = trainnet(X, T, layers, "crossentropy", opts, nargout=2)
        losses.append(info.TrainingHistory.Loss[0])
    assert losses[0] == pytest.approx(losses[1], rel=1e-5)
