# Python translation of forecast.m (python -m matlabnn.port).

import numpy as np
from matlabnn import (fullyConnectedLayer, gruLayer, predict, predictAndUpdateState,
                      regressionLayer, resetState, sequenceInputLayer, trainingOptions,
                      trainNetwork)
from matlabnn.port.runtime import along_first

# One-step forecasting of a column of values with a GRU, then a closed loop.
t = np.arange(0, 100).reshape(-1, 1)
values = np.sin(t / 5) + 2
mu = np.mean(values)
sig = np.std(values, ddof=1)
valuesStd = (values - mu) / sig
XTrain = valuesStd[:-1].ravel()
YTrain = valuesStd[1:].ravel()
layers = [sequenceInputLayer(1), gruLayer(4), fullyConnectedLayer(1), regressionLayer()]
options = trainingOptions('adam', 'MaxEpochs', 2, 'Verbose', False)
net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
YPred = predict(net, XTrain)
r = np.sqrt(along_first(np.mean, (YPred - YTrain) ** 2))
numSteps = 5
Yf = np.zeros(numSteps)
net = resetState(net)
net, y = predictAndUpdateState(net, XTrain, nargout=2)
Yf[0] = y.ravel(order="F")[-1]
for s in range(2, numSteps + 1):
    net, Yf_value = predictAndUpdateState(net, Yf[s - 2], nargout=2)
    Yf[s - 1] = np.squeeze(Yf_value)
Yf = Yf * sig + mu
