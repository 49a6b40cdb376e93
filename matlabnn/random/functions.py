"""MATLAB's ``rand``, ``randn``, ``randi`` and ``randperm``, drawing MATLAB's own numbers.

Each draws from the global stream (set by ``rng``) or from a ``RandStream`` given
as the first argument, and fills arrays column by column as MATLAB does, so
``rng(0); rand(3)`` here equals ``rng(0); rand(3)`` in MATLAB.
"""
import contextlib
import math
import numbers

import numpy as np

from .._namevalue import _brief
from .._signature import matlab_syntax
from ..errors import MatlabnnTypeError, MatlabnnValueError
from ._args import (FLOAT_CLASSES, INTEGER_CLASSES, check_element_count, parse_size_and_class,
                    shaped)
from ._kperm import k_permutation
from ._ziggurat import normals
from .stream import stream_and_args

_LARGEST_BELOW_ONE = np.nextafter(np.float32(1), np.float32(0))


def _count(shape):
    return 1 if shape is None else math.prod(shape)


@contextlib.contextmanager
def _memory_checked(function):
    """MATLAB's "Out of memory." instead of a raw MemoryError for a too-large request."""
    try:
        yield
    except MemoryError:
        raise MatlabnnValueError(
            f"{function}: out of memory for the requested array. Ask for a smaller array.",
            "MATLAB:nomem") from None


def _to_single_open(values):
    """Doubles in (0, 1) to single without reaching 1.0 (rounding could give it)."""
    single = values.astype(np.float32)
    return np.minimum(single, _LARGEST_BELOW_ONE)


@matlab_syntax("X = rand", "X = rand(n)", "X = rand(sz1,...,szN)", "X = rand(sz)",
               "X = rand(___, typename)", "X = rand(___, 'like', p)", "X = rand(s, ___)")
def rand(*args):
    """Uniformly distributed random numbers in (0, 1): MATLAB's ``rand``, MATLAB's numbers.

    MATLAB syntax::

        X = rand                  % a scalar
        X = rand(n)               % n-by-n
        X = rand(sz1,...,szN)     % e.g. rand(3, 4), rand(2, 3, 4)
        X = rand(sz)              % e.g. rand([3 4]), rand(size(A))
        X = rand(___, typename)   % 'double' (default) or 'single'
        X = rand(___, 'like', p)  % the class of p
        X = rand(s, ___)          % from the RandStream s instead of the global stream

    Negative sizes count as 0; trailing singleton dimensions after the second are
    dropped. No size gives a NumPy scalar, any size an array of that shape,
    filled column by column. The numbers are MATLAB's: the Mersenne Twister's
    53-bit doubles (genrand_res53), bit for bit. 'single' rounds those doubles.

    Example::

        rng('default')
        rand(1, 5)     # 0.8147 0.9058 0.1270 0.9134 0.6324, as in MATLAB
    """
    stream, args = stream_and_args(args)
    shape, class_name = parse_size_and_class("rand", args, FLOAT_CLASSES)
    with _memory_checked("rand"):
        values = stream._twister.doubles(_count(shape))
        if class_name == "single":
            values = _to_single_open(values)
        return shaped(values, shape, class_name)


@matlab_syntax("X = randn", "X = randn(n)", "X = randn(sz1,...,szN)", "X = randn(sz)",
               "X = randn(___, typename)", "X = randn(___, 'like', p)", "X = randn(s, ___)")
def randn(*args):
    """Normally distributed random numbers: MATLAB's ``randn``, MATLAB's numbers.

    MATLAB syntax::

        X = randn                  % a scalar
        X = randn(n)               % n-by-n
        X = randn(sz1,...,szN)     % e.g. randn(3, 4)
        X = randn(sz)              % e.g. randn([3 4])
        X = randn(___, typename)   % 'double' (default) or 'single'
        X = randn(___, 'like', p)
        X = randn(s, ___)          % from the RandStream s

    Sizes as for :func:`rand`. The numbers are MATLAB's (Mersenne Twister with
    the 256-layer ziggurat, see ``matlabnn.random._ziggurat``), and ``rand`` and
    ``randn`` calls may be mixed on one stream as in MATLAB.

    Example::

        rng('default')
        randn(1, 5)    # 0.5377 1.8339 -2.2588 0.8622 0.3188, as in MATLAB
    """
    stream, args = stream_and_args(args)
    shape, class_name = parse_size_and_class("randn", args, FLOAT_CLASSES)
    with _memory_checked("randn"):
        return shaped(normals(stream._twister, _count(shape)), shape, class_name)


@matlab_syntax("X = randi(imax)", "X = randi(imax, n)", "X = randi(imax, sz1,...,szN)",
               "X = randi(imax, sz)", "X = randi(___, typename)", "X = randi(___, 'like', p)",
               "X = randi([imin imax], ___)", "X = randi(s, ___)")
def randi(*args):
    """Uniformly distributed random integers: MATLAB's ``randi``, MATLAB's numbers.

    MATLAB syntax::

        X = randi(imax)                 % a scalar in 1..imax
        X = randi(imax, n)              % n-by-n
        X = randi(imax, sz1,...,szN)    % e.g. randi(10, 1, 5)
        X = randi(imax, sz)
        X = randi([imin imax], ___)     % integers in imin..imax
        X = randi(___, typename)        % 'double' (default), 'single', 'int8', 'uint8',
                                        % 'int16', 'uint16', 'int32' or 'uint32'
        X = randi(___, 'like', p)
        X = randi(s, ___)               % from the RandStream s

    Each integer uses one ``rand`` double ``u``: ``imin + floor(u*(imax-imin+1))``.

    Example::

        rng('default')
        randi(10, 1, 5)    # 9 10 2 10 7, as in MATLAB's documentation
    """
    stream, args = stream_and_args(args)
    if not args:
        raise MatlabnnTypeError(
            "randi: not enough input arguments. Give the largest integer: randi(imax) or "
            "randi([imin imax]).", "MATLAB:minrhs")
    low, high = _integer_range(args[0])
    shape, class_name = parse_size_and_class("randi", args[1:], FLOAT_CLASSES + INTEGER_CLASSES)
    if class_name in INTEGER_CLASSES:
        info = np.iinfo(np.dtype(class_name))
        if low < info.min or high > info.max:
            raise MatlabnnValueError(
                f"randi: the range [{low} {high}] does not fit class '{class_name}' "
                f"({info.min}..{info.max}). Use a wider class or a smaller range.",
                "MATLAB:randi:invalidLimitsForClass")
    elif class_name == "single" and max(abs(low), abs(high)) > 2 ** 24:
        raise MatlabnnValueError(
            f"randi: the range [{low} {high}] is too wide for class 'single' (whole "
            "numbers up to 2^24). Use 'double'.", "MATLAB:randi:invalidLimitsForClass")
    with _memory_checked("randi"):
        u = stream._twister.doubles(_count(shape))
        return shaped(low + np.floor(u * (high - low + 1)), shape, class_name)


def _integer_range(limits):
    """(imin, imax) from randi's first argument, with MATLAB's checks."""
    try:
        array = np.asarray(limits) if not isinstance(limits, str) else np.asarray([])
    except ValueError:                  # a ragged nested list
        array = np.asarray([])
    values = array.reshape(-1)
    ok = array.dtype.kind in "iuf" and values.size in (1, 2) and np.all(np.isfinite(values)) \
        and np.all(values == np.round(values)) and not isinstance(limits, bool)
    if ok:
        low, high = (1, int(values[0])) if values.size == 1 else (int(values[0]), int(values[1]))
        ok = low <= high and max(abs(low), abs(high)) <= 2 ** 53
    if not ok:
        raise MatlabnnValueError(
            "randi: the first input must be a positive integer IMAX, or two integers "
            f"[IMIN IMAX] with IMIN <= IMAX (at most 2^53 in size); got {_brief(limits)}.",
            "MATLAB:randi:invalidLimits")
    return low, high


@matlab_syntax("p = randperm(n)", "p = randperm(n, k)", "p = randperm(s, ___)")
def randperm(*args):
    """A random permutation: MATLAB's ``randperm``.

    MATLAB syntax::

        p = randperm(n)        % a 1-by-n permutation of 1..n
        p = randperm(n, k)     % k unique integers from 1..n (1-by-k)
        p = randperm(s, ___)   % from the RandStream s

    ``randperm(n)`` is MATLAB's numbers exactly: it orders ``rand(1, n)`` (the
    positions of the sorted values). ``randperm(n, k)`` is MATLAB's too, with
    MATLAB's three algorithms (``matlabnn.random._kperm``): for ``k < n/4`` each
    pick takes one of the ``m`` values left and moves the last one into its place
    (``rng(1); randperm(100, 2)`` is ``[42 72]``); for larger ``k`` the values are
    selected in increasing order and shuffled as they come (``rng default;
    randperm(8, 4)`` is ``[6 4 7 3]``); ``randperm(n, n)`` is a shuffle of its own,
    so it differs from ``randperm(n)``, as in MATLAB.

    The result is a 1-by-n (1-by-k) double row vector.

    Example::

        rng('default')
        randperm(6)    # 6 3 5 1 2 4, as in MATLAB's documentation
    """
    stream, args = stream_and_args(args)
    if not args:
        raise MatlabnnTypeError(
            "randperm: not enough input arguments. Use randperm(n) or randperm(n, k).",
            "MATLAB:minrhs")
    if len(args) > 2:
        raise MatlabnnTypeError(
            f"randperm: too many input arguments ({len(args)}). Use randperm(n) or "
            "randperm(n, k).", "MATLAB:TooManyInputs")
    n = _count_argument("n", args[0])
    if len(args) == 1:
        check_element_count("randperm", n, f"1x{n}")
        with _memory_checked("randperm"):
            keys = stream._twister.doubles(n)
            return (np.argsort(keys, kind="stable") + 1.0).reshape(1, n)
    k = _count_argument("k", args[1])
    if k > n:
        raise MatlabnnValueError(
            f"randperm: K ({k}) must be less than or equal to N ({n}).",
            "MATLAB:randperm:inputKTooLarge")
    check_element_count("randperm", k, f"1x{k}")
    with _memory_checked("randperm"):
        return k_permutation(stream._twister, n, k)


def _count_argument(name, value):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)) \
            or not math.isfinite(value) or value != int(value) or value < 0:
        raise MatlabnnValueError(
            f"randperm: {name.upper()} must be a nonnegative integer scalar; got {_brief(value)}.",
            "MATLAB:randperm:inputType")
    return int(value)
