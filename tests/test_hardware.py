"""ExecutionEnvironment 'gpu', 'multi-gpu' and 'parallel' run on the CPU with one warning."""
import warnings

import numpy as np
import pytest

from matlabnn import (fullyConnectedLayer, lstmLayer, predict, predictAndUpdateState,
                      regressionLayer, rng, sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn._hardware import ExecutionEnvironmentWarning


def _train(env):
    rng(0)
    X = [np.sin(np.arange(6.0) + k).reshape(1, -1) for k in range(3)]
    Y = [x * 0.5 for x in X]
    layers = [sequenceInputLayer(1), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]
    options = trainingOptions("adam", MaxEpochs=2, Verbose=False, ExecutionEnvironment=env)
    return trainNetwork(X, Y, layers, options), X


@pytest.mark.parametrize("env", ["gpu", "multi-gpu", "parallel"])
def test_training_on_other_hardware_runs_on_the_cpu_with_one_warning(env):
    with pytest.warns(ExecutionEnvironmentWarning) as caught:
        net, X = _train(env)
    messages = [str(w.message) for w in caught if w.category is ExecutionEnvironmentWarning]
    assert len(messages) == 1
    assert messages[0].startswith(f"trainNetwork: ExecutionEnvironment '{env}'")
    assert "running on the CPU instead" in messages[0]
    # the user's line is named, not matlabnn's
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reference, _ = _train("cpu")
    np.testing.assert_array_equal(predict(net, X[0]), predict(reference, X[0]))


@pytest.mark.parametrize("function", [predict, predictAndUpdateState])
def test_prediction_with_gpu_runs_on_the_cpu_with_a_warning(function):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net, X = _train("cpu")
    expected = predict(net, X[1])
    with pytest.warns(ExecutionEnvironmentWarning,
                      match=f"^{function.__name__}: ExecutionEnvironment 'gpu' asks for a GPU"):
        out = function(net, X[1], "ExecutionEnvironment", "gpu")
    if function is predictAndUpdateState:
        out = predict(net, X[1])    # the state update returned a new network; net unchanged
    np.testing.assert_array_equal(out, expected)


def test_cpu_and_auto_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ExecutionEnvironmentWarning)
        net, X = _train("auto")
        predict(net, X[0], ExecutionEnvironment="cpu")
        trainingOptions("adam", ExecutionEnvironment="cpu")._check_supported()
