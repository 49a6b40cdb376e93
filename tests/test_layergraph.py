"""Layer graphs: layerGraph and its editing functions, the join layers, MATLAB's graph
checks, displays, and DAGNetwork through training, prediction, state and save/load."""
import copy

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matlabnn import (DAGNetwork, LayerGraph, SeriesNetwork, addLayers,  # noqa: E402
                      additionLayer, assembleNetwork, bilstmLayer, categorical,
                      classificationLayer, classify, classifyAndUpdateState,
                      concatenationLayer, connectLayers, depthConcatenationLayer,
                      disconnectLayers, fullyConnectedLayer, gruLayer, layerGraph, load,
                      lstmLayer, plot, predict, predictAndUpdateState, regressionLayer,
                      removeLayers, replaceLayer, resetState, rng, save, sequenceInputLayer,
                      softmaxLayer, trainNetwork, trainingOptions)
from matlabnn.errors import InvalidNetworkError, MatlabnnTypeError, MatlabnnValueError  # noqa: E402,E501


def residual_layers(C=3, H=5):
    return [sequenceInputLayer(C, Name="in"), lstmLayer(H, Name="lstm"),
            fullyConnectedLayer(C, Name="fc"), additionLayer(2, Name="add"),
            fullyConnectedLayer(1, Name="fcout"), regressionLayer(Name="out")]


def residual_graph(C=3, H=5):
    return connectLayers(layerGraph(residual_layers(C, H)), "in", "add/in2")


def two_branch_graph(C=3, mode="last", K=3):
    lgraph = layerGraph([sequenceInputLayer(C, Name="in"),
                         lstmLayer(4, OutputMode=mode, Name="lstm"),
                         concatenationLayer(1, 2, Name="cat"),
                         fullyConnectedLayer(K, Name="fc"), softmaxLayer(Name="sm"),
                         classificationLayer(Name="co")])
    lgraph = addLayers(lgraph, gruLayer(3, OutputMode=mode, Name="gru"))
    lgraph = connectLayers(lgraph, "in", "gru")
    return connectLayers(lgraph, "gru", "cat/in2")


def connections(lgraph):
    c = lgraph.Connections
    return list(zip(c.Source, c.Destination))


def sequences(C, lengths, seed=0):
    r = np.random.default_rng(seed)
    return [r.normal(size=(C, n)) for n in lengths]


# ---------------------------------------------------------------------------
# layerGraph and the editing functions

def test_layerGraph_forms():
    empty = layerGraph()
    assert isinstance(empty, LayerGraph)
    assert len(empty.Layers) == 0 and len(empty.Connections) == 0
    assert empty.InputNames == [] and empty.OutputNames == []

    layers = [sequenceInputLayer(2), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]
    lgraph = layerGraph(layers)
    # unnamed layers get MATLAB's default names, connected in series
    assert [l.Name for l in lgraph.Layers] == ["sequenceinput", "lstm", "fc",
                                               "regressionoutput"]
    assert connections(lgraph) == [("sequenceinput", "lstm"), ("lstm", "fc"),
                                   ("fc", "regressionoutput")]
    assert lgraph.InputNames == ["sequenceinput"]
    assert lgraph.OutputNames == ["regressionoutput"]
    assert all(l.Name == "" for l in layers)           # the layers passed in are unchanged

    # from a SeriesNetwork and from a DAGNetwork: copies of layers and connections
    series = assembleNetwork([sequenceInputLayer(2), lstmLayer(3, InputWeights=np.ones((12, 2)),
                                                               RecurrentWeights=np.ones((12, 3)),
                                                               Bias=np.zeros(12)),
                              fullyConnectedLayer(1, Weights=np.ones((1, 3)), Bias=np.zeros((1, 1))),
                              regressionLayer()])
    from_series = layerGraph(series)
    assert connections(from_series) == connections(lgraph)
    assert from_series.Layers[1] is not series.Layers[1]
    np.testing.assert_array_equal(from_series.Layers[1].InputWeights, np.ones((12, 2)))

    dag = _trained_residual()[0]
    from_dag = layerGraph(dag)
    assert sorted(connections(from_dag)) == sorted(connections(dag))
    assert [l.Name for l in from_dag.Layers] == [l.Name for l in dag.Layers]
    assert from_dag.Layers[1] is not dag.Layers[1]

    # a LayerGraph gives a copy
    again = layerGraph(from_dag)
    assert again is not from_dag and connections(again) == connections(from_dag)


def test_addLayers_names_and_chains_and_leaves_the_graph_unchanged():
    lgraph = layerGraph([sequenceInputLayer(3, Name="in"), fullyConnectedLayer(2)])
    bigger = addLayers(lgraph, [lstmLayer(3), lstmLayer(3), fullyConnectedLayer(2)])
    assert [l.Name for l in bigger.Layers] == ["in", "fc", "lstm_1", "lstm_2", "fc_1"]
    assert connections(bigger) == [("in", "fc"), ("lstm_1", "lstm_2"), ("lstm_2", "fc_1")]
    assert [l.Name for l in lgraph.Layers] == ["in", "fc"]       # a value, as in MATLAB
    one = addLayers(lgraph, additionLayer(2))
    assert one.Layers[-1].Name == "addition"
    with pytest.raises(MatlabnnValueError, match="Layer names must be unique.*'fc'") as e:
        addLayers(lgraph, fullyConnectedLayer(4, Name="fc"))
    assert e.value.identifier == "nnet_cnn:addLayers:DuplicateLayerNames"
    with pytest.raises(MatlabnnValueError, match="unique.*'a'"):
        layerGraph([sequenceInputLayer(3, Name="a"), lstmLayer(3, Name="a")])
    with pytest.raises(MatlabnnTypeError, match="first argument must be a layer graph"):
        addLayers([sequenceInputLayer(3)], lstmLayer(3))
    with pytest.raises(MatlabnnTypeError, match="array of layers"):
        addLayers(lgraph, "lstm")


def test_removeLayers():
    lgraph = residual_graph()
    smaller = removeLayers(lgraph, "fc")
    assert [l.Name for l in smaller.Layers] == ["in", "lstm", "add", "fcout", "out"]
    assert connections(smaller) == [("in", "lstm"), ("add", "fcout"), ("fcout", "out"),
                                    ("in", "add/in2")]
    both = removeLayers(lgraph, ["fc", "lstm"])
    assert [l.Name for l in both.Layers] == ["in", "add", "fcout", "out"]
    assert len(lgraph.Layers) == 6                                 # unchanged
    with pytest.raises(MatlabnnValueError, match="Layer 'nope' does not exist") as e:
        removeLayers(lgraph, "nope")
    assert e.value.identifier == "nnet_cnn:removeLayers:LayerDoesNotExist"
    with pytest.raises(MatlabnnTypeError, match="layer names must be a string"):
        removeLayers(lgraph, 3)


def test_replaceLayer():
    lgraph = residual_graph()
    # one layer by a series of layers: the chain takes over both connections
    two = replaceLayer(lgraph, "lstm", [lstmLayer(5, Name="l1"), gruLayer(4, Name="g1")])
    assert [l.Name for l in two.Layers] == ["in", "l1", "g1", "fc", "add", "fcout", "out"]
    assert sorted(connections(two)) == sorted([("in", "l1"), ("l1", "g1"), ("g1", "fc"),
                                               ("fc", "add/in1"), ("in", "add/in2"),
                                               ("add", "fcout"), ("fcout", "out")])
    # ports are matched by name by default ...
    cat = replaceLayer(lgraph, "add", concatenationLayer(1, 2, Name="cat"))
    assert ("fc", "cat/in1") in connections(cat) and ("in", "cat/in2") in connections(cat)
    with pytest.raises(MatlabnnValueError, match="no port named 'in1'.*'ReconnectBy', 'order'"):
        replaceLayer(lgraph, "add", fullyConnectedLayer(3, Name="x"))
    # ... or by order
    single = removeLayers(lgraph, "in")     # only add/in1 connected now
    by_order = replaceLayer(single, "add", fullyConnectedLayer(3, Name="x"),
                            "ReconnectBy", "order")
    assert ("fc", "x") in connections(by_order) and ("x", "fcout") in connections(by_order)
    with pytest.raises(MatlabnnValueError, match="'add/in2' \\(port 2\\) has no port"):
        replaceLayer(lgraph, "add", fullyConnectedLayer(3, Name="x"), ReconnectBy="order")
    with pytest.raises(MatlabnnValueError, match="ReconnectBy"):
        replaceLayer(lgraph, "add", additionLayer(2, Name="a2"), ReconnectBy="port")
    with pytest.raises(MatlabnnValueError, match="Layer 'zzz' does not exist"):
        replaceLayer(lgraph, "zzz", lstmLayer(3))
    # the edited graph assembles (fc still maps the BiLSTM's 4 channels to 3)
    net = assembleNetwork(_with_weights(replaceLayer(lgraph, "lstm",
                                                     bilstmLayer(2, Name="bilstm"))))
    assert [l.Name for l in net.Layers][:3] == ["in", "bilstm", "fc"]


def test_connectLayers_port_syntax_and_errors():
    lgraph = layerGraph(residual_layers())
    assert lgraph.Layers[3].InputNames == ["in1", "in2"]
    joined = connectLayers(lgraph, "in", "add/in2")
    assert ("in", "add/in2") in connections(joined)
    assert ("in", "add/in2") not in connections(lgraph)         # value semantics
    assert connectLayers(lgraph, "in/out", "add/in2").Connections.Source == \
        joined.Connections.Source                                 # explicit output port

    def error(s, d, graph=lgraph):
        with pytest.raises((MatlabnnValueError, MatlabnnTypeError)) as e:
            connectLayers(graph, s, d)
        return e.value

    e = error("in", "add")
    assert "Layer 'add' has 2 inputs (in1, in2)" in str(e) and "'add/in1'" in str(e)
    assert e.identifier == "nnet_cnn:connectLayers:AmbiguousPort"
    e = error("in", "add/in3")
    assert "no input named 'in3'. Its inputs are: in1, in2." in str(e)
    e = error("in/out2", "add/in2")
    assert "no output named 'out2'" in str(e)
    e = error("nope", "add/in2")
    assert "Layer 'nope' does not exist in the layer graph" in str(e)
    e = error("in", "add/in1")
    assert "'add/in1' is already connected to 'fc/out'" in str(e)
    assert e.identifier == "nnet_cnn:connectLayers:InputAlreadyConnected"
    e = error("fcout", "add/in2")
    assert "would create a cycle" in str(e) and e.identifier == "nnet_cnn:connectLayers:Cycle"
    e = error("fc", "in")
    assert "Layer 'in' has no inputs, so it cannot be the destination" in str(e)
    e = error("out", "add/in2")
    assert "Layer 'out' has no outputs, so it cannot be the source" in str(e)
    e = error(3, "add/in2")
    assert isinstance(e, MatlabnnTypeError) and "layer name or 'layerName/portName'" in str(e)


def test_disconnectLayers():
    lgraph = residual_graph()
    cut = disconnectLayers(lgraph, "in", "add/in2")
    assert ("in", "add/in2") not in connections(cut)
    assert len(cut.Connections) == len(lgraph.Connections) - 1
    with pytest.raises(MatlabnnValueError, match="There is no connection from 'in' to "
                                                 "'add/in2'") as e:
        disconnectLayers(cut, "in", "add/in2")
    assert e.value.identifier == "nnet_cnn:disconnectLayers:ConnectionDoesNotExist"
    with pytest.raises(MatlabnnValueError, match="does not exist"):
        disconnectLayers(cut, "in", "nope")
    # reconnected elsewhere it assembles again
    assert isinstance(assembleNetwork(_with_weights(connectLayers(cut, "in", "add/in2"))),
                      DAGNetwork)


# ---------------------------------------------------------------------------
# The join layers

def test_join_layer_property_displays():
    assert repr(additionLayer(2, Name="add")) == (
        "  AdditionLayer with properties:\n\n"
        "          Name: 'add'\n"
        "     NumInputs: 2\n"
        "    InputNames: {'in1'  'in2'}\n")
    assert repr(concatenationLayer(1, 3)) == (
        "  ConcatenationLayer with properties:\n\n"
        "          Name: ''\n"
        "           Dim: 1\n"
        "     NumInputs: 3\n"
        "    InputNames: {'in1'  'in2'  'in3'}\n")
    assert repr(depthConcatenationLayer(2, "Name", "dc")) == (
        "  DepthConcatenationLayer with properties:\n\n"
        "          Name: 'dc'\n"
        "     NumInputs: 2\n"
        "    InputNames: {'in1'  'in2'}\n")


def test_join_layer_rows_in_a_layer_array():
    text = repr(layerGraph([additionLayer(3), concatenationLayer(1, 2),
                            depthConcatenationLayer(4)]).Layers)
    assert text == (
        "  3×1 Layer array with layers:\n\n"
        "     1   'addition'   Addition              Element-wise addition of 3 inputs\n"
        "     2   'concat'     Concatenation         Concatenation of 2 inputs along "
        "dimension 1\n"
        "     3   'depthcat'   Depth concatenation   Depth concatenation of 4 inputs\n")


def test_join_layer_arguments_are_checked():
    for bad in (1, 2.5, "2", True):
        with pytest.raises(MatlabnnValueError, match="number of inputs must be an integer "
                                                     "greater than or equal to 2"):
            additionLayer(bad)
    with pytest.raises(MatlabnnValueError, match="dimension must be an integer"):
        concatenationLayer(0, 2)
    with pytest.raises(MatlabnnValueError, match="greater than or equal to 2"):
        depthConcatenationLayer(1)
    layer = additionLayer(2)
    with pytest.raises(Exception, match="NumInputs"):
        layer.NumInputs = 3
    assert layer.NumInputs == 2
    # only the channels (dimension 1) can be concatenated for sequence data
    lgraph = replaceLayer(two_branch_graph(), "cat", concatenationLayer(2, 2, Name="cat"))
    with pytest.raises(InvalidNetworkError, match="Dim is 2. Use concatenationLayer\\(1, 2\\)"):
        trainNetwork(sequences(3, [4, 5]), categorical(["a", "b"]), lgraph,
                     trainingOptions("adam", MaxEpochs=1, Verbose=False))


def test_depth_concatenation_equals_concatenation_along_channels():
    g1 = _with_weights(two_branch_graph(mode="sequence", K=2), seed=3)
    g2 = replaceLayer(g1, "cat", depthConcatenationLayer(2, Name="cat"))
    X = sequences(3, [4, 6, 2], seed=4)
    y1 = predict(assembleNetwork(_classes(g1, 2)), X)
    y2 = predict(assembleNetwork(_classes(g2, 2)), X)
    for a, b in zip(y1, y2):
        np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------------------
# MATLAB's graph checks

def _invalid(lgraph, *texts):
    with pytest.raises(InvalidNetworkError) as e:
        assembleNetwork(lgraph)
    msg = str(e.value)
    assert msg.startswith("Invalid network.\nCaused by:\n"), msg
    for t in texts:
        assert t in msg, msg
    return msg


def test_graph_checks_have_clear_messages():
    base = layerGraph(residual_layers())
    _invalid(_with_weights(base), "Layer 'add': Unconnected input. Each layer input must be "
                                  "connected to the output of another layer.")
    _invalid(_with_weights(connectLayers(base, "lstm", "add/in2")),
             "Layer 'add': Input size mismatch. All inputs must have the same size.",
             "in1: 3", "in2: 5")
    closed = _with_weights(residual_graph())
    _invalid(removeLayers(closed, "out"), "Network: Missing output layer.")
    two_out = connectLayers(addLayers(closed, regressionLayer(Name="out2")), "fc", "out2")
    _invalid(two_out, "Network: Too many output layers", "'out', 'out2'")
    _invalid(removeLayers(closed, "in"), "Network: Missing input layer.")
    dangling = addLayers(closed, fullyConnectedLayer(2, Name="extra"))
    dangling = connectLayers(dangling, "lstm", "extra")
    _invalid(dangling, "Layer 'extra': Unconnected output.")
    # a sequence branch cannot be joined with a 'last' branch
    mixed = replaceLayer(two_branch_graph(), "gru", gruLayer(3, OutputMode="sequence",
                                                             Name="gru"))
    _invalid(_classes(_with_weights(mixed), 3), "Layer 'cat': the inputs must all have a time "
             "dimension or all have none", "in1: no time dimension", "in2: sequence")


def test_a_cycle_is_refused_with_the_layers_on_it():
    # connectLayers refuses cycles; a graph built with its connections listed can have one
    layers = [copy.deepcopy(l) for l in _with_weights(residual_graph()).Layers]
    conns = [("in", "out", "add", "in2"), ("lstm", "out", "fc", "in"),
             ("fc", "out", "add", "in1"), ("add", "out", "fcout", "in"),
             ("fcout", "out", "out", "in"), ("add", "out", "lstm", "in")]
    lgraph = LayerGraph(layers, conns)
    _invalid(lgraph, "The layer graph contains a cycle through the layers",
             "'lstm'", "'fc'", "'add'", "disconnectLayers")


def test_a_failed_check_leaves_the_graph_usable():
    lgraph = layerGraph(residual_layers())
    with pytest.raises(InvalidNetworkError):
        trainNetwork(sequences(3, [4]), [np.zeros((1, 4))], lgraph,
                     trainingOptions("adam", MaxEpochs=1, Verbose=False))
    net = assembleNetwork(_with_weights(connectLayers(lgraph, "in", "add/in2")))
    assert isinstance(net, DAGNetwork)


# ---------------------------------------------------------------------------
# Displays

def test_LayerGraph_and_DAGNetwork_displays():
    lgraph = residual_graph()
    block = ("         Layers: [6×1 nnet.cnn.layer.Layer]\n"
             "    Connections: [6×2 table]\n"
             "     InputNames: {'in'}\n"
             "    OutputNames: {'out'}\n")
    assert repr(lgraph) == "  LayerGraph with properties:\n\n" + block
    net = assembleNetwork(_with_weights(lgraph))
    assert repr(net) == "  DAGNetwork with properties:\n\n" + block
    assert net.InputNames == ["in"] and net.OutputNames == ["out"]


def test_Connections_table_text():
    assert repr(residual_graph().Connections) == (
        "  6×2 table\n\n"
        "      Source      Destination \n"
        "    _________    _____________\n\n"
        "    {'in'   }    {'lstm'     }\n"
        "    {'lstm' }    {'fc'       }\n"
        "    {'fc'   }    {'add/in1'  }\n"
        "    {'add'  }    {'fcout'    }\n"
        "    {'fcout'}    {'out'      }\n"
        "    {'in'   }    {'add/in2'  }\n")
    assert repr(layerGraph().Connections) == "  0×2 empty table\n"


def test_plot_draws_one_node_per_layer_and_one_arrow_per_connection():
    import matplotlib.pyplot as plt
    from matplotlib.text import Annotation
    lgraph = two_branch_graph()
    ax = plot(lgraph)
    nodes = [ln for ln in ax.lines if ln.get_marker() == "o"]
    arrows = [c for c in ax.get_children() if isinstance(c, Annotation)]
    assert len(nodes) == len(lgraph.Layers) == 7
    assert len(arrows) == len(lgraph.Connections) == 7
    labels = {t.get_text() for t in ax.texts if not isinstance(t, Annotation)}
    assert labels == {l.Name for l in lgraph.Layers}
    # inputs at the top: the input layer is above every other node
    y = {t.get_text(): t.get_position()[1] for t in ax.texts if not isinstance(t, Annotation)}
    assert all(y["in"] > y[n] for n in y if n != "in")
    assert y["lstm"] == y["gru"]                     # the two branches side by side
    plt.close(ax.figure)
    # plot(net) works too; other arguments are matplotlib's plot
    net_ax = plot(assembleNetwork(_with_weights(residual_graph())))
    assert len([ln for ln in net_ax.lines if ln.get_marker() == "o"]) == 6
    # the skip connection in -> add/in2 is bent around lstm and fc, the others straight
    bends = [c.arrow_patch.get_connectionstyle().rad for c in net_ax.get_children()
             if isinstance(c, Annotation)]
    assert sorted(bends) == [0] * 5 + [0.4]
    plt.close(net_ax.figure)
    lines = plot([1, 2, 3], [3, 1, 2])
    assert len(lines) == 1
    plt.close("all")


# ---------------------------------------------------------------------------
# DAGNetwork end to end

def _with_weights(lgraph, seed=0):
    """The graph with every learnable set (trained-like), so assembleNetwork accepts it."""
    import matlabnn
    from matlabnn.network import compile_network
    rng(seed)
    try:
        net = compile_network(lgraph, "test", rng=matlabnn._rng.generator())
    except InvalidNetworkError:
        return lgraph          # not a valid network: the test wants its error
    named = {l.Name: l for l in net.Layers}
    layers = []
    for l in lgraph.Layers:
        l = copy.deepcopy(l)
        for p in named[l.Name]._learnables:
            object.__setattr__(l, p, getattr(named[l.Name], p).copy())
        layers.append(l)
    return LayerGraph(layers, lgraph._connections)


def _classes(lgraph, K):
    return replaceLayer(lgraph, "co", classificationLayer(
        Name="co", Classes=[f"c{k}" for k in range(K)]))


_CACHE = {}


def _trained_residual():
    if "residual" not in _CACHE:
        rng(0)
        X = sequences(3, [6, 9, 4, 7, 5], seed=1)
        Y = [np.cumsum(x, axis=1)[:1] for x in X]
        options = trainingOptions("adam", MaxEpochs=4, MiniBatchSize=2, Verbose=False,
                                  InitialLearnRate=0.01)
        lgraph = residual_graph()
        before = repr(lgraph)
        net, info = trainNetwork(X, Y, lgraph, options, nargout=2)
        assert repr(lgraph) == before                   # the graph passed in is unchanged
        _CACHE["residual"] = (net, info, X, Y)
    return _CACHE["residual"]


def _trained_two_branch():
    if "branch" not in _CACHE:
        rng(0)
        X = sequences(3, [5, 8, 3, 6, 7, 4], seed=2)
        Y = categorical(["a", "b", "a", "c", "b", "c"])
        options = trainingOptions("adam", MaxEpochs=3, MiniBatchSize=4, Verbose=False)
        net = trainNetwork(X, Y, two_branch_graph(), options)
        _CACHE["branch"] = (net, X, Y)
    return _CACHE["branch"]


def test_trainNetwork_on_a_layer_graph_returns_a_DAGNetwork():
    net, info, X, _ = _trained_residual()
    assert isinstance(net, DAGNetwork) and not isinstance(net, SeriesNetwork)
    assert [l.Name for l in net.Layers] == ["in", "lstm", "fc", "add", "fcout", "out"]
    # 5 sequences, MiniBatchSize 2: 2 full mini-batches an epoch (the partial one is dropped)
    assert len(info.TrainingLoss) == 4 * 2 and np.all(np.isfinite(info.TrainingLoss))
    Y = predict(net, X)
    assert [y.shape for y in Y] == [(1, x.shape[1]) for x in X]
    # a layer array still gives a SeriesNetwork
    series = trainNetwork(X, [y for y in Y], residual_layers()[:2] + [
        fullyConnectedLayer(1), regressionLayer()],
        trainingOptions("adam", MaxEpochs=1, Verbose=False))
    assert type(series) is SeriesNetwork
    assert "Connections" not in repr(series)


def test_classify_and_scores_on_a_two_branch_network():
    net, X, Y = _trained_two_branch()
    assert isinstance(net, DAGNetwork)
    assert [l.Name for l in net.Layers] == ["in", "lstm", "gru", "cat", "fc", "sm", "co"]
    scores = predict(net, X)
    assert scores.shape == (6, 3)
    np.testing.assert_allclose(scores.sum(1), 1, rtol=1e-5)
    labels = classify(net, X)
    assert labels.categories_list == ["a", "b", "c"]
    assert [str(c) for c in labels] == [["a", "b", "c"][k] for k in scores.argmax(1)]
    labels2, scores2 = classify(net, X, nargout=2)
    np.testing.assert_array_equal(scores2, scores)


def test_masked_padding_holds_for_graphs():
    """Predictions do not depend on MiniBatchSize or the padding direction."""
    net, _, X, _ = _trained_residual()
    ref = predict(net, X, MiniBatchSize=1)
    for mb in (2, 5):
        for direction in ("right", "left"):
            for a, b in zip(ref, predict(net, X, MiniBatchSize=mb,
                                         SequencePaddingDirection=direction)):
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    net, X, _ = _trained_two_branch()
    ref = predict(net, X, MiniBatchSize=1)
    for mb in (3, 6):
        for direction in ("right", "left"):
            np.testing.assert_allclose(predict(net, X, MiniBatchSize=mb,
                                               SequencePaddingDirection=direction), ref,
                                       rtol=1e-5, atol=1e-6)


def test_predictAndUpdateState_and_resetState_on_a_DAGNetwork():
    net, _, X, _ = _trained_residual()
    x = X[1]
    whole = predict(net, x)
    net2, first = predictAndUpdateState(net, x[:, :4], nargout=2)
    assert isinstance(net2, DAGNetwork)
    net3, second = predictAndUpdateState(net2, x[:, 4:], nargout=2)
    np.testing.assert_allclose(np.hstack([first, second]), whole, rtol=1e-5, atol=1e-6)
    assert net.Layers[1].HiddenState is None or not np.any(net.Layers[1].HiddenState)
    assert net3.Layers[1].HiddenState.shape == (5, 1)
    reset = resetState(net3)
    assert isinstance(reset, DAGNetwork)
    np.testing.assert_array_equal(predict(reset, x), whole)

    cnet, CX, _ = _trained_two_branch()
    cnet2, label = classifyAndUpdateState(cnet, CX[0], nargout=2)
    assert isinstance(cnet2, DAGNetwork)
    assert str(label[0]) == str(classify(cnet, CX[0])[0])
    assert cnet2.Layers[1].HiddenState.shape == (4, 1)          # lstm
    assert cnet2.Layers[2].HiddenState.shape == (3, 1)          # gru


def test_assembleNetwork_of_a_layer_graph():
    net, _, X, _ = _trained_residual()
    again = assembleNetwork(layerGraph(net))
    assert isinstance(again, DAGNetwork)
    for a, b in zip(predict(net, X), predict(again, X)):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(InvalidNetworkError, match="Empty InputWeights"):
        assembleNetwork(residual_graph())
    with pytest.raises(InvalidNetworkError, match="the layer graph is empty"):
        assembleNetwork(layerGraph())


def test_save_and_load_a_DAGNetwork(tmp_path):
    for net, X in ((_trained_residual()[0], _trained_residual()[2]),
                   (_trained_two_branch()[0], _trained_two_branch()[1])):
        path = str(tmp_path / "dag.mat")
        save(path, net=net)
        loaded = load(path).net
        assert isinstance(loaded, DAGNetwork)
        assert repr(loaded) == repr(net)
        assert repr(loaded.Connections) == repr(net.Connections)
        assert repr(loaded.Layers) == repr(net.Layers)
        a, b = predict(net, X), predict(loaded, X)
        if isinstance(a, list):
            for p, q in zip(a, b):
                np.testing.assert_array_equal(p, q)
        else:
            np.testing.assert_array_equal(a, b)


def test_training_control_on_a_layer_graph(tmp_path):
    """Validation, OutputNetwork, checkpoints and chunked sequences work on graphs too."""
    rng(0)
    X = sequences(3, [6, 9, 4, 7, 5, 8], seed=1)
    Y = [np.cumsum(x, axis=1)[:1] for x in X]
    options = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=2, Verbose=False,
                              ValidationData=[X[:2], Y[:2]], ValidationFrequency=1,
                              OutputNetwork="best-validation-loss",
                              CheckpointPath=str(tmp_path), SequenceLength=4)
    net, info = trainNetwork(X, Y, residual_graph(), options, nargout=2)
    assert isinstance(net, DAGNetwork)
    best = int(np.nanargmin(info.ValidationLoss)) + 1
    assert info.OutputNetworkIteration == best
    checkpoints = sorted(tmp_path.iterdir())
    assert len(checkpoints) == 2                             # one per epoch
    assert isinstance(load(str(checkpoints[0])).net, DAGNetwork)
    # chunks of 3 steps with carried state give the whole-sequence predictions
    for a, b in zip(predict(net, X, SequenceLength=3), predict(net, X)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_residual_graph_on_feature_data(tmp_path):
    from matlabnn import featureInputLayer, tanhLayer
    lgraph = layerGraph([featureInputLayer(4, Name="in"), fullyConnectedLayer(4, Name="fc1"),
                         tanhLayer(Name="t"), additionLayer(2, Name="add"),
                         fullyConnectedLayer(1, Name="fc"), regressionLayer(Name="reg")])
    lgraph = connectLayers(lgraph, "in", "add/in2")
    rng(0)
    X = np.random.default_rng(0).normal(size=(20, 4))
    net = trainNetwork(X, X.sum(1, keepdims=True), lgraph,
                       trainingOptions("adam", MaxEpochs=2, Verbose=False))
    assert isinstance(net, DAGNetwork)
    assert predict(net, X[:3]).shape == (3, 1)
    path = str(tmp_path / "f.mat")
    save(path, net=net)
    np.testing.assert_array_equal(predict(load(path).net, X), predict(net, X))
