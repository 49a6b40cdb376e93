"""``rng(seed)`` before building and training makes a script reproducible.

On the same machine, two runs give identical weights, losses, printed progress
tables (but for the Time Elapsed column) and predictions: initial weights,
shuffling and dropout all draw from matlabnn's one global generator.
"""
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from examples import chickenpox_forecast  # noqa: E402
from matlabnn import (dropoutLayer, fullyConnectedLayer, lstmLayer, predict,  # noqa: E402
                      regressionLayer, rng, sequenceInputLayer, trainNetwork, trainingOptions)

_ELAPSED = re.compile(r"\b\d{2}:\d{2}:\d{2}\b")


def _mask_time(text):
    return _ELAPSED.sub("hh:mm:ss", text)


def _run_example(tmp_path, capsys, k):
    out = tmp_path / f"run{k}"
    out.mkdir()
    result = chickenpox_forecast.main(max_epochs=3, verbose=True, plots=False, out_dir=str(out))
    return result, capsys.readouterr().out


def test_chickenpox_example_is_reproducible(tmp_path, capsys):
    first, printed1 = _run_example(tmp_path, capsys, 1)
    rng("shuffle")                               # disturb the global generator in between
    np.random.default_rng().normal(size=3)
    second, printed2 = _run_example(tmp_path, capsys, 2)

    assert "Epoch" in printed1 and "Training finished" in printed1
    assert _ELAPSED.search(printed1)             # the mask has something to mask
    assert _mask_time(printed1) == _mask_time(printed2)
    for key in ("rmse_closed", "rmse_open", "rmse_persistence"):
        assert first[key] == second[key], key
    np.testing.assert_array_equal(first["info"].TrainingLoss, second["info"].TrainingLoss)
    np.testing.assert_array_equal(first["info"].TrainingRMSE, second["info"].TrainingRMSE)
    for a, b in zip(first["net"].Layers, second["net"].Layers):
        for name in a._learnables:
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def _script(seed, X, Y):
    """A MATLAB-style script: rng(seed), layers with dropout, shuffled training, predict.

    With seed None the generator is left as it is."""
    if seed is not None:
        rng(seed)
    layers = [sequenceInputLayer(2), lstmLayer(5), dropoutLayer(0.3), fullyConnectedLayer(1),
              regressionLayer()]
    options = trainingOptions("sgdm", MaxEpochs=3, MiniBatchSize=3, Shuffle="every-epoch",
                              Verbose=False)
    net, info = trainNetwork(X, Y, layers, options, nargout=2)
    weights = [np.array(getattr(l, n)) for l in net.Layers for n in l._learnables]
    return weights, info.TrainingLoss.copy(), predict(net, X)


@pytest.fixture(scope="module")
def data():
    r = np.random.default_rng(5)
    X = [r.normal(size=(2, int(L))) for L in r.integers(3, 9, size=7)]
    Y = [r.normal(size=(1, x.shape[1])) for x in X]
    return X, Y


def _assert_same(run1, run2):
    (w1, loss1, p1), (w2, loss2, p2) = run1, run2
    assert len(w1) == len(w2) > 0
    for a, b in zip(w1, w2):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loss1, loss2)
    for a, b in zip(p1, p2):
        np.testing.assert_array_equal(a, b)


def test_same_seed_same_weights_losses_and_predictions(data):
    _assert_same(_script(7, *data), _script(7, *data))


def test_another_seed_gives_another_network(data):
    w1, loss1, _ = _script(7, *data)
    w2, loss2, _ = _script(8, *data)
    assert any(not np.array_equal(a, b) for a, b in zip(w1, w2))
    assert not np.array_equal(loss1, loss2)


def test_saved_generator_state_replays_the_run(data):
    rng(11)
    state = rng()                       # s = rng;
    first = _script(None, *data)
    rng(state)                          # rng(s);
    _assert_same(first, _script(None, *data))
    # and the default start-up setting is rng(0)
    rng("default")
    _assert_same(_script(None, *data), _script(0, *data))
