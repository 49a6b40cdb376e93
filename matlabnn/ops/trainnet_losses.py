"""The losses of ``trainnet`` as pure kernels, with masked (padded) time steps.

Shapes as in :mod:`losses`: sequence outputs ``(S, N, K)`` with an optional bool
``mask (S, N)`` (True = real step), or one output per observation ``(N, K)``.
Every loss is ``sum over real elements of w * e(y, t)``, where ``e`` is the
per-element loss and the weight ``w`` comes from the normalisation:

    "all-elements"          w = 1 / (K * sum_n S_n)      mean over real elements
    "non-channel-elements"  w = 1 / sum_n S_n            mean over real (t, n) pairs
    "batch-size"            w = 1 / N                    sum per observation, mean over N
    "observation-time"      w = 1 / (N * S_n)            regressionLayer's normalisation

(``(N, K)`` data has S_n = 1.) Each kernel returns ``(loss, dY)``: the loss as a
Python float (reduced in float64) and its exact gradient, zero on padded steps,
in Y's dtype. The choice of normalisation is the caller's (trainnet_choices.py).
"""
import numpy as np

__all__ = ["loss_weights", "mse", "mae", "huber", "binary_crossentropy", "crossentropy",
           "softmax_crossentropy_logit_grad", "NORMALIZATIONS"]

NORMALIZATIONS = ("all-elements", "non-channel-elements", "batch-size", "observation-time")


def loss_weights(mask, shape, normalization):
    """Weights broadcastable against data of ``shape``: (S, N, 1), or a float for
    unmasked data; padded steps get weight 0."""
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {NORMALIZATIONS}, got {normalization!r}")
    if len(shape) == 2:
        if mask is not None:
            raise ValueError("mask is only allowed for (S, N, K) sequence data")
        N, K = shape
        denom = {"all-elements": N * K, "non-channel-elements": N, "batch-size": N,
                 "observation-time": N}[normalization]
        return 1.0 / denom if denom else 0.0
    if len(shape) != 3:
        raise ValueError(f"expected (S, N, K) or (N, K) data, got shape {shape}")
    S, N, K = shape
    if mask is None:
        denom = {"all-elements": S * N * K, "non-channel-elements": S * N, "batch-size": N,
                 "observation-time": S * N}[normalization]
        return 1.0 / denom if denom else 0.0
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (S, N):
        raise ValueError(f"mask must have shape (S, N) = {(S, N)}, got {mask.shape}")
    real = float(mask.sum())
    if normalization == "observation-time":
        Sn = np.maximum(mask.sum(axis=0), 1)
        w = mask / (N * Sn).astype(np.float64)
    else:
        denom = {"all-elements": real * K, "non-channel-elements": real,
                 "batch-size": N}[normalization]
        w = mask / denom if denom else np.zeros(mask.shape)
    return w[:, :, None]


def _prepare(Y, T, who):
    Y = np.asarray(Y)
    dtype = Y.dtype if Y.dtype.kind == "f" else np.dtype(np.float64)
    T = np.asarray(T, dtype=dtype)
    if Y.shape != T.shape:
        raise ValueError(f"{who}: prediction {Y.shape} and target {T.shape} shapes differ")
    return Y.astype(dtype, copy=False), T, dtype


def _reduce(e, w):
    """sum of w * e in float64 (w a float or an (S, N, 1) array)."""
    if np.isscalar(w):
        return float(np.sum(e, dtype=np.float64)) * w
    return float(np.sum(e * w, dtype=np.float64))


def _elementwise(Y, T, mask, normalization, who, value_and_grad):
    Y, T, dtype = _prepare(Y, T, who)
    w = loss_weights(mask, Y.shape, normalization)
    d = np.subtract(Y, T, dtype=dtype)
    if not np.isscalar(w):
        # padded steps may hold anything (even NaN): zero them exactly
        d = np.where(w > 0, d, dtype.type(0))
    e, g = value_and_grad(d)
    loss = _reduce(e, w)
    g = np.multiply(g, w, dtype=dtype) if not np.isscalar(w) else (g * dtype.type(w))
    return loss, g.astype(dtype, copy=False)


def mse(Y, T, mask=None, normalization="all-elements", halved=False):
    """Squared error (y - t)^2, or (y - t)^2 / 2 when ``halved``."""
    scale = 0.5 if halved else 1.0
    return _elementwise(Y, T, mask, normalization, "mse",
                        lambda d: (scale * d * d, (2.0 * scale) * d))


def mae(Y, T, mask=None, normalization="all-elements"):
    """Absolute error |y - t| (gradient sign(y - t), 0 at y == t)."""
    return _elementwise(Y, T, mask, normalization, "mae", lambda d: (np.abs(d), np.sign(d)))


def huber(Y, T, mask=None, normalization="all-elements", delta=1.0):
    """Huber loss: d^2 / 2 for |d| <= delta, delta * (|d| - delta / 2) beyond."""
    def value_and_grad(d):
        a = np.abs(d)
        inner = a <= delta
        e = np.where(inner, 0.5 * d * d, delta * (a - 0.5 * delta))
        g = np.where(inner, d, delta * np.sign(d))
        return e, g
    return _elementwise(Y, T, mask, normalization, "huber", value_and_grad)


def binary_crossentropy(Y, T, mask=None, normalization="all-elements"):
    """-(t ln y + (1 - t) ln(1 - y)) per element, y bounded away from 0 and 1 by eps."""
    Y, T, dtype = _prepare(Y, T, "binary_crossentropy")
    w = loss_weights(mask, Y.shape, normalization)
    if not np.isscalar(w):
        real = w > 0
        Y = np.where(real, Y, dtype.type(0.5))
        T = np.where(real, T, dtype.type(0))
    eps = np.finfo(dtype).eps
    Yc = np.maximum(Y, eps)
    Ync = np.maximum(1 - Y, eps)
    e = -(T * np.log(Yc) + (1 - T) * np.log(Ync))
    g = -T / Yc + (1 - T) / Ync
    loss = _reduce(e, w)
    return loss, (g * (w if not np.isscalar(w) else dtype.type(w))).astype(dtype, copy=False)


def crossentropy(Y, T, mask=None, normalization="non-channel-elements"):
    """-sum_k t_k ln y_k per (time step, observation), y bounded below by eps."""
    Y, T, dtype = _prepare(Y, T, "crossentropy")
    w = loss_weights(mask, Y.shape, normalization)
    if not np.isscalar(w):
        real = w > 0
        Y = np.where(real, Y, dtype.type(1))
        T = np.where(real, T, dtype.type(0))
    Yc = np.maximum(Y, np.finfo(dtype).eps)
    loss = -_reduce(T * np.log(Yc), w)
    g = -T / Yc
    return loss, (g * (w if not np.isscalar(w) else dtype.type(w))).astype(dtype, copy=False)


def softmax_crossentropy_logit_grad(P, T, mask=None, normalization="non-channel-elements"):
    """Gradient of crossentropy(softmax(Z), T) with respect to Z, from P = softmax(Z):
    w * (P * sum_k t_k - T)."""
    P, T, dtype = _prepare(P, T, "softmax_crossentropy_logit_grad")
    w = loss_weights(mask, P.shape, normalization)
    if not np.isscalar(w):
        real = w > 0
        P = np.where(real, P, dtype.type(0))
        T = np.where(real, T, dtype.type(0))
    dZ = P * T.sum(axis=-1, keepdims=True) - T
    return (dZ * (w if not np.isscalar(w) else dtype.type(w))).astype(dtype, copy=False)
