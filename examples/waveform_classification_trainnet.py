"""Sequence classification with trainnet — a port of MATLAB's example "Sequence
Classification Using Deep Learning" in its current form (WaveformData, T-by-C
sequences, BiLSTM, ``trainnet``/``testnet``/``minibatchpredict``/``scores2label``,
R2024a+).

Run it with ``python examples/waveform_classification_trainnet.py``. It trains a
BiLSTM to tell four waveform classes apart ("crossentropy" loss, Metrics="accuracy"),
reports the test accuracy with ``testnet``, and labels the test sequences with
``minibatchpredict`` and ``scores2label``. Figures are saved as PNG files in the
current folder.

MathWorks' WaveformData is not redistributable: ``waveform_data`` (beside this
file) generates waveforms of the same form. ``trainingPartitions`` (MATLAB's
supporting file) and ``confusionchart`` are matlabnn's. MATLAB graphics without a
matlabnn counterpart become matplotlib: ``stackedplot``/``tiledlayout``
(subplots), ``bar``.

Each block below is the MATLAB line it ports, then the Python line.
"""
import os
import sys

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from examples.waveform_data import waveform_data  # noqa: E402
from matlabnn import (bilstmLayer, categories, confusionchart, confusionmat,  # noqa: E402
                      fullyConnectedLayer, minibatchpredict, rng, scores2label,
                      sequenceInputLayer, softmaxLayer, testnet, trainingOptions,
                      trainingPartitions, trainnet)


def main(max_epochs=200, num_observations=1000, num_hidden_units=120, out_dir=".",
         plots=True, seed=0):
    """Train, test, label; returns a dict of results (and saves the figures)."""
    import matplotlib.pyplot as plt
    rng(seed)
    figures = []

    def save(fig, name):
        path = os.path.join(out_dir, name)
        fig.savefig(path, dpi=80)
        plt.close(fig)
        figures.append(path)

    # load WaveformData
    data, labels = waveform_data(num_observations, seed=seed)
    # numChannels = size(data{1},2);
    num_channels = data[0].shape[1]
    # idx = [3 4 5 12]; figure; tiledlayout(2,2)
    # for i = 1:4; nexttile; stackedplot(data{idx(i)}, ...); title("Class: " + ...); end
    idx = [2, 3, 4, 11]
    fig, axes = plt.subplots(num_channels, 4, figsize=(12, 6), sharex="col")
    for i in range(4):
        for c in range(num_channels):
            axes[c, i].plot(data[idx[i]][:, c])
            axes[c, i].set_ylabel(f"Channel {c + 1}")
        axes[0, i].set_title("Class: " + str(labels[idx[i]].tolist()[0]))
        axes[-1, i].set_xlabel("Time Step")
    save(fig, "waveform_classification_data.png")
    # classNames = categories(labels)
    classNames = categories(labels)
    print("classNames =", classNames)

    # numObservations = numel(data);
    numObservations = len(data)
    # [idxTrain,idxTest] = trainingPartitions(numObservations,[0.9 0.1]);
    idxTrain, idxTest = trainingPartitions(numObservations, [0.9, 0.1])
    # XTrain = data(idxTrain); TTrain = labels(idxTrain);
    # XTest = data(idxTest); TTest = labels(idxTest);
    XTrain = [data[i] for i in idxTrain]
    TTrain = labels[idxTrain]
    XTest = [data[i] for i in idxTest]
    TTest = labels[idxTest]

    # for i=1:numObservations; sequenceLengths(i) = size(XTrain{i},1); end
    sequenceLengths = np.array([sequence.shape[0] for sequence in XTrain])
    # [sequenceLengths,idx] = sort(sequenceLengths); XTrain = XTrain(idx); TTrain = TTrain(idx);
    idx = np.argsort(sequenceLengths, kind="stable")
    sequenceLengths = sequenceLengths[idx]
    XTrain = [XTrain[i] for i in idx]
    TTrain = TTrain[idx]
    # figure; bar(sequenceLengths); xlabel("Sequence"); ylabel("Length"); title("Sorted Data")
    fig, ax = plt.subplots()
    ax.bar(np.arange(1, len(sequenceLengths) + 1), sequenceLengths)
    ax.set_xlabel("Sequence")
    ax.set_ylabel("Length")
    ax.set_title("Sorted Data")
    save(fig, "waveform_classification_sorted_lengths.png")

    # numHiddenUnits = 120; numClasses = 4;
    numHiddenUnits = num_hidden_units
    numClasses = 4
    # layers = [sequenceInputLayer(numChannels)
    #           bilstmLayer(numHiddenUnits,OutputMode="last")
    #           fullyConnectedLayer(numClasses)
    #           softmaxLayer]
    layers = [sequenceInputLayer(num_channels),
              bilstmLayer(numHiddenUnits, OutputMode="last"),
              fullyConnectedLayer(numClasses),
              softmaxLayer()]
    # options = trainingOptions("adam", MaxEpochs=200, InitialLearnRate=0.002,
    #     GradientThreshold=1, Shuffle="never", Plots="training-progress",
    #     Metrics="accuracy", Verbose=false);
    options = trainingOptions("adam",
                              MaxEpochs=max_epochs,
                              InitialLearnRate=0.002,
                              GradientThreshold=1,
                              Shuffle="never",
                              Plots="training-progress" if plots else "none",
                              Metrics="accuracy",
                              Verbose=False)
    # net = trainnet(XTrain,TTrain,layers,"crossentropy",options);
    net, info = trainnet(XTrain, TTrain, layers, "crossentropy", options, nargout=2)
    if plots:
        from matlabnn import show
        save(show(info), "waveform_classification_training_progress.png")

    # acc = testnet(net,XTest,TTest,"accuracy")
    acc = testnet(net, XTest, TTest, "accuracy")
    print(f"acc = {acc:.4f}")
    # scores = minibatchpredict(net,XTest);
    scores = minibatchpredict(net, XTest)
    # YTest = scores2label(scores,classNames);
    YTest = scores2label(scores, classNames)
    # figure; confusionchart(TTest,YTest)
    fig = plt.figure()
    confusionchart(fig, TTest, YTest)
    save(fig, "waveform_classification_confusion.png")
    counts = confusionmat(TTest, YTest)
    return {"net": net, "info": info, "acc": float(acc), "YTest": YTest, "TTest": TTest,
            "counts": counts, "figures": figures}


if __name__ == "__main__":
    import time
    start = time.perf_counter()
    main()
    print(f"Total time: {time.perf_counter() - start:.1f} s")
