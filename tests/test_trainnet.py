"""trainnet: the loss ratio to trainNetwork, metrics and objective, stops, displays, errors."""
import contextlib
import io

import numpy as np
import pytest

from matlabnn import (bilstmLayer, categorical, categories, dlnetwork,
                      fullyConnectedLayer, lstmLayer, regressionLayer, rng, sequenceInputLayer,
                      featureInputLayer, sigmoidLayer, softmaxLayer, trainNetwork,
                      trainingOptions, trainnet, accuracyMetric)
from matlabnn.errors import InvalidDataError, InvalidNetworkError, MatlabnnTypeError, \
    MatlabnnValueError
from matlabnn.trainnet_choices import pinned


def _regression_data(n=8, T=12, C=2, R=3, seed=0):
    g = np.random.default_rng(seed)
    X = [g.standard_normal((T, C)) for _ in range(n)]              # equal lengths
    Y = [np.stack([x[:, 0] * (r + 1) - x[:, 1] for r in range(R)], 1) for x in X]
    return X, Y


def _classification_data(n=24, seed=0):
    g = np.random.default_rng(seed)
    X, labels = [], []
    for k in range(n):
        cls = k % 3
        T = int(g.integers(5, 12))
        x = g.standard_normal((T, 2)) * 0.3
        x[:, 0] += cls - 1
        X.append(x)
        labels.append("abc"[cls])
    return X, categorical(labels)


def _both_losses(R, iterations=4, **choice):
    X, Y = _regression_data(R=R)
    layers = [sequenceInputLayer(2), lstmLayer(5), fullyConnectedLayer(R)]
    opts = dict(MaxEpochs=iterations, MiniBatchSize=8, Shuffle="never", Verbose=False,
                L2Regularization=0, InitialLearnRate=0.05)
    rng(3)
    _, legacy = trainNetwork([x.T for x in X], [y.T for y in Y], layers + [regressionLayer()],
                             trainingOptions("sgdm", **opts), nargout=2)
    rng(3)
    with pinned(**choice):
        _, info = trainnet(X, Y, layers, "mse", trainingOptions("sgdm", **opts), nargout=2)
    return np.asarray(legacy.TrainingLoss), np.asarray(info.TrainingHistory.Loss)


@pytest.mark.parametrize("R", [1, 3])
def test_mse_ratio_to_regression_layer_pinned(R):
    """Pinned: trainnet "mse" = mean over every element, not halved = (2/R) x regressionLayer."""
    legacy, new = _both_losses(R, iterations=1)
    assert new[0] == pytest.approx(2.0 / R * legacy[0], rel=1e-5)


def test_mse_ratio_other_switch_position():
    """Switched to regressionLayer's normalisation the two runs are the same run."""
    legacy, new = _both_losses(3, iterations=4, mse_normalization="observation-time",
                               mse_halved=True)
    np.testing.assert_allclose(new, legacy, rtol=1e-5)


def test_verbose_output_and_stop_wording():
    X, T = _classification_data()
    out = io.StringIO()
    rng(0)
    opts = trainingOptions("adam", MaxEpochs=3, MiniBatchSize=8, VerboseFrequency=4,
                           Metrics="accuracy", ValidationData=[X[:6], T[:6]],
                           ValidationFrequency=5)
    with contextlib.redirect_stdout(out):
        net, info = trainnet(X, T, [sequenceInputLayer(2), lstmLayer(6, OutputMode="last"),
                                    fullyConnectedLayer(3), softmaxLayer()],
                             "crossentropy", opts, nargout=2)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Iteration", "Epoch", "TimeElapsed", "LearnRate",
                                "TrainingLoss", "ValidationLoss", "TrainingAccuracy",
                                "ValidationAccuracy"]
    assert set(lines[1].replace(" ", "")) == {"_"}
    assert lines[2].split()[:3] == ["0", "0", "00:00:00"]
    assert [int(l.split()[0]) for l in lines[3:-1]] == [1, 4, 5, 8, 9]
    assert lines[-1] == "Training stopped: Max epochs completed"
    assert info.StopReason == "Max epochs completed"
    assert list(info.ValidationHistory.Iteration) == [0, 1, 5, 9]
    assert len(info.TrainingHistory) == 9 and info.OutputNetworkIteration in (1, 5, 9)
    assert np.all((info.TrainingHistory.Accuracy >= 0) & (info.TrainingHistory.Accuracy <= 100))


def test_objective_metric_drives_patience():
    X, T = _classification_data()
    rng(0)
    opts = trainingOptions("adam", MaxEpochs=50, MiniBatchSize=8, Verbose=False,
                           Metrics=["accuracy", "fscore"], ObjectiveMetricName="accuracy",
                           ValidationData=[X, T], ValidationFrequency=1, ValidationPatience=2,
                           InitialLearnRate=1e-6)
    net, info = trainnet(X, T, [sequenceInputLayer(2), lstmLayer(4, OutputMode="last"),
                                fullyConnectedLayer(3), softmaxLayer()],
                         "crossentropy", opts, nargout=2)
    assert info.StopReason == "Met validation criterion"
    assert len(info.TrainingHistory) < 150
    with pytest.raises(MatlabnnValueError, match="ObjectiveMetricName 'rmse'"):
        opts.ObjectiveMetricName = "rmse"
        trainnet(X, T, [sequenceInputLayer(2), lstmLayer(4, OutputMode="last"),
                        fullyConnectedLayer(3), softmaxLayer()], "crossentropy", opts)


def test_output_fcn_stops_and_gets_fields():
    X, Y = _regression_data()
    seen = []

    def fcn(info):
        seen.append(info)
        return info.Iteration == 2

    opts = trainingOptions("adam", MaxEpochs=10, MiniBatchSize=4, Verbose=False,
                           OutputFcn=fcn, Metrics="rmse")
    _, info = trainnet(X, Y, [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3)],
                       "mse", opts, nargout=2)
    assert info.StopReason == "Stopped by OutputFcn"
    assert [s.State for s in seen] == ["start", "iteration", "iteration", "done"]
    assert seen[1].TrainingLoss > 0 and seen[1].TrainingRMSE > 0


def test_caller_objects_unchanged_and_continued_training():
    X, Y = _regression_data()
    layers = [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3)]
    rng(0)
    net0 = dlnetwork(layers)
    w0 = net0.Learnables.Value[0].copy()
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=4, Verbose=False)
    net1 = trainnet(X, Y, net0, "mse", opts)
    np.testing.assert_array_equal(net0.Learnables.Value[0], w0)      # input untouched
    assert layers[1].InputWeights is None
    assert not np.array_equal(net1.Learnables.Value[0], w0)
    assert isinstance(net1, dlnetwork) and net1.Initialized


@pytest.mark.parametrize("loss", ["mae", "huber", "l2loss", "mean-absolute-error"])
def test_regression_losses_train(loss):
    X, Y = _regression_data()
    opts = trainingOptions("adam", MaxEpochs=3, MiniBatchSize=4, Verbose=False,
                           InitialLearnRate=0.01)
    _, info = trainnet(X, Y, [sequenceInputLayer(2), lstmLayer(6), fullyConnectedLayer(3)],
                       loss, opts, nargout=2)
    assert np.all(np.isfinite(info.TrainingHistory.Loss))


def test_index_and_binary_crossentropy_and_features():
    X, T = _classification_data()
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=8, Verbose=False,
                           Metrics="accuracy")
    layers = [sequenceInputLayer(2), lstmLayer(4, OutputMode="last"), fullyConnectedLayer(3),
              softmaxLayer()]
    _, a = trainnet(X, T, layers, "index-crossentropy", opts, nargout=2)
    idx = np.array([categories(T).index(str(t)) + 1 for t in T.tolist()])[:, None]
    rng(0)
    _, b = trainnet(X, idx, layers, "index-crossentropy", opts, nargout=2)
    assert np.all(np.isfinite(a.TrainingHistory.Loss)) and np.isfinite(b.TrainingHistory.Loss[0])
    g = np.random.default_rng(0)
    F = g.standard_normal((30, 4))
    B = (F[:, :2] > 0).astype(float)
    _, c = trainnet(F, B, [featureInputLayer(4), fullyConnectedLayer(2), sigmoidLayer()],
                    "binary-crossentropy", trainingOptions("adam", MaxEpochs=20,
                                                           MiniBatchSize=30, Verbose=False,
                                                           InitialLearnRate=0.05), nargout=2)
    assert c.TrainingHistory.Loss[-1] < c.TrainingHistory.Loss[0]


def test_data_formats_option():
    X, Y = _regression_data()
    opts = trainingOptions("adam", MaxEpochs=1, MiniBatchSize=8, Verbose=False,
                           InputDataFormats="CTB", TargetDataFormats="CTB", Shuffle="never")
    rng(1)
    _, a = trainnet([x.T for x in X], [y.T for y in Y],
                    [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3)], "mse", opts,
                    nargout=2)
    opts2 = trainingOptions("adam", MaxEpochs=1, MiniBatchSize=8, Verbose=False,
                            Shuffle="never")
    rng(1)
    _, b = trainnet(X, Y, [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3)], "mse",
                    opts2, nargout=2)
    assert a.TrainingHistory.Loss[0] == pytest.approx(b.TrainingHistory.Loss[0])
    assert "InputDataFormats" in repr(opts) and opts._trainnet_display()


def test_errors():
    X, Y = _regression_data()
    opts = trainingOptions("adam", MaxEpochs=1, Verbose=False)
    layers = [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3)]
    with pytest.raises(InvalidNetworkError, match="no output layers"):
        trainnet(X, Y, layers + [regressionLayer()], "mse", opts)
    with pytest.raises(MatlabnnValueError, match="custom loss functions"):
        trainnet(X, Y, layers, lambda Y, T: 0, opts)
    with pytest.raises(InvalidDataError, match="T-by-C"):
        trainnet([x.T for x in X], Y, layers, "mse", opts)       # C-by-S by mistake
    with pytest.raises(InvalidDataError, match="same number of observations"):
        trainnet(X, Y[:3], layers, "mse", opts)
    with pytest.raises(MatlabnnTypeError, match="regression metric"):
        trainnet(X, Y, layers, "crossentropy",
                 trainingOptions("adam", Metrics="rmse", Verbose=False))
    with pytest.raises(MatlabnnTypeError, match="in-memory"):
        trainnet(X, layers, "mse", opts)
    with pytest.raises(InvalidDataError, match="Categorical targets need"):
        trainnet(X[:3], categorical(["a", "b", "a"]), layers, "mse", opts)
    Xc, Tc = _classification_data()
    with pytest.raises(InvalidDataError, match="number of classes"):
        trainnet(Xc, Tc, [sequenceInputLayer(2), lstmLayer(3, OutputMode="last"),
                          fullyConnectedLayer(5), softmaxLayer()], "crossentropy", opts)


def test_nan_stop_wording():
    X, Y = _regression_data()
    Y = [y * 1e30 for y in Y]
    opts = trainingOptions("sgdm", MaxEpochs=3, MiniBatchSize=8, Verbose=True,
                           InitialLearnRate=10)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.warns(RuntimeWarning, match="trainnet"):
        _, info = trainnet(X, Y, [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(3)],
                           "mse", opts, nargout=2)
    assert info.StopReason == "Training loss is NaN"
    assert out.getvalue().splitlines()[-1] == "Training stopped: Training loss is NaN"


def test_progress_plot_and_show():
    import matplotlib
    matplotlib.use("Agg")
    from matlabnn import show
    X, T = _classification_data()
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=8, Verbose=False,
                           Plots="training-progress", Metrics=[accuracyMetric(), "recall"])
    _, info = trainnet(X, T, [sequenceInputLayer(2), bilstmLayer(3, OutputMode="last"),
                              fullyConnectedLayer(3), softmaxLayer()], "crossentropy", opts,
                       nargout=2)
    fig = show(info)
    assert [ax.get_title() for ax in fig.axes] == ["Loss", "Accuracy", "Recall"]
    assert len(fig.axes[0].lines[0].get_xdata()) == len(info.TrainingHistory)
    info.close()


def test_output_network_auto_pinned_and_switched():
    X, Y = _regression_data()
    opts = trainingOptions("adam", MaxEpochs=6, MiniBatchSize=4, Verbose=False,
                           ValidationData=[X[:4], Y[:4]], ValidationFrequency=2,
                           InitialLearnRate=0.05)
    layers = [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3)]
    rng(0)
    _, best = trainnet(X, Y, layers, "mse", opts, nargout=2)
    vh = best.ValidationHistory
    trained = vh.Iteration > 0
    assert best.OutputNetworkIteration == vh.Iteration[trained][np.argmin(vh.Loss[trained])]
    rng(0)
    with pinned(output_network_auto="last-iteration"):
        _, last = trainnet(X, Y, layers, "mse", opts, nargout=2)
    assert last.OutputNetworkIteration == len(last.TrainingHistory)


def test_training_info_save_load(tmp_path):
    from matlabnn import load, save
    X, Y = _regression_data()
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=4, Verbose=False, Metrics="rmse",
                           ValidationData=[X[:2], Y[:2]])
    _, info = trainnet(X, Y, [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(3)],
                       "mse", opts, nargout=2)
    path = str(tmp_path / "info.mat")
    save(path, info=info)
    back = load(path).info
    assert back.StopReason == info.StopReason
    assert back.OutputNetworkIteration == info.OutputNetworkIteration
    for name in ("TrainingHistory", "ValidationHistory"):
        a, b = getattr(info, name), getattr(back, name)
        assert a.VariableNames == b.VariableNames
        for v in a.VariableNames:
            np.testing.assert_allclose(b[v], a[v])
    assert back.TrainingHistory.Iteration.dtype.kind == "i"


def test_checkpoints_hold_dlnetworks(tmp_path):
    from matlabnn import load
    X, Y = _regression_data()
    opts = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=4, Verbose=False,
                           CheckpointPath=str(tmp_path))
    trainnet(X, Y, [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(3)], "mse", opts)
    files = sorted(tmp_path.glob("net_checkpoint__*.mat"))
    assert len(files) == 2
    net = load(str(files[-1])).net
    assert isinstance(net, dlnetwork) and net.Initialized
    assert net.OutputNames == ["fc"]
