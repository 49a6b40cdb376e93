"""Batch and layer normalization kernels.

``x`` is (..., C): (S, N, C) sequences or (N, C).  Batch normalization takes
its statistics per channel over every other axis, counting only the elements
where ``weight`` (broadcastable to x[..., :1], 1 for real steps, 0 for padded
ones) is 1.  Layer normalization normalizes each (time step, observation) over
its C channels.  Variances are biased (1/M).
"""
import numpy as np

__all__ = ["batchnorm_statistics", "batchnorm_forward", "batchnorm_backward",
           "affine_normalize", "layernorm_forward", "layernorm_backward"]


def batchnorm_statistics(x, weight=None):
    """Per-channel mean and biased variance over the real elements; also the count M."""
    axes = tuple(range(x.ndim - 1))
    if weight is None:
        m = x.size // x.shape[-1]
        mean = x.mean(axis=axes)
        var = ((x - mean) ** 2).mean(axis=axes)
        return mean, var, m
    m = float(weight.sum())
    mean = (x * weight).sum(axis=axes) / m
    var = (((x - mean) ** 2) * weight).sum(axis=axes) / m
    return mean, var, m


def affine_normalize(x, mean, var, scale, offset, epsilon):
    """scale * (x - mean) / sqrt(var + epsilon) + offset (inference, or given statistics)."""
    inv = 1.0 / np.sqrt(var + epsilon)
    return (x - mean) * (scale * inv) + offset


def batchnorm_forward(x, scale, offset, epsilon, weight=None):
    """Training-mode batch normalization; returns (y, cache, batch mean, batch variance)."""
    mean, var, m = batchnorm_statistics(x, weight)
    inv = (1.0 / np.sqrt(var + epsilon)).astype(x.dtype)
    xhat = (x - mean) * inv
    y = xhat * scale + offset
    return y, (xhat, inv, scale, weight, m), mean, var


def batchnorm_backward(dy, cache):
    """Gradients (dx, dscale, doffset) of batchnorm_forward; padded elements get dx = 0."""
    xhat, inv, scale, weight, m = cache
    axes = tuple(range(dy.ndim - 1))
    if weight is not None:
        dy = dy * weight
    doffset = dy.sum(axis=axes)
    dscale = (dy * xhat).sum(axis=axes)
    dx = (scale * inv / m) * (m * dy - doffset - xhat * dscale)
    if weight is not None:
        dx *= weight
    return dx, dscale, doffset


def layernorm_forward(x, scale, offset, epsilon):
    """Normalize over the last axis of x; returns (y, cache)."""
    mean = x.mean(axis=-1, keepdims=True)
    xc = x - mean
    inv = 1.0 / np.sqrt((xc * xc).mean(axis=-1, keepdims=True) + epsilon)
    xhat = xc * inv
    return xhat * scale + offset, (xhat, inv, scale)


def layernorm_backward(dy, cache):
    """Gradients (dx, dscale, doffset) of layernorm_forward."""
    xhat, inv, scale = cache
    lead = tuple(range(dy.ndim - 1))
    dscale = (dy * xhat).sum(axis=lead)
    doffset = dy.sum(axis=lead)
    g = dy * scale
    dx = inv * (g - g.mean(axis=-1, keepdims=True)
                - xhat * (g * xhat).mean(axis=-1, keepdims=True))
    return dx, dscale, doffset
