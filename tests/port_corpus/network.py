# Python translation of network.m (python -m matlabnn.port).

from matlabnn import (classificationLayer, classify, fullyConnectedLayer, japaneseVowelsTrainData,
                      lstmLayer, sequenceInputLayer, softmaxLayer, trainingOptions, trainNetwork)

# Deep learning: layers, options, several outputs, state updates.
XTrain, YTrain = japaneseVowelsTrainData(nargout=2)
numFeatures = XTrain[0].shape[0]
layers = [
    sequenceInputLayer(numFeatures),
    lstmLayer(10, 'OutputMode', 'last'),
    fullyConnectedLayer(9),
    softmaxLayer(),
    classificationLayer(),
]
options = trainingOptions('adam', 'MaxEpochs', 1, 'MiniBatchSize', 27, 'Verbose', False)
net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
YPred, scores = classify(net, XTrain[:5], nargout=2)
lossHistory = info.TrainingLoss
lstm = net.Layers[1]
units = lstm.NumHiddenUnits
