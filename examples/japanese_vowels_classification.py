"""Sequence classification with a BiLSTM — a port of MATLAB's example
"Sequence Classification Using Deep Learning" (Japanese Vowels speakers).

Run it with ``python examples/japanese_vowels_classification.py``. It trains a
BiLSTM on 270 utterances (12 LPC cepstrum features per time step) from nine
speakers, classifies the 370 test utterances, prints the accuracy and saves
the training-progress figure as ``japanese_vowels_training_progress.png``.
"""
import os
import time

import numpy as np

from matlabnn import (bilstmLayer, classificationLayer, classify, fullyConnectedLayer, rng,
                      sequenceInputLayer, softmaxLayer, trainNetwork, trainingOptions)
from matlabnn.datasets import japaneseVowelsTestData, japaneseVowelsTrainData


def sort_by_length(X, Y):
    """MATLAB's [~, idx] = sort(sequenceLengths); X = X(idx); Y = Y(idx)."""
    lengths = np.array([x.shape[1] for x in X])
    idx = np.argsort(lengths, kind="stable")       # MATLAB's sort is stable
    return [X[i] for i in idx], Y[idx]


def main(max_epochs=50, out_dir=".", verbose=False, plots=True, seed=0):
    """Train, classify the test set, print the accuracy; returns a dict of results."""
    rng(seed)
    # [XTrain, YTrain] = japaneseVowelsTrainData;
    XTrain, YTrain = japaneseVowelsTrainData(nargout=2)
    XTrain, YTrain = sort_by_length(XTrain, YTrain)

    input_size, num_hidden_units, num_classes = 12, 100, 9
    layers = [sequenceInputLayer(input_size),
              bilstmLayer(num_hidden_units, 'OutputMode', 'last'),
              fullyConnectedLayer(num_classes),
              softmaxLayer(),
              classificationLayer()]
    mini_batch_size = 27
    options = trainingOptions('adam',
                              'ExecutionEnvironment', 'cpu',
                              'GradientThreshold', 1,
                              'MaxEpochs', max_epochs,
                              'MiniBatchSize', mini_batch_size,
                              'SequenceLength', 'longest',
                              'Shuffle', 'never',
                              'Verbose', verbose,
                              'Plots', 'training-progress' if plots else 'none')
    start = time.perf_counter()
    net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
    training_time = time.perf_counter() - start

    # [XTest, YTest] = japaneseVowelsTestData;  (sorted by length too)
    XTest, YTest = japaneseVowelsTestData(nargout=2)
    XTest, YTest = sort_by_length(XTest, YTest)
    # YPred = classify(net, XTest, 'MiniBatchSize', miniBatchSize, 'SequenceLength', 'longest');
    YPred = classify(net, XTest, 'MiniBatchSize', mini_batch_size, 'SequenceLength', 'longest')
    # acc = sum(YPred == YTest)./numel(YTest)
    acc = float(np.sum(YPred == YTest) / len(YTest))
    print(f"Test accuracy: {acc:.4f}  (training time {training_time:.1f} s)")
    figure_path = None
    if getattr(info, "Figure", None) is not None:
        figure_path = os.path.join(out_dir, "japanese_vowels_training_progress.png")
        info.Figure.savefig(figure_path, dpi=100)
    return {"accuracy": acc, "training_time": training_time, "info": info, "net": net,
            "figure": figure_path}


if __name__ == "__main__":
    main()
