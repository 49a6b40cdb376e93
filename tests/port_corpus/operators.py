# Python translation of operators.m (python -m matlabnn.port).

import numpy as np

# Operators with MATLAB precedence; elementwise versus matrix products.
a = 2
b = 3
p = -a ** 2
q = a ** -1
r = (2 ** 3) ** 2
s = a + b * 2 - 1
t = (a + b) / 2
u = not (a > b) and b >= 3 or False
A = np.array([[1, 2], [3, 4]])
B = np.array([[5, 6], [7, 8]])
elementwise = A * B
product = A @ B
power = A ** 2
matrixPower = np.linalg.matrix_power(A, 2)
ratio = A / B
scaled = 2 * A
transposed = A.T
both = (A > 1) & (B < 8)
either = (A == 1) | (B == 8)
notA = ~(A > 2)
different = a != b
row = np.array([1, -2])
difference = 1 - 2
pair = np.array([a, b])
