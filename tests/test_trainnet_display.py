"""trainnet-era displays: options, the verbose table, TrainingInfo and its tables."""
import io

import numpy as np
import pytest

from matlabnn import trainingOptions
from matlabnn.display.trainnet_table import TrainnetTable, format_short_g, trainnet_columns
from matlabnn.errors import MatlabnnValueError
from matlabnn.metrics import accuracyMetric
from matlabnn.trainnet_info import HistoryRecorder, TrainnetInfo


def test_verbose_table_matches_matlab_sample():
    out = io.StringIO()
    t = TrainnetTable([], has_validation=False, stream=out)
    t.header()
    t.row({"Iteration": 1, "Epoch": 1, "TimeElapsed": 0.3, "LearnRate": 0.001,
           "TrainingLoss": 2.27431})
    t.row({"Iteration": 50, "Epoch": 50, "TimeElapsed": 3.9, "LearnRate": 0.001,
           "TrainingLoss": 1.313812})
    t.stopped("Max epochs completed")
    assert out.getvalue().splitlines() == [
        "    Iteration    Epoch    TimeElapsed    LearnRate    TrainingLoss",
        "    _________    _____    ___________    _________    ____________",
        "            1        1       00:00:00        0.001          2.2743",
        "           50       50       00:00:03        0.001          1.3138",
        "Training stopped: Max epochs completed"]


def test_verbose_table_validation_and_metrics():
    cols = trainnet_columns(["Accuracy"], True)
    assert cols == ["Iteration", "Epoch", "TimeElapsed", "LearnRate", "TrainingLoss",
                    "ValidationLoss", "TrainingAccuracy", "ValidationAccuracy"]
    out = io.StringIO()
    t = TrainnetTable(["Accuracy"], True, verbose_frequency=50, validation_frequency=20,
                      stream=out)
    t.row({"Iteration": 0, "Epoch": 0, "TimeElapsed": 0, "ValidationLoss": 1.3863,
           "ValidationAccuracy": 25.0})
    line = out.getvalue().rstrip("\n")
    assert line.split() == ["0", "0", "00:00:00", "1.3863", "25"]
    assert t.should_print(1) and t.should_print(40) and t.should_print(50)
    assert not t.should_print(41)
    assert format_short_g(1e-5) == "1e-05" and format_short_g(85.9375) == "85.938"


def test_learnables_style_table_display_and_access():
    from matlabnn import dlnetwork, lstmLayer, sequenceInputLayer
    t = dlnetwork([sequenceInputLayer(3), lstmLayer(2)]).Learnables
    text = repr(t)
    assert "3\u00d73 table" in text
    assert '"lstm"' in text and "{8\u00d73 single}" in text and "{8\u00d71 single}" in text
    assert list(t.Parameter) == ["InputWeights", "RecurrentWeights", "Bias"]
    assert t["Layer"][0] == "lstm"
    assert t.Properties.VariableNames == ["Layer", "Parameter", "Value"] and len(t) == 3
    with pytest.raises(AttributeError, match="Unrecognized table variable"):
        t.Loss


def test_training_info():
    rec = HistoryRecorder(["Accuracy"], has_validation=True)
    rec.add_validation(0, 1.4, {"Accuracy": 25.0})
    for k in range(1, 4):
        rec.add_training(k, 1, 0.001, 1.0 / k, {"Accuracy": 30.0 + k})
    rec.add_validation(3, 0.9, {"Accuracy": 50.0})
    th, vh = rec.tables()
    info = TrainnetInfo(th, vh, ["Accuracy"], 3, "Max epochs completed")
    assert th.Properties.VariableNames == ["Iteration", "Epoch", "LearnRate", "Loss",
                                           "Accuracy"]
    assert vh.Properties.VariableNames == ["Iteration", "Loss", "Accuracy"]
    np.testing.assert_allclose(th.Loss, [1, 0.5, 1 / 3])
    assert list(vh.Iteration) == [0, 3]
    text = repr(info)
    assert "TrainingInfo with properties:" in text
    assert 'StopReason: "Max epochs completed"' in text
    assert "TrainingHistory: [3\u00d75 table]" in text
    from matlabnn import show
    fig = show(info)
    assert [ax.get_title() for ax in fig.axes] == ["Loss", "Accuracy"]
    info.close()
    _, vh0 = HistoryRecorder([], False).tables()
    assert vh0.shape == (0, 0)


def test_options_trainnet_display_order():
    o = trainingOptions("adam", Metrics="accuracy", Verbose=False)
    names = [line.split(":")[0].strip() for line in repr(o).splitlines()[2:]]
    assert names[:5] == ["GradientDecayFactor", "SquaredGradientDecayFactor", "Epsilon",
                         "MaxEpochs", "InitialLearnRate"]
    assert names.index("Metrics") + 1 == names.index("ObjectiveMetricName")
    assert 'Metrics: "accuracy"' in repr(o)
    legacy = [line.split(":")[0].strip() for line in repr(trainingOptions("adam")).splitlines()[2:]]
    assert legacy.index("InitialLearnRate") < legacy.index("MaxEpochs")
    assert sorted(legacy) == sorted(names)


def test_options_metrics_values():
    o = trainingOptions("adam", Metrics=["Accuracy", accuracyMetric(Name="acc2")])
    assert o.Metrics[0] == "accuracy" and o.Metrics[1].Name == "acc2"
    with pytest.raises(MatlabnnValueError, match="not a built-in metric"):
        trainingOptions("adam", Metrics="acc")
    assert trainingOptions("sgdm", OutputNetwork="best-validation")._output_network(True) \
        == "best-validation-loss"
