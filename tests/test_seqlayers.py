"""The layers beyond the recurrent ones as a MATLAB user meets them: constructor forms and
defaults, displays and Layer-array rows, MATLAB's conventions ('same' padding split,
learnable shapes), size errors, save/load, and training end to end in layer arrays.
"""
import numpy as np
import pytest

import matlabnn
from matlabnn import (assembleNetwork, averagePooling1dLayer, batchNormalizationLayer,
                      clippedReluLayer, convolution1dLayer, eluLayer, fullyConnectedLayer,
                      geluLayer, globalAveragePooling1dLayer, globalMaxPooling1dLayer,
                      indexing1dLayer, layerNormalizationLayer, load, lstmLayer,
                      maxPooling1dLayer, positionEmbeddingLayer, predict, regressionLayer,
                      reluLayer, save, selfAttentionLayer, sequenceInputLayer,
                      sinusoidalPositionEncodingLayer, softplusLayer, swishLayer,
                      trainingOptions, trainNetwork)
from matlabnn.errors import InvalidNetworkError, MatlabnnValueError
from matlabnn.layers import _pinned
from matlabnn.layers.normalization import population_statistics
from matlabnn.network import LayerArray, compile_network

CONV_DISPLAY = """\
  Convolution1DLayer with properties:

              Name: ''

   Hyperparameters
        FilterSize: 3
       NumChannels: 'auto'
        NumFilters: 16
            Stride: 1
    DilationFactor: 1
       PaddingMode: 'manual'
       PaddingSize: [0 0]
      PaddingValue: 0

   Learnable Parameters
           Weights: []
              Bias: []

  Show all properties
"""

BATCHNORM_DISPLAY = """\
  BatchNormalizationLayer with properties:

               Name: 'bn'
        NumChannels: 'auto'
        TrainedMean: []
    TrainedVariance: []

   Hyperparameters
          MeanDecay: 0.1000
      VarianceDecay: 0.1000
            Epsilon: 1.0000e-05

   Learnable Parameters
             Offset: []
              Scale: []

  Show all properties
"""


def compiled(layers, dtype=np.float64, seed=0):
    matlabnn.rng(seed)
    return compile_network(layers, "test", dtype=dtype, rng=matlabnn._rng.generator())


def test_displays():
    assert repr(convolution1dLayer(3, 16)) == CONV_DISPLAY
    assert repr(batchNormalizationLayer('Name', 'bn')) == BATCHNORM_DISPLAY


def test_layer_array_rows():
    rows = repr(LayerArray([
        convolution1dLayer(5, 32, Padding="causal", DilationFactor=2, Name="c1"),
        convolution1dLayer(3, 8, 'Padding', [1, 2], 'Stride', 2),
        maxPooling1dLayer(2, Stride=2), averagePooling1dLayer(3, Padding="same"),
        globalAveragePooling1dLayer(), globalMaxPooling1dLayer(), batchNormalizationLayer(),
        layerNormalizationLayer(), selfAttentionLayer(4, 64), indexing1dLayer("last"),
        positionEmbeddingLayer(8, 100), sinusoidalPositionEncodingLayer(8), eluLayer(),
        geluLayer(), swishLayer(), clippedReluLayer(6), softplusLayer()]))
    for text in ("'c1'   1-D Convolution", "32 5 convolutions with stride 1 and padding 'causal'",
                 "8 3 convolutions with stride 2 and padding [1 2]",
                 "max pooling with pool size 2, stride 2, and padding [0 0]",
                 "average pooling with pool size 3, stride 1, and padding 'same'",
                 "1-D global average pooling", "1-D global max pooling", "Batch normalization",
                 "Layer normalization", "4 heads and 64 key and query channels", "Index: last",
                 "Position embedding of size 8 and max position 100",
                 "Sinusoidal position encoding of size 8", "ELU with Alpha 1", "GELU",
                 "swish", "Clipped ReLU with ceiling 6", "softplus"):
        assert text in rows, text


def test_default_names_after_compile():
    net = compiled([sequenceInputLayer(2), convolution1dLayer(2, 3), batchNormalizationLayer(),
                    layerNormalizationLayer(), selfAttentionLayer(1, 2), maxPooling1dLayer(1),
                    globalMaxPooling1dLayer(), fullyConnectedLayer(1), regressionLayer()])
    assert [l.Name for l in net.Layers][1:7] == [
        "conv1d", "batchnorm", "layernorm", "selfattention", "maxpool1d", "gmpool1d"]


def test_convolution_defaults_and_forms():
    layer = convolution1dLayer(11, 96, 'padding', 1, 'dil', 2)      # prefixes, any case
    assert layer.Padding == (1, 1) and layer.DilationFactor == 2 and layer.Stride == 1
    assert layer.WeightsInitializer == "glorot" and layer.BiasInitializer == "zeros"
    assert layer.WeightL2Factor == 1 and layer.BiasL2Factor == 0
    assert layer.NumChannels == "auto" and layer.PaddingValue == 0
    np.testing.assert_array_equal(convolution1dLayer(3, 2, Padding=[2, 0]).PaddingSize, [[2, 0]])


@pytest.mark.parametrize("size, dilation, expected", [(3, 1, (1, 1)), (4, 1, (1, 2)),
                                                      (2, 1, (0, 1)), (3, 2, (2, 2)),
                                                      (2, 3, (1, 2))])
def test_same_padding_puts_the_odd_step_on_the_right(size, dilation, expected):
    assert _pinned.SAME_PADDING_EXTRA_ON_RIGHT
    layer = convolution1dLayer(size, 1, Padding="same", DilationFactor=dilation)
    np.testing.assert_array_equal(layer.PaddingSize, [expected])
    # and the computation uses that split: an impulse shows where each tap lands
    W = np.zeros((size, 1, 1))
    W[0] = 1.0                                       # first tap reads x[t - left]
    layer = compiled([sequenceInputLayer(1), convolution1dLayer(
        size, 1, Padding="same", DilationFactor=dilation, Weights=W, Bias=0),
        regressionLayer()]).Layers[1]
    x = np.arange(1.0, 9.0).reshape(8, 1, 1)
    y, _, _ = layer._forward(x, None, False)
    left = expected[0]
    np.testing.assert_array_equal(y[left:, 0, 0], x[:8 - left, 0, 0])
    np.testing.assert_array_equal(y[:left, 0, 0], 0)


def test_causal_padding_never_reads_the_future():
    W = np.random.default_rng(0).standard_normal((3, 1, 2))
    layer = compiled([sequenceInputLayer(1), convolution1dLayer(
        3, 2, Padding="causal", DilationFactor=2, Weights=W, Bias=np.zeros((1, 2))),
        regressionLayer()]).Layers[1]
    x = np.random.default_rng(1).standard_normal((9, 1, 1))
    y, _, _ = layer._forward(x, None, False)
    x2 = x.copy()
    x2[6:] += 10
    y2, _, _ = layer._forward(x2, None, False)
    np.testing.assert_array_equal(y[:6], y2[:6])
    assert not np.allclose(y[6:], y2[6:])


def test_convolution_weights_in_matlab_shape():
    net = compiled([sequenceInputLayer(3), convolution1dLayer(4, 5), regressionLayer()])
    assert net.Layers[1].Weights.shape == (4, 3, 5)        # FilterSize x NumChannels x NumFilters
    assert net.Layers[1].Bias.shape == (1, 5)
    with pytest.raises(MatlabnnValueError, match=r"Weights.*4x3x5.*4x5x3"):
        compiled([sequenceInputLayer(3), convolution1dLayer(4, 5, Weights=np.ones((4, 5, 3))),
                  regressionLayer()])
    # one filter: MATLAB drops the trailing singleton (F-by-C)
    net = compiled([sequenceInputLayer(3), convolution1dLayer(4, 1, Weights=np.ones((4, 3))),
                    regressionLayer()])
    assert net.Layers[1].Weights.shape == (4, 3, 1)


def test_size_errors_are_matlab_worded():
    with pytest.raises(InvalidNetworkError, match="Input size mismatch.*NumChannels is 4"):
        compiled([sequenceInputLayer(3), convolution1dLayer(2, 2, NumChannels=4),
                  regressionLayer()])
    with pytest.raises(InvalidNetworkError, match="expects sequence input"):
        compiled([sequenceInputLayer(3), lstmLayer(2, OutputMode="last"),
                  convolution1dLayer(2, 2), regressionLayer()])
    with pytest.raises(InvalidNetworkError, match="expects sequence input"):
        compiled([sequenceInputLayer(3), globalMaxPooling1dLayer(), indexing1dLayer(),
                  regressionLayer()])
    with pytest.raises(MatlabnnValueError, match="divisible"):
        selfAttentionLayer(3, 8)
    with pytest.raises(MatlabnnValueError, match="too short.*Padding='same'"):
        layer = compiled([sequenceInputLayer(1), convolution1dLayer(5, 1),
                          regressionLayer()]).Layers[1]
        layer._forward(np.zeros((3, 1, 1)), None, False)
    with pytest.raises(MatlabnnValueError, match="MaxPosition is 4"):
        layer = compiled([sequenceInputLayer(1), positionEmbeddingLayer(2, 4),
                          regressionLayer()]).Layers[1]
        layer._forward(np.zeros((6, 1, 1)), None, False)


@pytest.mark.parametrize("call, match", [
    (lambda: convolution1dLayer(0, 3), "filter size"),
    (lambda: convolution1dLayer(3, 2.5), "number of filters"),
    (lambda: convolution1dLayer(3, 2, Padding="valid"), "'same', 'causal'"),
    (lambda: convolution1dLayer(3, 2, Padding=[1, 2, 3]), r"\[left right\]"),
    (lambda: convolution1dLayer(3, 2, Stride=0), "positive integer"),
    (lambda: maxPooling1dLayer(2, Padding=-1), "nonnegative"),
    (lambda: batchNormalizationLayer(Epsilon=1e-6), "1e-05"),
    (lambda: batchNormalizationLayer(MeanDecay=2), r"\[0, 1\]"),
    (lambda: selfAttentionLayer(2, 4, AttentionMask="future"), "'none', 'causal'"),
    (lambda: indexing1dLayer("middle"), "'first', 'last'"),
    (lambda: sinusoidalPositionEncodingLayer(5), "even"),
    (lambda: clippedReluLayer(-1), "positive"),
    (lambda: geluLayer(Approximation="fast"), "'none', 'tanh'"),
])
def test_bad_values(call, match):
    with pytest.raises(MatlabnnValueError, match=match):
        call()


def test_save_load_round_trip_of_every_new_layer(tmp_path):
    layers = [sequenceInputLayer(3), convolution1dLayer(3, 4, Padding=[1, 2], PaddingValue=0.5),
              batchNormalizationLayer(MeanDecay=0.2), layerNormalizationLayer(),
              maxPooling1dLayer(2, Padding="same"), averagePooling1dLayer(2, Padding="causal"),
              positionEmbeddingLayer(4, 30), sinusoidalPositionEncodingLayer(4),
              selfAttentionLayer(2, 4, AttentionMask="causal", OutputSize=6),
              eluLayer(0.5), geluLayer(Approximation="tanh"), swishLayer(),
              clippedReluLayer(3), softplusLayer(), indexing1dLayer("last"),
              fullyConnectedLayer(1), regressionLayer()]
    net = assembleNetwork_initialized(layers)
    path = str(tmp_path / "net.mat")
    save(path, "net")
    back = load(path)["net"]
    x = np.random.default_rng(0).standard_normal((3, 9))
    np.testing.assert_allclose(predict(back, x), predict(net, x), rtol=1e-5)
    for a, b in zip(net.Layers, back.Layers):
        assert repr(a) == repr(b)


def assembleNetwork_initialized(layers):
    net = compiled(layers, dtype=np.float32)
    return assembleNetwork(list(net.Layers))


def test_batch_normalization_prediction_uses_trained_statistics():
    layer = compiled([sequenceInputLayer(2), batchNormalizationLayer(
        TrainedMean=[1.0, -1.0], TrainedVariance=[4.0, 0.25], Scale=[2.0, 1.0],
        Offset=[0.0, 3.0]), regressionLayer()]).Layers[1]
    x = np.array([[[3.0, 0.0]]])
    y, _, _ = layer._forward(x, None, False)
    eps = 1e-5
    np.testing.assert_allclose(y[0, 0], [2 * 2 / np.sqrt(4 + eps), 1 / np.sqrt(0.25 + eps) + 3])


def _train_with_batchnorm(statistics):
    r = np.random.default_rng(0)
    X = [3 + 2 * r.standard_normal((2, L)) for L in (5, 3, 8, 6)]
    Y = [x[:1] for x in X]
    opts = trainingOptions("sgdm", MaxEpochs=2, MiniBatchSize=2, Verbose=False,
                           InitialLearnRate=0.01, BatchNormalizationStatistics=statistics)
    matlabnn.rng(0)
    net = trainNetwork(X, Y, [sequenceInputLayer(2), convolution1dLayer(2, 2, Padding="causal"),
                              batchNormalizationLayer(), batchNormalizationLayer(),
                              fullyConnectedLayer(1), regressionLayer()], opts)
    return net, X


@pytest.mark.parametrize("statistics", ["population", "auto"])
def test_population_statistics_cover_all_real_training_steps(statistics):
    net, X = _train_with_batchnorm(statistics)
    conv, bn, bn2 = net.Layers[1], net.Layers[2], net.Layers[3]
    outs = [conv._forward(x.T[:, None].astype(np.float32), None, False)[0][:, 0] for x in X]
    allout = np.concatenate(outs).astype(np.float64)
    np.testing.assert_allclose(bn.TrainedMean.reshape(-1), allout.mean(0), rtol=1e-4)
    np.testing.assert_allclose(bn.TrainedVariance.reshape(-1), allout.var(0), rtol=1e-3)
    # the second layer's statistics are those of the first layer's final output
    second = np.concatenate([bn._forward(o[:, None], None, False)[0][:, 0] for o in outs])
    np.testing.assert_allclose(bn2.TrainedMean.reshape(-1), second.mean(0), atol=1e-4)
    np.testing.assert_allclose(bn2.TrainedVariance.reshape(-1), second.var(0), rtol=1e-3)


def test_moving_statistics_are_kept_with_moving():
    net, X = _train_with_batchnorm("moving")
    conv, bn = net.Layers[1], net.Layers[2]
    allout = np.concatenate([conv._forward(x.T[:, None].astype(np.float32), None, False)[0][:, 0]
                             for x in X])
    # 4 updates with decay 0.1 from zeros: far from the population mean
    assert not np.allclose(bn.TrainedMean.reshape(-1), allout.mean(0), rtol=0.1)


def test_population_statistics_function_needs_no_data():
    net = compiled([sequenceInputLayer(1), batchNormalizationLayer(), regressionLayer()])
    before = net.Layers[1].TrainedMean.copy()
    population_statistics(net, lambda: None)
    np.testing.assert_array_equal(net.Layers[1].TrainedMean, before)


def test_moving_statistics_follow_the_decays():
    layer = compiled([sequenceInputLayer(1), batchNormalizationLayer(MeanDecay=0.5,
                                                                     VarianceDecay=0.25),
                      regressionLayer()]).Layers[1]
    x = np.array([1.0, 3.0]).reshape(2, 1, 1)
    layer._forward(x, None, True)
    np.testing.assert_allclose(layer.TrainedMean, [[0.5 * 2.0]])
    np.testing.assert_allclose(layer.TrainedVariance, [[0.25 * 1.0 + 0.75 * 1.0]])


def test_train_network_with_the_new_layers():
    r = np.random.default_rng(0)
    X = [r.standard_normal((2, L)) for L in (12, 9, 7, 12, 10, 8)]
    Y = [np.cumsum(x, axis=1)[:1] * 0.3 for x in X]
    opts = trainingOptions("adam", MaxEpochs=5, MiniBatchSize=3, Verbose=False,
                           InitialLearnRate=0.01)
    matlabnn.rng(0)
    net = trainNetwork(X, Y, [sequenceInputLayer(2),
                              convolution1dLayer(3, 8, Padding="causal", DilationFactor=2),
                              batchNormalizationLayer(), reluLayer(), layerNormalizationLayer(),
                              selfAttentionLayer(2, 8, AttentionMask="causal"), geluLayer(),
                              fullyConnectedLayer(1), regressionLayer()], opts)
    P = predict(net, X)
    assert [p.shape for p in P] == [(1, x.shape[1]) for x in X]
    # a causal network: the first steps of a sequence do not depend on later ones
    head = predict(net, X[0][:, :5])
    np.testing.assert_allclose(head, P[0][:, :5], rtol=1e-4, atol=1e-5)

    labels = np.array([x[0].sum() > 0 for x in X], float).reshape(-1, 1)
    net = trainNetwork(X, labels, [sequenceInputLayer(2), convolution1dLayer(3, 4, Padding="same"),
                                   maxPooling1dLayer(2, Padding="same"),
                                   globalAveragePooling1dLayer(), fullyConnectedLayer(1),
                                   regressionLayer()], opts)
    assert predict(net, X).shape == (6, 1)


def test_sequence_output_must_keep_the_response_length():
    r = np.random.default_rng(0)
    X = [r.standard_normal((2, L)) for L in (8, 6)]
    opts = trainingOptions("adam", MaxEpochs=1, Verbose=False)
    from matlabnn.errors import InvalidDataError
    with pytest.raises(InvalidDataError, match="7 time steps but the responses have 8"):
        trainNetwork(X, [x[:1] for x in X], [sequenceInputLayer(2), convolution1dLayer(2, 3),
                                               fullyConnectedLayer(1), regressionLayer()], opts)


@pytest.mark.parametrize("direction", ["right", "left"])
def test_strided_network_predictions_do_not_depend_on_padding(direction):
    r = np.random.default_rng(0)
    X = [r.standard_normal((3, L)) for L in (20, 15, 9, 20, 11)]
    net = compiled([sequenceInputLayer(3), convolution1dLayer(3, 8, Stride=2, Padding="same"),
                    reluLayer(), maxPooling1dLayer(2, Stride=2), convolution1dLayer(2, 4),
                    batchNormalizationLayer(), globalMaxPooling1dLayer(),
                    fullyConnectedLayer(1), regressionLayer()])
    together = predict(net, X, MiniBatchSize=5, SequencePaddingDirection=direction)
    alone = np.vstack([predict(net, [x]) for x in X])
    np.testing.assert_allclose(together, alone, rtol=1e-10)


def test_pinned_points_are_switches(monkeypatch):
    monkeypatch.setattr(_pinned, "SAME_PADDING_EXTRA_ON_RIGHT", False)
    np.testing.assert_array_equal(convolution1dLayer(4, 1, Padding="same").PaddingSize, [[2, 1]])
    monkeypatch.setattr(_pinned, "BATCHNORM_BIASED_VARIANCE", False)
    layer = compiled([sequenceInputLayer(1), batchNormalizationLayer(VarianceDecay=1),
                      regressionLayer()]).Layers[1]
    layer._forward(np.array([1.0, 3.0]).reshape(2, 1, 1), None, True)
    np.testing.assert_allclose(layer.TrainedVariance, [[2.0]])      # 1/(M-1)
