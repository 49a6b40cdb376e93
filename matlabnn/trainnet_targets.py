"""Targets of the trainnet-era functions (trainnet, testnet) in the engine's form.

The loss decides what targets mean: numeric T-by-R sequences or N-by-R rows for
the regression losses and "binary-crossentropy"; categorical labels (one per
observation, or one categorical sequence per observation) or numeric
probabilities for "crossentropy", one-hot encoded in ``categories`` order;
class indices (or categorical) for "index-crossentropy". The engine gets an
(N, K) array or a list of K-by-S arrays, as its Dataset expects.
"""
import numpy as np

from .categorical import categorical, iscategorical
from .errors import InvalidDataError
from .layout import features_in, is_auto, sequences_in
from .trainnet_loss import onehot

__all__ = ["engine_targets"]


def _fail(function, argname, text, ident="nnet_cnn:trainnet:InvalidTargets"):
    raise InvalidDataError(f"{function}: Invalid targets ({argname}). {text}", ident)


def _classes_of(T):
    if iscategorical(T):
        return list(T.categories_list)
    if isinstance(T, (list, tuple)) and T and all(iscategorical(t) for t in T):
        names = []
        for t in T:
            names += [c for c in t.categories_list if c not in names]
        return names
    return None


def engine_targets(T, K, output_is_sequence, lengths, loss, function, fmt=None, argname="T"):
    """Targets -> (engine targets, class names or None).

    ``K`` is the network's output size; ``lengths`` the predictors' sequence
    lengths (None for feature input); ``fmt`` is TargetDataFormats.
    """
    n = len(lengths) if lengths is not None else None
    classes = _classes_of(T)
    if classes is not None:
        if loss.Kind not in ("crossentropy", "index-crossentropy"):
            _fail(function, argname, f'Categorical targets need a "crossentropy" or '
                                     f'"index-crossentropy" loss; the loss is "{loss.Name}". '
                                     "Use numeric targets for regression losses.")
        if len(classes) != K and loss.Kind == "crossentropy":
            _fail(function, argname, f"The output size ({K}) of the network does not match "
                                     f"the number of classes ({len(classes)}: "
                                     f"{', '.join(classes)}).",
                  "nnet_cnn:trainnet:OutputSizeMismatch")
        return _categorical_targets(T, classes, K, output_is_sequence, lengths, loss,
                                    function, argname), classes
    width = 1 if loss.Kind == "index-crossentropy" else K
    if output_is_sequence:
        if iscategorical(T):
            _fail(function, argname, "one categorical label per observation was given, but "
                                     "the network outputs sequences.")
        seqs, _ = sequences_in(T, width, function, None if is_auto(fmt) else fmt, argname)
        _check_count(len(seqs), n, function, argname)
        for k, (s, L) in enumerate(zip(seqs, lengths)):
            if s.shape[1] != L:
                _fail(function, argname, f"Sequence targets must have the same sequence length "
                                         f"as the corresponding predictors: {argname}[{k}] has "
                                         f"{s.shape[1]} time steps, its predictors {L}.",
                      "nnet_cnn:trainnet:SequenceLengthMismatch")
        return seqs, None
    if isinstance(T, (list, tuple)) and T and all(isinstance(t, np.ndarray) and t.ndim == 2
                                                  and t.shape[0] > 1 for t in T):
        _fail(function, argname, "a list of sequences was given, but the network outputs one "
                                 "value per observation (OutputMode \"last\"). Targets are "
                                 "N-by-R (one row per observation).")
    rows = features_in(T, width, function, fmt, argname)
    if n is not None:
        _check_count(rows.shape[0], n, function, argname)
    return rows, None


def _check_count(got, n, function, argname):
    if n is not None and got != n:
        _fail(function, argname, f"The predictors and targets must have the same number of "
                                 f"observations: {n} predictors, {got} targets.")


def _categorical_targets(T, classes, K, output_is_sequence, lengths, loss, function, argname):
    n = len(lengths) if lengths is not None else None
    index = loss.Kind == "index-crossentropy"

    def encode(c):
        if index:
            codes = np.asarray(c.codes_for(classes)).reshape(-1)
            if np.any(codes <= 0):
                _fail(function, argname, "Categorical targets must not contain undefined "
                                         "elements (<undefined>).")
            return codes.astype(np.float64)[:, None]
        return onehot(c, classes)

    if output_is_sequence:
        if not isinstance(T, (list, tuple)):
            _fail(function, argname, "The network outputs sequences, so targets must be a list "
                                     "(cell array) of categorical sequences, one per "
                                     "observation, each with one label per time step.")
        _check_count(len(T), n, function, argname)
        out = []
        for k, (t, L) in enumerate(zip(T, lengths)):
            if len(t) != L:
                _fail(function, argname, f"Sequence targets must have the same sequence length "
                                         f"as the corresponding predictors: {argname}[{k}] has "
                                         f"{len(t)} time steps, its predictors {L}.",
                      "nnet_cnn:trainnet:SequenceLengthMismatch")
            out.append(np.ascontiguousarray(encode(t).T))
        return out
    if not isinstance(T, categorical):
        _fail(function, argname, "The network outputs one value per observation, so "
                                 "categorical targets must be one categorical array of N labels.")
    _check_count(len(T), n, function, argname)
    return encode(T)
