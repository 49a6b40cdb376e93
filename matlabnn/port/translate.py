"""MATLAB program tree -> Python source that calls matlabnn, numpy and matplotlib.

The Translator walks statements in order, tracking what each variable holds
(types.py) so that indexing, ``*`` and sizes translate to the right Python.
Function calls are translated by the table in builtins.py. Where it cannot be
sure, it writes its best translation and a ``# TODO(port): ...`` comment on that
line; it never drops a statement.
"""
import keyword
import re

from . import builtins as B
from .runtime import __all__ as runtime_helpers
from .parser import (Assign, Binary, Blank, Colon, Command, Comment, DynField, End, ExprStmt,
                     Field, For, If, Index, Lambda, Matrix, Name, NameValue, Num, Paren, Postfix,
                     Range, Str, Switch, Tilde, Try, Unary, While, parse)
from .pyexpr import (ADD, AND, ATOM, BAND, BOR, CMP, LAMBDA, MUL, NOT, OR, POW, UNARY, P,
                     MAX_LINE, keywords_last, paren, pystr, wrap_call, wrap_import)
from .types import (LISTS, T, Ty, combine, dims, is_array, is_logical, is_scalar, kind,
                    logical_of)

RESERVED = set(keyword.kwlist) | {"np", "plt", "math", "os", "shutil", "tempfile", "time",
                                  "warnings", "print", "len", "range", "list", "int", "float",
                                  "str", "type", "sorted", "zip", "enumerate", "max", "min",
                                  "sum", "abs", "round", "any", "all", "iter", "next", "id",
                                  "input", "open", "map", "filter", "set", "dict", "tuple",
                                  "object", "bool", "slice", "format", "hash", "vars",
                                  "nargout", "loaded"} | set(runtime_helpers)

# ---------------------------------------------------------------------------- affine forms
class Affine:
    """c_end * end + const + sum(coef * term): the index arithmetic MATLAB scripts use."""

    def __init__(self, end=0, const=0, terms=()):
        self.end, self.const, self.terms = end, const, list(terms)

    def __add__(self, other):
        return Affine(self.end + other.end, self.const + other.const, self.terms + other.terms)

    def scale(self, k):
        return Affine(self.end * k, self.const * k, [(c * k, p) for c, p in self.terms])

    def shift(self, k):
        return Affine(self.end, self.const + k, self.terms)

    def without_end(self):
        return Affine(0, self.const, self.terms)

    @property
    def is_const(self):
        return not self.terms and self.end == 0

    def code(self):
        """Python text of the form (its end part must already be removed)."""
        parts = []
        for coef, p in self.terms:
            text = paren(p, MUL) if coef not in (1, -1) else paren(p, ADD + 1) if parts else \
                paren(p, ADD)
            if coef not in (1, -1):
                text = f"{abs(coef)} * {text}"
            sign = "-" if coef < 0 else "+"
            if not parts:
                parts.append(("-" + paren(p, UNARY)) if coef == -1 else
                             (f"-{text}" if coef < 0 else text))
            else:
                parts.append(f" {sign} {text}")
        if not parts:
            return P(str(self.const), ATOM if self.const >= 0 else UNARY, T.int)
        if self.const:
            parts.append(f" {'-' if self.const < 0 else '+'} {abs(self.const)}")
        text = "".join(parts)
        single = len(self.terms) == 1 and not self.const and self.terms[0][0] == 1
        ty = self.terms[0][1].ty if single else T.int if all(
            kind(p.ty) == "int" for _, p in self.terms) else combine(
            self.terms[0][1].ty, T.int)
        return P(text, self.terms[0][1].prec if single else ADD, ty)


class Translator:
    def __init__(self, program, source_name=None, training_options=None, function_files=()):
        self.program = program
        self.source_name = source_name
        self.training_options = dict(training_options or {})
        self.functions = {f.name: f for f in program.functions}
        for f in function_files:
            self.functions.setdefault(f.name, f)
        self.function_files = list(function_files)
        self.cell_hint = set()          # names indexed with {} somewhere
        self.loads = {}                 # id(load statement) -> names it provides
        self.function_types = {}        # local function -> types of its outputs
        self.argument_types = {}        # local function -> types its call sites pass
        self.reset()
        self.analyse(program.body)

    def reset(self):
        """Forget everything one translation pass writes or learns about variables."""
        self.imports = set()            # modules: np, plt, math, os, ...
        self.matlabnn = set()           # names imported from matlabnn
        self.runtime = set()            # names imported from matlabnn.port.runtime
        self.out = []                   # [indent, text, suffix list]
        self.vars = {}                  # name -> Ty or None
        self.sized = set()              # arrays and lists made at full size
        self.todos = []
        self.end_stack = []
        self.indent = 0
        self.hoist_at = None
        self.unknown_reported = set()
        self.in_function = None
        self.temp_count = 0
        self.in_range = set()           # (loop variable, name): name(var) is in range
        self.current_value = None       # the MATLAB right-hand side being assigned
        self.loop_depth = 0
        self.split_outputs = None       # (values, index) of [m, i] = max(x) and sort

    # ------------------------------------------------------------------ output helpers
    def need(self, module):
        self.imports.add(module)

    def todo(self, message):
        if message not in self.todos:
            self.todos.append(message)

    def write(self, text):
        entry = [self.indent, text, []]
        self.out.append(entry)
        return entry

    def annotate(self, entry, comment=None):
        if comment is not None and comment.strip():
            entry[2].append("#" + (comment if comment.startswith(" ") else " " + comment)
                            .rstrip())
        for message in self.todos:
            entry[2].append(f"# TODO(port): {message}")
        self.todos = []

    def hoist(self, text):
        """Insert a line before the statement being translated (at its block's level)."""
        pos, indent = self.hoist_at
        self.out.insert(pos, [indent, text, []])
        self.hoist_at = (pos + 1, indent)

    def temp(self, base):
        self.temp_count += 1
        name = f"{base}_value"
        return name if name not in self.vars else f"{base}_value{self.temp_count}"

    # ------------------------------------------------------------------ pre-pass
    def analyse(self, body):
        """Cell hints (x{...} anywhere) and the names each bare ``load`` provides."""
        assigned, current_load = set(), None

        def visit_expr(e, reads):
            if isinstance(e, Index):
                if e.brace and isinstance(e.base, Name):
                    self.cell_hint.add(e.base.name)
            if isinstance(e, Name):
                reads.append(e.name)
            if isinstance(e, Lambda):
                return
            for value in vars(e).values():
                items = value if isinstance(value, list) else [value]
                for item in items:
                    for sub in (item if isinstance(item, list) else [item]):
                        if isinstance(sub, (Name, Index, Field, DynField, Binary, Unary,
                                            Postfix, Range, Matrix, Paren, NameValue, Lambda)):
                            visit_expr(sub, reads)

        def target_names(t):
            while isinstance(t, (Index, Field, DynField)):
                t = t.base
            return t.name if isinstance(t, Name) else None

        def visit(stmts):
            nonlocal current_load
            for s in stmts:
                reads = []
                if isinstance(s, Assign):
                    visit_expr(s.value, reads)
                    for t in s.targets:
                        if isinstance(t, Index):
                            for a in t.args:
                                visit_expr(a, reads)
                            if isinstance(t.base, Index):
                                visit_expr(t.base, reads)
                elif isinstance(s, ExprStmt):
                    visit_expr(s.expr, reads)
                elif isinstance(s, (If, While, Switch, For)):
                    for e in ([c for c, _ in s.clauses if c is not None] if isinstance(s, If)
                              else [s.condition] if isinstance(s, While)
                              else [s.subject] + [c for c, _ in s.cases if c is not None]
                              if isinstance(s, Switch) else [s.iterable]):
                        visit_expr(e, reads)
                for name in reads:
                    if name not in assigned and current_load is not None and \
                            not self.is_function_name(name):
                        self.loads[current_load].append(name)
                        assigned.add(name)
                if self.is_bare_load(s):
                    current_load = id(s)
                    self.loads[current_load] = []
                if isinstance(s, Assign):
                    for t in s.targets:
                        name = target_names(t)
                        if name:
                            assigned.add(name)
                if isinstance(s, For):
                    assigned.add(s.var)
                if isinstance(s, Try) and s.ident:
                    assigned.add(s.ident)
                for block in self.blocks_of(s):
                    visit(block)
        visit(body)

    @staticmethod
    def blocks_of(s):
        if isinstance(s, If):
            return [b for _, b in s.clauses]
        if isinstance(s, (For, While)):
            return [s.body]
        if isinstance(s, Switch):
            return [b for _, b in s.cases]
        if isinstance(s, Try):
            return [s.body, s.handler]
        return []

    @staticmethod
    def is_bare_load(s):
        if isinstance(s, Command) and s.name == "load":
            return True
        return isinstance(s, ExprStmt) and isinstance(s.expr, Index) and \
            isinstance(s.expr.base, Name) and s.expr.base.name == "load"

    def is_function_name(self, name):
        return name in self.functions or name in B.HANDLERS or name in B.MATLABNN or \
            name in B.CONSTANTS

    # ------------------------------------------------------------------ names
    def pyname(self, name):
        return name + "_" if name in RESERVED else name

    def define(self, name, ty):
        self.vars[name] = ty

    def is_var(self, name):
        return name in self.vars

    # ------------------------------------------------------------------ program
    def run(self):
        functions = self.program.functions + [
            f for f in self.function_files
            if f.name not in {g.name for g in self.program.functions}]
        if functions:
            # a first pass over the script learns what its calls pass to the functions
            self.block(self.program.body)
            self.reset()
        for f in functions:
            self.function(f)
            self.write("")
            self.write("")
        self.block(self.program.body, top=True)
        return self.assemble()

    def assemble(self):
        lines = []
        for indent, text, suffix in self.out:
            pad = "    " * indent
            body = "\n".join((pad + piece if k else piece).rstrip() for k, piece in
                             enumerate(wrap_call(text, indent).split("\n")))
            line = pad + body
            if suffix:
                line += "  " + "  ".join(suffix)
            lines.append(line.rstrip() if text or suffix else "")
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        # no more than two blank lines in a row
        cleaned = []
        for line in lines:
            if not line and len(cleaned) >= 2 and not cleaned[-1] and not cleaned[-2]:
                continue
            cleaned.append(line)
        if "plt" in self.imports and self.program.body:
            # MATLAB's figures stay open after a script; matplotlib's need show()
            cleaned += ["", "plt.show()"]
        header = [f"# Python translation of {self.source_name or 'a MATLAB script'} "
                  f"(python -m matlabnn.port)."]
        if any("# TODO(port)" in line for line in cleaned):
            header.append("# Lines marked TODO(port) need a review.")
        header.append("")
        imports = []
        for module, line in (("math", "import math"), ("os", "import os"),
                             ("shutil", "import shutil"), ("tempfile", "import tempfile"),
                             ("time", "import time"), ("warnings", "import warnings")):
            if module in self.imports:
                imports.append(line)
        if imports:
            imports.append("")
        if "np" in self.imports:
            imports.append("import numpy as np")
        if "plt" in self.imports:
            imports.append("import matplotlib.pyplot as plt")
        if self.matlabnn:
            imports.append(wrap_import("matlabnn", sorted(self.matlabnn, key=str.lower)))
        if self.runtime:
            imports.append(wrap_import("matlabnn.port.runtime", sorted(self.runtime)))
        if imports:
            imports.append("")
        if self.program.functions or self.function_files:
            imports.append("")
        return "\n".join(header + imports + cleaned) + "\n"

    # ------------------------------------------------------------------ functions
    def function(self, f):
        saved = (self.vars, self.sized, self.in_function, self.unknown_reported)
        self.vars, self.sized, self.in_function = {}, set(), f
        self.unknown_reported = set()
        params = []
        for p in f.params:
            if p == "varargin":
                params.append("*varargin")
                self.define("varargin", T.cell)
            else:
                params.append(self.pyname(p) if p != "_" else "_unused")
                self.define(p, None)
        for p, ty in zip(f.params, self.argument_types.get(f.name, ())):
            if p in self.vars and p != "varargin":
                self.vars[p] = ty
        multi = len(f.outputs) > 1 or f.outputs == ["varargout"]
        if multi:
            params.append("nargout=1")
            self.define("nargout", T.int)
        uses_nargin = any(isinstance(n, Name) and n.name == "nargin" for n in walk(f.body))
        if uses_nargin:
            params = [p if p.startswith("*") or "=" in p else p + "=None" for p in params]
        entry = self.write(f"def {f.name}({', '.join(params)}):")
        self.annotate(entry, f.comment)
        self.indent += 1
        doc = f'"""Translated from the MATLAB function {signature(f)}."""'
        if len(doc) + 4 > MAX_LINE:
            doc = f'"""Translated from the MATLAB function\n\n{signature(f)}\n"""'
        self.write(doc)
        if uses_nargin:
            names = [self.pyname(p) for p in f.params if p not in ("varargin", "_")]
            parts = [f"sum(value is not None for value in ({', '.join(names)},))"] if names \
                else []
            if "varargin" in f.params:
                parts.append("len(varargin)")
            self.write(f"nargin = {' + '.join(parts) or '0'}")
            self.define("nargin", T.int)
        body = f.body
        self.block(body)
        if f.outputs == ["varargout"]:
            varargout = self.vars.get("varargout")
            self.function_types[f.name] = (varargout.elem if varargout else None,) * 8
        else:
            self.function_types[f.name] = tuple(self.vars.get(o) for o in f.outputs)
        returns = self.return_statement(f)
        if returns:
            self.write(returns)
        elif not body:
            self.write("pass")
        self.indent -= 1
        self.end_comment(f)
        self.vars, self.sized, self.in_function, self.unknown_reported = saved

    def return_statement(self, f):
        outs = f.outputs
        if not outs:
            return None
        if outs == ["varargout"]:
            return "return varargout[0] if nargout == 1 else tuple(varargout[:nargout])"
        names = [self.pyname(o) for o in outs]
        if len(names) == 1:
            return f"return {names[0]}"
        return f"return {names[0]} if nargout == 1 else ({', '.join(names)})[:nargout]"

    # ------------------------------------------------------------------ statements
    def block(self, stmts, top=False):
        """Statements of one block; a Python block needs a statement, the module does not."""
        if not [s for s in stmts if not isinstance(s, (Blank,))]:
            if not top:
                self.write("pass")
            return
        only_comments = not top and all(isinstance(s, (Comment, Blank)) for s in stmts)
        for s in stmts:
            saved = self.hoist_at
            if self.hoist_at is None or self.indent == (0 if self.in_function is None else 1):
                self.hoist_at = (len(self.out), self.indent)
            self.todos = []
            for text in s.inner_comments:
                self.write("# " + (text[1:] if text.startswith("%") else text).strip())
            self.statement(s)
            self.hoist_at = saved
        if only_comments:
            self.write("pass")

    def statement(self, s):
        method = getattr(self, "stmt_" + type(s).__name__)
        method(s)

    def stmt_Blank(self, s):
        self.write("")

    def stmt_Comment(self, s):
        if s.block:
            for line in s.text.split("\n"):
                self.write(("# " + line.strip()).rstrip())
            return
        text = s.text
        if text.startswith("%"):
            self.write("# %%" + text[1:])
        else:
            self.write("#" + text.rstrip() if text.startswith(" ") or not text else
                       "# " + text.rstrip())

    def stmt_Arguments(self, s):
        self.todo("argument validation is not translated: " + "; ".join(s.lines))
        self.annotate(self.write("# (MATLAB arguments block)"))

    def stmt_Jump(self, s):
        if s.kind == "return":
            if self.in_function is not None:
                text = self.return_statement(self.in_function) or "return"
            else:
                text = "raise SystemExit"
        elif self.loop_depth == 0:
            self.todo(f"'{s.kind}' outside a loop")
            text = "pass"
        else:
            text = s.kind
        self.annotate(self.write(text), s.comment)

    def stmt_Command(self, s):
        call = Index(Name(s.name, line=s.line), [Str(a, False) for a in s.args], False,
                     line=s.line)
        self.stmt_ExprStmt(ExprStmt(call, False, line=s.line, comment=s.comment),
                           loads=self.loads.get(id(s)))

    def stmt_ExprStmt(self, s, loads=None):
        e = s.expr
        name = call_name(e)
        if name is not None and not self.is_var(name):
            if name == "load" and (id(s) in self.loads or loads is not None):
                self.load_statement(e, self.loads.get(id(s), loads or []), s)
                return
            p = self.call_expr(e, nargout=0)
            if p is None:
                return
            if s.printed and p.ty is not None and name not in B.NO_DISPLAY and \
                    not p.code.startswith("#"):
                self.runtime.add("display")
                entry = self.write(f'display("ans", {p.code})')
            else:
                entry = self.write(p.code)
            self.annotate(entry, s.comment)
            return
        p = self.ex(e)
        if s.printed:
            self.runtime.add("display")
            label = e.name if isinstance(e, Name) else "ans"
            entry = self.write(f'display("{label}", {p.code})')
        else:
            entry = self.write(p.code)
        self.annotate(entry, s.comment)

    def load_statement(self, e, names, s):
        args = [a.value for a in e.args if isinstance(a, Str)]
        if not args or len(args) != len(e.args):
            p = self.call_expr(e, nargout=1)
            self.todo("load into the workspace: check the names the file provides")
            entry = self.write(f"loaded = {p.code}")
            self.annotate(entry, s.comment)
            return
        filename, wanted = args[0], [a for a in args[1:] if not a.startswith("-")]
        if re.search(r"\.(txt|csv|dat)$", filename, re.I):
            self.need("np")
            var = re.sub(r"\W", "_", filename.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            var = var if re.match(r"[A-Za-z]", var) else "X" + var   # MATLAB's own rule
            entry = self.write(f"{var} = np.loadtxt({pystr(filename)})")
            self.define(var, T.mat)
            self.annotate(entry, s.comment)
            return
        if "." not in filename.rsplit("/", 1)[-1]:
            filename += ".mat"
        self.matlabnn.add("load")
        extra = "".join(", " + pystr(w) for w in wanted)
        entry = self.write(f"loaded = load({pystr(filename)}{extra})")
        names = wanted or names
        for name in names:
            if not re.fullmatch(r"[A-Za-z]\w*", name):
                self.todo(f"'{name}' is not a variable name")
        self.annotate(entry, s.comment)
        for name in [n for n in names if re.fullmatch(r"[A-Za-z]\w*", n)]:
            ty = T.cell if name in self.cell_hint else None
            self.write(f"{self.pyname(name)} = loaded[{pystr(name)}]")
            self.define(name, ty)

    def stmt_Assign(self, s):
        if s.multi or len(s.targets) > 1:
            self.multi_assign(s)
            return
        target = s.targets[0]
        if isinstance(s.value, Matrix) and not s.value.rows and not s.value.cell and \
                isinstance(target, Index):
            self.delete(target, s)
            return
        value = self.ex(s.value)
        self.current_value = s.value
        entry = self.assign(target, value)
        self.current_value = None
        self.annotate(entry, s.comment)
        if s.printed:
            self.print_target(target)

    def print_target(self, target):
        base = target
        while isinstance(base, (Index, Field, DynField)):
            base = base.base
        if isinstance(base, Name):
            self.runtime.add("display")
            self.write(f'display("{base.name}", {self.pyname(base.name)})')

    def assign(self, target, value):
        """Write ``target = value``; returns the written entry."""
        if isinstance(target, Name):
            name = target.name
            if isinstance(self.current_value, Name) and self.is_var(self.current_value.name):
                # MATLAB assignment copies; a Python name would share the array or list
                if is_array(value.ty):
                    value = P(f"{value.code}.copy()", ATOM, value.ty)
                elif kind(value.ty) in LISTS:
                    value = P(f"list({value.code})", ATOM, value.ty)
            text = f"{self.pyname(name)} = {value.code}"
            self.define(name, value.ty)
            if value.code.startswith(("np.zeros(", "np.ones(", "np.full(", "[None] *")) and \
                    value.code != "np.zeros(0)":
                self.sized.add(name)
            else:
                self.sized.discard(name)
            return self.write(text)
        if isinstance(target, Field):
            base = self.ex(target.base) if not (isinstance(target.base, Name) and
                                                not self.is_var(target.base.name)) else None
            if base is None:
                name = target.base.name
                self.hoist(f"{self.pyname(name)} = Struct()")
                self.runtime.add("Struct")
                self.define(name, T.obj)
                base = P(self.pyname(name), ATOM, T.obj)
            return self.write(f"{paren(base, ATOM)}.{target.name} = {value.code}")
        if isinstance(target, DynField):
            base = self.ex(target.base)
            return self.write(f"setattr({base.code}, {self.ex(target.name).code}, "
                              f"{value.code})")
        if isinstance(target, Index):
            return self.index_assign(target, value)
        self.todo("unsupported assignment target")
        return self.write(f"{value.code}")

    def base_for_assignment(self, target):
        """(P of the base, name or None); creates undefined names as MATLAB does."""
        base = target.base
        if isinstance(base, Name):
            name = base.name
            if not self.is_var(name):
                if target.brace:
                    init, ty = "[]", Ty("cell", elem=T.arr)
                else:
                    self.need("np")
                    init, ty = "np.zeros(0)", T.vec
                self.hoist(f"{self.pyname(name)} = {init}  # grown below, as MATLAB does")
                self.define(name, ty)
            return P(self.pyname(name), ATOM, self.vars[name]), name
        return self.ex(base), None

    def index_assign(self, target, value):
        if not target.args:
            self.todo("assignment to x() with no subscripts")
            return self.assign(target.base, value)
        base, name = self.base_for_assignment(target)
        bt = base.ty
        args = target.args
        if not target.brace and kind(bt) in LISTS and isinstance(self.current_value, Matrix) \
                and self.current_value.cell and len(self.current_value.rows) == 1 and \
                len(self.current_value.rows[0]) == 1:
            # c(k) = {v} stores v, as c{k} = v does
            value = self.ex(self.current_value.rows[0][0])
        if target.brace or (kind(bt) in LISTS and len(args) == 1):
            if len(args) == 2 and is_one(args[0]):
                args = args[1:]
            elif len(args) == 2 and is_one(args[1]):
                args = args[:1]
            if len(args) != 1:
                self.todo("cell array indexed with two subscripts: check the list layout")
            a = args[0]
            aff = self.affine_in(a, base, 0, 1)
            if aff is not None and aff.end == 1 and aff.without_end().is_const and \
                    aff.const == 1:                                  # c{end+1} = v
                return self.write(f"{paren(base, ATOM)}.append({value.code})")
            sub = self.subscript_one(a, base, 0, 1)
            if name and kind(bt) in LISTS:
                elem = value.ty
                self.vars[name] = Ty(bt.kind, elem=elem if elem else bt.elem, column=bt.column)
            in_range = isinstance(a, Name) and (a.name, name) in self.in_range
            if sub[0] == "scalar" and name and name not in self.sized and not in_range and \
                    not (aff is not None and aff.end):
                self.runtime.add("assign_index")
                return self.write(f"{base.code} = assign_index({base.code}, {sub[1]}, "
                                  f"{value.code})")
            return self.write(f"{paren(base, ATOM)}[{sub[1]}] = {value.code}")
        # numeric arrays (and unknown values)
        subs = self.subscripts(args, base)
        if any(k == "append" for k, _, _ in subs):
            self.need("np")
            if len(subs) == 1 and subs[0][1] == "0":
                return self.write(f"{base.code} = np.append({base.code}, {value.code})")
            kinds = [k for k, _, _ in subs]
            if kinds == ["colon", "append"] and subs[1][1] == "0":       # x(:, end+1) = v
                return self.write(f"{base.code} = np.hstack([{base.code}, "
                                  f"np.reshape({value.code}, (-1, 1))])")
            if kinds == ["append", "colon"] and subs[0][1] == "0":       # x(end+1, :) = v
                return self.write(f"{base.code} = np.vstack([{base.code}, {value.code}])")
            self.todo("assignment past the end of an array: MATLAB grows it")
        in_range = len(args) == 1 and isinstance(args[0], Name) and \
            (args[0].name, name) in self.in_range
        grows = name is not None and name not in self.sized and not in_range and any(
            k == "scalar" and not rel for k, _, rel in subs)
        if len(args) == 1 and kind(bt) == "col" and subs[0][0] == "scalar" and not grows_col(
                name, self.sized):
            return self.write(f"{paren(base, ATOM)}[{subs[0][1]}, 0] = {value.code}")
        if len(args) == 1 and kind(bt) in ("mat", "bmat") and subs[0][0] not in ("mask",):
            self.todo("linear index into a matrix: MATLAB counts down the columns")
        if grows and all(k in ("scalar", "colon") for k, _, _ in subs):
            self.runtime.add("assign_index")
            keys = [("slice(None)" if k == "colon" else code) for k, code, _ in subs]
            key = keys[0] if len(keys) == 1 else "(" + ", ".join(keys) + ")"
            if name:
                self.vars[name] = self.grown_type(bt, subs)
            return self.write(f"{base.code} = assign_index({base.code}, {key}, {value.code})")
        key = self.key_text(subs, bt)
        kinds = sorted(k for k, _, _ in subs)
        if set(kinds) == {"scalar"} and (kind(value.ty) == "arr" or (
                value.ty is None and value.code.endswith("_value"))):
            # one element takes a one-element array (a network's 1-by-1 output) as its value
            self.need("np")
            value = P(f"np.squeeze({value.code})", ATOM, T.num)
        if kinds.count("colon") == 1 and set(kinds) <= {"colon", "scalar"} and \
                len(subs) > 1 and kind(value.ty) in (None, "arr", "mat"):
            # one row or column of a matrix: MATLAB fits an N-by-1 or 1-by-N value in
            self.need("np")
            value = P(f"np.ravel({value.code})", ATOM, T.vec)
        return self.write(f"{paren(base, ATOM)}[{key}] = {value.code}")

    @staticmethod
    def grown_type(bt, subs):
        if len(subs) == 1 or (len(subs) == 2 and subs[0][1] in ("0", ":")):
            if kind(bt) in ("vec", "cvec", "bvec"):
                return bt
            return T.vec if dims(bt) in (None, 0, 1) else bt
        return T.mat

    def delete(self, target, s):
        base, name = self.base_for_assignment(target)
        bt = base.ty
        b = base.code
        args = target.args
        if kind(bt) in LISTS or target.brace:
            kind_, code, _ = self.subscripts(args[-1:], base)[0]
            if kind_ == "scalar":
                entry = self.write(f"del {b}[{code}]")
            elif kind_ == "mask":
                entry = self.write(f"{b} = [v for v, drop in zip({b}, {code}) if not drop]")
            elif kind_ == "slice":
                entry = self.write(f"del {b}[{code}]")
            else:
                entry = self.write(f"{b} = [v for k, v in enumerate({b}, 1) "
                                   f"if k not in set({self.ex(args[-1]).code})]")
            self.annotate(entry, s.comment)
            return
        self.need("np")
        subs = self.subscripts(args, base)
        if len(subs) == 1:
            k, code, _ = subs[0]
            text = f"{b}[~{code}]" if k == "mask" else \
                f"np.delete({b}, np.s_[{code}])" if k == "slice" else f"np.delete({b}, {code})"
            if kind(bt) in ("mat", "bmat"):
                self.todo("deletion with one subscript: MATLAB makes the result a row vector")
        else:
            axes = [i for i, (k, _, _) in enumerate(subs) if k != "colon"]
            if len(axes) != 1:
                self.todo("deletion needs all but one subscript to be ':'")
                axes = axes[:1] or [0]
            axis = axes[0]
            k, code, _ = subs[axis]
            if k == "mask":
                key = ", ".join(f"~{code}" if i == axis else ":" for i in range(len(subs)))
                text = f"{paren(base, ATOM)}[{key}]"
            elif k == "slice":
                text = f"np.delete({b}, np.s_[{code}], axis={axis})"
            else:
                text = f"np.delete({b}, {code}, axis={axis})"
        if isinstance(target.base, Index):
            inner = self.ex(target.base)
            entry = self.assign_inner(target.base, text, inner)
        else:
            entry = self.write(f"{b} = {text}")
        self.annotate(entry, s.comment)

    def assign_inner(self, target, text, inner):
        return self.index_assign(target, P(text, ATOM, inner.ty))

    def multi_assign(self, s):
        targets = s.targets
        n = len(targets)
        value = s.value
        name = call_name(value)
        self.split_outputs = None
        if name is None or self.is_var(name):
            self.todo("several outputs from an expression that is not a function call")
            p = self.ex(value)
        else:
            p = self.call_expr(value, nargout=n)
        out_types = list(p.ty) if isinstance(p.ty, tuple) else [None] * n
        out_types += [None] * (n - len(out_types))
        if self.split_outputs and n == 2 and self.value_and_index(targets, out_types, s):
            return
        names, later = [], []
        for t, ty in zip(targets, out_types):
            if isinstance(t, Tilde):
                names.append("_")
            elif isinstance(t, Name):
                names.append(self.pyname(t.name))
            else:
                base = t
                while isinstance(base, (Index, Field)):
                    base = base.base
                temp = self.temp(base.name if isinstance(base, Name) else "out")
                names.append(temp)
                later.append((t, P(temp, ATOM, ty)))
        entry = self.write(f"{', '.join(names)} = {p.code}")
        self.annotate(entry, s.comment)
        for t, ty in zip(targets, out_types):
            if isinstance(t, Name):
                self.define(t.name, ty)
                self.sized.discard(t.name)
        for t, temp in later:
            self.annotate(self.assign(t, temp))
        if s.printed:
            for t in targets:
                if not isinstance(t, Tilde):
                    self.print_target(t)

    def value_and_index(self, targets, types, s):
        """[m, i] = max(x) and [s, i] = sort(x) as two plain statements, index first.

        Returns False (nothing written) where the tuple form must stay.
        """
        values, index = self.split_outputs
        self.split_outputs = None
        if not all(isinstance(t, (Name, Tilde)) for t in targets):
            return False
        value_name, index_name = [None if isinstance(t, Tilde) else self.pyname(t.name)
                                  for t in targets]
        if index_name and value_name and re.search(rf"\b{index_name}\b", values):
            return False
        entries = []
        if index_name:
            entries.append(self.write(f"{index_name} = {index}"))
            self.define(targets[1].name, types[1])
            self.sized.discard(targets[1].name)
        if value_name:
            text = values.replace("{index}", index_name) if index_name else \
                values.replace("{index}", f"({index})")
            entries.append(self.write(f"{value_name} = {text}"))
            self.define(targets[0].name, types[0])
            self.sized.discard(targets[0].name)
        self.annotate(entries[-1], s.comment)
        if s.printed:
            for t in targets:
                if not isinstance(t, Tilde):
                    self.print_target(t)
        return True

    # ------------------------------------------------------------------ control flow
    def condition(self, e):
        p = self.ex(e)
        if is_array(p.ty) or kind(p.ty) == "cat":
            self.need("np")
            return f"np.all({p.code})"
        return p.code

    def stmt_If(self, s):
        for k, (cond, body) in enumerate(s.clauses):
            if cond is None:
                entry = self.write("else:")
            else:
                entry = self.write(f"{'if' if k == 0 else 'elif'} {self.condition(cond)}:")
            self.annotate(entry, clause_comment(s, k))
            self.indent += 1
            self.block(body)
            self.indent -= 1
        self.end_comment(s)

    def stmt_While(self, s):
        entry = self.write(f"while {self.condition(s.condition)}:")
        self.annotate(entry, s.comment)
        self.prescan_growth(s.body)
        self.indent += 1
        self.loop_depth += 1
        self.block(s.body)
        self.loop_depth -= 1
        self.indent -= 1
        self.end_comment(s)

    def stmt_For(self, s):
        it = s.iterable
        var = self.pyname(s.var)
        if isinstance(it, Range):
            start, stop = self.ex(it.start), self.ex(it.stop)
            step = self.ex(it.step) if it.step is not None else None
            ints = step is None or kind(step.ty) == "int" or step.ty is None
            negative = step is not None and step.code.startswith("-")
            if ints:
                self.note_full_range(s.var, it)
                if kind(stop.ty) == "num":          # a whole number held as a float
                    end = f"int({stop.code}) {'+' if not negative else '-'} 1"
                else:
                    end = self.affine_code(it.stop, 1 if not negative else -1)
                first = start.code if kind(start.ty) != "num" else f"int({start.code})"
                args = [first, end] + ([step.code] if step and step.code != "1" else [])
                if args[0] == "0" and len(args) == 2:
                    args = args[1:]
                header = f"for {var} in range({', '.join(args)}):"
                self.define(s.var, T.int)
            else:
                self.need("np")
                self.runtime.add("colon")
                header = f"for {var} in colon({start.code}, {step.code if step else '1'}, " \
                         f"{stop.code}):"
                self.define(s.var, T.num)
        else:
            p = self.ex(it)
            if kind(p.ty) in ("mat", "bmat"):
                header = f"for {var} in {paren(p, ATOM)}.T:"
                self.define(s.var, T.vec)
            elif kind(p.ty) in LISTS:
                header = f"for {var} in {p.code}:"
                self.todo("MATLAB loops over a cell array's cells, each a 1-by-1 cell")
                self.define(s.var, p.ty.elem)
            else:
                header = f"for {var} in {p.code}:"
                if kind(p.ty) not in ("vec", "cvec", "bvec") and not isinstance(it, Matrix):
                    self.todo("MATLAB loops over columns: check the loop runs over elements")
                self.define(s.var, T.num if kind(p.ty) in ("vec", "cvec", None) else None)
        self.annotate(self.write(header), s.comment)
        self.prescan_growth(s.body)
        self.indent += 1
        self.loop_depth += 1
        self.block(s.body)
        self.loop_depth -= 1
        self.indent -= 1
        self.end_comment(s)

    def note_full_range(self, var, r):
        """for n = 1:numel(x) (or length, size(x, 1)): x(n) and x{n} need no growing."""
        stop = r.stop
        if r.step is None and is_one(r.start) and isinstance(stop, Index) and \
                isinstance(stop.base, Name) and stop.base.name in ("numel", "length", "size") \
                and stop.args and isinstance(stop.args[0], Name):
            self.in_range.add((var, stop.args[0].name))

    def prescan_growth(self, body):
        """Arrays a loop grows by x(i) = ... or x(1, i) = ... are row vectors (1-D) from
        the first pass, so reads earlier in the loop body index them as such."""
        for node in walk(body):
            if not isinstance(node, Assign):
                continue
            for t in node.targets:
                if isinstance(t, Index) and not t.brace and isinstance(t.base, Name) and \
                        t.base.name in self.vars and t.base.name not in self.sized:
                    ty = self.vars[t.base.name]
                    if kind(ty) in (None, "arr", "num", "int") and (
                            len(t.args) == 1 or (len(t.args) == 2 and (
                                is_one(t.args[0]) or isinstance(t.args[0], Colon)))):
                        self.vars[t.base.name] = T.vec

    def stmt_Switch(self, s):
        subject = self.ex(s.subject)
        if not isinstance(s.subject, Name):
            temp = "switch_value"
            self.annotate(self.write(f"{temp} = {subject.code}"), s.comment)
            subject = P(temp, ATOM, subject.ty)
        elif s.comment:
            self.write("#" + s.comment.rstrip())
        for k, (value, body) in enumerate(s.cases):
            if value is None:
                entry = self.write("else:" if k else "if True:  # otherwise")
            else:
                if isinstance(value, Matrix) and value.cell:
                    items = [self.ex(v).code for row in value.rows for v in row]
                    listed = ", ".join(items) + ("," if len(items) == 1 else "")
                    test = f"{subject.code} in ({listed})"
                else:
                    test = f"{paren(subject, CMP + 1)} == {paren(self.ex(value), CMP + 1)}"
                entry = self.write(f"{'elif' if k else 'if'} {test}:")
            self.annotate(entry, s.clause_comments[k] if k < len(s.clause_comments) else None)
            self.indent += 1
            self.block(body)
            self.indent -= 1
        self.end_comment(s)

    def stmt_Try(self, s):
        self.annotate(self.write("try:"), s.comment)
        self.indent += 1
        self.block(s.body)
        self.indent -= 1
        if s.ident:
            entry = self.write(f"except Exception as {self.pyname(s.ident)}:")
            self.define(s.ident, T.exc)
        else:
            entry = self.write("except Exception:")
        self.annotate(entry, s.clause_comments[0] if s.clause_comments else None)
        self.indent += 1
        self.block(s.handler)
        self.indent -= 1
        self.end_comment(s)

    def end_comment(self, s):
        """A comment on a block's closing 'end' line, kept after the block."""
        if s.end_comment and s.end_comment.strip():
            self.write("# " + s.end_comment.strip())

    # ------------------------------------------------------------------ expressions
    def ex(self, e):
        method = getattr(self, "ex_" + type(e).__name__)
        return method(e)

    def ex_Paren(self, e):
        p = self.ex(e.inner)
        return P(f"({p.code})", ATOM, p.ty) if p.prec < ATOM else p

    def ex_Num(self, e):
        text = e.text
        if text[-1] in "ij":
            return P(f"{text[:-1]}j", ATOM, T.num)
        if re.fullmatch(r"\d+", text):
            return P(str(int(text)), ATOM, T.int)
        if text.startswith("."):
            text = "0" + text
        if text.endswith("."):
            text = text + "0"
        return P(text, ATOM, T.num)

    def ex_Str(self, e):
        return P(pystr(e.value, e.double), ATOM, T.str if e.double else T.chr)

    def ex_Name(self, e):
        name = e.name
        if self.is_var(name):
            return P(self.pyname(name), ATOM, self.vars[name])
        if name in B.CONSTANTS:
            code, ty, module = B.CONSTANTS[name]
            if module:
                self.need(module)
            return P(code, ATOM if not code.startswith("-") else UNARY, ty)
        if name in self.functions or name in B.HANDLERS or name in B.MATLABNN:
            return self.call(name, [], 1, e)
        if name not in self.unknown_reported:
            self.unknown_reported.add(name)
            self.todo(f"'{name}' is not defined in this script: a variable from the "
                      f"workspace, or a function to import")
        ty = T.cell if name in self.cell_hint else None
        return P(self.pyname(name), ATOM, ty)

    def ex_End(self, e):
        if not self.end_stack:
            self.todo("'end' outside indexing")
            return P("-1", UNARY, T.int)
        base, axis, count = self.end_stack[-1]
        if count == 1:
            if kind(base.ty) in LISTS or kind(base.ty) in ("str", "chr"):
                return P(f"len({base.code})", ATOM, T.int)
            if kind(base.ty) in ("vec", "cvec", "bvec", "cat") or is_array(base.ty):
                return P(f"{paren(base, ATOM)}.size", ATOM, T.int)
            self.runtime.add("numel")
            return P(f"numel({base.code})", ATOM, T.int)
        if kind(base.ty) in ("vec", "cvec", "bvec"):
            along = 0 if kind(base.ty) == "cvec" else 1
            return P(f"{paren(base, ATOM)}.size" if axis == along else "1", ATOM, T.int)
        return P(f"{paren(base, ATOM)}.shape[{axis}]", ATOM, T.int)

    def ex_Colon(self, e):
        self.todo("':' outside indexing")
        return P('slice(None)', ATOM, None)

    def ex_Tilde(self, e):
        return P("_", ATOM, None)

    def ex_NameValue(self, e):
        self.todo("Name=value outside a function call")
        return self.ex(e.value)

    def ex_Range(self, e):
        self.need("np")
        start, stop = self.one_value(self.ex(e.start)), self.one_value(self.ex(e.stop))
        step = self.one_value(self.ex(e.step)) if e.step is not None else None
        ints = all(kind(p.ty) == "int" or p.ty is None for p in (start, stop) +
                   ((step,) if step else ()))
        if not ints:
            self.runtime.add("colon")
            return P(f"colon({start.code}, {step.code if step else '1'}, {stop.code})", ATOM,
                     T.vec)
        negative = step is not None and step.code.startswith("-")
        end = self.affine_code(e.stop, -1 if negative else 1)
        args = [start.code, end] + ([step.code] if step is not None else [])
        return P(f"np.arange({', '.join(args)})", ATOM, T.vec)

    def affine_code(self, e, shift):
        """Python text of ``e + shift`` with integer arithmetic folded."""
        aff = self.affine(e)
        if aff is None or aff.end:
            p = self.ex(e)
            return f"{paren(p, ADD)} {'+' if shift > 0 else '-'} {abs(shift)}"
        return aff.shift(shift).code().code

    def affine(self, e):
        if isinstance(e, Paren):
            return self.affine(e.inner)
        if isinstance(e, Num) and re.fullmatch(r"\d+", e.text):
            return Affine(const=int(e.text))
        if isinstance(e, End):
            return Affine(end=1)
        if isinstance(e, Binary) and e.op in ("+", "-"):
            left, right = self.affine(e.left), self.affine(e.right)
            if left is None or right is None:
                return None
            return left + (right if e.op == "+" else right.scale(-1))
        if isinstance(e, Unary) and e.op in ("-", "+"):
            inner = self.affine(e.operand)
            return None if inner is None else inner.scale(-1 if e.op == "-" else 1)
        if isinstance(e, Binary) and e.op in ("*", ".*") and isinstance(e.left, Num) and \
                re.fullmatch(r"\d+", e.left.text):
            inner = self.affine(e.right)
            return None if inner is None or inner.end else inner.scale(int(e.left.text))
        p = self.ex(e)
        if is_array(p.ty) or kind(p.ty) in LISTS:
            return None
        return Affine(terms=[(1, p)])

    def affine_in(self, e, base, axis, count):
        self.end_stack.append((base, axis, count))
        try:
            return self.affine(e)
        finally:
            self.end_stack.pop()

    # -------------------------------------------------------------- subscripts
    def subscript_one(self, a, base, axis, count):
        """(kind, text, end_relative) of one MATLAB subscript as a 0-based Python one.

        kind: 'colon', 'slice', 'scalar', 'mask' or 'array'.
        """
        self.end_stack.append((base, axis, count))
        try:
            return self._subscript(a)
        finally:
            self.end_stack.pop()

    def _subscript(self, a):
        if isinstance(a, Colon):
            return "colon", ":", False
        if isinstance(a, Range):
            return self.slice_of(a)
        if isinstance(a, Matrix) and not a.cell and all(
                isinstance(v, Num) and re.fullmatch(r"\d+", v.text) for row in a.rows
                for v in row) and a.rows:
            values = [str(int(v.text) - 1) for row in a.rows for v in row]
            return "array", "[" + ", ".join(values) + "]", False
        aff = self.affine(a)
        if aff is not None and aff.end in (0, 1):
            zero = aff.shift(-1)
            if aff.end == 1:
                rest = zero.without_end()
                if rest.is_const and rest.const >= 0:
                    return "append", str(rest.const), True      # x(end+1) = ...
                return "scalar", rest.code().code, True
            p = zero.code()
            return ("scalar", p.code, False)
        p = self.ex(a)
        if is_logical(p.ty) and kind(p.ty) != "bool":
            return "mask", p.code, False
        if kind(p.ty) == "bool":
            return "mask", p.code, False
        if is_array(p.ty) or isinstance(a, Matrix):
            return "array", f"{paren(p, ADD)} - 1", False
        return "scalar", f"{paren(p, ADD)} - 1", False

    def slice_of(self, r):
        start = self.affine(r.start)
        stop = self.affine(r.stop)
        step_text = ""
        negative = False
        if r.step is not None:
            step = self.affine(r.step)
            if step is None or not step.is_const:
                self.todo("range with a computed step used as an index")
                step_text = ":" + self.ex(r.step).code
            else:
                negative = step.const < 0
                step_text = "" if step.const == 1 else f":{step.const}"
        if start is None or stop is None or start.end not in (0, 1) or stop.end not in (0, 1):
            p = self.ex(r)
            return "array", f"{paren(p, ADD)} - 1", False
        first = start.shift(-1)
        if first.end:
            rest = first.without_end()
            start_text = "" if negative and rest.is_const and rest.const == -1 else \
                rest.code().code
        else:
            start_text = "" if first.is_const and first.const == 0 and not negative else \
                first.code().code
        if negative:
            last = stop.shift(-2)
            if last.end:
                stop_text = last.without_end().code().code
            else:
                stop_text = "" if last.is_const and last.const == -1 else last.code().code
        elif stop.end:
            rest = stop.without_end()
            stop_text = "" if rest.is_const and rest.const == 0 else rest.code().code
        else:
            stop_text = stop.code().code
        return "slice", f"{start_text}:{stop_text}{step_text}", bool(stop.end or start.end)

    def subscripts(self, args, base):
        n = len(args)
        if kind(base.ty) in ("vec", "cvec", "bvec") and n == 2:
            if is_one(args[0]) or isinstance(args[0], Colon):
                return [self.subscript_one(args[1], base, 1, 1)]
            if is_one(args[1]) or isinstance(args[1], Colon):
                return [self.subscript_one(args[0], base, 0, 1)]
        subs = [self.subscript_one(a, base, i, n) for i, a in enumerate(args)]
        if n > 1:
            # a logical column or row (N-by-1) picks along one axis: numpy wants it 1-D
            subs = [(k, f"np.ravel({code})", rel) if k == "mask" and
                    dims(self.ex(a).ty) != 1 else (k, code, rel)
                    for (k, code, rel), a in zip(subs, args)]
            if any(code.startswith("np.ravel(") for _, code, _ in subs):
                self.need("np")
        return subs

    def key_text(self, subs, bt):
        if len(subs) > 1 and len([k for k, _, _ in subs if k in ("array", "mask")]) > 1:
            self.need("np")
            return "np.ix_(" + ", ".join(code if k != "colon" else
                                         f"np.arange({code})" for k, code, _ in subs) + ")"
        return ", ".join(code for _, code, _ in subs)

    def ex_Index(self, e):
        base = e.base
        if isinstance(base, Name) and not self.is_var(base.name):
            name = base.name
            if e.brace:
                return self.index(self.ex_Name(base), e)
            return self.call(name, e.args, 1, e)
        b = self.ex(base)
        if kind(b.ty) == "func" and not e.brace:
            args = ", ".join(self.call_args(e.args))
            return P(f"{paren(b, ATOM)}({args})", ATOM, None)
        return self.index(b, e)

    def index(self, b, e):
        if kind(b.ty) == "table":
            # T{rows, cols}: the numbers; T(rows, cols) in MATLAB is a smaller table
            if not e.brace:
                self.todo("T(rows, columns) is a table in MATLAB; this gives its numbers")
            self.runtime.add("table2array")
            b = P(f"table2array({b.code})", ATOM, T.mat)
            e = Index(e.base, e.args, False, line=e.line, col=e.col)
        bt = b.ty
        args = list(e.args)
        if not args:
            return b
        code = paren(b, ATOM)
        if e.brace or kind(bt) in LISTS:
            if len(args) == 2 and is_one(args[0]):
                args = args[1:]
            elif len(args) == 2 and is_one(args[1]):
                args = args[:1]
            if len(args) != 1:
                self.todo("cell array indexed with two subscripts: check the list layout")
                args = args[-1:]
            k, sub, _ = self.subscript_one(args[0], b, 0, 1)
            elem = bt.elem if bt is not None and bt.elem is not None else \
                (T.arr if kind(bt) == "cell" or bt is None else None)
            if e.brace:
                if k == "scalar":
                    return P(f"{code}[{sub}]", ATOM, elem)
                if k == "colon":
                    return P(f"*{b.code}", ATOM, bt)
                self.todo("several cells as a comma-separated list")
                return P(f"{code}[{sub}]", ATOM, bt)
            if kind(bt) in ("strs", "layers") and k == "scalar":
                return P(f"{code}[{sub}]", ATOM, elem)
            if k == "scalar" and isinstance(args[0], Name) and \
                    self.vars.get(args[0].name, T.int) is None:
                self.todo(f"if {args[0].name} holds several indices, this is "
                          f"[{code}[k - 1] for k in {args[0].name}]")
            if k == "scalar":
                return P(f"[{code}[{sub}]]", ATOM, bt)
            if k in ("slice",):
                return P(f"{code}[{sub}]", ATOM, bt)
            if k == "colon":
                return b
            if k == "mask":
                return P(f"[v for v, keep in zip({b.code}, {sub}) if keep]", ATOM, bt)
            idx = self.ex(args[0])
            if idx.ty is None:
                self.todo(f"if {idx.code} is one number, this is [{code}[{idx.code} - 1]]")
            return P(f"[{code}[k - 1] for k in {idx.code}]", ATOM, bt)
        if kind(bt) == "cat":
            subs = self.subscripts(args, b)
            if len(subs) == 2:
                subs = [s for s in subs if s[0] != "colon"][:1] or subs[:1]
            return P(f"{code}[{subs[0][1]}]", ATOM, T.cat)
        if kind(bt) in ("net", "layer", "obj"):
            self.todo("indexing into an object")
        subs = self.subscripts(args, b)
        if len(subs) == 1:
            k, sub, _ = subs[0]
            if k == "colon":         # x(:): all elements, down the columns
                return P(f"{code}.ravel(order=\"F\")", ATOM,
                         T.bvec if is_logical(bt) else T.vec)
            if kind(bt) == "col":
                return P(f"{code}[{sub}, 0]", ATOM, T.num) if k == "scalar" else \
                    P(f"{code}[{sub}]", ATOM, T.col)
            if kind(bt) in ("mat", "bmat", "arr", "barr") and k != "mask":
                code = f"{code}.ravel(order=\"F\")"      # MATLAB counts down the columns
            scalar = k == "scalar"
            if kind(bt) in ("str", "chr"):
                return P(f"{code}[{sub}]", ATOM, T.chr)
            ty = (T.bool if is_logical(bt) else T.num) if scalar else \
                (bt if kind(bt) in ("vec", "cvec", "bvec") else
                 T.bvec if is_logical(bt) else T.vec)
            return P(f"{code}[{sub}]", ATOM, ty)
        nonscalar = len([s for s in subs if s[0] != "scalar"])
        key = self.key_text(subs, bt)
        ty = (T.num if nonscalar == 0 else T.mat if nonscalar > 1 else
              T.cvec if len(subs) == 2 and subs[0][0] != "scalar" else T.vec)
        if is_logical(bt):
            ty = logical_of(ty)
        return P(f"{code}[{key}]", ATOM, ty)

    def ex_Field(self, e):
        base = e.base
        if isinstance(base, Name) and not self.is_var(base.name) and \
                base.name not in self.functions:
            # a package function (matlab.io.foo) or a struct from the workspace
            b = self.ex_Name(base)
        else:
            b = self.ex(base)
        if kind(b.ty) == "table":                   # T.Price: one column
            return P(f"{paren(b, ATOM)}.{e.name}", ATOM, T.cvec)
        if kind(b.ty) == "exc":
            if e.name == "message":
                return P(f"str({b.code})", ATOM, T.chr)
            if e.name == "identifier":
                return P(f"type({b.code}).__name__", ATOM, T.chr)
        ty = B.FIELD_TYPES.get(e.name)
        return P(f"{paren(b, ATOM)}.{e.name}", ATOM, ty)

    def ex_DynField(self, e):
        b = self.ex(e.base)
        return P(f"getattr({b.code}, {self.ex(e.name).code})", ATOM, None)

    def ex_Matrix(self, e):
        return B.matrix(self, e)

    def ex_Lambda(self, e):
        saved = dict(self.vars)
        for p in e.params:
            self.define(p, None)
        body = self.ex(e.body)
        self.vars = saved
        params = ", ".join(self.pyname(p) for p in e.params)
        return P(f"lambda {params}: {body.code}" if params else f"lambda: {body.code}",
                 LAMBDA, T.func)

    def ex_FuncHandle(self, e):
        return B.function_handle(self, e.name)

    def ex_Postfix(self, e):
        p = self.one_value(self.ex(e.operand))
        if kind(p.ty) in LISTS or kind(p.ty) in ("str", "chr"):
            return p
        if is_scalar(p.ty):
            return p
        k = kind(p.ty)
        if k == "vec":                     # a row becomes an N-by-1 column
            return P(f"{paren(p, ATOM)}.reshape(-1, 1)", ATOM, T.col)
        if k == "cvec":                    # a column held 1-D becomes a row: the same 1-D array
            return P(p.code, p.prec, T.vec)
        if k == "col":
            return P(f"{paren(p, ATOM)}.ravel()", ATOM, T.vec)
        return P(f"{paren(p, ATOM)}.T", ATOM, p.ty)

    def ex_Unary(self, e):
        p = self.one_value(self.ex(e.operand))
        if e.op == "-":
            if isinstance(e.operand, Num):
                return P(f"-{p.code}", UNARY, p.ty)
            return P(f"-{paren(p, UNARY)}", UNARY, p.ty)
        if e.op == "+":
            return p
        # logical not
        if is_scalar(p.ty):
            return P(f"not {paren(p, NOT)}", NOT, T.bool)
        if is_logical(p.ty):
            return P(f"~{paren(p, UNARY)}", UNARY, p.ty)
        self.need("np")
        return P(f"np.logical_not({p.code})", ATOM, logical_of(p.ty) if p.ty else None)

    def one_value(self, p):
        """An operand: a c{:} list (Python's *c) or a statement-only translation becomes
        one value, marked."""
        if p.code.startswith("*"):
            self.todo("a comma-separated list (c{:}) used as one value: its first element")
            return P(f"{p.code[1:]}[0]", ATOM, p.ty.elem if p.ty is not None else None)
        if p.code.startswith("#"):
            self.todo("a command with no value used as a value")
            return P("None", ATOM, None)
        return p

    def ex_Binary(self, e):
        op = e.op
        left, right = self.one_value(self.ex(e.left)), self.one_value(self.ex(e.right))
        lt, rt = left.ty, right.ty
        if op in ("+",) and (kind(lt) in ("str", "strs") or kind(rt) in ("str", "strs")):
            return B.string_plus(self, left, right)
        if op in ("&&", "||"):
            word = "and" if op == "&&" else "or"
            prec = AND if word == "and" else OR
            return P(f"{paren(left, prec)} {word} {paren(right, prec + 1)}", prec, T.bool)
        if op in ("&", "|"):
            if is_scalar(lt) and is_scalar(rt):
                word = "and" if op == "&" else "or"
                prec = AND if word == "and" else OR
                return P(f"{paren(left, prec)} {word} {paren(right, prec + 1)}", prec, T.bool)
            prec = BAND if op == "&" else BOR
            return P(f"{paren(left, prec)} {op} {paren(right, prec + 1)}", prec,
                     logical_of(combine(lt, rt)))
        if op in ("==", "~=", "!=", "<", "<=", ">", ">="):
            pyop = "!=" if op in ("~=", "!=") else op
            ty = T.bvec if kind(lt) == "cat" or kind(rt) == "cat" else \
                logical_of(combine(lt, rt)) if (lt is not None or rt is not None) else None
            if kind(lt) in ("str", "chr") and kind(rt) in ("str", "chr"):
                ty = T.bool
            return P(f"{paren(left, CMP + 1)} {pyop} {paren(right, CMP + 1)}", CMP, ty)
        if op in ("+", "-"):
            return P(f"{paren(left, ADD)} {op} {paren(right, ADD + 1)}", ADD, combine(lt, rt))
        if op in (".*", "./", ".\\"):
            if op == ".\\":
                left, right = right, left
            pyop = "*" if op == ".*" else "/"
            ty = combine(lt, rt)
            if pyop == "/" and kind(ty) == "int":
                ty = T.num
            return P(f"{paren(left, MUL)} {pyop} {paren(right, MUL + 1)}", MUL, ty)
        if op == "*":
            if is_scalar(lt) or is_scalar(rt) or isinstance(e.left, Num) or \
                    isinstance(e.right, Num):
                return P(f"{paren(left, MUL)} * {paren(right, MUL + 1)}", MUL, combine(lt, rt))
            if is_array(lt) and is_array(rt):
                return P(f"{paren(left, MUL)} @ {paren(right, MUL + 1)}", MUL, T.mat)
            self.todo("'*' is MATLAB's matrix product: use @ if both sides are matrices")
            return P(f"{paren(left, MUL)} * {paren(right, MUL + 1)}", MUL, combine(lt, rt))
        if op == "/":
            ty = combine(lt, rt)
            if kind(ty) == "int":
                ty = T.num
            if is_array(rt) and dims(rt) != 0:
                self.todo("'/' with a matrix on the right is a linear solve in MATLAB")
            return P(f"{paren(left, MUL)} / {paren(right, MUL + 1)}", MUL, ty)
        if op == "\\":
            self.need("np")
            if is_scalar(lt):
                return P(f"{paren(right, MUL)} / {paren(left, MUL + 1)}", MUL, combine(lt, rt))
            return P(f"np.linalg.lstsq({left.code}, {right.code}, rcond=None)[0]", ATOM, T.mat)
        if op in ("^", ".^"):
            if op == "^" and is_array(lt) and dims(lt) == 2:
                self.need("np")
                return P(f"np.linalg.matrix_power({left.code}, {right.code})", ATOM, T.mat)
            ty = combine(lt, rt)
            return P(f"{paren(left, POW + 1)} ** {paren(right, UNARY)}", POW, ty)
        self.todo(f"operator {op}")
        return P(f"{paren(left, ADD)} {op} {paren(right, ADD + 1)}", ADD, None)

    # ------------------------------------------------------------------ calls
    def call_expr(self, e, nargout):
        if isinstance(e, Index):
            return self.call(e.base.name, e.args, nargout, e)
        return self.call(e.name, [], nargout, e)

    def note_argument_types(self, name, args):
        """Remember the types a call passes; calls that disagree leave a type unknown."""
        types = [self.ex(a).ty if not isinstance(a, NameValue) else None for a in args]
        saved_todos = self.todos
        known = self.argument_types.get(name)
        if known is None:
            self.argument_types[name] = types
        else:
            self.argument_types[name] = [a if a == b else None for a, b in zip(known, types)]
        self.todos = saved_todos

    def call_args(self, args):
        out = []
        for a in args:
            if isinstance(a, NameValue):
                out.append(f"{a.name}={self.ex(a.value).code}")
            else:
                out.append(self.ex(a).code)
        return keywords_last(out)

    def call(self, name, args, nargout, node):
        if name in self.functions:
            self.note_argument_types(name, args)
            texts = self.call_args(args)
            if nargout > 1:
                texts.append(f"nargout={nargout}")
            types = self.function_types.get(name, ()) + (None,) * nargout
            return P(f"{name}({', '.join(texts)})", ATOM,
                     tuple(types[:nargout]) if nargout > 1 else types[0])
        handler = B.HANDLERS.get(name)
        if handler is not None:
            try:
                result = handler(self, args, nargout)
            except (IndexError, AttributeError, TypeError, ValueError):
                # arguments this translation does not know: a plain call, marked
                self.todo(f"check the arguments of {name}: they are not the usual ones")
                result = P(f"{self.pyname(name)}({', '.join(self.call_args(args))})", ATOM,
                           None)
            if result is not None:
                return result
        if name in B.MATLABNN:
            return B.matlabnn_call(self, name, args, nargout)
        texts = self.call_args(args)
        if nargout > 1:
            texts.append(f"nargout={nargout}")
        if name not in self.unknown_reported:
            self.unknown_reported.add(name)
            self.todo(f"'{name}' is not a function matlabnn, numpy or this script defines")
        return P(f"{self.pyname(name)}({', '.join(texts)})", ATOM,
                 tuple([None] * nargout) if nargout > 1 else None)


# ---------------------------------------------------------------------------- helpers
def grows_col(name, sized):
    """A column made at full size (zeros(n, 1)) takes x(i) = v in place."""
    return name is not None and name not in sized


def clause_comment(s, k):
    """The comment on the k-th header line of an if/elseif/else statement."""
    return s.clause_comments[k] if k < len(s.clause_comments) else None


def is_one(e):
    return isinstance(e, Num) and e.text == "1"


def call_name(e):
    if isinstance(e, Index) and not e.brace and isinstance(e.base, Name):
        return e.base.name
    if isinstance(e, Name):
        return e.name
    return None


def walk(stmts):
    """Every expression node under ``stmts`` (statements included, recursively)."""
    stack = list(stmts)
    while stack:
        node = stack.pop()
        yield node
        values = vars(node).values() if hasattr(node, "__dataclass_fields__") else []
        for value in values:
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, (list, tuple)):
                    stack.extend(i for i in item if hasattr(i, "__dataclass_fields__"))
                elif hasattr(item, "__dataclass_fields__"):
                    stack.append(item)


def signature(f):
    outs = f.outputs
    head = "" if not outs else (outs[0] if len(outs) == 1 else f"[{', '.join(outs)}]") + " = "
    return f"{head}{f.name}({', '.join(f.params)})"


def translate(source, name=None, training_options=None, functions=()):
    """Python source for the MATLAB script ``source``.

    ``name`` is the file name the header mentions. ``training_options`` is a dict
    of trainingOptions values to set in every trainingOptions call (for example
    ``{"MaxEpochs": 2}`` to run a translated example quickly). ``functions`` are
    MATLAB sources of function files given alongside; they become Python
    functions at the top of the output.
    """
    program = parse(source)
    extra = []
    for text in functions:
        extra.extend(parse(text).functions)
    return Translator(program, name, training_options, extra).run()
