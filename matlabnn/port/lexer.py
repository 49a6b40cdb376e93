"""Tokens of MATLAB source as scripts use it.

The lexer resolves MATLAB's context-dependent spellings so the parser does not
have to: quote versus transpose, whitespace that separates elements inside
``[...]`` and ``{...}`` (``[1 -2]`` has two elements, ``[1 - 2]`` one), ``end``
inside indexing, ``...`` continuations, ``%{ ... %}`` block comments and command
syntax (``hold on``, ``format long``).
"""
import re
from dataclasses import dataclass

from ..errors import MatlabnnError

KEYWORDS = {
    "if", "elseif", "else", "end", "for", "parfor", "while", "switch", "case", "otherwise",
    "try", "catch", "break", "continue", "return", "function", "global", "persistent",
    "arguments", "endfunction", "endif", "endfor", "endwhile", "classdef",
}

OPERATORS = sorted([
    ".*", "./", ".\\", ".^", ".'", "==", "~=", "!=", "<=", ">=", "&&", "||",
    "+", "-", "*", "/", "\\", "^", "<", ">", "&", "|", "~", "!", "=",
    "(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "@",
], key=len, reverse=True)

_NUMBER = re.compile(r"(?:\d+(?:\.(?![*/\\^'])\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ij]?")
_IDENT = re.compile(r"[A-Za-z_]\w*")
_COMMAND_ARG = re.compile(r"[A-Za-z0-9\-'\"]")


class MatlabSyntaxError(MatlabnnError, SyntaxError):
    """A MATLAB parse error, naming the line and column (both 1-based)."""

    default_identifier = "matlabnn:port:ParseError"

    def __init__(self, message, line, column, source_line=""):
        super().__init__(f"line {line}, column {column}: {message}")
        self.message, self.line, self.column = message, line, column
        self.source_line = source_line

    def __str__(self):
        text = self.args[0]
        if self.source_line:
            text += f"\n    {self.source_line}\n    {' ' * (self.column - 1)}^"
        return text


@dataclass
class Token:
    kind: str      # num str chr id kw end_expr op nl comment cmd eof
    value: object
    line: int
    col: int
    space_before: bool = False


_VALUE_END = {"num", "str", "chr", "id", "end_expr"}


class Lexer:
    def __init__(self, source):
        self.src = source.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        self.lines = self.src.split("\n")
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.tokens = []
        self.brackets = []          # stack of '(', '[', '{'
        self.opened = []            # (line, column) of each open bracket
        self.variables = set()      # names assigned so far (command syntax never applies)

    # ------------------------------------------------------------------ helpers
    def error(self, message, line=None, col=None):
        line = line or self.line
        col = col or (self.pos - self.line_start + 1)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        raise MatlabSyntaxError(message, line, col, text)

    def add(self, kind, value, start, space=False):
        self.tokens.append(Token(kind, value, self.line, start - self.line_start + 1, space))

    def prev(self):
        return self.tokens[-1] if self.tokens else None

    def prev_is_value(self):
        p = self.prev()
        if p is None:
            return False
        if p.kind in _VALUE_END:
            return True
        return p.kind == "op" and p.value in (")", "]", "}", "'", ".'")

    def at_statement_start(self):
        p = self.prev()
        return p is None or p.kind in ("nl", "comment") or (
            p.kind == "op" and p.value in (";", ",") and not self.brackets)

    def newline(self):
        self.pos += 1
        self.line += 1
        self.line_start = self.pos

    # ------------------------------------------------------------------ main loop
    def tokenize(self):
        src = self.src
        while self.pos < len(src):
            c = src[self.pos]
            start = self.pos
            if c == "\n":
                if self.brackets and self.brackets[-1] in "[{":
                    self.add("op", ";", start)          # a new row
                elif self.brackets:
                    line, col = self.opened[-1]
                    self.error("unexpected end of line: this '(' is not closed "
                               "(use ... to continue a line)", line=line, col=col)
                else:
                    self.add("nl", "\n", start)
                self.newline()
                continue
            if c == " ":
                while self.pos < len(src) and src[self.pos] == " ":
                    self.pos += 1
                self.separate_elements()
                continue
            if c == "%":
                self.comment()
                continue
            if src.startswith("...", self.pos):
                self.continuation()
                continue
            if self.at_statement_start() and not self.brackets and self.command(start):
                continue
            space = start > 0 and src[start - 1] in " \n"
            m = _NUMBER.match(src, self.pos)
            if m and (c.isdigit() or c == "."):
                self.pos = m.end()
                self.add("num", m.group(), start, space)
                continue
            m = _IDENT.match(src, self.pos)
            if m:
                word = m.group()
                self.pos = m.end()
                if word == "end" and self.brackets:
                    self.add("end_expr", word, start, space)
                elif word in KEYWORDS and not (self.prev() and self.prev().kind == "op"
                                               and self.prev().value == "."):
                    self.add("kw", word, start, space)
                else:
                    self.add("id", word, start, space)
                    self.note_assignment(word)
                continue
            if c == "'":
                if self.prev_is_value() and not (space and self.brackets
                                                 and self.brackets[-1] in "[{"):
                    self.pos += 1
                    self.add("op", "'", start, space)
                else:
                    self.string("'", "chr")
                continue
            if c == '"':
                self.string('"', "str")
                continue
            for op in OPERATORS:
                if src.startswith(op, self.pos):
                    break
            else:
                self.error(f"invalid character {c!r}")
            self.pos += len(op)
            if op in "([{":
                self.brackets.append(op)
                self.opened.append((self.line, start - self.line_start + 1))
            elif op in ")]}":
                if not self.brackets or {"(": ")", "[": "]", "{": "}"}[self.brackets[-1]] != op:
                    self.error(f"unbalanced '{op}'", col=start - self.line_start + 1)
                self.brackets.pop()
                self.opened.pop()
            self.add("op", op, start, space)
        if self.brackets:
            line, col = self.opened[-1]
            self.error(f"'{self.brackets[-1]}' is never closed", line=line, col=col)
        self.add("nl", "\n", self.pos)
        self.add("eof", None, self.pos)
        return self.tokens

    # ------------------------------------------------------------------ pieces
    def note_assignment(self, word):
        """Remember ``word`` as a variable when '=' (not '==') follows it."""
        rest = self.src[self.pos:self.pos + 40].lstrip(" ")
        if not self.brackets and rest.startswith("=") and not rest.startswith("=="):
            self.variables.add(word)

    def separate_elements(self):
        """Whitespace between two elements of [...] or {...} acts as a comma."""
        if not self.brackets or self.brackets[-1] not in "[{" or not self.prev_is_value():
            return
        src, i = self.src, self.pos
        if i >= len(src):
            return
        c = src[i]
        nxt = src[i + 1] if i + 1 < len(src) else ""
        if c in "+-":
            starts = nxt not in " \n=" and not src.startswith("...", i + 1)
        elif c in "~!":
            starts = nxt != "="
        elif c == ".":
            starts = nxt.isdigit()
        else:
            starts = c.isalnum() or c in "_'\"([{@"
        if starts and not src.startswith("...", i):
            self.add("op", ",", i)

    def comment(self):
        src = self.src
        line_text = self.lines[self.line - 1]
        end = src.find("\n", self.pos)
        end = len(src) if end < 0 else end
        text = src[self.pos:end]
        if text.strip() == "%{" and line_text.strip() == "%{":
            self.block_comment()
            return
        start = self.pos
        self.pos = end
        if self.brackets:          # a comment inside a bracketed expression
            self.add("comment", text, start)
            self.tokens[-1].kind = "inner_comment"
            return
        self.add("comment", text, start)

    def block_comment(self):
        depth, lines = 0, []
        start_line = self.line
        while self.line <= len(self.lines):
            text = self.lines[self.line - 1]
            if text.strip() == "%{":
                depth += 1
            elif text.strip() == "%}":
                depth -= 1
            else:
                lines.append(text)
            self.pos = self.line_start + len(text)
            if depth == 0:
                break
            if self.pos >= len(self.src):
                self.error("block comment %{ is never closed", line=start_line, col=1)
            self.newline()
        self.tokens.append(Token("comment", ("block", lines), start_line, 1))

    def continuation(self):
        end = self.src.find("\n", self.pos)
        end = len(self.src) if end < 0 else end
        text = self.src[self.pos + 3:end].strip()
        if text:
            self.add("inner_comment", "%" + text if not text.startswith("%") else text,
                     self.pos)
        self.pos = end
        if end < len(self.src):
            self.newline()
            # whitespace at the start of the continued line separates like any other
            while self.pos < len(self.src) and self.src[self.pos] == " ":
                self.pos += 1
            self.separate_elements()

    def string(self, quote, kind):
        src = self.src
        start = self.pos
        i = self.pos + 1
        chars = []
        while True:
            if i >= len(src) or src[i] == "\n":
                self.error("string is not terminated", col=start - self.line_start + 1)
            if src[i] == quote:
                if src.startswith(quote * 2, i):
                    chars.append(quote)
                    i += 2
                    continue
                break
            chars.append(src[i])
            i += 1
        self.pos = i + 1
        space = start > 0 and src[start - 1] in " \n"
        self.add(kind, "".join(chars), start, space)

    def command(self, start):
        """Command syntax: ``name word ...`` at the start of a statement."""
        src = self.src
        m = _IDENT.match(src, self.pos)
        if not m or m.group() in KEYWORDS or m.group() in self.variables:
            return False
        i = m.end()
        if i >= len(src) or src[i] != " ":
            return False
        j = i
        while j < len(src) and src[j] == " ":
            j += 1
        if j >= len(src) or not _COMMAND_ARG.match(src[j]):
            return False
        if src[j] == "-" and not (j + 1 < len(src) and src[j + 1].isalpha()):
            return False
        rest_end = j
        while rest_end < len(src) and src[rest_end] not in "\n;,%":
            rest_end += 1
        rest = src[j:rest_end]
        # "x y = 3" or "a b(1)" are not commands MATLAB scripts use; an '=' means assignment
        if re.match(r"[A-Za-z_]\w*\s*=[^=]", rest):
            return False
        args = []
        for word in re.findall(r"'[^']*'|\"[^\"]*\"|\S+", rest):
            args.append(word[1:-1] if word[0] in "'\"" else word)
        self.pos = rest_end
        self.add("cmd", (m.group(), args), start)
        return True


def tokenize(source):
    """List of Tokens for ``source``; raises MatlabSyntaxError with line and column."""
    return Lexer(source).tokenize()
