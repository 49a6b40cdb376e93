"""Remaining useful life of turbofan engines (NASA C-MAPSS FD001) with the CNN-LSTM
folding template: each engine cycle's sensor vector is an f-by-1-by-1 image, a 2-D
convolution runs over the sensors at every cycle (sequence folding), and an LSTM runs
over the cycles.

Run it with ``python examples/cnn_lstm_turbofan.py``. The data preparation is that of
``turbofan_rul_regression.py`` (constant sensors removed, z-scored, RUL clipped at 150);
the network is the common MATLAB template::

    layers = [sequenceInputLayer([numFeatures 1 1], Name="input")
              sequenceFoldingLayer(Name="fold")
              convolution2dLayer([3 1], 16, Padding="same")
              batchNormalizationLayer
              reluLayer
              maxPooling2dLayer([2 1], Stride=[2 1])
              sequenceUnfoldingLayer(Name="unfold")
              flattenLayer
              lstmLayer(100, OutputMode="sequence")
              fullyConnectedLayer(1)
              regressionLayer];
    lgraph = layerGraph(layers);
    lgraph = connectLayers(lgraph, "fold/miniBatchSize", "unfold/miniBatchSize");

and the data are numFeatures-by-1-by-1-by-S arrays, one per engine.
"""
import time

import numpy as np

from matlabnn import (batchNormalizationLayer, connectLayers, convolution2dLayer, flattenLayer,
                      fullyConnectedLayer, layerGraph, lstmLayer, maxPooling2dLayer, predict,
                      regressionLayer, reluLayer, rng, sequenceFoldingLayer, sequenceInputLayer,
                      sequenceUnfoldingLayer, trainNetwork, trainingOptions)
from matlabnn.datasets import processTurboFanDataTest, processTurboFanDataTrain

THRESHOLD = 150


def cnn_lstm_layer_graph(num_features, num_hidden_units=100, num_filters=16):
    layers = [sequenceInputLayer([num_features, 1, 1], Name="input"),
              sequenceFoldingLayer(Name="fold"),
              convolution2dLayer([3, 1], num_filters, Padding="same"),
              batchNormalizationLayer(),
              reluLayer(),
              maxPooling2dLayer([2, 1], Stride=[2, 1]),
              sequenceUnfoldingLayer(Name="unfold"),
              flattenLayer(),
              lstmLayer(num_hidden_units, OutputMode="sequence"),
              fullyConnectedLayer(1),
              regressionLayer()]
    lgraph = layerGraph(layers)
    return connectLayers(lgraph, "fold/miniBatchSize", "unfold/miniBatchSize")


def as_images(x):
    """A numFeatures-by-S matrix as MATLAB's numFeatures-by-1-by-1-by-S array."""
    return x.reshape(x.shape[0], 1, 1, x.shape[1])


def main(max_epochs=30, verbose=False, seed=0, num_hidden_units=100):
    """Train, predict the test engines, print the RMSE; returns a dict of results."""
    rng(seed)
    XTrain, YTrain = processTurboFanDataTrain()
    all_train = np.hstack(XTrain)
    constant = all_train.min(axis=1) == all_train.max(axis=1)
    XTrain = [x[~constant] for x in XTrain]
    all_train = np.hstack(XTrain)
    mu = all_train.mean(axis=1, keepdims=True)
    sig = all_train.std(axis=1, ddof=1, keepdims=True)
    XTrain = [as_images((x - mu) / sig) for x in XTrain]
    YTrain = [np.minimum(np.asarray(y, dtype=float), THRESHOLD) for y in YTrain]
    num_features = int((~constant).sum())

    options = trainingOptions('adam',
                              'MaxEpochs', max_epochs,
                              'MiniBatchSize', 20,
                              'InitialLearnRate', 0.01,
                              'GradientThreshold', 1,
                              'Shuffle', 'every-epoch',
                              'Verbose', verbose)
    start = time.perf_counter()
    net = trainNetwork(XTrain, YTrain, cnn_lstm_layer_graph(num_features, num_hidden_units),
                       options)
    training_time = time.perf_counter() - start

    XTest, YTest = processTurboFanDataTest()
    XTest = [as_images((x[~constant] - mu) / sig) for x in XTest]
    YTest = [np.minimum(np.asarray(y, dtype=float), THRESHOLD) for y in YTest]
    YPred = predict(net, XTest, 'MiniBatchSize', 1)
    y_test_last = np.array([y.reshape(-1)[-1] for y in YTest])
    y_pred_last = np.array([y.reshape(-1)[-1] for y in YPred])
    rmse = float(np.sqrt(np.mean((y_pred_last - y_test_last) ** 2)))
    print(f"Test RMSE at the last cycle: {rmse:.2f} cycles  (training time {training_time:.1f} s)")
    return {"rmse": rmse, "training_time": training_time, "net": net}


if __name__ == "__main__":
    main(verbose=True)
