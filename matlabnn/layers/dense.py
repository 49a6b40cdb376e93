"""fullyConnectedLayer: y = W x + b at every time step."""
import math
import numbers

import numpy as np

from .._namevalue import Option, choice_or_callable, name_text
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError
from ..initializers import BIAS_INITIALIZERS_DENSE, WEIGHT_INITIALIZERS, initialize
from ..ops import dense as dense_ops
from ._validators import column_or_empty, factor, matrix_or_empty, positive_int_or_auto
from .base import Layer, check_learnable_memory, require_size


class FullyConnectedLayer(Layer):
    """Fully connected layer (MATLAB's ``fullyConnectedLayer``); see :func:`fullyConnectedLayer`."""

    _class_name = "FullyConnectedLayer"
    _constructor = "fullyConnectedLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Fully Connected"
    _default_name = "fc"
    _learnables = ("Weights", "Bias")
    _factors = {"Weights": ("WeightLearnRateFactor", "WeightL2Factor"),
                "Bias": ("BiasLearnRateFactor", "BiasL2Factor")}
    _readonly = Layer._readonly + ("OutputSize", "InputSize")

    def _sections(self):
        return [(None, ["Name"]),
                ("Hyperparameters", ["InputSize", "OutputSize"]),
                ("Learnable Parameters", ["Weights", "Bias"])]

    def _footer(self):
        return "Show all properties"

    def _description(self):
        return f"{self.OutputSize} fully connected layer"

    def _setup(self, input_size, is_sequence):
        if self.InputSize != "auto" and self.InputSize != input_size:
            from ..errors import InvalidNetworkError
            raise InvalidNetworkError(
                f"Layer '{self.Name}': InputSize is {self.InputSize} but the layer receives "
                f"{input_size} channels.", "nnet_cnn:trainNetwork:InvalidNetwork")
        object.__setattr__(self, "InputSize", input_size)
        require_size(self, "Weights", self.Weights, (self.OutputSize, input_size))
        require_size(self, "Bias", self.Bias, (self.OutputSize, 1))
        return self.OutputSize, is_sequence

    def _check_memory(self, dtype, input_size):
        check_learnable_memory(
            self, "fullyConnectedLayer",
            {"Weights": (self.OutputSize, input_size), "Bias": (self.OutputSize, 1)}, dtype,
            f"Use a smaller OutputSize than {self.OutputSize} or fewer input channels than "
            f"{input_size}.")

    def _after_construct(self):
        if self.InputSize != "auto":
            self._check_memory(np.float32, self.InputSize)

    def _initialize(self, rng, dtype):
        O, C = self.OutputSize, self.InputSize
        self._check_memory(dtype, C)
        if self.Weights is None:
            object.__setattr__(self, "Weights", initialize(
                self.WeightsInitializer, (O, C), C, O, rng, dtype, "Weights"))
        if self.Bias is None:
            object.__setattr__(self, "Bias", initialize(
                self.BiasInitializer, (O, 1), C, O, rng, dtype, "Bias"))

    def _learn_factor(self, learnable, which):
        return float(getattr(self, self._factors[learnable][which]))

    def _forward(self, x, mask, training, state=None, rng=None):
        return dense_ops.dense_forward(x, self.Weights, self.Bias.reshape(-1)), None, x

    def _backward(self, dy, cache):
        dx, dW, db = dense_ops.dense_backward(dy, cache, self.Weights)
        return dx, {"Weights": dW, "Bias": db.reshape(-1, 1)}, None


def _output_size(value):
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0 \
            and math.isfinite(value) and float(value) == int(value):
        return int(value)
    raise MatlabnnValueError(
        f"fullyConnectedLayer: invalid output size {value!r}. Expected a positive integer.",
        "nnet_cnn:layer:FullyConnectedLayer:InvalidOutputSize")


FullyConnectedLayer._options = (
    Option("Name", "", name_text),
    Option("InputSize", "auto", positive_int_or_auto),
    Option("WeightsInitializer", "glorot", choice_or_callable(*WEIGHT_INITIALIZERS)),
    Option("BiasInitializer", "zeros", choice_or_callable(*BIAS_INITIALIZERS_DENSE)),
    Option("Weights", None, matrix_or_empty),
    Option("Bias", None, column_or_empty),
    Option("WeightLearnRateFactor", 1.0, factor(1)),
    Option("BiasLearnRateFactor", 1.0, factor(1)),
    Option("WeightL2Factor", 1.0, factor(1)),
    Option("BiasL2Factor", 0.0, factor(1)),
)


@matlab_syntax('layer = fullyConnectedLayer(outputSize)', 'fullyConnectedLayer(outputSize, Name=Value)')
def fullyConnectedLayer(outputSize, *args, **kwargs):
    """Fully connected layer, applied independently at every time step of a sequence.

    MATLAB syntax::

        layer = fullyConnectedLayer(outputSize)
        layer = fullyConnectedLayer(outputSize, Name, Value, ...)

    Weights is OutputSize-by-InputSize, Bias OutputSize-by-1; y = Weights*x + Bias.

    Name-value options (names case-insensitive, unique prefixes allowed):

    - Weights, Bias: learnables given directly; [] (default) means initialize.
    - WeightsInitializer: 'glorot' (default), 'he', 'orthogonal', 'narrow-normal',
      'zeros', 'ones', or a callable f(sz).
    - BiasInitializer: 'zeros' (default), 'narrow-normal', 'ones', or a callable.
    - WeightLearnRateFactor, BiasLearnRateFactor: nonnegative, default 1.
    - WeightL2Factor (default 1), BiasL2Factor (default 0): nonnegative.
    - InputSize: 'auto' (default) or a positive integer.
    - Name: layer name, default ''.

    Example::

        layer = fullyConnectedLayer(1)
        layer = fullyConnectedLayer(9, 'Name', 'fc', 'BiasLearnRateFactor', 2)
    """
    layer = FullyConnectedLayer.__new__(FullyConnectedLayer)
    layer._construct("fullyConnectedLayer", args, kwargs, OutputSize=_output_size(outputSize))
    return layer
