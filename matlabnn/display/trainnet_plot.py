"""The training-progress plot of ``trainnet`` (``Plots="training-progress"``).

MATLAB's trainnet window (the TrainingProgressMonitor) has one panel for the
loss and one per metric, each with the raw training values, their smoothed
trend and the validation points. matlabnn draws that layout with matplotlib as
an approximation (panel titles "Loss" and the metric names, the classic plot's
15-point smoothing, a status line with the stop reason); the exact look of
MATLAB's monitor is not reproduced (README "Differences from MATLAB").
"""
import time

import numpy as np

from .smoothing import smooth_trailing

__all__ = ["TrainnetProgressPlot"]


class TrainnetProgressPlot:
    """Live or redrawn trainnet progress figure (see the module docstring).

    Live use (trainnet does this itself): ``start(...)``, ``add_training(...)``,
    ``add_validation(...)`` per event, ``finish(stop_reason)``. Redraw from a
    TrainingInfo: ``TrainnetProgressPlot.from_info(info).figure``.
    """

    def __init__(self, metric_names, has_validation, min_redraw_interval=0.5):
        self.panels = ["Loss"] + list(metric_names)
        self.has_validation = has_validation
        self.train = {p: [] for p in self.panels}
        self.train_x = []
        self.val = {p: [] for p in self.panels}
        self.val_x = []
        self.status = "Training"
        self.min_redraw_interval = min_redraw_interval
        self._next = 0.0
        self.figure = None
        self._mode = None

    # -- data --------------------------------------------------------------------
    def add_training(self, iteration, loss, metrics):
        self.train_x.append(iteration)
        self.train["Loss"].append(loss)
        for p in self.panels[1:]:
            self.train[p].append(metrics.get(p, np.nan))
        self._maybe_draw()

    def add_validation(self, iteration, loss, metrics):
        self.val_x.append(iteration)
        self.val["Loss"].append(loss)
        for p in self.panels[1:]:
            self.val[p].append(metrics.get(p, np.nan))

    def finish(self, stop_reason):
        self.status = f"Training stopped: {stop_reason}"
        self.draw()

    # -- drawing -----------------------------------------------------------------
    def _maybe_draw(self):
        from .progress_plot import _backend_mode
        if self._mode is None:
            self._mode = _backend_mode()
        if self._mode != "gui":
            return
        now = time.perf_counter()
        if now >= self._next:
            self.draw()
            import matplotlib.pyplot as plt
            plt.pause(0.001)
            self._next = time.perf_counter() + self.min_redraw_interval

    def draw(self):
        import matplotlib.pyplot as plt
        if self.figure is None:
            self.figure, axes = plt.subplots(len(self.panels), 1, sharex=True,
                                             figsize=(7, 2.2 + 1.8 * len(self.panels)),
                                             squeeze=False)
            self.axes = list(axes[:, 0])
        x = np.asarray(self.train_x, dtype=float)
        for ax, panel in zip(self.axes, self.panels):
            ax.clear()
            y = np.asarray(self.train[panel], dtype=float)
            if y.size:
                ax.plot(x, y, color="#0072BD", alpha=0.35, linewidth=0.8, label="Training")
                ax.plot(x, smooth_trailing(y, x), color="#0072BD", linewidth=1.5,
                        label="Training (smoothed)")
            if self.has_validation and self.val_x:
                ax.plot(self.val_x, self.val[panel], "--o", color="k", markersize=3,
                        linewidth=1, label="Validation")
            ax.set_title(panel, fontsize=10)
            ax.grid(True, alpha=0.3)
            ax.legend(fontsize=7, loc="best")
        self.axes[-1].set_xlabel("Iteration")
        self.figure.suptitle(self.status, fontsize=10)
        self.figure.tight_layout()
        return self.figure

    @classmethod
    def from_info(cls, info):
        """The finished figure drawn from a trainnet TrainingInfo."""
        names = list(info._metric_names)
        th, vh = info.TrainingHistory, info.ValidationHistory
        plot = cls(names, len(vh) > 0)
        plot.train_x = list(th.Iteration)
        plot.train["Loss"] = list(th.Loss)
        for m in names:
            plot.train[m] = list(th[m])
        if len(vh):
            plot.val_x = list(vh.Iteration)
            plot.val["Loss"] = list(vh.Loss)
            for m in names:
                plot.val[m] = list(vh[m])
        plot.status = f"Training stopped: {info.StopReason}"
        plot.draw()
        return plot
