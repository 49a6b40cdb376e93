"""MATLAB image-sequence data (h-by-w-by-c-by-S arrays) in the pipeline's form.

The pipeline moves C-by-S arrays; an image sequence travels as an
(h*w*c)-by-S array holding each step's image in MATLAB's column-major order
(x(:)), and sequenceInputLayer([h w c]) turns it back into images.
"""
import numpy as np

from ._finite import to_compute_precision
from .errors import InvalidDataError
from .sequences import _as_numeric, _describe, is_sequence_collection


def as_image_sequences(X, function, image_size, min_length=1, argname="X", dtype=None):
    """(list of (h*w*c)-by-S arrays, single flag) from h-by-w-by-c-by-S arrays.

    Missing trailing dimensions are 1, as in MATLAB: an h-by-w-by-c array is one
    time step and an h-by-1 array is one step of an h-by-1-by-1 image.
    """
    single = not is_sequence_collection(X)
    items = [X] if single else list(np.asarray(X, dtype=object).reshape(-1)) \
        if isinstance(X, np.ndarray) else list(X)
    if not items:
        raise InvalidDataError(f"{function}: {argname} is empty. Give at least one sequence.")
    h, w, c = image_size
    seqs = []
    for k, item in enumerate(items):
        where = argname if single else f"{argname}[{k}]"
        a = _as_numeric(item, function, where)
        if a.ndim == 1:
            a = a.reshape(-1, 1)
        if a.ndim > 4 or a.dtype.kind == "c":
            raise InvalidDataError(
                f"{function}: {where} must be a real h-by-w-by-c-by-S array; got "
                f"{_describe(a)}.")
        a = a.reshape(a.shape + (1,) * (4 - a.ndim))
        if a.shape[:3] != (h, w, c):
            raise InvalidDataError(
                f"{function}: {where} has images of size {'x'.join(map(str, a.shape[:3]))}, "
                f"but the network's input layer expects {h}x{w}x{c} (an h-by-w-by-c-by-S "
                "array per sequence).")
        if a.shape[3] < max(min_length, 1):
            raise InvalidDataError(
                f"{function}: {where} has {a.shape[3]} time steps; sequences must have at "
                f"least {max(min_length, 1)} (the input layer's MinLength).")
        if dtype is not None:
            to_compute_precision(a, dtype, function, where)    # NaN, Inf, overflow
        elif not np.all(np.isfinite(a)):
            raise InvalidDataError(f"{function}: {where} contains NaN or Inf values.")
        seqs.append(a.reshape(h * w * c, a.shape[3], order="F"))
    return seqs, single
