"""The verbose progress table that ``trainnet`` prints (``Verbose=true``).

trainnet's table is not trainNetwork's boxed table: it is printed like a MATLAB
table, one column per quantity, numbers in ``short g`` (5 significant digits)::

        Iteration    Epoch    TimeElapsed    LearnRate    TrainingLoss
        _________    _____    ___________    _________    ____________
                1        1       00:00:00        0.001          2.2743
               50       50       00:00:03        0.001          1.3138
    Training stopped: Max epochs completed

With validation data a ``ValidationLoss`` column follows ``TrainingLoss`` and an
iteration-0 row reports the initial validation values with the training
columns blank. Each metric adds ``Training<Name>`` (and ``Validation<Name>``)
after the loss columns (column order pinned; README "Differences from MATLAB").
Rows are printed at iteration 1, every VerboseFrequency iterations, at every
validation, and for the last iteration.
"""
import math
import sys

from .table import format_duration

__all__ = ["TrainnetTable", "trainnet_columns", "format_short_g"]


def format_short_g(v):
    """A number as MATLAB's ``format short g``: 5 significant digits."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    return f"{v:.5g}"


def trainnet_columns(metric_names, has_validation):
    """The column titles of trainnet's verbose table."""
    cols = ["Iteration", "Epoch", "TimeElapsed", "LearnRate", "TrainingLoss"]
    if has_validation:
        cols.append("ValidationLoss")
    for m in metric_names:
        cols.append(f"Training{m}")
        if has_validation:
            cols.append(f"Validation{m}")
    return cols


class TrainnetTable:
    """Prints trainnet's verbose table to ``stream`` (default ``sys.stdout``).

    ``header()`` prints the titles and the underscore rule; ``row(values)``
    prints one row from a dict {column title: value} (missing or None values are
    blank; TimeElapsed in seconds); ``stopped(reason)`` prints
    ``Training stopped: <reason>``. ``should_print(iteration)`` tells whether
    MATLAB prints a row at that iteration.

    Example::

        table = TrainnetTable(["Accuracy"], has_validation=False, verbose_frequency=50)
        table.header()
        table.row({"Iteration": 1, "Epoch": 1, "TimeElapsed": 0.4, "LearnRate": 0.001,
                   "TrainingLoss": 1.38, "TrainingAccuracy": 31.25})
        table.stopped("Max epochs completed")
    """

    def __init__(self, metric_names, has_validation, verbose_frequency=50,
                 validation_frequency=50, stream=None):
        self.columns = trainnet_columns(metric_names, has_validation)
        self.has_validation = has_validation
        self.verbose_frequency = verbose_frequency
        self.validation_frequency = validation_frequency
        self.stream = stream
        self.last_row = None

    def _write(self, line):
        stream = self.stream if self.stream is not None else sys.stdout
        stream.write(line + "\n")
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()

    def header(self):
        self._write("    " + "    ".join(self.columns))
        self._write("    " + "    ".join("_" * len(c) for c in self.columns))

    def _cell(self, column, value):
        if value is None or (isinstance(value, float) and math.isnan(value)
                             and column != "TrainingLoss"):
            return ""
        if column in ("Iteration", "Epoch"):
            return str(int(value))
        if column == "TimeElapsed":
            return format_duration(value)
        return format_short_g(value)

    def format_row(self, values):
        cells = [self._cell(c, values.get(c)).rjust(len(c)) for c in self.columns]
        return ("    " + "    ".join(cells)).rstrip()

    def row(self, values):
        text = self.format_row(values)
        self._write(text)
        self.last_row = values.get("Iteration")

    def should_print(self, iteration):
        if iteration == 1 or iteration % self.verbose_frequency == 0:
            return True
        return self.has_validation and iteration % self.validation_frequency == 0

    def stopped(self, reason):
        self._write(f"Training stopped: {str(reason).rstrip('.')}")
