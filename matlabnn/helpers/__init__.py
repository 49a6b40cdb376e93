"""MATLAB's helper functions that sit around the network in ported scripts.

One module per family: scaling (mapminmax, normalize), error measures (rmse,
mse, mae), classification results (confusionmat, confusionchart), data splits
(trainingPartitions), sequence conversion (con2seq), reading data (readmatrix,
readtable, xlsread) and the table that readtable returns.
"""
from .con2seq import con2seq
from .confusionchart import ConfusionMatrixChart, confusionchart
from .confusionmat import confusionmat
from .mapminmax import mapminmax
from .metrics import mae, mse, rmse
from .normalize import normalize
from .partitions import trainingPartitions
from .readers import MissingDependencyError, readmatrix, readtable, xlsread
from .table import table, table2array

__all__ = ["con2seq", "ConfusionMatrixChart", "confusionchart", "confusionmat", "mapminmax",
           "mae", "mse", "rmse", "normalize", "trainingPartitions", "MissingDependencyError",
           "readmatrix", "readtable", "xlsread", "table", "table2array"]
