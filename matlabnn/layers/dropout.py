"""dropoutLayer: inverted dropout during training, the identity at prediction."""
from .._namevalue import Option, name_text, real_scalar
from .._signature import matlab_syntax
from ..ops import dropout as dropout_ops
from .base import Layer


class DropoutLayer(Layer):
    """Dropout layer (MATLAB's ``dropoutLayer``); see :func:`dropoutLayer`."""

    _class_name = "DropoutLayer"
    _constructor = "dropoutLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Dropout"
    _default_name = "dropout"
    _options = (Option("Name", "", name_text),
                Option("Probability", 0.5, real_scalar(0.0, 1.0, hi_open=True,
                                                       what="a scalar in the range [0, 1)")))

    def _sections(self):
        return [(None, ["Name"]), ("Hyperparameters", ["Probability"])]

    def _description(self):
        from ..categorical import num2str
        return f"{num2str(100.0 * self.Probability)}% dropout"

    def _forward(self, x, mask, training, state=None, rng=None):
        if not training or self.Probability == 0:
            return x, None, None
        if rng is None:
            from .._rng import generator
            rng = generator()
        y, m = dropout_ops.dropout_forward(x, self.Probability, rng)
        return y, None, m

    def _backward(self, dy, cache):
        if cache is None:
            return dy, {}, None
        return dropout_ops.dropout_backward(dy, cache), {}, None


@matlab_syntax('layer = dropoutLayer()', 'dropoutLayer(probability)', 'dropoutLayer(Name=Value)')
def dropoutLayer(*args, **kwargs):
    """Dropout layer: during training, set inputs to zero with probability Probability.

    MATLAB syntax::

        layer = dropoutLayer
        layer = dropoutLayer(probability)
        layer = dropoutLayer(___, 'Name', name)

    Python::

        layer = dropoutLayer()
        layer = dropoutLayer(0.2)
        layer = dropoutLayer(0.2, Name='drop1')

    In training each element of the C-by-N-by-S mini-batch (a new draw at every
    time step) is kept with probability 1 - p and scaled by 1/(1 - p) (inverted
    dropout): y = x .* (U >= p) / (1 - p), U uniform from the global generator
    (``rng``). At prediction (predict, classify, validation) the layer is the
    identity.

    Arguments and name-value options:

    - probability: scalar in [0, 1), default 0.5 (the Probability property).
    - Name: layer name, default '' (named 'dropout' at training).

    Example::

        layers = [sequenceInputLayer(12), lstmLayer(100), dropoutLayer(0.2),
                  lstmLayer(100, 'OutputMode', 'last'), dropoutLayer(0.2),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
    """
    args = list(args)
    if args and not isinstance(args[0], str):
        args = ["Probability", args[0]] + args[1:]
    layer = DropoutLayer.__new__(DropoutLayer)
    layer._construct("dropoutLayer", args, kwargs)
    return layer
