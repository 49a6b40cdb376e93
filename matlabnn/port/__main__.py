"""python -m matlabnn.port SCRIPT.m [FUNCTION.m ...] [-o OUT.py] [--training-option NAME=VALUE]"""
import argparse
import ast
import os
import sys

from .lexer import MatlabSyntaxError
from .translate import translate


def _option(text):
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    name, value = text.split("=", 1)
    try:
        value = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        pass                                   # a plain word: keep it as text
    return name.strip(), value


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m matlabnn.port",
        description="Translate a MATLAB script (and the function files it calls) into a "
                    "Python script that uses matlabnn, numpy and matplotlib.")
    parser.add_argument("files", nargs="+", metavar="FILE.m",
                        help="the script, then any function files it calls")
    parser.add_argument("-o", "--output", metavar="OUT.py",
                        help="write the Python script here (default: standard output)")
    parser.add_argument("--training-option", action="append", type=_option, default=[],
                        metavar="NAME=VALUE",
                        help="set a trainingOptions value in every trainingOptions call, "
                             "e.g. MaxEpochs=2 for a quick run (repeatable)")
    args = parser.parse_args(argv)
    sources = []
    for path in args.files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                sources.append(f.read())
        except OSError as err:
            parser.error(f"cannot read {path}: {err.strerror}")
    try:
        python = translate(sources[0], name=os.path.basename(args.files[0]),
                           training_options=dict(args.training_option), functions=sources[1:])
    except MatlabSyntaxError as err:
        print(f"{args.files[0]}:{err.line}:{err.column}: error: {err.message}", file=sys.stderr)
        if err.source_line:
            print(f"    {err.source_line}\n    {' ' * (err.column - 1)}^", file=sys.stderr)
        return 1
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(python)
    else:
        sys.stdout.write(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
