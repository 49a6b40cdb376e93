"""Output-layer losses with masked (padded) time steps.

Shapes: sequence outputs ``(S, N, K)`` with optional bool ``mask (S, N)``
(True = real step), or one output per sequence ``(N, K)`` (mask must be None).

Each observation's loss is averaged over its own number of real steps S_n and
the mini-batch loss is the mean over the N observations:

    regression      loss = mean_n 1/(2 S_n) sum_t sum_i (y - t)^2
    classification  loss = mean_n -1/S_n   sum_t sum_k w_k T ln max(P, eps)

(for ``(N, K)`` inputs S_n = 1).  Returned gradients are the exact gradients
of the returned loss, zero on padded steps, in the dtype of the prediction.
The scalar loss is a Python float (its final reduction runs in float64).
An observation with no real step (S_n = 0) contributes 0 to the sum but still
counts in N.
"""

import numpy as np

__all__ = ["mse_loss", "crossentropy_loss", "softmax_crossentropy_backward",
           "accuracy", "step_weights"]


def step_weights(mask, shape, dtype):
    """Weights w[t, n] = mask / (N * S_n) (or 1/N for (N, K) data), shape
    broadcastable against the data (a trailing axis of length 1)."""
    if len(shape) == 2:
        if mask is not None:
            raise ValueError("mask is only allowed for (S, N, K) sequence data")
        N = shape[0]
        return None, 1.0 / N if N else 0.0
    if len(shape) != 3:
        raise ValueError(f"expected (S, N, K) or (N, K) data, got shape {shape}")
    S, N, _ = shape
    if mask is None:
        return None, (1.0 / (N * S) if N * S else 0.0)
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (S, N):
        raise ValueError(f"mask must have shape (S, N) = {(S, N)}, got {mask.shape}")
    Sn = np.maximum(mask.sum(axis=0), 1)
    w = mask / (N * Sn).astype(np.float64)
    return w.astype(dtype)[:, :, None], None


def _fdtype(Y):
    return Y.dtype if Y.dtype.kind == "f" else np.dtype(np.float64)


def _check_same(Y, T, who):
    if Y.shape != T.shape:
        raise ValueError(f"{who}: prediction {Y.shape} and target {T.shape} shapes differ")


def _wsum(v, w, s):
    """float sum of v * weight with v reduced over the last axis already."""
    if w is None:
        return float(np.sum(v, dtype=np.float64)) * s
    return float(np.dot(v.ravel().astype(np.float64), w.ravel().astype(np.float64)))


def mse_loss(Y, T, mask=None):
    """Half squared error loss.  Returns (loss float, dY like Y)."""
    Y = np.asarray(Y)
    dtype = _fdtype(Y)
    T = np.asarray(T, dtype=dtype)
    _check_same(Y, T, "mse_loss")
    w, s = step_weights(mask, Y.shape, dtype)
    d = np.subtract(Y, T, dtype=dtype)
    if w is not None:
        # padded steps may hold anything (even NaN): zero them exactly
        d = np.where(w > 0, d, d.dtype.type(0))
    sq = np.einsum("...k,...k->...", d, d)
    loss = 0.5 * _wsum(sq, w, s)
    if w is None:
        d *= s
    else:
        d *= w
    return loss, d


def _eps(dtype):
    return np.finfo(dtype).eps


def _class_w(class_weights, K, dtype):
    if class_weights is None:
        return None
    cw = np.asarray(class_weights, dtype=dtype).reshape(-1)
    if cw.size != K:
        raise ValueError(f"class_weights has {cw.size} entries for {K} classes")
    return cw


def crossentropy_loss(P, T, mask=None, class_weights=None):
    """Cross-entropy of probabilities P against one-hot T.

    Returns (loss float, dP like P) with dP = -w_k T / max(P, eps) * weight
    (eps = machine epsilon of P's dtype, as MATLAB's boundAwayFromZero).
    """
    P = np.asarray(P)
    dtype = _fdtype(P)
    T = np.asarray(T, dtype=dtype)
    _check_same(P, T, "crossentropy_loss")
    w, s = step_weights(mask, P.shape, dtype)
    cw = _class_w(class_weights, P.shape[-1], dtype)
    if w is not None:
        # padded steps may hold anything: neutralise them (P=1, T=0)
        real = w > 0
        P = np.where(real, P, dtype.type(1))
        T = np.where(real, T, dtype.type(0))
    Pc = np.maximum(P, _eps(dtype), dtype=dtype)
    WT = T * cw if cw is not None else T.copy()
    lp = np.log(Pc)
    per = np.einsum("...k,...k->...", WT, lp)
    loss = -_wsum(per, w, s)
    np.divide(WT, Pc, out=WT)
    np.negative(WT, out=WT)
    if w is None:
        WT *= s
    else:
        WT *= w
    return loss, WT


def softmax_crossentropy_backward(P, T, mask=None, class_weights=None):
    """Gradient of crossentropy_loss(softmax(Z), T) with respect to Z.

    dZ = weight * (P * sum_k w_k T_k - w T)   (no division by P).
    """
    P = np.asarray(P)
    dtype = _fdtype(P)
    T = np.asarray(T, dtype=dtype)
    _check_same(P, T, "softmax_crossentropy_backward")
    w, s = step_weights(mask, P.shape, dtype)
    cw = _class_w(class_weights, P.shape[-1], dtype)
    if w is not None:
        real = w > 0
        P = np.where(real, P, dtype.type(0))
        T = np.where(real, T, dtype.type(0))
    WT = T * cw if cw is not None else T.copy()
    tot = WT.sum(axis=-1, keepdims=True)
    dZ = np.multiply(P, tot, dtype=dtype)
    dZ -= WT
    if w is None:
        dZ *= s
    else:
        dZ *= w
    return dZ


def accuracy(P, T, mask=None):
    """Percent of real predictions whose argmax matches the target's argmax."""
    P = np.asarray(P)
    T = np.asarray(T)
    _check_same(P, T, "accuracy")
    correct = np.argmax(P, axis=-1) == np.argmax(T, axis=-1)
    if mask is not None:
        if P.ndim != 3:
            raise ValueError("mask is only allowed for (S, N, K) sequence data")
        mask = np.asarray(mask, dtype=bool)
        n = int(mask.sum())
        if n == 0:
            return 0.0
        return 100.0 * int(np.count_nonzero(correct & mask)) / n
    if correct.size == 0:
        return 0.0
    return 100.0 * int(np.count_nonzero(correct)) / correct.size
