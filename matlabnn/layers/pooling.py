"""1-D pooling over time: maxPooling1dLayer, averagePooling1dLayer, and their global forms.

The global layers reduce each observation's real steps to one value per
channel, so their output has no time dimension (like OutputMode 'last').
"""
import numpy as np

from .._namevalue import Option, name_text, real_finite_scalar
from .._signature import matlab_syntax
from ..ops import temporal
from . import _pinned
from ._window import Row, WindowLayerMixin, padding_option, padding_text, positive_int
from .base import Layer
from .convolution import positive_argument


class _Pooling1DLayer(WindowLayerMixin, Layer):
    _readonly = Layer._readonly + ("PoolSize",)
    _mode = None

    def _sections(self):
        extra = ["PaddingValue"] if self._mode == "average" else []
        return [(None, ["Name"]),
                ("Hyperparameters", ["PoolSize", "Stride", "PaddingMode", "PaddingSize"] + extra)]

    def _description(self):
        kind = "max" if self._mode == "max" else "average"
        return (f"{kind} pooling with pool size {self.PoolSize}, stride {self.Stride}, and "
                f"padding {padding_text(self)}")

    def _window(self):
        return self.PoolSize, self.Stride, 1

    def _fill(self):
        return -np.inf if self._mode == "max" else self.PaddingValue

    def _setup(self, input_size, is_sequence):
        self._require_sequence(is_sequence)
        self._require_vectors(input_size)
        return input_size, True

    def _kernel(self, x, pad):
        pv = getattr(self, "PaddingValue", 0.0)
        return temporal.pool1d_forward(x, self._mode, self.PoolSize, pad, self.Stride, pv)

    def _kernel_backward(self, dy, cache):
        return temporal.pool1d_backward(dy, cache), {}

    def _forward(self, x, mask, training, state=None, rng=None):
        y, cache = self._window_forward(x, mask)
        return y, None, cache

    def _backward(self, dy, cache):
        return self._window_backward(dy, cache)[0], {}, None


class MaxPooling1DLayer(_Pooling1DLayer):
    """1-D max pooling layer (MATLAB's ``maxPooling1dLayer``); see :func:`maxPooling1dLayer`."""

    _class_name = "MaxPooling1DLayer"
    _constructor = "maxPooling1dLayer"
    _type_name = "1-D Max Pooling"
    _default_name = "maxpool1d"
    _mode = "max"


class AveragePooling1DLayer(_Pooling1DLayer):
    """1-D average pooling layer (MATLAB's ``averagePooling1dLayer``).

    See :func:`averagePooling1dLayer`.
    """

    _class_name = "AveragePooling1DLayer"
    _constructor = "averagePooling1dLayer"
    _type_name = "1-D Average Pooling"
    _default_name = "avgpool1d"
    _mode = "average"


_POOL_OPTIONS = (
    Option("Name", "", name_text),
    Option("Stride", _pinned.POOLING1D_DEFAULT_STRIDE, positive_int),
    Option("Padding", Row((0, 0)), padding_option(("same", "causal"))),
)
MaxPooling1DLayer._options = _POOL_OPTIONS
AveragePooling1DLayer._options = _POOL_OPTIONS + (Option("PaddingValue", 0.0, real_finite_scalar),)


def _pool(cls, function, poolSize, args, kwargs):
    layer = cls.__new__(cls)
    layer._construct(function, args, kwargs,
                     PoolSize=positive_argument(function, "pool size", poolSize))
    return layer


@matlab_syntax('layer = maxPooling1dLayer(poolSize)', 'maxPooling1dLayer(poolSize, Name=Value)')
def maxPooling1dLayer(poolSize, *args, **kwargs):
    """1-D max pooling layer: the maximum over windows of PoolSize time steps.

    MATLAB syntax::

        layer = maxPooling1dLayer(poolSize)
        layer = maxPooling1dLayer(poolSize, Name, Value, ...)

    Name-value options:

    - Stride: positive integer, default 1.
    - Padding: 0 (default), a nonnegative integer, [left right], 'same' or
      'causal'. Padded elements never win the maximum.
    - Name: layer name, default '' (named 'maxpool1d' at training).

    Example::

        layers = [sequenceInputLayer(3), convolution1dLayer(3, 8, Padding='same'),
                  maxPooling1dLayer(2, Stride=2), globalMaxPooling1dLayer(),
                  fullyConnectedLayer(2), softmaxLayer(), classificationLayer()]
    """
    return _pool(MaxPooling1DLayer, "maxPooling1dLayer", poolSize, args, kwargs)


@matlab_syntax('layer = averagePooling1dLayer(poolSize)',
               'averagePooling1dLayer(poolSize, Name=Value)')
def averagePooling1dLayer(poolSize, *args, **kwargs):
    """1-D average pooling layer: the mean over windows of PoolSize time steps.

    MATLAB syntax::

        layer = averagePooling1dLayer(poolSize)
        layer = averagePooling1dLayer(poolSize, Name, Value, ...)

    Name-value options:

    - Stride: positive integer, default 1.
    - Padding: 0 (default), a nonnegative integer, [left right], 'same' or 'causal'.
    - PaddingValue: value of padded elements, default 0; they count in the average.
    - Name: layer name, default '' (named 'avgpool1d' at training).

    Example::

        layer = averagePooling1dLayer(3, Padding='same')
    """
    return _pool(AveragePooling1DLayer, "averagePooling1dLayer", poolSize, args, kwargs)


class _GlobalPooling1DLayer(Layer):
    _options = (Option("Name", "", name_text),)

    def _setup(self, input_size, is_sequence):
        WindowLayerMixin._require_sequence(self, is_sequence)
        WindowLayerMixin._require_vectors(self, input_size)
        return input_size, False

    def _description(self):
        return self._row_description


class GlobalAveragePooling1DLayer(_GlobalPooling1DLayer):
    """Global average pooling over time (MATLAB's ``globalAveragePooling1dLayer``)."""

    _class_name = "GlobalAveragePooling1DLayer"
    _constructor = "globalAveragePooling1dLayer"
    _type_name = "1-D Global Average Pooling"
    _default_name = "gapool1d"
    _row_description = "1-D global average pooling"

    def _forward(self, x, mask, training, state=None, rng=None):
        if mask is None:
            return x.mean(axis=0), None, (x.shape, None)
        w = mask[:, :, None].astype(x.dtype)
        count = w.sum(axis=0)
        return (x * w).sum(axis=0) / count, None, (x.shape, w / count)

    def _backward(self, dy, cache):
        shape, w = cache
        if w is None:
            return np.broadcast_to(dy / shape[0], shape).copy(), {}, None
        return dy * w, {}, None


class GlobalMaxPooling1DLayer(_GlobalPooling1DLayer):
    """Global max pooling over time (MATLAB's ``globalMaxPooling1dLayer``)."""

    _class_name = "GlobalMaxPooling1DLayer"
    _constructor = "globalMaxPooling1dLayer"
    _type_name = "1-D Global Max Pooling"
    _default_name = "gmpool1d"
    _row_description = "1-D global max pooling"

    def _forward(self, x, mask, training, state=None, rng=None):
        xm = x if mask is None else np.where(mask[:, :, None], x, -np.inf)
        arg = xm.argmax(axis=0)                               # (N, C)
        y = np.take_along_axis(x, arg[None], axis=0)[0]
        return y, None, (x.shape, arg)

    def _backward(self, dy, cache):
        shape, arg = cache
        dx = np.zeros(shape, dtype=dy.dtype)
        np.put_along_axis(dx, arg[None], dy[None], axis=0)
        return dx, {}, None


@matlab_syntax('layer = globalAveragePooling1dLayer()', 'globalAveragePooling1dLayer(Name=Value)')
def globalAveragePooling1dLayer(*args, **kwargs):
    """1-D global average pooling layer: the mean over each observation's real time steps.

    MATLAB syntax::

        layer = globalAveragePooling1dLayer
        layer = globalAveragePooling1dLayer('Name', name)

    The output has no time dimension (one value per channel and observation).

    Example::

        layers = [sequenceInputLayer(12), convolution1dLayer(3, 32, Padding='causal'),
                  reluLayer(), globalAveragePooling1dLayer(), fullyConnectedLayer(9),
                  softmaxLayer(), classificationLayer()]
    """
    layer = GlobalAveragePooling1DLayer.__new__(GlobalAveragePooling1DLayer)
    layer._construct("globalAveragePooling1dLayer", args, kwargs)
    return layer


@matlab_syntax('layer = globalMaxPooling1dLayer()', 'globalMaxPooling1dLayer(Name=Value)')
def globalMaxPooling1dLayer(*args, **kwargs):
    """1-D global max pooling layer: the maximum over each observation's real time steps.

    MATLAB syntax::

        layer = globalMaxPooling1dLayer
        layer = globalMaxPooling1dLayer('Name', name)

    The output has no time dimension (one value per channel and observation).

    Example::

        layers = [sequenceInputLayer(12), convolution1dLayer(3, 32, Padding='same'),
                  reluLayer(), globalMaxPooling1dLayer(), fullyConnectedLayer(9),
                  softmaxLayer(), classificationLayer()]
    """
    layer = GlobalMaxPooling1DLayer.__new__(GlobalMaxPooling1DLayer)
    layer._construct("globalMaxPooling1dLayer", args, kwargs)
    return layer
