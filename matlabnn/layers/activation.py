"""Activation layers: reluLayer, leakyReluLayer, tanhLayer, sigmoidLayer, softmaxLayer,
eluLayer, geluLayer, swishLayer, clippedReluLayer, softplusLayer.

Each applies its function element-wise (softmax: over the channels of each
observation at each time step) and has no learnables.
"""
import math
import numbers

import numpy as np

from .._namevalue import Option, choice, name_text
from .._signature import matlab_syntax
from ..ops import activations as act
from ..ops import more_activations as more_act
from . import _pinned
from .base import Layer


def _num2str(x):
    from ..categorical import num2str
    return num2str(x)


def _split_leading(args):
    """MATLAB's f(value, 'Name', name) / f('Name', name): the optional leading value."""
    args = list(args)
    if args and not isinstance(args[0], str):
        return [args[0]], args[1:]
    return [], args


class _ActivationLayer(Layer):
    """Shared machinery of the parameter-free activation layers."""

    _options = (Option("Name", "", name_text),)

    def _description(self):
        return self._row_description


class ReLULayer(_ActivationLayer):
    """Rectified linear unit layer (MATLAB's ``reluLayer``); see :func:`reluLayer`."""

    _class_name = "ReLULayer"
    _constructor = "reluLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "ReLU"
    _default_name = "relu"
    _row_description = "ReLU"

    def _forward(self, x, mask, training, state=None, rng=None):
        return act.relu(x), None, (x if training else None)

    def _backward(self, dy, cache):
        return act.relu_backward(dy, cache), {}, None


class LeakyReLULayer(_ActivationLayer):
    """Leaky ReLU layer (MATLAB's ``leakyReluLayer``); see :func:`leakyReluLayer`."""

    _class_name = "LeakyReLULayer"
    _constructor = "leakyReluLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Leaky ReLU"
    _default_name = "leakyrelu"

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Scale"])]

    def _description(self):
        return f"Leaky ReLU with scale {_num2str(self.Scale)}"

    def _forward(self, x, mask, training, state=None, rng=None):
        return act.leaky_relu(x, x.dtype.type(self.Scale)), None, (x if training else None)

    def _backward(self, dy, cache):
        return act.leaky_relu_backward(dy, cache, dy.dtype.type(self.Scale)), {}, None


class TanhLayer(_ActivationLayer):
    """Hyperbolic tangent layer (MATLAB's ``tanhLayer``); see :func:`tanhLayer`."""

    _class_name = "TanhLayer"
    _constructor = "tanhLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Tanh"
    _default_name = "tanh"
    _row_description = "Hyperbolic tangent"

    def _forward(self, x, mask, training, state=None, rng=None):
        y = np.tanh(x)
        return y, None, (y if training else None)

    def _backward(self, dy, cache):
        return dy * act.grad_from_output("tanh", cache), {}, None


class SigmoidLayer(_ActivationLayer):
    """Sigmoid layer (MATLAB's ``sigmoidLayer``); see :func:`sigmoidLayer`."""

    _class_name = "SigmoidLayer"
    _constructor = "sigmoidLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Sigmoid"
    _default_name = "sigmoid"
    _row_description = "sigmoid"

    def _forward(self, x, mask, training, state=None, rng=None):
        y = act.sigmoid(x)
        return y, None, (y if training else None)

    def _backward(self, dy, cache):
        return dy * act.grad_from_output("sigmoid", cache), {}, None


class SoftmaxLayer(_ActivationLayer):
    """Softmax layer (MATLAB's ``softmaxLayer``); see :func:`softmaxLayer`.

    When the network fuses it with the following classification layer
    (``_fused`` True), its backward pass hands the incoming gradient through
    unchanged: the classification layer then returns the gradient with respect
    to the softmax input, P * sum(w T) - w T.
    """

    _class_name = "SoftmaxLayer"
    _constructor = "softmaxLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Softmax"
    _default_name = "softmax"
    _row_description = "softmax"
    _is_softmax = True
    _fused = False

    def _forward(self, x, mask, training, state=None, rng=None):
        y = act.softmax(x, axis=-1)
        return y, None, (y if training else None)

    def _backward(self, dy, cache):
        if self._fused:
            return dy, {}, None
        return act.softmax_backward(dy, cache, axis=-1), {}, None


def _make(cls, function, args, kwargs, **fixed):
    layer = cls.__new__(cls)
    layer._construct(function, args, kwargs, **fixed)
    return layer


@matlab_syntax('layer = reluLayer()', 'reluLayer(Name=Value)')
def reluLayer(*args, **kwargs):
    """Rectified linear unit (ReLU) layer: y = max(0, x), element-wise.

    MATLAB syntax::

        layer = reluLayer
        layer = reluLayer('Name', name)

    Python::

        layer = reluLayer()
        layer = reluLayer(Name='relu1')

    Name-value options:

    - Name: layer name, default '' (named 'relu' at training).

    Example::

        layers = [sequenceInputLayer(3), lstmLayer(50), fullyConnectedLayer(20),
                  reluLayer(), fullyConnectedLayer(1), regressionLayer()]
    """
    return _make(ReLULayer, "reluLayer", args, kwargs)


def _scale(value, ctx):
    if isinstance(value, numbers.Real) and not isinstance(value, bool) \
            and math.isfinite(float(value)):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf" \
            and np.isfinite(value).all():
        return float(value.reshape(-1)[0])
    ctx.fail(f"Expected a finite real scalar; got {value!r}.")


LeakyReLULayer._options = (Option("Name", "", name_text), Option("Scale", 0.01, _scale))


@matlab_syntax('layer = leakyReluLayer()', 'leakyReluLayer(scale)', 'leakyReluLayer(Name=Value)')
def leakyReluLayer(*args, **kwargs):
    """Leaky rectified linear unit layer: y = x for x >= 0, Scale * x otherwise.

    MATLAB syntax::

        layer = leakyReluLayer
        layer = leakyReluLayer(scale)
        layer = leakyReluLayer(___, 'Name', name)

    Python::

        layer = leakyReluLayer()
        layer = leakyReluLayer(0.2, 'Name', 'leaky1')

    Arguments and name-value options:

    - scale: finite real scalar multiplier for negative inputs, default 0.01
      (the Scale property).
    - Name: layer name, default '' (named 'leakyrelu' at training).

    Example::

        layers = [sequenceInputLayer(3), lstmLayer(50), fullyConnectedLayer(20),
                  leakyReluLayer(0.1), fullyConnectedLayer(1), regressionLayer()]
    """
    lead, rest = _split_leading(args)
    if lead:
        rest = ["Scale", lead[0]] + list(rest)
    return _make(LeakyReLULayer, "leakyReluLayer", rest, kwargs)


@matlab_syntax('layer = tanhLayer()', 'tanhLayer(Name=Value)')
def tanhLayer(*args, **kwargs):
    """Hyperbolic tangent (tanh) layer: y = tanh(x), element-wise.

    MATLAB syntax::

        layer = tanhLayer
        layer = tanhLayer('Name', name)

    Name-value options:

    - Name: layer name, default '' (named 'tanh' at training).

    Example::

        layers = [sequenceInputLayer(3), lstmLayer(50), fullyConnectedLayer(20),
                  tanhLayer(), fullyConnectedLayer(1), regressionLayer()]
    """
    return _make(TanhLayer, "tanhLayer", args, kwargs)


@matlab_syntax('layer = sigmoidLayer()', 'sigmoidLayer(Name=Value)')
def sigmoidLayer(*args, **kwargs):
    """Sigmoid layer: y = 1 / (1 + exp(-x)), element-wise.

    MATLAB syntax::

        layer = sigmoidLayer
        layer = sigmoidLayer('Name', name)

    Name-value options:

    - Name: layer name, default '' (named 'sigmoid' at training).

    Example::

        layers = [sequenceInputLayer(3), lstmLayer(50), fullyConnectedLayer(1),
                  sigmoidLayer(), regressionLayer()]
    """
    return _make(SigmoidLayer, "sigmoidLayer", args, kwargs)


@matlab_syntax('layer = softmaxLayer()', 'softmaxLayer(Name=Value)')
def softmaxLayer(*args, **kwargs):
    """Softmax layer: y_k = exp(x_k) / sum_j exp(x_j) over the channels.

    Applied per observation and per time step. Put it between the last
    fullyConnectedLayer (one output per class) and classificationLayer.

    MATLAB syntax::

        layer = softmaxLayer
        layer = softmaxLayer('Name', name)

    Name-value options:

    - Name: layer name, default '' (named 'softmax' at training).

    Example::

        layers = [sequenceInputLayer(12), lstmLayer(100, 'OutputMode', 'last'),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
    """
    return _make(SoftmaxLayer, "softmaxLayer", args, kwargs)


# ---------------------------------------------------------------------------
# The activations of the newer layer arrays (ELU, GELU, swish, clipped ReLU, softplus).

class _InputCachingActivation(_ActivationLayer):
    """An element-wise activation whose backward needs its input: ``_f(x)``, ``_df(dy, x)``."""

    def _forward(self, x, mask, training, state=None, rng=None):
        return self._f(x).astype(x.dtype, copy=False), None, (x if training else None)

    def _backward(self, dy, cache):
        return self._df(dy, cache).astype(dy.dtype, copy=False), {}, None


class ELULayer(_InputCachingActivation):
    """Exponential linear unit layer (MATLAB's ``eluLayer``); see :func:`eluLayer`."""

    _class_name = "ELULayer"
    _constructor = "eluLayer"
    _type_name = "ELU"
    _default_name = "elu"

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Alpha"])]

    def _description(self):
        return f"ELU with Alpha {_num2str(self.Alpha)}"

    def _f(self, x):
        return more_act.elu(x, x.dtype.type(self.Alpha))

    def _df(self, dy, x):
        return more_act.elu_backward(dy, x, dy.dtype.type(self.Alpha))


class GELULayer(_InputCachingActivation):
    """Gaussian error linear unit layer (MATLAB's ``geluLayer``); see :func:`geluLayer`."""

    _class_name = "GELULayer"
    _constructor = "geluLayer"
    _type_name = "GELU"
    _default_name = "gelu"
    _row_description = "GELU"

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Approximation"])]

    def _f(self, x):
        return more_act.gelu(x, self.Approximation)

    def _df(self, dy, x):
        return more_act.gelu_backward(dy, x, self.Approximation)


class SwishLayer(_InputCachingActivation):
    """Swish layer (MATLAB's ``swishLayer``); see :func:`swishLayer`."""

    _class_name = "SwishLayer"
    _constructor = "swishLayer"
    _type_name = "Swish"
    _default_name = "swish"
    _row_description = "swish"

    def _f(self, x):
        return more_act.swish(x)

    def _df(self, dy, x):
        return more_act.swish_backward(dy, x)


class ClippedReLULayer(_InputCachingActivation):
    """Clipped ReLU layer (MATLAB's ``clippedReluLayer``); see :func:`clippedReluLayer`."""

    _class_name = "ClippedReLULayer"
    _constructor = "clippedReluLayer"
    _type_name = "Clipped ReLU"
    _default_name = "clippedrelu"

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Ceiling"])]

    def _description(self):
        return f"Clipped ReLU with ceiling {_num2str(self.Ceiling)}"

    def _f(self, x):
        return more_act.clipped_relu(x, x.dtype.type(self.Ceiling))

    def _df(self, dy, x):
        return more_act.clipped_relu_backward(dy, x, dy.dtype.type(self.Ceiling))


class SoftplusLayer(_InputCachingActivation):
    """Softplus layer (MATLAB's ``softplusLayer``); see :func:`softplusLayer`."""

    _class_name = "SoftplusLayer"
    _constructor = "softplusLayer"
    _type_name = "Softplus"
    _default_name = "softplus"
    _row_description = "softplus"

    def _f(self, x):
        return more_act.softplus(x)

    def _df(self, dy, x):
        return more_act.softplus_backward(dy, x)


def _positive_scalar(value, ctx):
    v = _scale(value, ctx)
    if v <= 0:
        ctx.fail(f"Expected a positive scalar; got {value!r}.")
    return v


ELULayer._options = (Option("Name", "", name_text), Option("Alpha", 1.0, _positive_scalar))
GELULayer._options = (Option("Name", "", name_text),
                      Option("Approximation", _pinned.GELU_DEFAULT_APPROXIMATION,
                             choice("none", "tanh")))
ClippedReLULayer._options = (Option("Name", "", name_text), Option("Ceiling", None,
                                                                   _positive_scalar))


@matlab_syntax('layer = eluLayer()', 'eluLayer(alpha)', 'eluLayer(Name=Value)')
def eluLayer(*args, **kwargs):
    """Exponential linear unit (ELU) layer: x for x > 0, Alpha*(exp(x)-1) otherwise.

    MATLAB syntax::

        layer = eluLayer
        layer = eluLayer(alpha)
        layer = eluLayer(___, 'Name', name)

    - alpha: positive scalar, default 1 (the Alpha property).
    - Name: layer name, default '' (named 'elu' at training).

    Example::

        layers = [sequenceInputLayer(3), convolution1dLayer(3, 8, Padding='causal'),
                  eluLayer(), fullyConnectedLayer(1), regressionLayer()]
    """
    lead, rest = _split_leading(args)
    if lead:
        rest = ["Alpha", lead[0]] + list(rest)
    return _make(ELULayer, "eluLayer", rest, kwargs)


@matlab_syntax('layer = geluLayer()', 'geluLayer(Name=Value)')
def geluLayer(*args, **kwargs):
    """Gaussian error linear unit (GELU) layer: x * Phi(x), Phi the standard normal CDF.

    MATLAB syntax::

        layer = geluLayer
        layer = geluLayer(Name, Value, ...)

    - Approximation: 'none' (default, the erf form) or 'tanh'
      (0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))).
    - Name: layer name, default '' (named 'gelu' at training).

    Example::

        layer = geluLayer(Approximation='tanh')
    """
    return _make(GELULayer, "geluLayer", args, kwargs)


@matlab_syntax('layer = swishLayer()', 'swishLayer(Name=Value)')
def swishLayer(*args, **kwargs):
    """Swish layer: y = x ./ (1 + exp(-x)), element-wise.

    MATLAB syntax::

        layer = swishLayer
        layer = swishLayer('Name', name)

    - Name: layer name, default '' (named 'swish' at training).

    Example::

        layer = swishLayer('Name', 'swish1')
    """
    return _make(SwishLayer, "swishLayer", args, kwargs)


@matlab_syntax('layer = clippedReluLayer(ceiling)', 'clippedReluLayer(ceiling, Name=Value)')
def clippedReluLayer(ceiling, *args, **kwargs):
    """Clipped ReLU layer: y = min(max(x, 0), ceiling), element-wise.

    MATLAB syntax::

        layer = clippedReluLayer(ceiling)
        layer = clippedReluLayer(ceiling, 'Name', name)

    - ceiling: positive scalar (the Ceiling property), required.
    - Name: layer name, default '' (named 'clippedrelu' at training).

    Example::

        layer = clippedReluLayer(10)
    """
    return _make(ClippedReLULayer, "clippedReluLayer", ["Ceiling", ceiling] + list(args), kwargs)


@matlab_syntax('layer = softplusLayer()', 'softplusLayer(Name=Value)')
def softplusLayer(*args, **kwargs):
    """Softplus layer: y = log(1 + exp(x)), element-wise.

    MATLAB syntax::

        layer = softplusLayer
        layer = softplusLayer('Name', name)

    - Name: layer name, default '' (named 'softplus' at training).

    Example::

        layer = softplusLayer()
    """
    return _make(SoftplusLayer, "softplusLayer", args, kwargs)
