"""Training observers that act rather than display: OutputFcn calls and checkpoints."""
import datetime
import inspect
import math
import numbers
import os
import warnings

import numpy as np

from ._namevalue import _brief
from ._struct import Struct
from .engine.events import TrainingObserver
from .errors import MatlabnnError, MatlabnnTypeError

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
        for f in self.functions:
            check_output_fcn_signature(f)
        self.last = None

    def _call(self, run, info):
        stop = False
        for f in self.functions:
            if output_fcn_stop(f(info), f):     # every function is called, as MATLAB does
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


def _function_name(f):
    """'name' of a function, or 'lambda' for an anonymous one (quoted by the caller)."""
    name = getattr(f, "__name__", None) or type(f).__name__
    return "lambda" if name == "<lambda>" else name


def check_output_fcn_signature(f):
    """Refuse an OutputFcn that cannot be called with one argument (the info struct)."""
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError):      # builtins without a signature: trust them
        return
    try:
        signature.bind(None)
    except TypeError:
        params = [p for p in signature.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                  and p.default is p.empty]
        raise MatlabnnTypeError(
            f"OutputFcn: the function '{_function_name(f)}' takes {len(params)} required "
            f"argument{'' if len(params) == 1 else 's'} ({signature}); an OutputFcn is called "
            "with one argument, the info struct: def f(info): ... return False.",
            "nnet_cnn:trainingOptions:InvalidOutputFcn") from None


def output_fcn_stop(result, f):
    """What an OutputFcn returned, as MATLAB reads it: stop training or not.

    No output (None), a logical, or a real numeric scalar (any nonzero number is
    true, as logical(2) is) is accepted; a 1-element array counts as a scalar.
    NaN, text, arrays of other sizes and anything else raise a MatlabnnTypeError
    naming OutputFcn and the function.
    """
    if result is None:
        return False
    value = result
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Real, np.integer, np.floating)):
        if math.isnan(float(value)):
            raise MatlabnnTypeError(
                f"OutputFcn: the function '{_function_name(f)}' returned NaN, which cannot be "
                "converted to logical. Return True to stop training, False (or nothing) to "
                "continue.", "nnet_cnn:trainNetwork:InvalidOutputFcnOutput")
        return float(value) != 0.0
    raise MatlabnnTypeError(
        f"OutputFcn: the function '{_function_name(f)}' returned {_brief(result)}; an "
        "OutputFcn returns a logical scalar (True to stop training, False to continue) or "
        "nothing.", "nnet_cnn:trainNetwork:InvalidOutputFcnOutput")


def _maybe(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


class CheckpointWriter(TrainingObserver):
    """Saves the network to CheckpointPath every CheckpointFrequency epochs or iterations.

    Files are named ``net_checkpoint__<iteration>__<yyyy>_<mm>_<dd>__<HH>_<MM>_<SS>.mat``
    and hold the variable ``net``; ``load(file).net`` gives a network that predicts,
    and ``trainNetwork(X, Y, net.Layers, options)`` continues training from it.

    A checkpoint is written like ``save`` writes (a temporary file renamed over
    the target), so it is complete or absent. One that cannot be written (the
    folder was removed or replaced by a file, the disk is full, no permission)
    gives a warning naming the file and the operating system's error, and
    training goes on: a checkpoint must never cost the network being trained.
    Ctrl-C during a write removes the partial file and reaches the training
    loop, which stops as for Ctrl-C anywhere else.
    """

    def __init__(self, folder, frequency, unit):
        self.folder, self.frequency, self.unit = folder, frequency, unit
        self.files = []
        self.failures = []

    def _write(self, run, iteration):
        from .io import save
        stamp = datetime.datetime.now().strftime("%Y_%m_%d__%H_%M_%S")
        path = os.path.join(self.folder, f"net_checkpoint__{iteration}__{stamp}.mat")
        try:
            save(path, net=run.current_network())
        except (OSError, MatlabnnError) as err:
            cause = err if isinstance(err, OSError) else err.__cause__
            if not isinstance(cause, OSError):
                raise               # not a file-system failure: a real bug, let it show
            self.failures.append(path)
            reason = f"[Errno {cause.errno}] {cause.strerror}" if cause.strerror else str(cause)
            warnings.warn(
                f"Unable to write the checkpoint '{path}' at iteration {iteration}: {reason}. "
                "Training continues without this checkpoint; check that CheckpointPath "
                f"'{self.folder}' is a writable folder with free space.",
                CheckpointWarning, stacklevel=2)
            return
        self.files.append(path)

    def on_iteration(self, run, record):
        if self.unit == "iteration" and record.iteration % self.frequency == 0:
            self._write(run, record.iteration)

    def on_epoch_end(self, run, epoch, iteration):
        if self.unit == "epoch" and epoch % self.frequency == 0:
            self._write(run, iteration)


class CheckpointWarning(UserWarning):
    """A checkpoint that could not be written (training went on without it)."""
