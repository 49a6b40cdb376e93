"""Time series forecasting with trainnet — a port of MATLAB's example "Time Series
Forecasting Using Deep Learning" in its current form (WaveformData, T-by-C sequences,
``trainnet``/``dlnetwork``, R2024a+).

Run it with ``python examples/waveform_forecast_trainnet.py``. It trains an LSTM to
predict each next time step of three-channel waveforms ("mse" loss), measures the
RMSE of the open-loop one-step predictions on the test sequences with
``minibatchpredict``, then forecasts one test sequence open loop (true values fed
in, ``[Y, state] = predict`` with ``net.State = state``) and closed loop (each
prediction fed back). Figures are saved as PNG files in the current folder.

MathWorks' WaveformData is not redistributable: ``waveform_data`` (beside this
file) generates waveforms of the same form. MATLAB graphics without a matlabnn
counterpart become matplotlib: ``stackedplot`` (one axis per channel),
``histogram``, ``tiledlayout``/``nexttile`` (subplots).

Each block below is the MATLAB line it ports, then the Python line.
"""
import os
import sys

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from examples.waveform_data import waveform_data  # noqa: E402
from matlabnn import (fullyConnectedLayer, lstmLayer, minibatchpredict, predict,  # noqa: E402
                      resetState, rmse, rng, sequenceInputLayer, trainingOptions, trainnet)


def stackedplot(ax_column, X, title=None):
    """MATLAB's stackedplot(X): one axis per channel (column) of X."""
    for c, ax in enumerate(ax_column):
        ax.plot(X[:, c])
        ax.set_ylabel(f"Channel {c + 1}")
    if title:
        ax_column[0].set_title(title)
    ax_column[-1].set_xlabel("Time Step")


def main(max_epochs=200, num_observations=1000, out_dir=".", plots=True, seed=0):
    """Train, evaluate, forecast; returns a dict of results (and saves the figures)."""
    import matplotlib.pyplot as plt
    rng(seed)
    figures = []

    def save(fig, name):
        path = os.path.join(out_dir, name)
        fig.savefig(path, dpi=80)
        plt.close(fig)
        figures.append(path)

    # load WaveformData
    data, _ = waveform_data(num_observations, seed=seed)
    # numChannels = size(data{1},2);
    num_channels = data[0].shape[1]
    # figure; tiledlayout(2,2); nexttile; stackedplot(data{i}) ...
    fig, axes = plt.subplots(num_channels, 4, figsize=(12, 6), sharex="col")
    for i in range(4):
        stackedplot(axes[:, i], data[i], title=f"Observation {i + 1}")
    save(fig, "waveform_forecast_data.png")

    # numObservations = numel(data);
    num_observations = len(data)
    # idxTrain = 1:floor(0.9*numObservations);
    # idxTest = floor(0.9*numObservations)+1:numObservations;
    idx_train = range(0, int(np.floor(0.9 * num_observations)))
    idx_test = range(int(np.floor(0.9 * num_observations)), num_observations)
    # dataTrain = data(idxTrain); dataTest = data(idxTest);
    data_train = [data[i] for i in idx_train]
    data_test = [data[i] for i in idx_test]

    # for n = 1:numObservationsTrain
    #     X = dataTrain{n}; XTrain{n} = X(1:end-1,:); TTrain{n} = X(2:end,:);
    # end
    XTrain = [X[:-1, :] for X in data_train]
    TTrain = [X[1:, :] for X in data_train]

    # muX = mean(cell2mat(XTrain)); sigmaX = std(cell2mat(XTrain),0);
    # muT = mean(cell2mat(TTrain)); sigmaT = std(cell2mat(TTrain),0);
    muX, sigmaX = np.vstack(XTrain).mean(0), np.vstack(XTrain).std(0, ddof=1)
    muT, sigmaT = np.vstack(TTrain).mean(0), np.vstack(TTrain).std(0, ddof=1)
    # XTrain{n} = (XTrain{n} - muX) ./ sigmaX; TTrain{n} = (TTrain{n} - muT) ./ sigmaT;
    XTrain = [(X - muX) / sigmaX for X in XTrain]
    TTrain = [(T - muT) / sigmaT for T in TTrain]

    # layers = [sequenceInputLayer(numChannels) lstmLayer(128)
    #           fullyConnectedLayer(numChannels)];
    layers = [sequenceInputLayer(num_channels),
              lstmLayer(128),
              fullyConnectedLayer(num_channels)]
    # options = trainingOptions("adam", MaxEpochs=200, SequencePaddingDirection="left",
    #     Shuffle="every-epoch", Plots="training-progress", Verbose=false);
    options = trainingOptions("adam",
                              MaxEpochs=max_epochs,
                              SequencePaddingDirection="left",
                              Shuffle="every-epoch",
                              Plots="training-progress" if plots else "none",
                              Verbose=False)
    # net = trainnet(XTrain,TTrain,layers,"mse",options);
    net, info = trainnet(XTrain, TTrain, layers, "mse", options, nargout=2)
    if plots:
        from matlabnn import show
        save(show(info), "waveform_forecast_training_progress.png")

    # XTest{n} = (X(1:end-1,:) - muX) ./ sigmaX; TTest{n} = (X(2:end,:) - muT) ./ sigmaT;
    XTest = [(X[:-1, :] - muX) / sigmaX for X in data_test]
    TTest = [(X[1:, :] - muT) / sigmaT for X in data_test]

    # YTest = minibatchpredict(net,XTest, SequencePaddingDirection="left", UniformOutput=false);
    YTest = minibatchpredict(net, XTest, SequencePaddingDirection="left", UniformOutput=False)

    # for n = 1:numObservationsTest
    #     T = TTest{n}; sequenceLength = size(T,1);
    #     Y = YTest{n}(end-sequenceLength+1:end,:); err(n) = rmse(Y,T,"all");
    # end
    err = np.zeros(len(TTest))
    for n, T in enumerate(TTest):
        sequence_length = T.shape[0]
        Y = YTest[n][-sequence_length:, :]
        err[n] = rmse(Y, T, "all")
    # figure; histogram(err); xlabel("RMSE"); ylabel("Frequency")
    fig, ax = plt.subplots()
    ax.hist(err)
    ax.set_xlabel("RMSE")
    ax.set_ylabel("Frequency")
    save(fig, "waveform_forecast_rmse_histogram.png")
    # mean(err,"all")
    mean_rmse = float(np.mean(err))
    print(f"Mean RMSE of the one-step predictions (test set): {mean_rmse:.4f}")

    # idx = 2; X = XTest{idx}; T = TTest{idx};
    idx = 1
    X = XTest[idx]
    T = TTest[idx]

    # net = resetState(net); offset = 75;
    net = resetState(net)
    offset = 75
    # [Z,state] = predict(net,X(1:offset,:)); net.State = state;
    Z, state = predict(net, X[:offset, :], nargout=2)
    net.State = state
    # numTimeSteps = size(X,1); numPredictionTimeSteps = numTimeSteps - offset;
    num_time_steps = X.shape[0]
    num_prediction_time_steps = num_time_steps - offset
    # Y = zeros(numPredictionTimeSteps,numChannels); Y(1,:) = Z(end,:);
    Y = np.zeros((num_prediction_time_steps, num_channels))
    Y[0, :] = Z[-1, :]
    # for t = 1:numPredictionTimeSteps-1
    #     Xt = X(offset+t,:); [Y(t+1,:),state] = predict(net,Xt); net.State = state;
    # end
    for t in range(1, num_prediction_time_steps):
        Xt = X[offset + t - 1, :]
        Y[t, :], state = predict(net, Xt, nargout=2)
        net.State = state
    # (not in MATLAB's example) Y(k) forecasts T(offset-1+k): their RMSE
    open_loop_rmse = float(rmse(Y, T[offset - 1:offset - 1 + num_prediction_time_steps], "all"))
    print(f"RMSE of the open-loop forecast (observation {idx + 1}): {open_loop_rmse:.4f}")
    # figure; tiledlayout(numChannels,1); title(t,"Open Loop Forecasting") ...
    fig, axes = plt.subplots(num_channels, 1, sharex=True)
    for i in range(num_channels):
        axes[i].plot(np.arange(1, num_time_steps + 1), T[:, i])
        axes[i].plot(np.arange(offset, num_time_steps), Y[:, i], "--")
        axes[i].set_ylabel(f"Channel {i + 1}")
    axes[-1].set_xlabel("Time Step")
    axes[0].legend(["Input", "Forecasted"])
    fig.suptitle("Open Loop Forecasting")
    save(fig, "waveform_forecast_open_loop.png")

    # net = resetState(net); offset = size(X,1);
    net = resetState(net)
    offset = X.shape[0]
    # [Z,state] = predict(net,X(1:offset,:)); net.State = state;
    Z, state = predict(net, X[:offset, :], nargout=2)
    net.State = state
    # numPredictionTimeSteps = 200; Y = zeros(numPredictionTimeSteps,numChannels);
    # Y(1,:) = Z(end,:);
    num_prediction_time_steps = 200
    Y = np.zeros((num_prediction_time_steps, num_channels))
    Y[0, :] = Z[-1, :]
    # for t = 2:numPredictionTimeSteps
    #     [Y(t,:),state] = predict(net,Y(t-1,:)); net.State = state;
    # end
    for t in range(1, num_prediction_time_steps):
        Y[t, :], state = predict(net, Y[t - 1, :], nargout=2)
        net.State = state
    # numTimeSteps = offset + numPredictionTimeSteps; figure; tiledlayout ...
    num_time_steps = offset + num_prediction_time_steps
    fig, axes = plt.subplots(num_channels, 1, sharex=True)
    for i in range(num_channels):
        axes[i].plot(np.arange(1, offset + 1), X[:, i])
        axes[i].plot(np.arange(offset, num_time_steps), Y[:, i], "--")
        axes[i].set_ylabel(f"Channel {i + 1}")
    axes[-1].set_xlabel("Time Step")
    axes[0].legend(["Input", "Forecasted"])
    fig.suptitle("Closed Loop Forecasting")
    save(fig, "waveform_forecast_closed_loop.png")
    return {"net": net, "info": info, "err": err, "mean_rmse": mean_rmse,
            "open_loop_rmse": open_loop_rmse, "closed_loop": Y, "figures": figures}


if __name__ == "__main__":
    import time
    start = time.perf_counter()
    main()
    print(f"Total time: {time.perf_counter() - start:.1f} s")
