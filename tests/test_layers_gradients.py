"""Finite-difference checks (float64) through the LAYER engine interface
(``_forward`` / ``_backward``) of the catalogue layers: bilstmLayer (both output
modes, masked and unmasked, given states), gruLayer (each ResetGateMode),
dropoutLayer (fixed mask), the activation layers, softmaxLayer and
classificationLayer (fused and unfused, with class weights).

Also the BiLSTM semantics that the gradients cannot show: the backward
direction runs on each sequence reversed (its own last real step first), 'last'
is the last real column of the 'sequence' output, and only the forward state is
carried from chunk to chunk.
"""
import numpy as np
from gradcheck import assert_close, make_mask, numgrad
import pytest

from matlabnn.layers.activation import (leakyReluLayer, reluLayer, sigmoidLayer, softmaxLayer,
                                        tanhLayer)
from matlabnn.layers.classification import classificationLayer
from matlabnn.layers.dropout import dropoutLayer
from matlabnn.layers.recurrent import bilstmLayer, gruLayer
from matlabnn.ops import lstm as lstm_ops

F64 = np.float64








def built(layer, C, seed=0, bias_scale=0.5):
    """Set up and initialize a layer in float64, with a nonzero random bias."""
    r = np.random.default_rng(seed)
    layer._setup(C, True)
    layer._initialize(r, F64)
    layer._cast(F64)
    if layer._learnables:
        object.__setattr__(layer, "Bias", bias_scale * r.standard_normal(layer.Bias.shape))
    return layer


def check_layer(layer, x, mask=None, state=None, rng_seed=None, weights_mask=None):
    """FD check of dx, every learnable and (when given) the state argument."""
    r = np.random.default_rng(123)

    def rng():
        return None if rng_seed is None else np.random.default_rng(rng_seed)

    def run(training=True):
        return layer._forward(x, mask, training, state, rng())

    y, final, cache = run()
    G = r.standard_normal(y.shape)
    if weights_mask is not None:
        G = G * weights_mask

    def loss():
        yy = run()[0]
        return float(np.sum(yy * G))

    dx, grads, dstate = layer._backward(G.copy(), cache)
    assert_close(dx, numgrad(loss, x), "dx")
    for name in layer._learnables:
        assert_close(grads[name], numgrad(loss, getattr(layer, name)), name)
        assert grads[name].shape == getattr(layer, name).shape
    if state is not None:
        for k, s in enumerate(state):
            assert_close(dstate[k], numgrad(loss, s), f"dstate[{k}]")
    return y, final


# ---------------------------------------------------------------------------
# BiLSTM

LENGTHS = [5, 3, 1]


@pytest.mark.parametrize("output", ["sequence", "last"])
@pytest.mark.parametrize("padding", [None, "right", "left"])
def test_bilstm_gradients(output, padding):
    S, N, C, H = 5, 3, 2, 3
    layer = built(bilstmLayer(H, 'OutputMode', output), C)
    x = np.random.default_rng(1).standard_normal((S, N, C))
    mask = None if padding is None else make_mask(padding, S, LENGTHS)
    wm = None
    if output == "sequence" and mask is not None:
        wm = mask[:, :, None]          # the loss never looks at padded outputs
    y, (h, c) = check_layer(layer, x, mask, weights_mask=wm)
    assert y.shape == ((S, N, 2 * H) if output == "sequence" else (N, 2 * H))
    assert h.shape == (N, 2 * H) and c.shape == (N, 2 * H)


@pytest.mark.parametrize("output", ["sequence", "last"])
def test_bilstm_gradients_given_state(output):
    S, N, C, H = 4, 2, 2, 2
    layer = built(bilstmLayer(H, 'OutputMode', output, 'HiddenState', 0.3 * np.ones(4),
                              'CellState', -0.2 * np.ones(4)), C)
    r = np.random.default_rng(2)
    x = r.standard_normal((S, N, C))
    state = (r.standard_normal((N, 2 * H)), r.standard_normal((N, 2 * H)))
    check_layer(layer, x, make_mask("right", S, [4, 2]), state=state,
                weights_mask=make_mask("right", S, [4, 2])[:, :, None]
                if output == "sequence" else None)
    # the backward half of a given state is not used: its gradient is zero
    _, _, cache = layer._forward(x, None, True, state)
    _, _, ds = layer._backward(np.ones((S, N, 2 * H)) if output == "sequence"
                               else np.ones((N, 2 * H)), cache)
    assert not ds[0][:, H:].any() and not ds[1][:, H:].any()


def test_bilstm_gradients_softsign_hard_sigmoid():
    layer = built(bilstmLayer(2, 'StateActivationFunction', 'softsign',
                              'GateActivationFunction', 'hard-sigmoid'), 2, bias_scale=0.3)
    x = 0.5 * np.random.default_rng(3).standard_normal((4, 2, 2))
    check_layer(layer, x)


def _lstm_run(layer, x, block, h0=None, c0=None):
    H = layer.NumHiddenUnits
    rows = slice(0, 4 * H) if block == 0 else slice(4 * H, 8 * H)
    y, hT, cT, _ = lstm_ops.lstm_forward(
        x[:, None, :], layer.InputWeights[rows], layer.RecurrentWeights[rows],
        layer.Bias[rows].reshape(-1), h0, c0, training=False)
    return y[:, 0], hT[0], cT[0]


@pytest.mark.parametrize("padding", ["right", "left"])
@pytest.mark.parametrize("training", [True, False])
def test_bilstm_runs_each_sequence_reversed(padding, training):
    """Every sequence of a padded batch gives what it gives alone (design decision 2)."""
    S, C, H = 6, 2, 3
    lengths = [6, 4, 1]
    layer = built(bilstmLayer(H), C)
    last = built(bilstmLayer(H, 'OutputMode', 'last'), C)
    for name in ("InputWeights", "RecurrentWeights", "Bias"):
        object.__setattr__(last, name, getattr(layer, name))
    x = np.random.default_rng(4).standard_normal((S, len(lengths), C))
    mask = make_mask(padding, S, lengths)
    y, (hT, cT), _ = layer._forward(x, mask, training)
    ylast, _, _ = last._forward(x, mask, training)
    for n, L in enumerate(lengths):
        steps = np.flatnonzero(mask[:, n])
        xs = x[steps, n]
        yf, hf, cf = _lstm_run(layer, xs, 0)
        yb, hb, cb = _lstm_run(layer, xs[::-1], 1)
        np.testing.assert_allclose(y[steps, n, :H], yf, atol=1e-12)
        np.testing.assert_allclose(y[steps, n, H:], yb[::-1], atol=1e-12)
        # 'last': forward final h and the backward h after only the last real step
        np.testing.assert_allclose(ylast[n], y[steps[-1], n], atol=1e-12)
        np.testing.assert_allclose(ylast[n, :H], hf, atol=1e-12)
        # final state: forward hT/cT, backward final state (after the first real step)
        np.testing.assert_allclose(hT[n], np.concatenate([hf, hb]), atol=1e-12)
        np.testing.assert_allclose(cT[n], np.concatenate([cf, cb]), atol=1e-12)


def test_bilstm_unmasked_last_is_last_column():
    layer = built(bilstmLayer(3), 2)
    last = built(bilstmLayer(3, 'OutputMode', 'last'), 2)
    for name in ("InputWeights", "RecurrentWeights", "Bias"):
        object.__setattr__(last, name, getattr(layer, name))
    x = np.random.default_rng(5).standard_normal((5, 2, 2))
    y = layer._forward(x, None, False)[0]
    np.testing.assert_allclose(last._forward(x, None, False)[0], y[-1], atol=1e-12)


def test_bilstm_carries_only_the_forward_state():
    """Chunks: the forward half continues, the backward half restarts from the
    layer's initial state every chunk (spec §3.1)."""
    H, C = 2, 2
    h_init = np.array([0.1, -0.2, 0.3, 0.4])
    c_init = np.array([0.5, 0.0, -0.5, 0.2])
    layer = built(bilstmLayer(H, 'HiddenState', h_init, 'CellState', c_init), C)
    x = np.random.default_rng(6).standard_normal((6, 1, C))
    whole = layer._forward(x, None, False)[0]
    state = layer._initial_state(1, F64)
    y1, state, _ = layer._forward(x[:3], None, False, state)
    y2, state, _ = layer._forward(x[3:], None, False, state)
    np.testing.assert_allclose(np.concatenate([y1, y2])[:, :, :H], whole[:, :, :H], atol=1e-12)
    alone = layer._forward(x[3:], None, False, layer._initial_state(1, F64))[0]
    np.testing.assert_allclose(y2[:, :, H:], alone[:, :, H:], atol=1e-12)
    # a stored state (after predictAndUpdateState) does not change the backward start
    layer._store_state(state)
    again = layer._forward(x[3:], None, False, layer._initial_state(1, F64))[0]
    np.testing.assert_allclose(again[:, :, H:], alone[:, :, H:], atol=1e-12)
    layer._reset_state()
    np.testing.assert_array_equal(layer.HiddenState.reshape(-1), h_init)


def test_bilstm_float32():
    layer = bilstmLayer(3, 'OutputMode', 'last')
    layer._setup(2, True)
    layer._initialize(np.random.default_rng(0), np.float32)
    layer._cast(np.float32)
    x = np.random.default_rng(1).standard_normal((4, 2, 2)).astype(np.float32)
    y, (h, c), cache = layer._forward(x, make_mask("right", 4, [4, 2]), True)
    assert y.dtype == np.float32 and h.dtype == np.float32
    dx, grads, _ = layer._backward(np.ones_like(y), cache)
    assert dx.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())


# ---------------------------------------------------------------------------
# GRU

MODES = ["after-multiplication", "before-multiplication", "recurrent-bias-after-multiplication"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("output", ["sequence", "last"])
@pytest.mark.parametrize("padding", [None, "right", "left"])
def test_gru_gradients(mode, output, padding):
    S, N, C, H = 4, 3, 2, 3
    layer = built(gruLayer(H, 'ResetGateMode', mode, 'OutputMode', output), C)
    r = np.random.default_rng(7)
    x = r.standard_normal((S, N, C))
    state = (0.5 * r.standard_normal((N, H)),)
    mask = None if padding is None else make_mask(padding, S, [4, 2, 1])
    wm = mask[:, :, None] if (mask is not None and output == "sequence") else None
    y, (h,) = check_layer(layer, x, mask, state=state, weights_mask=wm)
    assert h.shape == (N, H)
    if output == "last":
        np.testing.assert_array_equal(y, h)


def test_gru_matches_its_kernel_and_carries_state():
    layer = built(gruLayer(3, 'HiddenState', np.array([0.1, 0.2, 0.3])), 2)
    x = np.random.default_rng(8).standard_normal((6, 2, 2))
    whole, (hT,), _ = layer._forward(x, None, False)
    s = layer._initial_state(2, F64)
    y1, s, _ = layer._forward(x[:2], None, False, s)
    y2, s, _ = layer._forward(x[2:], None, False, s)
    np.testing.assert_allclose(np.concatenate([y1, y2]), whole, atol=1e-12)
    np.testing.assert_allclose(s[0], hT, atol=1e-12)


# ---------------------------------------------------------------------------
# Dropout

def test_dropout_gradients_with_a_fixed_mask():
    layer = dropoutLayer(0.4)
    x = np.random.default_rng(9).standard_normal((5, 3, 4))
    check_layer(layer, x, rng_seed=11)


def test_dropout_mask_statistics_and_scale():
    layer = dropoutLayer(0.3)
    x = np.ones((200, 10, 5))
    y, _, mask = layer._forward(x, None, True, None, np.random.default_rng(0))
    kept = y != 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(y[kept], 1 / 0.7)
    # a new mask at every time step and for every element
    assert not np.array_equal(kept[0], kept[1])
    dx, grads, _ = layer._backward(np.ones_like(x), mask)
    np.testing.assert_array_equal(dx, y)
    assert grads == {}


def test_dropout_is_identity_at_prediction_and_with_p0():
    x = np.random.default_rng(1).standard_normal((3, 2, 4))
    y, _, cache = dropoutLayer(0.5)._forward(x, None, False, None, np.random.default_rng(0))
    assert y is x and cache is None
    y, _, cache = dropoutLayer(0)._forward(x, None, True, None, np.random.default_rng(0))
    np.testing.assert_array_equal(y, x)
    assert dropoutLayer(0)._backward(x, cache)[0] is x


def test_dropout_draws_from_the_given_generator():
    layer = dropoutLayer(0.5)
    x = np.ones((4, 3))
    a = layer._forward(x, None, True, None, np.random.default_rng(5))[0]
    b = layer._forward(x, None, True, None, np.random.default_rng(5))[0]
    np.testing.assert_array_equal(a, b)


def test_dropout_uses_the_global_generator_by_default():
    import matlabnn
    layer = dropoutLayer(0.5)
    x = np.ones((6, 4))
    matlabnn.rng(3)
    a = layer._forward(x, None, True)[0]
    matlabnn.rng(3)
    b = layer._forward(x, None, True)[0]
    np.testing.assert_array_equal(a, b)


def test_dropout_keeps_float32():
    x = np.ones((3, 2, 2), np.float32)
    y, _, m = dropoutLayer()._forward(x, None, True, None, np.random.default_rng(0))
    assert y.dtype == np.float32 and m.dtype == np.float32


# ---------------------------------------------------------------------------
# Activations and softmax

def _away_from_kinks(shape, seed):
    x = np.random.default_rng(seed).standard_normal(shape)
    x[np.abs(x) < 0.05] += 0.1
    return x


@pytest.mark.parametrize("make", [reluLayer, lambda: leakyReluLayer(0.2), leakyReluLayer,
                                  lambda: leakyReluLayer(-1.5), tanhLayer, sigmoidLayer,
                                  softmaxLayer])
@pytest.mark.parametrize("shape", [(4, 3, 5), (3, 5)])
def test_activation_gradients(make, shape):
    layer = make()
    x = _away_from_kinks(shape, 10)
    check_layer(layer, x)


@pytest.mark.parametrize("make, f", [
    (reluLayer, lambda x: np.maximum(x, 0)),
    (leakyReluLayer, lambda x: np.where(x >= 0, x, 0.01 * x)),
    (lambda: leakyReluLayer(0.3), lambda x: np.where(x >= 0, x, 0.3 * x)),
    (tanhLayer, np.tanh),
    (sigmoidLayer, lambda x: 1 / (1 + np.exp(-x))),
])
def test_activation_values(make, f):
    x = np.random.default_rng(11).standard_normal((3, 2, 4)) * 3
    for training in (True, False):
        np.testing.assert_allclose(make()._forward(x, None, training)[0], f(x), rtol=1e-12,
                                   atol=1e-15)


def test_softmax_over_channels_per_observation_and_step():
    x = np.random.default_rng(12).standard_normal((3, 2, 4)) * 5
    y = softmaxLayer()._forward(x, None, False)[0]
    e = np.exp(x)
    np.testing.assert_allclose(y, e / e.sum(axis=2, keepdims=True), rtol=1e-12)
    big = softmaxLayer()._forward(np.array([[1000.0, 0.0]]), None, False)[0]
    np.testing.assert_allclose(big, [[1.0, 0.0]])


def test_activations_keep_float32():
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(np.float32)
    for make in (reluLayer, leakyReluLayer, tanhLayer, sigmoidLayer, softmaxLayer):
        y, _, cache = make()._forward(x, None, True)
        assert y.dtype == np.float32
        assert make()._backward(np.ones_like(y), cache)[0].dtype == np.float32


# ---------------------------------------------------------------------------
# softmax + classificationLayer

def classify_loss_setup(shape, mask, weights, seed):
    r = np.random.default_rng(seed)
    K = shape[-1]
    z = 2 * r.standard_normal(shape)
    labels = r.integers(0, K, size=shape[:-1])
    T = np.eye(K)[labels]
    if mask is not None:
        T = T * mask[:, :, None]       # padded targets are zero, as pad_batch makes them
    classes = [f"c{k}" for k in range(K)]
    out = classificationLayer('Classes', classes, 'ClassWeights', weights) \
        if weights is not None else classificationLayer('Classes', classes)
    return z, T, out


@pytest.mark.parametrize("fused", [False, True])
@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.0, 3.0]])
@pytest.mark.parametrize("kind", ["label", "sequence", "masked"])
def test_softmax_classification_gradients(fused, weights, kind):
    shape = (6, 4) if kind == "label" else (5, 3, 4)
    mask = make_mask("right", 5, [5, 3, 1]) if kind == "masked" else None
    z, T, out = classify_loss_setup(shape, mask, weights, 13)
    sm = softmaxLayer()
    object.__setattr__(out, "_fused", fused)

    def loss():
        p = sm._forward(z, mask, True)[0]
        return out._loss(p, T, mask)[0]

    p, _, cache = sm._forward(z, mask, True)
    value, dy, acc = out._loss(p, T, mask)
    dz = dy if fused else sm._backward(dy, cache)[0]
    assert_close(dz, numgrad(loss, z), "dz")
    # the loss itself: mean over observations of -1/S_n sum w T ln P
    w = np.ones(4) if weights is None else np.asarray(weights)
    per_step = -(T * w * np.log(p)).sum(axis=-1)
    if kind == "label":
        expected = per_step.mean()
    else:
        m = np.ones(shape[:2], bool) if mask is None else mask
        expected = np.mean((per_step * m).sum(axis=0) / m.sum(axis=0))
    assert value == pytest.approx(expected, rel=1e-12)
    # accuracy over real predictions
    m = np.ones(shape[:-1], bool) if mask is None else mask
    correct = (p.argmax(-1) == T.argmax(-1)) & m
    assert acc == pytest.approx(100 * correct.sum() / m.sum())


def test_fused_and_unfused_agree():
    z, T, out = classify_loss_setup((6, 3, 4), None, [1, 2, 3, 4], 14)
    sm = softmaxLayer()
    p, _, cache = sm._forward(z, None, True)
    _, dp, _ = out._loss(p, T, None)
    unfused = sm._backward(dp, cache)[0]
    object.__setattr__(out, "_fused", True)
    _, fused, _ = out._loss(p, T, None)
    np.testing.assert_allclose(fused, unfused, rtol=1e-10, atol=1e-14)


def test_softmax_backward_passes_through_when_fused():
    sm = softmaxLayer()
    object.__setattr__(sm, "_fused", True)
    z = np.random.default_rng(0).standard_normal((2, 3))
    _, _, cache = sm._forward(z, None, True)
    dy = np.ones((2, 3))
    assert sm._backward(dy, cache)[0] is dy


# ---------------------------------------------------------------------------
# Golden values from PyTorch (tests/golden/make_golden_layers.py)

import glob  # noqa: E402
import os  # noqa: E402

from matlabnn.ops import dense as dense_ops  # noqa: E402
from matlabnn.ops import losses as loss_ops  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
BILSTM_FILES = sorted(os.path.basename(p) for p in
                      glob.glob(os.path.join(GOLDEN, "layers_bilstm_*.npz")))
SOFTMAX_FILES = sorted(os.path.basename(p) for p in
                       glob.glob(os.path.join(GOLDEN, "layers_softmax_ce_*.npz")))


def _close(actual, expected, dtype, name):
    rtol, atol = (1e-5, 1e-9) if dtype == np.float64 else (1e-4, 1e-6)
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, (name, actual.shape, expected.shape)
    assert actual.dtype == dtype, (name, actual.dtype)
    scale = max(np.max(np.abs(expected), initial=0.0), 1e-3)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol + rtol * 0.01 * scale,
                               err_msg=name)


def test_layer_golden_fixtures_present():
    assert len(BILSTM_FILES) == 5 and len(SOFTMAX_FILES) == 4


@pytest.mark.parametrize("fname", BILSTM_FILES)
def test_bilstm_golden(fname):
    g = dict(np.load(os.path.join(GOLDEN, fname)))
    dtype = g["X"].dtype.type
    output = str(g["output"])
    mask = g["mask"]
    m = None if mask.all() else mask
    H = g["R"].shape[1]
    layer = bilstmLayer(H, 'OutputMode', output, 'InputWeights', g["W"],
                        'RecurrentWeights', g["R"], 'Bias', g["b"],
                        'HiddenState', g["h0"].T, 'CellState', g["c0"].T)
    layer._setup(g["X"].shape[2], True)
    layer._cast(dtype)
    assert layer.InputWeights.dtype == dtype
    y, (hT, cT), cache = layer._forward(g["X"], m, True)
    if output == "sequence":
        _close(np.where(mask[:, :, None], y, 0), g["Y"], dtype, "Y")
    else:
        _close(y, g["Y"], dtype, "Y")
    _close(hT, g["hT"], dtype, "hT")
    _close(cT, g["cT"], dtype, "cT")
    Z = dense_ops.dense_forward(y, g["Wfc"], g["bfc"])
    loss, dZ = loss_ops.mse_loss(Z, g["T"], m if output == "sequence" else None)
    assert loss == pytest.approx(float(g["loss"]), rel=1e-5 if dtype == np.float64 else 1e-4)
    dy, dWfc, dbfc = dense_ops.dense_backward(dZ, y, g["Wfc"])
    _close(dWfc, g["dWfc"], dtype, "dWfc")
    _close(dbfc, g["dbfc"], dtype, "dbfc")
    dx, grads, (dh0, dc0) = layer._backward(dy, cache)
    _close(dx, g["dX"], dtype, "dX")
    _close(grads["InputWeights"], g["dW"], dtype, "dW")
    _close(grads["RecurrentWeights"], g["dR"], dtype, "dR")
    _close(grads["Bias"].reshape(-1), g["db"], dtype, "db")
    _close(dh0, g["dh0"], dtype, "dh0")
    _close(dc0, g["dc0"], dtype, "dc0")


@pytest.mark.parametrize("fused", [False, True])
@pytest.mark.parametrize("fname", SOFTMAX_FILES)
def test_softmax_classification_golden(fname, fused):
    g = dict(np.load(os.path.join(GOLDEN, fname)))
    dtype = g["Z"].dtype.type
    mask = g["mask"] if g["mask"].size else None
    K = g["Z"].shape[-1]
    out = classificationLayer('Classes', [str(k) for k in range(K)], 'ClassWeights', g["w"])
    object.__setattr__(out, "_fused", fused)
    sm = softmaxLayer()
    p, _, cache = sm._forward(g["Z"], mask, True)
    _close(p, g["P"], dtype, "P")
    loss, dy, _ = out._loss(p, g["T"], mask)
    assert loss == pytest.approx(float(g["loss"]), rel=1e-5 if dtype == np.float64 else 1e-4)
    dz = dy if fused else sm._backward(dy, cache)[0]
    if mask is not None:
        dz = np.where(mask[:, :, None], dz, 0)
    _close(dz, g["dZ"], dtype, "dZ")
