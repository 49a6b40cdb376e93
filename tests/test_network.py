"""SeriesNetwork: compiling a layer array (names, order checks, sizes), its display
(spec §8.1) and assembleNetwork (spec §10 'Invalid network.' messages)."""
import numpy as np
import pytest

import matlabnn
from matlabnn import (SeriesNetwork, assembleNetwork, featureInputLayer, fullyConnectedLayer,
                      lstmLayer, predict, regressionLayer, sequenceInputLayer)
from matlabnn.errors import InvalidNetworkError, MatlabnnError, MatlabnnTypeError
from matlabnn.network import LayerArray, compile_network


def compiled(layers, dtype=np.float32):
    matlabnn.rng(0)
    return compile_network(layers, "trainNetwork", dtype=dtype, rng=matlabnn._rng.generator())


def given_layers(C=3, H=2, R=1, mode="sequence", seed=0, **input_kw):
    r = np.random.default_rng(seed)
    return [sequenceInputLayer(C, **input_kw),
            lstmLayer(H, OutputMode=mode, InputWeights=r.normal(size=(4 * H, C)),
                      RecurrentWeights=r.normal(size=(4 * H, H)), Bias=r.normal(size=4 * H)),
            fullyConnectedLayer(R, Weights=r.normal(size=(R, H)), Bias=r.normal(size=R)),
            regressionLayer()]


# ---------------------------------------------------------------------------
# Display

SERIES_DISPLAY = """\
  SeriesNetwork with properties:

         Layers: [4\u00d71 nnet.cnn.layer.Layer]
     InputNames: {'sequenceinput'}
    OutputNames: {'regressionoutput'}
"""


def test_series_network_display():
    net = assembleNetwork(given_layers())
    assert repr(net) == SERIES_DISPLAY
    assert isinstance(net, SeriesNetwork)
    assert net.InputNames == ["sequenceinput"] and net.OutputNames == ["regressionoutput"]
    assert isinstance(net.Layers, LayerArray) and len(net.Layers) == 4


def test_series_network_display_user_names():
    layers = given_layers()
    layers[0].Name = "in"
    layers[3].Name = "out"
    text = repr(assembleNetwork(layers))
    assert "     InputNames: {'in'}\n    OutputNames: {'out'}\n" in text


def test_net_layers_display_after_assembly():
    net = assembleNetwork(given_layers(C=3, H=2, R=1))
    assert repr(net.Layers) == (
        "  4\u00d71 Layer array with layers:\n\n"
        "     1   'sequenceinput'      Sequence Input      Sequence input with 3 dimensions\n"
        "     2   'lstm'               LSTM                LSTM with 2 hidden units\n"
        "     3   'fc'                 Fully Connected     1 fully connected layer\n"
        "     4   'regressionoutput'   Regression Output   mean-squared-error with response "
        "'Response'\n")


# ---------------------------------------------------------------------------
# Names

def test_default_names_filled_with_suffixes_for_repeats():
    net = compiled([sequenceInputLayer(2), lstmLayer(3), lstmLayer(3), lstmLayer(3, Name="lstm_2"),
                    fullyConnectedLayer(1), regressionLayer()])
    assert [l.Name for l in net.Layers] == ["sequenceinput", "lstm_1", "lstm_3", "lstm_2", "fc",
                                            "regressionoutput"]


def test_user_name_equal_to_a_default_is_respected():
    net = compiled([sequenceInputLayer(2), lstmLayer(3, Name="fc"), fullyConnectedLayer(1),
                    regressionLayer()])
    names = [l.Name for l in net.Layers]
    assert names[1] == "fc" and names[2] != "fc" and len(set(names)) == 4


def test_compile_does_not_modify_the_layers():
    layers = [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]
    compiled(layers)
    assert all(l.Name == "" for l in layers)
    assert layers[1].InputWeights is None and layers[1].InputSize == "auto"
    assert layers[3].ResponseNames == []


def test_sizes_inferred():
    net = compiled([sequenceInputLayer(5), lstmLayer(4, OutputMode="last"),
                    fullyConnectedLayer(2), regressionLayer()])
    assert net.Layers[1].InputSize == 5 and net.Layers[2].InputSize == 4
    assert net._output_size == 2 and net._output_is_sequence is False


# ---------------------------------------------------------------------------
# Invalid networks

@pytest.mark.parametrize("layers,match", [
    (lambda: [lstmLayer(2), sequenceInputLayer(3), fullyConnectedLayer(1), regressionLayer()],
     r"Invalid network\.\nCaused by:\n    Layer 'sequenceinput': An input layer must be first"),
    (lambda: [sequenceInputLayer(3), regressionLayer(), lstmLayer(2), fullyConnectedLayer(1)],
     r"Invalid network\.\nCaused by:\n    Layer 'regressionoutput': An output layer must be last"),
    (lambda: [sequenceInputLayer(3), regressionLayer(Name="r1"), fullyConnectedLayer(1),
              regressionLayer(Name="r2")],
     r"Invalid network\.[\s\S]*Layer 'r1': An output layer must be last in the layer array"),
    (lambda: [sequenceInputLayer(3), lstmLayer(2), fullyConnectedLayer(1)],
     r"Invalid network\.[\s\S]*Missing output layer"),
    (lambda: [lstmLayer(2), fullyConnectedLayer(1), regressionLayer()],
     r"Invalid network\.[\s\S]*Missing input layer"),
    (lambda: [sequenceInputLayer(3), lstmLayer(2, Name="a"), fullyConnectedLayer(1, Name="a"),
              regressionLayer()],
     r"Invalid network\.[\s\S]*The name 'a' is used by layers 2, 3"),
])
def test_invalid_network_orders(layers, match):
    for function in (compiled, assembleNetwork):
        with pytest.raises(InvalidNetworkError, match=match) as err:
            function(layers())
        assert isinstance(err.value, MatlabnnError)
        assert err.value.identifier.endswith("InvalidNetwork")


def test_trainNetwork_reports_invalid_network():
    layers = [lstmLayer(2), sequenceInputLayer(1), fullyConnectedLayer(1), regressionLayer()]
    opts = matlabnn.trainingOptions("sgdm", Verbose=False, MaxEpochs=1)
    with pytest.raises(InvalidNetworkError, match=r"Invalid network\.[\s\S]*'sequenceinput'"):
        matlabnn.trainNetwork(np.ones((1, 5)), np.ones((1, 5)), layers, opts)


def test_several_causes_listed_together():
    with pytest.raises(InvalidNetworkError) as err:
        compiled([lstmLayer(2), fullyConnectedLayer(1)])
    text = str(err.value)
    assert "Missing input layer" in text and "Missing output layer" in text


@pytest.mark.parametrize("layers,match", [
    (lambda: [sequenceInputLayer(3), lstmLayer(2, OutputMode="last"), lstmLayer(2),
              fullyConnectedLayer(1), regressionLayer()],
     "Layer 'lstm_2': a recurrent layer needs sequence input"),
    (lambda: [featureInputLayer(3), lstmLayer(2), fullyConnectedLayer(1), regressionLayer()],
     "Layer 'lstm': a recurrent layer needs sequence input"),
    (lambda: [sequenceInputLayer(3), lstmLayer(2, InputSize=4), fullyConnectedLayer(1),
              regressionLayer()], "Layer 'lstm': InputSize is 4 but the layer receives 3"),
    (lambda: [sequenceInputLayer(3), lstmLayer(2), fullyConnectedLayer(1, InputSize=3),
              regressionLayer()], "Layer 'fc': InputSize is 3 but the layer receives 2"),
    (lambda: [sequenceInputLayer(3), lstmLayer(2, HasStateOutputs=True), fullyConnectedLayer(1),
              regressionLayer()], "HasStateInputs and HasStateOutputs must be false"),
])
def test_size_and_connection_errors_name_the_layer(layers, match):
    with pytest.raises(InvalidNetworkError, match=match):
        compiled(layers())


@pytest.mark.parametrize("bad,extra", [
    ("abc", ""), ([], ""), (5, ""), ([sequenceInputLayer(3), 5], "layers[1] is a int"),
])
def test_layers_argument_wrong_type(bad, extra):
    with pytest.raises(MatlabnnTypeError,
                       match="Layers argument must be an array of layers or a layer graph") as e:
        compiled(bad)
    assert extra in str(e.value)
    with pytest.raises(MatlabnnTypeError, match="assembleNetwork: Layers argument"):
        assembleNetwork(bad)


def test_tuple_and_single_layer_arrays_accepted():
    net = compiled(tuple(given_layers()))
    assert len(net.Layers) == 4


# ---------------------------------------------------------------------------
# assembleNetwork

def test_assemble_network_missing_learnables_named():
    layers = [sequenceInputLayer(3), lstmLayer(2), fullyConnectedLayer(1, Name="fc1"),
              regressionLayer()]
    with pytest.raises(InvalidNetworkError) as err:
        assembleNetwork(layers)
    text = str(err.value)
    assert text.startswith("Invalid network.\nCaused by:\n")
    assert "Layer 'lstm': Empty InputWeights." in text
    assert "Layer 'lstm': Empty RecurrentWeights." in text
    assert "Layer 'fc1': Empty Weights." in text
    assert "Layer 'fc1': Empty Bias." in text


def test_assemble_network_partially_given():
    layers = given_layers()
    layers[2] = fullyConnectedLayer(1, Weights=np.ones((1, 2)))
    with pytest.raises(InvalidNetworkError, match=r"Layer 'fc': Empty Bias\.") as err:
        assembleNetwork(layers)
    assert "Empty Weights" not in str(err.value)


def test_assemble_network_missing_normalization_statistics():
    with pytest.raises(InvalidNetworkError,
                       match=r"Invalid network\.[\s\S]*'sequenceinput'.*'zscore'.*Mean"):
        assembleNetwork(given_layers(Normalization="zscore"))
    net = assembleNetwork(given_layers(Normalization="zscore", Mean=np.zeros(3),
                                       StandardDeviation=np.ones(3)))
    assert isinstance(net, SeriesNetwork)


def test_assemble_network_wrong_size_weights():
    layers = given_layers()
    layers[1] = lstmLayer(2, InputWeights=np.ones((8, 2)), RecurrentWeights=np.ones((8, 2)),
                          Bias=np.ones(8))
    with pytest.raises(MatlabnnError, match=r"Layer 'lstm': invalid InputWeights.*8x3.*8x2"):
        assembleNetwork(layers)


def test_assemble_network_uses_given_weights_in_single_precision():
    layers = given_layers()
    net = assembleNetwork(layers)
    np.testing.assert_array_equal(net.Layers[1].InputWeights,
                                  layers[1].InputWeights.astype(np.float32))
    assert net.Layers[1].InputWeights.dtype == np.float32
    assert net.Layers[3].ResponseNames == ["Response"]
    assert layers[1].InputWeights.dtype == np.float64        # the input layer array unchanged
    assert layers[0].Name == ""


def test_assembled_network_predicts_like_a_hand_lstm():
    """The forward pass of an assembled network equals the LSTM equations of spec §2.3."""
    C, H, R, S = 3, 2, 1, 6
    layers = given_layers(C, H, R)
    net = assembleNetwork(layers)
    X = np.random.default_rng(1).normal(size=(C, S))
    Y = predict(net, X)
    assert Y.shape == (R, S)
    W, Rw, b = layers[1].InputWeights, layers[1].RecurrentWeights, layers[1].Bias.reshape(-1)
    sig = lambda z: 1 / (1 + np.exp(-z))
    h, c = np.zeros(H), np.zeros(H)
    expected = []
    for t in range(S):
        z = W @ X[:, t] + Rw @ h + b
        i, f, g, o = sig(z[:H]), sig(z[H:2 * H]), np.tanh(z[2 * H:3 * H]), sig(z[3 * H:])
        c = f * c + i * g
        h = o * np.tanh(c)
        expected.append(layers[2].Weights @ h + layers[2].Bias.reshape(-1))
    np.testing.assert_allclose(Y, np.array(expected).T, rtol=1e-4, atol=1e-5)


def test_series_network_unpacking_explains_nargout():
    net = assembleNetwork(given_layers())
    with pytest.raises(TypeError, match="nargout"):
        a, b = net
