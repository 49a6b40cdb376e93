"""Finite-difference helpers shared by the gradient tests (kernels, layers, networks)."""
import numpy as np

EPS = 1e-6


def numgrad(f, x, eps=EPS):
    """Central differences of the scalar f() with respect to array x (perturbed in place)."""
    g = np.zeros(x.shape)
    flat, gf = x.reshape(-1), g.reshape(-1)
    assert np.shares_memory(flat, x)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        fp = f()
        flat[k] = old - eps
        fm = f()
        flat[k] = old
        gf[k] = (fp - fm) / (2 * eps)
    return g


def assert_close(analytic, numeric, what, rtol=1e-6, atol=1e-8):
    """Analytic gradient equals the numeric one within atol + rtol * max(1, |numeric|)."""
    analytic = np.asarray(analytic, dtype=np.float64)
    assert analytic.shape == numeric.shape, (what, analytic.shape, numeric.shape)
    err = np.max(np.abs(analytic - numeric), initial=0.0)
    scale = max(1.0, np.max(np.abs(numeric), initial=0.0))
    assert err <= atol + rtol * scale, f"{what}: max abs error {err:.3e} (scale {scale:.3e})"


def make_mask(kind, S, lengths):
    """bool (S, N) mask: kind 'right' (real steps first) or 'left' (real steps last)."""
    m = np.zeros((S, len(lengths)), bool)
    for n, L in enumerate(lengths):
        if kind == "right":
            m[:L, n] = True
        else:
            m[S - L:, n] = True
    return m
