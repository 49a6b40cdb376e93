"""The two-thread paths of the LSTM kernel agree with the serial one."""
import numpy as np
import pytest

from matlabnn.ops import lstm as L


@pytest.mark.parametrize("masked", [False, True])
@pytest.mark.parametrize("acts", [("sigmoid", "tanh"), ("hard-sigmoid", "softsign")])
def test_split_matches_serial(monkeypatch, masked, acts):
    rs = np.random.RandomState(3)
    S, N, C, H = 9, 7, 3, 4
    X = rs.standard_normal((S, N, C))
    W, R, b = 0.4 * rs.standard_normal((4 * H, C)), 0.4 * rs.standard_normal((4 * H, H)), \
        rs.standard_normal(4 * H)
    h0, c0 = rs.standard_normal((N, H)), rs.standard_normal(H)
    mask = None
    if masked:
        mask = np.arange(S)[:, None] < rs.randint(1, S + 1, N)[None, :]
    dY, dh, dc = (rs.standard_normal(s) for s in ((S, N, H), (N, H), (N, H)))
    gate, state = acts
    out = {}
    for mode in ("serial", "split"):
        monkeypatch.setattr(L, "SPLIT_MIN_N", 10 ** 9 if mode == "serial" else 2)
        monkeypatch.setattr(L, "SPLIT_MIN_NH", 1)
        monkeypatch.setattr(L, "PAIR_MIN_SNH", 1)
        Y, hT, cT, cache = L.lstm_forward(X, W, R, b, h0, c0, mask=mask, gate=gate, state=state)
        assert ("parts" in cache) == (mode == "split")
        Yi, hTi, cTi, _ = L.lstm_forward(X, W, R, b, h0, c0, mask=mask, gate=gate, state=state,
                                         training=False)
        g = L.lstm_backward(dY, dh, dc, cache)
        g2 = L.lstm_backward(dY, dh, dc, cache)          # the cache is reusable
        out[mode] = [Y, hT, cT, Yi, hTi, cTi] + [g[k] for k in ("X", "W", "R", "b", "h0", "c0")]
        for k in g:
            np.testing.assert_array_equal(g[k], g2[k])
    for a, s in zip(out["serial"], out["split"]):
        np.testing.assert_allclose(s, a, rtol=1e-12, atol=1e-12)


def test_split_never_for_one_observation():
    assert L._split(1, 4096) == [(0, 1)]
