"""The one sequence pipeline: mini-batches, padding with masks, truncation, chunks
with carried state, and forward passes over them.

The four sequence settings are declared here, once, and every function that
takes them (trainingOptions, predict, classify, the *AndUpdateState functions,
minibatchpredict) uses these declarations. Data reaching the pipeline is
already in the engine's form: a list of C-by-S arrays (sequences) or an (N, F)
array (features).
"""
import math

import numpy as np

from .._namevalue import Option, _brief, _scalar, choice, positive_integer, sequence_length
from .. import sequences as seqmod


def _padding_value(value, ctx):
    """Any real scalar, NaN and Inf included, as MATLAB allows."""
    v = _scalar(value)
    if v is None or isinstance(value, bool):
        ctx.fail(f"Expected a real numeric scalar; got {_brief(value)}.")
    return v


SEQUENCE_OPTIONS = {o.name: o for o in (
    Option("MiniBatchSize", 128, positive_integer()),
    Option("SequenceLength", "longest", sequence_length),
    Option("SequencePaddingValue", 0.0, _padding_value),
    Option("SequencePaddingDirection", "right", choice("right", "left")),
)}


class SequenceSettings:
    """The four settings as plain attributes, from an options object or a dict."""

    __slots__ = tuple(SEQUENCE_OPTIONS)

    def __init__(self, source):
        get = source.__getitem__ if isinstance(source, dict) else \
            (lambda name: getattr(source, name))
        for name in SEQUENCE_OPTIONS:
            setattr(self, name, get(name))

    def whole(self):
        """The same settings without chunking (SequenceLength 'longest' for an integer)."""
        other = SequenceSettings({n: getattr(self, n) for n in SEQUENCE_OPTIONS})
        if isinstance(other.SequenceLength, int):
            other.SequenceLength = "longest"
        return other

    @property
    def fill(self):
        # Padded steps are masked and never reach a real output, but a NaN or Inf
        # there would still poison masked arithmetic (0 * NaN is NaN): pad with 0.
        v = self.SequencePaddingValue
        return v if math.isfinite(v) else 0.0


def initial_states(net, n, dtype, columns=None):
    """The recurrent layers' starting states for ``n`` observations, by layer index."""
    return {k: l._initial_state(n, dtype, columns=columns)
            for k, l in enumerate(net.Layers) if l._is_recurrent}


def pad(seqs, targets, dtype, settings):
    """Pad a mini-batch (after 'shortest' truncation): (X, mask, T, lengths).

    ``targets`` is None, an (N, R) array, or a list of R-by-S arrays (padded with 0).
    """
    direction = settings.SequencePaddingDirection
    seq_targets = isinstance(targets, list)
    if settings.SequenceLength == "shortest":
        seqs = seqmod.truncate(seqs, direction)
        if seq_targets:
            targets = seqmod.truncate(targets, direction)
    _check_batch_memory(seqs, dtype)
    X, mask = seqmod.pad_batch(seqs, dtype, settings.fill, direction)
    if seq_targets:
        T, _ = seqmod.pad_batch(targets, dtype, 0.0, direction)
    else:
        T = None if targets is None else np.ascontiguousarray(targets, dtype)
    return X, mask, T, seqmod.lengths_of(seqs)


# Padded batches from this size on are checked against free memory (smaller ones
# are not worth reading /proc/meminfo for).
CHECKED_BATCH_BYTES = 1 << 26


def _check_batch_memory(seqs, dtype):
    """A padded mini-batch that cannot fit in memory is refused before it is allocated."""
    nbytes = max(s.shape[1] for s in seqs) * len(seqs) * seqs[0].shape[0] * \
        np.dtype(dtype).itemsize
    if nbytes >= CHECKED_BATCH_BYTES:
        from .._memory import check_allocation
        check_allocation(nbytes, f"a padded mini-batch of {len(seqs)} sequences",
                         "Use a smaller MiniBatchSize, or split long sequences with an "
                         "integer SequenceLength.")


def chunks(X, mask, T, settings):
    """Split a padded batch into SequenceLength chunks: a list of (X, mask, T)."""
    if not isinstance(settings.SequenceLength, int):
        return [(X, mask, T)]
    seq_targets = T is not None and T.ndim == 3
    out = []
    for sl in seqmod.chunk_slices(X.shape[0], settings.SequenceLength):
        m = None if mask is None else mask[sl]
        if m is not None and m.all():
            m = None
        out.append((np.ascontiguousarray(X[sl]), m,
                    np.ascontiguousarray(T[sl]) if seq_targets else T))
    return out


class Dataset:
    """Predictors and targets of one data set in the engine's form, ready for batching.

    ``data`` is a list of C-by-S arrays (or an (N, F) array for feature input);
    ``targets`` an (N, R) array (one response per observation) or a list of R-by-S
    arrays (sequence responses), as the loss prepared them.
    """

    def __init__(self, data, targets, is_feature):
        self.data, self.targets, self.is_feature = data, targets, is_feature
        self.n = data.shape[0] if is_feature else len(data)

    def batch(self, idx, dtype, settings):
        """Mini-batch of observations ``idx``: a list of (X, mask, T) chunks."""
        seq_targets = isinstance(self.targets, list)
        targets = [self.targets[i] for i in idx] if seq_targets else self.targets[idx]
        if self.is_feature:
            return [(np.asarray(self.data[idx], dtype), None, targets.astype(dtype))]
        X, mask, T, _ = pad([self.data[i] for i in idx], targets, dtype, settings)
        return chunks(X, mask, T, settings)

    def batches_in_order(self, size, dtype, settings):
        """Consecutive mini-batches of ``size`` (the last one may be smaller)."""
        return [self.batch(np.arange(s, min(s + size, self.n)), dtype, settings)
                for s in range(0, self.n, size)]


def forward_chunks(net, pieces, states, training=False, rng=None):
    """Forward consecutive chunks, carrying the recurrent state between them.

    Returns (outputs joined over time (the last chunk's for non-sequence output),
    final states by layer index). ``states`` is updated in place.
    """
    ys = []
    for X, m, _ in pieces:
        y, _, finals, _ = net._forward(X, m, training, states, rng)
        states.update(finals)
        ys.append(y)
    if not net._output_is_sequence or len(ys) == 1:
        return ys[-1], states
    return np.concatenate(ys, axis=0), states


def predict_all(net, data, settings, is_feature):
    """Forward the data in mini-batches of MiniBatchSize, in order, from the stored state.

    Returns (outputs, final states by layer index as lists of per-batch states):
    outputs is an (N, R) array for non-sequence output, else a list of R-by-S_n arrays.
    """
    dtype = net._dtype
    B = settings.MiniBatchSize
    n_obs = data.shape[0] if is_feature else len(data)
    results, finals = [], {}
    for start in range(0, n_obs, B):
        idx = np.arange(start, min(start + B, n_obs))
        if is_feature:
            y, _, _, _ = net._forward(np.asarray(data[idx], dtype), None, False)
            results.append(y)
            continue
        X, mask, _, lengths = pad([data[i] for i in idx], None, dtype, settings)
        states = initial_states(net, X.shape[1], dtype, columns=idx)
        y, states = forward_chunks(net, chunks(X, mask, None, settings), states)
        if net._output_is_sequence:
            y = seqmod.unpad_outputs(y, mask, lengths, settings.SequencePaddingDirection)
        results.append(y)
        for k, st in states.items():
            finals.setdefault(k, []).append(st)
    if is_feature or not net._output_is_sequence:
        return np.concatenate(results, axis=0), finals
    return [seq for batch in results for seq in batch], finals
