"""Activations, dense, dropout: values, finite-difference gradients, dtypes."""

import numpy as np
import pytest

from matlabnn.ops import activations as act
from matlabnn.ops.dense import dense_backward, dense_forward
from matlabnn.ops.dropout import dropout_backward, dropout_forward

REF = {
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "hard-sigmoid": lambda x: np.clip(0.2 * x + 0.5, 0, 1),
    "tanh": np.tanh,
    "softsign": lambda x: x / (1 + np.abs(x)),
}


@pytest.mark.parametrize("name", list(REF))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_named_activation(name, dtype):
    x = np.linspace(-6, 6, 241).astype(dtype)
    x = x[np.abs(np.abs(x) - 2.5) > 1e-3]  # avoid hard-sigmoid kinks for the FD check
    y = act.apply(name, x)
    assert y.dtype == dtype
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(y, REF[name](x.astype(np.float64)), rtol=tol, atol=tol)
    d = act.grad_from_output(name, y)
    assert d.dtype == dtype
    xd = x.astype(np.float64)
    h = 1e-6
    fd = (REF[name](xd + h) - REF[name](xd - h)) / (2 * h)
    np.testing.assert_allclose(d, fd, rtol=1e-4, atol=1e-5)
    # in place
    z = x.copy()
    act.apply(name, z, out=z)
    np.testing.assert_array_equal(z, y)
    act.grad_from_output(name, z, out=z)
    np.testing.assert_array_equal(z, d)


def test_sigmoid_extremes_no_overflow():
    with np.errstate(all="raise"):
        y = act.apply("sigmoid", np.array([-1e4, -50.0, 0.0, 50.0, 1e4], np.float32))
    np.testing.assert_allclose(y, [0, 0, 0.5, 1, 1], atol=1e-7)


def test_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation"):
        act.apply("relu", np.zeros(2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_family(dtype):
    x = np.array([-2.0, -0.5, 0.5, 3.0], dtype)
    dy = np.array([1.0, 2.0, 3.0, 4.0], dtype)
    np.testing.assert_array_equal(act.relu(x), [0, 0, 0.5, 3])
    np.testing.assert_array_equal(act.relu_backward(dy, x), [0, 0, 3, 4])
    y = act.leaky_relu(x, 0.1)
    np.testing.assert_allclose(y, [-0.2, -0.05, 0.5, 3], rtol=1e-6)
    np.testing.assert_allclose(act.leaky_relu_backward(dy, x, 0.1), [0.1, 0.2, 3, 4], rtol=1e-6)
    np.testing.assert_allclose(act.leaky_relu(x, 2.0), [-4, -1, 0.5, 3])
    for a in (act.relu(x), act.relu_backward(dy, x), y, act.leaky_relu_backward(dy, x, 0.1)):
        assert a.dtype == dtype


def test_softmax_and_backward(numgrad_fn, assert_grad_fn):
    rng = np.random.default_rng(0)
    z = rng.standard_normal((4, 3, 5))
    y = act.softmax(z)
    np.testing.assert_allclose(y.sum(-1), 1, rtol=1e-14)
    big = act.softmax(np.array([[1000.0, 0.0, -1000.0]], np.float32))
    assert np.all(np.isfinite(big)) and big.dtype == np.float32
    dy = rng.standard_normal(z.shape)
    an = act.softmax_backward(dy, y)
    num = numgrad_fn(lambda: np.sum(act.softmax(z) * dy), z)
    assert_grad_fn(an, num, "softmax")
    # other axis
    y0 = act.softmax(z, axis=0)
    np.testing.assert_allclose(y0.sum(0), 1)
    num0 = numgrad_fn(lambda: np.sum(act.softmax(z, axis=0) * dy), z)
    assert_grad_fn(act.softmax_backward(dy, y0, axis=0), num0, "softmax axis0")


@pytest.mark.parametrize("C,O", [(3, 4), (1, 4), (3, 1), (1, 1)])
@pytest.mark.parametrize("lead", [(5,), (4, 3)])
def test_dense_gradients(C, O, lead, numgrad_fn, assert_grad_fn):
    rng = np.random.default_rng(1)
    X = rng.standard_normal(lead + (C,))
    W = rng.standard_normal((O, C))
    b = rng.standard_normal(O)
    Y = dense_forward(X, W, b)
    assert Y.shape == lead + (O,)
    np.testing.assert_allclose(Y, np.einsum("...c,oc->...o", X, W) + b, rtol=1e-13)
    A = rng.standard_normal(Y.shape)
    dX, dW, db = dense_backward(A, X, W)
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape

    def loss():
        return np.sum(dense_forward(X, W, b) * A)
    assert_grad_fn(dX, numgrad_fn(loss, X), "X")
    assert_grad_fn(dW, numgrad_fn(loss, W), "W")
    assert_grad_fn(db, numgrad_fn(loss, b), "b")


@pytest.mark.parametrize("C,O", [(3, 4), (1, 4), (3, 1)])
def test_dense_float32(C, O):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((6, 2, C)).astype(np.float32)
    W = rng.standard_normal((O, C)).astype(np.float32)
    b = rng.standard_normal(O).astype(np.float32)
    Y = dense_forward(X, W, b)
    assert Y.dtype == np.float32
    assert all(a.dtype == np.float32 for a in dense_backward(Y, X, W))


def test_dense_shape_error():
    with pytest.raises(ValueError, match="channels"):
        dense_forward(np.zeros((2, 3)), np.zeros((4, 2)), np.zeros(4))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dropout(dtype):
    rng = np.random.default_rng(3)
    X = np.ones((200, 10, 30), dtype)
    Y, mask = dropout_forward(X, 0.3, rng)
    assert Y.dtype == dtype and mask.dtype == dtype and mask.shape == X.shape
    vals = np.unique(mask)
    np.testing.assert_allclose(vals, [0, 1 / 0.7], rtol=1e-6)
    frac = np.mean(mask == 0)
    assert abs(frac - 0.3) < 0.01
    # per element, not shared across time steps
    assert not np.array_equal(mask[0], mask[1])
    np.testing.assert_array_equal(Y, X * mask)
    dY = np.full(X.shape, 2, dtype)
    np.testing.assert_array_equal(dropout_backward(dY, mask), 2 * mask)
    # reproducible with the same generator state
    Y2, mask2 = dropout_forward(X, 0.3, np.random.default_rng(3))
    np.testing.assert_array_equal(mask, mask2)


def test_dropout_edge_probabilities():
    X = np.arange(6.0).reshape(2, 3)
    Y, m = dropout_forward(X, 0.0, np.random.default_rng(0))
    np.testing.assert_array_equal(Y, X)
    Y, m = dropout_forward(X, 1.0, np.random.default_rng(0))
    np.testing.assert_array_equal(Y, 0 * X)
    with pytest.raises(ValueError):
        dropout_forward(X, 1.5, np.random.default_rng(0))
