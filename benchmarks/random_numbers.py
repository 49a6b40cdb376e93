"""Time MATLAB's random numbers: rand, randn, randi and randperm of 10^6 values.

Prints the median of a few runs for each call, and numpy's own generators on the
same sizes for scale. Usage::

    python benchmarks/random_numbers.py [--repeats 5]
"""
import argparse
import statistics
import time

import numpy as np

from matlabnn import rand, randi, randn, randperm, rng

CALLS = {
    "rand(1000, 1000)": lambda: rand(1000, 1000),
    "randn(1000, 1000)": lambda: randn(1000, 1000),
    "randi(10, 1000, 1000)": lambda: randi(10, 1000, 1000),
    "randperm(1e6)": lambda: randperm(10 ** 6),
    "randperm(1e6, 1000)": lambda: randperm(10 ** 6, 1000),
    "numpy RandomState.rand(10^6)": lambda: np.random.rand(10 ** 6),
    "numpy Generator.normal(10^6)": lambda: np.random.default_rng(0).normal(size=10 ** 6),
}


def median_seconds(call, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng(0)
    for name, call in CALLS.items():
        print(f"{name:32s} {1000 * median_seconds(call, args.repeats):8.1f} ms")


if __name__ == "__main__":
    main()
