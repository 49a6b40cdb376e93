import gzip
import os

import numpy as np
import pytest

from matlabnn.categorical import categorical, countcats
from matlabnn.datasets import (chickenpox_dataset, japaneseVowelsTestData,
                               japaneseVowelsTrainData, processTurboFanDataTest,
                               processTurboFanDataTrain)
from matlabnn.datasets.loaders import DATA_DIR
from matlabnn.errors import MatlabnnTypeError, MatlabnnValueError


def test_chickenpox():
    data = chickenpox_dataset()
    assert isinstance(data, list) and len(data) == 498 and isinstance(data[0], float)
    data = np.array(data)
    assert data[:3].tolist() == [956, 927, 1585]
    assert round(data.mean(), 2) == 732.41
    assert round(data.std(ddof=1), 2) == 589.73


def test_japanese_vowels_train():
    XTrain, YTrain = japaneseVowelsTrainData(nargout=2)
    assert len(XTrain) == 270 and isinstance(YTrain, categorical)
    assert YTrain.shape == (270, 1)
    assert YTrain.categories_list == [str(k) for k in range(1, 10)]
    assert countcats(YTrain).tolist() == [30] * 9
    lengths = [x.shape[1] for x in XTrain]
    assert min(lengths) == 7 and max(lengths) == 26
    assert all(x.shape[0] == 12 and x.dtype == np.float64 for x in XTrain)
    assert XTrain[0][:2, 0].tolist() == [1.860936, -0.207383]
    assert str(YTrain[0]) == "1" and str(YTrain[-1]) == "9"


def test_japanese_vowels_test_and_nargout():
    XTest, YTest = japaneseVowelsTestData(nargout=2)
    assert len(XTest) == 370 and len(YTest) == 370
    lengths = [x.shape[1] for x in XTest]
    assert min(lengths) == 7 and max(lengths) == 29
    assert countcats(YTest).sum() == 370 and len(countcats(YTest)) == 9
    X = japaneseVowelsTestData()
    assert isinstance(X, list) and len(X) == 370
    with pytest.raises(MatlabnnTypeError, match="nargout"):
        japaneseVowelsTestData(nargout=3)


def test_returns_fresh_copies():
    X = japaneseVowelsTrainData()
    X[0][:] = 0
    assert japaneseVowelsTrainData()[0][0, 0] == 1.860936
    XT, YT = processTurboFanDataTrain()
    XT[0][:] = 0
    YT[0][:] = 0
    XT2, YT2 = processTurboFanDataTrain()
    assert XT2[0][0, 0] != 0 and YT2[0][0] == 192


def test_turbofan_train():
    XTrain, YTrain = processTurboFanDataTrain()
    assert len(XTrain) == len(YTrain) == 100
    lengths = [x.shape[1] for x in XTrain]
    assert min(lengths) == 128 and max(lengths) == 362 and sum(lengths) == 20631
    assert all(x.shape[0] == 24 for x in XTrain)
    # columns 3..26 of the first row of train_FD001.txt
    assert XTrain[0][:3, 0].tolist() == [-0.0007, -0.0004, 100.0]
    assert XTrain[0][-1, 0] == 23.4190
    for x, y in zip(XTrain, YTrain):            # MATLAB: fliplr(timeSteps), S .. 1
        assert y.shape == (x.shape[1],)
        assert y[0] == x.shape[1] and y[-1] == 1 and np.all(np.diff(y) == -1)
    # 17 non-constant predictor columns, as in the MATLAB example
    allX = np.hstack(XTrain)
    assert np.sum(allX.max(axis=1) > allX.min(axis=1)) == 17


def test_turbofan_test():
    XTest, YTest = processTurboFanDataTest()
    assert len(XTest) == len(YTest) == 100
    with gzip.open(os.path.join(DATA_DIR, "RUL_FD001.txt.gz"), "rt") as f:
        rul = [float(v) for v in f.read().split()]
    assert [y[-1] for y in YTest] == rul
    for x, y in zip(XTest, YTest):
        assert y.shape == (x.shape[1],) and y[0] == y[-1] + x.shape[1] - 1


def test_turbofan_user_files(tmp_path):
    rows = [[1, 1] + [0.5] * 24, [1, 2] + [0.6] * 24, [2, 1] + [0.7] * 24]
    train = tmp_path / "train_mine.txt"
    np.savetxt(train, rows)
    X, Y = processTurboFanDataTrain(str(train))
    assert [x.shape for x in X] == [(24, 2), (24, 1)] and Y[0].tolist() == [2, 1]
    rul = tmp_path / "RUL_mine.txt"
    rul.write_text("10\n20\n")
    XT, YT = processTurboFanDataTest(str(train), str(rul))
    assert YT[0].tolist() == [11, 10] and YT[1].tolist() == [20]
    rul.write_text("10\n")
    with pytest.raises(MatlabnnValueError, match="must match"):
        processTurboFanDataTest(str(train), str(rul))
    with pytest.raises(MatlabnnValueError, match="Unable to find"):
        processTurboFanDataTrain(str(tmp_path / "missing.txt"))
    with pytest.raises(MatlabnnValueError, match="both"):
        processTurboFanDataTest(str(train))


def test_data_files_small():
    total = sum(os.path.getsize(os.path.join(DATA_DIR, f)) for f in os.listdir(DATA_DIR))
    assert total < 2_000_000
