"""A residual LSTM forecaster built with a layer graph (layerGraph, connectLayers,
additionLayer) on the chickenpox data (cases per month, NYC, 1931–1972).

Run it with ``python examples/residual_lstm.py``. The network predicts next
month's (standardized) count as this month's count plus a correction that an
LSTM learns: the input goes straight to an addition layer (the skip branch)
and through ``lstm -> fc`` (the residual branch)::

    in ──> lstm ──> fc ──> add/in1 ──> regressionoutput
     └───────────────────> add/in2

It is trained with trainNetwork (a DAGNetwork comes back) on the first 90% of
the months, like the MATLAB example "Time Series Forecasting Using Deep
Learning", then forecasts the rest with updates (open loop: the observed count
of each month is fed in, the state carried with predictAndUpdateState) and
closed loop (each forecast fed back). It prints both RMSEs next to the
persistence forecast "next month = this month", which is what the skip branch
alone would give, and saves the graph and the forecast as PNG files.

Each block below is the MATLAB line it ports, then the Python line.
"""
import os
import sys

import numpy as np

from matlabnn import (additionLayer, connectLayers, fullyConnectedLayer, layerGraph,
                      lstmLayer, plot, predictAndUpdateState, regressionLayer, resetState, rng,
                      sequenceInputLayer, trainNetwork, trainingOptions)
from matlabnn.datasets import chickenpox_dataset


def main(max_epochs=250, out_dir=".", verbose=True, plots=True, seed=0):
    """Train, forecast, print the RMSEs, save the figures; returns a dict of results."""
    rng(seed)
    # data = chickenpox_dataset; data = [data{:}];
    data = np.array(chickenpox_dataset())
    # numTimeStepsTrain = floor(0.9*numel(data));
    num_time_steps_train = int(np.floor(0.9 * data.size))
    data_train = data[:num_time_steps_train + 1]
    data_test = data[num_time_steps_train:]
    # mu = mean(dataTrain); sig = std(dataTrain);
    mu, sig = data_train.mean(), data_train.std(ddof=1)
    standardized_train = (data_train - mu) / sig
    XTrain, YTrain = standardized_train[:-1], standardized_train[1:]

    # layers = [sequenceInputLayer(1,'Name','in')
    #           lstmLayer(200,'Name','lstm')
    #           fullyConnectedLayer(1,'Name','fc')
    #           additionLayer(2,'Name','add')
    #           regressionLayer('Name','regressionoutput')];
    layers = [sequenceInputLayer(1, 'Name', 'in'),
              lstmLayer(200, 'Name', 'lstm'),
              fullyConnectedLayer(1, 'Name', 'fc'),
              additionLayer(2, 'Name', 'add'),
              regressionLayer('Name', 'regressionoutput')]
    # lgraph = layerGraph(layers);
    lgraph = layerGraph(layers)
    # lgraph = connectLayers(lgraph,'in','add/in2');      % the skip connection
    lgraph = connectLayers(lgraph, 'in', 'add/in2')
    if verbose:
        print(lgraph.Connections)

    options = trainingOptions('adam',
                              'MaxEpochs', max_epochs,
                              'GradientThreshold', 1,
                              'InitialLearnRate', 0.005,
                              'LearnRateSchedule', 'piecewise',
                              'LearnRateDropPeriod', max(1, max_epochs // 2),
                              'LearnRateDropFactor', 0.2,
                              'Verbose', verbose,
                              'Plots', 'training-progress' if plots else 'none')
    # [net, info] = trainNetwork(XTrain, YTrain, lgraph, options);   % a DAGNetwork
    net, info = trainNetwork(XTrain, YTrain, lgraph, options, nargout=2)

    standardized_test = (data_test - mu) / sig
    XTest = standardized_test[:-1]
    YTest = data_test[1:]

    # Forecast with updates (open loop): warm up on the training months, then feed
    # each observed month and read the next month's forecast.
    net = predictAndUpdateState(net, XTrain)
    y_pred = []
    for i in range(XTest.size):
        # [net, YPred(:,i)] = predictAndUpdateState(net, XTest(:,i));
        net, y = predictAndUpdateState(net, XTest[i], nargout=2)
        y_pred.append(y.item())
    y_open = sig * np.array(y_pred) + mu
    rmse_open = float(np.sqrt(np.mean((y_open - YTest) ** 2)))

    # Closed loop: each forecast is the next input.
    # net = resetState(net); net = predictAndUpdateState(net, XTrain);
    net = resetState(net)
    net = predictAndUpdateState(net, XTrain)
    net, y = predictAndUpdateState(net, YTrain[-1], nargout=2)
    y_pred = [y.item()]
    for i in range(1, XTest.size):
        net, y = predictAndUpdateState(net, y_pred[i - 1], nargout=2)
        y_pred.append(y.item())
    y_closed = sig * np.array(y_pred) + mu
    rmse_closed = float(np.sqrt(np.mean((y_closed - YTest) ** 2)))

    # the skip branch alone: next month = this month
    rmse_persistence = float(np.sqrt(np.mean((data_test[:-1] - YTest) ** 2)))
    print(f"RMSE, forecast with updates (open loop):  {rmse_open:8.1f} cases")
    print(f"RMSE, closed-loop forecast:               {rmse_closed:8.1f} cases")
    print(f"RMSE, persistence forecast (baseline):    {rmse_persistence:8.1f} cases")
    figures = _save_figures(lgraph, num_time_steps_train, data, y_open, YTest, rmse_open,
                            out_dir)
    return {"rmse_open": rmse_open, "rmse_closed": rmse_closed,
            "rmse_persistence": rmse_persistence, "info": info, "net": net,
            "lgraph": lgraph, "figures": figures}


def _save_figures(lgraph, n_train, data, y_open, y_test, rmse_open, out_dir):
    import matplotlib
    if "matplotlib.pyplot" not in sys.modules and not os.environ.get("DISPLAY"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    paths = []
    # figure; plot(lgraph)
    ax = plot(lgraph)
    path = os.path.join(out_dir, "residual_lstm_graph.png")
    ax.figure.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
    paths.append(path)

    months = np.arange(n_train + 1, data.size)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(months, y_test, color=(0, 0.447, 0.741), label="Observed")
    ax.plot(months, y_open, "--", color=(0.85, 0.325, 0.098), label="Forecast")
    ax.set_xlabel("Month")
    ax.set_ylabel("Cases")
    ax.set_title(f"Residual LSTM, forecast with updates: RMSE = {rmse_open:.1f}")
    ax.legend()
    fig.tight_layout()
    path = os.path.join(out_dir, "residual_lstm_forecast.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    paths.append(path)
    return paths


if __name__ == "__main__":
    main()
