"""MATLAB statements and expressions as a tree (recursive descent, MATLAB precedence).

Precedence, lowest first: ``||``, ``&&``, ``|``, ``&``, comparisons, ``:``,
binary ``+ -``, ``* / \\ .* ./ .\\``, unary ``+ - ~``, ``^ .^``, postfix
transpose and indexing.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .lexer import MatlabSyntaxError, tokenize


# ---------------------------------------------------------------------------- expressions
@dataclass
class Expr:
    line: int = field(default=0, kw_only=True)
    col: int = field(default=0, kw_only=True)


@dataclass
class Num(Expr):
    text: str


@dataclass
class Str(Expr):
    value: str
    double: bool          # "..." (string) versus '...' (char)


@dataclass
class Name(Expr):
    name: str


@dataclass
class End(Expr):
    pass


@dataclass
class Colon(Expr):
    """A bare ':' subscript (all elements)."""


@dataclass
class Range(Expr):
    start: Expr
    step: Optional[Expr]
    stop: Expr


@dataclass
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass
class Unary(Expr):
    op: str               # '-', '+', '~'
    operand: Expr


@dataclass
class Postfix(Expr):
    op: str               # "'" or ".'"
    operand: Expr


@dataclass
class Index(Expr):
    base: Expr
    args: List[Expr]
    brace: bool           # x{...} versus x(...)


@dataclass
class Field(Expr):
    base: Expr
    name: str


@dataclass
class DynField(Expr):
    base: Expr
    name: Expr


@dataclass
class Matrix(Expr):
    rows: List[List[Expr]]
    cell: bool            # {...} versus [...]
    multiline: bool = False


@dataclass
class Lambda(Expr):
    params: List[str]
    body: Expr


@dataclass
class FuncHandle(Expr):
    name: str


@dataclass
class Tilde(Expr):
    """An ignored output: [~, i] = max(x)."""


@dataclass
class NameValue(Expr):
    """Name=value in a call (R2021a syntax)."""
    name: str
    value: Expr


# ---------------------------------------------------------------------------- statements
@dataclass
class Stmt:
    line: int = field(default=0, kw_only=True)
    end_line: int = field(default=0, kw_only=True)
    comment: Optional[str] = field(default=None, kw_only=True)   # trailing comment
    inner_comments: list = field(default_factory=list, kw_only=True)
    # blocks: comments on the elseif/else/case/catch lines, and on the closing 'end'
    clause_comments: list = field(default_factory=list, kw_only=True)
    end_comment: Optional[str] = field(default=None, kw_only=True)


@dataclass
class Assign(Stmt):
    targets: List[Expr]
    value: Expr
    printed: bool
    multi: bool = False          # [a, b] = ...


@dataclass
class ExprStmt(Stmt):
    expr: Expr
    printed: bool


@dataclass
class Command(Stmt):
    name: str
    args: List[str]


@dataclass
class If(Stmt):
    clauses: list                # [(condition or None, body)]


@dataclass
class For(Stmt):
    var: str
    iterable: Expr
    body: list


@dataclass
class While(Stmt):
    condition: Expr
    body: list


@dataclass
class Switch(Stmt):
    subject: Expr
    cases: list                  # [(expr or None for otherwise, body)]


@dataclass
class Try(Stmt):
    body: list
    ident: Optional[str]
    handler: list


@dataclass
class Jump(Stmt):
    kind: str                    # break continue return


@dataclass
class Comment(Stmt):
    text: str                    # without the leading %
    block: bool = False


@dataclass
class Blank(Stmt):
    pass


@dataclass
class Arguments(Stmt):
    lines: List[str]


@dataclass
class Function(Stmt):
    name: str
    params: List[str]
    outputs: List[str]
    body: list


@dataclass
class Program:
    body: list
    functions: List[Function]


# ---------------------------------------------------------------------------- parser
_COMPARISON = ("==", "~=", "!=", "<", "<=", ">", ">=")
_BLOCK_END = {"end", "endfunction", "endif", "endfor", "endwhile"}


class Parser:
    def __init__(self, source):
        self.source_lines = source.replace("\r\n", "\n").replace("\t", "    ").split("\n")
        self.tokens = tokenize(source)
        self.i = 0
        self.pending_inner = []

    # ------------------------------------------------------------------ token helpers
    @property
    def tok(self):
        return self.tokens[self.i]

    def peek(self, k=1):
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def advance(self):
        t = self.tokens[self.i]
        self.i += 1
        while self.tokens[self.i].kind == "inner_comment":
            self.pending_inner.append(self.tokens[self.i].value)
            self.i += 1
        return t

    def is_op(self, value, tok=None):
        t = tok or self.tok
        return t.kind == "op" and t.value == value

    def is_kw(self, *values):
        return self.tok.kind == "kw" and self.tok.value in values

    def error(self, message, tok=None):
        t = tok or self.tok
        text = self.source_lines[t.line - 1] if 0 < t.line <= len(self.source_lines) else ""
        raise MatlabSyntaxError(message, t.line, t.col, text)

    def expect_op(self, value):
        if not self.is_op(value):
            self.error(f"expected '{value}' but found {self.describe(self.tok)}")
        return self.advance()

    @staticmethod
    def describe(t):
        if t.kind == "eof":
            return "the end of the file"
        if t.kind == "nl":
            return "the end of the line"
        return f"'{t.value}'" if t.kind in ("op", "kw", "id", "num") else t.kind

    # ------------------------------------------------------------------ program
    def parse(self):
        while self.tok.kind == "inner_comment":
            self.pending_inner.append(self.tok.value)
            self.i += 1
        body, functions = [], []
        while self.tok.kind != "eof":
            if self.is_kw("function"):
                functions.append(self.function())
                continue
            stmt = self.statement()
            if stmt is not None:
                body.append(stmt)
        return Program(body, functions)

    def function(self):
        start = self.advance()
        outputs = []
        # function [a, b] = name(...) | function a = name(...) | function name(...)
        if self.is_op("["):
            self.advance()
            while not self.is_op("]"):
                if self.is_op(","):
                    self.advance()
                    continue
                if self.tok.kind != "id":
                    self.error("expected an output name")
                outputs.append(self.advance().value)
            self.advance()
            self.expect_op("=")
            name = self.ident()
        else:
            name = self.ident()
            if self.is_op("="):
                self.advance()
                outputs = [name]
                name = self.ident()
        while self.is_op("."):          # set.Prop / get.Prop methods: keep the last part
            self.advance()
            name = self.ident()
        params = []
        if self.is_op("("):
            self.advance()
            while not self.is_op(")"):
                if self.is_op(","):
                    self.advance()
                    continue
                if self.is_op("~"):
                    self.advance()
                    params.append("_")
                    continue
                params.append(self.ident())
            self.advance()
        comment = self.end_of_statement()
        body = self.block(("end", "endfunction", "function"), in_function=True)
        end_comment = self.close_block() if self.is_kw("end", "endfunction") else None
        return Function(name, params, outputs, body, line=start.line, comment=comment,
                        end_comment=end_comment)

    def ident(self):
        if self.tok.kind != "id":
            self.error(f"expected a name but found {self.describe(self.tok)}")
        return self.advance().value

    def block(self, terminators, in_function=False):
        body = []
        while True:
            if self.tok.kind == "eof":
                if in_function:
                    return body
                self.error("this block is never closed with 'end'")
            if self.tok.kind == "kw" and self.tok.value in terminators:
                return body
            stmt = self.statement()
            if stmt is not None:
                body.append(stmt)

    # ------------------------------------------------------------------ statements
    def end_of_statement(self):
        """Consume ';' ',' and a newline; return (printed, trailing comment)."""
        comment = None
        while True:
            t = self.tok
            if t.kind == "op" and t.value in (";", ","):
                self.advance()
                continue
            if t.kind == "comment" and not isinstance(t.value, tuple):
                comment = t.value[1:]
                self.advance()
                continue
            if t.kind == "nl":
                self.advance()
                return comment
            return comment

    def terminator(self):
        """After an expression statement: returns (printed, comment)."""
        t = self.tok
        printed = not (t.kind == "op" and t.value == ";")
        if t.kind == "op" and t.value in (";", ","):
            self.advance()
        elif t.kind not in ("nl", "comment", "eof") and not (
                t.kind == "kw" and t.value in _BLOCK_END):
            self.error(f"unexpected {self.describe(t)}")
        comment = None
        if self.tok.kind == "comment" and not isinstance(self.tok.value, tuple) \
                and self.tok.line == t.line:
            comment = self.advance().value[1:]
        if self.tok.kind == "nl":
            self.advance()
        return printed, comment

    def statement(self):
        t = self.tok
        self.pending_inner = []
        if t.kind == "nl":
            self.advance()
            prev = self.tokens[self.i - 2] if self.i >= 2 else None
            if prev is None or prev.kind == "nl":
                return Blank(line=t.line)
            return None
        if t.kind == "comment":
            self.advance()
            if self.tok.kind == "nl":
                self.advance()
            if isinstance(t.value, tuple):
                return Comment("\n".join(t.value[1]), block=True, line=t.line)
            return Comment(t.value[1:], line=t.line)
        if t.kind == "op" and t.value in (";", ","):
            self.advance()
            return None
        if t.kind == "cmd":
            self.advance()
            printed, comment = self.terminator()
            return Command(t.value[0], t.value[1], line=t.line, comment=comment)
        if t.kind == "kw":
            stmt = self.keyword_statement()     # it collects its header's comments itself
        else:
            stmt = self.simple_statement()
            stmt.inner_comments = list(self.pending_inner)
        stmt.line = t.line
        return stmt

    def header_notes(self):
        """Comments inside a block statement's first line (after '...'), taken once."""
        notes, self.pending_inner = list(self.pending_inner), []
        return notes

    def keyword_statement(self):
        t = self.tok
        kw = t.value
        if kw in ("break", "continue", "return"):
            self.advance()
            _, comment = self.terminator()
            return Jump(kw, comment=comment)
        if kw in ("global", "persistent"):
            self.error(f"'{kw}' variables are not translated: pass the values as function "
                       f"arguments and outputs instead")
        if kw == "if":
            self.advance()
            clauses, notes = [], []
            cond = self.expression()
            comment = self.end_of_statement()
            notes_before = self.header_notes()
            body = self.block(("elseif", "else", "end", "endif"))
            clauses.append((cond, body))
            notes.append(comment)
            while self.is_kw("elseif"):
                self.advance()
                cond = self.expression()
                notes.append(self.end_of_statement())
                clauses.append((cond, self.block(("elseif", "else", "end", "endif"))))
            if self.is_kw("else"):
                self.advance()
                notes.append(self.end_of_statement())
                clauses.append((None, self.block(("end", "endif"))))
            return If(clauses, comment=comment, clause_comments=notes,
                      inner_comments=notes_before, end_comment=self.close_block())
        if kw in ("for", "parfor"):
            self.advance()
            paren = self.is_op("(")
            if paren:
                self.advance()
            var = self.ident()
            self.expect_op("=")
            iterable = self.expression()
            if paren:
                if self.is_op(","):       # parfor (i = 1:n, M)
                    self.advance()
                    self.expression()
                self.expect_op(")")
            comment = self.end_of_statement()
            notes_before = self.header_notes()
            body = self.block(("end", "endfor"))
            return For(var, iterable, body, comment=comment, inner_comments=notes_before,
                       end_comment=self.close_block())
        if kw == "while":
            self.advance()
            cond = self.expression()
            comment = self.end_of_statement()
            notes_before = self.header_notes()
            body = self.block(("end", "endwhile"))
            return While(cond, body, comment=comment, inner_comments=notes_before,
                         end_comment=self.close_block())
        if kw == "switch":
            self.advance()
            subject = self.expression()
            comment = self.end_of_statement()
            cases, notes, leading = [], [], self.header_notes()
            while self.tok.kind in ("nl", "comment"):       # comments before the first case
                t = self.advance()
                if t.kind == "comment" and not isinstance(t.value, tuple):
                    leading.append(t.value)
            while self.is_kw("case", "otherwise"):
                is_case = self.advance().value == "case"
                value = self.expression() if is_case else None
                notes.append(self.end_of_statement())
                cases.append((value, self.block(("case", "otherwise", "end"))))
            return Switch(subject, cases, comment=comment, clause_comments=notes,
                          inner_comments=leading, end_comment=self.close_block())
        if kw == "try":
            self.advance()
            comment = self.end_of_statement()
            self.header_notes()
            body = self.block(("catch", "end"))
            ident, handler = None, []
            if self.is_kw("catch"):
                catch_tok = self.advance()
                if self.tok.kind == "id" and self.tok.line == catch_tok.line:
                    ident = self.advance().value
                notes = [self.end_of_statement()]
                handler = self.block(("end",))
            else:
                notes = []
            return Try(body, ident, handler, comment=comment, clause_comments=notes,
                       end_comment=self.close_block())
        if kw == "arguments":
            self.advance()
            self.end_of_statement()
            lines = []
            while not self.is_kw("end"):
                if self.tok.kind == "eof":
                    self.error("'arguments' block is never closed with 'end'")
                start_line = self.tok.line
                while self.tok.kind not in ("nl", "eof"):
                    self.advance()
                lines.append(self.source_lines[start_line - 1].strip())
                self.advance()
            self.close_block()
            return Arguments([ln for ln in lines if ln])
        if kw == "function":
            self.error("a function definition cannot be inside a block")
        if kw == "classdef":
            self.error("a class definition (classdef) is not translated: only scripts and "
                       "functions are")
        self.error(f"unexpected '{kw}'")

    def close_block(self):
        """Consume the block's 'end' (and ';', a newline); return a comment on that line."""
        if not (self.tok.kind == "kw" and self.tok.value in _BLOCK_END):
            self.error(f"expected 'end' but found {self.describe(self.tok)}")
        end = self.advance()
        while self.tok.kind == "op" and self.tok.value in (";", ","):
            self.advance()
        comment = None
        if self.tok.kind == "comment" and not isinstance(self.tok.value, tuple) and \
                self.tok.line == end.line:
            comment = self.advance().value[1:]
        if self.tok.kind == "nl":
            self.advance()
        return comment

    def simple_statement(self):
        start = self.i
        # [a, b] = f(...)
        if self.is_op("["):
            targets = self.try_multi_targets()
            if targets is not None:
                value = self.expression()
                printed, comment = self.terminator()
                return Assign(targets, value, printed, multi=True, comment=comment)
            self.i = start
        expr = self.expression()
        if self.is_op("="):
            if not isinstance(expr, (Name, Index, Field, DynField)):
                self.error("the left side of '=' must be a variable or an indexed variable")
            self.advance()
            value = self.expression()
            printed, comment = self.terminator()
            return Assign([expr], value, printed, comment=comment)
        printed, comment = self.terminator()
        return ExprStmt(expr, printed, comment=comment)

    def try_multi_targets(self):
        """Parse '[a, b(i), ~] =' if that is what follows; else None (caller rewinds)."""
        self.advance()
        targets = []
        try:
            while not self.is_op("]"):
                if self.is_op(","):
                    self.advance()
                    continue
                if self.is_op("~") or self.is_op("!"):
                    tok = self.advance()
                    targets.append(Tilde(line=tok.line, col=tok.col))
                    continue
                if self.tok.kind != "id":
                    return None
                targets.append(self.postfix())
            self.advance()
        except MatlabSyntaxError:
            return None
        if not self.is_op("="):
            return None
        self.advance()
        return targets

    # ------------------------------------------------------------------ expressions
    def expression(self):
        return self.oror()

    def _binary(self, ops, next_level):
        left = next_level()
        while self.tok.kind == "op" and self.tok.value in ops:
            t = self.advance()
            right = next_level()
            left = Binary(t.value, left, right, line=t.line, col=t.col)
        return left

    def oror(self):
        return self._binary(("||",), self.andand)

    def andand(self):
        return self._binary(("&&",), self.elor)

    def elor(self):
        return self._binary(("|",), self.eland)

    def eland(self):
        return self._binary(("&",), self.comparison)

    def comparison(self):
        return self._binary(_COMPARISON, self.range)

    def range(self):
        if self.is_op(":") and self.in_subscript():
            t = self.advance()
            return Colon(line=t.line, col=t.col)
        first = self.additive()
        if not self.is_op(":"):
            return first
        t = self.advance()
        second = self.additive()
        if self.is_op(":"):
            self.advance()
            third = self.additive()
            return Range(first, second, third, line=t.line, col=t.col)
        return Range(first, None, second, line=t.line, col=t.col)

    def in_subscript(self):
        nxt = self.peek()
        return nxt.kind == "op" and nxt.value in (",", ")", "}")

    def additive(self):
        return self._binary(("+", "-"), self.multiplicative)

    def multiplicative(self):
        return self._binary(("*", "/", "\\", ".*", "./", ".\\"), self.unary)

    def unary(self):
        if self.tok.kind == "op" and self.tok.value in ("-", "+", "~", "!"):
            t = self.advance()
            operand = self.unary()
            op = "~" if t.value == "!" else t.value
            return Unary(op, operand, line=t.line, col=t.col)
        return self.power()

    def power(self):
        base = self.postfix()
        while self.tok.kind == "op" and self.tok.value in ("^", ".^"):
            t = self.advance()
            # the exponent may carry its own sign: 2^-1
            if self.tok.kind == "op" and self.tok.value in ("-", "+", "~", "!"):
                s = self.advance()
                operand = Unary("~" if s.value == "!" else s.value, self.postfix(),
                                line=s.line, col=s.col)
            else:
                operand = self.postfix()
            base = Binary(t.value, base, operand, line=t.line, col=t.col)
        return base

    def postfix(self):
        expr = self.primary()
        while True:
            t = self.tok
            if t.kind == "op" and t.value in ("(", "{") and not (
                    t.space_before and self.in_matrix()):
                self.advance()
                close = ")" if t.value == "(" else "}"
                args = self.arguments(close)
                expr = Index(expr, args, t.value == "{", line=t.line, col=t.col)
            elif t.kind == "op" and t.value == "." and self.peek().kind in ("id", "kw"):
                self.advance()
                name = self.advance().value
                expr = Field(expr, name, line=t.line, col=t.col)
            elif t.kind == "op" and t.value == "." and self.is_op("(", self.peek()):
                self.advance()
                self.advance()
                name = self.expression()
                self.expect_op(")")
                expr = DynField(expr, name, line=t.line, col=t.col)
            elif t.kind == "op" and t.value in ("'", ".'"):
                self.advance()
                expr = Postfix(t.value, expr, line=t.line, col=t.col)
            else:
                return expr

    def in_matrix(self):
        return bool(self.matrix_depth)

    matrix_depth = 0

    def arguments(self, close):
        saved = self.matrix_depth
        self.matrix_depth = 0
        args = []
        while not self.is_op(close):
            if self.tok.kind == "id" and self.is_op("=", self.peek()) and close == ")":
                name_tok = self.advance()
                self.advance()
                args.append(NameValue(name_tok.value, self.expression(),
                                      line=name_tok.line, col=name_tok.col))
            else:
                args.append(self.expression())
            if self.is_op(","):
                self.advance()
                if self.is_op(close):
                    self.error("expected an argument after ','")
            elif not self.is_op(close):
                self.error(f"expected ',' or '{close}' but found {self.describe(self.tok)}")
        self.advance()
        self.matrix_depth = saved
        return args

    def primary(self):
        t = self.tok
        if t.kind == "num":
            self.advance()
            return Num(t.value, line=t.line, col=t.col)
        if t.kind in ("str", "chr"):
            self.advance()
            return Str(t.value, t.kind == "str", line=t.line, col=t.col)
        if t.kind == "id":
            self.advance()
            return Name(t.value, line=t.line, col=t.col)
        if t.kind == "end_expr":
            self.advance()
            return End(line=t.line, col=t.col)
        if t.kind == "op":
            if t.value == "(":
                self.advance()
                saved = self.matrix_depth
                self.matrix_depth = 0
                inner = self.expression()
                self.matrix_depth = saved
                self.expect_op(")")
                return _paren(inner)
            if t.value in ("[", "{"):
                return self.matrix()
            if t.value == "@":
                self.advance()
                if self.is_op("("):
                    self.advance()
                    params = []
                    while not self.is_op(")"):
                        if self.is_op(","):
                            self.advance()
                            continue
                        if self.is_op("~"):
                            self.advance()
                            params.append("_")
                            continue
                        params.append(self.ident())
                    self.advance()
                    saved = self.matrix_depth
                    self.matrix_depth = 0
                    body = self.expression()
                    self.matrix_depth = saved
                    return Lambda(params, body, line=t.line, col=t.col)
                name = self.ident()
                while self.is_op("."):
                    self.advance()
                    name += "." + self.ident()
                return FuncHandle(name, line=t.line, col=t.col)
            if t.value == ":":
                self.advance()
                return Colon(line=t.line, col=t.col)
        self.error(f"unexpected {self.describe(t)}")

    def matrix(self):
        open_tok = self.advance()
        close = "]" if open_tok.value == "[" else "}"
        self.matrix_depth += 1
        rows, row = [], []
        multiline = False
        while True:
            t = self.tok
            if t.kind == "op" and t.value == close:
                self.advance()
                break
            if t.kind == "op" and t.value == ";":
                multiline = multiline or t.line != open_tok.line
                self.advance()
                if row:
                    rows.append(row)
                row = []
                continue
            if t.kind == "op" and t.value == ",":
                self.advance()
                continue
            if t.kind == "eof":
                self.error(f"'{open_tok.value}' is never closed", open_tok)
            row.append(self.expression())
        if row:
            rows.append(row)
        self.matrix_depth -= 1
        multiline = multiline or self.tokens[self.i - 1].line != open_tok.line
        return Matrix(rows, close == "}", multiline, line=open_tok.line, col=open_tok.col)


@dataclass
class Paren(Expr):
    inner: Expr


def _paren(inner):
    return Paren(inner, line=inner.line, col=inner.col)


def parse(source):
    """Program tree of ``source``; raises MatlabSyntaxError with line and column."""
    return Parser(source).parse()
