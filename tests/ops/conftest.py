"""Shared helpers for the ops kernel tests (exposed as fixtures)."""

import numpy as np
import pytest


def numgrad(f, x, eps=1e-6):
    """Central-difference gradient of scalar f() with respect to array x (in place)."""
    g = np.zeros_like(x, dtype=np.float64)
    flat = x.reshape(-1)
    gf = g.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        fp = f()
        flat[k] = old - eps
        fm = f()
        flat[k] = old
        gf[k] = (fp - fm) / (2 * eps)
    return g


def assert_grad(analytic, numeric, name, rtol=1e-6, atol=1e-8):
    analytic = np.asarray(analytic, dtype=np.float64)
    assert analytic.shape == numeric.shape, (name, analytic.shape, numeric.shape)
    err = np.max(np.abs(analytic - numeric), initial=0.0)
    scale = max(1.0, np.max(np.abs(numeric), initial=0.0))
    assert err <= atol + rtol * scale, f"{name}: max abs err {err:.3e} (scale {scale:.3e})"


def make_mask(kind, S, lengths):
    """bool (S, N) mask: kind 'right' (real steps first) or 'left' (real steps last)."""
    N = len(lengths)
    m = np.zeros((S, N), bool)
    for n, L in enumerate(lengths):
        if kind == "right":
            m[:L, n] = True
        else:
            m[S - L:, n] = True
    return m


@pytest.fixture
def numgrad_fn():
    return numgrad


@pytest.fixture
def assert_grad_fn():
    return assert_grad


@pytest.fixture
def make_mask_fn():
    return make_mask
