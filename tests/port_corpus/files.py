# Python translation of files.m (python -m matlabnn.port).

import os
import tempfile

from matlabnn import load
from matlabnn.port.runtime import disp, readmatrix, readtable, table2array

# Reading data files and MAT files.
A = readmatrix('measurements.xlsx')
B = readmatrix('table.csv')
C = readmatrix('values.txt')
D = readmatrix('numbers.csv')
T = readtable('records.csv')
y = T.y
XY = table2array(T)[:, :2]
S = load('trained.mat')
net = S.net
loaded = load("results.mat", "accuracy")
accuracy = loaded["accuracy"]
disp(accuracy)
folder = os.path.join(tempfile.gettempdir(), "data")
if not os.path.isdir(folder):
    os.makedirs(folder, exist_ok=True)
