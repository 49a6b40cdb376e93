"""The data layout rule of the trainnet-era API, in and out.

``trainnet``, ``minibatchpredict``, ``testnet`` and dlnetwork ``predict`` take
each vector sequence **T-by-C** (time steps in rows, channels in columns), a
batch as a numeric T-by-C-by-N array, and features N-by-C. The trainNetwork-era
functions keep C-by-S. Nothing is guessed from shapes: ``InputDataFormats`` /
``TargetDataFormats`` / ``OutputDataFormats`` (e.g. ``"CTB"``) say otherwise,
and a formatted ``dlarray`` carries its own format. Data that does not fit gets
an error that says which layout each function expects.

This module converts the user's data to the engine's sequence form (a list of
C-by-S arrays, one per observation, or an N-by-C feature array) and shapes
outputs back.
"""
import numpy as np

from .dlarray import dlarray, parse_format
from .errors import InvalidDataError

__all__ = ["sequences_in", "features_in", "sequence_outputs", "feature_outputs",
           "LAYOUT_HELP", "is_auto"]

LAYOUT_HELP = ("trainnet, minibatchpredict, testnet and dlnetwork predict take each sequence "
               "T-by-C (time steps in rows, channels in columns), a batch as a T-by-C-by-N "
               "array, and features N-by-C; trainNetwork, SeriesNetwork predict/classify and "
               "predictAndUpdateState take C-by-S. Transpose the data, or give its layout "
               "with InputDataFormats (e.g. \"CTB\" for a list of C-by-T arrays)")


def is_auto(fmt):
    return fmt is None or (isinstance(fmt, str) and fmt.lower() == "auto")


def _numeric(x, function, where):
    if isinstance(x, dlarray):
        x = x._data
    try:
        a = np.asarray(x)
    except Exception:
        a = None
    if a is None or a.dtype == object or a.dtype.kind not in "biuf" or a.dtype.kind == "b":
        raise InvalidDataError(f"{function}: {where} must be a numeric array; got "
                               f"{type(x).__name__}.", "nnet_cnn:internal:InvalidData")
    return a


def _shape(a):
    return "x".join(map(str, a.shape)) or "scalar"


def _mismatch(function, where, a, C, expected, extra=""):
    hint = ""
    if a.ndim >= 2 and a.shape[0] == C and a.shape[1] != C:
        hint = f" It looks like C-by-S (the trainNetwork layout): transpose it ({where}.T)."
    raise InvalidDataError(
        f"{function}: {where} is {_shape(a)} but the network has {C} input channels and "
        f"{function} expects {expected}.{hint}{extra} {LAYOUT_HELP}.",
        "nnet_cnn:internal:cnn:validation:InvalidInputSize")


def _is_cell(X):
    return isinstance(X, (list, tuple)) or (isinstance(X, np.ndarray) and X.dtype == object)


def _check_finite(s, function, where):
    if not np.all(np.isfinite(s)):
        raise InvalidDataError(f"{function}: {where} contains NaN or Inf values.",
                               "nnet_cnn:internal:InvalidData")


def sequences_in(X, C, function, fmt=None, argname="X", finite=True):
    """Sequence data in the trainnet layout -> (list of C-by-S arrays, form).

    ``X``: a list (cell array) of T-by-C arrays; a numeric T-by-C-by-N array; one
    T-by-C array (one observation); a dlarray (its own format). ``fmt``
    overrides (letters of S/C/B/T/U; for a list, the letters of each element
    plus "B"). ``form`` records how the data came, for :func:`sequence_outputs`:
    ("cell", N), ("array", N) or ("single", 1), with the dlarray format if any.
    """
    dl_format = None
    if isinstance(X, dlarray):
        if X._format:
            dl_format = X._format
            fmt = X._format
        X = X._data
    if _is_cell(X):
        items = list(np.asarray(X, dtype=object).reshape(-1)) if isinstance(X, np.ndarray) \
            else list(X)
        if not items:
            raise InvalidDataError(f"{function}: {argname} is empty. Give at least one "
                                   "sequence.", "nnet_cnn:internal:InvalidData")
        element_fmt = None
        if not is_auto(fmt):
            f = parse_format(fmt, 0, function).replace("B", "")
            element_fmt = f
        seqs = []
        for k, item in enumerate(items):
            where = f"{argname}[{k}]"
            a = _numeric(item, function, where)
            if element_fmt is None:
                if a.ndim == 1:
                    a = a.reshape(1, -1)       # a MATLAB row vector: one time step
                if a.ndim != 2 or a.shape[1] != C:
                    _mismatch(function, where, a, C, "a T-by-C array per sequence")
                s = a.T
            else:
                s = _by_format(a, element_fmt, "CT", function, where, C)
            if finite:
                _check_finite(s, function, where)
            seqs.append(np.ascontiguousarray(s))
        return seqs, ("cell", len(seqs), dl_format)
    a = _numeric(X, function, argname)
    if is_auto(fmt):
        if a.ndim <= 2:
            a2 = a.reshape(1, -1) if a.ndim == 1 else a.reshape(1, 1) if a.ndim == 0 else a
            if a2.shape[1] != C:
                _mismatch(function, argname, a2, C, "one sequence T-by-C")
            seqs = [np.ascontiguousarray(a2.T)]
            form = ("single", 1, None)
        elif a.ndim == 3:
            if a.shape[1] != C:
                _mismatch(function, argname, a, C, "a T-by-C-by-N array")
            seqs = [np.ascontiguousarray(a[:, :, n].T) for n in range(a.shape[2])]
            form = ("array", a.shape[2], None)
        else:
            _mismatch(function, argname, a, C, "T-by-C or T-by-C-by-N sequence data")
    else:
        f = parse_format(fmt, a.ndim, function)
        if "T" not in f and "B" in f and C is not None:
            raise InvalidDataError(f'{function}: the data format "{fmt}" has no T (time) '
                                   "dimension, but the network takes sequences.",
                                   "nnet_cnn:internal:InvalidFormat")
        full = _by_format(a, f, "CTB", function, argname, C)    # C x T x B
        seqs = [np.ascontiguousarray(full[:, :, n]) for n in range(full.shape[2])]
        form = ("array" if "B" in f else "single", full.shape[2], dl_format)
    if finite:
        for k, s in enumerate(seqs):
            _check_finite(s, function, argname)
    return seqs, form


def _by_format(a, fmt, target, function, where, C):
    """Permute array ``a`` with format ``fmt`` to the letters of ``target`` (missing
    target letters become singleton dimensions); U and S dimensions must be 1."""
    fmt = parse_format(fmt, a.ndim, function)
    a = a.reshape(a.shape + (1,) * (len(fmt) - a.ndim))
    extra = [k for k, l in enumerate(fmt) if l not in target]
    for k in extra:
        if a.shape[k] != 1:
            raise InvalidDataError(
                f'{function}: {where} has a dimension labelled "{fmt[k]}" of size '
                f"{a.shape[k]}; sequence networks take C (channel), T (time) and B "
                "(batch) dimensions only.", "nnet_cnn:internal:InvalidFormat")
    a = a.squeeze(axis=tuple(extra)) if extra else a
    fmt = "".join(l for l in fmt if l in target)
    for l in target:
        if l not in fmt:
            a = a[..., None]
            fmt += l
    out = np.transpose(a, [fmt.index(l) for l in target])
    if C is not None and out.shape[0] != C:
        _mismatch(function, where, out, C, f'data of format "{fmt}" with C = {C}')
    return out


def features_in(X, C, function, fmt=None, argname="X"):
    """Feature data in the trainnet layout -> N-by-C float array.

    Default N-by-C ("BC"); ``fmt`` or a dlarray's format override (e.g. "CB").
    """
    if isinstance(X, dlarray) and X._format:
        fmt = X._format
    a = _numeric(X, function, argname)
    if is_auto(fmt):
        if a.ndim == 1:
            a = a.reshape(1, -1)
        if a.ndim != 2 or a.shape[1] != C:
            raise InvalidDataError(
                f"{function}: {argname} is {_shape(a)} but the network has {C} input features "
                f"and {function} expects N-by-C feature data (one observation per row). "
                f"{LAYOUT_HELP}.", "nnet_cnn:internal:cnn:validation:InvalidInputSize")
        out = a
    else:
        out = _by_format(a, fmt, "CB", function, argname, C).T
    _check_finite(out, function, argname)
    return np.ascontiguousarray(out)


def sequence_outputs(Ys, form, fmt=None, uniform=True, pad_value=0.0, direction="right"):
    """Per-observation outputs (list of K-by-T arrays) -> the trainnet layout.

    ``uniform=False``: a list of T-by-K arrays (each sequence's own steps).
    ``uniform=True``: one array: T-by-K for a single observation, else
    T_max-by-K-by-N, padded with ``pad_value`` on the ``direction`` side. ``fmt``
    (OutputDataFormats, e.g. "CTB") permutes the result; a dlarray input gives
    a dlarray output in its canonical "CBT" order.
    """
    kind, n, dl_format = form
    if dl_format is not None:
        K = Ys[0].shape[0]
        T = max(y.shape[1] for y in Ys)
        out = np.full((K, len(Ys), T), pad_value, dtype=Ys[0].dtype)
        for j, y in enumerate(Ys):
            if direction == "left":
                out[:, j, T - y.shape[1]:] = y
            else:
                out[:, j, :y.shape[1]] = y
        return dlarray(out, "CBT")
    if not uniform:
        if is_auto(fmt):
            return [np.ascontiguousarray(y.T) for y in Ys]
        return [_permute_out(y, fmt.upper().replace("B", ""), "CT") for y in Ys]
    K = Ys[0].shape[0]
    T = max(y.shape[1] for y in Ys)
    full = np.full((K, T, len(Ys)), pad_value, dtype=Ys[0].dtype)     # C x T x B
    for j, y in enumerate(Ys):
        if direction == "left":
            full[:, T - y.shape[1]:, j] = y
        else:
            full[:, :y.shape[1], j] = y
    if not is_auto(fmt):
        return _permute_out(full, fmt, "CTB")
    out = np.transpose(full, (1, 0, 2))           # T x C x B
    return out[:, :, 0] if kind == "single" else out


def _permute_out(data, fmt, letters):
    """Permute ``data`` whose dimensions are ``letters`` to the format ``fmt``; letters
    absent from fmt must be singleton."""
    f = parse_format(fmt, 0, "OutputDataFormats")
    if any(l not in f for l in letters):
        keep = [k for k, l in enumerate(letters) if l in f]
        for k, l in enumerate(letters):
            if l not in f and data.shape[k] != 1:
                raise InvalidDataError(f'OutputDataFormats "{fmt}" has no {l} dimension but '
                                       f"the output has {data.shape[k]} of them.",
                                       "nnet_cnn:internal:InvalidFormat")
        data = data.reshape([data.shape[k] for k in keep])
        letters = "".join(letters[k] for k in keep)
    order = [letters.index(l) for l in f if l in letters]
    return np.ascontiguousarray(np.transpose(data, order))


def feature_outputs(Y, fmt=None, dl=False):
    """Outputs of a sequence-to-one or feature network (N-by-K) in the trainnet layout;
    ``fmt`` "CB" gives K-by-N; ``dl`` gives a dlarray "CB"."""
    if dl:
        return dlarray(np.ascontiguousarray(Y.T), "CB")
    if is_auto(fmt):
        return Y
    return _permute_out(np.ascontiguousarray(Y.T), fmt, "CB")
