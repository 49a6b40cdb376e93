"""MATLAB command-window formatting of values, property blocks and structs."""
import math

import numpy as np

from .._signature import matlab_syntax

TIMES = "\u00d7"   # MATLAB prints sizes as 4×1 since R2020-ish


class MString(str):
    """A MATLAB string (displayed with double quotes), as opposed to a char vector."""


def format_short(v):
    """A real scalar as MATLAB's ``format short`` prints it (1, 0.9000, 1.0000e-04, Inf)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    if v == int(v) and abs(v) < 1e9:
        return str(int(v))
    if 1e-3 <= abs(v) < 1e3:
        return f"{v:.4f}"
    return f"{v:.4e}"


def _class_name(a):
    if a.dtype == object and a.size and all(isinstance(x, str) for x in a.flat):
        return "string"                 # a MATLAB string array, as load gives it
    return {"float32": "single", "float64": "double", "bool": "logical",
            "int64": "int64", "int32": "int32", "uint8": "uint8"}.get(str(a.dtype), str(a.dtype))


def format_value(v):
    """One value as it appears after ``Name: `` in a MATLAB property or struct display."""
    if v is None:
        return "[]"
    if hasattr(v, "_matlab_brief"):
        return v._matlab_brief()
    if isinstance(v, MString):
        return f'"{v}"'
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return format_short(v)
    if isinstance(v, (list, tuple)):
        if len(v) == 0:
            return "{}"
        if all(isinstance(x, str) for x in v):
            return "{" + "  ".join(f"'{x}'" for x in v) + "}"
        return f"{{1{TIMES}{len(v)} cell}}"
    if isinstance(v, np.ndarray):
        if v.size == 0:
            return "[]"
        if v.dtype.kind in "biuf":
            if v.size == 1:
                return format_value(v.reshape(-1)[0].item())
            if v.ndim <= 2 and min(v.shape) == 1 and v.shape[0] == 1 and v.size <= 8:
                return "[" + " ".join(format_short(x) for x in v.reshape(-1)) + "]"
        shape = v.shape if v.ndim >= 2 else (1, v.shape[0])
        return "[" + TIMES.join(map(str, shape)) + f" {_class_name(v)}]"
    if callable(v):
        name = getattr(v, "__name__", "fcn")
        return f"@{name}" if name != "<lambda>" else "@(x)..."
    return f"[1{TIMES}1 {type(v).__name__}]"


def property_block(title, sections, footer=None):
    """MATLAB's object display.

    ``sections`` is a list of (heading or None, [(name, value), ...]); names are
    right-aligned to the longest name of the whole display plus 4 spaces.
    """
    width = max(len(n) for _, items in sections for n, _ in items) + 4
    lines = [f"  {title} with properties:", ""]
    for k, (heading, items) in enumerate(sections):
        if heading is not None:
            if k:
                lines.append("")
            lines.append(f"   {heading}")
        for name, value in items:
            lines.append(f"{name:>{width}}: {format_value(value)}")
    if footer:
        lines += ["", f"  {footer}"]
    return "\n".join(lines) + "\n"


def struct_display(fields):
    """MATLAB's display of a struct: ``struct with fields:`` then aligned fields."""
    width = max(len(n) for n in fields) + 4
    lines = ["  struct with fields:", ""]
    lines += [f"{n:>{width}}: {format_value(v)}" for n, v in fields.items()]
    return "\n".join(lines) + "\n"


@matlab_syntax('disp(x)')
def disp(x):
    """Display a value without printing its name, as MATLAB's ``disp``.

    MATLAB syntax::

        disp(X)

    Prints layers, layer arrays, networks, training options, info structs and
    categorical arrays exactly as MATLAB's command window shows them; strings
    are printed as they are.

    Example::

        disp(net.Layers)
        disp(trainingOptions('adam'))
    """
    print(repr(x) if not isinstance(x, str) else x)
