"""``dlnetwork``: the network object of MATLAB's current API (R2024a+).

A dlnetwork has no output layer (the loss is an argument of ``trainnet``),
takes data T-by-C (``layout.py``), and exposes its parameters and recurrent
state as tables. It runs on the engine's graph (``engine/graph.py``) like
SeriesNetwork and DAGNetwork; this module is the face: construction,
properties and displays, ``initialize``, ``predict``/``forward`` with the
state output, and the graph edits (``addLayers``, ``connectLayers``, ...).
"""
import copy
import functools

import numpy as np

from . import layergraph as _lg
from ._namevalue import Option, choice, logical, parse
from ._nargout import SingleOutput, check_nargout, outputs
from ._rng import generator
from ._signature import matlab_syntax
from .display.text import TIMES, property_block
from .dlarray import dlarray
from .engine.graph import Network, compile_graph
from .engine.pipeline import SequenceSettings
from .errors import InvalidNetworkError, MatlabnnTypeError, MatlabnnValueError
from .layout import feature_outputs, features_in, sequence_outputs, sequences_in
from .helpers.table import table
from .layers.base import layer_row_parts
from .network import LayerArray, as_layer_list, chain_connections, fill_names

__all__ = ["dlnetwork", "initialize", "forward", "predict_dlnetwork", "addLayers",
           "removeLayers", "replaceLayer", "connectLayers", "disconnectLayers",
           "is_dlnetwork"]

_FUNCTION = "dlnetwork"


def is_dlnetwork(x):
    return isinstance(x, dlnetwork)


def _no_output_layers(layers, function):
    outs = [l for l in layers if l._is_output]
    if outs:
        names = ", ".join(f"'{l.Name or l._default_name}' ({type(l).__name__})" for l in outs)
        raise InvalidNetworkError(
            f"{function}: a dlnetwork has no output layers, but the layers include {names}. "
            "Remove it: the loss is an argument of trainnet (\"mse\" instead of "
            "regressionLayer, \"crossentropy\" instead of classificationLayer).",
            "deep:dlnetwork:OutputLayersNotSupported")


class dlnetwork(Network, SingleOutput):
    """Deep learning network without output layers (MATLAB's ``dlnetwork``).

    MATLAB syntax and its Python form::

        net = dlnetwork(layers)                       net = dlnetwork(layers)
        net = dlnetwork(layers, Initialize=false)     net = dlnetwork(layers, Initialize=False)
        net = dlnetwork                               net = dlnetwork()

    ``layers`` is a layer array (list) or a layer graph, with an input layer and
    no output layer. By default the learnables are initialized (from the global
    generator that ``rng`` seeds); with ``Initialize=False`` call
    ``net = initialize(net)`` later. An empty dlnetwork is built up with
    ``addLayers`` and ``connectLayers``.

    Properties: ``Layers``, ``Connections`` (Source, Destination), ``Learnables``
    and ``State`` (tables with variables Layer, Parameter, Value), ``InputNames``,
    ``OutputNames``, ``Initialized``. ``net.State = state`` sets the recurrent
    state (from ``[Y, state] = predict(net, X)``); ``resetState(net)`` returns a
    copy with the initial state.

    Data is T-by-C (time steps in rows, channels in columns); see ``predict``,
    ``minibatchpredict``, ``trainnet`` and ``testnet``.

    Example::

        layers = [sequenceInputLayer(3), lstmLayer(64), fullyConnectedLayer(3)]
        net = dlnetwork(layers)
        Y, state = predict(net, X, nargout=2)    # X is T-by-3
        net.State = state
    """

    _nargout_hint = "predict"
    _is_dlnetwork = True

    @matlab_syntax("net = dlnetwork(layers)", "net = dlnetwork(layers, Initialize=False)",
                   "net = dlnetwork", name="dlnetwork")
    def __init__(self, layers=None, *args, **kwargs):
        opts, _ = parse(_FUNCTION, [Option("Initialize", True, logical)], args, kwargs)
        dtype = np.float32
        if layers is None:
            graph_layers, connections = [], []
        elif isinstance(layers, dlnetwork):
            graph_layers = [copy.deepcopy(l) for l in layers._graph_layers]
            connections = list(layers._connections)
            dtype = layers._dtype
        elif isinstance(layers, _lg.LayerGraph):
            graph_layers, connections = layers._copy_for_network(_FUNCTION)
        elif isinstance(layers, Network):
            raise MatlabnnTypeError(
                "dlnetwork: to convert a SeriesNetwork or DAGNetwork, remove its output layer "
                "and build a dlnetwork from the rest: dlnetwork(net.Layers[:-1]) for a "
                "SeriesNetwork.", "deep:dlnetwork:InvalidInput")
        else:
            graph_layers = [copy.deepcopy(l) for l in as_layer_list(layers, _FUNCTION)]
            fill_names(graph_layers)
            connections = chain_connections(graph_layers)
        _no_output_layers(graph_layers, _FUNCTION)
        self._set_graph(graph_layers, connections, dtype)
        if opts["Initialize"] and graph_layers:     # dlnetwork() is empty, uninitialized
            self._initialize("dlnetwork")

    # -- structure -------------------------------------------------------------------
    def _set_graph(self, layers, connections, dtype=np.float32):
        object.__setattr__(self, "_graph_layers", list(layers))
        object.__setattr__(self, "_connections", list(connections))
        object.__setattr__(self, "_dtype", np.dtype(dtype))
        object.__setattr__(self, "_initialized", False)

    def _compile(self, function=_FUNCTION):
        """Check and size the graph (layers end up in topological order)."""
        if not self._graph_layers:
            raise InvalidNetworkError(f"{function}: the network has no layers. Add layers "
                                      "with addLayers.", "deep:dlnetwork:EmptyNetwork")
        object.__setattr__(self, "_compiling", True)
        try:
            compile_graph(self, self._graph_layers, self._connections, self._dtype,
                          require_output=False)
        finally:
            object.__setattr__(self, "_compiling", False)

    def _initialize(self, function="initialize"):
        self._compile(function)
        rng = generator()
        for layer in self.Layers:
            layer._initialize(rng, self._dtype)
            layer._cast(self._dtype)
        object.__setattr__(self, "_initialized", True)

    def _require_initialized(self, function):
        if not self._initialized:
            raise MatlabnnValueError(
                f"{function}: the dlnetwork is not initialized. Call net = initialize(net) "
                "first (or create it with dlnetwork(layers)).",
                "deep:dlnetwork:NotInitialized")

    def _as_layer_graph(self):
        return _lg.LayerGraph([copy.deepcopy(l) for l in self._graph_layers],
                              self._connections)

    # -- MATLAB properties ---------------------------------------------------------------
    @property
    def Layers(self):
        return LayerArray(self._graph_layers)

    @Layers.setter
    def Layers(self, layers):
        # the engine's compile_graph stores the layers in topological order
        if not self.__dict__.get("_compiling"):
            raise MatlabnnTypeError("dlnetwork: the property 'Layers' is read-only. Use "
                                    "addLayers, removeLayers, replaceLayer, connectLayers or "
                                    "disconnectLayers to change the network.",
                                    "MATLAB:class:SetProhibited")
        object.__setattr__(self, "_graph_layers", list(layers))

    @property
    def Initialized(self):
        return bool(self._initialized)

    @property
    def Connections(self):
        return _lg.LayerGraph(self._graph_layers, self._connections).Connections

    @property
    def InputNames(self):
        return [l.Name for l in self._graph_layers if l._is_input]

    @property
    def OutputNames(self):
        if self._initialized:
            k, p = self._net_output
            layer = self.Layers[k]
            ports = layer._output_ports()
            return [layer.Name if len(ports) == 1 else f"{layer.Name}/{ports[p]}"]
        used = {(s, sp) for s, sp, _, _ in self._connections}
        return [l.Name for l in self._graph_layers
                for p in l._output_ports() if (l.Name, p) not in used]

    @property
    def Learnables(self):
        rows = [(l.Name, name, getattr(l, name)) for l in self._graph_layers
                for name in l._learnables]
        return _table(rows)

    @Learnables.setter
    def Learnables(self, tbl):
        for layer, name, value in _table_rows(self, tbl, "Learnables"):
            old = getattr(layer, name)
            value = np.asarray(value)
            if old is not None and np.shape(old) != value.shape:
                raise MatlabnnValueError(
                    f"dlnetwork: Learnables value for {layer.Name}/{name} has size "
                    f"{value.shape}; expected {np.shape(old)}.", "deep:dlnetwork:InvalidValue")
        for layer, name, value in _table_rows(self, tbl, "Learnables"):
            object.__setattr__(layer, name, np.array(np.asarray(value), dtype=self._dtype))

    @property
    def State(self):
        rows = []
        for l in self._graph_layers:
            for name in _state_names(l):
                v = getattr(l, name)
                if v is None:
                    v = np.zeros((l._state_rows, 1), dtype=self._dtype) if l._is_recurrent \
                        else np.zeros((0, 0))
                rows.append((l.Name, name, v))
        return _table(rows)

    @State.setter
    def State(self, tbl):
        checked = []
        for layer, name, value in _table_rows(self, tbl, "State"):
            if name not in _state_names(layer):
                raise MatlabnnValueError(
                    f"dlnetwork: layer '{layer.Name}' has no state '{name}'.",
                    "deep:dlnetwork:InvalidState")
            v = np.asarray(value, dtype=self._dtype)
            if v.ndim == 1:
                v = v.reshape(-1, 1)
            rows = layer._state_rows if layer._is_recurrent else np.shape(getattr(layer, name))[0]
            if v.ndim != 2 or v.shape[0] != rows or (not layer._is_recurrent and v.shape[1] != 1):
                what = "one column per observation" if layer._is_recurrent else "one column"
                raise MatlabnnValueError(
                    f"dlnetwork: the {name} of layer '{layer.Name}' must have "
                    f"{rows} rows ({what}); got {'x'.join(map(str, v.shape))}.",
                    "deep:dlnetwork:InvalidState")
            checked.append((layer, name, np.ascontiguousarray(v)))
        for layer, name, v in checked:       # all checked first: nothing half-set
            object.__setattr__(layer, name, v)

    def __setattr__(self, name, value):
        if name in ("Connections", "InputNames", "OutputNames", "Initialized"):
            raise MatlabnnTypeError(f"dlnetwork: the property '{name}' is read-only. Use "
                                    "addLayers, removeLayers, replaceLayer, connectLayers or "
                                    "disconnectLayers to change the network.",
                                    "MATLAB:class:SetProhibited")
        object.__setattr__(self, name, value)

    # -- display -------------------------------------------------------------------------
    def __repr__(self):
        return property_block("dlnetwork", [(None, [
            ("Layers", self.Layers), ("Connections", self.Connections),
            ("Learnables", self.Learnables), ("State", self.State),
            ("InputNames", self.InputNames), ("OutputNames", self.OutputNames),
            ("Initialized", self.Initialized)])], footer="View summary with summary.")

    def _matlab_brief(self):
        return f"[1{TIMES}1 dlnetwork]"

    def _summary(self):
        """MATLAB's ``summary(net)``: initialized, number of learnables, inputs."""
        count = sum(int(np.size(v)) for v in self.Learnables.Value if v is not None)
        lines = [f"   Initialized: {'true' if self.Initialized else 'false'}", "",
                 f"   Number of learnables: {_count_text(count)}", "", "   Inputs:"]
        inputs = [l for l in self._graph_layers if l._is_input]
        for k, layer in enumerate(inputs, 1):
            name, _, description = layer_row_parts(layer)
            lines.append(f"      {k}   {name}   {description}")
        print("\n".join(lines) + "\n")


def _count_text(n):
    """MATLAB's short count: 950, 1.2k, 70.9k, 1.1M."""
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        return f"{n / 1000:.1f}k"
    return f"{n / 1_000_000:.1f}M"


def _object_column(values):
    col = np.empty(len(values), dtype=object)
    for k, v in enumerate(values):      # element by element: arrays must not broadcast
        col[k] = v
    return col


def _table(rows):
    """A Learnables/State table: Layer and Parameter strings, Value arrays (an unset
    learnable shows as MATLAB's empty {0×0 double})."""
    return table(_object_column([r[0] for r in rows]), _object_column([r[1] for r in rows]),
                 _object_column([np.zeros((0, 0)) if r[2] is None else r[2] for r in rows]),
                 VariableNames=["Layer", "Parameter", "Value"])


def _table_rows(net, tbl, what):
    """(layer, parameter, value) of each row of a Learnables/State table."""
    if not isinstance(tbl, table) or not {"Layer", "Parameter", "Value"} <= set(
            tbl.VariableNames):
        raise MatlabnnTypeError(
            f"dlnetwork: {what} must be a table with variables Layer, Parameter and Value, "
            f"as net.{what} or the state output of predict gives.",
            "deep:dlnetwork:InvalidTable")
    by_name = {l.Name: l for l in net._graph_layers}
    out = []
    for name, param, value in zip(tbl.Layer, tbl.Parameter, tbl.Value):
        layer = by_name.get(str(name))
        if layer is None:
            raise MatlabnnValueError(f"dlnetwork: the {what} table names layer '{name}', "
                                     "which is not in the network.",
                                     "deep:dlnetwork:InvalidTable")
        out.append((layer, str(param), value))
    return out


# ---------------------------------------------------------------------------------------
# initialize, predict, forward

@matlab_syntax("net = initialize(net)")
def initialize(net):
    """Initialize the learnables of a dlnetwork (MATLAB's ``initialize``).

    MATLAB syntax::

        net = initialize(net)

    Returns a copy whose unset learnables are initialized with each layer's
    initializers (drawing from the generator that ``rng`` seeds); learnables
    already set are kept. The network must be complete: one input layer, every
    input connected, one unconnected output.

    Example::

        net = dlnetwork(layers, Initialize=False)
        net = initialize(net)
    """
    if not isinstance(net, dlnetwork):
        raise MatlabnnTypeError(f"initialize: the input must be a dlnetwork; got a "
                                f"{type(net).__name__}.", "deep:dlnetwork:InvalidInput")
    out = dlnetwork(net, Initialize=False)
    out._initialize("initialize")
    return out


_PREDICT_TABLE = (Option("InputDataFormats", "auto", None),
                  Option("OutputDataFormats", "auto", None),
                  Option("Acceleration", "auto", choice("auto", "none")))


def _is_feature_network(net):
    return not net._out_is_sequence[net._input_index][0]


def _run(net, X, function, fmt_in, training):
    """One forward pass over all observations of X (T-by-C layout) from the stored state.

    Returns (outputs: list of K-by-T arrays or an (N, K) array, input form,
    final states by layer index, is_dlarray).
    """
    from .engine.pipeline import initial_states, pad
    from .sequences import unpad_outputs
    net._require_initialized(function)
    if isinstance(X, (list, tuple)):
        raise MatlabnnTypeError(
            f"{function}: a dlnetwork predicts on one numeric array or dlarray (T-by-C, or "
            "T-by-C-by-N). For a cell array (list) of sequences use minibatchpredict(net, X).",
            f"deep:dlnetwork:{function}:InvalidInput")
    is_dl = isinstance(X, dlarray) and bool(X._format)
    dtype = net._dtype
    C = net._input_layer.InputSize
    rng = generator() if training else None
    if _is_feature_network(net):
        data = features_in(X, C, function, fmt_in)
        y, _, finals, _ = net._forward(np.asarray(data, dtype), None, training, None, rng)
        return y, None, finals, is_dl
    seqs, form = sequences_in(X, C, function, fmt_in)
    settings = SequenceSettings({"MiniBatchSize": len(seqs), "SequenceLength": "longest",
                                 "SequencePaddingValue": 0.0,
                                 "SequencePaddingDirection": "right"})
    Xb, mask, _, lengths = pad(seqs, None, dtype, settings)
    n = Xb.shape[1]
    for layer in net._recurrent_layers:
        for s in layer._state_names:
            v = getattr(layer, s)
            if v is not None and v.shape[1] not in (1, n):
                raise MatlabnnValueError(
                    f"{function}: the State of layer '{layer.Name}' has {v.shape[1]} columns "
                    f"(observations) but the input has {n}. Set net.State to a state of "
                    "the same number of observations, or call net = resetState(net).",
                    "deep:dlnetwork:InvalidStateSize")
    states = initial_states(net, n, dtype)
    y, _, finals, _ = net._forward(Xb, mask, training, states, rng)
    if net._output_is_sequence:
        y = unpad_outputs(y, mask, lengths, "right")
    return y, form, finals, is_dl


def _state_names(layer):
    """The State rows of a layer: a recurrent layer's HiddenState/CellState, or the
    statistics a layer declares (batch normalization's TrainedMean/TrainedVariance)."""
    return layer._state_names if layer._is_recurrent else getattr(layer, "_statistics", ())


def _state_table(net, finals):
    """The state after a pass: recurrent layers' final states, the statistics as the
    layers hold them now."""
    rows = []
    for k, layer in enumerate(net.Layers):
        if layer._is_recurrent:
            final = finals.get(k)
            for j, name in enumerate(layer._state_names):
                rows.append((layer.Name, name, np.ascontiguousarray(final[j].T)))
        else:
            for name in _state_names(layer):
                rows.append((layer.Name, name, np.array(getattr(layer, name))))
    return _table(rows)


def _shape_outputs(net, y, form, is_dl, fmt_out):
    if net._output_is_sequence:
        return sequence_outputs(y, form, None if is_dl else fmt_out)
    return feature_outputs(y, fmt_out, dl=is_dl)


def _predict_or_forward(function, training, net, X, args, kwargs, nargout):
    nargout = check_nargout(function, nargout, 2)
    if not isinstance(net, dlnetwork):
        raise MatlabnnTypeError(f"{function}: the first argument must be a dlnetwork; got a "
                                f"{type(net).__name__}.", f"deep:dlnetwork:{function}")
    opts, _ = parse(function, _PREDICT_TABLE, args, kwargs)
    # training-mode layers update their statistics as they run; the network itself
    # must not change (MATLAB's forward returns the new state instead)
    saved = [(l, n, getattr(l, n)) for l in net.Layers if not l._is_recurrent
             for n in _state_names(l)]
    try:
        y, form, finals, is_dl = _run(net, X, function, opts["InputDataFormats"], training)
        state = _state_table(net, finals) if nargout == 2 else None
    finally:
        for layer, name, value in saved:
            object.__setattr__(layer, name, value)
    Y = _shape_outputs(net, y, form, is_dl, opts["OutputDataFormats"])
    return Y if nargout == 1 else outputs((Y, state), nargout)


@matlab_syntax("Y = predict(net, X)", "Y, state = predict(net, X, nargout=2)",
               "predict(net, X, InputDataFormats=fmt)", name="predict")
def predict_dlnetwork(net, X, *args, nargout=1, **kwargs):
    """Predict with a dlnetwork (MATLAB's dlnetwork ``predict``; ``predict`` dispatches here).

    MATLAB syntax and its Python form::

        Y = predict(net, X)                   Y = predict(net, X)
        [Y, state] = predict(net, X)          Y, state = predict(net, X, nargout=2)
        ___ = predict(___, Name=Value)

    ``X`` is numeric, T-by-C for one sequence (time steps in rows, channels in
    columns; a 1-by-C row is one time step), T-by-C-by-N for N sequences of
    equal length, N-by-C for a featureInputLayer network; or a ``dlarray`` with
    a format such as "CTB" (the output is then a dlarray, format "CBT" or "CB").
    Outputs use the same layout: T-by-K (or T-by-K-by-N) for sequence output,
    N-by-K for OutputMode 'last'. Prediction starts from ``net.State``;
    ``state`` is the recurrent state after X (a table like ``net.State``), and
    ``net`` itself is not changed: set ``net.State = state`` to carry it on.
    Dropout is off. For a list of sequences use ``minibatchpredict``.

    Name-value options: ``InputDataFormats`` ("auto"; e.g. "CT" for C-by-T data),
    ``OutputDataFormats`` ("auto"; e.g. "CT"), ``Acceleration`` ("auto", "none").

    Example (closed-loop forecasting)::

        net = resetState(net)
        Z, state = predict(net, X[:offset, :], nargout=2)
        net.State = state
        Y[0, :] = Z[-1, :]
        for t in range(1, n):
            Y[t, :], state = predict(net, Y[t - 1, :], nargout=2)
            net.State = state
    """
    return _predict_or_forward("predict", False, net, X, args, kwargs, nargout)


@matlab_syntax("Y = forward(net, X)", "Y, state = forward(net, X, nargout=2)")
def forward(net, X, *args, nargout=1, **kwargs):
    """Forward pass of a dlnetwork in training mode (MATLAB's ``forward``).

    MATLAB syntax::

        Y = forward(net, X)
        [Y, state] = forward(net, X)       % Python: Y, state = forward(net, X, nargout=2)

    As ``predict``, but layers behave as in training (dropout is active, drawing
    from the generator that ``rng`` seeds). Same data layouts and options.

    Example::

        Y, state = forward(net, X, nargout=2)
    """
    return _predict_or_forward("forward", True, net, X, args, kwargs, nargout)


# ---------------------------------------------------------------------------------------
# graph edits: layerGraph's functions, also on a dlnetwork

def _graph_edit(function, edit):
    base = getattr(_lg, function)

    plain = getattr(base, "__wrapped__", base)

    @functools.wraps(plain)
    def edit_graph(net, *args, **kwargs):
        if not isinstance(net, dlnetwork):
            return base(net, *args, **kwargs)
        graph = base(net._as_layer_graph(), *args, **kwargs)
        _no_output_layers(graph._layers, function)
        out = dlnetwork(None, Initialize=False)
        out._set_graph(graph._layers, graph._connections, net._dtype)
        return out

    edit_graph.__doc__ = (base.__doc__ or "") + f"""
    On a dlnetwork (MATLAB R2024a+: ``net = {edit}``) the result is a dlnetwork
    with the same layers and learnables, not initialized: call
    ``net = initialize(net)`` before predicting or pass it to trainnet.
    """
    syntax = tuple(getattr(base, "_matlab_syntax", ())) + (f"net = {edit}",)
    return matlab_syntax(*syntax, name=function)(edit_graph)


addLayers = _graph_edit("addLayers", "addLayers(net, layers)")
removeLayers = _graph_edit("removeLayers", "removeLayers(net, layerNames)")
replaceLayer = _graph_edit("replaceLayer", "replaceLayer(net, layerName, layers)")
connectLayers = _graph_edit("connectLayers", "connectLayers(net, s, d)")
disconnectLayers = _graph_edit("disconnectLayers", "disconnectLayers(net, s, d)")
