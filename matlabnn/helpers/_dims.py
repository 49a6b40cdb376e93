"""MATLAB's view of numpy arrays for the reducing helpers (rmse, normalize).

MATLAB has no 1-D arrays: a 1-D numpy array is treated as a 1-by-N row vector,
dimensions are numbered from 1, and a function without a dimension argument
works along the first dimension whose size is not 1.
"""
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


def dims_argument(value, function):
    """A MATLAB dim or vecdim (1-based) -> tuple of 0-based numpy axes.

    Dimensions beyond the array's are singleton in MATLAB; callers pad the array
    to cover them (pad_dims).
    """
    try:
        given = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        given = np.zeros(0)
    ok = (not isinstance(value, (bool, str)) and given.size > 0
          and np.all(np.isfinite(given)) and np.all(given == np.round(given))
          and np.all(given >= 1) and np.unique(given).size == given.size)
    if not ok:
        raise MatlabnnValueError(
            f"{function}: the dimension must be a positive integer scalar, a vector of "
            f"distinct positive integers (vecdim) or \"all\"; got {_brief(value)}.",
            f"MATLAB:{function}:invalidDim")
    return tuple(int(d) - 1 for d in given)


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
