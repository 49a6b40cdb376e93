"""The smoothing of the training-progress plot: MATLAB's trailing local-linear fit.

MATLAB's plot draws, beside the raw mini-batch metric, a smoothed "training
(smoothed)" line. Each smoothed value is a local linear regression over the
trailing 15 points, evaluated at the newest point, then clipped to the range of
the raw data seen so far (so a smoothed accuracy never exceeds 100 %).

This module needs only numpy; it imports no plotting code.
"""
import math

import numpy as np

WINDOW = 15


def local_linear_last(x, y):
    """The trailing fit for one window: value of the least-squares line at ``x[-1]``.

    ``x``, ``y``: the (at most ``window``) trailing points, oldest first (lists,
    deques or arrays). NaN ``y`` values are ignored; the result is NaN when
    ``y[-1]`` is NaN and the mean of the points when all their x are equal. Not
    clipped. Plain Python: for 15 points it is faster than numpy, which matters
    because the live plot calls it every iteration.
    """
    if len(y) == 0:
        return math.nan
    last = float(y[-1])
    if last != last:
        return math.nan
    n = 0
    sx = sy = 0.0
    for a, b in zip(x, y):
        if b == b:
            n += 1
            sx += a
            sy += b
    xm = sx / n
    ym = sy / n
    sxx = sxy = 0.0
    for a, b in zip(x, y):
        if b == b:
            d = a - xm
            sxx += d * d
            sxy += d * (b - ym)
    if sxx == 0.0:
        return float(ym)
    return float(ym + sxy / sxx * (float(x[-1]) - xm))


def smooth_trailing(values, iterations=None, window=WINDOW):
    """Smoothed series of the training-progress plot (vectorized over the whole series).

    For each point i: take the trailing ``window`` points ``i-window+1 .. i``
    (fewer at the start), drop those whose value is NaN, fit
    ``y = a + b*(x - mean(x))`` by least squares and evaluate it at ``x[i]``
    (the mean of y if all x are equal); the result is NaN when ``values[i]`` is
    NaN and is clipped to ``[min, max]`` of ``values[:i+1]`` (NaN ignored).
    This is MATLAB's ``LocalLinearRegressionSeries`` with window 15.

    ``iterations`` are the x values (default 1, 2, ..., n).

    Example::

        >>> smooth_trailing([1.0, 3.0, 2.0])
        array([1. , 3. , 2.5])
    """
    y = np.asarray(values, dtype=float).ravel()
    n = y.size
    if n == 0:
        return np.zeros(0)
    if iterations is None:
        x = np.arange(1, n + 1, dtype=float)
    else:
        x = np.asarray(iterations, dtype=float).ravel()
        if x.size != n:
            raise ValueError("values and iterations must have the same length.")
    w = max(int(window), 1)
    pad = np.full(w - 1, np.nan)
    Y = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, y]), w)
    X = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, x]), w)
    valid = ~np.isnan(Y)
    cnt = valid.sum(axis=1)
    safe = np.maximum(cnt, 1)
    Xv = np.where(valid, X, 0.0)
    Yv = np.where(valid, Y, 0.0)
    xm = Xv.sum(axis=1) / safe
    ym = Yv.sum(axis=1) / safe
    dx = np.where(valid, X - xm[:, None], 0.0)
    dy = np.where(valid, Y - ym[:, None], 0.0)
    sxx = np.einsum("ij,ij->i", dx, dx)
    sxy = np.einsum("ij,ij->i", dx, dy)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(sxx > 0, sxy / np.where(sxx > 0, sxx, 1.0), 0.0)
    out = ym + slope * (x - xm)
    out[np.isnan(y)] = np.nan
    # Clip to the bounds of the raw data so far (NaN-ignoring running min/max).
    lo = np.fmin.accumulate(y)
    hi = np.fmax.accumulate(y)
    out = np.where(out < lo, lo, out)
    out = np.where(out > hi, hi, out)
    return out
