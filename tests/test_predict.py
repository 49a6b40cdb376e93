"""predict, predictAndUpdateState, resetState (spec §6, design decision 2)."""
import copy

import numpy as np
import pytest

from matlabnn import (assembleNetwork, fullyConnectedLayer, lstmLayer, predict,
                      predictAndUpdateState, regressionLayer, resetState, sequenceInputLayer)
from matlabnn.errors import InvalidDataError, InvalidOptionError, MatlabnnError, \
    MatlabnnTypeError, MatlabnnValueError

C, H, R = 2, 3, 2


def make_net(mode="sequence", seed=0, C=C, H=H, R=R, two=False, hidden=None, **input_kw):
    r = np.random.default_rng(seed)
    lstm = lambda mode, c, **kw: lstmLayer(
        H, OutputMode=mode, InputWeights=r.normal(size=(4 * H, c)),
        RecurrentWeights=0.5 * r.normal(size=(4 * H, H)), Bias=r.normal(size=4 * H), **kw)
    layers = [sequenceInputLayer(C, **input_kw)]
    if two:
        layers.append(lstm("sequence", C))
    kw = {} if hidden is None else {"HiddenState": hidden[0], "CellState": hidden[1]}
    layers += [lstm(mode, H if two else C, **kw),
               fullyConnectedLayer(R, Weights=r.normal(size=(R, H)), Bias=r.normal(size=R)),
               regressionLayer()]
    return assembleNetwork(layers)


def sequences(lengths, seed=1, C=C):
    r = np.random.default_rng(seed)
    return [r.normal(size=(C, L)) for L in lengths]


LENGTHS = [7, 3, 5, 1, 6]


def assert_seq_lists_close(a, b, tol=1e-5):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.shape == y.shape
        np.testing.assert_allclose(x, y, rtol=tol, atol=tol)


# ---------------------------------------------------------------------------
# Shapes and data forms

def test_output_shapes_sequence_mode():
    net = make_net("sequence")
    X = sequences(LENGTHS)
    Y = predict(net, X)
    assert isinstance(Y, list) and [y.shape for y in Y] == [(R, L) for L in LENGTHS]
    assert Y[0].dtype == np.float32
    y = predict(net, X[0])                       # one C-by-S array -> R-by-S
    assert isinstance(y, np.ndarray) and y.shape == (R, 7)
    np.testing.assert_allclose(y, Y[0], rtol=1e-6, atol=1e-6)
    assert len(predict(net, tuple(X))) == 5      # tuples and object arrays are cell arrays too
    obj = np.empty(5, dtype=object)
    obj[:] = X
    assert_seq_lists_close(predict(net, obj), Y)


def test_output_shapes_last_mode():
    net = make_net("last")
    Y = predict(net, sequences(LENGTHS))
    assert Y.shape == (5, R)
    assert predict(net, sequences([4])[0]).shape == (1, R)


def test_one_dimensional_and_scalar_inputs_for_one_feature():
    net = make_net("sequence", C=1, R=1)
    x = np.random.default_rng(2).normal(size=6)
    y = predict(net, x)
    assert y.shape == (1, 6)
    np.testing.assert_array_equal(y, predict(net, x.reshape(1, -1)))
    assert predict(net, 0.5).shape == (1, 1)
    assert predict(net, [x, x[:3]])[1].shape == (1, 3)


# ---------------------------------------------------------------------------
# Masking: no dependence on MiniBatchSize, padding direction or padding value

@pytest.mark.parametrize("mode", ["sequence", "last"])
def test_predictions_do_not_depend_on_batching_or_padding(mode):
    net = make_net(mode, two=True)
    X = sequences(LENGTHS)
    one_by_one = [predict(net, x) for x in X]
    ref = predict(net, X)
    for kw in [dict(MiniBatchSize=1), dict(MiniBatchSize=2), dict(MiniBatchSize=3),
               dict(SequencePaddingDirection="left"),
               dict(SequencePaddingDirection="left", MiniBatchSize=2),
               dict(SequencePaddingValue=100.0), dict(MiniBatchSize=4, SequencePaddingValue=-3)]:
        Y = predict(net, X, **kw)
        if mode == "sequence":
            assert_seq_lists_close(Y, ref)
        else:
            np.testing.assert_allclose(Y, ref, rtol=1e-5, atol=1e-5)
    if mode == "sequence":
        assert_seq_lists_close(one_by_one, ref)
    else:
        np.testing.assert_allclose(np.concatenate(one_by_one), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("mode", ["sequence", "last"])
@pytest.mark.parametrize("L", [1, 2, 3, 10])
def test_integer_sequence_length_gives_the_whole_result(mode, L):
    net = make_net(mode, two=True)
    X = sequences(LENGTHS)
    ref = predict(net, X)
    Y = predict(net, X, SequenceLength=L, MiniBatchSize=2)
    if mode == "sequence":
        assert_seq_lists_close(Y, ref)
    else:
        np.testing.assert_allclose(Y, ref, rtol=1e-5, atol=1e-5)


def test_shortest_truncates():
    net = make_net("sequence")
    X = sequences([6, 4])
    Y = predict(net, X, SequenceLength="shortest")
    assert [y.shape for y in Y] == [(R, 4), (R, 4)]
    np.testing.assert_allclose(Y[0], predict(net, X[0][:, :4]), rtol=1e-5, atol=1e-6)
    Yl = predict(net, X, SequenceLength="shortest", SequencePaddingDirection="left")
    np.testing.assert_allclose(Yl[0], predict(net, X[0][:, 2:]), rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------
# State

def test_predict_never_changes_the_network():
    net = make_net("sequence", hidden=(np.full(H, 0.3), np.full(H, -0.2)))
    before = copy.deepcopy(net)
    X = sequences(LENGTHS)
    predict(net, X)
    predict(net, X, SequenceLength=2)
    predictAndUpdateState(net, X)
    for a, b in zip(before.Layers, net.Layers):
        for name in a._learnables:
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(net.Layers[1].HiddenState, before.Layers[1].HiddenState)
    np.testing.assert_array_equal(net.Layers[1].CellState, before.Layers[1].CellState)


def test_state_carried_one_sequence_in_pieces():
    net = make_net("sequence", two=True)
    x = sequences([9])[0]
    whole = predict(net, x)
    n = resetState(net)
    pieces = []
    for a, b in [(0, 4), (4, 5), (5, 9)]:
        n, y = predictAndUpdateState(n, x[:, a:b], nargout=2)
        pieces.append(y)
    np.testing.assert_allclose(np.concatenate(pieces, axis=1), whole, rtol=1e-5, atol=1e-5)
    # step by step, as the closed-loop forecasting idiom does
    n = resetState(net)
    steps = []
    for t in range(9):
        n, y = predictAndUpdateState(n, x[:, t], nargout=2)
        steps.append(y)
    np.testing.assert_allclose(np.concatenate(steps, axis=1), whole, rtol=1e-5, atol=1e-5)


def test_state_after_update_is_h_by_n_and_is_the_final_state():
    net = make_net("last")
    X = sequences(LENGTHS)
    n2 = predictAndUpdateState(net, X, MiniBatchSize=2)
    hs, cs = n2.Layers[1].HiddenState, n2.Layers[1].CellState
    assert hs.shape == (H, 5) and cs.shape == (H, 5)
    for k, x in enumerate(X):
        nk = predictAndUpdateState(net, x)
        np.testing.assert_allclose(nk.Layers[1].HiddenState.reshape(-1), hs[:, k], rtol=1e-5,
                                   atol=1e-6)
        np.testing.assert_allclose(nk.Layers[1].CellState.reshape(-1), cs[:, k], rtol=1e-5,
                                   atol=1e-6)
    # the 'last' output is the hidden state passed through the fc layer
    W, b = net.Layers[2].Weights, net.Layers[2].Bias
    np.testing.assert_allclose(predict(net, X), (W @ hs + b).T, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("batch", [128, 2])
def test_state_carried_several_sequences_in_pieces(batch):
    net = make_net("sequence", two=True)
    X = sequences(LENGTHS)
    whole = predict(net, X)
    cut = 2
    first = [x[:, :cut] for x in X]
    rest = [x[:, cut:] if x.shape[1] > cut else None for x in X]
    n, Y1 = predictAndUpdateState(net, first, MiniBatchSize=batch, nargout=2)
    assert n.Layers[1].HiddenState.shape == (H, 5)
    keep = [k for k, x in enumerate(rest) if x is not None]
    assert len(keep) == 5 - 1     # the length-1 sequence has nothing left
    # every observation must be given again (H-by-N state): give the long ones their rest
    # and check them against the whole prediction
    rest_all = [rest[k] if rest[k] is not None else X[k][:, -1:] for k in range(5)]
    n, Y2 = predictAndUpdateState(n, rest_all, MiniBatchSize=batch, nargout=2)
    for k in keep:
        joined = np.concatenate([Y1[k], Y2[k]], axis=1)
        np.testing.assert_allclose(joined, whole[k], rtol=1e-5, atol=1e-5)


def test_reset_state_restores_the_initial_state():
    h0, c0 = np.full(H, 0.25), np.linspace(-1, 1, H)
    net = make_net("last", hidden=(h0, c0))
    X = sequences(LENGTHS)
    ref = predict(net, X)
    n = predictAndUpdateState(net, X)
    assert n.Layers[1].HiddenState.shape == (H, 5)
    assert not np.allclose(predict(n, X), ref)
    r = resetState(n)
    np.testing.assert_allclose(r.Layers[1].HiddenState.reshape(-1), h0, rtol=1e-6)
    np.testing.assert_allclose(r.Layers[1].CellState.reshape(-1), c0, rtol=1e-6)
    np.testing.assert_allclose(predict(r, X), ref, rtol=1e-6, atol=1e-6)
    # resetState returns a new network
    assert n.Layers[1].HiddenState.shape == (H, 5)
    # zeros by default
    z = resetState(predictAndUpdateState(make_net("last"), X))
    hz = z.Layers[1].HiddenState
    assert hz is None or np.all(hz == 0)


def test_given_initial_state_is_used():
    h0, c0 = np.full(H, 0.5), np.full(H, -0.5)
    with_state = make_net("sequence", hidden=(h0, c0))
    without = make_net("sequence")
    x = sequences([4])[0]
    assert not np.allclose(predict(with_state, x), predict(without, x))
    # h0/c0 equal to what a warm-up sequence leaves behind gives the continued output
    warm = predictAndUpdateState(without, x[:, :2])
    cont = make_net("sequence", hidden=(warm.Layers[1].HiddenState, warm.Layers[1].CellState))
    np.testing.assert_allclose(predict(cont, x[:, 2:]), predict(without, x)[:, 2:],
                               rtol=1e-5, atol=1e-5)


def test_stored_state_with_other_number_of_observations_is_an_error():
    net = make_net("sequence")
    X = sequences(LENGTHS)
    n = predictAndUpdateState(net, X)          # state now H-by-5
    for bad in (X[:2], X[0]):
        with pytest.raises(MatlabnnValueError, match="5 columns.*resetState"):
            predictAndUpdateState(n, bad)
        with pytest.raises(MatlabnnValueError, match="5 columns.*resetState"):
            predict(n, bad)
    # an H-by-1 state applies to any number of observations
    n1 = predictAndUpdateState(net, X[0])
    assert len(predict(n1, X)) == 5


def test_predict_and_update_state_nargout():
    net = make_net("sequence")
    x = sequences([3])[0]
    n = predictAndUpdateState(net, x)
    assert type(n) is type(net)
    n, y = predictAndUpdateState(net, x, nargout=2)
    assert y.shape == (R, 3)
    with pytest.raises(TypeError, match="nargout"):
        a, b = predictAndUpdateState(net, x)
    with pytest.raises(MatlabnnTypeError, match="nargout must be from 1 to 2; got 3"):
        predictAndUpdateState(net, x, nargout=3)


def test_predict_and_update_state_needs_a_recurrent_layer():
    net = assembleNetwork([sequenceInputLayer(2), fullyConnectedLayer(1, Weights=np.ones((1, 2)),
                                                                       Bias=[0.0]),
                           regressionLayer()])
    with pytest.raises(MatlabnnValueError, match="no recurrent layer.*Use predict instead"):
        predictAndUpdateState(net, np.ones((2, 3)))
    np.testing.assert_allclose(predict(net, np.ones((2, 3))), np.full((1, 3), 2.0))


def test_input_normalization_applied_in_prediction():
    mu, sd = np.array([1.0, -2.0]), np.array([2.0, 0.5])
    norm = make_net("sequence", Normalization="zscore", Mean=mu, StandardDeviation=sd)
    plain = make_net("sequence")
    x = sequences([5])[0]
    np.testing.assert_allclose(predict(norm, x), predict(plain, (x - mu[:, None]) / sd[:, None]),
                               rtol=1e-5, atol=1e-6)
    lo, hi = np.array([-1.0, 0.0]), np.array([3.0, 2.0])
    rs = make_net("sequence", Normalization="rescale-symmetric", Min=lo, Max=hi)
    np.testing.assert_allclose(
        predict(rs, x), predict(plain, 2 * (x - lo[:, None]) / (hi - lo)[:, None] - 1),
        rtol=1e-5, atol=1e-6)
    f = make_net("sequence", Normalization=lambda X: X * 2)
    np.testing.assert_allclose(predict(f, x), predict(plain, 2 * x), rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------
# Errors

@pytest.mark.parametrize("X,match", [
    (np.ones((3, 5)), r"X has 3 features \(rows\), but the network's input layer expects 2"),
    (np.ones((5, 2)), r"expects 2\. It looks transposed.*X\.T"),
    ([np.ones((2, 3)), np.ones((3, 3))], r"X\[1\] has 3 features"),
    ("abc", "numeric"),
    (np.ones((2, 0)), "0 time steps"),
    (np.full((2, 3), np.nan), "NaN or Inf"),
    ([], "empty"),
    (np.ones((2, 3, 4)), "C-by-S matrix"),
    (np.ones((2, 3), dtype=complex), "complex"),
    ([np.ones((2, 3)), "x"], r"X\[1\]"),
])
def test_bad_data(X, match):
    net = make_net("sequence")
    with pytest.raises(InvalidDataError, match=match) as err:
        predict(net, X)
    assert isinstance(err.value, MatlabnnError)
    assert str(err.value).startswith("predict: ")
    with pytest.raises(InvalidDataError, match="predictAndUpdateState: "):
        predictAndUpdateState(net, X)


def test_min_length():
    net = make_net("sequence", MinLength=3)
    with pytest.raises(InvalidDataError, match="2 time steps.*at least 3.*MinLength"):
        predict(net, np.ones((2, 2)))


@pytest.mark.parametrize("kw,err,match", [
    (dict(MiniBatchSize=0), MatlabnnValueError, "'MiniBatchSize'. Expected a positive integer"),
    (dict(SequenceLength="x"), MatlabnnValueError, "'SequenceLength'.*'longest', 'shortest'"),
    (dict(SequencePaddingDirection="up"), MatlabnnValueError, "'right', 'left'"),
    (dict(Bogus=1), InvalidOptionError, "predict: 'Bogus' is not a recognized option"),
])
def test_bad_options(kw, err, match):
    net = make_net("sequence")
    with pytest.raises(err, match=match):
        predict(net, np.ones((2, 3)), **kw)


def test_options_as_pairs_prefixes_and_case():
    net = make_net("sequence")
    X = sequences(LENGTHS)
    ref = predict(net, X)
    assert_seq_lists_close(predict(net, X, "minibatchsize", 2, "SequencePaddingDir", "LEFT"), ref)
    assert_seq_lists_close(predict(net, X, "MiniBatch", 1, ExecutionEnvironment="CPU"), ref)


def test_first_argument_must_be_a_network():
    layers = [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]
    for f in (predict, predictAndUpdateState):
        with pytest.raises(MatlabnnTypeError, match="must be a network.*got a list"):
            f(layers, np.ones((2, 3)))
    with pytest.raises(MatlabnnTypeError, match="resetState: the first argument must be a network"):
        resetState(layers)
