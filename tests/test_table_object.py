"""matlabnn.table: MATLAB's table (construction, access by name, properties, display, errors).

(tests/test_table.py is about the verbose training table.)
"""
import numpy as np
import pytest

from matlabnn import categorical, height, istable, table, width
from matlabnn.errors import MatlabnnTypeError, MatlabnnValueError


def test_construct_and_access_by_name():
    # T = table([10; 20; 30], [100; 200; 300], 'VariableNames', {'X', 'Y'})
    T = table(np.array([10, 20, 30]), np.array([100, 200, 300]), "VariableNames", ["X", "Y"])
    assert istable(T) and not istable(np.ones(2))
    assert height(T) == 3 and width(T) == 2 and T.shape == (3, 2) and len(T) == 3
    assert T.X.shape == (3, 1) and T["Y"].reshape(-1).tolist() == [100, 200, 300]
    assert T.Properties.VariableNames == ["X", "Y"] and T.Properties.RowNames == []
    assert "X" in T and "Z" not in T
    assert table(np.ones(2), np.zeros(2)).Properties.VariableNames == ["Var1", "Var2"]
    assert table(np.ones(2), VariableNames=["a"]).Properties.VariableNames == ["a"]
    assert height(np.ones((4, 2))) == 4 and width(np.ones((4, 2))) == 2


def test_add_set_and_rename_variables():
    T = table(np.arange(3.0))
    T.Label = categorical(["a", "b", "a"])
    T["Names"] = ["x", "y", "z"]
    assert T.Properties.VariableNames == ["Var1", "Label", "Names"]
    T.Var1 = np.array([5.0, 6.0, 7.0])
    assert T.Var1.reshape(-1).tolist() == [5, 6, 7]
    T.Properties.VariableNames = ["A", "B", "C"]
    assert T.A.reshape(-1).tolist() == [5, 6, 7] and T.C == ["x", "y", "z"]
    with pytest.raises(MatlabnnValueError, match="height of the table"):
        T.D = np.ones(4)
    with pytest.raises(AttributeError, match="Unrecognized table variable name 'Nope'"):
        T.Nope
    with pytest.raises(KeyError):
        T["Nope"]


def test_display():
    T = table(np.array([1.5, 2.0]), ["ab", "c"], categorical(["x", "y"]),
              np.array([["p"], ["q"]], dtype=object),
              VariableNames=["Num", "Cell", "Cat", "Str"], RowNames=["r1", "r2"])
    # MATLAB's layout: names centred over columns 4 spaces apart, rules as wide as the
    # columns, row names first; text left-aligned.
    assert repr(T) == ("  2\u00d74 table\n\n"
                       "          Num     Cell     Cat    Str\n"
                       "          ___    ______    ___    ___\n\n"
                       "    r1    1.5    {'ab'}    x      \"p\"\n"
                       "    r2    2      {'c'}     y      \"q\"\n")
    assert repr(table()) == "  0\u00d70 empty table\n"
    assert "VariableNames: {'Num'  'Cell'  'Cat'  'Str'}" in repr(T.Properties)


def test_bad_input():
    with pytest.raises(MatlabnnValueError, match="same number of rows"):
        table(np.ones(2), np.ones(3))
    with pytest.raises(MatlabnnValueError, match="2 names for 1 variables"):
        table(np.ones(2), VariableNames=["a", "b"])
    with pytest.raises(MatlabnnValueError, match="unique"):
        table(np.ones(2), np.ones(2), VariableNames=["a", "a"])
    with pytest.raises(MatlabnnValueError, match="RowNames has 1 names for 2 rows"):
        table(np.ones(2), RowNames=["r"])
    with pytest.raises(MatlabnnValueError, match="Colour"):
        table(np.ones(2), "Colour", 1)
    with pytest.raises(MatlabnnValueError, match="VariableNames"):
        table(np.ones(2), VariableNames=[1])
    assert table(np.ones(2), "variablen", ["a"]).Properties.VariableNames == ["a"]   # a prefix
    with pytest.raises(MatlabnnTypeError, match="set the fields of T.Properties"):
        table(np.ones(2)).Properties = {}
    with pytest.raises(MatlabnnTypeError, match="by variable name"):
        table(np.ones(2))[0]


def test_docstrings_show_matlab_syntax():
    for f in (table, height, width, istable):
        assert f.__doc__ and "MATLAB" in f.__doc__ and "xample" in f.__doc__
