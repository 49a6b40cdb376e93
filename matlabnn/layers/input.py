"""Input layers: sequenceInputLayer and featureInputLayer, with input normalization."""
import math
import numbers

import numpy as np

from .._namevalue import Option, choice, choice_or_callable, logical, name_text, positive_integer
from .._signature import matlab_syntax
from ..display.text import TIMES
from ..errors import MatlabnnValueError
from ._validators import _numeric_array
from .base import Layer

NORMALIZATIONS = ("none", "zerocenter", "zscore", "rescale-symmetric", "rescale-zero-one")
_STATS = {"none": (), "zerocenter": ("Mean",), "zscore": ("Mean", "StandardDeviation"),
          "rescale-symmetric": ("Max", "Min"), "rescale-zero-one": ("Max", "Min")}


def _stat_value(value, ctx):
    """Mean/StandardDeviation/Min/Max: [] or a scalar or a vector (a 1-D array is a column)."""
    if value is None:
        return None
    a = _numeric_array(value, ctx, "[], a scalar or a vector with one value per channel")
    if a is None or a.size == 0:
        return None
    if ctx.option == "StandardDeviation" and np.any(a < 0):
        ctx.fail("A standard deviation cannot be negative; expected nonnegative values "
                 "(0 for a constant channel).")
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(-1, 1)
    if a.ndim != 2 or 1 not in a.shape:
        ctx.fail("Expected [], a scalar or a vector with one value per channel; "
                 f"got an array of size {'x'.join(map(str, a.shape))}.")
    return a


class _InputLayer(Layer):
    """Shared normalization logic of the two input layers."""

    _is_input = True
    _readonly = Layer._readonly + ("InputSize",)

    def _check_assignment(self, name, value):
        if name in ("Min", "Max"):
            self._check_range(value if name == "Min" else self.Min,
                              value if name == "Max" else self.Max)
        return value

    def _check_range(self, lo, hi):
        """Min may not exceed Max (where both are set and their sizes match)."""
        if lo is None or hi is None or (lo.size != hi.size and 1 not in (lo.size, hi.size)):
            return
        if np.any(np.asarray(lo).reshape(-1) > np.asarray(hi).reshape(-1)):
            raise MatlabnnValueError(
                f"{self._class_name} '{self.Name}': Min exceeds Max; each channel's Min "
                "must be at most its Max.", "nnet_cnn:layer:InputLayer:InvalidStatistics")

    def _after_construct(self):
        self._check_range(self.Min, self.Max)

    def _stat_names(self):
        return () if callable(self.Normalization) else _STATS[self.Normalization]

    def _stats_missing(self):
        return any(getattr(self, s) is None for s in self._stat_names())

    def _channel_shape(self):
        """MATLAB's shape of a per-channel statistic (C-by-1 for sequences)."""
        raise NotImplementedError

    def _fit_normalization(self, sequences, dtype):
        """Compute the statistics from a list of C-by-S arrays (every real time step)."""
        names = self._stat_names()
        if not names:
            return
        data = np.concatenate([s for s in sequences], axis=1).astype(np.float64)  # C x total
        if self.NormalizationDimension == "all":
            data = data.reshape(1, -1)
        values = {"Mean": data.mean(axis=1), "StandardDeviation": data.std(axis=1),
                  "Min": data.min(axis=1), "Max": data.max(axis=1)}
        for name in names:
            v = values[name]
            v = v.reshape(1, 1) if v.size == 1 and self.NormalizationDimension == "all" \
                else v.reshape(self._channel_shape())
            object.__setattr__(self, name, v.astype(dtype))

    def _normalization_terms(self, dtype):
        """(offset, scale) so that normalized = (x - offset) * scale; None if identity."""
        mode = self.Normalization
        if callable(mode) or mode == "none":
            return None
        c = lambda name: np.asarray(getattr(self, name), dtype=np.float64).reshape(-1)
        if mode == "zerocenter":
            return c("Mean").astype(dtype), np.ones(1, dtype)
        if mode == "zscore":
            std = c("StandardDeviation")
            std = np.where(std == 0, 1.0, std)   # constant channels: centre only
            return c("Mean").astype(dtype), (1.0 / std).astype(dtype)
        lo, hi = c("Min"), c("Max")
        span = np.where(hi == lo, 1.0, hi - lo)
        if mode == "rescale-zero-one":
            return lo.astype(dtype), (1.0 / span).astype(dtype)
        # rescale-symmetric: 2 (x - m)/(M - m) - 1 = (x - (m + M)/2) * 2/(M - m)
        return ((lo + hi) / 2).astype(dtype), (2.0 / span).astype(dtype)

    def _check_stats(self, channels):
        for name in self._stat_names():
            v = getattr(self, name)
            if v is not None and v.size not in (1, channels):
                raise MatlabnnValueError(
                    f"Layer '{self.Name}': {name} must be a scalar or have {channels} "
                    f"elements (one per channel); it has {v.size}.",
                    "nnet_cnn:layer:InputLayer:InvalidStatistics")

    def _forward(self, x, mask, training, state=None, rng=None):
        mode = self.Normalization
        if callable(mode):
            return self._apply_function(x), None, None
        terms = self._normalization_terms(x.dtype)
        if terms is None:
            return x, None, None
        if self._stats_missing():
            raise MatlabnnValueError(
                f"Layer '{self.Name}': Normalization '{mode}' needs the statistics "
                f"{', '.join(self._stat_names())}, which are empty. Train the network "
                "(trainNetwork computes them) or set them on the layer.",
                "nnet_cnn:layer:InputLayer:EmptyStatistics")
        offset, scale = terms
        y = (x - offset) * scale if scale.size > 1 or scale[0] != 1 else x - offset
        return y, None, scale

    def _backward(self, dy, cache):
        return (dy if cache is None else dy * cache), {}, None


class SequenceInputLayer(_InputLayer):
    """Sequence input layer (MATLAB's ``sequenceInputLayer``); see :func:`sequenceInputLayer`."""

    _class_name = "SequenceInputLayer"
    _constructor = "sequenceInputLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Sequence Input"
    _default_name = "sequenceinput"

    def _channel_shape(self):
        return (-1, 1)

    def _sections(self):
        return [(None, ["Name", "InputSize", "MinLength", "SplitComplexInputs"]),
                ("Hyperparameters", ["Normalization", "NormalizationDimension",
                                     *self._stat_names()])]

    def _description(self):
        if self._image_size() is not None:
            return f"Sequence input with {TIMES.join(map(str, self._image_size()))} dimensions"
        return f"Sequence input with {self.InputSize} dimensions"

    def _image_size(self):
        """(h, w, c) for image-sequence input (InputSize [h w c]), else None."""
        if isinstance(self.InputSize, np.ndarray):
            return tuple(int(v) for v in self.InputSize.reshape(-1))
        return None

    def _setup(self, input_size, is_sequence):
        image = self._image_size()
        if image is not None:
            # Image sequences travel through the pipeline as h*w*c-by-S arrays
            # (MATLAB's column-major x(:) of each step); this layer restores the images.
            if callable(self.Normalization) or self.SplitComplexInputs:
                raise MatlabnnValueError(
                    f"Layer '{self.Name}': image sequence input takes real data and a named "
                    "Normalization ('none', 'zerocenter', 'zscore', 'rescale-symmetric', "
                    "'rescale-zero-one'); normalize with a function before training instead.",
                    "nnet_cnn:layer:SequenceInputLayer:UnsupportedImageOption")
            self._check_image_stats(image)
            return image, True
        self._check_stats(self.InputSize)
        return self.InputSize * (2 if self.SplitComplexInputs else 1), True

    # -- image sequences: statistics per channel ('auto', 'channel'), per element
    #    ('element', h*w*c values) or one for all ('all'); stored as columns.
    def _check_image_stats(self, image):
        h, w, c = image
        for name in self._stat_names():
            v = getattr(self, name)
            if v is not None and v.size not in (1, c, h * w * c):
                raise MatlabnnValueError(
                    f"Layer '{self.Name}': {name} must be a scalar, have {c} elements (one per "
                    f"channel) or {h * w * c} (one per image element); it has {v.size}.",
                    "nnet_cnn:layer:InputLayer:InvalidStatistics")

    def _fit_normalization(self, sequences, dtype):
        image = self._image_size()
        if image is not None and self.NormalizationDimension in ("auto", "channel"):
            # rows c*h*w .. (c+1)*h*w-1 of each h*w*c-by-S array are channel c
            sequences = [s.reshape(image[2], -1) for s in sequences]
        super()._fit_normalization(sequences, dtype)

    def _normalization_terms(self, dtype):
        terms = super()._normalization_terms(dtype)
        image = self._image_size()
        if terms is None or image is None:
            return terms
        h, w, c = image
        return tuple(np.repeat(t, h * w) if t.size == c and h * w > 1 else t for t in terms)

    def _forward(self, x, mask, training, state=None, rng=None):
        image = self._image_size()
        y, final, cache = super()._forward(x, mask, training, state, rng)
        if image is None:
            return y, final, cache
        from ..ops.spatial import unflatten_column_major
        return unflatten_column_major(y, image), None, cache

    def _backward(self, dy, cache):
        if self._image_size() is not None:
            from ..ops.spatial import flatten_column_major
            dy = flatten_column_major(dy)
        return super()._backward(dy, cache)

    def _apply_function(self, x):
        # MATLAB calls the function on the C-by-N-by-S mini-batch.
        y = np.asarray(self.Normalization(np.transpose(x, (2, 1, 0))), dtype=x.dtype)
        return np.ascontiguousarray(np.transpose(y, (2, 1, 0)))


class FeatureInputLayer(_InputLayer):
    """Feature input layer (MATLAB's ``featureInputLayer``); see :func:`featureInputLayer`."""

    _class_name = "FeatureInputLayer"
    _constructor = "featureInputLayer"        # the MATLAB function that makes it (save/load)
    _is_feature_input = True
    _type_name = "Feature Input"
    _default_name = "input"

    def _channel_shape(self):
        return (1, -1)

    def _sections(self):
        return [(None, ["Name", "InputSize", "SplitComplexInputs"]),
                ("Hyperparameters", ["Normalization", "NormalizationDimension",
                                     *self._stat_names()])]

    def _description(self):
        return f"{self.InputSize} features"

    def _setup(self, input_size, is_sequence):
        self._check_stats(self.InputSize)
        return self.InputSize * (2 if self.SplitComplexInputs else 1), False

    def _apply_function(self, x):
        return np.asarray(self.Normalization(x), dtype=x.dtype)


def _common_options():
    return [
        Option("Normalization", "none", choice_or_callable(*NORMALIZATIONS)),
        Option("NormalizationDimension", "auto", choice("auto", "channel", "element", "all")),
        Option("Mean", None, _stat_value),
        Option("StandardDeviation", None, _stat_value),
        Option("Min", None, _stat_value),
        Option("Max", None, _stat_value),
        Option("SplitComplexInputs", False, logical),
        Option("Name", "", name_text),
    ]


SequenceInputLayer._options = tuple(_common_options() + [
    Option("MinLength", 1, positive_integer())])
FeatureInputLayer._options = tuple(_common_options())


def _input_size(function, value):
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value > 0:
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0 \
            and math.isfinite(value) and float(value) == int(value):
        return int(value)
    try:
        a = np.asarray(value) if not isinstance(value, str) else None
    except Exception:           # ragged lists and the like
        a = None
    if function == "sequenceInputLayer" and a is not None and a.dtype.kind in "iuf" \
            and a.size in (2, 3) and np.all(a >= 1) and np.all(a == np.round(a)):
        # [h w c] image sequences ([h w]: c = 1); kept as a 1-by-3 row like MATLAB's
        return np.append(a.reshape(-1), [1] * (3 - a.size)).astype(float).reshape(1, 3)
    if a is not None and a.dtype.kind in "iuf" and a.size > 1:
        raise MatlabnnValueError(
            f"{function}: input size [{' '.join(format(v, 'g') for v in a.reshape(-1).tolist())}] is not "
            "supported. Give the number of features as a positive integer (or, for "
            "sequenceInputLayer, image sizes [h w c] of positive integers).", "nnet_cnn:layer:SequenceInputLayer:InvalidInputSize")
    raise MatlabnnValueError(
        f"{function}: invalid input size {value!r}. Expected a positive integer, the "
        "number of features (channels) of each time step.",
        "nnet_cnn:layer:SequenceInputLayer:InvalidInputSize")


@matlab_syntax('layer = sequenceInputLayer(inputSize)', 'sequenceInputLayer(inputSize, Name=Value)')
def sequenceInputLayer(inputSize, *args, **kwargs):
    """Sequence input layer.

    MATLAB syntax::

        layer = sequenceInputLayer(inputSize)
        layer = sequenceInputLayer(inputSize, Name, Value, ...)

    Python::

        layer = sequenceInputLayer(12)
        layer = sequenceInputLayer(12, 'Normalization', 'zscore', Name='in')

    ``inputSize`` is the number of features C of each time step; one sequence is a
    C-by-S array (features in rows, time in columns). For image sequences
    ``inputSize`` is [h w c] and one sequence is an h-by-w-by-c-by-S array
    (missing trailing dimensions are 1: an h-by-1 array is one step of an
    h-by-1-by-1 image); its statistics are per channel ('auto', 'channel'),
    per image element ('element') or one value ('all'), stored as columns.

    Name-value options (names case-insensitive, unique prefixes allowed):

    - Normalization: 'none' (default), 'zerocenter', 'zscore',
      'rescale-symmetric', 'rescale-zero-one', or a callable f(X) applied to each
      C-by-N-by-S mini-batch. Statistics are computed by trainNetwork from every
      real (unpadded) time step, or given below.
    - NormalizationDimension: 'auto' (default), 'channel', 'element', 'all'.
    - Mean, StandardDeviation, Min, Max: [] (default), a scalar or a C-by-1 vector.
    - MinLength: minimum sequence length, positive integer, default 1.
    - SplitComplexInputs: false (default); true splits complex input into real
      and imaginary channels (2C outputs).
    - Name: layer name, default ''.

    Example::

        layers = [sequenceInputLayer(1), lstmLayer(200), fullyConnectedLayer(1),
                  regressionLayer()]
    """
    layer = SequenceInputLayer.__new__(SequenceInputLayer)
    layer._construct("sequenceInputLayer", args, kwargs,
                     InputSize=_input_size("sequenceInputLayer", inputSize))
    return layer


@matlab_syntax('layer = featureInputLayer(numFeatures)', 'featureInputLayer(numFeatures, Name=Value)')
def featureInputLayer(numFeatures, *args, **kwargs):
    """Feature input layer, for data without a time dimension.

    MATLAB syntax::

        layer = featureInputLayer(numFeatures)
        layer = featureInputLayer(numFeatures, Name, Value, ...)

    Data for a network starting with this layer is an N-by-numFeatures array
    (one observation per row).

    Name-value options: Normalization ('none' default, 'zerocenter', 'zscore',
    'rescale-symmetric', 'rescale-zero-one', callable), NormalizationDimension
    ('auto', 'channel', 'element', 'all'), Mean, StandardDeviation, Min, Max
    ([] or 1-by-numFeatures), SplitComplexInputs (false), Name ('').

    Example::

        layers = [featureInputLayer(4), fullyConnectedLayer(3), softmaxLayer(),
                  classificationLayer()]
    """
    layer = FeatureInputLayer.__new__(FeatureInputLayer)
    layer._construct("featureInputLayer", args, kwargs,
                     InputSize=_input_size("featureInputLayer", numFeatures))
    return layer
