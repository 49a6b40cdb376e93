"""Sequence-to-sequence regression of remaining useful life (RUL) — a port of
MATLAB's example "Sequence-to-Sequence Regression Using Deep Learning" on the
NASA C-MAPSS turbofan data (FD001).

Run it with ``python examples/turbofan_rul_regression.py``. It trains an LSTM
to predict, at every engine cycle, the remaining cycles before failure
(clipped at 150), then reports the RMSE of the predictions at the last cycle
of each test engine against RUL_FD001.
"""
import time

import numpy as np

from matlabnn import (dropoutLayer, fullyConnectedLayer, lstmLayer, predict,
                      regressionLayer, rng, sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.datasets import processTurboFanDataTest, processTurboFanDataTrain

THRESHOLD = 150


def main(max_epochs=60, verbose=False, plots=False, seed=0):
    """Train, predict the test engines, print the RMSE; returns a dict of results."""
    rng(seed)
    # [XTrain, YTrain] = processTurboFanDataTrain(filenamePredictors);
    XTrain, YTrain = processTurboFanDataTrain()
    # Remove features with constant values: m = min([XTrain{:}],[],2); M = max(...)
    all_train = np.hstack(XTrain)
    constant = all_train.min(axis=1) == all_train.max(axis=1)
    XTrain = [x[~constant] for x in XTrain]
    num_features = XTrain[0].shape[0]
    # mu = mean([XTrain{:}],2); sig = std([XTrain{:}],0,2);
    all_train = np.hstack(XTrain)
    mu = all_train.mean(axis=1, keepdims=True)
    sig = all_train.std(axis=1, ddof=1, keepdims=True)
    XTrain = [(x - mu) / sig for x in XTrain]
    # YTrain{i}(YTrain{i} > thr) = thr;
    YTrain = [np.minimum(np.asarray(y, dtype=float), THRESHOLD) for y in YTrain]
    # Sort by length, longest first: [~, idx] = sort(sequenceLengths, 'descend');
    lengths = np.array([x.shape[1] for x in XTrain])
    idx = np.argsort(-lengths, kind="stable")
    XTrain = [XTrain[i] for i in idx]
    YTrain = [YTrain[i] for i in idx]

    mini_batch_size = 20
    num_responses = 1
    layers = [sequenceInputLayer(num_features),
              lstmLayer(200, 'OutputMode', 'sequence'),
              fullyConnectedLayer(50),
              dropoutLayer(0.5),
              fullyConnectedLayer(num_responses),
              regressionLayer()]
    options = trainingOptions('adam',
                              'MaxEpochs', max_epochs,
                              'MiniBatchSize', mini_batch_size,
                              'InitialLearnRate', 0.01,
                              'GradientThreshold', 1,
                              'Shuffle', 'never',
                              'Plots', 'training-progress' if plots else 'none',
                              'Verbose', verbose)
    start = time.perf_counter()
    net = trainNetwork(XTrain, YTrain, layers, options)
    training_time = time.perf_counter() - start

    # [XTest, YTest] = processTurboFanDataTest(filenamePredictors, filenameResponses);
    XTest, YTest = processTurboFanDataTest()
    XTest = [(x[~constant] - mu) / sig for x in XTest]
    YTest = [np.minimum(np.asarray(y, dtype=float), THRESHOLD) for y in YTest]
    # YPred = predict(net, XTest, 'MiniBatchSize', 1);
    YPred = predict(net, XTest, 'MiniBatchSize', 1)
    y_test_last = np.array([y.reshape(-1)[-1] for y in YTest])
    y_pred_last = np.array([y.reshape(-1)[-1] for y in YPred])
    rmse = float(np.sqrt(np.mean((y_pred_last - y_test_last) ** 2)))
    print(f"Test RMSE at the last cycle: {rmse:.2f} cycles  (training time {training_time:.1f} s)")
    return {"rmse": rmse, "training_time": training_time, "net": net}


if __name__ == "__main__":
    main()
