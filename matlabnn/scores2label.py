"""``scores2label``: class labels from classification scores (R2024a)."""
import numpy as np

from ._nargout import check_nargout, outputs
from ._signature import matlab_syntax
from .categorical import categorical, iscategorical
from .dlarray import dlarray
from .errors import MatlabnnTypeError, MatlabnnValueError

__all__ = ["scores2label"]


def _class_names(classNames):
    if iscategorical(classNames):
        return [str(c) for c in np.asarray(classNames).ravel()]
    if isinstance(classNames, str):
        return [classNames]
    try:
        names = [str(c) for c in np.asarray(classNames, dtype=object).ravel()]
    except Exception:
        names = None
    if not names:
        raise MatlabnnTypeError(
            "scores2label: classNames must be a list of class names (a string array, cell "
            "array or categorical), e.g. categories(TTrain).", "deep:scores2label:InvalidClasses")
    return names


def _one(scores, names, dim):
    fmt_axis = None
    if isinstance(scores, dlarray):
        fmt = scores._format
        fmt_axis = fmt.index("C") if "C" in fmt else None
        scores = scores._data
    S = np.asarray(scores)
    if S.dtype.kind not in "biuf":
        raise MatlabnnTypeError("scores2label: scores must be a numeric array.",
                                "deep:scores2label:InvalidScores")
    if S.ndim == 1:
        S = S.reshape(1, -1)
    K = len(names)
    if isinstance(dim, str) and dim.lower() == "auto":
        dim = None
    if dim is None:
        if fmt_axis is not None:
            axis = fmt_axis
        else:
            axis = 1
            if S.shape[1] != K:
                matches = [a for a in range(S.ndim) if S.shape[a] == K]
                if not matches:
                    raise MatlabnnValueError(
                        f"scores2label: no dimension of the {'x'.join(map(str, S.shape))} "
                        f"scores has one entry per class ({K} classes). Scores are N-by-K "
                        "(observations in rows, classes in columns), or T-by-K for one "
                        "sequence.", "deep:scores2label:SizeMismatch")
                axis = matches[0]
    else:
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or \
                not 0 <= dim < S.ndim:
            raise MatlabnnValueError(
                f"scores2label: dim must be a 0-based axis from 0 to {S.ndim - 1} (MATLAB's "
                f"dimension number minus 1), or \"auto\"; got {dim!r}.",
                "deep:scores2label:InvalidDim")
        axis = int(dim)
    if S.shape[axis] != K:
        raise MatlabnnValueError(
            f"scores2label: the scores have {S.shape[axis]} entries along the class "
            f"dimension but there are {K} class names.", "deep:scores2label:SizeMismatch")
    idx = S.argmax(axis=axis)
    best = np.take_along_axis(S, np.expand_dims(idx, axis), axis).squeeze(axis)
    if idx.ndim > 1 and sum(n > 1 for n in idx.shape) > 1:
        raise MatlabnnValueError(
            f"scores2label: scores of size {'x'.join(map(str, S.shape))} give a "
            f"{'x'.join(map(str, idx.shape))} array of labels; matlabnn's categorical "
            "arrays are vectors. Pass one sequence's T-by-K scores at a time, or use "
            "UniformOutput=false in minibatchpredict.", "deep:scores2label:TooManyDims")
    codes = idx.ravel() + 1
    nan_rows = ~np.isfinite(best.ravel())
    codes[nan_rows] = 0
    labels = categorical.from_codes(codes, names, "column")
    return labels, best.ravel()


@matlab_syntax("labels = scores2label(scores, classNames)",
               "[labels, score] = scores2label(scores, classNames, dim, nargout=2)")
def scores2label(scores, classNames, dim="auto", *, nargout=1):
    """Class labels from classification scores (MATLAB's ``scores2label``, R2024a).

    MATLAB syntax and its Python form::

        labels = scores2label(scores, classNames)
        labels = scores2label(scores, classNames, dim)
        [labels, score] = scores2label(___)      % labels, score = scores2label(..., nargout=2)

    ``scores`` is N-by-K (one row per observation, as ``minibatchpredict``
    returns), T-by-K (one sequence), a ``dlarray`` (its C dimension holds the
    classes), or a list of such arrays (``UniformOutput=false`` output; a list
    of results is returned). ``classNames`` gives the K classes in score order,
    usually ``categories(TTrain)``. ``dim`` is the class axis, 0-based as in
    numpy (MATLAB's dim minus 1), or "auto" (default: the C dimension of a
    dlarray, else axis 1, else the one axis of size K).

    Returns ``labels``, an N-by-1 categorical with categories ``classNames``, and
    with nargout=2 ``score``, the winning score of each row.

    Example::

        scores = minibatchpredict(net, XTest)
        YTest = scores2label(scores, classNames)
        YTest, score = scores2label(scores, classNames, nargout=2)
    """
    nargout = check_nargout("scores2label", nargout, 2)
    names = _class_names(classNames)
    if isinstance(scores, (list, tuple)) and scores and \
            all(isinstance(s, (np.ndarray, dlarray)) for s in scores):
        pairs = [_one(s, names, dim) for s in scores]
        return outputs(([p[0] for p in pairs], [p[1] for p in pairs]), nargout)
    labels, best = _one(scores, names, dim)
    return outputs((labels, best), nargout)
