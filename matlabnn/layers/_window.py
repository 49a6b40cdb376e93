"""Shared machinery of the layers that slide a window along time (1-D convolution, pooling).

Masked padding: a padded mini-batch gives each observation exactly the output
that its unpadded sequence would give (the layer's own Padding included).
With stride 1 the padding is the same for every length, so padded steps are
overwritten with the layer's padding value and the whole batch runs at once;
otherwise observations are grouped by length and run group by group.
"""
import math
import numbers

import numpy as np

from .._namevalue import _brief, numeric_array
from ..errors import InvalidNetworkError, MatlabnnValueError
from ..ops import temporal
from . import _pinned


class Row(tuple):
    """A small integer vector property (e.g. [left right]); displays as MATLAB's [a b]."""

    def _matlab_brief(self):
        return "[" + " ".join(str(v) for v in self) + "]"


def padding_option(modes):
    """Padding: a nonnegative integer, [left right], or one of ``modes`` ('same', 'causal')."""
    def check(value, ctx):
        if isinstance(value, str):
            for m in modes:
                if m == value.lower():
                    return m
            ctx.fail(f"Expected a nonnegative integer, a 1-by-2 vector [left right], or one of "
                     f"{', '.join(repr(m) for m in modes)}; got {value!r}.")
        a = numeric_array(value)
        if a is None or a.dtype.kind not in "iuf" or a.size not in (1, 2) \
                or not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a != np.round(a)):
            ctx.fail(f"Expected a nonnegative integer, a 1-by-2 vector [left right], or one of "
                     f"{', '.join(repr(m) for m in modes)}; got {_brief(value)}.")
        a = a.reshape(-1).astype(int)
        return Row((int(a[0]), int(a[-1])))
    return check


def positive_int(value, ctx):
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value >= 1 \
            and math.isfinite(value) and float(value) == int(value):
        return int(value)
    if isinstance(value, np.ndarray) and value.size == 1:
        return positive_int(value.reshape(-1)[0].item(), ctx)
    ctx.fail(f"Expected a positive integer; got {_brief(value)}.")


def same_split(pad):
    """'same' padding as pinned: the odd step on the right/bottom (ops' order) or not."""
    if _pinned.SAME_PADDING_EXTRA_ON_RIGHT:
        return pad
    if len(pad) == 2:
        return (pad[1], pad[0])
    return (pad[1], pad[0], pad[3], pad[2])


def padding_text(layer):
    """MATLAB's padding in a layer-array row: [l r], 'same' or 'causal'."""
    p = layer.Padding
    return f"'{p}'" if isinstance(p, str) else f"[{p[0]} {p[1]}]"


class WindowLayerMixin:
    """Masked sliding-window forward/backward around a kernel pair.

    Subclasses define ``_window()`` -> (size, stride, dilation), ``_fill()`` (the
    value that stands for padding) and ``_kernel(x, pad)`` -> (y, cache) /
    ``_kernel_backward(dy, cache)`` -> (dx, grads).
    """

    @property
    def PaddingMode(self):
        return self.Padding if isinstance(self.Padding, str) else "manual"

    @property
    def PaddingSize(self):
        """[left right]; for 'same' with a stride above 1 it depends on the length: [0 0]."""
        _, stride, _ = self._window()
        if self.Padding == "same" and stride > 1:
            return np.array([[0, 0]])
        return np.array([self._pad_for(1)])

    def _pad_for(self, length):
        size, stride, dilation = self._window()
        p = self.Padding
        if p == "same":
            return same_split(temporal.same_padding(length, size, stride, dilation))
        if p == "causal":
            return ((size - 1) * dilation, 0)
        return p

    def _require_sequence(self, is_sequence):
        if not is_sequence:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': {self._class_name} expects sequence input (data with a "
                "time dimension, from sequenceInputLayer) but receives data without one. Put "
                "it before layers that remove the time dimension (OutputMode='last', global "
                "pooling, indexing1dLayer).", "nnet_cnn:trainNetwork:InvalidNetwork")

    def _require_vectors(self, input_size):
        if not isinstance(input_size, int):
            raise InvalidNetworkError(
                f"Layer '{self.Name}': {self._class_name} expects vector sequences (C channels "
                f"per time step) but receives image data of size {input_size}. Use the 2-D "
                "layers for images, or flattenLayer first.",
                "nnet_cnn:trainNetwork:InvalidNetwork")

    def _too_short(self, length):
        size, stride, dilation = self._window()
        eff = (size - 1) * dilation + 1
        return MatlabnnValueError(
            f"Layer '{self.Name}': a sequence of {length} time steps is too short for a window "
            f"of {eff} steps with padding {padding_text(self)}. Use Padding='same' or 'causal', "
            "or longer sequences (sequenceInputLayer MinLength).",
            "nnet_cnn:layer:SequenceTooShort")

    def _check_length(self, length):
        size, stride, dilation = self._window()
        if temporal.output_length(length, self._pad_for(length), size, stride, dilation) < 1:
            raise self._too_short(length)

    def _output_mask(self, mask):
        """The (S_out, N) mask of real output steps for an input mask (None: None)."""
        if mask is None:
            return None
        size, stride, dilation = self._window()
        S = mask.shape[0]
        s_out = temporal.output_length(S, self._pad_for(S), size, stride, dilation)
        out = np.zeros((s_out, mask.shape[1]), dtype=bool)
        for start, L, cols in temporal.masked_segments(mask):
            n_out = temporal.output_length(L, self._pad_for(L), size, stride, dilation)
            first = self._segment_offset(start, s_out, n_out)
            out[first:first + n_out, cols] = True
        return out

    def _segment_offset(self, start, s_out, n_out):
        """Where an observation's outputs start: stride 1 keeps its alignment; otherwise
        right-padded outputs start at 0 and left-padded ones end at the last step."""
        _, stride, _ = self._window()
        if stride == 1:
            return start
        return 0 if start == 0 else s_out - n_out

    def _window_forward(self, x, mask):
        S = x.shape[0]
        size, stride, dilation = self._window()
        if mask is None or mask.all():
            self._check_length(S)
            y, cache = self._kernel(x, self._pad_for(S))
            return y, ("all", cache, None)
        segments = temporal.masked_segments(mask)
        for _, L, _ in segments:
            self._check_length(L)
        out_mask = self._output_mask(mask)
        if stride == 1:
            fill = x.dtype.type(self._fill())
            y, cache = self._kernel(np.where(mask[:, :, None], x, fill), self._pad_for(S))
            y = np.where(out_mask[:, :, None], y, 0).astype(y.dtype, copy=False)
            return y, ("batch", cache, (mask, out_mask))
        s_out = out_mask.shape[0]
        y, caches = None, []
        for start, L, cols in segments:
            ys, cache = self._kernel(x[start:start + L, cols], self._pad_for(L))
            if y is None:
                y = np.zeros((s_out, x.shape[1]) + ys.shape[2:], dtype=ys.dtype)
            first = self._segment_offset(start, s_out, ys.shape[0])
            y[first:first + ys.shape[0], cols] = ys
            caches.append((start, L, cols, first, ys.shape[0], cache))
        return y, ("groups", caches, (mask, out_mask, x.shape))

    def _window_backward(self, dy, cache):
        kind, inner, masks = cache
        if kind == "all":
            return self._kernel_backward(dy, inner)
        if kind == "batch":
            mask, out_mask = masks
            dx, grads = self._kernel_backward(dy * out_mask[:, :, None], inner)
            return dx * mask[:, :, None], grads
        mask, out_mask, shape = masks
        dx = np.zeros(shape, dtype=dy.dtype)
        total = {}
        for start, L, cols, first, n_out, c in inner:
            dxs, grads = self._kernel_backward(dy[first:first + n_out, cols], c)
            dx[start:start + L, cols] = dxs
            for k, g in grads.items():
                total[k] = total[k] + g if k in total else g
        return dx, total
