"""Translate MATLAB deep-learning scripts into Python scripts that use matlabnn.

Command line::

    python -m matlabnn.port SCRIPT.m [FUNCTION.m ...] [-o OUT.py]

From Python::

    from matlabnn.port import translate
    python_source = translate(open("script.m").read(), name="script.m")

The output imports MATLAB's deep-learning names from matlabnn, uses numpy and
matplotlib for the rest, and marks each line that needs a look with
``# TODO(port): ...``. See README, "Translate a MATLAB script".
"""
from .lexer import MatlabSyntaxError
from .translate import translate

__all__ = ["translate", "MatlabSyntaxError"]
