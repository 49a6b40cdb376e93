"""Inverted dropout (training only; prediction is the identity)."""

import numpy as np

__all__ = ["dropout_forward", "dropout_backward"]


def dropout_forward(X, p, rng):
    """Y = X * mask with mask = (U >= p) / (1 - p), U ~ U[0,1) drawn per element.

    ``rng`` is a ``numpy.random.Generator``.  U is drawn in X's dtype (float32
    or float64) so no float64 array is created for a float32 X.  Returns
    ``(Y, mask)``; mask has X's shape and dtype.  p == 0 gives mask of ones;
    p == 1 gives zeros.
    """
    X = np.asarray(X)
    dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout_forward: p must be in [0, 1], got {p}")
    if p >= 1.0:
        mask = np.zeros(X.shape, dtype)
    else:
        u = rng.random(X.shape, dtype=dtype)
        mask = np.greater_equal(u, p, out=np.empty(X.shape, bool)).astype(dtype)
        if p > 0:
            mask *= 1.0 / (1.0 - p)
    return np.multiply(X, mask, dtype=dtype), mask


def dropout_backward(dY, mask):
    """dX = dY * mask."""
    return np.multiply(dY, mask)
