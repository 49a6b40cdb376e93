"""The layer catalogue beyond LSTM: bilstmLayer, gruLayer, dropoutLayer, the activation
layers, softmaxLayer and classificationLayer (spec §3.1-§3.6, §8.2, §10).

Displays (property blocks and Layer array rows), properties and defaults,
name-value forms, bad values, and the classification layer's handling of
training responses and scores.
"""
import numpy as np
import pytest

import matlabnn
from matlabnn import fullyConnectedLayer, lstmLayer, sequenceInputLayer, featureInputLayer
from matlabnn.categorical import categorical
from matlabnn.errors import (InvalidDataError, InvalidNetworkError, InvalidOptionError,
                             MatlabnnValueError)
from matlabnn.layers.activation import (LeakyReLULayer, ReLULayer, SigmoidLayer,
                                        SoftmaxLayer, TanhLayer, leakyReluLayer, reluLayer,
                                        sigmoidLayer, softmaxLayer, tanhLayer)
from matlabnn.layers.classification import ClassificationOutputLayer, classificationLayer
from matlabnn.layers.dropout import DropoutLayer, dropoutLayer
from matlabnn.layers.recurrent import BiLSTMLayer, GRULayer, bilstmLayer, gruLayer
from matlabnn.network import LayerArray, compile_network


def compiled(layers, dtype=np.float64, seed=0):
    matlabnn.rng(seed)
    return compile_network(layers, "test", dtype=dtype, rng=matlabnn._rng.generator())


# ---------------------------------------------------------------------------
# Property displays, character for character.

BILSTM_DISPLAY = """\
  BiLSTMLayer with properties:

                       Name: ''
                 InputNames: {'in'}
                OutputNames: {'out'}
                  NumInputs: 1
                 NumOutputs: 1
             HasStateInputs: 0
            HasStateOutputs: 0

   Hyperparameters
                  InputSize: 'auto'
             NumHiddenUnits: 100
                 OutputMode: 'sequence'
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

GRU_DISPLAY = """\
  GRULayer with properties:

                       Name: 'gru1'
                 InputNames: {'in'}
                OutputNames: {'out'}
                  NumInputs: 1
                 NumOutputs: 1
             HasStateInputs: 0
            HasStateOutputs: 0

   Hyperparameters
                  InputSize: 'auto'
             NumHiddenUnits: 50
                 OutputMode: 'last'
    StateActivationFunction: 'tanh'
     GateActivationFunction: 'sigmoid'
              ResetGateMode: 'after-multiplication'

   Learnable Parameters
               InputWeights: []
           RecurrentWeights: []
                       Bias: []

   State Parameters
                HiddenState: []

  Show all properties
"""

DROPOUT_DISPLAY = """\
  DropoutLayer with properties:

           Name: ''

   Hyperparameters
    Probability: 0.5000
"""

LEAKY_DISPLAY = """\
  LeakyReLULayer with properties:

     Name: ''

   Hyperparameters
    Scale: 0.0100
"""

CLASS_DISPLAY = """\
  ClassificationOutputLayer with properties:

            Name: 'output'
         Classes: 'auto'
    ClassWeights: 'none'
      OutputSize: 'auto'

   Hyperparameters
    LossFunction: 'crossentropyex'
"""

CLASS_DISPLAY_GIVEN = """\
  ClassificationOutputLayer with properties:

            Name: ''
         Classes: [3\u00d71 categorical]
    ClassWeights: [3\u00d71 double]
      OutputSize: 3

   Hyperparameters
    LossFunction: 'crossentropyex'
"""


def test_bilstm_display():
    assert repr(bilstmLayer(100)) == BILSTM_DISPLAY


def test_gru_display_has_reset_gate_mode():
    assert repr(gruLayer(50, 'OutputMode', 'last', 'Name', 'gru1')) == GRU_DISPLAY


def test_dropout_display():
    assert repr(dropoutLayer()) == DROPOUT_DISPLAY


def test_leaky_relu_display():
    assert repr(leakyReluLayer()) == LEAKY_DISPLAY


@pytest.mark.parametrize("make, cls", [(reluLayer, "ReLULayer"), (tanhLayer, "TanhLayer"),
                                       (sigmoidLayer, "SigmoidLayer"),
                                       (softmaxLayer, "SoftmaxLayer")])
def test_parameter_free_layer_displays(make, cls):
    assert type(make()).__name__ == cls
    assert repr(make()) == f"  {cls} with properties:\n\n    Name: ''\n"
    assert repr(make('Name', 'a1')) == f"  {cls} with properties:\n\n    Name: 'a1'\n"


def test_classification_display_before_training():
    assert repr(classificationLayer('Name', 'output')) == CLASS_DISPLAY


def test_classification_display_with_classes_and_weights():
    layer = classificationLayer('Classes', ['a', 'b', 'c'], 'ClassWeights', [1, 2, 3])
    assert repr(layer) == CLASS_DISPLAY_GIVEN


def test_disp_prints_catalogue_displays(capsys):
    matlabnn.disp(dropoutLayer())
    assert capsys.readouterr().out == DROPOUT_DISPLAY + "\n"


# ---------------------------------------------------------------------------
# Layer array rows.

SPEC_ARRAY = """\
  5\u00d71 Layer array with layers:

     1   ''   Sequence Input          Sequence input with 12 dimensions
     2   ''   BiLSTM                  BiLSTM with 100 hidden units
     3   ''   Fully Connected         9 fully connected layer
     4   ''   Softmax                 softmax
     5   ''   Classification Output   crossentropyex
"""


def test_layer_array_display_spec_example():
    layers = LayerArray([sequenceInputLayer(12), bilstmLayer(100), fullyConnectedLayer(9),
                         softmaxLayer(), classificationLayer()])
    assert repr(layers) == SPEC_ARRAY


@pytest.mark.parametrize("layer, kind, desc", [
    (bilstmLayer(100), "BiLSTM", "BiLSTM with 100 hidden units"),
    (gruLayer(7), "GRU", "GRU with 7 hidden units"),
    (dropoutLayer(), "Dropout", "50% dropout"),
    (dropoutLayer(0.2), "Dropout", "20% dropout"),
    (dropoutLayer(0.125), "Dropout", "12.5% dropout"),
    (reluLayer(), "ReLU", "ReLU"),
    (leakyReluLayer(), "Leaky ReLU", "Leaky ReLU with scale 0.01"),
    (leakyReluLayer(0.2), "Leaky ReLU", "Leaky ReLU with scale 0.2"),
    (tanhLayer(), "Tanh", "Hyperbolic tangent"),
    (sigmoidLayer(), "Sigmoid", "sigmoid"),
    (softmaxLayer(), "Softmax", "softmax"),
    (classificationLayer(), "Classification Output", "crossentropyex"),
    (classificationLayer('Classes', ['tench'] + [f"c{k}" for k in range(999)]),
     "Classification Output", "crossentropyex with 'tench' and 999 other classes"),
    (classificationLayer('Classes', ['no', 'yes']), "Classification Output",
     "crossentropyex with classes 'no' and 'yes'"),
])
def test_layer_rows(layer, kind, desc):
    assert layer._type_name == kind
    assert layer._description() == desc


def test_default_names_after_compile():
    layers = [sequenceInputLayer(3), bilstmLayer(4), dropoutLayer(), gruLayer(4),
              reluLayer(), leakyReluLayer(), tanhLayer(), sigmoidLayer(),
              fullyConnectedLayer(2), softmaxLayer(), classificationLayer()]
    net = compiled(layers)
    assert [l.Name for l in net.Layers] == [
        "sequenceinput", "bilstm", "dropout", "gru", "relu", "leakyrelu", "tanh", "sigmoid",
        "fc", "softmax", "classoutput"]
    # the layers passed in are not modified
    assert all(l.Name == "" for l in layers)


def test_repeated_default_names():
    net = compiled([sequenceInputLayer(3), gruLayer(4), dropoutLayer(), gruLayer(4),
                    dropoutLayer(), fullyConnectedLayer(2), softmaxLayer(),
                    classificationLayer()])
    assert [l.Name for l in net.Layers][1:5] == ["gru_1", "dropout_1", "gru_2", "dropout_2"]


# ---------------------------------------------------------------------------
# Properties and defaults.

def test_bilstm_defaults_and_sizes():
    layer = bilstmLayer(5)
    assert type(layer) is BiLSTMLayer
    assert layer.NumHiddenUnits == 5 and layer.OutputMode == "sequence"
    assert layer.BiasInitializer == "unit-forget-gate"
    assert layer.InputWeightsInitializer == "glorot"
    assert layer.RecurrentWeightsInitializer == "orthogonal"
    assert layer.BiasL2Factor == 0 and layer.InputWeightsL2Factor == 1
    net = compiled([sequenceInputLayer(3), layer, fullyConnectedLayer(1),
                    matlabnn.regressionLayer()])
    b = net.Layers[1]
    assert b.InputWeights.shape == (40, 3)
    assert b.RecurrentWeights.shape == (40, 5)
    assert b.Bias.shape == (40, 1)
    expected = np.zeros(40)
    expected[5:10] = 1
    expected[25:30] = 1          # forget block of the backward direction
    np.testing.assert_array_equal(b.Bias.reshape(-1), expected)
    assert net.Layers[2].InputSize == 10     # 2H output channels


def test_bilstm_per_gate_factors_are_1_by_8():
    layer = bilstmLayer(2, 'InputWeightsLearnRateFactor', np.arange(8.0))
    f = layer._learn_factor("InputWeights", 0)
    np.testing.assert_array_equal(f.reshape(-1), np.repeat(np.arange(8.0), 2))
    with pytest.raises(MatlabnnValueError, match="1-by-8"):
        bilstmLayer(2, 'BiasLearnRateFactor', [1, 2, 3, 4])


def test_bilstm_states_are_2H():
    layer = bilstmLayer(2, 'HiddenState', np.ones(4), 'CellState', np.ones((4, 1)))
    net = compiled([sequenceInputLayer(1), layer, fullyConnectedLayer(1),
                    matlabnn.regressionLayer()])
    h, c = net.Layers[1]._initial_state(3, np.float64)
    assert h.shape == (3, 4) and c.shape == (3, 4)
    with pytest.raises(MatlabnnValueError, match="Expected a 4-by-1 or 4-by-N"):
        compiled([sequenceInputLayer(1), bilstmLayer(2, 'HiddenState', np.ones(2)),
                  fullyConnectedLayer(1), matlabnn.regressionLayer()])


def test_bilstm_wrong_weight_size():
    with pytest.raises(MatlabnnValueError, match="InputWeights"):
        compiled([sequenceInputLayer(3), bilstmLayer(2, 'InputWeights', np.zeros((8, 3))),
                  fullyConnectedLayer(1), matlabnn.regressionLayer()])


def test_gru_defaults():
    layer = gruLayer(4)
    assert type(layer) is GRULayer
    assert layer.ResetGateMode == "after-multiplication"
    assert layer.BiasInitializer == "zeros"
    assert not hasattr(layer, "CellState")
    assert layer.InputNames == ["in"] and layer.OutputNames == ["out"]
    net = compiled([sequenceInputLayer(3), layer, fullyConnectedLayer(1),
                    matlabnn.regressionLayer()])
    g = net.Layers[1]
    assert g.InputWeights.shape == (12, 3) and g.RecurrentWeights.shape == (12, 4)
    assert g.Bias.shape == (12, 1) and not g.Bias.any()


def test_gru_state_inputs_names():
    layer = gruLayer(4, 'HasStateInputs', True, 'HasStateOutputs', True)
    assert layer.InputNames == ["in", "hidden"] and layer.OutputNames == ["out", "hidden"]
    assert layer.NumInputs == 2


@pytest.mark.parametrize("mode, rows", [("after-multiplication", 12),
                                        ("before-multiplication", 12),
                                        ("recurrent-bias-after-multiplication", 24)])
def test_gru_bias_rows_per_mode(mode, rows):
    net = compiled([sequenceInputLayer(2), gruLayer(4, 'ResetGateMode', mode,
                                                    'BiasInitializer', 'ones'),
                    fullyConnectedLayer(1), matlabnn.regressionLayer()])
    assert net.Layers[1].Bias.shape == (rows, 1)
    assert np.all(net.Layers[1].Bias == 1)


def test_gru_bias_factor_covers_both_bias_halves():
    layer = gruLayer(2, 'ResetGateMode', 'recurrent-bias-after-multiplication',
                     'BiasLearnRateFactor', [1, 2, 3], 'BiasL2Factor', 0.5)
    f = layer._learn_factor("Bias", 0)
    np.testing.assert_array_equal(f.reshape(-1), [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
    assert layer._learn_factor("Bias", 1) == 0.5
    plain = gruLayer(2, 'BiasLearnRateFactor', [1, 2, 3])
    np.testing.assert_array_equal(plain._learn_factor("Bias", 0).reshape(-1),
                                  [1, 1, 2, 2, 3, 3])


def test_gru_bias_factors_reach_the_solver():
    from matlabnn.solvers import ParameterSet
    net = compiled([sequenceInputLayer(2), gruLayer(2, 'ResetGateMode',
                                                    'recurrent-bias-after-multiplication',
                                                    'BiasLearnRateFactor', [1, 2, 3]),
                    fullyConnectedLayer(1), matlabnn.regressionLayer()])
    params = ParameterSet(net, 0.0)
    key = [k for k in params.keys].index(("gru", "Bias"))
    a, b = params.offsets[key], params.offsets[key + 1]
    np.testing.assert_array_equal(params.lr_factor[a:b], [1, 1, 2, 2, 3, 3] * 2)


def test_gru_wrong_bias_size_for_mode():
    with pytest.raises(MatlabnnValueError, match="Bias"):
        compiled([sequenceInputLayer(2),
                  gruLayer(2, 'ResetGateMode', 'recurrent-bias-after-multiplication',
                           'Bias', np.zeros(6)),
                  fullyConnectedLayer(1), matlabnn.regressionLayer()])


def test_gru_bad_values():
    with pytest.raises(MatlabnnValueError, match="ResetGateMode"):
        gruLayer(3, 'ResetGateMode', 'sideways')
    with pytest.raises(MatlabnnValueError, match="BiasInitializer"):
        gruLayer(3, 'BiasInitializer', 'unit-forget-gate')
    with pytest.raises(MatlabnnValueError, match="1-by-3"):
        gruLayer(3, 'InputWeightsL2Factor', [1, 2, 3, 4])
    with pytest.raises(MatlabnnValueError, match="hidden units"):
        gruLayer(0)
    with pytest.raises(MatlabnnValueError, match="hidden units"):
        bilstmLayer(2.5)
    with pytest.raises(InvalidOptionError):
        gruLayer(3, 'CellState', np.zeros(3))


def test_gru_reset_gate_mode_is_read_only():
    layer = gruLayer(3)
    with pytest.raises(MatlabnnValueError, match="read-only"):
        layer.ResetGateMode = "before-multiplication"


def test_recurrent_name_value_forms_case_and_prefix():
    a = gruLayer(3, 'outputmode', 'LAST', 'reset', 'before-multiplication')
    b = gruLayer(3, OutputMode='last', ResetGateMode='before-multiplication')
    assert a.OutputMode == b.OutputMode == "last"
    assert a.ResetGateMode == b.ResetGateMode == "before-multiplication"
    c = bilstmLayer(3, 'Name', 'b', OutputMode='last')
    assert c.Name == "b" and c.OutputMode == "last"


def test_dropout_properties_and_bad_values():
    assert dropoutLayer().Probability == 0.5
    assert dropoutLayer(0.3).Probability == 0.3
    assert dropoutLayer(0.3, 'Name', 'd').Name == "d"
    assert dropoutLayer('Name', 'd').Probability == 0.5
    assert dropoutLayer(Probability=0.1).Probability == 0.1
    assert type(dropoutLayer()) is DropoutLayer
    for bad in (1, 1.5, -0.1, "x", [0.1, 0.2]):
        with pytest.raises(MatlabnnValueError):
            dropoutLayer(bad)
    layer = dropoutLayer()
    layer.Probability = 0.25
    assert layer._description() == "25% dropout"
    with pytest.raises(MatlabnnValueError, match="Probability"):
        layer.Probability = 2


def test_leaky_relu_properties():
    assert leakyReluLayer().Scale == 0.01
    assert leakyReluLayer(0.3, 'Name', 'lr').Scale == 0.3
    assert leakyReluLayer('Name', 'lr').Name == "lr"
    assert type(leakyReluLayer()) is LeakyReLULayer
    assert [type(f()) for f in (reluLayer, tanhLayer, sigmoidLayer, softmaxLayer)] == [
        ReLULayer, TanhLayer, SigmoidLayer, SoftmaxLayer]
    with pytest.raises(MatlabnnValueError, match="Scale"):
        leakyReluLayer([1, 2])
    with pytest.raises(MatlabnnValueError, match="no value"):
        leakyReluLayer("big")
    with pytest.raises(MatlabnnValueError, match="Scale"):
        leakyReluLayer(float("nan"))


@pytest.mark.parametrize("make", [reluLayer, tanhLayer, sigmoidLayer, softmaxLayer])
def test_activation_layers_take_only_a_name(make):
    assert make(Name="x").Name == "x"
    with pytest.raises(InvalidOptionError):
        make('Scale', 2)
    with pytest.raises(MatlabnnValueError):
        make('Name', 3)


def test_classes_forms():
    assert classificationLayer().Classes == "auto"
    assert classificationLayer('Classes', 'auto').Classes == "auto"
    c = categorical(['b', 'a', 'b'], ['b', 'a', 'c'])
    assert classificationLayer('Classes', c).Classes == ['b', 'a', 'c']
    assert classificationLayer('Classes', ['x', 'y']).Classes == ['x', 'y']
    assert classificationLayer('Classes', np.array(['x', 'y'])).Classes == ['x', 'y']
    layer = classificationLayer('Classes', ['x', 'y'])
    assert layer.OutputSize == 2 and layer.LossFunction == "crossentropyex"
    assert type(layer) is ClassificationOutputLayer and layer.is_classification


def test_classes_and_weights_bad_values():
    with pytest.raises(MatlabnnValueError, match="unique"):
        classificationLayer('Classes', ['a', 'a'])
    with pytest.raises(MatlabnnValueError, match="Classes"):
        classificationLayer('Classes', [1, 2])
    with pytest.raises(MatlabnnValueError, match="requires Classes"):
        classificationLayer('ClassWeights', [1, 2])
    with pytest.raises(MatlabnnValueError, match="one weight per class"):
        classificationLayer('Classes', ['a', 'b'], 'ClassWeights', [1, 2, 3])
    with pytest.raises(MatlabnnValueError, match="positive"):
        classificationLayer('Classes', ['a', 'b'], 'ClassWeights', [1, 0])
    with pytest.raises(MatlabnnValueError, match="ClassWeights"):
        classificationLayer('Classes', ['a', 'b'], 'ClassWeights', 'balanced')
    layer = classificationLayer()
    with pytest.raises(MatlabnnValueError, match="read-only"):
        layer.OutputSize = 3
    with pytest.raises(MatlabnnValueError, match="read-only"):
        layer.LossFunction = "mse"


def test_class_weights_stored_as_column():
    layer = classificationLayer(ClassWeights=[1, 2], Classes=['a', 'b'])
    assert layer.ClassWeights.shape == (2, 1)
    layer.Classes = ['p', 'q']
    assert layer.Classes == ['p', 'q']


# ---------------------------------------------------------------------------
# classificationLayer and the training responses (spec §3.6, §10).

def seq_net(K=3, output="last", classes="auto", weights="none"):
    out = classificationLayer('Classes', classes, 'ClassWeights', weights) \
        if classes != "auto" else classificationLayer()
    return compiled([sequenceInputLayer(2), lstmLayer(3, 'OutputMode', output),
                     fullyConnectedLayer(K), softmaxLayer(), out])


def seqs(lengths, seed=0):
    r = np.random.default_rng(seed)
    return [r.standard_normal((2, L)) for L in lengths]


def targets(net, Y, X, single=False, argname="Y"):
    return net._output_layer._training_targets(Y, X, single, net, "trainNetwork", argname,
                                                False)


def test_sequence_to_label_targets_auto_classes():
    net = seq_net()
    X = seqs([3, 4, 5, 2])
    Y = categorical(['b', 'c', 'a', 'b'])
    T = targets(net, Y, X)
    np.testing.assert_array_equal(T, [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]])
    out = net._output_layer
    assert out.Classes == "auto"          # decided, but set only when training ends
    out._finalize_training(None)
    assert out.Classes == ['a', 'b', 'c'] and out.OutputSize == 3
    assert out._description() == "crossentropyex with 'a' and 2 other classes"
    assert "[3\u00d71 categorical]" in repr(out)


def test_auto_classes_follow_category_order_and_unused_categories():
    net = seq_net()
    Y = categorical(['z', 'x', 'z'], ['z', 'y', 'x'])
    T = targets(net, Y, seqs([2, 2, 2]))
    np.testing.assert_array_equal(T, [[1, 0, 0], [0, 0, 1], [1, 0, 0]])
    assert net._output_layer._data_classes == ['z', 'y', 'x']


def test_validation_targets_use_the_training_classes():
    net = seq_net()
    targets(net, categorical(['a', 'b', 'c']), seqs([2, 2, 2]))
    YV = categorical(['c', 'a'], ['c', 'a', 'b'])
    TV = targets(net, YV, seqs([2, 2]), argname="ValidationData{2}")
    np.testing.assert_array_equal(TV, [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(InvalidDataError, match="Invalid validation data.*'d'"):
        targets(net, categorical(['d', 'a']), seqs([2, 2]), argname="ValidationData{2}")


def test_given_classes_map_labels_by_name():
    net = seq_net(classes=['c', 'b', 'a'])
    T = targets(net, categorical(['a', 'b']), seqs([2, 3]))
    np.testing.assert_array_equal(T, [[0, 0, 1], [0, 1, 0]])
    with pytest.raises(InvalidDataError, match="'q' in Y is not one of the classes"):
        targets(net, categorical(['a', 'q']), seqs([2, 3]))


def test_output_size_does_not_match_number_of_classes():
    net = seq_net(K=4)
    with pytest.raises(InvalidDataError) as e:
        targets(net, categorical(['a', 'b', 'c', 'd', 'e']), seqs([2] * 5))
    assert str(e.value) == ("trainNetwork: Invalid training data. The output size (4) of the "
                            "last layer does not match the number of classes (5).")
    net = seq_net(K=4, classes=['a', 'b', 'c', 'd', 'e'])
    with pytest.raises(InvalidDataError, match=r"output size \(4\).*number of classes \(5\)"):
        targets(net, categorical(['a']), seqs([2]))


def test_non_categorical_responses():
    net = seq_net()
    for Y in (np.array([1, 2, 3]), ['a', 'b', 'c'], np.zeros((3, 3))):
        with pytest.raises(InvalidDataError) as e:
            targets(net, Y, seqs([2, 2, 2]))
        assert str(e.value).startswith(
            "trainNetwork: Invalid training data. Responses must be a vector of categorical "
            "responses, or a cell array of categorical response sequences.")


def test_label_sequences_for_a_last_mode_network():
    net = seq_net()
    Y = [categorical(np.array([['a', 'b']])) for _ in range(2)]
    with pytest.raises(InvalidDataError, match="OutputMode 'last'"):
        targets(net, Y, seqs([2, 2]))


def test_count_mismatch_and_undefined_labels():
    net = seq_net()
    with pytest.raises(InvalidDataError, match="same number of observations: 3 predictors, 2"):
        targets(net, categorical(['a', 'b'], ['a', 'b', 'c']), seqs([2, 2, 2]))
    net = seq_net()
    Y = categorical(['a', '', 'c'], ['a', 'b', 'c'])
    with pytest.raises(InvalidDataError, match="undefined"):
        targets(net, Y, seqs([2, 2, 2]))


def test_sequence_to_sequence_targets():
    net = seq_net(K=2, output="sequence")
    X = seqs([3, 2])
    Y = [categorical(np.array([['u', 'v', 'u']])), categorical(np.array([['v', 'v']]))]
    T = targets(net, Y, X)
    assert isinstance(T, list) and len(T) == 2
    np.testing.assert_array_equal(T[0], [[1, 0, 1], [0, 1, 0]])
    np.testing.assert_array_equal(T[1], [[0, 0], [1, 1]])
    assert net._output_layer._data_classes == ['u', 'v']


def test_sequence_to_sequence_single_sequence():
    net = seq_net(K=2, output="sequence")
    X = seqs([4])
    Y = categorical(np.array([['u', 'v', 'v', 'u']]))
    T = targets(net, Y, X, single=True)
    np.testing.assert_array_equal(T[0], [[1, 0, 0, 1], [0, 1, 1, 0]])


def test_sequence_to_sequence_errors():
    net = seq_net(K=2, output="sequence")
    X = seqs([3, 2])
    Y = [categorical(np.array([['u', 'v']])), categorical(np.array([['v', 'v']]))]
    with pytest.raises(InvalidDataError) as e:
        targets(net, Y, X)
    assert str(e.value).startswith(
        "trainNetwork: Invalid training data. Sequence responses must have the same sequence "
        "length as the corresponding predictors.")
    assert e.value.identifier == "nnet_cnn:trainNetwork:SequenceLengthMismatch"
    with pytest.raises(InvalidDataError, match="Responses must be a vector of categorical"):
        targets(net, categorical(['u', 'v']), X)
    with pytest.raises(InvalidDataError, match="Responses must be a vector of categorical"):
        targets(net, [np.zeros((1, 3)), np.zeros((1, 2))], X)
    with pytest.raises(InvalidDataError, match="2 predictors, 1 responses"):
        targets(net, Y[:1], X)


def test_feature_input_targets():
    net = compiled([featureInputLayer(4), fullyConnectedLayer(2), softmaxLayer(),
                    classificationLayer()])
    X = np.zeros((3, 4))
    T = net._output_layer._training_targets(categorical(['n', 'y', 'y']), X, False, net,
                                            "trainNetwork", "Y", True)
    np.testing.assert_array_equal(T, [[1, 0], [0, 1], [0, 1]])


def test_assemble_check_needs_classes():
    net = seq_net()
    with pytest.raises(InvalidNetworkError) as e:
        net._output_layer._assemble_check()
    assert "Layer 'classoutput': Classes must be specified" in str(e.value)
    net = seq_net(K=3, classes=['a', 'b'])
    with pytest.raises(InvalidNetworkError, match=r"output size \(3\).*classes \(2\)"):
        net._output_layer._assemble_check()
    seq_net(K=2, classes=['a', 'b'])._output_layer._assemble_check()


def test_labels_from_scores():
    out = seq_net(classes=['a', 'b', 'c'])._output_layer
    labels = out._labels_from_scores(np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]))
    assert labels.shape == (2, 1) and labels.tolist() == ['b', 'a']
    assert labels.categories_list == ['a', 'b', 'c']
    out = seq_net(K=2, output="sequence", classes=['u', 'v'])._output_layer
    row = out._labels_from_scores(np.array([[0.9, 0.2, 0.4], [0.1, 0.8, 0.6]]))
    assert row.shape == (1, 3) and row.tolist() == ['u', 'v', 'v']
    rows = out._labels_from_scores([np.array([[0.9], [0.1]]), np.array([[0.2, 0.6],
                                                                         [0.8, 0.4]])])
    assert [r.tolist() for r in rows] == [['u'], ['v', 'u']]
    assert all(r.shape[0] == 1 for r in rows)


def test_labels_need_known_classes():
    with pytest.raises(MatlabnnValueError, match="classes are not known"):
        seq_net()._output_layer._labels_from_scores(np.ones((1, 3)))


def test_loss_metric_is_accuracy_percent():
    out = seq_net(K=2, classes=['a', 'b'])._output_layer
    P = np.array([[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    T = np.array([[1.0, 0], [1, 0], [1, 0]])
    loss, dy, acc = out._loss(P, T, None)
    assert loss == pytest.approx(-np.mean(np.log([0.8, 0.3, 0.6])))
    assert acc == pytest.approx(200 / 3)
    assert dy.shape == P.shape


def test_network_fuses_softmax_with_classification():
    net = seq_net()
    assert net._output_layer._fused
    with pytest.raises(InvalidNetworkError, match="Missing softmax layer"):
        compiled([sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(2),
                  classificationLayer()])
