"""MATLAB's categorical array, for class labels.

A ``categorical`` is a vector: an N-by-1 column (``YTrain`` of a
sequence-to-label problem, what ``classify`` returns) or a 1-by-S row (the labels
of one sequence in a sequence-to-sequence problem). It displays, compares and
counts like MATLAB's::

    YTest = categorical(['1', '3', '2', '1'])
    YTest                  # displays:   4×1 categorical array  /  1  3  2  1 (one per line)
    accuracy = np.mean(YPred == YTest)     # MATLAB: sum(YPred == YTest)/numel(YTest)

Internal API (for the rest of matlabnn)
---------------------------------------
- ``c.codes``: 1-D ``np.int64`` array, 0 = <undefined>, k = ``c.categories_list[k-1]``.
- ``c.categories_list``: list of str, the categories in order (class order).
- ``c.orientation``: ``'column'`` (N-by-1), ``'row'`` (1-by-S) or ``'matrix'``
  (any other size, e.g. 2-by-2, 2-by-3-by-2 or 0-by-0, as read from MAT files);
  ``c.shape`` is the MATLAB size. The codes of a matrix are in MATLAB's
  column-major (linear index) order.
- ``categorical.from_codes(codes, categories, shape='column')`` builds one without
  any conversion (codes must lie in 0..K); ``shape`` may be any MATLAB size.
- ``c.codes_for(categories)``: codes of ``c`` in another list of category names
  (1-based, 0 for undefined elements and names not in the list), e.g. to map
  labels onto a network's class order.
- ``onehot(c, categories=None)`` gives the (N, K) float64 one-hot matrix (rows of
  undefined elements are zero).

Shapes of results: comparisons, ``double``, ``isundefined`` and ``np.asarray``
of a 1-by-S row give 1-by-S arrays and those of a matrix arrays of its size, as
in MATLAB; those of an N-by-1 column give 1-D arrays of N elements (so that
they index lists and 1-D arrays directly).

Differences from MATLAB: a Python list, tuple or 1-D array becomes an N-by-1
column (give a 1-by-S array, or use ``.T``, for a row); comparing a row with a
column compares element by element (MATLAB would expand to a matrix); indexing
a matrix with one index (linear indexing) gives a column; concatenation joins
the elements in linear order; ``string(c)`` returns ``None`` for undefined
elements.
"""
import math
import numbers

import numpy as np

from ._namevalue import Option, _Context, _scalar, parse
from ._nargout import check_nargout, outputs
from ._signature import matlab_syntax
from .display.text import TIMES
from .errors import MatlabnnTypeError, MatlabnnValueError

UNDEFINED = "<undefined>"
_MISSING_TEXT = ("", UNDEFINED)


# --------------------------------------------------------------------------- helpers
def num2str(x):
    """A number as MATLAB's ``num2str`` writes a scalar: 1 -> '1', 2.5 -> '2.5', pi -> '3.1416'."""
    if isinstance(x, (bool, np.bool_)):
        return "true" if x else "false"
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    digits = min(max(math.floor(math.log10(abs(x))) + 5, 5), 16)
    return f"{x:.{digits}g}"


def _size_error(n1, n2):
    return MatlabnnValueError(
        f"Arrays have incompatible sizes for this operation: {n1} and {n2} elements. "
        "Compare arrays of the same length, or with a single value.",
        "MATLAB:sizeDimensionsMustMatch")


def _layout(dims):
    """(orientation, dims) for a MATLAB size: dims is None for a row or column vector."""
    dims = tuple(int(d) for d in dims)
    while len(dims) > 2 and dims[-1] == 1:      # MATLAB drops trailing singleton dimensions
        dims = dims[:-1]
    if len(dims) == 1 or (len(dims) == 2 and dims[1] == 1):
        return "column", None
    if len(dims) == 2 and dims[0] == 1:
        return "row", None
    return "matrix", dims


def _as_vector(values, function="categorical"):
    """``values`` as a 1-D array (MATLAB's linear order) plus the layout its shape implies.

    The layout is 'column', 'row' or, for any other 2-D or N-D array, its size.
    """
    arr = np.asarray(values, dtype=object if isinstance(values, (list, tuple)) else None)
    if arr.ndim < 2:
        return arr.reshape(-1), "column"
    orientation, dims = _layout(arr.shape)
    return arr.reshape(-1, order="F"), dims or orientation


def _is_text(arr):
    if arr.dtype.kind in "US":
        return True
    return arr.dtype == object and all(v is None or isinstance(v, str) for v in arr)


def _is_numeric(arr):
    if arr.dtype.kind in "biuf":
        return True
    return arr.dtype == object and arr.size > 0 and all(
        isinstance(v, numbers.Real) for v in arr)


def _text_keys(arr):
    """Text values stripped of surrounding whitespace; missing ('' or None) -> ''."""
    out = np.array(["" if v is None else str(v).strip() for v in arr.tolist()], dtype=str)
    out[np.isin(out, _MISSING_TEXT)] = ""
    return out


def _lookup(keys, table):
    """Codes 1..len(table) of ``keys`` in ``table``; 0 where absent. Vectorized."""
    keys, table = np.asarray(keys), np.asarray(table)
    if table.size == 0 or keys.size == 0:
        return np.zeros(keys.shape, dtype=np.int64)
    order = np.argsort(table, kind="stable")
    pos = np.clip(np.searchsorted(table[order], keys), 0, table.size - 1)
    found = table[order][pos] == keys
    return np.where(found, order[pos] + 1, 0).astype(np.int64)


def _normalize(values, function):
    """Values as (keys, is_numeric, orientation, valid mask)."""
    arr, orientation = _as_vector(values, function)
    if arr.size == 0:
        return np.array([], dtype=str), False, orientation, np.zeros(0, bool)
    if _is_numeric(arr):
        keys = arr.astype(float)
        return keys, True, orientation, ~np.isnan(keys)
    if _is_text(arr):
        keys = _text_keys(arr)
        return keys, False, orientation, keys != ""
    raise MatlabnnTypeError(
        f"{function}: values must be all text (str) or all numbers, got a mix or "
        f"another type ({type(arr[0]).__name__}). Convert them first, e.g. "
        "[str(v) for v in values].", "MATLAB:categorical:InvalidData")


# --------------------------------------------------------------------------- class
class categorical:
    """Array of values assigned to categories (class labels), as MATLAB's ``categorical``.

    MATLAB syntax and its Python form::

        B = categorical(A)                      B = categorical(A)
        B = categorical(A, valueset)            B = categorical(A, valueset)
        B = categorical(A, valueset, catnames)  B = categorical(A, valueset, catnames)
        B = categorical(A, ..., 'Ordinal', true)  B = categorical(A, ..., Ordinal=True)
        B = categorical(A, ..., 'Protected', true)  B = categorical(A, ..., Protected=True)

    ``A``: list, tuple or numpy array of str or numbers, or another categorical.
    Without ``valueset`` the categories are the sorted unique values (numbers
    numerically, then named as ``num2str`` does: 1 -> '1', 2.5 -> '2.5'; text by
    character code). With ``valueset`` the categories are its values in its order,
    and values not in it become <undefined>. ``catnames`` renames the categories
    (equal names merge categories). Missing values ('' , None, NaN) become
    <undefined>. Text is stripped of leading and trailing whitespace.

    Options: ``Ordinal`` (default False): the category order is a mathematical
    order, so ``<``, ``<=``, ``>``, ``>=`` work. ``Protected`` (default False;
    always True when ordinal): assigning a value that is not a category is an
    error instead of adding the category.

    A list, tuple or 1-D array gives an N-by-1 column; a 1-by-S 2-D array gives a
    1-by-S row (``c.T`` switches); any other 2-D or N-D array (or nested list)
    gives a matrix of its size, e.g. ``categorical([['low', 'high'], ['high',
    'low']])`` is 2-by-2 (MATLAB ``categorical({'low','high';'high','low'})``).
    Comparisons and conversions of a row give 1-by-S arrays, of a matrix
    arrays of its size (``c == 'a'`` on a 1-by-5 categorical is 1-by-5), of a
    column 1-D arrays. Example::

        YTrain = categorical(['1', '2', '2', '3'])
        categories(YTrain)          # ['1', '2', '3']
        countcats(YTrain)           # array([1, 2, 1])
        YTrain[2]                   # 1-element categorical, MATLAB YTrain(3)
        YTrain == '2'               # array([False, True, True, False])
        accuracy = np.mean(YPred == YTest)

    Python extras: ``len(c)``, iteration (1-element categoricals), slicing, lists
    of indices and boolean masks, ``c[i] = 'name'``, ``np.asarray(c)`` /
    ``c.astype(str)`` (category names, '<undefined>' for undefined),
    ``categorical.concat(a, b, ...)``.
    """

    __array_ufunc__ = None      # make numpy defer `ndarray == c` to c.__eq__

    @matlab_syntax("C = categorical(A)", "categorical(A, valueset)",
                   "categorical(A, valueset, catnames)", "categorical(A, ..., Ordinal=True)",
                   name="categorical")
    def __init__(self, values=(), *args, Ordinal=False, Protected=False, **kwargs):
        args = list(args)
        positional = []
        while args and not isinstance(args[0], str) and len(positional) < 2:
            positional.append(args.pop(0))
        valueset = positional[0] if positional else kwargs.pop("valueset", None)
        catnames = positional[1] if len(positional) > 1 else kwargs.pop("catnames", None)
        ordinal, protected = _parse_flags(Ordinal, Protected, args, kwargs)
        if values is None:          # None is MATLAB's []: an empty categorical
            values = []
        codes, cats, layout = _construct(values, valueset, catnames)
        if not codes.size and not isinstance(values, categorical) and \
                np.shape(values) in ((0,), (0, 0)):
            layout = (0, 0)         # MATLAB: categorical([]) and categorical({}) are 0-by-0
        self.codes = codes
        self.categories_list = cats
        self._set_layout(layout)
        self.ordinal = ordinal
        self.protected = ordinal or protected

    # ---------------------------------------------------------------- construction
    _dims = None      # the MATLAB size of a matrix; None for a row or column vector

    def _set_layout(self, layout):
        """Set the orientation from 'row', 'column' or a MATLAB size (a tuple)."""
        if isinstance(layout, str):
            if layout not in ("row", "column"):
                raise MatlabnnValueError("categorical: shape must be 'row', 'column' or a size.")
            self.orientation, self._dims = layout, None
        else:
            self.orientation, self._dims = _layout(layout)
            if self._dims and int(np.prod(self._dims)) != self.codes.size:
                raise MatlabnnValueError(
                    f"categorical: {self.codes.size} codes do not fill a size "
                    f"{TIMES.join(map(str, self._dims))} array.", "matlabnn:categorical:BadCodes")

    @property
    def _layout_value(self):
        """The layout in the form ``_set_layout`` takes."""
        return self._dims or self.orientation

    @classmethod
    def from_codes(cls, codes, categories, shape="column", ordinal=False, protected=False):
        """Build a categorical from integer codes (0 = undefined, 1..K) and category names.

        ``shape``: 'column' / 'row', or a MATLAB size: (N, 1), (1, S) or any
        other, e.g. (2, 3) or (2, 3, 2), with ``codes`` in MATLAB's column-major
        order. ``ordinal`` and ``protected`` as MATLAB's ``isordinal`` /
        ``isprotected`` (an ordinal categorical is always protected).
        Example: ``categorical.from_codes([1, 2, 0], ['a', 'b'])`` is [a; b; <undefined>].
        """
        self = cls.__new__(cls)
        self.codes = np.asarray(codes, dtype=np.int64).reshape(-1)
        self.categories_list = [str(c) for c in categories]
        if self.codes.size and (self.codes.min() < 0 or self.codes.max() > len(self.categories_list)):
            raise MatlabnnValueError(
                f"categorical.from_codes: codes must lie in 0..{len(self.categories_list)} "
                "(0 = undefined, k = categories[k-1]).", "matlabnn:categorical:BadCodes")
        self._set_layout(shape if isinstance(shape, str) else tuple(shape))
        self.ordinal = bool(ordinal)
        self.protected = self.ordinal or bool(protected)
        return self

    def _new(self, codes, categories=None, orientation=None):
        """A categorical like this one; it keeps this one's size if it has as many codes."""
        if orientation is None:
            orientation = self._layout_value if np.size(codes) == self.codes.size else \
                ("column" if self._dims else self.orientation)
        return categorical.from_codes(
            codes, self.categories_list if categories is None else categories,
            orientation, self.ordinal, self.protected)

    def _shaped(self, values):
        """Element-wise results (1-D, linear order) in this array's MATLAB size.

        A row gives 1-by-S, a matrix its size; a column stays 1-D (N elements).
        """
        if self._dims:
            return values.reshape(self._dims, order="F")
        return values.reshape(1, -1) if self.orientation == "row" else values

    def codes_for(self, categories):
        """Codes of the elements in ``categories`` (names): 1..K, 0 if undefined or absent."""
        return _recode(self, [str(n) for n in categories])

    def copy(self):
        """A copy (MATLAB arrays are values; Python objects are references)."""
        return self._new(self.codes.copy(), list(self.categories_list))

    @classmethod
    def concat(cls, *items, orientation=None):
        """Concatenate categoricals (or text) into one, like MATLAB's ``[a; b]``.

        The categories are those of the first, then new ones in order of
        appearance. ``orientation`` ('column' or 'row') defaults to the first's.
        Example: ``categorical.concat(YTrain, YVal)``.
        """
        if len(items) == 1 and isinstance(items[0], (list, tuple)) and items[0] and \
                all(isinstance(x, categorical) for x in items[0]):
            items = tuple(items[0])
        parts = [x if isinstance(x, categorical) else categorical(x) for x in items]
        if not parts:
            return cls.from_codes([], [])
        cats = []
        for p in parts:
            cats += [c for c in p.categories_list if c not in cats]
        codes = np.concatenate([_recode(p, cats) for p in parts])
        first = parts[0]
        if orientation is None:
            orientation = "column" if first._dims else first.orientation
        return cls.from_codes(codes, cats, orientation, first.ordinal, first.protected)

    # ---------------------------------------------------------------- size
    @property
    def shape(self):
        """MATLAB size: (N, 1) for a column, (1, S) for a row, the size of a matrix."""
        if self._dims:
            return self._dims
        n = self.codes.size
        if n == 0 and getattr(self, "_zero_by_zero", False):
            return (0, 0)
        return (n, 1) if self.orientation == "column" else (1, n)

    @property
    def size(self):
        """Number of elements (numpy's meaning; MATLAB's size is ``.shape``)."""
        return self.codes.size

    @property
    def ndim(self):
        """Number of dimensions of the MATLAB size (2 for vectors and matrices)."""
        return len(self.shape)

    def __len__(self):
        return self.codes.size

    @property
    def T(self):
        """Transpose: a column becomes a row and back (MATLAB ``c'``)."""
        if self._dims:
            if len(self._dims) > 2:
                raise MatlabnnValueError(
                    "Transpose on ND array is not defined. Use PERMUTE instead.",
                    "MATLAB:transpose:ND")
            grid = self.codes.reshape(self._dims, order="F").T
            return self._new(grid.reshape(-1, order="F"), orientation=grid.shape)
        return self._new(self.codes, orientation="row" if self.orientation == "column" else "column")

    def transpose(self):
        """Same as ``.T``."""
        return self.T

    # ---------------------------------------------------------------- conversions
    def _names(self, undefined=UNDEFINED):
        """Object array of each element's name (``undefined`` for code 0)."""
        table = np.array([undefined] + self.categories_list, dtype=object)
        return table[self.codes]

    def __array__(self, dtype=None, copy=None):
        names = self._shaped(np.array(self._names().tolist(), dtype=str))
        return names if dtype is None else names.astype(dtype)

    def astype(self, dtype):
        """``c.astype(str)``: names as a numpy str array; numeric dtypes give ``double(c)``."""
        if np.dtype(dtype).kind in "biuf":
            return double(self).astype(dtype)
        return np.asarray(self).astype(dtype)

    def tolist(self):
        """Names as a list of str ('<undefined>' for undefined), like ``cellstr(c)``."""
        return self._names().tolist()

    # ---------------------------------------------------------------- indexing
    def _index(self, key):
        """``key`` as an index into ``codes``, plus the MATLAB size of the result (or None)."""
        if isinstance(key, tuple) and self._dims:
            return self._matrix_index(key)
        if isinstance(key, tuple):     # MATLAB-style c[:, 3] or c[3, 0] on a vector
            if len(key) != 2:
                raise IndexError("categorical: use one index, or two for a row/column vector.")
            long_axis = 0 if self.orientation == "column" else 1
            other = key[1 - long_axis]
            if not (other == 0 or other == -1 or (isinstance(other, slice) and other == slice(None))):
                raise IndexError(f"categorical: index out of range for a size "
                                 f"{self.shape[0]}{TIMES}{self.shape[1]} array.")
            key = key[long_axis]
        if isinstance(key, categorical):
            raise MatlabnnTypeError("categorical: index with integers or a boolean mask, "
                                    "not a categorical (use c[c == 'name']).")
        if isinstance(key, (list, tuple)) or isinstance(key, np.ndarray):
            key = np.asarray(key)
            if key.dtype == bool and key.size != self.codes.size:
                raise IndexError(
                    f"categorical: boolean index has {key.size} elements but the array "
                    f"has {self.codes.size}.")
            if key.size == 0:
                key = key.astype(np.int64)
            key = key.reshape(-1, order="F")     # a mask shaped like a matrix is column-major
        return key, ("column" if self._dims else None)

    def _matrix_index(self, key):
        """Linear indices and result size of ``c[i, j, ...]`` on a matrix (MATLAB ``c(i, j, ...)``)."""
        if len(key) != len(self._dims):
            raise IndexError(f"categorical: give {len(self._dims)} indices for a size "
                             f"{TIMES.join(map(str, self._dims))} array, or one linear index.")
        # Each index picks positions along its dimension, and the result is every
        # combination of them (MATLAB's c([1 2], [1 2]) is 2-by-2, not numpy's diagonal);
        # an integer keeps its dimension, with size 1.
        positions = np.arange(self.codes.size).reshape(self._dims, order="F")
        try:
            axes = [np.arange(d)[[k] if isinstance(k, (numbers.Integral, np.integer)) else k]
                    .reshape(-1) for k, d in zip(key, self._dims)]
            picked = positions[np.ix_(*axes)]
        except IndexError as err:
            raise IndexError(f"categorical: {err}") from None
        return picked.reshape(-1, order="F"), picked.shape

    def __getitem__(self, key):
        key, size = self._index(key)
        codes = self.codes[key]
        return self._new(np.atleast_1d(codes), orientation=size)

    def __setitem__(self, key, value):
        key, _ = self._index(key)
        if isinstance(value, categorical):
            other = value
        elif value is None or isinstance(value, str):
            other = categorical([value])
        else:
            other = categorical(value)
        new = [c for c in other.categories_list if c not in self.categories_list]
        if new and self.protected:
            raise MatlabnnValueError(
                f"categorical: cannot assign '{new[0]}', which is not a category of this "
                "protected (or ordinal) categorical. Add it first with addcats.",
                "MATLAB:categorical:ProtectedForAssign")
        self.categories_list = self.categories_list + new
        codes = _recode(other, self.categories_list)
        self.codes[key] = codes[0] if codes.size == 1 else codes

    def __iter__(self):
        for k in range(self.codes.size):
            yield self._new(self.codes[k:k + 1])

    def __contains__(self, name):
        return bool(np.any(self == name))

    # ---------------------------------------------------------------- comparisons
    def _other_codes(self, other, op):
        """``other`` as codes in this array's categories (-1 where not a category)."""
        if isinstance(other, categorical):
            if self.ordinal or other.ordinal:
                if not (self.ordinal and other.ordinal) or self.categories_list != other.categories_list:
                    raise MatlabnnTypeError(
                        f"categorical: '{op}' between ordinal categoricals needs both "
                        "ordinal with the same categories in the same order.",
                        "MATLAB:categorical:InvalidComparison")
            codes = _recode(other, self.categories_list, missing=-1)
            codes[other.codes == 0] = 0
        elif other is None or isinstance(other, str):
            codes = np.array([_lookup([str(other or "").strip()], self.categories_list)[0] or -1])
            if other is None or str(other).strip() in _MISSING_TEXT:
                codes[:] = 0
        elif isinstance(other, (list, tuple, np.ndarray)) and \
                _is_text(np.asarray(other, dtype=object).reshape(-1)):
            # Text in MATLAB's linear (column-major) order, as the codes of a matrix are.
            keys = _text_keys(np.asarray(other, dtype=object).reshape(-1, order="F"))
            codes = _lookup(keys, self.categories_list)
            codes[(codes == 0) & (keys != "")] = -1
        else:
            raise MatlabnnTypeError(
                f"categorical: cannot compare a categorical with {type(other).__name__} "
                f"using '{op}'. Compare with a category name (str), a list of names or "
                "another categorical, e.g. Y == '1'.", "MATLAB:categorical:InvalidComparison")
        if codes.size != 1 and self.codes.size != 1 and codes.size != self.codes.size:
            raise _size_error(self.codes.size, codes.size)
        return codes

    def _result(self, values, other):
        """Element-wise results in MATLAB's size: this array's, or ``other``'s if this is a scalar."""
        if self.codes.size == 1 and isinstance(other, categorical) and other.codes.size != 1:
            return other._shaped(values)
        if self.codes.size == 1 and isinstance(other, np.ndarray) and other.size != 1:
            return values.reshape(other.shape)
        return self._shaped(values)

    def __eq__(self, other):
        codes = self._other_codes(other, "==")
        return self._result((self.codes == codes) & (self.codes != 0) & (codes != 0), other)

    def __ne__(self, other):
        return ~self.__eq__(other)

    def _order(self, other, op, compare):
        if not self.ordinal:
            raise MatlabnnTypeError(
                f"categorical: relational comparison '{op}' is only allowed for ordinal "
                "categoricals. Create it with categorical(..., Ordinal=True).",
                "MATLAB:categorical:NotOrdinal")
        codes = self._other_codes(other, op)
        if np.any(codes == -1):
            raise MatlabnnValueError(f"categorical: '{op}' against a value that is not a category.",
                                     "MATLAB:categorical:InvalidComparison")
        return self._result(compare(self.codes, codes) & (self.codes != 0) & (codes != 0), other)

    def __lt__(self, other):
        return self._order(other, "<", np.less)

    def __le__(self, other):
        return self._order(other, "<=", np.less_equal)

    def __gt__(self, other):
        return self._order(other, ">", np.greater)

    def __ge__(self, other):
        return self._order(other, ">=", np.greater_equal)

    __hash__ = None

    # ---------------------------------------------------------------- display
    def _header(self):
        if self.codes.size == 1:
            return "  categorical"
        empty = "empty " if self.codes.size == 0 else ""
        kind = "ordinal categorical" if self.ordinal else "categorical"
        return f"  {TIMES.join(map(str, self.shape))} {empty}{kind} array"

    @staticmethod
    def _grid_lines(grid):
        """Lines of a 2-D grid of names: columns padded to their widest name, 6 spaces apart."""
        widths = [max(len(n) for n in grid[:, j]) for j in range(grid.shape[1])]
        return "".join("     " + "      ".join(n.ljust(w) for n, w in zip(row, widths)) + " \n"
                       for row in grid)

    def _body(self):
        names = self._names()
        if not names.size:
            return ""
        rows, cols = self.shape[:2]
        pages = names.reshape(rows, cols, -1, order="F")
        if pages.shape[2] == 1:
            return self._grid_lines(pages[:, :, 0])
        # N-D: one 2-D page after another, headed as MATLAB heads them.
        out = []
        for k, index in enumerate(np.ndindex(*self.shape[:1:-1])):
            label = ",".join(str(i + 1) for i in reversed(index))
            out.append(f"ans(:,:,{label}) = \n\n" + self._grid_lines(pages[:, :, k]))
        return "\n".join(out)

    def __repr__(self):
        """MATLAB's display, as after ``YTest`` without a semicolon."""
        body = self._body()
        return self._header() + "\n" + ("\n" + body if body else "")

    def _matlab_brief(self):
        """As a struct field shows it: [4×1 categorical]."""
        return f"[{TIMES.join(map(str, self.shape))} categorical]"

    def __str__(self):
        """The name of a 1-element categorical (f-strings, print); else the display."""
        if self.codes.size == 1:
            return self._names()[0]
        return repr(self)

    def __format__(self, spec):
        return format(str(self), spec)


# --------------------------------------------------------------------------- construction
def _parse_flags(ordinal, protected, args, kwargs):
    """The Ordinal and Protected options of the constructor."""
    def boolean(v, ctx):
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        s = _scalar(v, allow_logical=True)
        if s is not None and s in (0.0, 1.0):
            return bool(s)
        ctx.fail("It must be true or false.")

    ordinal = boolean(ordinal, _Context("categorical", "Ordinal"))
    protected = boolean(protected, _Context("categorical", "Protected"))
    values, _ = parse("categorical", [Option("Ordinal", ordinal, boolean),
                                      Option("Protected", protected, boolean)], args, kwargs)
    return values["Ordinal"], values["Protected"]


def _recode(c, categories, missing=0):
    """Codes of categorical ``c`` in ``categories`` (by name); ``missing`` where absent."""
    cmap = _lookup(c.categories_list, categories) if c.categories_list else np.zeros(0, np.int64)
    cmap = np.where(cmap == 0, missing, cmap)
    return np.concatenate([[0], cmap]).astype(np.int64)[c.codes]


def _construct(values, valueset, catnames):
    """(codes, categories, orientation) for the constructor's arguments."""
    if isinstance(values, categorical):
        if valueset is None and catnames is None:
            return values.codes.copy(), list(values.categories_list), values._layout_value
        orientation, numeric = values._layout_value, False
        keys, valid = values._names("").astype(str), values.codes != 0
    else:
        keys, numeric, orientation, valid = _normalize(values, "categorical")
    if valueset is None:
        if catnames is not None:
            raise MatlabnnTypeError("categorical: give valueset when you give catnames: "
                                    "categorical(A, valueset, catnames).")
        uniq, inverse = np.unique(keys[valid], return_inverse=True)
        names = [num2str(u) for u in uniq] if numeric else [str(u) for u in uniq]
        if numeric and np.asarray(values).dtype == bool:
            names = [num2str(bool(u)) for u in uniq]      # 'false', 'true'
        codes = np.zeros(keys.size, dtype=np.int64)
        codes[valid] = inverse.reshape(-1) + 1
        return _merge(codes, names, orientation)
    vs, _ = _as_vector(valueset, "categorical")
    vnumeric = _is_numeric(vs)
    if vnumeric and numeric:
        vkeys, vnames = vs.astype(float), [num2str(v) for v in vs]
    else:
        vnames = [num2str(v) for v in vs] if vnumeric else _text_keys(vs).tolist()
        vkeys = np.array(vnames, dtype=str)
        if numeric:
            keys = np.array([num2str(k) for k in keys], dtype=str)
    if len(set(vnames)) != len(vnames) or (vnumeric and np.isnan(vkeys.astype(float)).any()):
        raise MatlabnnValueError("categorical: valueset must contain unique, non-missing values.",
                                 "MATLAB:categorical:DuplicatedValues")
    if catnames is not None:
        names, _ = _as_vector(catnames, "categorical")
        names = _text_keys(names).tolist()
        if len(names) != len(vnames):
            raise MatlabnnValueError(
                f"categorical: catnames has {len(names)} names but valueset has "
                f"{len(vnames)} values; give one name per value.",
                "MATLAB:categorical:WrongNumCategoryNames")
        if "" in names:
            raise MatlabnnValueError("categorical: category names must not be empty or '<undefined>'.",
                                     "MATLAB:categorical:UndefinedLabelCategoryName")
        vnames = names
    codes = np.where(valid, _lookup(keys, vkeys), 0)
    return _merge(codes, vnames, orientation)


def _merge(codes, names, orientation):
    """Merge categories that share a name (keeping first-appearance order)."""
    unique_names = list(dict.fromkeys(names))
    if len(unique_names) == len(names):
        return codes.astype(np.int64), list(names), orientation
    remap = np.array([0] + [unique_names.index(n) + 1 for n in names], dtype=np.int64)
    return remap[codes], unique_names, orientation


# --------------------------------------------------------------------------- functions
def _check(c, function):
    if not isinstance(c, categorical):
        raise MatlabnnTypeError(
            f"{function}: the input must be a categorical array, not {type(c).__name__}. "
            f"Convert it with categorical(x) first.", f"MATLAB:{function}:InvalidInput")
    return c


@matlab_syntax('tf = iscategorical(A)')
def iscategorical(x):
    """True if ``x`` is a categorical array.

    MATLAB: ``tf = iscategorical(A)``. Example: ``iscategorical(YTrain)`` -> True.
    """
    return isinstance(x, categorical)


@matlab_syntax('C = categories(A)')
def categories(c):
    """Categories of a categorical array, in order, as a list of str.

    MATLAB: ``C = categories(A)`` (a cellstr column). Example::

        categories(categorical(['b', 'a', 'b']))    # ['a', 'b']
    """
    return list(_check(c, "categories").categories_list)


@matlab_syntax('n = countcats(A)')
def countcats(c):
    """Number of elements in each category, as an int array (one per category).

    MATLAB: ``B = countcats(A)``. Undefined elements are not counted. For a
    matrix, as in MATLAB, the counts are per column: a K-by-n array for an
    m-by-n matrix. Example::

        countcats(categorical(['b', 'a', 'b']))     # array([1, 2])
    """
    c = _check(c, "countcats")
    k = len(c.categories_list) + 1
    if c._dims:
        columns = c.codes.reshape(c._dims[0], -1, order="F")
        counts = np.stack([np.bincount(col, minlength=k)[1:] for col in columns.T], axis=1) \
            if columns.shape[1] else np.zeros((k - 1, 0), np.int64)
        return counts.reshape((k - 1,) + c._dims[1:], order="F")
    return np.bincount(c.codes, minlength=k)[1:]


@matlab_syntax('tf = isundefined(A)')
def isundefined(c):
    """Boolean array, True where the categorical has no category (<undefined>).

    MATLAB: ``TF = isundefined(A)``. Example::

        isundefined(categorical(['a', '']))         # array([False, True])
    """
    c = _check(c, "isundefined")
    return c._shaped(c.codes == 0)


@matlab_syntax('summary(A)')
def summary(c):
    """Print the categories and the number of elements in each, as MATLAB's ``summary(A)``.

    MATLAB: ``summary(A)``. A column prints one line per category (and one for
    <undefined> if there are undefined elements); a row prints names above counts.
    Example::

        summary(categorical(['1', '2', '2']))
        #      1      1
        #      2      2
    """
    c = _check(c, "summary")
    if c._dims:
        raise MatlabnnValueError("summary: only row and column categoricals are supported; "
                                 "summarize a matrix as one column with summary(c[:]).",
                                 "matlabnn:categorical:NotVector")
    names, counts = list(c.categories_list), countcats(c).tolist()
    if np.any(c.codes == 0):
        names.append(UNDEFINED)
        counts.append(int(np.sum(c.codes == 0)))
    if not names:
        return
    counts = [str(n) for n in counts]
    if c.orientation == "row":
        widths = [max(len(a), len(b)) for a, b in zip(names, counts)]
        for row in (names, counts):
            print("     " + "      ".join(s.ljust(w) for s, w in zip(row, widths)) + " ")
        return
    wn, wc = max(map(len, names)), max(map(len, counts))
    for name, count in zip(names, counts):
        print(f"     {name:<{wn}}      {count:>{wc}} ")


def removecats(c, oldcats=None):
    """Remove categories; elements in them become <undefined>.

    MATLAB: ``B = removecats(A)`` removes unused categories;
    ``B = removecats(A, oldcats)`` removes the named ones (str or list of str).
    Example::

        removecats(categorical(['a', 'b'], ['a', 'b', 'c']))    # categories ['a', 'b']
    """
    c = _check(c, "removecats")
    if oldcats is None:
        keep = [n for n, k in zip(c.categories_list, countcats(c)) if k > 0]
    else:
        drop = [oldcats] if isinstance(oldcats, str) else [str(n) for n in oldcats]
        keep = [n for n in c.categories_list if n not in drop]
    return c._new(_recode(c, keep), keep)


def addcats(c, newcats, *args, **kwargs):
    """Add categories (with no elements yet).

    MATLAB: ``B = addcats(A, newcats)`` appends them; ``addcats(A, newcats,
    'Before', name)`` / ``'After', name`` inserts them there. Example::

        addcats(categorical(['a']), ['z', 'b'])     # categories ['a', 'z', 'b']
    """
    c = _check(c, "addcats")
    opts, given = parse("addcats", [Option("Before", None), Option("After", None)], args, kwargs)
    new = [newcats] if isinstance(newcats, str) else [str(n) for n in newcats]
    clash = [n for n in new if n in c.categories_list]
    if clash:
        raise MatlabnnValueError(f"addcats: '{clash[0]}' is already a category.",
                                 "MATLAB:categorical:addcats:DuplicateCatnames")
    cats = list(c.categories_list)
    where = len(cats)
    for name in given:
        anchor = opts[name]
        if anchor not in cats:
            raise MatlabnnValueError(f"addcats: '{anchor}' is not a category. Categories: {cats}.",
                                     "MATLAB:categorical:addcats:UnrecognizedCategory")
        where = cats.index(anchor) + (name == "After")
    cats[where:where] = new
    return c._new(_recode(c, cats), cats)


def reordercats(c, neworder=None):
    """Reorder the categories (the elements keep their values).

    MATLAB: ``B = reordercats(A)`` sorts them alphabetically;
    ``B = reordercats(A, neworder)`` uses ``neworder``, a permutation given as
    names or as 0-based category indices. Example::

        reordercats(categorical(['a', 'b']), ['b', 'a'])    # categories ['b', 'a']
    """
    c = _check(c, "reordercats")
    if neworder is None:
        cats = sorted(c.categories_list)
    else:
        order = list(neworder)
        if order and all(isinstance(k, (numbers.Integral, np.integer)) for k in order):
            cats = [c.categories_list[k] for k in order]
        else:
            cats = [str(n) for n in order]
        if sorted(cats) != sorted(c.categories_list):
            raise MatlabnnValueError(
                "reordercats: neworder must list every category exactly once. "
                f"Categories: {c.categories_list}.", "MATLAB:categorical:reordercats:InvalidNeworder")
    return c._new(_recode(c, cats), cats)


def unique(x, nargout=1):
    """Unique values, sorted; for a categorical, in category order.

    MATLAB: ``C = unique(A)``, ``[C, ia, ic] = unique(A)`` (here
    ``C, ia, ic = unique(A, nargout=3)``): ``C = A[ia]`` and ``A = C[ic]``, with
    0-based indices; ``ia`` holds first occurrences. For a categorical, C is a
    categorical with the same categories; undefined elements are each distinct
    and come last. Other inputs use ``np.unique`` (a list of str gives a list).
    Example::

        unique(categorical(['b', 'a', 'b']))        # [a; b]
    """
    nargout = check_nargout("unique", nargout, 3)
    if isinstance(x, categorical):
        defined = np.flatnonzero(x.codes != 0)
        present, first, inverse = np.unique(x.codes[defined], return_index=True, return_inverse=True)
        undefined = np.flatnonzero(x.codes == 0)
        ia = np.concatenate([defined[first], undefined]).astype(np.int64)
        ic = np.empty(x.codes.size, dtype=np.int64)
        ic[defined] = inverse.reshape(-1)
        ic[undefined] = present.size + np.arange(undefined.size)
        return outputs((x[ia], ia, ic), nargout)
    u, ia, ic = np.unique(np.asarray(x), return_index=True, return_inverse=True)
    if isinstance(x, (list, tuple)) and u.dtype.kind == "U":
        u = u.tolist()
    return outputs((u, ia, ic.reshape(-1)), nargout)


def numel(x):
    """Number of elements.

    MATLAB: ``n = numel(A)``. A categorical or a list (cell array) gives its
    length; an array its total size; a scalar 1. Example: ``numel(YTest)``.
    """
    if isinstance(x, (categorical, list, tuple)):
        return len(x)
    return int(np.size(x))


def string(c):
    """Category names as a list of str, ``None`` where undefined (MATLAB's <missing>).

    MATLAB: ``str = string(A)``. Other inputs: each element converted to str
    (numbers as ``num2str`` writes them). Example::

        string(categorical(['a', '']))              # ['a', None]
    """
    if isinstance(c, categorical):
        return c._names(None).tolist()
    return [v if isinstance(v, str) else num2str(v) for v in np.asarray(c, dtype=object).reshape(-1)]


def cellstr(c):
    """Category names as a list of str, '<undefined>' where undefined.

    MATLAB: ``C = cellstr(A)``. A str gives a one-element list; a list of str a
    copy. Example::

        cellstr(categorical(['a', '']))             # ['a', '<undefined>']
    """
    if isinstance(c, categorical):
        return c.tolist()
    if isinstance(c, str):
        return [c]
    return [str(v) for v in c]


def double(c):
    """Category numbers (1..K) as float64, NaN where undefined; other inputs as float64.

    MATLAB: ``X = double(A)``. Example::

        double(categorical(['b', 'a', '']))         # array([2., 1., nan])
    """
    if isinstance(c, categorical):
        out = c.codes.astype(np.float64)
        out[c.codes == 0] = np.nan
        return c._shaped(out)
    return np.asarray(c, dtype=np.float64)


def onehot(c, categories=None):
    """One-hot matrix (N, K) float64 of a categorical; rows of undefined elements are 0.

    ``categories`` (list of names) sets the columns and their order (default: the
    categorical's own). Elements not in it give zero rows. Not a MATLAB function
    (MATLAB has ``onehotencode``); used by the training code. Example::

        onehot(categorical(['b', 'a']))             # [[0, 1], [1, 0]]
    """
    c = _check(c, "onehot")
    cats = c.categories_list if categories is None else [str(n) for n in categories]
    codes = _recode(c, cats)
    out = np.zeros((codes.size, len(cats) + 1))
    out[np.arange(codes.size), codes] = 1.0
    return out[:, 1:]


def vertcat(*items):
    """Vertical concatenation, MATLAB's ``[A; B; ...]`` / ``vertcat(A, B, ...)``.

    Categoricals give an N-by-1 categorical (categories: union, first's first);
    lists (cell arrays) are joined into one list; arrays use ``np.vstack``
    (1-D arrays are rows). Example: ``Y = vertcat(YTrain, YVal)``.
    """
    return _cat(items, "column", np.vstack)


def horzcat(*items):
    """Horizontal concatenation, MATLAB's ``[A, B, ...]`` / ``horzcat(A, B, ...)``.

    Categoricals give a 1-by-S categorical; lists are joined into one list;
    arrays use ``np.hstack``. Example: ``labels = horzcat(Y1, Y2)``.
    """
    return _cat(items, "row", np.hstack)


def _cat(items, orientation, stack):
    if any(isinstance(x, categorical) for x in items):
        return categorical.concat(*items, orientation=orientation)
    if items and all(isinstance(x, list) for x in items):
        return [v for x in items for v in x]
    return stack(items)
