"""One training run: parameters, solver, the work of a step and of validation.

:func:`train` is the engine's plain entry point (no MATLAB argument parsing):
a compiled network, Datasets, a loss and settings in, the trained network and
its TrainingInfo out. The MATLAB faces (trainNetwork, trainnet) parse their
arguments, prepare the data and call it.
"""
import copy
import datetime
import math
import time

import numpy as np

from .._rng import generator
from ..ops import _common as _ops_common
from ..solvers import SOLVERS, ParameterSet, clip_gradients, learn_rate, regularize
from ..traininginfo import TrainingInfo
from .events import TrainingRun
from .loop import emit, run_loop
from .observers import BestNetwork, DivergenceGuard, History, ValidationPatience
from .pipeline import SequenceSettings, forward_chunks, initial_states


def _all_finite(a):
    """``np.isfinite(a).all()`` for a 1-D buffer, cheaply: a finite sum means every
    element is finite (inf or NaN anywhere makes the sum inf or NaN); only a sum
    that overflowed needs the element-wise check."""
    return math.isfinite(float(a.sum())) or bool(np.isfinite(a).all())


class Trainer:
    """State of one training run.

    ``loss`` is the object that scores the network output: ``loss._loss(y, T, mask)``
    gives (loss, dL/dy, metric) and ``loss.is_classification`` says which metric
    (accuracy in percent, else RMSE) the run reports.
    """

    def __init__(self, net, train, validation, options, loss, start_clock):
        self.net, self.train, self.val = net, train, validation
        self.opts = options
        self.settings = SequenceSettings(options)
        self.loss = loss
        self.start_clock = start_clock
        self.dtype = net._dtype
        self.rng = generator()
        self.is_classification = bool(getattr(loss, "is_classification", False))
        self.params = ParameterSet(net, options.L2Regularization)
        self.solver = SOLVERS[options.solver_name](options, self.params.values.size, self.dtype)
        self.batch_size = min(options.MiniBatchSize, train.n)
        self.batches_per_epoch = train.n // self.batch_size
        self.output_network = options._output_network(validation is not None)
        self.backup = np.empty_like(self.params.values)
        self.info = TrainingInfo(self.is_classification, validation is not None)
        self.last_validated = 0
        self._order, self._batches = np.arange(train.n), None

    # -- what the loop asks ----------------------------------------------------------
    def learn_rate(self, epoch):
        return learn_rate(self.opts, epoch)

    def elapsed(self):
        return time.perf_counter() - self.start_clock

    def epoch_batches(self):
        """This epoch's mini-batches (lists of chunks), formatted once while the order holds."""
        if self.opts.Shuffle == "every-epoch":
            self._order, self._batches = self.rng.permutation(self.train.n), None
        if self._batches is None:
            B = self.batch_size
            self._batches = [self.train.batch(self._order[b * B:(b + 1) * B], self.dtype,
                                              self.settings)
                             for b in range(self.batches_per_epoch)]
        return self._batches

    def _initial_states(self, n):
        return initial_states(self.net, n, self.dtype)

    def validation_due(self, iteration, last):
        due = self.val is not None and (iteration == 1 or last or
                                        iteration % self.opts.ValidationFrequency == 0)
        if due:
            self.last_validated = iteration
        return due

    # -- one iteration -------------------------------------------------------------
    def _step(self, X, mask, T, states, rate):
        """Forward, loss, backward, update. Returns (loss, metric, final states, ok)."""
        pool = self.__dict__.get("_pool")
        if pool is None:         # kernel buffers reused from one iteration to the next
            pool = self._pool = _ops_common.new_pool()
        with np.errstate(over="ignore", invalid="ignore"), _ops_common.workspace(pool):
            return self._step_unchecked(X, mask, T, states, rate)

    def _step_unchecked(self, X, mask, T, states, rate):
        net = self.net
        y, ymask, finals, caches = net._forward(X, mask, True, states, self.rng)
        loss, dy, metric = self.loss._loss(y, T, ymask)
        if not math.isfinite(loss):
            return loss, metric, finals, False
        grads, _, _ = net._backward(dy, caches)
        self.params.set_grads(grads)
        if not _all_finite(self.params.grads):
            return math.nan, metric, finals, False
        regularize(self.params)
        clip_gradients(self.params, self.opts.GradientThresholdMethod,
                       self.opts.GradientThreshold)
        np.copyto(self.backup, self.params.values)
        try:
            self.solver.step(self.params, rate)
        except KeyboardInterrupt:        # never leave a half-updated network
            np.copyto(self.params.values, self.backup)
            raise
        if not _all_finite(self.params.values):
            np.copyto(self.params.values, self.backup)
            return math.nan, metric, finals, False
        return loss, metric, finals, True

    # -- validation ----------------------------------------------------------------
    def validate(self):
        """(loss, metric) over the whole validation set, in mini-batches, no dropout.

        The loss is the mean over observations; RMSE is sqrt(2 loss); accuracy is
        over every real (unpadded) prediction.
        """
        if not hasattr(self, "_val_batches"):     # formatted once
            B = self.opts.MiniBatchSize
            self._val_batches = self.val.batches_in_order(B, self.dtype, self.settings)
            self._val_whole = [b[0] for b in self.val.batches_in_order(
                B, self.dtype, self.settings.whole())]
        loss_sum, correct, count = 0.0, 0.0, 0
        for pieces, (_, mask, T) in zip(self._val_batches, self._val_whole):
            n_obs = T.shape[1] if T.ndim == 3 else T.shape[0]
            y, _ = self._forward_chunks(pieces, n_obs)
            ymask = mask if y.ndim == 3 else None
            loss, _, metric = self.loss._loss(y, T, ymask)
            loss_sum += loss * n_obs
            predictions = (int(ymask.sum()) if ymask is not None
                           else int(np.prod(y.shape[:-1])))
            correct += metric * predictions / 100.0 if self.is_classification else 0.0
            count += predictions if self.is_classification else n_obs
        loss = loss_sum / self.val.n
        if self.is_classification:
            return loss, 100.0 * correct / count
        return loss, math.sqrt(2.0 * loss)

    def _forward_chunks(self, pieces, n_obs):
        return forward_chunks(self.net, pieces, self._initial_states(n_obs))

    # -- the run -------------------------------------------------------------------
    def run(self, observers, initializes_normalization=False, function="trainNetwork"):
        """Train; returns (network, TrainingInfo)."""
        opts = self.opts
        chunked = isinstance(opts.SequenceLength, int) and not self.train.is_feature
        per_epoch = None if chunked else self.batches_per_epoch
        run = TrainingRun(
            is_classification=self.is_classification, has_validation=self.val is not None,
            max_epochs=opts.MaxEpochs, iterations_per_epoch=per_epoch,
            max_iterations=None if per_epoch is None else per_epoch * opts.MaxEpochs,
            start_time=datetime.datetime.now(), initial_learn_rate=opts.InitialLearnRate,
            learn_rate_schedule=opts.LearnRateSchedule,
            validation_frequency=opts.ValidationFrequency,
            validation_patience=opts.ValidationPatience,
            verbose_frequency=opts.VerboseFrequency,
            initializes_normalization=initializes_normalization)
        run.current_network = self._output_net
        self.history = History()
        self.best = BestNetwork(self.params) \
            if self.output_network == "best-validation-loss" else None
        bookkeeping = [self.history, DivergenceGuard(function)] + \
            ([self.best] if self.best else [])
        watchers = bookkeeping + list(observers) + [ValidationPatience(opts.ValidationPatience)]
        if opts.Shuffle == "once":
            self._order = self.rng.permutation(self.train.n)
        iterations = run_loop(self, run, watchers)
        self.final_validation = None
        if self.val is not None and iterations:
            h = self.history
            if self.last_validated != iterations:    # the final validation, after training
                try:
                    self.final_validation = self.validate()
                    emit(watchers, "on_final_validation", run, iterations,
                         *self.final_validation)
                except KeyboardInterrupt:
                    run.stop_reason = "Stopped manually"
            else:
                self.final_validation = (h.vloss[-1], h.vmetric[-1])
        return self._finish(run, iterations, watchers)

    def _finish(self, run, iterations, watchers):
        info, h = self.info, self.history
        metric = "Accuracy" if self.is_classification else "RMSE"
        info.TrainingLoss = np.array(h.loss, dtype=float)
        setattr(info, f"Training{metric}", np.array(h.metric, dtype=float))
        info.BaseLearnRate = np.array(h.rate, dtype=float)
        info.Epoch = np.array(h.epoch, dtype=int)
        if self.val is not None:
            info.ValidationLoss = np.array(h.vloss, dtype=float)
            setattr(info, f"Validation{metric}", np.array(h.vmetric, dtype=float))
            if self.final_validation is not None:
                info.FinalValidationLoss, fm = self.final_validation
                setattr(info, f"FinalValidation{metric}", fm)
        info.OutputNetworkIteration = iterations
        if self.best is not None and self.best.best is not None:
            np.copyto(self.params.values, self.best.best[2])
            info.OutputNetworkIteration = self.best.best[1]
            if iterations:
                try:     # MATLAB reports the validation values of the returned network
                    info.FinalValidationLoss, fm = self.validate()
                    setattr(info, f"FinalValidation{metric}", fm)
                except KeyboardInterrupt:
                    run.stop_reason = "Stopped manually"
        info.StopReason = run.stop_reason
        info.IterationsPerEpoch = run.iterations_per_epoch
        info.MaxEpochs = run.max_epochs
        info.ValidationFrequency = run.validation_frequency if self.val is not None else None
        info.ValidationPatience = run.validation_patience
        info.MaxIterations = run.max_iterations
        info.StartTime = run.start_time
        info.ElapsedTime = self.elapsed()
        info.Hardware = run.hardware
        info.LearnRateSchedule = run.learn_rate_schedule
        self._batchnorm_statistics()
        net = self._output_net()
        for o in watchers:        # one observer interrupted must not lose the network
            try:
                o.on_done(run, info)
            except KeyboardInterrupt:
                info.StopReason = run.stop_reason = "Stopped manually"
        return net, info

    def _batchnorm_statistics(self):
        """BatchNormalizationStatistics 'population': TrainedMean/TrainedVariance over the
        whole training data, with the final parameters (issue 13)."""
        from ..layers import _pinned
        from ..layers.normalization import BatchNormalizationLayer, population_statistics
        mode = getattr(self.opts, "BatchNormalizationStatistics", "auto")
        if mode == "auto":
            mode = _pinned.BATCHNORM_AUTO_STATISTICS
        if mode != "population" or \
                not any(isinstance(l, BatchNormalizationLayer) for l in self.net.Layers):
            return
        batches = self.train.batches_in_order(self.batch_size, self.dtype, self.settings)

        def run_all():
            for pieces in batches:
                X = pieces[0][0]
                self._forward_chunks(pieces, X.shape[1] if X.ndim >= 3 else X.shape[0])
        population_statistics(self.net, run_all)

    def _output_net(self):
        """A network that owns its arrays (not views of the training buffer), state reset."""
        net = copy.deepcopy(self.net)
        for layer in net.Layers:
            for name in layer._learnables:
                object.__setattr__(layer, name, np.array(getattr(layer, name)))
            layer._reset_state()
        return net


def run_training(net, train_data, loss, options, validation=None, observers=(),
                 initializes_normalization=False, function="train", start_clock=None):
    """Train a compiled network with a trainingOptions object (what the faces call).

    ``net`` is a compiled network with initialized learnables; ``train_data`` and
    ``validation`` are :class:`pipeline.Dataset`; ``loss`` has ``_loss(y, T, mask)``;
    ``observers`` are extra event observers (table, plot, ...). Returns (trained
    network, TrainingInfo).
    """
    start_clock = time.perf_counter() if start_clock is None else start_clock
    trainer = Trainer(net, train_data, validation, options, loss, start_clock)
    return trainer.run(observers, initializes_normalization, function)


# Plain names of the settings :func:`train` takes, and the options they set.
PLAIN_SETTINGS = {
    "max_epochs": "MaxEpochs", "learn_rate": "InitialLearnRate",
    "mini_batch_size": "MiniBatchSize", "shuffle": "Shuffle",
    "gradient_threshold": "GradientThreshold", "l2": "L2Regularization",
    "sequence_length": "SequenceLength", "padding_direction": "SequencePaddingDirection",
    "validation_frequency": "ValidationFrequency", "validation_patience": "ValidationPatience",
    "momentum": "Momentum",
}


def train(net, sequences, targets, loss=None, *, solver="adam", validation=None,
          observers=(), **settings):
    """Train without MATLAB's argument conventions: the engine's own entry point.

    ``net`` is a compiled network (``matlabnn.network.compile_network(layers,
    "train")``); ``sequences`` a list of C-by-S arrays (or an (N, F) array for a
    feature-input network) and ``targets`` what the loss expects: an (N, R)
    array, or a list of R-by-S arrays, or one-hot (N, K) / K-by-S arrays for
    classification. ``loss`` defaults to the network's output layer.
    ``validation`` is an optional (sequences, targets) pair. Settings use plain
    names: max_epochs, learn_rate, mini_batch_size, shuffle ('once', 'never',
    'every-epoch'), gradient_threshold, l2, sequence_length, padding_direction,
    validation_frequency, validation_patience, momentum (sgdm). Nothing is
    printed or plotted unless ``observers`` say so. Returns (network, info).

    Example::

        net = compile_network([sequenceInputLayer(1), lstmLayer(8),
                               fullyConnectedLayer(1), regressionLayer()], "train")
        net, info = train(net, [x], [y], max_epochs=50, learn_rate=0.01)
    """
    from ..options import trainingOptions
    from .pipeline import Dataset
    unknown = sorted(set(settings) - set(PLAIN_SETTINGS))
    if unknown:
        raise TypeError(f"train: unknown setting(s) {', '.join(unknown)}; use "
                        f"{', '.join(PLAIN_SETTINGS)}.")
    options = trainingOptions(solver, Verbose=False, **{PLAIN_SETTINGS[k]: v
                                                         for k, v in settings.items()})
    is_feature = not isinstance(sequences, list)
    val = None if validation is None else Dataset(validation[0], validation[1], is_feature)
    return run_training(net, Dataset(sequences, targets, is_feature),
                        loss if loss is not None else net._output_layer, options, val,
                        observers)
