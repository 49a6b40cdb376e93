"""Train a small network and deliver SIGINT (Ctrl-C) at one stage; print the outcome as JSON.

Run by tests/test_faults_sigint.py in a subprocess (a real SIGINT in the test
process would stop pytest itself)::

    python3 tests/sigint_training.py STAGE FOLDER

STAGE: start, iteration, validation, checkpoint, plot, done (OutputFcn at
'start', OutputFcn at iteration 2, the validation pass at iteration 2, the
second checkpoint write, the plot update at iteration 2, OutputFcn at 'done'
after the last iteration).
"""
import json
import os
import signal
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import matlabnn.io as mio  # noqa: E402
from matlabnn import (fullyConnectedLayer, lstmLayer, predict, regressionLayer, rng,  # noqa: E402
                      sequenceInputLayer, trainNetwork, trainingOptions)


def ctrl_c():
    os.kill(os.getpid(), signal.SIGINT)


def main(stage, folder):
    rng(0)
    r = np.random.default_rng(0)
    X = [r.normal(size=(2, 6)) for _ in range(8)]
    Y = [r.normal(size=(1, 6)) for _ in range(8)]
    XVal, YVal = X[:3], Y[:3]             # validation batches have 3 observations

    validations = []

    def normalization(x):           # called on every forward pass; once Ctrl-C in validation
        if stage == "validation" and np.shape(x)[1] == 3:
            validations.append(1)
            if len(validations) == 2:       # the validation at iteration 2
                ctrl_c()
        return x

    def output_fcn(info):
        if (stage == "start" and info.State == "start") or \
                (stage == "done" and info.State == "done") or \
                (stage == "iteration" and info.Iteration == 2 and info.State == "iteration"):
            ctrl_c()
        return False

    if stage == "checkpoint":
        real = mio.scipy.io.savemat
        writes = []

        def savemat(f, *a, **k):
            writes.append(1)
            if len(writes) == 2:
                f.write(b"partial")
                ctrl_c()
            return real(f, *a, **k)
        mio.scipy.io.savemat = savemat
    if stage == "plot":
        from matlabnn.display import progress_plot
        update = progress_plot.TrainingProgressPlot.on_iteration

        def interrupted(self, run, record):
            if record.iteration == 2:
                ctrl_c()
            return update(self, run, record)
        progress_plot.TrainingProgressPlot.on_iteration = interrupted

    # a function Normalization cannot be saved: no checkpoints in that case
    layers = [sequenceInputLayer(2, Normalization=normalization if stage == "validation"
                                 else "none"), lstmLayer(3),
              fullyConnectedLayer(1), regressionLayer()]
    options = trainingOptions("adam", MaxEpochs=3, MiniBatchSize=4, Verbose=False,
                              Shuffle="never", ValidationData=(XVal, YVal),
                              ValidationFrequency=2, OutputFcn=output_fcn,
                              CheckpointPath=folder if stage != "validation" else "",
                              CheckpointFrequency=1,
                              CheckpointFrequencyUnit="iteration",
                              Plots="training-progress" if stage == "plot" else "none")
    net, info = trainNetwork(X, Y, layers, options, nargout=2)
    Yp = predict(net, X)
    files = sorted(f for f in os.listdir(folder))
    loadable = []
    for f in files:
        if f.endswith(".mat"):
            loadable.append(bool(np.all(np.isfinite(predict(mio.load(os.path.join(folder, f))
                                                            .net, X)[0]))))
    print(json.dumps({"StopReason": info.StopReason, "iterations": len(info.TrainingLoss),
                      "finite": bool(all(np.all(np.isfinite(y)) for y in Yp)),
                      "files": files, "loadable": loadable}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
