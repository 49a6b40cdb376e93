"""2-D convolution and pooling kernels on channels-last images.

``x`` is (B, H, W, C) (a batch of images; image sequences are passed with
B = S*N).  Convolution weights are MATLAB's FilterSize(1)-by-FilterSize(2)-by-
NumChannels-by-NumFilters ``(FH, FW, C, O)``; the bias is ``(O,)``.  ``pad`` is
(top, bottom, left, right).  A window at output (i, j) reads the padded input
at rows i*sh + kh*dh and columns j*sw + kw*dw (a cross-correlation).
"""
import numpy as np

__all__ = ["same_padding_2d", "output_size_2d", "conv2d_forward", "conv2d_backward",
           "pool2d_forward", "pool2d_backward", "flatten_column_major",
           "unflatten_column_major"]


def _same(length, size, stride, dilation):
    eff = (size - 1) * dilation + 1
    out = -(-length // stride)
    total = max((out - 1) * stride + eff - length, 0)
    return total // 2, total - total // 2


def same_padding_2d(hw, size, stride, dilation=(1, 1)):
    """(top, bottom, left, right) of 'same' padding; the odd element goes bottom/right."""
    t, b = _same(hw[0], size[0], stride[0], dilation[0])
    l, r = _same(hw[1], size[1], stride[1], dilation[1])
    return t, b, l, r


def output_size_2d(hw, size, pad, stride, dilation=(1, 1)):
    h = (hw[0] + pad[0] + pad[1] - ((size[0] - 1) * dilation[0] + 1)) // stride[0] + 1
    w = (hw[1] + pad[2] + pad[3] - ((size[1] - 1) * dilation[1] + 1)) // stride[1] + 1
    return h, w


def _windows(x, size, pad, stride, dilation, fill):
    B, H, W, C = x.shape
    ho, wo = output_size_2d((H, W), size, pad, stride, dilation)
    if pad != (0, 0, 0, 0):
        xp = np.full((B, H + pad[0] + pad[1], W + pad[2] + pad[3], C), fill, dtype=x.dtype)
        xp[:, pad[0]:pad[0] + H, pad[2]:pad[2] + W] = x
    else:
        xp = x
    rows = np.arange(ho)[:, None] * stride[0] + np.arange(size[0])[None, :] * dilation[0]
    cols = np.arange(wo)[:, None] * stride[1] + np.arange(size[1])[None, :] * dilation[1]
    win = xp[:, rows[:, None, :, None], cols[None, :, None, :]]   # (B, ho, wo, FH, FW, C)
    return win, (xp.shape, x.shape, pad, stride, dilation, size)


def _scatter(dwin, geometry):
    padded, shape, pad, stride, dilation, size = geometry
    dxp = np.zeros(padded, dtype=dwin.dtype)
    ho, wo = dwin.shape[1:3]
    for kh in range(size[0]):
        r0 = kh * dilation[0]
        for kw in range(size[1]):
            c0 = kw * dilation[1]
            dxp[:, r0:r0 + (ho - 1) * stride[0] + 1:stride[0],
                c0:c0 + (wo - 1) * stride[1] + 1:stride[1]] += dwin[:, :, :, kh, kw]
    return dxp[:, pad[0]:pad[0] + shape[1], pad[2]:pad[2] + shape[2]]


def conv2d_forward(x, W, b, pad, stride=(1, 1), dilation=(1, 1), pad_value=0.0):
    """y (B, ho, wo, O) = sum over the window and channels of x_pad * W, plus b."""
    FH, FW, C, O = W.shape
    win, geometry = _windows(x, (FH, FW), pad, stride, dilation, pad_value)
    B, ho, wo = win.shape[:3]
    cols = win.reshape(B * ho * wo, FH * FW * C)
    y = cols @ W.reshape(FH * FW * C, O)
    if b is not None:
        y += b
    return y.reshape(B, ho, wo, O), (cols, W, geometry, (B, ho, wo))


def conv2d_backward(dy, cache):
    """Gradients of conv2d_forward: dx, dW (FH, FW, C, O), db (O,)."""
    cols, W, geometry, (B, ho, wo) = cache
    FH, FW, C, O = W.shape
    dy2 = dy.reshape(-1, O)
    dW = (cols.T @ dy2).reshape(W.shape)
    db = dy2.sum(axis=0)
    dwin = (dy2 @ W.reshape(-1, O).T).reshape(B, ho, wo, FH, FW, C)
    return _scatter(dwin, geometry), dW, db


def pool2d_forward(x, mode, size, pad, stride, pad_value=0.0):
    """Max (padding never wins) or average (padding counts, as ``pad_value``) pooling."""
    fill = -np.inf if mode == "max" else pad_value
    win, geometry = _windows(x, size, pad, stride, (1, 1), fill)
    B, ho, wo, FH, FW, C = win.shape
    flat = win.reshape(B, ho, wo, FH * FW, C)
    if mode == "max":
        arg = flat.argmax(axis=3)
        y = np.take_along_axis(flat, arg[:, :, :, None], axis=3)[:, :, :, 0]
        return y, (mode, arg, geometry)
    return flat.mean(axis=3), (mode, None, geometry)


def pool2d_backward(dy, cache):
    mode, arg, geometry = cache
    size = geometry[-1]
    k = size[0] * size[1]
    B, ho, wo, C = dy.shape
    if mode == "max":
        dflat = (np.arange(k)[None, None, None, :, None] == arg[:, :, :, None]) \
            * dy[:, :, :, None]
    else:
        dflat = np.broadcast_to(dy[:, :, :, None] / k, (B, ho, wo, k, C))
    return _scatter(dflat.reshape(B, ho, wo, size[0], size[1], C).astype(dy.dtype), geometry)


def flatten_column_major(x):
    """(..., H, W, C) -> (..., H*W*C) in MATLAB's order: h fastest, then w, then c."""
    lead = x.shape[:-3]
    return np.ascontiguousarray(np.swapaxes(x, -1, -3)).reshape(lead + (-1,)) \
        if x.shape[-3] * x.shape[-2] > 1 else x.reshape(lead + (-1,))


def unflatten_column_major(y, hwc):
    """Inverse of flatten_column_major."""
    H, W, C = hwc
    lead = y.shape[:-1]
    return np.swapaxes(y.reshape(lead + (C, W, H)), -1, -3)
