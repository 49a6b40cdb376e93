"""``save`` and ``load``: networks, layers, options and data in MAT files.

MATLAB's ``save(filename, 'net', 'info')`` / ``S = load(filename)`` for
matlabnn's objects, written with ``scipy.io.savemat`` in MATLAB's v5/v7 MAT
format (compressed, like ``save -v7``) and read with ``scipy.io.loadmat``.
Nothing is pickled: a file holds only numeric arrays, char arrays, cell arrays,
logicals and structs, so it opens in MATLAB and Octave as plain structs, and a
network trained in MATLAB can be brought into matlabnn with
``examples/matlab/exportNetwork.m``.

File layout (format version 1)
------------------------------
Every matlabnn object is stored as a struct with a ``Class`` field (MATLAB's
class name) and, at the top level, a ``matlabnn_format`` field (1).

Network (``SeriesNetwork``)::

    net.Class            'SeriesNetwork'
    net.matlabnn_format  1
    net.Layers           N-by-1 cell array of layer structs (below), in order
    net.InputNames       cellstr, e.g. {'sequenceinput'}
    net.OutputNames      cellstr, e.g. {'regressionoutput'}
    net.DataType         'single' (default when absent) or 'double': the
                         precision the network computes in

A ``DAGNetwork`` has the same fields, Class 'DAGNetwork', and
``net.Connections``: an M-by-2 cell array of Source and Destination names
('fc', 'add/in2'), as MATLAB's Connections table shows them.

A ``dlnetwork`` (trainnet era) has the DAGNetwork fields, Class 'dlnetwork'
(Connections always present) and ``net.Initialized`` (logical); its recurrent
state (``net.State``) is in the layers' HiddenState/CellState fields. trainnet's
``TrainingInfo`` is a struct with Class 'deep.TrainingInfo', TrainingHistory and
ValidationHistory (structs of column vectors) with their variable names in
order (TrainingHistoryVariables, ValidationHistoryVariables), MetricNames,
OutputNetworkIteration and StopReason.

Layer (one struct per layer, MATLAB's property names)::

    layer.Class          MATLAB class, e.g. 'nnet.cnn.layer.LSTMLayer' (the short
                         'LSTMLayer' is accepted too)
    layer.Name           char
    layer.<Property>     every property of the layer's constructor: the required
                         argument (NumHiddenUnits, OutputSize, InputSize,
                         Probability, ...) and every name-value option
                         (OutputMode, InputSize, StateActivationFunction,
                         Normalization, Mean, StandardDeviation, Classes,
                         ResponseNames, learn-rate and L2 factors, ...)
    layer.<Learnable>    InputWeights, RecurrentWeights, Bias, Weights, ... in
                         MATLAB's layout and in their own class: single stays
                         single, bit for bit
    layer.HiddenState    the current state (H-by-1 or H-by-N after
    layer.CellState      predictAndUpdateState); [] for none (zeros)
    layer.InitialHiddenState, layer.InitialCellState
                         (matlabnn only) the state resetState restores; when
                         absent (files written by MATLAB) the stored
                         HiddenState/CellState is the initial state, as for
                         lstmLayer(..., 'HiddenState', h)

Values: text is char; a list of names (Classes, ResponseNames) is an N-by-1
cellstr; logicals are logical; sizes and factors are double; an unset value
is ``[]`` (0-by-0 double); 'auto' stays the char 'auto'. Function handles
(a callable Normalization or initializer) cannot be stored: the field holds
the char ``'@name'``. On load an initializer given so falls back to the
layer's default with a warning (the learnables are stored anyway); a
Normalization given so raises an error, as the network cannot run without it.

Layer array (a list of layers)::

    layers.Class 'nnet.cnn.layer.Layer', layers.matlabnn_format 1,
    layers.Layers N-by-1 cell array of layer structs

Training options: ``Class`` 'nnet.cnn.TrainingOptionsSGDM' / 'ADAM' / 'RMSProp',
``SolverName``, and one field per option with its MATLAB name. OutputFcn cannot
be stored (it is saved as [] with a warning); ValidationData is a cell {X, Y}.

Training info (``info`` from trainNetwork; a plain struct in MATLAB): ``Class``
'TrainingInfo', MATLAB's fields (TrainingLoss, TrainingRMSE or
TrainingAccuracy, ValidationLoss, ..., OutputNetworkIteration) as 1-by-iterations
double rows, plus StopReason, Epoch, IterationsPerEpoch, MaxEpochs,
ValidationFrequency.

categorical: a MATLAB categorical is an object that only MATLAB's own save
writes (see :mod:`matlabnn.matfile_objects`), so matlabnn saves it as a struct
``Class`` 'categorical', ``codes`` (int64 in the categorical's own size; 0 means
<undefined>, k the k-th category), ``categories`` (K-by-1 cellstr),
``Orientation`` ('column', 'row' or 'matrix'), ``Ordinal`` and ``Protected``
(logical). MATLAB loads it as that struct; this line rebuilds the categorical::

    c = categorical(s.codes, 1:numel(s.categories), s.categories, 'Ordinal', s.Ordinal);

Other values: numpy arrays as they are (a 1-D array is saved as a 1-by-n
row; scalars as 1-by-1); Python numbers as double, bools as logical, str as
char, None as [], lists and tuples as N-by-1 cell arrays, dicts as structs.

What ``load`` returns: every struct above as the object it describes; other
structs as :class:`~matlabnn._struct.Struct` (fields as keys and attributes);
cell arrays as lists; char as str; 0-by-0 double ([]) as None; 1-by-1 numeric
arrays as Python scalars (double -> float, logical -> bool, other classes ->
the numpy scalar); other arrays as 2-D numpy arrays (a row stays 1-by-n);
MATLAB's categorical, string and table objects as described in
:mod:`matlabnn.matfile_objects`.
"""
import inspect
import math
import numbers
import os
import re
import sys
import warnings

import numpy as np
import scipy.io
from scipy.io.matlab import mat_struct

from ._atomic import replace_atomically
from ._matcheck import verify_v5_structure
from ._struct import Struct
from ._signature import WRAPPER_CODE as _WRAPPER_CODE, matlab_syntax
from .categorical import categorical
from .errors import (MatFileError, MatFileNotFoundError, MatlabnnError,
                     MatlabnnTypeError, MatlabnnValueError)
from .layers.base import Layer
from .engine.graph import Network
from .matfile_objects import DecodedObject, decode_objects, read_variables
from .network import DAGNetwork, LayerArray
from .options import TrainingOptions, trainingOptions
from .traininginfo import TrainingInfo

__all__ = ["save", "load"]

FORMAT_VERSION = 1
_MARKER = "matlabnn_format"
_LAYER_PACKAGE = "nnet.cnn.layer."
_LAYER_ARRAY_CLASS = "nnet.cnn.layer.Layer"
_NETWORK_CLASS = "SeriesNetwork"
_DAG_CLASS = "DAGNetwork"
_DLNETWORK_CLASS = "dlnetwork"
_INFO_CLASS = "TrainingInfo"
_TRAINNET_INFO_CLASS = "deep.TrainingInfo"
_CATEGORICAL_CLASS = "categorical"
_OPTIONS_PACKAGE = "nnet.cnn."
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
# Constructor arguments whose MATLAB property is not the argument name capitalized.
_ARGUMENT_ALIASES = {"numFeatures": "InputSize"}


# ---------------------------------------------------------------------------
# The layer registry: MATLAB class names -> (layer class, constructor).

_REGISTRY = None
_ComplexWarning = getattr(getattr(np, "exceptions", None), "ComplexWarning", None) \
    or getattr(np, "ComplexWarning")


def _layer_registry():
    """{MATLAB class name (short and nnet.cnn.layer.*): layer class}: every layer class
    that names its MATLAB constructor function in ``_constructor``."""
    global _REGISTRY
    if _REGISTRY is not None:
        return _REGISTRY
    registry, todo = {}, [Layer]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if "_constructor" in vars(cls):
            registry[cls._class_name] = registry[_LAYER_PACKAGE + cls._class_name] = cls
    _REGISTRY = registry
    return registry


def _supported_classes():
    return sorted({c._class_name for c in _layer_registry().values()})


def _constructor(cls):
    """The MATLAB constructor function of a layer class (e.g. lstmLayer for LSTMLayer)."""
    return getattr(sys.modules[cls.__module__], cls._constructor)


def _positional_properties(fn):
    """[(MATLAB property, has default)] of the constructor's leading positional arguments."""
    out = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            break
        prop = _ARGUMENT_ALIASES.get(p.name, p.name[:1].upper() + p.name[1:])
        out.append((prop, p.default is not p.empty))
    return out


def _full_class_name(layer):
    return _LAYER_PACKAGE + layer._class_name


# ---------------------------------------------------------------------------
# Python -> MAT values.

def _empty():
    return np.zeros((0, 0))


def _cell(items, where, column=True):
    if not items:
        return np.empty((0, 0), dtype=object)
    out = np.empty((len(items), 1) if column else (1, len(items)), dtype=object)
    for k, item in enumerate(items):
        out.flat[k] = _encode(item, f"{where}[{k}]")
    return out


def _cellstr(names):
    out = np.empty((len(names), 1), dtype=object) if names else np.empty((0, 0), dtype=object)
    for k, n in enumerate(names):
        out[k, 0] = str(n)
    return out


def _check_field_name(name, where):
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise MatlabnnValueError(
            f"save: {where}: {name!r} is not a valid MATLAB variable or field name. Names "
            "start with a letter and contain only letters, digits and underscores "
            "(at most 63 characters).", "MATLAB:save:invalidVariableName")


def _callable_name(fn):
    name = getattr(fn, "__name__", None) or type(fn).__name__
    return "@" + ("anonymous" if name == "<lambda>" else name)


def _encode(value, where):
    """One Python value as what savemat writes (dict = struct, object array = cell)."""
    if isinstance(value, Network):
        return _network_struct(value, where)
    if isinstance(value, Layer):
        return {**_layer_struct(value, where), _MARKER: float(FORMAT_VERSION)}
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Layer) for v in value):
        return _layer_array_struct(value, where)
    if isinstance(value, TrainingOptions):
        return _options_struct(value, where)
    if isinstance(value, TrainingInfo):
        return _info_struct(value, where)
    if getattr(value, "_is_trainnet_info", False):
        return _trainnet_info_struct(value)
    if isinstance(value, categorical):
        return _categorical_struct(value)
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            _check_field_name(k, f"field of {where}")
            out[k] = _encode(v, f"{where}.{k}")
        return out
    if isinstance(value, str):
        return str(value)
    if value is None:
        return _empty()
    if isinstance(value, (bool, np.bool_)):
        return np.array([[bool(value)]])
    if isinstance(value, np.generic):
        return np.array(value).reshape(1, 1)
    if isinstance(value, numbers.Integral):
        return np.array([[float(value)]])
    if isinstance(value, numbers.Real):
        return np.array([[float(value)]])
    if isinstance(value, numbers.Complex):
        return np.array([[complex(value)]])
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            shape = value.shape if value.ndim == 2 else (value.size, 1)
            out = np.empty(shape, dtype=object)
            for k, (idx, item) in enumerate(np.ndenumerate(value.reshape(shape))):
                out[idx] = _encode(item, f"{where}[{k}]")
            return out
        if value.dtype.kind in "US":
            shape = value.shape if value.ndim == 2 else (value.size, 1)
            out = np.empty(shape, dtype=object)
            for idx, item in np.ndenumerate(value.reshape(shape)):
                out[idx] = str(item)
            return out
        if value.dtype.kind in "biufc":
            if value.ndim == 0:
                return value.reshape(1, 1)
            if value.ndim == 1:
                return value.reshape(1, -1)
            return value
    if isinstance(value, (list, tuple)):
        return _cell(list(value), where)
    if callable(value):
        raise MatlabnnTypeError(
            f"save: {where} is a function ({_callable_name(value)}); functions cannot be "
            "stored in a MAT file. Save its name as text instead.",
            "matlabnn:save:UnsupportedType")
    raise MatlabnnTypeError(
        f"save: {where} is a {type(value).__name__}, which cannot be stored in a MAT file. "
        "Supported: networks, layers, trainingOptions, training info, categorical, numpy "
        "arrays, numbers, bools, str, None, lists, tuples and dicts of these.",
        "matlabnn:save:UnsupportedType")


def _layer_fields(layer):
    """The names of the properties that a layer's struct holds, in display-friendly order."""
    cls = type(layer)
    options = [o.name for o in cls._options]
    public = [k for k in vars(layer) if not k.startswith("_")]
    names = ["Name"] + [k for k in public if k not in options] + options + list(cls._learnables)
    seen, out = set(), []
    for n in names:
        if n not in seen and (n in vars(layer) or hasattr(layer, n)):
            seen.add(n)
            out.append(n)
    return out


def _layer_struct(layer, where):
    s = {"Class": _full_class_name(layer)}
    for name in _layer_fields(layer):
        s[name] = _encode_property(layer, name, getattr(layer, name), where)
    initial = getattr(layer, "_initial", None)
    if isinstance(initial, dict):
        for state, value in initial.items():
            s["Initial" + state] = _encode_property(layer, state, value, where)
    return s


def _encode_property(layer, name, value, where):
    if callable(value) and not isinstance(value, (str, np.ndarray)):
        marker = _callable_name(value)
        if "Initializer" not in name:
            warnings.warn(
                f"save: layer '{layer.Name}' of {where} has {name} = {marker}, a function, "
                f"which cannot be stored in a MAT file; only its name '{marker}' is saved, "
                f"and loading the {('network' if name == 'Normalization' else 'layer')} "
                f"will fail. Use a built-in {name} to save a loadable file.",
                UserWarning, stacklevel=4)
        return marker
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufc" and value.ndim == 2:
        return value
    if isinstance(value, tuple) and hasattr(value, "_matlab_brief"):
        return np.array([value], dtype=float)        # a size vector such as [3 1]: a row
    return _encode(value, f"{where}.{layer.Name}.{name}")


def _network_struct(net, where):
    if getattr(net, "_is_dlnetwork", False):
        return _dlnetwork_struct(net, where)
    layers = list(net.Layers)
    s = {"Class": _DAG_CLASS if isinstance(net, DAGNetwork) else _NETWORK_CLASS,
         _MARKER: float(FORMAT_VERSION), "Layers": _layer_cells(layers, where),
         "InputNames": _cellstr(net.InputNames), "OutputNames": _cellstr(net.OutputNames),
         "DataType": "double" if np.dtype(net._dtype) == np.float64 else "single"}
    if isinstance(net, DAGNetwork):
        pairs = list(net.Connections)
        cells = np.empty((len(pairs), 2), dtype=object)
        for k, (src, dst) in enumerate(pairs):
            cells[k, 0], cells[k, 1] = src, dst
        s["Connections"] = cells
    return s


def _dlnetwork_struct(net, where):
    """A dlnetwork: the DAGNetwork fields (Connections always) plus Initialized."""
    pairs = list(net.Connections)
    cells = np.empty((len(pairs), 2), dtype=object)
    for k, (src, dst) in enumerate(pairs):
        cells[k, 0], cells[k, 1] = src, dst
    return {"Class": _DLNETWORK_CLASS, _MARKER: float(FORMAT_VERSION),
            "Layers": _layer_cells(list(net.Layers), where), "Connections": cells,
            "InputNames": _cellstr(net.InputNames), "OutputNames": _cellstr(net.OutputNames),
            "DataType": "double" if np.dtype(net._dtype) == np.float64 else "single",
            "Initialized": np.array([[bool(net.Initialized)]])}


def _layer_cells(layers, where):
    out = np.empty((len(layers), 1), dtype=object)
    for k, layer in enumerate(layers):
        out[k, 0] = _layer_struct(layer, f"{where}.Layers[{k}]")
    return out


def _layer_array_struct(layers, where):
    return {"Class": _LAYER_ARRAY_CLASS, _MARKER: float(FORMAT_VERSION),
            "Layers": _layer_cells(list(layers), where)}


def _options_struct(options, where):
    s = {"Class": _OPTIONS_PACKAGE + type(options).__name__, _MARKER: float(FORMAT_VERSION),
         "SolverName": options.solver_name}
    for option in type(options)._TABLE:
        name = option.name
        value = getattr(options, name)
        if name == "OutputFcn" and value is not None:
            warnings.warn(
                f"save: {where}.OutputFcn holds functions, which cannot be stored in a MAT "
                "file; it is saved as [] (None). Set it again after loading.",
                UserWarning, stacklevel=4)
            value = None
        if name == "Metrics" and value is not None:
            items = value if isinstance(value, list) else [value]
            kept = [m for m in items if isinstance(m, str)]
            if len(kept) != len(items):
                warnings.warn(
                    f"save: {where}.Metrics holds functions, which cannot be stored in a "
                    "MAT file; only the metric names are saved.", UserWarning, stacklevel=4)
            value = (kept if isinstance(value, list) else kept[0]) if kept else None
        s[name] = _encode(value, f"{where}.{name}")
    return s


_INFO_EXTRAS = ("StopReason", "Epoch", "IterationsPerEpoch", "MaxEpochs", "ValidationFrequency")


def _info_struct(info, where):
    s = {"Class": _INFO_CLASS, _MARKER: float(FORMAT_VERSION)}
    for name in list(info.fieldnames()) + list(_INFO_EXTRAS):
        value = getattr(info, name)
        if isinstance(value, np.ndarray):
            value = np.asarray(value, dtype=np.float64).reshape(1, -1)
        s[name] = _encode(value, f"{where}.{name}")
    return s


def _trainnet_info_struct(info):
    """trainnet's TrainingInfo: its two tables as structs of column vectors, the
    variable names in order, OutputNetworkIteration and StopReason."""
    s = {"Class": _TRAINNET_INFO_CLASS, _MARKER: float(FORMAT_VERSION),
         "OutputNetworkIteration": float(info.OutputNetworkIteration),
         "StopReason": str(info.StopReason), "MetricNames": _cellstr(info._metric_names)}
    for name in ("TrainingHistory", "ValidationHistory"):
        t = getattr(info, name)
        s[name] = {v: np.asarray(t[v], dtype=np.float64).reshape(-1, 1) for v in t.VariableNames}
        s[name + "Variables"] = _cellstr(t.VariableNames)
    return s


def _categorical_struct(c):
    codes = np.asarray(c.codes, dtype=np.int64)
    return {"Class": _CATEGORICAL_CLASS, _MARKER: float(FORMAT_VERSION),
            "codes": codes.reshape(c.shape, order="F"),
            "categories": _cellstr(list(c.categories_list)),
            "Orientation": c.orientation, "Ordinal": np.array([[bool(c.ordinal)]]),
            "Protected": np.array([[bool(c.protected)]])}


# ---------------------------------------------------------------------------
# save

def _mat_path(filename, function):
    if isinstance(filename, os.PathLike):
        filename = os.fspath(filename)
    if not isinstance(filename, str) or not filename:
        raise MatlabnnTypeError(
            f"{function}: the first argument must be a file name (a str or path); got "
            f"{type(filename).__name__}.", f"MATLAB:{function}:invalidFilename")
    return filename


@matlab_syntax('save(filename, net=net, info=info)', "save(filename, 'net', 'info')")
def save(filename, /, *args, **variables):
    """Save variables (networks, layers, options, info, labels, arrays) to a MAT file.

    MATLAB syntax and its Python forms::

        save(filename, 'net', 'info')         save(filename, net=net, info=info)
                                              save(filename, 'net', 'info')   # names of
                                                                  # the caller's variables
        save(filename, '-struct', 's')        save(filename, s)   # a dict: its items
        save(filename, ..., '-v7')            save(filename, ..., '-v7')

    Writes a MATLAB v7 MAT file (v5 format, compressed; ``'-v6'`` writes it
    uncompressed) with ``scipy.io.savemat`` -- never a pickle. If ``filename``
    has no extension, ``.mat`` is added, as in MATLAB. Variables are given as
    keywords (the usual Python form), as a dict, or by name as strings, which
    are looked up among the caller's variables as MATLAB does.

    Networks (SeriesNetwork, DAGNetwork, dlnetwork), layer arrays, layers,
    trainingOptions objects, training info (of trainNetwork and trainnet),
    categorical arrays, numpy arrays, numbers, bools, strings, None ([]), lists
    and tuples (cell arrays) and dicts (structs) can be saved.
    Learnables keep their class (single stays single) bit for bit, and the
    recurrent state of a network (after predictAndUpdateState) is saved too.
    The file layout is documented in :mod:`matlabnn.io`; it opens in MATLAB as
    plain structs. Functions (OutputFcn, callable Normalization or
    initializers) cannot be stored; see :mod:`matlabnn.io`.

    The file is written to a temporary file in the same folder and renamed over
    ``filename`` when complete: if the write fails (disk full, folder gone,
    Ctrl-C), an existing file is left as it was and no partial file remains.

    Example::

        net, info = trainNetwork(XTrain, YTrain, layers, options, nargout=2)
        save('trainedNet.mat', net=net, info=info, YTest=YTest)
        S = load('trainedNet.mat')
        YPred = predict(S.net, XTest)
    """
    filename = _mat_path(filename, "save")
    if not os.path.splitext(filename)[1]:
        filename += ".mat"
    compress = True
    collected = {}
    caller = None
    args = list(args)
    while args:
        a = args.pop(0)
        if isinstance(a, dict):
            collected.update(a)
        elif isinstance(a, str) and a.startswith("-"):
            flag = a.lower()
            if flag in ("-v7", "-mat"):
                compress = True
            elif flag in ("-v6",):
                compress = False
            elif flag == "-struct":
                if not args or not isinstance(args[0], (str, dict)):
                    raise MatlabnnTypeError(
                        "save: '-struct' must be followed by a struct (a dict) or the name "
                        "of one.", "MATLAB:save:missingStructName")
                s = args.pop(0)
                if isinstance(s, str):
                    caller = caller or _user_frame()
                    s = _caller_variable(caller, s)
                if not isinstance(s, dict):
                    raise MatlabnnTypeError("save: '-struct' needs a struct (a dict).",
                                            "MATLAB:save:notAStruct")
                collected.update(s)
            elif flag == "-v7.3":
                raise MatlabnnValueError(
                    "save: '-v7.3' (HDF5 MAT files) is not supported; matlabnn writes "
                    "v7 files, which MATLAB reads. Omit the option or use '-v7'.",
                    "matlabnn:save:UnsupportedFormat")
            else:
                raise MatlabnnValueError(
                    f"save: the option '{a}' is not supported. Supported: '-v7' (default), "
                    "'-v6', '-mat', '-struct'.", "matlabnn:save:UnsupportedOption")
        elif isinstance(a, str):
            caller = caller or _user_frame()
            collected[a] = _caller_variable(caller, a)
        else:
            raise MatlabnnTypeError(
                f"save: expected variable names (str), a dict of variables, or options such "
                f"as '-v7' after the file name; got a {type(a).__name__}. Pass variables as "
                "keywords: save(filename, net=net).", "matlabnn:save:InvalidArgument")
    collected.update(variables)
    if not collected:
        raise MatlabnnTypeError(
            "save: no variables to save. Python cannot save a whole workspace; name the "
            "variables: save(filename, net=net, info=info).", "matlabnn:save:NoVariables")
    encoded = {}
    for name, value in collected.items():
        _check_field_name(name, "variable")
        encoded[name] = _encode(value, name)
    try:
        # a temporary file renamed over the target: an existing file survives any failure
        replace_atomically(filename, lambda f: scipy.io.savemat(
            f, encoded, format="5", do_compression=compress, long_field_names=True,
            oned_as="row"))
    except OSError as err:
        raise MatlabnnValueError(
            f"save: unable to write file '{filename}': {err.strerror or err}.",
            "MATLAB:save:permissionDenied") from err


def _user_frame():
    """The frame of save's caller (above save and its argument-checking wrapper)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code is _WRAPPER_CODE:
        frame = frame.f_back
    return frame


def _caller_variable(frame, name):
    if name in frame.f_locals:
        return frame.f_locals[name]
    if name in frame.f_globals:
        return frame.f_globals[name]
    raise MatlabnnValueError(
        f"save: variable '{name}' not found. Pass variables as keywords instead: "
        f"save(filename, {name}={name}).", "MATLAB:save:couldNotWriteFile")


# ---------------------------------------------------------------------------
# MAT values -> Python.

def _is_struct_array(x):
    return isinstance(x, np.ndarray) and x.dtype == object and x.size > 0 and \
        all(isinstance(e, mat_struct) for e in x.flat)


def _as_struct(x):
    """A mat_struct for a 1-by-1 struct value, else None."""
    if isinstance(x, mat_struct):
        return x
    if _is_struct_array(x) and x.size == 1:
        return x.flat[0]
    return None


def _text(x):
    """str for a char array, else None."""
    if isinstance(x, str):
        return x
    if isinstance(x, np.ndarray) and x.dtype.kind == "U":
        if x.size == 0:
            return ""
        if x.size == 1:
            return str(x.flat[0])
    return None


def _array(x):
    """A numeric/logical array (contiguous, 2-D as stored), None for []."""
    if isinstance(x, np.ndarray) and x.dtype.kind in "biufc":
        if x.size == 0 and x.dtype == np.float64 and x.shape == (0, 0):
            return None
        return np.ascontiguousarray(x)
    return _decode(x, "value")


def _scalar_value(x):
    v = x.reshape(-1)[0]
    if x.dtype == np.float64:
        return float(v)
    if x.dtype == np.bool_:
        return bool(v)
    return v


def _decode(x, where, context=None):
    """A loadmat value as Python (see the module docstring for the rules)."""
    if isinstance(x, DecodedObject):       # categorical, string, table written by MATLAB
        return x.value
    if isinstance(x, mat_struct):
        return _decode_struct(x, where, context)
    if isinstance(x, np.ndarray):
        kind = x.dtype.kind
        if kind == "U":
            if x.size <= 1:
                return _text(x)
            return [str(s) for s in x.reshape(-1, order="F")]
        if kind == "O":
            if _is_struct_array(x):
                if x.size == 1:
                    return _decode_struct(x.flat[0], where, context)
                return [_decode_struct(e, f"{where}[{k}]", context)
                        for k, e in enumerate(x.reshape(-1, order="F"))]
            return [_decode(e, f"{where}[{k}]", context)
                    for k, e in enumerate(x.reshape(-1, order="F"))]
        if kind in "biufc":
            if x.size == 0 and x.dtype == np.float64 and x.shape == (0, 0):
                return None
            if x.size == 1 and x.ndim == 2:
                return _scalar_value(x)
            return np.ascontiguousarray(x)
    return x


def _fields(s):
    return list(s._fieldnames)


def _decode_struct(s, where, context):
    names = _fields(s)
    cls = _text(getattr(s, "Class")) if "Class" in names else None
    if cls is not None:
        _check_version(s, where, context)
        obj = _decode_object(cls, s, where, context)
        if obj is not _NOT_AN_OBJECT:
            return obj
        if _MARKER in names:
            raise _invalid(context, where,
                           f"it is a struct with Class '{cls}', which this version of "
                           "matlabnn does not know.", "matlabnn:load:UnknownClass")
    return Struct({n: _decode(getattr(s, n), f"{where}.{n}", context) for n in names})


_NOT_AN_OBJECT = object()


def _check_version(s, where, context):
    if _MARKER not in _fields(s):
        return
    v = _decode(getattr(s, _MARKER), where, context)
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)) \
            or not math.isfinite(v) or v < 1 or v != int(v):
        raise _invalid(context, f"{where}.{_MARKER}",
                       f"the format marker is {_brief_value(v)}; expected a positive "
                       f"integer (this version writes {FORMAT_VERSION}).")
    if v > FORMAT_VERSION:
        raise _invalid(context, f"{where}.{_MARKER}",
                       f"it was written in matlabnn file format {v!r}, newer than the "
                       f"format this version reads ({FORMAT_VERSION}). Update matlabnn.",
                       "matlabnn:load:NewerFormat")


def _decode_object(cls, s, where, context):
    if cls in (_NETWORK_CLASS, _DAG_CLASS):
        return _decode_network(s, where, context, dag=cls == _DAG_CLASS)
    if cls == _DLNETWORK_CLASS:
        return _decode_dlnetwork(s, where, context)
    if cls == _LAYER_ARRAY_CLASS:
        return LayerArray(_decode_layer_list(s, where, context))
    if cls in _layer_registry():
        return _decode_layer(s, where, context)
    if cls.startswith(_OPTIONS_PACKAGE + "TrainingOptions") or cls.startswith("TrainingOptions"):
        return _decode_options(cls, s, where, context)
    if cls == _INFO_CLASS:
        return _decode_info(s, where, context)
    if cls == _TRAINNET_INFO_CLASS:
        return _decode_trainnet_info(s, where, context)
    if cls == _CATEGORICAL_CLASS:
        return _decode_categorical(s, where, context)
    return _NOT_AN_OBJECT


def _invalid(context, where, what, identifier="matlabnn:load:InvalidFile"):
    filename = context["filename"] if context else "?"
    return MatFileError(f"load: variable '{where}' in '{filename}': {what}", identifier)


def _require(s, names, where, context, expected):
    missing = [n for n in names if n not in _fields(s)]
    if missing:
        raise _invalid(context, where,
                       f"the field{'s' if len(missing) > 1 else ''} "
                       f"{', '.join(repr(m) for m in missing)} "
                       f"{'are' if len(missing) > 1 else 'is'} missing. Expected {expected}.")


# -- layers -------------------------------------------------------------------

_NETWORK_EXPECTED = ("a network struct with fields Class = 'SeriesNetwork', "
                     "matlabnn_format, Layers (a cell array of layer structs, each with a "
                     "Class field such as 'nnet.cnn.layer.LSTMLayer'), InputNames, "
                     "OutputNames (see the layout in matlabnn.io, as "
                     "examples/matlab/exportNetwork.m writes it)")


def _decode_layer_list(s, where, context):
    _require(s, ["Layers"], where, context, _NETWORK_EXPECTED)
    raw = getattr(s, "Layers")
    if not isinstance(raw, np.ndarray) or raw.dtype != object or raw.size == 0:
        raise _invalid(context, where, "its Layers field is not a nonempty cell array of "
                                       f"layer structs. Expected {_NETWORK_EXPECTED}.")
    layers = []
    for k, item in enumerate(raw.reshape(-1, order="F")):
        here = f"{where}.Layers{{{k + 1}}}"
        st = _as_struct(item)
        if st is None:
            raise _invalid(context, here, "it is not a layer struct. Expected "
                                          "a struct with a Class field and the layer's "
                                          "properties.")
        layers.append(_decode_layer(st, here, context))
    return layers


def _decode_layer(s, where, context):
    names = _fields(s)
    if "Class" not in names or _text(getattr(s, "Class")) is None:
        raise _invalid(context, where, "the layer struct has no Class field (char), such "
                                       "as 'nnet.cnn.layer.LSTMLayer'.")
    cls_name = _text(getattr(s, "Class"))
    cls = _layer_registry().get(cls_name)
    if cls is None:
        raise _invalid(context, where,
                       f"layer class '{cls_name}' is not supported by matlabnn. Supported "
                       f"layers: {', '.join(_supported_classes())}.",
                       "matlabnn:load:UnsupportedLayer")
    fn = _constructor(cls)
    if fn is None:
        raise _invalid(context, where, f"matlabnn has no constructor for {cls_name}.",
                       "matlabnn:load:UnsupportedLayer")
    layer_name = _text(getattr(s, "Name")) if "Name" in names else ""
    label = f"layer '{layer_name}' ({cls._class_name})" if layer_name else cls._class_name
    positional, used = [], set()
    for prop, has_default in _positional_properties(fn):
        if prop in names:
            positional.append(_decode_property(cls, prop, getattr(s, prop), where, context))
            used.add(prop)
        elif has_default:
            break
        else:
            raise _invalid(context, where,
                           f"{label}: the field '{prop}' is missing; {fn.__name__} needs it.")
    kwargs = {}
    for option in cls._options:
        name = option.name
        if name in used or name not in names:
            continue
        value = _decode_property(cls, name, getattr(s, name), where, context, option, label)
        if value is _USE_DEFAULT:
            continue
        kwargs[name] = value
    try:
        layer = fn(*positional, **kwargs)
    except MatlabnnError as err:
        # name the field at fault: an option the message names, else the positional one
        culprit = next((n for n in kwargs if f"'{n}'" in err.message), None) \
            or "/".join(p for p, _ in _positional_properties(fn) if p in used)
        raise _invalid(context, f"{where}.{culprit}" if culprit else where,
                       f"{label} cannot be rebuilt: {err.message}",
                       "matlabnn:load:InvalidLayer") from err
    # Learnables that are not constructor options, and the initial recurrent state.
    option_names = {o.name for o in cls._options}
    for name in cls._learnables:
        if name not in option_names and name in names:
            object.__setattr__(layer, name, _array(getattr(s, name)))
    initial = getattr(layer, "_initial", None)
    if isinstance(initial, dict):
        for state in list(initial):
            if "Initial" + state in names:
                initial[state] = _initial_state(layer, cls, state, getattr(s, "Initial" + state),
                                                f"{where}.Initial{state}", context, label)
    return layer


def _initial_state(layer, cls, state, raw, where, context, label):
    """A stored initial state, checked as an assignment to the layer's state would be."""
    from ._namevalue import _Context
    option = next(o for o in cls._options if o.name == state)
    try:
        value = option.validator(_array(raw), _Context(cls._class_name, "Initial" + state))
        layer._check_state(state, value)
    except MatlabnnError as err:
        raise _invalid(context, where, f"{label}: {err.message}",
                       "matlabnn:load:InvalidLayer") from err
    return value


def _brief_value(v):
    from ._namevalue import _brief
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Inf" if v > 0 else "-Inf")
    return _brief(v)


_USE_DEFAULT = object()


def _decode_property(cls, name, raw, where, context, option=None, label=None):
    keeps_array = name in cls._learnables or (option is not None and option.default is None)
    if keeps_array and isinstance(raw, np.ndarray) and raw.dtype.kind in "biufc":
        return _array(raw)
    value = _decode(raw, f"{where}.{name}", context)
    if option is not None and isinstance(value, str) and value.startswith("@") \
            and name != "Name":
        if "Initializer" in name:
            warnings.warn(
                f"load: {label} in '{context['filename']}' was saved with {name} = {value}, "
                f"a function that a MAT file cannot hold; the default "
                f"{option.default!r} is used. The stored learnables are not affected.",
                UserWarning, stacklevel=4)
            return _USE_DEFAULT
        raise _invalid(context, where,
                       f"{label} has {name} = {value}, a function that a MAT file cannot "
                       f"hold, and the layer cannot work without it. Rebuild the layer with "
                       f"the function and the stored learnables, or save the network with a "
                       f"built-in {name}.", "matlabnn:load:FunctionHandle")
    if value is None and option is not None and isinstance(option.default, str):
        return option.default          # [] for a text option: MATLAB's empty
    return value


def _decode_network(s, where, context, dag=False):
    layers = _decode_layer_list(s, where, context)
    if dag:
        layers = _decode_graph(layers, s, where, context)
    dtype = np.float32
    if "DataType" in _fields(s):
        dt = _text(getattr(s, "DataType"))
        if dt not in ("single", "double"):
            raise _invalid(context, where, f"DataType must be 'single' or 'double', not "
                                           f"{dt!r}.")
        dtype = np.float64 if dt == "double" else np.float32
    try:
        return _assemble(layers, dtype)
    except MatlabnnError as err:
        raise _invalid(context, where,
                       f"the stored layers do not form a valid network: {err.message}",
                       "matlabnn:load:InvalidNetwork") from err


def _decode_dlnetwork(s, where, context):
    from .dlnetwork import dlnetwork
    graph = _decode_graph(_decode_layer_list(s, where, context), s, where, context)
    dtype = np.float32
    if "DataType" in _fields(s) and _text(getattr(s, "DataType")) == "double":
        dtype = np.float64
    initialized = "Initialized" not in _fields(s) or bool(
        np.asarray(getattr(s, "Initialized")).reshape(-1)[0])
    try:
        net = dlnetwork(graph, Initialize=False)
        object.__setattr__(net, "_dtype", np.dtype(dtype))
        if initialized:
            net._initialize("load")
    except MatlabnnError as err:
        raise _invalid(context, where,
                       f"the stored layers do not form a valid dlnetwork: {err.message}",
                       "matlabnn:load:InvalidNetwork") from err
    return net


def _decode_graph(layers, s, where, context):
    """The layers and the stored Connections (Source, Destination) as a LayerGraph."""
    from .layergraph import LayerGraph, connectLayers
    _require(s, ["Connections"], where, context, "a DAGNetwork struct with Connections")
    raw = np.asarray(getattr(s, "Connections"), dtype=object)
    if raw.size and (raw.ndim != 2 or raw.shape[1] != 2):
        raise _invalid(context, f"{where}.Connections", "must be an M-by-2 cell array of "
                                                        "Source and Destination names.")
    graph = LayerGraph(layers)
    try:
        for src, dst in raw.reshape(-1, 2) if raw.size else ():
            graph = connectLayers(graph, _text(src), _text(dst))
    except MatlabnnError as err:
        raise _invalid(context, f"{where}.Connections", err.message,
                       "matlabnn:load:InvalidNetwork") from err
    return graph


def _assemble(layers, dtype):
    """assembleNetwork, in the network's own precision (learnables bit for bit)."""
    from .prediction import assemble_network
    return assemble_network(layers, "load", dtype=dtype)


# -- options, info, categorical ---------------------------------------------------

def _decode_options(cls, s, where, context):
    short = cls.split(".")[-1]
    solvers = {"TrainingOptionsSGDM": "sgdm", "TrainingOptionsADAM": "adam",
               "TrainingOptionsRMSProp": "rmsprop"}
    solver = solvers.get(short)
    if solver is None:
        raise _invalid(context, where, f"unknown training options class '{cls}'. Expected "
                                       "nnet.cnn.TrainingOptionsSGDM, ...ADAM or ...RMSProp.")
    from .options import _CLASSES
    table = _CLASSES[solver]._TABLE
    names = _fields(s)
    kwargs = {}
    for option in table:
        if option.name not in names:
            continue
        value = _decode(getattr(s, option.name), f"{where}.{option.name}", context)
        if option.name == "CheckpointPath" and isinstance(value, str) and value \
                and not os.path.isdir(value):
            warnings.warn(f"load: the CheckpointPath '{value}' of {where} does not exist "
                          "here; it is set to '' (no checkpoints).", UserWarning, stacklevel=4)
            value = ""
        if option.name in ("ValidationData", "OutputFcn", "Metrics", "WorkerLoad") \
                and isinstance(value, list) and not value:
            value = None
        kwargs[option.name] = value
    try:
        return trainingOptions(solver, **kwargs)
    except MatlabnnError as err:
        culprit = next((n for n in kwargs if f"'{n}'" in err.message), None)
        raise _invalid(context, f"{where}.{culprit}" if culprit else where,
                       f"the stored training options are not valid: {err.message}") from err


def _decode_info(s, where, context):
    names = _fields(s)
    _require(s, ["TrainingLoss"], where, context,
             "a TrainingInfo struct with TrainingLoss, TrainingRMSE or TrainingAccuracy, ...")
    info = TrainingInfo("TrainingAccuracy" in names, "ValidationLoss" in names)

    def bad(name, what):
        raise _invalid(context, f"{where}.{name}", what)

    def row(name, finite=False, lo=None, hi=None):
        v = getattr(s, name)
        if not isinstance(v, np.ndarray) or v.dtype.kind not in "biuf" or v.ndim != 2 \
                or (v.size and min(v.shape) != 1):
            bad(name, f"expected a 1-by-N numeric row (one value per iteration); got "
                      f"{_brief_value(_decode(v, name, context))}.")
        r = np.asarray(v, dtype=np.float64).reshape(-1)
        if finite and not np.all(np.isfinite(r)):
            bad(name, "it contains NaN or Inf; every iteration has a finite value.")
        real = r[~np.isnan(r)]
        if (lo is not None and np.any(real < lo)) or (hi is not None and np.any(real > hi)):
            bad(name, f"its values must lie in [{lo:g}, {hi:g}].")
        return r

    def scalar(name, integer=False, lo=None, optional=False):
        v = _decode(getattr(s, name), f"{where}.{name}", context)
        if v is None and optional:
            return None
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.floating)) \
                or (integer and (not math.isfinite(v) or v != int(v))) \
                or (lo is not None and not v >= lo):
            kind = "an integer" if integer else "a real scalar"
            bad(name, f"expected {kind}{f' >= {lo:g}' if lo is not None else ''}"
                      f"{' or []' if optional else ''}; got {_brief_value(v)}.")
        return int(v) if integer else float(v)

    bounds = {"TrainingAccuracy": (0, 100), "ValidationAccuracy": (0, 100)}
    lengths = {}
    for name in info.fieldnames():
        if name not in names:
            continue
        if name.startswith("Final"):
            v = scalar(name, optional=True)
            setattr(info, name, math.nan if v is None else v)
        elif name != "OutputNetworkIteration":
            lo, hi = bounds.get(name, (None, None))
            r = row(name, finite=name in ("TrainingLoss", "BaseLearnRate"), lo=lo, hi=hi)
            setattr(info, name, r)
            lengths[name] = r.size
    if "Epoch" in names:
        epoch = row("Epoch", finite=True, lo=1, hi=math.inf)
        if np.any(epoch != np.round(epoch)) or np.any(np.diff(epoch) < 0):
            bad("Epoch", "expected nondecreasing whole epoch numbers, one per iteration.")
        info.Epoch = epoch.astype(int)
        lengths["Epoch"] = epoch.size
    n = lengths.get("TrainingLoss", 0)
    for name, size in lengths.items():
        if size != n and not (name == "Epoch" and size == 0):
            bad(name, f"it has {size} values but TrainingLoss has {n}; every per-iteration "
                      "field has one value per iteration.")
    if "OutputNetworkIteration" in names:
        k = scalar("OutputNetworkIteration", integer=True, lo=0)
        if k > n:
            bad("OutputNetworkIteration", f"it is {k}, beyond the {n} iterations stored.")
        info.OutputNetworkIteration = k
    if "StopReason" in names:
        reason = _decode(getattr(s, "StopReason"), f"{where}.StopReason", context)
        if reason is not None and not isinstance(reason, str):
            bad("StopReason", f"expected text; got {_brief_value(reason)}.")
        info.StopReason = reason or ""
    for name in ("IterationsPerEpoch", "MaxEpochs", "ValidationFrequency"):
        if name in names:
            setattr(info, name, scalar(name, integer=True, lo=1, optional=True))
    return info


def _decode_trainnet_info(s, where, context):
    from .helpers.table import table
    from .trainnet_info import TrainnetInfo
    _require(s, ["TrainingHistory", "TrainingHistoryVariables", "ValidationHistory",
                 "ValidationHistoryVariables", "OutputNetworkIteration", "StopReason"],
             where, context, "a trainnet TrainingInfo struct (TrainingHistory, "
                             "ValidationHistory, OutputNetworkIteration, StopReason)")

    def names(field):
        raw = _decode(getattr(s, field), f"{where}.{field}", context)
        return [] if raw is None else ([raw] if isinstance(raw, str) else list(raw))

    def history(name):
        struct = _as_struct(getattr(s, name))
        columns = []
        for v in names(name + "Variables"):
            col = np.asarray(getattr(struct, v), dtype=np.float64).reshape(-1)
            columns.append(col.astype(np.int64) if v in ("Iteration", "Epoch") else col)
        return table(*columns, VariableNames=names(name + "Variables"))

    metric_names = names("MetricNames") if "MetricNames" in _fields(s) else []
    return TrainnetInfo(history("TrainingHistory"), history("ValidationHistory"), metric_names,
                        int(_decode(getattr(s, "OutputNetworkIteration"), where, context)),
                        _decode(getattr(s, "StopReason"), where, context) or "")


def _decode_categorical(s, where, context):
    _require(s, ["codes", "categories"], where, context,
             "a categorical struct with fields Class = 'categorical', codes, categories")

    def bad(name, what):
        raise _invalid(context, f"{where}.{name}", what)

    raw = getattr(s, "codes")
    if not isinstance(raw, np.ndarray) or raw.dtype.kind not in "iuf" or raw.ndim < 2:
        bad("codes", "expected a numeric array of category codes (0 = <undefined>, k = "
                     "the k-th category).")
    values = np.asarray(raw, dtype=np.float64).reshape(-1, order="F")
    if not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
        bad("codes", "codes must be whole numbers (0 = <undefined>, k = the k-th "
                     "category); it has NaN, Inf or fractional values.")
    cats = _decode(getattr(s, "categories"), f"{where}.categories", context)
    cats = [] if cats is None else [cats] if isinstance(cats, str) else cats
    if not isinstance(cats, list) or not all(isinstance(c, str) and c for c in cats):
        bad("categories", "expected a cell array of nonempty category names (char).")
    if len(set(cats)) != len(cats):
        dup = next(c for c in cats if cats.count(c) > 1)
        bad("categories", f"the category '{dup}' appears more than once; category names "
                          "are unique.")
    if values.size and (values.min() < 0 or values.max() > len(cats)):
        bad("codes", f"codes must lie in 0..{len(cats)} (0 = <undefined>, k = the k-th of "
                     f"the {len(cats)} categories); found {values.min():g}..{values.max():g}.")
    names = _fields(s)
    if "Orientation" in names:
        orientation = _text(getattr(s, "Orientation"))
        if orientation not in ("row", "column", "matrix"):
            bad("Orientation", f"expected 'row', 'column' or 'matrix'; got "
                               f"{_brief_value(_decode(getattr(s, 'Orientation'), '', context))}.")
    else:
        orientation = "matrix"
    if orientation == "matrix":             # the MATLAB size is the size of codes
        orientation = np.shape(raw)
    flags = []
    for name in ("Ordinal", "Protected"):
        flag = _decode(getattr(s, name), f"{where}.{name}", context) if name in names else False
        if not isinstance(flag, (bool, np.bool_)) and not (
                isinstance(flag, float) and flag in (0.0, 1.0)):
            bad(name, f"expected a logical scalar; got {_brief_value(flag)}.")
        flags.append(bool(flag))
    return categorical.from_codes(values.astype(np.int64), cats, orientation, *flags)


# ---------------------------------------------------------------------------
# load

def _loadmat(filename, names):
    """loadmat in MATLAB's classes (logical -> bool, doubles stored as integers -> double).

    scipy's ``mat_dtype=True`` drops the imaginary part of complex arrays, so when
    a file has any, they are taken from a second read without it.
    """
    kwargs = dict(struct_as_record=False, squeeze_me=False, chars_as_strings=True,
                  variable_names=names or None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", _ComplexWarning)
        raw = read_variables(filename, mat_dtype=True, **kwargs)
    for w in caught:
        if not issubclass(w.category, _ComplexWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if any(issubclass(w.category, _ComplexWarning) for w in caught):
        exact = read_variables(filename, mat_dtype=False, **kwargs)
        raw = {k: _with_complex(v, exact.get(k)) for k, v in raw.items()}
    return raw


def _decode_variable(value, name, context):
    """One variable; what the checks did not foresee still names the variable."""
    try:
        return _decode(value, name, context)
    except MatlabnnError:
        raise
    except Exception as err:     # a damaged value that slipped past the field checks
        raise _invalid(context, name, f"it cannot be read ({type(err).__name__}: {err}); the "
                                      "file is damaged or was not written by matlabnn or "
                                      "MATLAB.", "matlabnn:load:DamagedFile") from err


def _with_complex(a, b):
    """``a`` with the complex arrays of ``b`` (the same value read without mat_dtype)."""
    if isinstance(b, np.ndarray) and b.dtype.kind == "c":
        return b
    if isinstance(a, mat_struct) and isinstance(b, mat_struct):
        for name in a._fieldnames:
            setattr(a, name, _with_complex(getattr(a, name), getattr(b, name, None)))
        return a
    if isinstance(a, np.ndarray) and a.dtype == object and isinstance(b, np.ndarray) \
            and b.shape == a.shape:
        for idx in np.ndindex(a.shape):
            a[idx] = _with_complex(a[idx], b[idx])
    return a


@matlab_syntax('S = load(filename)', "S = load(filename, 'net')")
def load(filename, /, *variables):
    """Load variables from a MAT file into a struct.

    MATLAB syntax and its Python forms::

        S = load(filename)                    S = load(filename)
        S = load(filename, 'net', 'info')     S = load(filename, 'net', 'info')

    Returns a :class:`~matlabnn._struct.Struct` of the variables in the file:
    ``S['net']`` or ``S.net``. With names, only those variables are read (a
    name not in the file gives a warning, as in MATLAB). If ``filename`` does
    not exist and has no extension, ``filename + '.mat'`` is tried.

    Objects saved by :func:`save` (or by ``examples/matlab/exportNetwork.m`` in
    MATLAB) come back as objects: a SeriesNetwork whose predictions equal the
    original's (learnables bit for bit, recurrent state, normalization
    statistics, classes and response names), layer arrays, trainingOptions
    objects, training info and categorical arrays. Other MAT-file values follow
    the rules in :mod:`matlabnn.io` (cell arrays -> lists, structs -> Struct,
    char -> str, [] -> None, 1-by-1 arrays -> scalars). MATLAB's own
    ``categorical``, ``string`` and ``table`` objects (in files MATLAB wrote)
    come back as ``categorical``, ``str`` / object arrays of ``str`` and
    ``table`` (:mod:`matlabnn.matfile_objects`); any other MATLAB object raises
    an error naming the variable and its class.

    A file that does not exist raises ``FileNotFoundError`` (identifier
    'MATLAB:load:couldNotReadFile'); a file that is not a MAT file, or a struct
    that does not describe a valid network, raises a ValueError (identifier
    'matlabnn:load:...') naming the file and what was expected.

    Example::

        save('net.mat', net=net)
        S = load('net.mat')
        YPred = predict(S.net, XTest)
        net = load('net.mat', 'net').net
    """
    filename = _mat_path(filename, "load")
    if not os.path.exists(filename) and not os.path.splitext(filename)[1] \
            and os.path.exists(filename + ".mat"):
        filename += ".mat"
    if not os.path.isfile(filename):
        raise MatFileNotFoundError(
            f"load: Unable to find file or directory '{filename}'." +
            (" It is a folder." if os.path.isdir(filename) else ""))
    names = []
    for v in variables:
        if not isinstance(v, str):
            raise MatlabnnTypeError(
                f"load: variable names must be str; got a {type(v).__name__}.",
                "matlabnn:load:InvalidArgument")
        if v.lower() == "-mat":
            continue
        if v.startswith("-"):
            raise MatlabnnValueError(f"load: the option '{v}' is not supported.",
                                     "matlabnn:load:UnsupportedOption")
        names.append(v)
    context = {"filename": filename}
    verify_v5_structure(filename)      # a cut or damaged file fails here, whole
    try:
        raw = _loadmat(filename, names)
    except NotImplementedError as err:
        raise MatFileError(
            f"load: '{filename}' is a MATLAB v7.3 (HDF5) MAT file, which matlabnn cannot "
            "read. Save it again in MATLAB with save(filename, 'var1', 'var2', '-v7').",
            "matlabnn:load:UnsupportedFormat") from err
    except Exception as err:      # scipy raises ValueError, TypeError, OSError, ... for junk
        raise MatFileError(
            f"load: '{filename}' is not a MAT file that matlabnn can read ({err}). Expected "
            "a MATLAB v5/v7 MAT file, as written by matlabnn's save or MATLAB's "
            "save(filename, 'net', '-v7').") from err
    raw = decode_objects(raw, filename, lambda value, where: _decode(value, where, context))
    out = Struct()
    for name, value in raw.items():
        if name.startswith("__"):
            continue
        out[name] = _decode_variable(value, name, context)
    for name in names:
        if name not in out:
            warnings.warn(f"load: Variable '{name}' not found in '{filename}'.",
                          UserWarning, stacklevel=2)
    return out
