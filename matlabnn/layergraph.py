"""MATLAB's layer graphs: layerGraph, addLayers, connectLayers and their kin.

A LayerGraph is a value, as in MATLAB: every function returns a new graph and
leaves the one passed in unchanged. Layers keep the order they were added in;
the network built from a graph (``trainNetwork``, ``assembleNetwork``) sorts
them topologically.
"""
import copy

from ._signature import matlab_syntax
from .display.text import TIMES, property_block
from .errors import InvalidNetworkError, MatlabnnTypeError, MatlabnnValueError
from .network import LayerArray, as_layer_list, chain_connections, fill_names

__all__ = ["LayerGraph", "layerGraph", "addLayers", "removeLayers", "replaceLayer",
           "connectLayers", "disconnectLayers", "plot"]


class ConnectionsTable(list):
    """The Connections table (Source, Destination): a list of (source, destination)
    pairs that prints as MATLAB's table."""

    def __repr__(self):
        n = len(self)
        if not n:
            return f"  0{TIMES}2 empty table\n"
        head = f"  {n}{TIMES}2 table\n"
        src = [f"{{'{s}'" for s, _ in self]
        dst = [f"{{'{d}'" for _, d in self]
        ws = max(len(s) for s in src) + 1
        wd = max(len(d) for d in dst) + 1
        ws, wd = max(ws, len("Source") + 2), max(wd, len("Destination") + 2)

        def cell(text, width):
            return (text.ljust(width - 1) + "}") if text.startswith("{") else text.center(width)

        lines = [head, "    " + "Source".center(ws) + "    " + "Destination".center(wd),
                 "    " + "_" * ws + "    " + "_" * wd, ""]
        for s, d in zip(src, dst):
            lines.append("    " + cell(s, ws) + "    " + cell(d, wd))
        return "\n".join(lines) + "\n"

    def _matlab_brief(self):
        return f"[{len(self)}{TIMES}2 table]"

    @property
    def Source(self):
        return [s for s, _ in self]

    @property
    def Destination(self):
        return [d for _, d in self]


def _error(function, text, identifier):
    raise MatlabnnValueError(f"{function}: {text}", identifier)


def _split(function, spec, what):
    """'name' or 'name/port' -> (name, port or None)."""
    if not isinstance(spec, str) or not spec:
        raise MatlabnnTypeError(
            f"{function}: the {what} must be a layer name or 'layerName/portName' (a "
            f"string); got {spec!r}.", f"nnet_cnn:{function}:InvalidName")
    name, _, port = spec.partition("/")
    return name, (port or None)


class LayerGraph:
    """A graph of network layers (MATLAB's ``LayerGraph``).

    Properties: ``Layers`` (a Layer array, in the order the layers were added),
    ``Connections`` (a table of Source and Destination), ``InputNames`` and
    ``OutputNames`` (the names of the input and output layers).

    MATLAB syntax::

        lgraph = layerGraph
        lgraph = layerGraph(layers)
        lgraph = layerGraph(net)

    Example (a residual connection)::

        layers = [sequenceInputLayer(3, Name='in'), lstmLayer(16, Name='lstm'),
                  fullyConnectedLayer(3, Name='fc'), additionLayer(2, Name='add'),
                  fullyConnectedLayer(1, Name='out'), regressionLayer()]
        lgraph = layerGraph(layers)
        lgraph = connectLayers(lgraph, 'in', 'add/in2')
        net = trainNetwork(X, Y, lgraph, options)      # a DAGNetwork
    """

    def __init__(self, layers=(), connections=()):
        self._layers = list(layers)
        self._connections = [tuple(c) for c in connections]   # (src, sport, dst, dport)

    # -- properties ------------------------------------------------------------
    @property
    def Layers(self):
        return LayerArray(self._layers)

    @property
    def Connections(self):
        return ConnectionsTable(
            (s if self._single_output(s) else f"{s}/{sp}",
             d if self._single_input(d) else f"{d}/{dp}")
            for s, sp, d, dp in self._connections)

    @property
    def InputNames(self):
        return [l.Name for l in self._layers if l._is_input]

    @property
    def OutputNames(self):
        return [l.Name for l in self._layers if l._is_output]

    def __repr__(self):
        return property_block("LayerGraph", [(None, [
            ("Layers", self.Layers), ("Connections", self.Connections),
            ("InputNames", self.InputNames), ("OutputNames", self.OutputNames)])])

    def _matlab_brief(self):
        return f"[1{TIMES}1 LayerGraph]"

    # -- helpers -----------------------------------------------------------------
    def _layer(self, name):
        return next((l for l in self._layers if l.Name == name), None)

    def _single_output(self, name):
        return len(self._layer(name)._output_ports()) == 1

    def _single_input(self, name):
        return len(self._layer(name)._input_ports()) == 1

    def _copy(self):
        return LayerGraph(self._layers, self._connections)

    def _copy_for_network(self, function):
        """(deep copies of the layers, connections) for building a network."""
        if not self._layers:
            raise InvalidNetworkError(
                f"{function}: the layer graph is empty. Add layers with addLayers.",
                "nnet_cnn:trainNetwork:InvalidNetwork")
        return [copy.deepcopy(l) for l in self._layers], list(self._connections)

    def _port(self, function, spec, what):
        """Resolve a connection end to (layer name, port name)."""
        name, port = _split(function, spec, what)
        layer = self._layer(name)
        if layer is None:
            _error(function, f"Layer '{name}' does not exist in the layer graph. Layer names "
                             f"are: {', '.join(l.Name for l in self._layers)}.",
                   f"nnet_cnn:{function}:LayerDoesNotExist")
        ports = layer._output_ports() if what == "source" else layer._input_ports()
        kind = "output" if what == "source" else "input"
        if not ports:
            _error(function, f"Layer '{name}' has no {kind}s, so it cannot be the {what} of a "
                             f"connection (it is a {type(layer).__name__}).",
                   f"nnet_cnn:{function}:InvalidPort")
        if port is None:
            if len(ports) != 1:
                _error(function, f"Layer '{name}' has {len(ports)} {kind}s "
                                 f"({', '.join(ports) or 'none'}). Specify the {what} as "
                                 f"'{name}/{ports[0] if ports else kind}'.",
                       f"nnet_cnn:{function}:AmbiguousPort")
            port = ports[0]
        elif port not in ports:
            _error(function, f"Layer '{name}' has no {kind} named '{port}'. Its {kind}s are: "
                             f"{', '.join(ports) or 'none'}.",
                   f"nnet_cnn:{function}:InvalidPort")
        return name, port


def _as_graph(function, lgraph):
    if not isinstance(lgraph, LayerGraph):
        raise MatlabnnTypeError(
            f"{function}: the first argument must be a layer graph (from layerGraph); got a "
            f"{type(lgraph).__name__}.", f"nnet_cnn:{function}:InvalidLayerGraph")
    return lgraph._copy()


def _add(function, graph, layers):
    """Add layers (named and chained among themselves) to ``graph`` in place."""
    layers = [copy.deepcopy(l) for l in as_layer_list(layers, function)]
    taken = {l.Name for l in graph._layers}
    fill_names(layers, taken)
    names = [l.Name for l in layers]
    clash = sorted({n for n in names if names.count(n) > 1 or n in taken})
    if clash:
        _error(function, f"Layer names must be unique. Already in use: "
                         f"{', '.join(repr(n) for n in clash)}. Give the layers other names "
                         "(Name=...).", f"nnet_cnn:{function}:DuplicateLayerNames")
    graph._layers += layers
    for a, b in zip(layers, layers[1:]):
        if a._output_ports() and b._input_ports():
            graph._connections.append((a.Name, a._output_ports()[0], b.Name, b._input_ports()[0]))


@matlab_syntax("lgraph = layerGraph", "lgraph = layerGraph(layers)", "lgraph = layerGraph(net)")
def layerGraph(layers=None):
    """Create a graph of network layers for deep learning.

    MATLAB syntax::

        lgraph = layerGraph
        lgraph = layerGraph(layers)
        lgraph = layerGraph(net)

    ``layers`` is a layer array: its layers are connected in series (unnamed
    layers get MATLAB's default names). ``net`` is a SeriesNetwork or
    DAGNetwork: the graph has copies of its layers and connections. Edit the
    graph with addLayers, removeLayers, replaceLayer, connectLayers and
    disconnectLayers; train it with trainNetwork (a DAGNetwork results).

    Example::

        lgraph = layerGraph([sequenceInputLayer(3), lstmLayer(16), fullyConnectedLayer(1),
                             regressionLayer()])
        print(lgraph.Connections)
    """
    from .network import DAGNetwork, SeriesNetwork
    graph = LayerGraph()
    if layers is None:
        return graph
    if isinstance(layers, LayerGraph):
        return layers._copy()
    if isinstance(layers, DAGNetwork):
        return LayerGraph([copy.deepcopy(l) for l in layers.Layers], layers._connection_list)
    if isinstance(layers, SeriesNetwork):
        layers = layers.Layers
    _add("layerGraph", graph, layers)
    return graph


@matlab_syntax("lgraph = addLayers(lgraph, larray)")
def addLayers(lgraph, larray):
    """Add layers to a layer graph.

    MATLAB syntax::

        newlgraph = addLayers(lgraph, larray)

    The layers of ``larray`` are added and connected in series among
    themselves; connect them to the rest with connectLayers. Names must be
    unique in the graph.

    Example::

        lgraph = addLayers(lgraph, [fullyConnectedLayer(8, Name='skip')])
    """
    graph = _as_graph("addLayers", lgraph)
    _add("addLayers", graph, larray)
    return graph


def _names(function, names):
    if isinstance(names, str):
        return [names]
    if isinstance(names, (list, tuple)) and all(isinstance(n, str) for n in names):
        return list(names)
    raise MatlabnnTypeError(f"{function}: layer names must be a string or a list of strings; "
                            f"got {names!r}.", f"nnet_cnn:{function}:InvalidName")


@matlab_syntax("lgraph = removeLayers(lgraph, layerNames)")
def removeLayers(lgraph, layerNames):
    """Remove layers from a layer graph, with their connections.

    MATLAB syntax::

        newlgraph = removeLayers(lgraph, layerNames)

    Example::

        lgraph = removeLayers(lgraph, ['drop', 'fc2'])
    """
    graph = _as_graph("removeLayers", lgraph)
    names = _names("removeLayers", layerNames)
    for n in names:
        if graph._layer(n) is None:
            _error("removeLayers", f"Layer '{n}' does not exist in the layer graph.",
                   "nnet_cnn:removeLayers:LayerDoesNotExist")
    gone = set(names)
    graph._layers = [l for l in graph._layers if l.Name not in gone]
    graph._connections = [c for c in graph._connections if c[0] not in gone and c[2] not in gone]
    return graph


@matlab_syntax("lgraph = replaceLayer(lgraph, layerName, larray)",
               "replaceLayer(lgraph, layerName, larray, 'ReconnectBy', mode)")
def replaceLayer(lgraph, layerName, larray, *args, **kwargs):
    """Replace a layer in a layer graph by a layer or a series of layers.

    MATLAB syntax::

        newlgraph = replaceLayer(lgraph, layerName, larray)
        newlgraph = replaceLayer(..., 'ReconnectBy', mode)

    The connections into the replaced layer go into the first new layer and
    the connections out of it leave from the last. ``ReconnectBy`` 'name'
    (default) reconnects ports with the same names; 'order' by port order.

    Example::

        lgraph = replaceLayer(lgraph, 'lstm', bilstmLayer(32, Name='bilstm'))
    """
    from ._namevalue import Option, choice, parse
    opts, _ = parse("replaceLayer", (Option("ReconnectBy", "name", choice("name", "order")),),
                    args, kwargs)
    graph = _as_graph("replaceLayer", lgraph)
    old = graph._layer(layerName) if isinstance(layerName, str) else None
    if old is None:
        _error("replaceLayer", f"Layer '{layerName}' does not exist in the layer graph.",
               "nnet_cnn:replaceLayer:LayerDoesNotExist")
    at = graph._layers.index(old)
    incoming = [c for c in graph._connections if c[2] == layerName]
    outgoing = [c for c in graph._connections if c[0] == layerName]
    rest = removeLayers(graph, layerName)
    added = LayerGraph(rest._layers[:at], rest._connections)
    _add("replaceLayer", added, larray)
    new = added._layers[at:]
    added._layers += rest._layers[at:]
    first, last = new[0], new[-1]

    def mapped(port, old_ports, new_ports):
        if opts["ReconnectBy"] == "name":
            if port not in new_ports:
                _error("replaceLayer", f"The new layers have no port named '{port}' to take "
                                       f"over the connection of '{layerName}/{port}'. Use "
                                       "'ReconnectBy', 'order'.",
                       "nnet_cnn:replaceLayer:MissingPort")
            return port
        k = old_ports.index(port)
        if k >= len(new_ports):
            _error("replaceLayer", f"The connection of '{layerName}/{port}' (port {k + 1}) has "
                                   f"no port to go to: the new layers have {len(new_ports)} "
                                   f"({', '.join(new_ports) or 'none'}). Replace the layer by "
                                   "one with as many ports, or disconnect it first.",
                   "nnet_cnn:replaceLayer:MissingPort")
        return new_ports[k]

    for s, sp, _, dp in incoming:
        added._connections.append((s, sp, first.Name,
                                   mapped(dp, old._input_ports(), first._input_ports())))
    for _, sp, d, dp in outgoing:
        added._connections.append((last.Name, mapped(sp, old._output_ports(),
                                                     last._output_ports()), d, dp))
    return added


@matlab_syntax("lgraph = connectLayers(lgraph, s, d)")
def connectLayers(lgraph, s, d):
    """Connect layers in a layer graph.

    MATLAB syntax::

        newlgraph = connectLayers(lgraph, s, d)

    ``s`` is a layer name ('fc') or 'layerName/outputName'; ``d`` a layer name
    ('relu') or 'layerName/inputName' ('add/in2', 'unfold/miniBatchSize').
    Each input can have one connection; an output can feed several inputs.

    Example::

        lgraph = connectLayers(lgraph, 'skip', 'add/in2')
    """
    graph = _as_graph("connectLayers", lgraph)
    src = graph._port("connectLayers", s, "source")
    dst = graph._port("connectLayers", d, "destination")
    taken = next((c for c in graph._connections if (c[2], c[3]) == dst), None)
    if taken is not None:
        _error("connectLayers", f"Unable to add connection: the input '{dst[0]}/{dst[1]}' is "
                                f"already connected to '{taken[0]}/{taken[1]}'. Use "
                                "disconnectLayers first.",
               "nnet_cnn:connectLayers:InputAlreadyConnected")
    if _reaches(graph, dst[0], src[0]):
        _error("connectLayers", f"Unable to add connection from '{s}' to '{d}': it would "
                                "create a cycle. Layer graphs must be acyclic.",
               "nnet_cnn:connectLayers:Cycle")
    graph._connections.append(src + dst)
    return graph


def _reaches(graph, start, goal):
    """True when a path of connections leads from layer ``start`` to layer ``goal``."""
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        if n == goal:
            return True
        if n not in seen:
            seen.add(n)
            todo += [c[2] for c in graph._connections if c[0] == n]
    return False


@matlab_syntax("lgraph = disconnectLayers(lgraph, s, d)")
def disconnectLayers(lgraph, s, d):
    """Disconnect layers in a layer graph.

    MATLAB syntax::

        newlgraph = disconnectLayers(lgraph, s, d)

    ``s`` and ``d`` name the connection as in connectLayers.

    Example::

        lgraph = disconnectLayers(lgraph, 'fc', 'add/in1')
    """
    graph = _as_graph("disconnectLayers", lgraph)
    conn = (graph._port("disconnectLayers", s, "source") +
            graph._port("disconnectLayers", d, "destination"))
    if conn not in graph._connections:
        _error("disconnectLayers", f"There is no connection from '{s}' to '{d}'.",
               "nnet_cnn:disconnectLayers:ConnectionDoesNotExist")
    graph._connections.remove(conn)
    return graph


@matlab_syntax("plot(lgraph)", "plot(net)", "plot(X, Y, ...)")
def plot(*args, **kwargs):
    """Plot a layer graph or a network; anything else goes to matplotlib's ``plot``.

    MATLAB syntax::

        plot(lgraph)
        plot(net)
        plot(X, Y, LineSpec)

    ``plot(lgraph)`` draws the layers as nodes, inputs at the top, with arrows
    for the connections, and returns the axes. With other arguments it is
    ``matplotlib.pyplot.plot``.

    Example::

        plot(layerGraph(layers))
    """
    from .engine.graph import Network
    if args and isinstance(args[0], (LayerGraph, Network)) and hasattr(args[0], "Layers"):
        return plot_layer_graph(args[0], **kwargs)
    import matplotlib.pyplot as plt
    return plt.plot(*args, **kwargs)


def plot_layer_graph(graph, ax=None):
    """Draw a layer graph (or a network) with matplotlib, inputs at the top."""
    import matplotlib.pyplot as plt
    from .engine.graph import topological_order
    layers = list(graph.Layers)
    names = [l.Name for l in layers]
    index = {n: k for k, n in enumerate(names)}
    conns = graph._connections if isinstance(graph, LayerGraph) else \
        getattr(graph, "_connection_list", None) or chain_connections(layers)
    edges = [(index[s], index[d]) for s, _, d, _ in conns]
    order = topological_order(names, edges)
    depth = {k: 0 for k in order}
    for k in order:
        for a, b in edges:
            if a == k:
                depth[b] = max(depth[b], depth[k] + 1)
    columns = {}
    pos = {}
    for k in order:
        col = columns.setdefault(depth[k], [])
        pos[k] = (len(col), -depth[k])
        col.append(k)
    levels = max(depth.values(), default=0) + 1
    width = max((len(c) for c in columns.values()), default=1)
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.5 + 1.5 * width, 0.7 * levels + 0.6))
    for a, b in edges:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        # an edge that skips levels in the same column would run over the nodes
        # between: bend it (a skip connection drawn as an arc, as MATLAB does)
        bend = x0 == x1 and y0 - y1 > 1
        ax.annotate("", xy=(x1, y1 + 0.15), xytext=(x0, y0 - 0.15),
                    arrowprops=dict(arrowstyle="->", color="0.4", shrinkA=0, shrinkB=0,
                                    connectionstyle=f"arc3,rad={0.4 if bend else 0}"))
    for k, (x, y) in pos.items():
        ax.plot([x], [y], "o", color="tab:blue", markersize=8)
        ax.text(x + 0.08, y, names[k], va="center", fontsize=9)
    ax.set_xlim(-0.6, width - 1 + 0.9)
    ax.set_ylim(-levels + 0.5, 0.5)
    ax.set_axis_off()
    return ax
