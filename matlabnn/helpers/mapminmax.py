"""mapminmax: the Deep Learning Toolbox's row-wise scaling to [ymin, ymax]."""
import numbers

import numpy as np

from .._nargout import check_nargout, outputs
from .._namevalue import _brief
from .._signature import matlab_syntax
from .._struct import Struct
from ..errors import MatlabnnTypeError, MatlabnnValueError
from ._dims import numeric_array

# The settings fields in MATLAB's order (R2010b and later).
SETTINGS_FIELDS = ("name", "xrows", "xmax", "xmin", "xrange", "yrows", "ymax", "ymin",
                   "yrange", "gain", "xoffset", "no_change")


@matlab_syntax("[Y, PS] = mapminmax(X)", "mapminmax(X, ymin, ymax)", "mapminmax(X, FP)",
               "Y = mapminmax('apply', X, PS)", "X = mapminmax('reverse', Y, PS)")
def mapminmax(X, *args, nargout=1):
    """Map each row's minimum and maximum to [ymin, ymax] (default [-1, 1]).

    MATLAB syntax and its Python form::

        [Y, PS] = mapminmax(X)                 Y, PS = mapminmax(X, nargout=2)
        [Y, PS] = mapminmax(X, ymin, ymax)     Y, PS = mapminmax(X, 0, 1, nargout=2)
        [Y, PS] = mapminmax(X, FP)             Y, PS = mapminmax(X, {'ymin': 0, 'ymax': 1}, nargout=2)
        Y = mapminmax('apply', X, PS)          Y = mapminmax('apply', X, PS)
        X = mapminmax('reverse', Y, PS)        X = mapminmax('reverse', Y, PS)

    ``X`` is an N-by-Q matrix: each of the N rows is scaled on its own, with

        y = (ymax - ymin) * (x - xmin) / (xmax - xmin) + ymin.

    A 1-D array is one row (a MATLAB row vector) and comes back 1-D. A list of
    matrices (MATLAB's 1-by-TS cell array) is scaled with settings taken over all
    of them and comes back as a list. NaN values are ignored when finding the
    limits. A row whose xmax equals xmin, or whose limits are not finite, passes
    through unchanged (gain 1, offset ymin), as MATLAB documents.

    ``PS`` is a struct with MATLAB's fields name, xrows, xmax, xmin, xrange, yrows,
    ymax, ymin, yrange, gain, xoffset and no_change (xmax, xmin, xrange, gain and
    xoffset are N-by-1 columns); ``'apply'`` computes (x - xoffset) * gain + ymin and
    ``'reverse'`` the inverse, so new data is scaled with the training data's limits.

    Example::

        x1 = np.array([[1, 2, 4], [1, 1, 1], [3, 2, 2], [0, 0, 0]])
        y1, PS = mapminmax(x1, nargout=2)      # rows 2 and 4 unchanged
        y2 = mapminmax('apply', np.array([[5, 2, 3], [1, 1, 1], [6, 7, 3], [0, 0, 0]]), PS)
        x1_again = mapminmax('reverse', y1, PS)
    """
    if isinstance(X, str):
        mode = X.lower()
        if mode not in ("apply", "reverse"):
            raise MatlabnnValueError(
                f"mapminmax: unknown command '{X}'. Use mapminmax(X), "
                "mapminmax('apply', X, PS) or mapminmax('reverse', Y, PS).",
                "nnet:mapminmax:UnknownCommand")
        if len(args) != 2:
            raise MatlabnnTypeError(
                f"mapminmax: '{mode}' needs two more arguments: mapminmax('{mode}', "
                f"{'X' if mode == 'apply' else 'Y'}, PS); got {len(args)}.", "MATLAB:minrhs")
        check_nargout("mapminmax", nargout, 1)
        data, settings = args
        values, rebuild = _rows(data, f"mapminmax('{mode}', ...)")
        settings = _settings(settings)
        if values.shape[0] != settings["xrows"]:
            raise MatlabnnValueError(
                f"mapminmax: the data has {values.shape[0]} rows but the settings PS were "
                f"made from data with {settings['xrows']} rows. Use the PS returned by "
                "mapminmax for data with the same rows (features).",
                "nnet:mapminmax:RowMismatch")
        out = (apply_settings if mode == "apply" else reverse_settings)(values, settings)
        return rebuild(out)
    check_nargout("mapminmax", nargout, 2)
    ymin, ymax = _limits(args)
    values, rebuild = _rows(X, "mapminmax")
    settings = create_settings(values, ymin, ymax)
    return outputs((rebuild(apply_settings(values, settings)), settings), nargout)


def create_settings(x, ymin=-1.0, ymax=1.0):
    """MATLAB's process settings for an N-by-Q float array ``x``."""
    xmax = np.full((x.shape[0], 1), np.nan)
    xmin = np.full((x.shape[0], 1), np.nan)
    rows = ~np.all(np.isnan(x), axis=1) if x.shape[1] else np.zeros(x.shape[0], bool)
    xmax[rows, 0] = np.nanmax(x[rows], axis=1)     # NaN values are ignored
    xmin[rows, 0] = np.nanmin(x[rows], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        xrange = xmax - xmin
        yrange = ymax - ymin
        gain = yrange / xrange
        xoffset = xmin.copy()
        # Rows that cannot be scaled pass through: gain 1 and offset ymin make
        # (x - ymin) * 1 + ymin = x.
        fix = (np.abs(gain) > 1e14) | ~np.isfinite(xrange) | (xrange == 0)
    gain[fix] = 1.0
    xoffset[fix] = ymin
    no_change = bool(x.shape[0] == 0 or (np.all(gain == 1) and np.all(xoffset == 0)))
    return Struct(name="mapminmax", xrows=x.shape[0], xmax=xmax, xmin=xmin, xrange=xrange,
                  yrows=x.shape[0], ymax=float(ymax), ymin=float(ymin), yrange=float(yrange),
                  gain=gain, xoffset=xoffset, no_change=no_change)


def apply_settings(x, s):
    """y = (x - xoffset) .* gain + ymin, in the data's float type."""
    y = (x - s["xoffset"]) * s["gain"] + s["ymin"]
    return y.astype(x.dtype, copy=False)


def reverse_settings(y, s):
    """x = (y - ymin) ./ gain + xoffset, in the data's float type."""
    x = (y - s["ymin"]) / s["gain"] + s["xoffset"]
    return x.astype(y.dtype, copy=False)


def _limits(args):
    if len(args) == 0:
        return -1.0, 1.0
    if len(args) == 1:
        fp = args[0]
        if not isinstance(fp, dict) or not {"ymin", "ymax"} <= set(fp):
            raise MatlabnnTypeError(
                "mapminmax: the second argument must be ymin (with ymax third) or a struct "
                f"FP with fields ymin and ymax; got {_brief(fp)}.", "nnet:mapminmax:BadFP")
        return _limits((fp["ymin"], fp["ymax"]))
    if len(args) > 2:
        raise MatlabnnTypeError(
            f"mapminmax: Too many input arguments ({len(args) + 1} given). Use "
            "mapminmax(X), mapminmax(X, ymin, ymax) or mapminmax(X, FP).",
            "MATLAB:TooManyInputs")
    ymin, ymax = args
    for name, v in (("ymin", ymin), ("ymax", ymax)):
        if isinstance(v, bool) or not isinstance(v, (numbers.Real, np.number)) \
                or not np.isfinite(v):
            raise MatlabnnValueError(
                f"mapminmax: {name} must be a finite real scalar; got {_brief(v)}.",
                "nnet:mapminmax:BadLimits")
    if not ymax > ymin:
        raise MatlabnnValueError(
            f"mapminmax: ymax must be greater than ymin; got ymin = {ymin}, ymax = {ymax}.",
            "nnet:mapminmax:BadLimits")
    return float(ymin), float(ymax)


def _settings(ps):
    if not isinstance(ps, dict) or not {"xoffset", "gain", "ymin", "xrows"} <= set(ps):
        raise MatlabnnTypeError(
            "mapminmax: PS must be the settings struct returned by [Y, PS] = mapminmax(X) "
            f"(fields {', '.join(SETTINGS_FIELDS)}); got {_brief(ps)}.",
            "nnet:mapminmax:BadSettings")
    return ps


def _rows(data, function):
    """(N-by-Q float array, function that puts a result back in the input's form).

    A list of numpy arrays is MATLAB's cell array: its matrices are joined side by
    side, and results are split back into a list.
    """
    if isinstance(data, (list, tuple)) and data and all(isinstance(d, np.ndarray)
                                                        for d in data):
        parts = [_rows(d, function) for d in data]
        if len({p.shape[0] for p, _ in parts}) != 1:
            raise MatlabnnValueError(
                f"{function}: the matrices of the cell array (list) must have the same "
                f"number of rows; got {[p.shape[0] for p, _ in parts]}.",
                "nnet:mapminmax:RowMismatch")
        bounds = np.cumsum([0] + [p.shape[1] for p, _ in parts])

        def rebuild_list(y):
            return [rebuild(y[:, a:b]) for (_, rebuild), a, b in
                    zip(parts, bounds[:-1], bounds[1:])]
        return np.concatenate([p for p, _ in parts], axis=1), rebuild_list
    a = numeric_array(data, "mapminmax", "X")
    if a.ndim > 2:
        raise MatlabnnValueError(
            f"{function}: X must be an N-by-Q matrix or a row vector; got an array of "
            f"size {'x'.join(map(str, a.shape))}.", "nnet:mapminmax:NotMatrix")
    if a.ndim == 2:
        return a, lambda y: y
    shape = a.shape
    return a.reshape(1, -1), lambda y: y.reshape(shape)
