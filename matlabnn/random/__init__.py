"""MATLAB's random numbers: ``rand``, ``randn``, ``randi``, ``randperm`` and ``RandStream``.

They return the very numbers MATLAB returns for the same seed (``rng(seed)`` or
``RandStream('mt19937ar', 'Seed', seed)``); see the README section "MATLAB's
random numbers" for what is verified against MATLAB's published values.

Modules: ``_twister`` (MT19937 seeded and read as MATLAB does), ``_ziggurat``
(randn), ``_args`` (size and class arguments), ``stream`` (RandStream and the
global stream), ``functions`` (the four functions).
"""
from .functions import rand, randi, randn, randperm
from .stream import RandStream

__all__ = ["rand", "randn", "randi", "randperm", "RandStream"]
