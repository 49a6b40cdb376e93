# Python translation of builtins.m (python -m matlabnn.port).

import numpy as np

# Base MATLAB functions with dimensions, indices and cell arrays.
X = np.array([[4, 1, 3], [2, 8, 6]])
n = X.size
rows, cols = X.shape
r = X.shape[0]
len_ = max(X.shape)
z = np.zeros((2, 3))
o = np.ones(4)
colMeans = np.mean(X, axis=0)
rowMeans = np.mean(X, axis=1, keepdims=True)
rowStd = np.std(X, axis=1, keepdims=True, ddof=1)
popStd = np.std(X[0, :], ddof=0)
total = np.sum(X)
colMax = np.max(X, axis=0)
rowMin = np.min(X, axis=1, keepdims=True)
where = np.argmax(np.array([3, 9, 2])) + 1
largest = np.max(np.array([3, 9, 2]))
order = np.argsort(np.array([3, 1, 2]), kind="stable") + 1
sorted_ = np.sort(np.array([3, 1, 2]))
descending = -np.sort(-np.array([3, 1, 2]))
found = np.flatnonzero(np.array([0, 1, 0, 1])) + 1
anyBig = np.any(X.ravel(order="F") > 7)
allPositive = np.all(X.ravel(order="F") > 0)
joined = np.hstack([np.array([1, 2]), np.array([3, 4])])
stacked = np.vstack([np.array([1, 2]), np.array([3, 4])])
side = np.hstack([np.array([[1], [2]]), np.array([[3], [4]])])
reshaped = np.reshape(np.arange(1, 7), (2, 3), order="F")
tiled = np.tile(np.array([1, 2]), (2, 2))
lengths = np.array([v.size for v in [np.array([1, 2, 3]), np.array([4, 5])]])
doubled = np.array([2 * v for v in np.array([1, 2, 3])])
halves = [v / 2 for v in [2, 4]]
cells = list(np.array([7, 8, 9]))
back = np.array([1, 2, 3])
flat = np.hstack(cells)
d = np.diag(np.array([[1, 2], [3, 4]])).reshape(-1, 1)
words = ['a']
words = [*words, 'b']
