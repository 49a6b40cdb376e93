"""The engine's own contracts: one declaration of the sequence settings, one padding-value
rule, a loop that only steps, and the plain entry point train()."""
import ast
import inspect
import math
import pathlib

import numpy as np
import pytest

import matlabnn
from matlabnn import (fullyConnectedLayer, lstmLayer, predict, regressionLayer, rng,
                      sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.engine import loop, pipeline
from matlabnn.engine.trainer import train
from matlabnn.errors import MatlabnnValueError
from matlabnn.network import compile_network

PACKAGE = pathlib.Path(matlabnn.__file__).parent


def _layers():
    return [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(1), regressionLayer()]


def _data(lengths=(5, 3, 7)):
    r = np.random.default_rng(0)
    X = [r.normal(size=(2, L)) for L in lengths]
    return X, [x[:1] * 0.5 for x in X]


def test_each_sequence_setting_is_declared_once():
    for name in pipeline.SEQUENCE_OPTIONS:
        hits = [p for p in PACKAGE.rglob("*.py")
                if f'Option("{name}"' in p.read_text(encoding="utf-8")]
        assert hits == [PACKAGE / "engine" / "pipeline.py"], (name, hits)


def test_the_loop_only_steps():
    source = inspect.getsource(loop)
    tree = ast.parse(source)
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any("prediction" in (m or "") for m in imported)
    assert not any(m and ("display" in m or "callbacks" in m) for m in imported)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "run_loop")
    assert fn.end_lineno - fn.lineno + 1 < 60


@pytest.mark.parametrize("value", [math.nan, math.inf, -3.5, 0, np.float32(2)])
def test_any_real_padding_value_is_accepted_in_training_and_prediction(value):
    rng(0)
    X, Y = _data()
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=3, Verbose=False,
                           SequencePaddingValue=value)
    net = trainNetwork(X, Y, _layers(), opts)
    got = predict(net, X, SequencePaddingValue=value, MiniBatchSize=3)
    ref = [predict(net, x) for x in X]
    for a, b in zip(got, ref):        # masked padding: the value never reaches real steps
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("value", ["zero", None, [1, 2], True])
def test_padding_value_must_be_a_real_scalar_everywhere(value):
    X, _ = _data()
    net = matlabnn.assembleNetwork([sequenceInputLayer(2), lstmLayer(
        1, InputWeights=np.ones((4, 2)), RecurrentWeights=np.ones((4, 1)), Bias=np.zeros(4)),
        regressionLayer()])
    for call in (lambda: trainingOptions("adam", SequencePaddingValue=value),
                 lambda: predict(net, X, SequencePaddingValue=value)):
        with pytest.raises(MatlabnnValueError, match="SequencePaddingValue"):
            call()


def test_plain_train_matches_trainNetwork():
    """train() with plain names runs the same loop as trainNetwork with the same options."""
    X, Y = _data()
    rng(0)
    ref, ref_info = trainNetwork(X, Y, _layers(), trainingOptions(
        "adam", MaxEpochs=3, MiniBatchSize=2, InitialLearnRate=0.01, Verbose=False,
        Shuffle="never"), nargout=2)
    rng(0)
    net = compile_network(_layers(), "train")
    net, info = train(net, X, Y, max_epochs=3, mini_batch_size=2, learn_rate=0.01,
                      shuffle="never")
    np.testing.assert_array_equal(info.TrainingLoss, ref_info.TrainingLoss)
    np.testing.assert_array_equal(predict(net, X[0]), predict(ref, X[0]))


def test_plain_train_rejects_unknown_settings():
    net = compile_network(_layers(), "train")
    X, Y = _data()
    with pytest.raises(TypeError, match="epochs"):
        train(net, X, Y, epochs=3)


def test_a_1d_array_that_fits_neither_reading_names_both():
    net = matlabnn.assembleNetwork([sequenceInputLayer(3), lstmLayer(
        1, InputWeights=np.ones((4, 3)), RecurrentWeights=np.ones((4, 1)), Bias=np.zeros(4)),
        regressionLayer()])
    assert predict(net, np.ones(3)).shape == (1, 1)          # length C: one time step
    with pytest.raises(matlabnn.errors.InvalidDataError,
                       match=r"1-by-5 sequence \(1 channel\).*5 channels.*expects 3"):
        predict(net, np.ones(5))


def test_values_that_overflow_single_precision_are_refused_with_their_position():
    net = matlabnn.assembleNetwork([sequenceInputLayer(2), lstmLayer(
        1, InputWeights=np.ones((4, 2)), RecurrentWeights=np.ones((4, 1)), Bias=np.zeros(4)),
        regressionLayer()])
    X = np.ones((2, 4))
    X[1, 2] = 1e39                     # finite as a double, Inf in single
    with pytest.raises(matlabnn.errors.InvalidDataError, match=r"1e\+39 at row 2, column 3"):
        predict(net, X)
    X, Y = _data()
    Y[1][0, 1] = -1e39
    with pytest.raises(matlabnn.errors.InvalidDataError, match="overflows single"):
        trainNetwork(X, Y, _layers(), trainingOptions("adam", MaxEpochs=1, Verbose=False))


def test_a_mini_batch_too_large_for_memory_is_refused_before_it_is_allocated(monkeypatch):
    from matlabnn import _memory
    monkeypatch.setattr(_memory, "available_bytes", lambda: 1 << 20)   # a 1 MiB machine
    monkeypatch.setattr(pipeline, "CHECKED_BATCH_BYTES", 0)
    X = [np.zeros((2, 300_000))]           # 2.4 MB padded in single precision
    with pytest.raises(MemoryError, match=r"padded mini-batch of 1 sequences.*GiB"):
        trainNetwork(X, [x[:1] for x in X], _layers(),
                     trainingOptions("adam", MaxEpochs=1, Verbose=False))
