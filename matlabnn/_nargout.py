"""MATLAB's number of outputs as a keyword, like the MATLAB Engine for Python.

``[net, info] = trainNetwork(...)`` becomes ``net, info = trainNetwork(..., nargout=2)``.
"""
from .errors import MatlabnnTypeError


def check_nargout(function, nargout, max_nargout):
    """Validate ``nargout`` for ``function`` and return it as an int."""
    if isinstance(nargout, bool) or not isinstance(nargout, int):
        raise MatlabnnTypeError(
            f"{function}: nargout must be an integer from 1 to {max_nargout}, "
            f"not {nargout!r}.", "MATLAB:TooManyOutputs")
    if not 1 <= nargout <= max_nargout:
        raise MatlabnnTypeError(
            f"{function}: too many output arguments. nargout must be from 1 to "
            f"{max_nargout}; got {nargout}.", "MATLAB:TooManyOutputs")
    return nargout


def outputs(values, nargout):
    """Return the first ``nargout`` of ``values``: one value alone, several as a tuple."""
    return values[0] if nargout == 1 else tuple(values[:nargout])


class SingleOutput:
    """Mixin for objects returned alone where MATLAB users may expect several.

    Unpacking one (``net, info = trainNetwork(...)`` without ``nargout=2``) raises
    a TypeError that explains the nargout convention instead of a puzzling
    "object is not iterable".
    """

    _nargout_hint = "the function"

    def __iter__(self):
        raise MatlabnnTypeError(
            f"A {type(self).__name__} is a single value and cannot be unpacked. "
            f"To get several outputs, as in MATLAB's [a, b] = f(...), call "
            f"{self._nargout_hint} with nargout=2 (e.g. a, b = f(..., nargout=2)).",
            "matlabnn:nargout")
