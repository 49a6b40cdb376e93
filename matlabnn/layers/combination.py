"""Layers that join branches of a layer graph: additionLayer, concatenationLayer,
depthConcatenationLayer.

Each has inputs ``in1`` … ``inN`` (connect them with ``connectLayers(lgraph,
'src', 'add/in2')``) and one output. For sequence data the channel dimension is
MATLAB's dimension 1, so ``concatenationLayer(1, 2)`` stacks channels.
"""
import numbers

import numpy as np

from .._namevalue import Option, name_text
from .._signature import matlab_syntax
from ..errors import MatlabnnValueError, invalid_network
from .base import Layer


def _count(function, what, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, float, np.integer,
                                                         np.floating)) \
            or value != int(value) or value < minimum:
        raise MatlabnnValueError(
            f"{function}: {what} must be an integer greater than or equal to {minimum}; "
            f"got {value!r}.", f"nnet_cnn:{function}:Invalid{what.title().replace(' ', '')}")
    return int(value)


class _JoinLayer(Layer):
    """Machinery shared by the layers with inputs in1 … inN."""

    _options = (Option("Name", "", name_text),)
    _readonly = Layer._readonly + ("NumInputs", "InputNames")

    @property
    def InputNames(self):
        return [f"in{k}" for k in range(1, self.NumInputs + 1)]

    @property
    def OutputNames(self):
        return ["out"]

    @property
    def NumOutputs(self):
        return 1

    def _input_ports(self):
        return self.InputNames

    def _sections(self):
        return [(None, ["Name", "NumInputs", "InputNames"])]

    def _inputs_in_time(self, is_sequence):
        if len(set(bool(s) for s in is_sequence)) > 1:
            kinds = "\n".join(f"        in{k}: {'sequence' if s else 'no time dimension'}"
                              for k, s in enumerate(is_sequence, 1))
            invalid_network([
                f"Layer '{self.Name}': the inputs must all have a time dimension or all have "
                "none; a sequence cannot be joined with a non-sequence (e.g. an LSTM with "
                "OutputMode 'last'). Use the same OutputMode in every branch.\n    Inputs of "
                f"this layer:\n{kinds}"])
        return bool(is_sequence[0])

    def _size_mismatch(self, sizes, what):
        sources = "\n".join(f"        in{k}: {s}" for k, s in enumerate(sizes, 1))
        invalid_network([f"Layer '{self.Name}': Input size mismatch. {what}\n    Input sizes "
                         f"(channels) of this layer:\n{sources}"])


class AdditionLayer(_JoinLayer):
    """Addition layer (MATLAB's ``additionLayer``); see :func:`additionLayer`."""

    _class_name = "AdditionLayer"
    _constructor = "additionLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Addition"
    _default_name = "addition"

    def _description(self):
        return f"Element-wise addition of {self.NumInputs} inputs"

    def _setup(self, input_size, is_sequence):
        if len(set(input_size)) > 1:
            self._size_mismatch(input_size, "All inputs must have the same size.")
        return input_size[0], self._inputs_in_time(is_sequence)

    def _forward(self, x, mask, training, state=None, rng=None):
        y = x[0] + x[1]
        for xk in x[2:]:
            y += xk
        return y, None, len(x)

    def _backward(self, dy, cache):
        return [dy] * cache, {}, None


class ConcatenationLayer(_JoinLayer):
    """Concatenation layer (MATLAB's ``concatenationLayer``); see :func:`concatenationLayer`."""

    _class_name = "ConcatenationLayer"
    _constructor = "concatenationLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Concatenation"
    _default_name = "concat"
    _readonly = _JoinLayer._readonly + ("Dim",)

    def _sections(self):
        return [(None, ["Name", "Dim", "NumInputs", "InputNames"])]

    def _description(self):
        return f"Concatenation of {self.NumInputs} inputs along dimension {self.Dim}"

    def _channel_dim_check(self):
        if self.Dim != 1:
            invalid_network([
                f"Layer '{self.Name}': for sequence and feature data the only dimension to "
                f"concatenate along is 1 (the channels); Dim is {self.Dim}. Use "
                f"concatenationLayer(1, {self.NumInputs})."])

    def _setup(self, input_size, is_sequence):
        self._channel_dim_check()
        seq = self._inputs_in_time(is_sequence)
        object.__setattr__(self, "_splits", np.cumsum(input_size)[:-1])
        return int(sum(input_size)), seq

    def _forward(self, x, mask, training, state=None, rng=None):
        return np.concatenate(x, axis=-1), None, None

    def _backward(self, dy, cache):
        return np.split(dy, self._splits, axis=-1), {}, None


class DepthConcatenationLayer(ConcatenationLayer):
    """Depth concatenation layer (MATLAB's ``depthConcatenationLayer``): concatenates
    along the channels; see :func:`depthConcatenationLayer`."""

    _class_name = "DepthConcatenationLayer"
    _constructor = "depthConcatenationLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "Depth concatenation"
    _default_name = "depthcat"
    _readonly = _JoinLayer._readonly
    Dim = 1

    def _sections(self):
        return [(None, ["Name", "NumInputs", "InputNames"])]

    def _description(self):
        return f"Depth concatenation of {self.NumInputs} inputs"


def _make(cls, function, args, kwargs, counts):
    """Construct (options first, as MATLAB parses them), then check the counts."""
    layer = cls.__new__(cls)
    layer._construct(function, args, kwargs)
    for prop, (what, value, minimum) in counts.items():
        object.__setattr__(layer, prop, _count(function, what, value, minimum))
    return layer


@matlab_syntax("layer = additionLayer(numInputs)", "additionLayer(numInputs, Name=Value)")
def additionLayer(numInputs, *args, **kwargs):
    """Addition layer: adds its inputs element-wise.

    MATLAB syntax::

        layer = additionLayer(numInputs)
        layer = additionLayer(numInputs, 'Name', name)

    Inputs are named 'in1', …, 'inN' (``InputNames``); all must have the same
    size. Connect them with ``connectLayers(lgraph, 'src', 'add/in2')``.

    Name-value options:

    - Name: layer name, default '' (named 'addition' in a graph).

    Example (a residual connection)::

        lgraph = layerGraph([sequenceInputLayer(4, Name='in'), lstmLayer(4, Name='lstm'),
                             additionLayer(2, Name='add'), fullyConnectedLayer(1),
                             regressionLayer()])
        lgraph = connectLayers(lgraph, 'in', 'add/in2')
    """
    return _make(AdditionLayer, "additionLayer", args, kwargs,
                 {"NumInputs": ("number of inputs", numInputs, 2)})


@matlab_syntax("layer = concatenationLayer(dim, numInputs)",
               "concatenationLayer(dim, numInputs, Name=Value)")
def concatenationLayer(dim, numInputs, *args, **kwargs):
    """Concatenation layer: joins its inputs along dimension ``dim``.

    MATLAB syntax::

        layer = concatenationLayer(dim, numInputs)
        layer = concatenationLayer(dim, numInputs, 'Name', name)

    For sequence and feature data dimension 1 is the channels, so
    ``concatenationLayer(1, 2)`` stacks the channels of two branches (C1 + C2
    channels out). Inputs are named 'in1', …, 'inN'.

    Name-value options:

    - Name: layer name, default '' (named 'concat' in a graph).

    Example::

        layer = concatenationLayer(1, 2, Name='cat')
    """
    return _make(ConcatenationLayer, "concatenationLayer", args, kwargs,
                 {"Dim": ("dimension", dim, 1), "NumInputs": ("number of inputs", numInputs, 1)})


@matlab_syntax("layer = depthConcatenationLayer(numInputs)",
               "depthConcatenationLayer(numInputs, Name=Value)")
def depthConcatenationLayer(numInputs, *args, **kwargs):
    """Depth concatenation layer: joins its inputs along the channels.

    MATLAB syntax::

        layer = depthConcatenationLayer(numInputs)
        layer = depthConcatenationLayer(numInputs, 'Name', name)

    Inputs are named 'in1', …, 'inN'; for sequence data this is the same as
    ``concatenationLayer(1, numInputs)``.

    Name-value options:

    - Name: layer name, default '' (named 'depthcat' in a graph).

    Example::

        layer = depthConcatenationLayer(2, Name='depthcat')
    """
    return _make(DepthConcatenationLayer, "depthConcatenationLayer", args, kwargs,
                 {"NumInputs": ("number of inputs", numInputs, 2)})
