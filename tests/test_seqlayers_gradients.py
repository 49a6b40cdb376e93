"""Finite-difference checks (float64) of the layers beyond the recurrent ones, through the
layer engine interface, on variable-length mini-batches (right and left padding), and
the masked-padding semantics: a padded batch gives every observation the output of its
own unpadded sequence.
"""
import numpy as np
import pytest
from gradcheck import assert_close, make_mask, numgrad

from matlabnn.layers.activation import (clippedReluLayer, eluLayer, geluLayer, softplusLayer,
                                        swishLayer)
from matlabnn.layers.attention import selfAttentionLayer
from matlabnn.layers.convolution import convolution1dLayer
from matlabnn.layers.normalization import batchNormalizationLayer, layerNormalizationLayer
from matlabnn.layers.pooling import (averagePooling1dLayer, globalAveragePooling1dLayer,
                                     globalMaxPooling1dLayer, maxPooling1dLayer)
from matlabnn.layers.positional import (indexing1dLayer, positionEmbeddingLayer,
                                        sinusoidalPositionEncodingLayer)

F64 = np.float64
LENGTHS = [7, 4, 2]


def built(layer, C, seed=0):
    r = np.random.default_rng(seed)
    layer._setup(C, True)
    layer._initialize(r, F64)
    layer._cast(F64)
    for name in layer._learnables:      # nonzero biases/offsets so every path is exercised
        v = getattr(layer, name)
        object.__setattr__(layer, name, v + 0.3 * r.standard_normal(v.shape))
    return layer


def output_mask(layer, mask, y):
    if y.ndim == 2 or mask is None:
        return None
    if hasattr(layer, "_output_mask"):
        return layer._output_mask(mask)
    return mask


def check(layer, x, mask=None, rng_seed=None):
    """FD check of dx and every learnable with a loss that ignores padded outputs."""
    def run():
        rng = None if rng_seed is None else np.random.default_rng(rng_seed)
        return layer._forward(x, mask, True, None, rng)

    y, _, cache = run()
    G = np.random.default_rng(9).standard_normal(y.shape)
    om = output_mask(layer, mask, y)
    if om is not None:
        G = G * om[:, :, None]

    def loss():
        return float(np.sum(run()[0] * G))

    dx, grads, _ = layer._backward(G.copy(), cache)
    assert_close(dx, numgrad(loss, x), "dx")
    for name in layer._learnables:
        assert grads[name].shape == getattr(layer, name).shape, name
        assert_close(grads[name], numgrad(loss, getattr(layer, name)), name)
    return y


def data(S=7, N=3, C=2, seed=1):
    return np.random.default_rng(seed).standard_normal((S, N, C))


PADDINGS = [None, "right", "left"]


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("options", [
    dict(Padding="causal", DilationFactor=2),
    dict(Padding="same"),
    dict(Padding=[2, 1], PaddingValue=0.7),
    dict(Padding="same", Stride=2),
    dict(Stride=2, Padding=1),
    dict(),
])
def test_convolution1d_gradients(padding, options):
    size = 3 if options.get("Padding") not in (None, 1) else 2   # 'valid' fits length 2
    layer = built(convolution1dLayer(size, 3, **options), 2)
    check(layer, data(), None if padding is None else make_mask(padding, 7, LENGTHS))


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("make", [
    lambda: maxPooling1dLayer(3, Padding="same"),
    lambda: maxPooling1dLayer(2, Stride=2),
    lambda: averagePooling1dLayer(3, Padding="causal"),
    lambda: averagePooling1dLayer(2, Stride=2, Padding="same"),
])
def test_pooling1d_gradients(padding, make):
    check(built(make(), 2), data(), None if padding is None else make_mask(padding, 7, LENGTHS))


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("make", [globalAveragePooling1dLayer, globalMaxPooling1dLayer,
                                  lambda: indexing1dLayer("first"),
                                  lambda: indexing1dLayer("last")])
def test_time_reducing_layer_gradients(padding, make):
    y = check(built(make(), 2), data(), None if padding is None else
              make_mask(padding, 7, LENGTHS))
    assert y.shape == (3, 2)


@pytest.mark.parametrize("padding", PADDINGS)
def test_normalization_gradients(padding):
    mask = None if padding is None else make_mask(padding, 7, LENGTHS)
    check(built(batchNormalizationLayer(), 2), data(), mask)
    check(built(layerNormalizationLayer(), 3), data(C=3), mask)


def test_batch_normalization_gradients_without_time():
    check(built(batchNormalizationLayer(), 3), np.random.default_rng(2).standard_normal((5, 3)),
          None)


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("options", [dict(), dict(AttentionMask="causal"),
                                     dict(NumValueChannels=6, OutputSize=5,
                                          AttentionMask="causal"),
                                     dict(DropoutProbability=0.3)])
def test_self_attention_gradients(padding, options):
    layer = built(selfAttentionLayer(2, 4, **options), 3)
    x = data(S=5, C=3)
    mask = None if padding is None else make_mask(padding, 5, [5, 3, 1])
    check(layer, x, mask, rng_seed=4 if options.get("DropoutProbability") else None)


@pytest.mark.parametrize("padding", PADDINGS)
def test_position_layers_gradients(padding):
    mask = None if padding is None else make_mask(padding, 7, LENGTHS)
    check(built(positionEmbeddingLayer(3, 10), 2), data(), mask)
    y = check(built(sinusoidalPositionEncodingLayer(4), 2), data(), mask)
    assert y.shape == (7, 3, 4)


@pytest.mark.parametrize("make", [lambda: eluLayer(0.7), geluLayer,
                                  lambda: geluLayer(Approximation="tanh"), swishLayer,
                                  lambda: clippedReluLayer(1.5), softplusLayer])
def test_activation_gradients(make):
    check(built(make(), 2), 1.5 * data())


# ---------------------------------------------------------------------------
# Masked padding: every observation gets the output of its unpadded sequence.

@pytest.mark.parametrize("direction", ["right", "left"])
@pytest.mark.parametrize("make", [
    lambda: convolution1dLayer(3, 2, Padding="same", Stride=2),
    lambda: convolution1dLayer(2, 2, Padding="causal", DilationFactor=3, PaddingValue=-1),
    lambda: maxPooling1dLayer(2, Stride=2),
    globalMaxPooling1dLayer, globalAveragePooling1dLayer,
    lambda: indexing1dLayer("last"), lambda: indexing1dLayer("first"),
    lambda: selfAttentionLayer(2, 4, AttentionMask="causal"),
    lambda: selfAttentionLayer(1, 4), layerNormalizationLayer,
    lambda: positionEmbeddingLayer(3, 7), lambda: sinusoidalPositionEncodingLayer(2),
])
def test_padded_batch_equals_each_unpadded_sequence(direction, make):
    layer = built(make(), 2)
    x = data()
    mask = make_mask(direction, 7, LENGTHS)
    y, _, _ = layer._forward(x, mask, False)
    om = output_mask(layer, mask, y)
    for n, L in enumerate(LENGTHS):
        steps = np.flatnonzero(mask[:, n])
        alone, _, _ = layer._forward(x[steps, n:n + 1], None, False)
        if y.ndim == 2:
            np.testing.assert_allclose(y[n], alone[0], rtol=1e-12, atol=1e-12)
        else:
            np.testing.assert_allclose(y[om[:, n], n], alone[:, 0], rtol=1e-12, atol=1e-12)


def test_batch_normalization_statistics_ignore_padded_steps():
    layer = built(batchNormalizationLayer(), 2)
    x = data()
    mask = make_mask("right", 7, LENGTHS)
    y, _, _ = layer._forward(x, mask, True)
    real = y[mask]                                 # (M, C): normalized over real steps only
    offset, scale = layer.Offset.reshape(-1), layer.Scale.reshape(-1)
    np.testing.assert_allclose(((real - offset) / scale).mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(((real - offset) / scale).var(0), 1, rtol=1e-4)
    x2 = x.copy()
    x2[~mask] = 1e6                                # garbage in padded steps changes nothing
    y2, _, _ = layer._forward(x2, mask, True)
    np.testing.assert_allclose(y2[mask], y[mask], rtol=1e-12)


def test_spatial_dropout_drops_whole_channels():
    from matlabnn.layers.spatial_dropout import spatialDropoutLayer
    layer = built(spatialDropoutLayer(Probability=0.5), 4)
    x = np.ones((6, 3, 4))
    y, _, cache = layer._forward(x, None, True, None, np.random.default_rng(0))
    assert set(np.unique(y)) <= {0.0, 2.0}
    assert np.all(y == y[:1])                      # the same channels at every step
    assert 0 < np.count_nonzero(y[0]) < 12
    np.testing.assert_array_equal(layer._backward(np.ones_like(y), cache)[0], y)
    assert layer._forward(x, None, False)[0] is x  # identity at prediction
    check(layer, data(C=4), make_mask("right", 7, LENGTHS), rng_seed=3)
    assert "50% spatial dropout" in repr(matlabnn_layer_array(layer))


def matlabnn_layer_array(*layers):
    from matlabnn.network import LayerArray
    return LayerArray(list(layers))
