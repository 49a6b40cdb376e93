"""Validators for layer properties (learnable arrays, factors, states)."""
import math
import numbers

import numpy as np

from .._namevalue import _brief


def _numeric_array(value, ctx, what):
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return None
    try:
        a = np.array(value)
    except Exception:
        ctx.fail(f"Expected {what}; got {_brief(value)}.")
    if a.dtype.kind == "b":       # one rule for logicals: numeric properties refuse them
        ctx.fail(f"Expected {what} of real numbers; got a logical value. Convert it with "
                 "np.asarray(value, dtype=float) if you mean 0 and 1.")
    if a.dtype.kind not in "iuf":
        ctx.fail(f"Expected {what} of real numbers; got {_brief(value)}.")
    if not np.all(np.isfinite(a)):
        ctx.fail(f"Expected {what} of finite values; it contains NaN or Inf.")
    return a.astype(a.dtype if a.dtype.kind == "f" else np.float64)


def matrix_or_empty(value, ctx):
    """A 2-D real matrix, or [] / None for 'not set'."""
    if value is None:
        return None
    a = _numeric_array(value, ctx, "a numeric matrix or []")
    if a is None or a.size == 0:
        return None
    if a.ndim == 1:
        ctx.fail(f"Expected a matrix (rows-by-columns); got a 1-D array of length {a.size}. "
                 "Reshape it, e.g. W.reshape(rows, cols).")
    if a.ndim != 2:
        ctx.fail(f"Expected a 2-D matrix; got {_brief(a)}.")
    return a


def column_or_empty(value, ctx):
    """A column vector (stored as n-by-1); a 1-D array is taken as a column."""
    if value is None:
        return None
    a = _numeric_array(value, ctx, "a numeric column vector or []")
    if a is None or a.size == 0:
        return None
    if a.ndim == 1 or (a.ndim == 2 and 1 in a.shape):
        return a.reshape(-1, 1)
    ctx.fail(f"Expected a column vector; got {_brief(a)}.")


def state_or_empty(value, ctx):
    """An H-by-1 (or H-by-N) state matrix; a 1-D array is taken as a column."""
    if value is None:
        return None
    a = _numeric_array(value, ctx, "a numeric H-by-1 or H-by-N matrix or []")
    if a is None or a.size == 0:
        return None
    if a.ndim == 1:
        return a.reshape(-1, 1)
    if a.ndim != 2:
        ctx.fail(f"Expected an H-by-1 or H-by-N matrix; got {_brief(a)}.")
    return a


def factor(n_blocks):
    """A nonnegative scalar, or a vector of ``n_blocks`` (one per gate)."""
    def check(value, ctx):
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            v = float(value)
            if v >= 0 and np.isfinite(v):
                return v
            ctx.fail(f"Expected a nonnegative scalar or a 1-by-{n_blocks} vector; got {value!r}.")
        a = _numeric_array(value, ctx, f"a nonnegative scalar or a 1-by-{n_blocks} vector")
        if a is None:
            ctx.fail(f"Expected a nonnegative scalar or a 1-by-{n_blocks} vector; got [].")
        if a.size == 1:
            return check(float(a.reshape(-1)[0]), ctx)
        if a.size != n_blocks or n_blocks == 1 or np.any(a < 0):
            ctx.fail(f"Expected a nonnegative scalar or a 1-by-{n_blocks} vector of "
                     f"nonnegative values (one per gate); got {_brief(a)}.")
        return a.reshape(1, -1).astype(np.float64)
    return check


def positive_int_or_auto(value, ctx):
    if isinstance(value, str) and value.lower() == "auto":
        return "auto"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value > 0:
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0 \
            and math.isfinite(value) and float(value) == int(value):
        return int(value)
    ctx.fail(f"Expected 'auto' or a positive integer; got {_brief(value)}.")


def expand_factor(f, block, n_blocks):
    """A factor (scalar or per block) as a per-row column for a stacked learnable."""
    if np.isscalar(f):
        return float(f)
    return np.repeat(np.asarray(f, dtype=np.float64).reshape(-1), block).reshape(-1, 1)
