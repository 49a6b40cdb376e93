"""MATLAB's ``randperm(n, k)``: k unique integers from 1..n, from ``rand`` doubles.

MATLAB picks one of three algorithms by how large ``k`` is compared with ``n``.
These are the three, with the same switch points, of the C code MathWorks' MATLAB
Coder generates for ``randperm``; MATLAB's documented outputs of the first two
are reproduced (tests/test_matlab_random.py), no published output pins the third:

* ``k < n/4``: partial Fisher-Yates, ``k`` doubles: pick one of the ``m`` values
  left, then move the last one into its slot (a dict holds the moved ones, so no
  ``n``-element array is needed);
* ``n/4 <= k < n``: sequential selection of which values appear (in increasing
  order), each followed by an inside-out shuffle step, ``2k`` doubles;
* ``k == n``: an "inside-out" shuffle, ``n - 1`` doubles.

Every index is ``floor(u * m)`` of a ``rand`` double ``u``, computed in doubles
in the same order of operations as that C code.
"""
import math

import numpy as np


def k_permutation(twister, n, k):
    """A 1-by-k double row of k unique integers from 1..n, as MATLAB's randperm(n, k)."""
    if k == 0:
        values = []
    elif k >= n:
        values = _shuffle_all(twister, n)
    elif k >= n / 4:
        values = _select_then_shuffle(twister, n, k)
    else:
        values = _partial_fisher_yates(twister, n, k)
    return np.asarray(values, dtype=np.float64).reshape(1, k)


def _shuffle_all(twister, n):
    """Inside-out shuffle of 1..n: step m (2..n) swaps m in at a random slot 1..m."""
    slots = np.floor(twister.doubles(n - 1) * np.arange(2, n + 1)).astype(np.int64).tolist()
    p = [0.0] * n
    p[0] = 1.0
    for m, j in enumerate(slots, start=1):      # m is the 0-based slot of value m + 1
        p[m] = p[j]
        p[j] = float(m + 1)
    return p


def _select_then_shuffle(twister, n, k):
    """Choose the k values in increasing order (each is taken with probability
    still-needed / still-available), shuffling each into the first m + 1 slots."""
    u = twister.doubles(2 * k).tolist()         # per pick: one to select, one to place
    p = [0.0] * k
    value = 0.0                                 # the last value passed over or taken
    for m in range(k):
        needed = float(k - m)
        available = n - value
        cumulative = needed / available         # chance that the next value is taken
        while u[2 * m] > cumulative:            # skip values until the draw is covered
            value += 1.0
            available -= 1.0
            cumulative += (1.0 - cumulative) * (needed / available)
        value += 1.0
        j = math.floor(u[2 * m + 1] * (m + 1.0))
        p[m] = p[j]
        p[j] = value
    return p


def _partial_fisher_yates(twister, n, k):
    """Each pick takes slot floor(u*m) among the m values left; the last value left
    moves into that slot."""
    u = twister.doubles(k).tolist()
    p = [0.0] * k
    moved = {}                   # 0-based slots of the remaining list whose value changed
    for i in range(k):
        last = n - i - 1
        j = math.floor(u[i] * (last + 1.0))
        p[i] = float(moved.get(j, j) + 1)
        moved[j] = moved.get(last, last)
    return p
