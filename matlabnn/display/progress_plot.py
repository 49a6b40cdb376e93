"""MATLAB's training-progress plot, drawn with matplotlib.

``trainingOptions(..., 'Plots', 'training-progress')`` makes trainNetwork open
this figure; ``show(info)`` redraws it from a returned ``info``.

Importing this module imports only numpy: matplotlib (and pyplot, where a window
is needed) is imported when a figure is first made, so ``Plots='none'`` never
pays for it.
"""
import collections
import math
import time

import numpy as np

from .._signature import matlab_syntax
from ..engine.events import TrainingObserver
from .smoothing import WINDOW, local_linear_last, smooth_trailing

__all__ = ["TrainingProgressPlot", "show", "smooth_trailing"]

# MATLAB's colours (nnet.internal.cnn.ui.factory.Colors).
METRIC_COLOR = (0.0, 0.4470, 0.7410)
METRIC_DOT_COLOR = (178 / 255, 212 / 255, 235 / 255)
LOSS_COLOR = (0.8500, 0.3250, 0.0980)
LOSS_DOT_COLOR = (244 / 255, 203 / 255, 186 / 255)
VALIDATION_COLOR = (64 / 255, 64 / 255, 64 / 255)
EPOCH_BAND_COLOR = (0.5, 0.5, 0.5)
EPOCH_BAND_ALPHA = 0.2
EPOCH_TEXT_COLOR = (0.3, 0.3, 0.3)
LINE_WIDTH = 1.3
RAW_ALPHA = 0.2
LEGEND_RAW_ALPHA = 0.4
MARKER_SIZE = 5
FINAL_MARKER_SIZE = 10

FIGURE_TAG = "NNET_CNN_TRAININGPLOT_UIFIGURE"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HEADLESS_BACKENDS = {"agg", "pdf", "ps", "svg", "pgf", "cairo", "template"}


# --------------------------------------------------------------------------- helpers

def _matlab_datetime(t):
    """'05-Jun-2018 09:40:40' (MATLAB's default datetime display, locale-free)."""
    return f"{t.day:02d}-{_MONTHS[t.month - 1]}-{t.year:04d} {t:%H:%M:%S}"


def _elapsed_text(seconds):
    """'18 sec', '2 min 11 sec', '1 hr 2 min 3 sec'."""
    s = int(max(seconds, 0.0))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return f"{h} hr {m} min {sec} sec"
    if m:
        return f"{m} min {sec} sec"
    return f"{sec} sec"


def _metric_text(value, is_classification):
    if value is None or not np.isfinite(value):
        return "N/A"
    if is_classification:
        return f"{value:.2f}%"
    return f"{value:.4g}"


def _lr_text(value):
    if value is None or not np.isfinite(value):
        return "N/A"
    return f"{float(np.float32(value)):g}"


def _patience_text(p):
    if p is None:
        return "N/A"
    try:
        if math.isinf(p):
            return "Inf"
        return f"{int(p)}" if float(p) == int(p) else f"{p:g}"
    except (TypeError, ValueError, OverflowError):
        return str(p)


def _schedule_text(schedule):
    s = (schedule or "none").lower()
    return {"none": "Constant", "constant": "Constant", "piecewise": "Piecewise"}.get(
        s, s[:1].upper() + s[1:])


def _hardware_text(hw):
    hw = hw or "single CPU"
    return hw[:1].upper() + hw[1:]


def panel_sections(*, is_classification, has_validation, validation_value, finished,
                   stop_reason, start_time, elapsed, epoch, max_epochs, iteration,
                   max_iterations, iterations_per_epoch, validation_frequency,
                   validation_patience, hardware, learn_rate_schedule, learn_rate):
    """The side panel's content: a list of (header, [lines]) in MATLAB's order."""
    name = "Validation accuracy" if is_classification else "Validation RMSE"
    results = [f"{name}: {_metric_text(validation_value, is_classification) if has_validation else 'N/A'}"]
    if finished:
        results.append(f"Training finished: {stop_reason}" if stop_reason else "Training finished")
    elif iteration:
        of = f" of {max_iterations}" if max_iterations else ""
        results.append(f"Training iteration {iteration}{of}...")
    else:
        results.append("Starting training...")
    timing = [f"Start time: {_matlab_datetime(start_time) if start_time else 'N/A'}",
              f"Elapsed time: {_elapsed_text(elapsed) if elapsed is not None else 'N/A'}"]
    cycle = [f"Epoch: {epoch} of {max_epochs}" if max_epochs else f"Epoch: {epoch}",
             f"Iteration: {iteration} of {max_iterations}" if max_iterations
             else f"Iteration: {iteration}",
             f"Iterations per epoch: {iterations_per_epoch if iterations_per_epoch else 'N/A'}",
             f"Maximum iterations: {max_iterations if max_iterations else 'N/A'}"]
    if has_validation:
        validation = [f"Frequency: {validation_frequency} iterations" if validation_frequency
                      else "Frequency: N/A",
                      f"Patience: {_patience_text(validation_patience)}"]
    else:
        validation = ["Frequency: N/A", "Patience: N/A"]
    other = [f"Hardware resource: {_hardware_text(hardware)}",
             f"Learning rate schedule: {_schedule_text(learn_rate_schedule)}",
             f"Learning rate: {_lr_text(learn_rate)}"]
    return [("Results", results), ("Training Time", timing), ("Training Cycle", cycle),
            ("Validation", validation), ("Other Information", other)]


def _backend_mode():
    """'inline' (Jupyter/IPython inline), 'headless' (Agg & co.) or 'gui'."""
    import matplotlib
    backend = str(matplotlib.get_backend()).lower()
    if "inline" in backend:
        try:
            from IPython import get_ipython
            if get_ipython() is not None:
                return "inline"
        except ImportError:
            pass
        return "headless"
    name = backend.rsplit(".", 1)[-1].replace("backend_", "")
    if backend in _HEADLESS_BACKENDS or name in _HEADLESS_BACKENDS:
        return "headless"
    return "gui"


def _bounds(arrays):
    lo, hi = np.inf, -np.inf
    for a in arrays:
        if a is None or len(a) == 0:
            continue
        a = np.asarray(a, dtype=float)
        if np.all(np.isnan(a)):
            continue
        lo = min(lo, float(np.nanmin(a)))
        hi = max(hi, float(np.nanmax(a)))
    return None if lo > hi else [lo, hi]


def _cover(bounds_list):
    bs = [b for b in bounds_list if b is not None]
    if not bs:
        return None
    return [min(b[0] for b in bs), max(b[1] for b in bs)]


def _pad_zero_range(b):
    if b is None:
        return [0.0, 1.0]
    if b[1] - b[0] == 0:
        mid = b[0]
        if mid == 0:
            return [0.0, 1.0]
        pad = abs(mid) * 0.05
        return [mid - pad, mid + pad]
    return b


def axis_limits(x_arrays, y_arrays, min_xlim, min_ylim):
    """MATLAB's MultilineAxesModel limits: cover the data and the minimum limits.

    y gets 5 % of the data range added on top before the minimum limits are
    included; an empty or zero range is widened.
    """
    xlim = _pad_zero_range(_cover([_bounds(x_arrays), min_xlim]))
    yb = _bounds(y_arrays)
    if yb is not None:
        rng = yb[1] - yb[0]
        yb = [yb[0], yb[1] + abs(0.05 * (rng if rng != 0 else yb[0]))]
    ylim = _pad_zero_range(_cover([yb, min_ylim]))
    return xlim, ylim


def epoch_band_spans(max_epochs, iterations_per_epoch):
    """(start, end) iteration spans of the shaded epochs: every even epoch, as MATLAB draws them."""
    if not iterations_per_epoch or not max_epochs:
        return []
    ipe = int(iterations_per_epoch)
    return [(2 * k * ipe - (ipe - 1), 2 * k * ipe + 1) for k in range(1, int(max_epochs) // 2 + 1)]


def _epoch_label_indices(num_visible):
    power = 10 ** math.ceil(math.log10(max(num_visible, 1)))
    period = max(10, power) // 10
    return [period * k for k in range(1, 11)]


# --------------------------------------------------------------------------- the figure

class _ProgressFigure:
    """The figure and its artists; everything is drawn from arrays (live or from info)."""

    def __init__(self, *, is_classification, has_validation, max_epochs, iterations_per_epoch,
                 max_iterations, start_time, mode, stop_callback=None):
        from matplotlib.collections import PolyCollection
        from matplotlib.lines import Line2D
        from matplotlib.widgets import Button

        self.is_classification = bool(is_classification)
        self.has_validation = bool(has_validation)
        self.max_epochs = max_epochs
        self.iterations_per_epoch = iterations_per_epoch
        self.max_iterations = max_iterations
        self.mode = mode
        title = "Training Progress"
        if start_time is not None:
            title += f" ({_matlab_datetime(start_time)})"
        self.title = title

        size = (12.0, 7.5)
        if mode == "gui":
            import matplotlib.pyplot as plt
            fig = plt.figure(figsize=size, facecolor="white")
            try:
                fig.canvas.manager.set_window_title(title)
            except Exception:  # pragma: no cover - backend without a window title
                pass
        else:
            from matplotlib.figure import Figure
            fig = Figure(figsize=size, facecolor="white")
        fig.set_label(FIGURE_TAG)
        self.figure = fig
        self.title_text = fig.text(0.012, 0.965, title, fontsize=13, ha="left", va="center")

        metric_label = "Accuracy (%)" if self.is_classification else "RMSE"
        left, width = 0.065, 0.615
        ax_metric = fig.add_axes([left, 0.555, width, 0.355])
        ax_loss = fig.add_axes([left, 0.085, width, 0.355], sharex=ax_metric)
        self.axes = {"metric": ax_metric, "loss": ax_loss}
        self.min_xlim = [0.0, float(min(100, max_iterations) if max_iterations else 100)]
        self.min_ylim = {"metric": [0.0, 105.0] if self.is_classification else [0.0, 0.0],
                         "loss": [0.0, 0.0]}
        colors = {"metric": (METRIC_COLOR, METRIC_DOT_COLOR), "loss": (LOSS_COLOR, LOSS_DOT_COLOR)}
        self.lines = {}
        self.epoch_bands = {}
        self.epoch_texts = {}
        self.final_markers = {}
        self.final_texts = {}
        spans = epoch_band_spans(max_epochs, iterations_per_epoch)
        for key, ax in self.axes.items():
            color, dot = colors[key]
            ax.set_autoscale_on(False)
            ax.set_xlabel("Iteration")
            ax.set_ylabel(metric_label if key == "metric" else "Loss")
            ax.yaxis.grid(True, color=(0.15, 0.15, 0.15), alpha=0.15, linewidth=0.6)
            ax.xaxis.grid(False)
            ax.set_axisbelow(True)
            ax.tick_params(labelsize=9)
            ax.xaxis.set_tick_params(labelbottom=True)
            for side in ("top", "right"):
                ax.spines[side].set_color((0.15, 0.15, 0.15))
            verts = [[(s, 0.0), (s, 1.0), (e, 1.0), (e, 0.0)] for s, e in spans]
            bands = PolyCollection(verts, facecolors=[EPOCH_BAND_COLOR], alpha=EPOCH_BAND_ALPHA,
                                   edgecolors="none", transform=ax.get_xaxis_transform(),
                                   zorder=0.5)
            bands.set_visible(bool(spans))
            ax.add_collection(bands, autolim=False)
            self.epoch_bands[key] = bands
            texts = []
            for _ in range(10):
                t = ax.text(0, 0.02, "", transform=ax.get_xaxis_transform(), ha="left",
                            va="bottom", fontsize=9, color=EPOCH_TEXT_COLOR, clip_on=True,
                            visible=False)
                texts.append(t)
            self.epoch_texts[key] = texts
            raw, = ax.plot([], [], "-", color=color, alpha=RAW_ALPHA, linewidth=LINE_WIDTH,
                           label="Training", zorder=2)
            newest, = ax.plot([], [], "o", markersize=MARKER_SIZE, markerfacecolor=dot,
                              markeredgecolor=dot, linestyle="none", zorder=4,
                              label="_newest")
            smooth, = ax.plot([], [], "-", color=color, linewidth=LINE_WIDTH,
                              label="Training (smoothed)", zorder=3)
            val, = ax.plot([], [], "--", color=VALIDATION_COLOR, linewidth=LINE_WIDTH,
                           marker="o", markersize=MARKER_SIZE,
                           markerfacecolor=VALIDATION_COLOR, markeredgecolor=VALIDATION_COLOR,
                           label="Validation", zorder=5)
            val.set_visible(self.has_validation)
            final, = ax.plot([], [], "o", markersize=FINAL_MARKER_SIZE, markerfacecolor="none",
                             markeredgecolor="black", linestyle="none", label="_final", zorder=6)
            final.set_visible(False)
            ftext = ax.text(0, 0, "   Final", ha="left", va="center", fontsize=9, visible=False,
                            zorder=6)
            self.lines[key] = {"raw": raw, "newest": newest, "smoothed": smooth,
                               "validation": val}
            self.final_markers[key] = final
            self.final_texts[key] = ftext
        ax_metric.set_xlim(*self.min_xlim)
        ax_loss.set_xlim(*self.min_xlim)

        # Side panel: information text and the legend.
        self.panel_ax = fig.add_axes([0.715, 0.03, 0.275, 0.88])
        self.panel_ax.set_axis_off()
        self._panel_header_texts = []
        self._panel_body_texts = []
        # one 9-pt line at line spacing 1.5, in panel-axes units (set_panel lays out)
        self._line_h = 9.0 * 1.5 / 72.0 / (size[1] * 0.88)
        for _ in range(5):
            self._panel_header_texts.append(self.panel_ax.text(
                0.0, 1.0, "", fontsize=10, fontweight="bold", ha="left", va="top",
                transform=self.panel_ax.transAxes))
            self._panel_body_texts.append(self.panel_ax.text(
                0.04, 1.0, "", fontsize=9, ha="left", va="top", linespacing=1.5,
                transform=self.panel_ax.transAxes))
        self._make_legends(Line2D)

        # Stop button (top right). Harmless under a headless backend.
        self.button_ax = fig.add_axes([0.905, 0.94, 0.085, 0.045])
        self.stop_button = Button(self.button_ax, "   Stop", color="0.94", hovercolor="0.85")
        self.stop_button.label.set_fontsize(10)
        self.button_ax.plot([0.2], [0.5], "s", color=(0.85, 0.1, 0.1), markersize=8,
                            transform=self.button_ax.transAxes)
        for sp in self.button_ax.spines.values():
            sp.set_color((0.6, 0.6, 0.6))
        if stop_callback is not None:
            self.stop_button.on_clicked(stop_callback)
        self.sections = []
        self.data = None

    def _make_legends(self, Line2D):
        from matplotlib.legend import Legend
        metric_name = "Accuracy" if self.is_classification else "RMSE"
        groups = [(metric_name, METRIC_COLOR, METRIC_DOT_COLOR), ("Loss", LOSS_COLOR, LOSS_DOT_COLOR)]
        anchors = (0.30, 0.15) if self.has_validation else (0.25, 0.12)
        self.legends = []
        for (name, color, dot), y in zip(groups, anchors):
            handles = [Line2D([], [], color=color, linewidth=LINE_WIDTH),
                       Line2D([], [], color=color, alpha=LEGEND_RAW_ALPHA, linewidth=LINE_WIDTH,
                              marker="o", markersize=MARKER_SIZE, markerfacecolor=dot,
                              markeredgecolor=dot)]
            labels = ["Training (smoothed)", "Training"]
            if self.has_validation:
                handles.append(Line2D([], [], color=VALIDATION_COLOR, linestyle="--",
                                      linewidth=LINE_WIDTH, marker="o", markersize=MARKER_SIZE,
                                      markerfacecolor=VALIDATION_COLOR,
                                      markeredgecolor=VALIDATION_COLOR))
                labels.append("Validation")
            leg = Legend(self.panel_ax, handles, labels, title=name, loc="upper left",
                         bbox_to_anchor=(0.0, y), fontsize=9, title_fontsize=10,
                         frameon=False, alignment="left", handlelength=2.5,
                         borderaxespad=0.0, borderpad=0.0)
            leg.get_title().set_fontweight("bold")
            self.panel_ax.add_artist(leg)
            self.legends.append(leg)

    # ---- data ---------------------------------------------------------------
    def set_data(self, x, metric, metric_smoothed, loss, loss_smoothed,
                 val_x=None, val_metric=None, val_loss=None):
        """Set all line data (arrays, views are fine: they are copied)."""
        x = np.asarray(x, dtype=float)
        series = {"metric": (np.asarray(metric, dtype=float), np.asarray(metric_smoothed, dtype=float)),
                  "loss": (np.asarray(loss, dtype=float), np.asarray(loss_smoothed, dtype=float))}
        vx = np.zeros(0) if val_x is None else np.asarray(val_x, dtype=float)
        vals = {"metric": np.zeros(0) if val_metric is None else np.asarray(val_metric, dtype=float),
                "loss": np.zeros(0) if val_loss is None else np.asarray(val_loss, dtype=float)}
        for key, (raw, smooth) in series.items():
            lines = self.lines[key]
            lines["raw"].set_data(x.copy(), raw.copy())
            lines["smoothed"].set_data(x.copy(), smooth.copy())
            if x.size:
                lines["newest"].set_data([x[-1]], [raw[-1]])
            else:
                lines["newest"].set_data([], [])
            lines["validation"].set_data(vx.copy(), vals[key].copy())
        self.data = (x, series, vx, vals)

    def set_final(self, x, final_metric, final_loss):
        """Mark the final validation point (after training): a ring and a 'Final' label."""
        for key, value in (("metric", final_metric), ("loss", final_loss)):
            if value is None or not np.isfinite(value):
                continue
            self.final_markers[key].set_data([x], [value])
            self.final_markers[key].set_visible(True)
            self.final_texts[key].set_position((x, value))
            self.final_texts[key].set_visible(True)

    def update_layout(self):
        """Limits, epoch bands and labels from the current data."""
        x, series, vx, vals = self.data if self.data is not None else (np.zeros(0), None, None, None)
        final_extra = False
        for key, ax in self.axes.items():
            ys = []
            xs = [x]
            if series is not None:
                ys += list(series[key])
                ys.append(vals[key])
                xs.append(vx)
            fm = self.final_markers[key]
            if fm.get_visible():
                fx, fy = fm.get_data()
                xs.append(np.asarray(fx, dtype=float))
                ys.append(np.asarray(fy, dtype=float))
                final_extra = True
            xlim, ylim = axis_limits(xs, ys, self.min_xlim, self.min_ylim[key])
            ax.set_ylim(*ylim)
            if key == "metric":
                self._xlim = xlim
        xlim = list(self._xlim)
        if final_extra:
            # room for the '   Final' label (MATLAB widens XLim the same way)
            fx = float(self.final_markers["metric"].get_xdata()[0]
                       if self.final_markers["metric"].get_visible()
                       else self.final_markers["loss"].get_xdata()[0])
            xlim[1] = max(xlim[1], fx + 0.1 * (xlim[1] - xlim[0]))
        self.axes["metric"].set_xlim(*xlim)      # shared with the loss axes
        self._update_epoch_texts(xlim)

    def _update_epoch_texts(self, xlim):
        ipe = self.iterations_per_epoch
        for key in self.axes:
            texts = self.epoch_texts[key]
            if not ipe:
                for t in texts:
                    t.set_visible(False)
                continue
            num_visible = int(math.ceil(xlim[1] / ipe))
            indices = _epoch_label_indices(num_visible)
            small = num_visible <= 10
            for t, k in zip(texts, indices):
                if k <= num_visible and (not self.max_epochs or k <= self.max_epochs):
                    xpos = 0.0 if k == 1 else ipe * (k - 1) + 1
                    t.set_position((xpos + 0.025 * ipe, 0.02))
                    t.set_text(f"Epoch {k}" if small else f"{k}")
                    t.set_visible(True)
                else:
                    t.set_visible(False)

    def set_panel(self, sections):
        self.sections = sections
        y = 1.0
        lh = self._line_h
        for (header, lines), ht, bt in zip(sections, self._panel_header_texts,
                                           self._panel_body_texts):
            ht.set_position((0.0, y))
            ht.set_text(header)
            y -= lh * 1.3
            bt.set_position((0.04, y))
            bt.set_text("\n".join(lines))
            y -= lh * (len(lines) + 0.9)

    def panel_text(self):
        """The side panel as plain text (headers and lines)."""
        out = []
        for header, lines in self.sections:
            out.append(header)
            out += ["  " + ln for ln in lines]
        return "\n".join(out)

    def finish(self):
        """After training: the Stop button goes away, as in MATLAB."""
        self.button_ax.set_visible(False)
        try:
            self.stop_button.set_active(False)
        except Exception:  # pragma: no cover
            pass


# --------------------------------------------------------------------------- observer

class _Buffer:
    """A growable float array (amortized O(1) append; ``view()`` is the filled part)."""

    __slots__ = ("a", "n")

    def __init__(self, capacity):
        self.a = np.empty(max(int(capacity), 16))
        self.n = 0

    def append(self, v):
        if self.n == self.a.size:
            self.a = np.concatenate([self.a, np.empty(self.a.size)])
        self.a[self.n] = v
        self.n += 1

    def view(self):
        return self.a[:self.n]


class TrainingProgressPlot(TrainingObserver):
    """MATLAB's training-progress window: ``trainingOptions(..., 'Plots', 'training-progress')``.

    MATLAB::

        options = trainingOptions('adam', 'Plots', 'training-progress');
        [net, info] = trainNetwork(XTrain, YTrain, layers, options);

    Python (trainNetwork adds this observer itself when Plots is 'training-progress')::

        options = trainingOptions('adam', Plots='training-progress')
        net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
        info.Figure.savefig('progress.png')     # the finished figure

    The figure has two stacked axes sharing the iteration axis (Accuracy (%) or
    RMSE on top, Loss below), each with the raw mini-batch metric (translucent,
    a dot on the newest point), its smoothed trend (MATLAB's trailing 15-point
    local-linear fit) and, with validation data, the validation points joined by
    a dashed line, the final validation value ringed and labelled 'Final'.
    Shaded bands mark alternate epochs (hidden when iterations per epoch are not
    fixed). A side panel shows Results, Training Time, Training Cycle,
    Validation and Other Information, and a Stop button stops training after
    the current iteration ("Stopped manually").

    Where it draws depends on matplotlib's backend:

    * a GUI backend (TkAgg, QtAgg, macosx, ipympl...): a window, updated while
      training runs. After training the window stays as it is; in an
      interactive session (``plt.ion()``, IPython) it stays open, while a plain
      script, which would exit, must call ``matplotlib.pyplot.show()`` to keep
      it on screen (MATLAB keeps its window open by itself).
    * Jupyter's inline backend: an image in the cell output, replaced in place
      while training runs (an IPython display handle).
    * a non-interactive backend (Agg, under CI or without a screen): nothing is
      shown, nothing fails; the finished figure is ``info.Figure``.

    Redraws are throttled by wall time (``min_redraw_interval`` seconds, and
    stretched so that drawing costs at most about a tenth of the run), plus one
    at the start and one at the end; each iteration only appends to arrays.

    Events: ``on_start(run)``, ``on_iteration(run, record)``, ``on_done(run, info)``
    (``on_done`` sets ``info.Figure``). ``figure`` is the matplotlib Figure;
    ``press_stop()`` (or ``stop_button_callback(event)``) does what the Stop
    button does.
    """

    def __init__(self, min_redraw_interval=0.4, clock=time.perf_counter, backend_mode=None):
        self.min_redraw_interval = float(min_redraw_interval)
        self._clock = clock
        self._mode_override = backend_mode
        self.mode = None
        self.figure = None
        self.run = None
        self.draw_count = 0
        self._plot = None
        self._handle = None
        self._next_draw = 0.0

    # ---- events ---------------------------------------------------------------
    def on_start(self, run):
        self.run = run
        self.mode = self._mode_override or _backend_mode()
        cap = run.max_iterations or 1024
        self._x = _Buffer(cap)
        self._metric = _Buffer(cap)
        self._metric_s = _Buffer(cap)
        self._loss = _Buffer(cap)
        self._loss_s = _Buffer(cap)
        self._vx, self._vmetric, self._vloss = [], [], []
        self._bounds = {"metric": [np.inf, -np.inf], "loss": [np.inf, -np.inf]}
        self._xwin = collections.deque(maxlen=WINDOW)
        self._windows = {"metric": collections.deque(maxlen=WINDOW),
                         "loss": collections.deque(maxlen=WINDOW)}
        self._last = None
        self._plot = _ProgressFigure(
            is_classification=run.is_classification, has_validation=run.has_validation,
            max_epochs=run.max_epochs, iterations_per_epoch=run.iterations_per_epoch,
            max_iterations=run.max_iterations, start_time=run.start_time, mode=self.mode,
            stop_callback=self.stop_button_callback)
        self.figure = self._plot.figure
        if self.mode == "gui":
            try:
                self.figure.show()
            except Exception:  # pragma: no cover - e.g. no display
                pass
        self._refresh(finished=False)

    def on_iteration(self, run, record):
        i = float(record.iteration)
        self._x.append(i)
        self._xwin.append(i)
        for key, buf, sbuf, v in (("metric", self._metric, self._metric_s, record.metric),
                                  ("loss", self._loss, self._loss_s, record.loss)):
            v = np.nan if v is None else float(v)
            buf.append(v)
            b = self._bounds[key]
            if v == v:
                b[0] = min(b[0], v)
                b[1] = max(b[1], v)
            win = self._windows[key]
            win.append(v)
            s = local_linear_last(self._xwin, win)
            if s == s:
                s = min(max(s, b[0]), b[1])
            sbuf.append(s)
        if record.validation_loss is not None or record.validation_metric is not None:
            self._vx.append(i)
            self._vmetric.append(np.nan if record.validation_metric is None
                                 else float(record.validation_metric))
            self._vloss.append(np.nan if record.validation_loss is None
                               else float(record.validation_loss))
        self._last = record
        if self._clock() >= self._next_draw:
            self._refresh(finished=False)

    def on_done(self, run, info):
        final_metric = final_loss = None
        if run.has_validation and info is not None:
            metric_name = "Accuracy" if run.is_classification else "RMSE"
            final_metric = _as_float(getattr(info, f"FinalValidation{metric_name}", None))
            final_loss = _as_float(getattr(info, "FinalValidationLoss", None))
        reason = run.stop_reason or (getattr(info, "StopReason", "") if info is not None else "")
        self._refresh(finished=True, final=(final_metric, final_loss), stop_reason=reason,
                      info=info)
        if info is not None:
            info.Figure = self.figure

    # ---- the Stop button -----------------------------------------------------------
    def stop_button_callback(self, event=None):
        """What the Stop button does: ``run.request_stop('Stopped manually')``."""
        if self.run is not None:
            self.run.request_stop("Stopped manually")

    def press_stop(self):
        """Press the Stop button programmatically."""
        self.stop_button_callback(None)

    # ---- drawing ---------------------------------------------------------------------
    def _refresh(self, finished, final=(None, None), stop_reason=None, info=None):
        t0 = self._clock()
        run, plot = self.run, self._plot
        vx = np.asarray(self._vx, dtype=float)
        vmetric = np.asarray(self._vmetric, dtype=float)
        vloss = np.asarray(self._vloss, dtype=float)
        final_x = None
        if finished and any(v is not None and np.isfinite(v) for v in final):
            final_x = float(self._x.view()[-1]) if self._x.n else 0.0
            vx, vmetric, vloss = _with_final_point(vx, vmetric, vloss, final_x, *final)
        plot.set_data(self._x.view(), self._metric.view(), self._metric_s.view(),
                      self._loss.view(), self._loss_s.view(), vx, vmetric, vloss)
        if final_x is not None:
            plot.set_final(final_x, *final)
        plot.update_layout()
        rec = self._last
        if finished:
            val_value = final[0]
            if val_value is None and vmetric.size and np.any(np.isfinite(vmetric)):
                val_value = float(vmetric[np.isfinite(vmetric)][-1])
        else:
            finite = vmetric[np.isfinite(vmetric)] if vmetric.size else vmetric
            val_value = float(finite[-1]) if finite.size else None
        elapsed = rec.time_elapsed if rec is not None else 0.0
        if finished and info is not None and getattr(info, "ElapsedTime", None) is not None:
            elapsed = float(info.ElapsedTime)
        plot.set_panel(panel_sections(
            is_classification=run.is_classification, has_validation=run.has_validation,
            validation_value=val_value, finished=finished, stop_reason=stop_reason,
            start_time=run.start_time, elapsed=elapsed,
            epoch=rec.epoch if rec is not None else 0, max_epochs=run.max_epochs,
            iteration=rec.iteration if rec is not None else 0,
            max_iterations=run.max_iterations, iterations_per_epoch=run.iterations_per_epoch,
            validation_frequency=run.validation_frequency,
            validation_patience=run.validation_patience, hardware=run.hardware,
            learn_rate_schedule=run.learn_rate_schedule,
            learn_rate=rec.base_learn_rate if rec is not None else run.initial_learn_rate))
        if finished:
            plot.finish()
        self._present()
        self.draw_count += 1
        t1 = self._clock()
        # Keep drawing under ~10 % of the wall time. The first draw (window
        # creation, font caches) says nothing about the cost of the next ones.
        cost = 0.0 if self.draw_count == 1 else t1 - t0
        self._next_draw = t1 + max(self.min_redraw_interval, 9.0 * cost)

    def _present(self):
        """Put the updated figure on screen (nothing to do under a headless backend)."""
        fig = self.figure
        if self.mode == "gui":
            try:
                fig.canvas.draw_idle()
                fig.canvas.flush_events()
            except Exception:  # pragma: no cover - window closed by the user
                pass
        elif self.mode == "inline":
            try:
                if self._handle is None:
                    from IPython.display import display
                    self._handle = display(fig, display_id=True)
                else:
                    self._handle.update(fig)
            except Exception:  # pragma: no cover - no IPython display available
                pass


def _as_float(v):
    if v is None:
        return None
    try:
        a = np.asarray(v, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    if a.size == 0:
        return None
    return float(a[-1])


def _with_final_point(vx, vmetric, vloss, final_x, final_metric, final_loss):
    """Put the final validation values at the last iteration (replacing a point there)."""
    fm = np.nan if final_metric is None else final_metric
    fl = np.nan if final_loss is None else final_loss
    if vx.size and vx[-1] == final_x:
        vmetric = vmetric.copy()
        vloss = vloss.copy()
        vmetric[-1] = fm
        vloss[-1] = fl
        return vx, vmetric, vloss
    return (np.append(vx, final_x), np.append(vmetric, fm), np.append(vloss, fl))


# --------------------------------------------------------------------------- show(info)

@matlab_syntax('show(info), with info from net, info = trainNetwork(..., nargout=2)')
def show(info):
    """MATLAB's ``show(info)``: redraw the training-progress plot from a training ``info``.

    MATLAB::

        [net, info] = trainNetwork(XTrain, YTrain, layers, options);
        show(info)

    Python::

        net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
        fig = show(info)
        fig.savefig('progress.png')

    Draws the same figure as ``Plots='training-progress'`` (finished state, no
    Stop button) from ``info`` alone and returns the matplotlib Figure. Under a
    GUI backend a window opens (a plain script still needs
    ``matplotlib.pyplot.show()``); under Jupyter's inline backend the returned
    figure is displayed when it is the cell's value; under Agg nothing is
    shown.
    """
    from ..traininginfo import TrainingInfo
    if not isinstance(info, TrainingInfo):
        from ..errors import MatlabnnTypeError
        raise MatlabnnTypeError(
            f"show: info must be the training information from net, info = "
            f"trainNetwork(..., nargout=2) (a TrainingInfo); got a {type(info).__name__}.",
            "matlabnn:show:InvalidInfo")
    is_cls = bool(info.is_classification)
    has_val = bool(info.has_validation)
    metric_name = "Accuracy" if is_cls else "RMSE"
    loss = np.asarray(info.TrainingLoss, dtype=float).ravel()
    metric = np.asarray(getattr(info, f"Training{metric_name}"), dtype=float).ravel()
    n = loss.size
    x = np.arange(1, n + 1, dtype=float)
    ipe = getattr(info, "IterationsPerEpoch", None)
    epochs = np.asarray(getattr(info, "Epoch", np.zeros(0)), dtype=int).ravel()
    max_epochs = getattr(info, "MaxEpochs", None)
    if max_epochs is None and epochs.size:
        max_epochs = int(epochs.max())
    max_iterations = getattr(info, "MaxIterations", None)
    if max_iterations is None and ipe and max_epochs:
        max_iterations = int(ipe) * int(max_epochs)
    start_time = getattr(info, "StartTime", None)
    mode = _backend_mode()
    plot = _ProgressFigure(is_classification=is_cls, has_validation=has_val,
                           max_epochs=max_epochs, iterations_per_epoch=ipe,
                           max_iterations=max_iterations, start_time=start_time,
                           mode="gui" if mode == "gui" else "headless")
    vx = vmetric = vloss = None
    final_metric = final_loss = None
    if has_val:
        vl = np.asarray(info.ValidationLoss, dtype=float).ravel()
        vm = np.asarray(getattr(info, f"Validation{metric_name}"), dtype=float).ravel()
        mask = ~(np.isnan(vl) & np.isnan(vm))
        vx, vmetric, vloss = x[:vl.size][mask], vm[mask], vl[mask]
        final_metric = _as_float(getattr(info, f"FinalValidation{metric_name}", None))
        final_loss = _as_float(getattr(info, "FinalValidationLoss", None))
        if final_metric is not None and not np.isfinite(final_metric):
            final_metric = None
        if final_loss is not None and not np.isfinite(final_loss):
            final_loss = None
        if n and (final_metric is not None or final_loss is not None):
            vx, vmetric, vloss = _with_final_point(vx, vmetric, vloss, float(n),
                                                   final_metric, final_loss)
    plot.set_data(x, metric, smooth_trailing(metric, x), loss, smooth_trailing(loss, x),
                  vx, vmetric, vloss)
    if n and has_val:
        plot.set_final(float(n), final_metric, final_loss)
    plot.update_layout()
    lr = np.asarray(getattr(info, "BaseLearnRate", np.zeros(0)), dtype=float).ravel()
    schedule = getattr(info, "LearnRateSchedule", None)
    if schedule is None:
        schedule = "none" if lr.size == 0 or np.all(lr == lr[0]) else "piecewise"
    val_value = final_metric
    if val_value is None and vmetric is not None and np.any(np.isfinite(vmetric)):
        val_value = float(vmetric[np.isfinite(vmetric)][-1])
    plot.set_panel(panel_sections(
        is_classification=is_cls, has_validation=has_val, validation_value=val_value,
        finished=True, stop_reason=getattr(info, "StopReason", "") or "",
        start_time=start_time, elapsed=getattr(info, "ElapsedTime", None),
        epoch=int(epochs[-1]) if epochs.size else 0, max_epochs=max_epochs,
        iteration=n, max_iterations=max_iterations, iterations_per_epoch=ipe,
        validation_frequency=getattr(info, "ValidationFrequency", None),
        validation_patience=getattr(info, "ValidationPatience", None),
        hardware=getattr(info, "Hardware", None), learn_rate_schedule=schedule,
        learn_rate=float(lr[-1]) if lr.size else None))
    plot.finish()
    fig = plot.figure
    if mode == "gui":
        try:
            fig.show()
            fig.canvas.draw_idle()
            fig.canvas.flush_events()
        except Exception:  # pragma: no cover
            pass
    return fig
