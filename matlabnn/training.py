"""trainNetwork: the one training loop.

The loop emits events (start, iteration, done) to observers — the verbose
table, the training-progress plot, OutputFcn, checkpoints — and knows nothing
about printing or plotting. Per iteration it follows spec §4.3: data-loss
gradients, L2, gradient threshold, solver step.
"""
import copy
import datetime
import math
import time
import warnings

import numpy as np

from . import sequences as seqmod
from ._nargout import check_nargout, outputs
from ._rng import generator
from ._signature import matlab_syntax
from .callbacks import CheckpointWriter, OutputFcnCaller
from .display.events import IterationRecord, TrainingRun
from .errors import MatlabnnTypeError
from .layers.input import FeatureInputLayer
from .network import compile_network
from .ops import _common as _ops_common
from .options import TrainingOptions
from .solvers import SOLVERS, ParameterSet, clip_gradients, learn_rate, regularize
from .traininginfo import TrainingInfo

FUNCTION = "trainNetwork"


# ---------------------------------------------------------------------------
# Data: predictors and responses in the engine's form, and mini-batches.

class Dataset:
    """Predictors and targets of one data set, ready for batching.

    ``seqs`` is a list of C-by-S arrays (or an (N, F) array for feature input);
    ``targets`` is an (N, R) array (one response per observation) or a list of
    R-by-S arrays (sequence responses), as the output layer prepared them.
    """

    def __init__(self, net, X, Y, argnames=("X", "Y")):
        from .prediction import prepare_inputs
        self.is_feature = isinstance(net._input_layer, FeatureInputLayer)
        self.data, self.single, _ = prepare_inputs(net, X, FUNCTION, argnames[0])
        self.n = self.data.shape[0] if self.is_feature else len(self.data)
        self.targets = net._output_layer._training_targets(
            Y, self.data, self.single, net, FUNCTION, argnames[1], self.is_feature)

    def batch(self, idx, dtype, opts):
        """Mini-batch of observations ``idx``: list of (X, mask, T) chunks."""
        if self.is_feature:
            return [(np.asarray(self.data[idx], dtype), None, self.targets[idx].astype(dtype))]
        seqs = [self.data[i] for i in idx]
        seq_targets = isinstance(self.targets, list)
        tseqs = [self.targets[i] for i in idx] if seq_targets else None
        direction = opts.SequencePaddingDirection
        if opts.SequenceLength == "shortest":
            seqs = seqmod.truncate(seqs, direction)
            if seq_targets:
                tseqs = seqmod.truncate(tseqs, direction)
        X, mask = seqmod.pad_batch(seqs, dtype, opts.SequencePaddingValue, direction)
        if seq_targets:
            T, _ = seqmod.pad_batch(tseqs, dtype, 0.0, direction)
        else:
            T = np.ascontiguousarray(self.targets[idx], dtype)
        if not isinstance(opts.SequenceLength, int):
            return [(X, mask, T)]
        chunks = []
        for sl in seqmod.chunk_slices(X.shape[0], opts.SequenceLength):
            m = None if mask is None else mask[sl]
            if m is not None and m.all():
                m = None
            chunks.append((np.ascontiguousarray(X[sl]), m,
                           np.ascontiguousarray(T[sl]) if seq_targets else T))
        return chunks


def _parse_arguments(args, nargout):
    check_nargout(FUNCTION, nargout, 2)
    if len(args) < 4:
        raise MatlabnnTypeError(
            f"{FUNCTION}: not enough input arguments. Use trainNetwork(X, Y, layers, options): "
            "predictors, responses, a layer array and trainingOptions(...).",
            "MATLAB:minrhs")
    if len(args) > 4:
        raise MatlabnnTypeError(
            f"{FUNCTION}: too many input arguments ({len(args)}). Use "
            "trainNetwork(X, Y, layers, options).", "MATLAB:TooManyInputs")
    X, Y, layers, options = args
    if not isinstance(options, TrainingOptions):
        raise MatlabnnTypeError(
            f"{FUNCTION}: the fourth argument must be training options created with "
            f"trainingOptions(...); got a {type(options).__name__}.",
            "nnet_cnn:trainNetwork:InvalidTrainingOptions")
    return X, Y, layers, options


# ---------------------------------------------------------------------------
# The loop.

def _all_finite(a):
    """``np.isfinite(a).all()`` for a 1-D buffer, cheaply: a finite sum means every
    element is finite (inf or NaN anywhere makes the sum inf or NaN); only a sum
    that overflowed needs the element-wise check."""
    return math.isfinite(float(a.sum())) or bool(np.isfinite(a).all())


class _Trainer:
    """State of one trainNetwork call."""

    def __init__(self, net, train, validation, options, observers, start_clock):
        self.net, self.train, self.val = net, train, validation
        self.opts = options
        self.observers = observers
        self.start_clock = start_clock
        self.dtype = net._dtype
        self.rng = generator()
        out = net._output_layer
        self.is_classification = getattr(out, "is_classification", False)
        self.params = ParameterSet(net, options.L2Regularization)
        self.solver = SOLVERS[options.solver_name](options, self.params.values.size, self.dtype)
        self.batch_size = min(options.MiniBatchSize, train.n)
        self.batches_per_epoch = train.n // self.batch_size
        self.output_network = options._output_network(validation is not None)
        self.backup = np.empty_like(self.params.values)
        self.best = None                     # (loss, iteration, values copy)
        self.info = TrainingInfo(self.is_classification, validation is not None)
        self.history = {"loss": [], "metric": [], "vloss": [], "vmetric": [],
                        "rate": [], "epoch": []}

    # -- one iteration -------------------------------------------------------------
    def _step(self, X, mask, T, states, rate):
        """Forward, loss, backward, update. Returns (loss, metric, final states)."""
        pool = self.__dict__.get("_pool")
        if pool is None:         # kernel buffers reused from one iteration to the next
            pool = self._pool = _ops_common.new_pool()
        with np.errstate(over="ignore", invalid="ignore"), _ops_common.workspace(pool):
            return self._step_unchecked(X, mask, T, states, rate)

    def _step_unchecked(self, X, mask, T, states, rate):
        net = self.net
        y, ymask, finals, caches = net._forward(X, mask, True, states, self.rng)
        loss, dy, metric = net._output_layer._loss(y, T, ymask)
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
        self.solver.step(self.params, rate)
        if not _all_finite(self.params.values):
            np.copyto(self.params.values, self.backup)
            return math.nan, metric, finals, False
        return loss, metric, finals, True

    def _initial_states(self, n):
        return {k: l._initial_state(n, self.dtype)
                for k, l in enumerate(self.net.Layers) if l._is_recurrent}

    # -- validation ----------------------------------------------------------------
    def validate(self):
        """(loss, metric) over the whole validation set, in mini-batches, no dropout.

        The loss is the mean over observations; RMSE is sqrt(2 loss); accuracy is
        over every real (unpadded) prediction.
        """
        loss_sum, correct, count = 0.0, 0.0, 0
        for chunks, (_, mask, T) in zip(self.val_batches, self.val_full):
            states = self._initial_states(T.shape[1] if T.ndim == 3 else T.shape[0])
            ys = []
            for X, m, _ in chunks:
                y, _, finals, _ = self.net._forward(X, m, False, states)
                states.update(finals)
                ys.append(y)
            y = np.concatenate(ys, axis=0) if y.ndim == 3 and len(ys) > 1 else ys[-1]
            ymask = mask if y.ndim == 3 else None
            loss, _, metric = self.net._output_layer._loss(y, T, ymask)
            n_obs = T.shape[1] if T.ndim == 3 else T.shape[0]
            loss_sum += loss * n_obs
            predictions = (int(ymask.sum()) if ymask is not None
                           else int(np.prod(y.shape[:-1])))
            correct += metric * predictions / 100.0 if self.is_classification else 0.0
            count += predictions if self.is_classification else n_obs
        loss = loss_sum / self.val.n
        if self.is_classification:
            return loss, 100.0 * correct / count
        return loss, math.sqrt(2.0 * loss)

    def _prepare_validation(self):
        """Format the validation mini-batches once: as chunks, and whole (for the loss)."""
        if self.val is None:
            return
        B = self.opts.MiniBatchSize
        whole = copy.copy(self.opts)
        if isinstance(self.opts.SequenceLength, int):
            object.__setattr__(whole, "SequenceLength", "longest")
        self.val_batches, self.val_full = [], []
        for start in range(0, self.val.n, B):
            idx = np.arange(start, min(start + B, self.val.n))
            self.val_batches.append(self.val.batch(idx, self.dtype, self.opts))
            self.val_full.append(self.val.batch(idx, self.dtype, whole)[0])

    # -- the loop ------------------------------------------------------------------
    def run(self, initializes_normalization=False):
        opts, n = self.opts, self.train.n
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
        self._prepare_validation()
        order = np.arange(n)
        if opts.Shuffle == "once":
            order = self.rng.permutation(n)
        batches = None
        iteration, patience_count, best_vloss = 0, 0, math.inf
        last_validated = 0
        stop_reason = "Max epochs completed"
        try:
            for o in self.observers:
                o.on_start(run)
            if run.stop_requested:
                raise _Stop
            for epoch in range(1, opts.MaxEpochs + 1):
                rate = learn_rate(opts, epoch)
                if opts.Shuffle == "every-epoch":
                    order = self.rng.permutation(n)
                    batches = None
                if batches is None:      # formatted once, reused while the order holds
                    batches = [self.train.batch(order[b * self.batch_size:(b + 1) * self.batch_size],
                                                self.dtype, opts)
                               for b in range(self.batches_per_epoch)]
                for chunks in batches:
                    states = self._initial_states(chunks[0][0].shape[1])
                    for k, (X, mask, T) in enumerate(chunks):
                        loss, metric, finals, ok = self._step(X, mask, T, states, rate)
                        iteration += 1
                        if not ok:
                            stop_reason = "Training loss is NaN"
                            self._diverged(iteration, loss)
                            iteration -= 1
                            raise _Stop
                        # state carried to the next chunk, without gradient (truncated BPTT)
                        states = {**states, **finals}
                        is_last = (epoch == opts.MaxEpochs and chunks is batches[-1]
                                   and k == len(chunks) - 1)
                        vloss = vmetric = None
                        if self.val is not None and (iteration == 1 or is_last or
                                                     iteration % opts.ValidationFrequency == 0):
                            vloss, vmetric = self.validate()
                            last_validated = iteration
                            self._track_best(vloss, iteration)
                            if vloss < best_vloss:
                                best_vloss, patience_count = vloss, 0
                            else:
                                patience_count += 1
                        record = IterationRecord(
                            epoch=epoch, iteration=iteration,
                            time_elapsed=time.perf_counter() - self.start_clock,
                            loss=loss, metric=metric, base_learn_rate=rate,
                            validation_loss=vloss, validation_metric=vmetric)
                        self._record(record)
                        for o in self.observers:
                            o.on_iteration(run, record)
                        if vloss is not None and patience_count >= opts.ValidationPatience:
                            stop_reason = "Met validation criterion"
                            raise _Stop
                        if run.stop_requested:
                            raise _Stop
                for o in self.observers:
                    o.on_epoch_end(run, epoch, iteration)
        except _Stop:
            pass
        except KeyboardInterrupt:       # Ctrl-C: keep the network trained so far
            stop_reason = "Stopped manually"
        if run.stop_requested:
            stop_reason = run.stop_reason
        run.stop_reason = stop_reason
        if self.val is not None and iteration and last_validated != iteration:
            vloss, vmetric = self.validate()       # the final validation, after training
            self._track_best(vloss, iteration)
            self.final_validation = (vloss, vmetric)
        elif self.val is not None and iteration:
            self.final_validation = (self.history["vloss"][-1], self.history["vmetric"][-1])
        return self._finish(run, iteration, stop_reason)

    def _diverged(self, iteration, loss):
        warnings.warn(
            f"trainNetwork: training stopped at iteration {iteration} because the "
            f"training loss became {'NaN' if math.isnan(loss) else 'Inf'} (or a gradient or "
            "weight became non-finite). The returned network has the weights of the last "
            "iteration with finite values. Likely causes: a learning rate that is too "
            "high (lower InitialLearnRate), exploding gradients (set GradientThreshold, "
            "e.g. 1), or unnormalized data (use Normalization 'zscore' on the input "
            "layer, or standardize X and Y).", RuntimeWarning, stacklevel=3)

    def _track_best(self, vloss, iteration):
        if self.output_network == "best-validation-loss" and (
                self.best is None or vloss < self.best[0]):
            self.best = (vloss, iteration, self.params.values.copy())

    def _record(self, r):
        h = self.history
        h["loss"].append(r.loss)
        h["metric"].append(r.metric)
        h["vloss"].append(math.nan if r.validation_loss is None else r.validation_loss)
        h["vmetric"].append(math.nan if r.validation_metric is None else r.validation_metric)
        h["rate"].append(r.base_learn_rate)
        h["epoch"].append(r.epoch)

    def _finish(self, run, iterations, stop_reason):
        info, h = self.info, self.history
        metric = "Accuracy" if self.is_classification else "RMSE"
        info.TrainingLoss = np.array(h["loss"], dtype=float)
        setattr(info, f"Training{metric}", np.array(h["metric"], dtype=float))
        info.BaseLearnRate = np.array(h["rate"], dtype=float)
        info.Epoch = np.array(h["epoch"], dtype=int)
        if self.val is not None:
            info.ValidationLoss = np.array(h["vloss"], dtype=float)
            setattr(info, f"Validation{metric}", np.array(h["vmetric"], dtype=float))
            if iterations:
                info.FinalValidationLoss, fm = self.final_validation
                setattr(info, f"FinalValidation{metric}", fm)
        info.OutputNetworkIteration = iterations
        if self.output_network == "best-validation-loss" and self.best is not None:
            np.copyto(self.params.values, self.best[2])
            info.OutputNetworkIteration = self.best[1]
            if iterations:
                # MATLAB reports the validation values of the returned network
                info.FinalValidationLoss, fm = self.validate()
                setattr(info, f"FinalValidation{metric}", fm)
        info.StopReason = stop_reason
        info.IterationsPerEpoch = run.iterations_per_epoch
        info.MaxEpochs = run.max_epochs
        info.ValidationFrequency = run.validation_frequency if self.val is not None else None
        info.ValidationPatience = run.validation_patience
        info.MaxIterations = run.max_iterations
        info.StartTime = run.start_time
        info.ElapsedTime = time.perf_counter() - self.start_clock
        info.Hardware = run.hardware
        info.LearnRateSchedule = run.learn_rate_schedule
        net = self._output_net()
        for o in self.observers:
            o.on_done(run, info)
        return net, info

    def _output_net(self):
        """A network that owns its arrays (not views of the training buffer), state reset."""
        net = copy.deepcopy(self.net)
        for layer in net.Layers:
            for name in layer._learnables:
                object.__setattr__(layer, name, np.array(getattr(layer, name)))
            layer._reset_state()
        return net


class _Stop(Exception):
    """Internal: leave the loop early (patience, stop request, NaN)."""


@matlab_syntax('net = trainNetwork(X, Y, layers, options)', 'net, info = trainNetwork(X, Y, layers, options, nargout=2)')
def trainNetwork(*args, nargout=1):
    """Train a neural network for sequence regression or classification.

    MATLAB syntax::

        net = trainNetwork(X, Y, layers, options)
        [net, info] = trainNetwork(X, Y, layers, options)

    Python::

        net = trainNetwork(XTrain, YTrain, layers, options)
        net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)

    Data forms (MATLAB's):

    - ``X``: one C-by-S sequence (numpy array) or a list of C-by-S sequences
      (MATLAB's cell array); N-by-F array for a featureInputLayer network.
    - ``Y``, regression: N-by-R array (sequence-to-one, OutputMode 'last');
      a list of R-by-S sequences (sequence-to-sequence), or one R-by-S array
      for one sequence.
    - ``Y``, classification: a categorical vector of N labels (sequence-to-label),
      or a list of 1-by-S categorical sequences (sequence-to-sequence).
    - ``layers``: a layer array (list) starting with an input layer and ending
      with an output layer. The layers passed in are not modified.
    - ``options``: from :func:`trainingOptions` ('sgdm', 'adam', 'rmsprop').

    Each epoch has floor(N / MiniBatchSize) iterations (more with integer
    SequenceLength, one per chunk). Padded time steps are masked: they change
    neither the state nor the loss. Prints MATLAB's progress table when
    Verbose is true; shows the training-progress plot with
    Plots 'training-progress'. Ctrl-C stops training and returns the network
    as it is. ``info`` has TrainingLoss, TrainingRMSE or TrainingAccuracy,
    BaseLearnRate, validation fields and OutputNetworkIteration.

    Example::

        layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1),
                  regressionLayer()]
        options = trainingOptions('adam', 'MaxEpochs', 250, 'GradientThreshold', 1,
                                  'InitialLearnRate', 0.005, 'Verbose', 0)
        net = trainNetwork(XTrain, YTrain, layers, options)
    """
    start_clock = time.perf_counter()
    X, Y, layers, options = _parse_arguments(args, nargout)
    options._check_supported(FUNCTION)
    net = compile_network(layers, FUNCTION, initialize=False)
    train = Dataset(net, X, Y)
    validation = None
    if options.ValidationData is not None:
        XV, YV = options.ValidationData
        validation = Dataset(net, XV, YV, ("ValidationData{1}", "ValidationData{2}"))
    # Statistics and initial weights come before the first iteration (spec §1.1, §4.3).
    inp = net._input_layer
    normalize = bool(inp._stat_names()) and (options.ResetInputNormalization
                                              or inp._stats_missing())
    if normalize:
        inp._fit_normalization(train.data if not train.is_feature else [train.data.T],
                               net._dtype)
    rng = generator()
    for layer in net.Layers:
        layer._initialize(rng, net._dtype)
        layer._cast(net._dtype)
    net._output_layer._finalize_training(train)
    trainer = _Trainer(net, train, validation, options, _observers(options), start_clock)
    net, info = trainer.run(initializes_normalization=normalize)
    return outputs((net, info), nargout)


def _observers(options):
    """The displays and actions that follow the loop's events, in MATLAB's order."""
    observers = []
    if options.Verbose:
        from .display.table import VerboseTable
        observers.append(VerboseTable())
    if options.Plots == "training-progress":
        from .display.progress_plot import TrainingProgressPlot   # imported only when used
        observers.append(TrainingProgressPlot())
    if options.OutputFcn is not None:
        observers.append(OutputFcnCaller(options.OutputFcn))
    if options.CheckpointPath:
        observers.append(CheckpointWriter(options.CheckpointPath, options.CheckpointFrequency,
                                          options.CheckpointFrequencyUnit))
    return observers
