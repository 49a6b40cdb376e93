"""The Layer base class: MATLAB properties and displays, and the engine hooks.

A layer object plays two roles. To the user it is MATLAB's layer: properties
with MATLAB names, validated on assignment, and MATLAB's displays. To the
network it offers a small engine interface (methods starting with ``_``):

* ``_setup(input_size, is_sequence)`` infers sizes, checks given learnables,
  and returns ``(output_size, output_is_sequence)``;
* ``_initialize(rng, dtype)`` fills empty learnables from their initializers;
* ``_forward(x, mask, training, state, rng)`` → ``(y, final_state, cache)`` where
  ``x`` is time-major ``(S, N, C)`` for sequences or ``(N, C)`` otherwise and
  ``mask`` is None or a bool ``(S, N)`` array of real (unpadded) steps;
* ``_backward(dy, cache)`` → ``(dx, grads, dstate0)`` with ``grads`` keyed by
  learnable name (MATLAB layout, like the learnables).

In a layer graph a layer also says how it connects: ``_input_ports()`` and
``_output_ports()`` name its ports (one ``in`` and one ``out`` by default; a
layer with several gets and returns lists), ``_output_mask(mask)`` maps the
mask of real steps through it, and ``_connect_predecessor(layer)`` lets it
adapt to the layer that feeds it (a classification output fuses with softmax).
"""
from .._namevalue import parse
from .._nargout import SingleOutput
from ..display.text import format_value, property_block
from ..errors import MatlabnnValueError


class Layer(SingleOutput):
    """Base of every matlabnn layer (MATLAB's ``nnet.cnn.layer.Layer``)."""

    _class_name = "Layer"        # heading of the property display, e.g. 'LSTMLayer'
    _type_name = ""              # type column of a Layer array row, e.g. 'LSTM'
    _default_name = ""           # name given at training when Name is '', e.g. 'lstm'
    # _constructor = "lstmLayer"  the MATLAB function that makes the layer; a class
    #                             that sets it can be saved and loaded (io.py)
    _learnables = ()             # learnable property names, MATLAB order
    _factors = {}                # learnable -> (LearnRateFactor prop, L2Factor prop)
    _readonly = ("NumInputs", "NumOutputs", "InputNames", "OutputNames")
    _options = ()                # the name-value table (Option list) of the constructor
    _is_input = False
    _is_output = False
    _is_recurrent = False

    def _construct(self, function, pairs, kwargs, **fixed):
        """Set every property from the name-value table, then freeze read-only ones."""
        values, _ = parse(function, self._options, pairs, kwargs)
        object.__setattr__(self, "_frozen", False)
        for name, value in {**fixed, **values}.items():
            setattr(self, name, value)
        self._after_construct()
        object.__setattr__(self, "_frozen", True)

    def _after_construct(self):
        pass

    # -- properties ---------------------------------------------------------
    def __setattr__(self, name, value):
        if name.startswith("_") or not getattr(self, "_frozen", False):
            object.__setattr__(self, name, value)
            return
        if name in self._readonly:
            raise MatlabnnValueError(
                f"You cannot set the read-only property '{name}' of {self._class_name}. "
                "Create a new layer with the value you need instead.",
                "MATLAB:class:SetProhibited")
        option = next((o for o in self._options if o.name == name), None)
        if option is None and not hasattr(self, name):
            raise MatlabnnValueError(
                f"Unrecognized property '{name}' for class '{self._class_name}'.",
                "MATLAB:noPublicFieldForClass")
        if option is not None and option.validator is not None:
            from .._namevalue import _Context
            value = option.validator(value, _Context(self._class_name, name))
        value = self._check_assignment(name, value)
        object.__setattr__(self, name, value)
        self._after_set(name)

    def _check_assignment(self, name, value):
        """Checks that need the layer (e.g. a state's height); returns the value to store."""
        return value

    def _after_set(self, name):
        pass

    # -- displays -----------------------------------------------------------
    def _sections(self):
        """[(heading or None, [property names])] of the property display."""
        return [(None, ["Name"])]

    def _footer(self):
        return None

    def _description(self):
        """The description column of this layer's row in a Layer array display."""
        return ""

    def __repr__(self):
        sections = [(h, [(n, getattr(self, n)) for n in names]) for h, names in self._sections()]
        return property_block(self._class_name, sections, self._footer())

    def _matlab_brief(self):
        return f"[1\u00d71 {self._class_name}]"

    # -- engine (defaults for layers without learnables or state) ------------
    def _setup(self, input_size, is_sequence):
        return input_size, is_sequence

    def _initialize(self, rng, dtype):
        pass

    def _cast(self, dtype):
        """Store learnables (and other numeric state) in ``dtype``."""
        for name in self._learnables:
            value = getattr(self, name)
            if value is not None and getattr(value, "size", 0):
                object.__setattr__(self, name, value.astype(dtype, copy=False))

    def _missing_learnables(self):
        return [n for n in self._learnables
                if getattr(self, n) is None or getattr(self, n).size == 0]

    def _reset_state(self):
        pass

    def _assemble_check(self):
        pass

    def _initial_state(self, n, dtype, columns=None):
        return None

    def _store_state(self, state):
        pass

    def _forward(self, x, mask, training, state=None, rng=None):
        return x, None, None

    def _backward(self, dy, cache):
        return dy, {}, None

    # -- graph hooks ----------------------------------------------------------
    def _input_ports(self):
        return [] if self._is_input else ["in"]

    def _output_ports(self):
        return [] if self._is_output else ["out"]

    def _output_mask(self, mask):
        """The mask of real steps of this layer's (sequence) output."""
        return mask

    def _connect_predecessor(self, layer):
        """Called once when the network is built, with the layer feeding input 1."""


def quoted(name):
    return f"'{name}'"


def layer_row_parts(layer):
    """(quoted name, type, description) of one Layer array row."""
    return quoted(layer.Name), layer._type_name, layer._description()


def check_learnable_memory(layer, function, shapes, dtype, how_to_reduce):
    """Refuse, before allocating, learnables larger than the memory available.

    ``shapes`` maps learnable names to their sizes; the estimate counts the
    learnables in ``dtype`` (float32 when the precision is not known yet).
    """
    import numpy as np

    from .._memory import check_allocation
    itemsize = np.dtype(dtype).itemsize
    total = sum(int(np.prod(shape, dtype=np.float64)) * itemsize for shape in shapes.values())
    sizes = ", ".join(f"{name} {'x'.join(map(str, shape))}" for name, shape in shapes.items())
    check_allocation(total, f"the learnables of this {layer._class_name} ({sizes}, "
                            f"{np.dtype(dtype).name})", how_to_reduce, function)


def require_size(layer, prop, value, expected):
    """Check a user-given learnable's size against ``expected`` (MATLAB's rows-by-cols)."""
    if value is None:
        return
    if tuple(value.shape) != tuple(expected):
        got = "x".join(map(str, value.shape))
        want = "x".join(map(str, expected))
        raise MatlabnnValueError(
            f"Layer '{layer.Name}': invalid {prop}. Expected an array of size {want} "
            f"but got size {got}.", f"nnet_cnn:layer:{layer._class_name}:InvalidLearnableSize")


__all__ = ["Layer", "check_learnable_memory", "format_value", "layer_row_parts",
           "require_size"]
