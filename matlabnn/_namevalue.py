"""The one name-value argument parser, used by every public function.

MATLAB's ``f(x, 'Name', value, ...)`` and Python's ``f(x, Name=value)`` are both
accepted, mixed. Names are case-insensitive and may be abbreviated to a unique
prefix; string values are case-insensitive. Each function declares one table of
:class:`Option` (name, default, validator) next to its code, so its defaults live
in one place.
"""
import math
import numbers

import numpy as np

from .errors import InvalidOptionError, MatlabnnValueError


class Option:
    """One name-value option: its MATLAB name, default and validator.

    ``validator(value, ctx)`` returns the normalized value or raises
    ``MatlabnnValueError`` via ``ctx.fail(reason)``.
    """

    __slots__ = ("name", "default", "validator")

    def __init__(self, name, default, validator=None):
        self.name = name
        self.default = default
        self.validator = validator


class _Context:
    """What a validator needs to word its error: function and option names."""

    def __init__(self, function, option):
        self.function = function
        self.option = option

    def fail(self, reason, value=None):
        raise MatlabnnValueError(
            f"{self.function}: invalid value for '{self.option}'. {reason}",
            f"{self.function}:InvalidValue:{self.option}")


def _is_name(x):
    return isinstance(x, str)


def resolve_name(function, name, names, unknown_message=None):
    """Return the canonical option name matching ``name`` (case, unique prefix)."""
    lower = name.lower()
    for n in names:
        if n.lower() == lower:
            return n
    matches = [n for n in names if n.lower().startswith(lower)] if lower else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise InvalidOptionError(
            f"{function}: ambiguous option name '{name}'. It matches "
            + ", ".join(f"'{m}'" for m in matches) + ". Use more characters of the name.",
            "MATLAB:InputParser:AmbiguousParameter")
    if unknown_message is not None:
        raise InvalidOptionError(unknown_message(name), "MATLAB:InputParser:UnmatchedParameter")
    raise InvalidOptionError(
        f"{function}: '{name}' is not a recognized option. Valid options are: "
        + ", ".join(f"'{n}'" for n in names) + ".",
        "MATLAB:InputParser:UnmatchedParameter")


def parse(function, table, pairs=(), kwargs=None, unknown_message=None):
    """Parse positional name-value ``pairs`` and keyword ``kwargs`` against ``table``.

    Returns a dict {canonical name: validated value} holding every option of the
    table (defaults for those not given) and a set of the names the user gave,
    as ``(values, given)``. Later occurrences win, as in MATLAB.
    """
    names = [o.name for o in table]
    by_name = {o.name: o for o in table}
    items = []
    pairs = list(pairs)
    if len(pairs) % 2:
        last = pairs[-1]
        if _is_name(last):
            raise InvalidOptionError(
                f"{function}: the option '{last}' has no value. Name-value "
                "arguments must come in pairs: 'Name', value.",
                "MATLAB:InputParser:ParamMissingValue")
        raise InvalidOptionError(
            f"{function}: too many positional arguments, or name-value arguments "
            "not in pairs. Give options as 'Name', value pairs or Name=value keywords.",
            "MATLAB:TooManyInputs")
    for k in range(0, len(pairs), 2):
        name = pairs[k]
        if not _is_name(name):
            raise InvalidOptionError(
                f"{function}: expected an option name (a string) at argument "
                f"position {k + 1} of the name-value arguments, got {_brief(name)}. "
                "Give options as 'Name', value pairs or Name=value keywords.",
                "MATLAB:InputParser:ParamMustBeChar")
        items.append((name, pairs[k + 1]))
    items.extend((kwargs or {}).items())
    values = {o.name: o.default for o in table}
    given = set()
    for name, value in items:
        canonical = resolve_name(function, name, names, unknown_message)
        option = by_name[canonical]
        if option.validator is not None:
            value = option.validator(value, _Context(function, canonical))
        values[canonical] = value
        given.add(canonical)
    return values, given


def _brief(x):
    if isinstance(x, np.ndarray):
        return f"a {'x'.join(map(str, x.shape))} {x.dtype} array"
    r = repr(x)
    return r if len(r) <= 40 else type(x).__name__


# ---------------------------------------------------------------------------
# Validators. Each returns a function (value, ctx) -> normalized value.

def choice(*allowed):
    """A string from ``allowed`` (case-insensitive); returns MATLAB's spelling."""
    def check(value, ctx):
        if isinstance(value, str):
            for a in allowed:
                if a.lower() == value.lower():
                    return a
        ctx.fail(f"Expected one of: {_listing(allowed)}; got {_brief(value)}.")
    return check


def choice_or_callable(*allowed):
    """A string from ``allowed`` or a callable (MATLAB function handle)."""
    strings = choice(*allowed)

    def check(value, ctx):
        if callable(value) and not isinstance(value, str):
            return value
        if not isinstance(value, str):
            ctx.fail(f"Expected one of: {_listing(allowed)}, or a function handle "
                     f"(a Python callable); got {_brief(value)}.")
        return strings(value, ctx)
    return check


def _listing(allowed):
    return ", ".join(f"'{a}'" for a in allowed)


def is_logical(value):
    """True for a Python bool, a numpy bool or a bool array: MATLAB's logical class."""
    return isinstance(value, (bool, np.bool_)) or (
        isinstance(value, np.ndarray) and value.dtype.kind == "b")


def numeric_array(value, dtype=None):
    """``value`` as a numpy array, or None where it is not array-like (ragged lists,
    text, logicals): validators then word the error instead of numpy."""
    if isinstance(value, (str, bool, np.bool_)):
        return None
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        return None


def _scalar(value, allow_logical=False):
    """Return value as a Python float if it is a real numeric scalar, else None.

    One rule for logicals: numeric options refuse them in every form (True,
    np.True_, a 1-element bool array); only ``logical`` options take them.
    """
    if is_logical(value) and not allow_logical:
        return None
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
        return float(value.reshape(-1)[0])
    return None


def real_scalar(lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False, allow_inf=False,
                what=None):
    """A real scalar within [lo, hi] (open ends as flagged); returns a float."""
    def check(value, ctx):
        v = _scalar(value)
        ok = v is not None and not math.isnan(v)
        if ok and math.isinf(v):
            ok = allow_inf and ((v > 0 and hi == math.inf) or (v < 0 and lo == -math.inf))
        elif ok:
            ok = (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
        if not ok:
            ctx.fail(f"Expected {what or _range_text(lo, hi, lo_open, hi_open, allow_inf)}; "
                     f"got {_brief(value)}.")
        return v
    return check


def _range_text(lo, hi, lo_open, hi_open, allow_inf):
    if lo == 0 and lo_open and hi == math.inf:
        text = "a positive scalar"
    elif lo == 0 and hi == math.inf:
        text = "a nonnegative scalar"
    elif hi == math.inf:
        text = f"a scalar {'>' if lo_open else '>='} {lo:g}"
    else:
        text = (f"a scalar in the range {'(' if lo_open else '['}{lo:g}, {hi:g}"
                f"{')' if hi_open else ']'}")
    return text + (" or Inf" if allow_inf else "")


def positive_integer(allow_inf=False):
    """A positive integer (returns int; or math.inf when allowed)."""
    def check(value, ctx):
        v = _scalar(value)
        if v is not None and allow_inf and v == math.inf:
            return math.inf
        if v is None or isinstance(value, bool) or not math.isfinite(v) or v < 1 or v != int(v):
            ctx.fail(f"Expected a positive integer{' or Inf' if allow_inf else ''}; "
                     f"got {_brief(value)}.")
        return int(v)
    return check


def logical(value, ctx):
    """A MATLAB logical: True/False, 0/1 (returns bool)."""
    v = _scalar(value, allow_logical=True)
    if v is None or v not in (0.0, 1.0):
        ctx.fail(f"Expected a logical value (true/false or 1/0); got {_brief(value)}.")
    return bool(v)


def text(value, ctx):
    """A character vector or string."""
    if not isinstance(value, str):
        ctx.fail(f"Expected a character vector or string; got {_brief(value)}.")
    return value


def name_text(value, ctx):
    """A layer name: a string (MATLAB's '' for none)."""
    return text(value, ctx)


def any_value(value, ctx):
    return value


def sequence_length(value, ctx):
    """SequenceLength: 'longest', 'shortest' or a positive integer."""
    if isinstance(value, str):
        if value.lower() in ("longest", "shortest"):
            return value.lower()
        v = None
    else:
        v = _scalar(value)
    if v is None or isinstance(value, bool) or not math.isfinite(v) or v < 1 or v != int(v):
        ctx.fail(f"Expected 'longest', 'shortest' or a positive integer; got {_brief(value)}.")
    return int(v)


def real_finite_scalar(value, ctx):
    """Any real finite scalar (e.g. SequencePaddingValue)."""
    v = _scalar(value)
    if v is None or isinstance(value, bool) or not math.isfinite(v):
        ctx.fail(f"Expected a real finite scalar; got {_brief(value)}.")
    return v
