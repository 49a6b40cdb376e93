"""Small helpers that translated scripts import where the translator cannot know a type.

Each helper does one MATLAB thing that has no single numpy spelling: growing an
array or a list by indexed assignment, ``numel``/``size``/``length`` of a value
that may be a list or an array, MATLAB's number-to-text rules, the command-window
display of an unsuppressed statement, and the few MATLAB plots matplotlib lacks.
"""
import csv
import math
import os
import re

import numpy as np

from .._struct import Struct
from ..categorical import categorical
from ..categorical import num2str as _scalar_num2str
from ..display.text import disp as _disp_object

__all__ = ["assign_index", "numel", "size", "length", "isempty", "num2str", "string",
           "display", "disp", "colon", "along_first", "round_half_away", "readmatrix",
           "readtable", "table2array", "Table", "Struct",
           "stackedplot", "tiledlayout", "nexttile"]


# --------------------------------------------------------------------------- growing
def _grow_list(items, index):
    while len(items) <= index:
        items.append(np.zeros((0, 0)))


def assign_index(target, key, value):
    """``target`` with ``target[key] = value``, grown first as MATLAB grows arrays.

    ``key`` is 0-based: an int, or a (row, column) tuple of ints and ':' slices.
    A list (cell array) grows with empty entries; a numeric array grows with
    zeros. A 1-D array is a row vector: ``(0, j)`` and ``(:, j)`` address its
    element ``j``, and it stays 1-D. Returns the (possibly new) target.
    """
    if isinstance(target, list):
        _grow_list(target, key)
        target[key] = value
        return target
    array = np.asarray(target, dtype=float) if not isinstance(target, np.ndarray) else target
    value_array = np.asarray(value)
    if isinstance(key, tuple) and len(key) == 2 and array.ndim == 2 and array.shape[0] == 1:
        array = array.reshape(-1)             # a 1-by-N row vector is 1-D here
    if isinstance(key, tuple) and len(key) == 2 and array.ndim <= 1:
        first = key[0]
        if first == 0 or (isinstance(first, slice) and first == slice(None)):
            key = key[1]                      # row vector: (1, j) is element j
    if not isinstance(key, tuple):
        if array.ndim == 2 and array.shape[1] == 1 and array.shape[0] != 1:
            return _assign_2d(array, (key, 0), value)           # a column stays a column
        if array.ndim == 2 and array.size > 0 and 1 not in array.shape:
            return _assign_2d(array, np.unravel_index(key, array.shape, order="F"), value)
        array = array.reshape(-1)
        if isinstance(key, (int, np.integer)) and key >= array.size:
            array = np.concatenate([array, np.zeros(key + 1 - array.size, array.dtype)])
        if value_array.dtype.kind == "f" and array.dtype.kind in "biu":
            array = array.astype(value_array.dtype)
        array[key] = value_array.reshape(-1)[0] if value_array.size == 1 else value_array
        return array
    return _assign_2d(np.atleast_2d(array) if array.size else array.reshape(0, 0), key, value)


def _assign_2d(array, key, value):
    value_array = np.asarray(value)
    needed = []
    for axis, k in enumerate(key):
        current = array.shape[axis] if array.ndim > axis else 0
        if isinstance(k, slice):
            length = current if current else max(value_array.shape[axis:axis + 1] or [1])
            needed.append(max(current, length))
        else:
            needed.append(max(current, int(np.max(k)) + 1))
    if tuple(needed) != array.shape:
        grown = np.zeros(needed, dtype=np.result_type(array.dtype, value_array.dtype, float))
        grown[tuple(slice(0, s) for s in array.shape)] = array
        array = grown
    array[tuple(key)] = value_array.reshape(array[tuple(key)].shape) \
        if value_array.size == np.size(array[tuple(key)]) else value_array
    return array


# --------------------------------------------------------------------------- sizes
def size(x, dim=None, nargout=1):
    """MATLAB's ``size``: a 1-D array is 1-by-N, a list is N-by-1, a scalar 1-by-1."""
    if isinstance(x, (list, tuple)):
        shape = (len(x), 1)
    elif isinstance(x, str):
        shape = (1, len(x))
    else:
        shape = tuple(np.shape(x))
        shape = (1, 1) if not shape else (1, shape[0]) if len(shape) == 1 else shape
    if dim is not None:
        return shape[dim - 1] if dim <= len(shape) else 1
    if nargout > 1:
        return tuple(shape[:nargout - 1]) + (math.prod(shape[nargout - 1:]),)
    return shape


def numel(x):
    """Number of elements: ``len`` of a list or a str, ``size`` of an array."""
    if isinstance(x, (list, tuple, str)):
        return len(x)
    return int(np.size(x))


def length(x):
    """MATLAB's ``length``: the largest dimension (0 when empty)."""
    if isinstance(x, (list, tuple, str)):
        return len(x)
    shape = np.shape(x)
    return 0 if 0 in shape else max(shape, default=1)


def isempty(x):
    """True when ``x`` has no elements."""
    return numel(x) == 0


# --------------------------------------------------------------------------- text
def num2str(x):
    """MATLAB's ``num2str``: '1', '2.5', '3.1416'; an array as its values, two spaces apart."""
    if isinstance(x, (str, categorical)):
        return string(x) if isinstance(x, categorical) else x
    array = np.asarray(x)
    if array.size == 1:
        return _scalar_num2str(array.reshape(-1)[0])
    return "  ".join(_scalar_num2str(v) for v in array.reshape(-1))


def string(x):
    """MATLAB's ``string``: one str for a scalar, a list of str for an array."""
    if isinstance(x, str):
        return x
    if isinstance(x, categorical):
        names = x.tolist()
        return names[0] if len(names) == 1 else names
    if isinstance(x, (list, tuple)):
        return [string(v) for v in x]
    array = np.asarray(x)
    if array.size == 1 and array.ndim <= 1:
        return _scalar_num2str(array.reshape(-1)[0])
    return [_scalar_num2str(v) for v in array.reshape(-1)]


def _format_value(value):
    if isinstance(value, str):
        return f'    "{value}"'
    if isinstance(value, (bool, np.bool_)):
        return f"  logical\n\n   {int(value)}"
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        if v == int(v) and abs(v) < 1e9:
            return f"    {int(v)}"
        return f"    {v:.4f}" if 1e-3 <= abs(v) < 1e5 else f"   {v:.4e}"
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, suppress=True):
            return "    " + str(value).replace("\n", "\n    ")
    if isinstance(value, list) and not (value and all(hasattr(v, "Name") for v in value)):
        cells = [_cell_brief(v) for v in value]
        return f"  {len(value)}{_TIMES}1 cell array\n\n" + "\n".join(f"    {{{c}}}" for c in cells)
    if isinstance(value, list) and value and all(hasattr(v, "Name") for v in value):
        from ..network import LayerArray
        return repr(LayerArray(value))
    return repr(value)


_TIMES = "\u00d7"


def _cell_brief(v):
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return _scalar_num2str(v)
    shape = size(v)
    kind = "double" if isinstance(v, np.ndarray) and v.dtype.kind == "f" else type(v).__name__
    return _TIMES.join(str(n) for n in shape) + " " + kind


def display(name, value):
    """What MATLAB's command window shows for a statement without a semicolon."""
    print(f"{name} =\n\n{_format_value(value)}\n")


def disp(x):
    """MATLAB's ``disp``: the value without its name."""
    if isinstance(x, (str, np.ndarray, int, float, np.integer, np.floating, bool)):
        print(x if isinstance(x, str) else _format_value(x).strip("\n"))
    else:
        _disp_object(x)


def along_first(reduction, x, **options):
    """``reduction`` (np.mean, np.sum, ...) along MATLAB's default dimension: the first
    whose size is not 1, so a 1-by-N row and an N-by-1 column both reduce to one value."""
    x = np.asarray(x)
    axis = next((k for k, n in enumerate(x.shape) if n != 1), 0) if x.ndim else None
    return reduction(x, axis=axis, **options)


def round_half_away(x):
    """MATLAB's ``round``: halves go away from zero (2.5 -> 3, -2.5 -> -3); an int for a number."""
    rounded = np.sign(x) * np.floor(np.abs(x) + 0.5)
    return int(rounded) if np.ndim(rounded) == 0 and np.isfinite(rounded) else rounded


# --------------------------------------------------------------------------- ranges, files
def colon(start, step, stop):
    """MATLAB's ``start:step:stop`` for non-integer steps (no floating-point overshoot)."""
    count = math.floor((stop - start) / step + 1e-10) + 1
    return start + step * np.arange(max(count, 0))


def _read_cells(filename):
    """Rows of a spreadsheet or delimited text file: numbers as float, other text as str."""
    extension = os.path.splitext(filename)[1].lower()
    if extension in (".xls", ".xlsx", ".xlsm"):
        try:
            import openpyxl
        except ImportError:
            raise ImportError("Reading spreadsheets needs openpyxl: pip install openpyxl, "
                              "or save the sheet as CSV.") from None
        sheet = openpyxl.load_workbook(filename, read_only=True, data_only=True).active
        raw = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        with open(filename, newline="") as f:
            text = f.read()
        lines = [line for line in text.splitlines() if line.strip()]
        delimiter = "," if "," in text[:4096] else "\t" if "\t" in text[:4096] else None
        raw = list(csv.reader(lines, delimiter=delimiter)) if delimiter else \
            [line.split() for line in lines]
    rows = []
    for row in raw:
        cells = []
        for cell in row:
            if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                cells.append(float(cell))
            elif cell is None or str(cell).strip() == "":
                cells.append(np.nan)
            else:
                try:
                    cells.append(float(str(cell).strip()))
                except ValueError:
                    cells.append(str(cell).strip())
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [np.nan] * (width - len(r)) for r in rows]


def readmatrix(filename):
    """Numeric contents of a text/CSV file (or .xlsx with openpyxl), as ``readmatrix``.

    Used for ``readmatrix``, ``xlsread``, ``csvread`` and ``dlmread``. Text that
    is not a number reads as NaN, like MATLAB; header rows (no numbers) are skipped.
    """
    rows = [[c if isinstance(c, float) else np.nan for c in row] for row in _read_cells(filename)]
    data = np.array(rows, dtype=float).reshape(len(rows), -1)
    first = next((k for k, row in enumerate(data) if not np.all(np.isnan(row))), len(data))
    return data[first:]


class Table:
    """The columns of a file by name, as MATLAB's ``table`` gives them: ``T.Price`` is a
    column (numbers as a 1-D array, text as a list of str); ``table2array(T)`` is the
    numeric matrix; ``T.Properties.VariableNames`` lists the names."""

    def __init__(self, columns):
        object.__setattr__(self, "_columns", dict(columns))

    def __getattr__(self, name):
        columns = object.__getattribute__(self, "_columns")
        if name in columns:
            return columns[name]
        if name == "Properties":
            return Struct(VariableNames=list(columns))
        raise AttributeError(f"Unrecognized table variable name '{name}'.")

    def __setattr__(self, name, value):
        self._columns[name] = value

    @property
    def shape(self):
        first = next(iter(self._columns.values()), [])
        return (len(first), len(self._columns))

    def __len__(self):
        return self.shape[0]

    def __repr__(self):
        rows, cols = self.shape
        head = "  ".join(f"{n:>10}" for n in self._columns)
        lines = [f"  {rows}{_TIMES}{cols} table", "", head]
        for k in range(min(rows, 8)):
            lines.append("  ".join(f"{_cell_brief(c[k]):>10}" for c in self._columns.values()))
        return "\n".join(lines) + ("\n    :" if rows > 8 else "") + "\n"


def readtable(filename):
    """MATLAB's ``readtable``: the first row names the columns when it is all text."""
    rows = _read_cells(filename)
    header = rows and all(isinstance(c, str) for c in rows[0])
    body = rows[1:] if header else rows
    width = len(rows[0]) if rows else 0
    names = [re.sub(r"\W", "_", c) if re.match(r"[A-Za-z]", c) else f"Var{k + 1}"
             for k, c in enumerate(rows[0])] if header else \
        [f"Var{k + 1}" for k in range(width)]
    columns = {}
    for k, name in enumerate(names):
        values = [row[k] for row in body]
        numbers = sum(isinstance(v, float) and not np.isnan(v) for v in values)
        texts = sum(isinstance(v, str) for v in values)
        if numbers >= texts:           # mostly numbers: a numeric column, the rest NaN
            columns[name] = np.array([v if isinstance(v, float) else np.nan for v in values])
        else:
            columns[name] = ["" if isinstance(v, float) else v for v in values]
    return Table(columns)


def table2array(table):
    """A Table's columns side by side, as MATLAB's ``table2array`` (and ``T{rows, cols}``).

    Text columns read as NaN, so column positions stay MATLAB's.
    """
    if not isinstance(table, Table):
        return np.asarray(table)
    return np.column_stack([c if isinstance(c, np.ndarray) else np.full(len(c), np.nan)
                            for c in table._columns.values()])


# --------------------------------------------------------------------------- plots
def stackedplot(X, DisplayLabels=None):
    """MATLAB's ``stackedplot``: each column of ``X`` in its own axes, sharing the x axis."""
    import matplotlib.pyplot as plt
    X = np.asarray(X)
    X = X.reshape(-1, 1) if X.ndim == 1 else X
    fig = plt.gcf()
    fig.clf()
    axes = fig.subplots(X.shape[1], 1, sharex=True, squeeze=False)[:, 0]
    for k, ax in enumerate(axes):
        ax.plot(np.arange(1, X.shape[0] + 1), X[:, k])
        ax.set_ylabel(DisplayLabels[k] if DisplayLabels is not None else f"Var{k + 1}")
    return axes


_layout = {"figure": None, "rows": 1, "cols": 1, "next": 1}


def tiledlayout(rows, cols=1):
    """MATLAB's ``tiledlayout(m, n)``: a grid on the current figure; returns the figure."""
    import matplotlib.pyplot as plt
    fig = plt.gcf()
    _layout.update(figure=fig, rows=rows, cols=cols, next=1)
    return fig


def nexttile(tile=None):
    """MATLAB's ``nexttile``: the next (or the given, 1-based) tile's axes."""
    import matplotlib.pyplot as plt
    if _layout["figure"] is not plt.gcf():
        tiledlayout(1, 1)
    k = tile if tile is not None else _layout["next"]
    _layout["next"] = k + 1
    return plt.subplot(_layout["rows"], _layout["cols"], k)
