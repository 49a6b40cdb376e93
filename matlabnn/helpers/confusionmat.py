"""confusionmat: the confusion matrix of known and predicted class labels."""
import numpy as np

from .._namevalue import Option, _brief, any_value, parse
from .._nargout import check_nargout, outputs
from .._signature import matlab_syntax
from ..categorical import _normalize, categorical
from ..errors import MatlabnnValueError


@matlab_syntax("C = confusionmat(group, grouphat)",
               "confusionmat(group, grouphat, 'Order', grouporder)",
               "[C, order] = confusionmat(...)")
def confusionmat(group, grouphat, *args, nargout=1, **kwargs):
    """Confusion matrix: rows are the known classes, columns the predicted ones.

    MATLAB syntax and its Python form::

        C = confusionmat(group, grouphat)
        C = confusionmat(group, grouphat, 'Order', grouporder)
        [C, order] = confusionmat(...)      C, order = confusionmat(..., nargout=2)

    ``group`` and ``grouphat`` are vectors of the same length: categorical, numbers
    (numpy arrays or lists), logical, or text (lists of str). Missing values (NaN,
    '' and <undefined>) are left out of both the classes and the counts. The
    classes are the categories of a categorical (those of ``group``, then new ones
    of ``grouphat``), else the sorted unique values of both; ``'Order'`` sets them
    and must contain every value that occurs.

    ``C`` is a K-by-K int64 array, ``C[i, j]`` the number of observations known to
    be in class i and predicted as class j. ``order`` is a categorical (for
    categorical labels), a 1-D numpy array (numbers) or a list of str (text).

    Example::

        g1 = np.array([3, 2, 2, 3, 1, 1]); g2 = np.array([4, 2, 3, np.nan, 1, 1])
        C = confusionmat(g1, g2)                # 4-by-4, classes 1 2 3 4
        C, order = confusionmat(YTest, YPred, nargout=2)
    """
    check_nargout("confusionmat", nargout, 2)
    opts, given = parse("confusionmat", (Option("Order", None, any_value),), args, kwargs)
    known, known_kind, known_cats = _labels(group, "group")
    predicted, predicted_kind, predicted_cats = _labels(grouphat, "grouphat")
    if known.size != predicted.size:
        raise MatlabnnValueError(
            f"confusionmat: group and grouphat must have the same number of observations; "
            f"got {known.size} and {predicted.size}.", "stats:confusionmat:GRowMismatch")
    numeric = known_kind == predicted_kind == "numeric"
    if not numeric and "numeric" in (known_kind, predicted_kind):
        raise MatlabnnValueError(
            f"confusionmat: group and grouphat must be of the same type; got {known_kind} "
            f"and {predicted_kind} labels.", "stats:confusionmat:GTypeMismatch")
    if numeric:
        valid = ~np.isnan(known) & ~np.isnan(predicted)
    else:
        known, predicted = known.astype(str), predicted.astype(str)
        valid = (known != "") & (predicted != "")
    if "Order" in given:
        order = _order_argument(opts["Order"], numeric)
    elif known_cats is not None or predicted_cats is not None:
        order = list(known_cats or [])
        order += [c for c in (predicted_cats or []) if c not in order]
        order += sorted((set(known[valid]) | set(predicted[valid])) - set(order))
    else:
        present = np.concatenate([known[~_missing(known, numeric)],
                                  predicted[~_missing(predicted, numeric)]])
        order = list(np.unique(present))
    rows = _positions(known, order, numeric, valid)
    cols = _positions(predicted, order, numeric, valid)
    counts = np.zeros((len(order), len(order)), dtype=np.int64)
    np.add.at(counts, (rows[valid], cols[valid]), 1)
    if categorical in (type(group), type(grouphat)):
        shown = categorical.from_codes(np.arange(1, len(order) + 1), order)
    elif numeric:
        shown = np.asarray(order, dtype=float)
    else:
        shown = [str(v) for v in order]
    return outputs((counts, shown), nargout)


def _labels(x, name):
    """(1-D keys, 'numeric' / 'text' / 'categorical', categories or None)."""
    if isinstance(x, categorical):
        names = np.array(["" if c == 0 else x.categories_list[c - 1] for c in x.codes],
                         dtype=object)
        return names, "categorical", list(x.categories_list)
    arr = np.asarray(x) if not isinstance(x, (list, tuple)) else None
    if arr is not None and arr.dtype == bool:
        x = arr.astype(float)
    try:
        keys, is_numeric, _, _ = _normalize(x, "confusionmat")
    except (TypeError, ValueError) as err:
        raise MatlabnnValueError(
            f"confusionmat: {name} must be a vector of class labels (categorical, numbers, "
            f"logical or text); {err}", "stats:confusionmat:BadGroup") from None
    return keys, "numeric" if is_numeric else "text", None


def _missing(keys, numeric):
    return np.isnan(keys) if numeric else keys == ""


def _order_argument(value, numeric):
    if isinstance(value, categorical):
        value = value.tolist()
    values = list(np.asarray(value, dtype=float if numeric else object).reshape(-1)) \
        if not isinstance(value, (list, tuple)) else list(value)
    try:
        values = [float(v) for v in values] if numeric else [str(v).strip() for v in values]
    except (TypeError, ValueError):
        values = None
    if not values or len(set(values)) != len(values):
        raise MatlabnnValueError(
            "confusionmat: 'Order' must be a vector of distinct class labels of the same type "
            f"as group; got {_brief(value)}.", "stats:confusionmat:BadOrder")
    return values


def _positions(keys, order, numeric, valid):
    lookup = {v: k for k, v in enumerate(order)}
    out = np.zeros(keys.size, dtype=np.int64)
    for k in np.flatnonzero(valid):
        key = float(keys[k]) if numeric else keys[k]
        if key not in lookup:
            raise MatlabnnValueError(
                f"confusionmat: the label {key if not numeric else format(key, 'g')!r} "
                "occurs in group or grouphat but not in 'Order'. 'Order' must contain "
                "every class label.", "stats:confusionmat:OrderMissingGroup")
        out[k] = lookup[key]
    return out
