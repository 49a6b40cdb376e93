"""MATLAB data forms in and out: sequences, padding, truncation, chunks, masks.

A sequence is a C-by-S array (MATLAB layout). Internally a mini-batch is
time-major: ``X`` of shape (S, N, C) with a bool ``mask`` (S, N) that is True on
real steps, or None when no step is padded.
"""
import numbers

import numpy as np

from ._finite import refuse_logical, to_compute_precision
from .errors import InvalidDataError, MatlabnnTypeError


def _describe(x):
    if isinstance(x, np.ndarray):
        return f"a {'x'.join(map(str, x.shape)) or 'scalar'} {x.dtype} array"
    return f"a {type(x).__name__}"


def _as_numeric(x, function, what):
    refuse_logical(x, function, what)
    try:
        a = np.asarray(x)
    except Exception:
        raise InvalidDataError(f"{function}: {what} must be a numeric array; got {_describe(x)}.")
    if a.dtype == object:
        raise InvalidDataError(
            f"{function}: {what} must be a numeric array; got a ragged or non-numeric "
            "value. Put sequences of different lengths in a list, one C-by-S array each.")
    if a.dtype.kind == "c":
        return a
    if a.dtype.kind not in "biuf":
        raise InvalidDataError(f"{function}: {what} must be numeric; got {_describe(a)}.")
    return a


def is_sequence_collection(X):
    """True for a MATLAB cell array of sequences: list, tuple or object ndarray."""
    return isinstance(X, (list, tuple)) or (isinstance(X, np.ndarray) and X.dtype == object)


def as_sequences(X, function, input_size, min_length=1, argname="X", complex_ok=False,
                 dtype=np.float32):
    """Convert MATLAB sequence data to (list of C-by-S float arrays, single_input flag).

    Accepted: one C-by-S array; a 1-D array (a 1-by-S row); a scalar (one step
    of one feature); a list/tuple/object array of such arrays (a cell array).
    """
    single = not is_sequence_collection(X)
    items = [X] if single else list(np.asarray(X, dtype=object).reshape(-1)) \
        if isinstance(X, np.ndarray) else list(X)
    if not items:
        raise InvalidDataError(f"{function}: {argname} is empty. Give at least one sequence.")
    seqs = []
    for k, item in enumerate(items):
        where = argname if single else f"{argname}[{k}]"
        a = _as_numeric(item, function, where)
        if a.dtype.kind == "c" and not complex_ok:
            raise InvalidDataError(
                f"{function}: {where} is complex. Use real data, or set "
                "SplitComplexInputs true on the sequenceInputLayer.")
        if a.ndim == 0 or (a.ndim == 1 and input_size == 1):
            a = a.reshape(1, -1)
        elif a.ndim == 1 and a.shape[0] == input_size:
            a = a.reshape(-1, 1)
        elif a.ndim == 1:
            raise InvalidDataError(
                f"{function}: {where} is a 1-D array of {a.shape[0]} values, which fits "
                f"neither reading: as a MATLAB row vector it is a 1-by-{a.shape[0]} sequence "
                f"(1 channel), and as one time step it has {a.shape[0]} channels, but the "
                f"network's input layer expects {input_size} channels. Pass a "
                f"{input_size}-by-S array (channels in rows, time in columns).")
        if a.ndim != 2:
            raise InvalidDataError(
                f"{function}: {where} must be a C-by-S matrix (features in rows, time in "
                f"columns); got {_describe(a)}. Use a list of C-by-S arrays for several "
                "sequences.")
        if a.shape[0] != input_size:
            hint = (" It looks transposed: MATLAB's layout is features in rows, time in "
                    "columns, so pass X.T." if a.shape[1] == input_size else "")
            raise InvalidDataError(
                f"{function}: {where} has {a.shape[0]} features (rows), but the network's "
                f"input layer expects {input_size}.{hint}")
        if a.shape[1] < max(min_length, 1):
            raise InvalidDataError(
                f"{function}: {where} has {a.shape[1]} time steps; sequences must have at "
                f"least {max(min_length, 1)} (the input layer's MinLength).")
        if not np.all(np.isfinite(a)):
            raise InvalidDataError(
                f"{function}: {where} contains NaN or Inf values. Remove or fill them "
                "(e.g. with fillmissing-like interpolation) before training or prediction.")
        to_compute_precision(a, dtype, function, where)      # e.g. 1e39 overflows single
        seqs.append(a)
    return seqs, single


def as_features(X, function, num_features, argname="X", complex_ok=False, dtype=np.float32):
    """N-by-numFeatures data for a featureInputLayer network → (N, F) array.

    Complex data (with ``complex_ok``, the layer's SplitComplexInputs) comes back
    as N-by-2F: the real parts, then the imaginary parts.
    """
    a = _as_numeric(X, function, argname)
    if a.dtype.kind == "c" and not complex_ok:
        raise InvalidDataError(
            f"{function}: {argname} is complex. Use real data, or set SplitComplexInputs "
            "true on the featureInputLayer.")
    if a.ndim == 1 and num_features == a.shape[0]:
        a = a.reshape(1, -1)
    elif a.ndim == 1 and num_features == 1:
        a = a.reshape(-1, 1)
    if a.ndim != 2 or a.shape[1] != num_features:
        raise InvalidDataError(
            f"{function}: {argname} must be an N-by-{num_features} array (one observation "
            f"per row); got {_describe(a)}.")
    if not np.all(np.isfinite(a)):
        raise InvalidDataError(f"{function}: {argname} contains NaN or Inf values.")
    to_compute_precision(a, dtype, function, argname)
    if complex_ok:
        a = np.concatenate([a.real, a.imag], axis=1)
    return a


def network_inputs(net, X, function, argname="X"):
    """MATLAB data for ``net``'s input layer -> (list of C-by-S arrays or an (N, F)
    array, single-sequence flag, is-feature flag)."""
    inp = net._input_layer
    if getattr(inp, "_is_feature_input", False):
        return as_features(X, function, inp.InputSize, argname,
                           complex_ok=inp.SplitComplexInputs, dtype=net._dtype), False, True
    if inp._image_size() is not None:   # image sequences (issue 13): see image_data.py
        from .image_data import as_image_sequences
        return (*as_image_sequences(X, function, inp._image_size(), inp.MinLength, argname,
                                    dtype=net._dtype), False)
    seqs, single = as_sequences(X, function, inp.InputSize, inp.MinLength, argname,
                                complex_ok=inp.SplitComplexInputs, dtype=net._dtype)
    if inp.SplitComplexInputs:
        seqs = split_complex(seqs)
    return seqs, single, False


def split_complex(seqs):
    """Real and imaginary parts as separate channels ([real; imag])."""
    return [np.concatenate([s.real, s.imag], axis=0) if np.iscomplexobj(s)
            else np.concatenate([s, np.zeros_like(s)], axis=0) for s in seqs]


def lengths_of(seqs):
    return np.array([s.shape[1] for s in seqs], dtype=np.int64)


def pad_batch(seqs, dtype, pad_value=0.0, direction="right", length=None):
    """Time-major padded batch of C-by-S arrays → (X (S,N,C), mask (S,N) or None).

    ``length`` fixes the padded length (default: the longest sequence).
    """
    lens = [s.shape[1] for s in seqs]
    S = max(lens) if length is None else length
    C = seqs[0].shape[0]
    N = len(seqs)
    if all(L == S for L in lens):
        X = np.empty((S, N, C), dtype)
        for n, s in enumerate(seqs):
            X[:, n, :] = s.T
        return X, None
    X = np.full((S, N, C), pad_value, dtype)
    mask = np.zeros((S, N), bool)
    for n, s in enumerate(seqs):
        L = s.shape[1]
        if direction == "right":
            X[:L, n, :] = s.T
            mask[:L, n] = True
        else:
            X[S - L:, n, :] = s.T
            mask[S - L:, n] = True
    return X, mask


def truncate(seqs, direction="right"):
    """'shortest': cut every sequence to the shortest length (end for 'right', start for 'left')."""
    S = min(s.shape[1] for s in seqs)
    return [s[:, :S] if direction == "right" else s[:, s.shape[1] - S:] for s in seqs]


def chunk_slices(S, chunk):
    """Time slices of consecutive chunks of ``chunk`` steps covering 0..S."""
    return [slice(t, min(t + chunk, S)) for t in range(0, S, chunk)]


def unpad_outputs(Y, mask, lengths, direction):
    """(S, N, R) outputs → list of R-by-S_n arrays (padding removed)."""
    out = []
    S = Y.shape[0]
    for n, L in enumerate(lengths):
        rows = Y[:L, n, :] if direction == "right" else Y[S - L:, n, :]
        out.append(np.ascontiguousarray(rows.T))
    return out


def check_positive_int(value, function, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise MatlabnnTypeError(f"{function}: {name} must be a positive integer.")
    return int(value)
