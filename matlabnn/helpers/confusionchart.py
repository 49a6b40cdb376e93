"""confusionchart: MATLAB's confusion matrix chart, drawn with matplotlib."""
import numpy as np

from .._namevalue import (Option, _brief, choice, numeric_array, parse, real_scalar,
                          resolve_name, text)
from .._signature import matlab_syntax
from ..categorical import categorical
from ..display.text import TIMES, property_block
from ..errors import MatlabnnTypeError, MatlabnnValueError
from .confusionmat import confusionmat

BLUE = (0.0, 0.4470, 0.7410)      # MATLAB's default DiagonalColor
RED = (0.8500, 0.3250, 0.0980)    # and OffDiagonalColor

NORMALIZATIONS = ("absolute", "column-normalized", "row-normalized", "total-normalized")
ROW_SUMMARIES = ("off", "absolute", "row-normalized", "total-normalized")
COLUMN_SUMMARIES = ("off", "absolute", "column-normalized", "total-normalized")


def _color(value, ctx):
    arr = numeric_array(value, float)
    if arr is None or arr.shape != (3,) or np.any((arr < 0) | (arr > 1)):
        ctx.fail(f"Expected an RGB triplet [r g b] with values in [0, 1]; got {_brief(value)}.")
    return tuple(float(v) for v in arr)


def _on_off(value, ctx):
    if isinstance(value, (bool, np.bool_)):
        return "on" if value else "off"
    return choice("on", "off")(value, ctx)


PROPERTIES = (
    Option("Title", "", text),
    Option("XLabel", "Predicted Class", text),
    Option("YLabel", "True Class", text),
    Option("Normalization", "absolute", choice(*NORMALIZATIONS)),
    Option("RowSummary", "off", choice(*ROW_SUMMARIES)),
    Option("ColumnSummary", "off", choice(*COLUMN_SUMMARIES)),
    Option("DiagonalColor", BLUE, _color),
    Option("OffDiagonalColor", RED, _color),
    Option("FontSize", 10.0, real_scalar(0, lo_open=True)),
    Option("GridVisible", "on", _on_off),
)
_NAMES = [o.name for o in PROPERTIES]


class ConfusionMatrixChart:
    """The chart ``confusionchart`` returns; setting a property redraws it.

    Properties (MATLAB's names): ``NormalizedValues`` (read-only: the cell values
    as shown, per ``Normalization``), ``ClassLabels`` (categorical, or the labels
    given), ``Title``, ``XLabel`` ('Predicted Class'), ``YLabel`` ('True Class'),
    ``Normalization`` ('absolute', 'column-normalized', 'row-normalized',
    'total-normalized'), ``RowSummary`` ('off', 'absolute', 'row-normalized',
    'total-normalized'), ``ColumnSummary`` ('off', 'absolute', 'column-normalized',
    'total-normalized'), ``DiagonalColor``, ``OffDiagonalColor``, ``FontSize``,
    ``GridVisible`` and ``Parent`` (the matplotlib Figure).

    Example::

        cm = confusionchart(YTest, YPred)
        cm.Title = 'Test data'; cm.RowSummary = 'row-normalized'
        cm.Parent.savefig('confusion.png')
    """

    def __init__(self, counts, labels, figure, values):
        object.__setattr__(self, "_counts", counts)
        object.__setattr__(self, "ClassLabels", labels)
        object.__setattr__(self, "Parent", figure)
        object.__setattr__(self, "_values", dict(values))
        self._draw()

    @property
    def NormalizedValues(self):
        c = self._counts.astype(float)
        mode = self._values["Normalization"]
        with np.errstate(invalid="ignore", divide="ignore"):
            if mode == "row-normalized":
                return c / c.sum(axis=1, keepdims=True)
            if mode == "column-normalized":
                return c / c.sum(axis=0, keepdims=True)
            if mode == "total-normalized":
                return c / c.sum()
        return c

    def __getattr__(self, name):
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise AttributeError(
            f"Unrecognized property '{name}' for class 'ConfusionMatrixChart'. Properties: "
            + ", ".join(["NormalizedValues", "ClassLabels", "Parent"] + _NAMES) + ".")

    def __setattr__(self, name, value):
        if name in ("NormalizedValues", "ClassLabels", "Parent"):
            raise MatlabnnValueError(
                f"ConfusionMatrixChart: the property '{name}' is read-only. Make a new chart "
                "with confusionchart to change it.", "MATLAB:class:SetProhibited")
        canonical = resolve_name("ConfusionMatrixChart", name, _NAMES)
        values, _ = parse("ConfusionMatrixChart", PROPERTIES, (canonical, value))
        self._values[canonical] = values[canonical]
        self._draw()

    def __repr__(self):
        k = len(self._counts)
        labels = self.ClassLabels
        kind = "categorical" if isinstance(labels, categorical) else (
            "double" if isinstance(labels, np.ndarray) else "cell")
        return property_block("ConfusionMatrixChart", [(None, [
            ("NormalizedValues", self.NormalizedValues),
            ("ClassLabels", _Brief(f"[{k}{TIMES}1 {kind}]")),
        ])])

    # -- drawing ------------------------------------------------------------------------
    def _draw(self):
        fig = self.Parent
        fig.clf()
        v = self._values
        rows = v["RowSummary"] != "off"
        cols = v["ColumnSummary"] != "off"
        k = len(self._counts)
        grid = fig.add_gridspec(2 if cols else 1, 2 if rows else 1,
                                width_ratios=[k, 2.2] if rows else None,
                                height_ratios=[k, 2.2] if cols else None,
                                wspace=0.08, hspace=0.08)
        ax = fig.add_subplot(grid[0, 0])
        self._draw_matrix(ax)
        if rows:
            self._draw_summary(fig.add_subplot(grid[0, 1]), "row")
        if cols:
            self._draw_summary(fig.add_subplot(grid[1, 0]), "column")
            ax.set_xlabel("")
            ax.tick_params(labelbottom=False)
        object.__setattr__(self, "_axes", ax)

    def _labels_text(self):
        labels = self.ClassLabels
        if isinstance(labels, categorical):
            return labels.tolist()
        return [format(x, "g") if isinstance(x, (float, np.floating)) else str(x)
                for x in labels]

    def _draw_matrix(self, ax):
        v = self._values
        values = self.NormalizedValues
        k = len(values)
        finite = values[np.isfinite(values)]
        top = finite.max() if finite.size and finite.max() > 0 else 1.0
        for i in range(k):
            for j in range(k):
                value = values[i, j]
                base = v["DiagonalColor"] if i == j else v["OffDiagonalColor"]
                self._cell(ax, j, i, value, base, top, self._format(value))
        labels = self._labels_text()
        ax.set_xlim(0, k)
        ax.set_ylim(k, 0)
        ax.set_xticks(np.arange(k) + 0.5, labels, fontsize=v["FontSize"])
        ax.set_yticks(np.arange(k) + 0.5, labels, fontsize=v["FontSize"])
        ax.tick_params(length=0)
        if max((len(s) for s in labels), default=0) > 4:
            for t in ax.get_xticklabels():
                t.set_rotation(90)
        ax.set_xlabel(v["XLabel"], fontsize=v["FontSize"] + 1)
        ax.set_ylabel(v["YLabel"], fontsize=v["FontSize"] + 1)
        if v["Title"]:
            ax.set_title(v["Title"], fontsize=v["FontSize"] + 2, fontweight="bold")
        for spine in ax.spines.values():
            spine.set_color((0.15, 0.15, 0.15))

    def _cell(self, ax, x, y, value, base, top, label, width=1.0, height=1.0):
        from matplotlib.patches import Rectangle
        t = float(np.clip(value / top, 0, 1)) if np.isfinite(value) and top > 0 else 0.0
        color = tuple(1 - t * (1 - c) for c in base)      # white -> base color
        edge = (0.85, 0.85, 0.85) if self._values["GridVisible"] == "on" else color
        ax.add_patch(Rectangle((x, y), width, height, facecolor=color, edgecolor=edge,
                               linewidth=0.8))
        if label:
            ax.text(x + width / 2, y + height / 2, label, ha="center", va="center",
                    fontsize=self._values["FontSize"],
                    color="white" if t > 0.55 else (0.15, 0.15, 0.15))

    def _format(self, value, percent=None):
        if not np.isfinite(value) or value == 0:
            return ""                       # MATLAB leaves empty cells blank
        if percent is None:
            percent = self._values["Normalization"] != "absolute"
        if percent:
            return f"{100 * value:.1f}%"
        return f"{value:g}"

    def _summary_values(self, which):
        """(correct, incorrect) per class, as shown, for the row or column summary."""
        c = self._counts.astype(float)
        correct = np.diag(c)
        totals = c.sum(axis=1) if which == "row" else c.sum(axis=0)
        incorrect = totals - correct
        mode = self._values["RowSummary" if which == "row" else "ColumnSummary"]
        with np.errstate(invalid="ignore", divide="ignore"):
            if mode in ("row-normalized", "column-normalized"):
                return correct / totals, incorrect / totals, True
            if mode == "total-normalized":
                return correct / c.sum(), incorrect / c.sum(), True
        return correct, incorrect, False

    def _draw_summary(self, ax, which):
        v = self._values
        correct, incorrect, percent = self._summary_values(which)
        k = len(correct)
        top = 1.0 if percent else max(np.nanmax(np.concatenate([correct, incorrect])), 1.0)
        for n in range(k):
            for m, (value, base) in enumerate(((correct[n], v["DiagonalColor"]),
                                               (incorrect[n], v["OffDiagonalColor"]))):
                label = self._format(value, percent)
                if which == "row":
                    self._cell(ax, m, n, value, base, top, label)
                else:
                    self._cell(ax, n, m, value, base, top, label)
        if which == "row":
            ax.set_xlim(0, 2)
            ax.set_ylim(k, 0)
        else:
            ax.set_xlim(0, k)
            ax.set_ylim(2, 0)
            labels = self._labels_text()
            ax.set_xticks(np.arange(k) + 0.5, labels, fontsize=v["FontSize"])
            if max((len(s) for s in labels), default=0) > 4:
                for t in ax.get_xticklabels():
                    t.set_rotation(90)
            ax.set_xlabel(v["XLabel"], fontsize=v["FontSize"] + 1)
        if which == "row":
            ax.set_xticks([])
        ax.set_yticks([])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)


class _Brief(str):
    def _matlab_brief(self):
        return str(self)


@matlab_syntax("confusionchart(trueLabels, predictedLabels)", "confusionchart(m)",
               "confusionchart(m, classLabels)", "confusionchart(parent, ...)",
               "cm = confusionchart(..., Name, Value)")
def confusionchart(*args, **kwargs):
    """Confusion matrix chart, as MATLAB's ``confusionchart`` (a matplotlib figure).

    MATLAB syntax, the same in Python::

        confusionchart(trueLabels, predictedLabels)
        confusionchart(m)                    % a K-by-K matrix of counts
        confusionchart(m, classLabels)
        confusionchart(parent, ___)          % parent: a matplotlib Figure
        cm = confusionchart(___, Name, Value)

    Rows are the true classes, columns the predicted ones (``confusionmat``).
    Diagonal cells are blue, off-diagonal ones red, darker for larger values;
    zero cells are blank. Name-value options (also properties of the returned
    ``ConfusionMatrixChart``; setting one redraws the chart):

    - ``Title`` -- '' (default); ``XLabel`` -- 'Predicted Class'; ``YLabel`` --
      'True Class'.
    - ``Normalization`` -- 'absolute' (default, counts), 'row-normalized',
      'column-normalized', 'total-normalized' (cells show percentages).
    - ``RowSummary`` -- 'off' (default), 'absolute', 'row-normalized' (per true
      class: correct and incorrect, the true positive and false negative rates),
      'total-normalized'.
    - ``ColumnSummary`` -- 'off' (default), 'absolute', 'column-normalized' (per
      predicted class: the positive predictive value and false discovery rate),
      'total-normalized'.
    - ``DiagonalColor`` -- [0 0.4470 0.7410]; ``OffDiagonalColor`` --
      [0.8500 0.3250 0.0980]; ``FontSize`` -- 10; ``GridVisible`` -- 'on'.

    Without a ``parent`` it draws in a new figure (``cm.Parent``); call
    ``matplotlib.pyplot.show()`` or ``cm.Parent.savefig(...)`` to see it.

    Example::

        YPred = classify(net, XTest)
        cm = confusionchart(YTest, YPred, 'Title', 'Test data',
                            'RowSummary', 'row-normalized',
                            'ColumnSummary', 'column-normalized')
    """
    args = list(args)
    figure = None
    if args and _is_figure(args[0]):
        figure = args.pop(0)
    data, pairs = _split_data(args)
    values, _ = parse("confusionchart", PROPERTIES, pairs, kwargs)
    counts, labels = _counts_and_labels(data)
    if figure is None:
        import matplotlib.pyplot as plt
        figure = plt.figure(figsize=(6.4 + 0.9 * (values["RowSummary"] != "off"),
                                     5.4 + 0.9 * (values["ColumnSummary"] != "off")))
    return ConfusionMatrixChart(counts, labels, figure, values)


def _is_figure(x):
    from matplotlib.figure import Figure, SubFigure
    return isinstance(x, (Figure, SubFigure))


def _split_data(args):
    """(data arguments, name-value pairs): the options start at the first text argument."""
    for k, a in enumerate(args):
        if isinstance(a, str):
            return args[:k], args[k:]
    return args, []


def _counts_and_labels(data):
    usage = ("Use confusionchart(trueLabels, predictedLabels), confusionchart(m) or "
             "confusionchart(m, classLabels).")
    if not data:
        raise MatlabnnTypeError(f"confusionchart: Not enough input arguments. {usage}",
                                "MATLAB:minrhs")
    if len(data) > 2:
        raise MatlabnnTypeError(
            f"confusionchart: Too many input arguments ({len(data)} data arguments). {usage}",
            "MATLAB:TooManyInputs")
    first = data[0]
    arr = None if isinstance(first, (categorical, list, tuple)) else np.asarray(first)
    if arr is not None and arr.ndim == 2 and arr.shape[0] == arr.shape[1] and \
            arr.shape[0] > 1 and arr.dtype.kind in "biuf":
        if np.any(arr < 0) or not np.all(np.isfinite(arr)):
            raise MatlabnnValueError(
                "confusionchart: the confusion matrix m must have finite, nonnegative "
                "values.", "MATLAB:confusionchart:InvalidMatrix")
        if len(data) == 1:
            labels = [str(k) for k in range(1, arr.shape[0] + 1)]
        else:
            labels = data[1]
            n = len(labels) if not isinstance(labels, np.ndarray) else labels.size
            if n != arr.shape[0]:
                raise MatlabnnValueError(
                    f"confusionchart: classLabels must have one label per row of m "
                    f"({arr.shape[0]}); got {n}.", "MATLAB:confusionchart:LabelsMismatch")
            if isinstance(labels, np.ndarray):
                labels = labels.reshape(-1)
        return arr.astype(np.int64) if np.all(arr == np.round(arr)) else arr, labels
    if len(data) != 2:
        raise MatlabnnTypeError(
            "confusionchart: Not enough input arguments. Give true and predicted labels, "
            "confusionchart(trueLabels, predictedLabels), or a square matrix of counts, "
            f"confusionchart(m); got {_brief(first)} alone.", "MATLAB:minrhs")
    counts, order = confusionmat(data[0], data[1], nargout=2)
    return counts, order
