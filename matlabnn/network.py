"""SeriesNetwork and DAGNetwork: checked, sized and named layer arrays and layer graphs."""
import copy

import numpy as np

from ._nargout import SingleOutput
from ._rng import generator
from ._signature import matlab_syntax
from .display.text import TIMES, property_block
from .engine.graph import Network, compile_graph
from .errors import MatlabnnTypeError, invalid_network
from .layers.base import Layer, layer_row_parts


class LayerArray(list):
    """A MATLAB Layer array: a Python list of layers that prints as MATLAB does."""

    def __repr__(self):
        n = len(self)
        head = f"  {n}{TIMES}1 Layer array with layers:"
        if n == 0:
            return head + "\n"
        rows = [layer_row_parts(layer) for layer in self]
        digits = len(str(n))
        wn = max(len(r[0]) for r in rows)
        wt = max(len(r[1]) for r in rows)
        lines = [head, ""]
        for k, (name, kind, desc) in enumerate(rows, 1):
            lines.append(f"{k:>{5 + digits}}   {name:<{wn}}   {kind:<{wt}}   {desc}".rstrip())
        return "\n".join(lines) + "\n"

    def _matlab_brief(self):
        return f"[{len(self)}{TIMES}1 nnet.cnn.layer.Layer]"

    def __getitem__(self, key):
        item = super().__getitem__(key)
        return LayerArray(item) if isinstance(key, slice) else item


def as_layer_list(layers, function):
    """Check that ``layers`` is a layer array (list/tuple of Layer objects)."""
    if isinstance(layers, SeriesNetwork):
        layers = layers.Layers
    if isinstance(layers, Layer):
        layers = [layers]
    if not isinstance(layers, (list, tuple)) or not layers or \
            not all(isinstance(l, Layer) for l in layers):
        bad = "" if not isinstance(layers, (list, tuple)) else next(
            (f" layers[{k}] is a {type(l).__name__}, not a layer." for k, l in enumerate(layers)
             if not isinstance(l, Layer)), "")
        raise MatlabnnTypeError(
            f"{function}: Layers argument must be an array of layers or a layer graph: a "
            f"list of layer objects such as [sequenceInputLayer(1), lstmLayer(100), "
            f"fullyConnectedLayer(1), regressionLayer()].{bad}",
            "nnet_cnn:trainNetwork:InvalidLayersArray")
    return list(layers)


def fill_names(layers, taken=()):
    """Give unnamed layers MATLAB's default names (fc, fc_1, fc_2 for repeats), avoiding
    the names of ``layers`` and the names already ``taken`` elsewhere (a graph's)."""
    taken = {l.Name for l in layers if l.Name} | set(taken)
    unnamed = {}
    for l in layers:
        if not l.Name:
            unnamed.setdefault(l._default_name, []).append(l)
    for base, group in unnamed.items():
        if len(group) == 1 and base not in taken:
            object.__setattr__(group[0], "Name", base)
            taken.add(base)
            continue
        k = 1
        for l in group:
            while f"{base}_{k}" in taken:
                k += 1
            object.__setattr__(l, "Name", f"{base}_{k}")
            taken.add(f"{base}_{k}")


def check_order(layers):
    """MATLAB's 'Invalid network.' checks on a layer array (names already filled)."""
    causes = []
    names = [l.Name for l in layers]
    for name in sorted(set(n for n in names if names.count(n) > 1)):
        idx = [str(k + 1) for k, n in enumerate(names) if n == name]
        causes.append(f"Layer names must be unique. The name '{name}' is used by layers "
                      f"{', '.join(idx)}.")
    inputs = [k for k, l in enumerate(layers) if l._is_input]
    outputs = [k for k, l in enumerate(layers) if l._is_output]
    for k in inputs:
        if k != 0:
            causes.append(f"Layer '{layers[k].Name}': An input layer must be first in the "
                          "layer array.")
    for k in outputs:
        if k != len(layers) - 1:
            causes.append(f"Layer '{layers[k].Name}': An output layer must be last in the "
                          "layer array.")
    if not inputs:
        causes.append("Network: Missing input layer. The network must have an input layer, "
                      "e.g. sequenceInputLayer(C) first.")
    if not outputs:
        causes.append("Network: Missing output layer. The network must have an output layer, "
                      "e.g. regressionLayer() or classificationLayer() last.")
    if causes:
        invalid_network(causes)


def _float_dtype(dtype):
    """numpy.float32/'single' or numpy.float64/'double' as a numpy dtype."""
    if isinstance(dtype, str):
        dtype = {"single": np.float32, "double": np.float64}.get(dtype.lower(), dtype)
    try:
        d = np.dtype(dtype) if dtype is not None else None
    except Exception:
        d = None
    if d is None or d not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise MatlabnnTypeError(
            f"SeriesNetwork: dtype must be numpy.float32 ('single') or numpy.float64 "
            f"('double'); got {dtype!r}.", "matlabnn:SeriesNetwork:InvalidDataType")
    return d


class SeriesNetwork(Network, SingleOutput):
    """A trained or assembled network of layers in series (MATLAB's ``SeriesNetwork``).

    Properties: ``Layers`` (a Layer array), ``InputNames``, ``OutputNames``.
    Created by ``trainNetwork`` or ``assembleNetwork``; use it with ``predict``,
    ``classify``, ``predictAndUpdateState``, ``classifyAndUpdateState`` and
    ``resetState``, called as in MATLAB: ``Y = predict(net, X)``.

    MATLAB syntax::

        net = trainNetwork(X, Y, layers, options)   % returns a SeriesNetwork
        net = assembleNetwork(layers)
        net.Layers(2)                                % Python: net.Layers[1]

    Example::

        net = assembleNetwork(layers)
        print(net)          # SeriesNetwork with properties: ...
        print(net.Layers)   # the Layer array display
    """

    _nargout_hint = "trainNetwork/predictAndUpdateState"

    @matlab_syntax("net = assembleNetwork(layers)", "net = trainNetwork(X, Y, layers, options)",
                   name="SeriesNetwork")
    def __init__(self, layers, dtype=np.float32):
        layers = as_layer_list(layers, "SeriesNetwork")
        dtype = _float_dtype(dtype)
        self.Layers = LayerArray(layers)
        self._dtype = np.dtype(dtype)

    @property
    def InputNames(self):
        return [self.Layers[0].Name]

    @property
    def OutputNames(self):
        return [self.Layers[-1].Name]

    def __repr__(self):
        return property_block("SeriesNetwork", [(None, [
            ("Layers", self.Layers), ("InputNames", self.InputNames),
            ("OutputNames", self.OutputNames)])])

    def _matlab_brief(self):
        return f"[1{TIMES}1 SeriesNetwork]"


class DAGNetwork(Network, SingleOutput):
    """A trained or assembled network with a graph of layers (MATLAB's ``DAGNetwork``).

    Properties: ``Layers`` (a Layer array in topological order), ``Connections``
    (a table of Source and Destination), ``InputNames``, ``OutputNames``.
    Created by ``trainNetwork`` or ``assembleNetwork`` from a layer graph; used
    with ``predict``, ``classify``, the ``*AndUpdateState`` functions and
    ``resetState`` exactly as a SeriesNetwork.

    MATLAB syntax::

        net = trainNetwork(X, Y, lgraph, options)   % returns a DAGNetwork
        net = assembleNetwork(lgraph)
        lgraph = layerGraph(net)                     % back to an editable graph

    Example::

        net = trainNetwork(X, Y, lgraph, options)
        print(net)              # DAGNetwork with properties: ...
        print(net.Connections)
    """

    _nargout_hint = "trainNetwork/predictAndUpdateState"

    @property
    def InputNames(self):
        return [self._input_layer.Name]

    @property
    def OutputNames(self):
        return [self._output_layer.Name]

    @property
    def Connections(self):
        from .layergraph import LayerGraph
        return LayerGraph(self.Layers, self._connection_list).Connections

    def __repr__(self):
        return property_block("DAGNetwork", [(None, [
            ("Layers", self.Layers), ("Connections", self.Connections),
            ("InputNames", self.InputNames), ("OutputNames", self.OutputNames)])])

    def _matlab_brief(self):
        return f"[1{TIMES}1 DAGNetwork]"


def compile_network(layers, function, dtype=np.float32, initialize=True, rng=None):
    """Copy, name, check, size and initialize a layer array or a layer graph.

    A layer array gives a SeriesNetwork, a LayerGraph a DAGNetwork. The layers
    passed in are never modified.
    """
    from .layergraph import LayerGraph
    if isinstance(layers, LayerGraph):
        layers, connections = layers._copy_for_network(function)
        net = DAGNetwork.__new__(DAGNetwork)
    else:
        layers = [copy.deepcopy(l) for l in as_layer_list(layers, function)]
        fill_names(layers)
        check_order(layers)
        connections = chain_connections(layers)
        net = SeriesNetwork.__new__(SeriesNetwork)
    compile_graph(net, layers, connections, dtype)
    net.Layers = LayerArray(net.Layers)
    net._connection_list = connections
    if initialize and rng is None:
        rng = generator()         # rng(seed) makes the initial weights reproducible
    for layer in net.Layers:
        if initialize:
            layer._initialize(rng, dtype)
        layer._cast(dtype)
    return net


def chain_connections(layers):
    """The connections of a layer array: each layer's output to the next one's input."""
    return [(a.Name, "out", b.Name, "in") for a, b in zip(layers, layers[1:])]


def missing_learnables(net):
    """[(layer name, learnable)] of learnables that are still empty."""
    return [(l.Name, n) for l in net.Layers for n in l._missing_learnables()]
