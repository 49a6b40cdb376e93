"""Training time of trainnet against trainNetwork on the same network and data.

Both faces run the one engine; trainnet adds its layout conversion, its loss
object, the Metrics computed every iteration and its own history. This trains
a BiLSTM classifier (waveforms from examples/waveform_data.py) alternately
with trainNetwork + classificationLayer (C-by-S data) and trainnet +
"crossentropy" + Metrics="accuracy" (T-by-C data) and prints the median times
and their ratio. Usage::

    python benchmarks/trainnet_overhead.py [--epochs 20] [--repeats 3] [--observations 300]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from examples.waveform_data import waveform_data  # noqa: E402
from matlabnn import (bilstmLayer, classificationLayer, fullyConnectedLayer, rng,  # noqa: E402
                      sequenceInputLayer, softmaxLayer, trainNetwork, trainingOptions,
                      trainnet)


def layers():
    return [sequenceInputLayer(3), bilstmLayer(64, OutputMode="last"), fullyConnectedLayer(4),
            softmaxLayer()]


def options(epochs, **extra):
    return trainingOptions("adam", MaxEpochs=epochs, MiniBatchSize=64, Shuffle="never",
                           Verbose=False, **extra)


def time_trainnetwork(data, labels, epochs):
    rng(0)
    start = time.perf_counter()
    trainNetwork([x.T for x in data], labels, layers() + [classificationLayer()],
                 options(epochs))
    return time.perf_counter() - start


def time_trainnet(data, labels, epochs):
    rng(0)
    start = time.perf_counter()
    trainnet(data, labels, layers(), "crossentropy", options(epochs, Metrics="accuracy"))
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--observations", type=int, default=300)
    args = parser.parse_args()
    data, labels = waveform_data(args.observations)
    legacy, current = [], []
    for _ in range(args.repeats):
        legacy.append(time_trainnetwork(data, labels, args.epochs))
        current.append(time_trainnet(data, labels, args.epochs))
    a, b = statistics.median(legacy), statistics.median(current)
    print(f"trainNetwork: median {a:.2f} s   ({', '.join(f'{t:.2f}' for t in legacy)})")
    print(f"trainnet:     median {b:.2f} s   ({', '.join(f'{t:.2f}' for t in current)})")
    print(f"trainnet / trainNetwork: {b / a:.3f}")


if __name__ == "__main__":
    main()
