"""The T-by-C layout rule of the trainnet-era API: inputs, format overrides, outputs, errors."""
import numpy as np
import pytest

from matlabnn.dlarray import dims, dlarray, extractdata
from matlabnn.errors import InvalidDataError
from matlabnn.layout import features_in, sequence_outputs, sequences_in, feature_outputs


def test_cell_of_t_by_c():
    X = [np.arange(12.0).reshape(4, 3), np.ones((2, 3))]
    seqs, form = sequences_in(X, 3, "trainnet")
    assert [s.shape for s in seqs] == [(3, 4), (3, 2)] and form[:2] == ("cell", 2)
    np.testing.assert_array_equal(seqs[0], X[0].T)


def test_cell_with_ctb_format():
    X = [np.ones((3, 5)), np.zeros((3, 2))]
    seqs, _ = sequences_in(X, 3, "trainnet", fmt="CTB")
    assert [s.shape for s in seqs] == [(3, 5), (3, 2)]


def test_numeric_batch_and_single():
    X = np.random.rand(6, 2, 4)            # T x C x N
    seqs, form = sequences_in(X, 2, "minibatchpredict")
    assert len(seqs) == 4 and seqs[1].shape == (2, 6) and form[0] == "array"
    np.testing.assert_array_equal(seqs[1], X[:, :, 1].T)
    one, form1 = sequences_in(np.random.rand(7, 2), 2, "predict")
    assert one[0].shape == (2, 7) and form1[0] == "single"
    step, _ = sequences_in(np.array([0.5, 0.25]), 2, "predict")     # a 1-by-C row
    assert step[0].shape == (2, 1)
    ctb, _ = sequences_in(np.transpose(X, (1, 0, 2)), 2, "testnet", fmt="CTB")
    np.testing.assert_array_equal(ctb[3], seqs[3])


def test_dlarray_input_keeps_its_format():
    X = np.random.rand(3, 9)               # C x T
    seqs, form = sequences_in(dlarray(X, "CTB"), 3, "predict")
    np.testing.assert_array_equal(seqs[0], X)
    Y = sequence_outputs([np.ones((2, 9))], form)
    assert isinstance(Y, dlarray) and dims(Y) == "CBT" and extractdata(Y).shape == (2, 1, 9)


def test_wrong_layout_errors_name_the_layouts():
    with pytest.raises(InvalidDataError) as e:
        sequences_in([np.ones((3, 50))], 3, "trainnet")          # C-by-S by mistake
    msg = str(e.value)
    assert "T-by-C" in msg and "C-by-S" in msg and "transpose" in msg
    assert "InputDataFormats" in msg
    with pytest.raises(InvalidDataError, match="T-by-C-by-N"):
        sequences_in(np.ones((5, 4, 2)), 3, "minibatchpredict")
    with pytest.raises(InvalidDataError, match="NaN"):
        sequences_in([np.full((2, 3), np.nan)], 3, "trainnet")
    with pytest.raises(InvalidDataError, match="N-by-C"):
        features_in(np.ones((3, 5)), 4, "trainnet")


def test_features():
    X = np.random.rand(5, 3)
    np.testing.assert_array_equal(features_in(X, 3, "trainnet"), X)
    np.testing.assert_array_equal(features_in(X.T, 3, "trainnet", fmt="CB"), X)
    np.testing.assert_array_equal(feature_outputs(X, "CB"), X.T)


def test_outputs_uniform_and_cell():
    Ys = [np.ones((2, 3)), 2 * np.ones((2, 1))]           # K x T each
    form = ("cell", 2, None)
    cell = sequence_outputs(Ys, form, uniform=False)
    assert [c.shape for c in cell] == [(3, 2), (1, 2)]
    full = sequence_outputs(Ys, form, uniform=True, direction="left")
    assert full.shape == (3, 2, 2)
    np.testing.assert_array_equal(full[:, 0, 1], [0, 0, 2])
    ctb = sequence_outputs(Ys, form, fmt="CTB")
    assert ctb.shape == (2, 3, 2)
    assert sequence_outputs(Ys, form, fmt="CTB", uniform=False)[0].shape == (2, 3)
    single = sequence_outputs([np.ones((2, 4))], ("single", 1, None))
    assert single.shape == (4, 2)
