"""Layers about time positions: indexing1dLayer, positionEmbeddingLayer,
sinusoidalPositionEncodingLayer.

Positions count real steps: in a left-padded mini-batch an observation's first
real step is position 1 (0 in the sinusoidal formula), as for its unpadded sequence.
"""
import numpy as np

from .._namevalue import Option, choice, choice_or_callable, name_text
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError
from ..initializers import WEIGHT_INITIALIZERS, initialize
from . import _pinned
from ._validators import factor, matrix_or_empty
from ._window import WindowLayerMixin
from .base import Layer, require_size
from .convolution import learn_factor, positive_argument


def step_positions(mask, S, N):
    """(S, N) int array: 0-based position of each step among its observation's real steps."""
    if mask is None:
        return np.broadcast_to(np.arange(S)[:, None], (S, N))
    return np.maximum(np.cumsum(mask, axis=0) - 1, 0)


class Indexing1DLayer(Layer):
    """1-D indexing layer (MATLAB's ``indexing1dLayer``); see :func:`indexing1dLayer`."""

    _class_name = "Indexing1DLayer"
    _constructor = "indexing1dLayer"
    _type_name = "1-D Indexing"
    _default_name = "index1d"
    _options = (Option("Name", "", name_text), Option("Index", "first", choice("first", "last")))

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Index"])]

    def _description(self):
        return f"Index: {self.Index}"

    def _setup(self, input_size, is_sequence):
        WindowLayerMixin._require_sequence(self, is_sequence)
        return input_size, False

    def _forward(self, x, mask, training, state=None, rng=None):
        S, N = x.shape[:2]
        if mask is None:
            steps = np.full(N, 0 if self.Index == "first" else S - 1)
        elif self.Index == "first":
            steps = mask.argmax(axis=0)
        else:
            steps = S - 1 - mask[::-1].argmax(axis=0)
        return x[steps, np.arange(N)], None, (x.shape, steps)

    def _backward(self, dy, cache):
        shape, steps = cache
        dx = np.zeros(shape, dtype=dy.dtype)
        dx[steps, np.arange(shape[1])] = dy
        return dx, {}, None


@matlab_syntax('layer = indexing1dLayer()', "indexing1dLayer(index)", 'indexing1dLayer(Name=Value)')
def indexing1dLayer(*args, **kwargs):
    """1-D indexing layer: takes one time step of sequence data, removing the time dimension.

    MATLAB syntax::

        layer = indexing1dLayer
        layer = indexing1dLayer(index)
        layer = indexing1dLayer(___, 'Name', name)

    - index: 'first' (default) or 'last' (the Index property). For a padded
      mini-batch, 'first'/'last' are each observation's first/last REAL step.
    - Name: layer name, default '' (named 'index1d' at training).

    Example::

        layers = [sequenceInputLayer(3), selfAttentionLayer(2, 16),
                  indexing1dLayer('last'), fullyConnectedLayer(1), regressionLayer()]
    """
    args = list(args)
    if len(args) % 2:                  # indexing1dLayer(index, Name=...)
        args = ["Index"] + args
    layer = Indexing1DLayer.__new__(Indexing1DLayer)
    layer._construct("indexing1dLayer", args, kwargs)
    return layer


class PositionEmbeddingLayer(Layer):
    """Position embedding layer (MATLAB's ``positionEmbeddingLayer``).

    See :func:`positionEmbeddingLayer`.
    """

    _class_name = "PositionEmbeddingLayer"
    _constructor = "positionEmbeddingLayer"
    _type_name = "Position Embedding"
    _default_name = "posembed"
    _learnables = ("Weights",)
    _factors = {"Weights": ("WeightLearnRateFactor", "WeightL2Factor")}
    _readonly = Layer._readonly + ("OutputSize", "MaxPosition")

    def _sections(self):
        return [(None, ["Name"]),
                ("Hyperparameters", ["OutputSize", "MaxPosition", "PositionDimension"]),
                ("Learnable Parameters", ["Weights"])]

    def _description(self):
        return f"Position embedding of size {self.OutputSize} and max position {self.MaxPosition}"

    def _learn_factor(self, learnable, which):
        return learn_factor(self, learnable, which)

    def _setup(self, input_size, is_sequence):
        WindowLayerMixin._require_sequence(self, is_sequence)
        require_size(self, "Weights", self.Weights, (self.OutputSize, self.MaxPosition))
        return self.OutputSize, True

    def _initialize(self, rng, dtype):
        if self.Weights is None:
            object.__setattr__(self, "Weights", initialize(
                self.WeightsInitializer, (self.OutputSize, self.MaxPosition), self.MaxPosition,
                self.OutputSize, rng, dtype, "Weights"))

    def _forward(self, x, mask, training, state=None, rng=None):
        S, N = x.shape[:2]
        pos = step_positions(mask, S, N)
        longest = int(pos.max()) + 1
        if longest > self.MaxPosition:
            raise MatlabnnValueError(
                f"Layer '{self.Name}': the sequences have {longest} time steps but MaxPosition is "
                f"{self.MaxPosition}. Create the layer with a MaxPosition of at least the "
                "longest sequence length.", "nnet_cnn:layer:PositionEmbeddingLayer:TooLong")
        y = self.Weights.T[pos]                                    # (S, N, OutputSize)
        return y.astype(x.dtype, copy=False), None, (x.shape, pos, mask)

    def _backward(self, dy, cache):
        shape, pos, mask = cache
        if mask is not None:
            dy = dy * mask[:, :, None]
        dW = np.zeros((self.MaxPosition, dy.shape[-1]), dtype=dy.dtype)
        np.add.at(dW, pos.reshape(-1), dy.reshape(-1, dy.shape[-1]))
        return np.zeros(shape, dtype=dy.dtype), {"Weights": dW.T}, None


PositionEmbeddingLayer._options = (
    Option("Name", "", name_text),
    Option("PositionDimension", "auto", choice("auto", "temporal")),
    Option("WeightsInitializer", _pinned.POSITION_EMBEDDING_INITIALIZER,
           choice_or_callable(*WEIGHT_INITIALIZERS)),
    Option("Weights", None, matrix_or_empty),
    Option("WeightLearnRateFactor", 1.0, factor(1)),
    Option("WeightL2Factor", 1.0, factor(1)),
)


@matlab_syntax('layer = positionEmbeddingLayer(outputSize, maxPosition)',
               'positionEmbeddingLayer(outputSize, maxPosition, Name=Value)')
def positionEmbeddingLayer(outputSize, maxPosition, *args, **kwargs):
    """Position embedding layer: maps time step t to the learnable vector Weights(:, t).

    MATLAB syntax::

        layer = positionEmbeddingLayer(outputSize, maxPosition)
        layer = positionEmbeddingLayer(outputSize, maxPosition, Name, Value, ...)

    The output is the embedding only (OutputSize channels per step); add it to
    the data with additionLayer. Weights is OutputSize-by-MaxPosition.

    Name-value options:

    - PositionDimension: 'auto' (default) or 'temporal'.
    - WeightsInitializer: 'narrow-normal' (default), 'glorot', 'he', 'orthogonal',
      'zeros', 'ones' or a callable.
    - Weights: default [].
    - WeightLearnRateFactor, WeightL2Factor: nonnegative, default 1.
    - Name: layer name, default '' (named 'posembed' at training).

    Example::

        layer = positionEmbeddingLayer(64, 512)
    """
    layer = PositionEmbeddingLayer.__new__(PositionEmbeddingLayer)
    layer._construct(
        "positionEmbeddingLayer", args, kwargs,
        OutputSize=positive_argument("positionEmbeddingLayer", "output size", outputSize),
        MaxPosition=positive_argument("positionEmbeddingLayer", "maximum position", maxPosition))
    return layer


def sinusoidal_encoding(positions, size, dtype):
    """PE(p, 2i) = sin(p / 10000^(2i/size)), PE(p, 2i+1) = cos(p / 10000^(2i/size))."""
    i = np.arange(size) // 2
    angle = (positions[..., None] + _pinned.SINUSOIDAL_FIRST_POSITION) \
        / np.power(10000.0, 2.0 * i / size)
    pe = np.where(np.arange(size) % 2 == 0, np.sin(angle), np.cos(angle))
    return pe.astype(dtype)


class SinusoidalPositionEncodingLayer(Layer):
    """Sinusoidal position encoding layer (MATLAB's ``sinusoidalPositionEncodingLayer``)."""

    _class_name = "SinusoidalPositionEncodingLayer"
    _constructor = "sinusoidalPositionEncodingLayer"
    _type_name = "Sinusoidal Position Encoding"
    _default_name = "posenc"
    _readonly = Layer._readonly + ("OutputSize",)
    _options = (Option("Name", "", name_text),
                Option("PositionDimension", "auto", choice("auto", "temporal")))

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["OutputSize", "PositionDimension"])]

    def _description(self):
        return f"Sinusoidal position encoding of size {self.OutputSize}"

    def _setup(self, input_size, is_sequence):
        WindowLayerMixin._require_sequence(self, is_sequence)
        return self.OutputSize, True

    def _forward(self, x, mask, training, state=None, rng=None):
        S, N = x.shape[:2]
        return sinusoidal_encoding(step_positions(mask, S, N), self.OutputSize, x.dtype), \
            None, x.shape

    def _backward(self, dy, cache):
        return np.zeros(cache, dtype=dy.dtype), {}, None


@matlab_syntax('layer = sinusoidalPositionEncodingLayer(outputSize)',
               'sinusoidalPositionEncodingLayer(outputSize, Name=Value)')
def sinusoidalPositionEncodingLayer(outputSize, *args, **kwargs):
    """Sinusoidal position encoding layer: a fixed encoding of each time step's position.

    MATLAB syntax::

        layer = sinusoidalPositionEncodingLayer(outputSize)
        layer = sinusoidalPositionEncodingLayer(outputSize, Name, Value, ...)

    Channel 2i+1 (1-based) at position p is sin(p / 10000^(2i/outputSize)) and
    channel 2i+2 is cos(...), p = 0 at the first real step. The output is the
    encoding only; add it to the data with additionLayer. outputSize must be even.

    Name-value options:

    - PositionDimension: 'auto' (default) or 'temporal'.
    - Name: layer name, default '' (named 'posenc' at training).

    Example::

        layer = sinusoidalPositionEncodingLayer(64)
    """
    size = positive_argument("sinusoidalPositionEncodingLayer", "output size", outputSize)
    if size % 2:
        raise MatlabnnValueError(
            f"sinusoidalPositionEncodingLayer: outputSize must be an even positive integer; "
            f"got {size}.", "nnet_cnn:layer:SinusoidalPositionEncodingLayer:InvalidOutputSize")
    layer = SinusoidalPositionEncodingLayer.__new__(SinusoidalPositionEncodingLayer)
    layer._construct("sinusoidalPositionEncodingLayer", args, kwargs, OutputSize=size)
    return layer
