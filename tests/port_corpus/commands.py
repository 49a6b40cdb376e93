# Python translation of commands.m (python -m matlabnn.port).

import numpy as np
import matplotlib.pyplot as plt
from matlabnn import rng

# Command syntax.
# clc: nothing to clear in Python
# clear: every variable below is assigned before use
plt.close("all")
np.set_printoptions(precision=15)
rng('default')
plt.figure()
# hold on: matplotlib draws into the same axes anyway
plt.plot(np.arange(1, len(np.arange(1, 4)) + 1), np.arange(1, 4))
# hold off

plt.show()
