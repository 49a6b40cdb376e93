"""The verbose training table: headers, rows, row selection, final row and finish line.

Expected texts are copied character for character from real MATLAB console output
(spec §5.7).
"""
import datetime
import io
import math

import numpy as np
import pytest

from matlabnn.engine.events import IterationRecord, TrainingObserver, TrainingRun
from matlabnn.display.table import (VerboseTable, border_line, format_duration, format_row,
                                    header_lines)
from matlabnn.traininginfo import TrainingInfo

REG_NOVAL_HEADER = """\
|========================================================================================|
|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  |  Base Learning  |
|         |             |   (hh:mm:ss)   |     RMSE     |     Loss     |      Rate       |
|========================================================================================|"""

REG_VAL_HEADER = """\
|======================================================================================================================|
|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Validation  |  Mini-batch  |  Validation  |  Base Learning  |
|         |             |   (hh:mm:ss)   |     RMSE     |     RMSE     |     Loss     |     Loss     |      Rate       |
|======================================================================================================================|"""

CLS_NOVAL_HEADER = """\
|========================================================================================|
|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  |  Base Learning  |
|         |             |   (hh:mm:ss)   |   Accuracy   |     Loss     |      Rate       |
|========================================================================================|"""

CLS_VAL_HEADER = """\
|======================================================================================================================|
|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Validation  |  Mini-batch  |  Validation  |  Base Learning  |
|         |             |   (hh:mm:ss)   |   Accuracy   |   Accuracy   |     Loss     |     Loss     |      Rate       |
|======================================================================================================================|"""


def rec(epoch, iteration, t, loss, metric, lr, vloss=None, vmetric=None):
    return IterationRecord(epoch=epoch, iteration=iteration, time_elapsed=t, loss=loss,
                           metric=metric, base_learn_rate=lr, validation_loss=vloss,
                           validation_metric=vmetric)


def make_run(is_classification=False, has_validation=False, verbose_frequency=50,
             validation_frequency=50, stop_reason="Max epochs completed"):
    run = TrainingRun(is_classification=is_classification, has_validation=has_validation,
                      max_epochs=10, iterations_per_epoch=17, max_iterations=170,
                      start_time=datetime.datetime.now(), initial_learn_rate=0.001,
                      learn_rate_schedule="none", validation_frequency=validation_frequency,
                      validation_patience=math.inf, verbose_frequency=verbose_frequency)
    run.stop_reason = stop_reason
    return run


# ---------------------------------------------------------------------------
# Headers

@pytest.mark.parametrize("is_cls, has_val, expected", [
    (False, False, REG_NOVAL_HEADER), (False, True, REG_VAL_HEADER),
    (True, False, CLS_NOVAL_HEADER), (True, True, CLS_VAL_HEADER)])
def test_header_blocks_verbatim(is_cls, has_val, expected):
    lines = header_lines(is_cls, has_val)
    assert "\n".join(lines) == expected
    assert len(lines) == 4
    assert lines[0] == lines[3] == border_line(is_cls, has_val)


def test_header_widths():
    assert len(border_line(False, False)) == 90 and border_line(False, False).count("=") == 88
    assert len(border_line(True, True)) == 120 and border_line(True, True).count("=") == 118


# ---------------------------------------------------------------------------
# Rows given in the spec

@pytest.mark.parametrize("record, is_cls, has_val, expected", [
    (rec(1, 1, 1.3, 561.2, 33.50, 0.001), False, False,
     "|       1 |           1 |       00:00:01 |        33.50 |        561.2 |          0.0010 |"),
    (rec(1, 50, 10.9, 1848.9, 60.81, 0.001), False, False,
     "|       1 |          50 |       00:00:10 |        60.81 |       1848.9 |          0.0010 |"),
    (rec(10, 170, 277.5, 13403.8, 163.73, 0.001), False, False,
     "|      10 |         170 |       00:04:37 |       163.73 |      13403.8 |          0.0010 |"),
    (rec(1, 1, 12.0, 36.4648, 6.04, 0.001, 8.3261, 2.89), False, True,
     "|       1 |           1 |       00:00:12 |         6.04 |         2.89 |      36.4648 |"
     "       8.3261 |          0.0010 |"),
    (rec(5, 50, 128.2, 2.9017, 1.70, 0.001, 2.8259, 1.68), False, True,
     "|       5 |          50 |       00:02:08 |         1.70 |         1.68 |       2.9017 |"
     "       2.8259 |          0.0010 |"),
    (rec(1, 1, 11.0, 1.9668, 14.0625, 0.01), True, False,
     "|       1 |           1 |       00:00:11 |       14.06% |       1.9668 |          0.0100 |"),
    (rec(59, 350, 816.0, 0.0650, 100.0, 1e-4), True, False,
     "|      59 |         350 |       00:13:36 |      100.00% |       0.0650 |      1.0000e-04 |"),
    (rec(1, 1, 19.4, 1.4963, 48.57, 0.0003, 3.9654, 49.86), True, True,
     "|       1 |           1 |       00:00:19 |       48.57% |       49.86% |       1.4963 |"
     "       3.9654 |          0.0003 |"),
    (rec(1, 602, 426.99, 0.4825, 75.71, 0.0003), True, True,
     "|       1 |         602 |       00:07:06 |       75.71% |              |       0.4825 |"
     "              |          0.0003 |"),
])
def test_spec_rows(record, is_cls, has_val, expected):
    row = format_row(record, is_cls, has_val)
    assert row == expected
    assert len(row) == len(border_line(is_cls, has_val))


# ---------------------------------------------------------------------------
# Number formats

def lr_cell(rate):
    return format_row(rec(1, 1, 0, 1.0, 50.0, rate), True, False).split("|")[-2]


def test_learn_rate_exponent_switch():
    assert lr_cell(0.01) == "          0.0100 "
    assert lr_cell(1.0001e-4) == "          0.0001 "
    assert lr_cell(1e-4) == "      1.0000e-04 "      # single(1e-4) < 1e-4
    assert lr_cell(np.float32(1e-4)) == "      1.0000e-04 "
    assert lr_cell(5e-5) == "      5.0000e-05 "
    assert lr_cell(0.0) == "      0.0000e+00 "
    assert lr_cell(1.5) == "          1.5000 "


def reg_cells(loss, rmse, has_val=False, vloss=None, vrmse=None):
    row = format_row(rec(1, 1, 0, loss, rmse, 0.001, vloss, vrmse), False, has_val)
    return [c.strip() for c in row.split("|")[1:-1]]


def test_loss_precision_by_layout():
    assert reg_cells(561.24, 33.5)[4] == "561.2"                       # %12.1f
    assert reg_cells(561.24, 33.5, True, 1.0, 1.0)[5] == "561.2400"  # %12.4f
    row = format_row(rec(1, 1, 0, 561.24, 90.0, 0.001), True, False)
    assert "     561.2400 |" in row


def test_metric_exponent_switch_large():
    assert reg_cells(999999.9, 1.0)[4] == "999999.9"
    assert reg_cells(1e6, 1.0)[4] == "1.0e+06"
    assert reg_cells(1.0, 999999.99)[3] == "999999.99"
    assert reg_cells(1.0, 1234567.0)[3] == "1.23e+06"
    assert reg_cells(1.0, 1.0, True, 2.5e6, 3e6)[4] == "3.00e+06"
    assert reg_cells(1.0, 1.0, True, 2.5e6, 3e6)[6] == "2.5000e+06"


def test_metric_exponent_switch_small():
    assert reg_cells(0.1, 0.01)[3:5] == ["0.01", "0.1"]
    assert reg_cells(0.0499, 0.0099)[3:5] == ["9.90e-03", "5.0e-02"]
    assert reg_cells(1.0, 1.0, True, 1e-4, 0.5)[6] == "0.0001"
    # a single-precision loss of 1e-4 is just below 1e-4, as in MATLAB
    assert reg_cells(1.0, 1.0, True, float(np.float32(1e-4)), 0.5)[6] == "1.0000e-04"
    assert reg_cells(1.0, 1.0, True, 9.9e-5, 0.5)[6] == "9.9000e-05"
    row = format_row(rec(1, 1, 0, 5e-5, 100.0, 0.001), True, False)
    assert "|   5.0000e-05 |" in row


def test_zero_follows_the_rule_literally():
    # MATLAB's rule (value < 10^-precision -> e) sends 0 to e-format.
    assert reg_cells(0.0, 0.0)[3:5] == ["0.00e+00", "0.0e+00"]
    row = format_row(rec(1, 1, 0, 0.0, 100.0, 0.001), True, False)
    assert "|   0.0000e+00 |" in row


def test_accuracy_never_exponent():
    row = format_row(rec(1, 1, 0, 1.0, 0.0, 0.001, 1.0, 0.0), True, True)
    assert row.split("|")[4:6] == ["        0.00% ", "        0.00% "]


def test_non_finite_values():
    cells = reg_cells(math.nan, math.inf)
    assert cells[3:5] == ["Inf", "NaN"]
    row = format_row(rec(1, 1, 0, math.nan, 50.0, 0.001), True, False)
    assert "|          NaN |" in row


def test_time_elapsed_truncated():
    assert format_duration(0) == "00:00:00"
    assert format_duration(0.999) == "00:00:00"
    assert format_duration(59.99) == "00:00:59"
    assert format_duration(3661.9) == "01:01:01"
    assert format_duration(100 * 3600 + 5) == "100:00:05"
    row = format_row(rec(1, 1, 3599.99, 1.0, 1.0, 0.001), False, False)
    assert "|       00:59:59 |" in row


# ---------------------------------------------------------------------------
# The observer

def drive(run, records, info=None):
    out = io.StringIO()
    table = VerboseTable(stream=out)
    table.on_start(run)
    for r in records:
        table.on_iteration(run, r)
    table.on_done(run, info)
    return out.getvalue(), table


def reg_records(n, per_epoch=17):
    return [rec((i - 1) // per_epoch + 1, i, 1.6 * i, 500.0 + i, 30.0 + i / 100, 0.001)
            for i in range(1, n + 1)]


def test_full_regression_run():
    text, table = drive(make_run(), reg_records(170))
    expected = "\n".join([
        "Training on single CPU.",
        REG_NOVAL_HEADER,
        "|       1 |           1 |       00:00:01 |        30.01 |        501.0 |          0.0010 |",
        "|       3 |          50 |       00:01:20 |        30.50 |        550.0 |          0.0010 |",
        "|       6 |         100 |       00:02:40 |        31.00 |        600.0 |          0.0010 |",
        "|       9 |         150 |       00:04:00 |        31.50 |        650.0 |          0.0010 |",
        "|      10 |         170 |       00:04:32 |        31.70 |        670.0 |          0.0010 |",
        "|========================================================================================|",
        "Training finished: Max epochs completed.",
    ]) + "\n"
    assert text == expected
    assert table.last_printed_row.startswith("|      10 |         170 |")


def test_rows_at_one_and_verbose_frequency():
    text, _ = drive(make_run(verbose_frequency=4), reg_records(10))
    iterations = printed_iterations(text)
    assert iterations == [1, 4, 8, 10]


def printed_iterations(text):
    out = []
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) > 3 and parts[2].strip().isdigit():
            out.append(int(parts[2]))
    return out


def test_validation_frequency_adds_rows():
    run = make_run(is_classification=True, has_validation=True, verbose_frequency=50,
                   validation_frequency=30)
    records = [rec(1, i, i, 0.5, 80.0, 0.01,
                   *((0.6, 75.0) if (i == 1 or i % 30 == 0) else (None, None)))
               for i in range(1, 131)]
    text, _ = drive(run, records)
    assert printed_iterations(text) == [1, 30, 50, 60, 90, 100, 120, 130]
    lines = text.splitlines()
    row50 = [r for r in lines if printed_iterations(r) == [50]][0]
    assert row50 == ("|       1 |          50 |       00:00:50 |       80.00% |              |"
                     "       0.5000 |              |          0.0100 |")
    row30 = [r for r in lines if printed_iterations(r) == [30]][0]
    assert row30 == ("|       1 |          30 |       00:00:30 |       80.00% |       75.00% |"
                     "       0.5000 |       0.6000 |          0.0100 |")


def test_validation_frequency_ignored_without_validation():
    text, _ = drive(make_run(verbose_frequency=50, validation_frequency=30), reg_records(60))
    assert printed_iterations(text) == [1, 50, 60]


def test_final_row_deduplicated():
    text, _ = drive(make_run(), reg_records(150))
    assert printed_iterations(text) == [1, 50, 100, 150]
    assert text.count("|         150 |") == 1
    lines = text.splitlines()
    assert lines[-2] == border_line(False, False)
    assert lines[-3].startswith("|       9 |         150 |")


def test_single_iteration_run():
    text, _ = drive(make_run(), reg_records(1))
    assert printed_iterations(text) == [1]


def test_final_row_printed_when_text_differs():
    # Same iteration number as the last printed row is impossible, but a final row
    # whose text differs from the last printed one must always appear.
    text, _ = drive(make_run(verbose_frequency=2), reg_records(3))
    assert printed_iterations(text) == [1, 2, 3]


def test_manual_stop_layout_from_spec():
    run = make_run(is_classification=True, has_validation=True, verbose_frequency=1000,
                   validation_frequency=1000, stop_reason="Stopped manually")
    records = [rec(1, 1, 19.4, 1.4963, 48.57, 0.0003, 3.9654, 49.86)]
    records += [rec(1, i, 19.4 + i * 0.68, 0.6, 70.0, 0.0003) for i in range(2, 602)]
    records += [rec(1, 602, 426.99, 0.4825, 75.71, 0.0003)]
    text, _ = drive(run, records)
    assert text == "\n".join([
        "Training on single CPU.",
        CLS_VAL_HEADER,
        "|       1 |           1 |       00:00:19 |       48.57% |       49.86% |       1.4963 |"
        "       3.9654 |          0.0003 |",
        "|       1 |         602 |       00:07:06 |       75.71% |              |       0.4825 |"
        "              |          0.0003 |",
        "|======================================================================================================================|",
        "Training finished: Stopped manually.",
    ]) + "\n"


@pytest.mark.parametrize("reason, line", [
    ("Max epochs completed", "Training finished: Max epochs completed."),
    ("Met validation criterion", "Training finished: Met validation criterion."),
    ("Stopped by OutputFcn", "Training finished: Stopped by OutputFcn."),
    ("Stopped manually.", "Training finished: Stopped manually."),
])
def test_finish_line(reason, line):
    text, _ = drive(make_run(stop_reason=reason), reg_records(2))
    assert text.splitlines()[-1] == line


def test_finish_reason_from_info_when_run_has_none():
    info = TrainingInfo(False, False)
    info.StopReason = "Met validation criterion"
    text, _ = drive(make_run(stop_reason=None), reg_records(2), info)
    assert text.splitlines()[-1] == "Training finished: Met validation criterion."


def test_hardware_line():
    run = make_run()
    run.hardware = "single GPU"
    text, _ = drive(run, reg_records(1))
    assert text.splitlines()[0] == "Training on single GPU."


def test_header_comes_after_lines_printed_between_start_and_first_row():
    out = io.StringIO()
    run = make_run()
    table = VerboseTable(stream=out)
    table.on_start(run)
    out.write("Initializing input data normalization.\n")
    for r in reg_records(1):
        table.on_iteration(run, r)
    table.on_done(run, None)
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["Training on single CPU.", "Initializing input data normalization.",
                         border_line(False, False)]


def test_no_iterations_prints_header_border_and_reason():
    text, _ = drive(make_run(), [])
    assert text == ("Training on single CPU.\n" + REG_NOVAL_HEADER + "\n"
                    + border_line(False, False) + "\nTraining finished: Max epochs completed.\n")


def test_final_row_rebuilt_from_info_when_no_records():
    run = make_run(is_classification=True, has_validation=True)
    info = TrainingInfo(True, True)
    info.TrainingLoss = np.array([1.0, 0.5])
    info.TrainingAccuracy = np.array([40.0, 60.0])
    info.ValidationLoss = np.array([0.9, np.nan])
    info.ValidationAccuracy = np.array([50.0, np.nan])
    info.BaseLearnRate = np.array([0.01, 0.01])
    info.Epoch = np.array([1, 2])
    text, _ = drive(run, [], info)
    row = text.splitlines()[-3]
    assert row.startswith("|       2 |           2 |       00:00:0")
    assert row.endswith("|       60.00% |              |       0.5000 |              |"
                        "          0.0100 |")


def test_default_stream_is_stdout_at_write_time(capsys):
    run = make_run()
    table = VerboseTable()
    table.on_start(run)
    table.on_iteration(run, reg_records(1)[0])
    table.on_done(run, None)
    out = capsys.readouterr().out
    assert out.startswith("Training on single CPU.\n|====")
    assert out.endswith("Training finished: Max epochs completed.\n")


def test_flushes_each_line():
    class Recorder(io.StringIO):
        flushes = 0

        def flush(self):
            Recorder.flushes += 1
            super().flush()

    out = Recorder()
    run = make_run()
    table = VerboseTable(stream=out)
    table.on_start(run)
    table.on_iteration(run, reg_records(1)[0])
    assert Recorder.flushes == 6        # start line + 4 header lines + row


def test_is_an_observer_and_restartable():
    assert isinstance(VerboseTable(), TrainingObserver)
    out = io.StringIO()
    table = VerboseTable(stream=out)
    run = make_run()
    for _ in range(2):
        table.on_start(run)
        for r in reg_records(1):
            table.on_iteration(run, r)
        table.on_done(run, None)
    assert out.getvalue().count("Training on single CPU.") == 2
    assert out.getvalue().count(REG_NOVAL_HEADER) == 2
    assert printed_iterations(out.getvalue()) == [1, 1]


def test_should_print():
    table = VerboseTable()
    run = make_run(has_validation=True, verbose_frequency=10, validation_frequency=4)
    assert [i for i in range(1, 25) if table.should_print(run, i)] == [1, 4, 8, 10, 12, 16,
                                                                        20, 24]
