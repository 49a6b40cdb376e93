"""A minimal MATLAB table: named columns of equal height, what readtable and load return."""
import numbers

import numpy as np

from .._namevalue import Option, _brief, parse
from .._signature import matlab_syntax
from ..categorical import categorical, num2str
from ..display.text import TIMES, _class_name, format_short
from ..errors import MatlabnnTypeError, MatlabnnValueError

# T.Properties beyond VariableNames, with their defaults (MATLAB's names).
_METADATA = {"Description": "", "UserData": None, "DimensionNames": ["Row", "Variables"],
             "VariableDescriptions": [], "VariableUnits": [], "VariableContinuity": [],
             "RowNames": []}


class table:
    """Table of named columns (variables) of equal height, as MATLAB's ``table``.

    Each variable is a numpy array (numbers; an object array of str for a MATLAB
    string variable), a list (MATLAB's cell array, e.g. of character vectors) or a
    ``categorical``. Python forms of MATLAB's table operations::

        T = readtable('data.csv')
        T.Temperature                 T.Temperature            (column by name)
        T.('Wind Speed')              T['Wind Speed']
        T(1:5, :)                     T[0:5, :]                (rows, as a table)
        T(:, {'A', 'B'})              T[:, ['A', 'B']]
        T.Properties.VariableNames    T.Properties.VariableNames  or  T.VariableNames
        T.Properties.VariableNames = names   T.VariableNames = names
        height(T), width(T)           height(T), width(T), or T.height, T.width, len(T)
        T.Properties.RowNames         T.Properties.RowNames  (also Description,
                                      DimensionNames, VariableUnits, VariableDescriptions,
                                      VariableContinuity, UserData)
        A = table2array(T)            A = table2array(T)
        T.NewVar = x                  T.NewVar = x  or  T['NewVar'] = x

    Construct one with ``table(col1, col2, ..., 'VariableNames', names, 'RowNames',
    rownames)`` (default names Var1, Var2, ...; Python cannot see the names of the
    variables passed, which MATLAB uses). The display is MATLAB's.

    Example::

        T = table(np.array([10, 20, 30]), np.array([100, 200, 300]),
                  VariableNames=['X', 'Y'])
        T.Y, height(T), T.Properties.VariableNames       # array, 3, ['X', 'Y']
    """

    @matlab_syntax("T = table(var1, ..., varN)", "table(..., 'VariableNames', names)",
                   "table(..., 'RowNames', rownames)", name="table")
    def __init__(self, *args, **kwargs):
        args = list(args)
        columns = []
        while args and not isinstance(args[0], str):      # variables come before the options
            columns.append(args.pop(0))
        options, _ = parse("table", [Option("VariableNames", None, _text_list),
                                     Option("RowNames", [], _text_list)], args, kwargs)
        names = options["VariableNames"]
        if names is None:
            names = [f"Var{k + 1}" for k in range(len(columns))]
        if len(names) != len(columns):
            raise MatlabnnValueError(
                f"table: {len(names)} variable names for {len(columns)} variables. Give one "
                "name per variable.", "MATLAB:table:IncorrectNumberOfVarNames")
        if len(set(names)) != len(names):
            raise MatlabnnValueError(f"table: variable names must be unique; got {names}.",
                                     "MATLAB:table:DuplicateVarNames")
        object.__setattr__(self, "_columns", {})
        object.__setattr__(self, "_meta", {k: list(v) if isinstance(v, list) else v
                                           for k, v in _METADATA.items()})
        for name, col in zip(names, columns):
            self[name] = col
        self.Properties.RowNames = options["RowNames"]

    @classmethod
    def _from_parts(cls, columns, names, **metadata):
        """A table from variables as stored (no conversion) and Properties (used by load)."""
        self = cls()
        heights = {len(c) for c in columns}
        if len(heights) > 1:
            raise MatlabnnValueError(
                f"table: all variables must have the same number of rows; got {sorted(heights)}.",
                "MATLAB:table:UnequalVarLengths")
        self._columns.update(zip(names, columns))
        for key, value in metadata.items():
            setattr(self.Properties, key, value)
        return self

    # -- shape and names ----------------------------------------------------------------
    @property
    def VariableNames(self):
        """The variable (column) names, a list of str."""
        return list(self._columns)

    @property
    def Properties(self):
        """MATLAB's ``T.Properties``: VariableNames, RowNames, Description, ...; settable."""
        return TableProperties(self)

    @property
    def height(self):
        """Number of rows, MATLAB's ``height(T)``."""
        if self._columns:
            return len(next(iter(self._columns.values())))
        return len(self._meta["RowNames"])

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
        out = table()
        for n in names:
            col = self._columns[n]
            out._columns[n] = col[index] if isinstance(col, (np.ndarray, categorical)) else \
                [col[i] for i in index]
        out._meta.update({k: self._meta[k] for k in ("Description", "UserData", "DimensionNames")})
        if self._meta["RowNames"]:
            out._meta["RowNames"] = [self._meta["RowNames"][i] for i in index]
        return out

    def __setitem__(self, name, value):
        if not isinstance(name, str) or not name:
            raise MatlabnnTypeError(
                f"table: variable names must be nonempty text; got {_brief(name)}.",
                "MATLAB:table:InvalidVarName")
        col = _column(value)
        if isinstance(col, str):
            raise MatlabnnTypeError(
                f"table: variable '{name}' is a single str; give one value per row, e.g. a "
                "list of str.", "MATLAB:table:InvalidVariable")
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
        if not self._columns or not self.height:
            return f"  {self.height}{TIMES}{self.width} empty table\n"
        head = f"  {self.height}{TIMES}{self.width} table\n\n"
        blocks = []
        for name, col in self._columns.items():
            texts = _column_texts(col)
            w = max([len(name)] + [len(t) for t in texts])
            # Numbers are right-aligned, text, cells and categories left-aligned.
            right = isinstance(col, np.ndarray) and col.dtype.kind in "biuf"
            blocks.append((name, texts, w, right))
        rows = self._meta["RowNames"]
        width = max(map(len, rows)) if rows else 0
        prefix = [" " * width + "    "] * 2 + [r.ljust(width) + "    " for r in rows] \
            if rows else [""] * (self.height + 2)
        lines = ["    " + prefix[0] + "    ".join(n.center(w) for n, _, w, _ in blocks),
                 "    " + prefix[1] + "    ".join(("_" * len(n)).center(w)
                                                  for n, _, w, _ in blocks), ""]
        for r in range(self.height):
            lines.append("    " + prefix[r + 2] + "    ".join(
                t[r].rjust(w) if right else t[r].ljust(w) for _, t, w, right in blocks))
        return head + "\n".join(line.rstrip() for line in lines) + "\n"

    __str__ = __repr__

    def _matlab_brief(self):
        """As a struct field shows it: [3×2 table]."""
        return f"[{self.height}{TIMES}{self.width} table]"


class TableProperties:
    """``T.Properties``: the table's metadata; setting a field changes the table.

    Fields (MATLAB's): VariableNames, RowNames, Description, DimensionNames,
    VariableDescriptions, VariableUnits, VariableContinuity, UserData. Example::

        T.Properties.VariableNames = ['X', 'Y']
        T.Properties.Description = 'Measurements'
    """

    __slots__ = ("_table",)

    def __init__(self, owner):
        object.__setattr__(self, "_table", owner)

    def __getattr__(self, name):
        if name == "VariableNames":
            return self._table.VariableNames
        meta = self._table._meta
        if name in _METADATA:
            return meta[name]
        raise AttributeError(f"Unrecognized table property '{name}'. Properties: "
                             + ", ".join(["VariableNames"] + list(_METADATA)) + ".")

    def __setattr__(self, name, value):
        owner = self._table
        if name == "VariableNames":
            owner._rename(value)
        elif name == "RowNames":
            rows = _text_list(value, None) if value is not None and not \
                (isinstance(value, (list, tuple)) and not value) else []
            if rows and len(rows) != owner.height and owner._columns:
                raise MatlabnnValueError(
                    f"table: RowNames has {len(rows)} names for {owner.height} rows.",
                    "MATLAB:table:IncorrectNumberOfRowNames")
            owner._meta["RowNames"] = rows
        elif name in _METADATA:
            owner._meta[name] = value
        else:
            raise AttributeError(f"Unrecognized table property '{name}'.")

    __getitem__ = __getattr__
    __setitem__ = __setattr__

    def keys(self):
        """The property names, as a struct's fields."""
        return ["VariableNames"] + list(_METADATA)

    def __repr__(self):
        return "  TableProperties with properties:\n\n" + "\n".join(
            f"{n:>24}: {_brief_value(self[n])}" for n in self.keys()) + "\n"


def _brief_value(v):
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, list):
        return "{" + "  ".join(f"'{x}'" for x in v) + "}" if v else "{}"
    return "[]" if v is None else repr(v)


def _text_list(value, ctx):
    """A list of str from a str or a list of str (MATLAB: a cellstr or string array)."""
    if isinstance(value, str):
        return [value]
    values = np.asarray(value, dtype=object).reshape(-1).tolist() \
        if isinstance(value, (list, tuple, np.ndarray)) else None
    if values is None or not all(isinstance(v, str) for v in values):
        if ctx is None:
            raise MatlabnnValueError("table: names must be a list of str, e.g. ['X', 'Y'].",
                                     "MATLAB:table:InvalidNames")
        ctx.fail("It must be a list of names (str), e.g. ['X', 'Y'].")
    return values



def _column(value):
    if isinstance(value, categorical):
        return value
    if isinstance(value, str):
        return value                    # refused by the caller, which knows the name
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    try:
        arr = np.asarray(value)
    except ValueError:              # ragged lists: no array, so no table variable
        raise MatlabnnTypeError(
            f"table: a variable must be an array, a categorical or a list of str; got "
            f"{_brief(value)}.", "MATLAB:table:InvalidVariable") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.dtype.kind in "US":
        return [str(v) for v in arr.reshape(-1)]
    return arr


def _column_texts(col):
    """A variable's rows as MATLAB shows them: one number format for the whole column."""
    if isinstance(col, categorical):
        names = np.asarray(col._names(), dtype=object).reshape(col.shape, order="F")
        return ["    ".join(map(str, names[i].reshape(-1))) for i in range(len(names))]
    if isinstance(col, list):
        return [_cell_text(v) for v in col]
    if col.dtype == object:             # MATLAB strings (<missing> is None); other objects
        return ["    ".join("<missing>" if v is None else f'"{v}"' if isinstance(v, str)
                            else _cell_text(v) for v in row)
                for row in col.reshape(len(col), -1)]
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
    """One cell-array element as MATLAB shows it inside a table: {'text'}, {[1]}, ..."""
    if isinstance(v, str):
        return "{'" + v + "'}"
    if isinstance(v, (numbers.Number, np.number)):
        return "{[" + num2str(v) + "]}"
    if isinstance(v, np.ndarray):       # MATLAB's size and class: {16×3 single}
        shape = v.shape if v.ndim >= 2 else (v.size, 1)
        return "{" + f"{TIMES.join(map(str, shape))} {_class_name(v)}" + "}"
    if np.ndim(v):
        return "{" + f"{TIMES.join(map(str, np.shape(v)))} {type(v).__name__}" + "}"
    return "{" + type(v).__name__ + "}"


@matlab_syntax("H = height(T)")
def height(T):
    """Number of rows of a table (or of an array: its first dimension).

    MATLAB: ``H = height(T)``. Example: ``height(table(np.arange(5)))`` -> 5.
    """
    if isinstance(T, table):
        return T.height
    if isinstance(T, categorical):
        return T.shape[0]
    if isinstance(T, (list, tuple)):
        return len(T)
    return np.shape(T)[0] if np.ndim(T) else 1


@matlab_syntax("W = width(T)")
def width(T):
    """Number of variables of a table (or of an array: its second dimension).

    MATLAB: ``W = width(T)``. Example: ``width(table(np.arange(5), np.ones(5)))`` -> 2.
    """
    if isinstance(T, table):
        return T.width
    if isinstance(T, categorical):
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
    if any(isinstance(c, categorical) for c in cols):
        raise MatlabnnTypeError(
            "table2array: categorical variables are not converted; take them one by one "
            "(T.Label) or convert them first, e.g. double(T.Label) or cellstr(T.Label).",
            "matlabnn:table2array:Categorical")
    cols = [c.reshape(-1).tolist() if isinstance(c, np.ndarray) and c.dtype == object and
            all(isinstance(v, str) for v in c.flat) else c for c in cols]
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
