"""sequenceFoldingLayer and sequenceUnfoldingLayer: image layers applied to each time step.

Folding turns a mini-batch of image sequences (S, N, H, W, C) into a batch of
images; unfolding restores the sequences. The folding layer's ``miniBatchSize``
output must be connected to the unfolding layer's ``miniBatchSize`` input
(``connectLayers(lgraph, 'fold/miniBatchSize', 'unfold/miniBatchSize')``): it
carries the mini-batch layout (and the mask of real steps) across.

Masked padding: only the real time steps are folded, so layers between the two
(batch normalization included) never see padded steps.
"""
import numpy as np

from .._namevalue import Option, name_text
from .._signature import matlab_syntax
from ..errors import InvalidNetworkError
from .base import Layer


class SequenceFoldingLayer(Layer):
    """Sequence folding layer (MATLAB's ``sequenceFoldingLayer``).

    See :func:`sequenceFoldingLayer`.
    """

    _class_name = "SequenceFoldingLayer"
    _constructor = "sequenceFoldingLayer"
    _type_name = "Sequence Folding"
    _default_name = "seqfold"
    _options = (Option("Name", "", name_text),)

    NumInputs = 1
    NumOutputs = 2
    InputNames = ("in",)
    OutputNames = ("out", "miniBatchSize")

    def _sections(self):
        return [(None, ["Name", "NumInputs", "NumOutputs", "InputNames", "OutputNames"])]

    def _description(self):
        return "Sequence folding"

    def _output_ports(self):
        return list(self.OutputNames)

    def _setup(self, input_size, is_sequence):
        if not is_sequence:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': sequenceFoldingLayer expects sequence input (from "
                "sequenceInputLayer) but receives data without a time dimension.",
                "nnet_cnn:trainNetwork:InvalidNetwork")
        # 'out': one image (or vector) per real time step; 'miniBatchSize': the layout,
        # declared a sequence so that the engine carries the mask along with it.
        return [input_size, "miniBatchSize"], [False, True]

    def _forward(self, x, mask, training, state=None, rng=None):
        S, N = x.shape[:2]
        folded = x.reshape((S * N,) + x.shape[2:]) if mask is None else x[mask]
        layout = np.empty((S, N, 0), dtype=x.dtype)
        return [folded, layout], None, (x.shape, mask)

    def _backward(self, dy, cache):
        shape, mask = cache
        dfolded = dy[0]
        if dfolded is None:
            return np.zeros(shape, dtype=dy[1].dtype), {}, None
        if mask is None:
            return dfolded.reshape(shape), {}, None
        dx = np.zeros(shape, dtype=dfolded.dtype)
        dx[mask] = dfolded
        return dx, {}, None


class SequenceUnfoldingLayer(Layer):
    """Sequence unfolding layer (MATLAB's ``sequenceUnfoldingLayer``).

    See :func:`sequenceUnfoldingLayer`.
    """

    _class_name = "SequenceUnfoldingLayer"
    _constructor = "sequenceUnfoldingLayer"
    _type_name = "Sequence Unfolding"
    _default_name = "sequnfold"
    _options = (Option("Name", "", name_text),)

    NumInputs = 2
    NumOutputs = 1
    InputNames = ("in", "miniBatchSize")
    OutputNames = ("out",)

    def _sections(self):
        return [(None, ["Name", "NumInputs", "NumOutputs", "InputNames", "OutputNames"])]

    def _description(self):
        return "Sequence unfolding"

    def _input_ports(self):
        return list(self.InputNames)

    def _setup(self, input_size, is_sequence):
        if input_size[1] != "miniBatchSize":
            raise InvalidNetworkError(
                f"Layer '{self.Name}': the miniBatchSize input must come from the "
                "miniBatchSize output of a sequenceFoldingLayer: connectLayers(lgraph, "
                f"'fold/miniBatchSize', '{self.Name}/miniBatchSize').",
                "nnet_cnn:trainNetwork:InvalidNetwork")
        if is_sequence[0]:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': the input 'in' must be folded data (from the 'out' "
                "output of a sequenceFoldingLayer, through layers without a time dimension).",
                "nnet_cnn:trainNetwork:InvalidNetwork")
        return input_size[0], True

    def _forward(self, x, mask, training, state=None, rng=None):
        folded, layout = x
        S, N = layout.shape[:2]
        if mask is None:
            return folded.reshape((S, N) + folded.shape[1:]), None, None
        y = np.zeros((S, N) + folded.shape[1:], dtype=folded.dtype)
        y[mask] = folded
        return y, None, mask

    def _backward(self, dy, cache):
        mask = cache
        if mask is None:
            return [dy.reshape((-1,) + dy.shape[2:]), None], {}, None
        return [dy[mask], None], {}, None


@matlab_syntax('layer = sequenceFoldingLayer()', 'sequenceFoldingLayer(Name=Value)')
def sequenceFoldingLayer(*args, **kwargs):
    """Sequence folding layer: applies the following image layers to each time step.

    MATLAB syntax::

        layer = sequenceFoldingLayer
        layer = sequenceFoldingLayer('Name', name)

    Outputs 'out' (the images of every time step as one batch) and
    'miniBatchSize', which must be connected to the 'miniBatchSize' input of the
    matching sequenceUnfoldingLayer.

    Example::

        layers = [sequenceInputLayer([12 1 1], Name='input'),
                  sequenceFoldingLayer(Name='fold'),
                  convolution2dLayer([3 1], 16, Padding='same'), reluLayer(),
                  sequenceUnfoldingLayer(Name='unfold'), flattenLayer(),
                  lstmLayer(32, OutputMode='last'), fullyConnectedLayer(1),
                  regressionLayer()]
        lgraph = layerGraph(layers)
        lgraph = connectLayers(lgraph, 'fold/miniBatchSize', 'unfold/miniBatchSize')
    """
    layer = SequenceFoldingLayer.__new__(SequenceFoldingLayer)
    layer._construct("sequenceFoldingLayer", args, kwargs)
    return layer


@matlab_syntax('layer = sequenceUnfoldingLayer()', 'sequenceUnfoldingLayer(Name=Value)')
def sequenceUnfoldingLayer(*args, **kwargs):
    """Sequence unfolding layer: restores the sequence structure after sequence folding.

    MATLAB syntax::

        layer = sequenceUnfoldingLayer
        layer = sequenceUnfoldingLayer('Name', name)

    Inputs 'in' (folded data) and 'miniBatchSize' (from the sequenceFoldingLayer's
    'miniBatchSize' output).

    Example::

        lgraph = connectLayers(lgraph, 'fold/miniBatchSize', 'unfold/miniBatchSize')
    """
    layer = SequenceUnfoldingLayer.__new__(SequenceUnfoldingLayer)
    layer._construct("sequenceUnfoldingLayer", args, kwargs)
    return layer
