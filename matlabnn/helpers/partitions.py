"""trainingPartitions: the random split helper MathWorks ships with its examples."""
import math
import numbers

import numpy as np

from .._namevalue import _brief
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError


def _randperm(n):
    """MATLAB's ``randperm(n)`` as 0-based indices: the same split as MATLAB's for the
    same ``rng`` seed."""
    from ..random import randperm
    return np.asarray(randperm(n), dtype=np.int64).reshape(-1) - 1


@matlab_syntax("[idx1, ..., idxN] = trainingPartitions(numObservations, splits)")
def trainingPartitions(numObservations, splits):
    """Random index partitions for training, validation and test sets.

    MATLAB syntax and its Python form::

        [idxTrain, idxVal, idxTest] = trainingPartitions(numObservations, [0.8 0.1 0.1])
        idxTrain, idxVal, idxTest = trainingPartitions(numObservations, [0.8, 0.1, 0.1])

    ``splits`` (each strictly between 0 and 1, summing to 1) gives the share of
    each partition. The observations are shuffled with one random permutation;
    every partition but the last takes floor(split * numObservations) of them in
    turn, and the last takes the rest, as MathWorks' supporting function does.
    Returns one index array per split.

    The indices are **0-based** int64 numpy arrays, ready for Python indexing:
    ``XTrain = [X[i] for i in idxTrain]``, ``TTrain = T[idxTrain]``. (MATLAB's are
    1-based; add 1 to compare with MATLAB output.) The shuffle is MATLAB's
    ``randperm(numObservations)``, so after the same ``rng(seed)`` the partitions
    hold the same observations as MATLAB's.

    Example::

        rng(0)
        idxTrain, idxTest = trainingPartitions(len(data), [0.9, 0.1])
        XTrain = [data[i] for i in idxTrain]
    """
    n = _num_observations(numObservations)
    shares = _splits(splits)
    idx = _randperm(n).astype(np.int64)
    parts = []
    end = 0
    for share in shares[:-1]:
        start = end
        end = start + math.floor(share * n)
        parts.append(idx[start:end])
    parts.append(idx[end:])
    return tuple(parts)


def _num_observations(value):
    ok = isinstance(value, (numbers.Real, np.number)) and not isinstance(value, bool) \
        and math.isfinite(value) and value > 0 and float(value) == int(value)
    if not ok:
        raise MatlabnnValueError(
            "trainingPartitions: numObservations must be a positive integer scalar; got "
            f"{_brief(value)}.", "MATLAB:validators:mustBePositive")
    return int(value)


def _splits(value):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        arr = None
    if arr is None or isinstance(value, (str, bool)) or arr.ndim > 2 or \
            (arr.ndim == 2 and min(arr.shape) != 1) or arr.size == 0:
        raise MatlabnnValueError(
            f"trainingPartitions: splits must be a vector of shares, e.g. [0.8, 0.1, 0.1]; "
            f"got {_brief(value)}.", "MATLAB:validators:mustBeVector")
    shares = arr.reshape(-1)
    if not np.all((shares > 0) & (shares < 1)):
        raise MatlabnnValueError(
            "trainingPartitions: each split must be greater than 0 and less than 1; got "
            f"{shares.tolist()}.", "MATLAB:validators:mustBeInRange")
    # MATLAB compares sum(v, "all") with 1 exactly; allow the last bit of rounding.
    if abs(sum(shares.tolist()) - 1.0) > 4 * np.finfo(float).eps:
        raise MatlabnnValueError(
            f"trainingPartitions: splits must sum to one; got {shares.tolist()} (sum "
            f"{sum(shares.tolist()):g}).", "trainingPartitions:mustSumToOne")
    return shares.tolist()
