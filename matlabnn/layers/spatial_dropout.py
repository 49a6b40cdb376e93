"""spatialDropoutLayer: dropout of whole channels (the same channels at every time step)."""
import numpy as np

from .._namevalue import Option, name_text, real_scalar
from .._signature import matlab_syntax
from ..ops import dropout as dropout_ops
from .base import Layer


class SpatialDropoutLayer(Layer):
    """Spatial dropout layer (MATLAB's ``spatialDropoutLayer``).

    See :func:`spatialDropoutLayer`.
    """

    _class_name = "SpatialDropoutLayer"
    _constructor = "spatialDropoutLayer"
    _type_name = "Spatial Dropout"
    _default_name = "spatialdrop"
    _options = (Option("Name", "", name_text),
                Option("Probability", 0.5, real_scalar(0.0, 1.0, hi_open=True,
                                                       what="a scalar in the range [0, 1)")))

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Probability"])]

    def _description(self):
        from ..categorical import num2str
        return f"{num2str(100.0 * self.Probability)}% spatial dropout"

    def _setup(self, input_size, is_sequence):
        object.__setattr__(self, "_time_axis", bool(is_sequence))   # (S, N, ...) data
        return input_size, is_sequence

    def _forward(self, x, mask, training, state=None, rng=None):
        if not training or self.Probability == 0:
            return x, None, None
        if rng is None:
            from .._rng import generator
            rng = generator()
        # one draw per observation and channel, shared by time steps and pixels
        obs_axis = 1 if self._time_axis else 0
        shape = [1] * x.ndim
        shape[obs_axis], shape[-1] = x.shape[obs_axis], x.shape[-1]
        _, keep = dropout_ops.dropout_forward(np.ones(shape, x.dtype), self.Probability, rng)
        return x * keep, None, keep

    def _backward(self, dy, cache):
        if cache is None:
            return dy, {}, None
        return dy * cache, {}, None


@matlab_syntax('layer = spatialDropoutLayer()', 'spatialDropoutLayer(probability)',
               'spatialDropoutLayer(Name=Value)')
def spatialDropoutLayer(*args, **kwargs):
    """Spatial dropout layer: in training, drops whole channels of each observation.

    MATLAB syntax::

        layer = spatialDropoutLayer
        layer = spatialDropoutLayer(probability)
        layer = spatialDropoutLayer(___, Name, Value, ...)

    For each observation, each channel is kept with probability 1 - Probability
    (and scaled by 1/(1 - Probability)) at all of its time steps (and pixels);
    at prediction the layer is the identity.

    Name-value options:

    - probability / Probability: scalar in [0, 1), default 0.5.
    - Name: layer name, default '' (named 'spatialdrop' at training).

    Example::

        layers = [sequenceInputLayer(3), convolution1dLayer(3, 16, Padding='causal'),
                  reluLayer(), spatialDropoutLayer(Probability=0.1),
                  fullyConnectedLayer(1), regressionLayer()]
    """
    args = list(args)
    if len(args) % 2:                       # spatialDropoutLayer(probability, ...)
        args = ["Probability"] + args
    layer = SpatialDropoutLayer.__new__(SpatialDropoutLayer)
    layer._construct("spatialDropoutLayer", args, kwargs)
    return layer
