"""Losses with per-observation masking: values, exact gradients, fused softmax+CE."""

import numpy as np
import pytest
from gradcheck import make_mask

from matlabnn.ops.activations import softmax, softmax_backward
from matlabnn.ops.losses import (accuracy, crossentropy_loss, mse_loss,
                                 softmax_crossentropy_backward)


def _onehot(rng, shape, K):
    idx = rng.integers(0, K, size=shape)
    return np.eye(K)[idx]


def _mask(S, lengths, kind="right"):
    return make_mask(kind, S, lengths)


def test_mse_sequence_value_and_grad(numgrad_fn, assert_grad_fn):
    rng = np.random.default_rng(0)
    S, N, R = 5, 3, 2
    Y = rng.standard_normal((S, N, R))
    T = rng.standard_normal((S, N, R))
    loss, dY = mse_loss(Y, T)
    assert isinstance(loss, float)
    ref = np.mean([np.sum((Y[:, n] - T[:, n]) ** 2) / (2 * S) for n in range(N)])
    assert loss == pytest.approx(ref, rel=1e-13)
    assert_grad_fn(dY, numgrad_fn(lambda: mse_loss(Y, T)[0], Y), "dY")


@pytest.mark.parametrize("kind", ["right", "left"])
def test_mse_masked(kind, numgrad_fn, assert_grad_fn):
    rng = np.random.default_rng(1)
    S, N, R = 6, 3, 2
    lengths = [6, 2, 4]
    m = _mask(S, lengths, kind)
    Y = rng.standard_normal((S, N, R))
    T = rng.standard_normal((S, N, R))
    T[~m] = np.nan  # padded targets may hold anything
    loss, dY = mse_loss(Y, T, m)
    ref = np.mean([np.nansum((Y[:, n] - T[:, n]) ** 2) / (2 * L) for n, L in enumerate(lengths)])
    assert loss == pytest.approx(ref, rel=1e-13)
    assert np.all(dY[~m] == 0)
    assert_grad_fn(dY, numgrad_fn(lambda: mse_loss(Y, T, m)[0], Y), "dY")
    # RMSE identity with no padding
    T2 = rng.standard_normal((S, N, R))
    l2, _ = mse_loss(Y, T2)
    rmse = np.sqrt(np.sum((Y - T2) ** 2) / (S * N))
    assert np.sqrt(2 * l2) == pytest.approx(rmse, rel=1e-13)


def test_mse_one_per_sequence(numgrad_fn, assert_grad_fn):
    rng = np.random.default_rng(2)
    Y = rng.standard_normal((4, 3))
    T = rng.standard_normal((4, 3))
    loss, dY = mse_loss(Y, T)
    assert loss == pytest.approx(np.mean(0.5 * np.sum((Y - T) ** 2, axis=1)), rel=1e-13)
    assert_grad_fn(dY, numgrad_fn(lambda: mse_loss(Y, T)[0], Y), "dY")
    with pytest.raises(ValueError, match="mask"):
        mse_loss(Y, T, np.ones((4, 3), bool))


def test_mse_float32_and_nan_propagates():
    Y = np.ones((3, 2, 1), np.float32)
    T = np.zeros((3, 2, 1), np.float32)
    loss, dY = mse_loss(Y, T, _mask(3, [3, 1]))
    assert dY.dtype == np.float32 and loss == pytest.approx(0.5)
    Y[0, 0, 0] = np.nan   # a real NaN must not be hidden
    assert np.isnan(mse_loss(Y, T, _mask(3, [3, 1]))[0])


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5, 1.0]])
@pytest.mark.parametrize("maskkind,seq", [(None, True), ("right", True), ("left", True),
                                          (None, False)])
def test_crossentropy(weights, maskkind, seq, numgrad_fn, assert_grad_fn):
    rng = np.random.default_rng(3)
    S, N, K = 5, 3, 4
    lengths = [5, 1, 3]
    shape = (S, N) if seq else (N,)
    m = None if maskkind is None else _mask(S, lengths, maskkind)
    Z = rng.standard_normal(shape + (K,))
    P = softmax(Z)
    T = _onehot(rng, shape, K)
    w = np.ones(K) if weights is None else np.asarray(weights)
    loss, dP = crossentropy_loss(P, T, m, weights)
    # reference
    per = -np.sum(w * T * np.log(P), axis=-1)
    if seq:
        mm = np.ones((S, N), bool) if m is None else m
        ref = np.mean([per[mm[:, n], n].sum() / mm[:, n].sum() for n in range(N)])
    else:
        ref = per.mean()
    assert loss == pytest.approx(ref, rel=1e-13)
    assert_grad_fn(dP, numgrad_fn(lambda: crossentropy_loss(P, T, m, weights)[0], P), "dP")
    # fused gradient == chained gradient == finite differences through softmax
    dZ = softmax_crossentropy_backward(P, T, m, weights)
    np.testing.assert_allclose(dZ, softmax_backward(dP, P), rtol=1e-10, atol=1e-14)
    num = numgrad_fn(lambda: crossentropy_loss(softmax(Z), T, m, weights)[0], Z)
    assert_grad_fn(dZ, num, "dZ")
    if m is not None:
        assert np.all(dZ[~m] == 0) and np.all(dP[~m] == 0)


def test_crossentropy_padding_garbage_and_tiny_probabilities():
    P = np.array([[[1.0, 0.0]], [[np.nan, np.nan]]], np.float32)   # (S=2, N=1, K=2)
    T = np.array([[[0.0, 1.0]], [[1.0, 0.0]]], np.float32)
    m = np.array([[True], [False]])
    loss, dP = crossentropy_loss(P, T, m)
    eps = np.finfo(np.float32).eps
    assert loss == pytest.approx(-np.log(eps), rel=1e-6)
    assert np.all(np.isfinite(dP)) and dP.dtype == np.float32
    dZ = softmax_crossentropy_backward(P, T, m)
    np.testing.assert_allclose(dZ[0, 0], [1.0, -1.0])
    assert np.all(dZ[1] == 0)


def test_crossentropy_large_logits_fused_is_stable():
    Z = np.array([[200.0, -200.0, 0.0]], np.float32)
    T = np.array([[0.0, 1.0, 0.0]], np.float32)
    dZ = softmax_crossentropy_backward(softmax(Z), T)
    np.testing.assert_allclose(dZ, [[1.0, -1.0, 0.0]], atol=1e-6)
    assert dZ.dtype == np.float32


def test_accuracy():
    P = np.array([[[0.9, 0.1], [0.2, 0.8]],
                  [[0.3, 0.7], [0.6, 0.4]]])          # (S=2, N=2, K=2)
    T = np.array([[[1, 0], [1, 0]],
                  [[0, 1], [0, 0]]], float)           # last is an all-zero padded target
    m = np.array([[True, True], [True, False]])
    assert accuracy(P, T, m) == pytest.approx(100 * 2 / 3)
    assert accuracy(P, T) == pytest.approx(75.0)
    assert accuracy(P[0], T[0]) == pytest.approx(50.0)
    assert isinstance(accuracy(P, T, m), float)
