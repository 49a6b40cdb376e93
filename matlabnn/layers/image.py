"""Image layers: convolution2dLayer, maxPooling2dLayer, averagePooling2dLayer, flattenLayer.

They take images (N, H, W, C) or image sequences (S, N, H, W, C), acting on
each image (each time step) on its own; sizes are (H, W, C) tuples.
flattenLayer turns an H-by-W-by-C image into H*W*C channels in MATLAB's
column-major order, so weights imported from MATLAB line up.
"""
import numpy as np

from .._namevalue import (Option, _brief, choice_or_callable, name_text, numeric_array,
                          real_finite_scalar)
from .._signature import matlab_syntax
from ..display.text import TIMES
from ..errors import InvalidNetworkError, MatlabnnValueError
from ..initializers import initialize
from ..ops import spatial
from ._validators import factor, positive_int_or_auto
from .base import Layer, require_size
from ._window import Row, same_split
from .convolution import (CONV_BIAS_INITIALIZERS, CONV_WEIGHT_INITIALIZERS, array_or_empty,
                          learn_factor)


def _pair_of_positive(function, what, value):
    a = numeric_array(value)
    if a is None or a.dtype.kind not in "iuf" or a.size not in (1, 2) \
            or not np.all(np.isfinite(a)) or np.any(a < 1) or np.any(a != np.round(a)):
        raise MatlabnnValueError(
            f"{function}: invalid {what} {_brief(value)}. Expected a positive integer or a "
            "vector of two positive integers [height width].",
            f"nnet_cnn:layer:{function}:InvalidArgument")
    a = a.reshape(-1).astype(int)
    return Row((int(a[0]), int(a[-1])))


def pair_option(what):
    def check(value, ctx):
        try:
            return _pair_of_positive(ctx.function, what, value)
        except MatlabnnValueError:
            ctx.fail("Expected a positive integer or a vector of two positive integers "
                     f"[a b]; got {_brief(value)}.")
    return check


def padding_2d(value, ctx):
    """'same', a nonnegative p, [a b] (top/bottom a, left/right b) or [t b l r]."""
    if isinstance(value, str):
        if value.lower() == "same":
            return "same"
        ctx.fail(f"Expected 'same', a nonnegative integer, [a b] or [t b l r]; got {value!r}.")
    a = numeric_array(value)
    if a is None or a.dtype.kind not in "iuf" or a.size not in (1, 2, 4) \
            or not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a != np.round(a)):
        ctx.fail(f"Expected 'same', a nonnegative integer, [a b] or [t b l r]; got "
                 f"{_brief(value)}.")
    a = [int(v) for v in a.reshape(-1)]
    if len(a) == 1:
        return Row((a[0],) * 4)
    if len(a) == 2:
        return Row((a[0], a[0], a[1], a[1]))
    return Row(a)


def _size_text(pair):
    return f"{pair[0]}{TIMES}{pair[1]}"


def _vector_text(v):
    return "[" + " ".join(str(x) for x in v) + "]"


class _ImageLayer(Layer):
    """Shared: image-size checks and running a per-image kernel on (…, H, W, C) data."""

    def _require_image(self, input_size):
        if not isinstance(input_size, tuple):
            raise InvalidNetworkError(
                f"Layer '{self.Name}': {self._class_name} expects image data (H-by-W-by-C, "
                f"e.g. from sequenceInputLayer([h w c])) but receives {input_size} channels "
                "without spatial dimensions. Use convolution1dLayer for vector sequences.",
                "nnet_cnn:trainNetwork:InvalidNetwork")

    def _pad_for(self, hw):
        if self.Padding == "same":
            return same_split(spatial.same_padding_2d(hw, self._size(), self.Stride,
                                                      getattr(self, "DilationFactor", (1, 1))))
        return self.Padding

    def _check_fits(self, input_size):
        H, W = input_size[:2]
        ho, wo = spatial.output_size_2d((H, W), self._size(), self._pad_for((H, W)),
                                        self.Stride, getattr(self, "DilationFactor", (1, 1)))
        if ho < 1 or wo < 1:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': the input of size {H}{TIMES}{W} is smaller than the "
                f"{'filter' if hasattr(self, 'NumFilters') else 'pool'} of size "
                f"{_size_text(self._size())} (after padding). Use a smaller size or "
                "Padding='same'.", "nnet_cnn:trainNetwork:InvalidNetwork")
        return ho, wo

    def _images(self, x):
        """(…, H, W, C) as (B, H, W, C) and the leading shape to restore."""
        lead = x.shape[:-3]
        return x.reshape((-1,) + x.shape[-3:]), lead

    def _padding_text(self):
        return "'same'" if self.Padding == "same" else _vector_text(self.Padding)

    @property
    def PaddingMode(self):
        return "same" if self.Padding == "same" else "manual"

    @property
    def PaddingSize(self):
        return np.array([[0, 0, 0, 0]]) if self.Padding == "same" else np.array([self.Padding])


class Convolution2DLayer(_ImageLayer):
    """2-D convolution layer (MATLAB's ``convolution2dLayer``); see :func:`convolution2dLayer`."""

    _class_name = "Convolution2DLayer"
    _constructor = "convolution2dLayer"
    _type_name = "2-D Convolution"
    _default_name = "conv"
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
        return (f"{self.NumFilters} {_size_text(self.FilterSize)} convolutions with stride "
                f"{_vector_text(self.Stride)} and padding {self._padding_text()}")

    def _size(self):
        return self.FilterSize

    def _learn_factor(self, learnable, which):
        return learn_factor(self, learnable, which)

    def _setup(self, input_size, is_sequence):
        self._require_image(input_size)
        C = input_size[2]
        if self.NumChannels != "auto" and self.NumChannels != C:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': Input size mismatch. NumChannels is {self.NumChannels} "
                f"but the layer receives {C} channels.", "nnet_cnn:trainNetwork:InvalidNetwork")
        object.__setattr__(self, "NumChannels", C)
        ho, wo = self._check_fits(input_size)
        FH, FW = self.FilterSize
        O = self.NumFilters
        if self.Weights is not None and self.Weights.ndim < 4:    # MATLAB drops trailing 1s
            object.__setattr__(self, "Weights", self.Weights.reshape(
                self.Weights.shape + (1,) * (4 - self.Weights.ndim)))
        require_size(self, "Weights", self.Weights, (FH, FW, C, O))
        if self.Bias is not None:
            if self.Bias.size != O:
                require_size(self, "Bias", self.Bias, (1, 1, O))
            object.__setattr__(self, "Bias", self.Bias.reshape(1, 1, O))
        return (ho, wo, O), is_sequence

    def _initialize(self, rng, dtype):
        FH, FW = self.FilterSize
        C, O = self.NumChannels, self.NumFilters
        if self.Weights is None:
            object.__setattr__(self, "Weights", initialize(
                self.WeightsInitializer, (FH, FW, C, O), FH * FW * C, FH * FW * O, rng, dtype,
                "Weights"))
        if self.Bias is None:
            object.__setattr__(self, "Bias", initialize(
                self.BiasInitializer, (1, 1, O), FH * FW * C, FH * FW * O, rng, dtype, "Bias"))

    def _forward(self, x, mask, training, state=None, rng=None):
        imgs, lead = self._images(x)
        y, cache = spatial.conv2d_forward(imgs, self.Weights, self.Bias.reshape(-1),
                                          self._pad_for(imgs.shape[1:3]), self.Stride,
                                          self.DilationFactor, x.dtype.type(self.PaddingValue))
        return y.reshape(lead + y.shape[1:]), None, (cache, x.shape)

    def _backward(self, dy, cache):
        inner, shape = cache
        dx, dW, db = spatial.conv2d_backward(dy.reshape((-1,) + dy.shape[-3:]), inner)
        return dx.reshape(shape), {"Weights": dW, "Bias": db.reshape(1, 1, -1)}, None


Convolution2DLayer._options = (
    Option("Name", "", name_text),
    Option("Stride", Row((1, 1)), pair_option("stride")),
    Option("DilationFactor", Row((1, 1)), pair_option("dilation factor")),
    Option("Padding", Row((0, 0, 0, 0)), padding_2d),
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


@matlab_syntax('layer = convolution2dLayer(filterSize, numFilters)',
               'convolution2dLayer(filterSize, numFilters, Name=Value)')
def convolution2dLayer(filterSize, numFilters, *args, **kwargs):
    """2-D convolutional layer: convolves images (or each image of an image sequence).

    MATLAB syntax::

        layer = convolution2dLayer(filterSize, numFilters)
        layer = convolution2dLayer(filterSize, numFilters, Name, Value, ...)

    filterSize is h or [h w]. Weights is FilterSize(1)-by-FilterSize(2)-by-
    NumChannels-by-NumFilters and Bias 1-by-1-by-NumFilters (a cross-correlation,
    like MATLAB).

    Name-value options:

    - Stride: a or [a b], default [1 1].
    - DilationFactor: a or [a b], default [1 1].
    - Padding: 0 (default), p, [a b] (a top/bottom, b left/right), [t b l r] or
      'same' (output size ceil(input/stride); an odd total puts the extra row at
      the bottom and the extra column on the right).
    - PaddingValue: scalar, default 0.
    - NumChannels: 'auto' (default) or a positive integer.
    - WeightsInitializer 'glorot' (default), 'he', 'narrow-normal', 'zeros', 'ones'
      or a callable; BiasInitializer 'zeros' (default), 'narrow-normal', 'ones'.
    - Weights, Bias: default [].
    - WeightLearnRateFactor, BiasLearnRateFactor, WeightL2Factor (default 1),
      BiasL2Factor (default 0).
    - Name: layer name, default '' (named 'conv' at training).

    Example::

        layer = convolution2dLayer([3 1], 16, Padding='same')
    """
    layer = Convolution2DLayer.__new__(Convolution2DLayer)
    layer._construct("convolution2dLayer", args, kwargs,
                     FilterSize=_pair_of_positive("convolution2dLayer", "filter size",
                                                  filterSize),
                     NumFilters=_pair_of_positive("convolution2dLayer", "number of filters",
                                                  numFilters)[0])
    return layer


class _Pooling2DLayer(_ImageLayer):
    _readonly = Layer._readonly + ("PoolSize",)
    _mode = None

    def _sections(self):
        extra = ["PaddingValue"] if self._mode == "average" else []
        return [(None, ["Name"]),
                ("Hyperparameters", ["PoolSize", "Stride", "PaddingMode", "PaddingSize"] + extra)]

    def _description(self):
        kind = "max" if self._mode == "max" else "average"
        return (f"{_size_text(self.PoolSize)} {kind} pooling with stride "
                f"{_vector_text(self.Stride)} and padding {self._padding_text()}")

    def _size(self):
        return self.PoolSize

    def _setup(self, input_size, is_sequence):
        self._require_image(input_size)
        ho, wo = self._check_fits(input_size)
        return (ho, wo, input_size[2]), is_sequence

    def _forward(self, x, mask, training, state=None, rng=None):
        imgs, lead = self._images(x)
        y, cache = spatial.pool2d_forward(imgs, self._mode, self.PoolSize,
                                          self._pad_for(imgs.shape[1:3]), self.Stride,
                                          getattr(self, "PaddingValue", 0.0))
        return y.reshape(lead + y.shape[1:]), None, (cache, x.shape)

    def _backward(self, dy, cache):
        inner, shape = cache
        dx = spatial.pool2d_backward(dy.reshape((-1,) + dy.shape[-3:]), inner)
        return dx.reshape(shape), {}, None


class MaxPooling2DLayer(_Pooling2DLayer):
    """2-D max pooling layer (MATLAB's ``maxPooling2dLayer``); see :func:`maxPooling2dLayer`."""

    _class_name = "MaxPooling2DLayer"
    _constructor = "maxPooling2dLayer"
    _type_name = "2-D Max Pooling"
    _default_name = "maxpool"
    _mode = "max"


class AveragePooling2DLayer(_Pooling2DLayer):
    """2-D average pooling layer (MATLAB's ``averagePooling2dLayer``)."""

    _class_name = "AveragePooling2DLayer"
    _constructor = "averagePooling2dLayer"
    _type_name = "2-D Average Pooling"
    _default_name = "avgpool"
    _mode = "average"


_POOL2D = (Option("Name", "", name_text), Option("Stride", Row((1, 1)), pair_option("stride")),
           Option("Padding", Row((0, 0, 0, 0)), padding_2d))
MaxPooling2DLayer._options = _POOL2D
AveragePooling2DLayer._options = _POOL2D + (Option("PaddingValue", 0.0, real_finite_scalar),)


def _pool2d(cls, function, poolSize, args, kwargs):
    layer = cls.__new__(cls)
    layer._construct(function, args, kwargs,
                     PoolSize=_pair_of_positive(function, "pool size", poolSize))
    return layer


@matlab_syntax('layer = maxPooling2dLayer(poolSize)', 'maxPooling2dLayer(poolSize, Name=Value)')
def maxPooling2dLayer(poolSize, *args, **kwargs):
    """2-D max pooling layer: the maximum over poolSize windows of each image.

    MATLAB syntax::

        layer = maxPooling2dLayer(poolSize)
        layer = maxPooling2dLayer(poolSize, Name, Value, ...)

    - poolSize: h or [h w].
    - Stride: a or [a b], default [1 1].
    - Padding: 0 (default), p, [a b], [t b l r] or 'same'; padding never wins.
    - Name: layer name, default '' (named 'maxpool' at training).

    Example::

        layer = maxPooling2dLayer([2 1], Stride=[2 1])
    """
    return _pool2d(MaxPooling2DLayer, "maxPooling2dLayer", poolSize, args, kwargs)


@matlab_syntax('layer = averagePooling2dLayer(poolSize)',
               'averagePooling2dLayer(poolSize, Name=Value)')
def averagePooling2dLayer(poolSize, *args, **kwargs):
    """2-D average pooling layer: the mean over poolSize windows of each image.

    MATLAB syntax::

        layer = averagePooling2dLayer(poolSize)
        layer = averagePooling2dLayer(poolSize, Name, Value, ...)

    - poolSize: h or [h w].
    - Stride: a or [a b], default [1 1].
    - Padding: 0 (default), p, [a b], [t b l r] or 'same'.
    - PaddingValue: default 0; padded elements count in the average.
    - Name: layer name, default '' (named 'avgpool' at training).

    Example::

        layer = averagePooling2dLayer(2, Stride=2)
    """
    return _pool2d(AveragePooling2DLayer, "averagePooling2dLayer", poolSize, args, kwargs)


class FlattenLayer(Layer):
    """Flatten layer (MATLAB's ``flattenLayer``); see :func:`flattenLayer`."""

    _class_name = "FlattenLayer"
    _constructor = "flattenLayer"
    _type_name = "Flatten"
    _default_name = "flatten"
    _options = (Option("Name", "", name_text),)

    def _description(self):
        return "Flatten"

    def _setup(self, input_size, is_sequence):
        if not isinstance(input_size, tuple):
            return input_size, is_sequence          # already vector data: nothing to do
        object.__setattr__(self, "_hwc", input_size)
        return int(np.prod(input_size)), is_sequence

    def _forward(self, x, mask, training, state=None, rng=None):
        if getattr(self, "_hwc", None) is None:
            return x, None, None
        return spatial.flatten_column_major(x), None, None

    def _backward(self, dy, cache):
        if getattr(self, "_hwc", None) is None:
            return dy, {}, None
        return spatial.unflatten_column_major(dy, self._hwc), {}, None


@matlab_syntax('layer = flattenLayer()', 'flattenLayer(Name=Value)')
def flattenLayer(*args, **kwargs):
    """Flatten layer: collapses the spatial dimensions of images into channels.

    MATLAB syntax::

        layer = flattenLayer
        layer = flattenLayer('Name', name)

    An H-by-W-by-C image becomes H*W*C channels in MATLAB's column-major order
    (element (h, w, c) goes to channel h + H*(w-1) + H*W*(c-1), 1-based), at
    every time step of an image sequence.

    Example::

        layers = [sequenceInputLayer([12 1 1]), convolution2dLayer([3 1], 8),
                  reluLayer(), flattenLayer(), lstmLayer(32, OutputMode='last'),
                  fullyConnectedLayer(1), regressionLayer()]
    """
    layer = FlattenLayer.__new__(FlattenLayer)
    layer._construct("flattenLayer", args, kwargs)
    return layer


class _GlobalPooling2DLayer(_ImageLayer):
    _options = (Option("Name", "", name_text),)

    def _description(self):
        return self._row_description

    def _setup(self, input_size, is_sequence):
        self._require_image(input_size)
        return (1, 1, input_size[2]), is_sequence


class GlobalAveragePooling2DLayer(_GlobalPooling2DLayer):
    """Global average pooling layer (MATLAB's ``globalAveragePooling2dLayer``).

    See :func:`globalAveragePooling2dLayer`.
    """

    _class_name = "GlobalAveragePooling2DLayer"
    _constructor = "globalAveragePooling2dLayer"
    _type_name = "2-D Global Average Pooling"
    _default_name = "gapool"
    _row_description = "2-D global average pooling"

    def _forward(self, x, mask, training, state=None, rng=None):
        return x.mean(axis=(-3, -2), keepdims=True), None, x.shape

    def _backward(self, dy, cache):
        shape = cache
        return np.broadcast_to(dy / (shape[-3] * shape[-2]), shape).copy(), {}, None


class GlobalMaxPooling2DLayer(_GlobalPooling2DLayer):
    """Global max pooling layer (MATLAB's ``globalMaxPooling2dLayer``).

    See :func:`globalMaxPooling2dLayer`.
    """

    _class_name = "GlobalMaxPooling2DLayer"
    _constructor = "globalMaxPooling2dLayer"
    _type_name = "2-D Global Max Pooling"
    _default_name = "gmpool"
    _row_description = "2-D global max pooling"

    def _forward(self, x, mask, training, state=None, rng=None):
        lead = x.shape[:-3]
        flat = x.reshape(lead + (-1, x.shape[-1]))               # (..., H*W, C)
        arg = flat.argmax(axis=-2)
        y = np.take_along_axis(flat, arg[..., None, :], axis=-2)
        return y.reshape(lead + (1, 1, x.shape[-1])), None, (x.shape, arg)

    def _backward(self, dy, cache):
        shape, arg = cache
        lead = shape[:-3]
        dflat = np.zeros(lead + (shape[-3] * shape[-2], shape[-1]), dtype=dy.dtype)
        np.put_along_axis(dflat, arg[..., None, :], dy.reshape(lead + (1, shape[-1])), axis=-2)
        return dflat.reshape(shape), {}, None


@matlab_syntax('layer = globalAveragePooling2dLayer()', 'globalAveragePooling2dLayer(Name=Value)')
def globalAveragePooling2dLayer(*args, **kwargs):
    """2-D global average pooling layer: the mean over the height and width of each image.

    MATLAB syntax::

        layer = globalAveragePooling2dLayer
        layer = globalAveragePooling2dLayer('Name', name)

    The output is a 1-by-1-by-C image (per time step for image sequences).

    Example::

        layer = globalAveragePooling2dLayer(Name='gap')
    """
    layer = GlobalAveragePooling2DLayer.__new__(GlobalAveragePooling2DLayer)
    layer._construct("globalAveragePooling2dLayer", args, kwargs)
    return layer


@matlab_syntax('layer = globalMaxPooling2dLayer()', 'globalMaxPooling2dLayer(Name=Value)')
def globalMaxPooling2dLayer(*args, **kwargs):
    """2-D global max pooling layer: the maximum over the height and width of each image.

    MATLAB syntax::

        layer = globalMaxPooling2dLayer
        layer = globalMaxPooling2dLayer('Name', name)

    The output is a 1-by-1-by-C image (per time step for image sequences).

    Example::

        layer = globalMaxPooling2dLayer(Name='gmp')
    """
    layer = GlobalMaxPooling2DLayer.__new__(GlobalMaxPooling2DLayer)
    layer._construct("globalMaxPooling2dLayer", args, kwargs)
    return layer
