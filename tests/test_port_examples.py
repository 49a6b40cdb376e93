"""matlabnn.port on MathWorks' example scripts (read from ../shared/matlab-examples when that
folder is beside the repository; skipped otherwise -- the scripts are not ours to copy).

Every example translates to Python that compiles, is pyflakes-clean apart from marked
lines, and has at most one TODO(port) line in ten. The five trainNetwork-era examples
(chickenpox A and B, Japanese Vowels A, B and C) run unchanged with the packaged data and
give the same numbers as the hand ports in examples/ (or, where there is none, as the
same calls made directly), with MaxEpochs lowered by the translation's training_options.
"""
import contextlib
import io
import os
import re
import runpy

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from matlabnn import (classificationLayer, classify, fullyConnectedLayer,  # noqa: E402
                      japaneseVowelsTestData, japaneseVowelsTrainData, lstmLayer,
                      predictAndUpdateState, regressionLayer, rng, sequenceInputLayer,
                      softmaxLayer, trainingOptions, trainNetwork)
from matlabnn.datasets import chickenpox_dataset  # noqa: E402
from matlabnn.port import translate  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ../shared beside the clone (CI); ../../shared for a worktree one level further down
EXAMPLES = next((p for p in (os.path.join(ROOT, "..", "shared", "matlab-examples"),
                             os.path.join(ROOT, "..", "..", "shared", "matlab-examples"))
                 if os.path.isdir(p)), "")
pytestmark = pytest.mark.skipif(not os.path.isdir(EXAMPLES),
                                reason="MathWorks example scripts not available "
                                       "(../shared/matlab-examples)")

ALL = sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".m")) if os.path.isdir(EXAMPLES) \
    else []
QUICK = {"Plots": "none"}


def source(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return f.read()


def pyflakes_messages(code):
    pyflakes = pytest.importorskip("pyflakes.api")
    from pyflakes.reporter import Reporter
    out, err = io.StringIO(), io.StringIO()
    pyflakes.check(code, "translation.py", Reporter(out, err))
    return out.getvalue().splitlines() + err.getvalue().splitlines()


@pytest.mark.parametrize("name", ALL)
def test_every_example_translates_to_reviewable_python(name):
    code = translate(source(name), name=name)
    compile(code, name, "exec")
    lines = code.splitlines()
    assert lines[0].startswith(f"# Python translation of {name}")
    todo = [line for line in lines if "# TODO(port)" in line]
    statements = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert len(todo) * 10 <= len(statements), todo
    # pyflakes: clean apart from names the script takes from a workspace, each marked
    for message in pyflakes_messages(code):
        m = re.match(r"translation\.py:(\d+):\d+:? (.*)", message)
        assert m, message
        line = lines[int(m.group(1)) - 1]
        assert "undefined name" in m.group(2) and "# TODO(port)" in line, message
    # no MATLAB left in strings or run time evaluation
    assert "eval(" not in code and "exec(" not in code


def run_translation(tmp_path, name, options):
    path = tmp_path / (name[:-2] + ".py")
    path.write_text(translate(source(name), name=name, training_options={**QUICK, **options}))
    printed = io.StringIO()
    rng(0)
    with contextlib.redirect_stdout(printed):
        namespace = runpy.run_path(str(path), run_name="__main__")
    plt.close("all")
    return namespace, printed.getvalue()


def displayed(printed, name):
    """The values of ``name = ...`` displays, in order."""
    return [float(v) for v in re.findall(rf"^{name} =\n\n\s+(\S+)", printed, re.M)]


# --------------------------------------------------------------------------- chickenpox
def test_chickenpox_b_matches_the_hand_port(tmp_path):
    from examples import chickenpox_forecast
    epochs = 4
    ns, printed = run_translation(tmp_path, "tsf_b_chickenpox.m",
                                  {"MaxEpochs": epochs, "LearnRateDropPeriod": epochs // 2})
    with contextlib.redirect_stdout(io.StringIO()):
        hand = chickenpox_forecast.main(max_epochs=epochs, out_dir=str(tmp_path),
                                        verbose=False, plots=False, seed=0)
    plt.close("all")
    closed, opened = displayed(printed, "rmse")
    np.testing.assert_allclose(closed, hand["rmse_closed"], rtol=1e-4)
    np.testing.assert_allclose(opened, hand["rmse_open"], rtol=1e-4)
    assert ns["YPred"].shape == ns["YTest"].shape == (49,)
    np.testing.assert_allclose(ns["rmse"], hand["rmse_open"], rtol=1e-4)


def test_chickenpox_a_matches_the_same_calls_made_directly(tmp_path):
    epochs = 3
    ns, printed = run_translation(tmp_path, "tsf_a_chickenpox.m", {"MaxEpochs": epochs})
    # variant A, written directly with matlabnn and numpy
    rng(0)
    data = np.array(chickenpox_dataset())
    n = int(np.floor(0.9 * data.size))
    XTrain, YTrain = data[:n], data[1:n + 1]
    XTest, YTest = data[n:-1], data[n + 1:]
    mu, sig = XTrain.mean(), XTrain.std(ddof=1)
    XTrain, YTrain, XTest = (XTrain - mu) / sig, (YTrain - mu) / sig, (XTest - mu) / sig
    layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1), regressionLayer()]
    options = trainingOptions('adam', 'MaxEpochs', epochs, 'GradientThreshold', 1,
                              'InitialLearnRate', 0.005, 'LearnRateSchedule', 'piecewise',
                              'LearnRateDropPeriod', 125, 'LearnRateDropFactor', 0.2,
                              'Verbose', 0)
    with contextlib.redirect_stdout(io.StringIO()):
        net = trainNetwork(XTrain, YTrain, layers, options)
    net = predictAndUpdateState(net, XTrain)
    net, y = predictAndUpdateState(net, YTrain[-1], nargout=2)
    closed = [float(np.ravel(y)[0])]
    for i in range(1, XTest.size):
        net, y = predictAndUpdateState(net, closed[-1], nargout=2)
        closed.append(float(np.ravel(y)[0]))
    rmse_closed = np.sqrt(np.mean((sig * np.array(closed) + mu - YTest) ** 2))
    np.testing.assert_allclose(displayed(printed, "rmse")[0], rmse_closed, rtol=1e-4)
    assert ns["YPred"].shape == (49,)


# --------------------------------------------------------------------------- Japanese Vowels
@pytest.mark.parametrize("name", ["sc_b_japanese_vowels_bilstm_sorted.m",
                                  "sc_c_japanese_vowels_r2022b.m"])
def test_japanese_vowels_b_and_c_match_the_hand_port(tmp_path, name):
    from examples import japanese_vowels_classification
    ns, printed = run_translation(tmp_path, name, {"MaxEpochs": 1})
    with contextlib.redirect_stdout(io.StringIO()):
        hand = japanese_vowels_classification.main(max_epochs=1, out_dir=str(tmp_path),
                                                   plots=False, seed=0)
    plt.close("all")
    assert displayed(printed, "acc") == [pytest.approx(hand["accuracy"], abs=1e-4)]
    assert ns["acc"] == pytest.approx(hand["accuracy"], abs=1e-12)
    assert "5\u00d71 cell array" in printed and "{12\u00d720 double}" in printed
    assert "Layer array with layers" in printed or name.startswith("sc_c")
    assert list(ns["sequenceLengths"]) == sorted(ns["sequenceLengths"])


def test_japanese_vowels_a_matches_the_same_calls_made_directly(tmp_path):
    ns, printed = run_translation(tmp_path, "sc_a_japanese_vowels_lstm.m", {"MaxEpochs": 1})
    rng(0)
    XTrain, YTrain = japaneseVowelsTrainData(nargout=2)
    XTest, YTest = japaneseVowelsTestData(nargout=2)
    layers = [sequenceInputLayer(12), lstmLayer(100, 'OutputMode', 'last'),
              fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
    with contextlib.redirect_stdout(io.StringIO()):
        net = trainNetwork(XTrain, YTrain, layers,
                           trainingOptions('adam', 'MaxEpochs', 1, 'Verbose', 0))
        accuracy = np.sum(YTest == classify(net, XTest)) / YTest.size
        options = trainingOptions('adam', 'ExecutionEnvironment', 'cpu', 'MaxEpochs', 1,
                                  'MiniBatchSize', 27, 'ValidationData', [XTest, YTest],
                                  'GradientThreshold', 2, 'Shuffle', 'every-epoch',
                                  'Verbose', False)
        net = trainNetwork(XTrain, YTrain, layers, options)
        acc = np.mean(classify(net, XTest, 'MiniBatchSize', 27) == YTest)
    assert displayed(printed, "accuracy") == [pytest.approx(accuracy, abs=1e-4)]
    assert displayed(printed, "acc") == [pytest.approx(acc, abs=1e-4)]
    assert ns["acc"] == pytest.approx(acc, abs=1e-12)
