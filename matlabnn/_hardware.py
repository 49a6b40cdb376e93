"""Where matlabnn computes: always the CPU. Scripts written for a GPU still run.

MATLAB scripts often ask for ``'ExecutionEnvironment', 'gpu'`` (or 'multi-gpu',
'parallel'). matlabnn has no accelerator backend, so training and prediction
run on the CPU instead, with one warning that says so.
"""
import os
import warnings

ACCELERATED = ("gpu", "multi-gpu", "parallel")
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


class ExecutionEnvironmentWarning(UserWarning):
    """An ExecutionEnvironment that matlabnn runs on the CPU instead."""

    identifier = "matlabnn:ExecutionEnvironment:RunningOnCPU"


def execution_environment(function, value):
    """The environment to run in for ``value``: 'cpu', warning for accelerated values."""
    if value in ACCELERATED:
        what = {"gpu": "a GPU", "multi-gpu": "multiple GPUs",
                "parallel": "a parallel pool"}[value]
        warnings.warn(
            f"{function}: ExecutionEnvironment '{value}' asks for {what}, which matlabnn "
            "does not use; running on the CPU instead. Use 'auto' or 'cpu' to silence this "
            "warning.", ExecutionEnvironmentWarning, stacklevel=_caller_level())
    return "cpu"


def _caller_level():
    """stacklevel of the first frame outside matlabnn: the user's line in the warning."""
    import sys
    frame, level = sys._getframe(2), 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level
