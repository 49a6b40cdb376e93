"""Every mistake a porting user can make gets a matlabnn error that says what to change.

Generated bad inputs (hypothesis) are thrown at every public function (everything
in ``matlabnn.__all__``). The property checked: only matlabnn's errors come back
(``isinstance(err, MatlabnnError)``, never a raw Python or numpy exception), raised
before any work starts, with a message that names the offending argument.

Cases tried
===========

==============================  ===========================================  ==============================  ======================================
Input                           Generated values                             Functions                       The message must name
==============================  ===========================================  ==============================  ======================================
too few arguments               every required argument left out             all of __all__ that take one    'Not enough input arguments', function
too many arguments              one to three extra positional arguments      fixed-arity functions           'Too many input arguments', function
unknown keyword names           random text (not an option/argument prefix)  all of __all__ except save      the name given
unknown Name, Value names       random text, as positional pairs             layers, trainingOptions,        the name given
                                                                             predict/classify family
bad option values               None, [], {}, lists, dicts, strings,         every option of every layer,    the option's MATLAB name
                                negative/zero/huge numbers, NaN, Inf,        trainingOptions (all solvers),
                                complex, 0-d/2-d arrays, object()            predict/classify family
bad predictors X                ragged lists, complex, NaN/Inf, wrong C,     predict, classify,              'X' (or 'ValidationData')
                                3-D arrays, empty lists/arrays, strings,     ...AndUpdateState,
                                dicts, None, bools, junk in a cell array     trainNetwork, ValidationData
bad feature predictors          wrong F, 1-D/3-D, NaN/Inf, complex, text     predict (featureInputLayer)     'X'
bad responses Y                 wrong count, wrong R, NaN/Inf, complex,      trainNetwork (sequence-to-one,  'Y' / 'responses'
                                3-D, text, dicts, None, ragged, categorical  -to-sequence, classification),  ('ValidationData' for validation)
                                for regression, numbers for classification,  ValidationData
                                undefined labels, unknown classes, wrong S
bad layer arrays                junk inserted in a valid array, input not    trainNetwork, assembleNetwork,  'layer'
                                first / output not last / missing, non-list  SeriesNetwork
bad ValidationData form         not {X, Y}: numbers, text, dicts, 1 or 3     trainingOptions                 'ValidationData'
                                elements
junk positional arguments       0-4 values of any junk type                  all of __all__                  (only the error type is checked)
==============================  ===========================================  ==============================  ======================================
"""
import contextlib
import math
import os
import tempfile
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import matlabnn
from matlabnn import (SeriesNetwork, assembleNetwork, categorical, classifyAndUpdateState,
                      featureInputLayer, fullyConnectedLayer, lstmLayer, predict,
                      predictAndUpdateState, regressionLayer, reluLayer, rng, sequenceInputLayer,
                      softmaxLayer, trainNetwork, trainingOptions, classificationLayer)
from matlabnn.errors import (InvalidDataError, InvalidNetworkError, InvalidOptionError,
                             MatFileError, MatFileNotFoundError, MatlabnnError,
                             MatlabnnTypeError, MatlabnnValueError, TrainingDivergedError)

FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])

C = 2          # input size of the sequence networks below
N = 4          # training observations


# ---------------------------------------------------------------------------
# Networks and good data, built once.

def _seq2one():
    return [sequenceInputLayer(C), lstmLayer(3, OutputMode="last"), fullyConnectedLayer(1),
            regressionLayer()]


def _seq2seq():
    return [sequenceInputLayer(C), lstmLayer(3), fullyConnectedLayer(1), regressionLayer()]


def _classifier():
    return [sequenceInputLayer(C), lstmLayer(3, OutputMode="last"), fullyConnectedLayer(2),
            softmaxLayer(), classificationLayer()]


def _features():
    return [featureInputLayer(3), fullyConnectedLayer(1), regressionLayer()]


def _opts(**kw):
    return trainingOptions("sgdm", MaxEpochs=1, MiniBatchSize=N, Verbose=False, **kw)


class _Setup:
    def __init__(self):
        saved = rng()
        rng(0)
        r = np.random.default_rng(0)
        self.X = [r.normal(size=(C, 5)) for _ in range(N)]
        self.Y = r.normal(size=(N, 1))
        self.Yseq = [r.normal(size=(1, 5)) for _ in range(N)]
        self.labels = categorical(["a", "b", "a", "b"])
        self.F = r.normal(size=(N, 3))
        self.reg = trainNetwork(self.X, self.Y, _seq2one(), _opts())
        self.seq = trainNetwork(self.X, self.Yseq, _seq2seq(), _opts())
        self.cls = trainNetwork(self.X, self.labels, _classifier(), _opts())
        self.feat = trainNetwork(self.F, self.Y, _features(), _opts())
        self.info = trainNetwork(self.X, self.Y, _seq2one(), _opts(), nargout=2)[1]
        # the trainnet era: T-by-C data, a dlnetwork
        self.XT = [x.T for x in self.X]
        self.dlnet = matlabnn.dlnetwork([sequenceInputLayer(C), lstmLayer(3, OutputMode="last"),
                                         fullyConnectedLayer(1)])
        self.dl = matlabnn.dlarray(self.XT[0], "TC")
        rng(saved)


_SETUP = None


def setup():
    global _SETUP
    if _SETUP is None:
        _SETUP = _Setup()
    return _SETUP


@contextlib.contextmanager
def sandbox():
    """Quiet warnings and output, run in a scratch folder, keep the global rng state."""
    saved = rng()
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings(), \
            contextlib.redirect_stdout(open(os.devnull, "w")):
        warnings.simplefilter("ignore")
        os.chdir(tmp)
        try:
            yield
        finally:
            os.chdir(cwd)
            rng(saved)
            import matplotlib.pyplot as plt
            plt.close("all")


def outcome(call):
    """Run ``call``: None if it returned, the MatlabnnError if it raised one; any
    other exception fails the test with its traceback."""
    with sandbox():
        try:
            call()
        except MatlabnnError as err:
            assert isinstance(err.identifier, str) and err.identifier
            assert str(err).strip()
            return err
        except Exception as err:     # a raw error: the test fails
            raise AssertionError(
                f"a raw {type(err).__name__} reached the user: {err}") from err
    return None


def raises(call, *names, kind=MatlabnnError):
    """``call`` must raise a ``kind`` whose message names one of ``names``."""
    err = outcome(call)
    assert err is not None, "no error was raised"
    assert isinstance(err, kind), (type(err), str(err))
    msg = str(err)
    assert any(n in msg for n in names), f"{names} not named in: {msg}"
    return err


# ---------------------------------------------------------------------------
# Required arguments of every public function (valid values), and the syntax
# coverage of __all__.

def required_args():
    s = setup()
    return {
        "rng": (), "disp": (1,), "show": (s.info,), "categorical": (), "categories": (s.labels,),
        "countcats": (s.labels,), "iscategorical": (s.labels,), "isundefined": (s.labels,),
        "summary": (s.labels,), "sequenceInputLayer": (C,), "featureInputLayer": (3,),
        "lstmLayer": (3,), "bilstmLayer": (3,), "gruLayer": (3,), "fullyConnectedLayer": (1,),
        "dropoutLayer": (), "reluLayer": (), "leakyReluLayer": (), "tanhLayer": (),
        "sigmoidLayer": (), "softmaxLayer": (), "classificationLayer": (),
        "regressionLayer": (), "SeriesNetwork": (_seq2one(),),
        "assembleNetwork": (s.reg.Layers,), "predict": (s.reg, s.X),
        "predictAndUpdateState": (s.reg, s.X), "resetState": (s.reg,),
        "classify": (s.cls, s.X), "classifyAndUpdateState": (s.cls, s.X),
        "trainingOptions": ("adam",), "trainNetwork": (s.X, s.Y, _seq2one(), _opts()),
        "save": ("out.mat",), "load": ("missing.mat",),
        "chickenpox_dataset": (), "japaneseVowelsTrainData": (), "japaneseVowelsTestData": (),
        # helper functions (matlabnn.helpers); the readers get a missing file
        "mapminmax": (np.array([[1.0, 2.0]]),), "normalize": (np.arange(3.0),),
        "rmse": (np.ones(2), np.zeros(2)), "mse": (np.ones(2),), "mae": (np.ones(2),),
        "confusionmat": (["a", "b"], ["a", "a"]), "confusionchart": (np.eye(2),),
        "trainingPartitions": (10, [0.5, 0.5]), "con2seq": (np.ones((1, 3)),),
        "readmatrix": ("missing.csv",), "readtable": ("missing.csv",),
        "xlsread": ("missing.xlsx",), "table": (), "table2array": (matlabnn.table(),),
        "height": (np.ones(3),), "width": (np.ones(3),), "istable": (1,),
        # layer graphs
        "layerGraph": (), "addLayers": (_graph(), matlabnn.reluLayer()),
        "removeLayers": (_graph(), "fc"), "replaceLayer": (_graph(), "fc", matlabnn.reluLayer()),
        "connectLayers": (_graph(), "in", "add/in2"),
        "disconnectLayers": (_graph(True), "in", "add/in2"), "plot": (),
        "additionLayer": (2,), "concatenationLayer": (1, 2), "depthConcatenationLayer": (2,),
        # layers beyond the recurrent ones
        "convolution1dLayer": (3, 4), "batchNormalizationLayer": (),
        "layerNormalizationLayer": (), "maxPooling1dLayer": (2,), "averagePooling1dLayer": (2,),
        "globalAveragePooling1dLayer": (), "globalMaxPooling1dLayer": (),
        "selfAttentionLayer": (2, 4), "indexing1dLayer": (), "positionEmbeddingLayer": (4, 10),
        "sinusoidalPositionEncodingLayer": (4,), "eluLayer": (), "geluLayer": (),
        "swishLayer": (), "clippedReluLayer": (6,), "softplusLayer": (),
        "convolution2dLayer": (3, 4), "maxPooling2dLayer": (2,), "averagePooling2dLayer": (2,),
        "flattenLayer": (), "sequenceFoldingLayer": (), "sequenceUnfoldingLayer": (),
        "spatialDropoutLayer": (), "globalAveragePooling2dLayer": (),
        "globalMaxPooling2dLayer": (),
        "rand": (), "randn": (), "randi": (10,), "randperm": (5,), "RandStream": ("mt19937ar",),
        # the trainnet era
        "trainnet": (s.XT, s.Y, _seq2one()[:-1], "mse", _opts()),
        "dlnetwork": (), "initialize": (s.dlnet,), "forward": (s.dlnet, s.XT[0]),
        "minibatchpredict": (s.dlnet, s.XT), "testnet": (s.dlnet, s.XT, s.Y, "rmse"),
        "scores2label": (np.eye(2), ["a", "b"]), "dlarray": (s.XT[0],),
        "extractdata": (s.dl,), "dims": (s.dl,), "finddim": (s.dl, "T"),
        "accuracyMetric": (), "rmseMetric": (), "mapeMetric": (), "fScoreMetric": (),
        "precisionMetric": (), "recallMetric": (), "aucMetric": (),
    }


def _graph(connected=False):
    """A small layer graph with an addition whose second input is free (or connected)."""
    g = matlabnn.layerGraph([matlabnn.sequenceInputLayer(C, Name="in"),
                             matlabnn.fullyConnectedLayer(C, Name="fc"),
                             matlabnn.additionLayer(2, Name="add"), matlabnn.regressionLayer()])
    return matlabnn.connectLayers(g, "in", "add/in2") if connected else g


# Functions with a fixed number of positional arguments: one more is an error.
FIXED_ARITY = {"rng": 2, "disp": 1, "show": 1, "categories": 1, "countcats": 1,
               "iscategorical": 1, "isundefined": 1, "summary": 1, "SeriesNetwork": 2,
               "assembleNetwork": 1, "resetState": 1, "trainNetwork": 4,
               "chickenpox_dataset": 0, "japaneseVowelsTrainData": 0,
               "japaneseVowelsTestData": 0, "trainingPartitions": 2, "con2seq": 2,
               "table2array": 1, "height": 1, "width": 1,
               "istable": 1}

NAME_VALUE = ["sequenceInputLayer", "featureInputLayer", "lstmLayer", "bilstmLayer", "gruLayer",
              "fullyConnectedLayer", "dropoutLayer", "reluLayer", "leakyReluLayer", "tanhLayer",
              "sigmoidLayer", "softmaxLayer", "classificationLayer", "regressionLayer",
              "predict", "predictAndUpdateState", "classify", "classifyAndUpdateState",
              "trainingOptions"]


def test_every_public_function_is_covered():
    assert sorted(required_args()) == sorted(matlabnn.__all__)
    for name in matlabnn.__all__:       # and each is callable with those arguments
        assert outcome(lambda: getattr(matlabnn, name)(*required_args()[name])) is None \
            or name in ("save", "load", "readmatrix", "readtable", "xlsread")


# Public functions that need no argument at all: they have no "too few" case.
NO_REQUIRED_ARGUMENTS = {"rng", "categorical", "dropoutLayer", "reluLayer", "leakyReluLayer",
                         "tanhLayer", "sigmoidLayer", "softmaxLayer", "classificationLayer",
                         "regressionLayer", "chickenpox_dataset", "japaneseVowelsTrainData",
                         "japaneseVowelsTestData", "layerGraph", "plot", "rand", "randn", "table",
                         # layers beyond the recurrent ones (issue 13)
                         "batchNormalizationLayer", "layerNormalizationLayer",
                         "globalAveragePooling1dLayer", "globalMaxPooling1dLayer",
                         "indexing1dLayer", "eluLayer", "geluLayer", "swishLayer",
                         "softplusLayer", "flattenLayer", "sequenceFoldingLayer",
                         "sequenceUnfoldingLayer", "spatialDropoutLayer",
                         "globalAveragePooling2dLayer", "globalMaxPooling2dLayer"}
NO_REQUIRED_ARGUMENTS |= {"dlnetwork", "accuracyMetric", "rmseMetric", "mapeMetric",   # trainnet
                          "fScoreMetric", "precisionMetric", "recallMetric", "aucMetric"}


def test_functions_without_required_arguments_are_exactly_those_listed():
    assert {n for n, a in required_args().items() if not a} == NO_REQUIRED_ARGUMENTS


@pytest.mark.parametrize("name", sorted(set(matlabnn.__all__) - NO_REQUIRED_ARGUMENTS))
def test_too_few_arguments(name):
    args = required_args()[name]
    fn = getattr(matlabnn, name)
    assert args, f"{name} needs arguments, so a call with fewer must fail"
    for k in range(len(args)):
        err = raises(lambda: fn(*args[:k]), name, kind=MatlabnnTypeError)
        assert "not enough input arguments" in str(err).lower()
        assert err.identifier == "MATLAB:minrhs"


@pytest.mark.parametrize("name", sorted(FIXED_ARITY))
def test_too_many_arguments(name):
    fn = getattr(matlabnn, name)
    args = list(required_args()[name])
    args += [1] * (FIXED_ARITY[name] - len(args))
    for extra in range(1, 4):
        err = raises(lambda: fn(*args, *([0] * extra)), name, kind=MatlabnnTypeError)
        assert "too many input arguments" in str(err).lower()


def test_wrong_count_message_shows_the_matlab_syntax():
    with pytest.raises(MatlabnnTypeError, match=r"predict: Not enough input arguments\. "
                                                r"Missing 'X'\. Use Y = predict\(net, X\)"):
        predict(setup().reg)
    with pytest.raises(MatlabnnTypeError, match=r"lstmLayer: Not enough input arguments\. "
                                                r"Missing 'numHiddenUnits'"):
        lstmLayer()
    with pytest.raises(MatlabnnTypeError, match="resetState: Too many input arguments"):
        matlabnn.resetState(setup().reg, 1)
    # still a TypeError, as Python's own was
    with pytest.raises(TypeError):
        lstmLayer()


def test_type_errors_inside_a_function_are_not_rewritten():
    from matlabnn._signature import matlab_syntax

    @matlab_syntax("f(x)")
    def f(x):
        return len(x)            # TypeError from inside, not a wrong call

    with pytest.raises(TypeError, match="has no len") as err:
        f(1)
    assert not isinstance(err.value, MatlabnnError)
    with pytest.raises(MatlabnnTypeError, match=r"f: Not enough input arguments\. Missing 'x'"):
        f()


def test_error_hierarchy():
    assert issubclass(MatlabnnValueError, ValueError) and issubclass(MatlabnnTypeError, TypeError)
    for cls in (InvalidOptionError, InvalidNetworkError, InvalidDataError, TrainingDivergedError,
                MatFileError):
        assert issubclass(cls, MatlabnnValueError)
    assert issubclass(MatFileNotFoundError, MatlabnnError)
    assert issubclass(MatFileNotFoundError, FileNotFoundError)
    import matlabnn.io as io
    assert io.MatFileError is MatFileError and io.MatFileNotFoundError is MatFileNotFoundError


# ---------------------------------------------------------------------------
# Strategies.

junk_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 0), st.integers(10**12, 10**20),
    st.just(math.nan), st.just(math.inf), st.just(-math.inf),
    st.floats(-1e3, -1e-3), st.floats(0.01, 0.99),
    st.complex_numbers(max_magnitude=10, allow_nan=False).filter(lambda z: z.imag != 0),
    st.text(max_size=8), st.just(object()))
junk = st.recursive(
    st.one_of(junk_scalars, st.just(np.zeros((0, 0))), st.just(np.array(np.nan)),
              st.just(np.ones((2, 3, 4))), st.just(np.array(["a", "b"]))),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=3), inner, max_size=2)),
    max_leaves=4)

finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False)


@st.composite
def matrices(draw, rows, cols, elements=finite):
    r = draw(rows) if isinstance(rows, st.SearchStrategy) else rows
    c = draw(cols) if isinstance(cols, st.SearchStrategy) else cols
    return np.array(draw(st.lists(elements, min_size=r * c, max_size=r * c)),
                    dtype=float).reshape(r, c)


@st.composite
def with_bad_entry(draw, base, bad_values):
    a = np.array(draw(base), dtype=float)
    flat = a.reshape(-1)
    assume(flat.size > 0)
    flat[draw(st.integers(0, flat.size - 1))] = draw(st.sampled_from(bad_values))
    return flat.reshape(a.shape)


def good_sequence():
    return matrices(C, st.integers(1, 6))


bad_sequence = st.one_of(
    # wrong number of features (rows)
    matrices(st.integers(1, 5).filter(lambda c: c != C), st.integers(1, 6)),
    # NaN or Inf somewhere
    with_bad_entry(good_sequence(), [math.nan, math.inf, -math.inf]),
    # complex
    good_sequence().map(lambda a: a + 1j),
    # 3-D and higher
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)).map(np.ones),
    # empty
    st.sampled_from([np.zeros((C, 0)), np.zeros((0, 3)), np.zeros(0)]),
    # ragged rows of one sequence, strings, dicts, None, bools
    st.lists(st.lists(finite, min_size=1, max_size=4), min_size=2, max_size=3)
    .filter(lambda rows: len({len(r) for r in rows}) > 1),
    st.text(max_size=5), st.dictionaries(st.text(max_size=3), finite, max_size=2),
    st.just(None), st.booleans(), st.just(object()),
)


@st.composite
def bad_X(draw):
    """Bad predictors: one bad sequence alone, or inside a cell array of good ones."""
    bad = draw(bad_sequence)
    form = draw(st.sampled_from(["alone", "cell", "empty-cell"]))
    if form == "empty-cell":
        return draw(st.sampled_from([[], (), np.array([], dtype=object)]))
    if form == "alone":
        return bad
    cell = [draw(good_sequence()) for _ in range(draw(st.integers(0, 3)))]
    cell.insert(draw(st.integers(0, len(cell))), bad)
    return cell


bad_features = st.one_of(
    matrices(st.integers(1, 5), st.integers(1, 5).filter(lambda f: f != 3)),
    with_bad_entry(matrices(st.integers(1, 4), 3), [math.nan, math.inf]),
    matrices(st.integers(1, 4), 3).map(lambda a: a * 1j),
    st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)).map(np.ones),
    st.sampled_from([np.zeros((0, 2)), "abc", None, {}, {"a": 1}, [[1, 2], [3]], object()]),
)


# ---------------------------------------------------------------------------
# Names and values of options.

def public(name):
    return getattr(matlabnn, name)


def _option_names(name):
    """MATLAB names of the name-value options of a public function."""
    from matlabnn.prediction import PREDICT_ONLY_OPTIONS, PREDICT_OPTIONS
    if name == "trainingOptions":
        return sorted({o.name for s in ("sgdm", "adam", "rmsprop")
                       for o in type(trainingOptions(s))._TABLE})
    if name in ("predict", "predictAndUpdateState", "classify", "classifyAndUpdateState"):
        return [o.name for o in PREDICT_OPTIONS + PREDICT_ONLY_OPTIONS] + ["nargout"]
    if name == "categorical":
        return ["Ordinal", "Protected"]
    if name == "table":
        return ["VariableNames", "RowNames"]
    if name.endswith("Layer") and name != "replaceLayer":
        layer = public(name)(*required_args()[name])
        return [o.name for o in type(layer)._options]
    return []


def _parameter_names(name):
    import inspect
    return list(inspect.signature(public(name)).parameters)


def _matches_option(name, text):
    low = text.lower()
    return bool(low) and any(o.lower().startswith(low) for o in _option_names(name))


@FAST
@given(function=st.sampled_from(sorted(set(matlabnn.__all__) - {"save"})),
       option=st.text(min_size=1, max_size=12), value=junk)
def test_unknown_keyword_names_are_named(function, option, value):
    assume(option not in _parameter_names(function))
    assume(not _matches_option(function, option))
    args = required_args()[function]
    raises(lambda: public(function)(*args, **{option: value}), option)


@FAST
@given(function=st.sampled_from(NAME_VALUE), option=st.text(max_size=12), value=junk)
def test_unknown_name_value_pairs_are_named(function, option, value):
    assume(not _matches_option(function, option))
    args = required_args()[function]
    raises(lambda: public(function)(*args, option, value), option, kind=InvalidOptionError)


def test_ambiguous_and_unpaired_names():
    raises(lambda: trainingOptions("adam", "M", 2), "'M'", "ambiguous", kind=InvalidOptionError)
    raises(lambda: lstmLayer(3, "OutputMode"), "'OutputMode'", kind=InvalidOptionError)
    raises(lambda: predict(setup().reg, setup().X, "MiniBatchSize"), "'MiniBatchSize'",
           kind=InvalidOptionError)
    raises(lambda: predict(setup().reg, setup().X, 3, "x"), "'Name', value",
           kind=InvalidOptionError)


@st.composite
def option_and_value(draw):
    function = draw(st.sampled_from(NAME_VALUE + ["categorical"]))
    option = draw(st.sampled_from(_option_names(function)))
    return function, option, draw(junk)


@FAST
@given(case=option_and_value(), keyword=st.booleans())
def test_bad_option_values_name_the_option(case, keyword):
    """Any value: accepted, or refused by a matlabnn error naming the option."""
    function, option, value = case
    args = required_args()[function]
    if function == "categorical":
        args, keyword = (["a", "b"],), True
    if keyword or option == "nargout":
        call = lambda: public(function)(*args, **{option: value})     # noqa: E731
    else:
        call = lambda: public(function)(*args, option, value)          # noqa: E731
    err = outcome(call)
    if err is not None:
        assert option in str(err), str(err)


# Values no option of any function accepts: each must raise an error naming the option.
CLEARLY_BAD = [object(), np.ones((2, 3, 4)), {"a": 1}, 2 + 3j]


@pytest.mark.parametrize("function", NAME_VALUE + ["categorical"])
def test_clearly_bad_option_values_raise_naming_the_option(function):
    args = required_args()[function] if function != "categorical" else (["a", "b"],)
    for option in _option_names(function):
        for value in CLEARLY_BAD:
            err = raises(lambda: public(function)(*args, **{option: value}), option)
            assert option in str(err)


def test_bad_option_values_examples():
    for function, option, value in [
            ("trainingOptions", "InitialLearnRate", -1), ("trainingOptions", "MaxEpochs", 1.5),
            ("trainingOptions", "GradientThreshold", 1j), ("trainingOptions", "Plots", None),
            ("trainingOptions", "L2Regularization", math.nan), ("trainingOptions", "Shuffle", []),
            ("lstmLayer", "OutputMode", "all"), ("dropoutLayer", "Probability", 1.0),
            ("fullyConnectedLayer", "Weights", np.ones((2, 2, 2))),
            ("sequenceInputLayer", "MinLength", 0), ("predict", "MiniBatchSize", 0),
            ("classify", "SequenceLength", "middle")]:
        args = required_args()[function]
        raises(lambda: public(function)(*args, option, value), f"'{option}'",
               kind=MatlabnnValueError)


# ---------------------------------------------------------------------------
# Predictors.

PREDICTORS = [("predict", "reg"), ("predictAndUpdateState", "seq"), ("classify", "cls"),
              ("classifyAndUpdateState", "cls"), ("trainNetwork", None)]


@FAST
@given(X=bad_X(), target=st.sampled_from(PREDICTORS))
def test_bad_predictors_name_X(X, target):
    function, net = target
    s = setup()
    if function == "trainNetwork":
        call = lambda: trainNetwork(X, s.Y, _seq2one(), _opts())   # noqa: E731
    else:
        call = lambda: public(function)(getattr(s, net), X)       # noqa: E731
    err = raises(call, "X", kind=InvalidDataError)
    assert function in str(err)


@FAST
@given(X=bad_features)
def test_bad_feature_predictors_name_X(X):
    raises(lambda: predict(setup().feat, X), "X", kind=InvalidDataError)


def test_bad_predictor_messages():
    s = setup()
    raises(lambda: predict(s.reg, np.ones((5, C))), "transposed")
    raises(lambda: predict(s.reg, [s.X[0], s.X[1][:, :0]]), "X[1]", "time steps")
    raises(lambda: predict(s.reg, s.X[0] + 1j), "complex")
    raises(lambda: predict(s.reg, np.full((C, 3), np.nan)), "NaN")
    short = trainNetwork(s.X, s.Y, [sequenceInputLayer(C, MinLength=4)] + _seq2one()[1:], _opts())
    raises(lambda: predict(short, np.ones((C, 3))), "MinLength")


# ---------------------------------------------------------------------------
# Responses.

regression_Y = st.one_of(
    matrices(st.integers(1, 6).filter(lambda n: n != N), 1),           # wrong count
    matrices(N, st.integers(2, 4)),                                       # wrong R
    with_bad_entry(matrices(N, 1), [math.nan, math.inf]),
    matrices(N, 1).map(lambda a: a + 1j),
    st.just(np.ones((N, 1, 2))), st.just(np.zeros((0, 1))),
    st.text(max_size=4), st.dictionaries(st.text(max_size=3), finite, max_size=2),
    st.just(None), st.just(object()), st.just(categorical(["a", "b", "a", "b"])),
    st.just([[1.0], [2.0, 3.0], [1.0], [1.0]]),
    st.just([np.ones((1, 5))] * N),                 # sequences for a sequence-to-one net
)

sequence_Y = st.one_of(
    st.integers(1, 9).filter(lambda s: s != 5).map(lambda s: [np.ones((1, s))] * N),  # wrong S
    st.just([np.ones((2, 5))] * N),                                                  # wrong R
    st.integers(1, 6).filter(lambda n: n != N).map(lambda n: [np.ones((1, 5))] * n),  # count
    with_bad_entry(matrices(1, 5), [math.nan, -math.inf]).map(lambda a: [a] * N),
    st.just([np.ones((1, 5)) * 1j] * N), st.just(np.ones((N, 1))), st.just(["a"] * N),
    st.just([None] * N), st.just(None), st.just({}),
)

class_Y = st.one_of(
    matrices(N, 1), st.just(["a", "b", "a", "b"]), st.just(np.array([1, 2, 1, 2])),
    st.integers(1, 6).filter(lambda n: n != N).map(lambda n: categorical(["a", "b"] * 3)[:n]),
    st.just(categorical(["a", "b", "c", "a"])),                       # 3 classes, 2 outputs
    st.just(categorical(["a", "b", "a", None])),                      # undefined
    st.just(None), st.just({}), st.just([categorical(["a"] * 5)] * N),
)

RESPONSES = {"reg": (_seq2one, regression_Y), "seq": (_seq2seq, sequence_Y),
             "cls": (_classifier, class_Y)}


@FAST
@given(data=st.data(), kind=st.sampled_from(sorted(RESPONSES)))
def test_bad_responses_name_Y(data, kind):
    make_layers, strategy = RESPONSES[kind]
    Y = data.draw(strategy)
    # MATLAB's words (spec §10) name Y, "responses", or the classes found in Y
    raises(lambda: trainNetwork(setup().X, Y, make_layers(), _opts()), "Y", "respons",
           "number of classes", kind=InvalidDataError)


def test_response_messages():
    s = setup()
    raises(lambda: trainNetwork(s.X, s.Y[:3], _seq2one(), _opts()),
           "same number of observations")
    raises(lambda: trainNetwork(s.X, np.ones((N, 2)), _seq2one(), _opts()),
           "does not match the number of responses")
    raises(lambda: trainNetwork(s.X, [np.ones((1, 4))] * N, _seq2seq(), _opts()),
           "same sequence length")
    raises(lambda: trainNetwork(s.X, np.ones((N, 1)), _classifier(), _opts()), "categorical")


# ---------------------------------------------------------------------------
# Validation data: refused in trainNetwork's setup, before the first iteration.

@st.composite
def bad_validation(draw):
    s = setup()
    which = draw(st.sampled_from(["X", "Y", "count"]))
    if which == "X":
        return [draw(bad_X()), s.Y]
    if which == "Y":
        return [s.X, draw(regression_Y)]
    return [s.X[:2], s.Y]


@FAST
@given(validation=bad_validation())
def test_bad_validation_data_fails_before_training(validation):
    calls = []
    options = _opts(ValidationData=validation, OutputFcn=lambda info: calls.append(info))
    raises(lambda: trainNetwork(setup().X, setup().Y, _seq2one(), options), "ValidationData",
           kind=InvalidDataError)
    assert calls == []          # no iteration ran


@FAST
@given(value=st.one_of(junk_scalars.filter(lambda v: v is not None and v != ""),
                       st.lists(junk_scalars, min_size=1, max_size=4).filter(lambda l: len(l) != 2),
                       st.dictionaries(st.text(max_size=3), junk_scalars, min_size=1)))
def test_validation_data_must_be_a_pair(value):
    raises(lambda: trainingOptions("adam", ValidationData=value), "ValidationData",
           kind=MatlabnnValueError)


def test_validation_data_wrong_features_names_validation_data(capsys):
    s = setup()
    options = trainingOptions("adam", MaxEpochs=1, Verbose=True,
                              ValidationData=[[np.ones((C + 1, 5))], np.ones((1, 1))])
    err = raises(lambda: trainNetwork(s.X, s.Y, _seq2one(), options), "ValidationData{1}",
                 kind=InvalidDataError)
    assert "features" in str(err)
    assert "Iteration" not in capsys.readouterr().out      # no table was printed


# ---------------------------------------------------------------------------
# Layer arrays.

layer_junk = st.one_of(st.none(), st.integers(), st.text(max_size=4), st.just({}),
                       st.just(np.ones(3)), st.just(lstmLayer), st.just([reluLayer()]))


@st.composite
def bad_layers(draw):
    layers = draw(st.sampled_from([_seq2one, _seq2seq, _classifier]))()
    how = draw(st.sampled_from(["junk", "no-input", "no-output", "input-moved",
                                "output-moved", "not-a-list"]))
    if how == "junk":
        layers.insert(draw(st.integers(0, len(layers))), draw(layer_junk))
    elif how == "no-input":
        layers = layers[1:]
    elif how == "no-output":
        layers = layers[:-1]
    elif how == "input-moved":
        layers.insert(draw(st.integers(1, len(layers) - 1)), layers.pop(0))
    elif how == "output-moved":
        layers.insert(draw(st.integers(0, len(layers) - 2)), layers.pop())
    else:
        layers = draw(st.one_of(layer_junk, st.just([]), st.just(np.array(layers, object))))
    return layers


@FAST
@given(layers=bad_layers(),
       function=st.sampled_from(["trainNetwork", "assembleNetwork", "SeriesNetwork"]))
def test_bad_layer_arrays_are_refused(layers, function):
    s = setup()
    call = {"trainNetwork": lambda: trainNetwork(s.X, s.Y, layers, _opts()),
            "assembleNetwork": lambda: assembleNetwork(layers),
            "SeriesNetwork": lambda: SeriesNetwork(layers)}[function]
    err = outcome(call)
    if function == "SeriesNetwork" and err is None:
        # SeriesNetwork(layers) only stores a layer list; using it says what to do
        net = SeriesNetwork(layers)
        raises(lambda: predict(net, s.X), "assembleNetwork", kind=InvalidNetworkError)
        return
    assert err is not None
    assert "layer" in str(err).lower(), str(err)


def test_invalid_network_messages():
    raises(lambda: assembleNetwork(_seq2one()), "Empty InputWeights", kind=InvalidNetworkError)
    raises(lambda: trainNetwork(setup().X, setup().Y, _seq2one()[1:], _opts()),
           "Missing input layer", kind=InvalidNetworkError)
    raises(lambda: trainNetwork(setup().X, setup().Y, [1, 2], _opts()), "layers[0] is a int",
           kind=MatlabnnTypeError)


# ---------------------------------------------------------------------------
# Junk anywhere.

@FAST
@given(function=st.sampled_from(sorted(matlabnn.__all__)),
       args=st.lists(junk, max_size=4))
def test_junk_arguments_raise_only_matlabnn_errors(function, args):
    if function == "save" and args and isinstance(args[0], str):
        args[0] = "out.mat"
    outcome(lambda: public(function)(*args))


@FAST
@given(function=st.sampled_from(["predict", "classify", "predictAndUpdateState",
                                 "classifyAndUpdateState", "resetState", "trainNetwork"]),
       net=junk)
def test_junk_networks_are_refused(function, net):
    s = setup()
    args = (net, s.X) if function != "trainNetwork" else (s.X, s.Y, _seq2one(), net)
    if function == "resetState":
        args = (net,)
    raises(lambda: public(function)(*args), function, kind=MatlabnnTypeError)


def test_nargout_errors():
    s = setup()
    raises(lambda: trainNetwork(s.X, s.Y, _seq2one(), _opts(), nargout=3), "nargout",
           kind=MatlabnnTypeError)
    raises(lambda: predictAndUpdateState(s.reg, s.X, nargout=0), "nargout",
           kind=MatlabnnTypeError)
    raises(lambda: classifyAndUpdateState(s.cls, s.X, nargout="2"), "nargout",
           kind=MatlabnnTypeError)
