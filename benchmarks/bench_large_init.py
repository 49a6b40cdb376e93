"""Time the initialization of a large LSTM layer (issue 16): H = 4096, single precision.

Above 2^22 values an array is drawn in the layer's own precision and the
orthogonal recurrent weights come from a Cholesky QR; the double-precision
Householder QR used below the threshold took over a minute at this size.

    python3 benchmarks/bench_large_init.py [H]

(from the repository root; the repository's matlabnn is imported.)
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import matlabnn
from matlabnn import lstmLayer, regressionLayer, sequenceInputLayer
from matlabnn.network import compile_network


def main(H=4096):
    matlabnn.rng(0)
    start = time.perf_counter()
    net = compile_network([sequenceInputLayer(8), lstmLayer(H), regressionLayer()], "bench",
                          dtype=np.float32, rng=matlabnn._rng.generator())
    elapsed = time.perf_counter() - start
    R = net.Layers[1].RecurrentWeights
    sample = R[:, :256].astype(np.float64)
    error = np.abs(sample.T @ sample - np.eye(256)).max()
    print(f"lstmLayer({H}) initialized in {elapsed:.1f} s; RecurrentWeights {R.shape} "
          f"{R.dtype}, max |Q'Q - I| over 256 columns = {error:.1e}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4096)
