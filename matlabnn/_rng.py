"""MATLAB's global random number generator: ``rng(seed)``, ``rng('default')``, ``rng('shuffle')``.

One call seeds three generators, so ``rng(0)`` at the top of a script makes the
whole script reproducible:

* the engine's generator (:func:`generator`): initial weights, shuffling and
  dropout draw from it (numpy's MT19937 seeded with ``seed``; unchanged, so
  trained networks stay what they were);
* MATLAB's global stream (``RandStream.getGlobalStream()``): ``rand``, ``randn``,
  ``randi`` and ``randperm`` give MATLAB's own numbers for the seed;
* numpy's legacy global generator (``np.random.seed``), seeded like MATLAB's
  stream, so a ported script's ``np.random.rand(5)`` right after ``rng(0)``
  gives MATLAB's ``rand(1,5)`` and ``np.random.*`` calls are reproducible too.
"""
import numpy as np

from ._namevalue import _brief
from ._signature import matlab_syntax
from ._struct import Struct
from .errors import MatlabnnValueError
from .random._twister import DEFAULT_SEED_WORD, STATE_LENGTH
from .random.stream import check_seed, global_stream

_DEFAULT_SEED = 0
_state = {"seed": _DEFAULT_SEED, "generator": np.random.Generator(np.random.MT19937(_DEFAULT_SEED))}


class RngSettings(Struct):
    """``s = rng``: MATLAB's settings struct (Type, Seed, State).

    ``State`` is the global stream's 625-by-1 uint32 vector, as in MATLAB. The
    engine's and numpy's generator positions travel along out of sight, so
    ``rng(s)`` puts all three generators back where they were.
    """

    def __init__(self, seed, state, engine_state, numpy_state):
        super().__init__(Type="twister", Seed=seed, State=state)
        object.__setattr__(self, "_engine_state", engine_state)
        object.__setattr__(self, "_numpy_state", numpy_state)


@matlab_syntax('rng(seed)', "rng('default')", "rng('shuffle')", 'rng(seed, generator)',
               'rng(s)', 's = rng()')
def rng(seed=None, generator="twister"):
    """Control the global random number generators.

    MATLAB syntax::

        rng(seed)              % seed with a nonnegative integer below 2^32
        rng('default')         % the start-up setting (seed 0, Mersenne Twister)
        rng('shuffle')         % seed from the current time
        rng(seed, 'twister')   % name the generator ('twister' is the only one)
        s = rng                % the current settings: a struct with Type, Seed, State
        rng(s)                 % restore settings saved with s = rng

    Python::

        rng(0); rng('default'); rng('shuffle'); s = rng(); rng(s)

    ``rng`` seeds the engine's generator (initial weights, shuffling, dropout),
    MATLAB's global stream (``rand``, ``randn``, ``randi``, ``randperm`` then give
    MATLAB's numbers for the seed) and numpy's legacy global generator
    (``np.random.*``, seeded like MATLAB's stream). It returns the settings
    *before* the call, as MATLAB's ``sprev = rng(...)`` does. ``State`` is
    MATLAB's 625-by-1 uint32 twister state.

    Example::

        rng(0); layer = lstmLayer(10)   # reproducible initial weights
        rng('default'); rand(1, 3)      # 0.8147 0.9058 0.1270, as in MATLAB
    """
    previous = _settings()
    if seed is None:
        return previous
    if not isinstance(generator, str) or generator.lower() not in ("twister", "mt19937ar"):
        raise MatlabnnValueError(
            f"rng: generator '{generator}' is not supported. Use 'twister'.",
            "MATLAB:rng:badSeed")
    if isinstance(seed, dict):
        _restore(seed)
        return previous
    if isinstance(seed, str):
        key = seed.lower()
        if key not in ("default", "shuffle"):
            raise MatlabnnValueError(
                f"rng: '{seed}' is not a valid setting. Use a nonnegative integer "
                "seed, 'default' or 'shuffle'.", "MATLAB:rng:badSeed")
        seed = _DEFAULT_SEED if key == "default" else check_seed("rng", "shuffle")
    try:
        seed = check_seed("rng", seed)
    except MatlabnnValueError:
        raise MatlabnnValueError(
            f"rng: the seed must be a nonnegative integer less than 2^32, or "
            f"'default' or 'shuffle'; got {seed!r}.", "MATLAB:rng:badSeed") from None
    _state.update(seed=seed, generator=np.random.Generator(np.random.MT19937(seed)))
    global_stream().reset(seed)
    np.random.seed(seed or DEFAULT_SEED_WORD)
    return previous


def _settings():
    stream = global_stream()
    return RngSettings(_state["seed"], stream.State,
                       _state["generator"].bit_generator.state, np.random.get_state())


def _restore(settings):
    """rng(s): a struct from ``s = rng`` (or any dict with Seed and a 625-element State)."""
    try:
        seed = check_seed("rng", settings["Seed"])
        state = np.asarray(settings["State"]).reshape(-1)
        if state.size != STATE_LENGTH or not 0 <= state[-1] <= 624 \
                or not np.all((state >= 0) & (state < 2 ** 32)):
            raise ValueError
        state = state.astype(np.uint32)
        engine = np.random.Generator(np.random.MT19937(seed))
        engine_state = getattr(settings, "_engine_state", None)
        if engine_state is not None:
            engine.bit_generator.state = engine_state
    except Exception:
        raise MatlabnnValueError(
            "rng: a settings struct must be one that rng returned (s = rng()), with "
            f"fields Type, Seed and State (625-by-1 uint32); got {_brief(settings)}.",
            "MATLAB:rng:badSettings") from None
    global_stream()._restore(seed, state)
    _state.update(seed=seed, generator=engine)
    numpy_state = getattr(settings, "_numpy_state", None)
    if numpy_state is not None:
        np.random.set_state(numpy_state)
    else:                               # a plain struct: numpy follows MATLAB's stream
        np.random.set_state(("MT19937", state[:-1].astype(np.uint32), int(state[-1])))


def generator():
    """The global numpy Generator every random draw in matlabnn uses."""
    return _state["generator"]
