"""trainNetwork: mini-batches, shuffling, truncation, chunking, verbose output, the
returned network and info, data forms and errors (spec §5, §4.5, §10)."""
import copy
import math
import re

import numpy as np
import pytest

import matlabnn
from matlabnn import (SeriesNetwork, fullyConnectedLayer, lstmLayer, predict, regressionLayer,
                      rng, sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.errors import InvalidDataError, InvalidOptionError, MatlabnnError, \
    MatlabnnTypeError, MatlabnnValueError
from matlabnn.network import compile_network
from matlabnn.training import _Trainer


def layers(C=1, H=3, R=1, mode="sequence", **input_kw):
    return [sequenceInputLayer(C, **input_kw), lstmLayer(H, OutputMode=mode),
            fullyConnectedLayer(R), regressionLayer()]


def given_layers(C=1, H=2, R=1, mode="sequence", seed=0, lstm_kw=None, fc_kw=None):
    r = np.random.default_rng(seed)
    return [sequenceInputLayer(C),
            lstmLayer(H, OutputMode=mode, InputWeights=r.normal(size=(4 * H, C)),
                      RecurrentWeights=0.5 * r.normal(size=(4 * H, H)),
                      Bias=r.normal(size=4 * H), **(lstm_kw or {})),
            fullyConnectedLayer(R, Weights=r.normal(size=(R, H)), Bias=r.normal(size=R),
                                **(fc_kw or {})),
            regressionLayer()]


def opts(solver="sgdm", **kw):
    base = dict(MaxEpochs=1, Verbose=False)
    base.update(kw)
    return trainingOptions(solver, **base)


def seq_data(lengths, C=1, R=1, seed=0):
    r = np.random.default_rng(seed)
    return ([r.normal(size=(C, L)) for L in lengths],
            [r.normal(size=(R, L)) for L in lengths])


@pytest.fixture
def seen(monkeypatch):
    """Record, per iteration, the observations (ids encoded in X) and X's shape."""
    record = []
    original = _Trainer._step

    def step(self, X, mask, T, states, rate):
        record.append({"ids": [int(round(v)) for v in X[0, :, 0]], "shape": X.shape,
                       "epoch_iteration": len(record)})
        return original(self, X, mask, T, states, rate)

    monkeypatch.setattr(_Trainer, "_step", step)
    return record


def id_data(n, length=3):
    """Observation k is a constant sequence of value k (so X tells which it is)."""
    X = [np.full((1, length + k % 3), float(k)) for k in range(n)]
    Y = np.zeros((n, 1))
    return X, Y


# ---------------------------------------------------------------------------
# Iterations, mini-batches and shuffling

@pytest.mark.parametrize("n,batch,epochs", [(10, 3, 2), (10, 5, 1), (7, 7, 3), (7, 1, 1)])
def test_iterations_per_epoch_is_floor_n_over_batch(n, batch, epochs):
    X, Y = id_data(n)
    _, info = trainNetwork(X, Y, layers(mode="last"),
                           opts(MaxEpochs=epochs, MiniBatchSize=batch), nargout=2)
    assert len(info.TrainingLoss) == (n // batch) * epochs
    assert len(info.TrainingRMSE) == len(info.BaseLearnRate) == len(info.TrainingLoss)


def test_mini_batch_larger_than_n_is_clamped(seen):
    X, Y = id_data(5)
    _, info = trainNetwork(X, Y, layers(mode="last"),
                           opts(MaxEpochs=2, MiniBatchSize=128, Shuffle="never"), nargout=2)
    assert len(info.TrainingLoss) == 2
    assert [s["ids"] for s in seen] == [[0, 1, 2, 3, 4]] * 2


def test_shuffle_never_uses_the_given_order_and_drops_the_tail(seen):
    X, Y = id_data(10)
    trainNetwork(X, Y, layers(mode="last"), opts(MaxEpochs=2, MiniBatchSize=3, Shuffle="never"))
    expected = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert [s["ids"] for s in seen] == expected * 2


def test_shuffle_once_uses_one_permutation_for_every_epoch(seen):
    X, Y = id_data(10)
    rng(5)
    trainNetwork(X, Y, layers(mode="last"), opts(MaxEpochs=3, MiniBatchSize=3, Shuffle="once"))
    epochs = [sum((s["ids"] for s in seen[e * 3:(e + 1) * 3]), []) for e in range(3)]
    assert epochs[0] == epochs[1] == epochs[2]
    assert len(set(epochs[0])) == 9 and epochs[0] != list(range(9))
    # reproducible with the same seed
    first = [s["ids"] for s in seen]
    seen.clear()
    rng(5)
    trainNetwork(X, Y, layers(mode="last"), opts(MaxEpochs=3, MiniBatchSize=3, Shuffle="once"))
    assert [s["ids"] for s in seen] == first


def test_shuffle_every_epoch_reshuffles(seen):
    X, Y = id_data(12)
    rng(1)
    trainNetwork(X, Y, layers(mode="last"),
                 opts(MaxEpochs=4, MiniBatchSize=5, Shuffle="every-epoch"))
    epochs = [sum((s["ids"] for s in seen[e * 2:(e + 1) * 2]), []) for e in range(4)]
    assert all(len(set(e)) == 10 for e in epochs)
    assert len({tuple(e) for e in epochs}) == 4          # every epoch its own order
    assert len({tuple(sorted(e)) for e in epochs}) > 1   # ... and its own dropped tail


def test_shortest_truncates_each_mini_batch(seen):
    X, Y = seq_data([7, 3, 5, 6])
    trainNetwork(X, Y, layers(), opts(MiniBatchSize=2, Shuffle="never", SequenceLength="shortest"))
    assert [s["shape"][0] for s in seen] == [3, 5]


def test_longest_pads_to_the_longest_of_the_mini_batch(seen):
    X, Y = seq_data([7, 3, 5, 6])
    trainNetwork(X, Y, layers(), opts(MiniBatchSize=2, Shuffle="never"))
    assert [s["shape"] for s in seen] == [(7, 2, 1), (6, 2, 1)]


def test_integer_sequence_length_splits_into_chunks(seen):
    X, Y = seq_data([7, 3, 5, 10])
    _, info = trainNetwork(X, Y, layers(), opts(MaxEpochs=2, MiniBatchSize=2, Shuffle="never",
                                                SequenceLength=3), nargout=2)
    per_epoch = math.ceil(7 / 3) + math.ceil(10 / 3)
    assert len(info.TrainingLoss) == 2 * per_epoch == 14
    assert [s["shape"][0] for s in seen] == [3, 3, 1, 3, 3, 3, 1] * 2


def _manual_forward(weights, X, T, states):
    """Loss, grads and final states of one chunk, with the network's own engine."""
    Wi, Rw, b, Wf, bf = weights
    net = compile_network([sequenceInputLayer(1),
                           lstmLayer(2, InputWeights=Wi, RecurrentWeights=Rw, Bias=b),
                           fullyConnectedLayer(1, Weights=Wf, Bias=bf), regressionLayer()],
                          "test", dtype=np.float32, initialize=False)
    y, ymask, finals, caches = net._forward(X, None, True, states)
    loss, dy, _ = net._output_layer._loss(y, T, ymask)
    grads, _, _ = net._backward(dy, caches)
    g = [grads[("lstm", "InputWeights")], grads[("lstm", "RecurrentWeights")],
         grads[("lstm", "Bias")], grads[("fc", "Weights")], grads[("fc", "Bias")]]
    return loss, g, finals


def test_chunks_carry_the_state_and_each_updates_the_weights():
    """Truncated BPTT (spec §5.2): chunk k starts from the state chunk k-1 ended in,
    computed with the weights before chunk k-1's update; a new mini-batch (epoch)
    starts from the initial state again."""
    L, S, rate = 3, 8, 0.2
    r = np.random.default_rng(3)
    x, t = r.normal(size=(1, S)), r.normal(size=(1, S))
    lay = given_layers(H=2)
    w = [np.asarray(getattr(lay[1], n), np.float32) for n in
         ("InputWeights", "RecurrentWeights", "Bias")] + \
        [np.asarray(getattr(lay[2], n), np.float32) for n in ("Weights", "Bias")]
    losses = []
    for epoch in range(2):
        states = {1: (np.zeros((1, 2), np.float32), np.zeros((1, 2), np.float32))}
        for a in range(0, S, L):
            X = np.ascontiguousarray(x[:, a:a + L].T[:, None, :], np.float32)
            T = np.ascontiguousarray(t[:, a:a + L].T[:, None, :], np.float32)
            loss, g, finals = _manual_forward(w, X, T, states)
            losses.append(loss)
            w = [wi - rate * gi for wi, gi in zip(w, g)]
            states = {1: finals[1]}
    net, info = trainNetwork(x, t, lay, opts(MaxEpochs=2, SequenceLength=L, Momentum=0,
                                             L2Regularization=0, InitialLearnRate=rate),
                             nargout=2)
    np.testing.assert_allclose(info.TrainingLoss, losses, rtol=1e-4)
    got = [net.Layers[1].InputWeights, net.Layers[1].RecurrentWeights, net.Layers[1].Bias,
           net.Layers[2].Weights, net.Layers[2].Bias]
    for a, b in zip(got, w):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_chunk_losses_with_frozen_weights_equal_the_whole_sequence_pieces():
    """With every LearnRateFactor 0 the weights stay put, so each chunk's loss is the loss
    of those steps of the whole-sequence output (state carried exactly)."""
    L, S = 4, 10
    r = np.random.default_rng(4)
    x, t = r.normal(size=(1, S)), r.normal(size=(1, S))
    lay = given_layers(H=2, lstm_kw=dict(InputWeightsLearnRateFactor=0,
                                         RecurrentWeightsLearnRateFactor=0, BiasLearnRateFactor=0),
                       fc_kw=dict(WeightLearnRateFactor=0, BiasLearnRateFactor=0))
    net, info = trainNetwork(x, t, lay, opts(SequenceLength=L), nargout=2)
    y = predict(net, x)
    expected = [np.sum((y[:, a:a + L] - t[:, a:a + L]) ** 2) / (2 * y[:, a:a + L].shape[1])
                for a in range(0, S, L)]
    np.testing.assert_allclose(info.TrainingLoss, expected, rtol=1e-4)


# ---------------------------------------------------------------------------
# Verbose output

TABLE_HEAD = """\
|========================================================================================|
|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  |  Base Learning  |
|         |             |   (hh:mm:ss)   |     RMSE     |     Loss     |      Rate       |
|========================================================================================|"""
BORDER = "|" + "=" * 88 + "|"
ROW = re.compile(r"^\|\s+(\d+) \|\s+(\d+) \| +\d\d:\d\d:\d\d \| +\S+ \| +\S+ \| +(\S+) \|$")


def test_verbose_table_of_a_real_run(capsys):
    X, Y = seq_data([4, 5, 6, 4, 5, 6])
    _, info = trainNetwork(X, Y, layers(), opts("adam", MaxEpochs=4, MiniBatchSize=2,
                                                Verbose=True, VerboseFrequency=5), nargout=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Training on single CPU."
    assert "\n".join(lines[1:5]) == TABLE_HEAD
    assert lines[-2] == BORDER
    assert lines[-1] == "Training finished: Max epochs completed."
    rows = [ROW.match(line) for line in lines[5:-2]]
    assert all(rows), lines[5:-2]
    # iteration 1, every multiple of VerboseFrequency, and the last iteration (12)
    assert [(int(m[1]), int(m[2])) for m in rows] == [(1, 1), (2, 5), (4, 10), (4, 12)]
    assert all(m[3] == "0.0010" for m in rows)
    assert all(len(line) == 90 for line in lines[1:-1])
    # the RMSE and loss cells show the iteration's values
    cells = [c.strip() for c in lines[5].split("|")[1:-1]]
    assert float(cells[3]) == pytest.approx(info.TrainingRMSE[0], abs=0.006)
    assert float(cells[4]) == pytest.approx(info.TrainingLoss[0], rel=0.2, abs=0.06)


def test_verbose_last_row_not_repeated(capsys):
    X, Y = seq_data([4, 5, 6, 4])
    trainNetwork(X, Y, layers(), opts(MaxEpochs=5, MiniBatchSize=2, Verbose=True,
                                      VerboseFrequency=5))
    rows = [ROW.match(line) for line in capsys.readouterr().out.splitlines()]
    assert [int(m[2]) for m in rows if m] == [1, 5, 10]


def test_verbose_normalization_line(capsys):
    X, Y = seq_data([4, 5])
    trainNetwork(X, Y, layers(Normalization="zscore"), opts(Verbose=True))
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["Training on single CPU.", "Initializing input data normalization."]
    trainNetwork(X, Y, layers(), opts(Verbose=True))
    assert "Initializing input data normalization." not in capsys.readouterr().out


def test_not_verbose_prints_nothing(capsys):
    X, Y = seq_data([4, 5])
    trainNetwork(X, Y, layers(Normalization="zscore"), opts(Verbose=False))
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------------------
# Layers in, network out

def test_layers_passed_in_are_not_modified():
    lay = given_layers(C=2, H=3, R=2) + []
    lay[0] = sequenceInputLayer(2, Normalization="zscore")
    before = copy.deepcopy(lay)
    X, Y = seq_data([4, 6, 5], C=2, R=2)
    trainNetwork(X, Y, lay, opts("adam", MaxEpochs=2))
    for a, b in zip(before, lay):
        assert a.Name == b.Name == ""
        assert repr(a) == repr(b)
        for name in a._learnables:
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert lay[0].Mean is None and lay[0].StandardDeviation is None
    assert lay[3].ResponseNames == []
    assert lay[2].InputSize == "auto"
    fresh = layers(C=2, R=2)
    trainNetwork(X, Y, fresh, opts())
    assert fresh[1].InputWeights is None and fresh[1].InputSize == "auto"


def test_given_learnables_are_the_initial_values():
    lay = given_layers(lstm_kw=dict(InputWeightsLearnRateFactor=0,
                                    RecurrentWeightsLearnRateFactor=0, BiasLearnRateFactor=0),
                       fc_kw=dict(WeightLearnRateFactor=0, BiasLearnRateFactor=0))
    X, Y = seq_data([4, 5])
    net = trainNetwork(X, Y, lay, opts(MaxEpochs=2, L2Regularization=0.1))
    for k, name in [(1, "InputWeights"), (1, "RecurrentWeights"), (1, "Bias"), (2, "Weights"),
                    (2, "Bias")]:
        got = getattr(net.Layers[k], name)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, getattr(lay[k], name).astype(np.float32))


def test_returned_network():
    X, Y = seq_data([4, 7, 5, 3, 6], C=2)
    lay = layers(C=2, Normalization="zscore")
    net, info = trainNetwork(X, Y, lay, opts("adam", MaxEpochs=2, MiniBatchSize=2), nargout=2)
    assert isinstance(net, SeriesNetwork)
    assert [l.Name for l in net.Layers] == ["sequenceinput", "lstm", "fc", "regressionoutput"]
    assert net.Layers[3].ResponseNames == ["Response"]
    assert net.Layers[3]._description() == "mean-squared-error with response 'Response'"
    assert net.Layers[1].InputSize == 2 and net.Layers[2].InputSize == 3
    # normalization statistics: every real step of every observation (also the ones
    # dropped from the mini-batches), population standard deviation, single, C-by-1
    allx = np.concatenate(X, axis=1)
    inp = net.Layers[0]
    assert inp.Mean.shape == (2, 1) and inp.Mean.dtype == np.float32
    np.testing.assert_allclose(inp.Mean.reshape(-1), allx.mean(axis=1), rtol=1e-6)
    np.testing.assert_allclose(inp.StandardDeviation.reshape(-1), allx.std(axis=1), rtol=1e-6)
    # state reset, learnables float32 and owning their memory
    assert net.Layers[1].HiddenState is None and net.Layers[1].CellState is None
    for layer, name in net._learnable_items():
        a = getattr(layer, name)
        assert a.dtype == np.float32 and a.base is None
    # the returned network predicts without touching the trainer
    assert len(predict(net, X)) == 5
    assert info.OutputNetworkIteration == 4


def test_multiple_responses_named():
    X = seq_data([4, 5])[0]
    Y = np.random.default_rng(0).normal(size=(2, 3))
    net = trainNetwork(X, Y, layers(R=3, mode="last"), opts())
    assert net.Layers[3].ResponseNames == ["Response1", "Response2", "Response3"]


def test_user_response_names_kept():
    X, Y = seq_data([4, 5])
    lay = layers()
    lay[3] = regressionLayer(ResponseNames=["cases"])
    net = trainNetwork(X, Y, lay, opts())
    assert net.Layers[3].ResponseNames == ["cases"]


def test_user_statistics_kept_when_reset_input_normalization_false():
    X, Y = seq_data([4, 5])
    lay = layers(Normalization="zscore", Mean=3.0, StandardDeviation=2.0)
    net = trainNetwork(X, Y, lay, opts(ResetInputNormalization=False))
    assert float(net.Layers[0].Mean.reshape(-1)[0]) == 3.0
    net = trainNetwork(X, Y, lay, opts(ResetInputNormalization=True))
    assert float(net.Layers[0].Mean.reshape(-1)[0]) != 3.0


def test_training_reduces_the_loss():
    r = np.random.default_rng(0)
    X = [r.normal(size=(1, 8)) for _ in range(16)]
    Y = [np.cumsum(x, axis=1) * 0.3 for x in X]
    rng(0)
    _, info = trainNetwork(X, Y, layers(H=8), opts("adam", MaxEpochs=30, MiniBatchSize=8,
                                                   InitialLearnRate=0.02), nargout=2)
    assert info.TrainingLoss[-5:].mean() < 0.5 * info.TrainingLoss[:2].mean()


# ---------------------------------------------------------------------------
# Data forms

def test_single_sequence_array():
    r = np.random.default_rng(0)
    x, y = r.normal(size=(2, 9)), r.normal(size=(1, 9))
    net, info = trainNetwork(x, y, layers(C=2), opts(), nargout=2)
    assert len(info.TrainingLoss) == 1
    assert predict(net, x).shape == (1, 9)


def test_one_dimensional_sequence():
    r = np.random.default_rng(0)
    x, y = r.normal(size=9), r.normal(size=9)
    _, info1 = trainNetwork(x, y, given_layers(), opts(), nargout=2)
    _, info2 = trainNetwork(x.reshape(1, -1), y.reshape(1, -1), given_layers(), opts(), nargout=2)
    assert info1.TrainingLoss[0] == info2.TrainingLoss[0]


def test_list_of_sequences_and_list_of_1d_arrays():
    r = np.random.default_rng(0)
    xs = [r.normal(size=L) for L in (4, 6, 5)]
    ys = [r.normal(size=L) for L in (4, 6, 5)]
    _, i1 = trainNetwork(xs, ys, given_layers(), opts(MiniBatchSize=3), nargout=2)
    _, i2 = trainNetwork([x.reshape(1, -1) for x in xs], [y.reshape(1, -1) for y in ys],
                         given_layers(), opts(MiniBatchSize=3), nargout=2)
    _, i3 = trainNetwork(tuple(xs), tuple(ys), given_layers(), opts(MiniBatchSize=3), nargout=2)
    assert i1.TrainingLoss[0] == i2.TrainingLoss[0] == i3.TrainingLoss[0]


def test_sequence_to_one_responses_forms():
    X = seq_data([4, 6, 5])[0]
    r = np.random.default_rng(1)
    y = r.normal(size=3)
    _, i1 = trainNetwork(X, y, given_layers(mode="last"), opts(MiniBatchSize=3), nargout=2)
    _, i2 = trainNetwork(X, y.reshape(-1, 1), given_layers(mode="last"), opts(MiniBatchSize=3),
                         nargout=2)
    assert i1.TrainingLoss[0] == i2.TrainingLoss[0]
    Y3 = r.normal(size=(3, 2))
    net = trainNetwork(X, Y3, given_layers(mode="last", R=2), opts(MiniBatchSize=3))
    assert predict(net, X).shape == (3, 2)


def test_sequence_to_one_loss_value():
    """loss = mean_n 1/2 sum_i (y - t)^2 (spec §3.7), from the initial weights."""
    X = seq_data([4, 6, 5])[0]
    Y = np.random.default_rng(1).normal(size=(3, 2))
    lay = given_layers(mode="last", R=2)
    pred = predict(matlabnn.assembleNetwork(lay), X)
    _, info = trainNetwork(X, Y, lay, opts(MiniBatchSize=3), nargout=2)
    expected = np.mean(0.5 * np.sum((pred - Y) ** 2, axis=1))
    assert info.TrainingLoss[0] == pytest.approx(expected, rel=1e-5)
    assert info.TrainingRMSE[0] == pytest.approx(math.sqrt(2 * expected), rel=1e-5)


# ---------------------------------------------------------------------------
# Errors (spec §10)

@pytest.mark.parametrize("X,Y,mode,R,match", [
    ("seqs", np.ones((3, 3)), "last", 2,
     r"Invalid training data\. The output size \(2\) of the last layer does not match the "
     r"number of responses \(3\)"),
    ("seqs", np.ones((4, 1)), "last", 1,
     r"same number of observations: 3 predictors, 4 responses"),
    ("seqs", np.ones((2, 3)), "last", 2, r"Y is 2-by-3.*Pass Y\.T"),
    ("seqs", np.array([[1.0], [np.nan], [2.0]]), "last", 1,
     r"Invalid training data\. Y contains NaN or Inf values.*must not contain NaNs"),
    ("seqs", [np.ones((1, 4)), np.ones((1, 5)), np.ones((1, 5))], "sequence", 1,
     r"Sequence responses must have the same sequence length as the corresponding "
     r"predictors: Y\[1\] has 5 time steps, its predictors 6"),
    ("seqs", [np.ones((2, 4)), np.ones((2, 6)), np.ones((2, 5))], "sequence", 1,
     r"The output size \(1\) of the last layer does not match the number of responses \(2\)"),
    ("seqs", [np.ones((1, 4))], "sequence", 1, "3 predictors, 1 responses"),
    ("seqs", np.ones((3, 1)), "sequence", 1, "list of R-by-S arrays"),
    ("seqs", [np.ones((1, 4)), np.ones((1, 6)), np.ones((1, 5))], "last", 1,
     "N-by-R numeric array, not a list of sequences"),
    ("seqs", [np.ones((1, 4)), np.ones((1, 6)), np.full((1, 5), np.nan)], "sequence", 1,
     r"Y\[2\] contains NaN"),
    ("seqs", np.array(["a", "b", "c"]), "last", 1, "responses must be a vector"),
    (np.ones((2, 5)), np.ones((1, 5)), "sequence", 1,
     r"X has 2 features \(rows\), but the network's input layer expects 1"),
    ([np.ones((1, 4)), np.full((1, 3), np.inf)], [np.ones((1, 4)), np.ones((1, 3))], "sequence",
     1, r"X\[1\] contains NaN or Inf"),
])
def test_data_errors(X, Y, mode, R, match):
    if isinstance(X, str):
        X = seq_data([4, 6, 5])[0]
    with pytest.raises(InvalidDataError, match=match) as err:
        trainNetwork(X, Y, layers(mode=mode, R=R), opts())
    assert isinstance(err.value, MatlabnnError)
    assert str(err.value).startswith("trainNetwork: ")


def test_argument_errors():
    X, Y = seq_data([4, 5])
    with pytest.raises(MatlabnnTypeError, match="not enough input arguments"):
        trainNetwork(X, Y, layers())
    with pytest.raises(MatlabnnTypeError, match="too many input arguments"):
        trainNetwork(X, Y, layers(), opts(), 5)
    with pytest.raises(MatlabnnTypeError, match="fourth argument must be training options"):
        trainNetwork(X, Y, layers(), {"MaxEpochs": 1})
    with pytest.raises(MatlabnnTypeError, match="Layers argument must be an array of layers"):
        trainNetwork(X, Y, "layers", opts())
    with pytest.raises(InvalidOptionError, match="'Momentum' is not an option for solver 'adam'"):
        trainingOptions("adam", Momentum=0.9)


def test_validation_data_form_errors():
    X, Y = seq_data([4, 5])
    o = opts(ValidationData=[X, [np.ones((1, 4)), np.ones((1, 3))]])
    with pytest.raises(InvalidDataError, match=r"ValidationData\{2\}\[1\] has 3 time steps"):
        trainNetwork(X, Y, layers(), o)


@pytest.mark.parametrize("mode", ["sequence", "last"])
def test_training_does_not_depend_on_padding(mode):
    """Design decision 2: padded steps are masked in training too, so the padding
    direction and value change neither the losses nor the trained weights."""
    X, Yseq = seq_data([6, 2, 4, 5], R=2, seed=7)
    Y = Yseq if mode == "sequence" else np.random.default_rng(8).normal(size=(4, 2))
    runs = []
    for kw in [dict(), dict(SequencePaddingDirection="left"), dict(SequencePaddingValue=50)]:
        net, info = trainNetwork(X, Y, given_layers(R=2, mode=mode),
                                 opts("adam", MaxEpochs=2, MiniBatchSize=2, Shuffle="never", **kw),
                                 nargout=2)
        runs.append((info.TrainingLoss, net.Layers[1].InputWeights))
    for loss, w in runs[1:]:
        np.testing.assert_allclose(loss, runs[0][0], rtol=1e-5)
        np.testing.assert_allclose(w, runs[0][1], rtol=1e-5, atol=1e-6)


def test_no_normalization_line_when_given_statistics_are_kept(capsys):
    X, Y = seq_data([4, 5])
    lay = layers(Normalization="zscore", Mean=0.5, StandardDeviation=2.0)
    net = trainNetwork(X, Y, lay, opts(Verbose=True, ResetInputNormalization=False))
    assert "Initializing input data normalization." not in capsys.readouterr().out
    assert float(net.Layers[0].StandardDeviation.reshape(-1)[0]) == 2.0
