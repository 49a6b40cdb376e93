"""Faults during training cost no trained network.

A NaN/Inf loss (here: sgdm with InitialLearnRate 1e6 on unnormalized data with
large targets) stops training with a warning that names the iteration and the
likely causes; the returned network has the weights of the last good iteration
(compared with the checkpoint written after it); ``info`` holds exactly the good
iterations; the verbose table ends with "Training finished: Training loss is NaN.".
An OutputFcn that raises lets its own exception through and leaves the layers
that were passed in untouched.
"""
import copy
import glob
import math
import os
import re
import warnings

import numpy as np
import pytest

from matlabnn import (fullyConnectedLayer, load, lstmLayer, predict, regressionLayer, rng,
                      sequenceInputLayer, trainNetwork, trainingOptions)


def _data(seed=0):
    r = np.random.default_rng(seed)
    X = [100.0 * r.normal(size=(1, 20)) for _ in range(8)]          # unnormalized
    Y = [1e3 * r.normal(size=(1, 20)) for _ in range(8)]            # large targets
    return X, Y


def _layers():
    return [sequenceInputLayer(1), lstmLayer(4), fullyConnectedLayer(1), regressionLayer()]


def _learnables(net):
    return {(layer.Name, name): np.array(getattr(layer, name))
            for layer in net.Layers for name in layer._learnables}


def _checkpoint_iteration(path):
    return int(re.search(r"net_checkpoint__(\d+)__", os.path.basename(path)).group(1))


@pytest.fixture
def diverged(tmp_path, capsys):
    """Train until the loss blows up; returns (net, info, warnings, printed, checkpoints)."""
    rng(0)
    X, Y = _data()
    options = trainingOptions("sgdm", InitialLearnRate=1e6, MaxEpochs=10, MiniBatchSize=4,
                              Verbose=True, CheckpointPath=str(tmp_path),
                              CheckpointFrequency=1, CheckpointFrequencyUnit="iteration")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        net, info = trainNetwork(X, Y, _layers(), options, nargout=2)
    checkpoints = sorted(glob.glob(str(tmp_path / "*.mat")), key=_checkpoint_iteration)
    return net, info, caught, capsys.readouterr().out, checkpoints, (X, Y)


def test_divergence_warns_naming_the_iteration_and_causes(diverged):
    net, info, caught, out, checkpoints, _ = diverged
    good = len(info.TrainingLoss)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1, messages
    msg = messages[0]
    assert f"training stopped at iteration {good + 1}" in msg
    assert "last iteration with finite values" in msg
    for cause in ("InitialLearnRate", "GradientThreshold", "Normalization"):
        assert cause in msg
    # no numpy overflow/invalid-value warnings leak out
    assert not [w for w in caught if "overflow" in str(w.message) or "invalid value" in
                str(w.message)]


def test_divergence_keeps_the_last_good_weights(diverged):
    net, info, _, _, checkpoints, (X, _) = diverged
    good = len(info.TrainingLoss)
    assert good >= 2                       # it trained a while before blowing up
    assert [_checkpoint_iteration(p) for p in checkpoints] == list(range(1, good + 1))
    last_good = load(checkpoints[-1]).net
    weights, expected = _learnables(net), _learnables(last_good)
    assert weights.keys() == expected.keys()
    for key in weights:
        assert np.all(np.isfinite(weights[key])), key
        np.testing.assert_array_equal(weights[key], expected[key], err_msg=str(key))
    # the returned network is usable
    Y = predict(net, X)
    assert all(np.all(np.isfinite(y)) for y in Y)


def test_divergence_info_has_exactly_the_good_iterations(diverged):
    net, info, _, out, checkpoints, _ = diverged
    good = len(checkpoints)
    assert info.TrainingLoss.shape == (good,)
    assert info.TrainingRMSE.shape == (good,)
    assert info.BaseLearnRate.shape == (good,)
    assert np.all(np.isfinite(info.TrainingLoss)) and np.all(np.isfinite(info.TrainingRMSE))
    assert info.StopReason == "Training loss is NaN"
    assert info.OutputNetworkIteration == good


def test_divergence_is_reported_in_the_verbose_table(diverged):
    _, info, _, out, _, _ = diverged
    lines = out.rstrip("\n").splitlines()
    assert lines[-1] == "Training finished: Training loss is NaN."
    rows = [l for l in lines if re.match(r"^\|\s+\d+ \|", l)]
    # the last row printed is the last good iteration (MATLAB prints the final one)
    assert int(rows[-1].split("|")[2]) == len(info.TrainingLoss)
    assert "NaN" not in "".join(rows) and "Inf" not in "".join(rows)


def test_divergence_at_the_first_iteration_returns_the_initial_network(capsys):
    X, Y = _data()
    Y = [y * 1e17 for y in Y]             # ~1e20: finite in single, its square is not
    rng(3)
    options = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=4, Verbose=True)
    with pytest.warns(RuntimeWarning, match="stopped at iteration 1 "):
        net, info = trainNetwork(X, Y, _layers(), options, nargout=2)
    assert info.TrainingLoss.shape == (0,)
    assert info.StopReason == "Training loss is NaN"
    assert capsys.readouterr().out.rstrip().endswith("Training finished: Training loss is NaN.")
    for key, value in _learnables(net).items():
        assert value.size and np.all(np.isfinite(value)), key
    # the initial weights: the same as one iteration with a tiny rate leaves nearly alone
    rng(3)
    start, _ = trainNetwork(X[:1], [y / 1e17 for y in Y[:1]], _layers(),
                            trainingOptions("sgdm", MaxEpochs=1, MiniBatchSize=1,
                                            InitialLearnRate=1e-30, Momentum=0,
                                            Verbose=False), nargout=2)
    for key, value in _learnables(start).items():
        np.testing.assert_allclose(_learnables(net)[key], value, rtol=1e-6, atol=1e-20)


def test_gradient_threshold_prevents_the_divergence():
    rng(0)
    X, Y = _data()
    options = trainingOptions("sgdm", InitialLearnRate=1e6, MaxEpochs=2, MiniBatchSize=4,
                              GradientThreshold=1e-9, Verbose=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        _, info = trainNetwork(X, Y, _layers(), options, nargout=2)
    assert info.StopReason == "Max epochs completed"


# ---------------------------------------------------------------------------
# OutputFcn failures.

class Boom(Exception):
    pass


@pytest.mark.parametrize("fail_at", ["start", "iteration", "done"])
def test_failing_output_fcn_raises_its_own_exception_and_keeps_the_layers(fail_at):
    rng(0)
    r = np.random.default_rng(1)
    X = [r.normal(size=(1, 6)) for _ in range(4)]
    Y = [r.normal(size=(1, 6)) for _ in range(4)]
    layers = [sequenceInputLayer(1), lstmLayer(3, InputWeights=r.normal(size=(12, 1)),
                                                RecurrentWeights=r.normal(size=(12, 3)),
                                                Bias=r.normal(size=12)),
              fullyConnectedLayer(1), regressionLayer()]
    before = copy.deepcopy(layers)
    seen = []

    def output_fcn(info):
        seen.append(info.State)
        if info.State == fail_at and (fail_at != "iteration" or info.Iteration == 2):
            raise Boom(f"failed at {info.State}")
        return False

    options = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=2, Verbose=False,
                              OutputFcn=output_fcn)
    with pytest.raises(Boom, match=f"failed at {fail_at}"):
        trainNetwork(X, Y, layers, options)
    assert seen[-1] == fail_at
    # the layers passed in are the same objects, with the same properties and weights
    assert len(layers) == len(before)
    for layer, old in zip(layers, before):
        assert type(layer) is type(old)
        assert layer.Name == old.Name == ""
        for name in layer._learnables:
            a, b = getattr(layer, name), getattr(old, name)
            assert (a is None) == (b is None)
            if a is not None:
                np.testing.assert_array_equal(a, b)
    # and they still train
    options = trainingOptions("adam", MaxEpochs=1, MiniBatchSize=2, Verbose=False)
    net = trainNetwork(X, Y, layers, options)
    assert all(np.all(np.isfinite(y)) for y in predict(net, X))
    assert not math.isnan(float(np.mean([y.mean() for y in predict(net, X)])))
