"""load verifies a file completely before returning (issue 16).

Hand-made corruptions of every kind the issue lists, then a fuzz test: saved
files truncated and corrupted byte by byte (sampled offsets) and field by
field (every field of every stored object replaced by junk). Each case either
raises a matlabnn error naming the variable and the field, or loads objects
that pass every consistency check; no other exception type escapes, and
untouched files load bit-identically.
"""
import os

import numpy as np
import pytest
import scipy.io

import matlabnn.io as mio
from matlabnn import (bilstmLayer, classify, fullyConnectedLayer, predict,
                      predictAndUpdateState, rng, save, sequenceInputLayer, trainNetwork,
                      trainingOptions)
from matlabnn.categorical import categorical
from matlabnn.errors import InvalidDataError, MatFileError, MatlabnnError
from matlabnn.io import load
from matlabnn.layers.activation import softmaxLayer
from matlabnn.layers.classification import classificationLayer
from matlabnn.layers.recurrent import RecurrentLayer
from matlabnn.network import SeriesNetwork
from matlabnn.options import TrainingOptions
from matlabnn.traininginfo import TrainingInfo


@pytest.fixture(scope="module")
def objects():
    """A trained classification network (BiLSTM, carried state), its info, labels, options."""
    rng(0)
    r = np.random.default_rng(0)
    X = [r.normal(size=(2, int(n))) for n in r.integers(3, 6, 8)]
    Y = categorical(["a", "b"] * 4)
    options = trainingOptions("adam", MaxEpochs=2, MiniBatchSize=4, Verbose=False,
                              ValidationData=(X[:2], Y[:2]), ValidationFrequency=1)
    layers = [sequenceInputLayer(2), bilstmLayer(2, OutputMode="last"),
              fullyConnectedLayer(2), softmaxLayer(), classificationLayer()]
    net, info = trainNetwork(X, Y, layers, options, nargout=2)
    net = predictAndUpdateState(net, X[:3])        # a carried 4-by-3 state is saved too
    assert net.Layers[1].HiddenState.shape == (4, 3)
    return dict(net=net, info=info, labels=Y, options=trainingOptions("sgdm", MaxEpochs=3)), X


# ---------------------------------------------------------------------------
# consistency of whatever loads

def _check_consistent(value, X):
    """Every check a loaded object must pass: shapes, codes, categories, formats, states."""
    if isinstance(value, SeriesNetwork):
        for layer in value.Layers:
            if isinstance(layer, RecurrentLayer):
                for s in layer._state_names:
                    for v in (getattr(layer, s), layer._initial[s]):
                        assert v is None or (v.ndim == 2 and v.shape[0] == layer._state_rows
                                             and np.all(np.isfinite(v)))
            for name in layer._learnables:
                w = getattr(layer, name)
                assert w is not None and np.all(np.isfinite(w))
        try:
            scores = predict(value, X[:3], MiniBatchSize=3)
        except InvalidDataError as err:     # a valid property the test data do not meet
            assert "MinLength" in str(err)
            return
        assert np.all(np.isfinite(scores))
        if value.Layers[-1].is_classification if hasattr(value.Layers[-1],
                                                          "is_classification") else False:
            assert np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1, atol=1e-5)
            labels = classify(value, X[:3], MiniBatchSize=3)
            assert list(labels.categories_list) == list(value.Layers[-1].Classes)
    elif isinstance(value, categorical):
        cats = list(value.categories_list)
        assert len(set(cats)) == len(cats) and all(isinstance(c, str) and c for c in cats)
        assert value.codes.dtype == np.int64 and np.all(value.codes >= 0)
        assert np.all(value.codes <= len(cats)) and value.orientation in ("row", "column")
    elif isinstance(value, TrainingInfo):
        n = len(value.TrainingLoss)
        for name in value.fieldnames():
            v = getattr(value, name)
            if isinstance(v, np.ndarray):
                assert v.shape == (n,), name
            elif name == "OutputNetworkIteration":
                assert isinstance(v, int) and 0 <= v <= n
            else:
                assert isinstance(v, float)
        assert np.all(np.isfinite(value.TrainingLoss))
        assert isinstance(value.StopReason, str)
    elif isinstance(value, TrainingOptions):
        repr(value)


def _outcome(path, X, expect_names=()):
    """'error' (a matlabnn error naming the variable and fields) or 'loaded' (consistent)."""
    try:
        S = load(path)
    except MatlabnnError as err:
        message = str(err)
        assert os.path.basename(path) in message or "load:" in message
        if err.identifier == "matlabnn:load:InvalidNetwork":
            # fields that disagree across layers: the layers are named instead
            expect_names = expect_names[:1] + ("Layer '",)
        for name in expect_names:
            assert name in message, (expect_names, message)
        return "error"
    for value in S.values():
        _check_consistent(value, X)
    return "loaded"


# ---------------------------------------------------------------------------
# specific corruptions

def _encoded(variables):
    return {k: mio._encode(v, k) for k, v in variables.items()}


def _write(path, encoded, compress=True):
    scipy.io.savemat(str(path), encoded, format="5", do_compression=compress,
                     long_field_names=True, oned_as="row")
    return str(path)


def test_file_cut_right_after_its_header_is_an_error(tmp_path, objects):
    path = tmp_path / "net.mat"
    save(str(path), net=objects[0]["net"])
    data = path.read_bytes()
    path.write_bytes(data[:128])
    with pytest.raises(MatFileError, match="holds no variables .*ends after its 128-byte header"):
        load(str(path))


@pytest.mark.parametrize("variable,field,junk,match", [
    ("info", "TrainingLoss", np.array([[1.0, np.nan, 2.0]]), "NaN or Inf"),
    ("info", "TrainingAccuracy", np.array([[1.0, 2.0]]), "has 2 values but TrainingLoss"),
    ("info", "OutputNetworkIteration", np.array([[99.0]]), "beyond the"),
    ("info", "OutputNetworkIteration", np.array([[1.5]]), "expected an integer"),
    ("info", "Epoch", np.array([[2.0, 1.0, 1.0, 1.0]]), "nondecreasing"),
    ("info", "BaseLearnRate", "text", "1-by-N numeric row"),
    ("labels", "codes", np.array([[1.0], [2.5]]), "whole numbers"),
    ("labels", "codes", np.array([[1.0], [np.nan]]), "whole numbers"),
    ("labels", "codes", np.array([[1.0], [7.0]]), "must lie in 0..2"),
    ("labels", "codes", np.array([[1.0], [-1.0]]), "must lie in 0..2"),
    ("labels", "categories", np.array([["a"], ["a"]], dtype=object), "appears more than once"),
    ("labels", "categories", np.array([["a"], [""]], dtype=object), "nonempty category"),
    ("labels", "Orientation", "diagonal", "'row', 'column' or 'matrix'"),
    ("net", "matlabnn_format", np.array([[np.nan]]), "format marker is NaN"),
    ("net", "matlabnn_format", np.array([[0.5]]), "format marker"),
    ("labels", "matlabnn_format", "one", "format marker"),
])
def test_corrupted_fields_name_the_variable_and_field(tmp_path, objects, variable, field, junk,
                                                      match):
    encoded = _encoded(objects[0])
    encoded[variable][field] = junk
    path = _write(tmp_path / "c.mat", encoded)
    with pytest.raises(MatFileError, match=match) as err:
        load(path)
    assert f"variable '{variable}" in str(err.value) and field in str(err.value)


@pytest.mark.parametrize("state,value", [
    ("InitialHiddenState", np.ones((3, 1))),
    ("InitialCellState", np.ones((4, 2, 1))[:, :, 0][:2]),
    ("HiddenState", np.ones((5, 3))),
    ("InitialHiddenState", np.array([[np.inf], [0], [0], [0]])),
])
def test_initial_states_of_the_wrong_size_are_errors(tmp_path, objects, state, value):
    encoded = _encoded(objects[0])
    layer = encoded["net"]["Layers"][1, 0]
    assert layer["Class"].endswith("BiLSTMLayer")
    layer[state] = value
    path = _write(tmp_path / "s.mat", encoded)
    with pytest.raises(MatFileError) as err:
        load(path)
    message = str(err.value)
    assert "variable 'net.Layers{2}" in message and state.replace("Initial", "") in message


# ---------------------------------------------------------------------------
# fuzz: bytes

def _assert_same(a, b):
    if isinstance(a, SeriesNetwork):
        for la, lb in zip(a.Layers, b.Layers):
            for name in la._learnables:
                wa, wb = getattr(la, name), getattr(lb, name)
                assert wa.dtype == wb.dtype and wa.tobytes() == wb.tobytes()
            for s in getattr(la, "_state_names", ()):
                np.testing.assert_array_equal(getattr(la, s), getattr(lb, s))
    elif isinstance(a, categorical):
        assert list(a.categories_list) == list(b.categories_list)
        np.testing.assert_array_equal(a.codes, b.codes)
    elif isinstance(a, TrainingInfo):
        for name in a.fieldnames():
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


@pytest.mark.parametrize("compress", [True, False])
def test_byte_fuzz_truncations_and_flips(tmp_path, objects, compress):
    variables, X = objects
    good = tmp_path / "good.mat"
    save(str(good), *(["-v6"] if not compress else []), **variables)
    data = good.read_bytes()
    # untouched: loads bit-identically (twice, to the originals)
    for _ in range(2):
        S = load(str(good))
        for name, value in variables.items():
            _assert_same(value, S[name])
    r = np.random.default_rng(1 if compress else 2)
    bad = tmp_path / "bad.mat"
    outcomes = {"error": 0, "loaded": 0}
    cuts = np.unique(np.concatenate([np.arange(0, 140), r.integers(140, len(data), 60)]))
    for n in cuts:
        bad.write_bytes(data[:n])
        outcomes[_outcome(str(bad), X)] += 1
    for pos in r.integers(128, len(data), 80):
        flipped = bytearray(data)
        flipped[pos] ^= 1 << int(r.integers(0, 8))
        bad.write_bytes(bytes(flipped))
        outcomes[_outcome(str(bad), X)] += 1
    assert outcomes["error"] > 0
    # every strict prefix is an error: a cut file never loads as fewer variables
    for n in cuts[:20]:
        bad.write_bytes(data[:n])
        with pytest.raises(MatlabnnError):
            load(str(bad))


# ---------------------------------------------------------------------------
# fuzz: fields

_JUNK = [np.array([[np.nan]]), np.zeros((0, 0)), "junk", np.array([[-1.5]]),
         np.full((3, 3), 7.0), np.array([[True]]), np.empty((0, 0), dtype=object),
         np.array([[1e300]])]


def _paths(value, prefix=()):
    """Every field path in an encoded variable (dicts and cells of dicts)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, np.ndarray) and value.dtype == object:
        for idx, v in np.ndenumerate(value):
            if isinstance(v, dict):
                yield from _paths(v, prefix + (idx,))


def _replace(value, path, junk):
    if len(path) == 1:
        value = dict(value) if isinstance(value, dict) else value.copy()
        value[path[0]] = junk
        return value
    out = dict(value) if isinstance(value, dict) else value.copy()
    out[path[0]] = _replace(value[path[0]], path[1:], junk)
    return out


def test_field_fuzz(tmp_path, objects):
    variables, X = objects
    encoded = _encoded(variables)
    r = np.random.default_rng(3)
    outcomes = {"error": 0, "loaded": 0}
    failures = []
    path = tmp_path / "f.mat"
    for name, value in encoded.items():
        for field_path in _paths(value):
            field = field_path[-1]
            for k in r.choice(len(_JUNK), 3, replace=False):
                corrupted = dict(encoded)
                corrupted[name] = _replace(value, field_path, _JUNK[k])
                _write(path, corrupted)
                label = (name,) + ((field,) if isinstance(field, str) else ())
                try:
                    outcomes[_outcome(str(path), X, expect_names=label)] += 1
                except AssertionError as err:
                    failures.append(f"{name}.{field_path} = {_JUNK[k]!r}: {err}")
    assert not failures, "\n".join(failures)
    assert outcomes["error"] > outcomes["loaded"] > 0
