"""The one name-value parser (design §1) and the nargout convention.

Covers: pairs and keywords mixed, case-insensitive names, unique-prefix
abbreviations, ambiguous prefixes, string values case-insensitive, error
messages naming the function, option and allowed values; every public function
rejects unknown keyword names (a loop over ``matlabnn.__all__``, in the style of
python-control's kwarg tests); ``nargout``.
"""
import inspect
import math

import numpy as np
import pytest

import matlabnn
from matlabnn import (SeriesNetwork, assembleNetwork, featureInputLayer, fullyConnectedLayer,
                      lstmLayer, regressionLayer, sequenceInputLayer, trainNetwork,
                      trainingOptions)
from matlabnn._namevalue import (Option, choice, choice_or_callable, logical, parse,
                                 positive_integer, real_finite_scalar, real_scalar,
                                 resolve_name, sequence_length)
from matlabnn._nargout import check_nargout, outputs
from matlabnn.errors import InvalidOptionError, MatlabnnError, MatlabnnTypeError, \
    MatlabnnValueError

TABLE = (
    Option("MaxEpochs", 30, positive_integer()),
    Option("MiniBatchSize", 128, positive_integer()),
    Option("Shuffle", "once", choice("once", "never", "every-epoch")),
    Option("Verbose", True, logical),
    Option("InitialLearnRate", 0.01, real_scalar(0, math.inf, lo_open=True)),
    Option("GradientThreshold", math.inf, real_scalar(0, math.inf, lo_open=True,
                                                      allow_inf=True)),
    Option("SequenceLength", "longest", sequence_length),
    Option("Initializer", "glorot", choice_or_callable("glorot", "he")),
    Option("Input", None),
    Option("InputSize", "auto"),
)


def p(*pairs, **kwargs):
    return parse("f", TABLE, pairs, kwargs)


def test_defaults_and_given():
    values, given = p()
    assert values["MaxEpochs"] == 30 and values["Shuffle"] == "once" and given == set()
    values, given = p("MaxEpochs", 5)
    assert values["MaxEpochs"] == 5 and given == {"MaxEpochs"}


def test_pairs_and_keywords_mixed():
    values, given = p("MaxEpochs", 5, "Shuffle", "never", MiniBatchSize=7, Verbose=0)
    assert (values["MaxEpochs"], values["Shuffle"], values["MiniBatchSize"], values["Verbose"]) \
        == (5, "never", 7, False)
    assert given == {"MaxEpochs", "Shuffle", "MiniBatchSize", "Verbose"}


def test_later_occurrence_wins_keywords_after_pairs():
    values, _ = p("MaxEpochs", 5, "maxepochs", 6)
    assert values["MaxEpochs"] == 6
    values, _ = p("MaxEpochs", 5, MaxEpochs=9)
    assert values["MaxEpochs"] == 9


def test_case_insensitive_names_and_values():
    values, _ = p("maxepochs", 3, "SHUFFLE", "Every-Epoch", sequencelength="SHORTEST")
    assert (values["MaxEpochs"], values["Shuffle"], values["SequenceLength"]) == \
        (3, "every-epoch", "shortest")


def test_unique_prefix_abbreviations():
    values, _ = p("MaxE", 4, "Mini", 2, "sh", "never", "Grad", 1, initiall=0.5)
    assert (values["MaxEpochs"], values["MiniBatchSize"], values["Shuffle"],
            values["GradientThreshold"], values["InitialLearnRate"]) == (4, 2, "never", 1.0, 0.5)


def test_exact_name_wins_over_longer_names_it_prefixes():
    values, _ = p("Input", 1)          # 'Input' also prefixes 'InputSize'
    assert values["Input"] == 1
    assert resolve_name("f", "input", [o.name for o in TABLE]) == "Input"
    assert resolve_name("f", "InputS", [o.name for o in TABLE]) == "InputSize"


def test_ambiguous_prefix():
    with pytest.raises(InvalidOptionError, match=r"f: ambiguous option name 'M'\. It matches "
                                                 r"'MaxEpochs', 'MiniBatchSize'") as err:
        p("M", 3)
    assert err.value.identifier == "MATLAB:InputParser:AmbiguousParameter"
    with pytest.raises(InvalidOptionError, match="ambiguous option name 'ini'.*'InitialLearnRate',"
                                                 " 'Initializer'"):
        p(ini=1)


def test_unknown_name_lists_the_valid_options():
    with pytest.raises(InvalidOptionError,
                       match=r"f: 'Bogus' is not a recognized option\. Valid options are: "
                             r"'MaxEpochs', 'MiniBatchSize'") as err:
        p("Bogus", 1)
    assert err.value.identifier == "MATLAB:InputParser:UnmatchedParameter"
    assert isinstance(err.value, MatlabnnError) and isinstance(err.value, ValueError)
    with pytest.raises(InvalidOptionError, match="'Bogus' is not a recognized option"):
        p(Bogus=1)
    with pytest.raises(InvalidOptionError, match="''"):
        p("", 1)


def test_custom_unknown_message():
    with pytest.raises(InvalidOptionError, match="'Bogus' is not an option for solver 'adam'"):
        parse("trainingOptions", TABLE, ("Bogus", 1), None,
              unknown_message=lambda n: f"'{n}' is not an option for solver 'adam'.")


def test_missing_value_and_bad_names():
    with pytest.raises(InvalidOptionError, match="f: the option 'MaxEpochs' has no value"):
        p("Shuffle", "never", "MaxEpochs")
    with pytest.raises(InvalidOptionError, match="not in pairs"):
        p("Shuffle", "never", 5)
    with pytest.raises(InvalidOptionError, match="expected an option name.*position 1.*got 5"):
        p(5, "Shuffle")


@pytest.mark.parametrize("name,value,match", [
    ("Shuffle", "sometimes", r"f: invalid value for 'Shuffle'\. Expected one of: 'once', 'never', "
                             r"'every-epoch'; got 'sometimes'\."),
    ("Shuffle", 3, r"'Shuffle'.*got 3"),
    ("MaxEpochs", 0, r"'MaxEpochs'\. Expected a positive integer; got 0"),
    ("MaxEpochs", 2.5, "positive integer"),
    ("MaxEpochs", True, "positive integer"),
    ("MaxEpochs", math.inf, "positive integer"),
    ("Verbose", 2, r"'Verbose'\. Expected a logical value"),
    ("InitialLearnRate", 0, r"'InitialLearnRate'\. Expected a positive scalar; got 0"),
    ("InitialLearnRate", math.nan, "positive scalar"),
    ("InitialLearnRate", math.inf, "positive scalar"),
    ("InitialLearnRate", "0.1", "positive scalar"),
    ("GradientThreshold", -1, "positive scalar or Inf"),
    ("SequenceLength", 0, "'longest', 'shortest' or a positive integer"),
    ("SequenceLength", "all", "'longest', 'shortest'"),
    ("Initializer", 3, "'glorot', 'he', or a function handle"),
    ("Initializer", "xavier", "'glorot', 'he'"),
])
def test_bad_values_name_function_option_and_allowed(name, value, match):
    with pytest.raises(MatlabnnValueError, match=match) as err:
        p(name, value)
    assert str(err.value).startswith("f: invalid value for ")
    assert err.value.identifier == f"f:InvalidValue:{name}"


def test_values_normalized():
    values, _ = p(MaxEpochs=np.int64(4), Verbose=np.array(1), InitialLearnRate=np.float32(0.5),
                  GradientThreshold=math.inf, SequenceLength=7.0, Initializer=np.zeros)
    assert values["MaxEpochs"] == 4 and type(values["MaxEpochs"]) is int
    assert values["Verbose"] is True
    assert values["InitialLearnRate"] == 0.5 and type(values["InitialLearnRate"]) is float
    assert values["GradientThreshold"] == math.inf
    assert values["SequenceLength"] == 7 and type(values["SequenceLength"]) is int
    assert values["Initializer"] is np.zeros
    assert real_finite_scalar(-3, None) == -3.0


# ---------------------------------------------------------------------------
# Every public function rejects unknown keyword names.

def _small_problem():
    r = np.random.default_rng(0)
    layers = [sequenceInputLayer(1),
              lstmLayer(2, InputWeights=r.normal(size=(8, 1)), RecurrentWeights=r.normal(size=(8, 2)),
                        Bias=np.zeros(8)),
              fullyConnectedLayer(1, Weights=r.normal(size=(1, 2)), Bias=[0.0]),
              regressionLayer()]
    X = r.normal(size=(1, 6))
    return layers, X, X.copy()


def _calls():
    layers, X, Y = _small_problem()
    net = assembleNetwork(layers)
    opts = trainingOptions("sgdm", MaxEpochs=1, Verbose=False)
    return {
        "rng": (matlabnn.rng, (0,)),
        "disp": (matlabnn.disp, (net,)),
        "sequenceInputLayer": (sequenceInputLayer, (1,)),
        "featureInputLayer": (featureInputLayer, (3,)),
        "lstmLayer": (lstmLayer, (4,)),
        "fullyConnectedLayer": (fullyConnectedLayer, (1,)),
        "regressionLayer": (regressionLayer, ()),
        "SeriesNetwork": (SeriesNetwork, (net.Layers,)),
        "assembleNetwork": (assembleNetwork, (layers,)),
        "predict": (matlabnn.predict, (net, X)),
        "predictAndUpdateState": (matlabnn.predictAndUpdateState, (net, X)),
        "resetState": (matlabnn.resetState, (net,)),
        "trainingOptions": (trainingOptions, ("adam",)),
        "trainNetwork": (trainNetwork, (X, Y, layers, opts)),
        "connectLayers": (matlabnn.connectLayers, (matlabnn.layerGraph(
            [sequenceInputLayer(1, Name="in"), matlabnn.additionLayer(2, Name="add"),
             regressionLayer()]), "in", "add/in2")),
        "disconnectLayers": (matlabnn.disconnectLayers,
                             (matlabnn.layerGraph(layers), "sequenceinput", "lstm")),
        "replaceLayer": (matlabnn.replaceLayer, (matlabnn.layerGraph(layers), "lstm",
                                                 lstmLayer(4))),
        "sinusoidalPositionEncodingLayer": (matlabnn.sinusoidalPositionEncodingLayer, (4,)),
        "RandStream": (matlabnn.RandStream, ("mt19937ar",)),
        # the trainnet-era functions (T-by-C data)
        "forward": (matlabnn.forward, (_dlnet(), np.zeros((5, 1)))),
        "testnet": (matlabnn.testnet, (_dlnet(), [np.zeros((5, 1))], [np.zeros((5, 2))],
                                       "rmse")),
    }


def _dlnet():
    return matlabnn.dlnetwork([sequenceInputLayer(1), lstmLayer(2), fullyConnectedLayer(2)])


def _public_functions():
    return sorted(name for name in matlabnn.__all__ if callable(getattr(matlabnn, name)))


def test_star_import_gives_only_the_matlab_names():
    namespace = {}
    exec("from matlabnn import *", namespace)
    names = {n for n in namespace if not n.startswith("__")}
    assert names == set(matlabnn.__all__)


# Public functions whose keyword arguments are data, not options.
_KEYWORDS_ARE_DATA = {
    "plot": "plot(X, Y, ...) passes keywords to matplotlib as line properties",
    "save": "save(filename, net=net) saves a variable per keyword, as MATLAB's save names them",
}


def _classification_net():
    r = np.random.default_rng(0)
    return assembleNetwork([
        sequenceInputLayer(1),
        lstmLayer(2, OutputMode="last", InputWeights=r.normal(size=(8, 1)),
                  RecurrentWeights=r.normal(size=(8, 2)), Bias=np.zeros(8)),
        fullyConnectedLayer(2, Weights=r.normal(size=(2, 2)), Bias=[0.0, 0.0]),
        matlabnn.softmaxLayer(), matlabnn.classificationLayer(Classes=["a", "b"])])


@pytest.mark.parametrize("name", _public_functions())
def test_public_functions_reject_unknown_keywords(name):
    """Every public function: an unknown keyword raises an error that names it.

    Functions in _calls() are called with real arguments (and must work without
    the bad keyword); any other public function (added later) is tried with the
    argument lists a MATLAB constructor or method usually takes: (), (1,), (0.5,),
    (2, 3), (net, X).
    """
    calls = _calls()
    if name in calls:
        function, args = calls[name]
        arg_lists = [args]
    else:
        function = getattr(matlabnn, name)
        layers, X, _ = _small_problem()
        arg_lists = [(), (1,), (0.5,), (2, 3), (assembleNetwork(layers), X)]
        if name in _KEYWORDS_ARE_DATA:
            pytest.skip(_KEYWORDS_ARE_DATA[name])
        if hasattr(matlabnn, "classificationLayer") and hasattr(matlabnn, "softmaxLayer"):
            arg_lists.append((_classification_net(), X))
    messages = []
    for args in arg_lists:
        try:
            function(*args, NoSuchOption=1)
        except (TypeError, MatlabnnError) as err:
            messages.append(str(err))
            if "NoSuchOption" in str(err):
                break
        else:
            messages.append("no error")
    else:
        pytest.fail(f"{name}: no call with an unknown keyword named it; got {messages}. "
                    "Add the function to _calls() with valid arguments.")
    if name in calls:
        function(*args)       # ... and the call works without it


@pytest.mark.parametrize("name", ["sequenceInputLayer", "featureInputLayer", "lstmLayer",
                                  "fullyConnectedLayer", "regressionLayer", "predict",
                                  "predictAndUpdateState", "trainingOptions"])
def test_name_value_functions_accept_both_forms(name):
    function, args = _calls()[name]
    sig = inspect.signature(function)
    assert any(p.kind == p.VAR_POSITIONAL for p in sig.parameters.values()), name
    assert any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()), name
    with pytest.raises(InvalidOptionError, match="NoSuchOption"):
        function(*args, "NoSuchOption", 1)
    with pytest.raises(InvalidOptionError, match="NoSuchOption"):
        function(*args, NoSuchOption=1)


def test_layer_constructors_pairs_keywords_prefixes():
    a = lstmLayer(5, "outputm", "LAST", Name="enc", statea="softsign")
    assert (a.OutputMode, a.Name, a.StateActivationFunction) == ("last", "enc", "softsign")
    b = sequenceInputLayer(3, "normalization", "ZSCORE", "name", "in", normalizationd="ALL")
    assert (b.Normalization, b.Name, b.NormalizationDimension) == ("zscore", "in", "all")
    with pytest.raises(InvalidOptionError, match="ambiguous option name 'norm'"):
        sequenceInputLayer(3, "norm", "zscore")
    c = fullyConnectedLayer(2, "weightsinit", "HE", biasl2=1)
    assert (c.WeightsInitializer, c.BiasL2Factor) == ("he", 1)
    with pytest.raises(InvalidOptionError, match="fullyConnectedLayer: ambiguous option name "
                                                 "'BiasL'.*'BiasLearnRateFactor', 'BiasL2Factor'"):
        fullyConnectedLayer(2, "BiasL", 1)


def test_fc_bias_exact_name():
    # 'Bias' is an exact name even though it prefixes BiasInitializer and friends
    assert fullyConnectedLayer(2, "Bias", [1, 2]).Bias.shape == (2, 1)


# ---------------------------------------------------------------------------
# nargout

def test_check_nargout_and_outputs():
    assert check_nargout("f", 2, 2) == 2
    for bad in (0, 3, -1):
        with pytest.raises(MatlabnnTypeError, match="f: too many output arguments"):
            check_nargout("f", bad, 2)
    for bad in (True, "2", 2.0, None):
        with pytest.raises(MatlabnnTypeError, match="nargout must be an integer from 1 to 2"):
            check_nargout("f", bad, 2)
    assert outputs((1, 2, 3), 1) == 1
    assert outputs((1, 2, 3), 2) == (1, 2)


def test_train_network_nargout():
    layers, X, Y = _small_problem()
    opts = trainingOptions("sgdm", MaxEpochs=1, Verbose=False)
    net = trainNetwork(X, Y, layers, opts)
    assert isinstance(net, SeriesNetwork)
    net, info = trainNetwork(X, Y, layers, opts, nargout=2)
    assert isinstance(net, SeriesNetwork) and len(info.TrainingLoss) == 1
    with pytest.raises(TypeError, match="nargout=2") as err:
        net, info = trainNetwork(X, Y, layers, opts)
    assert isinstance(err.value, MatlabnnError)
    assert "trainNetwork" in str(err.value)
    with pytest.raises(MatlabnnTypeError, match="nargout must be from 1 to 2; got 3"):
        trainNetwork(X, Y, layers, opts, nargout=3)


def test_layers_cannot_be_unpacked_either():
    with pytest.raises(TypeError, match="nargout"):
        a, b = lstmLayer(3)
