"""MATLAB's ``table``: columns of equal height, accessed by name.

A small table for the data that MATLAB scripts keep in tables (what ``load``
reads from MAT files written by MATLAB, or what a script builds): each variable
(column) is a numpy array with one row per table row (N-by-k numbers, an
object array of strings), a ``categorical`` or a list (a cell array). Access is
MATLAB's: ``T.X`` or ``T['X']`` (MATLAB ``T.X`` / ``T.('X')``), ``height(T)``,
``width(T)``, ``T.Properties.VariableNames``.
"""
import numbers

import numpy as np

from ._namevalue import Option, parse
from ._struct import Struct
from ._signature import matlab_syntax
from .categorical import categorical, num2str
from .display.text import TIMES
from .errors import MatlabnnTypeError, MatlabnnValueError

__all__ = ["table", "height", "width", "istable"]

class TableProperties(Struct):
    """``T.Properties``: MATLAB's table metadata (VariableNames, RowNames, Description, ...)."""

    def __repr__(self):
        return "  TableProperties with properties:\n\n" + \
            "\n".join(f"{n:>24}: {_brief(self[n])}" for n in self) + "\n"


def _brief(v):
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, list):
        return "{" + "  ".join(f"'{x}'" for x in v) + "}" if v else "{}"
    return "[]" if v is None else repr(v)


def _names(value, ctx):
    """A list of str from a str or a list of str (MATLAB: a cellstr or string array)."""
    if isinstance(value, str):
        return [value]
    values = np.asarray(value, dtype=object).reshape(-1).tolist() \
        if isinstance(value, (list, tuple, np.ndarray)) else None
    if values is None or not all(isinstance(v, str) for v in values):
        ctx.fail("It must be a list of names (str), e.g. ['X', 'Y'].")
    return values


def _rows(value):
    """Number of rows of a table variable."""
    if isinstance(value, categorical):
        return value.shape[0]
    if isinstance(value, list):
        return len(value)
    return np.shape(value)[0] if np.ndim(value) else 1


def _column(value, name):
    """A variable as stored: 1-D arrays become N-by-1 columns, tuples lists."""
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, (categorical, list)):
        return value
    if isinstance(value, str):
        raise MatlabnnTypeError(
            f"table: variable '{name}' is a single str; give one value per row, e.g. a "
            "list of str.", "MATLAB:table:InvalidVariable")
    arr = np.asarray(value)
    return arr.reshape(-1, 1) if arr.ndim < 2 else arr


class table:
    """Table of variables (columns) of equal height, as MATLAB's ``table``.

    MATLAB syntax and its Python form::

        T = table(var1, ..., varN)          T = table(var1, ..., varN)
        T = table(..., 'VariableNames', {'X', 'Y'})   T = table(..., VariableNames=['X', 'Y'])
        T = table(..., 'RowNames', {'R1', ...})       T = table(..., RowNames=['R1', ...])
        T = table                           T = table()

    Each variable is a column of N rows: a numpy array (a 1-D array becomes
    N-by-1; an N-by-k array is one variable with k columns), a ``categorical``,
    or a list of N values (a cell array, e.g. a cellstr). Names default to
    ``Var1``, ``Var2``, ... (Python cannot see the names of the variables
    passed, which MATLAB uses).

    Access, as in MATLAB: ``T.X`` or ``T['X']`` (a variable), ``T.X = v`` (set or
    add one), ``height(T)``, ``width(T)``, ``T.shape`` (MATLAB ``size(T)``),
    ``T.Properties.VariableNames`` / ``RowNames`` / ``Description`` /
    ``VariableUnits`` / ``VariableDescriptions`` / ``DimensionNames`` /
    ``UserData``. Renaming through ``T.Properties.VariableNames = [...]`` works.
    Displays like MATLAB's (numbers as ``num2str`` writes them; strings in
    double quotes, cell text in ``{'...'}``).

    Example::

        T = table(np.array([10, 20, 30]), np.array([100, 200, 300]),
                  VariableNames=['X', 'Y'])
        T.Y                       # 3-by-1 array
        height(T), width(T)       # 3, 2
        T.Properties.VariableNames    # ['X', 'Y']
    """

    @matlab_syntax("T = table(var1, ..., varN)", "table(..., VariableNames=names)",
                   "table(..., RowNames=names)", name="table")
    def __init__(self, *args, **kwargs):
        args = list(args)
        columns = []
        while args and not isinstance(args[0], str):      # variables come before the options
            columns.append(args.pop(0))
        options, _ = parse("table", [Option("VariableNames", None, _names),
                                     Option("RowNames", None, _names)], args, kwargs)
        names = options["VariableNames"]
        if names is None:
            names = [f"Var{k + 1}" for k in range(len(columns))]
        if len(names) != len(columns):
            raise MatlabnnValueError(
                f"table: VariableNames has {len(names)} names for {len(columns)} variables; "
                "give one name per variable.", "MATLAB:table:IncorrectNumberOfVarNames")
        rows = options["RowNames"] or []
        self._build([_column(c, n) for c, n in zip(columns, names)], names, rows)

    def _build(self, data, names, row_names, **properties):
        """Set the variables and properties (also used by ``load``)."""
        heights = {_rows(v) for v in data}
        if len(heights) > 1:
            raise MatlabnnValueError(
                "table: all variables must have the same number of rows; got "
                f"{sorted(heights)}.", "MATLAB:table:UnequalVarLengths")
        n = heights.pop() if heights else len(row_names)
        if row_names and len(row_names) != n:
            raise MatlabnnValueError(
                f"table: RowNames has {len(row_names)} names for {n} rows.",
                "MATLAB:table:IncorrectNumberOfRowNames")
        if len(set(names)) != len(names):
            raise MatlabnnValueError("table: variable names must be unique.",
                                     "MATLAB:table:DuplicateVarNames")
        object.__setattr__(self, "_data", list(data))
        object.__setattr__(self, "_height", n)
        props = TableProperties(Description="", UserData=None,
                                DimensionNames=["Row", "Variables"], VariableNames=list(names),
                                VariableDescriptions=[], VariableUnits=[],
                                VariableContinuity=[], RowNames=list(row_names))
        props.update(properties)
        object.__setattr__(self, "Properties", props)

    @classmethod
    def _from_parts(cls, data, names, row_names=(), **properties):
        self = cls.__new__(cls)
        self._build(data, list(names), list(row_names), **properties)
        return self

    # ---------------------------------------------------------------- access
    def _position(self, name):
        names = self.Properties.VariableNames
        if len(names) != len(self._data):
            raise MatlabnnValueError(
                f"table: Properties.VariableNames has {len(names)} names for "
                f"{len(self._data)} variables.", "MATLAB:table:IncorrectNumberOfVarNames")
        return names.index(name) if name in names else None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        k = self._position(name)
        if k is None:
            raise AttributeError(
                f"Unrecognized table variable name '{name}'. Variables: "
                f"{self.Properties.VariableNames}.")
        return self._data[k]

    def __getitem__(self, name):
        if not isinstance(name, str):
            raise MatlabnnTypeError(
                "table: index a table by variable name, T['X'] (MATLAB T.('X')).",
                "MATLAB:table:InvalidSubscript")
        k = self._position(name)
        if k is None:
            raise KeyError(f"Unrecognized table variable name '{name}'.")
        return self._data[k]

    def __setattr__(self, name, value):
        if name == "Properties":
            raise MatlabnnTypeError("table: set the fields of T.Properties, not T.Properties.",
                                    "MATLAB:table:InvalidPropertyAssignment")
        self[name] = value

    def __setitem__(self, name, value):
        value = _column(value, name)
        if self._data and _rows(value) != self._height:
            raise MatlabnnValueError(
                f"To assign to or create a variable in a table, the number of rows must match "
                f"the height of the table ({self._height}); got {_rows(value)}.",
                "MATLAB:table:RowDimensionMismatch")
        k = self._position(name)
        if k is None:
            self._data.append(value)
            self.Properties.VariableNames.append(name)
            if not self._data[:-1]:
                object.__setattr__(self, "_height", _rows(value))
        else:
            self._data[k] = value

    def __contains__(self, name):
        return name in self.Properties.VariableNames

    def __len__(self):
        return self._height

    @property
    def shape(self):
        """MATLAB ``size(T)``: (height, width)."""
        return (self._height, len(self._data))

    def __dir__(self):
        return list(super().__dir__()) + list(self.Properties.VariableNames)

    # ---------------------------------------------------------------- display
    def __repr__(self):
        """MATLAB's display, as after ``T`` without a semicolon."""
        rows, cols = self.shape
        if rows == 0 or cols == 0:
            return f"  {rows}{TIMES}{cols} empty table\n"
        blocks = [(name, _cells(value, rows))
                  for name, value in zip(self.Properties.VariableNames, self._data)]
        widths = [max([len(name)] + [len(c) for c in cells]) for name, cells in blocks]
        prefix = [""] * (rows + 2)
        if self.Properties.RowNames:
            rw = max(len(r) for r in self.Properties.RowNames)
            prefix = [" " * rw, " " * rw] + [r.ljust(rw) for r in self.Properties.RowNames]
            prefix = [p + "    " for p in prefix]
        head = "    ".join(_center(n, w) for (n, _), w in zip(blocks, widths))
        rule = "    ".join("_" * w for w in widths)
        lines = ["    " + prefix[0] + head, "    " + prefix[1] + rule, ""]
        for i in range(rows):
            lines.append("    " + prefix[i + 2] + "    ".join(
                cells[i].ljust(w) for (_, cells), w in zip(blocks, widths)))
        return f"  {rows}{TIMES}{cols} table\n\n" + "\n".join(line.rstrip() for line in lines) \
            + "\n"

    def _matlab_brief(self):
        return f"[{self.shape[0]}{TIMES}{self.shape[1]} table]"


def _center(text, width):
    left = (width - len(text)) // 2
    return (" " * left + text).ljust(width)


def _cell_text(v):
    """One cell-array element as MATLAB shows it inside a table: {'text'}, {[1]}, ..."""
    if isinstance(v, str):
        return "{'" + v + "'}"
    if isinstance(v, (numbers.Number, np.number)):
        return "{[" + num2str(v) + "]}"
    return "{" + (f"[{TIMES.join(map(str, np.shape(v)))} {type(v).__name__}]"
                  if np.ndim(v) else type(v).__name__) + "}"


def _cells(value, rows):
    """Text of each row of one variable."""
    if isinstance(value, categorical):
        names = np.asarray(value._names(), dtype=object).reshape(value.shape, order="F")
        return ["    ".join(map(str, names[i].reshape(-1))) for i in range(rows)]
    if isinstance(value, list):
        return [_cell_text(v) for v in value]
    arr = np.asarray(value)
    out = []
    for i in range(rows):
        row = arr[i].reshape(-1)
        if arr.dtype == object:
            texts = ["<missing>" if v is None else
                     (f'"{v}"' if isinstance(v, str) else _cell_text(v)) for v in row]
        elif arr.dtype.kind == "b":
            texts = ["true" if v else "false" for v in row]
        elif arr.dtype.kind in "iuf":
            texts = [num2str(v) for v in row]
        else:
            texts = [str(v) for v in row]
        out.append("    ".join(texts))
    return out


@matlab_syntax("H = height(T)")
def height(T):
    """Number of rows of a table (or of an array: its first dimension).

    MATLAB: ``H = height(T)``. Example: ``height(table(np.arange(5)))`` -> 5.
    """
    if isinstance(T, (table, categorical, list, tuple)):
        return T.shape[0] if isinstance(T, categorical) else len(T)
    return np.shape(T)[0] if np.ndim(T) else 1


@matlab_syntax("W = width(T)")
def width(T):
    """Number of variables of a table (or of an array: its second dimension).

    MATLAB: ``W = width(T)``. Example: ``width(table(np.arange(5), np.ones(5)))`` -> 2.
    """
    if isinstance(T, (table, categorical)):
        return T.shape[1]
    if isinstance(T, (list, tuple)):
        return 1                        # a Python list is an N-by-1 cell array
    shape = np.shape(T)
    return shape[1] if len(shape) > 1 else 1


@matlab_syntax("tf = istable(T)")
def istable(T):
    """True if ``T`` is a table.

    MATLAB: ``tf = istable(T)``. Example: ``istable(table())`` -> True.
    """
    return isinstance(T, table)
