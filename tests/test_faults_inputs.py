"""Bad sizes, values and functions get clear errors before anything breaks (issue 16).

Size checks before allocation, initialization of large layers in their own
precision (small ones bit-identical to before), the finite check after the
cast, network and property checks in MATLAB's words, OutputFcn results and
signatures, and the smaller rules made consistent (logicals, empty
categorical, input statistics).
"""
import hashlib
import os

import numpy as np
import pytest

import matlabnn
import matlabnn._memory as memory
from matlabnn import (bilstmLayer, fullyConnectedLayer, gruLayer, lstmLayer, predict,
                      regressionLayer, rng, sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn._finite import refuse_logical, to_compute_precision
from matlabnn.categorical import categorical
from matlabnn.errors import (InsufficientMemoryError, InvalidDataError, InvalidNetworkError,
                             MatlabnnError, MatlabnnTypeError, MatlabnnValueError)
from matlabnn.initializers import LARGE, initialize
from matlabnn.layers.activation import reluLayer, softmaxLayer
from matlabnn.layers.classification import classificationLayer
from matlabnn.network import compile_network

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "init_reference.npz")


# ---------------------------------------------------------------------------
# sizes checked before allocating

@pytest.mark.parametrize("make,function,learnable", [
    (lambda: lstmLayer(50000), "lstmLayer", "RecurrentWeights 200000x50000"),
    (lambda: bilstmLayer(40000), "bilstmLayer", "RecurrentWeights 320000x40000"),
    (lambda: gruLayer(90000), "gruLayer", "RecurrentWeights 270000x90000"),
    (lambda: fullyConnectedLayer(10 ** 6, InputSize=10 ** 6), "fullyConnectedLayer",
     "Weights 1000000x1000000"),
])
def test_huge_layers_are_refused_at_construction_with_the_size_in_gib(make, function,
                                                                      learnable):
    with pytest.raises(InsufficientMemoryError) as err:
        make()
    message = str(err.value)
    assert message.startswith(f"{function}: ") and learnable in message
    assert "GiB of memory" in message and ("fewer hidden units" in message
                                           or "smaller OutputSize" in message)
    assert isinstance(err.value, MemoryError) and isinstance(err.value, MatlabnnError)


def test_layer_that_fits_alone_is_checked_again_with_its_input(monkeypatch):
    layer = fullyConnectedLayer(1000)                  # InputSize 'auto': fits
    monkeypatch.setattr(memory, "available_bytes", lambda: 1 << 20)
    with pytest.raises(InsufficientMemoryError, match=r"Weights 1000x500, float64\) would "
                                                      r"need 3\.8\d* MiB|Weights 1000x500"):
        compile_network([sequenceInputLayer(500), layer, regressionLayer()], "test",
                        dtype=np.float64, rng=matlabnn._rng.generator())


def test_check_allocation_for_data_names_what_and_how(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 2 << 30)
    assert memory.check_allocation(1 << 30, "x", "y") == 1 << 30
    with pytest.raises(InsufficientMemoryError) as err:
        memory.check_allocation(3 * (1 << 30), "a mini-batch of 512 sequences of 100000 "
                                "time steps", "Reduce MiniBatchSize.", "trainNetwork")
    assert str(err.value) == (
        "trainNetwork: a mini-batch of 512 sequences of 100000 time steps would need "
        "3 GiB of memory, more than the 2 GiB this machine has available. Reduce "
        "MiniBatchSize.")
    assert memory.available_bytes.__module__ and memory.gib(5 << 30) == "5 GiB"


# ---------------------------------------------------------------------------
# initialization: small layers bit-identical to before, large ones in their precision

def test_small_layers_initialize_bit_for_bit_as_before():
    reference = np.load(GOLDEN)
    for dtype in (np.float32, np.float64):
        matlabnn.rng(7)
        layers = [sequenceInputLayer(3), lstmLayer(1024 if dtype == np.float32 else 6),
                  bilstmLayer(5), gruLayer(4, InputWeightsInitializer="he",
                                           RecurrentWeightsInitializer="narrow-normal"),
                  fullyConnectedLayer(2), regressionLayer()]
        net = compile_network(layers, "test", dtype=dtype, rng=matlabnn._rng.generator())
        for k, layer in enumerate(net.Layers):
            for name in layer._learnables:
                key = f"{dtype.__name__}_{k}_{name}"
                value = getattr(layer, name)
                if key + "_sha" in reference:           # the 4096x1024 (= 2^22) LSTM
                    digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).digest()
                    assert digest == reference[key + "_sha"].tobytes(), key
                else:
                    assert value.dtype == reference[key].dtype
                    assert value.tobytes() == reference[key].tobytes(), key


@pytest.mark.parametrize("name", ["orthogonal", "glorot", "he", "narrow-normal", "zeros",
                                  "ones"])
def test_large_arrays_are_drawn_in_the_layer_precision(name):
    size = (LARGE // 128 + 64, 128)        # just above the threshold, quick to draw
    gen = np.random.Generator(np.random.MT19937(0))
    w = initialize(name, size, 128, size[0], gen, np.float32, "W")
    assert w.dtype == np.float32 and w.shape == size and w.flags.c_contiguous
    if name == "orthogonal":
        np.testing.assert_allclose(w.T @ w, np.eye(128), atol=2e-5)
    elif name == "glorot":
        bound = np.sqrt(6.0 / (128 + size[0]))
        assert np.abs(w).max() <= bound * (1 + 1e-6) and abs(w.std() - bound / np.sqrt(3)) < 0.01 * bound
    elif name in ("he", "narrow-normal"):
        sd = np.sqrt(2.0 / 128) if name == "he" else 0.01
        assert abs(w.std() - sd) < 0.01 * sd and abs(w.mean()) < 0.01 * sd
    else:
        assert np.all(w == (0 if name == "zeros" else 1))


def test_wide_large_orthogonal_has_orthonormal_rows():
    gen = np.random.Generator(np.random.MT19937(1))
    w = initialize("orthogonal", (64, LARGE // 64 + 1), 1, 1, gen, np.float64, "W")
    np.testing.assert_allclose(w @ w.T, np.eye(64), atol=1e-10)


# ---------------------------------------------------------------------------
# finite check after the cast

def test_values_that_overflow_single_are_named():
    x = np.array([[1.0, 2.0], [1e39, 3.0]])
    with pytest.raises(InvalidDataError) as err:
        to_compute_precision(x, np.float32, "trainNetwork", "XTrain{2}")
    message = str(err.value)
    assert "trainNetwork: XTrain{2} has the value 1e+39 at row 2, column 1" in message
    assert "overflows single precision (largest value 3.403e+38)" in message
    # in double it is finite, and comes back as it was
    y = to_compute_precision(x, np.float64, "trainNetwork", "XTrain{2}")
    assert y.dtype == np.float64 and y[1, 0] == 1e39


@pytest.mark.parametrize("bad,word", [(np.nan, "NaN"), (np.inf, "Inf"), (-np.inf, "Inf")])
def test_nan_and_inf_are_named_with_their_position(bad, word):
    x = np.zeros((2, 3))
    x[1, 2] = bad
    with pytest.raises(InvalidDataError, match=f"X contains {word} at row 2, column 3"):
        to_compute_precision(x, np.float32, "predict", "X")


def test_finite_data_is_cast_and_complex_is_kept():
    y = to_compute_precision(np.arange(6.0).reshape(2, 3), np.float32, "predict", "X")
    assert y.dtype == np.float32 and y.tolist() == [[0, 1, 2], [3, 4, 5]]
    z = to_compute_precision(np.array([[1 + 2j]]), np.float32, "predict", "X")
    assert z.dtype == np.complex64
    with pytest.raises(InvalidDataError, match="overflows single"):
        to_compute_precision(np.array([[1e39j]]), np.float32, "predict", "X")


@pytest.mark.parametrize("value", [True, np.True_, np.array([True, False]),
                                   np.zeros((2, 3), bool)])
def test_one_rule_for_logical_data(value):
    with pytest.raises(InvalidDataError, match="X is logical; predictors and responses must "
                                               "be numeric"):
        refuse_logical(value, "trainNetwork", "X")


@pytest.mark.parametrize("value", [True, np.True_, np.array([True])])
def test_one_rule_for_logical_numeric_options(value):
    with pytest.raises(MatlabnnValueError, match="MaxEpochs"):
        trainingOptions("adam", MaxEpochs=value)
    with pytest.raises(MatlabnnValueError, match="InitialLearnRate"):
        trainingOptions("adam", InitialLearnRate=value)
    with pytest.raises(MatlabnnValueError, match="got a logical value"):
        lstmLayer(2, HiddenState=np.array([value, value]).reshape(-1))
    # logical options take them all
    assert trainingOptions("adam", Shuffle="never", Verbose=value).Verbose is True


# ---------------------------------------------------------------------------
# network and property checks

def test_classification_without_softmax_is_refused_in_matlab_words():
    out = classificationLayer(Name="out")
    with pytest.raises(InvalidNetworkError) as err:
        out._check_predecessor(fullyConnectedLayer(3, Name="fc"))
    message = str(err.value)
    assert message.startswith("Invalid network.\nCaused by:\n    Layer 'out': Missing softmax "
                              "layer. A classification layer must be preceded by a softmax "
                              "layer; it follows layer 'fc' (FullyConnectedLayer).")
    assert "Insert softmaxLayer()" in message
    with pytest.raises(InvalidNetworkError, match="follows a ReLULayer"):
        classificationLayer()._check_predecessor(reluLayer())
    assert classificationLayer()._check_predecessor(softmaxLayer()) is None


@pytest.mark.parametrize("make,state,bad,rows", [
    (lambda: lstmLayer(3), "HiddenState", np.zeros((4, 1)), 3),
    (lambda: lstmLayer(3), "CellState", np.zeros((2, 5)), 3),
    (lambda: bilstmLayer(3), "HiddenState", np.zeros((3, 1)), 6),
    (lambda: gruLayer(2), "HiddenState", np.zeros(5), 2),
])
def test_wrong_sized_states_are_refused_at_assignment(make, state, bad, rows):
    layer = make()
    with pytest.raises(MatlabnnValueError) as err:
        setattr(layer, state, bad)
    assert f"invalid {state}. Expected a {rows}-by-1 or {rows}-by-N matrix" in str(err.value)
    assert getattr(layer, state) is None                # nothing changed
    setattr(layer, state, np.ones((rows, 4)))           # H-by-N is fine
    assert getattr(layer, state).shape == (rows, 4)


def test_state_assignment_on_a_trained_network_layer_is_checked():
    rng(0)
    r = np.random.default_rng(0)
    X = [r.normal(size=(1, 5)) for _ in range(4)]
    net = trainNetwork(X, X, [sequenceInputLayer(1), lstmLayer(3), fullyConnectedLayer(1),
                              regressionLayer()],
                       trainingOptions("adam", MaxEpochs=1, Verbose=False))
    before = predict(net, X)
    for bad in (np.zeros((2, 1)), np.array([[np.nan], [0], [0]]), "zeros", np.zeros((3, 2, 2))):
        with pytest.raises(MatlabnnValueError, match="HiddenState"):
            net.Layers[1].HiddenState = bad
    np.testing.assert_array_equal(predict(net, X)[0], before[0])


@pytest.mark.parametrize("kwargs,match", [
    (dict(StandardDeviation=[1.0, -0.5]), "standard deviation cannot be negative"),
    (dict(Min=[0.0, 5.0], Max=[1.0, 4.0]), "Min exceeds Max"),
    (dict(Mean=[np.nan, 0.0]), "NaN or Inf"),
])
def test_input_statistics_are_validated(kwargs, match):
    with pytest.raises(MatlabnnValueError, match=match):
        sequenceInputLayer(2, Normalization="zscore", **kwargs)


def test_statistics_assigned_later_are_validated():
    layer = sequenceInputLayer(2, Normalization="rescale-zero-one", Min=[0.0, 0.0])
    with pytest.raises(MatlabnnValueError, match="Min exceeds Max"):
        layer.Max = [1.0, -1.0]
    assert layer.Max is None
    with pytest.raises(MatlabnnValueError, match="cannot be negative"):
        layer.StandardDeviation = -1.0


@pytest.mark.parametrize("value,shape", [(None, (0, 0)), ([], (0, 0)), ((), (0, 0)),
                                         (np.zeros((0, 1)), (0, 1)),
                                         (np.zeros((1, 0)), (1, 0))])
def test_empty_categorical_as_in_matlab(value, shape):
    c = categorical(value)
    assert c.shape == shape and len(c) == 0 and c.categories_list == []


# ---------------------------------------------------------------------------
# OutputFcn results and signatures

def _train(output_fcn, epochs=2):
    rng(0)
    r = np.random.default_rng(1)
    X = [r.normal(size=(1, 4)) for _ in range(4)]
    return trainNetwork(X, X, [sequenceInputLayer(1), lstmLayer(2), fullyConnectedLayer(1),
                               regressionLayer()],
                        trainingOptions("adam", MaxEpochs=epochs, MiniBatchSize=2,
                                        Verbose=False, OutputFcn=output_fcn), nargout=2)


@pytest.mark.parametrize("result,stops", [
    (None, False), (False, False), (0, False), (0.0, False), (np.False_, False),
    (True, True), (1, True), (2.5, True), (np.float32(1), True), (np.array([[1]]), True),
    (np.int8(-1), True),
])
def test_output_fcn_results_matlab_accepts(result, stops):
    def f(info):
        return result if info.State == "iteration" else None
    _, info = _train(f)
    assert info.StopReason == ("Stopped by OutputFcn" if stops else "Max epochs completed")
    assert len(info.TrainingLoss) == (1 if stops else 4)


@pytest.mark.parametrize("result,shown", [
    ("stop", "'stop'"), (np.array([1, 0]), "array"), ([True], "[True]"),
    (float("nan"), "NaN"), (1 + 1j, "1j"),
])
def test_output_fcn_results_matlab_refuses(result, shown):
    def halt(info):
        return result

    with pytest.raises(MatlabnnTypeError) as err:
        _train(halt)
    message = str(err.value)
    assert message.startswith("OutputFcn: the function 'halt' returned")
    assert shown.split()[0].strip("'") in message or "NaN" in message


@pytest.mark.parametrize("f", [lambda: False, lambda info, extra: False, lambda *, info: False])
def test_output_fcn_with_the_wrong_number_of_arguments(f):
    with pytest.raises(MatlabnnTypeError, match="OutputFcn: the function 'lambda' takes .* "
                                                "called with one argument"):
        trainingOptions("adam", OutputFcn=f)
    with pytest.raises(MatlabnnTypeError, match="OutputFcn"):
        trainingOptions("adam", OutputFcn=[lambda info: False, f])


def test_output_fcn_with_defaults_or_varargs_is_fine():
    calls = []
    _, info = _train([lambda info, extra=1: calls.append(1), lambda *args: None], epochs=1)
    assert info.StopReason == "Max epochs completed" and len(calls) == 4


def test_every_output_fcn_in_a_list_is_called_after_one_returns_true():
    seen = {"first": [], "second": [], "third": []}

    def make(name, stop_at=None):
        def f(info):
            seen[name].append((info.State, info.Iteration))
            return stop_at is not None and info.Iteration == stop_at
        return f
    _, info = _train([make("first"), make("second", stop_at=2), make("third")])
    assert info.StopReason == "Stopped by OutputFcn" and len(info.TrainingLoss) == 2
    expected = [("start", 0), ("iteration", 1), ("iteration", 2), ("done", 2)]
    assert seen["first"] == seen["second"] == seen["third"] == expected


@pytest.mark.parametrize("value", [np.nan, np.inf, -1.5, 0])
def test_training_options_padding_value_is_any_real_scalar(value):
    """MATLAB's rule: any real scalar, NaN included (predict's own option follows the
    same rule once the layer-graph engine's single validator is in place)."""
    options = trainingOptions("adam", SequencePaddingValue=value)
    assert options.SequencePaddingValue == value or np.isnan(value)
    for bad in ("x", [1, 2], 1j, True):
        with pytest.raises(MatlabnnValueError, match="SequencePaddingValue"):
            trainingOptions("adam", SequencePaddingValue=bad)
