"""Layer graphs (DAGNetwork) against PyTorch and finite differences.

Two networks, built through the public API (layers with InputWeights=/Weights=...
options, layerGraph, connectLayers, assembleNetwork, trainNetwork):

- a residual LSTM (in -> lstm -> fc1 -> add/in1, in -> add/in2, add -> fc2 ->
  regression), sequence-to-sequence on a right-padded batch: the fan-out at the
  input and the addition;
- two branches (lstm and gru, OutputMode 'last') joined by concatenationLayer(1, 2),
  then fc -> softmax -> classification, sequence-to-label on a right-padded batch.

Loss and one-step gradients of every learnable (and of the input) equal the
PyTorch fixtures of tests/golden/make_golden_graph.py and central differences in
float64; one trainNetwork iteration (sgdm, resp. adam) gives PyTorch's updated weights.
Five more shapes (two recurrent branches added, fan-out at a learnable layer into a
three-way addition, per-step classification of a concatenation, depth concatenation of
'last' outputs, one output into both inputs of an addition) pass finite differences.
"""
import os

import numpy as np
import pytest
from gradcheck import assert_close, make_mask, numgrad

import matlabnn

from matlabnn import (DAGNetwork, addLayers, additionLayer, assembleNetwork, bilstmLayer,
                      categorical, classificationLayer, concatenationLayer, connectLayers,
                      depthConcatenationLayer, fullyConnectedLayer, gruLayer, layerGraph,
                      lstmLayer, predict, regressionLayer, reluLayer, sequenceInputLayer,
                      softmaxLayer, trainNetwork, trainingOptions)
from matlabnn.network import compile_network
from matlabnn.prediction import assemble_network

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")


def _golden(name):
    return dict(np.load(os.path.join(GOLDEN, name)))


def residual_graph(g=None, H=4, C=3, R=2):
    """The residual LSTM graph, with the fixture's weights when ``g`` is given."""
    w = {} if g is None else dict(
        lstm=dict(InputWeights=g["W"], RecurrentWeights=g["Rw"], Bias=g["b"]),
        fc1=dict(Weights=g["W1"], Bias=g["b1"]), fc2=dict(Weights=g["W2"], Bias=g["b2"]))
    layers = [sequenceInputLayer(C, Name="in"),
              lstmLayer(H, Name="lstm", **w.get("lstm", {})),
              fullyConnectedLayer(C, Name="fc1", **w.get("fc1", {})),
              additionLayer(2, Name="add"),
              fullyConnectedLayer(R, Name="fc2", **w.get("fc2", {})),
              regressionLayer(Name="out")]
    return connectLayers(layerGraph(layers), "in", "add/in2")


def concat_graph(g=None, H1=4, H2=3, C=3, K=3):
    """The two-branch (lstm | gru) graph joined by concatenationLayer(1, 2)."""
    w = {} if g is None else dict(
        lstm=dict(InputWeights=g["Wl"], RecurrentWeights=g["Rl"], Bias=g["bl"]),
        gru=dict(InputWeights=g["Wg"], RecurrentWeights=g["Rg"], Bias=g["bg"]),
        fc=dict(Weights=g["Wfc"], Bias=g["bfc"]))
    lgraph = layerGraph([sequenceInputLayer(C, Name="in"),
                         lstmLayer(H1, OutputMode="last", Name="lstm", **w.get("lstm", {})),
                         concatenationLayer(1, 2, Name="cat"),
                         fullyConnectedLayer(K, Name="fc", **w.get("fc", {})),
                         softmaxLayer(Name="sm"),
                         classificationLayer(Name="out", Classes=[f"c{k}" for k in range(K)])])
    lgraph = addLayers(lgraph, gruLayer(H2, OutputMode="last", Name="gru", **w.get("gru", {})))
    lgraph = connectLayers(lgraph, "in", "gru")
    return connectLayers(lgraph, "gru", "cat/in2")


RESIDUAL_MAP = {("lstm", "InputWeights"): "W", ("lstm", "RecurrentWeights"): "Rw",
                ("lstm", "Bias"): "b", ("fc1", "Weights"): "W1", ("fc1", "Bias"): "b1",
                ("fc2", "Weights"): "W2", ("fc2", "Bias"): "b2"}
CONCAT_MAP = {("lstm", "InputWeights"): "Wl", ("lstm", "RecurrentWeights"): "Rl",
              ("lstm", "Bias"): "bl", ("gru", "InputWeights"): "Wg",
              ("gru", "RecurrentWeights"): "Rg", ("gru", "Bias"): "bg",
              ("fc", "Weights"): "Wfc", ("fc", "Bias"): "bfc"}
CASES = {"residual": ("graph_residual_float64.npz", residual_graph, RESIDUAL_MAP),
         "concat": ("graph_concat_float64.npz", concat_graph, CONCAT_MAP)}


def _loss_and_grads(net, X, mask, T):
    y, ymask, _, caches = net._forward(X, mask, True)
    loss, dy, _ = net._output_layer._loss(y, T, ymask)
    grads, dx, _ = net._backward(dy, caches, need_input_grad=True)
    return loss, grads, dx


def _as_sequences(X, mask):
    """(S, N, C) right-padded batch -> MATLAB's list of C-by-S_n sequences."""
    return [X[:m.sum(), n].T for n, m in enumerate(mask.T)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_graph_loss_and_gradients_equal_pytorch(case):
    fname, build, names = CASES[case]
    g = _golden(fname)
    net = assemble_network(build(g), "test", dtype=np.float64)
    assert isinstance(net, DAGNetwork)
    loss, grads, dx = _loss_and_grads(net, g["X"], g["mask"], g["T"])
    assert loss == pytest.approx(float(g["loss"]), rel=1e-10)
    assert set(grads) == set(names)
    for (layer, prop), key in names.items():
        np.testing.assert_allclose(grads[(layer, prop)].reshape(g["d" + key].shape),
                                   g["d" + key], rtol=1e-8, atol=1e-12,
                                   err_msg=f"{layer}.{prop}")
    # padded steps have no gradient; real ones equal torch's (which sums the fan-out)
    mask = g["mask"]
    np.testing.assert_allclose(np.where(mask[:, :, None], dx, 0), g["dX"], rtol=1e-8,
                               atol=1e-12)
    assert np.all(dx[~mask] == 0)


@pytest.mark.parametrize("case", sorted(CASES))
def test_graph_gradients_finite_differences(case):
    fname, build, names = CASES[case]
    g = _golden(fname)
    net = assemble_network(build(g), "test", dtype=np.float64)
    X, mask, T = g["X"].copy(), g["mask"], g["T"]

    def loss():
        y, ymask, _, _ = net._forward(X, mask, True)
        return net._output_layer._loss(y, T, ymask)[0]

    _, grads, dx = _loss_and_grads(net, X, mask, T)
    for layer, prop in names:
        w = getattr(next(l for l in net.Layers if l.Name == layer), prop)
        assert_close(grads[(layer, prop)], numgrad(loss, w), f"{layer}.{prop}")
    assert_close(dx, numgrad(loss, X), "input X (summed over the fan-out)")


@pytest.mark.parametrize("case", sorted(CASES))
def test_assembled_float32_network_predicts_like_pytorch(case):
    """assembleNetwork(lgraph) (single precision) and predict on MATLAB's cell layout."""
    fname, build, _ = CASES[case]
    g = _golden(fname)
    net = assembleNetwork(build(g))
    assert isinstance(net, DAGNetwork) and net.Layers[1].InputWeights.dtype == np.float32
    X = _as_sequences(g["X"], g["mask"])
    Y = predict(net, X, MiniBatchSize=2)
    if case == "residual":
        for n, y in enumerate(Y):
            np.testing.assert_allclose(y, g["Z"][:y.shape[1], n].T, rtol=1e-4, atol=1e-5)
    else:
        np.testing.assert_allclose(Y, g["P"], rtol=1e-4, atol=1e-6)


def test_one_sgdm_iteration_of_trainNetwork_equals_pytorch():
    g = _golden("graph_residual_float64.npz")
    X = _as_sequences(g["X"], g["mask"])
    Y = _as_sequences(g["T"], g["mask"])
    options = trainingOptions("sgdm", MaxEpochs=1, MiniBatchSize=len(X), InitialLearnRate=0.1,
                              Momentum=0.9, L2Regularization=0, Shuffle="never", Verbose=False)
    net, info = trainNetwork(X, Y, residual_graph(g), options, nargout=2)
    assert isinstance(net, DAGNetwork)
    assert info.TrainingLoss[0] == pytest.approx(float(g["loss"]), rel=1e-5)
    for (layer, prop), key in RESIDUAL_MAP.items():
        w = getattr(next(l for l in net.Layers if l.Name == layer), prop)
        np.testing.assert_allclose(w.reshape(g[key].shape), g["sgdm_" + key], rtol=1e-5,
                                   atol=1e-6, err_msg=f"{layer}.{prop}")


def test_one_adam_iteration_of_trainNetwork_equals_pytorch():
    g = _golden("graph_concat_float64.npz")
    X = _as_sequences(g["X"], g["mask"])
    labels = categorical(np.array([f"c{k}" for k in g["labels"]]),
                         [f"c{k}" for k in range(3)])
    options = trainingOptions("adam", MaxEpochs=1, MiniBatchSize=len(X), InitialLearnRate=0.01,
                              L2Regularization=0, Shuffle="never", Verbose=False,
                              SequencePaddingDirection="right")
    net, info = trainNetwork(X, labels, concat_graph(g), options, nargout=2)
    assert isinstance(net, DAGNetwork)
    assert info.TrainingLoss[0] == pytest.approx(float(g["loss"]), rel=1e-5)
    for (layer, prop), key in CONCAT_MAP.items():
        w = getattr(next(l for l in net.Layers if l.Name == layer), prop)
        np.testing.assert_allclose(w.reshape(g[key].shape), g["adam_" + key], rtol=1e-5,
                                   atol=1e-6, err_msg=f"{layer}.{prop}")


# ---------------------------------------------------------------------------
# More graph shapes, finite differences only (float64, random weights)

def _shape_two_recurrent_branches_added():
    g = layerGraph([sequenceInputLayer(2, Name="in"), lstmLayer(3, Name="a"),
                    additionLayer(2, Name="add"), fullyConnectedLayer(2, Name="fc"),
                    regressionLayer(Name="reg")])
    g = connectLayers(addLayers(g, gruLayer(3, Name="b")), "in", "b")
    return connectLayers(g, "b", "add/in2"), "right", "sequence"


def _shape_fan_out_at_a_learnable_layer():
    g = layerGraph([sequenceInputLayer(2, Name="in"), fullyConnectedLayer(3, Name="fc0"),
                    lstmLayer(3, Name="a"), additionLayer(3, Name="add"),
                    fullyConnectedLayer(2, Name="fc"), regressionLayer(Name="reg")])
    g = addLayers(g, [bilstmLayer(2, Name="b"), fullyConnectedLayer(3, Name="fcb")])
    g = connectLayers(connectLayers(g, "fc0", "b"), "fcb", "add/in2")
    return connectLayers(g, "fc0", "add/in3"), "left", "sequence"


def _shape_sequence_concatenation_classified_per_step():
    g = layerGraph([sequenceInputLayer(2, Name="in"), lstmLayer(3, Name="a"),
                    concatenationLayer(1, 3, Name="cat"), fullyConnectedLayer(3, Name="fc"),
                    softmaxLayer(Name="sm"),
                    classificationLayer(Name="co", Classes=["x", "y", "z"])])
    g = connectLayers(addLayers(g, gruLayer(2, Name="b")), "in", "b")
    g = connectLayers(connectLayers(g, "b", "cat/in2"), "in", "cat/in3")
    return g, "right", "classes"


def _shape_depth_concatenation_of_last_outputs():
    g = layerGraph([sequenceInputLayer(2, Name="in"), lstmLayer(3, OutputMode="last", Name="a"),
                    reluLayer(Name="r"), depthConcatenationLayer(2, Name="cat"),
                    fullyConnectedLayer(2, Name="fc"), regressionLayer(Name="reg")])
    g = connectLayers(addLayers(g, bilstmLayer(2, OutputMode="last", Name="b")), "in", "b")
    return connectLayers(g, "b", "cat/in2"), "left", "last"


def _shape_one_output_into_both_inputs_of_an_addition():
    g = layerGraph([sequenceInputLayer(2, Name="in"), lstmLayer(3, Name="a"),
                    additionLayer(2, Name="add"), fullyConnectedLayer(2, Name="fc"),
                    regressionLayer(Name="reg")])
    return connectLayers(g, "a", "add/in2"), "right", "sequence"


SHAPES = {f.__name__[len("_shape_"):]: f for f in (
    _shape_two_recurrent_branches_added, _shape_fan_out_at_a_learnable_layer,
    _shape_sequence_concatenation_classified_per_step,
    _shape_depth_concatenation_of_last_outputs,
    _shape_one_output_into_both_inputs_of_an_addition)}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_more_graph_shapes_finite_differences(shape):
    lgraph, padding, target = SHAPES[shape]()
    matlabnn.rng(0)
    net = compile_network(lgraph, "test", dtype=np.float64, rng=matlabnn._rng.generator())
    r = np.random.default_rng(1)
    for layer, prop in net._learnable_items():      # non-zero biases and states everywhere
        w = getattr(layer, prop)
        w[...] = r.normal(scale=0.4, size=w.shape)
    S, N = 5, 3
    mask = make_mask(padding, S, [5, 3, 2])
    X = r.normal(size=(S, N, 2))
    X[~mask] = 3.0
    if target == "sequence":
        T = r.normal(size=(S, N, 2))
    elif target == "last":
        T = r.normal(size=(N, 2))
    else:
        T = np.eye(3)[r.integers(0, 3, (S, N))] * mask[:, :, None]

    def loss():
        y, ymask, _, _ = net._forward(X, mask, True)
        return net._output_layer._loss(y, T, ymask)[0]

    _, grads, dx = _loss_and_grads(net, X, mask, T)
    assert set(grads) == {(l.Name, p) for l, p in net._learnable_items()}
    for layer, prop in net._learnable_items():
        assert_close(grads[(layer.Name, prop)], numgrad(loss, getattr(layer, prop)),
                     f"{layer.Name}.{prop}")
    assert_close(dx, numgrad(loss, X), "input X")
    assert np.all(dx[~mask] == 0)
