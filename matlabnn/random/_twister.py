"""The Mersenne Twister (MT19937) as MATLAB seeds and reads it ('twister', 'mt19937ar').

numpy's MT19937 bit generator does the work in C; this module only sets its state
the way MATLAB does and turns its raw 32-bit outputs into MATLAB's doubles.

* Seeding: MATLAB's seed ``s`` runs the reference ``init_genrand(s)``, except that
  seed 0 runs ``init_genrand(5489)`` (the reference default), so ``rng default``
  and ``rng(0)`` give the same numbers. numpy's legacy ``RandomState(s)`` runs the
  same ``init_genrand``.
* ``rand``: the reference ``genrand_res53``: two outputs ``a, b`` make
  ``(a>>5 * 2^26 + b>>6) / 2^53``.
* State: MATLAB's ``State`` is a 625-by-1 uint32 vector, the 624 words of the
  twister followed by its position.
"""
import numpy as np

DEFAULT_SEED_WORD = 5489      # MATLAB's seed 0 initialises the twister like this
STATE_LENGTH = 625


class Twister:
    """One MT19937 sequence, seeded and read as MATLAB does."""

    def __init__(self, seed=0):
        self._bits = np.random.MT19937()
        self.seed(seed)

    def seed(self, seed):
        """Re-initialise as MATLAB's ``rng(seed)`` / ``RandStream(..., 'Seed', seed)``."""
        legacy = np.random.RandomState(int(seed) or DEFAULT_SEED_WORD).get_state()
        self.state = np.append(legacy[1], np.uint32(legacy[2])).astype(np.uint32)

    @property
    def state(self):
        """MATLAB's ``State``: 625-by-1 uint32 (624 twister words, then the position)."""
        s = self._bits.state["state"]
        return np.append(s["key"], np.uint32(s["pos"])).astype(np.uint32).reshape(-1, 1)

    @state.setter
    def state(self, value):
        words = np.asarray(value).reshape(-1)
        if words.size != STATE_LENGTH or not 0 <= int(words[-1]) <= 624:
            raise ValueError("not a 625-element twister state")
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": words[:-1].astype(np.uint32), "pos": int(words[-1])}}

    def words(self, count):
        """The next ``count`` raw 32-bit outputs (as uint64)."""
        return self._bits.random_raw(int(count))

    def doubles(self, count):
        """The next ``count`` doubles of ``rand``: genrand_res53, two words each."""
        w = self.words(2 * count)
        return res53(w[0::2], w[1::2])

    def mark(self):
        """A bookmark of the position, for :meth:`consume_from`."""
        return self._bits.state

    def consume_from(self, mark, count):
        """Go back to ``mark`` and consume exactly ``count`` words from there.

        The normal generator reads ahead in blocks and then keeps only what it used.
        """
        self._bits.state = mark
        if count:
            self._bits.random_raw(int(count))


def res53(a, b):
    """genrand_res53 of the word pairs (a, b): a double in [0, 1) with 53 random bits."""
    return ((a >> np.uint64(5)).astype(np.float64) * 67108864.0
            + (b >> np.uint64(6)).astype(np.float64)) * (1.0 / 9007199254740992.0)
