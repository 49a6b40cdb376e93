"""The training-progress plot in real trainNetwork runs, its Stop button, Ctrl-C, and
Plots 'none' (spec §7, §5.5; design §4: plots under matplotlib's Agg backend)."""
import math
import os
import re
import subprocess
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import matlabnn  # noqa: E402
from matlabnn import (categorical, classificationLayer, classify,  # noqa: E402
                      fullyConnectedLayer, lstmLayer, predict, regressionLayer, rng,
                      sequenceInputLayer, softmaxLayer, trainNetwork, trainingOptions)
from matlabnn.display import progress_plot  # noqa: E402
from matlabnn.training import _Trainer  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _data(seed, n, length=5):
    r = np.random.default_rng(seed)
    X = [r.normal(size=(1, length + k % 3)) for k in range(n)]
    Y = np.array([[x.mean()] for x in X])
    return X, Y


XT, YT = _data(1, 8)
XV, YV = _data(2, 4)


def given_layers(seed=0, H=3):
    """A regression network with every learnable given (the initial weights are known)."""
    r = np.random.default_rng(seed)
    return [sequenceInputLayer(1),
            lstmLayer(H, OutputMode="last",
                      InputWeights=r.normal(size=(4 * H, 1)).astype(np.float32),
                      RecurrentWeights=(0.5 * r.normal(size=(4 * H, H))).astype(np.float32),
                      Bias=r.normal(size=(4 * H, 1)).astype(np.float32)),
            fullyConnectedLayer(1, Weights=r.normal(size=(1, H)).astype(np.float32),
                                Bias=np.zeros((1, 1), np.float32)),
            regressionLayer()]


def opts(**kw):
    base = dict(MaxEpochs=3, MiniBatchSize=2, Shuffle="never", Verbose=True,
                VerboseFrequency=100, InitialLearnRate=0.01, Plots="training-progress")
    base.update(kw)
    return trainingOptions("adam", **base)


def learnables(net_or_layers):
    layers = net_or_layers.Layers if hasattr(net_or_layers, "Layers") else net_or_layers
    return {(k, name): np.array(getattr(layer, name))
            for k, layer in enumerate(layers) for name in layer._learnables}


def same(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def figure_text(fig):
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def table_rows(text):
    return [[c.strip() for c in line.strip("|").split("|")]
            for line in text.splitlines() if re.match(r"^\|\s+\d+ \|", line)]


@pytest.fixture
def stop_button_at(monkeypatch):
    """Press the Stop button of the live figure right after iteration k is drawn."""
    original = progress_plot.TrainingProgressPlot.on_iteration
    seen = {"k": None, "plots": []}

    def on_iteration(self, run, record):
        original(self, run, record)
        if self not in seen["plots"]:
            seen["plots"].append(self)
        if record.iteration == seen["k"]:
            self.press_stop()

    monkeypatch.setattr(progress_plot.TrainingProgressPlot, "on_iteration", on_iteration)

    def arm(k):
        seen["k"] = k
        return seen

    return arm


# ---------------------------------------------------------------------------
# The Stop button

@pytest.mark.parametrize("k", [1, 5, 11])
def test_stop_button_stops_after_that_iteration(stop_button_at, capsys, tmp_path, k):
    seen = stop_button_at(k)
    lay = given_layers()
    initial = learnables(lay)
    rng(0)
    net, info = trainNetwork(XT, YT, lay, opts(CheckpointPath=str(tmp_path),
                                               CheckpointFrequency=1,
                                               CheckpointFrequencyUnit="iteration"),
                             nargout=2)
    out = capsys.readouterr().out
    assert len(seen["plots"]) == 1
    assert len(info.TrainingLoss) == k and len(info.TrainingRMSE) == k
    assert info.StopReason == "Stopped manually"
    assert info.OutputNetworkIteration == k
    assert out.splitlines()[-1] == "Training finished: Stopped manually."
    assert int(table_rows(out)[-1][1]) == k
    # the returned network is the one after iteration k: it predicts, it was trained,
    # and it equals the checkpoint of iteration k (the last one written)
    P = predict(net, XV)
    assert P.shape == (4, 1) and np.all(np.isfinite(P))
    assert not same(learnables(net), initial)
    assert same(learnables(lay), initial)                # the layers passed in are untouched
    files = sorted(os.listdir(tmp_path))
    assert len(files) == k
    last = [f for f in files if f.startswith(f"net_checkpoint__{k}__")]
    assert len(last) == 1
    assert same(learnables(net), learnables(matlabnn.load(str(tmp_path / last[0])).net))
    # the figure
    fig = info.Figure
    assert isinstance(fig, Figure) and fig is seen["plots"][0].figure
    assert "Training finished: Stopped manually" in figure_text(fig)
    assert f"Iteration: {k} of 12" in figure_text(fig)
    assert "Training finished: Stopped manually" in seen["plots"][0]._plot.panel_text()
    # the loss line holds the k losses; the Stop button is gone after training
    loss_ax = seen["plots"][0]._plot.axes["loss"]
    raw = [ln for ln in loss_ax.get_lines() if ln.get_label() == "Training"][0]
    np.testing.assert_allclose(raw.get_ydata(), info.TrainingLoss)
    np.testing.assert_array_equal(raw.get_xdata(), np.arange(1, k + 1))
    assert not seen["plots"][0]._plot.button_ax.get_visible()


def test_stop_button_with_validation_draws_the_final_point(stop_button_at, capsys, tmp_path):
    seen = stop_button_at(7)
    rng(0)
    net, info = trainNetwork(XT, YT, given_layers(),
                             opts(ValidationData=[XV, YV], ValidationFrequency=5,
                                  OutputNetwork="last-iteration"), nargout=2)
    out = capsys.readouterr().out
    assert len(info.TrainingLoss) == 7 and info.StopReason == "Stopped manually"
    # the last row (7) has blank validation cells; the final validation is computed
    last = table_rows(out)[-1]
    assert int(last[1]) == 7 and last[4] == "" and last[6] == ""
    assert math.isfinite(info.FinalValidationRMSE)
    plot = seen["plots"][0]._plot
    val = [ln for ln in plot.axes["metric"].get_lines() if ln.get_label() == "Validation"][0]
    np.testing.assert_array_equal(val.get_xdata(), [1, 5, 7])
    assert val.get_ydata()[-1] == pytest.approx(info.FinalValidationRMSE)
    assert plot.final_texts["metric"].get_visible()
    text = figure_text(info.Figure)
    assert f"Validation RMSE: {info.FinalValidationRMSE:.4g}" in text
    assert "Training finished: Stopped manually" in text
    info.Figure.savefig(tmp_path / "stopped.png", dpi=50)
    with open(tmp_path / "stopped.png", "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_stop_button_in_a_classification_run(stop_button_at, capsys):
    stop_button_at(3)
    r = np.random.default_rng(0)
    X = [r.normal(size=(1, 6)) for _ in range(12)]
    Y = categorical(["pos" if x.mean() > 0 else "neg" for x in X])
    layers = [sequenceInputLayer(1), lstmLayer(4, OutputMode="last"), fullyConnectedLayer(2),
              softmaxLayer(), classificationLayer()]
    rng(0)
    net, info = trainNetwork(X, Y, layers, opts(MiniBatchSize=4), nargout=2)
    out = capsys.readouterr().out
    assert len(info.TrainingAccuracy) == 3 and info.StopReason == "Stopped manually"
    assert out.splitlines()[-1] == "Training finished: Stopped manually."
    assert classify(net, X).shape == (12, 1)
    text = figure_text(info.Figure)
    assert "Training finished: Stopped manually" in text
    assert "Accuracy (%)" in text


def test_a_full_run_with_the_plot(capsys):
    rng(0)
    net, info = trainNetwork(XT, YT, given_layers(), opts(), nargout=2)
    assert len(info.TrainingLoss) == 12 and info.StopReason == "Max epochs completed"
    text = figure_text(info.Figure)
    assert "Training finished: Max epochs completed" in text
    assert "Iteration: 12 of 12" in text and "Epoch: 3 of 3" in text
    assert capsys.readouterr().out.splitlines()[-1] == \
        "Training finished: Max epochs completed."


# ---------------------------------------------------------------------------
# Ctrl-C

def test_keyboard_interrupt_from_output_fcn(capsys):
    """Ctrl-C while the OutputFcn of iteration k runs: that iteration is complete (its
    update made, its row printed) and counts; training returns the network as it is."""
    k = 6
    calls = []

    def fcn(s):
        calls.append(s.State)
        if s.State == "iteration" and s.Iteration == k:
            raise KeyboardInterrupt

    rng(0)
    net, info = trainNetwork(XT, YT, given_layers(),
                             opts(OutputFcn=fcn, VerboseFrequency=2), nargout=2)
    out = capsys.readouterr().out
    assert len(info.TrainingLoss) == k
    assert info.StopReason == "Stopped manually"
    assert out.splitlines()[-1] == "Training finished: Stopped manually."
    rows = table_rows(out)
    assert [int(r[1]) for r in rows] == [1, 2, 4, 6]          # the last row is iteration k
    # its Mini-batch Loss cell (%12.1f, or e-format below 0.1) is iteration k's loss
    assert float(rows[-1][4]) == pytest.approx(info.TrainingLoss[-1], rel=0.01)
    assert calls == ["start"] + ["iteration"] * k + ["done"]
    assert "Training finished: Stopped manually" in figure_text(info.Figure)
    # the network is the one after iteration k: the same as an OutputFcn stop at k
    rng(0)
    ref, ref_info = trainNetwork(XT, YT, given_layers(),
                                 opts(OutputFcn=lambda s: s.Iteration == k, Plots="none",
                                      Verbose=False), nargout=2)
    np.testing.assert_array_equal(info.TrainingLoss, ref_info.TrainingLoss)
    assert same(learnables(net), learnables(ref))
    assert predict(net, XV).shape == (4, 1)


def test_keyboard_interrupt_during_an_iteration(monkeypatch, capsys):
    """Ctrl-C during the computation of iteration k: that iteration is not counted and
    the network is the one after iteration k - 1."""
    k = 5
    original = _Trainer._step
    count = [0]

    def step(self, *args):
        count[0] += 1
        if count[0] == k:
            raise KeyboardInterrupt
        return original(self, *args)

    monkeypatch.setattr(_Trainer, "_step", step)
    rng(0)
    net, info = trainNetwork(XT, YT, given_layers(), opts(Plots="none"), nargout=2)
    out = capsys.readouterr().out
    assert len(info.TrainingLoss) == k - 1
    assert info.OutputNetworkIteration == k - 1
    assert info.StopReason == "Stopped manually"
    assert out.splitlines()[-1] == "Training finished: Stopped manually."
    assert int(table_rows(out)[-1][1]) == k - 1
    monkeypatch.setattr(_Trainer, "_step", original)
    rng(0)
    ref, _ = trainNetwork(XT, YT, given_layers(),
                          opts(OutputFcn=lambda s: s.Iteration == k - 1, Plots="none",
                               Verbose=False), nargout=2)
    assert same(learnables(net), learnables(ref))


# ---------------------------------------------------------------------------
# What gets imported

def _run_python(code, **env):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, **env}, timeout=120)


def test_plots_none_does_not_import_matplotlib():
    out = _run_python("""
        import sys
        import numpy as np
        from matlabnn import *
        rng(0)
        X = [np.random.default_rng(0).normal(size=(1, 5)) for _ in range(4)]
        Y = np.zeros((4, 1))
        layers = [sequenceInputLayer(1), lstmLayer(2, OutputMode='last'),
                  fullyConnectedLayer(1), regressionLayer()]
        net, info = trainNetwork(X, Y, layers,
                                 trainingOptions('adam', MaxEpochs=2, MiniBatchSize=2,
                                                 Plots='none', Verbose=True), nargout=2)
        assert info.Figure is None
        assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'
        assert 'matplotlib' not in sys.modules, 'matplotlib imported'
        print('ok')
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "ok"
    assert "Training finished: Max epochs completed." in out.stdout


def test_training_progress_under_agg_does_not_need_pyplot():
    out = _run_python("""
        import sys
        import numpy as np
        from matlabnn import *
        rng(0)
        X = [np.random.default_rng(0).normal(size=(1, 5)) for _ in range(4)]
        Y = np.zeros((4, 1))
        layers = [sequenceInputLayer(1), lstmLayer(2, OutputMode='last'),
                  fullyConnectedLayer(1), regressionLayer()]
        net, info = trainNetwork(X, Y, layers,
                                 trainingOptions('adam', MaxEpochs=2, MiniBatchSize=2,
                                                 Plots='training-progress', Verbose=False),
                                 nargout=2)
        assert info.Figure is not None
        assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'
        print('ok')
    """, MPLBACKEND="Agg")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
