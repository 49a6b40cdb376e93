"""A minimal MATLAB table: named columns of equal height, what readtable returns."""
import numbers

import numpy as np

from .._namevalue import _brief
from .._signature import matlab_syntax
from .._struct import Struct
from ..display.text import TIMES, MString, format_short
from ..errors import MatlabnnTypeError, MatlabnnValueError


class table:
    """Table of named columns (variables) of equal height, as MATLAB's ``table``.

    Each variable is a numpy array (numbers) or a list of str (MATLAB's cell array
    of character vectors). Python forms of MATLAB's table operations::

        T = readtable('data.csv')
        T.Temperature                 T.Temperature            (column by name)
        T.('Wind Speed')              T['Wind Speed']
        T(1:5, :)                     T[0:5, :]                (rows, as a table)
        T(:, {'A', 'B'})              T[:, ['A', 'B']]
        T.Properties.VariableNames    T.Properties.VariableNames  or  T.VariableNames
        T.Properties.VariableNames = names   T.VariableNames = names
        height(T), width(T)           T.height, T.width, len(T)
        A = table2array(T)            A = table2array(T)
        T.NewVar = x                  T.NewVar = x  or  T['NewVar'] = x

    Construct one with ``table(col1, col2, ..., 'VariableNames', names)`` (default
    names Var1, Var2, ...). The display is MATLAB's.
    """

    @matlab_syntax("T = table(var1, ..., varN)", "table(..., 'VariableNames', names)",
                   name="table")
    def __init__(self, *columns, VariableNames=None):
        columns = list(columns)
        if len(columns) >= 2 and isinstance(columns[-2], str) and \
                columns[-2].lower() == "variablenames":
            VariableNames = columns.pop()
            columns.pop()
        names = list(VariableNames) if VariableNames is not None else \
            [f"Var{k + 1}" for k in range(len(columns))]
        if len(names) != len(columns):
            raise MatlabnnValueError(
                f"table: {len(names)} variable names for {len(columns)} variables. Give one "
                "name per variable.", "MATLAB:table:IncorrectNumberOfVarNames")
        object.__setattr__(self, "_columns", {})
        for name, col in zip(names, columns):
            self[name] = col

    # -- shape and names ----------------------------------------------------------------
    @property
    def VariableNames(self):
        """The variable (column) names, a list of str."""
        return list(self._columns)

    @property
    def Properties(self):
        """MATLAB's ``T.Properties`` (VariableNames only)."""
        return Struct(VariableNames=self.VariableNames)

    @property
    def height(self):
        """Number of rows, MATLAB's ``height(T)``."""
        return len(next(iter(self._columns.values()))) if self._columns else 0

    @property
    def width(self):
        """Number of variables, MATLAB's ``width(T)``."""
        return len(self._columns)

    @property
    def shape(self):
        """MATLAB's ``size(T)``: (rows, variables)."""
        return (self.height, self.width)

    def __len__(self):
        return self.height

    # -- access -------------------------------------------------------------------------
    def __getattr__(self, name):
        columns = self.__dict__.get("_columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(
            f"Unrecognized table variable name '{name}'. Variables: "
            + ", ".join(f"'{n}'" for n in columns) + ".")

    def __setattr__(self, name, value):
        if name == "VariableNames":         # T.Properties.VariableNames = ... in MATLAB
            self._rename(value)
        elif name in ("Properties", "height", "width", "shape"):
            raise MatlabnnValueError(
                f"table: '{name}' cannot be set. Set T.VariableNames to rename variables.",
                "MATLAB:table:SetProhibited")
        else:
            self[name] = value

    def _rename(self, names):
        names = [names] if isinstance(names, str) else list(names)
        if len(names) != self.width or len(set(names)) != len(names) or \
                not all(isinstance(n, str) and n for n in names):
            raise MatlabnnValueError(
                f"table: VariableNames must be {self.width} distinct nonempty names; got "
                f"{_brief(names)}.", "MATLAB:table:IncorrectNumberOfVarNames")
        object.__setattr__(self, "_columns", dict(zip(names, self._columns.values())))

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.__getattr__(key)
        if isinstance(key, tuple) and len(key) == 2:
            rows, names = key
        else:
            rows, names = key, slice(None)
        names = self._names(names)
        index = np.arange(self.height)[rows]
        index = np.atleast_1d(index)
        out = table.__new__(table)
        object.__setattr__(out, "_columns", {})
        for n in names:
            col = self._columns[n]
            out._columns[n] = col[index] if isinstance(col, np.ndarray) else \
                [col[i] for i in index]
        return out

    def __setitem__(self, name, value):
        if not isinstance(name, str) or not name:
            raise MatlabnnTypeError(
                f"table: variable names must be nonempty text; got {_brief(name)}.",
                "MATLAB:table:InvalidVarName")
        col = _column(value)
        others = [n for n in self._columns if n != name]
        if others and len(col) != self.height:
            raise MatlabnnValueError(
                f"table: the variable '{name}' has {len(col)} rows but the table has "
                f"{self.height}. All variables must have the same number of rows.",
                "MATLAB:table:RowDimensionMismatch")
        self._columns[name] = col

    def _names(self, names):
        if isinstance(names, slice):
            return self.VariableNames[names]
        if isinstance(names, (str, numbers.Integral)):
            names = [names]
        out = []
        for n in names:
            if isinstance(n, (numbers.Integral, np.integer)):
                out.append(self.VariableNames[n])
            elif n in self._columns:
                out.append(n)
            else:
                self.__getattr__(n)        # raises the unknown-name error
        return out

    # -- display ------------------------------------------------------------------------
    def __repr__(self):
        head = f"  {self.height}{TIMES}{self.width} table\n\n"
        if not self._columns:
            return head
        cells = [_column_texts(col) for col in self._columns.values()]
        blocks = []
        for name, texts in zip(self._columns, cells):
            w = max([len(name)] + [len(t) for t in texts])
            blocks.append((name, texts, w))
        lines = ["    " + "    ".join(n.center(w) for n, _, w in blocks),
                 "    " + "    ".join(("_" * len(n)).center(w) for n, _, w in blocks), ""]
        for r in range(self.height):
            lines.append("    " + "    ".join(t[r].rjust(w) if not t[r].startswith(("{", '"'))
                                              else t[r].ljust(w) for _, t, w in blocks))
        return head + "\n".join(line.rstrip() for line in lines) + "\n"

    __str__ = __repr__

    def _matlab_brief(self):
        """How a table shows as a property value: [5×3 table]."""
        return f"[{self.height}{TIMES}{self.width} table]"


def _column(value):
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    if isinstance(value, (list, tuple)) and any(v is None or isinstance(v, np.ndarray)
                                                for v in value):
        return list(value)        # a cell array of arrays (e.g. dlnetwork's Learnables.Value)
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.dtype.kind in "US":
        return [str(v) for v in arr.reshape(-1)]
    return arr


def _column_texts(col):
    """A variable's rows as MATLAB shows them: one number format for the whole column."""
    if isinstance(col, list):
        return [_cell_text(v) for v in col]
    if col.dtype == bool:
        return ["true" if v else "false" for v in col.reshape(len(col), -1)[:, 0]]
    values = col.reshape(len(col), -1).astype(np.float64)
    finite = values[np.isfinite(values)]
    whole = np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 1e9)

    def number(v):
        if not np.isfinite(v) or whole:
            return format_short(v)
        return f"{v:.4f}" if 1e-3 <= abs(v) < 1e5 or v == 0 else f"{v:.4e}"
    return ["  ".join(number(v) for v in row) for row in values]


def _cell_text(v):
    """One element of a text or cell variable: a char cell {'a'}, a string "a", or an
    array cell {3×2 single}."""
    if isinstance(v, MString):
        return f'"{v}"'
    if isinstance(v, str):
        return "{'" + v + "'}"
    if v is None:
        return "{0\u00d70 double}"
    a = np.asarray(v)
    shape = a.shape if a.ndim >= 2 else ((a.shape[0] if a.ndim else 1), 1)
    kind = {"float32": "single", "float64": "double"}.get(str(a.dtype), str(a.dtype))
    return "{" + TIMES.join(map(str, shape)) + f" {kind}" + "}"


@matlab_syntax("A = table2array(T)")
def table2array(T):
    """Convert a table to a homogeneous array, as MATLAB's ``table2array``.

    MATLAB syntax, the same in Python::

        A = table2array(T)

    Numeric variables are placed side by side into a float64 height-by-N array
    (multi-column variables give several columns). A table of text variables
    gives a numpy array of str; mixing text and numbers is an error, as in MATLAB.

    Example::

        T = readtable('data.csv')
        X = table2array(T[:, ['Temp', 'Humidity']])
    """
    if not isinstance(T, table):
        raise MatlabnnTypeError(
            f"table2array: the input must be a table; got {_brief(T)}.",
            "MATLAB:table2array:InvalidInput")
    cols = [T[n] for n in T.VariableNames]
    text = [isinstance(c, list) for c in cols]
    if any(text) and not all(text):
        raise MatlabnnValueError(
            "table2array: cannot concatenate the table variables because some are text and "
            "some numeric. Select the numeric variables first, e.g. table2array(T[:, names]).",
            "MATLAB:table2array:CannotConcatenate")
    if not cols:
        return np.zeros((T.height, 0))
    if all(text):
        return np.array(cols, dtype=str).T
    return np.column_stack([np.asarray(c, dtype=np.float64).reshape(T.height, -1)
                            for c in cols])
