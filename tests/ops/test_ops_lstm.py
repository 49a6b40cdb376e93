"""LSTM kernel: finite-difference gradients (float64), masking, dtype rules."""

import numpy as np
import pytest

from matlabnn.ops import lstm as lstm_module
from matlabnn.ops.lstm import lstm_backward, lstm_forward

GATES = ["sigmoid", "hard-sigmoid"]
STATES = ["tanh", "softsign"]


@pytest.fixture(params=["tanh-mode", "exp-mode"])
def act_mode(request, monkeypatch):
    """Run a test with both ways of computing sigmoid/tanh (narrow and wide batches)."""
    monkeypatch.setattr(lstm_module, "EXP_MIN_N", 10 ** 9 if request.param == "tanh-mode" else 1)
    return request.param


def _params(rng, S, N, C, H, dtype=np.float64):
    X = rng.standard_normal((S, N, C))
    W = 0.6 * rng.standard_normal((4 * H, C))
    R = 0.6 * rng.standard_normal((4 * H, H))
    b = 0.3 * rng.standard_normal(4 * H)
    h0 = 0.5 * rng.standard_normal((N, H))
    c0 = 0.5 * rng.standard_normal((N, H))
    return [a.astype(dtype) for a in (X, W, R, b, h0, c0)]


def naive_lstm(X, W, R, b, h0, c0, mask=None, gate="sigmoid", state="tanh"):
    """Straightforward reference (MATLAB gate order i, f, g, o)."""
    def sg(x):
        return 1 / (1 + np.exp(-x)) if gate == "sigmoid" else np.clip(0.2 * x + 0.5, 0, 1)

    def sc(x):
        return np.tanh(x) if state == "tanh" else x / (1 + np.abs(x))
    S, N, _ = X.shape
    H = R.shape[1]
    h, c = h0.copy(), c0.copy()
    Y = np.zeros((S, N, H))
    for t in range(S):
        G = X[t] @ W.T + h @ R.T + b
        i, f, g, o = sg(G[:, :H]), sg(G[:, H:2 * H]), sc(G[:, 2 * H:3 * H]), sg(G[:, 3 * H:])
        cn = f * c + i * g
        hn = o * sc(cn)
        if mask is not None:
            m = mask[t][:, None]
            cn = np.where(m, cn, c)
            hn = np.where(m, hn, h)
        h, c = hn, cn
        Y[t] = h
    return Y, h, c


@pytest.mark.parametrize("gate", GATES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("maskkind", [None, "right", "left"])
def test_forward_matches_naive(gate, state, maskkind, make_mask_fn, act_mode):
    rng = np.random.default_rng(1)
    S, N, C, H = 6, 3, 2, 4
    X, W, R, b, h0, c0 = _params(rng, S, N, C, H)
    mask = None if maskkind is None else make_mask_fn(maskkind, S, [6, 2, 4])
    Y, hT, cT, cache = lstm_forward(X, W, R, b, h0, c0, mask, gate, state)
    Yr, hr, cr = naive_lstm(X, W, R, b, h0, c0, mask, gate, state)
    np.testing.assert_allclose(Y, Yr, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(hT, hr, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(cT, cr, rtol=1e-12, atol=1e-13)
    Yi, hi, ci, ci_cache = lstm_forward(X, W, R, b, h0, c0, mask, gate, state, training=False)
    assert ci_cache is None
    np.testing.assert_allclose(Yi, Y, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(hi, hT, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(ci, cT, rtol=1e-13, atol=1e-14)


GRAD_CASES = ([(g, s, "all") for g in GATES for s in STATES]
              + [("sigmoid", "tanh", "dY"), ("sigmoid", "tanh", "final")])


@pytest.mark.parametrize("gate,state,paths", GRAD_CASES)
@pytest.mark.parametrize("maskkind,N", [(None, 3), (None, 1), ("right", 3), ("left", 3)])
def test_gradients(gate, state, maskkind, N, paths, numgrad_fn, assert_grad_fn, make_mask_fn,
                   act_mode):
    rng = np.random.default_rng(2)
    S, C, H = 5, 2, 3
    X, W, R, b, h0, c0 = _params(rng, S, N, C, H)
    mask = None if maskkind is None else make_mask_fn(maskkind, S, [5, 2, 3][:N])
    A = rng.standard_normal((S, N, H)) if paths in ("all", "dY") else None
    B = rng.standard_normal((N, H)) if paths in ("all", "final") else None
    Cc = rng.standard_normal((N, H)) if paths in ("all", "final") else None
    inputs = {"X": X, "W": W, "R": R, "b": b, "h0": h0, "c0": c0}

    def loss():
        Y, hT, cT, _ = lstm_forward(X, W, R, b, h0, c0, mask, gate, state, training=False)
        v = 0.0
        if A is not None:
            v += np.sum(Y * A)
        if B is not None:
            v += np.sum(hT * B) + np.sum(cT * Cc)
        return v

    _, _, _, cache = lstm_forward(X, W, R, b, h0, c0, mask, gate, state)
    grads = lstm_backward(A, B, Cc, cache)
    assert set(grads) == {"X", "W", "R", "b", "h0", "c0"}
    for name, arr in inputs.items():
        assert_grad_fn(grads[name], numgrad_fn(loss, arr), name)


def test_state_vector_broadcast(numgrad_fn, assert_grad_fn):
    """h0/c0 given as (H,) vectors: gradient comes back summed to (H,)."""
    rng = np.random.default_rng(3)
    S, N, C, H = 4, 3, 2, 3
    X, W, R, b, _, _ = _params(rng, S, N, C, H)
    h0 = rng.standard_normal(H)
    c0 = rng.standard_normal(H)
    A = rng.standard_normal((S, N, H))

    def loss():
        return np.sum(lstm_forward(X, W, R, b, h0, c0, training=False)[0] * A)

    _, _, _, cache = lstm_forward(X, W, R, b, h0, c0)
    g = lstm_backward(A, None, None, cache)
    assert g["h0"].shape == (H,) and g["c0"].shape == (H,)
    assert_grad_fn(g["h0"], numgrad_fn(loss, h0), "h0")
    assert_grad_fn(g["c0"], numgrad_fn(loss, c0), "c0")
    # None states are zeros
    Y1 = lstm_forward(X, W, R, b, None, None)[0]
    Y2 = lstm_forward(X, W, R, b, np.zeros((N, H)), np.zeros((N, H)))[0]
    np.testing.assert_array_equal(Y1, Y2)


@pytest.mark.parametrize("kind", ["right", "left"])
def test_masked_batch_equals_single_sequences(kind, make_mask_fn):
    rng = np.random.default_rng(4)
    S, C, H = 7, 3, 4
    lengths = [7, 3, 5, 1]
    N = len(lengths)
    X, W, R, b, h0, c0 = _params(rng, S, N, C, H)
    mask = make_mask_fn(kind, S, lengths)
    X[~mask] = 1e3 * rng.standard_normal(X[~mask].shape)  # garbage in padding
    dY = rng.standard_normal((S, N, H)) * mask[:, :, None]
    dhT = rng.standard_normal((N, H))
    dcT = rng.standard_normal((N, H))
    Y, hT, cT, cache = lstm_forward(X, W, R, b, h0, c0, mask)
    g = lstm_backward(dY, dhT, dcT, cache)
    sumW = np.zeros_like(W)
    sumR = np.zeros_like(R)
    sumb = np.zeros_like(b)
    for n, L in enumerate(lengths):
        sl = slice(0, L) if kind == "right" else slice(S - L, S)
        Xn = X[sl, n:n + 1]
        Yn, hn, cn, cn_cache = lstm_forward(Xn, W, R, b, h0[n:n + 1], c0[n:n + 1])
        np.testing.assert_allclose(Y[sl, n:n + 1], Yn, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(hT[n], hn[0], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(cT[n], cn[0], rtol=1e-12, atol=1e-14)
        gn = lstm_backward(dY[sl, n:n + 1], dhT[n:n + 1], dcT[n:n + 1], cn_cache)
        np.testing.assert_allclose(g["X"][sl, n:n + 1], gn["X"], rtol=1e-10, atol=1e-12)
        pad = np.ones(S, bool)
        pad[sl] = False
        assert np.all(g["X"][pad, n] == 0)
        np.testing.assert_allclose(g["h0"][n], gn["h0"][0], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(g["c0"][n], gn["c0"][0], rtol=1e-10, atol=1e-12)
        sumW += gn["W"]
        sumR += gn["R"]
        sumb += gn["b"]
        if kind == "right":
            # padded outputs equal the carried last real h
            np.testing.assert_array_equal(Y[L:, n], np.broadcast_to(hT[n], (S - L, H)))
    np.testing.assert_allclose(g["W"], sumW, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(g["R"], sumR, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(g["b"], sumb, rtol=1e-10, atol=1e-12)


def test_all_true_mask_is_fast_path():
    rng = np.random.default_rng(5)
    X, W, R, b, h0, c0 = _params(rng, 4, 2, 2, 3)
    out1 = lstm_forward(X, W, R, b, h0, c0)
    out2 = lstm_forward(X, W, R, b, h0, c0, mask=np.ones((4, 2), bool))
    for a, c in zip(out1[:3], out2[:3]):
        np.testing.assert_array_equal(a, c)


@pytest.mark.parametrize("C", [1, 3])
def test_float32_stays_float32(C):
    rng = np.random.default_rng(6)
    S, N, H = 5, 2, 4
    X, W, R, b, h0, c0 = _params(rng, S, N, C, H, np.float32)
    mask = np.ones((S, N), bool)
    mask[3:, 1] = False
    Y, hT, cT, cache = lstm_forward(X, W, R, b, np.zeros((N, H)), None, mask)  # float64 h0
    assert Y.dtype == hT.dtype == cT.dtype == np.float32
    for k, v in cache.items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            assert v.dtype == np.float32, k
    g = lstm_backward(np.ones((S, N, H)), None, None, cache)  # float64 dY
    for k, v in g.items():
        assert v.dtype == np.float32, k
    Yr = naive_lstm(*(a.astype(np.float64) for a in (X, W, R, b)), np.zeros((N, H)),
                    np.zeros((N, H)), mask)[0]
    np.testing.assert_allclose(Y, Yr, rtol=1e-5, atol=1e-6)
    Yi = lstm_forward(X, W, R, b, None, None, mask, training=False)[0]
    assert Yi.dtype == np.float32


def test_long_inference_chunks(monkeypatch):
    """Inference projects in time chunks; chunk boundaries must not matter."""
    import matlabnn.ops._common as common
    import matlabnn.ops.lstm as lstm_mod
    rng = np.random.default_rng(7)
    X, W, R, b, h0, c0 = _params(rng, 11, 2, 2, 3)
    ref = lstm_forward(X, W, R, b, h0, c0)[0]
    monkeypatch.setattr(lstm_mod, "INFERENCE_CHUNK_ELEMS", 2 * 12 * 3)
    out = lstm_forward(X, W, R, b, h0, c0, training=False)[0]
    np.testing.assert_allclose(out, ref, rtol=1e-13, atol=1e-14)
    assert common.INFERENCE_CHUNK_ELEMS != 2 * 12 * 3


def test_errors():
    rng = np.random.default_rng(8)
    X, W, R, b, h0, c0 = _params(rng, 3, 2, 2, 3)
    with pytest.raises(ValueError, match="gate"):
        lstm_forward(X, W, R, b, h0, c0, gate="relu")
    with pytest.raises(ValueError, match="state"):
        lstm_forward(X, W, R, b, h0, c0, state="sigmoid")
    with pytest.raises(ValueError, match="weight shapes"):
        lstm_forward(X, W[:, :1], R, b, h0, c0)
    with pytest.raises(ValueError, match="mask"):
        lstm_forward(X, W, R, b, h0, c0, mask=np.ones((2, 3), bool))
    with pytest.raises(ValueError, match="cache"):
        lstm_backward(None, None, None, None)
