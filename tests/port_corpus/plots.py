# Python translation of plots.m (python -m matlabnn.port).

import numpy as np
import matplotlib.pyplot as plt

# Plots with matplotlib.
y = np.array([3, 1, 4, 1, 5])
plt.figure()
plt.subplot(2, 1, 1)
plt.plot(np.arange(1, len(y) + 1), y)
# hold on: matplotlib draws into the same axes anyway
plt.plot(np.arange(1, 6), y, 'r--', linewidth=2)
# hold off
plt.xlabel("Step")
plt.ylabel("Value")
plt.title("Values")
plt.legend(["first", "second"], loc="lower left")
plt.subplot(2, 1, 2)
plt.bar(np.arange(1, len(y) + 1), y)
plt.ylim([0, 6])
plt.grid(True)
plt.figure()
plt.hist(y)
plt.stem(np.arange(1, len(y - 1) + 1), y - 1)

plt.show()
