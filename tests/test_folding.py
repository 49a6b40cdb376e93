"""Image sequences and the CNN-LSTM folding template: sequenceInputLayer([h w c]) data,
sequenceFoldingLayer / sequenceUnfoldingLayer with their miniBatchSize ports, and whole
networks (folding template, causal-convolution residual block) checked by finite
differences (float64) on variable-length mini-batches.
"""
import numpy as np
import pytest
from gradcheck import assert_close, make_mask, numgrad

import matlabnn
from matlabnn import (additionLayer, batchNormalizationLayer, connectLayers, convolution1dLayer,
                      convolution2dLayer, flattenLayer, fullyConnectedLayer,
                      globalAveragePooling1dLayer, layerGraph, layerNormalizationLayer,
                      lstmLayer, maxPooling2dLayer, predict, regressionLayer, reluLayer,
                      sequenceFoldingLayer, sequenceInputLayer, sequenceUnfoldingLayer)
from matlabnn.errors import InvalidDataError, InvalidNetworkError, MatlabnnValueError
from matlabnn.image_data import as_image_sequences
from matlabnn.network import compile_network


def cnn_lstm_graph(f, output_mode="last"):
    layers = [sequenceInputLayer([f, 1, 1], Name="input"), sequenceFoldingLayer(Name="fold"),
              convolution2dLayer([3, 1], 4, Padding="same"), batchNormalizationLayer(),
              reluLayer(), maxPooling2dLayer([2, 1], Stride=[2, 1]),
              sequenceUnfoldingLayer(Name="unfold"), flattenLayer(),
              lstmLayer(3, OutputMode=output_mode), fullyConnectedLayer(1), regressionLayer()]
    return connectLayers(layerGraph(layers), "fold/miniBatchSize", "unfold/miniBatchSize")


def tcn_graph(C):
    layers = [sequenceInputLayer(C, Name="in"),
              convolution1dLayer(3, 4, Padding="causal", DilationFactor=2, Name="conv1"),
              layerNormalizationLayer(), reluLayer(),
              convolution1dLayer(1, 4, Name="conv2"), additionLayer(2, Name="add"),
              reluLayer(Name="relu_out"), fullyConnectedLayer(1), regressionLayer()]
    lgraph = layerGraph(layers)
    lgraph = matlabnn.addLayers(lgraph, convolution1dLayer(1, 4, Name="skip"))
    lgraph = connectLayers(lgraph, "in", "skip")
    return connectLayers(lgraph, "skip", "add/in2")


def compiled(graph):
    matlabnn.rng(0)
    return compile_network(graph, "test", dtype=np.float64, rng=matlabnn._rng.generator())


def check_network(net, X, mask, T):
    def loss():
        y, ymask, _, _ = net._forward(X, mask, True)
        return net._output_layer._loss(y, T, ymask)[0]

    y, ymask, _, caches = net._forward(X, mask, True)
    value, dy, _ = net._output_layer._loss(y, T, ymask)
    grads, dx, _ = net._backward(dy, caches, need_input_grad=True)
    for layer, name in net._learnable_items():
        assert_close(grads[(layer.Name, name)], numgrad(loss, getattr(layer, name)),
                     f"{layer.Name}.{name}")
    assert_close(dx, numgrad(loss, X), "input X")
    if mask is not None:
        assert np.all(dx[~mask] == 0)


@pytest.mark.parametrize("padding", [None, "right", "left"])
def test_folding_network_gradients(padding):
    f, S, N = 5, 4, 3
    net = compiled(cnn_lstm_graph(f))
    r = np.random.default_rng(1)
    X = r.standard_normal((S, N, f))              # the pipeline's (h*w*c)-per-step form
    mask = None if padding is None else make_mask(padding, S, [4, 2, 1])
    check_network(net, X, mask, r.standard_normal((N, 1)))


@pytest.mark.parametrize("padding", [None, "right", "left"])
def test_causal_residual_network_gradients(padding):
    net = compiled(tcn_graph(2))
    r = np.random.default_rng(2)
    X = r.standard_normal((6, 3, 2))
    mask = None if padding is None else make_mask(padding, 6, [6, 4, 2])
    check_network(net, X, mask, r.standard_normal((6, 3, 1)))


def test_padded_image_sequences_predict_like_single_ones():
    net = compiled(cnn_lstm_graph(6))
    r = np.random.default_rng(3)
    X = [r.standard_normal((6, 1, 1, L)) for L in (5, 2, 7, 1)]
    together = predict(net, X, MiniBatchSize=4)
    alone = np.vstack([predict(net, [x], MiniBatchSize=1) for x in X])
    np.testing.assert_allclose(together, alone, rtol=1e-10)
    # and the folded batch holds only real steps: batch normalization in training sees 15
    fold = net.Layers[[l.Name for l in net.Layers].index("fold")]
    x = np.zeros((7, 4, 6))
    mask = make_mask("right", 7, [5, 2, 7, 1])
    (folded, layout), _, _ = fold._forward(x, mask, True)
    assert folded.shape == (15, 6) and layout.shape[:2] == (7, 4)


def test_image_sequence_data_forms():
    seqs, single = as_image_sequences(np.arange(6.0).reshape(6, 1), "f", (6, 1, 1))
    assert single and seqs[0].shape == (6, 1)        # an f-by-1 array: one step
    a = np.arange(24.0).reshape(2, 3, 2, 2)          # h-by-w-by-c-by-S
    seqs, single = as_image_sequences([a, a[..., :1]], "f", (2, 3, 2))
    assert not single and [s.shape for s in seqs] == [(12, 2), (12, 1)]
    np.testing.assert_array_equal(seqs[0][:, 1], a[..., 1].reshape(-1, order="F"))
    with pytest.raises(InvalidDataError, match=r"images of size 2x3x2.*expects 2x3x1"):
        as_image_sequences([a], "trainNetwork", (2, 3, 1))
    with pytest.raises(InvalidDataError, match="NaN"):
        as_image_sequences([np.full((2, 1), np.nan)], "predict", (2, 1, 1))


def test_image_input_layer_display_and_restrictions():
    layer = sequenceInputLayer([12, 1, 1])
    assert "InputSize: [12 1 1]" in repr(layer)
    assert "Sequence input with 12\u00d71\u00d71 dimensions" in repr(
        matlabnn.network.LayerArray([layer]))
    assert sequenceInputLayer([4, 3])._image_size() == (4, 3, 1)
    with pytest.raises(MatlabnnValueError, match="named Normalization"):
        compiled(layerGraph([sequenceInputLayer([4, 1, 1], Normalization=lambda x: x),
                             flattenLayer(), fullyConnectedLayer(1), regressionLayer()]))
    with pytest.raises(MatlabnnValueError, match="one per channel"):
        compiled(layerGraph([sequenceInputLayer([4, 1, 2], Normalization="zerocenter",
                                                Mean=[1.0, 2.0, 3.0]),
                             flattenLayer(), fullyConnectedLayer(1), regressionLayer()]))


@pytest.mark.parametrize("dimension, size", [("auto", 2), ("channel", 2), ("element", 12),
                                             ("all", 1)])
def test_image_input_normalization(dimension, size):
    r = np.random.default_rng(0)
    scale = np.array([1.0, 5.0]).reshape(1, 1, 2, 1)
    shift = np.array([0.0, 10.0]).reshape(1, 1, 2, 1)
    X = [r.standard_normal((3, 2, 2, L)) * scale + shift for L in (4, 6)]
    Y = [np.zeros((1, L)) for L in (4, 6)]
    layers = [sequenceInputLayer([3, 2, 2], Normalization="zscore",
                                 NormalizationDimension=dimension),
              flattenLayer(), fullyConnectedLayer(1), regressionLayer()]
    net = matlabnn.trainNetwork(X, Y, layers, matlabnn.trainingOptions(
        "adam", MaxEpochs=1, Verbose=False))
    inp = net.Layers[0]
    assert inp.Mean.size == size and inp.StandardDeviation.size == size
    every = np.concatenate(X, axis=3)                       # h x w x c x (all steps)
    if dimension in ("auto", "channel"):
        np.testing.assert_allclose(inp.Mean.reshape(-1), every.mean(axis=(0, 1, 3)), rtol=1e-5)
    # the input layer's output: images normalized as MATLAB's (x - Mean) ./ StandardDeviation
    flat = np.stack([x.reshape(12, -1, order="F").T for x in X[:1]], axis=1)   # (S, 1, 12)
    y, _, _ = inp._forward(flat.astype(np.float32), None, False)
    images = np.moveaxis(X[0], 3, 0)                        # (S, h, w, c)
    mean = inp.Mean.reshape(-1)
    std = inp.StandardDeviation.reshape(-1)
    if dimension in ("auto", "channel"):
        expected = (images - mean) / std
    elif dimension == "element":
        expected = (images - mean.reshape(2, 2, 3).T) / std.reshape(2, 2, 3).T
    else:
        expected = (images - mean[0]) / std[0]
    np.testing.assert_allclose(y[:, 0], expected, rtol=1e-4, atol=1e-5)


def test_unfolding_needs_the_mini_batch_size_connection():
    layers = [sequenceInputLayer([4, 1, 1], Name="input"), sequenceFoldingLayer(Name="fold"),
              convolution2dLayer([3, 1], 2), sequenceUnfoldingLayer(Name="unfold"),
              flattenLayer(), lstmLayer(2, OutputMode="last"), fullyConnectedLayer(1),
              regressionLayer()]
    with pytest.raises(InvalidNetworkError, match="Unconnected"):
        compiled(layerGraph(layers))
    net = compiled(connectLayers(layerGraph(layers), "fold/miniBatchSize",
                                 "unfold/miniBatchSize"))
    assert [l._class_name for l in net.Layers][:2] == ["SequenceInputLayer",
                                                       "SequenceFoldingLayer"]
    text = repr(net.Layers[1])
    assert "OutputNames: {'out'  'miniBatchSize'}" in text


def test_global_pooling_after_image_flatten():
    net = compiled(layerGraph([sequenceInputLayer([4, 2, 1]), flattenLayer(),
                               globalAveragePooling1dLayer(), fullyConnectedLayer(1),
                               regressionLayer()]))
    y = predict(net, [np.ones((4, 2, 1, 3))])
    assert y.shape == (1, 1)
