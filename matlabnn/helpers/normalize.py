"""normalize: MATLAB's z-score, range, center, scale and norm normalization."""
import numbers
import warnings

import numpy as np

from .._nargout import check_nargout, outputs
from .._namevalue import _brief
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError
from ._dims import dims_argument, first_nonsingleton, matlab_view, numeric_array

METHODS = ("zscore", "norm", "range", "center", "scale")
CENTER_TYPES = ("mean", "median")
SCALE_TYPES = ("std", "mad", "first")


@matlab_syntax("N = normalize(A)", "normalize(A, dim)", "normalize(..., method)",
               "normalize(..., method, methodtype)",
               "normalize(..., 'center', C, 'scale', S)", "[N, C, S] = normalize(...)")
def normalize(A, *args, nargout=1):
    """Normalize data, as MATLAB's ``normalize``: N = (A - C) ./ S.

    MATLAB syntax and its Python form::

        N = normalize(A)                         N = normalize(A)
        N = normalize(A, dim)                    N = normalize(A, 2)
        N = normalize(A, 'range')                N = normalize(A, 'range')
        N = normalize(A, 'range', [a b])         N = normalize(A, 'range', [a, b])
        [N, C, S] = normalize(A)                 N, C, S = normalize(A, nargout=3)
        N2 = normalize(A2, 'center', C, 'scale', S)   (the same)

    Without ``dim`` it works along the first dimension whose size is not 1 (the
    columns of a matrix; the whole of a vector; a 1-D array is a row vector).
    ``dim`` is MATLAB's 1-based dimension: ``normalize(A, 2)`` normalizes each row.

    Methods (default ``'zscore'``) and their method types:

    - ``'zscore'``: ``'std'`` (default: center 0, standard deviation 1, N-1
      normalization) or ``'robust'`` (center median, scale median absolute
      deviation);
    - ``'norm'``: p (default 2; ``np.inf`` for the largest absolute value);
    - ``'range'``: ``[a, b]`` (default ``[0, 1]``);
    - ``'center'``: ``'mean'`` (default), ``'median'`` or numeric C;
    - ``'scale'``: ``'std'`` (default), ``'mad'``, ``'first'`` or numeric S.

    ``'center'`` and ``'scale'`` can be given together. Numeric C and S (for
    example those returned by an earlier call, ``nargout=3``) reuse training
    statistics on new data; they broadcast as in MATLAB. NaN values are omitted
    when computing statistics. C and S have size 1 in the normalized dimension
    (for a 1-D input they are 1-D).

    Example::

        v = np.arange(1, 6)
        normalize(v)                 # [-1.2649 -0.6325 0 0.6325 1.2649]
        N1, C, S = normalize(XTrain, 2, nargout=3)
        N2 = normalize(XTest, 'center', C, 'scale', S)
    """
    check_nargout("normalize", nargout, 3)
    a = numeric_array(A, "normalize", "A")
    view, was_1d = matlab_view(a)
    args = list(args)
    dim = None
    if args and not isinstance(args[0], str):
        dim = _dim(args.pop(0))
    plan = _parse_methods(args)
    axis = (dim if dim is not None else first_nonsingleton(view.shape)) - 1
    if axis >= view.ndim:          # a trailing singleton dimension: each element alone
        view = view.reshape(view.shape + (1,) * (axis + 1 - view.ndim))
    # Empty or all-NaN slices give NaN statistics, as in MATLAB, without numpy's warnings.
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        center, scale = _statistics(view, axis, plan, was_1d)
        n = (view - center) / scale
    n = n.reshape(a.shape).astype(a.dtype, copy=False)
    center, scale = (_shaped(v, was_1d, a.dtype) for v in (center, scale))
    return outputs((n, center, scale), nargout)


def _dim(value):
    dims = dims_argument(value, "normalize")
    if len(dims) != 1:
        raise MatlabnnValueError(
            f"normalize: the dimension must be a positive integer scalar; got {_brief(value)}.",
            "MATLAB:normalize:InvalidDim")
    return dims[0] + 1


def _parse_methods(args):
    """The method list -> {'kind': ..., ...}: what to center and scale with."""
    if not args:
        return {"center": "mean", "scale": "std"}
    method = _method_name(args[0])
    rest = args[1:]
    if method in ("center", "scale"):
        plan = {}
        while True:
            value = "mean" if method == "center" else "std"
            if rest and not (isinstance(rest[0], str) and rest[0].lower() in METHODS):
                value = rest.pop(0)
            if method in plan:
                _fail(f"'{method}' is given twice.")
            plan[method] = _center_or_scale_type(method, value)
            if not rest:
                return plan
            method = _method_name(rest.pop(0))
            if method not in ("center", "scale"):
                _fail("only the 'center' and 'scale' methods can be combined.")
    if len(rest) > 1:
        _fail(f"too many arguments after '{method}'.")
    kind = rest[0] if rest else None
    if method == "zscore":
        kind = "std" if kind is None else kind
        if not isinstance(kind, str) or kind.lower() not in ("std", "robust"):
            _fail(f"the 'zscore' method type must be 'std' or 'robust'; got {_brief(kind)}.")
        if kind.lower() == "robust":
            return {"center": "median", "scale": "mad"}
        return {"center": "mean", "scale": "std"}
    if method == "norm":
        p = 2.0 if kind is None else kind
        if isinstance(p, bool) or not isinstance(p, (numbers.Real, np.number)) or not p > 0:
            _fail(f"the 'norm' method type must be a positive number (or Inf); got {_brief(p)}.")
        return {"norm": float(p)}
    limits = (0.0, 1.0) if kind is None else kind
    arr = np.asarray(limits, dtype=float) if not isinstance(limits, str) else None
    if arr is None or arr.size != 2 or not np.all(np.isfinite(arr)) or not arr.reshape(-1)[0] < \
            arr.reshape(-1)[1]:
        _fail(f"the 'range' method type must be an increasing interval [a, b]; got "
              f"{_brief(limits)}.")
    return {"range": tuple(float(v) for v in arr.reshape(-1))}


def _method_name(value):
    if isinstance(value, str) and value.lower() in METHODS:
        return value.lower()
    _fail(f"unknown normalization method {_brief(value)}. Use one of "
          + ", ".join(f"'{m}'" for m in METHODS) + ".")


def _center_or_scale_type(method, value):
    allowed = CENTER_TYPES if method == "center" else SCALE_TYPES
    if isinstance(value, str):
        if value.lower() not in allowed:
            _fail(f"the '{method}' method type must be "
                  + ", ".join(f"'{t}'" for t in allowed) + f" or numeric; got '{value}'.")
        return value.lower()
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        arr = None
    if arr is None or isinstance(value, bool):
        _fail(f"the '{method}' value must be a method type or a numeric array; got "
              f"{_brief(value)}.")
    return arr


def _fail(reason):
    raise MatlabnnValueError(f"normalize: {reason}", "MATLAB:normalize:InvalidMethod")


def _statistics(x, axis, plan, was_1d):
    """(C, S) with keepdims shape along ``axis``, or numeric ones broadcast as given."""
    if "norm" in plan:
        p = plan["norm"]
        ax = np.abs(x)
        if np.isinf(p):
            s = np.nanmax(ax, axis=axis, keepdims=True)
        else:
            s = np.nansum(ax ** p, axis=axis, keepdims=True) ** (1.0 / p)
        return np.zeros_like(s), s
    if "range" in plan:
        a, b = plan["range"]
        lo = np.nanmin(x, axis=axis, keepdims=True)
        hi = np.nanmax(x, axis=axis, keepdims=True)
        s = (hi - lo) / (b - a)
        return lo - a * s, s
    center = plan.get("center", 0.0)
    scale = plan.get("scale", 1.0)
    if isinstance(center, str):
        fn = np.nanmean if center == "mean" else np.nanmedian
        center = fn(x, axis=axis, keepdims=True)
    elif isinstance(center, np.ndarray):
        center = _numeric_statistic(center, x, was_1d, "center")
    if isinstance(scale, str):
        if scale == "std":
            scale = np.nanstd(x, axis=axis, ddof=1, keepdims=True)
        elif scale == "mad":
            med = np.nanmedian(x, axis=axis, keepdims=True)
            scale = np.nanmedian(np.abs(x - med), axis=axis, keepdims=True)
        else:   # 'first'
            scale = np.take(x, [0], axis=axis)
    elif isinstance(scale, np.ndarray):
        scale = _numeric_statistic(scale, x, was_1d, "scale")
    return center, scale


def _numeric_statistic(value, x, was_1d, name):
    """A user's C or S in the MATLAB view of the data; it must broadcast."""
    if was_1d and value.ndim == 1:
        value = value.reshape(1, -1)
    try:
        np.broadcast_shapes(value.shape, x.shape)
    except ValueError:
        _fail(f"the '{name}' value of size {'x'.join(map(str, value.shape))} does not match "
              f"the data of size {'x'.join(map(str, x.shape))}; it must have size 1 in the "
              "normalized dimension and the data's size in the others (as C and S "
              "returned by [N, C, S] = normalize(...)).")
    return value


def _shaped(v, was_1d, dtype):
    v = np.asarray(v, dtype=np.result_type(dtype, np.float32))
    if was_1d:
        return v.reshape(-1)
    return v
