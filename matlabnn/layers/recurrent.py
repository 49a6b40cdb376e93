"""Recurrent layers: lstmLayer, bilstmLayer, gruLayer and their shared machinery."""
import math
import numbers

import numpy as np

from .._namevalue import Option, choice, choice_or_callable, logical, name_text
from .._signature import matlab_syntax
from ..errors import InvalidNetworkError, MatlabnnValueError
from ..initializers import WEIGHT_INITIALIZERS, initialize
from ..ops import gru as gru_ops
from ..ops import lstm as lstm_ops
from ..ops._common import run_pair
from ._validators import (column_or_empty, expand_factor, factor, matrix_or_empty,
                          positive_int_or_auto, state_or_empty)
from .base import Layer, check_learnable_memory, require_size


def _num_hidden_units(function, value):
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0 \
            and math.isfinite(value) and float(value) == int(value):
        return int(value)
    raise MatlabnnValueError(
        f"{function}: invalid number of hidden units {value!r}. Expected a positive integer.",
        f"nnet_cnn:layer:{function}:InvalidNumHiddenUnits")


class RecurrentLayer(Layer):
    """Machinery shared by LSTM, BiLSTM and GRU layers.

    Subclasses set ``_n_gates`` (4 for LSTM, 3 for GRU), ``_n_directions`` (2 for
    BiLSTM) and ``_state_names`` (('HiddenState', 'CellState') or ('HiddenState',)).
    Learnables are stacked gate blocks of H rows (MATLAB layout).
    """

    _is_recurrent = True
    _learnables = ("InputWeights", "RecurrentWeights", "Bias")
    _factors = {"InputWeights": ("InputWeightsLearnRateFactor", "InputWeightsL2Factor"),
                "RecurrentWeights": ("RecurrentWeightsLearnRateFactor",
                                     "RecurrentWeightsL2Factor"),
                "Bias": ("BiasLearnRateFactor", "BiasL2Factor")}
    _readonly = Layer._readonly + ("NumHiddenUnits", "InputSize", "HasStateInputs",
                                   "HasStateOutputs")
    _n_gates = 4
    _n_directions = 1
    _state_names = ("HiddenState", "CellState")
    _unit_name = "hidden units"

    # -- sizes -----------------------------------------------------------------
    @property
    def _rows(self):
        return self._n_gates * self._n_directions * self.NumHiddenUnits

    @property
    def _state_rows(self):
        return self._n_directions * self.NumHiddenUnits

    def _bias_rows(self):
        return self._rows

    @property
    def InputNames(self):
        return ["in"] + (["hidden", "cell"][:len(self._state_names)] if self.HasStateInputs else [])

    @property
    def OutputNames(self):
        return ["out"] + (["hidden", "cell"][:len(self._state_names)] if self.HasStateOutputs else [])

    @property
    def NumInputs(self):
        return len(self.InputNames)

    @property
    def NumOutputs(self):
        return len(self.OutputNames)

    def _check_memory(self, dtype, input_size=None):
        """The stacked learnables must fit in memory (checked before any is allocated)."""
        H, G = self.NumHiddenUnits, self._rows
        shapes = {"RecurrentWeights": (G, H)}
        if input_size is not None:
            shapes = {"InputWeights": (G, input_size), **shapes, "Bias": (self._bias_rows(), 1)}
        check_learnable_memory(self, self._constructor, shapes, dtype,
                               f"Use fewer hidden units than {H}"
                               + ("" if input_size is None else
                                  f" or fewer input channels than {input_size}") + ".")

    def _after_construct(self):
        self._check_memory(np.float32,
                           None if self.InputSize == "auto" else self.InputSize)
        for s in self._state_names:
            self._check_state(s, getattr(self, s))
        # The initial state that resetState restores.
        self._initial = {s: getattr(self, s) for s in self._state_names}
        if self.HasStateInputs and any(v is not None for v in self._initial.values()):
            raise MatlabnnValueError(
                f"{type(self).__name__}: HiddenState/CellState cannot be set when "
                "HasStateInputs is true.", "nnet_cnn:layer:LSTMLayer:SettingStateWithStateInputs")

    def _check_assignment(self, name, value):
        if name in self._state_names:
            self._check_state(name, value)
        return value

    def _check_state(self, name, value):
        """A state (numeric, finite, 2-D by its validator) must have one row per unit:
        H-by-1 (every observation starts from it) or H-by-N (one column each)."""
        rows = self._state_rows
        if value is not None and value.shape[0] != rows:
            what = "2*NumHiddenUnits, forward then backward" if self._n_directions == 2 \
                else "NumHiddenUnits"
            raise MatlabnnValueError(
                f"{self._class_name} '{self.Name}': invalid {name}. Expected a {rows}-by-1 "
                f"or {rows}-by-N matrix (one row per hidden unit: {what} = {rows}); got "
                f"size {'x'.join(map(str, value.shape))}.",
                f"nnet_cnn:layer:{self._class_name}:InvalidState")

    def _after_set(self, name):
        if name in self._state_names:
            self._initial[name] = getattr(self, name)

    # -- displays ----------------------------------------------------------------
    def _sections(self):
        return [(None, ["Name", "InputNames", "OutputNames", "NumInputs", "NumOutputs",
                        "HasStateInputs", "HasStateOutputs"]),
                ("Hyperparameters", self._hyperparameters()),
                ("Learnable Parameters", list(self._learnables)),
                ("State Parameters", list(self._state_names))]

    def _hyperparameters(self):
        return ["InputSize", "NumHiddenUnits", "OutputMode", "StateActivationFunction",
                "GateActivationFunction"]

    def _footer(self):
        return "Show all properties"

    def _description(self):
        return f"{self._type_name} with {self.NumHiddenUnits} {self._unit_name}"

    # -- setup --------------------------------------------------------------------
    def _setup(self, input_size, is_sequence):
        if self.HasStateInputs or self.HasStateOutputs:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': HasStateInputs and HasStateOutputs must be false in a "
                "layer array: a series network has no connections for the extra state "
                "inputs or outputs.", "nnet_cnn:trainNetwork:InvalidNetwork")
        if not is_sequence:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': a recurrent layer needs sequence input, but its input "
                "has no time dimension. Use sequenceInputLayer, and put layers with "
                "OutputMode 'last' only after it.", "nnet_cnn:trainNetwork:InvalidNetwork")
        if self.InputSize != "auto" and self.InputSize != input_size:
            raise InvalidNetworkError(
                f"Layer '{self.Name}': InputSize is {self.InputSize} but the layer receives "
                f"{input_size} channels.", "nnet_cnn:trainNetwork:InvalidNetwork")
        object.__setattr__(self, "InputSize", input_size)
        H, R = self.NumHiddenUnits, self._rows
        require_size(self, "InputWeights", self.InputWeights, (R, input_size))
        require_size(self, "RecurrentWeights", self.RecurrentWeights,
                     (R, H) if self._n_directions == 1 else (R, H))
        require_size(self, "Bias", self.Bias, (self._bias_rows(), 1))
        for s in self._state_names:
            v = getattr(self, s)
            if v is not None and v.shape[0] != self._state_rows:
                raise MatlabnnValueError(
                    f"Layer '{self.Name}': invalid {s}. Expected {self._state_rows} rows "
                    f"(one per hidden unit) but got {v.shape[0]}.",
                    f"nnet_cnn:layer:{self._class_name}:InvalidState")
        return self._state_rows if self._n_directions == 2 else H, self.OutputMode == "sequence"

    def _initialize(self, rng, dtype):
        H, C = self.NumHiddenUnits, self.InputSize
        self._check_memory(dtype, C)
        # MATLAB initializes each stacked matrix as a whole: fan-out is every gate of
        # every direction (4H for LSTM, 8H for BiLSTM, 3H for GRU); fan-in C or H.
        G = self._rows
        if self.InputWeights is None:
            object.__setattr__(self, "InputWeights", initialize(
                self.InputWeightsInitializer, (G, C), C, G, rng, dtype, "InputWeights"))
        if self.RecurrentWeights is None:
            object.__setattr__(self, "RecurrentWeights", initialize(
                self.RecurrentWeightsInitializer, (G, H), H, G, rng, dtype, "RecurrentWeights"))
        if self.Bias is None:
            object.__setattr__(self, "Bias", self._initial_bias(rng, dtype))

    def _initial_bias(self, rng, dtype):
        n = self._bias_rows()
        init = self.BiasInitializer
        if callable(init):
            return initialize(init, (n, 1), None, None, rng, dtype, "Bias")
        H = self.NumHiddenUnits
        if init == "unit-forget-gate":
            b = np.zeros((n, 1))
            for d in range(self._n_directions):
                b[d * 4 * H + H: d * 4 * H + 2 * H] = 1.0
            return b.astype(dtype)
        return initialize(init, (n, 1), None, None, rng, dtype, "Bias")

    def _learn_factor(self, learnable, which):
        """LearnRateFactor (which=0) or L2Factor (which=1) as a scalar or per-row column."""
        f = getattr(self, self._factors[learnable][which])
        return expand_factor(f, self.NumHiddenUnits, self._n_gates * self._n_directions)

    # -- state ---------------------------------------------------------------------
    def _initial_state(self, n, dtype, columns=None):
        out = []
        for s in self._state_names:
            v = getattr(self, s)
            if v is None:
                out.append(np.zeros((n, self._state_rows), dtype))
            elif v.shape[1] == 1:
                out.append(np.ascontiguousarray(np.broadcast_to(v.reshape(1, -1),
                                                                (n, self._state_rows)), dtype))
            elif columns is not None and v.shape[1] > max(columns):
                out.append(np.ascontiguousarray(v[:, columns].T, dtype))
            elif v.shape[1] == n:
                out.append(np.ascontiguousarray(v.T, dtype))
            else:
                raise MatlabnnValueError(
                    f"Layer '{self.Name}': the stored {s} has {v.shape[1]} columns (one per "
                    f"observation of an earlier predictAndUpdateState call), but {n} "
                    "observations were given. Use the same number of observations, or call "
                    "resetState(net) first.", "nnet_cnn:layer:InvalidStateSize")
        return tuple(out)

    def _store_state(self, state):
        for s, v in zip(self._state_names, state):
            object.__setattr__(self, s, np.ascontiguousarray(v.T))

    def _reset_state(self):
        for s in self._state_names:
            object.__setattr__(self, s, self._initial[s])


class LSTMLayer(RecurrentLayer):
    """Long short-term memory layer (MATLAB's ``lstmLayer``); see :func:`lstmLayer`."""

    _class_name = "LSTMLayer"
    _constructor = "lstmLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "LSTM"
    _default_name = "lstm"

    def _forward(self, x, mask, training, state=None, rng=None):
        h0, c0 = state if state is not None else self._initial_state(x.shape[1], x.dtype)
        y, hT, cT, cache = lstm_ops.lstm_forward(
            x, self.InputWeights, self.RecurrentWeights, self.Bias.reshape(-1), h0, c0,
            mask=mask, gate=self.GateActivationFunction, state=self.StateActivationFunction,
            training=training)
        if self.OutputMode == "last":
            y = hT
        return y, (hT, cT), cache

    def _backward(self, dy, cache):
        if self.OutputMode == "last":
            g = lstm_ops.lstm_backward(None, dy, None, cache)
        else:
            g = lstm_ops.lstm_backward(dy, None, None, cache)
        grads = {"InputWeights": g["W"], "RecurrentWeights": g["R"],
                 "Bias": g["b"].reshape(-1, 1)}
        return g["X"], grads, (g["h0"], g["c0"])


def recurrent_options(n_factor_blocks, bias_initializers, default_bias_initializer,
                      state_names=("HiddenState", "CellState"), extra=()):
    """The name-value table shared by lstmLayer, bilstmLayer and gruLayer."""
    f = factor(n_factor_blocks)
    table = [
        Option("Name", "", name_text),
        Option("InputSize", "auto", positive_int_or_auto),
        Option("OutputMode", "sequence", choice("sequence", "last")),
        Option("HasStateInputs", False, logical),
        Option("HasStateOutputs", False, logical),
        Option("StateActivationFunction", "tanh", choice("tanh", "softsign")),
        Option("GateActivationFunction", "sigmoid", choice("sigmoid", "hard-sigmoid")),
        Option("InputWeightsInitializer", "glorot", choice_or_callable(*WEIGHT_INITIALIZERS)),
        Option("RecurrentWeightsInitializer", "orthogonal",
               choice_or_callable(*WEIGHT_INITIALIZERS)),
        Option("BiasInitializer", default_bias_initializer, choice_or_callable(*bias_initializers)),
        Option("InputWeights", None, matrix_or_empty),
        Option("RecurrentWeights", None, matrix_or_empty),
        Option("Bias", None, column_or_empty),
        Option("InputWeightsLearnRateFactor", 1.0, f),
        Option("RecurrentWeightsLearnRateFactor", 1.0, f),
        Option("BiasLearnRateFactor", 1.0, f),
        Option("InputWeightsL2Factor", 1.0, f),
        Option("RecurrentWeightsL2Factor", 1.0, f),
        Option("BiasL2Factor", 0.0, f),
    ]
    table += [Option(s, None, state_or_empty) for s in state_names]
    return tuple(table) + tuple(extra)


LSTMLayer._options = recurrent_options(
    4, ("unit-forget-gate", "narrow-normal", "ones", "zeros"), "unit-forget-gate")

_RECURRENT_DOC_OPTIONS = """
    Name-value options (names case-insensitive, unique prefixes allowed):

    - OutputMode: 'sequence' (default, output every time step) or 'last' (the
      last time step of each sequence only).
    - InputSize: 'auto' (default, inferred from the previous layer) or a positive integer.
    - StateActivationFunction: 'tanh' (default) or 'softsign' (x/(1+|x|)).
    - GateActivationFunction: 'sigmoid' (default) or 'hard-sigmoid'
      (clip(0.2x+0.5, 0, 1)).
    - HiddenState, CellState: initial states, H-by-1 (or H-by-N); [] (default) means zeros.
    - InputWeights, RecurrentWeights, Bias: learnables given directly; [] (default)
      means initialize at training.
    - InputWeightsInitializer: 'glorot' (default), 'he', 'orthogonal',
      'narrow-normal', 'zeros', 'ones', or a callable f(sz) returning an array of size sz.
    - RecurrentWeightsInitializer: same choices, default 'orthogonal'.
    - BiasInitializer: {bias_choices}.
    - InputWeightsLearnRateFactor, RecurrentWeightsLearnRateFactor,
      BiasLearnRateFactor: nonnegative scalar or 1-by-{blocks} vector (one per gate), default 1.
    - InputWeightsL2Factor, RecurrentWeightsL2Factor: same forms, default 1;
      BiasL2Factor default 0.
    - HasStateInputs, HasStateOutputs: false (default); true needs a layer graph,
      which a layer array cannot express.
    - Name: layer name, default ''.
"""


@matlab_syntax('layer = lstmLayer(numHiddenUnits)', 'lstmLayer(numHiddenUnits, Name=Value)')
def lstmLayer(numHiddenUnits, *args, **kwargs):
    layer = LSTMLayer.__new__(LSTMLayer)
    layer._construct("lstmLayer", args, kwargs,
                     NumHiddenUnits=_num_hidden_units("lstmLayer", numHiddenUnits))
    return layer


lstmLayer.__doc__ = """Long short-term memory (LSTM) layer.

    MATLAB syntax::

        layer = lstmLayer(numHiddenUnits)
        layer = lstmLayer(numHiddenUnits, Name, Value, ...)

    Python::

        layer = lstmLayer(100)
        layer = lstmLayer(100, 'OutputMode', 'last')
        layer = lstmLayer(100, OutputMode='last', Name='lstm1')

    Gates are stacked in the order input (i), forget (f), cell candidate (g),
    output (o): InputWeights is 4H-by-C, RecurrentWeights 4H-by-H, Bias 4H-by-1.
    c_t = f*c_(t-1) + i*g, h_t = o*tanh(c_t).
""" + _RECURRENT_DOC_OPTIONS.format(
    bias_choices="'unit-forget-gate' (default: forget-gate block 1, others 0), "
                 "'narrow-normal', 'ones', 'zeros', or a callable", blocks=4) + """
    Example::

        layers = [sequenceInputLayer(12), lstmLayer(100, 'OutputMode', 'last'),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
"""


# ---------------------------------------------------------------------------
# bilstmLayer

def _last_steps(mask, S, N):
    """Index of each sequence's last real time step (S-1 when unmasked)."""
    if mask is None:
        return np.full(N, S - 1, dtype=np.intp)
    real = np.asarray(mask, dtype=bool)
    # last True along time; sequences with no real step keep S-1 (their state is h0)
    rev_first = np.argmax(real[::-1], axis=0)
    last = S - 1 - rev_first
    last[~real.any(axis=0)] = S - 1
    return last.astype(np.intp)


class BiLSTMLayer(RecurrentLayer):
    """Bidirectional LSTM layer (MATLAB's ``bilstmLayer``); see :func:`bilstmLayer`.

    Learnables stack the forward LSTM's gate blocks (i, f, g, o) above the
    backward LSTM's (i, f, g, o): InputWeights 8H-by-C, RecurrentWeights 8H-by-H,
    Bias 8H-by-1. States are 2H-by-1 = [forward; backward]. The output has 2H
    channels, [h_forward; h_backward].
    """

    _class_name = "BiLSTMLayer"
    _constructor = "bilstmLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "BiLSTM"
    _default_name = "bilstm"
    _n_directions = 2

    def _backward_initial(self, n, dtype, given):
        """The backward direction's initial (h, c): the layer's initial state (the one
        resetState restores), never a carried state (spec §3.1)."""
        H = self.NumHiddenUnits
        out = []
        for s, g in zip(self._state_names, given):
            v = self._initial.get(s)
            if v is None:
                out.append(np.zeros((n, H), dtype))
            elif v.shape[1] == 1:
                out.append(np.ascontiguousarray(np.broadcast_to(v[H:, 0], (n, H)), dtype))
            elif v.shape[1] == n:
                out.append(np.ascontiguousarray(v[H:].T, dtype))
            else:
                out.append(np.ascontiguousarray(g[:, H:], dtype))
        return tuple(out)

    def _forward(self, x, mask, training, state=None, rng=None):
        H = self.NumHiddenUnits
        S, N = x.shape[0], x.shape[1]
        given = state is not None
        if not given:
            state = self._initial_state(N, x.dtype)
        h0, c0 = state
        h0f, c0f = np.ascontiguousarray(h0[:, :H]), np.ascontiguousarray(c0[:, :H])
        if given:
            h0b, c0b = self._backward_initial(N, x.dtype, state)
        else:
            h0b, c0b = np.ascontiguousarray(h0[:, H:]), np.ascontiguousarray(c0[:, H:])
        W, R, b = self.InputWeights, self.RecurrentWeights, self.Bias.reshape(-1)
        G = 4 * H
        kw = dict(gate=self.GateActivationFunction, state=self.StateActivationFunction,
                  training=training)
        mrev = None if mask is None else np.ascontiguousarray(mask[::-1])
        # the two directions are independent: run them on two threads
        (yf, hTf, cTf, cache_f), (yb, hTb, cTb, cache_b) = run_pair(
            lambda: lstm_ops.lstm_forward(x, W[:G], R[:G], b[:G], h0f, c0f, mask=mask, **kw),
            lambda: lstm_ops.lstm_forward(x[::-1], W[G:], R[G:], b[G:], h0b, c0b, mask=mrev,
                                          **kw))
        final = (np.concatenate([hTf, hTb], axis=1), np.concatenate([cTf, cTb], axis=1))
        if self.OutputMode == "last":
            rev_idx = S - 1 - _last_steps(mask, S, N)
            y = np.concatenate([hTf, yb[rev_idx, np.arange(N)]], axis=1)
        else:
            rev_idx = None
            y = np.concatenate([yf, yb[::-1]], axis=2)
        cache = None if not training else (cache_f, cache_b, rev_idx, given, S, N)
        return y, final, cache

    def _backward(self, dy, cache):
        cache_f, cache_b, rev_idx, given, S, N = cache
        H = self.NumHiddenUnits
        if self.OutputMode == "last":
            dyb = np.zeros((S, N, H), dy.dtype)
            dyb[rev_idx, np.arange(N)] = dy[:, H:]
            gf, gb = run_pair(lambda: lstm_ops.lstm_backward(None, dy[:, :H], None, cache_f),
                              lambda: lstm_ops.lstm_backward(dyb, None, None, cache_b))
        else:
            gf, gb = run_pair(
                lambda: lstm_ops.lstm_backward(dy[:, :, :H], None, None, cache_f),
                lambda: lstm_ops.lstm_backward(dy[::-1, :, H:], None, None, cache_b))
        dx = gf["X"] + gb["X"][::-1]
        grads = {"InputWeights": np.concatenate([gf["W"], gb["W"]]),
                 "RecurrentWeights": np.concatenate([gf["R"], gb["R"]]),
                 "Bias": np.concatenate([gf["b"], gb["b"]]).reshape(-1, 1)}
        # Gradient with respect to the `state` argument: when a state was given, its
        # backward half is not used (the backward direction starts from the layer's
        # initial state), so that half of the gradient is zero.
        dhb = np.zeros_like(gb["h0"]) if given else gb["h0"]
        dcb = np.zeros_like(gb["c0"]) if given else gb["c0"]
        return dx, grads, (np.concatenate([gf["h0"], dhb], axis=1),
                           np.concatenate([gf["c0"], dcb], axis=1))


BiLSTMLayer._options = recurrent_options(
    8, ("unit-forget-gate", "narrow-normal", "ones", "zeros"), "unit-forget-gate")


@matlab_syntax('layer = bilstmLayer(numHiddenUnits)', 'bilstmLayer(numHiddenUnits, Name=Value)')
def bilstmLayer(numHiddenUnits, *args, **kwargs):
    layer = BiLSTMLayer.__new__(BiLSTMLayer)
    layer._construct("bilstmLayer", args, kwargs,
                     NumHiddenUnits=_num_hidden_units("bilstmLayer", numHiddenUnits))
    return layer


bilstmLayer.__doc__ = """Bidirectional long short-term memory (BiLSTM) layer.

    MATLAB syntax::

        layer = bilstmLayer(numHiddenUnits)
        layer = bilstmLayer(numHiddenUnits, Name, Value, ...)

    Python::

        layer = bilstmLayer(100)
        layer = bilstmLayer(100, 'OutputMode', 'last')
        layer = bilstmLayer(100, OutputMode='last', Name='bilstm1')

    Two LSTMs read each sequence, one forward in time and one backward; the
    output has 2H channels, [h_forward; h_backward] at every time step.
    InputWeights is 8H-by-C, RecurrentWeights 8H-by-H, Bias 8H-by-1: the
    forward LSTM's gate blocks (input, forget, cell candidate, output) above
    the backward LSTM's. HiddenState and CellState are 2H-by-1 = [forward; backward].
    With OutputMode 'last' the output is the last time step of the sequence
    output: the forward LSTM's final h and the backward LSTM's h after reading
    only that last step. When state is carried (predictAndUpdateState, integer
    SequenceLength), only the forward half is carried; the backward LSTM starts
    every call (chunk) from the layer's initial state.
""" + _RECURRENT_DOC_OPTIONS.format(
    bias_choices="'unit-forget-gate' (default: the forget-gate blocks of both "
                 "directions 1, others 0), 'narrow-normal', 'ones', 'zeros', or a callable",
    blocks=8).replace(
    "    - HiddenState, CellState: initial states, H-by-1 (or H-by-N); [] (default) means zeros.\n",
    "    - HiddenState, CellState: initial states, 2H-by-1 (or 2H-by-N) = [forward;\n"
    "      backward]; [] (default) means zeros.\n").replace(
    "1-by-8 vector (one per gate)", "1-by-8 vector (one per gate and direction)") + """
    Example::

        layers = [sequenceInputLayer(12), bilstmLayer(100, 'OutputMode', 'last'),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
"""


# ---------------------------------------------------------------------------
# gruLayer

class GRULayer(RecurrentLayer):
    """Gated recurrent unit layer (MATLAB's ``gruLayer``); see :func:`gruLayer`.

    Gate order reset (r), update (z), candidate (h~): InputWeights 3H-by-C,
    RecurrentWeights 3H-by-H, Bias 3H-by-1 (6H-by-1 = [input biases; recurrent
    biases] when ResetGateMode is 'recurrent-bias-after-multiplication').
    """

    _class_name = "GRULayer"
    _constructor = "gruLayer"        # the MATLAB function that makes it (save/load)
    _type_name = "GRU"
    _default_name = "gru"
    _n_gates = 3
    _state_names = ("HiddenState",)
    _readonly = RecurrentLayer._readonly + ("ResetGateMode",)

    def _bias_rows(self):
        rows = self._rows
        return 2 * rows if self.ResetGateMode == "recurrent-bias-after-multiplication" else rows

    def _hyperparameters(self):
        return super()._hyperparameters() + ["ResetGateMode"]

    def _learn_factor(self, learnable, which):
        f = super()._learn_factor(learnable, which)
        if learnable == "Bias" and self._bias_rows() != self._rows and not np.isscalar(f):
            f = np.concatenate([f, f])      # same per-gate factor for input and recurrent biases
        return f

    def _forward(self, x, mask, training, state=None, rng=None):
        (h0,) = state if state is not None else self._initial_state(x.shape[1], x.dtype)
        y, hT, cache = gru_ops.gru_forward(
            x, self.InputWeights, self.RecurrentWeights, self.Bias.reshape(-1), h0, mask=mask,
            reset_gate_mode=self.ResetGateMode, gate=self.GateActivationFunction,
            state=self.StateActivationFunction, training=training)
        if self.OutputMode == "last":
            y = hT
        return y, (hT,), cache

    def _backward(self, dy, cache):
        if self.OutputMode == "last":
            g = gru_ops.gru_backward(None, dy, cache)
        else:
            g = gru_ops.gru_backward(dy, None, cache)
        grads = {"InputWeights": g["W"], "RecurrentWeights": g["R"],
                 "Bias": g["b"].reshape(-1, 1)}
        return g["X"], grads, (g["h0"],)


GRULayer._options = recurrent_options(
    3, ("zeros", "narrow-normal", "ones"), "zeros", state_names=("HiddenState",),
    extra=(Option("ResetGateMode", "after-multiplication", choice(*gru_ops.RESET_GATE_MODES)),))


@matlab_syntax('layer = gruLayer(numHiddenUnits)', 'gruLayer(numHiddenUnits, Name=Value)')
def gruLayer(numHiddenUnits, *args, **kwargs):
    layer = GRULayer.__new__(GRULayer)
    layer._construct("gruLayer", args, kwargs,
                     NumHiddenUnits=_num_hidden_units("gruLayer", numHiddenUnits))
    return layer


gruLayer.__doc__ = """Gated recurrent unit (GRU) layer.

    MATLAB syntax::

        layer = gruLayer(numHiddenUnits)
        layer = gruLayer(numHiddenUnits, Name, Value, ...)

    Python::

        layer = gruLayer(100)
        layer = gruLayer(100, 'OutputMode', 'last')
        layer = gruLayer(100, ResetGateMode='before-multiplication')

    Gates are stacked in the order reset (r), update (z), candidate (h~):
    InputWeights is 3H-by-C, RecurrentWeights 3H-by-H, Bias 3H-by-1::

        r = sigmoid(W_r x + R_r h + b_r),  z = sigmoid(W_z x + R_z h + b_z)
        'after-multiplication':  h~ = tanh(W_h x + b_h + r .* (R_h h))
        'before-multiplication': h~ = tanh(W_h x + R_h (r .* h) + b_h)
        'recurrent-bias-after-multiplication':
                                 h~ = tanh(W_h x + bW_h + r .* (R_h h + bR_h))
        h_t = (1 - z) .* h~ + z .* h_(t-1)
""" + _RECURRENT_DOC_OPTIONS.format(
    bias_choices="'zeros' (default), 'narrow-normal', 'ones', or a callable",
    blocks=3).replace(
    "    - HiddenState, CellState: initial states, H-by-1 (or H-by-N); [] (default) means zeros.\n",
    "    - ResetGateMode: 'after-multiplication' (default), 'before-multiplication',\n"
    "      or 'recurrent-bias-after-multiplication' (Bias is then 6H-by-1 =\n"
    "      [input biases (r, z, h~); recurrent biases (r, z, h~)]; a 1-by-3 bias\n"
    "      factor applies to both halves).\n"
    "    - HiddenState: initial state, H-by-1 (or H-by-N); [] (default) means zeros.\n"
    "      A GRU has no CellState.\n") + """
    Example::

        layers = [sequenceInputLayer(12), gruLayer(100, 'OutputMode', 'last'),
                  fullyConnectedLayer(9), softmaxLayer(), classificationLayer()]
"""
