"""Image layers (convolution2dLayer, 2-D pooling, flattenLayer): finite-difference
gradients (float64) on images and image sequences, MATLAB's column-major flatten order,
'same' padding split, sizes, displays and errors.
"""
import numpy as np
import pytest
from gradcheck import assert_close, numgrad

from matlabnn.errors import InvalidNetworkError, MatlabnnValueError
from matlabnn.layers.image import (averagePooling2dLayer, convolution2dLayer, flattenLayer,
                                   globalAveragePooling2dLayer, globalMaxPooling2dLayer,
                                   maxPooling2dLayer)
from matlabnn.network import LayerArray


def built(layer, size, is_sequence=True):
    out, _ = layer._setup(size, is_sequence)
    layer._initialize(np.random.default_rng(0), np.float64)
    layer._cast(np.float64)
    if "Bias" in layer._learnables:
        object.__setattr__(layer, "Bias", 0.2 + layer.Bias)
    return layer, out


def check(layer, x):
    y, _, cache = layer._forward(x, None, True)
    G = np.random.default_rng(7).standard_normal(y.shape)

    def loss():
        return float(np.sum(layer._forward(x, None, True)[0] * G))

    dx, grads, _ = layer._backward(G.copy(), cache)
    assert_close(dx, numgrad(loss, x), "dx")
    for name in layer._learnables:
        assert_close(grads[name], numgrad(loss, getattr(layer, name)), name)
    return y


@pytest.mark.parametrize("make", [
    lambda: convolution2dLayer([3, 1], 2),
    lambda: convolution2dLayer(2, 3, Padding="same", Stride=2, DilationFactor=[1, 2]),
    lambda: convolution2dLayer([2, 3], 2, Padding=[1, 0, 2, 1], PaddingValue=-0.5),
    lambda: maxPooling2dLayer([2, 1], Stride=[2, 1]),
    lambda: maxPooling2dLayer(2, Padding="same", Stride=2),
    lambda: averagePooling2dLayer(2, Padding=1),
    flattenLayer, globalAveragePooling2dLayer, globalMaxPooling2dLayer,
])
def test_image_layer_gradients_on_image_sequences(make):
    layer, out = built(make(), (5, 4, 2))
    x = np.random.default_rng(1).standard_normal((3, 2, 5, 4, 2))   # (S, N, H, W, C)
    y = check(layer, x)
    assert y.shape[2:] == (out if isinstance(out, tuple) else (out,))
    assert y.shape[:2] == (3, 2)


def test_flatten_is_matlab_column_major():
    # A(h, w, c) = 100*h + 10*w + c (1-based), H=2, W=3, C=2: MATLAB's A(:) runs h fastest
    H, W, C = 2, 3, 2
    A = np.array([[[100 * h + 10 * w + c for c in range(1, C + 1)] for w in range(1, W + 1)]
                  for h in range(1, H + 1)], float)
    matlab_order = [100 * h + 10 * w + c for c in range(1, C + 1) for w in range(1, W + 1)
                    for h in range(1, H + 1)]
    layer, out = built(flattenLayer(), (H, W, C))
    assert out == H * W * C
    y, _, _ = layer._forward(A[None], None, False)
    np.testing.assert_array_equal(y[0], matlab_order)
    np.testing.assert_array_equal(A.reshape(-1, order="F").reshape(-1), matlab_order)


def test_flatten_of_vector_data_is_the_identity():
    layer, out = built(flattenLayer(), 7)
    assert out == 7
    x = np.ones((2, 3, 7))
    assert layer._forward(x, None, False)[0] is x


@pytest.mark.parametrize("size, stride, expected", [((3, 3), (1, 1), (1, 1, 1, 1)),
                                                    ((2, 4), (1, 1), (0, 1, 1, 2)),
                                                    ((3, 2), (2, 2), (0, 1, 0, 0)),
                                                    ((3, 3), (4, 4), (0, 1, 0, 1))])
def test_same_padding_split(size, stride, expected):
    from matlabnn.ops.spatial import same_padding_2d
    assert same_padding_2d((6, 6), size, stride) == expected


def test_sizes_displays_and_errors():
    layer, out = built(convolution2dLayer([3, 1], 16), (12, 1, 1))
    assert out == (10, 1, 16) and layer.Weights.shape == (3, 1, 1, 16)
    assert layer.Bias.shape == (1, 1, 16)
    assert built(maxPooling2dLayer([2, 1], Stride=[2, 1]), (10, 1, 16))[1] == (5, 1, 16)
    assert built(convolution2dLayer(3, 4, Padding="same", Stride=2), (7, 5, 3))[1] == (4, 3, 4)
    rows = repr(LayerArray([convolution2dLayer([3, 1], 16, Name="conv"),
                            maxPooling2dLayer(2, Stride=2, Padding="same"),
                            averagePooling2dLayer([2, 1]), flattenLayer()]))
    assert "16 3\u00d71 convolutions with stride [1 1] and padding [0 0 0 0]" in rows
    assert "2\u00d72 max pooling with stride [2 2] and padding 'same'" in rows
    assert "2\u00d71 average pooling with stride [1 1] and padding [0 0 0 0]" in rows
    assert "Flatten" in rows
    with pytest.raises(InvalidNetworkError, match="expects image data"):
        convolution2dLayer(3, 2)._setup(5, True)
    with pytest.raises(InvalidNetworkError, match="smaller than the filter"):
        convolution2dLayer([5, 1], 2)._setup((3, 1, 1), True)
    with pytest.raises(InvalidNetworkError, match="NumChannels is 2"):
        convolution2dLayer(1, 2, NumChannels=2)._setup((3, 1, 1), True)
    with pytest.raises(MatlabnnValueError, match="filter size"):
        convolution2dLayer([0, 1], 2)
    with pytest.raises(MatlabnnValueError, match=r"\[t b l r\]"):
        convolution2dLayer(3, 2, Padding=[1, 2, 3])
    with pytest.raises(MatlabnnValueError, match="Weights.*3x1x1x4"):
        built(convolution2dLayer([3, 1], 4, Weights=np.ones((3, 1, 2, 4))), (5, 1, 1))


def test_size_vectors_display_and_save_as_matlab_rows(tmp_path):
    import scipy.io
    from matlabnn import load, save
    layers = [convolution2dLayer([3, 1], 4, Padding=[1, 0], Stride=[2, 1]),
              maxPooling2dLayer([2, 1])]
    text = repr(layers[0])
    assert "FilterSize: [3 1]" in text and "Stride: [2 1]" in text
    assert "PaddingSize: [1 1 0 0]" in text
    path = str(tmp_path / "layers.mat")
    save(path, "layers")
    raw = scipy.io.loadmat(path)["layers"]["Layers"][0, 0][0, 0]["FilterSize"][0, 0]
    np.testing.assert_array_equal(raw, [[3, 1]])
    back = load(path)["layers"]
    assert [repr(l) for l in back] == [repr(l) for l in layers]


def test_one_dimensional_layers_refuse_image_data():
    from matlabnn.layers.convolution import convolution1dLayer
    from matlabnn.layers.pooling import globalAveragePooling1dLayer, maxPooling1dLayer
    for layer in (convolution1dLayer(2, 2), maxPooling1dLayer(2), globalAveragePooling1dLayer()):
        with pytest.raises(InvalidNetworkError, match="expects vector sequences.*flattenLayer"):
            layer._setup((4, 1, 1), True)


def test_global_pooling_2d_values_and_rows():
    x = np.random.default_rng(4).standard_normal((3, 5, 4, 2))
    for make, expected in ((globalAveragePooling2dLayer, x.mean(axis=(1, 2))),
                           (globalMaxPooling2dLayer, x.max(axis=(1, 2)))):
        layer, out = built(make(), (5, 4, 2), False)
        assert out == (1, 1, 2)
        y, _, _ = layer._forward(x, None, False)
        np.testing.assert_allclose(y.reshape(3, 2), expected)
    rows = repr(LayerArray([globalAveragePooling2dLayer(), globalMaxPooling2dLayer()]))
    assert "2-D Global Average Pooling   2-D global average pooling" in rows
    assert "2-D Global Max Pooling       2-D global max pooling" in rows
