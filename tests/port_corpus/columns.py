# Python translation of columns.m (python -m matlabnn.port).

import numpy as np
from matlabnn.port.runtime import round_half_away

# Column vectors, matrices grown a column at a time, text compared with cells.
y = np.zeros((4, 1))
for i in range(1, 5):
    y[i - 1, 0] = i * 10
firstTwo = y[:2]
third = y[2, 0]
c = np.array([[1], [2], [3]])
cTotal = np.sum(c)
A = np.zeros((2, 0))
for k in range(1, 4):
    A = np.hstack([A, np.reshape(np.array([[k], [-k]]), (-1, 1))])
names = ['alpha', 'beta', 'gamma']
isBeta = np.array([s == 'beta' for s in names])
where = np.flatnonzero(isBeta) + 1
half = round_half_away(2.5)
M = np.array([[1, 2], [3, 4]])
sideBySide = np.hstack([M[0, :].reshape(-1, 1), M[1, :].reshape(-1, 1)])
firstColumnAsRow = M[:, 0]
K = np.array([[1, 1], [3, 4], [5, 5]])
constantRows = np.max(K, axis=1, keepdims=True) == np.min(K, axis=1, keepdims=True)
K = K[~np.ravel(constantRows), :]
