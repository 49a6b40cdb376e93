"""MATLAB's size and class arguments of rand, randn, randi (``(n)``, ``(m,n,...)``, ``([m n ...])``,
``'single'``/``'double'``/integer class names, ``'like', p``)."""
import math
import numbers

import numpy as np

from .._namevalue import _brief
from ..errors import MatlabnnTypeError, MatlabnnValueError

FLOAT_CLASSES = ("double", "single")
INTEGER_CLASSES = ("int8", "uint8", "int16", "uint16", "int32", "uint32")
_DTYPES = {"double": np.float64, "single": np.float32, "int8": np.int8, "uint8": np.uint8,
           "int16": np.int16, "uint16": np.uint16, "int32": np.int32, "uint32": np.uint32}


def dtype_of(class_name):
    return _DTYPES[class_name]


def parse_size_and_class(function, args, classes):
    """Split ``args`` into (shape, class name).

    ``shape`` is None when no size was given (a scalar result) and otherwise a
    tuple in MATLAB's order, negative sizes made 0 and trailing singleton
    dimensions beyond the second dropped, as MATLAB does.
    """
    args = list(args)
    class_name = "double"
    if len(args) >= 2 and isinstance(args[-2], str) and args[-2].lower() == "like":
        class_name = _class_of_like(function, args.pop(), classes)
        args.pop()
    elif args and isinstance(args[-1], str):
        class_name = _class_name(function, args.pop(), classes)
    for a in args:
        if isinstance(a, str):
            raise MatlabnnValueError(
                f"{function}: '{a}' is not a valid argument here. Sizes come first, then "
                f"an optional class name ({_listing(classes)}) or 'like', p.",
                f"MATLAB:{function}:invalidInput")
    if not args:
        return None, class_name
    if len(args) == 1:
        sizes = _size_vector(function, args[0])
        if len(sizes) == 1:
            sizes = sizes * 2
    else:
        sizes = [_one_size(function, a) for a in args]
    while len(sizes) > 2 and sizes[-1] == 1:
        sizes.pop()
    check_element_count(function, math.prod(sizes), "x".join(map(str, sizes)))
    return tuple(sizes), class_name


MAX_ELEMENTS = 2 ** 31


def check_element_count(function, count, described):
    """Refuse arrays too large to make, as MATLAB's maximum array size check does."""
    if count > MAX_ELEMENTS:
        raise MatlabnnValueError(
            f"{function}: requested a {described} array ({count:.3g} elements), more than "
            f"the {MAX_ELEMENTS} elements one call makes. Ask for a smaller array.",
            "MATLAB:array:SizeLimitExceeded")


def _size_vector(function, value):
    try:
        array = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    except ValueError:                  # a ragged nested list
        array = np.empty(0)
    if array.ndim > 2 or (array.ndim == 2 and array.shape[0] != 1) or array.size == 0:
        raise MatlabnnValueError(
            f"{function}: a size vector must be a row vector of integers such as [3 4]; "
            f"got {_brief(value)}.", "MATLAB:NonIntegerInput")
    return [_one_size(function, v) for v in array.reshape(-1)]


def _one_size(function, value):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, (list, tuple, np.ndarray)):
        raise MatlabnnValueError(
            f"{function}: size inputs must be scalar when more than one is given; got "
            f"{_brief(value)}. Give the sizes as rand(m, n) or as one vector rand([m n]).",
            "MATLAB:NonScalarInput")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise MatlabnnTypeError(
            f"{function}: size inputs must be integers; got {_brief(value)}.",
            "MATLAB:NonIntegerInput")
    if not math.isfinite(value) or float(value) != int(value):
        raise MatlabnnValueError(
            f"{function}: size inputs must be integers; got {value!r}.",
            "MATLAB:NonIntegerInput")
    return max(int(value), 0)


def _class_name(function, name, classes):
    lowered = name.lower()
    if lowered in classes:
        return lowered
    raise MatlabnnValueError(
        f"{function}: the class name must be {_listing(classes)}; got '{name}'.",
        f"MATLAB:{function}:invalidOutputType")


def _class_of_like(function, prototype, classes):
    dtype = np.asarray(prototype).dtype
    for name, candidate in _DTYPES.items():
        if dtype == candidate and name in classes:
            return name
    if isinstance(prototype, (float, int)) and not isinstance(prototype, bool):
        return "double"
    raise MatlabnnValueError(
        f"{function}: 'like' needs an array of class {_listing(classes)}; got "
        f"{_brief(prototype)}.", f"MATLAB:{function}:invalidLike")


def _listing(classes):
    quoted = [f"'{c}'" for c in classes]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def shaped(values, shape, class_name):
    """MATLAB's result: a scalar when no size was given, else a column-major filled array."""
    values = values.astype(dtype_of(class_name), copy=False)
    if shape is None:
        return values[0]
    return values.reshape(shape, order="F")
