"""Validation, early stopping, OutputNetwork, OutputFcn and checkpoints in real
trainNetwork runs (spec §4.6, §4.7, §5.4, §5.5, §5.7; design decision 4).

Tiny regression networks (sequence-to-one, 8 training sequences, mini-batch 2, so
4 iterations per epoch) keep every run well under a second.
"""
import math
import os
import re

import numpy as np
import pytest

import matlabnn
from matlabnn import (fullyConnectedLayer, lstmLayer, predict, regressionLayer, rng,
                      sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.errors import MatlabnnError

CHECKPOINT_RE = re.compile(
    r"^net_checkpoint__(\d+)__(\d{4})_(\d{2})_(\d{2})__(\d{2})_(\d{2})_(\d{2})\.mat$")


# ---------------------------------------------------------------------------
# Data, layers, options

def _data(seed, n, length=5):
    r = np.random.default_rng(seed)
    X = [r.normal(size=(1, length)) for _ in range(n)]
    Y = np.array([[x.mean()] for x in X])
    return X, Y


XT, YT = _data(1, 8)
XV, YV = _data(2, 4)


def layers(H=3):
    return [sequenceInputLayer(1), lstmLayer(H, OutputMode="last"), fullyConnectedLayer(1),
            regressionLayer()]


def opts(**kw):
    base = dict(MaxEpochs=3, MiniBatchSize=2, Shuffle="never", Verbose=False,
                InitialLearnRate=0.01)
    base.update(kw)
    return trainingOptions("adam", **base)


def train(seed=0, X=XT, Y=YT, lay=None, **kw):
    rng(seed)
    return trainNetwork(X, Y, layers() if lay is None else lay, opts(**kw), nargout=2)


def learnables(net):
    """{(layer, property): array} of every learnable of a network."""
    out = {}
    for layer in net.Layers:
        for name in layer._learnables:
            out[(layer.Name, name)] = np.array(getattr(layer, name))
    return out


def same_learnables(a, b):
    la, lb = learnables(a), learnables(b)
    assert la.keys() == lb.keys()
    return all(la[k].dtype == lb[k].dtype and np.array_equal(la[k], lb[k]) for k in la)


def regression_loss(net, X, Y):
    """Sequence-to-one regression loss of ``net`` on (X, Y): mean over observations of
    1/2 sum_r (y - t)^2 (spec §3.7)."""
    P = np.asarray(predict(net, X), dtype=float)
    return float(np.mean(0.5 * np.sum((P - Y) ** 2, axis=1)))


def expected_patience_stop(vloss, patience):
    """The iteration (1-based) at which MATLAB's rule stops, from a run's ValidationLoss
    (NaN where not validated): best = +Inf; loss < best resets the count, else count += 1;
    stop when count >= patience. None if it never stops."""
    best, count = math.inf, 0
    for k, v in enumerate(vloss, start=1):
        if math.isnan(v):
            continue
        if v < best:
            best, count = v, 0
        else:
            count += 1
        if count >= patience:
            return k
    return None


def table_rows(text):
    """Data rows of the printed verbose table, as lists of cell texts (stripped)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and re.match(r"^\|\s+\d+ \|", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def checkpoints(folder):
    """{iteration: path} of the checkpoint files in ``folder`` (all names checked)."""
    found = {}
    for name in os.listdir(folder):
        m = CHECKPOINT_RE.match(name)
        assert m, f"unexpected file name {name!r}"
        it = int(m.group(1))
        assert it not in found
        found[it] = os.path.join(folder, name)
    return found


# ---------------------------------------------------------------------------
# ValidationData and ValidationFrequency

def test_validation_data_list_and_tuple_give_the_same_run():
    _, a = train(ValidationData=[XV, YV], ValidationFrequency=5)
    _, b = train(ValidationData=(XV, YV), ValidationFrequency=5)
    np.testing.assert_array_equal(a.TrainingLoss, b.TrainingLoss)
    np.testing.assert_array_equal(a.ValidationLoss, b.ValidationLoss)
    assert a.FinalValidationLoss == b.FinalValidationLoss


@pytest.mark.parametrize("freq,validated", [(5, [1, 5, 10, 12]), (4, [1, 4, 8, 12]),
                                            (1, list(range(1, 13))), (50, [1, 12])])
def test_validation_at_iteration_1_every_multiple_and_the_last(freq, validated):
    _, info = train(ValidationData=[XV, YV], ValidationFrequency=freq,
                    OutputNetwork="last-iteration")
    assert len(info.TrainingLoss) == 12
    assert info.fieldnames() == ["TrainingLoss", "TrainingRMSE", "ValidationLoss",
                                 "ValidationRMSE", "BaseLearnRate", "FinalValidationLoss",
                                 "FinalValidationRMSE", "OutputNetworkIteration"]
    for field in (info.ValidationLoss, info.ValidationRMSE):
        assert field.shape == (12,)
        got = [k + 1 for k in range(12) if not math.isnan(field[k])]
        assert got == validated
    ok = ~np.isnan(info.ValidationLoss)
    np.testing.assert_allclose(info.ValidationRMSE[ok], np.sqrt(2 * info.ValidationLoss[ok]),
                               rtol=1e-6)


def test_final_validation_values_are_those_of_the_returned_network():
    net, info = train(ValidationData=[XV, YV], ValidationFrequency=5,
                      OutputNetwork="last-iteration")
    # the last iteration is validated: FinalValidationLoss is that value ...
    assert info.FinalValidationLoss == pytest.approx(info.ValidationLoss[-1], rel=1e-12)
    # ... and it is the loss of the returned network on the validation data
    assert info.FinalValidationLoss == pytest.approx(regression_loss(net, XV, YV), rel=1e-4)
    assert info.FinalValidationRMSE == pytest.approx(math.sqrt(2 * info.FinalValidationLoss),
                                                     rel=1e-6)


def test_no_validation_fields_without_validation_data():
    _, info = train()
    assert info.fieldnames() == ["TrainingLoss", "TrainingRMSE", "BaseLearnRate",
                                 "OutputNetworkIteration"]
    assert info.OutputNetworkIteration == 12


def test_validation_columns_in_the_printed_table(capsys):
    train(ValidationData=[XV, YV], ValidationFrequency=5, Verbose=True, VerboseFrequency=3)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Training on single CPU."
    assert lines[2].split("|")[1:-1] == ["  Epoch  ", "  Iteration  ", "  Time Elapsed  ",
                                         "  Mini-batch  ", "  Validation  ", "  Mini-batch  ",
                                         "  Validation  ", "  Base Learning  "]
    assert lines[3].split("|")[4:8] == ["     RMSE     ", "     RMSE     ", "     Loss     ",
                                        "     Loss     "]
    assert all(len(line) == 120 for line in lines[1:-1])
    rows = table_rows(out)
    # rows at 1, multiples of VerboseFrequency 3 and of ValidationFrequency 5, and the last
    assert [int(r[1]) for r in rows] == [1, 3, 5, 6, 9, 10, 12]
    for r in rows:
        validated = int(r[1]) in (1, 5, 10, 12)
        assert (r[4] != "" and r[6] != "") == validated, r
        assert (r[4] == "" and r[6] == "") == (not validated), r
    assert lines[-1] == "Training finished: Max epochs completed."


def test_blank_validation_cells_on_the_final_row_after_an_early_stop(capsys):
    # stopped by OutputFcn at iteration 7, between validations (1, 5, 10)
    net, info = train(ValidationData=[XV, YV], ValidationFrequency=5, Verbose=True,
                      VerboseFrequency=50, OutputNetwork="last-iteration",
                      OutputFcn=lambda s: s.State == "iteration" and s.Iteration == 7)
    out = capsys.readouterr().out
    rows = table_rows(out)
    assert [int(r[1]) for r in rows] == [1, 5, 7]
    assert rows[-1][4] == "" and rows[-1][6] == ""          # no validation at 7
    assert rows[-1][3] != "" and rows[-1][5] != ""
    assert out.splitlines()[-1] == "Training finished: Stopped by OutputFcn."
    assert len(info.TrainingLoss) == 7 and math.isnan(info.ValidationLoss[-1])
    # a final validation is still computed, for the returned network
    assert math.isfinite(info.FinalValidationLoss)
    assert info.FinalValidationLoss == pytest.approx(regression_loss(net, XV, YV), rel=1e-4)


# ---------------------------------------------------------------------------
# ValidationPatience

@pytest.mark.parametrize("freq,patience,lr", [(1, 1, 0.1), (1, 2, 0.1), (1, 3, 0.1),
                                              (1, 2, 0.3), (2, 2, 0.3)])
def test_validation_patience_stops_where_the_strict_rule_says(freq, patience, lr, capsys):
    # large learning rates: the validation loss does not fall steadily (with 0.1 a local
    # minimum at iteration 5 and the lowest at 11; with 0.3 the lowest at 3)
    _, full = train(ValidationData=[XV, YV], ValidationFrequency=freq, InitialLearnRate=lr)
    expected = expected_patience_stop(full.ValidationLoss, patience)
    assert expected is not None and expected < 12
    capsys.readouterr()
    net, info = train(ValidationData=[XV, YV], ValidationFrequency=freq,
                      ValidationPatience=patience, InitialLearnRate=lr, Verbose=True,
                      OutputNetwork="last-iteration")
    out = capsys.readouterr().out
    assert len(info.TrainingLoss) == expected
    assert info.StopReason == "Met validation criterion"
    assert out.splitlines()[-1] == "Training finished: Met validation criterion."
    # the same run as the full one, up to the stop
    np.testing.assert_array_equal(info.TrainingLoss, full.TrainingLoss[:expected])
    np.testing.assert_array_equal(info.ValidationLoss, full.ValidationLoss[:expected])
    # the stop iteration is a validation iteration: its row has validation values
    last = table_rows(out)[-1]
    assert int(last[1]) == expected and last[4] != "" and last[6] != ""
    assert info.OutputNetworkIteration == expected
    assert info.FinalValidationLoss == pytest.approx(info.ValidationLoss[-1], rel=1e-12)


@pytest.fixture
def scripted_validation(monkeypatch):
    """Make validation return scripted losses (RMSE = sqrt(2 loss)), one per call."""
    from matlabnn.training import _Trainer
    script = []

    def validate(self):
        loss = script.pop(0) if script else 99.0
        return loss, math.sqrt(2 * loss)

    monkeypatch.setattr(_Trainer, "validate", validate)
    return script


@pytest.mark.parametrize("output_network,returned", [("last-iteration", 8),
                                                     ("best-validation-loss", 5)])
def test_equal_validation_loss_counts_as_no_improvement(scripted_validation, output_network,
                                                        returned, tmp_path):
    # counts:      0    0    1    2    0    1    2    3 -> stop at 8 with patience 3
    scripted_validation[:] = [1.0, 0.5, 0.5, 0.7, 0.4, 0.4, 0.4, 0.4, 0.1, 0.1]
    net, info = train(ValidationData=[XV, YV], ValidationFrequency=1, ValidationPatience=3,
                      OutputNetwork=output_network, CheckpointPath=str(tmp_path),
                      CheckpointFrequency=1, CheckpointFrequencyUnit="iteration")
    assert len(info.TrainingLoss) == 8
    assert info.StopReason == "Met validation criterion"
    np.testing.assert_array_equal(info.ValidationLoss, [1.0, 0.5, 0.5, 0.7, 0.4, 0.4, 0.4, 0.4])
    # ties: the first iteration with the lowest loss is the best one
    assert info.OutputNetworkIteration == returned
    assert same_learnables(net, matlabnn.load(checkpoints(str(tmp_path))[returned]).net)


def test_patience_counts_validations_not_iterations(scripted_validation):
    # ValidationFrequency 3: validations at 1, 3, 6, 9, 12; patience 2 stops at 9
    scripted_validation[:] = [1.0, 0.5, 0.6, 0.6, 0.1]
    _, info = train(ValidationData=[XV, YV], ValidationFrequency=3, ValidationPatience=2,
                    OutputNetwork="last-iteration")
    assert len(info.TrainingLoss) == 9
    assert [k + 1 for k in range(9) if not math.isnan(info.ValidationLoss[k])] == [1, 3, 6, 9]


def test_patience_inf_never_stops():
    _, info = train(ValidationData=[XV, YV], ValidationFrequency=1, InitialLearnRate=0.1)
    assert len(info.TrainingLoss) == 12 and info.StopReason == "Max epochs completed"


# ---------------------------------------------------------------------------
# OutputNetwork, proven with a checkpoint per iteration

@pytest.fixture(scope="module")
def output_network_runs(tmp_path_factory):
    """The same run (minimum validation loss at iteration 11 of 12) with each OutputNetwork,
    checkpointed every iteration."""
    runs = {}
    for value in ("last-iteration", "best-validation-loss", "auto"):
        folder = tmp_path_factory.mktemp(value)
        net, info = train(ValidationData=[XV, YV], ValidationFrequency=1, InitialLearnRate=0.1,
                          OutputNetwork=value, CheckpointPath=str(folder),
                          CheckpointFrequency=1, CheckpointFrequencyUnit="iteration")
        runs[value] = (net, info, checkpoints(folder))
    return runs


def test_checkpoints_of_the_output_network_runs_are_identical(output_network_runs):
    # OutputNetwork changes only what is returned, not the training
    (_, a, ca), (_, b, cb) = output_network_runs["last-iteration"], \
        output_network_runs["best-validation-loss"]
    np.testing.assert_array_equal(a.TrainingLoss, b.TrainingLoss)
    np.testing.assert_array_equal(a.ValidationLoss, b.ValidationLoss)
    assert sorted(ca) == sorted(cb) == list(range(1, 13))
    for it in ca:
        assert same_learnables(matlabnn.load(ca[it]).net, matlabnn.load(cb[it]).net)


def test_output_network_last_iteration(output_network_runs):
    net, info, files = output_network_runs["last-iteration"]
    assert info.OutputNetworkIteration == 12
    assert same_learnables(net, matlabnn.load(files[12]).net)
    best = int(np.nanargmin(info.ValidationLoss)) + 1
    assert best != 12 and not same_learnables(net, matlabnn.load(files[best]).net)
    assert info.FinalValidationLoss == pytest.approx(info.ValidationLoss[11], rel=1e-12)


@pytest.mark.parametrize("value", ["best-validation-loss", "auto"])
def test_output_network_best_validation_loss(output_network_runs, value):
    net, info, files = output_network_runs[value]
    vloss = info.ValidationLoss
    best = int(np.nanargmin(vloss)) + 1          # first minimum (strict '<')
    assert best < 12
    assert info.OutputNetworkIteration == best
    assert same_learnables(net, matlabnn.load(files[best]).net)
    assert not same_learnables(net, matlabnn.load(files[12]).net)
    # MATLAB reports the validation values of the returned network
    assert info.FinalValidationLoss == pytest.approx(vloss[best - 1], rel=1e-6)
    assert info.FinalValidationRMSE == pytest.approx(math.sqrt(2 * vloss[best - 1]), rel=1e-6)
    assert info.FinalValidationLoss == pytest.approx(regression_loss(net, XV, YV), rel=1e-4)
    # the info arrays are those of the whole run
    assert len(info.TrainingLoss) == 12


def test_output_network_auto_without_validation_is_last_iteration(tmp_path):
    net, info = train(OutputNetwork="auto", CheckpointPath=str(tmp_path),
                      CheckpointFrequency=1, CheckpointFrequencyUnit="iteration")
    files = checkpoints(str(tmp_path))
    assert info.OutputNetworkIteration == 12
    assert same_learnables(net, matlabnn.load(files[12]).net)


def test_output_network_best_validation_loss_needs_validation_data():
    with pytest.raises(MatlabnnError, match="ValidationData"):
        train(OutputNetwork="best-validation-loss")


def test_best_validation_loss_with_patience_returns_the_best_not_the_last():
    _, full = train(ValidationData=[XV, YV], ValidationFrequency=1, InitialLearnRate=0.1,
                    OutputNetwork="last-iteration")
    stop = expected_patience_stop(full.ValidationLoss, 2)
    best = int(np.nanargmin(full.ValidationLoss[:stop])) + 1
    assert best < stop < 12
    net, info = train(ValidationData=[XV, YV], ValidationFrequency=1, InitialLearnRate=0.1,
                      ValidationPatience=2, OutputNetwork="best-validation-loss")
    assert len(info.TrainingLoss) == stop
    assert info.OutputNetworkIteration == best
    assert info.FinalValidationLoss == pytest.approx(full.ValidationLoss[best - 1], rel=1e-6)
    assert info.FinalValidationLoss == pytest.approx(regression_loss(net, XV, YV), rel=1e-4)


# ---------------------------------------------------------------------------
# OutputFcn

def _recorder(log, stop_at=None):
    def fcn(info):
        log.append(dict(info))
        return stop_at is not None and info.State == "iteration" and info.Iteration == stop_at
    return fcn


OUTPUT_FCN_FIELDS = ["Epoch", "Iteration", "TimeSinceStart", "TrainingLoss", "ValidationLoss",
                     "BaseLearnRate", "TrainingAccuracy", "TrainingRMSE", "ValidationAccuracy",
                     "ValidationRMSE", "State"]


def test_output_fcn_called_at_start_every_iteration_and_done():
    log = []
    _, info = train(OutputFcn=_recorder(log), ValidationData=[XV, YV], ValidationFrequency=5,
                    OutputNetwork="last-iteration")
    assert [s["State"] for s in log] == ["start"] + ["iteration"] * 12 + ["done"]
    for s in log:
        assert sorted(s) == sorted(OUTPUT_FCN_FIELDS)
    start = log[0]
    assert start["Epoch"] == 0 and start["Iteration"] == 0
    assert all(start[f] is None for f in ("TrainingLoss", "ValidationLoss", "BaseLearnRate",
                                          "TrainingAccuracy", "TrainingRMSE",
                                          "ValidationAccuracy", "ValidationRMSE"))
    its = log[1:-1]
    assert [s["Iteration"] for s in its] == list(range(1, 13))
    assert [s["Epoch"] for s in its] == [1] * 4 + [2] * 4 + [3] * 4
    for k, s in enumerate(its):
        assert type(s["TrainingLoss"]) is float and type(s["TrainingRMSE"]) is float
        assert s["TrainingLoss"] == pytest.approx(info.TrainingLoss[k], rel=1e-12)
        assert s["TrainingRMSE"] == pytest.approx(info.TrainingRMSE[k], rel=1e-12)
        assert s["BaseLearnRate"] == pytest.approx(0.01)
        assert s["TrainingAccuracy"] is None and s["ValidationAccuracy"] is None
        if s["Iteration"] in (1, 5, 10, 12):
            assert s["ValidationLoss"] == pytest.approx(info.ValidationLoss[k], rel=1e-12)
            assert s["ValidationRMSE"] == pytest.approx(info.ValidationRMSE[k], rel=1e-12)
        else:
            assert s["ValidationLoss"] is None and s["ValidationRMSE"] is None
    times = [s["TimeSinceStart"] for s in its]
    assert all(isinstance(t, float) and t >= 0 for t in times) and times == sorted(times)
    done = log[-1]
    assert done["Iteration"] == 12 and done["Epoch"] == 3


def test_output_fcn_list_all_called_and_any_true_stops(capsys):
    a, b = [], []
    _, info = train(OutputFcn=[_recorder(a), _recorder(b, stop_at=6)], Verbose=True)
    out = capsys.readouterr().out
    # both functions see every call, up to the stop (and 'done')
    assert [s["State"] for s in a] == ["start"] + ["iteration"] * 6 + ["done"]
    assert a == b
    assert len(info.TrainingLoss) == 6 and len(info.TrainingRMSE) == 6
    assert info.StopReason == "Stopped by OutputFcn"
    assert out.splitlines()[-1] == "Training finished: Stopped by OutputFcn."
    assert int(table_rows(out)[-1][1]) == 6


def test_output_fcn_stop_returns_the_network_of_that_iteration(tmp_path):
    net, info = train(OutputFcn=_recorder([], stop_at=3), CheckpointPath=str(tmp_path),
                      CheckpointFrequency=1, CheckpointFrequencyUnit="iteration")
    files = checkpoints(str(tmp_path))
    assert sorted(files) == [1, 2, 3]
    assert info.OutputNetworkIteration == 3
    assert same_learnables(net, matlabnn.load(files[3]).net)


def test_output_fcn_returning_nothing_or_truthy_values():
    _, info = train(OutputFcn=lambda s: None)
    assert len(info.TrainingLoss) == 12
    # any value convertible to logical true stops (here a nonzero numpy scalar)
    _, info = train(OutputFcn=lambda s: np.float64(s.Iteration == 2))
    assert len(info.TrainingLoss) == 2 and info.StopReason == "Stopped by OutputFcn"


def test_output_fcn_stop_at_start_trains_nothing():
    net, info = train(OutputFcn=lambda s: s.State == "start")
    assert len(info.TrainingLoss) == 0
    assert info.StopReason == "Stopped by OutputFcn"
    assert predict(net, XV).shape == (4, 1)


def test_failing_output_fcn_propagates_and_leaves_the_layers_alone():
    lay = layers()

    def bad(info):
        if info.Iteration == 2:
            raise ValueError("my output function failed")

    rng(0)
    with pytest.raises(ValueError, match="my output function failed"):
        trainNetwork(XT, YT, lay, opts(OutputFcn=bad))
    assert lay[1].InputWeights is None and lay[1].RecurrentWeights is None
    assert lay[2].Weights is None and lay[2].Bias is None
    assert lay[1].Name == "" and lay[3].Name == ""
    # with given weights, they are the same arrays with the same values
    r = np.random.default_rng(5)
    W = r.normal(size=(12, 1)).astype(np.float32)
    lay = [sequenceInputLayer(1), lstmLayer(3, OutputMode="last", InputWeights=W.copy()),
           fullyConnectedLayer(1), regressionLayer()]
    before = np.array(lay[1].InputWeights)
    with pytest.raises(ValueError, match="my output function failed"):
        trainNetwork(XT, YT, lay, opts(OutputFcn=bad))
    np.testing.assert_array_equal(lay[1].InputWeights, before)


# ---------------------------------------------------------------------------
# Checkpoints

def test_checkpoints_every_epoch(tmp_path):
    net, info = train(MaxEpochs=3, CheckpointPath=str(tmp_path))     # unit 'epoch', every 1
    files = checkpoints(str(tmp_path))
    assert sorted(files) == [4, 8, 12]          # the iteration at the end of each epoch
    for it, path in files.items():
        m = CHECKPOINT_RE.match(os.path.basename(path))
        year, month, day, hh, mm, ss = (int(g) for g in m.groups()[1:])
        assert 2000 < year and 1 <= month <= 12 and 1 <= day <= 31
        assert hh < 24 and mm < 60 and ss < 61
    S = matlabnn.load(files[12])
    assert list(S.keys()) == ["net"]
    assert isinstance(S.net, matlabnn.SeriesNetwork)
    assert same_learnables(S.net, net)
    np.testing.assert_array_equal(predict(S.net, XV), predict(net, XV))


@pytest.mark.parametrize("unit,freq,expected", [("epoch", 2, [8]), ("epoch", 1, [4, 8, 12]),
                                                ("iteration", 5, [5, 10]),
                                                ("iteration", 1, list(range(1, 13)))])
def test_checkpoint_frequency(tmp_path, unit, freq, expected):
    train(CheckpointPath=str(tmp_path), CheckpointFrequency=freq,
          CheckpointFrequencyUnit=unit)
    assert sorted(checkpoints(str(tmp_path))) == expected


def test_checkpoint_restores_and_training_continues(tmp_path):
    folder = tmp_path / "ck"
    folder.mkdir()
    net, info = train(MaxEpochs=4, CheckpointPath=str(folder), CheckpointFrequency=1,
                      CheckpointFrequencyUnit="iteration", InitialLearnRate=0.05)
    files = checkpoints(str(folder))
    loaded = matlabnn.load(files[8]).net
    P = predict(loaded, XV)
    assert P.shape == (4, 1) and np.all(np.isfinite(P))
    # continue from the checkpoint of iteration 8 (end of epoch 2) with plain SGD, one epoch:
    # the first loss is the loss of the checkpointed network on the first mini-batch ...
    rng(0)
    o = trainingOptions("sgdm", MaxEpochs=1, MiniBatchSize=2, Shuffle="never", Verbose=False,
                        InitialLearnRate=1e-3, Momentum=0.0)
    net2, info2 = trainNetwork(XT, YT, loaded.Layers, o, nargout=2)
    first = regression_loss(loaded, XT[:2], YT[:2])
    assert info2.TrainingLoss[0] == pytest.approx(first, rel=1e-4)
    # ... which equals the loss the original run had at iteration 9 (the same mini-batch,
    # before that iteration's update)
    assert info2.TrainingLoss[0] == pytest.approx(info.TrainingLoss[8], rel=1e-4)
    # and is lower than a fresh network's first loss
    rng(0)
    _, fresh = trainNetwork(XT, YT, layers(), o, nargout=2)
    assert info2.TrainingLoss[0] < fresh.TrainingLoss[0]
    # the checkpointed network's layers were used, not reinitialized
    assert not same_learnables(net2, loaded) and learnables(net2).keys() == \
        learnables(loaded).keys()


def test_checkpoint_network_of_a_validation_run_keeps_training_weights(tmp_path):
    # with 'best-validation-loss' the checkpoints still hold the current (not the best)
    # weights: the checkpoint of the last iteration differs from the returned network
    net, info = train(ValidationData=[XV, YV], ValidationFrequency=1, InitialLearnRate=0.1,
                      CheckpointPath=str(tmp_path))
    files = checkpoints(str(tmp_path))
    assert sorted(files) == [4, 8, 12]
    assert info.OutputNetworkIteration == int(np.nanargmin(info.ValidationLoss)) + 1 < 12
    assert not same_learnables(net, matlabnn.load(files[12]).net)
