"""Classification training and prediction in real runs: sequence-to-label and
sequence-to-sequence, classify / predict / classifyAndUpdateState, the classification
table, class weights and the errors of spec §10 (spec §3.6, §5, §6)."""
import math
import re

import numpy as np
import pytest

from matlabnn import (bilstmLayer, categorical, classificationLayer, classify,
                      classifyAndUpdateState, fullyConnectedLayer, gruLayer, lstmLayer, predict,
                      rng, sequenceInputLayer, softmaxLayer, trainNetwork, trainingOptions)
from matlabnn.errors import InvalidDataError


# ---------------------------------------------------------------------------
# Toy problems

def sign_of_mean(seed, n, margin=0.15):
    """Sequence-to-label: class 'pos' if the sequence mean is > 0, else 'neg'; sequences
    whose |mean| < margin are skipped (a separable problem)."""
    r = np.random.default_rng(seed)
    X, labels = [], []
    while len(X) < n:
        x = r.normal(size=(1, int(r.integers(5, 11))))
        if abs(x.mean()) < margin:
            continue
        X.append(x)
        labels.append("pos" if x.mean() > 0 else "neg")
    return X, categorical(labels)


def step_labels(x):
    """Sequence-to-sequence labels of one 1-by-S sequence: 'a' (x < -0.5), 'b', 'c' (> 0.5)."""
    v = x[0]
    return categorical(np.where(v < -0.5, "a", np.where(v > 0.5, "c", "b")).reshape(1, -1))


def step_data(seed, n):
    r = np.random.default_rng(seed)
    X = [r.normal(size=(1, int(r.integers(4, 9)))) for _ in range(n)]
    return X, [step_labels(x) for x in X]


XL, YL = sign_of_mean(0, 96)          # training, sequence-to-label
XLT, YLT = sign_of_mean(1, 60)        # test
XS, YS = step_data(3, 24)             # training, sequence-to-sequence
XST, YST = step_data(4, 12)


def label_layers(recurrent=None, K=2, **out_kw):
    recurrent = recurrent if recurrent is not None else [lstmLayer(8, OutputMode="last")]
    return [sequenceInputLayer(1), *recurrent, fullyConnectedLayer(K), softmaxLayer(),
            classificationLayer(**out_kw)]


def seq_layers(H=8, K=3):
    return [sequenceInputLayer(1), lstmLayer(H, OutputMode="sequence"), fullyConnectedLayer(K),
            softmaxLayer(), classificationLayer()]


def opts(**kw):
    base = dict(MaxEpochs=10, MiniBatchSize=16, InitialLearnRate=0.02, Shuffle="every-epoch",
                Verbose=False)
    base.update(kw)
    return trainingOptions("adam", **base)


def table_rows(text):
    return [[c.strip() for c in line.strip("|").split("|")]
            for line in text.splitlines() if re.match(r"^\|\s+\d+ \|", line)]


def accuracy(pred, truth):
    return float(np.mean(pred == truth))


@pytest.fixture(scope="module")
def label_run():
    rng(0)
    net, info = trainNetwork(XL, YL, label_layers(), opts(), nargout=2)
    return net, info


@pytest.fixture(scope="module")
def seq_run():
    rng(0)
    net, info = trainNetwork(XS, YS, seq_layers(),
                             opts(MaxEpochs=30, MiniBatchSize=8, InitialLearnRate=0.05),
                             nargout=2)
    return net, info


# ---------------------------------------------------------------------------
# Sequence-to-label

def test_sequence_to_label_learns_the_sign_of_the_mean(label_run):
    net, info = label_run
    assert info.fieldnames() == ["TrainingLoss", "TrainingAccuracy", "BaseLearnRate",
                                 "OutputNetworkIteration"]
    assert len(info.TrainingAccuracy) == 10 * (96 // 16)
    acc = info.TrainingAccuracy
    assert np.all((acc >= 0) & (acc <= 100))
    # accuracies of a mini-batch of 16 are multiples of 100/16
    np.testing.assert_allclose(acc * 16 / 100, np.round(acc * 16 / 100), atol=1e-9)
    assert acc[:3].mean() < 80 and acc[-6:].mean() > 90
    assert info.TrainingLoss[-6:].mean() < info.TrainingLoss[:3].mean()
    assert accuracy(classify(net, XL), YL) > 0.9
    assert accuracy(classify(net, XLT), YLT) > 0.9
    assert net.Layers[-1].Classes == ["neg", "pos"]
    assert net.Layers[-1].OutputSize == 2


def test_classify_predict_and_scores(label_run):
    net, _ = label_run
    labels = classify(net, XLT)
    assert isinstance(labels, categorical) and labels.shape == (60, 1)
    assert labels.categories_list == ["neg", "pos"]
    labels2, scores = classify(net, XLT, nargout=2)
    assert np.all(labels2 == labels)
    assert scores.shape == (60, 2)
    np.testing.assert_allclose(scores.sum(axis=1), 1.0, rtol=1e-5)
    # the label is the class of the highest score
    np.testing.assert_array_equal(labels.codes, np.argmax(scores, axis=1) + 1)
    # predict returns the scores
    np.testing.assert_array_equal(predict(net, XLT), scores)
    # one sequence: one label and a 1-by-K score row
    one, s1 = classify(net, XLT[0], nargout=2)
    assert len(one) == 1 and s1.shape == (1, 2)
    np.testing.assert_allclose(s1, scores[:1], rtol=1e-5)
    # mini-batch size does not change the results (masked padding)
    np.testing.assert_allclose(classify(net, XLT, "MiniBatchSize", 7, nargout=2)[1], scores,
                               rtol=1e-5, atol=1e-6)


def test_classify_and_update_state(label_run):
    net, _ = label_run
    updated, labels, scores = classifyAndUpdateState(net, XLT[:5], nargout=3)
    assert isinstance(labels, categorical) and labels.shape == (5, 1)
    assert scores.shape == (5, 2)
    np.testing.assert_allclose(scores, predict(net, XLT[:5]), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(labels.codes, classify(net, XLT[:5]).codes)
    # the state is updated: H-by-N, and the original network is unchanged
    assert updated.Layers[1].HiddenState.shape == (8, 5)
    assert updated.Layers[1].CellState.shape == (8, 5)
    assert not np.any(net.Layers[1].HiddenState)
    updated2, labels2 = classifyAndUpdateState(net, XLT[0], nargout=2)
    assert len(labels2) == 1 and updated2.Layers[1].HiddenState.shape == (8, 1)


def test_classification_table_is_printed(capsys):
    rng(0)
    trainNetwork(XL, YL, label_layers(), opts(MaxEpochs=2, Verbose=True, VerboseFrequency=5))
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Training on single CPU."
    assert lines[2] == ("|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  "
                        "|  Base Learning  |")
    assert lines[3] == ("|         |             |   (hh:mm:ss)   |   Accuracy   |     Loss     "
                        "|      Rate       |")
    rows = table_rows(out)
    assert [int(r[1]) for r in rows] == [1, 5, 10, 12]
    for line in lines:
        if re.match(r"^\|\s+\d+ \|", line):
            cells = line.split("|")[1:-1]
            assert re.fullmatch(r" +\d{1,3}\.\d\d% ", cells[3]), cells[3]
            assert re.fullmatch(r" +\d\.\d{4} ", cells[4]), cells[4]    # %12.4f
            assert len(line) == 90
    assert lines[-1] == "Training finished: Max epochs completed."


def test_classification_with_validation(capsys):
    rng(0)
    net, info = trainNetwork(XL, YL, label_layers(),
                             opts(ValidationData=[XLT, YLT], ValidationFrequency=6,
                                  Verbose=True, VerboseFrequency=100,
                                  OutputNetwork="last-iteration"), nargout=2)
    out = capsys.readouterr().out
    assert info.fieldnames() == ["TrainingLoss", "TrainingAccuracy", "ValidationLoss",
                                 "ValidationAccuracy", "BaseLearnRate", "FinalValidationLoss",
                                 "FinalValidationAccuracy", "OutputNetworkIteration"]
    validated = [k + 1 for k in range(60) if not math.isnan(info.ValidationAccuracy[k])]
    assert validated == [1] + list(range(6, 61, 6))
    # accuracy over 60 validation sequences: multiples of 100/60
    assert info.FinalValidationAccuracy == pytest.approx(100 * accuracy(classify(net, XLT), YLT))
    assert info.FinalValidationAccuracy > 90
    lines = out.splitlines()
    assert lines[3].split("|")[4:6] == ["   Accuracy   ", "   Accuracy   "]
    rows = table_rows(out)
    assert [int(r[1]) for r in rows] == validated
    assert all(r[3].endswith("%") and r[4].endswith("%") for r in rows)
    # the validation loss is the mean cross-entropy of the validation set
    scores = predict(net, XLT)
    ce = -np.mean(np.log(scores[np.arange(60), YLT.codes - 1]))
    assert info.FinalValidationLoss == pytest.approx(ce, rel=1e-4)


# ---------------------------------------------------------------------------
# Sequence-to-sequence

def test_sequence_to_sequence_training_and_prediction(seq_run):
    net, info = seq_run
    assert len(info.TrainingAccuracy) == 30 * 3
    assert info.TrainingAccuracy[0] < 60 and info.TrainingAccuracy[-3:].mean() > 90
    labels, scores = classify(net, XST, nargout=2)
    assert isinstance(labels, list) and len(labels) == 12
    for x, lab, sc, truth in zip(XST, labels, scores, YST):
        S = x.shape[1]
        assert isinstance(lab, categorical) and lab.shape == (1, S)
        assert sc.shape == (3, S)
        np.testing.assert_allclose(sc.sum(axis=0), 1.0, rtol=1e-5)
        np.testing.assert_array_equal(lab.codes, np.argmax(sc, axis=0) + 1)
    per_step = np.concatenate([lab.codes == t.codes_for(["a", "b", "c"])
                               for lab, t in zip(labels, YST)])
    assert per_step.mean() > 0.9
    pred = predict(net, XST)
    assert isinstance(pred, list) and all(p.shape == (3, x.shape[1]) for p, x in zip(pred, XST))
    for p, sc in zip(pred, scores):
        np.testing.assert_array_equal(p, sc)
    # one sequence: a 1-by-S categorical and K-by-S scores
    lab1, sc1 = classify(net, XST[0], nargout=2)
    assert isinstance(lab1, categorical) and lab1.shape == (1, XST[0].shape[1])
    assert sc1.shape == (3, XST[0].shape[1])


def test_sequence_to_sequence_classify_and_update_state_carries_the_state(seq_run):
    net, _ = seq_run
    x = XST[0]
    whole = predict(net, x)
    k = x.shape[1] // 2
    net1, lab_a, sc_a = classifyAndUpdateState(net, x[:, :k], nargout=3)
    net2, lab_b, sc_b = classifyAndUpdateState(net1, x[:, k:], nargout=3)
    np.testing.assert_allclose(np.hstack([sc_a, sc_b]), whole, rtol=1e-5, atol=1e-6)
    assert lab_a.shape == (1, k) and lab_b.shape == (1, x.shape[1] - k)
    np.testing.assert_array_equal(np.concatenate([lab_a.codes, lab_b.codes]),
                                  classify(net, x).codes)


def test_sequence_to_sequence_accuracy_counts_every_real_step():
    # one mini-batch of all sequences, frozen-ish network (tiny rate): the training
    # accuracy equals the per-step accuracy of the network's own predictions
    rng(0)
    o = trainingOptions("sgdm", MaxEpochs=1, MiniBatchSize=24, InitialLearnRate=1e-12,
                        Momentum=0.0, Verbose=False, Shuffle="never")
    net, info = trainNetwork(XS, YS, seq_layers(), o, nargout=2)
    labels = classify(net, XS)
    hits = np.concatenate([lab.codes == t.codes_for(net.Layers[-1].Classes)
                           for lab, t in zip(labels, YS)])
    assert info.TrainingAccuracy[0] == pytest.approx(100 * hits.mean(), abs=1e-9)


# ---------------------------------------------------------------------------
# Other recurrent layers

@pytest.mark.parametrize("recurrent", [
    lambda: [bilstmLayer(6, OutputMode="last")],
    lambda: [gruLayer(8, OutputMode="last")],
    lambda: [lstmLayer(6, OutputMode="sequence"), lstmLayer(6, OutputMode="last")],
], ids=["bilstm", "gru", "stacked-lstm"])
def test_other_recurrent_networks_train(recurrent):
    rng(0)
    net, info = trainNetwork(XL, YL, label_layers(recurrent()), opts(), nargout=2)
    assert info.TrainingLoss[-6:].mean() < 0.5 * info.TrainingLoss[:3].mean()
    assert accuracy(classify(net, XLT), YLT) > 0.85
    labels, scores = classify(net, XLT, nargout=2)
    assert scores.shape == (60, 2) and labels.shape == (60, 1)


# ---------------------------------------------------------------------------
# Class weights

def test_class_weights_scale_the_loss():
    # first mini-batch holds only 'pos' observations: its weighted loss is exactly
    # w_pos times the unweighted one (same initial weights)
    pos = [i for i in range(96) if YL[i] == "pos"]
    neg = [i for i in range(96) if YL[i] == "neg"]
    order = pos[:16] + neg[:16]
    X = [XL[i] for i in order]
    Y = categorical(["pos"] * 16 + ["neg"] * 16)
    o = trainingOptions("sgdm", MaxEpochs=1, MiniBatchSize=16, InitialLearnRate=0.5,
                        Shuffle="never", Verbose=False)
    losses = {}
    for w in ([1.0, 1.0], [1.0, 5.0], [2.0, 0.5]):
        rng(0)
        _, info = trainNetwork(X, Y, label_layers(Classes=["neg", "pos"], ClassWeights=w), o,
                               nargout=2)
        losses[tuple(w)] = info.TrainingLoss
    base = losses[(1.0, 1.0)][0]
    assert losses[(1.0, 5.0)][0] == pytest.approx(5.0 * base, rel=1e-5)
    assert losses[(2.0, 0.5)][0] == pytest.approx(0.5 * base, rel=1e-5)
    # the gradient is scaled too (plain SGD: a 5 times larger first step), so the
    # second mini-batch (all 'neg', weight 1) has another loss
    assert losses[(1.0, 5.0)][1] != pytest.approx(losses[(1.0, 1.0)][1], rel=1e-3)


def test_class_weights_need_classes():
    with pytest.raises(Exception, match="ClassWeights requires Classes"):
        classificationLayer(ClassWeights=[1, 2])


# ---------------------------------------------------------------------------
# Errors (spec §10)

def _train(X, Y, lay):
    trainNetwork(X, Y, lay, opts(MaxEpochs=1))


@pytest.mark.parametrize("Y", [np.array([0, 1] * 48), ["neg", "pos"] * 48,
                               np.array([[0.0], [1.0]] * 48)],
                         ids=["numeric", "strings", "column"])
def test_non_categorical_responses(Y):
    with pytest.raises(InvalidDataError,
                       match=r"Invalid training data\. Responses must be a vector of "
                             r"categorical responses, or a cell array of categorical "
                             r"response sequences\."):
        _train(XL, Y, label_layers())


def test_non_categorical_validation_responses():
    with pytest.raises(InvalidDataError, match=r"Invalid validation data\. Responses must be"):
        trainNetwork(XL, YL, label_layers(),
                     opts(MaxEpochs=1, ValidationData=[XLT, np.zeros(60)]))


@pytest.mark.parametrize("K", [1, 3])
def test_class_count_differs_from_fc_output(K):
    with pytest.raises(InvalidDataError,
                       match=rf"Invalid training data\. The output size \({K}\) of the last "
                             r"layer does not match the number of classes \(2\)\."):
        _train(XL, YL, label_layers(K=K))


def test_sequence_response_length_mismatch():
    Y = list(YS)
    Y[2] = step_labels(np.hstack([XS[2], XS[2][:, :1]]))         # one step too many
    with pytest.raises(InvalidDataError,
                       match=r"Invalid training data\. Sequence responses must have the same "
                             r"sequence length as the corresponding predictors\."):
        _train(XS, Y, seq_layers())


def test_sequence_responses_for_a_label_network_and_vice_versa():
    with pytest.raises(InvalidDataError, match="OutputMode 'last'"):
        _train(XS, YS, label_layers(K=3))
    with pytest.raises(InvalidDataError, match="OutputMode 'sequence'"):
        _train(XL, YL, seq_layers(K=2))
