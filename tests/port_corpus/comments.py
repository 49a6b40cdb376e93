# Python translation of comments.m (python -m matlabnn.port).

import numpy as np

# %% Comments, cells and continuation lines
# A line comment.
x = 1  # a trailing comment

# A block comment
# over two lines.
total = x + 2  # continued
# first row continues
values = np.array([1, 2, 3])

# %% Second cell
y = total * 2
if y > 4:  # big
    z = 1
else:  # small
    z = 2
# if
