"""``trainingOptions``: the training options objects of MATLAB's Deep Learning Toolbox.

``options = trainingOptions(solverName, Name=Value)`` returns a
:class:`TrainingOptionsSGDM`, :class:`TrainingOptionsADAM` or
:class:`TrainingOptionsRMSProp`. Every option is an attribute with MATLAB's name,
holds MATLAB's default for that solver, is validated when given and when
assigned later (``options.MaxEpochs = 5``), and the object prints as MATLAB's
command window prints it (R2023b property order).

The option tables below are the one place where the defaults live.
"""
import math
import os

import numpy as np

from ._namevalue import (Option, choice, logical, parse, positive_integer, real_scalar,
                         text, _brief, is_logical)
from ._hardware import execution_environment
from ._signature import matlab_syntax
from .display.text import MString, property_block
from .engine.pipeline import SEQUENCE_OPTIONS
from .errors import MatlabnnError, MatlabnnTypeError, MatlabnnValueError

__all__ = ["trainingOptions", "TrainingOptions", "TrainingOptionsSGDM",
           "TrainingOptionsADAM", "TrainingOptionsRMSProp"]

_FUNCTION = "trainingOptions"
SOLVERS = ("sgdm", "adam", "rmsprop")


class UnrecognizedPropertyError(MatlabnnError, AttributeError):
    """Assignment to a property that the options object does not have."""

    default_identifier = "MATLAB:noPublicFieldForClass"


# ---------------------------------------------------------------------------
# Validators specific to trainingOptions (built on the generic ones).

def _empty(value):
    """MATLAB's ``[]``: None, an empty list/tuple or an empty array."""
    if value is None:
        return True
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return True
    return isinstance(value, np.ndarray) and value.size == 0


_positive_integer = positive_integer()


def _validation_data(value, ctx):
    """[] or a two-element cell {X, Y} (a Python list or tuple of two)."""
    if _empty(value):
        return None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return value
    ctx.fail("Expected [] (None) or a cell array {XValidation, YValidation}, given as a "
             "list or tuple of two elements [XValidation, YValidation]; "
             f"got {_brief(value)}.")


def _output_fcn(value, ctx):
    """[] (None), a function handle (callable) or a cell array of them (list)."""
    from .callbacks import check_output_fcn_signature
    if _empty(value):
        return None
    if callable(value):
        check_output_fcn_signature(value)
        return value
    if isinstance(value, (list, tuple)) and all(callable(f) for f in value):
        for f in value:
            check_output_fcn_signature(f)
        return list(value)
    ctx.fail("Expected [] (None), a function handle (a Python callable) or a cell array "
             f"of function handles (a list of callables); got {_brief(value)}.")


def _checkpoint_path(value, ctx):
    """'' (no checkpoints) or an existing folder."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    value = text(value, ctx)
    if value and not os.path.isdir(value):
        ctx.fail(f"The folder '{value}' does not exist. Create it first (mkdir), or use '' "
                 "to save no checkpoints.")
    return value


def _metrics(value, ctx):
    """[] (None), a metric name, a metric object, a function handle, or a list of them."""
    from .metrics import METRIC_NAMES, is_metric
    if _empty(value):
        return None

    def one(m):
        if isinstance(m, str):
            if m.lower() not in METRIC_NAMES:
                ctx.fail(f"'{m}' is not a built-in metric. Use one of: "
                         + ", ".join(f"'{n}'" for n in METRIC_NAMES)
                         + ", a metric object (accuracyMetric(), rmseMetric(), ...) or a "
                         "function handle.")
            return MString(m.lower())     # MATLAB shows Metrics as a string
        if callable(m) or is_metric(m):
            return m
        return None

    if isinstance(value, (str,)) or callable(value) or is_metric(value):
        return one(value)
    if isinstance(value, (list, tuple)) and all(isinstance(m, str) or callable(m) or is_metric(m)
                                                 for m in value):
        return [one(m) for m in value]
    ctx.fail("Expected [] (None), a metric name such as 'accuracy' or 'rmse', a metric "
             f"object, a function handle, or a list of them; got {_brief(value)}.")


def _data_formats(value, ctx):
    """"auto", a data-format string such as "CTB", or a list of them (a MATLAB string)."""
    if isinstance(value, str):
        return MString("auto" if value.lower() == "auto" else value)
    if isinstance(value, (list, tuple)) and value and all(isinstance(f, str) for f in value):
        return [MString(f) for f in value]
    ctx.fail(f"Expected \"auto\", a data format such as \"CTB\", or a list of data formats; "
             f"got {_brief(value)}.")


_acceleration_choice = choice("auto", "none")


def _acceleration(value, ctx):
    return MString(_acceleration_choice(value, ctx))


def _worker_load(value, ctx):
    """[] (None), a nonnegative scalar or a vector of nonnegative numbers."""
    if _empty(value):
        return None
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        a = None
    if a is None or is_logical(value) or isinstance(value, str) \
            or (a.ndim > 1 and sum(d != 1 for d in a.shape) > 1) \
            or not np.all(np.isfinite(a)) or np.any(a < 0):
        ctx.fail(f"Expected [] (None), a nonnegative scalar or a vector of nonnegative "
                 f"numbers; got {_brief(value)}.")
    return float(a) if a.ndim == 0 else a


_unit_closed = real_scalar(0.0, 1.0)                       # [0, 1]
_unit_halfopen = real_scalar(0.0, 1.0, hi_open=True)        # [0, 1)
_positive = real_scalar(0.0, lo_open=True)                  # > 0
_nonnegative = real_scalar(0.0)                             # >= 0
_positive_or_inf = real_scalar(0.0, lo_open=True, allow_inf=True)


# ---------------------------------------------------------------------------
# The option tables (display order of R2023b's trainingOptions('sgdm'); the
# solver-specific options come first, as MATLAB shows them).

def _solver_options(solver):
    if solver == "sgdm":
        return [Option("Momentum", 0.9, _unit_closed)]
    if solver == "adam":
        return [Option("GradientDecayFactor", 0.9, _unit_halfopen),
                Option("SquaredGradientDecayFactor", 0.999, _unit_halfopen),
                Option("Epsilon", 1e-8, _positive)]
    return [Option("SquaredGradientDecayFactor", 0.9, _unit_halfopen),
            Option("Epsilon", 1e-8, _positive)]


def _common_options(solver):
    return [
        Option("InitialLearnRate", 0.01 if solver == "sgdm" else 0.001, _positive),
        Option("MaxEpochs", 30, _positive_integer),
        Option("LearnRateSchedule", "none", choice("none", "piecewise")),
        Option("LearnRateDropFactor", 0.1, _unit_closed),
        Option("LearnRateDropPeriod", 10, _positive_integer),
        SEQUENCE_OPTIONS["MiniBatchSize"],
        Option("Shuffle", "once", choice("once", "never", "every-epoch")),
        Option("CheckpointFrequency", 1, _positive_integer),
        Option("CheckpointFrequencyUnit", "epoch", choice("epoch", "iteration")),
        SEQUENCE_OPTIONS["SequenceLength"],
        Option("PreprocessingEnvironment", "serial",
               choice("serial", "background", "parallel")),
        Option("L2Regularization", 1e-4, _nonnegative),
        Option("GradientThresholdMethod", "l2norm",
               choice("l2norm", "global-l2norm", "absolute-value")),
        Option("GradientThreshold", math.inf, _positive_or_inf),
        Option("Verbose", True, logical),
        Option("VerboseFrequency", 50, _positive_integer),
        Option("ValidationData", None, _validation_data),
        Option("ValidationFrequency", 50, _positive_integer),
        Option("ValidationPatience", math.inf, positive_integer(allow_inf=True)),
        Option("ObjectiveMetricName", "loss", text),
        Option("CheckpointPath", "", _checkpoint_path),
        Option("ExecutionEnvironment", "auto",
               choice("auto", "cpu", "gpu", "multi-gpu", "parallel")),
        Option("OutputFcn", None, _output_fcn),
        Option("Metrics", None, _metrics),
        Option("Plots", "none", choice("none", "training-progress")),
        SEQUENCE_OPTIONS["SequencePaddingValue"],
        SEQUENCE_OPTIONS["SequencePaddingDirection"],
        Option("InputDataFormats", MString("auto"), _data_formats),
        Option("TargetDataFormats", MString("auto"), _data_formats),
        Option("ResetInputNormalization", True, logical),
        Option("BatchNormalizationStatistics", "auto",
               choice("population", "moving", "auto")),
        Option("OutputNetwork", "auto",
               choice("auto", "last-iteration", "best-validation-loss", "best-validation")),
        Option("Acceleration", MString("auto"), _acceleration),
    ]


# Accepted and stored, but not shown by R2023b's display (hidden properties there).
def _hidden_options():
    return [Option("DispatchInBackground", False, logical),
            Option("WorkerLoad", None, _worker_load)]


_HIDDEN = frozenset(o.name for o in _hidden_options())

# The display order of trainingOptions in the trainnet era (R2024a+): the head of
# the list is MATLAB's documented display, the order after SequencePaddingDirection
# is pinned (README "Differences from MATLAB").
_TRAINNET_ORDER = (
    "Momentum", "GradientDecayFactor", "SquaredGradientDecayFactor", "Epsilon",
    "MaxEpochs", "InitialLearnRate", "LearnRateSchedule", "LearnRateDropFactor",
    "LearnRateDropPeriod", "MiniBatchSize", "Shuffle", "CheckpointFrequencyUnit",
    "PreprocessingEnvironment", "Verbose", "VerboseFrequency", "ValidationData",
    "ValidationFrequency", "ValidationPatience", "Metrics", "ObjectiveMetricName",
    "ExecutionEnvironment", "Plots", "OutputFcn", "SequenceLength", "SequencePaddingValue",
    "SequencePaddingDirection", "InputDataFormats", "TargetDataFormats",
    "ResetInputNormalization", "BatchNormalizationStatistics", "OutputNetwork",
    "Acceleration", "CheckpointPath", "CheckpointFrequency", "L2Regularization",
    "GradientThresholdMethod", "GradientThreshold")
_TRAINNET_FUNCTIONS = ("trainnet", "testnet", "minibatchpredict")
_TRAINNET_ONLY = frozenset(("Metrics", "ObjectiveMetricName", "InputDataFormats",
                            "TargetDataFormats"))


def _table(solver):
    return _solver_options(solver) + _common_options(solver) + _hidden_options()


def _not_an_option(solver):
    return lambda name: f"'{name}' is not an option for solver '{solver}'."


# ---------------------------------------------------------------------------
# The options objects.

class TrainingOptions:
    """Base class of the training options objects (MATLAB's ``nnet.cnn.TrainingOptions``).

    Do not create it directly: use :func:`trainingOptions`. Every option is an
    attribute with MATLAB's name; assigning one validates the value as
    ``trainingOptions`` does::

        options = trainingOptions('adam')
        options.MaxEpochs = 5
        options.InitialLearnRate = 0.005

    ``solver_name`` is 'sgdm', 'adam' or 'rmsprop'.
    """

    solver_name = None
    _TABLE = ()

    def __init__(self, *pairs, **kwargs):
        values, given = parse(_FUNCTION, self._TABLE, pairs, kwargs,
                              unknown_message=_not_an_option(self.solver_name))
        for name, value in values.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_given", set(given))
        object.__setattr__(self, "_used_by_trainnet", False)

    # -- MATLAB-style property assignment -----------------------------------------
    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        by_name = {o.name: o for o in self._TABLE}
        if name not in by_name:
            cls = type(self).__name__
            close = [n for n in by_name if n.lower() == name.lower()]
            hint = (f" Did you mean '{close[0]}'?" if close else
                    f" '{name}' is not an option for solver '{self.solver_name}'. "
                    "Properties are: " + ", ".join(o.name for o in self._TABLE) + ".")
            raise UnrecognizedPropertyError(
                f"Unrecognized property '{name}' for class '{cls}'.{hint}")
        values, _ = parse(type(self).__name__, [by_name[name]], (), {name: value})
        object.__setattr__(self, name, values[name])
        self._given.add(name)

    def __delattr__(self, name):
        raise MatlabnnTypeError(f"Cannot delete property '{name}' of class "
                                f"'{type(self).__name__}'.")

    def __getattr__(self, name):
        # Only called for attributes that do not exist.
        if name.startswith("__") or name.startswith("_"):
            raise AttributeError(name)
        raise UnrecognizedPropertyError(
            f"Unrecognized method, property, or field '{name}' for class "
            f"'{type(self).__name__}'.", "MATLAB:noSuchMethodOrField")

    # -- display ---------------------------------------------------------------------
    def properties(self):
        """MATLAB's ``properties(options)``: the displayed option names, in display order."""
        return [o.name for o in self._TABLE if o.name not in _HIDDEN]

    def __repr__(self):
        names = self.properties()
        if self._trainnet_display():
            names = sorted(names, key=_TRAINNET_ORDER.index)
        items = [(name, getattr(self, name)) for name in names]
        return property_block(type(self).__name__, [(None, items)])

    def _trainnet_display(self):
        """True when the object displays in the trainnet-era (R2024a) property order:
        it was used by trainnet, or sets an option only trainnet uses (Metrics,
        ObjectiveMetricName, InputDataFormats, TargetDataFormats)."""
        return self._used_by_trainnet or bool(self._given & _TRAINNET_ONLY)

    __str__ = __repr__

    # -- helpers for trainNetwork ----------------------------------------------------
    def _check_supported(self, function="trainNetwork"):
        """Raise MatlabnnValueError if an option asks for something matlabnn cannot do.

        ExecutionEnvironment 'gpu', 'multi-gpu' and 'parallel' train on the CPU
        with a warning instead. matlabnn trains on one CPU, in the calling process, with its own fixed
        metrics and data formats. Options that would change that are accepted by
        ``trainingOptions`` (so MATLAB scripts run unchanged up to the training
        call) but refused here, naming the option, the value and what to use
        instead. Options without effect here (ObjectiveMetricName, Acceleration)
        never raise.
        """
        def refuse(option, value, instead):
            raise MatlabnnValueError(
                f"{function}: {option} {value} is not supported by matlabnn, which "
                f"{instead}",
                f"matlabnn:{function}:Unsupported{option}")

        execution_environment(function, self.ExecutionEnvironment)   # GPU values: a warning
        if self.DispatchInBackground:
            refuse("DispatchInBackground", "true (1)",
                   "reads data in the training process. Use false (0).")
        if self.WorkerLoad is not None:
            refuse("WorkerLoad", "(non-empty)",
                   "trains on a single CPU without parallel workers. Use [] (None).")
        if self.PreprocessingEnvironment != "serial":
            refuse("PreprocessingEnvironment", f"'{self.PreprocessingEnvironment}'",
                   "preprocesses data in the training process. Use 'serial'.")
        if function in _TRAINNET_FUNCTIONS:
            return          # Metrics and the data formats are trainnet's own options
        if self.Metrics is not None:
            refuse("Metrics", "(non-empty)",
                   "reports the loss and the RMSE (regression) or accuracy "
                   "(classification) itself, as trainNetwork does. Use [] (None), or train "
                   "with trainnet, which takes Metrics.")
        for option in ("InputDataFormats", "TargetDataFormats"):
            value = getattr(self, option)
            if not (isinstance(value, str) and value == "auto"):
                shown = (f'"{value}"' if isinstance(value, str)
                         else "{" + ", ".join(f'"{v}"' for v in value) + "}")
                refuse(option, shown,
                       "takes sequences in MATLAB's C-by-S layout. Use \"auto\".")

    def _output_network(self, has_validation, function="trainNetwork"):
        """The OutputNetwork that training uses: 'auto' resolved (design decision 4).

        'auto' means 'best-validation-loss' with ValidationData, else
        'last-iteration'. 'best-validation-loss' without validation data raises.
        """
        value = self.OutputNetwork
        if value == "best-validation":          # the trainnet-era name (R2024a)
            value = "best-validation-loss"
        if value == "auto":
            return "best-validation-loss" if has_validation else "last-iteration"
        if value == "best-validation-loss" and not has_validation:
            raise MatlabnnValueError(
                f"{function}: OutputNetwork 'best-validation-loss' needs validation "
                "data. Set ValidationData, or use OutputNetwork 'last-iteration' or 'auto'.",
                f"{function}:OutputNetworkNeedsValidationData")
        return value


def _make_class(class_name, solver, doc):
    cls = type(class_name, (TrainingOptions,), {
        "__doc__": doc, "solver_name": solver, "_TABLE": tuple(_table(solver)),
        "__module__": __name__})
    return cls


TrainingOptionsSGDM = _make_class("TrainingOptionsSGDM", "sgdm", """\
Training options for stochastic gradient descent with momentum.

MATLAB: ``options = trainingOptions('sgdm', Name, Value)``. Solver-specific
option: ``Momentum`` (default 0.9, in [0, 1]); InitialLearnRate defaults to
0.01. See :func:`trainingOptions` for every option.

Example::

    options = trainingOptions('sgdm', 'Momentum', 0.95, 'MaxEpochs', 20)
""")

TrainingOptionsADAM = _make_class("TrainingOptionsADAM", "adam", """\
Training options for the Adam solver.

MATLAB: ``options = trainingOptions('adam', Name, Value)``. Solver-specific
options: ``GradientDecayFactor`` (0.9, in [0, 1)), ``SquaredGradientDecayFactor``
(0.999, in [0, 1)), ``Epsilon`` (1e-8, > 0); InitialLearnRate defaults to 0.001.
See :func:`trainingOptions` for every option.

Example::

    options = trainingOptions('adam', GradientThreshold=1, MaxEpochs=60)
""")

TrainingOptionsRMSProp = _make_class("TrainingOptionsRMSProp", "rmsprop", """\
Training options for the RMSProp solver.

MATLAB: ``options = trainingOptions('rmsprop', Name, Value)``. Solver-specific
options: ``SquaredGradientDecayFactor`` (0.9, in [0, 1)), ``Epsilon`` (1e-8, > 0);
InitialLearnRate defaults to 0.001. See :func:`trainingOptions` for every option.

Example::

    options = trainingOptions('rmsprop', 'SquaredGradientDecayFactor', 0.99)
""")

_CLASSES = {"sgdm": TrainingOptionsSGDM, "adam": TrainingOptionsADAM,
            "rmsprop": TrainingOptionsRMSProp}


@matlab_syntax('options = trainingOptions(solverName)', 'trainingOptions(solverName, Name=Value)')
def trainingOptions(solverName=None, /, *pairs, **kwargs):
    """Options for training a deep learning network (MATLAB's ``trainingOptions``).

    MATLAB syntax and its Python forms::

        options = trainingOptions(solverName)
        options = trainingOptions(solverName, 'Name', Value, ...)
        options = trainingOptions(solverName, Name=Value, ...)   # mixed forms allowed

    ``solverName`` is ``'sgdm'`` (stochastic gradient descent with momentum),
    ``'adam'`` or ``'rmsprop'`` (case-insensitive). The result is a
    ``TrainingOptionsSGDM``, ``TrainingOptionsADAM`` or ``TrainingOptionsRMSProp``
    object whose attributes are the options below; options can be changed later
    (``options.MaxEpochs = 5``) and are validated on assignment. Option names are
    case-insensitive and may be abbreviated to a unique prefix; string values are
    case-insensitive. An option that does not belong to the solver raises
    ``'Momentum' is not an option for solver 'adam'.``

    Solver options:

    - ``InitialLearnRate`` -- positive scalar; 0.01 for 'sgdm', 0.001 for 'adam' and 'rmsprop'.
    - ``Momentum`` ('sgdm' only) -- in [0, 1]; 0.9.
    - ``GradientDecayFactor`` ('adam' only) -- in [0, 1); 0.9.
    - ``SquaredGradientDecayFactor`` ('adam', 'rmsprop') -- in [0, 1); 0.999 for 'adam',
      0.9 for 'rmsprop'.
    - ``Epsilon`` ('adam', 'rmsprop') -- positive scalar; 1e-8.
    - ``LearnRateSchedule`` -- 'none' (default) or 'piecewise'.
    - ``LearnRateDropFactor`` -- in [0, 1]; 0.1 (multiplies the rate every
      LearnRateDropPeriod epochs with 'piecewise').
    - ``LearnRateDropPeriod`` -- positive integer (epochs); 10.
    - ``L2Regularization`` -- nonnegative scalar; 1e-4.
    - ``GradientThresholdMethod`` -- 'l2norm' (default, per learnable array),
      'global-l2norm' or 'absolute-value'.
    - ``GradientThreshold`` -- positive scalar or Inf; Inf (no clipping).

    Data and loop:

    - ``MaxEpochs`` -- positive integer; 30.
    - ``MiniBatchSize`` -- positive integer; 128.
    - ``Shuffle`` -- 'once' (default), 'never' or 'every-epoch'.
    - ``SequenceLength`` -- 'longest' (default), 'shortest' or a positive integer
      (split sequences into chunks of that many time steps).
    - ``SequencePaddingValue`` -- real scalar; 0.
    - ``SequencePaddingDirection`` -- 'right' (default) or 'left'.
    - ``ResetInputNormalization`` -- logical; true.

    Validation:

    - ``ValidationData`` -- [] (None, default) or ``{XValidation, YValidation}``,
      given as a list or tuple ``[XValidation, YValidation]``.
    - ``ValidationFrequency`` -- positive integer (iterations); 50.
    - ``ValidationPatience`` -- positive integer or Inf; Inf (no early stopping).
    - ``OutputNetwork`` -- 'auto' (default: 'best-validation-loss' when ValidationData
      is given, else 'last-iteration'), 'last-iteration' or 'best-validation-loss'.

    Monitoring:

    - ``Verbose`` -- logical; true (print the progress table).
    - ``VerboseFrequency`` -- positive integer (iterations); 50.
    - ``Plots`` -- 'none' (default) or 'training-progress'.
    - ``OutputFcn`` -- [] (None, default), a function (callable) or a list of functions,
      called with the info struct; returning true stops training.
    - ``CheckpointPath`` -- '' (default, no checkpoints) or an existing folder.
    - ``CheckpointFrequency`` -- positive integer; 1.
    - ``CheckpointFrequencyUnit`` -- 'epoch' (default) or 'iteration'.

    Hardware and newer options (accepted and stored; training refuses the values
    that need hardware or features matlabnn does not have):

    - ``ExecutionEnvironment`` -- 'auto' (default), 'cpu', 'gpu', 'multi-gpu',
      'parallel'; matlabnn trains on the CPU (with 'gpu', 'multi-gpu' and 'parallel'
      trainNetwork warns once and trains on the CPU).
    - ``DispatchInBackground`` -- logical; false. ``WorkerLoad`` -- []; both hidden
      in the display, as in R2023b.
    - ``PreprocessingEnvironment`` -- 'serial' (default), 'background', 'parallel'.
    - ``BatchNormalizationStatistics`` -- 'auto' (default, = 'population': batch-normalization
      statistics recomputed over the training data after training) or 'moving'.
    - ``Metrics`` -- [] (default), metric names or functions (trainnet only).
    - ``ObjectiveMetricName`` -- 'loss'.
    - ``InputDataFormats``, ``TargetDataFormats`` -- "auto".
    - ``Acceleration`` -- "auto" (default) or "none".

    Example::

        options = trainingOptions('adam', 'MaxEpochs', 60, 'MiniBatchSize', 20,
                                  GradientThreshold=1, InitialLearnRate=0.005,
                                  Verbose=False)
        options.Shuffle = 'every-epoch'
    """
    if solverName is None:
        raise MatlabnnTypeError(
            "trainingOptions: Not enough input arguments. The first argument must be the "
            "solver name: 'sgdm', 'adam' or 'rmsprop'.", "MATLAB:minrhs")
    cls = None
    if isinstance(solverName, str):
        cls = _CLASSES.get(solverName.lower())
    if cls is None:
        raise MatlabnnValueError(
            f"trainingOptions: invalid solver name {_brief(solverName)}. Expected "
            "solverName to match one of these values: 'sgdm', 'adam', 'rmsprop'.",
            "nnet_cnn:trainingOptions:InvalidSolverName")
    return cls(*pairs, **kwargs)
