"""batchNormalizationLayer and layerNormalizationLayer.

Batch normalization takes per-channel statistics over the observations and
time steps of a mini-batch, real steps only (padded steps never change them).
In training it uses the mini-batch statistics and updates TrainedMean and
TrainedVariance with the decays; at prediction it uses the trained ones.
``population_statistics`` recomputes them over a whole data set after training
(trainingOptions BatchNormalizationStatistics 'population').
"""
import numpy as np

from .._namevalue import Option, choice, choice_or_callable, name_text, real_scalar
from .._signature import matlab_syntax
from ..errors import InvalidNetworkError
from ..initializers import initialize
from ..ops import normalization as norm_ops
from . import _pinned
from ._validators import column_or_empty, factor, positive_int_or_auto
from .base import Layer, require_size
from .convolution import learn_factor

SCALE_INITIALIZERS = ("ones", "zeros", "narrow-normal")
OFFSET_INITIALIZERS = ("zeros", "ones", "narrow-normal")


def channel_count(layer, input_size):
    """C of vector data (an int) or of image data (the last of an (H, W, C) tuple)."""
    return input_size if isinstance(input_size, int) else int(input_size[-1])


def step_weight(mask, x):
    """The mask (S, N) as a 0/1 weight broadcastable against x (S, N, ..., C)."""
    if mask is None or mask.all():
        return None
    return mask.reshape(mask.shape + (1,) * (x.ndim - 2)).astype(x.dtype)


class _NormalizationLayer(Layer):
    _learnables = ("Offset", "Scale")
    _factors = {"Offset": ("OffsetLearnRateFactor", "OffsetL2Factor"),
                "Scale": ("ScaleLearnRateFactor", "ScaleL2Factor")}

    def _footer(self):
        return "Show all properties"

    def _learn_factor(self, learnable, which):
        return learn_factor(self, learnable, which)

    def _check_channels(self, input_size):
        C = channel_count(self, input_size)
        if self.NumChannels != "auto" and self.NumChannels != C:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': Input size mismatch. NumChannels is {self.NumChannels} "
                f"but the layer receives {C} channels.", "nnet_cnn:trainNetwork:InvalidNetwork")
        object.__setattr__(self, "NumChannels", C)
        for name in self._learnables + getattr(self, "_statistics", ()):
            require_size(self, name, getattr(self, name), (C, 1))
        return C

    def _initialize(self, rng, dtype):
        C = self.NumChannels
        if self.Scale is None:
            object.__setattr__(self, "Scale", initialize(
                self.ScaleInitializer, (C, 1), C, C, rng, dtype, "Scale"))
        if self.Offset is None:
            object.__setattr__(self, "Offset", initialize(
                self.OffsetInitializer, (C, 1), C, C, rng, dtype, "Offset"))

    def _grads(self, dscale, doffset):
        return {"Offset": doffset.reshape(-1, 1), "Scale": dscale.reshape(-1, 1)}


class BatchNormalizationLayer(_NormalizationLayer):
    """Batch normalization layer (MATLAB's ``batchNormalizationLayer``).

    See :func:`batchNormalizationLayer`.
    """

    _class_name = "BatchNormalizationLayer"
    _constructor = "batchNormalizationLayer"
    _type_name = "Batch Normalization"
    _default_name = "batchnorm"
    _statistics = ("TrainedMean", "TrainedVariance")
    _readonly = Layer._readonly + ("NumChannels",)

    def _sections(self):
        return [(None, ["Name", "NumChannels", "TrainedMean", "TrainedVariance"]),
                ("Hyperparameters", ["MeanDecay", "VarianceDecay", "Epsilon"]),
                ("Learnable Parameters", ["Offset", "Scale"])]

    def _description(self):
        if self.NumChannels == "auto":
            return "Batch normalization"
        return f"Batch normalization with {self.NumChannels} channels"

    def _setup(self, input_size, is_sequence):
        self._check_channels(input_size)
        return input_size, is_sequence

    def _initialize(self, rng, dtype):
        super()._initialize(rng, dtype)
        C = self.NumChannels
        if self.TrainedMean is None:
            object.__setattr__(self, "TrainedMean", np.zeros((C, 1), dtype))
        if self.TrainedVariance is None:
            object.__setattr__(self, "TrainedVariance", np.ones((C, 1), dtype))

    def _cast(self, dtype):
        super()._cast(dtype)
        for name in self._statistics:
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, v.astype(dtype, copy=False))

    def _forward(self, x, mask, training, state=None, rng=None):
        scale, offset = self.Scale.reshape(-1), self.Offset.reshape(-1)
        if not training:
            if getattr(self, "_population", None) is not None:
                self._accumulate_population(x, mask)
            y = norm_ops.affine_normalize(x, self.TrainedMean.reshape(-1),
                                          self.TrainedVariance.reshape(-1), scale, offset,
                                          x.dtype.type(self.Epsilon))
            return y.astype(x.dtype, copy=False), None, None
        y, cache, mean, var = norm_ops.batchnorm_forward(
            x, scale, offset, x.dtype.type(self.Epsilon), step_weight(mask, x))
        m = cache[-1]
        if not _pinned.BATCHNORM_BIASED_VARIANCE and m > 1:
            var = var * (m / (m - 1.0))
        self._update_moving(mean, var)
        return y, None, cache

    def _update_moving(self, mean, var):
        """TrainedX = Decay * batch statistic + (1 - Decay) * TrainedX."""
        for name, value, decay in (("TrainedMean", mean, self.MeanDecay),
                                   ("TrainedVariance", var, self.VarianceDecay)):
            old = getattr(self, name)
            new = decay * value.reshape(-1, 1) + (1.0 - decay) * old
            object.__setattr__(self, name, new.astype(old.dtype, copy=False))

    def _backward(self, dy, cache):
        dx, dscale, doffset = norm_ops.batchnorm_backward(dy, cache)
        return dx, self._grads(dscale, doffset), None

    # -- population statistics (BatchNormalizationStatistics 'population') ---------
    def _start_population(self):
        C = self.NumChannels
        object.__setattr__(self, "_population", [0.0, np.zeros(C), np.zeros(C)])

    def _accumulate_population(self, x, mask):
        """Add one mini-batch's real steps (the input of this layer) to the running sums."""
        w = step_weight(mask, x)
        mean, var, m = norm_ops.batchnorm_statistics(x.astype(np.float64), w)
        acc = self._population
        n, s1, s2 = acc
        acc[0] = n + m
        acc[1] = s1 + m * mean
        acc[2] = s2 + m * (var + mean ** 2)

    def _finish_population(self):
        n, s1, s2 = self._population
        object.__setattr__(self, "_population", None)
        if n == 0:          # no data went through: keep the moving statistics
            return
        mean = s1 / n
        var = np.maximum(s2 / n - mean ** 2, 0.0)
        dtype = self.TrainedMean.dtype
        object.__setattr__(self, "TrainedMean", mean.reshape(-1, 1).astype(dtype))
        object.__setattr__(self, "TrainedVariance", var.reshape(-1, 1).astype(dtype))


def population_statistics(net, run_all):
    """Recompute every batch-normalization layer's TrainedMean/TrainedVariance over data.

    ``run_all()`` runs the network forward in inference mode over the whole training
    data. Each layer's statistics become the mean and biased variance of its input
    over all real steps; layers are done one after the other in network order, so a
    later layer sees the earlier layers' final statistics (one pass per layer).
    """
    for layer in net.Layers:
        if isinstance(layer, BatchNormalizationLayer):
            layer._start_population()
            try:
                run_all()
            finally:
                layer._finish_population()


class LayerNormalizationLayer(_NormalizationLayer):
    """Layer normalization layer (MATLAB's ``layerNormalizationLayer``).

    See :func:`layerNormalizationLayer`.
    """

    _class_name = "LayerNormalizationLayer"
    _constructor = "layerNormalizationLayer"
    _type_name = "Layer Normalization"
    _default_name = "layernorm"
    _readonly = Layer._readonly + ("NumChannels",)

    def _sections(self):
        return [(None, ["Name", "NumChannels"]),
                ("Hyperparameters", ["Epsilon", "OperationDimension"]),
                ("Learnable Parameters", ["Offset", "Scale"])]

    def _description(self):
        if self.NumChannels == "auto":
            return "Layer normalization"
        return f"Layer normalization with {self.NumChannels} channels"

    def _setup(self, input_size, is_sequence):
        if not isinstance(input_size, int):
            raise InvalidNetworkError(
                f"Layer '{self.Name}': layerNormalizationLayer supports vector sequence and "
                f"feature data (C channels); it receives image data of size {input_size}. "
                "Put a flattenLayer before it.", "nnet_cnn:trainNetwork:InvalidNetwork")
        self._check_channels(input_size)
        return input_size, is_sequence

    def _forward(self, x, mask, training, state=None, rng=None):
        y, cache = norm_ops.layernorm_forward(x, self.Scale.reshape(-1), self.Offset.reshape(-1),
                                              x.dtype.type(self.Epsilon))
        return y, None, cache

    def _backward(self, dy, cache):
        dx, dscale, doffset = norm_ops.layernorm_backward(dy, cache)
        return dx, self._grads(dscale, doffset), None


_EPS = real_scalar(1e-5, what="a scalar >= 1e-05")
_DECAY = real_scalar(0.0, 1.0, what="a scalar in the range [0, 1]")


def _common_options():
    return (
        Option("Name", "", name_text),
        Option("NumChannels", "auto", positive_int_or_auto),
        Option("Epsilon", _pinned.NORMALIZATION_DEFAULT_EPSILON, _EPS),
        Option("ScaleInitializer", "ones", choice_or_callable(*SCALE_INITIALIZERS)),
        Option("OffsetInitializer", "zeros", choice_or_callable(*OFFSET_INITIALIZERS)),
        Option("Scale", None, column_or_empty),
        Option("Offset", None, column_or_empty),
        Option("ScaleLearnRateFactor", 1.0, factor(1)),
        Option("OffsetLearnRateFactor", 1.0, factor(1)),
        Option("ScaleL2Factor", 1.0, factor(1)),
        Option("OffsetL2Factor", 1.0, factor(1)),
    )


BatchNormalizationLayer._options = _common_options() + (
    Option("TrainedMean", None, column_or_empty),
    Option("TrainedVariance", None, column_or_empty),
    Option("MeanDecay", _pinned.BATCHNORM_DEFAULT_DECAY, _DECAY),
    Option("VarianceDecay", _pinned.BATCHNORM_DEFAULT_DECAY, _DECAY),
)

LayerNormalizationLayer._options = _common_options() + (
    Option("OperationDimension", "auto", choice("auto", "channel-only")),
)


@matlab_syntax('layer = batchNormalizationLayer()', 'batchNormalizationLayer(Name=Value)')
def batchNormalizationLayer(*args, **kwargs):
    """Batch normalization layer: normalizes each channel over the mini-batch.

    MATLAB syntax::

        layer = batchNormalizationLayer
        layer = batchNormalizationLayer(Name, Value, ...)

    In training, y = Scale .* (x - mu) ./ sqrt(sigma2 + Epsilon) + Offset with mu
    and sigma2 (biased) per channel over observations and time steps (real steps
    only), and TrainedMean = MeanDecay*mu + (1-MeanDecay)*TrainedMean (the same
    for TrainedVariance). At prediction the trained statistics are used. With
    trainingOptions BatchNormalizationStatistics 'population' they are
    recomputed over the training data after training.

    Name-value options:

    - Epsilon: >= 1e-5, default 1e-5.
    - MeanDecay, VarianceDecay: in [0, 1], default 0.1.
    - TrainedMean, TrainedVariance: NumChannels-by-1, default [] (zeros and ones
      at initialization).
    - Scale, Offset: NumChannels-by-1 learnables, default [].
    - ScaleInitializer 'ones' (default), OffsetInitializer 'zeros' (default);
      also 'zeros'/'ones'/'narrow-normal' or a callable.
    - ScaleLearnRateFactor, OffsetLearnRateFactor, ScaleL2Factor, OffsetL2Factor:
      nonnegative, default 1.
    - NumChannels: 'auto' (default) or a positive integer.
    - Name: layer name, default '' (named 'batchnorm' at training).

    Example::

        layers = [sequenceInputLayer(3), convolution1dLayer(3, 16, Padding='causal'),
                  batchNormalizationLayer(), reluLayer(), globalAveragePooling1dLayer(),
                  fullyConnectedLayer(1), regressionLayer()]
    """
    layer = BatchNormalizationLayer.__new__(BatchNormalizationLayer)
    layer._construct("batchNormalizationLayer", args, kwargs)
    return layer


@matlab_syntax('layer = layerNormalizationLayer()', 'layerNormalizationLayer(Name=Value)')
def layerNormalizationLayer(*args, **kwargs):
    """Layer normalization layer: normalizes each observation's channels at each time step.

    MATLAB syntax::

        layer = layerNormalizationLayer
        layer = layerNormalizationLayer(Name, Value, ...)

    y = Scale .* (x - mu) ./ sqrt(sigma2 + Epsilon) + Offset with mu and sigma2
    (biased) over the channels of one observation at one time step; training and
    prediction compute the same thing.

    Name-value options:

    - Epsilon: >= 1e-5, default 1e-5.
    - OperationDimension: 'auto' (default) or 'channel-only' (the same for vector data).
    - Scale, Offset: NumChannels-by-1 learnables, default [].
    - ScaleInitializer 'ones' (default), OffsetInitializer 'zeros' (default).
    - ScaleLearnRateFactor, OffsetLearnRateFactor, ScaleL2Factor, OffsetL2Factor:
      nonnegative, default 1.
    - NumChannels: 'auto' (default) or a positive integer.
    - Name: layer name, default '' (named 'layernorm' at training).

    Example::

        layers = [sequenceInputLayer(12), lstmLayer(100), layerNormalizationLayer(),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
    """
    layer = LayerNormalizationLayer.__new__(LayerNormalizationLayer)
    layer._construct("layerNormalizationLayer", args, kwargs)
    return layer
