# Python translation of files.m (python -m matlabnn.port).
# Lines marked TODO(port) need a review.

import os
import tempfile

from matlabnn import load
from matlabnn.port.runtime import disp, readmatrix

# Reading data files and MAT files.
A = readmatrix('measurements.xlsx')
B = readmatrix('table.csv')
C = readmatrix('values.txt')
D = readmatrix('numbers.csv')
T = readmatrix('records.csv')  # TODO(port): readtable reads the numbers only (a matrix, not a table)
S = load('trained.mat')
net = S.net
loaded = load("results.mat", "accuracy")
accuracy = loaded["accuracy"]
disp(accuracy)
folder = os.path.join(tempfile.gettempdir(), "data")
if not os.path.isdir(folder):
    os.makedirs(folder, exist_ok=True)
