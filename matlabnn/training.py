"""trainNetwork: MATLAB's face of the engine's training.

It parses MATLAB's arguments, turns MATLAB's data into the engine's datasets
(the output layer checks and encodes the responses), sets input statistics and
initial weights, and hands the rest to ``engine.trainer.run_training``, which runs the
one training loop with the table, the plot, OutputFcn and checkpoints as
observers.
"""
import time

from ._nargout import check_nargout, outputs
from ._rng import generator
from ._signature import matlab_syntax
from .callbacks import CheckpointWriter, OutputFcnCaller
from .engine.pipeline import Dataset
from .engine.trainer import Trainer, run_training
from .errors import MatlabnnTypeError
from .network import compile_network
from .options import TrainingOptions
from .sequences import network_inputs

FUNCTION = "trainNetwork"
_Trainer = Trainer      # the engine's trainer, under the name tools and tests patch


def _dataset(net, X, Y, argnames=("X", "Y")):
    """MATLAB predictors and responses -> an engine Dataset."""
    data, single, is_feature = network_inputs(net, X, FUNCTION, argnames[0])
    targets = net._output_layer._training_targets(Y, data, single, net, FUNCTION,
                                                  argnames[1], is_feature)
    return Dataset(data, targets, is_feature)


def _parse_arguments(args, nargout):
    check_nargout(FUNCTION, nargout, 2)
    if len(args) < 4:
        raise MatlabnnTypeError(
            f"{FUNCTION}: not enough input arguments. Use trainNetwork(X, Y, layers, options): "
            "predictors, responses, a layer array and trainingOptions(...).",
            "MATLAB:minrhs")
    if len(args) > 4:
        raise MatlabnnTypeError(
            f"{FUNCTION}: too many input arguments ({len(args)}). Use "
            "trainNetwork(X, Y, layers, options).", "MATLAB:TooManyInputs")
    X, Y, layers, options = args
    if not isinstance(options, TrainingOptions):
        raise MatlabnnTypeError(
            f"{FUNCTION}: the fourth argument must be training options created with "
            f"trainingOptions(...); got a {type(options).__name__}.",
            "nnet_cnn:trainNetwork:InvalidTrainingOptions")
    return X, Y, layers, options


@matlab_syntax('net = trainNetwork(X, Y, layers, options)', 'net, info = trainNetwork(X, Y, layers, options, nargout=2)')
def trainNetwork(*args, nargout=1):
    """Train a neural network for sequence regression or classification.

    MATLAB syntax::

        net = trainNetwork(X, Y, layers, options)
        [net, info] = trainNetwork(X, Y, layers, options)

    Python::

        net = trainNetwork(XTrain, YTrain, layers, options)
        net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)

    Data forms (MATLAB's):

    - ``X``: one C-by-S sequence (numpy array) or a list of C-by-S sequences
      (MATLAB's cell array); N-by-F array for a featureInputLayer network.
    - ``Y``, regression: N-by-R array (sequence-to-one, OutputMode 'last');
      a list of R-by-S sequences (sequence-to-sequence), or one R-by-S array
      for one sequence.
    - ``Y``, classification: a categorical vector of N labels (sequence-to-label),
      or a list of 1-by-S categorical sequences (sequence-to-sequence).
    - ``layers``: a layer array (list) starting with an input layer and ending
      with an output layer (gives a SeriesNetwork), or a layer graph from
      layerGraph (gives a DAGNetwork). The layers passed in are not modified.
    - ``options``: from :func:`trainingOptions` ('sgdm', 'adam', 'rmsprop').

    Each epoch has floor(N / MiniBatchSize) iterations (more with integer
    SequenceLength, one per chunk). Padded time steps are masked: they change
    neither the state nor the loss. Prints MATLAB's progress table when
    Verbose is true; shows the training-progress plot with
    Plots 'training-progress'. Ctrl-C stops training and returns the network
    as it is. ``info`` has TrainingLoss, TrainingRMSE or TrainingAccuracy,
    BaseLearnRate, validation fields and OutputNetworkIteration.

    Example::

        layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1),
                  regressionLayer()]
        options = trainingOptions('adam', 'MaxEpochs', 250, 'GradientThreshold', 1,
                                  'InitialLearnRate', 0.005, 'Verbose', 0)
        net = trainNetwork(XTrain, YTrain, layers, options)
    """
    start_clock = time.perf_counter()
    X, Y, layers, options = _parse_arguments(args, nargout)
    options._check_supported(FUNCTION)
    net = compile_network(layers, FUNCTION, initialize=False)
    data = _dataset(net, X, Y)
    validation = None
    if options.ValidationData is not None:
        XV, YV = options.ValidationData
        validation = _dataset(net, XV, YV, ("ValidationData{1}", "ValidationData{2}"))
    # Statistics and initial weights come before the first iteration (spec §1.1, §4.3).
    inp = net._input_layer
    normalize = bool(inp._stat_names()) and (options.ResetInputNormalization
                                              or inp._stats_missing())
    if normalize:
        inp._fit_normalization(data.data if not data.is_feature else [data.data.T],
                               net._dtype)
    rng = generator()
    for layer in net.Layers:
        layer._initialize(rng, net._dtype)
        layer._cast(net._dtype)
    net._output_layer._finalize_training(data)
    net, info = run_training(net, data, net._output_layer, options, validation,
                             _observers(options), normalize, FUNCTION, start_clock)
    return outputs((net, info), nargout)


def _observers(options):
    """The displays and actions that follow the loop's events, in MATLAB's order."""
    observers = []
    if options.Verbose:
        from .display.table import VerboseTable
        observers.append(VerboseTable())
    if options.Plots == "training-progress":
        from .display.progress_plot import TrainingProgressPlot   # imported only when used
        observers.append(TrainingProgressPlot())
    if options.OutputFcn is not None:
        observers.append(OutputFcnCaller(options.OutputFcn))
    if options.CheckpointPath:
        observers.append(CheckpointWriter(options.CheckpointPath, options.CheckpointFrequency,
                                          options.CheckpointFrequencyUnit))
    return observers
