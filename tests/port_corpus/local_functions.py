# Python translation of local_functions.m (python -m matlabnn.port).

import numpy as np


def bounds(values, nargout=1):
    """Translated from the MATLAB function [smallest, largest] = bounds(values)."""
    # BOUNDS smallest and largest value
    smallest = np.min(values)
    largest = np.max(values)
    return smallest if nargout == 1 else (smallest, largest)[:nargout]


def scaleBy(x, factor):
    """Translated from the MATLAB function y = scaleBy(x, factor)."""
    y = x * factor
    return y


def addAndMultiply(a, b, nargout=1):
    """Translated from the MATLAB function [s, p] = addAndMultiply(a, b)."""
    s = a + b
    p = a * b
    return s if nargout == 1 else (s, p)[:nargout]


def clamp(x):
    """Translated from the MATLAB function r = clamp(x)."""
    r = x
    if x > 10:
        r = 10
        return r
    return r


# Local functions at the end of a script, with several outputs.
lo, hi = bounds(np.array([4, 1, 9, 7]), nargout=2)
s = scaleBy(3, 2)
both = addAndMultiply(2, 5)
added, multiplied = addAndMultiply(2, 5, nargout=2)
clamped = clamp(15)
kept = clamp(3)
