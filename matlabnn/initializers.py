"""Weight initializers, by MATLAB name.

Each takes the parameter size, the fan-in and fan-out, the global generator and
the dtype. Definitions follow MATLAB's published reference implementations
(spec §2.4) with the pinned points of design decision 4.
"""
import numpy as np

from . import _threads

from ._namevalue import choice_or_callable

WEIGHT_INITIALIZERS = ("glorot", "he", "orthogonal", "narrow-normal", "zeros", "ones")
BIAS_INITIALIZERS_RECURRENT = ("unit-forget-gate", "narrow-normal", "ones", "zeros")
BIAS_INITIALIZERS_DENSE = ("zeros", "narrow-normal", "ones")


def weight_initializer_option():
    return choice_or_callable(*WEIGHT_INITIALIZERS)


def glorot(size, fan_in, fan_out, rng):
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    return bound * (2.0 * rng.random(size) - 1.0)


def he(size, fan_in, fan_out, rng):
    return rng.standard_normal(size) * np.sqrt(2.0 / fan_in)


def orthogonal(size, fan_in, fan_out, rng):
    rows, cols = size
    if rows < cols:       # wide: transpose of the orthogonal of the transpose
        return orthogonal((cols, rows), fan_in, fan_out, rng).T
    z = rng.standard_normal(size)
    with _threads.limit(1):      # threaded LAPACK is many times slower here
        q, r = np.linalg.qr(z)
    return q * np.sign(np.diag(r))


def narrow_normal(size, fan_in, fan_out, rng):
    return rng.standard_normal(size) * 0.01


def zeros(size, fan_in, fan_out, rng):
    return np.zeros(size)


def ones(size, fan_in, fan_out, rng):
    return np.ones(size)


_BY_NAME = {"glorot": glorot, "he": he, "orthogonal": orthogonal,
            "narrow-normal": narrow_normal, "zeros": zeros, "ones": ones}


def initialize(initializer, size, fan_in, fan_out, rng, dtype, what):
    """Draw one learnable array of ``size`` with the named initializer or a callable.

    A callable is called as MATLAB calls a function handle initializer, with the
    size (a tuple); its result must have that size.
    """
    if callable(initializer):
        w = np.asarray(initializer(tuple(size)), dtype=dtype)
        if w.shape != tuple(size):
            from .errors import MatlabnnValueError
            raise MatlabnnValueError(
                f"The initializer function for {what} returned an array of size "
                f"{'x'.join(map(str, w.shape))}; it must return an array of size "
                f"{'x'.join(map(str, size))}.", "nnet_cnn:layer:InvalidInitializerOutput")
        return w
    return _BY_NAME[initializer](tuple(size), fan_in, fan_out, rng).astype(dtype)
