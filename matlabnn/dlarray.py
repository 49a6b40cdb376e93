"""``dlarray``: MATLAB's deep learning array with data-format labels.

A ``dlarray`` holds numeric data and, optionally, one label per dimension:
``S`` (spatial), ``C`` (channel), ``B`` (batch, observations), ``T`` (time) and
``U`` (unspecified). As in MATLAB, a formatted dlarray stores its dimensions in
the order S, C, B, T, U: ``dlarray(X, "TCB")`` of a 10-by-3-by-2 array holds a
3(C)-by-2(B)-by-10(T) array, and ``extractdata`` returns that permuted data.
"""
import numpy as np

from ._signature import matlab_syntax
from .display.text import TIMES
from .errors import MatlabnnTypeError, MatlabnnValueError

__all__ = ["dlarray", "extractdata", "dims", "finddim", "parse_format"]

_ORDER = "SCBTU"


def parse_format(fmt, ndim, function="dlarray"):
    """Check a data-format string against data with ``ndim`` dimensions; returns it upper-case.

    Letters are S, C, B, T, U; C, B and T appear at most once; the format may
    label trailing singleton dimensions (more letters than ``ndim``) but not fewer.
    """
    if not isinstance(fmt, str):
        raise MatlabnnTypeError(f"{function}: the data format must be a string such as "
                                f'"CTB"; got {type(fmt).__name__}.',
                                "deep:dlarray:InvalidFormat")
    f = fmt.upper()
    bad = sorted(set(f) - set(_ORDER))
    if bad:
        raise MatlabnnValueError(
            f'{function}: invalid data format "{fmt}". Each character must be one of S '
            f"(spatial), C (channel), B (batch), T (time) or U (unspecified); got "
            f"{', '.join(repr(b) for b in bad)}.", "deep:dlarray:InvalidFormat")
    for letter in "CBT":
        if f.count(letter) > 1:
            raise MatlabnnValueError(
                f'{function}: invalid data format "{fmt}". The label {letter} may appear '
                "at most once.", "deep:dlarray:InvalidFormat")
    if len(f) < ndim:
        raise MatlabnnValueError(
            f'{function}: the data format "{fmt}" has {len(f)} labels but the data has '
            f"{ndim} dimensions. Give one label per dimension.",
            "deep:dlarray:FormatTooShort")
    return f


def _canonical(data, fmt):
    """Permute data with format fmt into S, C, B, T, U order; returns (data, format)."""
    data = data.reshape(data.shape + (1,) * (len(fmt) - data.ndim))
    order = sorted(range(len(fmt)), key=lambda k: (_ORDER.index(fmt[k]), k))
    data = np.transpose(data, order)
    fmt = "".join(fmt[k] for k in order)
    # MATLAB drops trailing singleton dimensions beyond the second from the data
    # but keeps their labels; numpy keeps them as they are.
    return data, fmt


class dlarray:
    """Deep learning array with optional data-format labels (MATLAB's ``dlarray``).

    MATLAB syntax and its Python form::

        dlX = dlarray(X)            dlX = dlarray(X)
        dlX = dlarray(X, fmt)       dlX = dlarray(X, "CTB")

    ``fmt`` has one letter per dimension of X: S (spatial), C (channel), B
    (batch), T (time), U (unspecified); extra letters label trailing singleton
    dimensions. The data is stored in S, C, B, T, U order, as MATLAB does:
    ``dims(dlarray(np.zeros((10, 3)), "TC"))`` is ``"CT"``. Numeric data is kept
    as float32 or float64 (other numeric types become float64).

    Use ``extractdata`` for the numpy array, ``dims`` for the format and
    ``finddim`` for the position of a label; ``np.asarray(dlX)`` works too.
    ``predict(net, dlarray(X, "CTB"))`` runs a dlnetwork on data in that layout.

    Example::

        X = np.random.rand(3, 20)          # 3 channels, 20 time steps
        dlX = dlarray(X, "CT")
        dims(dlX)                          # "CT"
        extractdata(dlX).shape             # (3, 20)
    """

    __array_ufunc__ = None

    @matlab_syntax("dlX = dlarray(X)", "dlX = dlarray(X, fmt)", name="dlarray")
    def __init__(self, X, fmt=None):
        if isinstance(X, dlarray):
            data = X._data
            if fmt is None:
                fmt = X._format or None
        else:
            try:
                data = np.asarray(X)
            except Exception:
                data = None
            if data is None or data.dtype.kind not in "biuf":
                raise MatlabnnTypeError(
                    "dlarray: X must be a numeric or logical array; got "
                    f"{type(X).__name__}.", "deep:dlarray:InvalidInput")
        if data.dtype.kind != "f" or data.dtype not in (np.float32, np.float64):
            data = data.astype(np.float64)
        if fmt is None or fmt == "":
            self._data, self._format = data, ""
        else:
            f = parse_format(fmt, data.ndim)
            self._data, self._format = _canonical(data, f)

    # -- properties ------------------------------------------------------------------
    @property
    def shape(self):
        return self._data.shape

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def dtype(self):
        return self._data.dtype

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def __len__(self):
        return len(self._data)

    def __repr__(self):
        size = f" {TIMES} ".join(f"{n}({l})" if self._format else str(n)
                                 for n, l in zip(self._data.shape, self._format or
                                                 " " * self._data.ndim))
        return f"  {size} dlarray\n\n{np.array2string(self._data)}\n"

    def _matlab_brief(self):
        return f"[{TIMES.join(map(str, self._data.shape))} dlarray]"


def _check(X, function):
    if not isinstance(X, dlarray):
        raise MatlabnnTypeError(f"{function}: the input must be a dlarray; got "
                                f"{type(X).__name__}. Create one with dlarray(X, fmt).",
                                "deep:dlarray:NotDlarray")
    return X


@matlab_syntax("X = extractdata(dlX)")
def extractdata(dlX):
    """The numeric data of a dlarray (MATLAB's ``extractdata``).

    MATLAB syntax::

        X = extractdata(dlX)

    Returns the numpy array, in the dlarray's own dimension order (S, C, B, T, U
    for a formatted dlarray). Example: ``extractdata(dlarray(X, "TC"))`` is ``X.T``.
    """
    return _check(dlX, "extractdata")._data


@matlab_syntax("fmt = dims(dlX)")
def dims(dlX):
    """The data format of a dlarray, e.g. ``"CBT"`` ('' if unformatted) (MATLAB's ``dims``).

    MATLAB syntax::

        fmt = dims(dlX)

    Example: ``dims(dlarray(np.zeros((5, 3, 2)), "TCB"))`` is ``"CBT"``.
    """
    return _check(dlX, "dims")._format


@matlab_syntax("d = finddim(dlX, label)")
def finddim(dlX, label):
    """Positions of a format label in a dlarray (MATLAB's ``finddim``), 0-based.

    MATLAB syntax::

        d = finddim(dlX, label)

    ``label`` is one of "S", "C", "B", "T", "U". Returns an int for one match, a
    list for several S or U dimensions, and ``[]`` when the label is absent.
    Positions are Python's 0-based axes (MATLAB's dimension numbers minus 1), so
    ``dlX.shape[finddim(dlX, "T")]`` is the number of time steps.

    Example: ``finddim(dlarray(np.zeros((3, 10)), "CT"), "T")`` is 1.
    """
    fmt = _check(dlX, "finddim")._format
    if not isinstance(label, str) or len(label) != 1 or label.upper() not in _ORDER:
        raise MatlabnnValueError('finddim: label must be one of "S", "C", "B", "T", "U".',
                                 "deep:dlarray:InvalidLabel")
    found = [k for k, l in enumerate(fmt) if l == label.upper()]
    if not found:
        return []
    return found[0] if len(found) == 1 else found
