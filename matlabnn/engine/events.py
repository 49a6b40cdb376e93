"""The training loop's events and the observer interface.

The loop in ``engine/loop.py`` knows nothing about printing or plotting: it emits
``on_start``, ``on_iteration`` and ``on_done`` to a list of observers (the verbose
table, the training-progress plot, OutputFcn callers, checkpoint writers).
"""
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class TrainingRun:
    """What observers may read about a training run (fixed at start, except the stop flag).

    ``iterations_per_epoch`` and ``max_iterations`` are None when the number of
    iterations per epoch is not fixed (integer SequenceLength splits sequences
    into a varying number of chunks).
    """

    is_classification: bool
    has_validation: bool
    max_epochs: int
    iterations_per_epoch: Optional[int]
    max_iterations: Optional[int]
    start_time: object                      # datetime.datetime of the start
    initial_learn_rate: float
    learn_rate_schedule: str                # 'none' or 'piecewise'
    validation_frequency: int
    validation_patience: float              # int or math.inf
    hardware: str = "single CPU"
    verbose_frequency: int = 50
    initializes_normalization: bool = False   # input statistics computed at start
    stop_reason: Optional[str] = None       # set by request_stop or by the loop at the end
    current_network: object = field(default=None, repr=False)  # callable -> SeriesNetwork copy
    _stop_requested: bool = field(default=False, repr=False)

    def request_stop(self, reason="Stopped manually"):
        """Ask the loop to stop after the current iteration (Stop button, OutputFcn)."""
        if not self._stop_requested:
            self._stop_requested = True
            self.stop_reason = reason

    @property
    def stop_requested(self):
        return self._stop_requested


@dataclass
class IterationRecord:
    """The numbers of one iteration, as the table, plot and OutputFcn see them.

    ``metric`` is the mini-batch RMSE (regression) or accuracy in percent
    (classification); ``validation_loss``/``validation_metric`` are None on
    iterations without validation. ``time_elapsed`` is in seconds since start.
    """

    epoch: int
    iteration: int
    time_elapsed: float
    loss: float
    metric: float
    base_learn_rate: float
    validation_loss: Optional[float] = None
    validation_metric: Optional[float] = None


class TrainingObserver:
    """Base class: override the events you need."""

    def on_start(self, run):
        pass

    def on_iteration(self, run, record):
        pass

    def on_epoch_end(self, run, epoch, iteration):
        """Called after the last iteration of each completed epoch."""
        pass

    def on_done(self, run, info):
        """Called once at the end; ``info`` is the TrainingInfo that trainNetwork returns
        (``run.stop_reason`` holds the reason, e.g. 'Max epochs completed')."""
        pass

    def on_diverged(self, run, iteration, loss):
        """Called when iteration ``iteration`` gave a non-finite loss, gradient or weight
        (the iteration is not counted, and the loop stops)."""
        pass

    def on_final_validation(self, run, iteration, loss, metric):
        """Called with the validation after the last iteration, when that iteration was
        not validated during training."""
        pass
