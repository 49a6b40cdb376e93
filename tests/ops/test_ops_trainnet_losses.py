"""trainnet's loss kernels: normalisations, masked padding, exact gradients, PyTorch goldens."""
import os

import numpy as np
import pytest
from gradcheck import assert_close, make_mask, numgrad

from matlabnn.ops import trainnet_losses as L
from matlabnn.ops.activations import softmax, softmax_backward

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(__file__)), "golden")
KERNELS = {"mse": L.mse, "mae": L.mae, "huber": L.huber,
           "binary-crossentropy": L.binary_crossentropy, "crossentropy": L.crossentropy}


def _data(name, rng, shape):
    if name == "crossentropy":
        Y = softmax(rng.standard_normal(shape))
        T = np.eye(shape[-1])[rng.integers(0, shape[-1], shape[:-1])]
    elif name == "binary-crossentropy":
        Y = 1 / (1 + np.exp(-rng.standard_normal(shape)))
        T = (rng.random(shape) < 0.5).astype(float)
    else:
        Y = 2 * rng.standard_normal(shape)
        T = rng.standard_normal(shape)
    return Y, T


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_golden_masked(name):
    g = np.load(os.path.join(GOLDEN, f"trainnet_loss_{name}.npz"))
    loss, dY = KERNELS[name](g["Y"], g["T"], g["mask"])
    assert loss == pytest.approx(float(g["loss"]), rel=1e-12)
    np.testing.assert_allclose(dY, g["dY"], rtol=1e-10, atol=1e-14)
    assert np.all(dY[~g["mask"]] == 0)


@pytest.mark.parametrize("name", sorted(KERNELS))
@pytest.mark.parametrize("norm", L.NORMALIZATIONS)
@pytest.mark.parametrize("padding", ["right", "left", None])
def test_finite_differences(name, norm, padding):
    rng = np.random.default_rng(3)
    Y, T = _data(name, rng, (5, 3, 4))
    mask = None if padding is None else make_mask(padding, 5, [5, 2, 3])
    f = KERNELS[name]
    loss, dY = f(Y, T, mask, norm)
    assert isinstance(loss, float)
    assert_close(dY, numgrad(lambda: f(Y, T, mask, norm)[0], Y), f"{name}/{norm}")


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_feature_data_finite_differences(name):
    rng = np.random.default_rng(4)
    Y, T = _data(name, rng, (6, 3))
    f = KERNELS[name]
    assert_close(f(Y, T)[1], numgrad(lambda: f(Y, T)[0], Y), name)


def test_normalisations_by_hand():
    S, N, K = 4, 2, 3
    rng = np.random.default_rng(5)
    Y, T = rng.standard_normal((S, N, K)), rng.standard_normal((S, N, K))
    mask = make_mask("right", S, [4, 1])
    sq = ((Y - T) ** 2) * mask[:, :, None]
    real = mask.sum()
    assert L.mse(Y, T, mask, "all-elements")[0] == pytest.approx(sq.sum() / (K * real))
    assert L.mse(Y, T, mask, "non-channel-elements")[0] == pytest.approx(sq.sum() / real)
    assert L.mse(Y, T, mask, "batch-size")[0] == pytest.approx(sq.sum() / N)
    per_obs = [sq[:, n].sum() / mask[:, n].sum() for n in range(N)]
    assert L.mse(Y, T, mask, "observation-time")[0] == pytest.approx(np.mean(per_obs))
    assert L.mse(Y, T, mask, "all-elements", halved=True)[0] == pytest.approx(
        sq.sum() / (2 * K * real))


def test_regression_layer_equivalence():
    """observation-time + halved is exactly regressionLayer's loss and gradient."""
    from matlabnn.ops.losses import mse_loss
    rng = np.random.default_rng(6)
    Y, T = rng.standard_normal((6, 3, 2)), rng.standard_normal((6, 3, 2))
    mask = make_mask("left", 6, [6, 2, 4])
    a = L.mse(Y, T, mask, "observation-time", halved=True)
    b = mse_loss(Y, T, mask)
    assert a[0] == pytest.approx(b[0], rel=1e-13)
    np.testing.assert_allclose(a[1], b[1], rtol=1e-13)


def test_padding_ignores_nan_and_float32():
    rng = np.random.default_rng(7)
    Y, T = rng.standard_normal((4, 2, 3)), rng.standard_normal((4, 2, 3))
    mask = make_mask("right", 4, [4, 2])
    Y[~mask] = np.nan
    T[~mask] = np.inf
    for f in (L.mse, L.mae, L.huber):
        loss, dY = f(Y.astype(np.float32), T.astype(np.float32), mask)
        assert np.isfinite(loss) and dY.dtype == np.float32 and np.all(np.isfinite(dY))


def test_huber_regions():
    Y = np.array([[0.5, 3.0, -2.0]])
    T = np.zeros((1, 3))
    loss, dY = L.huber(Y, T, normalization="batch-size")
    assert loss == pytest.approx(0.125 + 2.5 + 1.5)
    np.testing.assert_allclose(dY, [[0.5, 1.0, -1.0]])


def test_softmax_fused_gradient_matches_chain():
    rng = np.random.default_rng(8)
    Z = rng.standard_normal((5, 3, 4))
    P = softmax(Z)
    T = np.eye(4)[rng.integers(0, 4, (5, 3))]
    mask = make_mask("right", 5, [5, 2, 4])
    _, dP = L.crossentropy(P, T, mask)
    chain = softmax_backward(dP, P)
    fused = L.softmax_crossentropy_logit_grad(P, T, mask)
    np.testing.assert_allclose(fused, chain, rtol=1e-10, atol=1e-14)
    assert_close(fused, numgrad(lambda: L.crossentropy(softmax(Z), T, mask)[0], Z), "dZ")


def test_bad_arguments():
    with pytest.raises(ValueError, match="normalization"):
        L.mse(np.zeros((2, 2)), np.zeros((2, 2)), normalization="half")
    with pytest.raises(ValueError, match="shapes differ"):
        L.mse(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="mask"):
        L.mse(np.zeros((2, 2)), np.zeros((2, 2)), np.ones((2, 2), bool))
