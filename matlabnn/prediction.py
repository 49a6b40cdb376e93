"""predict, predictAndUpdateState, resetState and assembleNetwork."""
import copy

import numpy as np

from ._namevalue import Option, choice, logical, parse
from ._nargout import check_nargout, outputs
from ._hardware import execution_environment
from ._signature import matlab_syntax
from .engine.graph import Network
from .engine.pipeline import SEQUENCE_OPTIONS, SequenceSettings, predict_all
from .errors import InvalidNetworkError, MatlabnnTypeError, MatlabnnValueError, invalid_network

_ASSEMBLE = "nnet_cnn:assembleNetwork:InvalidNetwork"
from .network import compile_network, missing_learnables
from .sequences import network_inputs

PREDICT_OPTIONS = tuple(SEQUENCE_OPTIONS.values()) + (
    Option("ExecutionEnvironment", "auto", choice("auto", "cpu", "gpu", "multi-gpu", "parallel")),
    Option("Acceleration", "auto", choice("auto", "mex", "none")),
)
PREDICT_ONLY_OPTIONS = (Option("ReturnCategorical", False, logical),)


def check_network(net, function):
    if getattr(net, "_is_dlnetwork", False) and function != "resetState":
        raise MatlabnnTypeError(
            f"{function} is a trainNetwork-era function and takes a SeriesNetwork or "
            f"DAGNetwork. For a dlnetwork use: Y, state = predict(net, X, nargout=2) and "
            "net.State = state (instead of predictAndUpdateState / classifyAndUpdateState), "
            "or scores = minibatchpredict(net, X) and scores2label(scores, classNames) "
            "(instead of classify).", f"nnet_cnn:{function}:InvalidNetwork")
    if not isinstance(net, Network):
        raise MatlabnnTypeError(
            f"{function}: the first argument must be a network (a SeriesNetwork or DAGNetwork "
            f"from trainNetwork or assembleNetwork); got a {type(net).__name__}. If you have a "
            "layer array or graph, train it with trainNetwork or build it with assembleNetwork.",
            f"nnet_cnn:{function}:InvalidNetwork")
    if not hasattr(net, "_output_is_sequence"):
        raise InvalidNetworkError(
            f"{function}: the network was made with SeriesNetwork(layers), which neither "
            "checks nor sizes the layers. Build it with net = assembleNetwork(layers) "
            "(layers with weights) or train it with trainNetwork.",
            f"nnet_cnn:{function}:InvalidNetwork")


def parse_predict_options(function, args, kwargs):
    table = PREDICT_OPTIONS + (PREDICT_ONLY_OPTIONS if function == "predict" else ())
    opts, _ = parse(function, table, args, kwargs)
    execution_environment(function, opts["ExecutionEnvironment"])   # GPU values: a warning
    return opts


def _check_stored_states(net, n_obs):
    """A stored H-by-N state (from predictAndUpdateState on N observations) needs N again.

    An H-by-1 state applies to any number of observations. Mini-batches pick their
    columns of an H-by-N state, so without this check a call with fewer observations
    would silently use the first columns.
    """
    for layer in net._recurrent_layers:
        for s in layer._state_names:
            v = getattr(layer, s)
            if v is not None and v.shape[1] not in (1, n_obs):
                raise MatlabnnValueError(
                    f"Layer '{layer.Name}': the stored {s} has {v.shape[1]} columns (one per "
                    f"observation of an earlier predictAndUpdateState call), but {n_obs} "
                    "observations were given. Use the same number of observations, or call "
                    "resetState(net) first.", "nnet_cnn:layer:InvalidStateSize")


def format_output(net, Y, single):
    """MATLAB's output form: R-by-S for one sequence, a list for several, N-by-R for 'last'."""
    if isinstance(Y, list) and single:
        return Y[0]
    return Y


def _infer(function, net, X, args, kwargs, classification=False, stateful=False):
    """The checks and the forward pass shared by predict, classify and the *AndUpdateState.

    Returns (outputs in MATLAB's form, final recurrent states, parsed options).
    """
    check_network(net, function)
    if classification:
        _require_classification(net, function)
    if stateful:
        _require_recurrent(net, function)
    opts = parse_predict_options(function, args, kwargs)
    data, single, is_feature = network_inputs(net, X, function)
    _check_stored_states(net, data.shape[0] if is_feature else len(data))
    Y, finals = predict_all(net, data, SequenceSettings(opts), is_feature)
    return format_output(net, Y, single), finals, opts


@matlab_syntax('Y = predict(net, X)', 'predict(net, X, Name=Value)')
def predict(net, X, *args, **kwargs):
    """Predict responses with a trained network (a dlnetwork: see below).

    MATLAB syntax::

        Y = predict(net, X)
        Y = predict(net, X, Name, Value, ...)

    ``X`` is one C-by-S sequence (a numpy array), or a list of C-by-S sequences
    (MATLAB's cell array), or an N-by-F array for a featureInputLayer network.
    Returns, for sequence output, an R-by-S array for one sequence or a list of
    R-by-S_n arrays; for OutputMode 'last' (and feature input), an N-by-R array.
    For classification networks the values are the class scores (K rows or
    columns). ``predict`` never changes the network: every mini-batch starts
    from the recurrent layers' stored state.

    Name-value options:

    - MiniBatchSize: positive integer, default 128.
    - SequenceLength: 'longest' (default), 'shortest', or a positive integer
      (split into chunks, state carried between them).
    - SequencePaddingValue: scalar, default 0.
    - SequencePaddingDirection: 'right' (default) or 'left'.
    - ExecutionEnvironment: 'auto' (default), 'cpu', 'gpu', 'multi-gpu' or 'parallel';
      matlabnn runs on the CPU (the last three with a warning saying so).
    - Acceleration: 'auto' (default), 'mex', 'none' (all run the same engine).
    - ReturnCategorical: false (default); true returns class labels for
      classification networks (as classify).

    Padded time steps are masked, so results do not depend on MiniBatchSize or
    the padding direction.

    For a ``dlnetwork`` (trainnet era) predict takes T-by-C data and
    ``Y, state = predict(net, X, nargout=2)``: see ``help(matlabnn.dlnetwork.predict_dlnetwork)``.

    Example::

        YPred = predict(net, XTest, 'MiniBatchSize', 1)
    """
    if getattr(net, "_is_dlnetwork", False):
        from .dlnetwork import predict_dlnetwork
        return predict_dlnetwork(net, X, *args, **kwargs)
    Y, _, opts = _infer("predict", net, X, args, kwargs)
    if opts["ReturnCategorical"] and getattr(net._output_layer, "is_classification", False):
        return net._output_layer._labels_from_scores(Y)
    return Y


def _with_updated_state(net, finals):
    updated = copy.deepcopy(net)
    for k, per_batch in finals.items():
        state = tuple(np.concatenate([b[j] for b in per_batch], axis=0)
                      for j in range(len(per_batch[0])))
        updated.Layers[k]._store_state(state)
    return updated


def _require_recurrent(net, function):
    if not net._recurrent_layers:
        raise MatlabnnValueError(
            f"{function}: the network has no recurrent layer (lstmLayer, bilstmLayer, "
            f"gruLayer), so it has no state to update. Use predict instead.",
            f"nnet_cnn:{function}:NoStatefulLayers")


@matlab_syntax('net, Y = predictAndUpdateState(net, X, nargout=2)', 'predictAndUpdateState(net, X, Name=Value, nargout=2)')
def predictAndUpdateState(net, X, *args, nargout=1, **kwargs):
    """Predict responses and update the network state.

    MATLAB syntax::

        updatedNet = predictAndUpdateState(recNet, X)
        [updatedNet, Y] = predictAndUpdateState(recNet, X, Name, Value, ...)

    Python::

        net = predictAndUpdateState(net, XTrain)
        net, Y = predictAndUpdateState(net, X, nargout=2)

    Like :func:`predict`, but each sequence starts from the stored recurrent
    state and the returned network stores the state reached at the end of the
    data (H-by-N for N observations). The input network is not changed. Feeding
    a sequence in pieces gives the same outputs as predicting it whole.
    Same name-value options as :func:`predict`.

    Example (closed-loop forecasting)::

        net = resetState(net)
        net = predictAndUpdateState(net, XTrain)
        net, YPred = predictAndUpdateState(net, YTrain[-1], nargout=2)
    """
    check_nargout("predictAndUpdateState", nargout, 2)
    Y, finals, _ = _infer("predictAndUpdateState", net, X, args, kwargs, stateful=True)
    return outputs((_with_updated_state(net, finals), Y), nargout)


@matlab_syntax('net = resetState(net)')
def resetState(net):
    """Reset the state of recurrent layers to their initial values.

    MATLAB syntax::

        netUpdated = resetState(net)

    Returns a copy of ``net`` whose recurrent layers hold their initial
    HiddenState/CellState (those given when the layer was made; zeros by default).
    Works on a SeriesNetwork, a DAGNetwork and a dlnetwork (its ``State``).

    Example::

        net = resetState(net)
    """
    check_network(net, "resetState")
    updated = copy.deepcopy(net)
    for layer in updated.Layers:
        layer._reset_state()
    return updated


@matlab_syntax('net = assembleNetwork(layers)')
def assembleNetwork(layers):
    """Assemble a network from layers whose learnables are all given, without training.

    MATLAB syntax::

        assembledNet = assembleNetwork(layers)

    Use it to predict with weights trained elsewhere (MATLAB, PyTorch): set
    InputWeights/RecurrentWeights/Bias on recurrent layers and Weights/Bias on
    fully connected layers (MATLAB's layout), and the normalization statistics
    of the input layer if it normalizes. Output layers need their classes
    (classificationLayer('Classes', ...)).

    Example::

        layers = [sequenceInputLayer(1),
                  lstmLayer(2, InputWeights=W, RecurrentWeights=R, Bias=b),
                  fullyConnectedLayer(1, Weights=Wfc, Bias=bfc),
                  regressionLayer()]
        net = assembleNetwork(layers)
        Y = predict(net, X)
    """
    return assemble_network(layers, "assembleNetwork")


def assemble_network(layers, function, dtype=np.float32):
    """assembleNetwork's work, for ``function`` (error context) and in ``dtype``
    (``load`` keeps a saved network's own precision)."""
    net = compile_network(layers, function, dtype=dtype, initialize=False)
    missing = missing_learnables(net)
    if missing:
        invalid_network([f"Layer '{name}': Empty {prop}. Specify a nonempty value for the "
                         f"learnable property '{prop}'." for name, prop in missing], _ASSEMBLE)
    inp = net._input_layer
    if inp._stats_missing():
        invalid_network([f"Layer '{inp.Name}': Normalization '{inp.Normalization}' needs "
                         f"{', '.join(inp._stat_names())}; they are empty. Set them on the "
                         "input layer, or use Normalization 'none'."], _ASSEMBLE)
    net._output_layer._assemble_check()
    for layer in net.Layers:
        layer._cast(net._dtype)
    return net


def _require_classification(net, function):
    if not getattr(net._output_layer, "is_classification", False):
        raise MatlabnnValueError(
            f"{function}: the network ends with a {type(net._output_layer).__name__}, not a "
            "classification layer. Use predict for regression networks.",
            f"nnet_cnn:{function}:NotClassificationNetwork")


@matlab_syntax('YPred = classify(net, X)', 'YPred, scores = classify(net, X, nargout=2)', 'classify(net, X, Name=Value)')
def classify(net, X, *args, nargout=1, **kwargs):
    """Classify data with a trained network.

    MATLAB syntax::

        YPred = classify(net, X)
        [YPred, scores] = classify(net, X, Name, Value, ...)

    Python::

        YPred = classify(net, XTest, 'MiniBatchSize', 27)
        YPred, scores = classify(net, XTest, nargout=2)

    For sequence-to-label networks ``YPred`` is an N-by-1 categorical and
    ``scores`` an N-by-K array; for sequence-to-sequence networks ``YPred`` is a
    list of 1-by-S categorical rows (one 1-by-S row for one sequence) and
    ``scores`` a list of K-by-S arrays. Name-value options as :func:`predict`
    (MiniBatchSize, SequenceLength, SequencePaddingValue,
    SequencePaddingDirection, ExecutionEnvironment, Acceleration).

    Example::

        YPred = classify(net, XTest)
        acc = np.mean(YPred == YTest)
    """
    check_nargout("classify", nargout, 2)
    scores, _, _ = _infer("classify", net, X, args, kwargs, classification=True)
    return outputs((net._output_layer._labels_from_scores(scores), scores), nargout)


@matlab_syntax('net, YPred = classifyAndUpdateState(net, X, nargout=2)', 'classifyAndUpdateState(net, X, Name=Value, nargout=2)')
def classifyAndUpdateState(net, X, *args, nargout=1, **kwargs):
    """Classify data and update the network state.

    MATLAB syntax::

        [updatedNet, YPred] = classifyAndUpdateState(recNet, X)
        [updatedNet, YPred, scores] = classifyAndUpdateState(recNet, X, Name, Value, ...)

    Python::

        net, YPred = classifyAndUpdateState(net, X, nargout=2)
        net, YPred, scores = classifyAndUpdateState(net, X, nargout=3)

    Like :func:`classify`, but starting from the stored recurrent state and
    returning a network that stores the state reached at the end of the data.
    Same name-value options as :func:`predict`.

    Example::

        net = resetState(net)
        for t in range(X.shape[1]):
            net, label = classifyAndUpdateState(net, X[:, t:t+1], nargout=2)
    """
    check_nargout("classifyAndUpdateState", nargout, 3)
    scores, finals, _ = _infer("classifyAndUpdateState", net, X, args, kwargs,
                               classification=True, stateful=True)
    updated = _with_updated_state(net, finals)
    labels = net._output_layer._labels_from_scores(scores)
    return outputs((updated, labels, scores), nargout)
