"""The verbose progress table that ``trainNetwork`` prints (``Verbose=true``).

Character for character as MATLAB's command window shows it::

    Training on single CPU.
    |========================================================================================|
    |  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  |  Base Learning  |
    |         |             |   (hh:mm:ss)   |     RMSE     |     Loss     |      Rate       |
    |========================================================================================|
    |       1 |           1 |       00:00:01 |        33.50 |        561.2 |          0.0010 |
    ...
    |========================================================================================|
    Training finished: Max epochs completed.

Headers are built by MATLAB's rules (titles word-wrapped at width 14 and
centred, column width = longest title line + 4); rows use MATLAB's per-column
printf formats, switching to exponent format for values too large or too small.
"""
import datetime
import math
import sys
import time

import numpy as np

from ..engine.events import IterationRecord, TrainingObserver

__all__ = ["VerboseTable", "header_lines", "format_row", "border_line", "format_duration"]

_WRAP_WIDTH = 14


class _Column:
    """One column: title, printf conversion, precision, value suffix, kind."""

    def __init__(self, title, conversion, precision=None, suffix="", exponent=None):
        self.title = title
        self.conversion = conversion    # 'd', 's' or 'f'
        self.precision = precision
        self.suffix = suffix            # '%' for accuracies
        self.exponent = exponent        # None, 'metric' or 'learnrate'
        self.lines = _wrap(title, _WRAP_WIDTH)
        self.width = max(len(line) for line in self.lines) + 4

    @property
    def field_width(self):
        return self.width - 2

    def format(self, value):
        """The cell text (field_width characters) of one value; blanks for None."""
        fw = self.field_width
        if value is None:
            return " " * fw
        if self.conversion == "d":
            return f"{int(value):{fw}d}"
        if self.conversion == "s":
            return f"{value:>{fw}s}"
        v = float(value)
        if self.exponent == "learnrate":
            v = float(np.float32(v))            # MATLAB's learning rate is single
        nw = fw - len(self.suffix)              # width of the number itself
        if not math.isfinite(v):
            text = "NaN" if math.isnan(v) else ("Inf" if v > 0 else "-Inf")
            return f"{text:>{nw}s}{self.suffix}"
        conv = "f"
        if self.exponent == "learnrate":
            if v < 1e-4:
                conv = "e"
        elif self.exponent == "metric":
            # ColumnStrategy: e-format when value >= min(10^(w+1), 1e6) or value < 10^-p.
            # Followed literally, 0 itself prints in e-format (0.0000e+00).
            if v >= min(10.0 ** (nw + 1), 1e6) or v < 10.0 ** (-self.precision):
                conv = "e"
        return f"{v:{nw}.{self.precision}{conv}}{self.suffix}"


def _wrap(title, width):
    """Greedy word wrap at ``width`` (words are never split)."""
    lines = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _center(text, width):
    """MATLAB's pad(text, width, 'both'): the extra space of an odd split goes right."""
    extra = width - len(text)
    left = extra // 2
    return " " * left + text + " " * (extra - left)


def _columns(is_classification, has_validation):
    metric = "Accuracy" if is_classification else "RMSE"
    if is_classification:
        def metric_col(title):
            return _Column(title, "f", 2, suffix="%")
    else:
        def metric_col(title):
            return _Column(title, "f", 2, exponent="metric")
    loss_precision = 1 if (not is_classification and not has_validation) else 4
    cols = [_Column("Epoch", "d"), _Column("Iteration", "d"),
            _Column("Time Elapsed (hh:mm:ss)", "s"),
            metric_col(f"Mini-batch {metric}")]
    if has_validation:
        cols.append(metric_col(f"Validation {metric}"))
    cols.append(_Column("Mini-batch Loss", "f", loss_precision, exponent="metric"))
    if has_validation:
        cols.append(_Column("Validation Loss", "f", 4, exponent="metric"))
    cols.append(_Column("Base Learning Rate", "f", 4, exponent="learnrate"))
    return cols


def _header_text_lines(cols):
    n = max(len(c.lines) for c in cols)
    out = []
    for k in range(n):
        cells = [("  " + _center(c.lines[k] if k < len(c.lines) else "", c.width - 4) + "  ")
                 for c in cols]
        out.append("|" + "|".join(cells) + "|")
    return out


def border_line(is_classification, has_validation):
    """The ``|====...====|`` border of the table (as long as the header lines).

    Example::

        border_line(False, False)    # '|' + 88 '=' + '|'
    """
    cols = _columns(is_classification, has_validation)
    total = sum(c.width for c in cols) + len(cols) + 1
    return "|" + "=" * (total - 2) + "|"


def header_lines(is_classification, has_validation):
    """The four header lines of the verbose table: border, two title lines, border.

    MATLAB prints them when training starts (``Verbose=true``). The four layouts
    are regression or classification, each without or with validation data.

    Example::

        print("\\n".join(header_lines(is_classification=True, has_validation=False)))
    """
    cols = _columns(is_classification, has_validation)
    border = border_line(is_classification, has_validation)
    return [border] + _header_text_lines(cols) + [border]


def format_duration(seconds):
    """Elapsed seconds as MATLAB's ``duration(..., 'Format', 'hh:mm:ss')``, truncated
    to whole seconds (design decision 4): ``format_duration(3661.9) == '01:01:01'``."""
    s = int(math.floor(max(float(seconds), 0.0)))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"


def format_row(record, is_classification, has_validation):
    """One data row of the verbose table for an ``IterationRecord``.

    Columns: Epoch ``%7d``, Iteration ``%11d``, Time Elapsed ``%14s`` (hh:mm:ss),
    RMSE ``%12.2f`` or Accuracy ``%11.2f%%``, Loss ``%12.1f`` (regression without
    validation) or ``%12.4f``, Base Learning Rate ``%15.4f``; large or small values
    switch to ``e`` format with the same width and precision; validation cells are
    blank when the record has no validation values (None).

    Example::

        r = IterationRecord(epoch=1, iteration=1, time_elapsed=1.2, loss=561.2,
                            metric=33.5, base_learn_rate=0.001)
        format_row(r, False, False)
        # '|       1 |           1 |       00:00:01 |        33.50 |        561.2 |          0.0010 |'
    """
    cols = _columns(is_classification, has_validation)
    values = [record.epoch, record.iteration, format_duration(record.time_elapsed),
              record.metric]
    if has_validation:
        values.append(record.validation_metric)
    values.append(record.loss)
    if has_validation:
        values.append(record.validation_loss)
    values.append(record.base_learn_rate)
    return "| " + " | ".join(c.format(v) for c, v in zip(cols, values)) + " |"


def _nan_to_none(x):
    x = float(x)
    return None if math.isnan(x) else x


class VerboseTable(TrainingObserver):
    """The command-window progress table of ``trainNetwork`` (``Verbose=true``).

    MATLAB: ``trainingOptions(..., 'Verbose', true, 'VerboseFrequency', N)``.
    An observer of the training loop (see ``display.events``):

    - ``on_start`` prints ``Training on single CPU.`` (``run.hardware``);
    - ``on_iteration`` prints the header before the first row, then a row at
      iteration 1, at every multiple of ``run.verbose_frequency`` and, with
      validation data, at every multiple of ``run.validation_frequency``;
    - ``on_done`` prints the last iteration's row unless that exact text was the
      last row printed, the bottom border and ``Training finished: <reason>.``

    The header is printed with the first row (or at ``on_done`` if there is
    none), so a line the loop prints after ``on_start`` — MATLAB's
    ``Initializing input data normalization.`` — comes before it, as in MATLAB.

    ``stream`` is any file-like object (default: ``sys.stdout`` at the time of
    writing); every line is flushed.

    Example::

        table = VerboseTable()                 # or VerboseTable(stream=io.StringIO())
        table.on_start(run)
        table.on_iteration(run, record)
        table.on_done(run, info)
    """

    def __init__(self, stream=None):
        self.stream = stream
        self.last_printed_row = None
        self.last_record = None
        self._header_printed = False

    # -- output ----------------------------------------------------------------------
    def _write(self, line):
        stream = self.stream if self.stream is not None else sys.stdout
        stream.write(line + "\n")
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()

    def _header(self, run):
        if not self._header_printed:
            self._header_printed = True
            for line in header_lines(run.is_classification, run.has_validation):
                self._write(line)

    def _row(self, run, record):
        text = format_row(record, run.is_classification, run.has_validation)
        self._header(run)
        self._write(text)
        self.last_printed_row = text

    # -- events ----------------------------------------------------------------------
    def on_start(self, run):
        self.last_printed_row = None
        self.last_record = None
        self._header_printed = False
        self._write(f"Training on {run.hardware}.")
        if run.initializes_normalization:
            self._write("Initializing input data normalization.")

    def should_print(self, run, iteration):
        """True if MATLAB prints a row at ``iteration`` (1-based)."""
        if iteration == 1 or iteration % run.verbose_frequency == 0:
            return True
        return bool(run.has_validation) and iteration % run.validation_frequency == 0

    def on_iteration(self, run, record):
        self.last_record = record
        if self.should_print(run, record.iteration):
            self._row(run, record)

    def on_done(self, run, info):
        record = self.last_record
        if record is None:
            record = self._record_from_info(run, info)
        self._header(run)
        if record is not None:
            text = format_row(record, run.is_classification, run.has_validation)
            if text != self.last_printed_row:
                self._write(text)
                self.last_printed_row = text
        self._write(border_line(run.is_classification, run.has_validation))
        reason = run.stop_reason or getattr(info, "StopReason", "") or "Max epochs completed"
        self._write(f"Training finished: {reason.rstrip('.')}.")

    @staticmethod
    def _record_from_info(run, info):
        """The last iteration's record rebuilt from the info arrays (when no
        on_iteration was received)."""
        if info is None or len(getattr(info, "TrainingLoss", ())) == 0:
            return None
        metric_name = "Accuracy" if run.is_classification else "RMSE"
        epochs = getattr(info, "Epoch", ())
        loss = info.TrainingLoss
        vloss = vmetric = None
        if run.has_validation:
            vloss = _nan_to_none(info.ValidationLoss[-1])
            vmetric = _nan_to_none(getattr(info, f"Validation{metric_name}")[-1])
        elapsed = 0.0
        if run.start_time is not None:
            try:
                elapsed = (datetime.datetime.now() - run.start_time).total_seconds()
            except TypeError:
                elapsed = time.time() - float(run.start_time)
        return IterationRecord(
            epoch=int(epochs[-1]) if len(epochs) else 1, iteration=len(loss),
            time_elapsed=elapsed, loss=float(loss[-1]),
            metric=float(getattr(info, f"Training{metric_name}")[-1]),
            base_learn_rate=float(info.BaseLearnRate[-1]),
            validation_loss=vloss, validation_metric=vmetric)
