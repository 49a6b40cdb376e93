"""The example data sets of MATLAB's sequence examples, under MATLAB's names.

All data ships with matlabnn (``matlabnn/datasets/data/``, gzip-compressed copies
of the original text files); nothing is downloaded.

- ``chickenpox_dataset()``: monthly chickenpox cases, New York City (498 values).
- ``japaneseVowelsTrainData(nargout=...)`` / ``japaneseVowelsTestData(nargout=...)``:
  speaker recognition, 270 / 370 sequences of 12 features, labels '1'..'9'.
- ``processTurboFanDataTrain(filename)`` / ``processTurboFanDataTest(predictors,
  responses)``: NASA C-MAPSS turbofan degradation (FD001 by default).
"""
from .loaders import (chickenpox_dataset, japaneseVowelsTestData, japaneseVowelsTrainData,
                      processTurboFanDataTest, processTurboFanDataTrain)

__all__ = ["chickenpox_dataset", "japaneseVowelsTrainData", "japaneseVowelsTestData",
           "processTurboFanDataTrain", "processTurboFanDataTest"]
