"""rng: MATLAB's global generator (design §1 'Randomness')."""
import numpy as np
import pytest

from matlabnn import (fullyConnectedLayer, lstmLayer, regressionLayer, rng, sequenceInputLayer,
                      trainNetwork, trainingOptions)
from matlabnn._rng import generator
from matlabnn.errors import MatlabnnError, MatlabnnValueError
from matlabnn.network import compile_network


def layers():
    return [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]


def initial_weights():
    net = compile_network(layers(), "test", rng=generator())
    return [getattr(l, n).copy() for l, n in net._learnable_items()]


def same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.fixture(autouse=True)
def restore_rng():
    saved = rng()
    yield
    rng(saved)


def test_seed_makes_initial_weights_reproducible():
    rng(3)
    a = initial_weights()
    rng(3)
    b = initial_weights()
    assert same(a, b)
    c = initial_weights()           # the stream moves on
    assert not same(a, c)
    rng(4)
    assert not same(a, initial_weights())


def test_default_is_seed_zero():
    rng("default")
    a = initial_weights()
    rng(0)
    assert same(a, initial_weights())
    rng("DEFAULT")
    assert same(a, initial_weights())
    assert rng()["Seed"] == 0 and rng()["Type"] == "twister"


def test_shuffle_seeds_from_the_clock():
    rng("shuffle")
    s1 = rng()["Seed"]
    a = initial_weights()
    rng(0)
    b = initial_weights()
    assert 0 <= s1 < 2 ** 32
    assert not same(a, b)


def test_settings_can_be_saved_and_restored():
    rng(7)
    initial_weights()
    saved = rng()
    a = initial_weights()
    rng(saved)
    assert same(a, initial_weights())
    # rng(seed) returns the settings before the call, as sprev = rng(seed)
    prev = rng(11)
    assert prev["Seed"] == 7


def test_generator_is_shared_and_numpy():
    rng(5)
    g = generator()
    assert isinstance(g, np.random.Generator)
    x = g.random(3)
    rng(5)
    np.testing.assert_array_equal(generator().random(3), x)


def test_whole_training_reproducible():
    X = [np.random.default_rng(k).normal(size=(2, 4 + k)) for k in range(6)]
    Y = [np.random.default_rng(10 + k).normal(size=(1, 4 + k)) for k in range(6)]
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=2, Shuffle="every-epoch",
                           Verbose=False)
    rng(1)
    n1, i1 = trainNetwork(X, Y, layers(), opts, nargout=2)
    rng(1)
    n2, i2 = trainNetwork(X, Y, layers(), opts, nargout=2)
    np.testing.assert_array_equal(i1.TrainingLoss, i2.TrainingLoss)
    for (l1, n), (l2, _) in zip(n1._learnable_items(), n2._learnable_items()):
        np.testing.assert_array_equal(getattr(l1, n), getattr(l2, n))
    rng(2)
    _, i3 = trainNetwork(X, Y, layers(), opts, nargout=2)
    assert not np.array_equal(i1.TrainingLoss, i3.TrainingLoss)


@pytest.mark.parametrize("bad,match", [
    (-1, "nonnegative integer"), (1.5, "nonnegative integer"), (2 ** 32, "less than 2\\^32"),
    ("twist", "'twist' is not a valid setting"), (True, "nonnegative integer"),
    ([1, 2], "nonnegative integer"),
])
def test_bad_seeds(bad, match):
    with pytest.raises(MatlabnnValueError, match=match) as err:
        rng(bad)
    assert isinstance(err.value, MatlabnnError)
    assert str(err.value).startswith("rng: ")


def test_only_twister():
    rng(0, "twister")
    with pytest.raises(MatlabnnValueError, match="generator 'philox' is not supported"):
        rng(0, "philox")
