"""One-step-ahead forecasting with mapminmax scaling — a script in the style of the
many user scripts built around the Deep Learning Toolbox's ``mapminmax``.

Monthly chickenpox cases (NYC, 1931–1972): the first 90% of the months are scaled
to [-1, 1] with ``mapminmax``, an LSTM learns to predict the next month from the
current one, the test months are scaled with the training settings
(``mapminmax('apply', ...)``), the predictions are mapped back to cases
(``mapminmax('reverse', ...)``) and scored with ``rmse``, ``mse`` and ``mae``.
A figure of the forecast and its errors is saved as PNG.

Run it with ``python examples/mapminmax_forecast.py``. Each block is the MATLAB
line it ports, then the Python line.
"""
import os
import sys

import numpy as np

from matlabnn import (fullyConnectedLayer, lstmLayer, mae, mapminmax, mse,
                      predictAndUpdateState, regressionLayer, rmse, rng, sequenceInputLayer,
                      trainNetwork, trainingOptions)
from matlabnn.datasets import chickenpox_dataset


def main(max_epochs=200, out_dir=".", verbose=True, seed=0):
    """Train, forecast, print the errors, save the figure; returns a dict of results."""
    rng(seed)
    # data = chickenpox_dataset; data = [data{:}];
    data = np.array(chickenpox_dataset())
    # numTimeStepsTrain = floor(0.9*numel(data));
    num_time_steps_train = int(np.floor(0.9 * data.size))
    # dataTrain = data(1:numTimeStepsTrain+1); dataTest = data(numTimeStepsTrain+1:end);
    data_train = data[:num_time_steps_train + 1]
    data_test = data[num_time_steps_train:]

    # [dataTrainN, ps] = mapminmax(dataTrain);          % each row to [-1, 1]
    data_train_n, ps = mapminmax(data_train, nargout=2)
    # XTrain = dataTrainN(1:end-1); YTrain = dataTrainN(2:end);
    XTrain = data_train_n[:-1]
    YTrain = data_train_n[1:]

    layers = [sequenceInputLayer(1),
              lstmLayer(128),
              fullyConnectedLayer(1),
              regressionLayer()]
    options = trainingOptions('adam',
                              'MaxEpochs', max_epochs,
                              'GradientThreshold', 1,
                              'InitialLearnRate', 0.005,
                              'LearnRateSchedule', 'piecewise',
                              'LearnRateDropPeriod', max(1, (5 * max_epochs) // 8),
                              'LearnRateDropFactor', 0.2,
                              'Verbose', verbose)
    # [net, info] = trainNetwork(XTrain, YTrain, layers, options);
    net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)

    # dataTestN = mapminmax('apply', dataTest, ps);      % the training data's settings
    data_test_n = mapminmax('apply', data_test, ps)
    XTest = data_test_n[:-1]
    YTest = data_test[1:]
    # net = predictAndUpdateState(net, XTrain);           % warm up the state
    net = predictAndUpdateState(net, XTrain)
    # [net, YPredN] = predictAndUpdateState(net, XTest);  % one step ahead, observed inputs
    net, YPredN = predictAndUpdateState(net, XTest, nargout=2)
    # YPred = mapminmax('reverse', YPredN, ps);           % back to cases
    YPred = mapminmax('reverse', YPredN, ps)

    # err = rmse(YPred, YTest)
    results = {"rmse": float(rmse(YPred, YTest)), "mse": float(mse(YTest - YPred)),
               "mae": float(mae(YTest - YPred)),
               "rmse_persistence": float(rmse(data_test[:-1], YTest))}
    print(f"RMSE, one-step forecast:           {results['rmse']:8.1f} cases")
    print(f"MAE,  one-step forecast:           {results['mae']:8.1f} cases")
    print(f"RMSE, persistence forecast:        {results['rmse_persistence']:8.1f} cases")
    figure = _save_figure(data, num_time_steps_train, YPred, YTest, results["rmse"], out_dir)
    results.update(net=net, info=info, ps=ps, YPred=YPred, YTest=YTest, figure=figure)
    return results


def _save_figure(data, n_train, y_pred, y_test, err, out_dir):
    import matplotlib
    if "matplotlib.pyplot" not in sys.modules and not os.environ.get("DISPLAY"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    months = np.arange(n_train + 2, data.size + 1)         # 1-based months of YTest
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    shown = np.arange(n_train - 59, n_train + 2)          # the last five years of dataTrain
    ax1.plot(shown, data[shown - 1], color=(0.5, 0.5, 0.5), label="Training")
    ax1.plot(months, y_test, color=(0, 0.447, 0.741), label="Observed")
    ax1.plot(months, y_pred.reshape(-1), "--", color=(0.85, 0.325, 0.098), label="Forecast")
    ax1.set_ylabel("Cases")
    ax1.set_title("One-step forecast, mapminmax scaling")
    ax1.legend(loc="upper left")
    ax2.stem(months, y_pred.reshape(-1) - y_test)
    ax2.set_xlabel("Month")
    ax2.set_ylabel("Error")
    ax2.set_title(f"RMSE = {err:.2f}")
    fig.tight_layout()
    path = os.path.join(out_dir, "mapminmax_forecast.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


if __name__ == "__main__":
    main()
