"""matlabnn: MATLAB's deep-learning sequence networks (LSTM, BiLSTM, GRU) in Python.

``from matlabnn import *`` gives the MATLAB names and nothing else::

    layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1),
              regressionLayer()]
    options = trainingOptions('adam', 'MaxEpochs', 250)
    net = trainNetwork(XTrain, YTrain, layers, options)
    YPred = predict(net, XTest)
"""
from ._rng import rng
from .datasets import chickenpox_dataset, japaneseVowelsTestData, japaneseVowelsTrainData
from .display.progress_plot import show
from .display.text import disp
from .categorical import (categorical, categories, countcats, iscategorical, isundefined,
                          summary)
from .layers.activation import leakyReluLayer, reluLayer, sigmoidLayer, softmaxLayer, tanhLayer
from .layers.classification import classificationLayer
from .layers.dense import fullyConnectedLayer
from .layers.dropout import dropoutLayer
from .layers.input import featureInputLayer, sequenceInputLayer
from .layers.output import regressionLayer
from .layers.recurrent import bilstmLayer, gruLayer, lstmLayer
from .network import SeriesNetwork
from .prediction import (assembleNetwork, classify, classifyAndUpdateState, predict,
                         predictAndUpdateState, resetState)
from .options import trainingOptions
from .io import load, save
from .training import trainNetwork
# Layer graphs
from .layers.combination import additionLayer, concatenationLayer, depthConcatenationLayer
from .layergraph import LayerGraph, layerGraph, plot     # addLayers & co.: see dlnetwork below
from .network import DAGNetwork

# Porting companions: helper functions around the network (issue 14, parts 3-4).
from .helpers import (con2seq, confusionchart, confusionmat, mae, mapminmax, mse, normalize,
                      readmatrix, readtable, rmse, table, table2array, trainingPartitions,
                      xlsread)

# MATLAB's random numbers (issue 14): rand, randn, randi, randperm, RandStream
from .random import RandStream, rand, randi, randn, randperm

__version__ = "0.1.0"

__all__ = [
    "rng", "disp", "show",
    "chickenpox_dataset", "japaneseVowelsTrainData", "japaneseVowelsTestData",
    "categorical", "categories", "countcats", "iscategorical", "isundefined", "summary",
    "sequenceInputLayer", "featureInputLayer", "lstmLayer", "bilstmLayer", "gruLayer",
    "fullyConnectedLayer", "dropoutLayer", "reluLayer", "leakyReluLayer", "tanhLayer",
    "sigmoidLayer", "softmaxLayer", "classificationLayer", "regressionLayer", "SeriesNetwork",
    "assembleNetwork", "predict", "predictAndUpdateState", "resetState", "classify",
    "classifyAndUpdateState",
    "trainingOptions", "trainNetwork", "save", "load",
    # layer graphs
    "layerGraph", "addLayers", "removeLayers", "replaceLayer", "connectLayers",
    "disconnectLayers", "plot", "additionLayer", "concatenationLayer",
    "depthConcatenationLayer",
    "rand", "randn", "randi", "randperm", "RandStream",
]
__all__ += [
    "mapminmax", "normalize", "rmse", "mse", "mae", "confusionmat", "confusionchart",
    "trainingPartitions", "con2seq", "readmatrix", "readtable", "xlsread", "table",
    "table2array",
]

# MATLAB's height/width/istable, for tables (what load reads from MAT files, issue 14).
from .helpers.table import height, istable, width  # noqa: E402

__all__ += ["height", "width", "istable"]

# Layers beyond the recurrent ones (issue 13): convolution, pooling, normalization,
# attention, positions, more activations.
from .layers.activation import (clippedReluLayer, eluLayer, geluLayer, softplusLayer,
                                swishLayer)
from .layers.attention import selfAttentionLayer
from .layers.convolution import convolution1dLayer
from .layers.normalization import batchNormalizationLayer, layerNormalizationLayer
from .layers.pooling import (averagePooling1dLayer, globalAveragePooling1dLayer,
                             globalMaxPooling1dLayer, maxPooling1dLayer)
from .layers.positional import (indexing1dLayer, positionEmbeddingLayer,
                                sinusoidalPositionEncodingLayer)

__all__ += [
    "convolution1dLayer", "batchNormalizationLayer", "layerNormalizationLayer",
    "maxPooling1dLayer", "averagePooling1dLayer", "globalAveragePooling1dLayer",
    "globalMaxPooling1dLayer", "selfAttentionLayer", "indexing1dLayer",
    "positionEmbeddingLayer", "sinusoidalPositionEncodingLayer",
    "eluLayer", "geluLayer", "swishLayer", "clippedReluLayer", "softplusLayer",
]
from .layers.image import (averagePooling2dLayer, convolution2dLayer, flattenLayer,
                           globalAveragePooling2dLayer, globalMaxPooling2dLayer,
                           maxPooling2dLayer)

__all__ += ["convolution2dLayer", "maxPooling2dLayer", "averagePooling2dLayer", "flattenLayer",
            "globalAveragePooling2dLayer", "globalMaxPooling2dLayer"]
from .layers.folding import sequenceFoldingLayer, sequenceUnfoldingLayer

__all__ += ["sequenceFoldingLayer", "sequenceUnfoldingLayer"]
from .layers.spatial_dropout import spatialDropoutLayer  # noqa: E402

__all__ += ["spatialDropoutLayer"]

# The trainnet/dlnetwork API (R2024a+): T-by-C data, the loss as an argument.
# addLayers & co. are re-bound to versions that also edit a dlnetwork.
from .dlarray import dims, dlarray, extractdata, finddim
from .dlnetwork import (addLayers, connectLayers, disconnectLayers, dlnetwork, forward,
                        initialize, removeLayers, replaceLayer)
from .metrics import (accuracyMetric, aucMetric, fScoreMetric, mapeMetric, precisionMetric,
                      recallMetric, rmseMetric)
from .minibatch import minibatchpredict, testnet
from .scores2label import scores2label
from .trainnet import trainnet

__all__ += [
    "trainnet", "dlnetwork", "initialize", "forward", "minibatchpredict", "testnet",
    "scores2label", "dlarray", "extractdata", "dims", "finddim",
    "accuracyMetric", "rmseMetric", "mapeMetric", "fScoreMetric", "precisionMetric",
    "recallMetric", "aucMetric",
]
