% Deep learning: layers, options, several outputs, state updates.
[XTrain, YTrain] = japaneseVowelsTrainData;
numFeatures = size(XTrain{1}, 1);
layers = [ ...
    sequenceInputLayer(numFeatures)
    lstmLayer(10, 'OutputMode', 'last')
    fullyConnectedLayer(9)
    softmaxLayer
    classificationLayer];
options = trainingOptions('adam', ...
    'MaxEpochs', 1, ...
    'MiniBatchSize', 27, ...
    'Verbose', false);
[net, info] = trainNetwork(XTrain, YTrain, layers, options);
[YPred, scores] = classify(net, XTrain(1:5));
lossHistory = info.TrainingLoss;
lstm = net.Layers(2);
units = lstm.NumHiddenUnits;
