"""A compiled layer graph: layers in topological order, run forward and backward.

A chain (MATLAB's layer array) is the simple case of a graph. Connections are
``(source layer, output port, destination layer, input port)`` by index into
``Network.Layers``, which holds the layers in topological order. The output
layer (regression/classification), when there is one, is not run by
``_forward``: a loss applies it to the network's output.
"""
import numpy as np

from .. import _threads
from ..errors import invalid_network


def topological_order(names, edges):
    """Indices of ``names`` in an order where every edge (a, b) has a before b.

    Stable: among layers that are ready, the earlier one in ``names`` comes first,
    so a chain keeps its order. Raises with MATLAB's wording on a cycle.
    """
    n = len(names)
    indegree = [0] * n
    after = [[] for _ in range(n)]
    for a, b in edges:
        indegree[b] += 1
        after[a].append(b)
    order, ready = [], [k for k in range(n) if indegree[k] == 0]
    while ready:
        k = min(ready)
        ready.remove(k)
        order.append(k)
        for b in after[k]:
            indegree[b] -= 1
            if indegree[b] == 0:
                ready.append(b)
    if len(order) < n:
        cyclic = [names[k] for k in range(n) if k not in set(order)]
        invalid_network([f"Network: The layer graph contains a cycle through the layers "
                         f"{', '.join(repr(c) for c in cyclic)}. Layer graphs must be "
                         "acyclic: remove one of the connections with disconnectLayers."])
    return order


class Network:
    """Layers in topological order with their connections: the engine's network.

    ``sources[k]`` lists, per input port of layer k, the (layer, output port)
    index pair it reads from; ``_net_output`` is the pair whose value the network
    returns (what feeds the output layer, or the one unconsumed output);
    ``out_is_sequence[k][p]`` says whether output port p of layer k has a time
    dimension. SeriesNetwork, DAGNetwork and dlnetwork build on it.
    """

    def _wire(self, layers, sources, out_is_sequence, net_output, output_size, dtype):
        self.Layers = layers
        self._sources = sources
        self._out_is_sequence = out_is_sequence
        self._net_output = net_output
        self._output_is_sequence = out_is_sequence[net_output[0]][net_output[1]]
        self._output_size = output_size
        self._dtype = np.dtype(dtype)
        self._input_index = next(k for k, l in enumerate(layers) if l._is_input)
        self._loss_index = next((k for k, l in enumerate(layers) if l._is_output), None)
        self._compute = [k for k in range(len(layers)) if not layers[k]._is_output]
        self._multi_in = [len(l._input_ports()) > 1 for l in layers]
        self._multi_out = [len(l._output_ports()) > 1 for l in layers]

    # -- what faces ask --------------------------------------------------------
    @property
    def _input_layer(self):
        return self.Layers[self._input_index]

    @property
    def _output_layer(self):
        return None if self._loss_index is None else self.Layers[self._loss_index]

    @property
    def _recurrent_layers(self):
        return [l for l in self.Layers if l._is_recurrent]

    @property
    def _is_sequence_output(self):
        return self._output_is_sequence

    def _learnable_items(self):
        """(layer, learnable name) for every learnable array, in layer order."""
        return [(l, n) for l in self.Layers for n in l._learnables]

    # -- forward ---------------------------------------------------------------
    def _forward(self, x, mask, training, states=None, rng=None):
        """Run every layer but the output layer on the input ``x`` (with ``mask``).

        ``states`` maps layer index -> initial state (None: the layer's stored state).
        Returns (y, output mask, final states by layer index, caches).
        """
        with _threads.limit(1):      # threaded BLAS only slows the engine's products
            return self._forward_graph(x, mask, training, states, rng)

    def _forward_graph(self, x, mask, training, states, rng):
        layers, sources = self.Layers, self._sources
        values = {}                  # (layer, port) -> (array, mask)
        caches, finals = [], {}
        for k in self._compute:
            layer = layers[k]
            if layer._is_input:
                xin, min_ = x, mask
            elif self._multi_in[k]:
                ins = [values[s] for s in sources[k]]
                xin = [v[0] for v in ins]
                min_ = next((v[1] for v in ins if v[1] is not None), None)
            else:
                xin, min_ = values[sources[k][0]]
            state = states.get(k) if states else None
            y, final, cache = layer._forward(xin, min_, training, state, rng)
            if final is not None:
                finals[k] = final
            seq = self._out_is_sequence[k]
            if self._multi_out[k]:
                for p, yp in enumerate(y):
                    values[(k, p)] = (yp, layer._output_mask(min_) if seq[p] else None)
            else:
                values[(k, 0)] = (y, layer._output_mask(min_) if seq[0] else None)
            caches.append((k, cache))
        y, ymask = values[self._net_output]
        return y, ymask, finals, caches

    # -- backward --------------------------------------------------------------
    def _backward(self, dy, caches, need_input_grad=False):
        """Backpropagate ``dy`` (w.r.t. the network output) through the cached layers.

        Returns (grads keyed by (layer name, learnable), dx w.r.t. the input (None
        unless ``need_input_grad``), initial-state gradients by layer name). Fan-out
        gradients are summed. With a softmax before a classification output, ``dy``
        is already the gradient w.r.t. the softmax input (the softmax layer passes
        it through).
        """
        with _threads.limit(1):
            return self._backward_graph(dy, caches, need_input_grad)

    def _backward_graph(self, dy, caches, need_input_grad):
        layers, sources = self.Layers, self._sources
        grads, dstates = {}, {}
        pending = {self._net_output: dy}
        dx = None
        for k, cache in reversed(caches):
            layer = layers[k]
            if self._multi_out[k]:
                d = [pending.pop((k, p), None) for p in range(len(layer._output_ports()))]
                if all(g is None for g in d):
                    continue
            else:
                d = pending.pop((k, 0), None)
                if d is None:
                    continue
            if layer._is_input and not need_input_grad and not layer._learnables:
                continue
            dxk, g, ds = layer._backward(d, cache)
            for name, value in g.items():
                grads[(layer.Name, name)] = value
            if ds is not None:
                dstates[layer.Name] = ds
            if layer._is_input:
                dx = dxk
                continue
            for src, gx in zip(sources[k], dxk if self._multi_in[k] else (dxk,)):
                if gx is not None:
                    pending[src] = gx if src not in pending else pending[src] + gx
        return grads, dx, dstates


def compile_graph(net, layers, connections, dtype, require_output=True):
    """Check, sort and size ``layers`` joined by ``connections`` into ``net`` (a Network).

    ``connections`` are (source name, source port name, destination name,
    destination port name). Layers must already have unique names. Sizes are
    inferred in topological order; ``Layers`` ends up in that order.
    """
    names = [l.Name for l in layers]
    index = {n: k for k, n in enumerate(names)}
    causes = []
    dests = {(index[d], dp): (index[s], sp) for s, sp, d, dp in connections}
    for k, layer in enumerate(layers):
        for port in layer._input_ports():
            if (k, port) not in dests:
                causes.append(f"Layer '{layer.Name}': Unconnected input. Each layer input "
                              "must be connected to the output of another layer.")
                break
    used = {(index[s], sp) for s, sp, _, _ in connections}
    inputs = [l for l in layers if l._is_input]
    outputs = [l for l in layers if l._is_output]
    for k, layer in enumerate(layers):
        if layer._is_output or not outputs:
            continue
        for port in layer._output_ports():
            if (k, port) not in used:
                causes.append(f"Layer '{layer.Name}': Unconnected output. Each layer output "
                              "must be connected to the input of another layer.")
                break
    if not inputs:
        causes.append("Network: Missing input layer. The network must have an input layer, "
                      "e.g. sequenceInputLayer(C).")
    elif len(inputs) > 1:
        causes.append("Network: Too many input layers. matlabnn networks take one input "
                      f"(found {', '.join(repr(l.Name) for l in inputs)}).")
    if require_output and not outputs:
        causes.append("Network: Missing output layer. The network must have an output layer, "
                      "e.g. regressionLayer() or classificationLayer() last.")
    elif len(outputs) > 1:
        causes.append("Network: Too many output layers. matlabnn networks have one output "
                      f"layer (found {', '.join(repr(l.Name) for l in outputs)}).")
    if causes:
        invalid_network(causes)
    edges = sorted({(index[s], index[d]) for s, _, d, _ in connections})
    order = topological_order(names, edges)
    new_index = {old: new for new, old in enumerate(order)}
    layers = [layers[k] for k in order]
    sources = []
    for layer in layers:
        k = index[layer.Name]
        sources.append([(new_index[sk], layers[new_index[sk]]._output_ports().index(sport))
                        for sk, sport in (dests[(k, port)] for port in layer._input_ports())])
    net_output = _network_output(layers, sources)
    # sizes, in topological order
    sizes, seqs, out_seq = {}, {}, []
    for k, layer in enumerate(layers):
        if layer._is_input:
            size, seq = layer._setup(None, None)
        elif len(sources[k]) > 1:
            size, seq = layer._setup([sizes[s] for s in sources[k]], [seqs[s] for s in sources[k]])
        else:
            size, seq = layer._setup(sizes[sources[k][0]], seqs[sources[k][0]])
        n_out = len(layer._output_ports())
        size, seq = (size, seq) if n_out > 1 else ([size], [seq])
        for p in range(n_out):
            sizes[(k, p)], seqs[(k, p)] = size[p], seq[p]
        out_seq.append(list(seq))
        if sources[k]:
            layer._connect_predecessor(layers[sources[k][0][0]])
    net._wire(layers, sources, out_seq, net_output, sizes[net_output], dtype)
    return net


def _network_output(layers, sources):
    """(layer, port) of the network's output: what feeds the output layer, else the
    one output port that feeds nothing (a network without an output layer)."""
    out = next((k for k, l in enumerate(layers) if l._is_output), None)
    if out is not None:
        return sources[out][0]
    consumed = {s for srcs in sources for s in srcs}
    free = [(k, p) for k, l in enumerate(layers) for p in range(len(l._output_ports()))
            if (k, p) not in consumed]
    if len(free) != 1:
        names = [f"'{layers[k].Name}/{layers[k]._output_ports()[p]}'" for k, p in free]
        invalid_network(["Network: a network without an output layer must have exactly one "
                         "output that feeds no other layer; found "
                         f"{', '.join(names) or 'none'}."])
    return free[0]
