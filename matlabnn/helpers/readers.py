"""readmatrix, readtable and xlsread for .csv/.txt and .xlsx files.

Text files are read with the standard library; .xlsx files need the optional
package openpyxl (``pip install "matlabnn[xlsx]"``), and a clear error names it
when it is missing.
"""
import csv
import math
import os
import re

import numpy as np

from .._namevalue import Option, _brief, any_value, choice, logical, parse, text
from .._nargout import check_nargout, outputs
from .._signature import matlab_syntax
from ..errors import MatFileNotFoundError, MatlabnnError, MatlabnnValueError
from .table import table

SPREADSHEET = (".xlsx", ".xlsm")
TEXT = (".csv", ".txt", ".dat", ".tsv")


class MissingDependencyError(MatlabnnError, ImportError):
    """An optional package that a function needs is not installed."""

    default_identifier = "matlabnn:MissingDependency"


# --------------------------------------------------------------------------- cells
def read_cells(filename, function, sheet=None, delimiter=None):
    """The file's cells as a list of rows: numbers as float, text as str, empty as None."""
    if not isinstance(filename, (str, os.PathLike)):
        raise MatlabnnValueError(
            f"{function}: the file name must be text; got {_brief(filename)}.",
            f"MATLAB:{function}:InvalidFileName")
    path = os.fspath(filename)
    if not os.path.isfile(path):
        raise MatFileNotFoundError(
            f"{function}: Unable to find or open '{path}'. Check the path and filename or "
            "file permissions.", "MATLAB:textio:textio:FileNotFound")
    ext = os.path.splitext(path)[1].lower()
    if ext in SPREADSHEET:
        return _spreadsheet_cells(path, function, sheet)
    if ext == ".xls":
        raise MatlabnnValueError(
            f"{function}: '{path}' is an old binary Excel file (.xls), which matlabnn cannot "
            "read. Save it as .xlsx or .csv.", f"MATLAB:{function}:UnsupportedFileType")
    if ext and ext not in TEXT:
        raise MatlabnnValueError(
            f"{function}: unsupported file type '{ext}'. Use a .csv, .txt, .dat or .xlsx file.",
            f"MATLAB:{function}:UnsupportedFileType")
    return _text_cells(path, delimiter)


def _text_cells(path, delimiter):
    with open(path, newline="", encoding="utf-8-sig") as f:
        content = f.read()
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(content[:4096], delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = "," if "," in content else None
    if delimiter is None:           # whitespace-separated columns
        rows = [line.split() for line in content.splitlines()]
    else:
        rows = list(csv.reader(content.splitlines(), delimiter=delimiter))
    return [[_parse_text(v) for v in row] for row in rows]


def _parse_text(v):
    v = v.strip()
    if not v:
        return None
    try:
        return float(v)
    except ValueError:
        return v


def _spreadsheet_cells(path, function, sheet):
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            f"{function}: reading .xlsx files needs the Python package 'openpyxl', which is "
            "not installed. Install it with: pip install openpyxl  (or pip install "
            "\"matlabnn[xlsx]\"), or save the sheet as .csv.",
            f"MATLAB:{function}:MissingOpenpyxl") from None
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = book.sheetnames
        if sheet is None:
            ws = book[names[0]]
        elif isinstance(sheet, str):
            if sheet not in names:
                raise MatlabnnValueError(
                    f"{function}: the sheet '{sheet}' is not in '{path}'. Sheets: "
                    + ", ".join(f"'{n}'" for n in names) + ".",
                    f"MATLAB:{function}:SheetNotFound")
            ws = book[sheet]
        else:
            k = int(sheet) if isinstance(sheet, (int, float, np.number)) and \
                float(sheet) == int(sheet) else 0
            if not 1 <= k <= len(names):
                raise MatlabnnValueError(
                    f"{function}: the sheet number must be from 1 to {len(names)}; got "
                    f"{_brief(sheet)}.", f"MATLAB:{function}:SheetNotFound")
            ws = book[names[k - 1]]
        return [[_spreadsheet_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()


def _spreadsheet_value(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        return _parse_text(v)
    return str(v)                   # dates and times: their text


def _rectangular(rows):
    """Rows padded with None to one width, trailing empty rows and columns dropped."""
    while rows and all(v is None for v in rows[-1]):
        rows = rows[:-1]
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    while width and all(r[width - 1] is None for r in rows):
        width -= 1
        rows = [r[:width] for r in rows]
    return rows


def _is_number(v):
    return isinstance(v, float)


def _header_lines(rows):
    """Leading rows without any number: the header MATLAB's import detection skips."""
    k = 0
    while k < len(rows) and not any(_is_number(v) for v in rows[k]):
        k += 1
    return k if k < len(rows) else 0


def _numbers(rows):
    return np.array([[v if _is_number(v) else math.nan for v in r] for r in rows],
                    dtype=np.float64).reshape(len(rows), -1 if rows else 0)


# --------------------------------------------------------------------------- readmatrix
READMATRIX_OPTIONS = (
    Option("NumHeaderLines", None, any_value),
    Option("Sheet", None, any_value),
    Option("Delimiter", None, text),
    Option("OutputType", "double", choice("double", "single")),
)


@matlab_syntax("A = readmatrix(filename)", "readmatrix(filename, Name, Value)")
def readmatrix(filename, *args, **kwargs):
    """Read a numeric matrix from a .csv/.txt or .xlsx file, as MATLAB's ``readmatrix``.

    MATLAB syntax, the same in Python::

        A = readmatrix(filename)
        A = readmatrix(filename, 'NumHeaderLines', 1, 'Sheet', 'Data')

    Leading lines without any number (column titles) are skipped unless
    ``NumHeaderLines`` says how many to skip; cells that are not numbers become
    NaN; short rows are padded with NaN.

    Options: ``NumHeaderLines`` (detected by default), ``Sheet`` (name or 1-based
    number, .xlsx), ``Delimiter`` (detected by default: ',', tab, ';', '|' or
    spaces), ``OutputType`` 'double' (default) or 'single'.

    .xlsx files need the optional package openpyxl (``pip install openpyxl``).

    Example::

        data = readmatrix('measurements.csv')
        X = data[:, :-1].T; Y = data[:, -1]
    """
    opts, _ = parse("readmatrix", READMATRIX_OPTIONS, args, kwargs)
    rows = _rectangular(read_cells(filename, "readmatrix", opts["Sheet"], opts["Delimiter"]))
    skip = _header_count(opts["NumHeaderLines"], rows, "readmatrix")
    out = _numbers(_rectangular(rows[skip:]))
    return out.astype(np.float32) if opts["OutputType"] == "single" else out


def _header_count(value, rows, function):
    if value is None:
        return _header_lines(rows)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or \
            value < 0 or float(value) != int(value):
        raise MatlabnnValueError(
            f"{function}: NumHeaderLines must be a nonnegative integer; got {_brief(value)}.",
            f"MATLAB:{function}:InvalidNumHeaderLines")
    return int(value)


# --------------------------------------------------------------------------- readtable
READTABLE_OPTIONS = (
    Option("ReadVariableNames", None, logical),
    Option("NumHeaderLines", None, any_value),
    Option("Sheet", None, any_value),
    Option("Delimiter", None, text),
    Option("VariableNamingRule", "modify", choice("modify", "preserve")),
)


@matlab_syntax("T = readtable(filename)", "readtable(filename, Name, Value)")
def readtable(filename, *args, **kwargs):
    """Read a .csv/.txt or .xlsx file into a table, as MATLAB's ``readtable``.

    MATLAB syntax, the same in Python::

        T = readtable(filename)
        T = readtable(filename, 'ReadVariableNames', false, 'Sheet', 2)

    The first row gives the variable names when it is all text (or when
    ``ReadVariableNames`` is true); names are made valid MATLAB identifiers
    (``'Wind speed'`` -> ``WindSpeed``, ``'1st'`` -> ``x1st``) unless
    ``VariableNamingRule`` is 'preserve'. A column whose cells are all numbers (or
    empty) becomes a float64 array (empty -> NaN), any other a list of str.

    Options: ``ReadVariableNames`` (detected), ``NumHeaderLines`` (0 before the
    names row), ``Sheet``, ``Delimiter``, ``VariableNamingRule`` 'modify' (default)
    or 'preserve'. .xlsx files need openpyxl (``pip install openpyxl``).

    Example::

        T = readtable('data.csv')
        T.Properties.VariableNames
        X = table2array(T[:, ['Temp', 'Load']])
    """
    opts, _ = parse("readtable", READTABLE_OPTIONS, args, kwargs)
    rows = _rectangular(read_cells(filename, "readtable", opts["Sheet"], opts["Delimiter"]))
    skip = 0 if opts["NumHeaderLines"] is None else \
        _header_count(opts["NumHeaderLines"], rows, "readtable")
    rows = rows[skip:]
    read_names = opts["ReadVariableNames"]
    if read_names is None:
        read_names = bool(rows) and all(v is None or isinstance(v, str) for v in rows[0]) \
            and any(isinstance(v, str) for v in rows[0])
    width = len(rows[0]) if rows else 0
    if read_names and rows:
        raw_names = ["" if v is None else (v if isinstance(v, str) else format(v, "g"))
                     for v in rows[0]]
        rows = rows[1:]
    else:
        raw_names = [""] * width
    names = _variable_names(raw_names, opts["VariableNamingRule"] == "preserve")
    columns = []
    for j in range(width):
        values = [r[j] for r in rows]
        if all(v is None or _is_number(v) for v in values):
            columns.append(np.array([math.nan if v is None else v for v in values],
                                    dtype=np.float64))
        else:
            columns.append(["" if v is None else (v if isinstance(v, str) else format(v, "g"))
                            for v in values])
    return table(*columns, VariableNames=names)


def _variable_names(raw, preserve):
    names = []
    for k, name in enumerate(raw):
        name = name.strip()
        if not name:
            name = f"Var{k + 1}"
        elif not preserve:
            name = make_valid_name(name)
        base, n = name, 1
        while name in names:            # duplicates get _1, _2, ... as in MATLAB
            name = f"{base}_{n}"
            n += 1
        names.append(name)
    return names


def make_valid_name(name):
    """MATLAB's ``matlab.lang.makeValidName``: 'Wind speed' -> 'WindSpeed', '1a' -> 'x1a'."""
    name = re.sub(r"\s+(\w)", lambda m: m.group(1).upper(), name.strip())
    name = re.sub(r"\s", "", name)
    name = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not re.match(r"[A-Za-z]", name):
        name = "x" + name
    return name[:63]


# --------------------------------------------------------------------------- xlsread
@matlab_syntax("num = xlsread(filename)", "xlsread(filename, sheet)",
               "[num, txt, raw] = xlsread(...)")
def xlsread(filename, sheet=None, *, nargout=1):
    """Read a spreadsheet (.xlsx, or .csv), as MATLAB's older ``xlsread``.

    MATLAB syntax and its Python form::

        num = xlsread(filename)                num = xlsread(filename)
        num = xlsread(filename, sheet)         num = xlsread(filename, 'Data')  (or 2)
        [num, txt, raw] = xlsread(filename)    num, txt, raw = xlsread(filename, nargout=3)

    ``num`` holds the numeric cells as a float64 matrix, NaN for other cells, with
    leading and trailing rows and columns that hold no number removed (so a header
    row disappears). ``txt`` is a list of rows of the text cells ('' elsewhere),
    ``raw`` a list of rows of all cells (numbers as float, text as str, empty as
    NaN). ``sheet`` is a sheet name or a 1-based number. .xlsx files need
    openpyxl (``pip install openpyxl``); MathWorks recommends ``readmatrix`` now.

    Example::

        data = xlsread('data.xlsx')
        num, txt = xlsread('data.xlsx', 1, nargout=2)
    """
    check_nargout("xlsread", nargout, 3)
    rows = _rectangular(read_cells(filename, "xlsread", sheet))
    is_num = np.array([[_is_number(v) for v in r] for r in rows], dtype=bool).reshape(
        len(rows), -1 if rows else 0)
    num = _numbers(rows)
    if is_num.any():
        r = np.flatnonzero(is_num.any(axis=1))
        c = np.flatnonzero(is_num.any(axis=0))
        num = num[r[0]:r[-1] + 1, c[0]:c[-1] + 1]
    else:
        num = np.zeros((0, 0))
    txt = _rectangular([[v if isinstance(v, str) else None for v in r] for r in rows])
    txt = [["" if v is None else v for v in r] for r in txt]
    raw = [[math.nan if v is None else v for v in r] for r in rows]
    return outputs((num, txt, raw), nargout)
