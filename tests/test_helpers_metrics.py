"""rmse against MATLAB's documentation; the toolbox performance functions mse and mae."""
import numpy as np
import pytest

from matlabnn import mae, mse, rmse
from matlabnn.errors import MatlabnnTypeError, MatlabnnValueError

# Worked examples from MathWorks' rmse page (https://www.mathworks.com/help/matlab/ref/rmse.html,
# also at ww2.mathworks.cn/help/matlab/ref/rmse.html), shown to 4 decimals.


def test_rmse_of_two_forecasts():
    F1 = np.array([[1], [10], [9]]); F2 = np.array([[2], [5], [10]]); A = np.array([[1], [9], [10]])
    assert rmse(F1, A) == pytest.approx(0.8165, abs=5e-5)
    assert rmse(F2, A) == pytest.approx(2.3805, abs=5e-5)
    E = rmse(np.hstack([F1, F2]), A)
    assert E.shape == (1, 2)                       # one RMSE per column, a row
    np.testing.assert_allclose(E, [[0.8165, 2.3805]], atol=5e-5)


def test_rmse_of_matrix_rows():
    F = np.array([[17, 19], [1, 6], [16, 15]]); A = np.array([[17, 25], [3, 4], [16, 13]])
    E = rmse(F, A, 2)                              # MATLAB's dim 2: along each row
    assert E.shape == (3, 1)
    np.testing.assert_allclose(E, [[4.2426], [2.0000], [1.4142]], atol=5e-5)


def test_rmse_of_array_pages():
    F = np.zeros((2, 2, 2)); F[:, :, 0] = [[2, 4], [-2, 1]]; F[:, :, 1] = [[4, 4], [8, -3]]
    A = np.array([[6, 7], [1, 4]])
    E = rmse(F, A, [1, 2])
    assert E.shape == (1, 1, 2)
    # sqrt(mean([16 9 9 9])) and sqrt(mean([4 9 49 49]))
    np.testing.assert_allclose(E.reshape(-1), [np.sqrt(43 / 4), np.sqrt(111 / 4)])


def test_rmse_excluding_missing_values():
    F = np.array([[17, 19, 3], [6, 16, np.nan]]); A = np.array([[17, 25, np.nan], [4, 16, np.nan]])
    np.testing.assert_allclose(rmse(F, A, "omitnan"), [[1.4142, 4.2426, np.nan]], atol=5e-5)
    np.testing.assert_allclose(rmse(F, A, "omitmissing"), rmse(F, A, "omitnan"))
    assert np.isnan(rmse(F, A)[0, 0]) == False and np.isnan(rmse(F, A)[0, 2])
    assert rmse(F, A, "all", "omitnan") == pytest.approx(np.sqrt((4 + 36) / 4))
    assert np.isnan(rmse(F, A, "all"))


def test_rmse_weight_vector():
    # "Specify RMSE Weight Vector": sqrt((0.5*1 + 0.25*1 + 0.25*9) / 1) = sqrt(3) = 1.7321
    F = np.array([[2], [10], [13]]); A = np.array([[1], [9], [10]]); W = np.array([0.5, 0.25, 0.25])
    assert rmse(F, A, Weights=W) == pytest.approx(1.7321, abs=5e-5)
    assert rmse(F, A, "Weights", W.reshape(3, 1)) == pytest.approx(np.sqrt(3))
    assert rmse(F.ravel(), A.ravel(), "weights", W) == pytest.approx(np.sqrt(3))
    # full-size weights with "all"; a zero weight drops an element
    w = np.array([[1.0, 0.0], [1.0, 1.0]])
    assert rmse(np.array([[1.0, 100.0], [2.0, 3.0]]), 0, "all", Weights=w) == \
        pytest.approx(np.sqrt(14 / 3))
    with pytest.raises(MatlabnnValueError, match="nonnegative"):
        rmse(F, A, Weights=-W)
    with pytest.raises(MatlabnnValueError, match="Weights must be a vector as long as"):
        rmse(F, A, Weights=np.ones(2))


def test_rmse_vectors_and_1d_arrays():
    f = np.array([1.0, 2.0, 3.0]); a = np.zeros(3)
    assert rmse(f, a) == pytest.approx(np.sqrt(14 / 3))          # a row vector: a scalar
    np.testing.assert_allclose(rmse(f, a, 1), [1, 2, 3])          # dim 1 of a 1-by-3 row
    assert rmse(f, 0) == pytest.approx(np.sqrt(14 / 3))           # compatible sizes
    assert rmse(f.astype(np.float32), a.astype(np.float32)).dtype == np.float32
    assert isinstance(rmse([1, 2], [1, 4]), np.floating)


def test_rmse_errors():
    with pytest.raises(MatlabnnValueError, match="same size or compatible sizes; got 1x3 and "
                                                 "1x2"):
        rmse(np.ones(3), np.ones(2))
    with pytest.raises(MatlabnnValueError, match="unknown option 'everything'"):
        rmse(np.ones(3), np.ones(3), "everything")
    with pytest.raises(MatlabnnValueError, match="dimension must be a positive integer"):
        rmse(np.ones(3), np.ones(3), 0)
    with pytest.raises(MatlabnnTypeError, match="F must be a real numeric"):
        rmse(["a"], np.ones(1))


def test_mse_and_mae_are_plain_means():
    e = np.array([[1.0, -2.0], [3.0, np.nan]])       # NaN: a don't-care error, left out
    assert mse(e) == pytest.approx((1 + 4 + 9) / 3)
    assert mae(e) == pytest.approx((1 + 2 + 3) / 3)
    t = np.array([1.0, 2.0, 3.0]); y = np.array([1.5, 2.0, 2.0])
    assert mse(None, t, y) == pytest.approx((0.25 + 0 + 1) / 3)   # mse(net, T, Y), E = T - Y
    assert mae("net", t, y) == pytest.approx(0.5)
    assert mse([np.array([1.0, 2.0]), np.array([[3.0]])]) == pytest.approx(14 / 3)   # cells
    with pytest.raises(MatlabnnValueError, match="same number of elements"):
        mse(None, t, y[:2])
    with pytest.raises(MatlabnnTypeError, match=r"perf = mse\(E\) or perf = mse\(net, T, Y\)"):
        mse(t, y)
