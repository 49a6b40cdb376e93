"""confusionmat against MATLAB's documentation; confusionchart's figure content under Agg."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from matlabnn import categorical, confusionchart, confusionmat  # noqa: E402
from matlabnn.errors import InvalidOptionError, MatlabnnError, MatlabnnValueError  # noqa: E402

# Worked examples from MathWorks' confusionmat page
# (https://www.mathworks.com/help/stats/confusionmat.html, "Display Confusion Matrix" and
# "Specify Group Order of Confusion Matrix").
G1 = np.array([3, 2, 2, 3, 1, 1])
G2 = np.array([4, 2, 3, np.nan, 1, 1])


def test_confusionmat_documentation_example():
    C, order = confusionmat(G1, G2, nargout=2)
    np.testing.assert_array_equal(C, [[2, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
    np.testing.assert_array_equal(order, [1, 2, 3, 4])      # sorted; NaN is left out


def test_confusionmat_order_option():
    C = confusionmat(G1, G2, "Order", [4, 3, 2, 1])
    np.testing.assert_array_equal(C, [[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 2]])
    np.testing.assert_array_equal(confusionmat(G1, G2, Order=[4, 3, 2, 1]), C)
    C = confusionmat(G1, G2, "Order", [1, 2, 3, 4, 5])          # unused classes: zeros
    assert C.shape == (5, 5) and C[4].sum() == 0
    with pytest.raises(MatlabnnValueError, match="occurs in group or grouphat but not in"):
        confusionmat(G1, G2, "Order", [1, 2, 3])


def test_confusionmat_categorical_and_text():
    known = categorical(["cat", "dog", "dog", "bird"], ["dog", "cat", "bird", "fish"])
    pred = categorical(["cat", "cat", "dog", "bird"], ["dog", "cat", "bird", "fish"])
    C, order = confusionmat(known, pred, nargout=2)
    assert isinstance(order, categorical)
    assert order.tolist() == ["dog", "cat", "bird", "fish"]    # category order, all of them
    np.testing.assert_array_equal(C, [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
    C, order = confusionmat(["b", "a", "", "a"], ["a", "a", "b", "b"], nargout=2)
    assert order == ["a", "b"]                                  # '' is missing
    np.testing.assert_array_equal(C, [[1, 1], [1, 0]])
    np.testing.assert_array_equal(confusionmat([True, False, True], [True, True, True]),
                                  [[0, 1], [0, 2]])


def test_confusionmat_errors():
    with pytest.raises(MatlabnnValueError, match="same number of observations; got 6 and 2"):
        confusionmat(G1, G2[:2])
    with pytest.raises(MatlabnnValueError, match="same type"):
        confusionmat(G1, ["a"] * 6)
    with pytest.raises(InvalidOptionError, match="'Ordr'"):
        confusionmat(G1, G2, "Ordr", [1])
    with pytest.raises(MatlabnnError, match="too many output arguments"):
        confusionmat(G1, G2, nargout=3)


# ---------------------------------------------------------------------------
# confusionchart

def _texts(fig):
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _cell_colors(ax):
    return {(round(p.get_x()), round(p.get_y())): p.get_facecolor()[:3]
            for p in ax.patches if isinstance(p, Rectangle)}


@pytest.fixture
def labels():
    known = categorical(["a"] * 5 + ["b"] * 4 + ["c"] * 3)
    pred = categorical(["a", "a", "a", "a", "b"] + ["b", "b", "b", "c"] + ["c", "c", "a"])
    yield known, pred
    plt.close("all")


def test_confusionchart_counts_labels_and_colors(labels):
    cm = confusionchart(*labels, "Title", "Test data")
    np.testing.assert_array_equal(cm.NormalizedValues, [[4, 1, 0], [0, 3, 1], [1, 0, 2]])
    assert cm.ClassLabels.tolist() == ["a", "b", "c"]
    fig = cm.Parent
    assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "Predicted Class" and ax.get_ylabel() == "True Class"
    assert ax.get_title() == "Test data"
    cells = sorted((round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5),
                    t.get_text()) for t in ax.texts)
    # counts in their cells (row = true class, column = predicted); zero cells blank
    assert cells == [(0, 0, "4"), (0, 1, "1"), (1, 1, "3"), (1, 2, "1"), (2, 0, "1"),
                     (2, 2, "2")]
    colors = _cell_colors(ax)
    blue, red = np.array([0, 0.447, 0.741]), np.array([0.85, 0.325, 0.098])
    np.testing.assert_allclose(colors[(0, 0)], blue, atol=1e-3)          # largest: full blue
    # keys are (column, row): row 1, column 0 holds 0 (white); row 0, column 1 holds 1
    assert np.allclose(colors[(0, 1)], [1, 1, 1])
    off = np.array(colors[(1, 0)])
    t = 1 / 4
    np.testing.assert_allclose(off, 1 - t * (1 - red), atol=1e-3)        # a light red
    fig.savefig(__import__("io").BytesIO(), format="png")                # it renders


def test_confusionchart_row_and_column_summaries(labels):
    cm = confusionchart(*labels, RowSummary="row-normalized", ColumnSummary="column-normalized")
    fig = cm.Parent
    assert len(fig.axes) == 3
    row_ax, col_ax = fig.axes[1], fig.axes[2]
    # per true class: correct 4/5, 3/4, 2/3 and incorrect 1/5, 1/4, 1/3
    assert sorted(t.get_text() for t in row_ax.texts) == sorted(
        ["80.0%", "20.0%", "75.0%", "25.0%", "66.7%", "33.3%"])
    # per predicted class: correct 4/5, 3/4, 2/3; incorrect 1/5, 1/4, 1/3
    assert sorted(t.get_text() for t in col_ax.texts) == sorted(
        ["80.0%", "20.0%", "75.0%", "25.0%", "66.7%", "33.3%"])
    assert [t.get_text() for t in col_ax.get_xticklabels()] == ["a", "b", "c"]
    cm.RowSummary = "absolute"                          # setting a property redraws
    assert sorted(t.get_text() for t in cm.Parent.axes[1].texts) == ["1", "1", "1", "2", "3",
                                                                      "4"]


def test_confusionchart_normalization_and_matrix_forms(labels):
    cm = confusionchart(np.array([[2, 2], [0, 4]]), ["no", "yes"], "Normalization",
                        "row-normalized")
    np.testing.assert_allclose(cm.NormalizedValues, [[0.5, 0.5], [0, 1]])
    assert sorted(t.get_text() for t in cm.Parent.axes[0].texts) == ["100.0%", "50.0%", "50.0%"]
    assert [t.get_text() for t in cm.Parent.axes[0].get_xticklabels()] == ["no", "yes"]
    cm2 = confusionchart(np.array([[1, 0], [0, 1]]))
    assert [t.get_text() for t in cm2.Parent.axes[0].get_xticklabels()] == ["1", "2"]
    fig = plt.figure()
    cm3 = confusionchart(fig, *labels)                  # a parent figure
    assert cm3.Parent is fig
    assert "ConfusionMatrixChart with properties" in repr(cm3)
    assert "NormalizedValues: [3×3 double]" in repr(cm3)


def test_confusionchart_errors(labels):
    with pytest.raises(MatlabnnValueError, match="'RowSummary'"):
        confusionchart(*labels, RowSummary="column-normalized")
    cm = confusionchart(*labels)
    with pytest.raises(MatlabnnValueError, match="read-only"):
        cm.NormalizedValues = 1
    with pytest.raises(InvalidOptionError):
        cm.Colour = "red"
    with pytest.raises(MatlabnnValueError, match="one label per row of m"):
        confusionchart(np.eye(2), ["a"])
    with pytest.raises(MatlabnnError, match="Not enough input arguments"):
        confusionchart(labels[0])
