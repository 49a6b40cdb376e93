"""con2seq: concurrent vectors (matrix columns) to a sequence (cell array of columns)."""
import numbers

import numpy as np

from .._namevalue import _brief
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError
from ._dims import numeric_array


@matlab_syntax("S = con2seq(b)", "S = con2seq(b, TS)")
def con2seq(b, TS=None):
    """Convert concurrent vectors to sequential vectors (Deep Learning Toolbox).

    MATLAB syntax and its Python form::

        S = con2seq(b)          S = con2seq(b)
        S = con2seq(b, TS)      S = con2seq(b, TS)

    ``b`` is an R-by-TS matrix whose columns are time steps: ``con2seq(b)`` returns
    MATLAB's 1-by-TS cell array, a list of TS arrays of size R-by-1. With ``TS``,
    ``b`` is R-by-(Q*TS) and each of the TS elements is an R-by-Q matrix (Q
    concurrent columns per time step). ``b`` may also be a list of matrices (a
    cell array column): the result is then a list of TS lists, one matrix per
    element of ``b``, as in MATLAB. A 1-D array is a row vector (R = 1).

    Example::

        p = con2seq(np.array([[1, 4, 2]]))     # [array([[1]]), array([[4]]), array([[2]])]
        X = np.hstack(p)                       # back again: 1-by-3
    """
    if isinstance(b, (list, tuple)) and b and all(isinstance(m, np.ndarray) for m in b):
        parts = [con2seq(m, TS) for m in b]
        if len({len(p) for p in parts}) != 1:
            raise MatlabnnValueError(
                "con2seq: the matrices of b must give the same number of time steps; got "
                f"{[len(p) for p in parts]}.", "nnet:con2seq:BadTimeSteps")
        return [[p[t] for p in parts] for t in range(len(parts[0]))]
    m = numeric_array(b, "con2seq", "b")
    if m.ndim > 2:
        raise MatlabnnValueError(
            f"con2seq: b must be a matrix; got an array of size {'x'.join(map(str, m.shape))}.",
            "nnet:con2seq:NotMatrix")
    if m.ndim < 2:
        m = m.reshape(1, -1)
    steps = m.shape[1] if TS is None else _time_steps(TS, m.shape[1])
    width = m.shape[1] // steps if steps else 0
    return [m[:, t * width:(t + 1) * width].copy() for t in range(steps)]


def _time_steps(ts, columns):
    ok = isinstance(ts, (numbers.Integral, np.integer)) and not isinstance(ts, bool) and ts >= 1
    if not ok or columns % int(ts):
        raise MatlabnnValueError(
            f"con2seq: TS must be a positive integer that divides the number of columns of "
            f"b ({columns}); got {_brief(ts)}.", "nnet:con2seq:BadTimeSteps")
    return int(ts)

