"""Training time with the training-progress plot (Agg) against without it.

Runs the chickenpox demo's training (LSTM 200, 250 epochs, one sequence of
450 steps) alternately with Plots 'training-progress' and 'none' and prints
the median times and their ratio. Usage::

    python benchmarks/plot_overhead.py [--epochs 250] [--repeats 3]
"""
import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from matlabnn import (fullyConnectedLayer, lstmLayer, regressionLayer, rng,  # noqa: E402
                      sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.datasets import chickenpox_dataset  # noqa: E402


def train_once(epochs, plots):
    data = np.array(chickenpox_dataset())
    train = data[:449]
    z = (train - train.mean()) / train.std(ddof=1)
    rng(0)
    layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1), regressionLayer()]
    options = trainingOptions('adam', 'MaxEpochs', epochs, 'GradientThreshold', 1,
                              'InitialLearnRate', 0.005, 'Verbose', 0, 'Plots', plots)
    start = time.perf_counter()
    trainNetwork(z[:-1], z[1:], layers, options)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=250)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    times = {"none": [], "training-progress": []}
    for _ in range(args.repeats):            # interleaved, so both see the same load
        for plots in times:
            times[plots].append(train_once(args.epochs, plots))
    base = statistics.median(times["none"])
    plot = statistics.median(times["training-progress"])
    print(f"Plots 'none':              median {base:7.2f} s  "
          f"(min {min(times['none']):.2f}, max {max(times['none']):.2f})")
    print(f"Plots 'training-progress': median {plot:7.2f} s  "
          f"(min {min(times['training-progress']):.2f}, "
          f"max {max(times['training-progress']):.2f})")
    print(f"ratio plot / none: {plot / base:.3f}")


if __name__ == "__main__":
    main()
