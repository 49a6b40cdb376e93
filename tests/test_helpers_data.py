"""trainingPartitions, con2seq, readmatrix/readtable/xlsread and the table object."""
import builtins

import numpy as np
import pytest

from matlabnn import (con2seq, readmatrix, readtable, rng, table, table2array,
                      trainingPartitions, xlsread)
from matlabnn.errors import MatFileNotFoundError, MatlabnnError, MatlabnnValueError
from matlabnn.helpers.readers import MissingDependencyError, make_valid_name

# ---------------------------------------------------------------------------
# trainingPartitions: MathWorks' supporting function (shipped with the Waveform
# examples): floor(split * n) per partition in turn from one randperm, the rest last.


def test_training_partitions_sizes_cover_and_zero_based():
    rng(0)
    a, b, c = trainingPartitions(1000, [0.8, 0.1, 0.1])
    assert (a.size, b.size, c.size) == (800, 100, 100)
    both = np.concatenate([a, b, c])
    np.testing.assert_array_equal(np.sort(both), np.arange(1000))   # 0-based, each once
    assert a.dtype == np.int64
    a, b = trainingPartitions(7, [0.5, 0.5])
    assert (a.size, b.size) == (3, 4)                    # floor(3.5) first, the rest last


def test_training_partitions_are_matlabs_randperm_split():
    """After rng default, randperm(6) is 6 3 5 1 2 4 (MATLAB's randperm page), so a
    [0.5 0.5] split of 6 observations is {6,3,5} and {1,2,4} in MATLAB's 1-based terms."""
    rng("default")
    a, b = trainingPartitions(6, [0.5, 0.5])
    np.testing.assert_array_equal(a + 1, [6, 3, 5])
    np.testing.assert_array_equal(b + 1, [1, 2, 4])


def test_training_partitions_follow_rng():
    rng(5)
    first = trainingPartitions(50, [0.9, 0.1])
    rng(5)
    again = trainingPartitions(50, [0.9, 0.1])
    for x, y in zip(first, again):
        np.testing.assert_array_equal(x, y)
    data = np.arange(50) * 10
    np.testing.assert_array_equal(data[first[1]], first[1] * 10)   # works as Python indices


@pytest.mark.parametrize("n, splits, match", [
    (10, [0.5, 0.6], "sum to one"), (10, [1.0], "greater than 0 and less than 1"),
    (10, [0.0, 1.0], "greater than 0 and less than 1"), (0, [0.5, 0.5], "positive integer"),
    (2.5, [0.5, 0.5], "positive integer"), (10, "half", "vector of shares"),
])
def test_training_partitions_errors(n, splits, match):
    with pytest.raises(MatlabnnValueError, match=match):
        trainingPartitions(n, splits)


# ---------------------------------------------------------------------------
# con2seq (Deep Learning Toolbox): columns become the elements of a 1-by-TS cell array.

def test_con2seq():
    s = con2seq(np.array([[1, 4, 2]]))
    assert len(s) == 3 and all(x.shape == (1, 1) for x in s)
    assert [x.item() for x in s] == [1, 4, 2]
    s = con2seq(np.array([[1, 2, 3, 4], [5, 6, 7, 8]]), 2)           # R-by-(Q*TS), TS = 2
    np.testing.assert_array_equal(s[0], [[1, 2], [5, 6]])
    np.testing.assert_array_equal(s[1], [[3, 4], [7, 8]])
    s = con2seq([np.ones((1, 2)), np.zeros((3, 2))])                # a cell array column
    assert len(s) == 2 and [x.shape for x in s[0]] == [(1, 1), (3, 1)]
    np.testing.assert_array_equal(np.hstack(con2seq(np.arange(4.0))), [[0, 1, 2, 3]])
    with pytest.raises(MatlabnnValueError, match="divides the number of columns"):
        con2seq(np.ones((2, 3)), 2)


# ---------------------------------------------------------------------------
# readers

@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("Time,Wind speed,Site,1st\n1,2.5,A,7\n2,,B,8\n3,4,C,\n")
    return str(path)


def test_readmatrix_csv_skips_the_header_and_fills_nan(csv_file, tmp_path):
    A = readmatrix(csv_file)
    np.testing.assert_array_equal(A, [[1, 2.5, np.nan, 7], [2, np.nan, np.nan, 8],
                                      [3, 4, np.nan, np.nan]])
    np.testing.assert_array_equal(readmatrix(csv_file, "NumHeaderLines", 2)[:, 0], [2, 3])
    assert readmatrix(csv_file, OutputType="single").dtype == np.float32
    spaces = tmp_path / "plain.txt"
    spaces.write_text("1 2 3\n4 5 6\n")
    np.testing.assert_array_equal(readmatrix(str(spaces)), [[1, 2, 3], [4, 5, 6]])
    semi = tmp_path / "semi.csv"
    semi.write_text("a;b\n1;2\n")
    np.testing.assert_array_equal(readmatrix(str(semi)), [[1, 2]])


def test_readtable_csv(csv_file):
    T = readtable(csv_file)
    assert T.VariableNames == ["Time", "WindSpeed", "Site", "x1st"]   # makeValidName
    assert T.Properties.VariableNames == T.VariableNames
    assert T.shape == (3, 4) and len(T) == 3
    np.testing.assert_array_equal(T.WindSpeed, [2.5, np.nan, 4])
    assert T["Site"] == ["A", "B", "C"]
    np.testing.assert_array_equal(table2array(T[:, ["Time", "x1st"]]), [[1, 7], [2, 8],
                                                                         [3, np.nan]])
    assert readtable(csv_file, VariableNamingRule="preserve").VariableNames[1] == "Wind speed"
    shown = repr(T)
    assert shown.startswith("  3×4 table\n")
    assert "Time    WindSpeed" in shown and "____" in shown and "{'A'}" in shown
    assert "2.5000" in shown and "4.0000" in shown          # one format per column
    T2 = readtable(csv_file, "ReadVariableNames", False, "NumHeaderLines", 1)
    assert T2.VariableNames == ["Var1", "Var2", "Var3", "Var4"] and T2.height == 3


def test_xlsread_outputs(csv_file):
    num, txt, raw = xlsread(csv_file, nargout=3)
    np.testing.assert_array_equal(num, readmatrix(csv_file))           # header row trimmed
    assert txt[0] == ["Time", "Wind speed", "Site", "1st"] and txt[1] == ["", "", "A", ""]
    assert raw[1][:3] == [1.0, 2.5, "A"] and np.isnan(raw[2][1])


def test_xlsx_files(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = str(tmp_path / "book.xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "First"
    for row in (["x", "y", "label"], [1, 2.5, "a"], [3, None, "b"]):
        sheet.append(row)
    book.create_sheet("Second").append([7, 8])
    book.save(path)
    np.testing.assert_array_equal(readmatrix(path), [[1, 2.5, np.nan], [3, np.nan, np.nan]])
    np.testing.assert_array_equal(readmatrix(path, "Sheet", "Second"), [[7, 8]])
    np.testing.assert_array_equal(xlsread(path, 2), [[7, 8]])
    T = readtable(path)
    assert T.VariableNames == ["x", "y", "label"] and T.label == ["a", "b"]
    with pytest.raises(MatlabnnValueError, match="the sheet 'Third' is not in"):
        readmatrix(path, Sheet="Third")


def test_xlsx_without_openpyxl_names_it(tmp_path, monkeypatch):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK")
    real_import = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):
        if name == "openpyxl":
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(MissingDependencyError, match="needs the Python package 'openpyxl'.*"
                                                     "pip install openpyxl"):
        readmatrix(str(path))
    assert issubclass(MissingDependencyError, (MatlabnnError, ImportError))


def test_reader_errors(tmp_path):
    with pytest.raises(MatFileNotFoundError, match="Unable to find or open 'nothere.csv'"):
        readtable("nothere.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf")
    with pytest.raises(MatlabnnValueError, match=r"old binary Excel file \(.xls\).*\.xlsx"):
        xlsread(str(old))
    path = tmp_path / "x.csv"
    path.write_text("1,2\n")
    with pytest.raises(MatlabnnValueError, match="NumHeaderLines must be a nonnegative"):
        readmatrix(str(path), NumHeaderLines=-1)


def test_make_valid_name():
    assert make_valid_name("Wind speed") == "WindSpeed"
    assert make_valid_name("1st") == "x1st"
    assert make_valid_name("a-b") == "a_b"
    assert make_valid_name("_x") == "x_x"


def test_table_object():
    T = table(np.array([38.0, 43.0]), ["Smith", "Johnson"], VariableNames=["Age", "Name"])
    assert T.Age.tolist() == [38, 43] and T.Name == ["Smith", "Johnson"]
    sub = T[1:, :]
    assert sub.height == 1 and sub.Name == ["Johnson"]
    T.Height = np.array([1.7, 1.8])
    assert T.width == 3
    np.testing.assert_array_equal(table2array(T[:, ["Age", "Height"]]), [[38, 1.7], [43, 1.8]])
    np.testing.assert_array_equal(table2array(T[:, ["Name"]]), [["Smith"], ["Johnson"]])
    assert table(np.ones(2), np.zeros(2)).VariableNames == ["Var1", "Var2"]
    with pytest.raises(MatlabnnValueError, match="has 3 rows but the table has 2"):
        T.Bad = np.ones(3)
    with pytest.raises(AttributeError, match="Unrecognized table variable name 'Weight'"):
        T.Weight
    with pytest.raises(MatlabnnValueError, match="some are text and some numeric"):
        table2array(T)
    T.VariableNames = ["a", "b", "c"]
    assert T.VariableNames == ["a", "b", "c"] and T.b == ["Smith", "Johnson"]
    with pytest.raises(MatlabnnValueError, match="3 distinct nonempty names"):
        T.VariableNames = ["a", "a", "c"]
    with pytest.raises(MatlabnnValueError, match="cannot be set"):
        T.height = 4
