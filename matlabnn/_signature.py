"""MATLAB's "Not enough input arguments." for Python calls with the wrong arguments.

Python answers ``predict(net)`` with its own ``TypeError: predict() missing 1
required positional argument: 'X'``. :func:`matlab_syntax` wraps a public
function so that such a call -- too few or too many arguments, an unknown
keyword, an argument given twice -- raises :class:`MatlabnnTypeError` naming the
function, the argument and its MATLAB syntax instead.

Only errors of binding the call to the function's own signature are converted:
a TypeError raised *inside* the function (a bug, or a deliberate error) passes
through unchanged. The wrapper costs nothing on a good call: it calls the
function directly and looks at the signature only when a TypeError was raised
before the function's body ran.
"""
import functools
import inspect

from .errors import MatlabnnTypeError


def matlab_syntax(*syntax, name=None):
    """Decorator: convert signature-binding TypeErrors into MatlabnnTypeError.

    ``syntax`` are the calling forms shown in the message, e.g.
    ``"Y = predict(net, X)"``; ``name`` is the function's MATLAB name (default:
    the function's ``__name__``; give it for a class's ``__init__``).
    """
    def decorate(fn):
        function = name or fn.__name__
        is_method = name is not None and fn.__name__ == "__init__"

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except TypeError as err:
                # A binding error is raised by the call itself, before fn's frame
                # exists: the traceback then holds this wrapper's frame only.
                tb = err.__traceback__
                if isinstance(err, MatlabnnTypeError) or tb is None or tb.tb_next is not None:
                    raise
                error = binding_error(fn, function, syntax, args, kwargs, is_method)
                if error is None:
                    raise
                raise error from None

        wrapper._matlab_syntax = syntax
        return wrapper
    return decorate


def binding_error(fn, function, syntax, args, kwargs, is_method=False):
    """The MatlabnnTypeError for a call of ``fn`` that does not bind, or None."""
    sig = inspect.signature(fn)
    try:
        sig.bind(*args, **kwargs)
    except TypeError as err:
        reason = str(err)
    else:
        return None
    params = list(sig.parameters.values())
    if is_method:
        params = params[1:]
    usage = _usage(function, syntax)
    if reason.startswith("missing a required argument"):
        given = len(args) - (1 if is_method else 0)
        missing = [p.name for k, p in enumerate(params)
                   if p.default is p.empty and k >= given and p.name not in kwargs
                   and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        what = ", ".join(f"'{m}'" for m in missing) or "an argument"
        return MatlabnnTypeError(
            f"{function}: Not enough input arguments. Missing {what}. {usage}",
            "MATLAB:minrhs")
    if reason.startswith("too many positional arguments"):
        most = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
        given = len(args) - (1 if is_method else 0)
        return MatlabnnTypeError(
            f"{function}: Too many input arguments ({given} given, at most {most}). {usage}",
            "MATLAB:TooManyInputs")
    if reason.startswith("got an unexpected keyword argument"):
        names = [k for k in kwargs if k not in sig.parameters]
        bad = names[0] if names else reason.rsplit(" ", 1)[-1].strip("'")
        return MatlabnnTypeError(
            f"{function}: '{bad}' is not a recognized argument name. {usage}",
            "MATLAB:InputParser:UnmatchedParameter")
    if reason.startswith("multiple values for argument"):
        bad = reason.rsplit(" ", 1)[-1].strip("'")
        return MatlabnnTypeError(
            f"{function}: the argument '{bad}' is given twice, by position and by name. "
            f"{usage}", "MATLAB:TooManyInputs")
    if "positional only" in reason:
        bad = reason.split("'")[1] if "'" in reason else "an argument"
        return MatlabnnTypeError(
            f"{function}: '{bad}' must be given by position, not as {bad}=... . {usage}",
            "MATLAB:InputParser:UnmatchedParameter")
    return MatlabnnTypeError(f"{function}: invalid arguments ({reason}). {usage}",
                             "MATLAB:narginchk:invalid")


def _usage(function, syntax):
    if not syntax:
        return f"See help({function})."
    if len(syntax) == 1:
        return f"Use {syntax[0]}."
    return "Use " + ", or ".join(syntax) + "."


# The code object shared by every wrapper: functions that look at their caller's
# frame (save) skip frames running it.
WRAPPER_CODE = matlab_syntax()(lambda: None).__code__
