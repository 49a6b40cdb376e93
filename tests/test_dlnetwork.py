"""dlnetwork: construction, tables, state, predict/forward, graph edits, minibatchpredict,
testnet, save/load, and the trainNetwork-era functions refusing it."""
import copy
import os

import numpy as np
import pytest

from matlabnn import (additionLayer, addLayers, bilstmLayer, categorical, classify,
                      connectLayers, dlarray, dims, dlnetwork, dropoutLayer, extractdata,
                      featureInputLayer, forward, fullyConnectedLayer, initialize, load,
                      lstmLayer, gruLayer, minibatchpredict, predict, predictAndUpdateState,
                      regressionLayer, removeLayers, resetState, rng, save, scores2label,
                      sequenceInputLayer, softmaxLayer)
from matlabnn import testnet as run_testnet
from matlabnn.errors import InvalidDataError, InvalidNetworkError, MatlabnnTypeError, \
    MatlabnnValueError


@pytest.fixture
def net():
    rng(0)
    return dlnetwork([sequenceInputLayer(3), lstmLayer(5), fullyConnectedLayer(2)])


def test_display_and_tables(net):
    text = repr(net)
    for line in ("  dlnetwork with properties:", "Layers: [3\u00d71 nnet.cnn.layer.Layer]",
                 "Connections: [2\u00d72 table]", "Learnables: [5\u00d73 table]",
                 "State: [2\u00d73 table]", "InputNames: {'sequenceinput'}",
                 "OutputNames: {'fc'}", "Initialized: 1"):
        assert line in text, line
    L = net.Learnables
    assert L.Properties.VariableNames == ["Layer", "Parameter", "Value"]
    assert list(L.Parameter) == ["InputWeights", "RecurrentWeights", "Bias", "Weights", "Bias"]
    assert L.Value[0].shape == (20, 3) and L.Value[0].dtype == np.float32
    S = net.State
    assert list(S.Parameter) == ["HiddenState", "CellState"]
    assert np.all(S.Value[0] == 0) and S.Value[0].shape == (5, 1)


def test_uninitialized_and_initialize():
    rng(0)
    raw = dlnetwork([sequenceInputLayer(3), lstmLayer(5), fullyConnectedLayer(2)],
                    Initialize=False)
    assert not raw.Initialized and raw.Learnables.Value[0].shape == (0, 0)   # {0×0 double}
    with pytest.raises(MatlabnnValueError, match="initialize"):
        predict(raw, np.zeros((4, 3)))
    ready = initialize(raw)
    assert ready.Initialized and not raw.Initialized
    rng(0)
    direct = dlnetwork([sequenceInputLayer(3), lstmLayer(5), fullyConnectedLayer(2)])
    np.testing.assert_array_equal(ready.Learnables.Value[0], direct.Learnables.Value[0])


def test_predict_layouts_and_state(net):
    X = np.random.default_rng(0).standard_normal((9, 3))
    Y, state = predict(net, X, nargout=2)
    assert Y.shape == (9, 2)
    # the state after X equals stepping one time step (1-by-C) at a time
    step = copy.deepcopy(net)
    rows = []
    for t in range(9):
        y, s = predict(step, X[t:t + 1, :], nargout=2)
        step.State = s
        rows.append(y)
    np.testing.assert_allclose(np.vstack(rows), Y, atol=1e-5)
    np.testing.assert_allclose(step.State.Value[0], state.Value[0], atol=1e-5)
    assert np.all(net.State.Value[0] == 0)             # predict leaves net unchanged
    batch = np.stack([X, X[::-1]], axis=2)             # T x C x N
    Yb = predict(net, batch)
    assert Yb.shape == (9, 2, 2)
    np.testing.assert_allclose(Yb[:, :, 0], Y, atol=1e-6)
    dY = predict(net, dlarray(X.T, "CTB"))
    assert dims(dY) == "CBT" and extractdata(dY).shape == (2, 1, 9)
    np.testing.assert_allclose(extractdata(dY)[:, 0, :], Y.T, atol=1e-6)
    np.testing.assert_allclose(predict(net, X.T, InputDataFormats="CT"), Y, atol=1e-6)
    assert resetState(step).State.Value[0].max() == 0


def test_state_setter_checks(net):
    _, state = predict(net, np.zeros((4, 3)), nargout=2)
    bad = copy.deepcopy(state)
    bad.Value[0] = np.zeros((7, 1))
    with pytest.raises(MatlabnnValueError, match="5 rows"):
        net.State = bad
    assert net.State.Value[0].shape == (5, 1)
    with pytest.raises(MatlabnnTypeError, match="table"):
        net.State = {"a": 1}
    with pytest.raises(MatlabnnTypeError, match="read-only"):
        net.Layers = []
    _, two = predict(net, np.zeros((4, 3, 2)), nargout=2)
    net.State = two
    with pytest.raises(MatlabnnValueError, match="columns"):
        predict(net, np.zeros((4, 3, 3)))


def test_layout_errors_and_cells(net):
    with pytest.raises(InvalidDataError, match="T-by-C"):
        predict(net, np.zeros((3, 10)))
    with pytest.raises(MatlabnnTypeError, match="minibatchpredict"):
        predict(net, [np.zeros((4, 3))])
    with pytest.raises(MatlabnnTypeError, match="predictAndUpdateState"):
        predictAndUpdateState(net, np.zeros((3, 4)))
    with pytest.raises(MatlabnnTypeError, match="scores2label"):
        classify(net, np.zeros((3, 4)))
    with pytest.raises(InvalidNetworkError, match="no output layers"):
        dlnetwork([sequenceInputLayer(1), lstmLayer(2), fullyConnectedLayer(1),
                   regressionLayer()])


def test_forward_uses_dropout():
    rng(0)
    net = dlnetwork([sequenceInputLayer(3), lstmLayer(8), dropoutLayer(0.5),
                     fullyConnectedLayer(2)])
    X = np.ones((5, 3))
    a = forward(net, X)
    b = forward(net, X)
    assert not np.allclose(a, b)
    np.testing.assert_allclose(predict(net, X), predict(net, X))


def test_graph_edits_on_dlnetwork():
    net = dlnetwork()
    assert not net.Initialized and len(net.Layers) == 0
    net = addLayers(net, [sequenceInputLayer(3, Name="in"), lstmLayer(4, Name="lstm"),
                          fullyConnectedLayer(3, Name="fc"), additionLayer(2, Name="add"),
                          fullyConnectedLayer(1, Name="out")])
    net = connectLayers(net, "in", "add/in2")
    assert isinstance(net, dlnetwork) and not net.Initialized
    assert ("in", "add/in2") in [tuple(c) for c in net.Connections]
    net = initialize(net)
    assert predict(net, np.zeros((6, 3))).shape == (6, 1)
    smaller = removeLayers(net, "out")
    assert smaller.OutputNames == ["add"] and not smaller.Initialized
    # learnables survive the edit
    np.testing.assert_array_equal(initialize(smaller).Learnables.Value[0],
                                  net.Learnables.Value[0])


def test_minibatchpredict_forms(net):
    g = np.random.default_rng(1)
    X = [g.standard_normal((L, 3)) for L in (7, 3, 5)]
    cells = minibatchpredict(net, X, UniformOutput=False, MiniBatchSize=2)
    assert [c.shape for c in cells] == [(7, 2), (3, 2), (5, 2)]
    for x, c in zip(X, cells):
        np.testing.assert_allclose(c, predict(net, x), atol=1e-5)
    left = minibatchpredict(net, X, SequencePaddingDirection="left")
    assert left.shape == (7, 2, 3)
    np.testing.assert_allclose(left[4:, :, 1], cells[1], atol=1e-5)
    assert np.all(left[:4, :, 1] == 0)
    ctb = minibatchpredict(net, [x.T for x in X], InputDataFormats="CTB",
                           OutputDataFormats="CTB", UniformOutput=False)
    np.testing.assert_allclose(ctb[2], cells[2].T, atol=1e-6)
    with pytest.raises(MatlabnnTypeError, match="dlnetwork"):
        minibatchpredict([1, 2], X)


def test_classification_testnet_and_scores2label():
    rng(0)
    net = dlnetwork([sequenceInputLayer(2), bilstmLayer(4, OutputMode="last"),
                     fullyConnectedLayer(3), softmaxLayer()])
    g = np.random.default_rng(2)
    X = [g.standard_normal((int(L), 2)) for L in g.integers(3, 8, 10)]
    T = categorical(list("abcabcabca"))
    scores = minibatchpredict(net, X, MiniBatchSize=4)
    assert scores.shape == (10, 3)
    np.testing.assert_allclose(scores.sum(1), 1, atol=1e-5)
    labels = scores2label(scores, ["a", "b", "c"])
    acc = run_testnet(net, X, T, "accuracy")
    assert acc == pytest.approx(100 * np.mean(labels == T))
    values = run_testnet(net, X, T, ["accuracy", "crossentropy"])
    onehot = np.eye(3)[[ "abc".index(t) for t in T.tolist()]]
    ce = -np.mean(np.sum(onehot * np.log(scores), 1))
    assert values[1] == pytest.approx(ce, rel=1e-4)
    with pytest.raises(MatlabnnValueError, match="invalid metric"):
        run_testnet(net, X, T, 3)


def test_regression_testnet_values(net):
    g = np.random.default_rng(3)
    X = [g.standard_normal((6, 3)) for _ in range(4)]
    T = [g.standard_normal((6, 2)) for _ in range(4)]
    Y = minibatchpredict(net, X, UniformOutput=False)
    d = np.concatenate([y - t for y, t in zip(Y, T)])
    rmse, mse = run_testnet(net, X, T, ["rmse", "mse"])
    assert rmse == pytest.approx(np.sqrt(np.mean(d ** 2)), rel=1e-5)
    assert mse == pytest.approx(np.mean(d ** 2), rel=1e-5)


def test_feature_network():
    rng(0)
    net = dlnetwork([featureInputLayer(4), fullyConnectedLayer(2)])
    F = np.random.default_rng(0).standard_normal((5, 4))
    assert predict(net, F).shape == (5, 2)
    np.testing.assert_allclose(minibatchpredict(net, F, MiniBatchSize=2), predict(net, F),
                               atol=1e-6)
    np.testing.assert_allclose(predict(net, F.T, InputDataFormats="CB"), predict(net, F),
                               atol=1e-6)


def test_save_load(tmp_path, net):
    X = np.random.default_rng(4).standard_normal((5, 3))
    _, state = predict(net, X, nargout=2)
    net.State = state
    path = os.path.join(tmp_path, "net.mat")
    save(path, net=net)
    back = load(path).net
    assert isinstance(back, dlnetwork) and back.Initialized
    np.testing.assert_array_equal(predict(back, X), predict(net, X))
    np.testing.assert_array_equal(back.State.Value[1], net.State.Value[1])
    raw = dlnetwork([sequenceInputLayer(2), gruLayer(3)], Initialize=False)
    save(path, raw=raw)
    assert not load(path).raw.Initialized


def test_learnables_setter(net):
    L = net.Learnables
    L.Value[3] = np.zeros_like(L.Value[3])           # fc Weights
    L.Value[4] = dlarray(np.ones((2, 1)))            # fc Bias, as a dlarray
    net.Learnables = L
    np.testing.assert_allclose(predict(net, np.random.rand(4, 3)), np.ones((4, 2)))
    L.Value[3] = np.zeros((3, 3))
    with pytest.raises(MatlabnnValueError, match="expected"):
        net.Learnables = L


def test_summary(net, capsys):
    from matlabnn import summary
    summary(net)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "   Initialized: true"
    assert out[2] == "   Number of learnables: 192"       # LSTM 20*(3+5+1), fc 2*5+2
    assert out[5] == "      1   'sequenceinput'   Sequence input with 3 dimensions"
    assert "View summary with summary." in repr(net)


def test_testnet_mixes_index_and_onehot_losses():
    rng(0)
    net = dlnetwork([sequenceInputLayer(2), lstmLayer(3, OutputMode="last"),
                     fullyConnectedLayer(3), softmaxLayer()])
    g = np.random.default_rng(5)
    X = [g.standard_normal((4, 2)) for _ in range(6)]
    T = categorical(list("abcabc"))
    a = run_testnet(net, X, T, ["crossentropy", "index-crossentropy", "accuracy"])
    b = run_testnet(net, X, T, ["index-crossentropy", "crossentropy", "accuracy"])
    assert a[0] == pytest.approx(a[1]) and b[0] == pytest.approx(b[1])
    np.testing.assert_allclose(a, b[[1, 0, 2]])
    idx = np.array([[1], [2], [3], [1], [2], [3]], float)
    c = run_testnet(net, X, idx, ["index-crossentropy", "crossentropy"])
    assert c[0] == pytest.approx(a[0]) and c[1] == pytest.approx(a[0])


def test_minibatchpredict_sequence_length_chunks(net):
    g = np.random.default_rng(6)
    X = [g.standard_normal((L, 3)) for L in (9, 4)]
    whole = minibatchpredict(net, X, UniformOutput=False)
    chunked = minibatchpredict(net, X, UniformOutput=False, SequenceLength=3,
                               SequencePaddingValue=7)
    for a, b in zip(whole, chunked):
        np.testing.assert_allclose(a, b, atol=1e-5)
    short = minibatchpredict(net, X, UniformOutput=False, SequenceLength="shortest")
    assert [s.shape[0] for s in short] == [4, 4]


def test_batch_normalization_statistics_are_state():
    from matlabnn import batchNormalizationLayer
    rng(0)
    net = dlnetwork([sequenceInputLayer(3), fullyConnectedLayer(4), batchNormalizationLayer(),
                     lstmLayer(2), fullyConnectedLayer(1)])
    S = net.State
    assert list(S.Parameter) == ["TrainedMean", "TrainedVariance", "HiddenState", "CellState"]
    X = np.random.default_rng(7).standard_normal((6, 3, 2)) + 3
    before = net.State.Value[0].copy()
    Y, state = forward(net, X, nargout=2)
    np.testing.assert_array_equal(net.State.Value[0], before)       # net unchanged
    assert not np.allclose(state.Value[0], before)                   # moving mean moved
    _, same = predict(net, X, nargout=2)
    np.testing.assert_array_equal(same.Value[0], before)             # inference: no update
    net.State = state
    np.testing.assert_allclose(net.State.Value[0], state.Value[0])
    bad = copy.deepcopy(state)
    bad.Value[1] = np.ones((4, 2))
    with pytest.raises(MatlabnnValueError, match="one column"):
        net.State = bad
