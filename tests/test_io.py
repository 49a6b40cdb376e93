"""save / load: round trips of every object type, MATLAB-written files, errors."""
import math

import numpy as np
import pytest
import scipy.io

from matlabnn import (assembleNetwork, featureInputLayer, fullyConnectedLayer, lstmLayer,
                      predict, predictAndUpdateState, regressionLayer, resetState, rng,
                      sequenceInputLayer, trainingOptions, trainNetwork)
from matlabnn.categorical import categorical
from matlabnn.errors import MatlabnnError
from matlabnn.io import MatFileError, load, save
from matlabnn.layers.activation import reluLayer, softmaxLayer
from matlabnn.layers.classification import classificationLayer
from matlabnn.layers.dropout import dropoutLayer
from matlabnn.layers.recurrent import bilstmLayer, gruLayer
from matlabnn.network import LayerArray, SeriesNetwork, compile_network
from matlabnn.options import TrainingOptionsADAM, TrainingOptionsSGDM
from matlabnn.prediction import classify
from matlabnn.traininginfo import TrainingInfo

QUIET = dict(Verbose=0)


def sequences(n=6, c=3, seed=0, lo=3, hi=7):
    r = np.random.default_rng(seed)
    return [r.standard_normal((c, int(r.integers(lo, hi)))) for _ in range(n)]


def assert_same_learnables(a, b):
    assert len(a.Layers) == len(b.Layers)
    for la, lb in zip(a.Layers, b.Layers):
        assert type(la) is type(lb)
        assert la.Name == lb.Name
        for name in la._learnables:
            va, vb = getattr(la, name), getattr(lb, name)
            assert va.dtype == vb.dtype, (la.Name, name)
            assert va.shape == vb.shape, (la.Name, name)
            assert va.tobytes() == vb.tobytes(), (la.Name, name)   # bit for bit


def assert_same_outputs(a, b):
    if isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert x.dtype == y.dtype and np.array_equal(x, y)
    else:
        assert a.dtype == b.dtype and np.array_equal(a, b)


def roundtrip(tmp_path, **variables):
    path = tmp_path / "vars.mat"
    save(path, **variables)
    return load(path)


def assembled_regression_net(seed=0, mode="last"):
    r = np.random.default_rng(seed)
    f32 = lambda *s: r.standard_normal(s).astype(np.float32)
    layers = [sequenceInputLayer(3, Normalization="zscore", Mean=f32(3, 1),
                                 StandardDeviation=np.abs(f32(3, 1)) + 1),
              lstmLayer(4, OutputMode=mode, InputWeights=f32(16, 3),
                        RecurrentWeights=f32(16, 4), Bias=f32(16, 1), Name="lstm1"),
              fullyConnectedLayer(2, Weights=f32(2, 4), Bias=f32(2, 1)),
              regressionLayer(ResponseNames=["a", "b"])]
    return assembleNetwork(layers)


# ---------------------------------------------------------------------------
# networks

def test_assembled_network_round_trip_is_bit_identical(tmp_path):
    net = assembled_regression_net()
    S = roundtrip(tmp_path, net=net)
    assert isinstance(S.net, SeriesNetwork)
    assert S["net"] is S.net
    assert_same_learnables(net, S.net)
    X = sequences()
    assert_same_outputs(predict(net, X), predict(S.net, X))
    inp = S.net.Layers[0]
    assert inp.Normalization == "zscore"
    assert inp.Mean.dtype == np.float32 and inp.Mean.tobytes() == net.Layers[0].Mean.tobytes()
    assert S.net.Layers[-1].ResponseNames == ["a", "b"]
    assert S.net.InputNames == net.InputNames and S.net.OutputNames == net.OutputNames
    assert S.net.Layers[1].OutputMode == "last" and S.net.Layers[1].NumHiddenUnits == 4
    assert isinstance(S.net.Layers[1].NumHiddenUnits, int)


def test_trained_network_with_validation_data_round_trips(tmp_path):
    rng(0)
    X, XV = sequences(8, seed=1), sequences(3, seed=2)
    r = np.random.default_rng(3)
    Y, YV = r.standard_normal((8, 2)), r.standard_normal((3, 2))
    layers = [sequenceInputLayer(3, Normalization="rescale-symmetric"),
              lstmLayer(5, OutputMode="last"), fullyConnectedLayer(2), regressionLayer()]
    options = trainingOptions("adam", MaxEpochs=2, ValidationData=[XV, YV], **QUIET)
    net, info = trainNetwork(X, Y, layers, options, nargout=2)
    S = roundtrip(tmp_path, net=net, info=info, options=options, layers=layers)
    assert_same_learnables(net, S.net)
    assert_same_outputs(predict(net, X), predict(S.net, X))
    assert np.array_equal(S.net.Layers[0].Min, net.Layers[0].Min)
    assert np.array_equal(S.net.Layers[0].Max, net.Layers[0].Max)
    # info
    assert isinstance(S.info, TrainingInfo)
    assert S.info.fieldnames() == info.fieldnames()
    for f in info.fieldnames():
        a, b = getattr(info, f), getattr(S.info, f)
        if isinstance(a, np.ndarray):
            assert a.shape == b.shape and np.array_equal(a, b, equal_nan=True), f
        else:
            assert a == b or (math.isnan(a) and math.isnan(b)), f
    assert S.info.StopReason == info.StopReason
    assert np.array_equal(S.info.Epoch, info.Epoch)
    assert S.info.MaxEpochs == info.MaxEpochs
    assert S.info.IterationsPerEpoch == info.IterationsPerEpoch
    assert S.info.ValidationFrequency == info.ValidationFrequency
    assert S.info.has_validation and not S.info.is_classification
    # options, with ValidationData
    assert isinstance(S.options, TrainingOptionsADAM)
    for name in options.properties():
        if name != "ValidationData":
            assert getattr(S.options, name) == getattr(options, name), name
    XV2, YV2 = S.options.ValidationData
    assert len(XV2) == 3 and all(np.array_equal(a, b) for a, b in zip(XV, XV2))
    assert np.array_equal(YV2, YV)
    # the loaded layer array trains to the same network
    assert isinstance(S.layers, LayerArray)
    rng(5)
    net_a = trainNetwork(X, Y, layers, trainingOptions("adam", MaxEpochs=2, **QUIET))
    rng(5)
    net_b = trainNetwork(X, Y, S.layers, trainingOptions("adam", MaxEpochs=2, **QUIET))
    assert_same_learnables(net_a, net_b)


def test_network_state_after_predict_and_update_state_round_trips(tmp_path):
    net = assembled_regression_net(mode="sequence")
    X = sequences(4)
    updated = predictAndUpdateState(net, X)
    S = roundtrip(tmp_path, net=updated)
    lstm, lstm2 = updated.Layers[1], S.net.Layers[1]
    assert lstm2.HiddenState.shape == (4, 4)
    assert lstm2.HiddenState.tobytes() == lstm.HiddenState.tobytes()
    assert lstm2.CellState.tobytes() == lstm.CellState.tobytes()
    X2 = sequences(4, seed=9)
    assert_same_outputs(predict(updated, X2), predict(S.net, X2))
    # resetState restores the same initial state (zeros) on both
    assert lstm2.HiddenState is not None
    assert_same_outputs(predict(resetState(updated), X2), predict(resetState(S.net), X2))
    assert_same_outputs(predict(resetState(S.net), X2), predict(net, X2))


def test_classification_network_with_new_layer_types(tmp_path):
    rng(1)
    X = sequences(9, seed=4)
    labels = categorical(["b", "a", "c", "a", "b", "c", "a", "b", "c"])
    layers = [sequenceInputLayer(3), bilstmLayer(3, OutputMode="sequence"), dropoutLayer(0.3),
              gruLayer(4, OutputMode="last"), reluLayer(), fullyConnectedLayer(3),
              softmaxLayer(), classificationLayer()]
    net, info = trainNetwork(X, labels, layers, trainingOptions("adam", MaxEpochs=2, **QUIET),
                             nargout=2)
    S = roundtrip(tmp_path, net=net, info=info, YTrain=labels)
    assert_same_learnables(net, S.net)
    assert_same_outputs(predict(net, X), predict(S.net, X))
    assert list(classify(S.net, X) == classify(net, X)) == [True] * 9
    assert S.net.Layers[-1].Classes == ["a", "b", "c"]
    assert S.net.Layers[2].Probability == 0.3
    assert [type(l).__name__ for l in S.net.Layers] == [type(l).__name__ for l in net.Layers]
    assert S.info.is_classification and "TrainingAccuracy" in S.info.fieldnames()
    assert isinstance(S.YTrain, categorical) and list(S.YTrain == labels) == [True] * 9


def test_feature_input_network_and_double_precision(tmp_path):
    layers = [featureInputLayer(4, Normalization="zerocenter", Mean=np.arange(4.0).reshape(1, 4)),
              fullyConnectedLayer(3), regressionLayer()]
    net = compile_network(layers, "test", dtype=np.float64, rng=np.random.default_rng(0))
    net.Layers[-1]._assemble_check()
    S = roundtrip(tmp_path, net=net)
    assert S.net._dtype == np.float64
    assert S.net.Layers[1].Weights.dtype == np.float64
    assert_same_learnables(net, S.net)
    X = np.random.default_rng(1).standard_normal((5, 4))
    assert_same_outputs(predict(net, X), predict(S.net, X))


def test_single_layer_round_trips(tmp_path):
    layer = lstmLayer(7, "OutputMode", "last", Name="enc", BiasL2Factor=0.5,
                      InputWeightsLearnRateFactor=[1, 2, 3, 4], HiddenState=np.ones(7))
    S = roundtrip(tmp_path, layer=layer)
    l2 = S.layer
    assert type(l2) is type(layer)
    assert (l2.Name, l2.NumHiddenUnits, l2.OutputMode, l2.BiasL2Factor) == ("enc", 7, "last", 0.5)
    assert np.array_equal(l2.InputWeightsLearnRateFactor, [[1, 2, 3, 4]])
    assert np.array_equal(l2.HiddenState, np.ones((7, 1)))
    assert l2.InputWeights is None and l2.InputSize == "auto"


# ---------------------------------------------------------------------------
# options, categorical, plain values

def test_training_options_round_trip_and_output_fcn_warning(tmp_path):
    options = trainingOptions("sgdm", "Momentum", 0.8, MaxEpochs=7, Shuffle="every-epoch",
                              SequenceLength=5, GradientThreshold=2,
                              OutputFcn=lambda info: False, **QUIET)
    with pytest.warns(UserWarning, match="OutputFcn"):
        S = roundtrip(tmp_path, options=options)
    o = S.options
    assert isinstance(o, TrainingOptionsSGDM)
    assert o.OutputFcn is None
    for name in options.properties():
        if name != "OutputFcn":
            assert getattr(o, name) == getattr(options, name), name
    assert isinstance(o.MaxEpochs, int) and isinstance(o.SequenceLength, int)
    assert o.ValidationPatience == math.inf


def test_categorical_round_trips(tmp_path):
    col = categorical(["x", "y", "", "x"])
    row = categorical(np.array([["lo", "hi", "hi"]]), ["lo", "hi"], Ordinal=True)
    empty = categorical.from_codes([], [])
    S = roundtrip(tmp_path, col=col, row=row, empty=empty, seqs=[row, row.copy()])
    assert S.col.orientation == "column" and np.array_equal(S.col.codes, col.codes)
    assert S.col.categories_list == col.categories_list
    assert S.row.orientation == "row" and S.row.ordinal and S.row.shape == (1, 3)
    assert S.row.categories_list == ["lo", "hi"]
    assert S.empty.size == 0
    assert isinstance(S.seqs, list) and all(isinstance(c, categorical) for c in S.seqs)


def test_plain_values_round_trip(tmp_path):
    a32 = np.arange(6, dtype=np.float32).reshape(2, 3)
    S = roundtrip(tmp_path, a32=a32, ints=np.arange(4, dtype=np.int32).reshape(2, 2),
                  vec=np.arange(3.0), x=2.5, n=4, flag=True, name="lstm", nothing=None,
                  cellarr=[np.ones((2, 3)), "text", [1.5, "b"]],
                  s={"Alpha": 1.0, "Inner": {"B": "c"}}, z=1 - 2j,
                  zs={"Z": np.array([[1 + 1j, 2]])})
    assert S.a32.dtype == np.float32 and np.array_equal(S.a32, a32)
    assert S.ints.dtype == np.int32
    assert S.vec.shape == (1, 3)                  # MATLAB has no 1-D arrays: a row
    assert S.x == 2.5 and S.n == 4.0 and S.flag is True
    assert S.name == "lstm" and S.nothing is None
    assert isinstance(S.cellarr, list) and np.array_equal(S.cellarr[0], np.ones((2, 3)))
    assert S.cellarr[1] == "text" and S.cellarr[2] == [1.5, "b"]
    assert S.s.Alpha == 1.0 and S.s.Inner.B == "c"
    assert S.z == 1 - 2j and np.array_equal(S.zs.Z, [[1 + 1j, 2]])


def test_save_forms_and_load_selected_variables(tmp_path):
    net = assembled_regression_net()
    YTest = np.ones((2, 2))
    path = str(tmp_path / "forms")              # no extension: .mat is added
    save(path, "net", "YTest", "-v7")           # names of the caller's variables
    S = load(path)
    assert set(S) == {"net", "YTest"}
    assert_same_learnables(S.net, net)
    assert np.array_equal(S.YTest, YTest)
    save(path + "2.mat", {"a": 1.0}, b=2.0)
    assert load(path + "2.mat") == {"a": 1.0, "b": 2.0}
    save(path + "3.mat", "-struct", {"c": "x"})
    assert load(path + "3.mat").c == "x"
    only = load(path + ".mat", "YTest")
    assert list(only) == ["YTest"]
    with pytest.warns(UserWarning, match="'missing' not found"):
        assert list(load(path + ".mat", "YTest", "missing")) == ["YTest"]


# ---------------------------------------------------------------------------
# a file as MATLAB's exportNetwork.m writes it

def test_file_written_as_matlab_exporter_writes_it_loads_and_predicts(tmp_path):
    r = np.random.default_rng(7)
    f32 = lambda *s: r.standard_normal(s).astype(np.float32)
    C, H, K = 3, 4, 2
    W, R, b = f32(4 * H, C), f32(4 * H, H), f32(4 * H, 1)
    Wg, Rg, bg = f32(3 * H, 2 * H), f32(3 * H, H), f32(3 * H, 1)
    Wb, Rb, bb = f32(8 * H, H), f32(8 * H, H), f32(8 * H, 1)
    Wf, bf = f32(K, H), f32(K, 1)
    mean, std = f32(C, 1), np.abs(f32(C, 1)) + 1
    cell = lambda items: np.array(items, dtype=object).reshape(-1, 1)

    def cellstr(items):
        out = np.empty((len(items), 1), dtype=object)
        for k, x in enumerate(items):
            out[k, 0] = x
        return out

    layers = [
        dict(Class="nnet.cnn.layer.SequenceInputLayer", Name="sequenceinput",
             InputSize=float(C), Normalization="zscore", NormalizationDimension="auto",
             Mean=mean, StandardDeviation=std, Min=np.zeros((0, 0)), Max=np.zeros((0, 0)),
             MinLength=1.0, SplitComplexInputs=np.array([[False]])),
        dict(Class="nnet.cnn.layer.LSTMLayer", Name="lstm", InputSize=float(C),
             NumHiddenUnits=float(H), OutputMode="sequence",
             HasStateInputs=np.array([[False]]), HasStateOutputs=np.array([[False]]),
             StateActivationFunction="tanh", GateActivationFunction="sigmoid",
             InputWeightsInitializer="glorot", RecurrentWeightsInitializer="@myInit",
             BiasInitializer="unit-forget-gate", InputWeights=W, RecurrentWeights=R, Bias=b,
             InputWeightsLearnRateFactor=1.0, RecurrentWeightsLearnRateFactor=1.0,
             BiasLearnRateFactor=1.0, InputWeightsL2Factor=1.0,
             RecurrentWeightsL2Factor=1.0, BiasL2Factor=0.0,
             HiddenState=np.zeros((H, 1), np.float32), CellState=np.zeros((H, 1), np.float32)),
        dict(Class="nnet.cnn.layer.BiLSTMLayer", Name="bilstm", InputSize=float(H),
             NumHiddenUnits=float(H), OutputMode="sequence", InputWeights=Wb,
             RecurrentWeights=Rb, Bias=bb, HiddenState=np.zeros((0, 0)),
             CellState=np.zeros((0, 0))),
        dict(Class="GRULayer", Name="gru", InputSize=float(2 * H), NumHiddenUnits=float(H),
             OutputMode="last", InputWeights=Wg, RecurrentWeights=Rg, Bias=bg),
        dict(Class="nnet.cnn.layer.DropoutLayer", Name="drop", Probability=0.2),
        dict(Class="nnet.cnn.layer.FullyConnectedLayer", Name="fc", InputSize=float(H),
             OutputSize=float(K), WeightsInitializer="glorot", BiasInitializer="zeros",
             Weights=Wf, Bias=bf),
        dict(Class="nnet.cnn.layer.SoftmaxLayer", Name="softmax"),
        dict(Class="nnet.cnn.layer.ClassificationOutputLayer", Name="classoutput",
             OutputSize=float(K), Classes=cellstr(["no", "yes"]), ClassWeights="none"),
    ]
    net_struct = dict(Class="SeriesNetwork", matlabnn_format=1.0, Layers=cell(layers),
                      InputNames=cellstr(["sequenceinput"]),
                      OutputNames=cellstr(["classoutput"]), DataType="single")
    path = tmp_path / "from_matlab.mat"
    scipy.io.savemat(path, {"net": net_struct}, long_field_names=True, do_compression=True)
    with pytest.warns(UserWarning, match="RecurrentWeightsInitializer"):
        net = load(path).net
    expected = assembleNetwork([
        sequenceInputLayer(C, Normalization="zscore", Mean=mean, StandardDeviation=std),
        lstmLayer(H, InputWeights=W, RecurrentWeights=R, Bias=b, Name="lstm"),
        bilstmLayer(H, InputWeights=Wb, RecurrentWeights=Rb, Bias=bb, Name="bilstm"),
        gruLayer(H, OutputMode="last", InputWeights=Wg, RecurrentWeights=Rg, Bias=bg),
        dropoutLayer(0.2), fullyConnectedLayer(K, Weights=Wf, Bias=bf), softmaxLayer(),
        classificationLayer(Classes=["no", "yes"])])
    assert net.Layers[1].RecurrentWeightsInitializer == "orthogonal"
    assert net.Layers[-1].Classes == ["no", "yes"]
    assert net.Layers[1].InputWeights.tobytes() == W.tobytes()
    X = sequences(5)
    assert_same_outputs(predict(net, X), predict(expected, X))
    assert list(classify(net, X) == classify(expected, X)) == [True] * 5


# ---------------------------------------------------------------------------
# function handles and errors

def test_callable_normalization_warns_at_save_and_fails_at_load(tmp_path):
    def halve(x):
        return x / 2
    layers = [sequenceInputLayer(2, Normalization=halve), lstmLayer(2), regressionLayer()]
    path = tmp_path / "fn.mat"
    with pytest.warns(UserWarning, match="Normalization"):
        save(path, layers=layers)
    with pytest.raises(MatFileError, match="@halve") as err:
        load(path)
    assert isinstance(err.value, ValueError)
    assert err.value.identifier == "matlabnn:load:FunctionHandle"


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.mat") as err:
        load(tmp_path / "nothere.mat")
    assert isinstance(err.value, MatlabnnError)
    assert err.value.identifier == "MATLAB:load:couldNotReadFile"


def test_not_a_mat_file(tmp_path):
    path = tmp_path / "junk.mat"
    path.write_text("this is not a MAT file\n" * 20)
    with pytest.raises(MatFileError, match="junk.mat") as err:
        load(path)
    assert isinstance(err.value, ValueError)
    assert err.value.identifier == "matlabnn:load:InvalidFile"


def test_invalid_network_structs(tmp_path):
    path = tmp_path / "bad.mat"
    scipy.io.savemat(path, {"net": {"Class": "SeriesNetwork", "matlabnn_format": 1.0}})
    with pytest.raises(MatFileError, match="'Layers' is missing") as err:
        load(path)
    assert "bad.mat" in str(err.value) and "'net'" in str(err.value)
    conv = {"Class": "nnet.cnn.layer.Convolution3DLayer", "Name": "conv"}
    scipy.io.savemat(path, {"net": {"Class": "SeriesNetwork", "matlabnn_format": 1.0,
                                    "Layers": np.array([conv], dtype=object).reshape(1, 1)}})
    with pytest.raises(MatFileError, match="Convolution3DLayer.*not supported") as err:
        load(path)
    assert err.value.identifier == "matlabnn:load:UnsupportedLayer"
    # layers without learnables do not form a network
    save(path, layers=[sequenceInputLayer(2), lstmLayer(2), regressionLayer()])
    raw = scipy.io.loadmat(path)["layers"]
    scipy.io.savemat(path, {"net": {"Class": "SeriesNetwork", "matlabnn_format": 1.0,
                                    "Layers": raw[0, 0]["Layers"]}})
    with pytest.raises(MatFileError, match="InputWeights") as err:
        load(path)
    assert err.value.identifier == "matlabnn:load:InvalidNetwork"
    # a newer file format
    scipy.io.savemat(path, {"x": {"Class": "categorical", "matlabnn_format": 99.0}})
    with pytest.raises(MatFileError, match="newer"):
        load(path)


def test_save_errors(tmp_path):
    path = tmp_path / "e.mat"
    with pytest.raises(ValueError, match="not a valid MATLAB variable"):
        save(path, **{"_bad": 1})
    with pytest.raises(TypeError, match="cannot be stored"):
        save(path, obj=object())
    with pytest.raises(TypeError, match="no variables"):
        save(path)
    with pytest.raises(ValueError, match="v7.3"):
        save(path, "-v7.3", a=1)
    with pytest.raises(ValueError, match="'nope' not found"):
        save(path, "nope")


def test_unknown_plain_structs_load_as_structs(tmp_path):
    path = tmp_path / "plain.mat"
    scipy.io.savemat(path, {"s": {"Class": "myThing", "value": 3.0}})
    S = load(path)
    assert S.s == {"Class": "myThing", "value": 3.0}
