"""Data values checked where they enter the network: numeric, and finite in its precision.

The finite check belongs *after* the cast to the precision the network
computes in: ``1e39`` is a finite double but Inf in single, and would reach
the network as Inf if checked before the cast. :func:`to_compute_precision`
casts and then checks, and names the first offending value, its position and,
for values that only overflow in the cast, the largest value the precision
holds. :func:`refuse_logical` is the one rule for logical data (True, np.True_
and bool arrays alike): predictors and responses are numeric, as in MATLAB.
"""
import numpy as np

from .errors import InvalidDataError

__all__ = ["refuse_logical", "to_compute_precision"]

_PRECISION = {np.dtype(np.float32): "single", np.dtype(np.float64): "double"}


def refuse_logical(x, function, where):
    """Raise InvalidDataError if ``x`` is logical (a bool, numpy bool or bool array)."""
    if isinstance(x, (bool, np.bool_)) or (isinstance(x, np.ndarray) and x.dtype.kind == "b"):
        raise InvalidDataError(
            f"{function}: {where} is logical; predictors and responses must be numeric. "
            "Convert it, e.g. np.asarray(x, dtype=float).")


def _position(a, index):
    """MATLAB's 1-based (row, column) wording of a position in a 1-D or 2-D array."""
    idx = np.unravel_index(index, a.shape)
    if a.ndim == 2:
        return f"row {idx[0] + 1}, column {idx[1] + 1}"
    return "element " + ", ".join(str(i + 1) for i in idx)


def to_compute_precision(a, dtype, function, where):
    """``a`` cast to ``dtype`` (complex stays complex); raises if any value is not finite.

    The check runs on the cast values, so values that overflow in the cast are
    caught. The error names the first offending value and its position: a value
    finite before the cast "overflows" the precision (with its largest value);
    NaN and Inf are reported as such.
    """
    a = np.asarray(a)
    refuse_logical(a, function, where)
    target = np.dtype(dtype)
    if a.dtype.kind == "c":
        target = np.result_type(target, np.complex64)
    with np.errstate(over="ignore", invalid="ignore"):
        cast = a.astype(target, copy=False)
    finite = np.isfinite(cast)
    if finite.all():
        return cast
    first = int(np.flatnonzero(~finite.reshape(-1))[0])
    original = a.reshape(-1)[first]
    position = _position(a, first)
    if np.isfinite(original):
        real = np.dtype(target).type(0).real.dtype
        raise InvalidDataError(
            f"{function}: {where} has the value {original:g} at {position}, which overflows "
            f"{_PRECISION.get(real, real.name)} precision (largest value "
            f"{np.finfo(real).max:.4g}) and would become Inf. Rescale the data (e.g. "
            "normalize it, or use the input layer's Normalization).")
    raise InvalidDataError(
        f"{function}: {where} contains {'NaN' if np.isnan(original) else 'Inf'} at "
        f"{position}. Remove or fill non-finite values before training or prediction.")
