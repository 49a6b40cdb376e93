# Python translation of control_flow.m (python -m matlabnn.port).

import numpy as np

# Control flow: if/elseif/else, for, while, switch, try/catch, break/continue.
total = 0
for i in range(1, 11):
    if np.mod(i, 2) == 0:
        continue
    elif i > 7:
        break
    else:
        total = total + i

count = 0
while count < 5:
    count = count + 2

columns = 0
for col in np.array([[1, 2], [3, 4]]).T:
    columns = columns + col[0] * 10 + col[1]

down = 0
for k in range(5, 0, -1):
    down = down * 10 + k

mode = 'sgdm'
if mode == 'adam':
    rate = 1
elif mode in ('sgdm', 'rmsprop'):
    rate = 2
else:
    rate = 3

try:
    raise RuntimeError('failed with %d' % 42)
except Exception as err:
    message = str(err)
