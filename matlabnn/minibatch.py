"""``minibatchpredict`` and ``testnet``: prediction and evaluation of a dlnetwork in
mini-batches, on T-by-C data (``layout.py``), through the engine's one pipeline."""
import numpy as np

from ._namevalue import Option, choice, logical, parse
from ._signature import matlab_syntax
from .dlnetwork import dlnetwork
from .engine.pipeline import SEQUENCE_OPTIONS, SequenceSettings, predict_all
from .errors import MatlabnnTypeError, MatlabnnValueError
from .layout import feature_outputs, features_in, sequence_outputs, sequences_in
from .metrics import METRIC_NAMES, Metric, check_metric_task, metric_objects
from .sequences import pad_batch
from .trainnet_loss import LOSS_NAMES, TrainnetLoss, index_onehot, loss_object
from .trainnet_targets import engine_targets

__all__ = ["minibatchpredict", "testnet"]


def _common_options():
    seq = dict(SEQUENCE_OPTIONS)
    return (seq["MiniBatchSize"], seq["SequenceLength"], seq["SequencePaddingValue"], seq["SequencePaddingDirection"],
            Option("InputDataFormats", "auto", None),
            Option("ExecutionEnvironment", "auto", choice("auto", "cpu", "gpu", "multi-gpu",
                                                          "parallel")),
            Option("Acceleration", "auto", choice("auto", "none")))


def _check(net, function, opts):
    if not isinstance(net, dlnetwork):
        raise MatlabnnTypeError(
            f"{function}: the first argument must be a dlnetwork (from dlnetwork(layers) or "
            f"trainnet); got a {type(net).__name__}. For a SeriesNetwork or DAGNetwork use "
            "predict or classify (C-by-S data).", f"nnet_cnn:{function}:InvalidNetwork")
    net._require_initialized(function)
    if opts["ExecutionEnvironment"] not in ("auto", "cpu"):
        raise MatlabnnValueError(
            f"{function}: ExecutionEnvironment '{opts['ExecutionEnvironment']}' is not "
            "supported; matlabnn runs on the CPU. Use 'auto' or 'cpu'.",
            f"nnet_cnn:{function}:UnsupportedExecutionEnvironment")


def _inputs(net, X, function, fmt):
    inp = net._input_layer
    if getattr(inp, "_is_feature_input", False):
        return features_in(X, inp.InputSize, function, fmt), None, True
    seqs, form = sequences_in(X, inp.InputSize, function, fmt)
    return seqs, form, False


def _check_state(net, n, function):
    for layer in net._recurrent_layers:
        for s in layer._state_names:
            v = getattr(layer, s)
            if v is not None and v.shape[1] not in (1, n):
                raise MatlabnnValueError(
                    f"{function}: the State of layer '{layer.Name}' has {v.shape[1]} columns "
                    f"(observations) but {n} observations were given. Call "
                    "net = resetState(net) first.", "deep:dlnetwork:InvalidStateSize")


def _forward_all(net, data, is_feature, opts, function):
    _check_state(net, data.shape[0] if is_feature else len(data), function)
    Y, _ = predict_all(net, data, SequenceSettings(opts), is_feature)
    return Y


@matlab_syntax("Y = minibatchpredict(net, X)", "minibatchpredict(net, X, Name=Value)")
def minibatchpredict(net, X, *args, **kwargs):
    """Predict with a dlnetwork in mini-batches (MATLAB's ``minibatchpredict``, R2024a).

    MATLAB syntax::

        Y = minibatchpredict(net, X)
        Y = minibatchpredict(net, X, Name=Value)

    ``X``: a list (cell array) of T-by-C sequences, a numeric T-by-C-by-N array,
    one T-by-C sequence, or N-by-C features (featureInputLayer). Outputs are in
    the same layout: N-by-K for one output per observation (classification
    scores go to ``scores2label``); for sequence output a T-by-K array for one
    sequence, else a T_max-by-K-by-N array (``UniformOutput=True``, positions
    past a sequence's end hold 0) or a list of T-by-K arrays, each with its own
    length (``UniformOutput=False``). Every mini-batch starts from ``net.State``;
    padded time steps are masked, so results do not depend on MiniBatchSize or
    the padding direction.

    Name-value options:

    - MiniBatchSize: positive integer, default 128.
    - SequenceLength: "longest" (default), "shortest" or a positive integer
      (chunks with carried state).
    - SequencePaddingValue: scalar, default 0. SequencePaddingDirection: "right"
      (default) or "left" (also the side on which UniformOutput pads outputs).
    - InputDataFormats: "auto" (default) or a format such as "CTB" (a list of
      C-by-T arrays). OutputDataFormats: "auto" (default) or e.g. "CTB".
    - UniformOutput: true (default) or false.
    - ExecutionEnvironment: "auto" or "cpu"; Acceleration: "auto" or "none".

    Example::

        YTest = minibatchpredict(net, XTest, SequencePaddingDirection="left",
                                 UniformOutput=False)
        scores = minibatchpredict(net, XTest)
    """
    table = _common_options() + (Option("OutputDataFormats", "auto", None),
                                 Option("UniformOutput", True, logical))
    opts, _ = parse("minibatchpredict", table, args, kwargs)
    _check(net, "minibatchpredict", opts)
    data, form, is_feature = _inputs(net, X, "minibatchpredict", opts["InputDataFormats"])
    Y = _forward_all(net, data, is_feature, opts, "minibatchpredict")
    if net._output_is_sequence:
        return sequence_outputs(Y, form, opts["OutputDataFormats"], opts["UniformOutput"],
                                0.0, opts["SequencePaddingDirection"])
    return feature_outputs(Y, opts["OutputDataFormats"])


def _evaluators(metrics, function):
    """(name, evaluator) pairs: metric objects, or loss objects for loss names."""
    items = metrics if isinstance(metrics, (list, tuple)) else [metrics]
    out = []
    for m in items:
        if isinstance(m, str) and m.lower() in LOSS_NAMES and m.lower() not in METRIC_NAMES:
            out.append(loss_object(m, function))
        elif isinstance(m, (str, Metric)) or callable(m):
            out += metric_objects([m], function)
        else:
            raise MatlabnnValueError(
                f"{function}: invalid metric {m!r}. Use metric names (\"accuracy\", \"rmse\", "
                "\"mape\", \"fscore\", \"precision\", \"recall\", \"auc\"), loss names (\"mse\", "
                "\"crossentropy\", ...) or metric objects.", f"nnet_cnn:{function}:InvalidMetric")
    return out


@matlab_syntax("metricValues = testnet(net, X, T, metrics)",
               "testnet(net, X, T, metrics, Name=Value)")
def testnet(net, X, T, metrics, *args, **kwargs):
    """Evaluate a dlnetwork on test data (MATLAB's ``testnet``, R2024b).

    MATLAB syntax::

        metricValues = testnet(net, X, T, metrics)
        metricValues = testnet(net, X, T, metrics, Name=Value)

    ``X`` and ``T`` are in trainnet's layout (T-by-C sequences; targets as
    trainnet takes them: categorical labels for classification, T-by-R or N-by-R
    numeric for regression). ``metrics``: a name or a list of names —
    "accuracy", "rmse", "mape", "fscore", "precision", "recall", "auc", or a loss
    name ("crossentropy", "mse", "mae", "huber", ...) — or metric objects.
    Returns one number for one metric, else a 1-D array in the order given.
    Values are over the whole set (accuracy in percent).

    Name-value options: MiniBatchSize (128), SequenceLength, SequencePaddingValue,
    SequencePaddingDirection, InputDataFormats, TargetDataFormats ("auto"),
    ExecutionEnvironment, Acceleration.

    Example::

        acc = testnet(net, XTest, TTest, "accuracy")
        values = testnet(net, XTest, TTest, ["rmse", "mape"], MiniBatchSize=32)
    """
    function = "testnet"
    table = _common_options() + (Option("TargetDataFormats", "auto", None),)
    opts, _ = parse(function, table, args, kwargs)
    _check(net, function, opts)
    evaluators = _evaluators(metrics, function)
    if not evaluators:
        raise MatlabnnValueError("testnet: give at least one metric, e.g. \"accuracy\".",
                                 "nnet_cnn:testnet:NoMetrics")
    data, form, is_feature = _inputs(net, X, function, opts["InputDataFormats"])
    lengths = None if is_feature else [s.shape[1] for s in data]
    classes = None
    is_cls = any(getattr(e, "_is_classification", False) or
                 getattr(e, "is_classification", False) for e in evaluators)
    target_loss = next((e for e in evaluators if isinstance(e, TrainnetLoss)), None) or \
        loss_object("crossentropy" if is_cls else "mse", function)
    for e in evaluators:
        if isinstance(e, Metric):
            check_metric_task(e, target_loss.is_classification, function)
    targets, classes = engine_targets(T, net._output_size, net._output_is_sequence, lengths,
                                      target_loss, function, opts["TargetDataFormats"], "T")
    Y = _forward_all(net, data, is_feature, opts, function)
    dtype = np.float64
    if net._output_is_sequence:
        Yp, mask = pad_batch(Y, dtype)
        Tp, _ = pad_batch(targets, dtype)
        if mask is None:
            mask = np.ones(Yp.shape[:2], bool)
    else:
        Yp, Tp, mask = np.asarray(Y, dtype), np.asarray(targets, dtype), None
    values = []
    for e in evaluators:
        kind = e.Kind if isinstance(e, TrainnetLoss) else "metric"
        Te = _targets_for(kind, Tp, target_loss.Kind, Yp.shape[-1], mask)
        if isinstance(e, TrainnetLoss):
            values.append(float(e._loss(Yp, Te, mask)[0]))
        else:
            e.reset()
            values.append(float(e.update(Yp, Te, mask).evaluate()))
    return values[0] if len(values) == 1 else np.array(values)


def _targets_for(kind, T, encoded_as, K, mask):
    """Targets encoded for one loss (``encoded_as``) re-encoded for another evaluator:
    class indices for "index-crossentropy", one-hot rows for the others."""
    if encoded_as == "index-crossentropy" and kind != "index-crossentropy":
        return index_onehot(T, K, mask)
    if encoded_as != "index-crossentropy" and kind == "index-crossentropy":
        return np.argmax(T, axis=-1)[..., None] + 1.0
    return T
