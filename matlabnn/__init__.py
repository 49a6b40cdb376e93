"""matlabnn: MATLAB's deep-learning sequence networks (LSTM, BiLSTM, GRU) in Python.

``from matlabnn import *`` gives the MATLAB names and nothing else::

    layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1),
              regressionLayer()]
    options = trainingOptions('adam', 'MaxEpochs', 250)
    net = trainNetwork(XTrain, YTrain, layers, options)
    YPred = predict(net, XTest)
"""
from ._rng import rng
from .display.progress_plot import show
from .display.text import disp
from .layers.dense import fullyConnectedLayer
from .layers.input import featureInputLayer, sequenceInputLayer
from .layers.output import regressionLayer
from .layers.recurrent import lstmLayer
from .network import SeriesNetwork
from .prediction import assembleNetwork, predict, predictAndUpdateState, resetState
from .options import trainingOptions
from .training import trainNetwork

__version__ = "0.1.0"

__all__ = [
    "rng", "disp", "show",
    "sequenceInputLayer", "featureInputLayer", "lstmLayer", "fullyConnectedLayer",
    "regressionLayer", "SeriesNetwork",
    "assembleNetwork", "predict", "predictAndUpdateState", "resetState",
    "trainingOptions", "trainNetwork",
]
