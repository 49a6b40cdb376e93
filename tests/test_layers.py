"""Layers: constructors, properties, displays (spec §1.1, §2.1, §3.3, §3.7, §8.2) and
initializers (spec §2.4 with design decision 4)."""
import numpy as np
import pytest

import matlabnn
from matlabnn import (featureInputLayer, fullyConnectedLayer, lstmLayer, regressionLayer,
                      sequenceInputLayer)
from matlabnn.errors import InvalidOptionError, MatlabnnError, MatlabnnValueError
from matlabnn.network import LayerArray, compile_network


def compiled(layers, dtype=np.float64, seed=0):
    matlabnn.rng(seed)
    return compile_network(layers, "test", dtype=dtype, rng=matlabnn._rng.generator())


# ---------------------------------------------------------------------------
# Property displays, character for character.

LSTM_DISPLAY = """\
  LSTMLayer with properties:

                       Name: ''
                 InputNames: {'in'}
                OutputNames: {'out'}
                  NumInputs: 1
                 NumOutputs: 1
             HasStateInputs: 0
            HasStateOutputs: 0

   Hyperparameters
                  InputSize: 'auto'
             NumHiddenUnits: 150
                 OutputMode: 'last'
    StateActivationFunction: 'tanh'
     GateActivationFunction: 'sigmoid'

   Learnable Parameters
               InputWeights: []
           RecurrentWeights: []
                       Bias: []

   State Parameters
                HiddenState: []
                  CellState: []

  Show all properties
"""

SEQUENCE_INPUT_DISPLAY = """\
  SequenceInputLayer with properties:

                      Name: ''
                 InputSize: 4
                 MinLength: 1
        SplitComplexInputs: 0

   Hyperparameters
             Normalization: 'rescale-symmetric'
    NormalizationDimension: 'auto'
                       Max: []
                       Min: []
"""

REGRESSION_DISPLAY = """\
  RegressionOutputLayer with properties:

             Name: 'routput'
    ResponseNames: {}

   Hyperparameters
     LossFunction: 'mean-squared-error'
"""

FC_DISPLAY = """\
  FullyConnectedLayer with properties:

          Name: ''

   Hyperparameters
     InputSize: 'auto'
    OutputSize: 9

   Learnable Parameters
       Weights: []
          Bias: []

  Show all properties
"""


def test_lstm_layer_display():
    assert repr(lstmLayer(150, "OutputMode", "last")) == LSTM_DISPLAY


def test_sequence_input_layer_display():
    layer = sequenceInputLayer(4, "Normalization", "rescale-symmetric")
    assert repr(layer) == SEQUENCE_INPUT_DISPLAY


def test_regression_layer_display():
    assert repr(regressionLayer("Name", "routput")) == REGRESSION_DISPLAY


def test_fully_connected_layer_display():
    # spec §3.3: Name, InputSize, OutputSize, Weights, Bias
    assert repr(fullyConnectedLayer(9)) == FC_DISPLAY


def test_disp_prints_the_display(capsys):
    matlabnn.disp(regressionLayer(Name="routput"))
    assert capsys.readouterr().out == REGRESSION_DISPLAY + "\n"


def test_sequence_input_display_lists_the_statistics_of_its_normalization():
    text = repr(sequenceInputLayer(2, Normalization="zscore"))
    assert text.endswith("             Normalization: 'zscore'\n"
                         "    NormalizationDimension: 'auto'\n"
                         "                      Mean: []\n"
                         "         StandardDeviation: []\n")
    none = repr(sequenceInputLayer(2))
    assert "Mean" not in none and none.endswith("NormalizationDimension: 'auto'\n")


def test_display_of_given_learnables_and_sizes():
    layer = lstmLayer(3, InputWeights=np.zeros((12, 2)), Bias=np.zeros(12))
    text = repr(layer)
    assert "               InputWeights: [12\u00d72 double]\n" in text
    assert "                       Bias: [12\u00d71 double]\n" in text
    net = compiled([sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1),
                    regressionLayer()], dtype=np.float32)
    text = repr(net.Layers[1])
    assert "                  InputSize: 2\n" in text
    assert "           RecurrentWeights: [12\u00d73 single]\n" in text


# ---------------------------------------------------------------------------
# One-line rows and Layer array displays (spec §8.2).

REGRESSION_ARRAY = """\
  4\u00d71 Layer array with layers:

     1   ''   Sequence Input      Sequence input with 4 dimensions
     2   ''   LSTM                LSTM with 150 hidden units
     3   ''   Fully Connected     1 fully connected layer
     4   ''   Regression Output   mean-squared-error
"""

NAMED_ARRAY = """\
  4\u00d71 Layer array with layers:

     1   'sequenceinput'      Sequence Input      Sequence input with 12 dimensions
     2   'lstm'               LSTM                LSTM with 100 hidden units
     3   'fc'                 Fully Connected     1 fully connected layer
     4   'regressionoutput'   Regression Output   mean-squared-error with response 'Response'
"""


def test_layer_array_display_regression_example():
    layers = LayerArray([sequenceInputLayer(4), lstmLayer(150), fullyConnectedLayer(1),
                         regressionLayer()])
    assert repr(layers) == REGRESSION_ARRAY


def test_layer_array_display_after_training_names():
    layers = [sequenceInputLayer(12), lstmLayer(100), fullyConnectedLayer(1), regressionLayer()]
    X = np.random.default_rng(0).normal(size=(12, 3))
    opts = matlabnn.trainingOptions("sgdm", MaxEpochs=1, Verbose=False)
    net = matlabnn.trainNetwork(X, X[:1], layers, opts)
    assert repr(net.Layers) == NAMED_ARRAY
    # the layers passed in still print as before training
    assert repr(LayerArray(layers)).splitlines()[2] == \
        "     1   ''   Sequence Input      Sequence input with 12 dimensions"


def test_layer_array_display_two_digit_indices():
    layers = LayerArray([sequenceInputLayer(1)] + [lstmLayer(2) for _ in range(9)] +
                        [regressionLayer()])
    lines = repr(layers).splitlines()
    assert lines[0] == "  11\u00d71 Layer array with layers:"
    assert lines[2].startswith("      1   ''   Sequence Input ")
    assert lines[12].startswith("     11   ''   Regression Output ")


def test_layer_rows():
    assert sequenceInputLayer(1)._description() == "Sequence input with 1 dimensions"
    assert lstmLayer(100)._description() == "LSTM with 100 hidden units"
    assert fullyConnectedLayer(9)._description() == "9 fully connected layer"
    assert featureInputLayer(2)._description() == "2 features"
    assert regressionLayer()._description() == "mean-squared-error"
    two = regressionLayer(ResponseNames=["a", "b"])
    assert two._description() == "mean-squared-error with 'a' and 1 other responses"


def test_slicing_a_layer_array_gives_a_layer_array():
    layers = LayerArray([sequenceInputLayer(4), lstmLayer(150), fullyConnectedLayer(1),
                         regressionLayer()])
    assert isinstance(layers[1:3], LayerArray)
    assert repr(layers[1:3]).startswith("  2\u00d71 Layer array with layers:")


# ---------------------------------------------------------------------------
# Constructors, defaults and property assignment.

def test_lstm_defaults():
    layer = lstmLayer(10)
    assert layer.NumHiddenUnits == 10
    assert layer.OutputMode == "sequence"
    assert layer.InputSize == "auto"
    assert layer.StateActivationFunction == "tanh"
    assert layer.GateActivationFunction == "sigmoid"
    assert layer.InputWeightsInitializer == "glorot"
    assert layer.RecurrentWeightsInitializer == "orthogonal"
    assert layer.BiasInitializer == "unit-forget-gate"
    assert layer.InputWeights is None and layer.RecurrentWeights is None and layer.Bias is None
    assert layer.HiddenState is None and layer.CellState is None
    for f in ("InputWeightsLearnRateFactor", "RecurrentWeightsLearnRateFactor",
              "BiasLearnRateFactor", "InputWeightsL2Factor", "RecurrentWeightsL2Factor"):
        assert getattr(layer, f) == 1
    assert layer.BiasL2Factor == 0
    assert layer.Name == ""


def test_fc_and_input_and_output_defaults():
    fc = fullyConnectedLayer(3)
    assert (fc.OutputSize, fc.InputSize, fc.WeightsInitializer, fc.BiasInitializer) == \
        (3, "auto", "glorot", "zeros")
    assert (fc.WeightL2Factor, fc.BiasL2Factor, fc.WeightLearnRateFactor,
            fc.BiasLearnRateFactor) == (1, 0, 1, 1)
    inp = sequenceInputLayer(5)
    assert (inp.InputSize, inp.Normalization, inp.NormalizationDimension, inp.MinLength) == \
        (5, "none", "auto", 1)
    out = regressionLayer()
    assert out.ResponseNames == [] and out.LossFunction == "mean-squared-error"


def test_name_value_forms_and_values_normalized():
    a = lstmLayer(4, "outputmode", "LAST", "statea", "SoftSign", Name="x")
    assert (a.OutputMode, a.StateActivationFunction, a.Name) == ("last", "softsign", "x")
    b = lstmLayer(4, OUTPUTMODE="Last", GateActivationFunction="HARD-SIGMOID")
    assert (b.OutputMode, b.GateActivationFunction) == ("last", "hard-sigmoid")


def test_per_gate_factors():
    layer = lstmLayer(2, InputWeightsLearnRateFactor=[1, 2, 0, 1], BiasL2Factor=[0, 1, 0, 0])
    np.testing.assert_array_equal(layer.InputWeightsLearnRateFactor, [[1, 2, 0, 1]])
    col = layer._learn_factor("InputWeights", 0)
    np.testing.assert_array_equal(col.reshape(-1), [1, 1, 2, 2, 0, 0, 1, 1])


def test_property_assignment_validated():
    layer = lstmLayer(3)
    layer.Name = "enc"
    layer.OutputMode = "LAST"
    assert (layer.Name, layer.OutputMode) == ("enc", "last")
    with pytest.raises(MatlabnnValueError, match="read-only property 'NumHiddenUnits'"):
        layer.NumHiddenUnits = 4
    with pytest.raises(MatlabnnValueError, match="Unrecognized property 'Foo'.*LSTMLayer"):
        layer.Foo = 1
    with pytest.raises(MatlabnnValueError, match="OutputMode.*'sequence', 'last'"):
        layer.OutputMode = "first"


@pytest.mark.parametrize("make,match", [
    (lambda: lstmLayer(0), "lstmLayer: invalid number of hidden units 0"),
    (lambda: lstmLayer(2.5), "positive integer"),
    (lambda: lstmLayer("10"), "positive integer"),
    (lambda: lstmLayer(3, "OutputMode", "first"), "'OutputMode'.*'sequence', 'last'.*'first'"),
    (lambda: lstmLayer(3, StateActivationFunction="relu"), "'tanh', 'softsign'"),
    (lambda: lstmLayer(3, GateActivationFunction="tanh"), "'sigmoid', 'hard-sigmoid'"),
    (lambda: lstmLayer(3, InputWeightsL2Factor=[1, 2, 3]), "1-by-4"),
    (lambda: lstmLayer(3, BiasLearnRateFactor=-1), "nonnegative"),
    (lambda: lstmLayer(3, InputWeights=np.ones(5)), "1-D array"),
    (lambda: lstmLayer(3, InputWeights=np.ones((12, 2, 2))), "2-D matrix"),
    (lambda: lstmLayer(3, Bias=[[np.nan]] * 12), "NaN or Inf"),
    (lambda: lstmLayer(3, InputWeights="abc"), "InputWeights"),
    (lambda: lstmLayer(3, InputWeightsInitializer="xavier"), "'glorot', 'he'"),
    (lambda: lstmLayer(3, HasStateInputs=True, HiddenState=np.zeros(3)), "HasStateInputs"),
    (lambda: sequenceInputLayer(0), "sequenceInputLayer: invalid input size 0"),
    (lambda: sequenceInputLayer(4, Normalization="minmax"), "'zscore'"),
    (lambda: sequenceInputLayer(4, MinLength=0), "MinLength"),
    (lambda: fullyConnectedLayer(2.5), "fullyConnectedLayer: invalid output size 2.5"),
    (lambda: fullyConnectedLayer(2, BiasInitializer="unit-forget-gate"), "BiasInitializer"),
    (lambda: regressionLayer(ResponseNames=3), "ResponseNames"),
    (lambda: regressionLayer(Name=5), "'Name'.*character vector"),
])
def test_constructor_errors(make, match):
    with pytest.raises(MatlabnnError, match=match):
        make()


def test_image_input_size_message_is_plain():
    # [h w c] (and [h w]) are image sequences; other vectors are refused plainly
    with pytest.raises(MatlabnnValueError, match=r"size \[2 3 4 5\] is not supported"):
        sequenceInputLayer([2, 3, 4, 5])
    with pytest.raises(MatlabnnValueError, match=r"size \[2 3\] is not supported"):
        featureInputLayer([2, 3])


def test_unknown_and_ambiguous_option_names():
    with pytest.raises(InvalidOptionError, match="lstmLayer: 'Bogus' is not a recognized option"):
        lstmLayer(3, "Bogus", 1)
    with pytest.raises(InvalidOptionError, match="ambiguous option name 'I'.*'InputSize'"):
        lstmLayer(3, "I", 1)
    # an exact name wins over the longer names it prefixes
    assert lstmLayer(3, "InputWeights", np.ones((12, 2))).InputWeights.shape == (12, 2)


# ---------------------------------------------------------------------------
# Initializers (spec §2.4, design decision 4).

def _lstm_net(C, H, **kw):
    return compiled([sequenceInputLayer(C), lstmLayer(H, **kw), fullyConnectedLayer(1),
                     regressionLayer()])


def test_default_lstm_initialization():
    C, H = 30, 50
    layer = _lstm_net(C, H).Layers[1]
    W, R, b = layer.InputWeights, layer.RecurrentWeights, layer.Bias
    assert W.shape == (4 * H, C) and R.shape == (4 * H, H) and b.shape == (4 * H, 1)
    # glorot: U(-a, a), a = sqrt(6 / (C + 4H)); variance 2 / (C + 4H)
    a = np.sqrt(6 / (C + 4 * H))
    assert np.abs(W).max() <= a and np.abs(W).max() > 0.95 * a
    assert W.var() == pytest.approx(2 / (C + 4 * H), rel=0.1)
    assert abs(W.mean()) < 0.1 * a
    # orthogonal recurrent weights: Q^T Q = I for the tall 4H-by-H matrix
    np.testing.assert_allclose(R.T @ R, np.eye(H), atol=1e-10)
    # unit-forget-gate
    expected = np.zeros((4 * H, 1))
    expected[H:2 * H] = 1
    np.testing.assert_array_equal(b, expected)


def test_glorot_recurrent_uses_fan_in_H_and_fan_out_4H():
    H = 40
    R = _lstm_net(3, H, RecurrentWeightsInitializer="glorot").Layers[1].RecurrentWeights
    a = np.sqrt(6 / (H + 4 * H))
    assert np.abs(R).max() <= a and np.abs(R).max() > 0.95 * a
    assert R.var() == pytest.approx(2 / (5 * H), rel=0.1)


def test_he_uses_fan_in():
    C, H = 20, 40
    layer = _lstm_net(C, H, InputWeightsInitializer="he",
                      RecurrentWeightsInitializer="he").Layers[1]
    assert layer.InputWeights.var() == pytest.approx(2 / C, rel=0.1)
    assert layer.RecurrentWeights.var() == pytest.approx(2 / H, rel=0.1)
    assert abs(layer.InputWeights.mean()) < 0.05


def test_orthogonal_input_weights_tall_and_wide():
    C, H = 5, 4       # 16-by-5: tall
    W = _lstm_net(C, H, InputWeightsInitializer="orthogonal").Layers[1].InputWeights
    np.testing.assert_allclose(W.T @ W, np.eye(C), atol=1e-10)
    # wide (3-by-10): transpose of the orthogonal of its transpose -> orthonormal rows
    net = compiled([sequenceInputLayer(10), fullyConnectedLayer(3, WeightsInitializer="orthogonal"),
                    regressionLayer()])
    Wfc = net.Layers[1].Weights
    assert Wfc.shape == (3, 10)
    np.testing.assert_allclose(Wfc @ Wfc.T, np.eye(3), atol=1e-10)


def test_narrow_normal_zeros_ones():
    layer = _lstm_net(30, 50, InputWeightsInitializer="narrow-normal",
                      RecurrentWeightsInitializer="zeros", BiasInitializer="narrow-normal").Layers[1]
    assert layer.InputWeights.std() == pytest.approx(0.01, rel=0.1)
    assert abs(layer.InputWeights.mean()) < 0.001
    assert np.all(layer.RecurrentWeights == 0)
    assert layer.Bias.std() == pytest.approx(0.01, rel=0.25)
    ones = _lstm_net(2, 3, InputWeightsInitializer="ones", BiasInitializer="ones").Layers[1]
    assert np.all(ones.InputWeights == 1) and np.all(ones.Bias == 1)
    zb = _lstm_net(2, 3, BiasInitializer="zeros").Layers[1]
    assert np.all(zb.Bias == 0)


def test_fully_connected_default_initialization():
    C, O = 40, 30
    net = compiled([sequenceInputLayer(C), fullyConnectedLayer(O), regressionLayer()])
    fc = net.Layers[1]
    a = np.sqrt(6 / (C + O))
    assert fc.Weights.shape == (O, C) and fc.Bias.shape == (O, 1)
    assert np.abs(fc.Weights).max() <= a and np.abs(fc.Weights).max() > 0.9 * a
    assert np.all(fc.Bias == 0)
    he = compiled([sequenceInputLayer(C), fullyConnectedLayer(O, WeightsInitializer="he"),
                   regressionLayer()]).Layers[1]
    assert he.Weights.var() == pytest.approx(2 / C, rel=0.15)


def test_callable_initializer_gets_the_size():
    calls = []

    def init(sz):
        calls.append(sz)
        return np.full(sz, 0.5)

    layer = _lstm_net(3, 2, InputWeightsInitializer=init, RecurrentWeightsInitializer=init,
                      BiasInitializer=init).Layers[1]
    assert calls == [(8, 3), (8, 2), (8, 1)]
    assert np.all(layer.InputWeights == 0.5) and np.all(layer.Bias == 0.5)
    with pytest.raises(MatlabnnValueError, match="initializer function.*size 8x3"):
        _lstm_net(3, 2, InputWeightsInitializer=lambda sz: np.zeros((2, 2)))


def test_user_given_weights_used_as_is():
    r = np.random.default_rng(0)
    W, R, b = r.normal(size=(8, 3)), r.normal(size=(8, 2)), r.normal(size=(8, 1))
    Wfc, bfc = r.normal(size=(1, 2)), r.normal(size=(1, 1))
    layers = [sequenceInputLayer(3), lstmLayer(2, InputWeights=W, RecurrentWeights=R, Bias=b),
              fullyConnectedLayer(1, Weights=Wfc, Bias=bfc), regressionLayer()]
    net = compiled(layers)
    np.testing.assert_array_equal(net.Layers[1].InputWeights, W)
    np.testing.assert_array_equal(net.Layers[1].RecurrentWeights, R)
    np.testing.assert_array_equal(net.Layers[1].Bias, b)
    np.testing.assert_array_equal(net.Layers[2].Weights, Wfc)
    np.testing.assert_array_equal(net.Layers[2].Bias, bfc)
    # a 1-D bias is taken as a column
    assert lstmLayer(2, Bias=b.reshape(-1)).Bias.shape == (8, 1)
    # compiling never touches the layers passed in
    assert layers[1].Name == "" and layers[1].InputSize == "auto"
    assert layers[2].InputSize == "auto"


def test_partially_given_learnables_fill_the_rest():
    W = np.ones((8, 3))
    layer = _lstm_net(3, 2, InputWeights=W).Layers[1]
    np.testing.assert_array_equal(layer.InputWeights, W)
    np.testing.assert_allclose(layer.RecurrentWeights.T @ layer.RecurrentWeights, np.eye(2),
                               atol=1e-10)


@pytest.mark.parametrize("layer,match", [
    (lambda: lstmLayer(2, InputWeights=np.ones((8, 4))),
     r"Layer 'lstm': invalid InputWeights\. Expected an array of size 8x3 but got size 8x4"),
    (lambda: lstmLayer(2, RecurrentWeights=np.ones((8, 3))),
     r"invalid RecurrentWeights\. Expected an array of size 8x2"),
    (lambda: lstmLayer(2, Bias=np.ones(7)), r"invalid Bias\. Expected an array of size 8x1"),
    (lambda: fullyConnectedLayer(1, Weights=np.ones((1, 3))),
     r"Layer 'fc': invalid Weights\. Expected an array of size 1x2"),
])
def test_wrong_size_learnables_are_reported(layer, match):
    first = layer()
    if isinstance(first, matlabnn.layers.dense.FullyConnectedLayer):
        layers = [sequenceInputLayer(3), lstmLayer(2), first, regressionLayer()]
    else:
        layers = [sequenceInputLayer(3), first, fullyConnectedLayer(1), regressionLayer()]
    with pytest.raises(MatlabnnValueError, match=match):
        compiled(layers)


def test_float32_by_default():
    net = compile_network([sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1),
                           regressionLayer()], "test", rng=matlabnn._rng.generator())
    for layer, name in net._learnable_items():
        assert getattr(layer, name).dtype == np.float32
