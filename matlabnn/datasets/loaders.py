"""Loaders for the packaged data sets (see the package docstring and data/README.md).

Parsed files are cached; every call returns fresh copies, so a script may change
what it gets (``XTrain[0][:] = 0``) without affecting the next call.
"""
import functools
import gzip
import io
import os

import numpy as np

from .._nargout import check_nargout, outputs
from .._signature import matlab_syntax
from ..categorical import categorical
from ..errors import InvalidDataError, MatlabnnValueError

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def _read_text(name_or_path):
    """Text of a packaged file (by name, stored as name.gz) or of a user's file."""
    packaged = os.path.join(DATA_DIR, name_or_path + ".gz")
    if os.path.basename(name_or_path) == name_or_path and os.path.exists(packaged):
        with gzip.open(packaged, "rt", encoding="utf-8") as f:
            return f.read()
    path = os.fspath(name_or_path)
    if not os.path.exists(path):
        raise MatlabnnValueError(f"Unable to find file or directory '{path}'.",
                                 "MATLAB:textio:textio:FileNotFound")
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read()


# --------------------------------------------------------------------------- chickenpox
@functools.lru_cache(maxsize=None)
def _chickenpox():
    lines = _read_text("chickenpox.csv").splitlines()
    return tuple(float(x) for x in lines if x.strip() and not x.startswith("#") and x != "cases")


@matlab_syntax("data = chickenpox_dataset()")
def chickenpox_dataset():
    """Monthly reported chickenpox cases in New York City, Jan 1931 - Jun 1972.

    MATLAB: ``data = chickenpox_dataset;`` returns a 1-by-498 cell array of
    scalars, which the example flattens with ``data = [data{:}];``. Here it
    returns a list of 498 floats; flatten with ``np.array``::

        data = chickenpox_dataset()
        data = np.array(data)          # MATLAB: data = [data{:}];
        data[:3]                       # array([ 956.,  927., 1585.])

    Source: Hyndman's Time Series Data Library (chicknyc); the same values as
    MATLAB's.
    """
    return list(_chickenpox())


# --------------------------------------------------------------------------- Japanese vowels
@functools.lru_cache(maxsize=None)
def _japanese_vowels(name):
    """(tuple of 12-by-T arrays, tuple of label str) from a .ts file."""
    X, Y = [], []
    in_data = False
    for line in _read_text(name).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not in_data:
            in_data = line.lower().startswith("@data")
            continue
        *channels, label = line.split(":")
        X.append(np.array([np.array(ch.split(","), dtype=np.float64) for ch in channels]))
        Y.append(label.strip())
    return tuple(X), tuple(Y)


def _vowels(function, name, nargout):
    nargout = check_nargout(function, nargout, 2)
    X, Y = _japanese_vowels(name)
    return outputs(([x.copy() for x in X], categorical(list(Y))), nargout)


@matlab_syntax("XTrain, YTrain = japaneseVowelsTrainData(nargout=2)")
def japaneseVowelsTrainData(*, nargout=1):
    """Japanese Vowels training data: 270 sequences of 12 features, 9 speakers.

    MATLAB::

        [XTrain, YTrain] = japaneseVowelsTrainData;

    Python::

        XTrain, YTrain = japaneseVowelsTrainData(nargout=2)
        XTrain = japaneseVowelsTrainData()              # predictors only

    ``XTrain`` is a list of 270 float64 arrays, each 12-by-T (features by time
    steps, T from 7 to 26); ``YTrain`` a 270-by-1 categorical of speaker labels
    '1'..'9', 30 per speaker. Order as in MATLAB's data.
    Source: UCI Japanese Vowels (Kudo, Toyama & Shimbo 1999), CC BY 4.0.
    """
    return _vowels("japaneseVowelsTrainData", "JapaneseVowels_TRAIN.ts", nargout)


@matlab_syntax("XTest, YTest = japaneseVowelsTestData(nargout=2)")
def japaneseVowelsTestData(*, nargout=1):
    """Japanese Vowels test data: 370 sequences of 12 features, 9 speakers.

    MATLAB::

        [XTest, YTest] = japaneseVowelsTestData;

    Python::

        XTest, YTest = japaneseVowelsTestData(nargout=2)

    ``XTest`` is a list of 370 float64 12-by-T arrays (T from 7 to 29); ``YTest`` a 370-by-1
    categorical of labels '1'..'9'. See ``japaneseVowelsTrainData``.
    """
    return _vowels("japaneseVowelsTestData", "JapaneseVowels_TEST.ts", nargout)


# --------------------------------------------------------------------------- turbofan
def _numbers(name_or_path):
    """A whitespace-separated numeric text file as a 2-D float64 array (like dlmread).

    Packaged files are parsed once and cached; a user's file is read every time.
    """
    if os.path.exists(os.path.join(DATA_DIR, name_or_path + ".gz")):
        return _packaged_numbers(name_or_path)
    return _parse_numbers(name_or_path)


def _parse_numbers(name_or_path):
    try:
        data = np.loadtxt(io.StringIO(_read_text(name_or_path)), ndmin=2)
    except ValueError as e:
        raise InvalidDataError(
            f"Could not read '{name_or_path}' as whitespace-separated numbers: {e}",
            "MATLAB:dlmread:InvalidFile") from None
    return data


_packaged_numbers = functools.lru_cache(maxsize=None)(_parse_numbers)


def _turbofan_predictors(filename):
    data = _numbers(filename)
    if data.shape[1] < 3:
        raise InvalidDataError(
            f"'{filename}' has {data.shape[1]} columns; a C-MAPSS file has the unit "
            "number, the cycle and then the settings and sensors (26 columns).",
            "matlabnn:datasets:TurboFanFormat")
    units, cycles = data[:, 0], data[:, 1]
    X, cyc = [], []
    for i in range(1, int(units.max()) + 1):
        rows = units == i
        X.append(data[rows, 2:].T.copy())
        cyc.append(cycles[rows])
    return X, cyc


def processTurboFanDataTrain(filename=None):
    """Turbofan training sequences and their remaining useful life (RUL).

    The helper function of MATLAB's "Sequence-to-Sequence Regression Using Deep
    Learning" example. MATLAB::

        [XTrain, YTrain] = processTurboFanDataTrain(filenamePredictors);

    Python::

        XTrain, YTrain = processTurboFanDataTrain()                  # packaged FD001
        XTrain, YTrain = processTurboFanDataTrain('train_FD002.txt') # your own file

    ``filename``: a C-MAPSS text file (unit, cycle, 3 settings, 21 sensors per
    row; ``.gz`` allowed); default the packaged ``train_FD001.txt`` (100 engines,
    20,631 rows). Returns lists with one entry per engine unit 1..max:
    ``XTrain[i]`` is 24-by-S_i (columns 3 to 26, transposed) and ``YTrain[i]``
    the 1-D RUL per cycle, ``fliplr(timeSteps)`` as in MATLAB's helper: S_i, ..., 1.
    """
    X, cycles = _turbofan_predictors(filename or "train_FD001.txt")
    return X, [np.flip(c).copy() for c in cycles]


def processTurboFanDataTest(filenamePredictors=None, filenameResponses=None):
    """Turbofan test sequences and their remaining useful life (RUL) per cycle.

    The helper function of MATLAB's "Sequence-to-Sequence Regression Using Deep
    Learning" example. MATLAB::

        [XTest, YTest] = processTurboFanDataTest(filenamePredictors, filenameResponses);

    Python::

        XTest, YTest = processTurboFanDataTest()                     # packaged FD001
        XTest, YTest = processTurboFanDataTest('test_FD002.txt', 'RUL_FD002.txt')

    The test series stop before failure; ``filenameResponses`` holds each
    engine's RUL at its last cycle (default the packaged ``test_FD001.txt`` and
    ``RUL_FD001.txt``). ``XTest[i]`` is 24-by-S_i; ``YTest[i]`` is the 1-D RUL
    per cycle, ``rul+S_i-1 : -1 : rul`` as in MATLAB's helper.
    """
    if (filenamePredictors is None) != (filenameResponses is None):
        raise MatlabnnValueError(
            "processTurboFanDataTest: give both filenamePredictors and "
            "filenameResponses, or neither for the packaged FD001 test data.",
            "MATLAB:narginchk:notEnoughInputs")
    X, _ = _turbofan_predictors(filenamePredictors or "test_FD001.txt")
    rul = _numbers(filenameResponses or "RUL_FD001.txt")[:, 0]
    if rul.size != len(X):
        raise InvalidDataError(
            f"processTurboFanDataTest: the responses file has {rul.size} RUL values but "
            f"the predictors file has {len(X)} engines; they must match.",
            "matlabnn:datasets:TurboFanFormat")
    Y = [r + np.arange(x.shape[1] - 1, -1, -1, dtype=np.float64) for x, r in zip(X, rul)]
    return X, Y
