"""MATLAB's ``randn`` for the Mersenne Twister: Marsaglia and Tsang's ziggurat, 256 layers.

Each attempt reads two twister words ``a, b``:

* the layer is the top byte of ``b`` (``i = b >> 24``, 0..255);
* a 53-bit uniform ``u`` in [-1, 1) is made of the top 29 bits of ``a`` followed by
  the low 24 bits of ``b``: ``N = (a >> 3) * 2^24 + (b & 0xFFFFFF)``,
  ``u = N / 2^52 - 1``;
* ``x = u * EDGES[i + 1]`` is returned at once when ``|u| < EDGES[i] / EDGES[i + 1]``
  (x lies under the layer above: about 99% of attempts).

Otherwise (all as in Marsaglia and Tsang's paper, with ``rand``'s doubles):

* in layers 0..254 one more ``rand`` double ``y`` is read and ``x`` is kept when
  ``f(x_out) + y (f(x_in) - f(x_out)) < f(x)`` (under the curve), else a new attempt;
* in the base layer 255, ``|x| >= r`` samples the tail: pairs of doubles ``u1, u2``
  until ``-2 log(u2) >= t^2`` with ``t = -log(u1) / r``; the value is ``±(r + t)``
  with the sign of ``u``.

The layer/uniform bit layout and the wedge step reproduce MATLAB's published
``rng default; randn(84,2)`` bit for bit (README); the tail step is the paper's
and is not confirmed by a published value (it runs about once in 4000 draws).
"""
import math

import numpy as np

from ._twister import res53
from ._ziggurat_table import EDGES

_EDGES = np.array(EDGES)
_R = EDGES[255]                                      # where the tail starts
_F = np.exp(-0.5 * _EDGES ** 2)                      # f at each edge
_CORE = _EDGES[:-1] / _EDGES[1:]                     # |u| below this: inside the layer above
_BLOCK_SLACK = 1.05                                  # read ahead for the ~1.5% rejected attempts


def normals(twister, count):
    """The next ``count`` values of MATLAB's ``randn`` from ``twister`` (a 1-D array)."""
    out = np.empty(count)
    if count == 0:
        return out
    mark = twister.mark()
    pairs = _Pairs(twister)
    filled = pos = 0
    while filled < count:
        if pos + count - filled >= pairs.size:
            pairs.ensure(pos + int((count - filled) * _BLOCK_SLACK) + 8)
        stop = pairs.next_rejection(pos)
        take = min(stop - pos, count - filled)
        out[filled:filled + take] = pairs.x[pos:pos + take]
        filled += take
        pos += take
        if filled < count and pos == stop:
            value, pos = _rare(pairs, pos)
            if value is not None:
                out[filled] = value
                filled += 1
    twister.consume_from(mark, 2 * pos)
    return out


def _rare(pairs, pos):
    """The rejected attempt at pair ``pos``: (value or None, next pair position)."""
    layer, x = int(pairs.layer[pos]), float(pairs.x[pos])
    pos += 1
    if layer == 255:                                  # beyond r: the tail
        while True:
            pairs.ensure(pos + 2)
            u1, u2 = pairs.uniform[pos], pairs.uniform[pos + 1]
            pos += 2
            t = -math.log(u1) / _R
            if -2.0 * math.log(u2) >= t * t:
                return math.copysign(_R + t, x), pos
    pairs.ensure(pos + 1)
    y = pairs.uniform[pos]
    if _F[layer + 1] + y * (_F[layer] - _F[layer + 1]) < math.exp(-0.5 * x * x):
        return x, pos + 1
    return None, pos + 1


class _Pairs:
    """Word pairs read ahead from the twister, each seen as a ziggurat attempt."""

    def __init__(self, twister):
        self.twister = twister
        self.x = self.layer = self.uniform = np.empty(0)
        self.rejections = np.empty(0, dtype=np.int64)
        self.size = 0                 # pairs read so far
        self._next = 0                # search start in self.rejections

    def ensure(self, needed):
        """Read more pairs until at least ``needed`` are there."""
        have = self.size
        if needed <= have:
            return
        more = max(needed - have, 1024, have // 4)
        w = self.twister.words(2 * more)
        a, b = w[0::2], w[1::2]
        layer = (b >> np.uint64(24)).astype(np.int64)
        n53 = ((a >> np.uint64(3)) << np.uint64(24)) | (b & np.uint64(0xFFFFFF))
        u = n53.astype(np.float64) * (1.0 / 4503599627370496.0) - 1.0
        x = u * _EDGES[layer + 1]
        rejected = np.flatnonzero(np.abs(u) >= _CORE[layer]) + have
        self.x = np.concatenate([self.x, x])
        self.layer = np.concatenate([self.layer, layer])
        self.uniform = np.concatenate([self.uniform, res53(a, b)])
        self.rejections = np.concatenate([self.rejections, rejected])
        self._rejection_list = self.rejections.tolist()
        self.size = self.x.size

    def next_rejection(self, pos):
        """The first rejected attempt at or after ``pos`` (or the end of what is read).

        Calls come with growing ``pos``, so the search goes on from the last answer.
        """
        found, k = self._rejection_list, self._next
        while k < len(found) and found[k] < pos:
            k += 1
        self._next = k
        return found[k] if k < len(found) else self.size
