"""GRU kernel: finite-difference gradients (float64), all reset-gate modes, masking."""

import numpy as np
import pytest

from matlabnn.ops.gru import RESET_GATE_MODES, gru_backward, gru_forward

GATES = ["sigmoid", "hard-sigmoid"]
STATES = ["tanh", "softsign"]


def _params(rng, S, N, C, H, mode, dtype=np.float64):
    X = rng.standard_normal((S, N, C))
    W = 0.6 * rng.standard_normal((3 * H, C))
    R = 0.6 * rng.standard_normal((3 * H, H))
    nb = 6 if mode == "recurrent-bias-after-multiplication" else 3
    b = 0.3 * rng.standard_normal(nb * H)
    h0 = 0.5 * rng.standard_normal((N, H))
    return [a.astype(dtype) for a in (X, W, R, b, h0)]


def naive_gru(X, W, R, b, h0, mask=None, mode="after-multiplication", gate="sigmoid",
              state="tanh"):
    def sg(x):
        return 1 / (1 + np.exp(-x)) if gate == "sigmoid" else np.clip(0.2 * x + 0.5, 0, 1)

    def ss(x):
        return np.tanh(x) if state == "tanh" else x / (1 + np.abs(x))
    S, N, _ = X.shape
    H = R.shape[1]
    if mode == "recurrent-bias-after-multiplication":
        bW, bR = b[:3 * H], b[3 * H:]
    else:
        bW, bR = b, np.zeros(3 * H)
    h = h0.copy()
    Y = np.zeros((S, N, H))
    for t in range(S):
        x = X[t]
        r = sg(x @ W[:H].T + h @ R[:H].T + bW[:H] + bR[:H])
        z = sg(x @ W[H:2 * H].T + h @ R[H:2 * H].T + bW[H:2 * H] + bR[H:2 * H])
        if mode == "before-multiplication":
            hh = ss(x @ W[2 * H:].T + (r * h) @ R[2 * H:].T + bW[2 * H:])
        else:
            hh = ss(x @ W[2 * H:].T + bW[2 * H:] + r * (h @ R[2 * H:].T + bR[2 * H:]))
        hn = (1 - z) * hh + z * h
        if mask is not None:
            hn = np.where(mask[t][:, None], hn, h)
        h = hn
        Y[t] = h
    return Y, h


@pytest.mark.parametrize("mode", RESET_GATE_MODES)
@pytest.mark.parametrize("gate", GATES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("maskkind", [None, "right", "left"])
def test_forward_matches_naive(mode, gate, state, maskkind, make_mask_fn):
    rng = np.random.default_rng(11)
    S, N, C, H = 6, 3, 2, 4
    X, W, R, b, h0 = _params(rng, S, N, C, H, mode)
    mask = None if maskkind is None else make_mask_fn(maskkind, S, [6, 2, 4])
    Y, hT, cache = gru_forward(X, W, R, b, h0, mask, mode, gate, state)
    Yr, hr = naive_gru(X, W, R, b, h0, mask, mode, gate, state)
    np.testing.assert_allclose(Y, Yr, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(hT, hr, rtol=1e-12, atol=1e-13)
    Yi, hi, c2 = gru_forward(X, W, R, b, h0, mask, mode, gate, state, training=False)
    assert c2 is None
    np.testing.assert_allclose(Yi, Y, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(hi, hT, rtol=1e-13, atol=1e-14)


GRAD_CASES = (
    # every activation pair with both the dY and dhT paths ...
    [(g, s, "all") for g, s in [("sigmoid", "tanh"), ("hard-sigmoid", "softsign"),
                                ("sigmoid", "softsign"), ("hard-sigmoid", "tanh")]]
    # ... and each path alone
    + [("sigmoid", "tanh", "dY"), ("sigmoid", "tanh", "final")])


@pytest.mark.parametrize("mode", RESET_GATE_MODES)
@pytest.mark.parametrize("gate,state,paths", GRAD_CASES)
@pytest.mark.parametrize("maskkind,N", [(None, 3), (None, 1), ("right", 3), ("left", 3)])
def test_gradients(mode, gate, state, maskkind, N, paths, numgrad_fn, assert_grad_fn,
                   make_mask_fn):
    rng = np.random.default_rng(12)
    S, C, H = 5, 2, 3
    X, W, R, b, h0 = _params(rng, S, N, C, H, mode)
    mask = None if maskkind is None else make_mask_fn(maskkind, S, [5, 2, 3][:N])
    A = rng.standard_normal((S, N, H)) if paths in ("all", "dY") else None
    B = rng.standard_normal((N, H)) if paths in ("all", "final") else None

    def loss():
        Y, hT, _ = gru_forward(X, W, R, b, h0, mask, mode, gate, state, training=False)
        v = 0.0
        if A is not None:
            v += np.sum(Y * A)
        if B is not None:
            v += np.sum(hT * B)
        return v

    _, _, cache = gru_forward(X, W, R, b, h0, mask, mode, gate, state)
    grads = gru_backward(A, B, cache)
    assert set(grads) == {"X", "W", "R", "b", "h0"}
    for name, arr in {"X": X, "W": W, "R": R, "b": b, "h0": h0}.items():
        assert_grad_fn(grads[name], numgrad_fn(loss, arr), name)


@pytest.mark.parametrize("mode", RESET_GATE_MODES)
@pytest.mark.parametrize("kind", ["right", "left"])
def test_masked_batch_equals_single_sequences(mode, kind, make_mask_fn):
    rng = np.random.default_rng(13)
    S, C, H = 7, 3, 4
    lengths = [7, 3, 5, 1]
    N = len(lengths)
    X, W, R, b, h0 = _params(rng, S, N, C, H, mode)
    mask = make_mask_fn(kind, S, lengths)
    X[~mask] = 1e3 * rng.standard_normal(X[~mask].shape)
    dY = rng.standard_normal((S, N, H)) * mask[:, :, None]
    dhT = rng.standard_normal((N, H))
    Y, hT, cache = gru_forward(X, W, R, b, h0, mask, mode)
    g = gru_backward(dY, dhT, cache)
    sums = {k: np.zeros_like(v) for k, v in (("W", W), ("R", R), ("b", b))}
    for n, L in enumerate(lengths):
        sl = slice(0, L) if kind == "right" else slice(S - L, S)
        Yn, hn, cn = gru_forward(X[sl, n:n + 1], W, R, b, h0[n:n + 1], None, mode)
        np.testing.assert_allclose(Y[sl, n:n + 1], Yn, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(hT[n], hn[0], rtol=1e-12, atol=1e-14)
        gn = gru_backward(dY[sl, n:n + 1], dhT[n:n + 1], cn)
        np.testing.assert_allclose(g["X"][sl, n:n + 1], gn["X"], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(g["h0"][n], gn["h0"][0], rtol=1e-10, atol=1e-12)
        pad = np.ones(S, bool)
        pad[sl] = False
        assert np.all(g["X"][pad, n] == 0)
        for k in sums:
            sums[k] += gn[k]
    for k in sums:
        np.testing.assert_allclose(g[k], sums[k], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode", RESET_GATE_MODES)
def test_float32_stays_float32(mode):
    rng = np.random.default_rng(14)
    S, N, C, H = 5, 2, 1, 4
    X, W, R, b, h0 = _params(rng, S, N, C, H, mode, np.float32)
    Y, hT, cache = gru_forward(X, W, R, b, np.zeros((N, H)), None, mode)
    assert Y.dtype == hT.dtype == np.float32
    for k, v in cache.items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            assert v.dtype == np.float32, k
    g = gru_backward(np.ones((S, N, H)), np.ones((N, H)), cache)
    for k, v in g.items():
        assert v.dtype == np.float32, k
    Yr = naive_gru(*(a.astype(np.float64) for a in (X, W, R, b)), np.zeros((N, H)),
                   None, mode)[0]
    np.testing.assert_allclose(Y, Yr, rtol=1e-5, atol=1e-6)


def test_bias_length_errors():
    rng = np.random.default_rng(15)
    X, W, R, b, h0 = _params(rng, 3, 2, 2, 3, "after-multiplication")
    with pytest.raises(ValueError, match="6H"):
        gru_forward(X, W, R, b, h0, reset_gate_mode="recurrent-bias-after-multiplication")
    with pytest.raises(ValueError, match="3H"):
        gru_forward(X, W, R, np.zeros(18), h0)
    with pytest.raises(ValueError, match="reset_gate_mode"):
        gru_forward(X, W, R, b, h0, reset_gate_mode="after")
