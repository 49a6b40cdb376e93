"""mapminmax and normalize against the worked examples of MATLAB's documentation."""
import numpy as np
import pytest

from matlabnn import mapminmax, normalize
from matlabnn.errors import MatlabnnError, MatlabnnTypeError, MatlabnnValueError

# ---------------------------------------------------------------------------
# mapminmax. Worked example and rule from MathWorks' mapminmax page
# (http://www.mathworks.com/help/nnet/ref/mapminmax.html): x1, x2 below, the formula
# y = (ymax-ymin)*(x-xmin)/(xmax-xmin) + ymin, and "If xmax=xmin or if either xmax or
# xmin are nonfinite, then y=x and no change occurs."
X1 = np.array([[1, 2, 4], [1, 1, 1], [3, 2, 2], [0, 0, 0]], dtype=float)
X2 = np.array([[5, 2, 3], [1, 1, 1], [6, 7, 3], [0, 0, 0]], dtype=float)
Y1 = np.array([[-1, -1 / 3, 1], [1, 1, 1], [1, -1, -1], [0, 0, 0]])
Y2 = np.array([[5 / 3, -1 / 3, 1 / 3], [1, 1, 1], [7, 9, 1], [0, 0, 0]])


def test_mapminmax_documentation_example():
    y1, ps = mapminmax(X1, nargout=2)
    np.testing.assert_allclose(y1, Y1, atol=1e-12)
    np.testing.assert_allclose(mapminmax("apply", X2, ps), Y2, atol=1e-12)
    np.testing.assert_allclose(mapminmax("reverse", y1, ps), X1, atol=1e-12)


def test_mapminmax_settings_carry_matlabs_fields():
    _, ps = mapminmax(X1, nargout=2)
    assert list(ps) == ["name", "xrows", "xmax", "xmin", "xrange", "yrows", "ymax", "ymin",
                        "yrange", "gain", "xoffset", "no_change"]
    assert ps.name == "mapminmax" and ps.xrows == ps.yrows == 4
    np.testing.assert_array_equal(ps.xmax, [[4], [1], [3], [0]])
    np.testing.assert_array_equal(ps.xmin, [[1], [1], [2], [0]])
    np.testing.assert_array_equal(ps.xrange, [[3], [0], [1], [0]])
    assert (ps.ymin, ps.ymax, ps.yrange) == (-1.0, 1.0, 2.0)
    # constant rows: gain 1 and offset ymin, so they pass through
    np.testing.assert_allclose(ps.gain, [[2 / 3], [1], [2], [1]])
    np.testing.assert_array_equal(ps.xoffset, [[1], [-1], [2], [-1]])
    assert ps.no_change is False


def test_mapminmax_limits_fp_struct_and_vectors():
    y, ps = mapminmax(np.array([2.0, 4.0, 6.0]), 0, 1, nargout=2)
    assert y.shape == (3,)                       # a 1-D array is one row and stays 1-D
    np.testing.assert_allclose(y, [0, 0.5, 1])
    assert ps.xrows == 1
    np.testing.assert_allclose(mapminmax([2.0, 4.0, 6.0], {"ymin": 0, "ymax": 1}), y)
    np.testing.assert_allclose(mapminmax("reverse", np.array([0.25]), ps), [3.0])
    assert mapminmax(np.ones((2, 3), np.float32)).dtype == np.float32


def test_mapminmax_nonfinite_rows_pass_through_and_nan_is_ignored():
    x = np.array([[np.nan, np.nan], [1.0, np.inf], [0.0, np.nan]])
    y = mapminmax(np.vstack([x, [[1.0, 3.0]]]))
    np.testing.assert_array_equal(y[:3], x)         # unchanged, as documented
    np.testing.assert_array_equal(y[3], [-1, 1])
    y = mapminmax(np.array([[0.0, np.nan, 2.0]]))   # NaN ignored for the limits
    np.testing.assert_array_equal(y, [[-1, np.nan, 1]])


def test_mapminmax_cell_array_uses_settings_over_all_matrices():
    y = mapminmax([np.array([[0.0, 1.0]]), np.array([[2.0, 4.0]])])
    assert isinstance(y, list) and [a.shape for a in y] == [(1, 2), (1, 2)]
    np.testing.assert_allclose(np.hstack(y), [[-1, -0.5, 0, 1]])


def test_mapminmax_errors():
    _, ps = mapminmax(X1, nargout=2)
    with pytest.raises(MatlabnnValueError, match="has 2 rows but the settings PS were made "
                                                 "from data with 4 rows"):
        mapminmax("apply", np.ones((2, 3)), ps)
    with pytest.raises(MatlabnnTypeError, match="PS must be the settings struct"):
        mapminmax("apply", X1, {"a": 1})
    with pytest.raises(MatlabnnValueError, match="unknown command 'applied'"):
        mapminmax("applied", X1, ps)
    with pytest.raises(MatlabnnValueError, match="ymax must be greater than ymin"):
        mapminmax(X1, 1, 0)
    with pytest.raises(MatlabnnTypeError, match="'apply' needs two more arguments"):
        mapminmax("apply", X1)
    with pytest.raises(MatlabnnError, match="too many output arguments"):
        mapminmax("apply", X1, ps, nargout=2)
    with pytest.raises(MatlabnnValueError, match="N-by-Q matrix"):
        mapminmax(np.ones((2, 2, 2)))


# ---------------------------------------------------------------------------
# normalize. Worked examples from MathWorks' normalize page
# (https://www.mathworks.com/help/matlab/ref/double.normalize.html), shown to 4 decimals.
B = np.array([[8, 1, 6], [3, 5, 7], [4, 9, 2]], dtype=float)     # magic(3)


def test_normalize_documentation_examples():
    v = np.arange(1, 6)
    np.testing.assert_allclose(normalize(v), [-1.2649, -0.6325, 0, 0.6325, 1.2649], atol=5e-5)
    np.testing.assert_allclose(normalize(B), [[1.1339, -1.0000, 0.3780],
                                              [-0.7559, 0, 0.7559],
                                              [-0.3780, 1.0000, -1.1339]], atol=5e-5)
    np.testing.assert_allclose(normalize(B, 2), [[0.8321, -1.1094, 0.2774],
                                                 [-1.0000, 0, 1.0000],
                                                 [-0.2774, 1.1094, -0.8321]], atol=5e-5)
    np.testing.assert_allclose(normalize(v, "scale"),
                               [0.6325, 1.2649, 1.8974, 2.5298, 3.1623], atol=5e-5)
    np.testing.assert_allclose(normalize(v, "range"), [0, 0.25, 0.5, 0.75, 1], atol=1e-12)


def test_normalize_reuses_training_statistics():
    N1, C, S = normalize(B, nargout=3)
    assert C.shape == S.shape == (1, 3)
    np.testing.assert_allclose(C, B.mean(axis=0, keepdims=True))
    np.testing.assert_allclose(S, B.std(axis=0, ddof=1, keepdims=True))   # N-1, as MATLAB
    new = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(normalize(new, "center", C, "scale", S), (new - C) / S)
    np.testing.assert_allclose(normalize(B, "center", C, "scale", S), N1)
    # 1-D data gives 1-D statistics that broadcast back
    n, c, s = normalize(np.arange(1.0, 6.0), nargout=3)
    assert c.shape == s.shape == (1,)
    np.testing.assert_allclose(normalize(np.array([3.0, 8.0]), "center", c, "scale", s),
                               (np.array([3.0, 8.0]) - 3) / s)


def test_normalize_methods():
    a = np.array([1.0, 2.0, 4.0, 8.0])
    np.testing.assert_allclose(normalize(a, "range", [-1, 1]), [-1, -5 / 7, -1 / 7, 1])
    n, c, s = normalize(a, "range", [-1, 1], nargout=3)
    np.testing.assert_allclose((a - c) / s, n)                  # N = (A - C) ./ S
    np.testing.assert_allclose(normalize(a, "norm"), a / np.linalg.norm(a))
    np.testing.assert_allclose(normalize(a, "norm", 1), a / 15)
    np.testing.assert_allclose(normalize(a, "norm", np.inf), a / 8)
    np.testing.assert_allclose(normalize(a, "center"), a - 3.75)
    np.testing.assert_allclose(normalize(a, "center", "median"), a - 3)
    np.testing.assert_allclose(normalize(a, "scale", "first"), a)
    np.testing.assert_allclose(normalize(a, "scale", "mad"), a / 1.5)
    np.testing.assert_allclose(normalize(a, "zscore", "robust"), (a - 3) / 1.5)
    np.testing.assert_allclose(normalize(a, "center", "mean", "scale", "std"), normalize(a))
    np.testing.assert_allclose(normalize(a, "scale", 2), a / 2)


def test_normalize_dimension_rules():
    col = np.arange(1.0, 4.0).reshape(3, 1)
    np.testing.assert_allclose(normalize(col), [[-1], [0], [1]])   # first non-singleton dim
    assert np.all(np.isnan(normalize(np.arange(3.0), 1)))          # each element alone: 0/0
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_allclose(normalize(x, 3), (x - x.mean(2, keepdims=True))
                               / x.std(2, ddof=1, keepdims=True))
    with_nan = np.array([1.0, np.nan, 3.0])                        # NaN omitted in statistics
    np.testing.assert_allclose(normalize(with_nan), [-1 / np.sqrt(2), np.nan, 1 / np.sqrt(2)])
    assert normalize(np.array([[1, 2], [3, 5]], np.float32)).dtype == np.float32


def test_normalize_errors():
    with pytest.raises(MatlabnnValueError, match="unknown normalization method 'minmax'"):
        normalize(B, "minmax")
    with pytest.raises(MatlabnnValueError, match="'range' method type must be an increasing"):
        normalize(B, "range", [1, 0])
    with pytest.raises(MatlabnnValueError, match="only the 'center' and 'scale' methods"):
        normalize(B, "center", "range")
    with pytest.raises(MatlabnnValueError, match="does not match the data of size 3x3"):
        normalize(B, "center", np.ones((1, 4)))
    with pytest.raises(MatlabnnValueError, match="dimension must be a positive integer"):
        normalize(B, 0)
    with pytest.raises(MatlabnnTypeError, match="numeric"):
        normalize(["a", "b"])
