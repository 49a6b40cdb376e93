% One-step forecasting of a column of values with a GRU, then a closed loop.
t = (0:99)';
values = sin(t / 5) + 2;
mu = mean(values);
sig = std(values);
valuesStd = (values - mu) / sig;
XTrain = valuesStd(1:end-1)';
YTrain = valuesStd(2:end)';
layers = [sequenceInputLayer(1) gruLayer(4) fullyConnectedLayer(1) regressionLayer];
options = trainingOptions('adam', 'MaxEpochs', 2, 'Verbose', false);
[net, info] = trainNetwork(XTrain, YTrain, layers, options);
YPred = predict(net, XTrain);
r = sqrt(mean((YPred - YTrain).^2));
numSteps = 5;
Yf = zeros(1, numSteps);
net = resetState(net);
[net, y] = predictAndUpdateState(net, XTrain);
Yf(1) = y(end);
for s = 2:numSteps
    [net, Yf(s)] = predictAndUpdateState(net, Yf(s-1));
end
Yf = Yf * sig + mu;
