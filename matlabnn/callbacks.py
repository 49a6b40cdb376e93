"""Training observers that act rather than display: OutputFcn calls and checkpoints."""
import datetime
import math
import os

from ._struct import Struct
from .engine.events import TrainingObserver

_OUTPUT_FCN_FIELDS = ("Epoch", "Iteration", "TimeSinceStart", "TrainingLoss", "ValidationLoss",
                      "BaseLearnRate", "TrainingAccuracy", "TrainingRMSE",
                      "ValidationAccuracy", "ValidationRMSE", "State")


class OutputFcnCaller(TrainingObserver):
    """Calls the OutputFcn functions with MATLAB's info struct (spec §4.7).

    Each function gets one Struct with fields Epoch, Iteration, TimeSinceStart,
    TrainingLoss, ValidationLoss, BaseLearnRate, TrainingAccuracy, TrainingRMSE,
    ValidationAccuracy, ValidationRMSE and State ('start', 'iteration', 'done').
    Fields without a value are None (MATLAB's []). If any function returns a
    true value, training stops after the iteration ('Stopped by OutputFcn').
    """

    def __init__(self, functions):
        self.functions = list(functions) if isinstance(functions, (list, tuple)) else [functions]
        self.last = None

    def _call(self, run, info):
        stop = False
        for f in self.functions:
            if f(info):          # every function is called, as MATLAB does
                stop = True
        if stop and info.State != "done":
            run.request_stop("Stopped by OutputFcn")

    def on_start(self, run):
        info = Struct({name: None for name in _OUTPUT_FCN_FIELDS})
        info.update(Epoch=0, Iteration=0, TimeSinceStart=0.0, State="start")
        self._call(run, info)

    def on_iteration(self, run, record):
        cls = run.is_classification
        self.last = Struct(
            Epoch=record.epoch, Iteration=record.iteration,
            TimeSinceStart=float(record.time_elapsed), TrainingLoss=float(record.loss),
            ValidationLoss=_maybe(record.validation_loss),
            BaseLearnRate=float(record.base_learn_rate),
            TrainingAccuracy=float(record.metric) if cls else None,
            TrainingRMSE=None if cls else float(record.metric),
            ValidationAccuracy=_maybe(record.validation_metric) if cls else None,
            ValidationRMSE=None if cls else _maybe(record.validation_metric),
            State="iteration")
        self._call(run, self.last)

    def on_done(self, run, info):
        done = Struct(self.last) if self.last is not None else Struct(
            {name: None for name in _OUTPUT_FCN_FIELDS})
        done.State = "done"
        self._call(run, done)


def _maybe(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


class CheckpointWriter(TrainingObserver):
    """Saves the network to CheckpointPath every CheckpointFrequency epochs or iterations.

    Files are named ``net_checkpoint__<iteration>__<yyyy>_<mm>_<dd>__<HH>_<MM>_<SS>.mat``
    and hold the variable ``net``; ``load(file).net`` gives a network that predicts,
    and ``trainNetwork(X, Y, net.Layers, options)`` continues training from it.
    """

    def __init__(self, folder, frequency, unit):
        self.folder, self.frequency, self.unit = folder, frequency, unit
        self.files = []

    def _write(self, run, iteration):
        from .io import save
        stamp = datetime.datetime.now().strftime("%Y_%m_%d__%H_%M_%S")
        path = os.path.join(self.folder, f"net_checkpoint__{iteration}__{stamp}.mat")
        save(path, net=run.current_network())
        self.files.append(path)

    def on_iteration(self, run, record):
        if self.unit == "iteration" and record.iteration % self.frequency == 0:
            self._write(run, record.iteration)

    def on_epoch_end(self, run, epoch, iteration):
        if self.unit == "epoch" and epoch % self.frequency == 0:
            self._write(run, iteration)
