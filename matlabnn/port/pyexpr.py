"""Python text the translator writes: precedence, literals, argument order, line wrapping."""
import re
from collections import namedtuple

# Python precedence levels (higher binds tighter)
LAMBDA, TERNARY, OR, AND, NOT, CMP, BOR, BXOR, BAND, SHIFT, ADD, MUL, UNARY, POW, ATOM = \
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16

P = namedtuple("P", "code prec ty")

MAX_LINE = 99


def paren(p, min_prec):
    return p.code if p.prec >= min_prec else f"({p.code})"


def pystr(value, double=True):
    """A Python literal for the text ``value`` (MATLAB text has no escapes)."""
    quote = '"' if double else "'"
    if quote in value and (('"' if not double else "'") not in value):
        quote = "'" if double else '"'
    body = value.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return quote + body + quote


_KEYWORD_ARG = re.compile(r"^([A-Za-z_]\w*)=(?!=)(.*)$", re.S)


def keywords_last(codes):
    """Python wants keyword arguments last and once each: a Name=value that comes before
    a positional argument is passed as "Name", value (matlabnn accepts both), and of two
    keywords with one name the last wins, as in MATLAB."""
    positions = [i for i, c in enumerate(codes) if not _KEYWORD_ARG.match(c)]
    last_positional = positions[-1] if positions else -1
    out, seen = [], {}
    for i, code in enumerate(codes):
        m = _KEYWORD_ARG.match(code)
        if m and i < last_positional:
            out.append(f'"{m.group(1)}", {m.group(2)}')
        elif m:
            if m.group(1) in seen:
                out[seen[m.group(1)]] = None
            seen[m.group(1)] = len(out)
            out.append(code)
        else:
            out.append(code)
    return [c for c in out if c is not None]


def wrap_import(module, names):
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= MAX_LINE:
        return line
    pad = " " * len(f"from {module} import (")
    lines, current = [], ""
    for name in names:
        piece = name + ", "
        if len(pad) + len(current) + len(piece) > MAX_LINE:
            lines.append(current.rstrip())
            current = ""
        current += piece
    lines.append(current.rstrip(", "))
    return f"from {module} import (" + ("\n" + pad).join(lines) + ")"


# ---------------------------------------------------------------------------- line wrapping
def _split_top_level(text):
    """Split ``text`` at commas outside brackets and strings."""
    parts, depth, quote, current = [], 0, None, []
    for ch in text:
        if quote:
            current.append(ch)
            if ch == quote and (len(current) < 2 or current[-2] != "\\"):
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _matching_paren(text, start):
    depth, quote = 0, None
    for k in range(start, len(text)):
        ch = text[k]
        if quote:
            if ch == quote and text[k - 1] != "\\":
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def wrap_call(text, indent):
    """Break a too-long call into one argument (or 'Name', value pair) per line."""
    if len(text) + 4 * indent <= MAX_LINE or "\n" in text or text.startswith("#"):
        return text
    quote = None
    for k, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
            continue
        if ch == "(":
            close = _matching_paren(text, k)
            if close == len(text) - 1:
                args = _split_top_level(text[k + 1:close])
                if len(args) < 2:
                    return text
                groups, i = [], 0
                while i < len(args):
                    if i > 0 and re.fullmatch(r"(['\"])[A-Za-z]\w*\1", args[i]) and \
                            i + 1 < len(args):
                        groups.append(f"{args[i]}, {args[i + 1]}")
                        i += 2
                    else:
                        groups.append(args[i])
                        i += 1
                column = k + 1
                if column > 40:
                    head = text[:k + 1]
                    return head + "\n" + ",\n".join("    " + g for g in groups) + ")"
                pad = " " * column
                return text[:k + 1] + (",\n" + pad).join(groups) + ")"
            if close < 0:
                return text
    return text
