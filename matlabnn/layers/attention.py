"""selfAttentionLayer: multi-head scaled dot-product self-attention over time steps."""
from .._namevalue import Option, choice, choice_or_callable, name_text, real_scalar
from .._signature import matlab_syntax
from ..errors import InvalidNetworkError, MatlabnnValueError
from ..initializers import initialize
from ..ops import attention as attention_ops
from ._validators import column_or_empty, factor, matrix_or_empty, positive_int_or_auto
from ._window import WindowLayerMixin
from .base import Layer, require_size
from .convolution import (CONV_BIAS_INITIALIZERS, CONV_WEIGHT_INITIALIZERS, learn_factor,
                          positive_argument)

_WEIGHTS = ("QueryWeights", "KeyWeights", "ValueWeights", "OutputWeights")
_BIASES = ("QueryBias", "KeyBias", "ValueBias", "OutputBias")
_SHORT = {"QueryWeights": "Wq", "KeyWeights": "Wk", "ValueWeights": "Wv", "OutputWeights": "Wo",
          "QueryBias": "bq", "KeyBias": "bk", "ValueBias": "bv", "OutputBias": "bo"}


class SelfAttentionLayer(Layer):
    """Self-attention layer (MATLAB's ``selfAttentionLayer``); see :func:`selfAttentionLayer`."""

    _class_name = "SelfAttentionLayer"
    _constructor = "selfAttentionLayer"
    _type_name = "Self-Attention"
    _default_name = "selfattention"
    _learnables = _WEIGHTS + _BIASES
    _factors = {**{w: ("WeightLearnRateFactor", "WeightL2Factor") for w in _WEIGHTS},
                **{b: ("BiasLearnRateFactor", "BiasL2Factor") for b in _BIASES}}
    _readonly = Layer._readonly + ("NumHeads", "NumKeyChannels", "InputSize")

    def _sections(self):
        return [(None, ["Name"]),
                ("Hyperparameters", ["NumHeads", "NumKeyChannels", "NumValueChannels",
                                     "OutputSize", "AttentionMask", "DropoutProbability"]),
                ("Learnable Parameters", list(_WEIGHTS + _BIASES))]

    def _footer(self):
        return "Show all properties"

    def _description(self):
        return f"{self.NumHeads} heads and {self.NumKeyChannels} key and query channels"

    def _learn_factor(self, learnable, which):
        return learn_factor(self, learnable, which)

    def _after_construct(self):
        for what, n in (("NumKeyChannels", self.NumKeyChannels),
                        ("NumValueChannels", self.NumValueChannels)):
            if n != "auto" and n % self.NumHeads:
                raise MatlabnnValueError(
                    f"selfAttentionLayer: {what} ({n}) must be divisible by the number of heads "
                    f"({self.NumHeads}).", "nnet_cnn:layer:SelfAttentionLayer:InvalidNumChannels")

    def _sizes(self):
        K = self.NumKeyChannels
        V = K if self.NumValueChannels == "auto" else self.NumValueChannels
        O = self.InputSize if self.OutputSize == "auto" else self.OutputSize
        return K, V, O

    def _setup(self, input_size, is_sequence):
        WindowLayerMixin._require_sequence(self, is_sequence)
        if not isinstance(input_size, int):
            raise InvalidNetworkError(
                f"Layer '{self.Name}': selfAttentionLayer expects vector sequences; it receives "
                f"data of size {input_size}.", "nnet_cnn:trainNetwork:InvalidNetwork")
        object.__setattr__(self, "InputSize", input_size)
        K, V, O = self._sizes()
        C = input_size
        for name, shape in zip(_WEIGHTS + _BIASES,
                               ((K, C), (K, C), (V, C), (O, V), (K, 1), (K, 1), (V, 1), (O, 1))):
            require_size(self, name, getattr(self, name), shape)
        return O, True

    def _initialize(self, rng, dtype):
        K, V, O = self._sizes()
        C = self.InputSize
        for name, (rows, cols) in zip(_WEIGHTS, ((K, C), (K, C), (V, C), (O, V))):
            if getattr(self, name) is None:
                object.__setattr__(self, name, initialize(
                    self.WeightsInitializer, (rows, cols), cols, rows, rng, dtype, name))
        for name, rows in zip(_BIASES, (K, K, V, O)):
            if getattr(self, name) is None:
                object.__setattr__(self, name, initialize(
                    self.BiasInitializer, (rows, 1), C, rows, rng, dtype, name))

    def _forward(self, x, mask, training, state=None, rng=None):
        S, N, _ = x.shape
        allowed = attention_ops.attention_allowed(mask, S, N, self.AttentionMask == "causal")
        dropout = None
        p = self.DropoutProbability
        if training and p > 0:
            if rng is None:
                from .._rng import generator
                rng = generator()
            shape = (N, self.NumHeads, S, S)
            dropout = ((rng.random(shape) >= p) / (1.0 - p)).astype(x.dtype)
        args = [getattr(self, n) if n in _WEIGHTS else getattr(self, n).reshape(-1)
                for n in ("QueryWeights", "QueryBias", "KeyWeights", "KeyBias", "ValueWeights",
                          "ValueBias", "OutputWeights", "OutputBias")]
        y, cache = attention_ops.self_attention_forward(x, *args, self.NumHeads, allowed, dropout)
        return y, None, cache

    def _backward(self, dy, cache):
        dx, g = attention_ops.self_attention_backward(dy, cache)
        grads = {n: g[_SHORT[n]] if n in _WEIGHTS else g[_SHORT[n]].reshape(-1, 1)
                 for n in _WEIGHTS + _BIASES}
        return dx, grads, None


SelfAttentionLayer._options = (
    Option("Name", "", name_text),
    Option("NumValueChannels", "auto", positive_int_or_auto),
    Option("OutputSize", "auto", positive_int_or_auto),
    Option("AttentionMask", "none", choice("none", "causal")),
    Option("DropoutProbability", 0.0, real_scalar(0.0, 1.0, hi_open=True,
                                                  what="a scalar in the range [0, 1)")),
    Option("WeightsInitializer", "glorot", choice_or_callable(*CONV_WEIGHT_INITIALIZERS)),
    Option("BiasInitializer", "zeros", choice_or_callable(*CONV_BIAS_INITIALIZERS)),
    *(Option(n, None, matrix_or_empty) for n in _WEIGHTS),
    *(Option(n, None, column_or_empty) for n in _BIASES),
    Option("WeightLearnRateFactor", 1.0, factor(1)),
    Option("BiasLearnRateFactor", 1.0, factor(1)),
    Option("WeightL2Factor", 1.0, factor(1)),
    Option("BiasL2Factor", 0.0, factor(1)),
)


@matlab_syntax('layer = selfAttentionLayer(numHeads, numKeyChannels)',
               'selfAttentionLayer(numHeads, numKeyChannels, Name=Value)')
def selfAttentionLayer(numHeads, numKeyChannels, *args, **kwargs):
    """Self-attention layer: multi-head scaled dot-product attention across time steps.

    MATLAB syntax::

        layer = selfAttentionLayer(numHeads, numKeyChannels)
        layer = selfAttentionLayer(numHeads, numKeyChannels, Name, Value, ...)

    Q = QueryWeights*x + QueryBias, K and V likewise; each head h takes a
    contiguous block of NumKeyChannels/NumHeads query/key channels (and
    NumValueChannels/NumHeads value channels), computes
    softmax(Q_h' K_h / sqrt(NumKeyChannels/NumHeads)) over the keys, and the
    merged heads go through y = OutputWeights*o + OutputBias. Padded time steps
    of a variable-length mini-batch are never attended to.

    Name-value options:

    - NumValueChannels: 'auto' (default: NumKeyChannels) or a positive integer
      divisible by numHeads.
    - OutputSize: 'auto' (default: the number of input channels) or a positive integer.
    - AttentionMask: 'none' (default) or 'causal' (step t sees steps 1..t only).
    - DropoutProbability: dropout on the attention weights in training, in [0, 1),
      default 0.
    - WeightsInitializer: 'glorot' (default), 'he', 'narrow-normal', 'zeros', 'ones'
      or a callable; BiasInitializer: 'zeros' (default), 'narrow-normal', 'ones'.
    - QueryWeights, KeyWeights (NumKeyChannels-by-C), ValueWeights
      (NumValueChannels-by-C), OutputWeights (OutputSize-by-NumValueChannels) and
      the column biases QueryBias, KeyBias, ValueBias, OutputBias: default [].
    - WeightLearnRateFactor, BiasLearnRateFactor, WeightL2Factor (default 1),
      BiasL2Factor (default 0).
    - Name: layer name, default '' (named 'selfattention' at training).

    Example::

        layers = [sequenceInputLayer(3),
                  selfAttentionLayer(4, 32, AttentionMask='causal'),
                  indexing1dLayer('last'), fullyConnectedLayer(1), regressionLayer()]
    """
    layer = SelfAttentionLayer.__new__(SelfAttentionLayer)
    heads = positive_argument("selfAttentionLayer", "number of heads", numHeads)
    keys = positive_argument("selfAttentionLayer", "number of key channels", numKeyChannels)
    layer._construct("selfAttentionLayer", args, kwargs, NumHeads=heads, NumKeyChannels=keys,
                     InputSize="auto")
    return layer
