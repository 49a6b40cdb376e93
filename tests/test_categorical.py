import numpy as np
import pytest

from matlabnn.categorical import (addcats, categorical, categories, cellstr, countcats,
                                  double, horzcat, iscategorical, isundefined, num2str,
                                  numel, onehot, removecats, reordercats, string, summary,
                                  unique, vertcat)
from matlabnn.errors import MatlabnnTypeError, MatlabnnValueError


# ------------------------------------------------------------------ construction
def test_text_categories_sorted_by_character_code():
    c = categorical(["b", "a", "B", "b"])
    assert categories(c) == ["B", "a", "b"]
    assert c.codes.tolist() == [3, 2, 1, 3]
    assert c.shape == (4, 1) and len(c) == 4 and numel(c) == 4


def test_numeric_categories_sorted_numerically_then_named():
    c = categorical([10, 2.5, 1, 2.5])
    assert categories(c) == ["1", "2.5", "10"]
    assert c.codes.tolist() == [3, 2, 1, 2]
    assert categorical(np.array([3, 1, 2])).categories_list == ["1", "2", "3"]
    assert categorical([True, False]).categories_list == ["false", "true"]


def test_num2str():
    assert [num2str(x) for x in (1, 2.0, 2.5, np.pi, 0.1234567, 123.456, -0.5)] == \
        ["1", "2", "2.5", "3.1416", "0.12346", "123.456", "-0.5"]


def test_missing_values_are_undefined():
    c = categorical(["a", "", None, " a ", "<undefined>"])
    assert categories(c) == ["a"]
    assert isundefined(c).tolist() == [False, True, True, False, True]
    n = categorical([1, np.nan, 2])
    assert categories(n) == ["1", "2"] and n.codes.tolist() == [1, 0, 2]


def test_valueset_order_and_values_outside_it():
    c = categorical(["lo", "hi", "mid", "zzz"], ["mid", "lo", "hi", "none"])
    assert categories(c) == ["mid", "lo", "hi", "none"]
    assert c.codes.tolist() == [2, 3, 1, 0]
    assert countcats(c).tolist() == [1, 1, 1, 0]
    assert categorical(["b"], valueset=["a", "b"]).codes.tolist() == [2]
    n = categorical([3, 1, 4], [1, 2, 3])
    assert categories(n) == ["1", "2", "3"] and n.codes.tolist() == [3, 1, 0]


def test_catnames_rename_and_merge():
    c = categorical([1, 3, 2, 1], [1, 2, 3], ["red", "green", "blue"])
    assert string(c) == ["red", "blue", "green", "red"]
    m = categorical([1, 2, 3], [1, 2, 3], ["x", "y", "x"])
    assert categories(m) == ["x", "y"] and m.codes.tolist() == [1, 2, 1]
    with pytest.raises(MatlabnnValueError, match="one name per value"):
        categorical([1], [1, 2], ["a"])


def test_bad_inputs():
    with pytest.raises(MatlabnnValueError, match="unique"):
        categorical(["a"], ["a", "a"])
    with pytest.raises(MatlabnnTypeError, match="all text"):
        categorical(["a", 1])
    with pytest.raises(MatlabnnValueError, match="only row and column"):
        summary(categorical(np.ones((2, 3))))


def test_from_another_categorical_and_from_codes():
    c = categorical(["b", "a"])
    d = categorical(c)
    d[0] = "a"
    assert string(c) == ["b", "a"]                    # a copy
    e = categorical(c, ["b", "c"])
    assert categories(e) == ["b", "c"] and e.codes.tolist() == [1, 0]
    f = categorical.from_codes([2, 0, 1], ["x", "y"], shape=(1, 3))
    assert f.shape == (1, 3) and cellstr(f) == ["y", "<undefined>", "x"]
    with pytest.raises(MatlabnnValueError):
        categorical.from_codes([3], ["x"])


def test_orientation():
    assert categorical(np.array([["a", "b", "a"]])).shape == (1, 3)
    assert categorical(np.array([["a"], ["b"]])).shape == (2, 1)
    c = categorical(["a", "b"])
    assert c.T.shape == (1, 2) and c.T.T.shape == (2, 1)


# ------------------------------------------------------------------ comparisons
def test_equality_with_text_and_categorical():
    YPred = categorical(["1", "2", "3", "1"])
    YTest = categorical(["1", "3", "3", "2"], ["3", "2", "1"])   # other category order
    assert (YPred == YTest).tolist() == [True, False, True, False]
    assert np.sum(YPred == YTest) / numel(YTest) == 0.5
    assert np.mean(YPred == YTest) == 0.5
    assert (YPred == "1").tolist() == [True, False, False, True]
    assert (YPred != "1").tolist() == [False, True, True, False]
    assert (YPred == "nope").tolist() == [False] * 4
    assert ("1" == YPred).tolist() == [True, False, False, True]
    assert (YPred == ["1", "2", "2", "2"]).tolist() == [True, True, False, False]
    assert (np.array(["1", "2", "2", "2"]) == YPred).tolist() == [True, True, False, False]
    assert (YPred == YPred[0]).tolist() == [True, False, False, True]
    assert "2" in YPred and "9" not in YPred


def test_undefined_never_equal():
    c = categorical(["a", ""])
    assert (c == categorical(["a", ""])).tolist() == [True, False]
    assert (c != c).tolist() == [False, True]


def test_comparison_errors():
    c = categorical(["a", "b"])
    with pytest.raises(MatlabnnValueError, match="incompatible sizes"):
        c == categorical(["a", "b", "c"])
    with pytest.raises(MatlabnnTypeError, match="category name"):
        c == 1
    with pytest.raises(MatlabnnTypeError, match="ordinal"):
        c < "b"


def test_ordinal():
    c = categorical(["lo", "hi", "mid"], ["lo", "mid", "hi"], Ordinal=True)
    assert (c < "hi").tolist() == [True, False, True]
    assert (c >= c[2]).tolist() == [False, True, True]
    assert categorical(["a"], "Ordinal", True).ordinal
    with pytest.raises(MatlabnnValueError, match="ordinal"):
        c[0] = "new"


# ------------------------------------------------------------------ indexing
def test_indexing_forms():
    c = categorical(["a", "b", "c", "a"])
    assert isinstance(c[2], categorical) and len(c[2]) == 1 and str(c[2]) == "c"
    assert f"{c[-1]}" == "a"
    assert string(c[1:3]) == ["b", "c"]
    assert string(c[[0, 3]]) == ["a", "a"]
    assert string(c[np.array([True, False, False, True])]) == ["a", "a"]
    assert string(c[c == "a"]) == ["a", "a"]
    assert string(c[:, 0]) == ["a", "b", "c", "a"]            # MATLAB c(:, 1)
    assert string(c[1, 0]) == ["b"]
    assert c.T[0, 1].codes.tolist() == [2]
    assert categories(c[1:2]) == ["a", "b", "c"]              # categories kept
    assert [str(v) for v in c] == ["a", "b", "c", "a"]
    with pytest.raises(IndexError):
        c[np.array([True, False])]
    with pytest.raises(IndexError):
        c[10]


def test_item_assignment():
    c = categorical(["a", "b", "a"])
    c[0] = "b"
    c[1:3] = categorical(["a", "a"])
    assert string(c) == ["b", "a", "a"]
    c[c == "a"] = "new"                                       # adds a category
    assert categories(c) == ["a", "b", "new"] and string(c) == ["b", "new", "new"]
    c[0] = ""
    assert isundefined(c).tolist() == [True, False, False]


def test_concat():
    a, b = categorical(["x", "y"]), categorical(["z", "x"])
    v = vertcat(a, b)
    assert v.shape == (4, 1) and categories(v) == ["x", "y", "z"] and string(v) == ["x", "y", "z", "x"]
    h = horzcat(a, b)
    assert h.shape == (1, 4)
    assert categorical.concat(a, ["w"]).categories_list == ["x", "y", "w"]
    assert vertcat([1], [2, 3]) == [1, 2, 3]
    assert vertcat(np.ones(2), np.zeros(2)).shape == (2, 2)


# ------------------------------------------------------------------ conversions
def test_conversions():
    c = categorical(["b", "a", ""])
    assert string(c) == ["b", "a", None]
    assert cellstr(c) == ["b", "a", "<undefined>"]
    np.testing.assert_array_equal(double(c), [2, 1, np.nan])
    assert np.asarray(c).tolist() == ["b", "a", "<undefined>"]
    assert c.astype(str).dtype.kind == "U"
    assert c.astype(np.float64)[0] == 2
    assert iscategorical(c) and not iscategorical(["a"])
    np.testing.assert_array_equal(onehot(c), [[0, 1], [1, 0], [0, 0]])
    np.testing.assert_array_equal(onehot(c, ["b", "z"]), [[1, 0], [0, 0], [0, 0]])
    assert numel(np.ones((3, 4))) == 12 and numel([np.ones(5)] * 2) == 2 and numel(3.0) == 1


def test_category_functions():
    c = categorical(["a", "b", ""], ["a", "b", "c"])
    assert countcats(c).tolist() == [1, 1, 0]
    assert categories(removecats(c)) == ["a", "b"]
    r = removecats(c, "a")
    assert categories(r) == ["b", "c"] and string(r) == [None, "b", None]
    assert categories(addcats(c, "z")) == ["a", "b", "c", "z"]
    assert categories(addcats(c, ["y", "z"], "Before", "b")) == ["a", "y", "z", "b", "c"]
    assert categories(addcats(c, "z", After="a")) == ["a", "z", "b", "c"]
    o = reordercats(c, ["c", "b", "a"])
    assert categories(o) == ["c", "b", "a"] and string(o) == string(c)
    assert categories(reordercats(o)) == ["a", "b", "c"]
    assert categories(reordercats(c, [2, 0, 1])) == ["c", "a", "b"]
    with pytest.raises(MatlabnnValueError):
        reordercats(c, ["a"])
    with pytest.raises(MatlabnnTypeError, match="categorical"):
        countcats(["a"])


def test_unique():
    c = categorical(["b", "", "a", "b"])
    u, ia, ic = unique(c, nargout=3)
    assert cellstr(u) == ["a", "b", "<undefined>"]
    assert ia.tolist() == [2, 0, 1] and ic.tolist() == [1, 2, 0, 1]
    assert string(u[ic]) == string(c)
    np.testing.assert_array_equal(unique(np.array([3, 1, 3])), [1, 3])
    assert unique(["b", "a", "b"]) == ["a", "b"]


# ------------------------------------------------------------------ display
def test_display_column():
    c = categorical([1, 3, 2, 1])
    assert repr(c) == ("  4\u00d71 categorical array\n\n"
                       "     1 \n     3 \n     2 \n     1 \n")


def test_display_pads_to_widest_and_shows_undefined():
    c = categorical(["red", "", "blue"])
    assert repr(c).splitlines()[2:] == ["     red         ", "     <undefined> ", "     blue        "]


def test_display_row_scalar_empty():
    r = categorical(np.array([["blue", "black", "red"]]))
    assert repr(r) == "  1\u00d73 categorical array\n\n     blue      black      red \n"
    assert repr(r[0]) == "  categorical\n\n     blue \n"
    # MATLAB: size(categorical([])) is [0 0]; an explicit 0-by-1 input stays 0-by-1
    assert repr(categorical([])) == "  0\u00d70 empty categorical array\n"
    assert repr(categorical(None)) == "  0\u00d70 empty categorical array\n"
    assert repr(categorical(np.zeros((0, 1)))) == "  0\u00d71 empty categorical array\n"
    assert str(r) == repr(r) and str(r[1]) == "black"


def test_summary_column(capsys):
    summary(categorical(["1"] * 30 + ["2"] * 5))
    assert capsys.readouterr().out == "     1      30 \n     2       5 \n"


def test_summary_with_undefined_and_row(capsys):
    summary(categorical(["car", "plane", ""]))
    assert capsys.readouterr().out == ("     car              1 \n"
                                       "     plane            1 \n"
                                       "     <undefined>      1 \n")
    summary(categorical(np.array([["car", "plane", "car"]])))
    assert capsys.readouterr().out == ("     car      plane \n"
                                       "     2        1     \n")


def test_docstrings_show_matlab_syntax():
    for f in (categorical, categories, countcats, summary, unique, numel, isundefined,
              removecats, addcats, reordercats, string, cellstr, double, vertcat):
        assert f.__doc__ and "MATLAB" in f.__doc__ and "xample" in f.__doc__


# ------------------------------------------------------------------ rows and matrices
def test_row_compares_and_converts_to_rows():
    """A 1-by-N categorical gives 1-by-N results, as MATLAB's ``c == 'a'``, ``double(c)``."""
    r = categorical(np.array([["a", "b", "", "a"]]))
    assert (r == "a").shape == (1, 4) and (r == "a").tolist() == [[True, False, False, True]]
    assert (r != "a").shape == (1, 4)
    assert ("a" == r).shape == (1, 4)
    assert (r == r).shape == (1, 4)
    np.testing.assert_array_equal(double(r), [[1.0, 2.0, np.nan, 1.0]])
    assert isundefined(r).tolist() == [[False, False, True, False]]
    assert np.asarray(r).tolist() == [["a", "b", "<undefined>", "a"]]
    assert r.astype(float).shape == (1, 4)
    assert r[r == "a"].shape == (1, 2)                 # a 1-by-N mask indexes it
    o = categorical(np.array([["lo", "hi"]]), ["lo", "hi"], Ordinal=True)
    assert (o < "hi").tolist() == [[True, False]]
    # A 1-element categorical against a row expands to the row's size.
    assert (categorical(["a"]) == r).shape == (1, 4)
    # Columns keep 1-D results (they index lists and 1-D arrays directly).
    assert (r.T == "a").shape == (4,) and double(r.T).shape == (4,)


def test_matrix_size_compare_index_display():
    c = categorical([["low", "medium"], ["high", "low"]])     # MATLAB {'low','medium';'high','low'}
    assert c.shape == (2, 2) and c.orientation == "matrix" and c.ndim == 2
    assert categories(c) == ["high", "low", "medium"]
    assert c.codes.tolist() == [2, 1, 3, 2]                   # column-major, as MATLAB
    assert (c == "low").tolist() == [[True, False], [False, True]]
    np.testing.assert_array_equal(double(c), [[2, 3], [1, 2]])
    assert countcats(c).tolist() == [[1, 0], [1, 1], [0, 1]]    # per column, as MATLAB
    assert c[0, :].shape == (1, 2) and cellstr(c[0, :]) == ["low", "medium"]
    assert c[:, 1].shape == (2, 1) and str(c[1, 1]) == "low"
    assert c[[0, 1], [1, 0]].shape == (2, 2)                   # MATLAB c([1 2], [2 1])
    assert cellstr(c[[0, 1], [1, 0]]) == ["medium", "low", "low", "high"]
    assert cellstr(c[-1, [True, False]]) == ["high"]
    with pytest.raises(IndexError):
        c[2, 0]
    assert c.T.shape == (2, 2) and cellstr(c.T) == ["low", "medium", "high", "low"]
    assert c[c == "low"].shape == (2, 1)                      # linear indexing gives a column
    assert (c == [["low", "x"], ["high", "low"]]).tolist() == [[True, False], [True, True]]
    assert categorical(c).shape == (2, 2)
    assert cellstr(categorical(c, ["low", "high"])) == ["low", "high", "<undefined>", "low"]
    c[1, 0] = "medium"
    assert str(c[1, 0]) == "medium"
    assert repr(c) == ("  2\u00d72 categorical array\n\n"
                       "     low         medium \n"
                       "     medium      low    \n")
    assert repr(categorical.from_codes([], [], (0, 0))) == "  0\u00d70 empty categorical array\n"
    d = categorical.from_codes([1, 2] * 6, ["no", "yes"], (2, 3, 2))
    assert d.shape == (2, 3, 2) and (d == "yes").shape == (2, 3, 2)
    assert "ans(:,:,2) = " in repr(d)
    with pytest.raises(MatlabnnValueError, match="PERMUTE"):
        d.T
    with pytest.raises(MatlabnnValueError, match="do not fill"):
        categorical.from_codes([1, 2, 1], ["a", "b"], (2, 2))


def test_protected():
    p = categorical(["a", "b"], Protected=True)
    assert p.protected and not p.ordinal
    with pytest.raises(MatlabnnValueError, match="protected"):
        p[0] = "c"
    assert categorical(["a"], Ordinal=True).protected
    q = categorical(["a", "b"])
    q[0] = "c"
    assert categories(q) == ["a", "b", "c"]
