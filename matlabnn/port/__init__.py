"""Translate MATLAB deep-learning scripts into Python scripts that use matlabnn.

Command line::

    python -m matlabnn.port SCRIPT.m [FUNCTION.m ...] [-o OUT.py]

From Python::

    from matlabnn.port import translate
    python_source = translate(open("script.m").read(), name="script.m")

The output imports MATLAB's deep-learning names from matlabnn, uses numpy and
matplotlib for the rest, and marks each line that needs a look with
``# TODO(port): ...``. See README, "Translate a MATLAB script".

Modules, in the order source flows through them:

- ``lexer.py``: tokens (quote versus transpose, matrix whitespace, command syntax)
- ``parser.py``: the program tree (statements, expressions, MATLAB precedence)
- ``translate.py``: statements and expressions to Python, tracking types (``types.py``)
- ``builtins.py``: how each MATLAB function translates (matlabnn, numpy, matplotlib)
- ``pyexpr.py``: Python precedence, literals and line wrapping
- ``runtime.py``: the few helpers translated scripts import
"""
from .lexer import MatlabSyntaxError
from .translate import translate

__all__ = ["translate", "MatlabSyntaxError"]
