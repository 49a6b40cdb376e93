"""MATLAB's global random number generator: ``rng(seed)``, ``rng('default')``, ``rng('shuffle')``.

Initializers, shuffling and dropout all draw from this one generator, so
``rng(0)`` at the top of a script makes the whole script reproducible.
"""
import math
import numbers
import time

import numpy as np

from ._namevalue import _brief
from ._signature import matlab_syntax
from .errors import MatlabnnValueError

_DEFAULT_SEED = 0
_state = {"seed": _DEFAULT_SEED, "generator": np.random.Generator(np.random.MT19937(_DEFAULT_SEED))}


@matlab_syntax('rng(seed)', "rng('default')", "rng('shuffle')", 'rng(s)', 's = rng()')
def rng(seed=None, generator="twister"):
    """Control the global random number generator.

    MATLAB syntax::

        rng(seed)          % seed with a nonnegative integer
        rng('default')     % the start-up setting (seed 0, Mersenne Twister)
        rng('shuffle')     % seed from the current time
        s = rng            % the current settings

    Python::

        rng(0); rng('default'); rng('shuffle'); s = rng()

    ``generator`` accepts 'twister' (the default, numpy's MT19937) only. Returns
    a dict with fields Type, Seed and State of the settings *before* the call,
    as MATLAB's ``sprev = rng(...)`` does; ``rng(s)`` with such a dict restores them.

    Example::

        rng(0); layer = lstmLayer(10)   # reproducible initial weights
    """
    previous = {"Type": "twister", "Seed": _state["seed"],
                "State": _state["generator"].bit_generator.state}
    if seed is None:
        return previous
    if not isinstance(generator, str) or generator.lower() != "twister":
        raise MatlabnnValueError(
            f"rng: generator '{generator}' is not supported. Use 'twister'.",
            "MATLAB:rng:badSeed")
    if isinstance(seed, dict):
        g = np.random.Generator(np.random.MT19937(0))
        try:
            g.bit_generator.state = seed["State"]
            int(seed["Seed"])
        except Exception:
            raise MatlabnnValueError(
                "rng: a settings struct must be one that rng returned (s = rng()), with "
                f"fields Type, Seed and State; got {_brief(seed)}.",
                "MATLAB:rng:badSettings") from None
        _state.update(seed=seed["Seed"], generator=g)
        return previous
    if isinstance(seed, str):
        key = seed.lower()
        if key == "default":
            seed = _DEFAULT_SEED
        elif key == "shuffle":
            seed = int(time.time() * 1e6) % (2 ** 32)
        else:
            raise MatlabnnValueError(
                f"rng: '{seed}' is not a valid setting. Use a nonnegative integer "
                "seed, 'default' or 'shuffle'.", "MATLAB:rng:badSeed")
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Real, np.integer, np.floating)) \
            or not math.isfinite(seed) or float(seed) != int(seed) or not 0 <= int(seed) < 2 ** 32:
        raise MatlabnnValueError(
            f"rng: the seed must be a nonnegative integer less than 2^32, or "
            f"'default' or 'shuffle'; got {seed!r}.", "MATLAB:rng:badSeed")
    _state.update(seed=int(seed), generator=np.random.Generator(np.random.MT19937(int(seed))))
    return previous


def generator():
    """The global numpy Generator every random draw in matlabnn uses."""
    return _state["generator"]
