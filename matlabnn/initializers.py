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


# Arrays with more values than this are drawn in the layer's own precision (e.g.
# the 4H-by-H recurrent weights of an LSTM above H = 1024); smaller ones are drawn
# in double and rounded, bit-identical to earlier versions.
LARGE = 1 << 22


def _large_orthogonal(size, rng, dtype):
    """Orthogonal init of a large matrix in ``dtype``, by Cholesky QR.

    Z = Q R with diag(R) > 0 is what ``orthogonal`` computes (QR, then the signs
    of diag(R)); R is also the Cholesky factor of Z'Z, so Q = Z / R. A Gaussian
    matrix with at least as many rows as columns is well conditioned (its
    condition number is about (sqrt(m)+sqrt(n))/(sqrt(m)-sqrt(n)), 3 for 4H-by-H),
    so this is accurate, and it runs at matrix-multiply speed: H = 4096 takes
    seconds (about 12 s on one busy core) where Householder QR in double took over a
    minute.
    """
    import scipy.linalg

    rows, cols = size
    if rows < cols:
        return _large_orthogonal((cols, rows), rng, dtype).T
    z = rng.standard_normal(size, dtype=dtype)
    with _threads.limit(1):      # as for QR: threaded BLAS is slower on shared machines
        gram = (z.T @ z).astype(np.float64)
        r = np.linalg.cholesky(gram).T.astype(dtype)      # upper triangular, diagonal > 0
        return scipy.linalg.solve_triangular(r, z.T, trans="T", lower=False,
                                             overwrite_b=True, check_finite=False).T


def _large(name, size, fan_in, fan_out, rng, dtype):
    """The named initializer drawn directly in ``dtype`` (float32 or float64)."""
    dtype = np.dtype(dtype)
    if name == "orthogonal":
        return np.ascontiguousarray(_large_orthogonal(size, rng, dtype))
    if name == "glorot":
        w = rng.random(size, dtype=dtype)
        w *= 2.0
        w -= 1.0
        w *= dtype.type(np.sqrt(6.0 / (fan_in + fan_out)))
        return w
    if name in ("he", "narrow-normal"):
        w = rng.standard_normal(size, dtype=dtype)
        w *= dtype.type(np.sqrt(2.0 / fan_in) if name == "he" else 0.01)
        return w
    return (np.zeros if name == "zeros" else np.ones)(size, dtype)


def initialize(initializer, size, fan_in, fan_out, rng, dtype, what):
    """Draw one learnable array of ``size`` with the named initializer or a callable.

    A callable is called as MATLAB calls a function handle initializer, with the
    size (a tuple); its result must have that size. Arrays of more than
    ``LARGE`` values are drawn in ``dtype`` directly (same distributions, other
    random numbers); smaller ones in double, then rounded.
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
    if np.prod(size, dtype=np.float64) > LARGE:
        return _large(initializer, tuple(size), fan_in, fan_out, rng, dtype)
    return _BY_NAME[initializer](tuple(size), fan_in, fan_out, rng).astype(dtype)
