"""A small MATLAB ``table``: named columns of equal height, MATLAB's display.

Used where MATLAB returns tables: ``net.Learnables`` and ``net.State`` of a
dlnetwork (variables Layer, Parameter, Value), ``info.TrainingHistory`` and
``info.ValidationHistory`` of trainnet. Columns are read as attributes or items
(``t.Loss``, ``t["Loss"]``: a numpy array, or a list for text and array cells);
``t.Properties.VariableNames`` lists them; ``height(t)`` is ``len(t)``.
"""
import numpy as np

from .display.text import TIMES, format_short

__all__ = ["MTable"]


class _Properties:
    def __init__(self, names):
        self.VariableNames = list(names)


def _is_numeric_column(values):
    return isinstance(values, np.ndarray) and values.dtype.kind in "biuf"


def _cell_text(v):
    if isinstance(v, str):
        return f'"{v}"'
    if hasattr(v, "_matlab_brief"):
        return "{" + v._matlab_brief().strip("[]") + "}"
    if isinstance(v, np.ndarray):
        shape = v.shape if v.ndim >= 2 else (v.shape[0] if v.ndim else 1, 1)
        kind = {"float32": "single", "float64": "double"}.get(str(v.dtype), str(v.dtype))
        return "{" + TIMES.join(map(str, shape)) + f" {kind}" + "}"
    return str(v)


def _number_text(v):
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if v == int(v) and abs(v) < 1e9:
        return str(int(v))
    return f"{v:.5g}" if 1e-4 <= abs(v) < 1e5 else format_short(v)


class MTable:
    """A MATLAB table (see the module docstring). Build with ``MTable({"A": [...], ...})``."""

    def __init__(self, columns, name=None):
        object.__setattr__(self, "_columns", {})
        n = None
        for key, values in columns.items():
            if isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
                col = values.reshape(-1)
            else:
                col = list(values)
            if n is not None and len(col) != n:
                raise ValueError(f"table: column {key} has {len(col)} rows, not {n}")
            n = len(col)
            self._columns[key] = col
        object.__setattr__(self, "_height", n or 0)
        object.__setattr__(self, "Properties", _Properties(self._columns))

    def __getattr__(self, name):
        cols = self.__dict__.get("_columns", {})
        if name in cols:
            return cols[name]
        raise AttributeError(f"Unrecognized table variable name '{name}'. Variables are: "
                             + ", ".join(cols) + ".")

    def __setattr__(self, name, value):
        raise AttributeError("table variables are read-only here; build a new table.")

    def __getitem__(self, name):
        if isinstance(name, str):
            return getattr(self, name)
        raise TypeError("index a table by variable name, e.g. t['Loss']")

    def __len__(self):
        return self._height

    @property
    def shape(self):
        return (self._height, len(self._columns))

    def rows(self):
        """The rows as tuples, in variable order."""
        cols = list(self._columns.values())
        return [tuple(c[k] for c in cols) for k in range(self._height)]

    def _body_lines(self):
        names = list(self._columns)
        texts, numeric = [], []
        for name in names:
            col = self._columns[name]
            is_num = _is_numeric_column(col)
            numeric.append(is_num)
            texts.append([_number_text(v) if is_num else _cell_text(v) for v in col])
        widths = [max([len(n)] + [len(t) for t in ts]) for n, ts in zip(names, texts)]
        head = "    ".join(n.center(w) for n, w in zip(names, widths))
        rule = "    ".join("_" * w for w in widths)
        lines = ["    " + head.rstrip(), "    " + rule]
        for k in range(self._height):
            cells = [(ts[k].rjust(w) if num else ts[k].ljust(w))
                     for ts, w, num in zip(texts, widths, numeric)]
            lines.append("    " + "    ".join(cells).rstrip())
        return lines

    def __repr__(self):
        h, w = self.shape
        return "\n".join([f"  {h}{TIMES}{w} table", ""] + self._body_lines()) + "\n"

    def _matlab_brief(self):
        h, w = self.shape
        return f"[{h}{TIMES}{w} table]"
