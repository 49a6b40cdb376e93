"""The table object's parts that load of MATLAB-written tables needs: RowNames and the
other Properties, categorical and string variables, height/width/istable, options.

(tests/test_helpers_data.py tests the rest of the table; tests/test_table.py is about
the verbose training table.)
"""
import numpy as np
import pytest

from matlabnn import categorical, height, istable, table, width
from matlabnn.errors import MatlabnnTypeError, MatlabnnValueError


def test_height_width_istable_and_options():
    # T = table([10; 20; 30], [100; 200; 300], 'VariableNames', {'X', 'Y'})
    T = table(np.array([10, 20, 30]), np.array([100, 200, 300]), "VariableNames", ["X", "Y"])
    assert istable(T) and not istable(np.ones(2))
    assert height(T) == 3 and width(T) == 2 and T.shape == (3, 2)
    assert height(np.ones((4, 2))) == 4 and width(np.ones((4, 2))) == 2
    assert height(["a", "b"]) == 2 and width(["a", "b"]) == 1
    assert table(np.ones(2), "variablen", ["a"]).VariableNames == ["a"]     # a prefix
    assert table(np.ones(2), VariableNames=["a"], RowNames=["r", "s"]).Properties.RowNames \
        == ["r", "s"]


def test_properties_are_settable():
    T = table(np.arange(3.0), np.ones(3))
    T.Properties.VariableNames = ["A", "B"]
    assert T.VariableNames == ["A", "B"] and T.A.tolist() == [0, 1, 2]
    T.Properties.Description = "three rows"
    T.Properties.RowNames = ["a", "b", "c"]
    assert T.Properties.Description == "three rows" and T.Properties["RowNames"] == ["a", "b", "c"]
    assert T[1:, :].Properties.RowNames == ["b", "c"]
    with pytest.raises(MatlabnnValueError, match="RowNames has 2 names for 3 rows"):
        T.Properties.RowNames = ["a", "b"]
    with pytest.raises(AttributeError, match="Unrecognized table property 'Colour'"):
        T.Properties.Colour = 1
    assert "VariableNames: {'A'  'B'}" in repr(T.Properties)


def test_categorical_and_string_variables_and_display():
    T = table(np.array([1.5, 2.0]), ["ab", "c"], categorical(["x", "y"]),
              np.array([["p"], ["q"]], dtype=object),
              VariableNames=["Num", "Cell", "Cat", "Str"], RowNames=["r1", "r2"])
    assert isinstance(T.Cat, categorical) and T.Str.shape == (2, 1)
    assert isinstance(T[1:, :].Cat, categorical) and str(T[1:, :].Cat) == "y"
    # MATLAB's layout: row names first; numbers right-aligned, text left-aligned.
    assert repr(T) == ("  2\u00d74 table\n\n"
                       "           Num       Cell     Cat    Str\n"
                       "           ___       ____     ___    ___\n\n"
                       "    r1    1.5000    {'ab'}    x      \"p\"\n"
                       "    r2    2.0000    {'c'}     y      \"q\"\n")
    assert repr(table()) == "  0\u00d70 empty table\n"


def test_bad_input():
    with pytest.raises(MatlabnnValueError, match="2 variable names for 1 variables"):
        table(np.ones(2), VariableNames=["a", "b"])
    with pytest.raises(MatlabnnValueError, match="unique"):
        table(np.ones(2), np.ones(2), VariableNames=["a", "a"])
    with pytest.raises(MatlabnnValueError, match="RowNames has 1 names for 2 rows"):
        table(np.ones(2), RowNames=["r"])
    with pytest.raises(MatlabnnValueError, match="Colour"):
        table(np.ones(2), "Colour", 1)
    with pytest.raises(MatlabnnValueError, match="VariableNames"):
        table(np.ones(2), VariableNames=[1])
    with pytest.raises(MatlabnnTypeError, match="single str"):
        table(np.ones(2)).Name = "abc"


def test_docstrings_show_matlab_syntax():
    for f in (table, height, width, istable):
        assert f.__doc__ and "MATLAB" in f.__doc__ and "xample" in f.__doc__
