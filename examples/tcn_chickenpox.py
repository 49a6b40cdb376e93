"""Chickenpox forecasting with a temporal convolutional network (TCN): causal, dilated
1-D convolutions in residual blocks joined with additionLayer, in a layer graph.

Run it with ``python examples/tcn_chickenpox.py``. It trains on the first 90% of the
months (next-month prediction, standardized data) and forecasts the rest twice:
open loop (each month's forecast from the observed months before it) and closed loop
(forecasts fed back as inputs). A causal network needs no state: forecasting is
``predict`` on the history so far.

The MATLAB script it corresponds to (each line below is written in the same calls)::

    layer = sequenceInputLayer(1, Name="input");
    lgraph = layerGraph(layer); outputName = "input";
    for i = 1:numBlocks
        dilation = 2^(i-1);
        layers = [convolution1dLayer(filterSize, numFilters, DilationFactor=dilation, ...
                      Padding="causal", Name="conv1_"+i)
                  layerNormalizationLayer
                  reluLayer
                  spatialDropoutLayer(dropoutFactor)
                  convolution1dLayer(filterSize, numFilters, DilationFactor=dilation, ...
                      Padding="causal")
                  layerNormalizationLayer
                  reluLayer
                  spatialDropoutLayer(dropoutFactor)
                  additionLayer(2, Name="add_"+i)];
        lgraph = addLayers(lgraph, layers);
        lgraph = connectLayers(lgraph, outputName, "conv1_"+i);
        if i == 1   % a 1x1 convolution matches the channels of the skip connection
            lgraph = addLayers(lgraph, convolution1dLayer(1, numFilters, Name="convSkip"));
            lgraph = connectLayers(lgraph, outputName, "convSkip");
            lgraph = connectLayers(lgraph, "convSkip", "add_"+i+"/in2");
        else
            lgraph = connectLayers(lgraph, outputName, "add_"+i+"/in2");
        end
        outputName = "add_"+i;
    end
    lgraph = addLayers(lgraph, [fullyConnectedLayer(1, Name="fc"); regressionLayer]);
    lgraph = connectLayers(lgraph, outputName, "fc");
"""
import time

import numpy as np

from matlabnn import (additionLayer, addLayers, connectLayers, convolution1dLayer,
                      fullyConnectedLayer, layerGraph, layerNormalizationLayer, predict,
                      regressionLayer, reluLayer, rng, sequenceInputLayer,
                      spatialDropoutLayer, trainNetwork, trainingOptions)
from matlabnn.datasets import chickenpox_dataset


def tcn_layer_graph(num_blocks=3, num_filters=32, filter_size=3, dropout_factor=0.005):
    """The residual TCN of the module docstring."""
    lgraph = layerGraph(sequenceInputLayer(1, Name="input"))
    output_name = "input"
    for i in range(1, num_blocks + 1):
        dilation = 2 ** (i - 1)
        layers = [convolution1dLayer(filter_size, num_filters, DilationFactor=dilation,
                                     Padding="causal", Name=f"conv1_{i}"),
                  layerNormalizationLayer(),
                  reluLayer(),
                  spatialDropoutLayer(dropout_factor),
                  convolution1dLayer(filter_size, num_filters, DilationFactor=dilation,
                                     Padding="causal"),
                  layerNormalizationLayer(),
                  reluLayer(),
                  spatialDropoutLayer(dropout_factor),
                  additionLayer(2, Name=f"add_{i}")]
        lgraph = addLayers(lgraph, layers)
        lgraph = connectLayers(lgraph, output_name, f"conv1_{i}")
        if i == 1:
            lgraph = addLayers(lgraph, convolution1dLayer(1, num_filters, Name="convSkip"))
            lgraph = connectLayers(lgraph, output_name, "convSkip")
            lgraph = connectLayers(lgraph, "convSkip", f"add_{i}/in2")
        else:
            lgraph = connectLayers(lgraph, output_name, f"add_{i}/in2")
        output_name = f"add_{i}"
    lgraph = addLayers(lgraph, [fullyConnectedLayer(1, Name="fc"), regressionLayer()])
    return connectLayers(lgraph, output_name, "fc")


def main(max_epochs=200, verbose=False, seed=0):
    """Train, forecast, print the RMSEs; returns a dict of results."""
    rng(seed)
    data = np.array(chickenpox_dataset(), dtype=float)
    n_train = int(np.floor(0.9 * data.size))
    data_train = data[:n_train + 1]
    mu, sig = data_train.mean(), data_train.std(ddof=1)
    standardized = (data - mu) / sig
    XTrain, YTrain = standardized[:n_train], standardized[1:n_train + 1]

    options = trainingOptions('adam',
                              'MaxEpochs', max_epochs,
                              'InitialLearnRate', 0.005,
                              'GradientThreshold', 1,
                              'Verbose', verbose)
    start = time.perf_counter()
    net, info = trainNetwork(XTrain, YTrain, tcn_layer_graph(), options, nargout=2)
    training_time = time.perf_counter() - start

    # Open loop: the forecast of month t+1 reads the observed months up to t.
    y_test = data[n_train + 1:]
    y_all = predict(net, standardized[:-1]).reshape(-1)
    y_open = sig * y_all[n_train:] + mu
    rmse_open = float(np.sqrt(np.mean((y_open - y_test) ** 2)))

    # Closed loop: after the training months, each forecast becomes the next input.
    history = list(standardized[:n_train + 1])
    closed = []
    for _ in range(y_test.size):
        nxt = float(predict(net, np.array(history)).reshape(-1)[-1])
        closed.append(nxt)
        history.append(nxt)
    y_closed = sig * np.array(closed) + mu
    rmse_closed = float(np.sqrt(np.mean((y_closed - y_test) ** 2)))
    persistence = float(np.sqrt(np.mean((data[n_train:-1] - y_test) ** 2)))

    print(f"RMSE, forecast with updates (open loop):  {rmse_open:8.1f} cases")
    print(f"RMSE, closed-loop forecast:               {rmse_closed:8.1f} cases")
    print(f"RMSE, persistence forecast (baseline):    {persistence:8.1f} cases")
    print(f"Training time: {training_time:.1f} s")
    return {"rmse_open": rmse_open, "rmse_closed": rmse_closed,
            "rmse_persistence": persistence, "training_time": training_time, "net": net,
            "info": info}


if __name__ == "__main__":
    main(verbose=True)
