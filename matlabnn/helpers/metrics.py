"""Error measures: MATLAB's rmse and the Deep Learning Toolbox's mse and mae."""
import numpy as np

from .._namevalue import _brief
from .._signature import matlab_syntax
from ..errors import MatlabnnTypeError, MatlabnnValueError
from ._dims import (dims_argument, first_nonsingleton, matlab_view, numeric_array, pad_dims,
                    restore)

NAN_FLAGS = {"includenan": False, "includemissing": False, "omitnan": True,
             "omitmissing": True}


@matlab_syntax("E = rmse(F, A)", 'rmse(F, A, "all")', "rmse(F, A, dim)", "rmse(F, A, vecdim)",
               "rmse(..., nanflag)", "rmse(..., Weights=W)")
def rmse(F, A, *args, Weights=None):
    """Root-mean-square error between forecast F and actual A (MATLAB R2022b's ``rmse``).

    MATLAB syntax, the same in Python::

        E = rmse(F, A)
        E = rmse(F, A, "all")
        E = rmse(F, A, dim)           % 1-based, as in MATLAB: 2 = along each row
        E = rmse(F, A, vecdim)        % e.g. [1 2] -> rmse(F, A, [1, 2])
        E = rmse(___, nanflag)        % "includenan" (default) or "omitnan"
                                      % ("includemissing"/"omitmissing" too)
        E = rmse(___, Weights=W)      % or rmse(___, 'Weights', W)

    ``W`` (nonnegative) weights the squared errors: sqrt(sum(W.*(F-A).^2)/sum(W)).
    It is a vector as long as the operating dimension, or an array of the size of
    F - A (then also with vecdim and "all").

    E = sqrt(mean((F - A).^2)) along the first dimension whose size is not 1:
    vectors give a scalar, an M-by-N matrix a 1-by-N row (one RMSE per column).
    F and A must have the same size or compatible sizes. A 1-D array is a MATLAB
    row vector; results with one element are returned as a numpy scalar, other
    results keep MATLAB's shape (size 1 in the reduced dimensions).

    Example::

        F = np.array([[1, 2], [10, 5], [9, 10]]); A = np.array([1, 9, 10])[:, None]
        rmse(F, A)                    # [[0.8165 2.3805]]
        rmse(YPred, YTest)            # forecast error of a network, in data units
    """
    f = numeric_array(F, "rmse", "F")
    a = numeric_array(A, "rmse", "A")
    vf, f1 = matlab_view(f)
    va, a1 = matlab_view(a)
    try:
        err = vf - va if vf.ndim == va.ndim else _broadcast_diff(vf, va)
    except ValueError:
        raise MatlabnnValueError(
            f"rmse: F and A must have the same size or compatible sizes; got "
            f"{_size(vf)} and {_size(va)}.", "MATLAB:sizeDimensionsMustMatch") from None
    args = list(args)
    if len(args) >= 2 and isinstance(args[-2], str) and args[-2] and \
            "weights".startswith(args[-2].lower()):
        Weights = args.pop()
        args.pop()
    dims, omit = _parse_reduction(args, err.shape)
    err = pad_dims(err, dims)
    sq = err * err
    w = np.ones((1,) * sq.ndim) if Weights is None else _weights(Weights, sq.shape, dims)
    with np.errstate(invalid="ignore", divide="ignore"):
        if omit:
            keep = ~np.isnan(sq)
            total = np.sum(np.where(keep, w * sq, 0), axis=dims, keepdims=True)
            mean = total / np.sum(np.where(keep, w, 0), axis=dims, keepdims=True)
        else:
            mean = np.sum(w * sq, axis=dims, keepdims=True) / \
                np.sum(np.broadcast_to(w, sq.shape), axis=dims, keepdims=True)
    mean = mean.astype(sq.dtype, copy=False)
    return restore(np.sqrt(mean), f1 and a1, max(f.ndim, a.ndim))


def _weights(value, shape, dims):
    """W as an array that broadcasts against the squared errors of size ``shape``."""
    w = numeric_array(value, "rmse", "Weights").astype(np.float64)
    if np.any(w < 0) or not np.all(np.isfinite(w)):
        raise MatlabnnValueError("rmse: Weights must be nonnegative finite values.",
                                 "MATLAB:rmse:invalidWeights")
    if len(dims) == 1 and w.size == shape[dims[0]] and sum(n > 1 for n in w.shape) <= 1:
        along = [1] * len(shape)
        along[dims[0]] = w.size
        return w.reshape(along)                     # a vector along the operating dim
    view = w.reshape(w.shape + (1,) * (len(shape) - w.ndim)) if w.ndim <= len(shape) else w
    if view.ndim != len(shape) or any(a != b and a != 1 for a, b in zip(view.shape, shape)):
        raise MatlabnnValueError(
            f"rmse: Weights must be a vector as long as the operating dimension "
            f"({shape[dims[0]] if len(dims) == 1 else 'one dimension only'}) or have the "
            f"size of F - A ({'x'.join(map(str, shape))}); got size "
            f"{'x'.join(map(str, w.shape))}.", "MATLAB:rmse:invalidWeights")
    return view


def _broadcast_diff(x, y):
    n = max(x.ndim, y.ndim)
    x = x.reshape(x.shape + (1,) * (n - x.ndim))   # MATLAB pads trailing singletons
    y = y.reshape(y.shape + (1,) * (n - y.ndim))
    return x - y


def _size(x):
    return "x".join(map(str, x.shape))


def _parse_reduction(args, shape):
    """(axes, omit_nan) from rmse's optional dim/vecdim/"all" and nanflag arguments."""
    args = list(args)
    omit = False
    if args and isinstance(args[-1], str) and args[-1].lower() in NAN_FLAGS:
        omit = NAN_FLAGS[args.pop().lower()]
    if len(args) > 1:
        raise MatlabnnTypeError(
            "rmse: too many input arguments. Use rmse(F, A), rmse(F, A, dim), "
            "rmse(F, A, vecdim) or rmse(F, A, \"all\"), optionally followed by a nanflag.",
            "MATLAB:TooManyInputs")
    if not args:
        return (first_nonsingleton(shape) - 1,), omit
    spec = args[0]
    if isinstance(spec, str):
        if spec.lower() != "all":
            raise MatlabnnValueError(
                f"rmse: unknown option '{spec}'. Use \"all\", a dimension, or the nanflag "
                "\"includenan\", \"omitnan\", \"includemissing\" or \"omitmissing\".",
                "MATLAB:rmse:invalidOption")
        return tuple(range(len(shape))), omit
    return dims_argument(spec, "rmse"), omit


@matlab_syntax("perf = mse(E)", "perf = mse(net, T, Y)")
def mse(E, *args):
    """Mean squared error performance function (Deep Learning Toolbox ``mse``).

    MATLAB syntax, the same in Python::

        perf = mse(E)             % E: errors, a matrix or a cell array (list) of them
        perf = mse(net, T, Y)     % targets T, outputs Y: E = T - Y

    perf = mean(E(:).^2) over all elements; NaN errors (don't-care targets) are
    left out, as the toolbox does. A plain mean of squares: no factor 1/2 (that is
    the loss trainNetwork reports). ``net`` is accepted for MATLAB's calling form
    and not used.

    Example::

        perf = mse(YTest - YPred)
        perf = mse(net, YTest, YPred)
    """
    return _performance("mse", (E,) + args, np.square)


@matlab_syntax("perf = mae(E)", "perf = mae(net, T, Y)")
def mae(E, *args):
    """Mean absolute error performance function (Deep Learning Toolbox ``mae``).

    MATLAB syntax, the same in Python::

        perf = mae(E)
        perf = mae(net, T, Y)     % E = T - Y; net is accepted and not used

    perf = mean(abs(E(:))) over all elements, NaN errors left out.

    Example::

        perf = mae(YTest - YPred)
    """
    return _performance("mae", (E,) + args, np.abs)


def _performance(function, args, transform):
    if len(args) == 1:
        errors = _elements(function, args[0], "E")
    elif len(args) == 3:
        t = _elements(function, args[1], "T")
        y = _elements(function, args[2], "Y")
        if t.size != y.size:
            raise MatlabnnValueError(
                f"{function}: targets T and outputs Y must have the same number of "
                f"elements; got {t.size} and {y.size}.", f"nnet:{function}:SizeMismatch")
        errors = t - y
    else:
        raise MatlabnnTypeError(
            f"{function}: expected perf = {function}(E) or perf = {function}(net, T, Y); got "
            f"{len(args)} input argument{'s' if len(args) != 1 else ''}.",
            "MATLAB:narginchk:notEnoughInputs" if len(args) < 1 else "MATLAB:TooManyInputs")
    values = transform(errors[~np.isnan(errors)])
    return np.float64(values.mean()) if values.size else np.float64(np.nan)


def _elements(function, x, name):
    """All elements of an array or of a list of arrays (cell array), as float64."""
    if isinstance(x, (list, tuple)) and x and all(isinstance(v, np.ndarray) for v in x):
        return np.concatenate([_elements(function, v, name) for v in x])
    try:
        return numeric_array(x, function, name).astype(np.float64).reshape(-1)
    except MatlabnnTypeError:
        raise MatlabnnTypeError(
            f"{function}: {name} must be a numeric array or a list (cell array) of numeric "
            f"arrays; got {_brief(x)}.", f"nnet:{function}:InvalidInput") from None
