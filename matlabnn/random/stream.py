"""``RandStream``: MATLAB's random number stream object, and the global stream ``rng`` sets.

Only the Mersenne Twister ('mt19937ar', alias 'twister') with the 'Ziggurat'
normal transform exists here: MATLAB's default generator, whose numbers this
package reproduces (see :mod:`matlabnn.random._twister` and ``_ziggurat``).
"""
import math
import numbers
import time

import numpy as np

from .._namevalue import Option, _brief, choice, parse
from .._signature import matlab_syntax
from ..errors import MatlabnnTypeError, MatlabnnValueError
from ._twister import STATE_LENGTH, Twister

_TYPES = {"mt19937ar": "mt19937ar", "twister": "mt19937ar"}


def check_seed(function, seed):
    """A MATLAB seed: a nonnegative integer below 2^32, or 'shuffle' (seed from the clock)."""
    if isinstance(seed, str) and seed.lower() == "shuffle":
        return int(time.time() * 1e6) % (2 ** 32)
    if isinstance(seed, np.ndarray) and seed.size == 1:
        seed = seed.reshape(-1)[0]
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (numbers.Real, np.number)) \
            or not math.isfinite(seed) or float(seed) != int(seed) or not 0 <= int(seed) < 2 ** 32:
        raise MatlabnnValueError(
            f"{function}: the seed must be a nonnegative integer less than 2^32, or "
            f"'shuffle'; got {_brief(seed)}.", "MATLAB:RandStream:BadSeed")
    return int(seed)


_OPTIONS = [
    Option("Seed", 0),
    Option("NormalTransform", "Ziggurat", choice("Ziggurat")),
]


class RandStream:
    """A random number stream: MATLAB's ``RandStream`` for the Mersenne Twister.

    MATLAB syntax::

        s = RandStream('mt19937ar')                    % seed 0
        s = RandStream('mt19937ar', 'Seed', 5)         % or 'Seed', 'shuffle'
        s = RandStream('twister', 'Seed', 5)           % the same generator
        x = rand(s, 3);  z = randn(s, 1, 5);  k = randi(s, 10, 1, 4);  p = randperm(s, 6)
        reset(s)  /  reset(s, seed)                    % back to the seed, or a new one
        st = s.State;  s.State = st;                   % save and restore the position
        g = RandStream.getGlobalStream()               % the stream rand/randn/... use
        prev = RandStream.setGlobalStream(s)

    Name-value options: ``'Seed'`` (default 0; a nonnegative integer below 2^32 or
    'shuffle') and ``'NormalTransform'`` ('Ziggurat', the only one supported).
    Other generator types ('dsfmt19937', 'mrg32k3a', 'philox4x32_10', ...) are
    not supported and raise an error.

    A stream gives MATLAB's numbers for the same seed: ``rand``, ``randn``,
    ``randi``, ``randperm(n)`` and ``randperm(n, k)`` are verified against
    published MATLAB values (README, "MATLAB's random numbers").

    Example::

        s = RandStream('mt19937ar', 'Seed', 0)
        randperm(s, 6)          # [[6, 3, 5, 1, 2, 4]] as in MATLAB's documentation
    """

    @matlab_syntax("s = RandStream(gentype)", "s = RandStream(gentype, 'Seed', seed)",
                   name="RandStream")
    def __init__(self, gentype, *args, **kwargs):
        if not isinstance(gentype, str) or gentype.lower() not in _TYPES:
            raise MatlabnnValueError(
                f"RandStream: generator type {_brief(gentype)} is not supported. Use "
                "'mt19937ar' (or its alias 'twister'), MATLAB's default generator.",
                "MATLAB:RandStream:create:UnknownRNGType")
        values, _ = parse("RandStream", _OPTIONS, args, kwargs)
        self._type = _TYPES[gentype.lower()]
        self._seed = check_seed("RandStream", values["Seed"])
        self._normal_transform = values["NormalTransform"]
        self._twister = Twister(self._seed)

    # --- MATLAB properties ------------------------------------------------------
    @property
    def Type(self):
        return self._type

    @property
    def Seed(self):
        return self._seed

    @property
    def NumStreams(self):
        return 1

    @property
    def StreamIndex(self):
        return 1

    @property
    def NormalTransform(self):
        return self._normal_transform

    @property
    def State(self):
        """The generator's position: a 625-by-1 uint32 vector, as MATLAB's ``s.State``."""
        return self._twister.state

    @State.setter
    def State(self, value):
        try:
            self._twister.state = np.asarray(value, dtype=np.uint32)
        except (ValueError, TypeError, OverflowError):
            raise MatlabnnValueError(
                f"RandStream: State must be a {STATE_LENGTH}-by-1 uint32 vector taken from "
                f"a stream's State (st = s.State); got {_brief(value)}.",
                "MATLAB:RandStream:BadState") from None

    # --- methods ----------------------------------------------------------------
    def reset(self, seed=None):
        """``reset(s)``: back to the stream's seed; ``reset(s, seed)``: a new seed."""
        if seed is not None:
            self._seed = check_seed("reset", seed)
        self._twister.seed(self._seed)

    def _restore(self, seed, state):
        """Put the stream at ``state`` and record ``seed`` (``rng(s)``)."""
        self.State = state
        self._seed = seed

    # The draw methods import lazily: functions.py imports this module.
    def rand(self, *args):
        """``rand(s, ...)``: uniform numbers from this stream (see :func:`rand`)."""
        from .functions import rand
        return rand(self, *args)

    def randn(self, *args):
        """``randn(s, ...)``: normal numbers from this stream (see :func:`randn`)."""
        from .functions import randn
        return randn(self, *args)

    def randi(self, *args):
        """``randi(s, imax, ...)``: integers from this stream (see :func:`randi`)."""
        from .functions import randi
        return randi(self, *args)

    def randperm(self, *args):
        """``randperm(s, n)`` / ``randperm(s, n, k)`` from this stream (see :func:`randperm`)."""
        from .functions import randperm
        return randperm(self, *args)

    @staticmethod
    def getGlobalStream():
        """``RandStream.getGlobalStream()``: the stream rand, randn, randi, randperm use."""
        return _GLOBAL[0]

    @staticmethod
    def setGlobalStream(stream):
        """``prev = RandStream.setGlobalStream(s)``: make ``s`` the global stream."""
        if not isinstance(stream, RandStream):
            raise MatlabnnTypeError(
                f"RandStream.setGlobalStream: expected a RandStream, got {_brief(stream)}.",
                "MATLAB:RandStream:setglobalstream:InvalidInput")
        previous, _GLOBAL[0] = _GLOBAL[0], stream
        return previous

    def __repr__(self):
        current = " (current global stream)" if _GLOBAL and _GLOBAL[0] is self else ""
        return (f"{self._type} random stream{current}\n"
                f"             Seed: {self._seed}\n"
                f"  NormalTransform: {self._normal_transform}\n")


_GLOBAL = []
_GLOBAL.append(RandStream("mt19937ar", "Seed", 0))


def global_stream():
    """The current global stream (MATLAB's ``RandStream.getGlobalStream``)."""
    return _GLOBAL[0]


def stream_and_args(args):
    """(stream, remaining args): a leading RandStream argument, else the global stream."""
    if args and isinstance(args[0], RandStream):
        return args[0], args[1:]
    return _GLOBAL[0], args
