"""The update pipeline of trainNetwork (spec §4.3, §4.4) against hand computations.

Each test trains from given weights (assembleNetwork-style layers) on one
mini-batch per epoch with Shuffle 'never', then repeats the update by hand in
numpy: the gradients come from the network's own backward pass at the same
weights (validated by the finite-difference checks of
test_network_gradients.py); L2, clipping, the solvers and the schedule are
written out here independently of matlabnn.solvers.
"""
import math

import numpy as np
import pytest

from matlabnn import (fullyConnectedLayer, lstmLayer, regressionLayer, sequenceInputLayer,
                      trainNetwork, trainingOptions)
from matlabnn.network import compile_network

C, H, R = 2, 3, 2
KEYS = [("lstm", "InputWeights"), ("lstm", "RecurrentWeights"), ("lstm", "Bias"),
        ("fc", "Weights"), ("fc", "Bias")]
LENGTHS = [5, 3, 4, 5]


def initial_weights(seed=0):
    r = np.random.default_rng(seed)
    return {("lstm", "InputWeights"): r.normal(size=(4 * H, C)),
            ("lstm", "RecurrentWeights"): 0.5 * r.normal(size=(4 * H, H)),
            ("lstm", "Bias"): r.normal(size=(4 * H, 1)),
            ("fc", "Weights"): r.normal(size=(R, H)),
            ("fc", "Bias"): r.normal(size=(R, 1))}


def make_layers(w, mode="sequence", lstm_kw=None, fc_kw=None):
    f32 = {k: np.asarray(v, np.float32) for k, v in w.items()}
    return [sequenceInputLayer(C),
            lstmLayer(H, OutputMode=mode, InputWeights=f32[KEYS[0]],
                      RecurrentWeights=f32[KEYS[1]], Bias=f32[KEYS[2]], **(lstm_kw or {})),
            fullyConnectedLayer(R, Weights=f32[KEYS[3]], Bias=f32[KEYS[4]], **(fc_kw or {})),
            regressionLayer()]


def data(mode="sequence", seed=1):
    r = np.random.default_rng(seed)
    X = [r.normal(size=(C, L)) for L in LENGTHS]
    Y = [r.normal(size=(R, L)) for L in LENGTHS] if mode == "sequence" \
        else r.normal(size=(len(LENGTHS), R))
    return X, Y


def loss_and_grads(w, X, Y, mode="sequence"):
    """The data loss and the network's own gradients at weights w, on the whole batch
    (padded on the right by hand, float32 as in training)."""
    net = compile_network(make_layers(w, mode), "test", dtype=np.float32, initialize=False)
    S, N = max(LENGTHS), len(LENGTHS)
    Xb = np.zeros((S, N, C), np.float32)
    mask = np.zeros((S, N), bool)
    for n, x in enumerate(X):
        Xb[:x.shape[1], n] = x.T
        mask[:x.shape[1], n] = True
    if mode == "sequence":
        T = np.zeros((S, N, R), np.float32)
        for n, y in enumerate(Y):
            T[:y.shape[1], n] = y.T
    else:
        T = np.asarray(Y, np.float32)
    y, ymask, _, caches = net._forward(Xb, mask, True, None)
    loss, dy, _ = net._output_layer._loss(y, T, ymask)
    grads, _, _ = net._backward(dy, caches)
    return loss, {k: grads[k].astype(np.float64) for k in KEYS}


def train(w, opts, mode="sequence", lstm_kw=None, fc_kw=None):
    X, Y = data(mode)
    net, info = trainNetwork(X, Y, make_layers(w, mode, lstm_kw, fc_kw), opts, nargout=2)
    got = {k: getattr(net.Layers[1] if k[0] == "lstm" else net.Layers[2], k[1]) for k in KEYS}
    return got, info


def options(solver, epochs=1, **kw):
    base = dict(MaxEpochs=epochs, MiniBatchSize=len(LENGTHS), Shuffle="never", Verbose=False,
                L2Regularization=0)
    if solver == "sgdm":
        base["Momentum"] = 0
    base.update(kw)
    return trainingOptions(solver, **base)


def f32(w):
    """Weights as training holds them (single precision), back in float64."""
    return {k: np.asarray(v, np.float32).astype(np.float64) for k, v in w.items()}


def assert_weights(got, expected, rtol=2e-5, atol=2e-6):
    for k in KEYS:
        assert got[k].shape == expected[k].shape, k
        np.testing.assert_allclose(got[k], expected[k], rtol=rtol, atol=atol, err_msg=str(k))


# ---------------------------------------------------------------------------
# sgdm

@pytest.mark.parametrize("mode", ["sequence", "last"])
def test_one_sgdm_step_is_minus_rate_times_the_gradient(mode):
    w0 = f32(initial_weights())
    X, Y = data(mode)
    loss0, g = loss_and_grads(w0, X, Y, mode)
    rate = 0.05
    got, info = train(w0, options("sgdm", InitialLearnRate=rate), mode)
    assert_weights(got, {k: w0[k] - rate * g[k] for k in KEYS})
    for k in KEYS:                     # every learnable moved
        assert np.all(got[k] != w0[k]), k
    assert len(info.TrainingLoss) == 1
    assert info.TrainingLoss[0] == pytest.approx(loss0, rel=1e-5)
    assert info.TrainingRMSE[0] == pytest.approx(math.sqrt(2 * loss0), rel=1e-5)
    np.testing.assert_array_equal(info.BaseLearnRate, [np.float64(rate)])


def test_sgdm_momentum_three_steps():
    w = f32(initial_weights())
    X, Y = data()
    rate, mu = 0.05, 0.8
    v = {k: 0.0 for k in KEYS}
    for _ in range(3):
        _, g = loss_and_grads(w, X, Y)
        v = {k: mu * v[k] - rate * g[k] for k in KEYS}
        w = {k: w[k] + v[k] for k in KEYS}
    got, _ = train(f32(initial_weights()), options("sgdm", 3, InitialLearnRate=rate, Momentum=mu))
    assert_weights(got, w, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------
# adam and rmsprop

@pytest.mark.parametrize("eps", [1e-8, 1e-2])
def test_adam_three_steps(eps):
    w = f32(initial_weights())
    X, Y = data()
    rate, b1, b2 = 0.01, 0.8, 0.95
    m = {k: 0.0 for k in KEYS}
    v = {k: 0.0 for k in KEYS}
    for t in range(1, 4):
        _, g = loss_and_grads(w, X, Y)
        for k in KEYS:
            m[k] = b1 * m[k] + (1 - b1) * g[k]
            v[k] = b2 * v[k] + (1 - b2) * g[k] ** 2
            # bias correction on the rate, epsilon added to the uncorrected sqrt(v)
            w[k] = w[k] - rate * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m[k] / (
                np.sqrt(v[k]) + eps)
    got, info = train(f32(initial_weights()),
                      options("adam", 3, InitialLearnRate=rate, GradientDecayFactor=b1,
                              SquaredGradientDecayFactor=b2, Epsilon=eps))
    assert_weights(got, w, rtol=1e-4, atol=1e-5)
    assert len(info.TrainingLoss) == 3


def adam_first_step(g, rate, b2=0.999, eps=1e-8):
    """Adam's first step: about rate * sign(g), smaller where |g| is near eps/sqrt(1-b2)."""
    s = math.sqrt(1 - b2)
    return rate * s * g / (s * np.abs(g) + eps)


def test_adam_first_step_size_is_the_rate():
    """Adam's first step with the default decay factors (0.9, 0.999) and epsilon (1e-8)."""
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    got, _ = train(w0, options("adam", InitialLearnRate=0.01))
    for k in KEYS:
        np.testing.assert_allclose(got[k], w0[k] - adam_first_step(g[k], 0.01), atol=2e-6)


def test_rmsprop_three_steps():
    w = f32(initial_weights())
    X, Y = data()
    rate, b2, eps = 0.01, 0.9, 1e-3
    v = {k: 0.0 for k in KEYS}
    for _ in range(3):
        _, g = loss_and_grads(w, X, Y)
        for k in KEYS:
            v[k] = b2 * v[k] + (1 - b2) * g[k] ** 2
            w[k] = w[k] - rate * g[k] / (np.sqrt(v[k]) + eps)
    got, _ = train(f32(initial_weights()), options("rmsprop", 3, InitialLearnRate=rate,
                                                   Epsilon=eps))
    assert_weights(got, w, rtol=1e-4, atol=1e-5)


def test_rmsprop_default_decay_is_0_9():
    assert trainingOptions("rmsprop").SquaredGradientDecayFactor == 0.9
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    got, _ = train(w0, options("rmsprop", InitialLearnRate=0.001))
    expected = {k: w0[k] - 0.001 * g[k] / (np.sqrt(0.1 * g[k] ** 2) + 1e-8) for k in KEYS}
    assert_weights(got, expected)


# ---------------------------------------------------------------------------
# L2 regularization and factors

def test_l2_default_factors_exclude_biases():
    w0 = f32(initial_weights())
    X, Y = data()
    loss0, g = loss_and_grads(w0, X, Y)
    rate, lam = 0.1, 0.3
    got, info = train(w0, options("sgdm", InitialLearnRate=rate, L2Regularization=lam))
    factor = {("lstm", "InputWeights"): 1, ("lstm", "RecurrentWeights"): 1, ("lstm", "Bias"): 0,
              ("fc", "Weights"): 1, ("fc", "Bias"): 0}
    assert_weights(got, {k: w0[k] - rate * (g[k] + lam * factor[k] * w0[k]) for k in KEYS})
    # the reported loss is the data loss only
    assert info.TrainingLoss[0] == pytest.approx(loss0, rel=1e-5)


def per_gate(values):
    return np.repeat(np.asarray(values, float), H).reshape(-1, 1)


def test_l2_factors_scalar_and_per_gate():
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    rate, lam = 0.1, 0.2
    lstm_kw = dict(InputWeightsL2Factor=[1, 2, 0, 3], RecurrentWeightsL2Factor=0.5,
                   BiasL2Factor=[2, 0, 0, 1])
    fc_kw = dict(WeightL2Factor=4, BiasL2Factor=1)
    got, _ = train(w0, options("sgdm", InitialLearnRate=rate, L2Regularization=lam),
                   lstm_kw=lstm_kw, fc_kw=fc_kw)
    factor = {("lstm", "InputWeights"): per_gate([1, 2, 0, 3]),
              ("lstm", "RecurrentWeights"): 0.5, ("lstm", "Bias"): per_gate([2, 0, 0, 1]),
              ("fc", "Weights"): 4, ("fc", "Bias"): 1}
    assert_weights(got, {k: w0[k] - rate * (g[k] + lam * factor[k] * w0[k]) for k in KEYS})


def test_learn_rate_factors_scalar_and_per_gate():
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    rate, lam = 0.1, 0.2
    lstm_kw = dict(InputWeightsLearnRateFactor=[1, 0, 2, 0.5], RecurrentWeightsLearnRateFactor=0,
                   BiasLearnRateFactor=3)
    fc_kw = dict(WeightLearnRateFactor=0.5, BiasLearnRateFactor=2)
    got, _ = train(w0, options("sgdm", InitialLearnRate=rate, L2Regularization=lam),
                   lstm_kw=lstm_kw, fc_kw=fc_kw)
    lrf = {("lstm", "InputWeights"): per_gate([1, 0, 2, 0.5]), ("lstm", "RecurrentWeights"): 0,
           ("lstm", "Bias"): 3, ("fc", "Weights"): 0.5, ("fc", "Bias"): 2}
    l2f = {("lstm", "InputWeights"): 1, ("lstm", "RecurrentWeights"): 1, ("lstm", "Bias"): 0,
           ("fc", "Weights"): 1, ("fc", "Bias"): 0}
    expected = {k: w0[k] - rate * lrf[k] * (g[k] + lam * l2f[k] * w0[k]) for k in KEYS}
    assert_weights(got, expected)
    # LearnRateFactor 0: not changed at all (no L2 either)
    np.testing.assert_array_equal(got[("lstm", "RecurrentWeights")], w0[KEYS[1]])
    np.testing.assert_array_equal(got[KEYS[0]][H:2 * H], w0[KEYS[0]][H:2 * H])


def test_learn_rate_factor_with_adam():
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    got, _ = train(w0, options("adam", InitialLearnRate=0.01),
                   lstm_kw=dict(BiasLearnRateFactor=[0, 1, 2, 3]), fc_kw=dict(BiasLearnRateFactor=0))
    lrf = {k: 1.0 for k in KEYS}
    lrf[("lstm", "Bias")] = per_gate([0, 1, 2, 3])
    lrf[("fc", "Bias")] = 0.0
    for k in KEYS:
        np.testing.assert_allclose(got[k], w0[k] - lrf[k] * adam_first_step(g[k], 0.01),
                                   atol=2e-6)


# ---------------------------------------------------------------------------
# Gradient clipping (after L2)

def _l2(g):
    return math.sqrt(float(np.sum(g ** 2)))


def test_clipping_l2norm_per_learnable_array():
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    lam = 0.05
    geff = {k: g[k] + lam * (0 if k[1] == "Bias" else 1) * w0[k] for k in KEYS}
    norms = sorted(_l2(geff[k]) for k in KEYS)
    tau = (norms[1] + norms[2]) / 2            # some arrays clipped, others not
    clipped = {k: geff[k] * (tau / _l2(geff[k]) if _l2(geff[k]) > tau else 1.0) for k in KEYS}
    assert sum(_l2(geff[k]) > tau for k in KEYS) >= 2
    got, _ = train(w0, options("sgdm", InitialLearnRate=0.1, L2Regularization=lam,
                               GradientThreshold=tau))       # 'l2norm' is the default
    assert_weights(got, {k: w0[k] - 0.1 * clipped[k] for k in KEYS})


def test_clipping_global_l2norm():
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    total = math.sqrt(sum(_l2(g[k]) ** 2 for k in KEYS))
    tau = total / 3
    got, _ = train(w0, options("sgdm", InitialLearnRate=0.1, GradientThreshold=tau,
                               GradientThresholdMethod="global-l2norm"))
    assert_weights(got, {k: w0[k] - 0.1 * g[k] * tau / total for k in KEYS})
    # a threshold above the norm changes nothing
    got, _ = train(w0, options("sgdm", InitialLearnRate=0.1, GradientThreshold=2 * total,
                               GradientThresholdMethod="global-l2norm"))
    assert_weights(got, {k: w0[k] - 0.1 * g[k] for k in KEYS})


def test_clipping_absolute_value():
    w0 = f32(initial_weights())
    X, Y = data()
    _, g = loss_and_grads(w0, X, Y)
    allg = np.concatenate([np.abs(g[k]).ravel() for k in KEYS])
    tau = float(np.median(allg))
    got, _ = train(w0, options("sgdm", InitialLearnRate=0.1, GradientThreshold=tau,
                               GradientThresholdMethod="absolute-value"))
    assert_weights(got, {k: w0[k] - 0.1 * np.clip(g[k], -tau, tau) for k in KEYS})


# ---------------------------------------------------------------------------
# Learning-rate schedule

def test_piecewise_schedule_base_learn_rate_and_updates():
    w = f32(initial_weights())
    X, Y = data()
    rate0, drop, period, epochs = 0.1, 0.5, 2, 5
    rates = [rate0 * drop ** ((e - 1) // period) for e in range(1, epochs + 1)]
    assert rates == [0.1, 0.1, 0.05, 0.05, 0.025]
    for rate in rates:
        _, g = loss_and_grads(w, X, Y)
        w = {k: w[k] - rate * g[k] for k in KEYS}
    got, info = train(f32(initial_weights()),
                      options("sgdm", epochs, InitialLearnRate=rate0, LearnRateSchedule="piecewise",
                              LearnRateDropFactor=drop, LearnRateDropPeriod=period))
    np.testing.assert_allclose(info.BaseLearnRate, rates, rtol=1e-7)
    assert_weights(got, w, rtol=1e-4, atol=1e-5)


def test_piecewise_schedule_is_stepped_per_epoch_not_per_iteration():
    X, Y = data()
    opts = trainingOptions("sgdm", MaxEpochs=4, MiniBatchSize=2, Shuffle="never", Verbose=False,
                           InitialLearnRate=0.01, LearnRateSchedule="piecewise",
                           LearnRateDropPeriod=1, LearnRateDropFactor=0.1)
    _, info = trainNetwork(X, Y, make_layers(f32(initial_weights())), opts, nargout=2)
    np.testing.assert_allclose(info.BaseLearnRate,
                               [1e-2, 1e-2, 1e-3, 1e-3, 1e-4, 1e-4, 1e-5, 1e-5], rtol=1e-7)


def test_no_schedule_constant_rate():
    _, info = train(f32(initial_weights()), options("adam", 3, InitialLearnRate=0.003))
    np.testing.assert_array_equal(info.BaseLearnRate, [0.003] * 3)
