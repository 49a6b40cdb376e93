"""Agreement with golden values computed by PyTorch (tests/golden/make_golden.py).

The whole pipeline recurrent layer -> fully connected -> loss is run with the ops
kernels and every output and gradient is compared with the stored values.
"""

import glob
import os

import numpy as np
import pytest

from matlabnn.ops.activations import softmax
from matlabnn.ops.dense import dense_backward, dense_forward
from matlabnn.ops.gru import gru_backward, gru_forward
from matlabnn.ops.losses import (crossentropy_loss, mse_loss,
                                 softmax_crossentropy_backward)
from matlabnn.ops.lstm import lstm_backward, lstm_forward

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")
RNN_FILES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(GOLDEN, "*.npz"))
                   if os.path.basename(p).startswith(("lstm_", "gru_")))


def _tol(dtype):
    return (1e-5, 1e-9) if dtype == np.float64 else (1e-4, 1e-6)


def _close(actual, expected, dtype, name):
    rtol, atol = _tol(dtype)
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, (name, actual.shape, expected.shape)
    assert actual.dtype == dtype, (name, actual.dtype)
    scale = max(np.max(np.abs(expected), initial=0.0), 1e-3)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol + rtol * 0.01 * scale,
                               err_msg=name)


def test_fixtures_present():
    assert len(RNN_FILES) >= 10
    mine = RNN_FILES + ["softmax_ce_float64.npz", "softmax_ce_float32.npz"]
    total = sum(os.path.getsize(os.path.join(GOLDEN, f)) for f in mine)
    assert total < 1_000_000


@pytest.mark.parametrize("fname", RNN_FILES)
def test_rnn_pipeline(fname):
    g = dict(np.load(os.path.join(GOLDEN, fname)))
    dtype = g["X"].dtype
    mode = str(g["mode"])
    output = str(g["output"])
    mask = g["mask"]
    lstm = fname.startswith("lstm")
    if lstm:
        Y, hT, cT, cache = lstm_forward(g["X"], g["W"], g["R"], g["b"], g["h0"], g["c0"], mask)
        _close(cT, g["cT"], dtype, "cT")
    else:
        Y, hT, cache = gru_forward(g["X"], g["W"], g["R"], g["b"], g["h0"], mask,
                                   reset_gate_mode=mode)
    _close(hT, g["hT"], dtype, "hT")
    _close(Y, g["Y"], dtype, "Y")
    feat = Y if output == "sequence" else hT
    Z = dense_forward(feat, g["Wfc"], g["bfc"])
    _close(Z, g["Z"], dtype, "Z")
    loss, dZ = mse_loss(Z, g["T"], mask if output == "sequence" else None)
    rtol = _tol(dtype)[0]
    assert loss == pytest.approx(float(g["loss"]), rel=rtol)
    dfeat, dWfc, dbfc = dense_backward(dZ, feat, g["Wfc"])
    _close(dWfc, g["dWfc"], dtype, "dWfc")
    _close(dbfc, g["dbfc"], dtype, "dbfc")
    if output == "sequence":
        dY, dhT = dfeat, None
    else:
        dY, dhT = None, dfeat
    if lstm:
        grads = lstm_backward(dY, dhT, None, cache)
    else:
        grads = gru_backward(dY, dhT, cache)
    for k in ("X", "W", "R", "b", "h0", "c0"):
        if "d" + k in g:
            _close(grads[k], g["d" + k], dtype, "d" + k)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_softmax_crossentropy(dtype):
    g = dict(np.load(os.path.join(GOLDEN, f"softmax_ce_{dtype}.npz")))
    dt = np.dtype(dtype)
    P = softmax(g["Z"])
    _close(P, g["P"], dt, "P")
    loss, dP = crossentropy_loss(P, g["T"], g["mask"], g["w"])
    assert loss == pytest.approx(float(g["loss"]), rel=_tol(dt)[0])
    _close(dP, g["dP"], dt, "dP")
    dZ = softmax_crossentropy_backward(P, g["T"], g["mask"], g["w"])
    _close(dZ, g["dZ"], dt, "dZ")
