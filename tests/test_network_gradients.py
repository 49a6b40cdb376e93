"""Finite-difference checks of every gradient at the NETWORK level, in float64.

Issue "Foundation": the gradient of the reported loss with respect to the input,
every learnable and the initial states, through a whole compiled network
(zscore input normalization -> LSTM -> fully connected -> regression loss), for
both state activations x both gate activations, OutputMode 'sequence' and
'last', masked (right and left padded) batches, N = 1, and a two-LSTM stack.
Kernel-level checks live in tests/ops/; these check the wiring between layers
(SeriesNetwork._forward / _backward, the input layer's scale, the loss).
"""
import numpy as np
from gradcheck import assert_close, make_mask, numgrad
import pytest

import matlabnn
from matlabnn import (fullyConnectedLayer, lstmLayer, regressionLayer,
                      sequenceInputLayer)
from matlabnn.network import compile_network









def build(C, H, R, mode, state_act, gate_act, two_lstms=False, normalize=True, seed=0):
    r = np.random.default_rng(seed)
    inp = (sequenceInputLayer(C, Normalization="zscore", Mean=r.normal(size=C),
                              StandardDeviation=0.5 + r.random(C))
           if normalize else sequenceInputLayer(C))
    layers = [inp]
    if two_lstms:
        layers.append(lstmLayer(H, StateActivationFunction=state_act,
                                GateActivationFunction=gate_act, HiddenState=r.normal(size=H),
                                CellState=r.normal(size=H)))
    layers += [lstmLayer(H, OutputMode=mode, StateActivationFunction=state_act,
                         GateActivationFunction=gate_act),
               fullyConnectedLayer(R, BiasInitializer="narrow-normal"),
               regressionLayer()]
    matlabnn.rng(seed)
    net = compile_network(layers, "test", dtype=np.float64, rng=matlabnn._rng.generator())
    # Bigger-than-default biases so hard-sigmoid gates are not all in one regime,
    # but keep pre-activations away from the hard-sigmoid kinks at +-2.5.
    for layer in net.Layers:
        if layer._is_recurrent:
            layer.Bias[...] = r.normal(scale=0.5, size=layer.Bias.shape)
    return net


CASES = [
    # (state, gate, mode, mask kind, lengths)
    ("tanh", "sigmoid", "sequence", None, [5, 5, 5]),
    ("tanh", "sigmoid", "sequence", "right", [5, 3, 1]),
    ("tanh", "sigmoid", "last", "right", [5, 2, 4]),
    ("tanh", "sigmoid", "last", "left", [3, 5, 1]),
    ("softsign", "sigmoid", "sequence", "left", [2, 5, 4]),
    ("softsign", "sigmoid", "last", None, [5, 5, 5]),
    ("tanh", "hard-sigmoid", "sequence", "right", [4, 5, 2]),
    ("tanh", "hard-sigmoid", "last", "left", [5, 1, 3]),
    ("softsign", "hard-sigmoid", "sequence", None, [5, 5, 5]),
    ("softsign", "hard-sigmoid", "last", "right", [1, 5, 3]),
    ("tanh", "sigmoid", "sequence", None, [6]),       # N = 1
    ("softsign", "hard-sigmoid", "last", None, [6]),  # N = 1
]


def _check_network(net, X, mask, T, states, check_input=True):
    def loss():
        y, ymask, _, _ = net._forward(X, mask, True, states)
        return net._output_layer._loss(y, T, ymask)[0]

    y, ymask, _, caches = net._forward(X, mask, True, states)
    value, dy, _ = net._output_layer._loss(y, T, ymask)
    assert np.isfinite(value) and value > 0
    grads, dx, dstates = net._backward(dy, caches, need_input_grad=True)

    # every learnable of every layer has a gradient of its own shape, and it is right
    items = net._learnable_items()
    assert set(grads) == {(l.Name, n) for l, n in items}
    for layer, name in items:
        w = getattr(layer, name)
        assert grads[(layer.Name, name)].shape == w.shape
        assert_close(grads[(layer.Name, name)], numgrad(loss, w), f"{layer.Name}.{name}")
    # initial states
    for k, layer in enumerate(net.Layers):
        if layer._is_recurrent:
            for j, s in enumerate(states[k]):
                assert_close(dstates[layer.Name][j], numgrad(loss, s),
                             f"{layer.Name} initial state {j}")
    if check_input:
        assert dx.shape == X.shape
        assert_close(dx, numgrad(loss, X), "input X")
        if mask is not None:    # padded input steps do not influence the loss
            assert np.all(dx[~mask] == 0)
    return value


@pytest.mark.parametrize("state_act,gate_act,mode,mask_kind,lengths", CASES)
def test_network_gradients_fd(state_act, gate_act, mode, mask_kind, lengths):
    C, H, R = 3, 4, 2
    net = build(C, H, R, mode, state_act, gate_act)
    r = np.random.default_rng(1)
    S, N = max(lengths), len(lengths)
    X = r.normal(size=(S, N, C))
    mask = None if mask_kind is None else make_mask(mask_kind, S, lengths)
    if mask is not None:
        X[~mask] = 7.0        # padding values must not matter
    T = r.normal(size=(S, N, R)) if mode == "sequence" else r.normal(size=(N, R))
    states = {1: (0.5 * r.normal(size=(N, H)), 0.5 * r.normal(size=(N, H)))}
    _check_network(net, X, mask, T, states)


@pytest.mark.parametrize("mode,mask_kind", [("sequence", "right"), ("last", "left")])
def test_two_lstm_stack_gradients_fd(mode, mask_kind):
    """Gradients flow through a stack of two LSTMs (the first with stored initial states)."""
    C, H, R = 2, 3, 1
    net = build(C, H, R, mode, "tanh", "sigmoid", two_lstms=True)
    r = np.random.default_rng(2)
    lengths = [4, 2]
    S, N = 4, 2
    X = r.normal(size=(S, N, C))
    mask = make_mask(mask_kind, S, lengths)
    T = r.normal(size=(S, N, R)) if mode == "sequence" else r.normal(size=(N, R))
    states = {k: tuple(0.3 * r.normal(size=(N, H)) for _ in range(2))
              for k, l in enumerate(net.Layers) if l._is_recurrent}
    _check_network(net, X, mask, T, states)


def test_stored_initial_state_is_used_when_no_state_given():
    """With states=None the layer's stored HiddenState/CellState are the initial state."""
    net = build(2, 3, 1, "sequence", "tanh", "sigmoid", two_lstms=True)
    r = np.random.default_rng(3)
    X = r.normal(size=(4, 2, 2))
    first = net.Layers[1]
    explicit = {1: (np.tile(first.HiddenState.T, (2, 1)), np.tile(first.CellState.T, (2, 1))),
                2: (np.zeros((2, 3)), np.zeros((2, 3)))}
    y1, _, _, _ = net._forward(X, None, False, None)
    y2, _, _, _ = net._forward(X, None, False, explicit)
    np.testing.assert_allclose(y1, y2, rtol=1e-12, atol=1e-12)


def test_padding_does_not_change_loss_or_gradients():
    """A masked batch gives the same loss and learnable gradients as the sequences alone
    (design decision 2: per-observation loss averaged over its own S_n)."""
    C, H, R = 2, 3, 2
    net = build(C, H, R, "sequence", "tanh", "sigmoid")
    r = np.random.default_rng(4)
    lengths = [5, 2]
    seqs = [r.normal(size=(L, C)) for L in lengths]
    targets = [r.normal(size=(L, R)) for L in lengths]
    # padded batch
    X = np.full((5, 2, C), 3.0)
    T = np.zeros((5, 2, R))
    for n, (s, t) in enumerate(zip(seqs, targets)):
        X[:len(s), n], T[:len(t), n] = s, t
    mask = make_mask("right", 5, lengths)
    y, ym, _, caches = net._forward(X, mask, True, None)
    loss, dy, _ = net._output_layer._loss(y, T, ym)
    grads, _, _ = net._backward(dy, caches)
    # one sequence at a time, loss averaged over the 2 observations
    total, acc = 0.0, {}
    for s, t in zip(seqs, targets):
        y1, _, _, c1 = net._forward(s[:, None, :], None, True, None)
        l1, d1, _ = net._output_layer._loss(y1, t[:, None, :], None)
        g1, _, _ = net._backward(d1, c1)
        total += l1 / 2
        for key, v in g1.items():
            acc[key] = acc.get(key, 0) + v / 2
    assert loss == pytest.approx(total, rel=1e-12)
    for key in grads:
        np.testing.assert_allclose(grads[key], acc[key], rtol=1e-10, atol=1e-12)


def test_regression_loss_and_rmse_definition():
    """loss = mean_n 1/(2 S_n) sum (y - t)^2 and RMSE = sqrt(2 loss) (spec §3.7, decision 2)."""
    net = build(2, 3, 2, "sequence", "tanh", "sigmoid", normalize=False)
    r = np.random.default_rng(5)
    X = r.normal(size=(4, 3, 2))
    T = r.normal(size=(4, 3, 2))
    mask = make_mask("right", 4, [4, 1, 3])
    y, ym, _, _ = net._forward(X, mask, False, None)
    loss, _, rmse = net._output_layer._loss(y, T, ym)
    expected = np.mean([np.sum((y[:L, n] - T[:L, n]) ** 2) / (2 * L)
                        for n, L in enumerate([4, 1, 3])])
    assert loss == pytest.approx(expected, rel=1e-12)
    assert rmse == pytest.approx(np.sqrt(2 * expected), rel=1e-12)
