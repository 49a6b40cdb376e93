"""``trainnet``: MATLAB's current training function, a face of the engine.

It parses MATLAB's arguments, turns T-by-C data and the targets into the
engine's datasets, builds (or copies) the dlnetwork, plugs the loss object of
``lossFcn`` into ``engine.trainer`` and follows the run with its own observer
(history tables, the trainnet verbose table, the progress plot, OutputFcn).
``Metrics`` are computed from the network outputs the loss sees;
``ObjectiveMetricName`` is what validation patience and the best network watch.
"""
import time

import numpy as np

from ._nargout import check_nargout, outputs
from ._rng import generator
from ._signature import matlab_syntax
from ._struct import Struct
from .callbacks import CheckpointWriter
from .dlnetwork import dlnetwork
from .engine.events import TrainingObserver
from .engine.pipeline import Dataset
from .engine.trainer import Trainer
from .errors import MatlabnnTypeError, MatlabnnValueError
from .layout import features_in, sequences_in
from .layers.base import Layer
from .layergraph import LayerGraph
from .metrics import check_metric_task, metric_objects
from .options import TrainingOptions
from .trainnet_choices import choices
from .trainnet_info import HistoryRecorder, TrainnetInfo
from .trainnet_loss import index_onehot, loss_object
from .trainnet_targets import engine_targets

__all__ = ["trainnet"]

FUNCTION = "trainnet"


# ---------------------------------------------------------------------------------------
# the loss the engine calls, with the metrics riding along

class MeteredLoss:
    """The engine's loss for a trainnet run: a TrainnetLoss plus the Metrics.

    In "train" mode each ``_loss`` call (one iteration) evaluates fresh metric
    objects on its mini-batch (``train_values``); in "validation" mode the calls
    accumulate into the validation metrics. The metric handed back to the
    engine (accuracy in percent, or the RMSE over elements) only feeds the
    engine's own history, which trainnet does not report.
    """

    def __init__(self, loss, metrics, fused_softmax):
        self.base = loss
        self.metrics = metrics
        self.names = [m.Name for m in metrics]
        self.fused = fused_softmax
        self.mode = "train"
        self.train_values = {}
        self.validation_result = None      # (loss, {name: value}) of the last validation

    @property
    def is_classification(self):
        return self.base.is_classification

    def start_validation(self):
        self.mode = "validation"
        for m in self.metrics:
            m.reset()

    def end_validation(self):
        self.mode = "train"
        return {m.Name: float(m.evaluate()) for m in self.metrics}

    def _loss(self, y, T, mask):
        loss, dy, _ = self.base._loss(y, T, mask)
        if self.fused:
            dy = self.base._softmax_logit_grad(y, T, mask)
        Tm = T
        if self.base.Kind == "index-crossentropy":      # metrics and accuracy want one-hot
            Tm = index_onehot(T, y.shape[-1], mask)
        if self.mode == "train":
            values = {}
            for m in self.metrics:
                m.reset()
                values[m.Name] = float(m.update(y, Tm, mask).evaluate())
            self.train_values = values
        else:
            for m in self.metrics:
                m.update(y, Tm, mask)
        return loss, dy, _engine_metric(y, Tm, mask, self.is_classification)


def _engine_metric(y, T, mask, is_classification):
    real = np.ones(y.shape[:-1], bool) if mask is None else mask
    if is_classification:
        hit = (np.argmax(y, -1) == np.argmax(T, -1)) & real
        return 100.0 * hit.sum() / max(int(real.sum()), 1)
    d = (y - T)[real]
    return float(np.sqrt(np.mean(d * d))) if d.size else 0.0


class _TrainnetTrainer(Trainer):
    """The engine's trainer with trainnet's validation: the loss, the Metrics, and
    the objective (ObjectiveMetricName) that patience and the best network watch."""

    def __init__(self, *args, objective="loss", maximize=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective, self.maximize = objective, maximize
        if self.opts.OutputNetwork == "auto":       # pinned in trainnet_choices
            best = self.val is not None and choices.output_network_auto == "best-validation"
            self.output_network = "best-validation-loss" if best else "last-iteration"

    def validate(self):
        self.loss.start_validation()
        try:
            loss, engine_metric = super().validate()
        finally:
            values = self.loss.end_validation()
        self.loss.validation_result = (loss, values)
        if self.objective == "loss":
            return loss, engine_metric
        value = values[self.objective]
        # the engine's patience and best network minimise record.validation_loss
        return (-value if self.maximize else value), engine_metric


# ---------------------------------------------------------------------------------------
# the observer: history tables, verbose table, plot, OutputFcn

class TrainnetMonitor(TrainingObserver):
    """Follows a trainnet run: TrainingHistory/ValidationHistory, the verbose table,
    the progress plot and OutputFcn calls (see trainnet's docstring)."""

    def __init__(self, loss, options, has_validation, initial_validation):
        self.loss = loss
        self.names = loss.names
        self.has_validation = has_validation
        self.recorder = HistoryRecorder(self.names, has_validation)
        self.initial_validation = initial_validation
        self.table = None
        if options.Verbose:
            from .display.trainnet_table import TrainnetTable
            self.table = TrainnetTable(self.names, has_validation, options.VerboseFrequency,
                                       options.ValidationFrequency)
        self.plot = None
        if options.Plots == "training-progress":
            from .display.trainnet_plot import TrainnetProgressPlot
            self.plot = TrainnetProgressPlot(self.names, has_validation)
        fns = options.OutputFcn
        self.output_fcns = [] if fns is None else (list(fns) if isinstance(fns, list) else [fns])
        self.last_values = None
        self.last_printed = None

    def _row(self, values):
        if self.table is not None:
            self.table.row(values)
            self.last_printed = values.get("Iteration")

    def _call_output_fcns(self, run, values, state):
        if not self.output_fcns:
            return
        info = Struct({k: values.get(k) for k in self._fields()})
        info.State = state
        stop = False
        for f in self.output_fcns:
            if f(info):
                stop = True
        if stop and state != "done":
            run.request_stop("Stopped by OutputFcn")

    def _fields(self):
        from .display.trainnet_table import trainnet_columns
        return trainnet_columns(self.names, True)

    def on_start(self, run):
        if self.table is not None:
            self.table.header()
        values = {"Iteration": 0, "Epoch": 0, "TimeElapsed": 0.0}
        if self.has_validation:           # MATLAB's iteration-0 row: before any step
            self.initial_validation()
            self._record_validation(0, values)
            self._row(values)
        self._call_output_fcns(run, values, "start")

    def _record_validation(self, iteration, values):
        """The last validation's loss and metrics into the history, the plot and ``values``."""
        vloss, vmetrics = self.loss.validation_result
        self.recorder.add_validation(iteration, vloss, vmetrics)
        if self.plot is not None:
            self.plot.add_validation(iteration, vloss, vmetrics)
        values["ValidationLoss"] = vloss
        values.update({f"Validation{k}": v for k, v in vmetrics.items()})

    def on_iteration(self, run, r):
        train_values = dict(self.loss.train_values)
        self.recorder.add_training(r.iteration, r.epoch, r.base_learn_rate, r.loss, train_values)
        values = {"Iteration": r.iteration, "Epoch": r.epoch, "TimeElapsed": r.time_elapsed,
                  "LearnRate": r.base_learn_rate, "TrainingLoss": r.loss}
        values.update({f"Training{k}": v for k, v in train_values.items()})
        if self.plot is not None:
            self.plot.add_training(r.iteration, r.loss, train_values)
        if r.validation_loss is not None:
            self._record_validation(r.iteration, values)
        self.last_values = values
        if self.table is not None and self.table.should_print(r.iteration):
            self._row(values)
        self._call_output_fcns(run, values, "iteration")

    def on_final_validation(self, run, iteration, loss, metric):
        self._record_validation(iteration, self.last_values if self.last_values is not None
                                else {})
        if self.last_printed == iteration:        # print the row again, now validated
            self.last_printed = None

    def on_done(self, run, info):
        if self.table is not None:
            if self.last_values is not None and self.last_printed != self.last_values["Iteration"]:
                self._row(self.last_values)
            self.table.stopped(run.stop_reason)
        if self.plot is not None:
            self.plot.finish(run.stop_reason)
        self._call_output_fcns(run, self.last_values or {}, "done")


# ---------------------------------------------------------------------------------------
# trainnet

def _parse_arguments(args, nargout):
    check_nargout(FUNCTION, nargout, 2)
    if len(args) == 4:
        raise MatlabnnTypeError(
            "trainnet: Not enough input arguments. matlabnn trains on in-memory data with "
            "separate targets: use trainnet(X, T, net, lossFcn, options). (The "
            "four-argument form takes a datastore, which matlabnn does not provide.)",
            "MATLAB:minrhs")
    if len(args) < 5:
        raise MatlabnnTypeError(
            f"trainnet: Not enough input arguments ({len(args)} given). Use "
            "trainnet(X, T, net, lossFcn, options).", "MATLAB:minrhs")
    if len(args) > 5:
        raise MatlabnnTypeError(
            f"trainnet: Too many input arguments ({len(args)} given). Use "
            "trainnet(X, T, net, lossFcn, options).", "MATLAB:TooManyInputs")
    X, T, net, lossFcn, options = args
    if not isinstance(options, TrainingOptions):
        raise MatlabnnTypeError(
            "trainnet: the fifth argument must be training options created with "
            f"trainingOptions(...); got a {type(options).__name__}.",
            "nnet_cnn:trainnet:InvalidTrainingOptions")
    return X, T, net, lossFcn, options


def _network(net):
    """A fresh dlnetwork to train (the caller's layers or network are never changed)."""
    if isinstance(net, (dlnetwork, LayerGraph, list, tuple, Layer)):
        return dlnetwork(net, Initialize=False)     # learnables already set are kept
    raise MatlabnnTypeError(
        "trainnet: the third argument must be a layer array (list of layers, no output "
        "layer), a layer graph or a dlnetwork; got a " f"{type(net).__name__}.",
        "nnet_cnn:trainnet:InvalidNetwork")


def _data(net, X, T, loss, options, argnames):
    inp = net._input_layer
    C = inp.InputSize
    is_feature = getattr(inp, "_is_feature_input", False)
    if is_feature:
        data = features_in(X, C, FUNCTION, options.InputDataFormats, argnames[0])
        lengths = None
    else:
        data, _ = sequences_in(X, C, FUNCTION, options.InputDataFormats, argnames[0])
        lengths = [s.shape[1] for s in data]
    targets, classes = engine_targets(T, net._output_size, net._output_is_sequence, lengths,
                                      loss, FUNCTION, options.TargetDataFormats, argnames[1])
    if lengths is None and targets.shape[0] != data.shape[0]:
        raise MatlabnnValueError(
            f"trainnet: Invalid targets. The predictors and targets must have the same number "
            f"of observations: {data.shape[0]} predictors, {targets.shape[0]} targets.",
            "nnet_cnn:trainnet:InvalidTargets")
    return Dataset(data, targets, is_feature), classes


def _objective(options, metrics):
    name = options.ObjectiveMetricName
    if name.lower() == "loss":
        return "loss", False
    for m in metrics:
        if m.Name.lower() == name.lower():
            return m.Name, bool(m.Maximize)
    raise MatlabnnValueError(
        f"trainnet: ObjectiveMetricName '{name}' is neither 'loss' nor the name of one of the "
        "Metrics (" + (", ".join(f"'{m.Name}'" for m in metrics) or "none given") + ").",
        "nnet_cnn:trainnet:InvalidObjectiveMetricName")


@matlab_syntax("net = trainnet(X, T, layers, lossFcn, options)",
               "net, info = trainnet(X, T, net, lossFcn, options, nargout=2)")
def trainnet(*args, nargout=1):
    """Train a neural network (MATLAB's ``trainnet``, R2023b+).

    MATLAB syntax and its Python form::

        netTrained = trainnet(X, T, net, lossFcn, options)
        [netTrained, info] = trainnet(X, T, net, lossFcn, options)
        # Python: netTrained, info = trainnet(X, T, net, lossFcn, options, nargout=2)

    - ``X``: sequences in the current layout: a list (cell array) of T-by-C arrays
      (time steps in rows, channels in columns), or a numeric T-by-C-by-N array;
      N-by-C features for a featureInputLayer network. ``InputDataFormats``
      (e.g. "CTB" for a list of C-by-T arrays) says otherwise.
    - ``T``: targets: a list of T-by-R arrays (sequence-to-sequence regression),
      an N-by-R array (one response per observation), a categorical array of N
      labels (classification; one-hot encoded in ``categories`` order), or a list
      of categorical sequences. ``TargetDataFormats`` overrides the layout.
    - ``net``: a layer array or layer graph *without* an output layer, or a
      dlnetwork (training continues from its weights when initialized).
    - ``lossFcn``: "crossentropy", "index-crossentropy", "binary-crossentropy",
      "mse" ("mean-squared-error", "l2loss"), "mae" ("mean-absolute-error",
      "l1loss") or "huber". Normalisations: README "Differences from MATLAB"
      and ``matlabnn.trainnet_choices``. Function handles are not supported.
    - ``options``: ``trainingOptions(...)``; trainnet also uses ``Metrics``
      (e.g. "accuracy", "rmse", metric objects), ``ObjectiveMetricName`` (what
      ValidationPatience and OutputNetwork "best-validation" watch),
      ``InputDataFormats`` and ``TargetDataFormats``.

    Returns a trained ``dlnetwork`` and, with nargout=2, a ``TrainingInfo``
    (TrainingHistory and ValidationHistory tables, OutputNetworkIteration,
    StopReason; ``show(info)``). With Verbose, prints trainnet's table and
    ``Training stopped: <reason>``. Padded time steps are masked.

    Example::

        layers = [sequenceInputLayer(3), lstmLayer(128), fullyConnectedLayer(3)]
        options = trainingOptions("adam", MaxEpochs=200,
                                  SequencePaddingDirection="left", Verbose=False)
        net = trainnet(XTrain, TTrain, layers, "mse", options)
    """
    start_clock = time.perf_counter()
    X, T, net_in, lossFcn, options = _parse_arguments(args, nargout)
    loss = loss_object(lossFcn, FUNCTION)
    options._check_supported(FUNCTION)
    metrics = metric_objects(options.Metrics, FUNCTION)
    for m in metrics:
        check_metric_task(m, loss.is_classification, FUNCTION)
    objective, maximize = _objective(options, metrics)
    net = _network(net_in)
    net._compile(FUNCTION)
    data, _ = _data(net, X, T, loss, options, ("X", "T"))
    validation = None
    if options.ValidationData is not None:
        XV, TV = options.ValidationData
        validation, _ = _data(net, XV, TV, loss, options,
                              ("ValidationData{1}", "ValidationData{2}"))
    inp = net._input_layer
    normalize = bool(inp._stat_names()) and (options.ResetInputNormalization
                                              or inp._stats_missing())
    if normalize:
        inp._fit_normalization(data.data if not data.is_feature else [data.data.T], net._dtype)
    rng = generator()
    for layer in net.Layers:
        layer._initialize(rng, net._dtype)
        layer._cast(net._dtype)
    object.__setattr__(net, "_initialized", True)
    k, _ = net._net_output
    last = net.Layers[k]
    fused = bool(getattr(last, "_is_softmax", False)) and loss.Kind in (
        "crossentropy", "index-crossentropy")
    if getattr(last, "_is_softmax", False):
        object.__setattr__(last, "_fused", fused)
    metered = MeteredLoss(loss, metrics, fused)
    options._used_by_trainnet = True
    trainer = _TrainnetTrainer(net, data, validation, options, metered, start_clock,
                               objective=objective, maximize=maximize)
    monitor = TrainnetMonitor(metered, options, validation is not None, trainer.validate)
    observers = [monitor]
    if options.CheckpointPath:
        observers.append(CheckpointWriter(options.CheckpointPath, options.CheckpointFrequency,
                                          options.CheckpointFrequencyUnit))
    trained, engine_info = trainer.run(observers, normalize, FUNCTION)
    for layer in trained.Layers:
        if getattr(layer, "_is_softmax", False):
            object.__setattr__(layer, "_fused", False)
    training, validation_table = monitor.recorder.tables()
    info = TrainnetInfo(training, validation_table, metered.names,
                        engine_info.OutputNetworkIteration, engine_info.StopReason)
    return outputs((trained, info), nargout)
