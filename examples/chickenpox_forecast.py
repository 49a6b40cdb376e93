"""Time series forecasting with an LSTM — a port of MATLAB's example
"Time Series Forecasting Using Deep Learning" (chickenpox cases, NYC, 1931–1972).

Run it with ``python examples/chickenpox_forecast.py`` or ``python -m matlabnn``.
It trains an LSTM on the first 90% of the months, then forecasts the rest
twice: closed loop (each prediction fed back as the next input) and open loop
(the true value of each month fed in, state updated as it goes). It prints
MATLAB's training table and both RMSEs and saves the figures as PNG files in
the current folder.

Each block below is the MATLAB line it ports, then the Python line.
"""
import os
import sys

import numpy as np

from matlabnn import (fullyConnectedLayer, lstmLayer, predictAndUpdateState,
                      regressionLayer, resetState, rng, sequenceInputLayer,
                      trainNetwork, trainingOptions)
from matlabnn.datasets import chickenpox_dataset


def persistence_rmse(data_test):
    """RMSE of the naive forecast 'next month = this month' on the test months."""
    return float(np.sqrt(np.mean((data_test[1:] - data_test[:-1]) ** 2)))


def main(max_epochs=250, out_dir=".", verbose=True, plots=True, seed=0):
    """Train, forecast, print the RMSEs, save the figures; returns a dict of results."""
    rng(seed)
    # data = chickenpox_dataset; data = [data{:}];
    data = np.array(chickenpox_dataset())
    # numTimeStepsTrain = floor(0.9*numel(data));
    num_time_steps_train = int(np.floor(0.9 * data.size))
    # dataTrain = data(1:numTimeStepsTrain+1); dataTest = data(numTimeStepsTrain+1:end);
    data_train = data[:num_time_steps_train + 1]
    data_test = data[num_time_steps_train:]
    # mu = mean(dataTrain); sig = std(dataTrain);   (MATLAB's std divides by N-1)
    mu, sig = data_train.mean(), data_train.std(ddof=1)
    data_train_standardized = (data_train - mu) / sig
    # XTrain = dataTrainStandardized(1:end-1); YTrain = dataTrainStandardized(2:end);
    XTrain = data_train_standardized[:-1]
    YTrain = data_train_standardized[1:]

    num_features, num_responses, num_hidden_units = 1, 1, 200
    layers = [sequenceInputLayer(num_features),
              lstmLayer(num_hidden_units),
              fullyConnectedLayer(num_responses),
              regressionLayer()]
    options = trainingOptions('adam',
                              'MaxEpochs', max_epochs,
                              'GradientThreshold', 1,
                              'InitialLearnRate', 0.005,
                              'LearnRateSchedule', 'piecewise',
                              'LearnRateDropPeriod', max(1, max_epochs // 2),
                              'LearnRateDropFactor', 0.2,
                              'Verbose', verbose,
                              'Plots', 'training-progress' if plots else 'none')
    # [net, info] = trainNetwork(XTrain, YTrain, layers, options);
    net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)

    # Closed loop: feed each prediction back as the next input.
    data_test_standardized = (data_test - mu) / sig
    XTest = data_test_standardized[:-1]
    # net = predictAndUpdateState(net, XTrain);
    net = predictAndUpdateState(net, XTrain)
    # [net, YPred] = predictAndUpdateState(net, YTrain(end));
    net, y = predictAndUpdateState(net, YTrain[-1], nargout=2)
    y_pred = [y.item()]
    for i in range(1, XTest.size):
        # [net, YPred(:,i)] = predictAndUpdateState(net, YPred(:,i-1), 'ExecutionEnvironment', 'cpu');
        net, y = predictAndUpdateState(net, y_pred[i - 1], 'ExecutionEnvironment', 'cpu',
                                       nargout=2)
        y_pred.append(y.item())
    y_closed = sig * np.array(y_pred) + mu
    YTest = data_test[1:]
    rmse_closed = float(np.sqrt(np.mean((y_closed - YTest) ** 2)))

    # Open loop: reset, warm up on the training data, then feed the observed months.
    net = resetState(net)
    net = predictAndUpdateState(net, XTrain)
    y_pred = []
    for i in range(XTest.size):
        net, y = predictAndUpdateState(net, XTest[i], 'ExecutionEnvironment', 'cpu', nargout=2)
        y_pred.append(y.item())
    y_open = sig * np.array(y_pred) + mu
    rmse_open = float(np.sqrt(np.mean((y_open - YTest) ** 2)))

    baseline = persistence_rmse(data_test)
    print(f"RMSE, closed-loop forecast:               {rmse_closed:8.1f} cases")
    print(f"RMSE, forecast with updates (open loop):  {rmse_open:8.1f} cases")
    print(f"RMSE, persistence forecast (baseline):    {baseline:8.1f} cases")
    figures = _save_figures(data, num_time_steps_train, y_closed, y_open, YTest,
                            rmse_closed, rmse_open, out_dir, info)
    return {"rmse_closed": rmse_closed, "rmse_open": rmse_open, "rmse_persistence": baseline,
            "info": info, "net": net, "figures": figures}


def _save_figures(data, n_train, y_closed, y_open, y_test, rmse_closed, rmse_open, out_dir,
                  info):
    import matplotlib
    if "matplotlib.pyplot" not in sys.modules and not os.environ.get("DISPLAY"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    months = np.arange(n_train + 1, data.size)
    paths = []
    for name, y, rmse, title in (
            ("chickenpox_forecast_closed_loop.png", y_closed, rmse_closed, "Closed-loop forecast"),
            ("chickenpox_forecast_with_updates.png", y_open, rmse_open, "Forecast with updates")):
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
        ax1.plot(months, y_test, color=(0, 0.447, 0.741), label="Observed")
        ax1.plot(months, y, "--", color=(0.85, 0.325, 0.098), label="Forecast")
        ax1.set_ylabel("Cases")
        ax1.set_title(title)
        ax1.legend()
        ax2.stem(months, y - y_test)
        ax2.set_xlabel("Month")
        ax2.set_ylabel("Error")
        ax2.set_title(f"RMSE = {rmse:.2f}")
        fig.tight_layout()
        path = os.path.join(out_dir, name)
        fig.savefig(path, dpi=100)
        plt.close(fig)
        paths.append(path)
    if getattr(info, "Figure", None) is not None:
        path = os.path.join(out_dir, "chickenpox_training_progress.png")
        info.Figure.savefig(path, dpi=100)
        paths.append(path)
    return paths


if __name__ == "__main__":
    main()
