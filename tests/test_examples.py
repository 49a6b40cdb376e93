"""The example scripts run in the suite with reduced epochs (design §4)."""
import contextlib
import io
import math
import os

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from examples import chickenpox_forecast  # noqa: E402
from matlabnn import SeriesNetwork  # noqa: E402


@pytest.fixture(scope="module")
def chickenpox(tmp_path_factory):
    out = tmp_path_factory.mktemp("chickenpox")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = chickenpox_forecast.main(max_epochs=3, out_dir=str(out), verbose=False,
                                          plots=False)
    return out, result, printed.getvalue()


def test_chickenpox_results(chickenpox):
    _, result, _ = chickenpox
    assert {"rmse_closed", "rmse_open", "rmse_persistence", "info", "net", "figures"} <= \
        set(result)
    for key in ("rmse_closed", "rmse_open", "rmse_persistence"):
        assert isinstance(result[key], float) and math.isfinite(result[key]) and result[key] > 0
    info = result["info"]
    # one sequence -> one mini-batch -> one iteration per epoch
    assert len(info.TrainingLoss) == 3
    assert np.all(np.isfinite(info.TrainingLoss))
    np.testing.assert_allclose(info.TrainingRMSE, np.sqrt(2 * info.TrainingLoss), rtol=1e-5)
    # LearnRateDropPeriod max(1, 3 // 2) = 1, factor 0.2, from 0.005
    np.testing.assert_allclose(info.BaseLearnRate, [0.005, 0.001, 0.0002], rtol=1e-6)
    net = result["net"]
    assert isinstance(net, SeriesNetwork)
    assert [l.Name for l in net.Layers] == ["sequenceinput", "lstm", "fc", "regressionoutput"]
    # the network comes back after open-loop forecasting: state H-by-1
    assert net.Layers[1].HiddenState.shape == (200, 1)


def test_chickenpox_figures(chickenpox):
    out, result, _ = chickenpox
    figures = result["figures"]
    assert len(figures) == 2          # plots=False: no training-progress figure
    names = sorted(os.path.basename(f) for f in figures)
    assert names == ["chickenpox_forecast_closed_loop.png", "chickenpox_forecast_with_updates.png"]
    for path in figures:
        assert os.path.dirname(path) == str(out)
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        assert os.path.getsize(path) > 5000


def test_chickenpox_prints_the_rmse_lines(chickenpox):
    out = chickenpox[2].splitlines()
    assert len(out) == 3          # verbose=False: no training table
    assert out[-3].startswith("RMSE, closed-loop forecast:")
    assert out[-2].startswith("RMSE, forecast with updates (open loop):")
    assert out[-1].startswith("RMSE, persistence forecast (baseline):")
    assert all(line.endswith(" cases") for line in out[-3:])


# ---------------------------------------------------------------------------
# Japanese Vowels (sequence-to-label classification, BiLSTM)

@pytest.fixture(scope="module")
def japanese_vowels(tmp_path_factory):
    from examples import japanese_vowels_classification
    out = tmp_path_factory.mktemp("japanese_vowels")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = japanese_vowels_classification.main(max_epochs=1, out_dir=str(out),
                                                     plots=True)
    return out, result, printed.getvalue()


def test_japanese_vowels_results(japanese_vowels):
    _, result, printed = japanese_vowels
    assert {"accuracy", "training_time", "info", "net", "figure"} <= set(result)
    acc = result["accuracy"]
    assert isinstance(acc, float) and 0.0 <= acc <= 1.0
    # 370 test utterances: the accuracy is a count over 370
    assert abs(acc * 370 - round(acc * 370)) < 1e-9
    info = result["info"]
    # 270 training sequences, mini-batch 27: 10 iterations in the one epoch
    assert len(info.TrainingLoss) == len(info.TrainingAccuracy) == 10
    assert np.all(np.isfinite(info.TrainingLoss))
    assert np.all((info.TrainingAccuracy >= 0) & (info.TrainingAccuracy <= 100))
    assert info.StopReason == "Max epochs completed"
    net = result["net"]
    assert isinstance(net, SeriesNetwork)
    assert [l.Name for l in net.Layers] == ["sequenceinput", "bilstm", "fc", "softmax",
                                            "classoutput"]
    assert type(net.Layers[1]).__name__ == "BiLSTMLayer"
    assert net.Layers[-1].Classes == [str(k) for k in range(1, 10)]
    lines = printed.splitlines()
    assert lines[-1].startswith("Test accuracy: ")
    assert f"{acc:.4f}" in lines[-1]


def test_japanese_vowels_saves_the_training_progress_png(japanese_vowels):
    out, result, _ = japanese_vowels
    path = result["figure"]
    assert path == os.path.join(str(out), "japanese_vowels_training_progress.png")
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(path) > 5000
    from matplotlib.text import Text
    fig = result["info"].Figure
    texts = "\n".join(t.get_text() for t in fig.findobj(Text))
    assert "Training finished: Max epochs completed" in texts
    assert "Iteration: 10 of 10" in texts


# ---------------------------------------------------------------------------
# Turbofan RUL (sequence-to-sequence regression)

def test_turbofan_script_on_a_subset(monkeypatch):
    """main() end to end (constant-feature removal, z-scoring, clipping at 150, sorting,
    training, predict with MiniBatchSize 1, RMSE at the last cycle) on the 5 shortest
    training engines and 2 test engines. The full data set (about 27 s on 2 cores) runs
    in the benchmarks (benchmarks/run.py, W3), not in the suite."""
    from examples import turbofan_rul_regression as tf
    XTr, YTr = tf.processTurboFanDataTrain()
    XTe, YTe = tf.processTurboFanDataTest()
    short = np.argsort([x.shape[1] for x in XTr], kind="stable")[:5]
    monkeypatch.setattr(tf, "processTurboFanDataTrain",
                        lambda *a: ([XTr[i] for i in short], [YTr[i] for i in short]))
    monkeypatch.setattr(tf, "processTurboFanDataTest", lambda *a: (XTe[:2], YTe[:2]))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = tf.main(max_epochs=1)
    assert {"rmse", "training_time", "net"} <= set(result)
    assert isinstance(result["rmse"], float) and math.isfinite(result["rmse"])
    assert result["rmse"] > 0
    net = result["net"]
    assert isinstance(net, SeriesNetwork)
    assert [type(l).__name__ for l in net.Layers] == [
        "SequenceInputLayer", "LSTMLayer", "FullyConnectedLayer", "DropoutLayer",
        "FullyConnectedLayer", "RegressionOutputLayer"]
    assert net.Layers[1].NumHiddenUnits == 200
    assert printed.getvalue().splitlines()[-1].startswith("Test RMSE at the last cycle: ")


# ---------------------------------------------------------------------------
# mapminmax forecast (helper functions around the network: mapminmax, rmse, mse, mae)

def test_mapminmax_forecast_script(tmp_path):
    from examples import mapminmax_forecast
    from matlabnn import mapminmax, rmse
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = mapminmax_forecast.main(max_epochs=3, out_dir=str(tmp_path), verbose=False)
    ps, YPred, YTest = result["ps"], result["YPred"], result["YTest"]
    # the training data were scaled to [-1, 1] with one row of settings
    assert ps.xrows == 1 and (ps.ymin, ps.ymax) == (-1.0, 1.0)
    data = np.array(mapminmax_forecast.chickenpox_dataset())
    n_train = int(np.floor(0.9 * data.size))
    assert ps.xmin[0, 0] == data[:n_train + 1].min() and ps.xmax[0, 0] == data[:n_train + 1].max()
    np.testing.assert_array_equal(YTest, data[n_train + 1:])
    # predictions come back in cases (reverse mapping) and are scored in cases
    assert YPred.shape == (1, YTest.size)
    np.testing.assert_allclose(mapminmax("reverse", mapminmax("apply", YPred, ps), ps), YPred,
                               rtol=1e-5)
    assert result["rmse"] == pytest.approx(float(np.sqrt(np.mean((YPred[0] - YTest) ** 2))),
                                           rel=1e-6)
    assert result["mse"] == pytest.approx(result["rmse"] ** 2, rel=1e-6)
    assert 0 < result["mae"] <= result["rmse"]
    assert result["rmse_persistence"] == pytest.approx(float(rmse(data[n_train:-1], YTest)))
    assert len(result["info"].TrainingLoss) == 3
    lines = printed.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].startswith("RMSE, one-step forecast:")
    with open(result["figure"], "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


# Residual LSTM (layerGraph, connectLayers, additionLayer; a DAGNetwork)

@pytest.fixture(scope="module")
def residual(tmp_path_factory):
    from examples import residual_lstm
    out = tmp_path_factory.mktemp("residual")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = residual_lstm.main(max_epochs=2, out_dir=str(out), verbose=True, plots=False)
    return out, result, printed.getvalue()


def test_residual_lstm_results(residual):
    from matlabnn import DAGNetwork
    _, result, printed = residual
    for key in ("rmse_open", "rmse_closed", "rmse_persistence"):
        assert isinstance(result[key], float) and math.isfinite(result[key]) and result[key] > 0
    # the persistence forecast is the chickenpox example's baseline
    data = np.array(chickenpox_forecast.chickenpox_dataset())
    n = int(np.floor(0.9 * data.size))
    assert result["rmse_persistence"] == pytest.approx(
        chickenpox_forecast.persistence_rmse(data[n:]))
    info = result["info"]
    assert len(info.TrainingLoss) == 2 and np.all(np.isfinite(info.TrainingLoss))
    net = result["net"]
    assert isinstance(net, DAGNetwork)
    assert [l.Name for l in net.Layers] == ["in", "lstm", "fc", "add", "regressionoutput"]
    assert list(zip(net.Connections.Source, net.Connections.Destination)) == [
        ("in", "lstm"), ("lstm", "fc"), ("fc", "add/in1"), ("add", "regressionoutput"),
        ("in", "add/in2")]
    assert net.Layers[1].HiddenState.shape == (200, 1)     # state carried by the forecasts
    lines = printed.splitlines()
    assert "{'add/in2'" in printed                          # the Connections table
    assert "|  Epoch  |  Iteration  |" in printed          # MATLAB's training table
    assert lines[-3].startswith("RMSE, forecast with updates (open loop):")
    assert lines[-2].startswith("RMSE, closed-loop forecast:")
    assert lines[-1].startswith("RMSE, persistence forecast (baseline):")


def test_residual_lstm_figures(residual):
    out, result, _ = residual
    names = [os.path.basename(p) for p in result["figures"]]
    assert names == ["residual_lstm_graph.png", "residual_lstm_forecast.png"]
    for path in result["figures"]:
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        assert os.path.getsize(path) > 5000


# ---------------------------------------------------------------------------
# Layers beyond the recurrent ones (issue 13): a causal TCN on chickenpox and the
# CNN-LSTM folding template on the turbofan data.

def test_tcn_chickenpox_runs_end_to_end():
    from examples import tcn_chickenpox
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = tcn_chickenpox.main(max_epochs=20)
    for key in ("rmse_open", "rmse_closed", "rmse_persistence"):
        assert math.isfinite(result[key]) and result[key] > 0
    assert len(result["info"].TrainingLoss) == 20
    net = result["net"]
    assert type(net).__name__ == "DAGNetwork"
    kinds = [type(l).__name__ for l in net.Layers]
    assert kinds.count("AdditionLayer") == 3 and kinds.count("Convolution1DLayer") == 7
    assert printed.getvalue().splitlines()[0].startswith(
        "RMSE, forecast with updates (open loop):")


def test_cnn_lstm_turbofan_on_a_subset(monkeypatch):
    from examples import cnn_lstm_turbofan as cl
    XTr, YTr = cl.processTurboFanDataTrain()
    XTe, YTe = cl.processTurboFanDataTest()
    short = np.argsort([x.shape[1] for x in XTr], kind="stable")[:6]
    monkeypatch.setattr(cl, "processTurboFanDataTrain",
                        lambda *a: ([XTr[i] for i in short], [YTr[i] for i in short]))
    monkeypatch.setattr(cl, "processTurboFanDataTest", lambda *a: (XTe[:3], YTe[:3]))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = cl.main(max_epochs=2, num_hidden_units=16)
    assert math.isfinite(result["rmse"]) and result["rmse"] > 0
    net = result["net"]
    assert [type(l).__name__ for l in net.Layers][:3] == [
        "SequenceInputLayer", "SequenceFoldingLayer", "Convolution2DLayer"]
    bn = next(l for l in net.Layers if type(l).__name__ == "BatchNormalizationLayer")
    assert bn.TrainedMean.shape == (16, 1)     # population statistics after training
    assert printed.getvalue().splitlines()[-1].startswith("Test RMSE at the last cycle: ")


# ---------------------------------------------------------------------------
# ---------------------------------------------------------------------------
# The trainnet-era ports (WaveformData-style data from examples/waveform_data.py)

@pytest.fixture(scope="module")
def waveform_forecast(tmp_path_factory):
    from examples import waveform_forecast_trainnet
    out = tmp_path_factory.mktemp("waveform_forecast")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = waveform_forecast_trainnet.main(max_epochs=2, num_observations=30,
                                                 out_dir=str(out), plots=True)
    return out, result, printed.getvalue()


def test_waveform_forecast_port(waveform_forecast):
    from matlabnn import dlnetwork
    out, result, printed = waveform_forecast
    net, info = result["net"], result["info"]
    assert isinstance(net, dlnetwork)
    assert [l.Name for l in net.Layers] == ["sequenceinput", "lstm", "fc"]
    # 27 training sequences, MiniBatchSize 128 -> one mini-batch (27) per epoch
    assert list(info.TrainingHistory.Iteration) == [1, 2]
    assert info.StopReason == "Max epochs completed"
    assert len(result["err"]) == 3 and np.all(np.isfinite(result["err"]))
    assert math.isfinite(result["open_loop_rmse"])
    assert result["closed_loop"].shape == (200, 3) and np.all(np.isfinite(result["closed_loop"]))
    assert "Mean RMSE" in printed and "open-loop" in printed
    assert len(result["figures"]) == 5
    for path in result["figures"]:
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def waveform_classification(tmp_path_factory):
    from examples import waveform_classification_trainnet
    out = tmp_path_factory.mktemp("waveform_classification")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = waveform_classification_trainnet.main(max_epochs=2, num_observations=40,
                                                       num_hidden_units=8, out_dir=str(out),
                                                       plots=False)
    return out, result, printed.getvalue()


def test_waveform_classification_port(waveform_classification):
    out, result, printed = waveform_classification
    info = result["info"]
    assert info.TrainingHistory.Properties.VariableNames == ["Iteration", "Epoch", "LearnRate",
                                                             "Loss", "Accuracy"]
    assert 0 <= result["acc"] <= 100
    YTest, TTest = result["YTest"], result["TTest"]
    assert len(YTest) == len(TTest) == 4
    assert result["acc"] == pytest.approx(100 * np.mean(YTest == TTest))
    assert result["counts"].sum() == 4
    assert "classNames = ['Sawtooth', 'Sine', 'Square', 'Triangle']" in printed
    assert len(result["figures"]) == 3
