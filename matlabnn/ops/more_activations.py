"""Element-wise activations of the newer layers: ELU, GELU, swish, clipped ReLU, softplus.

Each ``*_backward(dy, x, ...)`` takes the input ``x`` saved by the forward pass.
"""
import math

import numpy as np
from scipy.special import erf

__all__ = ["elu", "elu_backward", "gelu", "gelu_backward", "swish", "swish_backward",
           "clipped_relu", "clipped_relu_backward", "softplus", "softplus_backward"]


def elu(x, alpha):
    """x for x > 0, alpha*(exp(x)-1) otherwise."""
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_backward(dy, x, alpha):
    return dy * np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0)))


_C = math.sqrt(2.0 / math.pi)


def gelu(x, approximation="none"):
    """x * Phi(x) (erf form), or the tanh approximation."""
    if approximation == "tanh":
        return 0.5 * x * (1 + np.tanh(_C * (x + 0.044715 * x ** 3)))
    return (0.5 * x * (1 + erf(x / math.sqrt(2.0)))).astype(x.dtype, copy=False)


def gelu_backward(dy, x, approximation="none"):
    if approximation == "tanh":
        t = np.tanh(_C * (x + 0.044715 * x ** 3))
        d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _C * (1 + 3 * 0.044715 * x * x)
    else:
        d = 0.5 * (1 + erf(x / math.sqrt(2.0))) + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    return (dy * d).astype(dy.dtype, copy=False)


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def swish(x):
    """x * sigmoid(x)."""
    return x * _sigmoid(x)


def swish_backward(dy, x):
    s = _sigmoid(x)
    return dy * (s + x * s * (1 - s))


def clipped_relu(x, ceiling):
    """min(max(x, 0), ceiling)."""
    return np.clip(x, 0, ceiling)


def clipped_relu_backward(dy, x, ceiling):
    return dy * ((x > 0) & (x < ceiling))


def softplus(x):
    """log(1 + exp(x)), computed without overflow."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_backward(dy, x):
    return dy * _sigmoid(x)
