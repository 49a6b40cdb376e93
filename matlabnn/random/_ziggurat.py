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
``rng default; randn`` values (24 of them bit for bit, 168 to all 16 printed
digits, README); the tail step is the paper's and is not confirmed by a published
value (it runs about once in 4000 draws).

All attempts of a block are evaluated at once with numpy; only the rejected
ones (about 1.5%) are walked in Python, to know which pairs they consume.
"""
import math

import numpy as np

from ._twister import res53
from ._ziggurat_table import EDGES

_EDGES = np.array(EDGES)
_R = EDGES[255]                                      # where the tail starts
_F = np.exp(-0.5 * _EDGES ** 2)                      # f at each edge
_CORE = _EDGES[:-1] / _EDGES[1:]                     # |u| below this: inside the layer above
_BLOCK_SLACK = 1.05                                  # read ahead: ~3% of pairs give no value


def normals(twister, count):
    """The next ``count`` values of MATLAB's ``randn`` from ``twister`` (a 1-D array)."""
    if count == 0:
        return np.empty(0)
    mark = twister.mark()
    pairs = _Pairs(twister)
    needed = int(count * _BLOCK_SLACK) + 16
    while True:
        pairs.read(needed)
        result = _values(pairs, count)
        if result is not None:
            break
        needed = int(pairs.size * 1.25) + 16           # rare: more rejections than read ahead
    values, consumed_pairs = result
    twister.consume_from(mark, 2 * consumed_pairs)
    return values


def _values(pairs, count):
    """The first ``count`` values in ``pairs`` and the pairs they use, or None if too few."""
    n = pairs.size
    not_attempt = np.zeros(n, dtype=bool)         # pairs read as y or by the tail
    wedges, tails = [], {}                        # rejected attempts: wedge tests, tail values
    usable = n                                    # pairs whose role is known
    y_pair = tail_end = -1
    for r in pairs.rejections:
        if r == y_pair or r < tail_end:
            continue                              # not an attempt: read by the step before
        if pairs.layer[r] == 255:
            value, tail_end = _tail(pairs, r)
            if value is None:
                usable = r
                break
            tails[r] = (value, tail_end)
            not_attempt[r + 1:tail_end] = True
        else:
            if r + 1 >= n:
                usable = r
                break
            wedges.append(r)
            y_pair = r + 1
    wedges = np.array(wedges, dtype=np.int64)
    not_attempt[wedges + 1] = True
    keep = ~pairs.rejected & ~not_attempt
    layer, x = pairs.layer[wedges], pairs.x[wedges]
    keep[wedges] = _F[layer + 1] + pairs.uniform[wedges + 1] * (_F[layer] - _F[layer + 1]) \
        < np.exp(-0.5 * x * x)
    values = pairs.x.copy()
    for r, (value, _) in tails.items():
        values[r] = value
        keep[r] = True
    positions = np.flatnonzero(keep[:usable])
    if positions.size < count:
        return None
    last = int(positions[count - 1])
    if last in tails:
        used = tails[last][1]
    elif pairs.rejected[last]:
        used = last + 2                           # a wedge value: its y pair is used too
    else:
        used = last + 1
    return values[positions[:count]], used


def _tail(pairs, r):
    """The tail value for the rejected base-layer attempt at pair r and the pair after it,
    or (None, None) when the pairs read so far do not finish it."""
    pos = r + 1
    while pos + 1 < pairs.size:
        u1, u2 = pairs.uniform[pos], pairs.uniform[pos + 1]
        pos += 2
        t = -math.log(u1) / _R
        if -2.0 * math.log(u2) >= t * t:
            return math.copysign(_R + t, pairs.x[r]), pos
    return None, None


class _Pairs:
    """Word pairs read from the twister, each evaluated as a ziggurat attempt."""

    def __init__(self, twister):
        self.twister = twister
        self.size = 0
        self.x = self.uniform = np.empty(0)
        self.layer = np.empty(0, dtype=np.int64)
        self.rejected = np.empty(0, dtype=bool)
        self.rejections = []

    def read(self, needed):
        """Read more pairs until at least ``needed`` are there."""
        more = needed - self.size
        if more <= 0:
            return
        w = self.twister.words(2 * more)
        a, b = w[0::2], w[1::2]
        layer = (b >> np.uint64(24)).astype(np.int64)
        n53 = ((a >> np.uint64(3)) << np.uint64(24)) | (b & np.uint64(0xFFFFFF))
        u = n53.astype(np.float64) * (1.0 / 4503599627370496.0) - 1.0
        rejected = np.abs(u) >= _CORE[layer]
        self.x = np.concatenate([self.x, u * _EDGES[layer + 1]])
        self.layer = np.concatenate([self.layer, layer])
        self.uniform = np.concatenate([self.uniform, res53(a, b)])
        self.rejections += (np.flatnonzero(rejected) + self.size).tolist()
        self.rejected = np.concatenate([self.rejected, rejected])
        self.size += more
