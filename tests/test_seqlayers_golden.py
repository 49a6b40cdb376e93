"""Golden values from PyTorch (tests/golden/make_golden_seqlayers.py) for the layers beyond
the recurrent ones: convolution1dLayer, 1-D pooling, global pooling, batch and layer
normalization, selfAttentionLayer and the activations.

Each fixture is a right-padded batch with garbage in the padded steps; the reference ran
on every observation's unpadded sequence. The layers are built from the fixture's
weights in MATLAB's documented shapes (Weights=..., Bias=...). Every case is also run
left-padded: each observation's real outputs must be the same, aligned to the end.
"""
import glob
import os

import numpy as np
import pytest

from matlabnn.layers.activation import (clippedReluLayer, eluLayer, geluLayer, softplusLayer,
                                        swishLayer)
from matlabnn.layers.attention import selfAttentionLayer
from matlabnn.layers.convolution import convolution1dLayer
from matlabnn.layers.normalization import batchNormalizationLayer, layerNormalizationLayer
from matlabnn.layers._window import WindowLayerMixin
from matlabnn.layers.pooling import (averagePooling1dLayer, globalAveragePooling1dLayer,
                                     globalMaxPooling1dLayer, maxPooling1dLayer)

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")


def files(kind):
    return sorted(os.path.basename(p) for p in
                  glob.glob(os.path.join(GOLDEN, f"seqlayers_{kind}_*.npz")))


def load(name):
    return dict(np.load(os.path.join(GOLDEN, name)))


def tol(dtype):
    return dict(rtol=1e-9, atol=1e-11) if dtype == np.float64 else dict(rtol=2e-4, atol=2e-5)


def close(actual, expected, what):
    np.testing.assert_allclose(actual, expected, err_msg=what, **tol(expected.dtype))


def right_mask(S, lengths):
    return np.arange(S)[:, None] < np.asarray(lengths)[None, :]


def to_left(A, lengths_in, lengths_out, fill_rng=None):
    """Move each observation's first L steps to the end (the rest: garbage or zeros)."""
    out = np.zeros_like(A) if fill_rng is None else \
        fill_rng.standard_normal(A.shape).astype(A.dtype)
    S = A.shape[0]
    for n, (L, Lo) in enumerate(zip(lengths_in, lengths_out)):
        out[S - Lo:, n] = A[:Lo, n]
    return out


def setup(layer, C, dtype):
    layer._setup(C, True)
    layer._initialize(np.random.default_rng(0), dtype)
    layer._cast(dtype)
    return layer


def padding_value(text):
    text = str(text)
    if text in ("same", "causal"):
        return text
    return [int(v) for v in text.strip("()").split(",")]   # (l, r) or (t, b, l, r)


def run_both_directions(layer, f, grads):
    """Check Y, dX and gradients right-padded and left-padded against the fixture."""
    X, G, lengths = f["X"], f["G"], f["lengths"]
    S = X.shape[0]
    # Window layers zero their padded outputs; per-step layers leave them to the mask.
    windowed = isinstance(layer, WindowLayerMixin)
    if G.ndim == 3:        # each observation's number of real outputs
        out_lengths = layer._output_mask(right_mask(S, lengths)).sum(axis=0) if windowed \
            else lengths
    for direction in ("right", "left"):
        if direction == "right":
            x, g, y_exp, dx_exp = X, G, f["Y"], f["dX"]
            mask = right_mask(S, lengths)
        else:
            x = to_left(X, lengths, lengths, np.random.default_rng(5))
            mask = right_mask(S, lengths)[::-1]
            dx_exp = to_left(f["dX"], lengths, lengths)
            if G.ndim == 3:
                g = to_left(G, out_lengths, out_lengths)
                y_exp = to_left(f["Y"], out_lengths, out_lengths)
            else:
                g, y_exp = G, f["Y"]
        y, _, cache = layer._forward(x.copy(), mask, True, None, None)
        if not windowed and y.ndim == 3:
            y = np.where(mask[:, :, None], y, 0)
        close(y, y_exp, f"Y ({direction})")
        dx, got, _ = layer._backward(g.copy(), cache)
        close(dx, dx_exp, f"dX ({direction})")
        for ours, theirs in grads.items():
            close(got[ours], f[theirs], f"{ours} ({direction})")


@pytest.mark.parametrize("fname", files("conv1d"))
def test_convolution1d_matches_pytorch(fname):
    f = load(fname)
    W = f["W"]
    layer = convolution1dLayer(int(f["size"]), W.shape[2], Stride=int(f["stride"]),
                               DilationFactor=int(f["dilation"]),
                               Padding=padding_value(f["padding"]),
                               PaddingValue=float(f["pad_value"]), Weights=W, Bias=f["b"])
    setup(layer, W.shape[1], W.dtype)
    run_both_directions(layer, f, {"Weights": "dW", "Bias": "db"})


@pytest.mark.parametrize("fname", files("pool1d"))
def test_pooling1d_matches_pytorch(fname):
    f = load(fname)
    make = maxPooling1dLayer if str(f["mode"]) == "max" else averagePooling1dLayer
    layer = make(int(f["size"]), Stride=int(f["stride"]), Padding=padding_value(f["padding"]))
    setup(layer, f["X"].shape[2], f["X"].dtype)
    run_both_directions(layer, f, {})


@pytest.mark.parametrize("fname", files("globalpool"))
def test_global_pooling_matches_pytorch(fname):
    f = load(fname)
    make = globalMaxPooling1dLayer if str(f["mode"]) == "max" else globalAveragePooling1dLayer
    layer = setup(make(), f["X"].shape[2], f["X"].dtype)
    run_both_directions(layer, f, {})


@pytest.mark.parametrize("fname", files("batchnorm"))
def test_batch_normalization_matches_pytorch(fname):
    f = load(fname)
    layer = batchNormalizationLayer(Scale=f["Scale"], Offset=f["Offset"])
    setup(layer, f["X"].shape[2], f["X"].dtype)
    run_both_directions(layer, f, {"Scale": "dScale", "Offset": "dOffset"})
    # moving statistics: two training passes from zeros/ones with decay 0.1
    m, v = f["batch_mean"].astype(np.float64), f["batch_var"].astype(np.float64)
    np.testing.assert_allclose(layer.TrainedMean.reshape(-1), 0.19 * m, rtol=1e-4)
    np.testing.assert_allclose(layer.TrainedVariance.reshape(-1), 0.81 + 0.19 * v, rtol=1e-4)


@pytest.mark.parametrize("fname", files("layernorm"))
def test_layer_normalization_matches_pytorch(fname):
    f = load(fname)
    layer = layerNormalizationLayer(Scale=f["Scale"], Offset=f["Offset"])
    setup(layer, f["X"].shape[2], f["X"].dtype)
    mask = right_mask(f["X"].shape[0], f["lengths"])
    y, _, cache = layer._forward(f["X"], mask, True)
    close(np.where(mask[:, :, None], y, 0), f["Y"], "Y")
    dx, g, _ = layer._backward(f["G"], cache)
    close(np.where(mask[:, :, None], dx, 0), f["dX"], "dX")
    close(g["Scale"], f["dScale"], "dScale")
    close(g["Offset"], f["dOffset"], "dOffset")


@pytest.mark.parametrize("fname", files("attention"))
def test_self_attention_matches_pytorch(fname):
    f = load(fname)
    K, C = f["Wq"].shape
    layer = selfAttentionLayer(int(f["heads"]), K, NumValueChannels=f["Wv"].shape[0],
                               OutputSize=f["Wo"].shape[0],
                               AttentionMask="causal" if bool(f["causal"]) else "none",
                               QueryWeights=f["Wq"], KeyWeights=f["Wk"], ValueWeights=f["Wv"],
                               OutputWeights=f["Wo"], QueryBias=f["bq"], KeyBias=f["bk"],
                               ValueBias=f["bv"], OutputBias=f["bo"])
    setup(layer, C, f["X"].dtype)
    mask = right_mask(f["X"].shape[0], f["lengths"])
    names = {"QueryWeights": "dWq", "KeyWeights": "dWk", "ValueWeights": "dWv",
             "OutputWeights": "dWo", "QueryBias": "dbq", "KeyBias": "dbk", "ValueBias": "dbv",
             "OutputBias": "dbo"}
    for direction in ("right", "left"):
        x, g, m = f["X"], f["G"], mask
        if direction == "left":
            L = f["lengths"]
            x, g, m = to_left(x, L, L, np.random.default_rng(3)), to_left(g, L, L), mask[::-1]
        y, _, cache = layer._forward(x, m, True)
        y_exp = f["Y"] if direction == "right" else to_left(f["Y"], f["lengths"], f["lengths"])
        close(np.where(m[:, :, None], y, 0), y_exp, f"Y ({direction})")
        dx, grads, _ = layer._backward(g, cache)
        dx_exp = f["dX"] if direction == "right" else to_left(f["dX"], f["lengths"],
                                                              f["lengths"])
        close(np.where(m[:, :, None], dx, 0), dx_exp, f"dX ({direction})")
        for ours, theirs in names.items():
            close(grads[ours], f[theirs], ours)


@pytest.mark.parametrize("fname", files("activations"))
def test_activations_match_pytorch(fname):
    f = load(fname)
    x = f["x"]
    for layer, key in ((eluLayer(0.7), "elu"), (geluLayer(), "gelu"),
                       (geluLayer(Approximation="tanh"), "gelu_tanh"), (swishLayer(), "swish"),
                       (clippedReluLayer(6), "clipped"), (softplusLayer(), "softplus")):
        y, _, _ = layer._forward(x, None, True)
        assert y.dtype == x.dtype
        close(y, f[key], key)


def test_seqlayers_fixtures_present():
    for kind in ("conv1d", "pool1d", "globalpool", "batchnorm", "layernorm", "attention",
                 "activations"):
        assert files(kind), kind


def image_layer(f):
    from matlabnn.layers.image import (averagePooling2dLayer, convolution2dLayer,
                                       maxPooling2dLayer)
    op = str(f["op"])
    pad = padding_value(f["padding"])
    size, stride = f["size"].tolist(), f["stride"].tolist()
    if op == "conv":
        return convolution2dLayer(size, f["W"].shape[3], Stride=stride,
                                  DilationFactor=f["dilation"].tolist(), Padding=pad,
                                  PaddingValue=float(f["pad_value"]), Weights=f["W"],
                                  Bias=f["b"])
    make = maxPooling2dLayer if op == "max" else averagePooling2dLayer
    return make(size, Stride=stride, Padding=pad)


@pytest.mark.parametrize("fname", files("image"))
def test_image_layers_match_pytorch(fname):
    f = load(fname)
    X = f["X"]
    layer = image_layer(f)
    out_size, _ = layer._setup(tuple(X.shape[1:]), False)
    assert out_size == tuple(f["Y"].shape[1:])
    layer._initialize(np.random.default_rng(0), X.dtype)
    layer._cast(X.dtype)
    # as images (N, H, W, C), and as an image sequence (S, N, H, W, C) with S*N = B
    for shape in (X.shape, (2, X.shape[0] // 2) + X.shape[1:] if X.shape[0] % 2 == 0
                  else (1,) + X.shape):
        y, _, cache = layer._forward(X.reshape(shape), None, True)
        close(y.reshape(f["Y"].shape), f["Y"], "Y")
        dx, grads, _ = layer._backward(f["G"].reshape(y.shape), cache)
        close(dx.reshape(X.shape), f["dX"], "dX")
        if "W" in f:
            close(grads["Weights"], f["dW"], "dW")
            close(grads["Bias"], f["db"], "db")
