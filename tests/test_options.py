"""trainingOptions: defaults, parsing, validation, display, assignment, support checks."""
import copy
import math

import numpy as np
import pytest

from matlabnn.display.text import MString
from matlabnn.errors import InvalidOptionError, MatlabnnError, MatlabnnTypeError, \
    MatlabnnValueError
from matlabnn.options import (TrainingOptions, TrainingOptionsADAM, TrainingOptionsRMSProp,
                              TrainingOptionsSGDM, UnrecognizedPropertyError, trainingOptions)

# R2023b/R2024a `trainingOptions('sgdm')`, spec §4.1 (MATLAB Answers 2102116).
SGDM_DEFAULT_DISPLAY = """\
  TrainingOptionsSGDM with properties:

                        Momentum: 0.9000
                InitialLearnRate: 0.0100
                       MaxEpochs: 30
               LearnRateSchedule: 'none'
             LearnRateDropFactor: 0.1000
             LearnRateDropPeriod: 10
                   MiniBatchSize: 128
                         Shuffle: 'once'
             CheckpointFrequency: 1
         CheckpointFrequencyUnit: 'epoch'
                  SequenceLength: 'longest'
        PreprocessingEnvironment: 'serial'
                L2Regularization: 1.0000e-04
         GradientThresholdMethod: 'l2norm'
               GradientThreshold: Inf
                         Verbose: 1
                VerboseFrequency: 50
                  ValidationData: []
             ValidationFrequency: 50
              ValidationPatience: Inf
             ObjectiveMetricName: 'loss'
                  CheckpointPath: ''
            ExecutionEnvironment: 'auto'
                       OutputFcn: []
                         Metrics: []
                           Plots: 'none'
            SequencePaddingValue: 0
        SequencePaddingDirection: 'right'
                InputDataFormats: "auto"
               TargetDataFormats: "auto"
         ResetInputNormalization: 1
    BatchNormalizationStatistics: 'auto'
                   OutputNetwork: 'auto'
                    Acceleration: "auto"
"""

COMMON_DEFAULTS = {
    "MaxEpochs": 30, "LearnRateSchedule": "none", "LearnRateDropFactor": 0.1,
    "LearnRateDropPeriod": 10, "MiniBatchSize": 128, "Shuffle": "once",
    "CheckpointFrequency": 1, "CheckpointFrequencyUnit": "epoch",
    "SequenceLength": "longest", "PreprocessingEnvironment": "serial",
    "L2Regularization": 1e-4, "GradientThresholdMethod": "l2norm",
    "GradientThreshold": math.inf, "Verbose": True, "VerboseFrequency": 50,
    "ValidationData": None, "ValidationFrequency": 50, "ValidationPatience": math.inf,
    "ObjectiveMetricName": "loss", "CheckpointPath": "", "ExecutionEnvironment": "auto",
    "OutputFcn": None, "Metrics": None, "Plots": "none", "SequencePaddingValue": 0,
    "SequencePaddingDirection": "right", "InputDataFormats": "auto",
    "TargetDataFormats": "auto", "ResetInputNormalization": True,
    "BatchNormalizationStatistics": "auto", "OutputNetwork": "auto", "Acceleration": "auto",
    "DispatchInBackground": False, "WorkerLoad": None,
}


# ---------------------------------------------------------------------------
# Solvers and defaults

@pytest.mark.parametrize("name, cls", [("sgdm", TrainingOptionsSGDM),
                                       ("adam", TrainingOptionsADAM),
                                       ("rmsprop", TrainingOptionsRMSProp),
                                       ("SGDM", TrainingOptionsSGDM),
                                       ("Adam", TrainingOptionsADAM),
                                       ("RMSProp", TrainingOptionsRMSProp)])
def test_solver_classes(name, cls):
    o = trainingOptions(name)
    assert type(o) is cls
    assert isinstance(o, TrainingOptions)
    assert o.solver_name == name.lower()


@pytest.mark.parametrize("solver", ["sgdm", "adam", "rmsprop"])
def test_common_defaults(solver):
    o = trainingOptions(solver)
    for name, value in COMMON_DEFAULTS.items():
        assert getattr(o, name) == value, name


def test_solver_specific_defaults():
    s = trainingOptions("sgdm")
    assert s.InitialLearnRate == 0.01 and s.Momentum == 0.9
    a = trainingOptions("adam")
    assert a.InitialLearnRate == 0.001
    assert a.GradientDecayFactor == 0.9
    assert a.SquaredGradientDecayFactor == 0.999
    assert a.Epsilon == 1e-8
    r = trainingOptions("rmsprop")
    assert r.InitialLearnRate == 0.001
    assert r.SquaredGradientDecayFactor == 0.9
    assert r.Epsilon == 1e-8
    for o, absent in [(s, ["GradientDecayFactor", "SquaredGradientDecayFactor", "Epsilon"]),
                      (a, ["Momentum"]), (r, ["Momentum", "GradientDecayFactor"])]:
        for name in absent:
            assert not hasattr(o, name)


def test_string_types_of_defaults():
    o = trainingOptions("sgdm")
    for name in ("InputDataFormats", "TargetDataFormats", "Acceleration"):
        assert isinstance(getattr(o, name), MString)
    assert not isinstance(o.Shuffle, MString)
    assert isinstance(o.MaxEpochs, int)


def test_direct_construction_equals_function():
    o = TrainingOptionsADAM("MaxEpochs", 3)
    assert o.MaxEpochs == 3 and o.InitialLearnRate == 0.001


# ---------------------------------------------------------------------------
# Solver name errors

@pytest.mark.parametrize("bad", ["sgd", "lbfgs", "", 3, ["sgdm"]])
def test_invalid_solver_name(bad):
    with pytest.raises(MatlabnnValueError) as e:
        trainingOptions(bad)
    assert e.value.identifier == "nnet_cnn:trainingOptions:InvalidSolverName"
    for s in ("'sgdm'", "'adam'", "'rmsprop'"):
        assert s in str(e.value)


def test_missing_solver_name():
    with pytest.raises(MatlabnnTypeError, match="Not enough input arguments"):
        trainingOptions()


# ---------------------------------------------------------------------------
# Call styles, prefixes, case

def test_pairs_kwargs_and_mixed():
    a = trainingOptions("adam", "MaxEpochs", 60, "MiniBatchSize", 20)
    b = trainingOptions("adam", MaxEpochs=60, MiniBatchSize=20)
    c = trainingOptions("adam", "MaxEpochs", 60, MiniBatchSize=20)
    for o in (a, b, c):
        assert o.MaxEpochs == 60 and o.MiniBatchSize == 20


def test_later_value_wins():
    o = trainingOptions("sgdm", "MaxEpochs", 5, "MaxEpochs", 7)
    assert o.MaxEpochs == 7


def test_case_insensitive_names_and_values():
    o = trainingOptions("sgdm", "maxepochs", 4, "SHUFFLE", "Every-Epoch",
                        plots="Training-Progress", sequencelength="SHORTEST")
    assert o.MaxEpochs == 4
    assert o.Shuffle == "every-epoch"
    assert o.Plots == "training-progress"
    assert o.SequenceLength == "shortest"


def test_unique_prefixes():
    o = trainingOptions("adam", "MaxEp", 9, "InitialLearn", 0.005, "GradientThresholdM", "absolute-value",
                        "Eps", 1e-7, GradientThreshold=1, l2reg=0.01)
    assert o.MaxEpochs == 9 and o.InitialLearnRate == 0.005
    assert o.GradientThresholdMethod == "absolute-value"
    assert o.GradientThreshold == 1 and o.Epsilon == 1e-7 and o.L2Regularization == 0.01


def test_ambiguous_prefix():
    with pytest.raises(InvalidOptionError) as e:
        trainingOptions("sgdm", "Valid", 3)
    assert "ambiguous" in str(e.value)
    assert "'ValidationData'" in str(e.value) and "'ValidationFrequency'" in str(e.value)


def test_missing_value():
    with pytest.raises(InvalidOptionError, match="'MaxEpochs' has no value"):
        trainingOptions("sgdm", "MaxEpochs")


# ---------------------------------------------------------------------------
# Not-an-option messages (MATLAB's exact text)

@pytest.mark.parametrize("solver, name", [("adam", "Momentum"), ("sgdm", "Epsilon"),
                                          ("sgdm", "GradientDecayFactor"),
                                          ("rmsprop", "Momentum"),
                                          ("rmsprop", "GradientDecayFactor"),
                                          ("sgdm", "InitalLearnRate"),
                                          ("adam", "Foo")])
def test_not_an_option(solver, name):
    with pytest.raises(InvalidOptionError) as e:
        trainingOptions(solver, name, 0.5)
    assert str(e.value) == f"'{name}' is not an option for solver '{solver}'."


def test_not_an_option_kwargs_and_case_of_solver():
    with pytest.raises(InvalidOptionError) as e:
        trainingOptions("ADAM", Momentum=0.9)
    assert str(e.value) == "'Momentum' is not an option for solver 'adam'."


# ---------------------------------------------------------------------------
# Validators: each bad value names trainingOptions, the option and what is allowed

BAD_VALUES = [
    ("sgdm", "InitialLearnRate", 0, "positive"),
    ("sgdm", "InitialLearnRate", -1, "positive"),
    ("sgdm", "InitialLearnRate", "fast", "positive"),
    ("sgdm", "Momentum", 1.5, "[0, 1]"),
    ("sgdm", "Momentum", -0.1, "[0, 1]"),
    ("adam", "GradientDecayFactor", 1, "[0, 1)"),
    ("adam", "SquaredGradientDecayFactor", 1, "[0, 1)"),
    ("rmsprop", "SquaredGradientDecayFactor", -0.5, "[0, 1)"),
    ("adam", "Epsilon", 0, "positive"),
    ("sgdm", "LearnRateSchedule", "cosine", "'none', 'piecewise'"),
    ("sgdm", "LearnRateDropFactor", 2, "[0, 1]"),
    ("sgdm", "LearnRateDropPeriod", 0, "positive integer"),
    ("sgdm", "LearnRateDropPeriod", 2.5, "positive integer"),
    ("sgdm", "L2Regularization", -1e-4, "nonnegative"),
    ("sgdm", "GradientThresholdMethod", "l1", "'l2norm', 'global-l2norm', 'absolute-value'"),
    ("sgdm", "GradientThreshold", 0, "positive scalar or Inf"),
    ("sgdm", "GradientThreshold", -math.inf, "positive scalar or Inf"),
    ("sgdm", "MaxEpochs", 0, "positive integer"),
    ("sgdm", "MaxEpochs", 1.5, "positive integer"),
    ("sgdm", "MaxEpochs", math.inf, "positive integer"),
    ("sgdm", "MaxEpochs", True, "positive integer"),
    ("sgdm", "MiniBatchSize", -3, "positive integer"),
    ("sgdm", "Shuffle", "always", "'once', 'never', 'every-epoch'"),
    ("sgdm", "ValidationData", [1, 2, 3], "{XValidation, YValidation}"),
    ("sgdm", "ValidationData", "data", "{XValidation, YValidation}"),
    ("sgdm", "ValidationFrequency", 0, "positive integer"),
    ("sgdm", "ValidationPatience", 0, "positive integer or Inf"),
    ("sgdm", "ValidationPatience", 2.5, "positive integer or Inf"),
    ("sgdm", "OutputNetwork", "best-validation", "'auto', 'last-iteration', "
                                                 "'best-validation-loss'"),
    ("sgdm", "Verbose", 2, "logical"),
    ("sgdm", "Verbose", "yes", "logical"),
    ("sgdm", "VerboseFrequency", 0, "positive integer"),
    ("sgdm", "Plots", "on", "'none', 'training-progress'"),
    ("sgdm", "SequenceLength", "long", "'longest', 'shortest' or a positive integer"),
    ("sgdm", "SequenceLength", 0, "'longest', 'shortest' or a positive integer"),
    ("sgdm", "SequenceLength", 2.5, "'longest', 'shortest' or a positive integer"),
    ("sgdm", "SequencePaddingValue", "zero", "real numeric scalar"),
    ("sgdm", "SequencePaddingValue", [0, 1], "real numeric scalar"),
    ("sgdm", "SequencePaddingDirection", "up", "'right', 'left'"),
    ("sgdm", "ExecutionEnvironment", "tpu", "'auto', 'cpu', 'gpu', 'multi-gpu', 'parallel'"),
    ("sgdm", "CheckpointPath", 3, "character vector or string"),
    ("sgdm", "CheckpointPath", "/no/such/folder/anywhere", "does not exist"),
    ("sgdm", "CheckpointFrequency", 0, "positive integer"),
    ("sgdm", "CheckpointFrequencyUnit", "second", "'epoch', 'iteration'"),
    ("sgdm", "OutputFcn", "myfun", "function handle"),
    ("sgdm", "OutputFcn", [print, 3], "function handle"),
    ("sgdm", "ResetInputNormalization", 5, "logical"),
    ("sgdm", "BatchNormalizationStatistics", "batch", "'population', 'moving', 'auto'"),
    ("sgdm", "DispatchInBackground", 3, "logical"),
    ("sgdm", "WorkerLoad", [-1, 2], "nonnegative"),
    ("sgdm", "Metrics", 3, "metric name"),
    ("sgdm", "InputDataFormats", 3, "\"auto\""),
    ("sgdm", "Acceleration", "fast", "'auto', 'none'"),
    ("sgdm", "PreprocessingEnvironment", "gpu", "'serial', 'background', 'parallel'"),
    ("sgdm", "ObjectiveMetricName", 1, "character vector or string"),
]


@pytest.mark.parametrize("solver, name, value, allowed", BAD_VALUES,
                         ids=[f"{b[1]}-{b[2]!r}" for b in BAD_VALUES])
def test_bad_values(solver, name, value, allowed):
    with pytest.raises(MatlabnnValueError) as e:
        trainingOptions(solver, name, value)
    msg = str(e.value)
    assert msg.startswith(f"trainingOptions: invalid value for '{name}'."), msg
    assert allowed in msg, msg


def test_good_values_normalized():
    o = trainingOptions(
        "sgdm", "MaxEpochs", 5.0, "MiniBatchSize", np.int64(16),
        "GradientThreshold", math.inf, "ValidationPatience", 5,
        "SequenceLength", 20.0, "SequencePaddingValue", -1,
        "Verbose", 0, "ResetInputNormalization", False, "Momentum", 0,
        "LearnRateDropFactor", 1, "L2Regularization", 0, "OutputNetwork", "Best-Validation-Loss",
        "ValidationData", ([np.zeros((1, 3))], np.zeros((1, 1))),
        "OutputFcn", [print, len], "InputDataFormats", "AUTO", "Acceleration", "None",
        "WorkerLoad", [], "Metrics", [], "CheckpointPath", "")
    assert o.MaxEpochs == 5 and isinstance(o.MaxEpochs, int)
    assert o.MiniBatchSize == 16 and isinstance(o.MiniBatchSize, int)
    assert o.ValidationPatience == 5
    assert o.SequenceLength == 20 and isinstance(o.SequenceLength, int)
    assert o.SequencePaddingValue == -1.0
    assert o.Verbose is False and o.ResetInputNormalization is False
    assert o.OutputNetwork == "best-validation-loss"
    assert isinstance(o.ValidationData, tuple) and len(o.ValidationData) == 2
    assert o.OutputFcn == [print, len]
    assert o.InputDataFormats == "auto" and isinstance(o.InputDataFormats, MString)
    assert o.Acceleration == "none" and isinstance(o.Acceleration, MString)
    assert o.WorkerLoad is None and o.Metrics is None


def test_empty_values_mean_matlab_empty():
    o = trainingOptions("sgdm", ValidationData=[], OutputFcn=[])
    assert o.ValidationData is None and o.OutputFcn is None
    o = trainingOptions("sgdm", ValidationData=None, OutputFcn=None)
    assert o.ValidationData is None and o.OutputFcn is None


def test_padding_value_accepts_any_real_scalar():
    assert math.isnan(trainingOptions("sgdm", SequencePaddingValue=math.nan).SequencePaddingValue)
    assert trainingOptions("sgdm", SequencePaddingValue=np.float32(2.5)).SequencePaddingValue == 2.5


def test_checkpoint_path_existing_folder(tmp_path):
    o = trainingOptions("sgdm", CheckpointPath=tmp_path)
    assert o.CheckpointPath == str(tmp_path)


# ---------------------------------------------------------------------------
# Display

def test_sgdm_default_display_matches_matlab():
    assert repr(trainingOptions("sgdm")) == SGDM_DEFAULT_DISPLAY
    assert str(trainingOptions("sgdm")) == SGDM_DEFAULT_DISPLAY


def test_adam_display_solver_options_first():
    lines = repr(trainingOptions("adam", "InitialLearnRate", 0.005, "MaxEpochs", 8000,
                                 "Verbose", False)).splitlines()
    assert lines[0] == "  TrainingOptionsADAM with properties:"
    assert lines[2:7] == [
        "             GradientDecayFactor: 0.9000",
        "      SquaredGradientDecayFactor: 0.9990",
        "                         Epsilon: 1.0000e-08",
        "                InitialLearnRate: 0.0050",
        "                       MaxEpochs: 8000",
    ]
    assert "                         Verbose: 0" in lines
    assert not any("Momentum" in line for line in lines)
    assert len(lines) == 2 + 36


def test_rmsprop_display_solver_options_first():
    lines = repr(trainingOptions("rmsprop")).splitlines()
    assert lines[0] == "  TrainingOptionsRMSProp with properties:"
    assert lines[2:5] == ["      SquaredGradientDecayFactor: 0.9000",
                          "                         Epsilon: 1.0000e-08",
                          "                InitialLearnRate: 0.0010"]


def test_display_of_set_values():
    f = lambda info: False   # noqa: E731
    text = repr(trainingOptions("sgdm", ValidationData=[[1], [2]], OutputFcn=f,
                                SequenceLength=50, ValidationPatience=5,
                                GradientThreshold=1))
    assert "                  ValidationData: {1\u00d72 cell}" in text
    assert "                       OutputFcn: @(x)..." in text
    assert "                  SequenceLength: 50" in text
    assert "              ValidationPatience: 5" in text
    assert "               GradientThreshold: 1\n" in text


def test_hidden_options_not_displayed_but_present():
    o = trainingOptions("sgdm")
    assert "DispatchInBackground" not in repr(o) and "WorkerLoad" not in repr(o)
    assert o.DispatchInBackground is False and o.WorkerLoad is None
    assert "DispatchInBackground" not in o.properties()
    assert o.properties()[0] == "Momentum" and o.properties()[-1] == "Acceleration"


# ---------------------------------------------------------------------------
# Assignment after creation

def test_setattr_validates_and_normalizes():
    o = trainingOptions("adam")
    o.MaxEpochs = 5.0
    assert o.MaxEpochs == 5 and isinstance(o.MaxEpochs, int)
    o.Shuffle = "EVERY-EPOCH"
    assert o.Shuffle == "every-epoch"
    o.ValidationData = []
    assert o.ValidationData is None
    with pytest.raises(MatlabnnValueError) as e:
        o.MaxEpochs = 0
    assert "'MaxEpochs'" in str(e.value) and "positive integer" in str(e.value)
    assert o.MaxEpochs == 5
    with pytest.raises(MatlabnnValueError, match="'none', 'piecewise'"):
        o.LearnRateSchedule = "step"
    assert "                       MaxEpochs: 5" in repr(o)


def test_setattr_unknown_property():
    o = trainingOptions("adam")
    with pytest.raises(UnrecognizedPropertyError) as e:
        o.Momentum = 0.9
    assert str(e.value).startswith("Unrecognized property 'Momentum' for class "
                                   "'TrainingOptionsADAM'.")
    assert isinstance(e.value, AttributeError) and isinstance(e.value, MatlabnnError)
    with pytest.raises(UnrecognizedPropertyError, match="Did you mean 'MaxEpochs'"):
        o.maxepochs = 3
    assert not hasattr(o, "maxepochs")


def test_getattr_unknown_property_message():
    o = trainingOptions("sgdm")
    with pytest.raises(AttributeError, match="Unrecognized method, property, or field "
                                             "'Epsilon' for class 'TrainingOptionsSGDM'"):
        o.Epsilon


def test_copy_is_independent():
    o = trainingOptions("sgdm", MaxEpochs=3)
    c = copy.deepcopy(o)
    c.MaxEpochs = 4
    assert o.MaxEpochs == 3 and c.MaxEpochs == 4
    assert repr(copy.copy(o)) == repr(o)


# ---------------------------------------------------------------------------
# _check_supported

def test_defaults_are_supported():
    for solver in ("sgdm", "adam", "rmsprop"):
        trainingOptions(solver)._check_supported()


@pytest.mark.parametrize("kwargs", [
    dict(ExecutionEnvironment="cpu"), dict(BatchNormalizationStatistics="moving"),
    dict(BatchNormalizationStatistics="population"), dict(ObjectiveMetricName="accuracy"),
    dict(Acceleration="none"), dict(DispatchInBackground=False), dict(WorkerLoad=[]),
    dict(Metrics=[]), dict(InputDataFormats="auto"),
])
def test_harmless_values_do_not_raise(kwargs):
    trainingOptions("adam", **kwargs)._check_supported()


@pytest.mark.parametrize("kwargs, words", [
    (dict(DispatchInBackground=True), ["DispatchInBackground true", "false"]),
    (dict(WorkerLoad=[1, 2]), ["WorkerLoad", "[]"]),
    (dict(PreprocessingEnvironment="parallel"), ["PreprocessingEnvironment 'parallel'",
                                                 "'serial'"]),
    (dict(PreprocessingEnvironment="background"), ["'background'", "'serial'"]),
    (dict(Metrics="accuracy"), ["Metrics", "[]"]),
    (dict(InputDataFormats="CTB"), ['InputDataFormats "CTB"', 'Use "auto"']),
    (dict(TargetDataFormats=["CB"]), ['TargetDataFormats {"CB"}', 'Use "auto"']),
])
def test_unsupported_values_raise(kwargs, words):
    o = trainingOptions("sgdm", **kwargs)   # accepted and stored
    with pytest.raises(MatlabnnValueError) as e:
        o._check_supported()
    msg = str(e.value)
    assert msg.startswith("trainNetwork: ")
    assert "not supported by matlabnn" in msg
    for w in words:
        assert w in msg, msg
    with pytest.raises(MatlabnnValueError, match="^predict: "):
        o._check_supported(function="predict")


def test_output_network_resolution():
    o = trainingOptions("sgdm")
    assert o._output_network(has_validation=True) == "best-validation-loss"
    assert o._output_network(has_validation=False) == "last-iteration"
    o.OutputNetwork = "last-iteration"
    assert o._output_network(True) == "last-iteration"
    o.OutputNetwork = "best-validation-loss"
    assert o._output_network(True) == "best-validation-loss"
    with pytest.raises(MatlabnnValueError, match="needs validation data"):
        o._output_network(False)
