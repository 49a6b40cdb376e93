"""The ``Metrics`` of trainnet and testnet: metric names and metric objects.

``trainingOptions(..., Metrics="accuracy")``, ``testnet(net, X, T, "rmse")`` and
objects such as ``accuracyMetric()`` or ``fScoreMetric(AverageType="macro")``.
Each metric accumulates over mini-batches (``reset``, ``update``) and gives the
value over everything it has seen (``evaluate``), so a whole-set value does not
depend on the mini-batch size. Values work on the engine's internal layout:
predictions and targets ``(S, N, K)`` with a bool ``mask (S, N)`` of real time
steps, or ``(N, K)``; classification targets are one-hot.

Pinned points ([UNCONFIRMED] in MATLAB's documentation; trainnet_choices.py and
README "Differences from MATLAB"): accuracy is a percentage (0-100); RMSE and
MAPE average over every real element; MAPE is a percentage; precision, recall,
F-score and AUC are fractions (0-1) with AverageType "micro" by default.
"""
import numpy as np

from ._namevalue import Option, choice, parse, real_scalar, text
from ._signature import matlab_syntax
from .display.text import property_block
from .errors import MatlabnnTypeError, MatlabnnValueError
from .trainnet_choices import choices

__all__ = ["accuracyMetric", "rmseMetric", "mapeMetric", "fScoreMetric", "precisionMetric",
           "recallMetric", "aucMetric", "metric_objects", "METRIC_NAMES"]


def _flat(Y, T, mask):
    """Real rows (M, K) of predictions and targets."""
    Y = np.asarray(Y, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    if Y.shape != T.shape:
        raise MatlabnnValueError(f"metric: predictions {Y.shape} and targets {T.shape} "
                                 "differ in size.")
    K = Y.shape[-1]
    if mask is not None:
        m = np.asarray(mask, bool)
        return Y[m], T[m]
    return Y.reshape(-1, K), T.reshape(-1, K)


class Metric:
    """Base class of the metric objects (MATLAB's ``deep.Metric``)."""

    _class_name = "Metric"
    _default_name = ""
    _maximize = True
    _extra = ()
    _is_classification = True

    def __init__(self, function, args, kwargs):
        table = [Option("Name", self._default_name, text),
                 Option("NetworkOutput", None, _network_output)] + list(self._extra)
        values, _ = parse(function, table, args, kwargs)
        for k, v in values.items():
            object.__setattr__(self, k, v)
        self.Maximize = self._maximize
        self.reset()

    def __repr__(self):
        items = [("Name", self.Name), ("NetworkOutput", self.NetworkOutput)]
        items += [(o.name, getattr(self, o.name)) for o in self._extra]
        items += [("Maximize", bool(self.Maximize))]
        return property_block(self._class_name, [(None, items)])

    def _matlab_brief(self):
        return f"[1\u00d71 {self._class_name}]"


def _network_output(value, ctx):
    if value is None or isinstance(value, str):
        return value
    ctx.fail("Expected the name of a network output (a string) or [] (None).")


class _Counting(Metric):
    """Classification metrics from true/false positive counts per class."""

    _extra = (Option("AverageType", "micro", choice("micro", "macro")),
              Option("ClassificationMode", "single-label", choice("single-label", "multilabel")))

    def reset(self):
        self._tp = self._fp = self._fn = self._correct = self._total = None

    def _decide(self, Y, T):
        if self.ClassificationMode == "multilabel":
            return Y >= 0.5, T >= 0.5
        K = Y.shape[1]
        return np.eye(K, dtype=bool)[Y.argmax(1)], np.eye(K, dtype=bool)[T.argmax(1)]

    def update(self, Y, T, mask=None):
        Y, T = _flat(Y, T, mask)
        p, t = self._decide(Y, T)
        tp, fp, fn = (p & t).sum(0), (p & ~t).sum(0), (~p & t).sum(0)
        if self.ClassificationMode == "multilabel":
            correct = int((p == t).all(1).sum())
        else:
            correct = int((Y.argmax(1) == T.argmax(1)).sum())
        if self._tp is None:
            self._tp, self._fp, self._fn = tp, fp, fn
            self._correct, self._total = correct, len(Y)
        else:
            self._tp = self._tp + tp
            self._fp = self._fp + fp
            self._fn = self._fn + fn
            self._correct += correct
            self._total += len(Y)
        return self

    def _ratio(self, num, den):
        if self.AverageType == "micro":
            n, d = float(num.sum()), float(den.sum())
            return n / d if d else np.nan
        with np.errstate(invalid="ignore", divide="ignore"):
            per = num / den
        per = np.where(den > 0, per, 0.0)
        return float(per.mean())


class _Accuracy(_Counting):
    _class_name = "AccuracyMetric"
    _default_name = "Accuracy"

    def evaluate(self):
        if not self._total:
            return np.nan
        frac = self._correct / self._total
        return 100.0 * frac if choices.accuracy_percent else frac


class _Precision(_Counting):
    _class_name = "PrecisionMetric"
    _default_name = "Precision"

    def evaluate(self):
        return np.nan if self._tp is None else self._ratio(self._tp, self._tp + self._fp)


class _Recall(_Counting):
    _class_name = "RecallMetric"
    _default_name = "Recall"

    def evaluate(self):
        return np.nan if self._tp is None else self._ratio(self._tp, self._tp + self._fn)


class _FScore(_Counting):
    _class_name = "FScoreMetric"
    _default_name = "FScore"
    _extra = _Counting._extra + (Option("Beta", 1.0, real_scalar(0.0, lo_open=True)),)

    def evaluate(self):
        if self._tp is None:
            return np.nan
        b2 = self.Beta ** 2
        num = (1 + b2) * self._tp
        den = (1 + b2) * self._tp + b2 * self._fn + self._fp
        return self._ratio(num, den)


class _Regression(Metric):
    _maximize = False
    _is_classification = False

    def reset(self):
        self._sum = 0.0
        self._count = 0

    def update(self, Y, T, mask=None):
        Y, T = _flat(Y, T, mask)
        self._sum += float(np.sum(self._elements(Y, T)))
        self._count += Y.size
        return self


class _RMSE(_Regression):
    _class_name = "RMSEMetric"
    _default_name = "RMSE"

    def _elements(self, Y, T):
        return (Y - T) ** 2

    def evaluate(self):
        return float(np.sqrt(self._sum / self._count)) if self._count else np.nan


class _MAPE(_Regression):
    _class_name = "MAPEMetric"
    _default_name = "MAPE"

    def _elements(self, Y, T):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.abs((Y - T) / T)

    def evaluate(self):
        return 100.0 * self._sum / self._count if self._count else np.nan


class _AUC(Metric):
    """Area under the ROC curve, one class against the rest (rank statistic)."""

    _class_name = "AUCMetric"
    _default_name = "AUC"
    _extra = (Option("AverageType", "micro", choice("micro", "macro")),)

    def reset(self):
        self._scores, self._targets = [], []

    def update(self, Y, T, mask=None):
        Y, T = _flat(Y, T, mask)
        self._scores.append(Y)
        self._targets.append(T >= 0.5)
        return self

    def evaluate(self):
        if not self._scores:
            return np.nan
        Y, T = np.concatenate(self._scores), np.concatenate(self._targets)
        if self.AverageType == "micro":
            return _auc(Y.ravel(), T.ravel())
        per = [_auc(Y[:, k], T[:, k]) for k in range(Y.shape[1])]
        per = [a for a in per if np.isfinite(a)]
        return float(np.mean(per)) if per else np.nan


def _auc(scores, positive):
    from scipy.stats import rankdata
    npos, nneg = int(positive.sum()), int((~positive).sum())
    if npos == 0 or nneg == 0:
        return np.nan
    r = rankdata(scores)
    return float((r[positive].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def _factory(cls, function, doc):
    @matlab_syntax(f"metric = {function}", f"metric = {function}(Name=Value)", name=function)
    def make(*args, **kwargs):
        return cls(function, args, kwargs)
    make.__name__ = make.__qualname__ = function
    make.__doc__ = doc
    return make


_COUNT_OPTS = """
    Name-value options: ``Name`` (default "{name}"), ``NetworkOutput`` ([]),
    ``AverageType`` ("micro" (default) or "macro": pool the counts of all classes,
    or average the per-class values), ``ClassificationMode`` ("single-label"
    (default): the class with the highest score; "multilabel": every score >= 0.5).
"""

accuracyMetric = _factory(_Accuracy, "accuracyMetric", """Accuracy metric object.

    MATLAB syntax::

        metric = accuracyMetric
        metric = accuracyMetric(Name=Value)

    The percentage of predictions (time steps for sequence outputs) whose class
    is the target class; ``Metrics="accuracy"`` uses one.
""" + _COUNT_OPTS.format(name="Accuracy") + """
    Example::

        options = trainingOptions("adam", Metrics=accuracyMetric())
""")

precisionMetric = _factory(_Precision, "precisionMetric", """Precision metric object.

    MATLAB syntax::

        metric = precisionMetric
        metric = precisionMetric(Name=Value)

    TP / (TP + FP), a fraction from 0 to 1; ``Metrics="precision"`` uses one.
""" + _COUNT_OPTS.format(name="Precision") + """
    Example::

        options = trainingOptions("adam", Metrics=["accuracy", precisionMetric(AverageType="macro")])
""")

recallMetric = _factory(_Recall, "recallMetric", """Recall metric object.

    MATLAB syntax::

        metric = recallMetric
        metric = recallMetric(Name=Value)

    TP / (TP + FN), a fraction from 0 to 1; ``Metrics="recall"`` uses one.
""" + _COUNT_OPTS.format(name="Recall") + """
    Example::

        recall = testnet(net, XTest, TTest, recallMetric())
""")

fScoreMetric = _factory(_FScore, "fScoreMetric", """F-score metric object.

    MATLAB syntax::

        metric = fScoreMetric
        metric = fScoreMetric(Name=Value)

    (1 + b^2) TP / ((1 + b^2) TP + b^2 FN + FP), a fraction from 0 to 1;
    ``Metrics="fscore"`` uses one. Extra option ``Beta`` (default 1).
""" + _COUNT_OPTS.format(name="FScore") + """
    Example::

        metric = fScoreMetric(Beta=2)
""")

rmseMetric = _factory(_RMSE, "rmseMetric", """Root-mean-square-error metric object.

    MATLAB syntax::

        metric = rmseMetric
        metric = rmseMetric(Name=Value)

    sqrt of the mean of (y - t)^2 over every real element (all responses and time
    steps); ``Metrics="rmse"`` uses one. Options: ``Name`` (default "RMSE"),
    ``NetworkOutput`` ([]).

    Example::

        options = trainingOptions("adam", Metrics=rmseMetric())
""")

mapeMetric = _factory(_MAPE, "mapeMetric", """Mean-absolute-percentage-error metric object.

    MATLAB syntax::

        metric = mapeMetric
        metric = mapeMetric(Name=Value)

    100 * mean |(y - t) / t| over every real element; ``Metrics="mape"`` uses one.
    Options: ``Name`` (default "MAPE"), ``NetworkOutput`` ([]).

    Example::

        mape = testnet(net, XTest, TTest, "mape")
""")

aucMetric = _factory(_AUC, "aucMetric", """Area-under-the-ROC-curve metric object.

    MATLAB syntax::

        metric = aucMetric
        metric = aucMetric(Name=Value)

    The area under the ROC curve of each class against the rest, from the scores;
    ``Metrics="auc"`` uses one. Options: ``Name`` (default "AUC"),
    ``NetworkOutput`` ([]), ``AverageType`` ("micro" (default): all classes' scores
    pooled; "macro": the mean of the per-class areas).

    Example::

        auc = testnet(net, XTest, TTest, "auc")
""")

METRIC_NAMES = {"accuracy": accuracyMetric, "rmse": rmseMetric, "mape": mapeMetric,
                "fscore": fScoreMetric, "precision": precisionMetric, "recall": recallMetric,
                "auc": aucMetric}


def metric_objects(metrics, function="trainnet"):
    """Fresh metric objects for a Metrics value: None, a name, an object or a list.

    Names are case-insensitive. A function handle gets a clear error.
    """
    if metrics is None:
        return []
    items = metrics if isinstance(metrics, (list, tuple)) else [metrics]
    out = []
    for m in items:
        if isinstance(m, Metric):
            clone = object.__new__(type(m))
            clone.__dict__.update(m.__dict__)
            clone.reset()
            out.append(clone)
        elif isinstance(m, str) and m.lower() in METRIC_NAMES:
            out.append(METRIC_NAMES[m.lower()]())
        elif callable(m) and not isinstance(m, str):
            raise MatlabnnValueError(
                f"{function}: custom metric functions (function handles) are not supported "
                "by matlabnn yet. Use a built-in metric: " + _listing() + ".",
                f"nnet_cnn:{function}:UnsupportedMetric")
        else:
            raise MatlabnnValueError(
                f"{function}: invalid metric {m!r}. Use a built-in metric name or object: "
                + _listing() + ".", f"nnet_cnn:{function}:InvalidMetric")
    names = [m.Name for m in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise MatlabnnValueError(f"{function}: metric names must be unique; "
                                 f"'{dup[0]}' is used twice. Set Name= on the metric objects.",
                                 f"nnet_cnn:{function}:DuplicateMetricNames")
    return out


def _listing():
    return ", ".join(f'"{n}"' for n in METRIC_NAMES) + " (or accuracyMetric(), rmseMetric(), ...)"


def is_metric(value):
    return isinstance(value, Metric)


def check_metric_task(metric, is_classification, function="trainnet"):
    """A classification metric needs a classification loss, and the other way round."""
    if metric._is_classification != is_classification:
        kind = "classification" if metric._is_classification else "regression"
        raise MatlabnnTypeError(
            f'{function}: the metric "{metric.Name}" is a {kind} metric, but the loss is a '
            f"{'classification' if is_classification else 'regression'} loss. Use "
            + ('"accuracy", "fscore", "precision", "recall" or "auc"' if is_classification
               else '"rmse" or "mape"') + ".", f"nnet_cnn:{function}:MetricTaskMismatch")
