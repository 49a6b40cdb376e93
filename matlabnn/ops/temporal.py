"""Kernels that slide a window along the time axis: 1-D convolution and 1-D pooling.

Layout is time-major: ``x`` is (S, N, C).  Convolution weights are MATLAB's
FilterSize-by-NumChannels-by-NumFilters ``(F, C, O)``; the bias is ``(O,)``.
A window position ``j`` reads the padded input at ``j*stride + k*dilation``,
``k = 0..F-1`` (a cross-correlation, as MATLAB and PyTorch compute it).

The kernels see one mini-batch whose observations all have the same real
length; ``masked_segments`` splits a variable-length batch into such groups
when the padding or the stride depends on the length.
"""
import numpy as np

__all__ = ["same_padding", "output_length", "window_index", "conv1d_forward",
           "conv1d_backward", "pool1d_forward", "pool1d_backward", "masked_segments",
           "segment_mask"]


def same_padding(length, size, stride, dilation=1):
    """(left, right) of 'same' padding: output length ceil(length/stride), extra on the right."""
    eff = (size - 1) * dilation + 1
    out = -(-length // stride)
    total = max((out - 1) * stride + eff - length, 0)
    return total // 2, total - total // 2


def output_length(length, pad, size, stride, dilation=1):
    eff = (size - 1) * dilation + 1
    return (length + pad[0] + pad[1] - eff) // stride + 1


def window_index(length, pad, size, stride, dilation=1):
    """(S_out, F) indices into the padded axis of every window element."""
    s_out = output_length(length, pad, size, stride, dilation)
    return (np.arange(s_out)[:, None] * stride + np.arange(size)[None, :] * dilation)


def _pad_time(x, pad, value):
    if pad == (0, 0):
        return x
    xp = np.full((x.shape[0] + pad[0] + pad[1],) + x.shape[1:], value, dtype=x.dtype)
    xp[pad[0]:pad[0] + x.shape[0]] = x
    return xp


def _scatter_windows(dwin, idx, padded_len, pad, shape, dtype):
    """Sum window gradients (S_out, F, ...) back onto the unpadded time axis."""
    dxp = np.zeros((padded_len,) + dwin.shape[2:], dtype=dtype)
    for k in range(idx.shape[1]):   # F is small; for one k the rows are distinct (stride >= 1)
        _strided_add(dxp, idx[:, k], dwin[:, k])
    return dxp[pad[0]:pad[0] + shape[0]]


def _strided_add(dst, rows, values):
    if rows.size == 0:
        return
    step = int(rows[1] - rows[0]) if rows.size > 1 else 1
    dst[rows[0]:rows[-1] + 1:step] += values


def conv1d_forward(x, W, b, pad, stride=1, dilation=1, pad_value=0.0):
    """y (S_out, N, O) = sum_k sum_c x_pad[j*stride + k*dilation, n, c] W[k, c, o] + b[o]."""
    S, N, C = x.shape
    F, _, O = W.shape
    idx = window_index(S, pad, F, stride, dilation)
    if idx.shape[0] < 1:
        raise ValueError("conv1d_forward: the padded input is shorter than the filter")
    xp = _pad_time(x, pad, pad_value)
    cols = xp[idx]                                       # (S_out, F, N, C)
    cols = cols.transpose(0, 2, 1, 3).reshape(idx.shape[0] * N, F * C)
    y = cols @ W.reshape(F * C, O)
    if b is not None:
        y += b
    return y.reshape(idx.shape[0], N, O), (cols, W, idx, xp.shape[0], pad, x.shape)


def conv1d_backward(dy, cache):
    """Gradients of conv1d_forward: dx (like x), dW (F, C, O), db (O,)."""
    cols, W, idx, padded_len, pad, shape = cache
    F, C, O = W.shape
    s_out, N = dy.shape[:2]
    dy2 = dy.reshape(s_out * N, O)
    dW = (cols.T @ dy2).reshape(F, C, O)
    db = dy2.sum(axis=0)
    dcols = (dy2 @ W.reshape(F * C, O).T).reshape(s_out, N, F, C).transpose(0, 2, 1, 3)
    dx = _scatter_windows(dcols, idx, padded_len, pad, shape, dy.dtype)
    return dx, dW, db


def pool1d_forward(x, mode, size, pad, stride=1, pad_value=0.0):
    """Max or average over windows of ``size`` steps: (S, N, C) -> (S_out, N, C).

    Max pooling never picks padding (it pads with -Inf); average pooling
    includes padded elements (with ``pad_value``) in the average, as MATLAB does.
    """
    S = x.shape[0]
    idx = window_index(S, pad, size, stride)
    if idx.shape[0] < 1:
        raise ValueError("pool1d_forward: the padded input is shorter than the pool")
    fill = -np.inf if mode == "max" else pad_value
    xp = _pad_time(x, pad, fill)
    win = xp[idx]                                        # (S_out, P, N, C)
    if mode == "max":
        arg = win.argmax(axis=1)
        y = np.take_along_axis(win, arg[:, None], axis=1)[:, 0]
        return y, (mode, arg, idx, xp.shape[0], pad, x.shape)
    return win.mean(axis=1), (mode, None, idx, xp.shape[0], pad, x.shape)


def pool1d_backward(dy, cache):
    mode, arg, idx, padded_len, pad, shape = cache
    size = idx.shape[1]
    if mode == "max":
        dwin = (np.arange(size)[None, :, None, None] == arg[:, None]) * dy[:, None]
    else:
        dwin = np.broadcast_to(dy[:, None] / size, (dy.shape[0], size) + dy.shape[1:])
    return _scatter_windows(dwin.astype(dy.dtype, copy=False), idx, padded_len, pad, shape,
                            dy.dtype)


def masked_segments(mask):
    """Split a (S, N) mask of contiguous real steps into [(start, length, columns)].

    Observations with the same first real step and length form one group.
    Raises ValueError if an observation's real steps are not contiguous.
    """
    lengths = mask.sum(axis=0)
    starts = mask.argmax(axis=0)
    ends = starts + lengths
    pos = np.arange(mask.shape[0])[:, None]
    if not np.array_equal(mask, (pos >= starts) & (pos < ends)):
        raise ValueError("masked_segments: the real steps of an observation must be contiguous")
    groups = {}
    for n, key in enumerate(zip(starts.tolist(), lengths.tolist())):
        groups.setdefault(key, []).append(n)
    return [(s, L, np.array(cols)) for (s, L), cols in groups.items()]


def segment_mask(S, segments, left_aligned):
    """Output mask (S, N): each group's first (or, right-aligned, last) ``length`` steps."""
    n = sum(len(cols) for _, _, cols in segments)
    out = np.zeros((S, n), dtype=bool)
    for _, L, cols in segments:
        if left_aligned:
            out[:L, cols] = True
        else:
            out[S - L:, cols] = True
    return out
