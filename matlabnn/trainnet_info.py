"""The ``info`` that ``[net, info] = trainnet(...)`` returns: MATLAB's ``TrainingInfo``.

Unlike trainNetwork's struct, trainnet's info is an object with tables::

    info.TrainingHistory       % table: Iteration, Epoch, LearnRate, Loss, <metrics>
    info.ValidationHistory     % table: Iteration, Loss, <metrics> (0-by-0 without validation)
    info.OutputNetworkIteration
    info.StopReason            % e.g. "Max epochs completed"
    show(info)                 % redraw the training-progress plot

The column order of the tables is pinned (README "Differences from MATLAB"):
MathWorks documents the variables, not their order.
"""
import numpy as np

from .display.text import MString, property_block
from .helpers.table import table

__all__ = ["TrainnetInfo", "HistoryRecorder"]


class TrainnetInfo:
    """Training information of trainnet (MATLAB's ``TrainingInfo`` object).

    Properties: ``TrainingHistory`` and ``ValidationHistory`` (tables),
    ``OutputNetworkIteration`` (int), ``StopReason`` (string). Methods:
    ``show(info)`` redraws the training-progress plot (returns the Figure);
    ``info.close()`` (MATLAB's ``close(info)``) closes it.

    Example::

        net, info = trainnet(XTrain, TTrain, layers, "mse", options, nargout=2)
        info.TrainingHistory.Loss[-1]
        print(info.StopReason)
        fig = show(info)
    """

    _is_trainnet_info = True

    def __init__(self, training, validation, metric_names, output_iteration, stop_reason):
        self.TrainingHistory = training
        self.ValidationHistory = validation
        self.OutputNetworkIteration = int(output_iteration)
        self.StopReason = MString(stop_reason)
        self._metric_names = list(metric_names)
        self._figure = None

    def __repr__(self):
        return property_block("TrainingInfo", [(None, [
            ("TrainingHistory", self.TrainingHistory),
            ("ValidationHistory", self.ValidationHistory),
            ("OutputNetworkIteration", self.OutputNetworkIteration),
            ("StopReason", self.StopReason)])])

    def _matlab_brief(self):
        return "[1\u00d71 TrainingInfo]"

    def _show(self):
        from .display.trainnet_plot import TrainnetProgressPlot
        plot = TrainnetProgressPlot.from_info(self)
        self._figure = plot.figure
        return plot.figure

    def close(self):
        """Close the figure drawn by show(info) (MATLAB's ``close(info)``)."""
        if self._figure is not None:
            import matplotlib.pyplot as plt
            plt.close(self._figure)
            self._figure = None


class HistoryRecorder:
    """Collects the per-iteration numbers of a trainnet run and builds the tables.

    ``add_training(iteration, epoch, learn_rate, loss, metrics)`` and
    ``add_validation(iteration, loss, metrics)`` with ``metrics`` a dict
    {metric name: value}; ``tables()`` returns (TrainingHistory, ValidationHistory).
    """

    def __init__(self, metric_names, has_validation):
        self.metric_names = list(metric_names)
        self.has_validation = has_validation
        self.train = {k: [] for k in ("Iteration", "Epoch", "LearnRate", "Loss")}
        self.train.update({m: [] for m in self.metric_names})
        self.val = {k: [] for k in ("Iteration", "Loss")}
        self.val.update({m: [] for m in self.metric_names})

    def add_training(self, iteration, epoch, learn_rate, loss, metrics):
        for key, value in (("Iteration", iteration), ("Epoch", epoch),
                           ("LearnRate", learn_rate), ("Loss", loss)):
            self.train[key].append(value)
        for m in self.metric_names:
            self.train[m].append(metrics.get(m, np.nan))

    def add_validation(self, iteration, loss, metrics):
        self.val["Iteration"].append(iteration)
        self.val["Loss"].append(loss)
        for m in self.metric_names:
            self.val[m].append(metrics.get(m, np.nan))

    def tables(self):
        def build(cols, ints):
            return table(*(np.asarray(v, dtype=np.int64 if k in ints else np.float64)
                           for k, v in cols.items()), VariableNames=list(cols))
        training = build(self.train, ("Iteration", "Epoch"))
        if self.has_validation:
            validation = build(self.val, ("Iteration",))
        else:
            validation = table()
        return training, validation
