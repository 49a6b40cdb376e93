"""MATLAB's view of numpy arrays for the reducing helpers (rmse, normalize).

MATLAB has no 1-D arrays: a 1-D numpy array is treated as a 1-by-N row vector,
dimensions are numbered from 1, and a function without a dimension argument
works along the first dimension whose size is not 1.
"""
import numbers

import numpy as np

from .._namevalue import _brief
from ..errors import MatlabnnTypeError, MatlabnnValueError


def numeric_array(x, function, argname):
    """``x`` as a float numpy array (float32 stays float32, like MATLAB's single)."""
    if isinstance(x, (str, bytes)) or x is None:
        raise MatlabnnTypeError(
            f"{function}: {argname} must be a numeric array; got {_brief(x)}.",
            f"MATLAB:{function}:invalidInput")
    try:
        a = np.asarray(x)
    except Exception:
        a = None
    if a is None or a.dtype.kind not in "biuf":
        raise MatlabnnTypeError(
            f"{function}: {argname} must be a real numeric or logical array; got "
            f"{_brief(x)}.", f"MATLAB:{function}:invalidInput")
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def matlab_view(a):
    """(2-D-or-more view, was_1d): a 1-D array becomes 1-by-N, a scalar 1-by-1."""
    if a.ndim == 0:
        return a.reshape(1, 1), True
    if a.ndim == 1:
        return a.reshape(1, -1), True
    return a, False


def first_nonsingleton(shape):
    """MATLAB's default dimension (1-based): the first of size other than 1, else 1."""
    for k, n in enumerate(shape):
        if n != 1:
            return k + 1
    return 1


def dims_argument(value, function, ndim):
    """A MATLAB dim or vecdim (1-based, any size) -> tuple of 0-based numpy axes.

    Dimensions beyond ``ndim`` are singleton in MATLAB; they are returned too and
    callers treat them as size 1 (the caller's array is padded to cover them).
    """
    values = [value] if isinstance(value, numbers.Number) else value
    try:
        dims = [int(v) for v in np.asarray(values).reshape(-1)]
        ok = (len(dims) > 0 and all(float(v) == d for v, d in
                                    zip(np.asarray(values).reshape(-1), dims))
              and all(d >= 1 for d in dims) and len(set(dims)) == len(dims))
    except (TypeError, ValueError):
        ok = False
    if not ok or isinstance(value, bool):
        raise MatlabnnValueError(
            f"{function}: the dimension must be a positive integer scalar, a vector of "
            f"distinct positive integers (vecdim) or \"all\"; got {_brief(value)}.",
            f"MATLAB:{function}:invalidDim")
    return tuple(d - 1 for d in dims)


def pad_dims(a, axes):
    """``a`` with trailing singleton dimensions so that every axis in ``axes`` exists."""
    need = max(axes) + 1 if axes else 0
    if need > a.ndim:
        a = a.reshape(a.shape + (1,) * (need - a.ndim))
    return a


def restore(result, was_1d, original_ndim):
    """Undo matlab_view/pad_dims on a reduced (keepdims) result.

    A 1-D input gives a 1-D result (or a scalar); padded trailing singleton
    dimensions are dropped; a result with one element is returned as a numpy scalar.
    """
    if result.size == 1:
        return result.reshape(()).dtype.type(result.reshape(-1)[0])
    if was_1d:
        return result.reshape(-1)
    return result.reshape(result.shape[:max(original_ndim, 2)])
