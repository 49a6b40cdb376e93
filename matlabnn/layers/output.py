"""Output layers: regressionLayer (classificationLayer lives in classification.py)."""
import contextlib

from .._namevalue import Option, name_text
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError
from ..ops import losses
from .base import Layer


def _response_names(value, ctx):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    ctx.fail("Expected a cell array of character vectors (a list of str), or {}.")


class RegressionOutputLayer(Layer):
    """Regression output layer (MATLAB's ``regressionLayer``); see :func:`regressionLayer`."""

    _class_name = "RegressionOutputLayer"
    _constructor = "regressionLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Regression Output"
    _default_name = "regressionoutput"
    _is_output = True
    _readonly = Layer._readonly + ("LossFunction",)
    _options = (Option("Name", "", name_text),
                Option("ResponseNames", [], _response_names))
    is_classification = False

    def _sections(self):
        return [(None, ["Name", "ResponseNames"]), ("Hyperparameters", ["LossFunction"])]

    def _description(self):
        names = self.ResponseNames
        if not names:
            return "mean-squared-error"
        if len(names) == 1:
            return f"mean-squared-error with response '{names[0]}'"
        return f"mean-squared-error with '{names[0]}' and {len(names) - 1} other responses"

    def _setup(self, input_size, is_sequence):
        if self.ResponseNames and len(self.ResponseNames) != input_size:
            raise MatlabnnValueError(
                f"Layer '{self.Name}': {len(self.ResponseNames)} ResponseNames were given but "
                f"the network has {input_size} responses.", "nnet_cnn:layer:InvalidResponseNames")
        self._num_responses = input_size
        return input_size, is_sequence

    def _assemble_check(self):
        self._set_default_response_names(self._num_responses)

    def _set_default_response_names(self, n):
        if not self.ResponseNames:
            names = ["Response"] if n == 1 else [f"Response{k + 1}" for k in range(n)]
            object.__setattr__(self, "ResponseNames", names)

    def _training_targets(self, Y, data, single, net, function, argname, is_feature):
        with responses_of(argname):
            return regression_targets(Y, data, single, net, function, argname, is_feature)

    def _finalize_training(self, train):
        self._set_default_response_names(self._num_responses)

    def _loss(self, y, t, mask):
        """(loss, dL/dy, metric) — metric is the RMSE, sqrt(2 * loss) (design decision 2)."""
        check_sequence_lengths(self, y, t)
        loss, dy = losses.mse_loss(y, t, mask)
        return loss, dy, (2.0 * loss) ** 0.5


def check_sequence_lengths(layer, y, t):
    """Sequence outputs must keep the responses' number of time steps."""
    if y.ndim == 3 and t.ndim == 3 and y.shape[0] != t.shape[0]:
        from ..errors import InvalidDataError
        raise InvalidDataError(
            f"Invalid training data. The network output reaching layer '{layer.Name}' has "
            f"{y.shape[0]} time steps but the responses have {t.shape[0]}: a convolution or "
            "pooling layer changes the sequence length. For sequence-to-sequence output use "
            "Stride 1 with Padding 'same' or 'causal', or remove the time dimension "
            "(global pooling, indexing1dLayer, OutputMode 'last') before the output.",
            "nnet_cnn:trainNetwork:InvalidResponseSequenceLength")


@matlab_syntax('layer = regressionLayer()', 'regressionLayer(Name=Value)')
def regressionLayer(*args, **kwargs):
    """Regression output layer: half mean squared error loss.

    MATLAB syntax::

        layer = regressionLayer
        layer = regressionLayer('Name', name, 'ResponseNames', names)

    Python::

        layer = regressionLayer()
        layer = regressionLayer(Name='routput')

    The loss of one observation is 1/(2 S) * sum over its S time steps and R
    responses of (y - t)^2 (for sequence-to-one: 1/2 * sum (y - t)^2); the
    mini-batch loss is the mean over observations. Padded time steps do not count.
    The mini-batch RMSE shown in training is sqrt(2 * loss).

    Name-value options:

    - Name: layer name, default ''.
    - ResponseNames: list of response names, default {} (set from the data at
      training: 'Response' for one response, 'Response1', ... otherwise).

    Example::

        layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1),
                  regressionLayer()]
    """
    layer = RegressionOutputLayer.__new__(RegressionOutputLayer)
    layer._construct("regressionLayer", args, kwargs, LossFunction="mean-squared-error")
    return layer


# -- training responses ------------------------------------------------------------

@contextlib.contextmanager
def responses_of(argname):
    """Errors about validation responses say 'Invalid validation data.' and name them.

    The checks word their messages as MATLAB does for training data; for
    ``ValidationData{2}`` the user must learn which of the two sets is wrong.
    """
    from ..errors import InvalidDataError
    try:
        yield
    except InvalidDataError as err:
        if not argname.startswith("Validation"):
            raise
        message = str(err).replace("Invalid training data.", "Invalid validation data.", 1)
        if "ValidationData" not in message:
            message += (f" (in {argname}, the responses of ValidationData = "
                        "[XValidation, YValidation])")
        raise InvalidDataError(message, err.identifier) from None


def _invalid(function, text, ident="nnet_cnn:trainNetwork:InvalidResponses"):
    from ..errors import InvalidDataError
    raise InvalidDataError(f"{function}: Invalid training data. {text}", ident)


_REGRESSION_FORM = ("For regression tasks, responses must be a vector, a matrix, or a cell "
                    "array of numeric sequences (a list of R-by-S arrays). Responses must not "
                    "contain NaNs.")


def _numeric_response(value, function, where, dtype):
    import numpy as np
    if isinstance(value, (bool,)) or hasattr(value, "categories_list"):
        _invalid(function, f"{where}: {_REGRESSION_FORM} Use classificationLayer for "
                           "categorical responses.")
    try:
        a = np.asarray(value)
    except Exception:
        _invalid(function, f"{where}: {_REGRESSION_FORM}")
    if a.dtype.kind not in "biuf" or a.dtype.kind == "b":
        _invalid(function, f"{where}: {_REGRESSION_FORM}")
    if not np.all(np.isfinite(a)):
        _invalid(function, f"{where} contains NaN or Inf values. {_REGRESSION_FORM}")
    from .._finite import to_compute_precision
    to_compute_precision(a, dtype, function, where)       # e.g. 1e39 overflows single
    return a.astype(np.float64)


def regression_targets(Y, data, single, net, function, argname, is_feature):
    """Responses for a regression network, checked against the predictors.

    Returns an (N, R) array (one response per observation) or a list of R-by-S arrays.
    """
    from ..sequences import is_sequence_collection
    R = net._output_size
    n = data.shape[0] if is_feature else len(data)
    if not net._output_is_sequence:
        if is_sequence_collection(Y):
            _invalid(function, f"{argname}: the network outputs one response per sequence "
                               "(OutputMode 'last'), so responses must be an N-by-R numeric "
                               "array, not a list of sequences. For sequence-to-sequence "
                               "regression use OutputMode 'sequence'.")
        T = _numeric_response(Y, function, argname, net._dtype)
        if T.ndim <= 1:
            T = T.reshape(-1, 1) if R == 1 else T.reshape(1, -1)
        if T.ndim != 2:
            _invalid(function, f"{argname}: {_REGRESSION_FORM}")
        if T.shape[1] != R and T.shape[0] == R and T.shape[1] == n:
            _invalid(function, f"{argname} is {T.shape[0]}-by-{T.shape[1]}; responses must be "
                               f"N-by-R with one row per observation. Pass {argname}.T.")
        if T.shape[1] != R:
            _invalid(function, f"The output size ({R}) of the last layer does not match the "
                               f"number of responses ({T.shape[1]}).")
        if T.shape[0] != n:
            _invalid(function, f"The predictors and {argname} must have the same number of "
                               f"observations: {n} predictors, {T.shape[0]} responses.")
        return T
    items = [Y] if single and not is_sequence_collection(Y) else (
        list(Y) if is_sequence_collection(Y) else None)
    if items is None:
        _invalid(function, f"{argname}: the network outputs sequences (OutputMode "
                           "'sequence'), so responses must be a list of R-by-S arrays, one "
                           "per predictor sequence.")
    if len(items) != n:
        _invalid(function, f"The predictors and {argname} must have the same number of "
                           f"observations: {n} predictors, {len(items)} responses.")
    out = []
    for k, (y, x) in enumerate(zip(items, data)):
        where = argname if single else f"{argname}[{k}]"
        t = _numeric_response(y, function, where, net._dtype)
        if t.ndim <= 1:
            t = t.reshape(1, -1) if R == 1 or t.ndim == 0 else t.reshape(-1, 1)
        if t.ndim != 2:
            _invalid(function, f"{where}: {_REGRESSION_FORM}")
        if t.shape[0] != R:
            _invalid(function, f"The output size ({R}) of the last layer does not match the "
                               f"number of responses ({t.shape[0]}) of {where}.")
        if t.shape[1] != x.shape[1]:
            _invalid(function, f"Sequence responses must have the same sequence length as the "
                               f"corresponding predictors: {where} has {t.shape[1]} time "
                               f"steps, its predictors {x.shape[1]}.",
                     "nnet_cnn:trainNetwork:SequenceLengthMismatch")
        out.append(t)
    return out
