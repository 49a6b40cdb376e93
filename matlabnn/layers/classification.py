"""classificationLayer: cross-entropy loss for mutually exclusive classes."""
import numbers

import numpy as np

from .._namevalue import Option, name_text
from .._signature import matlab_syntax
from ..display.text import TIMES, property_block
from ..errors import InvalidDataError, MatlabnnValueError, invalid_network

_ASSEMBLE = "nnet_cnn:assembleNetwork:InvalidNetwork"
from ..ops import losses
from .base import Layer
from .output import check_sequence_lengths, responses_of


class _Brief:
    """A value shown in a property display as a fixed text, e.g. [9×1 categorical]."""

    def __init__(self, text):
        self._text = text

    def _matlab_brief(self):
        return self._text


def _classes(value, ctx):
    from ..categorical import categorical
    if isinstance(value, str):
        return "auto" if value.lower() == "auto" else [value]
    if isinstance(value, categorical):
        names = list(value.categories_list)
    elif isinstance(value, np.ndarray) and value.dtype.kind in "US" or (
            isinstance(value, np.ndarray) and value.dtype == object and
            all(isinstance(v, str) for v in value.reshape(-1))):
        names = [str(v) for v in value.reshape(-1)]
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        names = list(value)
    else:
        ctx.fail("Expected 'auto', a categorical vector, a string array or a cell array of "
                 "character vectors (a list of str) naming the classes.")
    if not names:
        ctx.fail("Expected at least one class name.")
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        ctx.fail(f"Class names must be unique; '{dup}' appears more than once.")
    if any(n == "" for n in names):
        ctx.fail("Class names must be nonempty.")
    return names


def _class_weights(value, ctx):
    if isinstance(value, str):
        if value.lower() == "none":
            return "none"
        ctx.fail(f"Expected 'none' or a vector of positive weights; got {value!r}.")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = [value]
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        ctx.fail("Expected 'none' or a vector of positive weights.")
    if a.size == 0 or (a.ndim == 2 and 1 not in a.shape) or a.ndim > 2:
        ctx.fail("Expected 'none' or a vector of positive weights, one per class.")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        ctx.fail("Class weights must be finite and positive.")
    return a.reshape(-1, 1)


class ClassificationOutputLayer(Layer):
    """Classification output layer (MATLAB's ``classificationLayer``); see :func:`classificationLayer`.

    Properties: Name, Classes ('auto' or the class names, a list of str, in
    class order), ClassWeights ('none' or a K-by-1 array), OutputSize ('auto' or
    the number of classes), LossFunction ('crossentropyex').
    """

    _class_name = "ClassificationOutputLayer"
    _constructor = "classificationLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Classification Output"
    _default_name = "classoutput"
    _is_output = True
    is_classification = True
    _readonly = Layer._readonly + ("LossFunction", "OutputSize")
    _options = (Option("Name", "", name_text),
                Option("Classes", "auto", _classes),
                Option("ClassWeights", "none", _class_weights))
    _fused = False            # set by _connect_predecessor when fed by a softmax
    _data_classes = None      # classes taken from the training responses ('auto')
    _num_classes = None       # K, the size of the layer's input
    _is_sequence = False

    @property
    def OutputSize(self):
        return "auto" if isinstance(self.Classes, str) else len(self.Classes)

    def _after_construct(self):
        self._check_weights()

    def _after_set(self, name):
        if name in ("Classes", "ClassWeights"):
            self._check_weights()

    def _check_weights(self):
        w = self.ClassWeights
        if isinstance(w, str):
            return
        if isinstance(self.Classes, str):
            raise MatlabnnValueError(
                "classificationLayer: ClassWeights requires Classes. Specify the classes the "
                "weights refer to, e.g. classificationLayer('Classes', categories(YTrain), "
                "'ClassWeights', weights).", "nnet_cnn:layer:ClassificationOutputLayer:"
                "ClassWeightsRequireClasses")
        if w.size != len(self.Classes):
            raise MatlabnnValueError(
                f"classificationLayer: ClassWeights has {w.size} elements but there are "
                f"{len(self.Classes)} Classes. Give one weight per class.",
                "nnet_cnn:layer:ClassificationOutputLayer:InvalidClassWeights")

    # -- displays ----------------------------------------------------------------
    def _sections(self):
        return [(None, ["Name", "Classes", "ClassWeights", "OutputSize"]),
                ("Hyperparameters", ["LossFunction"])]

    def __repr__(self):
        def shown(name):
            value = getattr(self, name)
            if name == "Classes" and not isinstance(value, str):
                return _Brief(f"[{len(value)}{TIMES}1 categorical]")
            return value
        sections = [(h, [(n, shown(n)) for n in names]) for h, names in self._sections()]
        return property_block(self._class_name, sections)

    def _description(self):
        classes = self.Classes
        if isinstance(classes, str):
            return "crossentropyex"
        if len(classes) == 1:
            return f"crossentropyex with class '{classes[0]}'"
        if len(classes) == 2:
            return f"crossentropyex with classes '{classes[0]}' and '{classes[1]}'"
        return f"crossentropyex with '{classes[0]}' and {len(classes) - 1} other classes"

    # -- engine ------------------------------------------------------------------
    def _setup(self, input_size, is_sequence):
        object.__setattr__(self, "_num_classes", input_size)
        object.__setattr__(self, "_is_sequence", bool(is_sequence))
        object.__setattr__(self, "_data_classes", None)
        return input_size, is_sequence

    def _connect_predecessor(self, layer):
        # softmax -> classification: the loss returns the gradient w.r.t. the softmax
        # input (numerically stable) and the softmax passes it through.
        self._check_predecessor(layer)
        object.__setattr__(self, "_fused", True)
        object.__setattr__(layer, "_fused", True)

    def _weights(self):
        return None if isinstance(self.ClassWeights, str) else self.ClassWeights.reshape(-1)

    def _assemble_check(self):
        if isinstance(self.Classes, str):
            invalid_network([f"Layer '{self.Name}': Classes must be specified. Set them with "
                             "classificationLayer('Classes', classNames); 'auto' is only "
                             "resolved by trainNetwork."], _ASSEMBLE)
        if len(self.Classes) != self._num_classes:
            invalid_network([f"Layer '{self.Name}': The output size ({self._num_classes}) of "
                             "the last layer does not match the number of classes "
                             f"({len(self.Classes)})."], _ASSEMBLE)

    def _check_predecessor(self, previous):
        """Refuse a network whose classification layer does not follow a softmax layer.

        The cross-entropy loss reads its input as class probabilities; without a
        softmax they can be negative or not sum to 1, and classify would return
        such values as "scores". MATLAB's documentation: "the classification layer
        must follow the softmax layer". Called when the network is built
        (trainNetwork, assembleNetwork, load), with the layer that feeds this one.
        """
        if getattr(previous, "_is_softmax", False):
            return
        name = self.Name or self._default_name
        got = f"layer '{previous.Name}' ({previous._class_name})" if previous.Name \
            else f"a {previous._class_name}"
        invalid_network([f"Layer '{name}': Missing softmax layer. A classification layer "
                         f"must be preceded by a softmax layer; it follows {got}. Insert "
                         "softmaxLayer() before classificationLayer(), or use "
                         "regressionLayer() for numeric responses."])

    def _training_targets(self, Y, data, single, net, function, argname, is_feature):
        with responses_of(argname):
            return classification_targets(self, Y, data, single, net, function, argname,
                                          is_feature)

    def _finalize_training(self, train):
        if isinstance(self.Classes, str) and self._data_classes is not None:
            object.__setattr__(self, "Classes", list(self._data_classes))

    def _loss(self, y, t, mask):
        """(loss, dL/dy, accuracy %); dL/dy is w.r.t. the softmax input when fused."""
        check_sequence_lengths(self, y, t)
        cw = self._weights()
        loss, dp = losses.crossentropy_loss(y, t, mask, cw)
        if self._fused:
            dp = losses.softmax_crossentropy_backward(y, t, mask, cw)
        return loss, dp, losses.accuracy(y, t, mask)

    def _class_names(self):
        if not isinstance(self.Classes, str):
            return self.Classes
        if self._data_classes is not None:
            return self._data_classes
        raise MatlabnnValueError(
            f"Layer '{self.Name}': the classes are not known ('auto'). Train the network, "
            "or set classificationLayer('Classes', classNames).",
            "nnet_cnn:layer:ClassificationOutputLayer:ClassesNotSet")

    def _labels_from_scores(self, scores):
        """Class labels (categorical) from scores: an (N, K) array gives an N-by-1
        categorical; a K-by-S array (one sequence) a 1-by-S categorical; a list of
        K-by-S arrays a list of 1-by-S categoricals."""
        from ..categorical import categorical
        classes = self._class_names()

        def labels(a, axis, shape):
            a = np.asarray(a)
            codes = np.argmax(a, axis=axis) + 1 if a.size else np.zeros(0, np.int64)
            if a.size:
                codes[np.isnan(a).all(axis=axis)] = 0
            return categorical.from_codes(codes, classes, shape)

        if isinstance(scores, (list, tuple)):
            return [labels(s, 0, "row") for s in scores]
        if self._is_sequence:
            return labels(scores, 0, "row")
        return labels(scores, 1, "column")


@matlab_syntax('layer = classificationLayer()', 'classificationLayer(Name=Value)')
def classificationLayer(*args, **kwargs):
    """Classification output layer: cross-entropy loss for K mutually exclusive classes.

    MATLAB syntax::

        layer = classificationLayer
        layer = classificationLayer('Name', name, 'Classes', classes, 'ClassWeights', w)

    Python::

        layer = classificationLayer()
        layer = classificationLayer(Name='output', Classes=['a', 'b', 'c'])

    Put it last, after softmaxLayer. The loss of one observation is
    -1/S * sum over its S time steps and K classes of w_k T ln Y (for
    sequence-to-label: -sum_k w_k T_k ln Y_k); the mini-batch loss is the mean
    over observations. Padded time steps do not count, in the loss or in the
    accuracy.

    Name-value options:

    - Name: layer name, default '' (named 'classoutput' at training).
    - Classes: 'auto' (default: the categories of the training responses, in
      category order, set by trainNetwork), or the class names: a categorical
      (its categories), a string array or a list of str.
    - ClassWeights: 'none' (default) or a vector of positive weights, one per
      class in Classes order (requires Classes).

    Read-only: OutputSize ('auto', or the number of classes once known);
    LossFunction 'crossentropyex'.

    Example::

        layers = [sequenceInputLayer(12), lstmLayer(100, 'OutputMode', 'last'),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
        classes = categories(YTrain)
        out = classificationLayer('Classes', classes, 'ClassWeights', [1, 2, 1, 1, 1, 1, 1, 1, 1])
    """
    layer = ClassificationOutputLayer.__new__(ClassificationOutputLayer)
    layer._construct("classificationLayer", args, kwargs, LossFunction="crossentropyex")
    return layer


# -- training responses ------------------------------------------------------------

_FORM = ("Responses must be a vector of categorical responses, or a cell array of "
         "categorical response sequences.")


def _invalid(function, argname, text, ident="nnet_cnn:trainNetwork:InvalidResponses"):
    kind = "validation" if argname.startswith("Validation") else "training"
    raise InvalidDataError(f"{function}: Invalid {kind} data. {text}", ident)


def _is_categorical(x):
    from ..categorical import categorical
    return isinstance(x, categorical)


def _union_categories(items):
    cats = []
    seen = set()
    for c in items:
        for name in c.categories_list:
            if name not in seen:
                seen.add(name)
                cats.append(name)
    return cats


def _codes(layer, c, classes, function, argname, where):
    """Codes 1..K of ``c`` in ``classes``; undefined or unknown labels are errors."""
    codes = c.codes_for(classes)
    bad = codes == 0
    if bad.any():
        undefined = c.codes[bad] == 0
        if undefined.any():
            _invalid(function, argname,
                     f"Responses must not contain undefined values: {where} has "
                     f"{int(undefined.sum())} undefined element(s).",
                     "nnet_cnn:trainNetwork:UndefinedResponses")
        name = c.categories_list[int(c.codes[bad][0]) - 1]
        _invalid(function, argname,
                 f"The label '{name}' in {where} is not one of the classes of the output "
                 f"layer '{layer.Name}' ({', '.join(repr(n) for n in classes[:5])}"
                 f"{', ...' if len(classes) > 5 else ''}).",
                 "nnet_cnn:trainNetwork:UnknownResponseClass")
    return codes


def _onehot(codes, K):
    out = np.zeros((codes.size, K))
    out[np.arange(codes.size), codes - 1] = 1.0
    return out


def classification_targets(layer, Y, data, single, net, function, argname, is_feature):
    """Responses of a classification network as one-hot float arrays in class order.

    Returns an (N, K) array (one label per observation) or a list of K-by-S
    arrays (sequence-to-sequence). With Classes 'auto', the first call (the
    training responses) decides the classes; later calls (validation data)
    use them.
    """
    from ..sequences import is_sequence_collection
    K = net._output_size
    n = data.shape[0] if is_feature else len(data)
    if not net._output_is_sequence:
        if not _is_categorical(Y):
            extra = ""
            if is_sequence_collection(Y) and len(Y) and all(_is_categorical(y) for y in Y):
                extra = (" The network outputs one label per sequence (OutputMode 'last'), so "
                         "give a categorical vector of N labels, not a list of label "
                         "sequences. For sequence-to-sequence classification use OutputMode "
                         "'sequence'.")
            else:
                extra = " Convert labels with categorical(labels)."
            _invalid(function, argname, _FORM + extra)
        items, where_all = [Y], [argname]
    else:
        if single and _is_categorical(Y):
            items, where_all = [Y], [argname]
        elif is_sequence_collection(Y) and all(_is_categorical(y) for y in Y):
            items = list(Y)
            where_all = [f"{argname}[{k}]" for k in range(len(items))]
        else:
            extra = (" The network outputs sequences (OutputMode 'sequence'), so give a list "
                     "of 1-by-S categorical sequences, one per predictor sequence."
                     if _is_categorical(Y) else " Convert labels with categorical(labels).")
            _invalid(function, argname, _FORM + extra)

    # The classes: given, decided by the training responses, or decided now.
    if not isinstance(layer.Classes, str):
        classes = layer.Classes
    elif layer._data_classes is not None:
        classes = layer._data_classes
    else:
        classes = _union_categories(items)
        if len(classes) == K:
            object.__setattr__(layer, "_data_classes", list(classes))
    if len(classes) != K:
        _invalid(function, argname,
                 f"The output size ({K}) of the last layer does not match the number of "
                 f"classes ({len(classes)}).", "nnet_cnn:trainNetwork:OutputSizeMismatch")

    if not net._output_is_sequence:
        if len(Y) != n:
            _invalid(function, argname,
                     f"The predictors and {argname} must have the same number of "
                     f"observations: {n} predictors, {len(Y)} responses.",
                     "nnet_cnn:trainNetwork:ResponseCountMismatch")
        return _onehot(_codes(layer, Y, classes, function, argname, argname), K)

    if len(items) != n:
        _invalid(function, argname,
                 f"The predictors and {argname} must have the same number of observations: "
                 f"{n} predictors, {len(items)} responses.",
                 "nnet_cnn:trainNetwork:ResponseCountMismatch")
    out = []
    for c, x, where in zip(items, data, where_all):
        if len(c) != x.shape[1]:
            _invalid(function, argname,
                     "Sequence responses must have the same sequence length as the "
                     f"corresponding predictors. {where} has {len(c)} time steps, its "
                     f"predictors {x.shape[1]}.", "nnet_cnn:trainNetwork:SequenceLengthMismatch")
        out.append(np.ascontiguousarray(_onehot(_codes(layer, c, classes, function, argname,
                                                       where), K).T))
    return out
