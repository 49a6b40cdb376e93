# Python translation of indexing.m (python -m matlabnn.port).

import numpy as np
from matlabnn.port.runtime import assign_index

# Indexing: 1-based and end, ranges, masks, (:), deletion and growing.
v = np.array([10, 20, 30, 40, 50])
first = v[0]
last = v[-1]
middle = v[1:-1]
reversed = v[::-1]
evens = v[1::2]
picked = v[[0, 2]]
big = v[v > 25]
k = 3
around = v[k - 2:k + 1]

M = np.reshape(np.arange(1, 13), (3, 4), order="F")
corner = M[-1, -1]
row2 = M[1, :]
col3 = M[:, 2]
block = M[:2, 1:]
column = M.ravel(order="F")
M = np.delete(M, 1, axis=0)

w = v.copy()
w = np.delete(w, 1)
w = np.append(w, 60)

grown = np.zeros(0)
for i in range(1, 5):
    grown = assign_index(grown, i - 1, i ** 2)

c = [1, 'two', np.array([3, 4])]
second = c[1]
firstTwo = c[:2]
c.append('four')
n = len(c)

mask = np.mod(np.arange(1, 7), 2) == 0
x = np.arange(1, 7)
x[mask] = 0
