"""dlarray formats, scores2label, and the metric objects of trainnet/testnet."""
import numpy as np
import pytest

from matlabnn import categorical
from matlabnn.dlarray import dims, dlarray, extractdata, finddim
from matlabnn.errors import MatlabnnTypeError, MatlabnnValueError
from matlabnn.metrics import (accuracyMetric, aucMetric, fScoreMetric, mapeMetric,
                              metric_objects, precisionMetric, recallMetric, rmseMetric)
from matlabnn.scores2label import scores2label
from matlabnn.trainnet_choices import pinned


# -- dlarray ------------------------------------------------------------------------
def test_dlarray_permutes_to_scbtu():
    X = np.arange(10 * 3 * 2, dtype=float).reshape(10, 3, 2)     # T, C, B
    d = dlarray(X, "TCB")
    assert dims(d) == "CBT" and d.shape == (3, 2, 10)
    np.testing.assert_array_equal(extractdata(d), X.transpose(1, 2, 0))
    assert finddim(d, "T") == 2 and finddim(d, "c") == 0 and finddim(d, "S") == []


def test_dlarray_trailing_singleton_labels_and_unformatted():
    X = np.random.rand(3, 7)
    d = dlarray(X, "CTB")
    assert dims(d) == "CBT" and d.shape == (3, 1, 7)
    u = dlarray(X)
    assert dims(u) == "" and np.asarray(u) is X or np.array_equal(np.asarray(u), X)
    assert extractdata(dlarray(np.arange(3))).dtype == np.float64
    assert "3(C)" in repr(d) and "dlarray" in repr(d)


@pytest.mark.parametrize("fmt,match", [("CTX", "one of S"), ("CC", "at most once"),
                                       ("C", "has 1 labels")])
def test_dlarray_bad_formats(fmt, match):
    with pytest.raises(MatlabnnValueError, match=match):
        dlarray(np.zeros((2, 3)), fmt)


def test_dlarray_functions_need_dlarray():
    with pytest.raises(MatlabnnTypeError, match="must be a dlarray"):
        dims(np.zeros(3))
    with pytest.raises(MatlabnnTypeError, match="numeric"):
        dlarray("abc")


# -- scores2label ---------------------------------------------------------------------
def test_scores2label_rows_and_score():
    scores = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.2, 0.2, 0.6]])
    labels, score = scores2label(scores, ["A", "B", "C"], nargout=2)
    assert labels.tolist() == ["B", "A", "C"] and labels.shape == (3, 1)
    np.testing.assert_allclose(score, [0.7, 0.8, 0.6])
    assert labels.categories_list == ["A", "B", "C"]


def test_scores2label_dlarray_list_and_errors():
    s = dlarray(np.array([[0.9, 0.1], [0.2, 0.8]]).T, "CB")   # classes along C
    assert scores2label(s, ["x", "y"]).tolist() == ["x", "y"]
    out = scores2label([np.eye(2), np.array([[0.3, 0.7]])], categorical(["x", "y"]))
    assert [o.tolist() for o in out] == [["x", "y"], ["y"]]
    with pytest.raises(MatlabnnValueError, match="one entry per class"):
        scores2label(np.zeros((2, 5)), ["a", "b", "c"])
    with pytest.raises(MatlabnnValueError, match="0-based axis"):
        scores2label(np.zeros((2, 3)), ["a", "b", "c"], 2)
    assert scores2label(np.eye(3), ["a", "b", "c"], 0).tolist() == ["a", "b", "c"]


# -- metrics --------------------------------------------------------------------------
def _cls_data():
    Y = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])
    T = np.eye(3)[[0, 1, 1, 2]]
    return Y, T


def test_accuracy_precision_recall_fscore():
    Y, T = _cls_data()
    acc = accuracyMetric().update(Y, T).evaluate()
    assert acc == pytest.approx(50.0)
    with pinned(accuracy_percent=False):
        assert accuracyMetric().update(Y, T).evaluate() == pytest.approx(0.5)
    # micro averaging of single-label data: all equal the accuracy fraction
    for m in (precisionMetric(), recallMetric(), fScoreMetric()):
        assert m.update(Y, T).evaluate() == pytest.approx(0.5)
    # macro: per class precision [1/2, 1, 0], recall [1, 1/2, 0]
    assert precisionMetric(AverageType="macro").update(Y, T).evaluate() == pytest.approx(0.5)
    assert recallMetric(AverageType="macro").update(Y, T).evaluate() == pytest.approx(0.5)
    f1 = [2 * 0.5 * 1 / 1.5, 2 * 1 * 0.5 / 1.5, 0.0]
    assert fScoreMetric(AverageType="macro").update(Y, T).evaluate() == pytest.approx(np.mean(f1))


def test_metrics_accumulate_over_batches_with_mask():
    rng = np.random.default_rng(0)
    Y = rng.random((5, 4, 3))
    T = np.eye(3)[rng.integers(0, 3, (5, 4))]
    mask = np.ones((5, 4), bool)
    mask[3:, 1] = False
    whole = accuracyMetric().update(Y, T, mask).evaluate()
    m = accuracyMetric()
    m.update(Y[:, :2], T[:, :2], mask[:, :2]).update(Y[:, 2:], T[:, 2:], mask[:, 2:])
    assert m.evaluate() == pytest.approx(whole)
    ref = 100 * np.mean((Y.argmax(-1) == T.argmax(-1))[mask])
    assert whole == pytest.approx(ref)


def test_rmse_mape():
    Y = np.array([[1.0, 2.0], [3.0, 5.0]])
    T = np.array([[2.0, 2.0], [3.0, 4.0]])
    assert rmseMetric().update(Y, T).evaluate() == pytest.approx(np.sqrt(2 / 4))
    assert mapeMetric().update(Y, T).evaluate() == pytest.approx(100 * (0.5 + 0.25) / 4)
    assert rmseMetric().Maximize is False and accuracyMetric().Maximize is True


def test_auc_rank_statistic():
    Y = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    T = np.eye(2)[[0, 0, 1, 1]]
    # class 0: positives 0.9, 0.8; negatives 0.3, 0.6 -> all pairs ordered -> 1
    assert aucMetric(AverageType="macro").update(Y, T).evaluate() == pytest.approx(1.0)
    assert 0 < aucMetric().update(Y, T).evaluate() <= 1


def test_metric_objects_and_display():
    objs = metric_objects(["accuracy", "FScore", rmseMetric(Name="r")])
    assert [o.Name for o in objs] == ["Accuracy", "FScore", "r"]
    assert "AccuracyMetric with properties:" in repr(objs[0])
    assert metric_objects(None) == []
    with pytest.raises(MatlabnnValueError, match="function handles"):
        metric_objects(lambda Y, T: 0)
    with pytest.raises(MatlabnnValueError, match="invalid metric"):
        metric_objects("accuracyy")
    with pytest.raises(MatlabnnValueError, match="unique"):
        metric_objects(["rmse", "rmse"])
    with pytest.raises(MatlabnnValueError, match="AverageType"):
        fScoreMetric(AverageType="weird")
