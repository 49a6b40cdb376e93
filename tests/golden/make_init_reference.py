"""Reference learnables for the small-layer initialization test (tests/test_faults_inputs.py).

Run with the matlabnn of commit 2a887de (before large layers were initialized in
their own precision) first on the path, e.g.::

    git archive 2a887de matlabnn | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base python3 tests/golden/make_init_reference.py

Layers at or below the size threshold must still initialize bit for bit as then.
"""
import os

import numpy as np

import matlabnn
from matlabnn import bilstmLayer, fullyConnectedLayer, gruLayer, lstmLayer, sequenceInputLayer
from matlabnn.network import compile_network


def learnables(dtype):
    matlabnn.rng(7)
    layers = [sequenceInputLayer(3), lstmLayer(1024 if dtype == np.float32 else 6),
              bilstmLayer(5), gruLayer(4, InputWeightsInitializer="he",
                                       RecurrentWeightsInitializer="narrow-normal"),
              fullyConnectedLayer(2), matlabnn.regressionLayer()]
    net = compile_network(layers, "test", dtype=dtype, rng=matlabnn._rng.generator())
    return {f"{dtype.__name__}_{k}_{name}": getattr(layer, name)
            for k, layer in enumerate(net.Layers) for name in layer._learnables}


if __name__ == "__main__":
    out = {**learnables(np.float32), **learnables(np.float64)}
    # the 4096x1024 LSTM weights are stored as a digest to keep the fixture small
    big = [k for k in out if k.startswith("float32_1_")]
    digests = {k + "_sha": np.frombuffer(__import__("hashlib").sha256(
        np.ascontiguousarray(out.pop(k)).tobytes()).digest(), np.uint8) for k in big}
    np.savez_compressed(os.path.join(os.path.dirname(__file__), "init_reference.npz"),
                        **out, **digests)
    print(matlabnn.__file__, sorted(out)[:3], len(out) + len(digests))
