"""convolution1dLayer: a 1-D convolution over the time dimension of sequence data."""
import math
import numbers

import numpy as np

from .._namevalue import Option, _brief, choice_or_callable, name_text, real_finite_scalar
from .._signature import matlab_syntax
from ..errors import InvalidNetworkError, MatlabnnValueError
from ..initializers import initialize
from ..ops import temporal
from ._validators import _numeric_array, factor, positive_int_or_auto
from ._window import Row, WindowLayerMixin, padding_option, padding_text, positive_int
from .base import Layer, require_size

CONV_WEIGHT_INITIALIZERS = ("glorot", "he", "narrow-normal", "zeros", "ones")
CONV_BIAS_INITIALIZERS = ("zeros", "narrow-normal", "ones")


def array_or_empty(value, ctx):
    """A numeric array of any rank, or [] / None for 'not set'."""
    if value is None:
        return None
    a = _numeric_array(value, ctx, "a numeric array or []")
    if a is None or a.size == 0:
        return None
    return a


def learn_factor(layer, learnable, which):
    """LearnRateFactor (which=0) or L2Factor (1) of one learnable, as the solver wants it."""
    return float(getattr(layer, layer._factors[learnable][which]))


class Convolution1DLayer(WindowLayerMixin, Layer):
    """1-D convolution layer (MATLAB's ``convolution1dLayer``); see :func:`convolution1dLayer`."""

    _class_name = "Convolution1DLayer"
    _constructor = "convolution1dLayer"
    _type_name = "1-D Convolution"
    _default_name = "conv1d"
    _learnables = ("Weights", "Bias")
    _factors = {"Weights": ("WeightLearnRateFactor", "WeightL2Factor"),
                "Bias": ("BiasLearnRateFactor", "BiasL2Factor")}
    _readonly = Layer._readonly + ("FilterSize", "NumFilters", "NumChannels")

    def _sections(self):
        return [(None, ["Name"]),
                ("Hyperparameters", ["FilterSize", "NumChannels", "NumFilters", "Stride",
                                     "DilationFactor", "PaddingMode", "PaddingSize",
                                     "PaddingValue"]),
                ("Learnable Parameters", ["Weights", "Bias"])]

    def _footer(self):
        return "Show all properties"

    def _description(self):
        return (f"{self.NumFilters} {self.FilterSize} convolutions with stride {self.Stride} "
                f"and padding {padding_text(self)}")

    def _window(self):
        return self.FilterSize, self.Stride, self.DilationFactor

    def _fill(self):
        return self.PaddingValue

    def _learn_factor(self, learnable, which):
        return learn_factor(self, learnable, which)

    def _setup(self, input_size, is_sequence):
        self._require_sequence(is_sequence)
        self._require_vectors(input_size)
        if self.NumChannels != "auto" and self.NumChannels != input_size:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': Input size mismatch. Size of input to this layer is "
                f"different from the expected input size. NumChannels is {self.NumChannels} but "
                f"the layer receives {input_size} channels.",
                "nnet_cnn:trainNetwork:InvalidNetwork")
        object.__setattr__(self, "NumChannels", input_size)
        F, C, O = self.FilterSize, input_size, self.NumFilters
        if self.Weights is not None and self.Weights.ndim == 2 and O == 1:
            object.__setattr__(self, "Weights", self.Weights.reshape(F, -1, 1))  # MATLAB drops 1
        require_size(self, "Weights", self.Weights, (F, C, O))
        if self.Bias is not None:
            if self.Bias.size != O:
                require_size(self, "Bias", self.Bias, (1, O))
            object.__setattr__(self, "Bias", self.Bias.reshape(1, O))
        return O, True

    def _initialize(self, rng, dtype):
        F, C, O = self.FilterSize, self.NumChannels, self.NumFilters
        if self.Weights is None:
            object.__setattr__(self, "Weights", initialize(
                self.WeightsInitializer, (F, C, O), F * C, F * O, rng, dtype, "Weights"))
        if self.Bias is None:
            object.__setattr__(self, "Bias", initialize(
                self.BiasInitializer, (1, O), F * C, F * O, rng, dtype, "Bias"))

    def _kernel(self, x, pad):
        return temporal.conv1d_forward(x, self.Weights, self.Bias.reshape(-1), pad,
                                       self.Stride, self.DilationFactor,
                                       x.dtype.type(self.PaddingValue))

    def _kernel_backward(self, dy, cache):
        dx, dW, db = temporal.conv1d_backward(dy, cache)
        return dx, {"Weights": dW, "Bias": db.reshape(1, -1)}

    def _forward(self, x, mask, training, state=None, rng=None):
        y, cache = self._window_forward(x, mask)
        return y, None, cache

    def _backward(self, dy, cache):
        dx, grads = self._window_backward(dy, cache)
        return dx, grads, None


def positive_argument(function, what, value):
    """A positional size argument (filter size, number of filters) as a positive int."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0].item()
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value >= 1 \
            and math.isfinite(value) and float(value) == int(value):
        return int(value)
    raise MatlabnnValueError(
        f"{function}: invalid {what} {_brief(value)}. Expected a positive integer.",
        f"nnet_cnn:layer:{function}:InvalidArgument")


Convolution1DLayer._options = (
    Option("Name", "", name_text),
    Option("Stride", 1, positive_int),
    Option("DilationFactor", 1, positive_int),
    Option("Padding", Row((0, 0)), padding_option(("same", "causal"))),
    Option("PaddingValue", 0.0, real_finite_scalar),
    Option("NumChannels", "auto", positive_int_or_auto),
    Option("WeightsInitializer", "glorot", choice_or_callable(*CONV_WEIGHT_INITIALIZERS)),
    Option("BiasInitializer", "zeros", choice_or_callable(*CONV_BIAS_INITIALIZERS)),
    Option("Weights", None, array_or_empty),
    Option("Bias", None, array_or_empty),
    Option("WeightLearnRateFactor", 1.0, factor(1)),
    Option("BiasLearnRateFactor", 1.0, factor(1)),
    Option("WeightL2Factor", 1.0, factor(1)),
    Option("BiasL2Factor", 0.0, factor(1)),
)


@matlab_syntax('layer = convolution1dLayer(filterSize, numFilters)',
               'convolution1dLayer(filterSize, numFilters, Name=Value)')
def convolution1dLayer(filterSize, numFilters, *args, **kwargs):
    """1-D convolutional layer: convolves sequence input over the time dimension.

    MATLAB syntax::

        layer = convolution1dLayer(filterSize, numFilters)
        layer = convolution1dLayer(filterSize, numFilters, Name, Value, ...)

    y(t, o) = Bias(o) + sum_k sum_c Weights(k, c, o) * x(t*Stride + k*DilationFactor, c)
    over the padded input (a cross-correlation, like MATLAB). Weights is
    FilterSize-by-NumChannels-by-NumFilters and Bias 1-by-NumFilters; in Python
    ``Weights[k, c, o]`` with 0-based k.

    Name-value options (names case-insensitive, unique prefixes allowed):

    - Stride: positive integer, default 1.
    - DilationFactor: positive integer, default 1.
    - Padding: 0 (default), a nonnegative integer p (p steps on both sides),
      [left right], 'same' (output length ceil(S/Stride); an odd total puts the
      extra step on the right) or 'causal' (left padding (FilterSize-1)*DilationFactor).
    - PaddingValue: scalar padding value, default 0.
    - NumChannels: 'auto' (default) or a positive integer.
    - WeightsInitializer: 'glorot' (default), 'he', 'narrow-normal', 'zeros', 'ones'
      or a callable f(sz); fan-in FilterSize*NumChannels, fan-out FilterSize*NumFilters.
    - BiasInitializer: 'zeros' (default), 'narrow-normal', 'ones' or a callable.
    - Weights, Bias: learnables given directly; [] (default) means initialize.
    - WeightLearnRateFactor, BiasLearnRateFactor (default 1), WeightL2Factor
      (default 1), BiasL2Factor (default 0): nonnegative scalars.
    - Name: layer name, default '' (named 'conv1d' at training).

    Padded steps of a variable-length mini-batch never reach real outputs: each
    observation gets the output of its own unpadded sequence.

    Example::

        layers = [sequenceInputLayer(1),
                  convolution1dLayer(3, 16, Padding='causal', DilationFactor=2),
                  reluLayer(), fullyConnectedLayer(1), regressionLayer()]
    """
    layer = Convolution1DLayer.__new__(Convolution1DLayer)
    layer._construct("convolution1dLayer", args, kwargs,
                     FilterSize=positive_argument("convolution1dLayer", "filter size", filterSize),
                     NumFilters=positive_argument("convolution1dLayer", "number of filters",
                                                  numFilters))
    return layer
