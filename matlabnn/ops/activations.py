"""Elementwise activations and their derivatives.

Pure numpy kernels.  Every function keeps the dtype of its input (Python float
constants never upcast a float32 array) and accepts ``out=`` so that the
recurrent kernels can work in place in preallocated buffers.

Gate / state activations (names as MATLAB spells them):

* ``'sigmoid'``       1 / (1 + exp(-x))
* ``'hard-sigmoid'``  clip(0.2 x + 0.5, 0, 1)      derivative 0.2 where 0 < y < 1
* ``'tanh'``          tanh(x)                       derivative 1 - y^2
* ``'softsign'``      x / (1 + |x|)                 derivative (1 - |y|)^2

``grad_from_output(name, y)`` returns the derivative expressed through the
output ``y = apply(name, x)`` (all four functions allow that), which is what the
backward passes store.
"""

import numpy as np

__all__ = [
    "GATE_ACTIVATIONS", "STATE_ACTIVATIONS", "NAMES",
    "apply", "grad_from_output",
    "sigmoid", "hard_sigmoid", "tanh", "softsign",
    "relu", "relu_backward", "leaky_relu", "leaky_relu_backward",
    "softmax", "softmax_backward",
]

GATE_ACTIVATIONS = ("sigmoid", "hard-sigmoid")
STATE_ACTIVATIONS = ("tanh", "softsign")
NAMES = GATE_ACTIVATIONS + STATE_ACTIVATIONS


def _out_like(x, out):
    if out is None:
        return np.empty_like(x)
    return out


# ----------------------------------------------------------------- forward

def sigmoid(x, out=None):
    """Logistic sigmoid, computed as 0.5*tanh(0.5*x) + 0.5.

    This form is overflow-free and, with numpy's SIMD tanh, the fastest float32
    sigmoid available in plain numpy.
    """
    out = _out_like(x, out)
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    np.multiply(out, 0.5, out=out)
    np.add(out, 0.5, out=out)
    return out


def hard_sigmoid(x, out=None):
    """clip(0.2*x + 0.5, 0, 1)."""
    out = _out_like(x, out)
    np.multiply(x, 0.2, out=out)
    np.add(out, 0.5, out=out)
    np.maximum(out, 0.0, out=out)
    np.minimum(out, 1.0, out=out)
    return out


def tanh(x, out=None):
    return np.tanh(x, out=_out_like(x, out))


def softsign(x, out=None):
    """x / (1 + |x|)."""
    den = np.abs(x)
    np.add(den, 1.0, out=den)
    return np.divide(x, den, out=_out_like(x, out))


_FORWARD = {
    "sigmoid": sigmoid,
    "hard-sigmoid": hard_sigmoid,
    "tanh": tanh,
    "softsign": softsign,
}


def _check(name):
    if name not in _FORWARD:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {', '.join(NAMES)}")


def apply(name, x, out=None):
    """Apply the activation ``name`` to ``x`` (``out`` may be ``x``)."""
    _check(name)
    return _FORWARD[name](x, out)


# ---------------------------------------------------------------- backward

def _dsigmoid(y, out):
    # y * (1 - y)   (a temporary keeps out=y safe)
    one_minus = np.subtract(1.0, y)
    return np.multiply(y, one_minus, out=_out_like(y, out))


def _dhard_sigmoid(y, out):
    inside = (y > 0) & (y < 1)
    out = _out_like(y, out)
    np.multiply(inside, 0.2, out=out)
    return out


def _dtanh(y, out):
    out = _out_like(y, out)
    # 1 - y^2
    np.multiply(y, y, out=out)
    np.subtract(1.0, out, out=out)
    return out


def _dsoftsign(y, out):
    out = _out_like(y, out)
    # (1 - |y|)^2
    np.abs(y, out=out)
    np.subtract(1.0, out, out=out)
    np.multiply(out, out, out=out)
    return out


_BACKWARD = {
    "sigmoid": _dsigmoid,
    "hard-sigmoid": _dhard_sigmoid,
    "tanh": _dtanh,
    "softsign": _dsoftsign,
}


def grad_from_output(name, y, out=None):
    """Derivative of activation ``name`` at the point whose output is ``y``.

    ``out`` may be ``y`` (in place).
    """
    _check(name)
    return _BACKWARD[name](y, out)


# ------------------------------------------------------- ReLU family, softmax

def relu(x, out=None):
    return np.maximum(x, 0.0, out=_out_like(x, out))


def relu_backward(dy, x, out=None):
    """dL/dx for y = relu(x): dy where x > 0, else 0."""
    out = _out_like(dy, out)
    np.multiply(dy, x > 0, out=out)
    return out


def leaky_relu(x, scale=0.01, out=None):
    """x where x >= 0, scale*x elsewhere."""
    out = _out_like(x, out)
    if 0 <= scale <= 1:
        # max(x, scale*x) is exact for 0 <= scale <= 1
        np.multiply(x, scale, out=out)
        np.maximum(x, out, out=out)
    else:
        neg = x < 0
        np.copyto(out, x)
        np.multiply(out, scale, out=out, where=neg)
    return out


def leaky_relu_backward(dy, x, scale=0.01, out=None):
    out = _out_like(dy, out)
    neg = x < 0
    np.copyto(out, dy)
    np.multiply(out, scale, out=out, where=neg)
    return out


def softmax(z, axis=-1, out=None):
    """Numerically stable softmax along ``axis``."""
    out = _out_like(z, out)
    np.subtract(z, z.max(axis=axis, keepdims=True), out=out)
    np.exp(out, out=out)
    np.divide(out, out.sum(axis=axis, keepdims=True), out=out)
    return out


def softmax_backward(dy, y, axis=-1, out=None):
    """dL/dz for y = softmax(z): y * (dy - sum(dy * y))."""
    out = _out_like(dy, out)
    s = np.multiply(dy, y).sum(axis=axis, keepdims=True)
    np.subtract(dy, s, out=out)
    np.multiply(out, y, out=out)
    return out
