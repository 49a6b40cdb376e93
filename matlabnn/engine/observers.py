"""The loop's bookkeeping observers: history, validation patience, best network, NaN guard.

They follow the loop's events like the table and the plot do, so the loop
itself only steps. Each keeps what it learns for the trainer to read at the end.
"""
import math
import warnings

from .events import TrainingObserver


class History(TrainingObserver):
    """Per-iteration values, as TrainingInfo reports them (NaN without validation)."""

    def __init__(self):
        self.loss, self.metric, self.vloss, self.vmetric = [], [], [], []
        self.rate, self.epoch = [], []

    def on_iteration(self, run, r):
        self.loss.append(r.loss)
        self.metric.append(r.metric)
        self.vloss.append(math.nan if r.validation_loss is None else r.validation_loss)
        self.vmetric.append(math.nan if r.validation_metric is None else r.validation_metric)
        self.rate.append(r.base_learn_rate)
        self.epoch.append(r.epoch)


class ValidationPatience(TrainingObserver):
    """Stops training when the validation loss has not improved ValidationPatience times
    in a row (an equal loss is no improvement)."""

    def __init__(self, patience):
        self.patience, self.count, self.best = patience, 0, math.inf

    def on_iteration(self, run, r):
        if r.validation_loss is None:
            return
        if r.validation_loss < self.best:
            self.best, self.count = r.validation_loss, 0
        else:
            self.count += 1
        if self.count >= self.patience:
            run.request_stop("Met validation criterion")


class BestNetwork(TrainingObserver):
    """Keeps a copy of the learnables at the lowest validation loss (OutputNetwork
    'best-validation-loss'), final validation included."""

    def __init__(self, params):
        self.params = params
        self.best = None                      # (loss, iteration, values copy)

    def consider(self, loss, iteration):
        if self.best is None or loss < self.best[0]:
            self.best = (loss, iteration, self.params.values.copy())

    def on_iteration(self, run, r):
        if r.validation_loss is not None:
            self.consider(r.validation_loss, r.iteration)

    def on_final_validation(self, run, iteration, loss, metric):
        self.consider(loss, iteration)


class DivergenceGuard(TrainingObserver):
    """Words the stop when the loss, a gradient or a weight becomes NaN or Inf (the step
    has already kept the last finite weights)."""

    def __init__(self, function):
        self.function = function

    def on_diverged(self, run, iteration, loss):
        run.request_stop("Training loss is NaN")
        warnings.warn(
            f"{self.function}: training stopped at iteration {iteration} because the "
            f"training loss became {'NaN' if math.isnan(loss) else 'Inf'} (or a gradient or "
            "weight became non-finite). The returned network has the weights of the last "
            "iteration with finite values. Likely causes: a learning rate that is too "
            "high (lower InitialLearnRate), exploding gradients (set GradientThreshold, "
            "e.g. 1), or unnormalized data (use Normalization 'zscore' on the input "
            "layer, or standardize X and Y).", RuntimeWarning, stacklevel=6)
