"""The training-progress plot (trainingOptions(..., 'Plots', 'training-progress')).

Run under matplotlib's Agg backend and checked by content: line data, labels,
limits, epoch bands, the side panel, show(info), the Stop button, throttling.
"""
import datetime
import math
import subprocess
import sys
import textwrap
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from matlabnn.engine.events import IterationRecord, TrainingRun  # noqa: E402
from matlabnn.display.progress_plot import (  # noqa: E402
    TrainingProgressPlot, epoch_band_spans, show, smooth_trailing)
from matlabnn.traininginfo import TrainingInfo  # noqa: E402

START = datetime.datetime(2024, 6, 5, 9, 40, 40)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


# ----------------------------------------------------------------- reference smoothing

def reference_smooth(values, window=15):
    """Straightforward MATLAB rule: trailing local-linear fit, clipped to the data so far."""
    y = [float(v) for v in values]
    out = []
    for i, yi in enumerate(y):
        if math.isnan(yi):
            out.append(math.nan)
            continue
        idx = [j for j in range(max(0, i - window + 1), i + 1) if not math.isnan(y[j])]
        xs = [j + 1.0 for j in idx]
        ys = [y[j] for j in idx]
        xbar = sum(xs) / len(xs)
        ybar = sum(ys) / len(ys)
        sxx = sum((a - xbar) ** 2 for a in xs)
        if sxx == 0:
            v = ybar
        else:
            sxy = sum((a - xbar) * (b - ybar) for a, b in zip(xs, ys))
            v = ybar + sxy / sxx * (xs[-1] - xbar)
        seen = [b for b in y[: i + 1] if not math.isnan(b)]
        v = min(max(v, min(seen)), max(seen))
        out.append(v)
    return np.array(out)


def test_smooth_trailing_matches_reference():
    rng = np.random.default_rng(3)
    y = rng.normal(size=80).cumsum()
    y[[0, 7, 20, 21, 22, 50]] = np.nan
    np.testing.assert_allclose(smooth_trailing(y), reference_smooth(y), rtol=1e-12, atol=1e-12,
                               equal_nan=True)


def test_smooth_trailing_small_cases():
    np.testing.assert_allclose(smooth_trailing([1.0, 3.0, 2.0]), [1.0, 3.0, 2.5])
    assert smooth_trailing([]).size == 0
    # clipped: a rising trend in accuracy never passes the largest value seen
    s = smooth_trailing([90, 95, 100, 100])
    assert s.max() <= 100
    # explicit iterations with equal x fall back to the mean
    np.testing.assert_allclose(smooth_trailing([1.0, 3.0], iterations=[5, 5]), [1.0, 2.0])


# ----------------------------------------------------------------- feeding synthetic runs

def make_run(is_classification=False, has_validation=True, ipe=10, max_epochs=5,
             validation_frequency=10, patience=math.inf, schedule="none"):
    return TrainingRun(is_classification=is_classification, has_validation=has_validation,
                       max_epochs=max_epochs, iterations_per_epoch=ipe,
                       max_iterations=ipe * max_epochs if ipe else None, start_time=START,
                       initial_learn_rate=1e-3, learn_rate_schedule=schedule,
                       validation_frequency=validation_frequency,
                       validation_patience=patience)


def feed(obs, run, n, seed=0, clock=None, dt=0.0):
    """Feed n iterations; returns the arrays that were fed (NaN where no validation)."""
    rng = np.random.default_rng(seed)
    loss = 2.0 * np.exp(-np.arange(1, n + 1) / 15.0) + 0.2 * rng.random(n)
    if run.is_classification:
        metric = np.clip(10 + 80 * (1 - np.exp(-np.arange(1, n + 1) / 10.0))
                         + 5 * rng.random(n), 0, 100)
    else:
        metric = np.sqrt(2 * loss)
    vloss = np.full(n, np.nan)
    vmetric = np.full(n, np.nan)
    ipe = run.iterations_per_epoch or 7
    for i in range(1, n + 1):
        vl = vm = None
        if run.has_validation and (i == 1 or i % run.validation_frequency == 0):
            vl = float(loss[i - 1] * 0.9)
            vm = float(metric[i - 1] * 0.95)
            vloss[i - 1] = vl
            vmetric[i - 1] = vm
        if clock is not None:
            clock.t += dt
        obs.on_iteration(run, IterationRecord(epoch=(i - 1) // ipe + 1, iteration=i,
                                              time_elapsed=i * 0.5, loss=float(loss[i - 1]),
                                              metric=float(metric[i - 1]),
                                              base_learn_rate=1e-3,
                                              validation_loss=vl, validation_metric=vm))
    return loss, metric, vloss, vmetric


def make_info(run, loss, metric, vloss, vmetric, final=None, reason="Max epochs completed"):
    info = TrainingInfo(run.is_classification, run.has_validation)
    name = "Accuracy" if run.is_classification else "RMSE"
    n = loss.size
    info.TrainingLoss = loss
    setattr(info, f"Training{name}", metric)
    if run.has_validation:
        info.ValidationLoss = vloss
        setattr(info, f"Validation{name}", vmetric)
        if final is not None:
            info.FinalValidationLoss, fm = final
            setattr(info, f"FinalValidation{name}", fm)
    info.BaseLearnRate = np.full(n, 1e-3)
    ipe = run.iterations_per_epoch
    info.Epoch = (np.arange(n) // (ipe or 7)) + 1
    info.IterationsPerEpoch = ipe
    info.MaxEpochs = run.max_epochs
    info.ValidationFrequency = run.validation_frequency
    info.StopReason = reason
    return info


def train(run, n, final=None, reason="Max epochs completed", stop_early=False):
    obs = TrainingProgressPlot(clock=FakeClock())
    obs.on_start(run)
    loss, metric, vloss, vmetric = feed(obs, run, n)
    run.stop_reason = reason
    info = make_info(run, loss, metric, vloss, vmetric, final=final, reason=reason)
    obs.on_done(run, info)
    return obs, info, (loss, metric, vloss, vmetric)


def band_spans(collection):
    spans = []
    for path in collection.get_paths():
        xs = path.vertices[:, 0]
        spans.append((xs.min(), xs.max()))
    return spans


def visible_texts(ax):
    return [t.get_text() for t in ax.texts if t.get_visible() and t.get_text()]


# ----------------------------------------------------------------- the live figure

def test_regression_with_validation_content():
    run = make_run(is_classification=False, has_validation=True)
    n = 37
    final = (0.123, 0.4567)
    obs, info, (loss, metric, vloss, vmetric) = train(
        run, n, final=final, reason="Met validation criterion")
    p = obs._plot
    x = np.arange(1, n + 1)
    assert info.Figure is obs.figure
    for key, raw, fin in (("metric", metric, final[1]), ("loss", loss, final[0])):
        lines = p.lines[key]
        np.testing.assert_array_equal(lines["raw"].get_xdata(), x)
        np.testing.assert_allclose(lines["raw"].get_ydata(), raw)
        np.testing.assert_allclose(lines["smoothed"].get_ydata(), reference_smooth(raw),
                                   rtol=1e-12)
        assert lines["raw"].get_alpha() == pytest.approx(0.2)
        assert lines["raw"].get_linewidth() == pytest.approx(1.3)
        np.testing.assert_array_equal(lines["newest"].get_xdata(), [n])
        np.testing.assert_allclose(lines["newest"].get_ydata(), [raw[-1]])
        # validation points at iterations 1, 10, 20, 30, then the final value at 37
        val = lines["validation"]
        assert val.get_visible() and val.get_linestyle() == "--"
        np.testing.assert_array_equal(val.get_xdata(), [1, 10, 20, 30, n])
        fed = (vmetric if key == "metric" else vloss)
        np.testing.assert_allclose(val.get_ydata()[:-1], fed[~np.isnan(fed)])
        assert val.get_ydata()[-1] == pytest.approx(fin)
        fm = p.final_markers[key]
        assert fm.get_visible()
        np.testing.assert_allclose(fm.get_xydata(), [[n, fin]])
        assert p.final_texts[key].get_visible()
        assert p.final_texts[key].get_text().strip() == "Final"
        assert p.final_texts[key].get_position() == pytest.approx((n, fin))
    ax_m, ax_l = p.axes["metric"], p.axes["loss"]
    assert ax_m.get_ylabel() == "RMSE" and ax_l.get_ylabel() == "Loss"
    assert ax_m.get_xlabel() == "Iteration" == ax_l.get_xlabel()
    # x: minimum range [0, min(100, 50)] covers the data and the 'Final' label
    assert ax_m.get_xlim() == pytest.approx((0, 50))
    assert ax_l.get_xlim() == pytest.approx((0, 50))
    # y: from 0 to the data maximum plus 5 % of the data range
    ydata = np.concatenate([loss, reference_smooth(loss), vloss[~np.isnan(vloss)], [final[0]]])
    lo, hi = ydata.min(), ydata.max()
    assert ax_l.get_ylim() == pytest.approx((0, hi + 0.05 * (hi - lo)))
    # epoch bands: every even epoch of 5 → epochs 2 and 4, as MATLAB draws them
    for ax in (ax_m, ax_l):
        bands = p.epoch_bands["metric" if ax is ax_m else "loss"]
        assert bands.get_visible()
        assert band_spans(bands) == [(11, 21), (31, 41)]
        labels = [t.get_text() for t in p.epoch_texts["metric" if ax is ax_m else "loss"]
                  if t.get_visible()]
        assert labels == [f"Epoch {k}" for k in range(1, 6)]
    text = obs._plot.panel_text()
    for s in ("Validation RMSE: 0.4567", "Training finished: Met validation criterion",
              "Start time: 05-Jun-2024 09:40:40", "Elapsed time: 18 sec", "Epoch: 4 of 5",
              "Iteration: 37 of 50", "Iterations per epoch: 10", "Maximum iterations: 50",
              "Frequency: 10 iterations", "Patience: Inf", "Hardware resource: Single CPU",
              "Learning rate schedule: Constant", "Learning rate: 0.001"):
        assert s in text, s
    # the panel is really drawn in the figure
    drawn = "\n".join(t.get_text() for t in p.panel_ax.texts)
    assert "Training finished: Met validation criterion" in drawn
    assert "Training Cycle" in drawn
    assert p.title_text.get_text() == "Training Progress (05-Jun-2024 09:40:40)"
    legend_labels = [[t.get_text() for t in leg.get_texts()] for leg in p.legends]
    assert legend_labels == [["Training (smoothed)", "Training", "Validation"]] * 2
    assert [leg.get_title().get_text() for leg in p.legends] == ["RMSE", "Loss"]
    # the Stop button is gone after training
    assert not p.button_ax.get_visible()


def test_classification_without_validation():
    run = make_run(is_classification=True, has_validation=False, ipe=6, max_epochs=4)
    obs, info, (loss, metric, _, _) = train(run, 24)
    p = obs._plot
    ax_m = p.axes["metric"]
    assert ax_m.get_ylabel() == "Accuracy (%)"
    assert ax_m.get_ylim() == pytest.approx((0, 105))
    assert ax_m.get_xlim() == pytest.approx((0, 24))
    np.testing.assert_allclose(p.lines["metric"]["raw"].get_ydata(), metric)
    np.testing.assert_allclose(p.lines["metric"]["smoothed"].get_ydata(),
                               reference_smooth(metric))
    colors = matplotlib.colors.to_rgb(p.lines["metric"]["smoothed"].get_color())
    assert colors == pytest.approx((0, 0.4470, 0.7410))
    assert matplotlib.colors.to_rgb(p.lines["loss"]["smoothed"].get_color()) == pytest.approx(
        (0.85, 0.325, 0.098))
    for key in ("metric", "loss"):
        assert not p.lines[key]["validation"].get_visible()
        assert len(p.lines[key]["validation"].get_xdata()) == 0
        assert not p.final_markers[key].get_visible()
        assert band_spans(p.epoch_bands[key]) == [(7, 13), (19, 25)]
    text = p.panel_text()
    assert "Validation accuracy: N/A" in text
    assert "Training finished: Max epochs completed" in text
    assert "Epoch: 4 of 4" in text and "Iteration: 24 of 24" in text
    assert [leg.get_title().get_text() for leg in p.legends] == ["Accuracy", "Loss"]
    assert [t.get_text() for t in p.legends[0].get_texts()] == ["Training (smoothed)", "Training"]


def test_classification_with_validation_panel_value():
    run = make_run(is_classification=True, has_validation=True, validation_frequency=5)
    obs, _, _ = train(run, 50, final=(0.3, 87.25))
    text = obs._plot.panel_text()
    assert "Validation accuracy: 87.25%" in text
    np.testing.assert_array_equal(obs._plot.lines["metric"]["validation"].get_xdata(),
                                  [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50])
    # validation at the last iteration is replaced by the final value, not duplicated
    assert obs._plot.lines["metric"]["validation"].get_ydata()[-1] == pytest.approx(87.25)
    # the 'Final' label at the right edge widens the x-axis (MATLAB does the same)
    assert obs._plot.axes["metric"].get_xlim() == pytest.approx((0, 55))


def test_panel_during_training_and_growing_xlim():
    run = make_run(ipe=20, max_epochs=10)           # 200 iterations
    obs = TrainingProgressPlot(clock=FakeClock())
    obs.on_start(run)
    p = obs._plot
    assert p.axes["metric"].get_xlim() == pytest.approx((0, 100))
    assert "Starting training..." in p.panel_text()
    feed(obs, run, 150)
    obs._refresh(finished=False)
    assert p.axes["loss"].get_xlim() == pytest.approx((0, 150))
    text = p.panel_text()
    assert "Training iteration 150 of 200..." in text
    assert "Epoch: 8 of 10" in text
    assert "Training finished" not in text
    assert p.button_ax.get_visible()
    # 8 visible epochs → labels 'Epoch 1'..'Epoch 8'
    assert [t.get_text() for t in p.epoch_texts["loss"] if t.get_visible()] == \
        [f"Epoch {k}" for k in range(1, 9)]


def test_many_epochs_label_numbers_only():
    run = make_run(ipe=3, max_epochs=40)
    obs, _, _ = train(run, 120)
    labels = [t.get_text() for t in obs._plot.epoch_texts["metric"] if t.get_visible()]
    assert labels == ["10", "20", "30", "40"]
    assert len(band_spans(obs._plot.epoch_bands["metric"])) == 20


def test_epoch_bands_hidden_when_iterations_per_epoch_not_fixed():
    run = make_run(ipe=None, max_epochs=3)
    assert run.max_iterations is None
    obs, _, _ = train(run, 30)
    p = obs._plot
    for key in ("metric", "loss"):
        assert not p.epoch_bands[key].get_visible()
        assert not any(t.get_visible() for t in p.epoch_texts[key])
    assert p.axes["metric"].get_xlim() == pytest.approx((0, 100))
    text = p.panel_text()
    assert "Iterations per epoch: N/A" in text and "Maximum iterations: N/A" in text
    assert "Iteration: 30\n" in text + "\n"


def test_epoch_band_spans():
    assert epoch_band_spans(5, 10) == [(11, 21), (31, 41)]
    assert epoch_band_spans(1, 10) == []
    assert epoch_band_spans(4, None) == []


# ----------------------------------------------------------------- show(info)

def test_show_redraws_from_info():
    run = make_run(is_classification=False, has_validation=True, schedule="piecewise")
    obs, info, (loss, metric, vloss, vmetric) = train(run, 37, final=(0.123, 0.4567),
                                                      reason="Stopped manually")
    info.BaseLearnRate[20:] = 5e-4
    fig = show(info)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert fig is not obs.figure
    live = obs._plot
    # find the redrawn axes and compare every line with the live figure
    axes = [a for a in fig.axes if a.get_ylabel() in ("RMSE", "Loss")]
    assert [a.get_ylabel() for a in axes] == ["RMSE", "Loss"]
    for ax, key in zip(axes, ("metric", "loss")):
        lines = {ln.get_label(): ln for ln in ax.lines}
        for label, name in (("Training", "raw"), ("Training (smoothed)", "smoothed"),
                            ("Validation", "validation")):
            np.testing.assert_allclose(lines[label].get_xydata(),
                                       live.lines[key][name].get_xydata())
        np.testing.assert_allclose(lines["_final"].get_xydata(),
                                   live.final_markers[key].get_xydata())
        assert ax.get_xlim() == pytest.approx(live.axes[key].get_xlim())
        assert ax.get_ylim() == pytest.approx(live.axes[key].get_ylim())
        assert "   Final" in [t.get_text() for t in ax.texts if t.get_visible()]
    drawn = "\n".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "Training finished: Stopped manually" in drawn
    assert "Validation RMSE: 0.4567" in drawn
    assert "Epoch: 4 of 5" in drawn and "Iteration: 37 of 50" in drawn
    assert "Learning rate schedule: Piecewise" in drawn
    assert "Learning rate: 0.0005" in drawn


def test_show_classification_without_validation():
    run = make_run(is_classification=True, has_validation=False, ipe=None, max_epochs=2)
    _, info, (loss, metric, _, _) = train(run, 12)
    info.IterationsPerEpoch = None
    fig = show(info)
    ax = [a for a in fig.axes if a.get_ylabel() == "Accuracy (%)"][0]
    lines = {ln.get_label(): ln for ln in ax.lines}
    np.testing.assert_allclose(lines["Training"].get_ydata(), metric)
    np.testing.assert_allclose(lines["Training (smoothed)"].get_ydata(), reference_smooth(metric))
    assert not lines["Validation"].get_visible()
    assert ax.get_ylim() == pytest.approx((0, 105))


# ----------------------------------------------------------------- Stop button

def test_press_stop_requests_stop():
    run = make_run()
    obs = TrainingProgressPlot(clock=FakeClock())
    obs.on_start(run)
    feed(obs, run, 3)
    assert not run.stop_requested
    obs.press_stop()
    assert run.stop_requested
    assert run.stop_reason == "Stopped manually"


def test_stop_button_click_event_reaches_run():
    run = make_run()
    obs = TrainingProgressPlot(clock=FakeClock())
    obs.on_start(run)
    button = obs._plot.stop_button
    assert button.label.get_text().strip() == "Stop"
    # the button's own callback list, as a click would trigger it
    button._observers.process("clicked", None)
    assert run.stop_requested and run.stop_reason == "Stopped manually"
    assert obs.stop_button_callback is not None


# ----------------------------------------------------------------- live and cheap

def test_throttled_redraws():
    run = make_run(ipe=100, max_epochs=10)
    clock = FakeClock()
    obs = TrainingProgressPlot(min_redraw_interval=0.4, clock=clock)
    with mock.patch.object(TrainingProgressPlot, "_present", autospec=True) as present:
        obs.on_start(run)
        feed(obs, run, 1000, clock=clock, dt=0.001)          # 1000 iterations in 1 s
        obs.on_done(run, None)
    # start + 2 throttled (t = 0.4, 0.8) + done
    assert present.call_count == 4
    assert obs.draw_count == 4
    # the figure still holds every point
    assert len(obs._plot.lines["loss"]["raw"].get_xdata()) == 1000


def test_gui_mode_draws_idle_only_when_throttle_allows():
    run = make_run(ipe=50, max_epochs=10)
    clock = FakeClock()
    obs = TrainingProgressPlot(min_redraw_interval=0.25, clock=clock, backend_mode="gui")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    with mock.patch.object(FigureCanvasAgg, "draw_idle") as draw_idle, \
            mock.patch.object(FigureCanvasAgg, "flush_events") as flush, \
            mock.patch("matplotlib.figure.Figure.show"):
        obs.on_start(run)
        feed(obs, run, 500, clock=clock, dt=0.002)           # 1 s
        obs.on_done(run, None)
    assert draw_idle.call_count == flush.call_count == 6  # start + 4 + done
    assert obs.figure in [plt.figure(n) for n in plt.get_fignums()]


def test_inline_mode_updates_display_handle():
    run = make_run(ipe=50, max_epochs=10)
    clock = FakeClock()
    handle = mock.Mock()
    obs = TrainingProgressPlot(min_redraw_interval=0.5, clock=clock, backend_mode="inline")
    with mock.patch("IPython.display.display", return_value=handle) as display:
        obs.on_start(run)
        feed(obs, run, 500, clock=clock, dt=0.002)           # 1 s
        obs.on_done(run, None)
    display.assert_called_once()
    assert display.call_args.kwargs == {"display_id": True}
    # displayed at start, then updated at t = 0.5, 1.0 and at done
    assert handle.update.call_count == 3
    handle.update.assert_called_with(obs.figure)
    assert plt.get_fignums() == []                            # no pyplot figure: no duplicate


def test_iterations_are_cheap():
    import time
    run = make_run(ipe=500, max_epochs=4)
    obs = TrainingProgressPlot(clock=FakeClock())            # clock never advances: no redraw
    obs.on_start(run)
    rec = IterationRecord(1, 1, 0.0, 1.0, 1.0, 1e-3)
    t0 = time.perf_counter()
    for i in range(1, 2001):
        rec.iteration = i
        obs.on_iteration(run, rec)
    per_iter = (time.perf_counter() - t0) / 2000
    assert per_iter < 5e-4


def test_headless_mode_detected_and_no_pyplot_figure():
    run = make_run()
    obs = TrainingProgressPlot()
    obs.on_start(run)
    assert obs.mode == "headless"
    assert plt.get_fignums() == []
    assert obs.figure.get_label() == "NNET_CNN_TRAININGPLOT_UIFIGURE"


def test_save_png(tmp_path):
    run = make_run(is_classification=True, has_validation=True)
    obs, info, _ = train(run, 50, final=(0.2, 91.0))
    path = tmp_path / "progress.png"
    info.Figure.savefig(path, dpi=40)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    img = matplotlib.image.imread(path)
    assert img.shape[0] == 300 and img.shape[1] == 480
    path2 = tmp_path / "show.png"
    show(info).savefig(path2, dpi=40)
    assert path2.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_imports_do_not_load_pyplot():
    code = textwrap.dedent("""
        import sys
        import matlabnn, matlabnn.engine.events, matlabnn.traininginfo
        import matlabnn.display.progress_plot
        assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'
        assert 'matplotlib' not in sys.modules, 'matplotlib imported'
        print('ok')
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
