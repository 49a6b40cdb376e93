"""Behaviours that were right but pinned by no test (issue 16): a deliberate bug in
each went unnoticed by the suite.

- L2 regularization is not applied to arrays (or gate blocks) whose
  LearnRateFactor is 0, also under 'global-l2norm' gradient clipping, where an
  L2 term on a frozen array would enlarge the global norm and shrink every
  other step.
- Validation accuracy in sequence-to-sequence classification counts real time
  steps only, pooled over unevenly padded mini-batches.
(Every OutputFcn in a list being called after one returns true is pinned in
tests/test_faults_inputs.py.)
"""
import numpy as np
import pytest

from matlabnn import (classify, fullyConnectedLayer, lstmLayer, regressionLayer, rng,
                      sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.categorical import categorical
from matlabnn.layers.activation import softmaxLayer
from matlabnn.layers.classification import classificationLayer


def _regression_data():
    r = np.random.default_rng(0)
    X = [r.normal(size=(2, 6)) for _ in range(4)]
    Y = [3.0 * r.normal(size=(1, 6)) for _ in range(4)]
    return X, Y


def _train_frozen(l2_factor, method, frozen="InputWeights"):
    r = np.random.default_rng(1)
    W, R, b = r.normal(size=(12, 2)), r.normal(size=(12, 3)), r.normal(size=(12, 1))
    if frozen == "InputWeights":
        factors = dict(InputWeightsLearnRateFactor=0, InputWeightsL2Factor=l2_factor)
    else:          # the input-gate block of the recurrent weights only
        factors = dict(RecurrentWeightsLearnRateFactor=[0, 1, 1, 1],
                       RecurrentWeightsL2Factor=[l2_factor, 1, 1, 1])
    layers = [sequenceInputLayer(2),
              lstmLayer(3, InputWeights=W, RecurrentWeights=R, Bias=b, **factors),
              fullyConnectedLayer(1, Weights=r.normal(size=(1, 3)), Bias=np.zeros(1)),
              regressionLayer()]
    options = trainingOptions("sgdm", MaxEpochs=3, MiniBatchSize=2, Verbose=False,
                              Shuffle="never", InitialLearnRate=0.05,
                              L2Regularization=0.5, GradientThreshold=0.1,
                              GradientThresholdMethod=method)
    rng(0)
    X, Y = _regression_data()
    net = trainNetwork(X, Y, layers, options)
    return net, (W, R)


@pytest.mark.parametrize("frozen", ["InputWeights", "RecurrentWeights gate block"])
@pytest.mark.parametrize("method", ["global-l2norm", "l2norm"])
def test_no_l2_on_arrays_with_learn_rate_factor_zero(method, frozen):
    net1, (W, R) = _train_frozen(1.0, method, frozen)
    net0, _ = _train_frozen(0.0, method, frozen)
    lstm1 = net1.Layers[1]
    # the frozen values do not move
    if frozen == "InputWeights":
        np.testing.assert_array_equal(lstm1.InputWeights, W.astype(np.float32))
    else:
        np.testing.assert_array_equal(lstm1.RecurrentWeights[:3], R[:3].astype(np.float32))
        assert np.any(lstm1.RecurrentWeights[3:] != R[3:].astype(np.float32))
    # and their L2Factor changes nothing anywhere, even through the global norm
    for layer1, layer0 in zip(net1.Layers, net0.Layers):
        for name in layer1._learnables:
            np.testing.assert_array_equal(getattr(layer1, name), getattr(layer0, name),
                                          err_msg=f"{layer1.Name}.{name}")


def test_the_clipping_is_active_in_the_l2_test():
    """Guard: without the threshold the results differ, so the global norm matters."""
    net_clip, _ = _train_frozen(1.0, "global-l2norm")
    net_none, _ = _train_frozen(1.0, "l2norm")
    assert np.any(net_clip.Layers[2].Weights != net_none.Layers[2].Weights)


# ---------------------------------------------------------------------------

def test_sequence_to_sequence_validation_accuracy_counts_real_steps_only():
    r = np.random.default_rng(3)
    classes = ["a", "b", "c"]

    def labelled(lengths):
        X = [r.normal(size=(2, n)) for n in lengths]
        Y = [categorical(list(r.choice(classes, n)), classes).T for n in lengths]
        return X, Y
    XTrain, YTrain = labelled([5, 4])
    XVal, YVal = labelled([2, 9, 3, 8, 1])         # batches of 2: padded unevenly
    layers = [sequenceInputLayer(2), lstmLayer(4), fullyConnectedLayer(3), softmaxLayer(),
              classificationLayer()]
    options = trainingOptions("adam", MaxEpochs=1, MiniBatchSize=2, Verbose=False,
                              Shuffle="never", ValidationData=(XVal, YVal),
                              ValidationFrequency=1, SequencePaddingValue=0)
    rng(0)
    net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
    assert len(info.TrainingLoss) == 1          # one iteration: validated with this net
    predicted = classify(net, XVal, MiniBatchSize=2)
    correct = [np.sum(np.asarray(p).reshape(-1) == np.asarray(y).reshape(-1))
               for p, y in zip(predicted, YVal)]
    lengths = [x.shape[1] for x in XVal]
    expected = 100.0 * sum(correct) / sum(lengths)
    assert info.ValidationAccuracy[0] == pytest.approx(expected, abs=1e-9)
    assert info.FinalValidationAccuracy == pytest.approx(expected, abs=1e-9)
    # the wrong ways to count give other numbers here, so the test can tell them apart
    batches = [(0, 2), (2, 4), (4, 5)]
    per_batch = np.mean([100.0 * sum(correct[a:b]) / sum(lengths[a:b]) for a, b in batches])
    padded = sum(max(lengths[a:b]) * (b - a) for a, b in batches)
    assert abs(per_batch - expected) > 1e-6
    assert abs(100.0 * sum(correct) / padded - expected) > 1e-6
