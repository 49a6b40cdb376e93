"""How each MATLAB function translates: matlabnn names, numpy, matplotlib, files.

A handler takes (translator, MATLAB argument nodes, nargout) and returns a P
(Python text, precedence, type), or None to fall back to a plain call.
"""
import functools
import inspect
import re

from .parser import Index, Lambda, Matrix, Name, NameValue, Num, Str
from .pyexpr import ADD, ATOM, CMP, LAMBDA, MUL, UNARY, P, keywords_last, paren
from .types import LISTS, T, Ty, dims, is_array, is_scalar, kind, numeric_of


# MATLAB names matlabnn provides (or is about to: trainnet-era names are called the same way)
MATLABNN = {
    "rng", "show", "chickenpox_dataset", "japaneseVowelsTrainData",
    "japaneseVowelsTestData", "categorical", "categories", "countcats", "iscategorical",
    "isundefined", "summary", "sequenceInputLayer", "featureInputLayer", "lstmLayer",
    "bilstmLayer", "gruLayer", "fullyConnectedLayer", "dropoutLayer", "reluLayer",
    "leakyReluLayer", "tanhLayer", "sigmoidLayer", "softmaxLayer", "classificationLayer",
    "regressionLayer", "assembleNetwork", "predict", "predictAndUpdateState", "resetState",
    "classify", "classifyAndUpdateState", "trainingOptions", "trainNetwork", "save", "load",
    # trainnet era and friends (added to matlabnn under the same names)
    "trainnet", "dlnetwork", "minibatchpredict", "scores2label", "testnet", "rmse",
    "mapminmax", "confusionchart", "randn", "rand", "randi", "randperm", "trainingPartitions",
    "dlarray", "extractdata", "initialize", "forward", "convolution1dLayer",
    "concatenationLayer", "selfAttentionLayer", "wordEmbeddingLayer", "indexing1dLayer",
    "additionLayer", "spatialDropoutLayer", "positionEmbeddingLayer", "maxPooling1dLayer",
    "globalMaxPooling1dLayer", "globalAveragePooling1dLayer", "functionLayer",
    "layerNormalizationLayer", "batchNormalizationLayer", "flattenLayer", "connectLayers",
    "addLayers", "layerGraph", "analyzeNetwork", "mse", "crossentropy", "onehotencode",
    "onehotdecode", "trainingProgressMonitor", "sequenceFoldingLayer",
    "sequenceUnfoldingLayer", "update", "recordMetrics", "groupSubPlot",
}

LAYER_FUNCTIONS = {n for n in MATLABNN if n.endswith("Layer")}

# return types of matlabnn functions, per output
RESULT_TYPES = {
    "trainingOptions": (T.obj,), "trainNetwork": (T.net, T.obj), "trainnet": (T.net, T.obj),
    "assembleNetwork": (T.net,), "dlnetwork": (T.net,), "resetState": (T.net,),
    "predictAndUpdateState": (T.net, T.arr), "classifyAndUpdateState": (T.net, T.cat, T.arr),
    "classify": (T.cat, T.mat), "scores2label": (T.cat, T.arr), "categorical": (T.cat,),
    "categories": (T.strs,), "chickenpox_dataset": (Ty("cell", elem=T.num),),
    "japaneseVowelsTrainData": (T.cell, T.cat), "japaneseVowelsTestData": (T.cell, T.cat),
    "randperm": (T.vec,), "testnet": (T.num,), "countcats": (T.arr,),
    "isundefined": (T.barr,), "load": (T.obj,),
}

# Python values of MATLAB constants: name -> (code, type, module to import)
CONSTANTS = {
    "pi": ("np.pi", T.num, "np"), "inf": ("np.inf", T.num, "np"), "Inf": ("np.inf", T.num, "np"),
    "nan": ("np.nan", T.num, "np"), "NaN": ("np.nan", T.num, "np"),
    "eps": ("np.finfo(float).eps", T.num, "np"), "true": ("True", T.bool, None),
    "false": ("False", T.bool, None), "i": ("1j", T.num, None), "j": ("1j", T.num, None),
    "tempdir": ("tempfile.gettempdir()", T.chr, "tempfile"), "pwd": ("os.getcwd()", T.chr, "os"),
    "end": ("-1", T.int, None),
}

# functions whose result MATLAB does not display when called without a semicolon
NO_DISPLAY = {
    "figure", "plot", "hold", "xlabel", "ylabel", "zlabel", "title", "legend", "subplot",
    "grid", "axis", "xlim", "ylim", "bar", "stem", "histogram", "scatter", "stackedplot",
    "tiledlayout", "nexttile", "disp", "fprintf", "clc", "clear", "close", "format", "rng",
    "drawnow", "pause", "warning", "error", "mkdir", "unzip", "save", "confusionchart",
    "clearvars", "box", "colorbar", "tic", "assert", "print", "saveas", "area", "semilogy",
    "semilogx", "loglog", "line", "text", "yline", "xline", "sgtitle",
}

FIELD_TYPES = {
    "Layers": T.layers, "TrainingLoss": T.vec, "TrainingRMSE": T.vec, "TrainingAccuracy": T.vec,
    "ValidationLoss": T.vec, "ValidationRMSE": T.vec, "ValidationAccuracy": T.vec,
    "BaseLearnRate": T.vec, "FinalValidationLoss": T.num, "FinalValidationRMSE": T.num,
    "FinalValidationAccuracy": T.num, "OutputIteration": T.int, "Classes": T.cat,
    "InputWeights": T.mat, "RecurrentWeights": T.mat, "Bias": T.mat, "Weights": T.mat,
    "HiddenState": T.mat, "CellState": T.mat, "NumHiddenUnits": T.int, "MaxEpochs": T.int,
    "message": T.chr,
}

HANDLERS = {}


def handles(*names):
    """Register ``fn`` for ``names``; a handler with a ``name`` parameter is told which."""
    def register(fn):
        wants_name = "name" in inspect.signature(fn).parameters
        for n in names:
            HANDLERS[n] = functools.partial(fn, name=n) if wants_name else fn
        return fn
    return register


# ---------------------------------------------------------------------------- helpers
def arg_codes(tr, args):
    return tr.call_args(args)


def int_literal(e):
    if isinstance(e, Num) and re.fullmatch(r"\d+", e.text):
        return int(e.text)
    return None


def text_literal(e):
    return e.value if isinstance(e, Str) else None


def split_name_values(args):
    """(positional args, [(name, value node)]) where names are 'Name' text or Name=."""
    positional, pairs = [], []
    k = 0
    while k < len(args):
        a = args[k]
        if isinstance(a, NameValue):
            pairs.append((a.name, a.value))
            k += 1
        elif isinstance(a, Str) and k + 1 < len(args) and re.fullmatch(r"[A-Za-z]\w*", a.value) \
                and (pairs or positional) and not looks_like_linespec(a.value):
            pairs.append((a.value, args[k + 1]))
            k += 2
        else:
            positional.append(a)
            k += 1
    return positional, pairs


def looks_like_linespec(text):
    return bool(re.fullmatch(r"(?:--|-\.|-|:)?[.ox+*sdv^<>ph]?(?:--|-\.|-|:)?[rgbcmykw]?"
                             r"(?:--|-\.|-|:)?[.ox+*sdv^<>ph]?", text)) and text != ""


def numpy_call(tr, fn, codes, ty):
    tr.need("np")
    return P(f"np.{fn}({', '.join(codes)})", ATOM, ty)


# ---------------------------------------------------------------------------- matlabnn
def matlabnn_call(tr, name, args, nargout):
    tr.matlabnn.add(name)
    if name == "trainingOptions" and tr.training_options:
        return training_options_call(tr, args)
    codes = arg_codes(tr, args)
    if nargout > 1:
        codes.append(f"nargout={nargout}")
    types = RESULT_TYPES.get(name)
    if name in LAYER_FUNCTIONS:
        types = (T.layer,)
    if types is None:
        ty = tuple([None] * nargout) if nargout > 1 else None
    elif nargout > 1:
        ty = tuple(types[:nargout]) + (None,) * (nargout - len(types))
    else:
        ty = types[0]
    return P(f"{name}({', '.join(codes)})", ATOM, ty)


def training_options_call(tr, args):
    """trainingOptions with the translation's overrides set (or appended)."""
    overrides = {k.lower(): (k, v) for k, v in tr.training_options.items()}
    codes = []
    k = 0
    while k < len(args):
        a = args[k]
        if isinstance(a, NameValue) and a.name.lower() in overrides:
            key, v = overrides.pop(a.name.lower())
            codes.append(f"{a.name}={option_value(v)}")
            k += 1
            continue
        if isinstance(a, Str) and k > 0 and k + 1 < len(args) and a.value.lower() in overrides:
            key, v = overrides.pop(a.value.lower())
            codes.append(f"{tr.ex(a).code}, {option_value(v)}")
            k += 2
            continue
        codes.extend(arg_codes(tr, [a]))
        k += 1
    uses_keywords = any(isinstance(a, NameValue) for a in args)
    for key, v in overrides.values():
        codes.append(f"{key}={option_value(v)}" if uses_keywords else
                     f"{pyrepr(key)}, {option_value(v)}")
    return P(f"trainingOptions({', '.join(keywords_last(codes))})", ATOM, T.obj)


def option_value(v):
    return pyrepr(v) if isinstance(v, str) else repr(v)


# ---------------------------------------------------------------------------- matrices
def matrix(tr, e):
    rows = e.rows
    if e.cell:
        items = [tr.ex(v) for row in rows for v in row]
        if len(rows) > 1 and any(len(r) > 1 for r in rows):
            tr.todo("a 2-D cell array becomes a flat list (row by row)")
        elem = items[0].ty if items and all(p.ty == items[0].ty for p in items) else None
        ty = Ty("strs", elem=elem) if kind(elem) in ("str", "chr") else \
            Ty("cell", elem=elem, column=len(rows) > 1)
        return P(list_literal([p.code for p in items], e.multiline), ATOM, ty)
    items = [[tr.ex(v) for v in row] for row in rows]
    flat = [p for row in items for p in row]
    if not flat:
        tr.need("np")
        return P("np.zeros(0)", ATOM, T.vec)
    kinds = {kind(p.ty) for p in flat}
    if kinds & {"cell", "strs"} and not kinds & {"layer", "layers"} and \
            not any(p.code.startswith("*") for p in flat):
        # [c1, c2] of cell arrays (or string arrays) joins the lists
        codes = []
        for node, p in zip([v for row in rows for v in row], flat):
            if isinstance(node, Matrix) and node.cell:          # a {...} literal: its items
                codes.extend(tr.ex(v).code for r in node.rows for v in r)
            elif kind(p.ty) in ("cell", "strs") and not p.code.startswith("*"):
                codes.append("*" + p.code)
            else:
                codes.append(p.code)
        ty = T.strs if kinds <= {"strs", "str", "chr"} else Ty("cell", elem=None)
        return P(list_literal(codes, e.multiline), ATOM, ty)
    if kinds <= {"layer", "layers"} or (kinds & {"layer", "layers"} and None in kinds):
        codes = [("*" + p.code) if kind(p.ty) == "layers" else p.code for p in flat]
        return P(list_literal(codes, e.multiline), ATOM, T.layers)
    if kinds <= {"str", "chr"}:
        if kinds == {"chr"} and len(rows) == 1:        # char concatenation
            return P(" + ".join(paren(p, ADD + 1) for p in flat), ADD, T.chr)
        return P(list_literal([p.code for p in flat], e.multiline), ATOM, T.strs)
    if kinds & {"str", "strs"}:
        codes = [("*" + p.code) if kind(p.ty) == "strs" else p.code for p in flat]
        return P(list_literal(codes, e.multiline), ATOM, T.strs)
    if "chr" in kinds and len(rows) == 1:
        parts = [p.code if kind(p.ty) == "chr" else f"num2str({p.code})" for p in flat]
        if any(kind(p.ty) != "chr" for p in flat):
            tr.todo("char concatenated with a number: MATLAB makes a character code")
            tr.runtime.add("num2str")
        return P(" + ".join(parts), ADD, T.chr)
    if kinds == {"cat"}:
        tr.todo("concatenating categorical arrays")
    tr.need("np")
    if len(flat) == 1:
        p = flat[0]
        if p.code.startswith("*"):
            return P(f"np.hstack({p.code[1:]})", ATOM, T.vec if kind(p.ty) == "cell" and
                     is_scalar(p.ty.elem) else T.arr)
        return p
    if len(rows) == 1:
        if all(is_scalar(p.ty) for p in flat):
            return P(f"np.array([{', '.join(p.code for p in flat)}])", ATOM, T.vec)
        codes = [p.code[1:] if p.code.startswith("*") else p.code for p in flat]
        if any(p.code.startswith("*") for p in flat):
            codes = [f"*{c}" if p.code.startswith("*") else c for c, p in zip(codes, flat)]
        ty = T.vec if all(dims(p.ty) in (0, 1) for p in flat) else T.arr
        return P(f"np.hstack([{', '.join(codes)}])", ATOM, ty)
    if all(len(row) == 1 for row in items):
        if all(is_scalar(row[0].ty) for row in items):
            inner = ", ".join(f"[{row[0].code}]" for row in items)
            return P(f"np.array([{inner}])", ATOM, T.col)
        return P(f"np.vstack([{', '.join(row[0].code for row in items)}])", ATOM, T.mat)
    if all(is_scalar(p.ty) for p in flat):
        inner = ", ".join("[" + ", ".join(p.code for p in row) + "]" for row in items)
        return P(f"np.array([{inner}])", ATOM, T.mat)
    inner = ", ".join("[" + ", ".join(p.code for p in row) + "]" for row in items)
    return P(f"np.block([{inner}])", ATOM, T.mat)


def list_literal(codes, multiline):
    one_line = "[" + ", ".join(codes) + "]"
    if not multiline or len(codes) < 2:
        return one_line
    return "[\n" + "".join(f"    {c},\n" for c in codes) + "]"


def function_handle(tr, name):
    if name in tr.functions or name in MATLABNN:
        if name in MATLABNN:
            tr.matlabnn.add(name)
        return P(name, ATOM, T.func)
    if name in ELEMENTWISE:
        tr.need("np")
        return P(f"np.{ELEMENTWISE[name]}", ATOM, T.func)
    param = Name("x")
    saved = dict(tr.vars)
    tr.define("x", None)
    body = tr.call(name, [param], 1, None)
    tr.vars = saved
    return P(f"lambda x: {body.code}", LAMBDA, T.func)


def string_plus(tr, left, right):
    """MATLAB string + value: concatenation, element by element for arrays."""

    def text(p):
        if kind(p.ty) in ("str", "chr"):
            return p.code
        if kind(p.ty) == "strs":
            return None
        tr.runtime.add("num2str")
        return f"num2str({p.code})"

    many = [p for p in (left, right) if kind(p.ty) == "strs" or is_array(p.ty)]
    if not many:
        return P(f"{text(left)} + {text(right)}", ADD, T.str)
    seq = many[0]
    var = "s" if kind(seq.ty) == "strs" else "k"
    item = P(var, ATOM, T.str if var == "s" else T.num)
    parts = []
    for p in (left, right):
        parts.append(text(item) if p is seq else text(p))
    return P(f"[{parts[0]} + {parts[1]} for {var} in {seq.code}]", ATOM, T.strs)


# ---------------------------------------------------------------------------- numpy
ELEMENTWISE = {
    "abs": "abs", "sqrt": "sqrt", "exp": "exp", "log": "log", "log2": "log2", "log10": "log10",
    "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
    "asin": "arcsin", "acos": "arccos", "atan": "arctan", "sign": "sign", "isnan": "isnan",
    "isinf": "isinf", "isfinite": "isfinite", "fix": "fix", "real": "real", "imag": "imag",
    "conj": "conj", "floor": "floor", "ceil": "ceil", "round": "round", "cumsum": "cumsum",
    "cumprod": "cumprod", "fliplr": "fliplr", "flipud": "flipud", "squeeze": "squeeze",
    "transpose": "transpose", "log1p": "log1p", "expm1": "expm1", "atan2": "arctan2",
    "mod": "mod", "rem": "fmod", "hypot": "hypot", "power": "power", "linspace": "linspace",
    "diag": "diag", "trapz": "trapz", "diff": "diff", "eye": "eye", "norm": "linalg.norm",
    "dot": "dot", "cross": "cross", "kron": "kron", "inv": "linalg.inv", "det": "linalg.det",
    "histcounts": "histogram", "unique": "unique", "double": "asarray", "single": "float32",
    "trace": "trace", "meshgrid": "meshgrid", "rank": "linalg.matrix_rank",
    "pinv": "linalg.pinv", "polyfit": "polyfit", "polyval": "polyval",
    "deg2rad": "deg2rad", "rad2deg": "rad2deg", "isreal": "isrealobj",
}

LOGICAL_RESULT = {"isnan", "isinf", "isfinite"}


def _make_elementwise(name):
    def handler(tr, args, nargout):
        codes = arg_codes(tr, args)
        first = tr.ex(args[0]) if args else None
        if name in ("floor", "ceil") and first is not None and is_scalar(first.ty) and \
                len(args) == 1:
            tr.need("math")
            return P(f"math.{name}({codes[0]})", ATOM, T.int)
        if name == "round" and len(args) == 1:
            # MATLAB rounds halves away from zero; numpy's round goes to the even neighbour
            tr.runtime.add("round_half_away")
            return P(f"round_half_away({codes[0]})", ATOM,
                     T.int if first is not None and is_scalar(first.ty) else
                     (numeric_of(first.ty) if first is not None and first.ty else None))
        if name == "double" and first is not None:
            tr.need("np")
            return P(f"np.asarray({codes[0]}, dtype=float)", ATOM, numeric_of(first.ty))
        if name == "single" and first is not None:
            tr.need("np")
            return P(f"np.asarray({codes[0]}, dtype=np.float32)", ATOM, numeric_of(first.ty))
        if name in ("fliplr", "flipud") and first is not None and dims(first.ty) in (1, None) \
                and (name == "fliplr" or dims(first.ty) == 1):
            # a 1-D array is a row vector: fliplr reverses it (flipud leaves it alone)
            if name == "flipud" and dims(first.ty) == 1:
                return first
            if dims(first.ty) == 1:
                return P(f"{paren(first, ATOM)}[::-1]", ATOM, first.ty)
        if name == "diag" and first is not None and dims(first.ty) == 2 and len(args) == 1:
            tr.need("np")                # the diagonal of a matrix is a column in MATLAB
            return P(f"np.diag({codes[0]}).reshape(-1, 1)", ATOM, T.col)
        if name == "polyfit" and len(args) == 3:
            tr.need("np")
            return P(f"np.polyfit({', '.join(codes)})", ATOM, T.vec)
        if name == "linspace":
            tr.need("np")
            return P(f"np.linspace({', '.join(codes)})", ATOM, T.vec)
        if name == "eye":
            tr.need("np")
            return P(f"np.eye({', '.join(codes)})", ATOM, T.mat)
        if name == "unique" and nargout > 1:
            tr.todo("unique with several outputs: numpy's return_index/return_inverse "
                    "are 0-based")
            tr.need("np")
            return P(f"np.unique({codes[0]}, return_index=True, return_inverse=True)", ATOM,
                     (T.vec, T.vec, T.vec))
        tr.need("np")
        ty = first.ty if first is not None else None
        if name in LOGICAL_RESULT:
            from .types import logical_of
            ty = logical_of(ty)
        elif name in ("fix", "floor", "ceil", "round"):
            ty = numeric_of(ty) if ty is not None else None
        elif name in ("norm", "det", "dot", "trapz"):
            ty = T.num
        return P(f"np.{ELEMENTWISE[name]}({', '.join(codes)})", ATOM, ty)
    return handler


for _name in ELEMENTWISE:
    HANDLERS[_name] = _make_elementwise(_name)


# ---------------------------------------------------------------------------- reductions
REDUCTIONS = {"sum": "sum", "mean": "mean", "median": "median", "prod": "prod", "any": "any",
              "all": "all", "std": "std", "var": "var", "max": "max", "min": "min"}


def _reduction(name):
    def handler(tr, args, nargout):
        tr.need("np")
        fn = REDUCTIONS[name]
        x = tr.ex(args[0])
        rest = list(args[1:])
        ddof = None
        if name in ("max", "min") and len(rest) == 1 and not (isinstance(rest[0], Matrix) and
                                                               not rest[0].rows):
            other = tr.ex(rest[0])
            fn2 = "maximum" if name == "max" else "minimum"
            from .types import combine
            return P(f"np.{fn2}({x.code}, {other.code})", ATOM, combine(x.ty, other.ty))
        if name in ("max", "min") and rest and isinstance(rest[0], Matrix) and not rest[0].rows:
            rest = rest[1:]
        if name in ("std", "var"):
            weight = int_literal(rest[0]) if rest else 0
            if rest:
                if not (isinstance(rest[0], Matrix) and not rest[0].rows) and weight is None:
                    tr.todo(f"{name} with a weight vector")
                rest = rest[1:]
            ddof = 0 if weight == 1 else 1
        dim = None
        extra = []
        for a in rest:
            if isinstance(a, Str) and a.value.lower() == "all":
                dim = "all"
            elif isinstance(a, Str) and a.value.lower() in ("omitnan", "includenan"):
                if a.value.lower() == "omitnan":
                    fn = "nan" + fn
            elif isinstance(a, Str):
                tr.todo(f"{name} option '{a.value}'")
            else:
                d = int_literal(a)
                if d is None:
                    dim_code = tr.ex(a).code
                    dim = f"{dim_code} - 1"
                else:
                    dim = d - 1
        xd = dims(x.ty)
        first = False                # reduce along MATLAB's first non-singleton dimension
        if dim is None:
            if kind(x.ty) in ("col", "bvec") or (name in ("any", "all") and xd is None):
                ty = T.num           # a column (or a mask) reduces to one number
            elif xd in (2,):
                extra.append("axis=0")
                ty = T.vec
            elif xd in (0, 1) or kind(x.ty) == "cat":
                ty = T.num
            else:
                first = True         # dimensions unknown here: decided when the script runs
                ty = None
        elif dim == "all":
            ty = T.num
        else:
            if xd == 1 and dim == 1:
                ty = T.num
            else:
                extra.append(f"axis={dim}")
                extra.append("keepdims=True")
                ty = T.mat
        if ddof is not None:
            extra.append(f"ddof={ddof}")
        if name in ("any", "all"):
            ty = T.bool if ty == T.num else ty
        code = f"np.{fn}({', '.join([x.code] + extra)})"
        if first:
            tr.runtime.add("along_first")
            code = f"along_first(np.{fn}, {', '.join([x.code] + extra)})"
        if name in ("max", "min") and nargout > 1:
            arg = "argmax" if name == "max" else "argmin"
            index_extra = [e for e in extra if e.startswith(("axis", "keepdims"))]
            arg_fn = f"np.{'nan' if fn.startswith('nan') else ''}{arg}"
            icode = f"along_first({arg_fn}, {x.code}) + 1" if first else \
                f"{arg_fn}({', '.join([x.code] + index_extra)}) + 1"
            tr.split_outputs = (code, icode)
            return P(f"{code}, {icode}", ATOM, (ty, T.int if ty == T.num else ty))
        if name in ("sum", "prod") and kind(x.ty) in ("bvec", "bmat", "barr", "vec", "cvec") and \
                ty == T.num:
            ty = T.int if kind(x.ty) in ("bvec", "bmat", "barr") else ty
        return P(code, ATOM, ty)
    return handler


for _name in REDUCTIONS:
    HANDLERS[_name] = _reduction(_name)


@handles("sort")
def _sort(tr, args, nargout):
    tr.need("np")
    x = tr.ex(args[0])
    descend = any(isinstance(a, Str) and a.value.lower() == "descend" for a in args[1:])
    dims_args = [a for a in args[1:] if not isinstance(a, Str)]
    if kind(x.ty) in LISTS:
        key = "sorted(" + x.code + (", reverse=True)" if descend else ")")
        if nargout > 1:
            tr.todo("sort of a list with indices")
        return P(key, ATOM, x.ty)
    axis = ""
    if dims_args:
        d = int_literal(dims_args[0])
        axis = f", axis={d - 1}" if d else ""
    elif dims(x.ty) == 2:
        axis = ", axis=0"
    elif dims(x.ty) is None:
        axis = ", axis=0"
    base = paren(x, UNARY + 1)
    values = f"np.sort({x.code}{axis})"
    if descend:
        values = f"-np.sort(-{base}{axis})"
    if nargout < 2:
        return P(values, ATOM if not descend else UNARY, x.ty)
    key = f"-{base}" if descend else x.code
    index = f"np.argsort({key}{axis}, kind=\"stable\") + 1"
    if isinstance(args[0], Name) and dims(x.ty) == 1:
        tr.split_outputs = (f"{x.code}[{{index}} - 1]", index)   # sorted = x[idx - 1]
    else:
        tr.split_outputs = (values, index)
    return P(f"{values}, {index}", ATOM, (x.ty, T.vec if dims(x.ty) in (1, None) else T.mat))


@handles("find")
def _find(tr, args, nargout):
    tr.need("np")
    x = tr.ex(args[0])
    code = f"np.flatnonzero({x.code}) + 1"
    if dims(x.ty) == 2:
        code = f"np.flatnonzero({paren(x, ATOM)}.ravel(order=\"F\")) + 1"
    if nargout > 1:
        tr.todo("find with row and column outputs")
        return P(f"np.nonzero({x.code})", ATOM, (T.vec, T.vec))
    if len(args) > 1:
        n = tr.ex(args[1]).code
        last = len(args) > 2 and isinstance(args[2], Str) and args[2].value.lower() == "last"
        return P(f"({code})[-{n}:]" if last else f"({code})[:{n}]", ATOM, T.vec)
    return P(code, ADD, T.vec)


# ---------------------------------------------------------------------------- sizes
@handles("numel")
def _numel(tr, args, nargout):
    x = tr.ex(args[0])
    if kind(x.ty) in LISTS or kind(x.ty) in ("str", "chr"):
        return P(f"len({x.code})", ATOM, T.int)
    if is_array(x.ty) or kind(x.ty) == "cat":
        return P(f"{paren(x, ATOM)}.size", ATOM, T.int)
    if is_scalar(x.ty):
        return P("1", ATOM, T.int)
    tr.runtime.add("numel")
    return P(f"numel({x.code})", ATOM, T.int)


@handles("length")
def _length(tr, args, nargout):
    x = tr.ex(args[0])
    if kind(x.ty) in LISTS or kind(x.ty) in ("str", "chr", "vec", "cvec", "bvec", "cat"):
        return P(f"len({x.code})", ATOM, T.int)
    if kind(x.ty) in ("mat", "bmat"):
        return P(f"max({paren(x, ATOM)}.shape)", ATOM, T.int)
    tr.runtime.add("length")
    return P(f"length({x.code})", ATOM, T.int)


@handles("isempty")
def _isempty(tr, args, nargout):
    x = tr.ex(args[0])
    if kind(x.ty) in LISTS or kind(x.ty) in ("str", "chr"):
        return P(f"len({x.code}) == 0", CMP, T.bool)
    if is_array(x.ty):
        return P(f"{paren(x, ATOM)}.size == 0", CMP, T.bool)
    tr.runtime.add("isempty")
    return P(f"isempty({x.code})", ATOM, T.bool)


@handles("size")
def _size(tr, args, nargout):
    x = tr.ex(args[0])
    k = kind(x.ty)
    if len(args) > 1:
        d = int_literal(args[1])
        if d is not None:
            if k in ("mat", "bmat", "arr", "barr", "cat", "table"):
                return P(f"{paren(x, ATOM)}.shape[{d - 1}]", ATOM, T.int)
            if k in ("vec", "bvec", "cvec"):
                along = 2 if k != "cvec" else 1          # the dimension the values run along
                return P(f"{paren(x, ATOM)}.size" if d == along else "1", ATOM, T.int)
            if k in LISTS and d == 1:
                return P(f"len({x.code})", ATOM, T.int)
        tr.runtime.add("size")
        return P(f"size({x.code}, {tr.ex(args[1]).code})", ATOM, T.int)
    if nargout > 1:
        if k in ("mat", "bmat") and nargout == 2:
            return P(f"{paren(x, ATOM)}.shape", ATOM, (T.int, T.int))
        tr.runtime.add("size")
        return P(f"size({x.code}, nargout={nargout})", ATOM, tuple([T.int] * nargout))
    if k in ("mat", "bmat"):
        return P(f"{paren(x, ATOM)}.shape", ATOM, T.vec)
    tr.runtime.add("size")
    return P(f"size({x.code})", ATOM, T.vec)


# ---------------------------------------------------------------------------- construction
def _shape_args(tr, args):
    """(shape text, type) for zeros(n), zeros(m, n), zeros([m n]), zeros(size(x))."""
    args = [a for a in args if not isinstance(a, Str)]
    if len(args) == 1 and isinstance(args[0], Matrix) and len(args[0].rows) == 1:
        args = args[0].rows[0]
    if not args:
        return "()", T.num
    if len(args) == 1:
        p = tr.ex(args[0])
        if is_scalar(p.ty):
            return f"({p.code}, {p.code})", T.mat
        return f"tuple({p.code})" if not p.code.endswith(".shape") else p.code, T.arr
    codes = [tr.ex(a).code for a in args]
    if len(args) == 2 and int_literal(args[0]) == 1:
        return codes[1], T.vec
    if len(args) == 2 and int_literal(args[1]) == 1:
        return "(" + ", ".join(codes) + ")", T.col
    return "(" + ", ".join(codes) + ")", T.mat


def _filled(fill):
    def handler(tr, args, nargout):
        tr.need("np")
        if not args and fill in CONSTANTS:          # nan(), true(): the value itself
            code, ty, module = CONSTANTS[fill]
            return P(code, ATOM, ty)
        shape, ty = _shape_args(tr, args)
        if fill in ("zeros", "ones"):
            return P(f"np.{fill}({shape})", ATOM, ty)
        if fill in ("true", "false"):
            return P(f"np.full({shape}, {fill.capitalize()})", ATOM,
                     {T.vec: T.bvec, T.mat: T.bmat}.get(ty, T.barr))
        value = {"nan": "np.nan", "NaN": "np.nan", "inf": "np.inf", "Inf": "np.inf"}[fill]
        return P(f"np.full({shape}, {value})", ATOM, ty)
    return handler


for _name in ("zeros", "ones", "nan", "NaN", "inf", "Inf", "true", "false"):
    HANDLERS[_name] = _filled(_name)


@handles("cell")
def _cell(tr, args, nargout):
    def count(a):
        p = tr.ex(a)
        return paren(p, MUL + 1) if kind(p.ty) == "int" else f"int({p.code})"

    if len(args) == 2 and int_literal(args[0]) == 1:
        return P(f"[None] * {count(args[1])}", MUL, Ty("cell", elem=None))
    if len(args) == 2 and int_literal(args[1]) == 1:
        return P(f"[None] * {count(args[0])}", MUL, Ty("cell", elem=None, column=True))
    if len(args) == 1:
        n = tr.ex(args[0])
        tr.todo("cell(n) is n-by-n: check the list length")
        return P(f"[None] * ({n.code} * {n.code})", MUL, T.cell)
    codes = [tr.ex(a).code for a in args]
    tr.todo("a 2-D cell array becomes a flat list")
    return P(f"[None] * ({' * '.join(codes)})", MUL, T.cell)


@handles("reshape")
def _reshape(tr, args, nargout):
    tr.need("np")
    x = tr.ex(args[0])
    dims_args = args[1:]
    if len(dims_args) == 1 and isinstance(dims_args[0], Matrix):
        dims_args = dims_args[0].rows[0]
    codes = ["-1" if isinstance(a, Matrix) and not a.rows else tr.ex(a).code for a in dims_args]
    shape = codes[0] if len(codes) == 1 else "(" + ", ".join(codes) + ")"
    return P(f"np.reshape({x.code}, {shape}, order=\"F\")", ATOM, T.mat)


@handles("repmat")
def _repmat(tr, args, nargout):
    tr.need("np")
    x = tr.ex(args[0])
    reps = [tr.ex(a).code for a in args[1:]]
    if len(reps) == 1 and not isinstance(args[1], Matrix):
        reps = [reps[0], reps[0]]
    shape = reps[0] if len(reps) == 1 else "(" + ", ".join(reps) + ")"
    return P(f"np.tile({x.code}, {shape})", ATOM, T.mat)


def _concatenate(tr, items, axis):
    """np.concatenate / hstack / vstack of MATLAB arguments (c{:} spreads a list)."""
    tr.need("np")
    parts = [tr.ex(a) for a in items]
    spread = any(p.code.startswith("*") for p in parts)
    if all(kind(p.ty) in LISTS for p in parts) and parts and not spread:
        return P(" + ".join(p.code for p in parts), ADD, parts[0].ty)
    if len(parts) == 1 and parts[0].code.startswith("*"):
        seq = parts[0].code[1:]
    else:
        seq = "[" + ", ".join(p.code for p in parts) + "]"
    fn = {"h": "np.hstack", "v": "np.vstack"}.get(axis)
    if fn:
        return P(f"{fn}({seq})", ATOM, T.arr)
    return P(f"np.concatenate({seq}, axis={axis})", ATOM, T.mat)


@handles("cat")
def _cat(tr, args, nargout):
    d = int_literal(args[0])
    axis = {1: "v", 2: "h"}.get(d, d - 1 if d is not None else f"{tr.ex(args[0]).code} - 1")
    return _concatenate(tr, args[1:], axis)


@handles("horzcat")
def _horzcat(tr, args, nargout):
    return _concatenate(tr, args, "h")


@handles("vertcat")
def _vertcat(tr, args, nargout):
    return _concatenate(tr, args, "v")


@handles("cell2mat")
def _cell2mat(tr, args, nargout):
    tr.need("np")
    c = tr.ex(args[0])
    if c.ty is not None and c.ty.column:
        return P(f"np.vstack({c.code})", ATOM, T.mat)
    if c.ty is not None and kind(c.ty) == "cell" and is_scalar(c.ty.elem):
        return P(f"np.array({c.code})", ATOM, T.vec)
    if c.ty is None or kind(c.ty) != "cell":
        tr.todo("cell2mat: np.vstack for a column cell array, np.hstack for a row")
    return P(f"np.hstack({c.code})", ATOM, T.arr)


@handles("num2cell")
def _num2cell(tr, args, nargout):
    x = tr.ex(args[0])
    return P(f"list({x.code})", ATOM, Ty("cell", elem=T.num))


def _mapping(name):
    def handler(tr, args, nargout):
        uniform = True
        positional = []
        k = 0
        while k < len(args):
            a = args[k]
            if isinstance(a, NameValue) and a.name.lower() == "uniformoutput":
                uniform = tr.ex(a.value).code not in ("False", "0")
                k += 1
            elif isinstance(a, Str) and a.value.lower() == "uniformoutput" and k + 1 < len(args):
                uniform = tr.ex(args[k + 1]).code not in ("False", "0")
                k += 2
            elif isinstance(a, (Str, NameValue)) and k > 0 and (
                    isinstance(a, NameValue) or k + 1 < len(args)):
                tr.todo(f"{name} option not translated")
                k += 1 if isinstance(a, NameValue) else 2
            else:
                positional.append(a)
                k += 1
        fn, seqs = positional[0], [tr.ex(a) for a in positional[1:]]
        if not seqs:
            return None
        names = ["v", "w", "u", "z"][:len(seqs)]
        saved = dict(tr.vars)
        for n, s in zip(names, seqs):
            elem = s.ty.elem if s.ty is not None and s.ty.elem is not None else \
                (T.arr if kind(s.ty) == "cell" else T.num if is_array(s.ty) else None)
            tr.define(n, elem)
        if isinstance(fn, Lambda) and len(fn.params) == len(seqs):
            for p, n in zip(fn.params, names):
                tr.vars[p] = tr.vars[n]
            names = [tr.pyname(p) for p in fn.params]
            body = tr.ex(fn.body)
        else:
            fname = fn.value if isinstance(fn, Str) else fn.name if hasattr(fn, "name") else None
            if fname is not None and not isinstance(fn, Lambda) and not tr.is_var(fname):
                body = tr.call(fname, [Name(n) for n in names], 1, None)
            else:
                f = tr.ex(fn)
                body = P(f"{paren(f, ATOM)}({', '.join(names)})", ATOM, None)
        tr.vars = saved
        if len(seqs) == 1:
            loop = f"for {names[0]} in {seqs[0].code}"
        else:
            loop = f"for {', '.join(names)} in zip({', '.join(s.code for s in seqs)})"
        if uniform:
            tr.need("np")
            return P(f"np.array([{body.code} {loop}])", ATOM, T.vec)
        return P(f"[{body.code} {loop}]", ATOM, Ty("cell", elem=body.ty))
    return handler


HANDLERS["cellfun"] = _mapping("cellfun")
HANDLERS["arrayfun"] = _mapping("arrayfun")


@handles("ismember")
def _ismember(tr, args, nargout):
    tr.need("np")
    a, b = tr.ex(args[0]), tr.ex(args[1])
    if is_scalar(a.ty) or kind(a.ty) in ("str", "chr"):
        return P(f"{paren(a, CMP + 1)} in {paren(b, CMP + 1)}", CMP, T.bool)
    return P(f"np.isin({a.code}, {b.code})", ATOM, T.barr)


# ---------------------------------------------------------------------------- text
def _text_of(function):
    """num2str/int2str give a char row, string a string; of several values, a list."""
    text_type = T.str if function == "string" else T.chr

    def handler(tr, args, nargout):
        x = tr.ex(args[0])
        if len(args) > 1:
            fmt = tr.ex(args[1])
            if kind(fmt.ty) in ("str", "chr"):
                return P(f"{paren(fmt, MUL)} % {paren(x, MUL + 1)}", MUL, text_type)
            tr.todo("num2str with a precision")
        if kind(x.ty) in ("str", "chr"):
            return x
        if function == "string" and (kind(x.ty) in ("cat", "vec", "cvec", "bvec") or
                                     kind(x.ty) in LISTS or x.ty is None):
            tr.runtime.add("string")
            one = x.ty is None or (kind(x.ty) == "cat" and isinstance(args[0], Index))
            return P(f"string({x.code})", ATOM, text_type if one else T.strs)
        tr.runtime.add("num2str")
        return P(f"num2str({x.code})", ATOM, text_type)
    return handler


for _name in ("num2str", "string", "int2str"):
    HANDLERS[_name] = _text_of(_name)


def format_literal(value):
    """MATLAB format text as a Python literal, with the escapes sprintf interprets."""
    return repr(value.replace("\\\\", "\0").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\0", "\\"))


def printf_text(tr, args, line=False):
    """sprintf(format, values...) as Python's ``format % values``.

    With ``line``, a format ending in \\n loses it; returns (P, whether it did).
    """
    values = [tr.ex(a) for a in args[1:]]
    ended = False
    if isinstance(args[0], Str):
        text = args[0].value
        if not values:
            text = text.replace("%%", "%")     # no values: '%%' is a plain '%'
        if line and text.endswith("\\n"):
            text, ended = text[:-2], True
        fmt = P(format_literal(text), ATOM, T.chr)
    else:
        fmt = tr.ex(args[0])
    if not values:
        result = fmt
    elif len(values) == 1 and not is_array(values[0].ty):
        result = P(f"{paren(fmt, MUL)} % {paren(values[0], MUL + 1)}", MUL, T.chr)
    else:
        if any(is_array(v.ty) for v in values):
            tr.todo("MATLAB repeats the format for each array element")
        result = P(f"{paren(fmt, MUL)} % ({', '.join(v.code for v in values)})", MUL, T.chr)
    return (result, ended) if line else result


@handles("sprintf")
def _sprintf(tr, args, nargout):
    return printf_text(tr, args)


@handles("fprintf")
def _fprintf(tr, args, nargout):
    if args and int_literal(args[0]) in (1, 2):        # fprintf(1, ...): standard output
        args = args[1:]
    text, ended = printf_text(tr, args, line=True)
    return P(f"print({text.code})" if ended else f"print({text.code}, end=\"\")", ATOM, None)


@handles("disp")
def _disp(tr, args, nargout):
    x = tr.ex(args[0])
    if kind(x.ty) in ("str", "chr"):
        return P(f"print({x.code})", ATOM, None)
    tr.runtime.add("disp")
    return P(f"disp({x.code})", ATOM, None)


@handles("display")
def _display(tr, args, nargout):
    tr.runtime.add("display")
    return P(f"display(\"ans\", {tr.ex(args[0]).code})", ATOM, None)


@handles("strcat")
def _strcat(tr, args, nargout):
    parts = [tr.ex(a) for a in args]
    return P(" + ".join(paren(p, ADD + 1) for p in parts), ADD, T.chr)


@handles("strcmp", "isequal")
def _strcmp(tr, args, nargout):
    a, b = tr.ex(args[0]), tr.ex(args[1])
    lists = [p for p in (a, b) if kind(p.ty) in LISTS]
    if len(lists) == 1:                  # strcmp(cellArray, 'text'): one result per cell
        tr.need("np")
        other = b if lists[0] is a else a
        return P(f"np.array([s == {other.code} for s in {lists[0].code}])", ATOM, T.bvec)
    if is_array(a.ty) or is_array(b.ty):
        tr.need("np")
        return P(f"np.array_equal({a.code}, {b.code})", ATOM, T.bool)
    return P(f"{paren(a, CMP + 1)} == {paren(b, CMP + 1)}", CMP, T.bool)


@handles("strcmpi")
def _strcmpi(tr, args, nargout):
    a, b = tr.ex(args[0]), tr.ex(args[1])
    return P(f"{paren(a, ATOM)}.lower() == {paren(b, ATOM)}.lower()", CMP, T.bool)


def _method(method, ty=T.chr):
    def handler(tr, args, nargout):
        x = tr.ex(args[0])
        rest = ", ".join(tr.ex(a).code for a in args[1:])
        return P(f"{paren(x, ATOM)}.{method}({rest})", ATOM, ty)
    return handler


HANDLERS["upper"] = _method("upper")
HANDLERS["lower"] = _method("lower")
HANDLERS["strtrim"] = _method("strip")
HANDLERS["strrep"] = _method("replace")
HANDLERS["startsWith"] = _method("startswith", T.bool)
HANDLERS["endsWith"] = _method("endswith", T.bool)
HANDLERS["strsplit"] = _method("split", T.strs)


@handles("contains")
def _contains(tr, args, nargout):
    a, b = tr.ex(args[0]), tr.ex(args[1])
    return P(f"{paren(b, CMP + 1)} in {paren(a, CMP + 1)}", CMP, T.bool)


@handles("str2double", "str2num")
def _str2double(tr, args, nargout):
    return P(f"float({tr.ex(args[0]).code})", ATOM, T.num)


@handles("strjoin")
def _strjoin(tr, args, nargout):
    sep = tr.ex(args[1]).code if len(args) > 1 else '" "'
    return P(f"{sep}.join({tr.ex(args[0]).code})", ATOM, T.chr)


@handles("error")
def _error(tr, args, nargout):
    if len(args) >= 2 and isinstance(args[0], Str) and re.fullmatch(r"[\w:]+:\w+", args[0].value):
        args = args[1:]
    return P(f"raise RuntimeError({printf_text(tr, args).code})", ATOM, None)


@handles("warning")
def _warning(tr, args, nargout):
    if args and isinstance(args[0], Str) and args[0].value.lower() in ("off", "on"):
        tr.need("warnings")
        action = "ignore" if args[0].value.lower() == "off" else "default"
        return P(f"warnings.simplefilter(\"{action}\")", ATOM, None)
    if len(args) >= 2 and isinstance(args[0], Str) and re.fullmatch(r"[\w:]+:\w+", args[0].value):
        args = args[1:]
    tr.need("warnings")
    return P(f"warnings.warn({printf_text(tr, args).code})", ATOM, None)


@handles("assert")
def _assert(tr, args, nargout):
    cond = tr.ex(args[0])
    if len(args) > 1:
        return P(f"assert {cond.code}, {printf_text(tr, args[1:]).code}", ATOM, None)
    return P(f"assert {cond.code}", ATOM, None)


# ---------------------------------------------------------------------------- workspace
@handles("clc")
def _clc(tr, args, nargout):
    return P("# clc: nothing to clear in Python", ATOM, None)


@handles("clear", "clearvars")
def _clear(tr, args, nargout):
    names = [a.value for a in args if isinstance(a, Str) and not a.value.startswith("-")]
    if names and names[0].lower() not in ("all", "variables", "classes", "functions") and \
            all(re.fullmatch(r"[A-Za-z]\w*", n) for n in names):
        for n in names:
            tr.vars.pop(n, None)
        return P("del " + ", ".join(tr.pyname(n) for n in names), ATOM, None)
    return P("# clear: every variable below is assigned before use", ATOM, None)


@handles("close")
def _close(tr, args, nargout):
    tr.need("plt")
    codes = ['"all"' if isinstance(a, Str) and a.value == "all" else tr.ex(a).code for a in args]
    return P(f"plt.close({', '.join(codes)})", ATOM, None)


@handles("format")
def _format(tr, args, nargout):
    style = args[0].value.lower() if args and isinstance(args[0], Str) else "short"
    if style.startswith("long"):
        tr.need("np")
        return P("np.set_printoptions(precision=15)", ATOM, None)
    if style.startswith("short"):
        tr.need("np")
        return P("np.set_printoptions(precision=4)", ATOM, None)
    return P(f"# format {style}: no Python equivalent needed", ATOM, None)


@handles("tic")
def _tic(tr, args, nargout):
    tr.need("time")
    tr.define("tic_start", T.num)
    return P("tic_start = time.perf_counter()", ATOM, None)


@handles("toc")
def _toc(tr, args, nargout):
    tr.need("time")
    if nargout == 0:
        return P('print(f"Elapsed time is {time.perf_counter() - tic_start:.6f} seconds.")',
                 ATOM, None)
    return P("time.perf_counter() - tic_start", ADD, T.num)


@handles("exist")
def _exist(tr, args, nargout):
    tr.need("os")
    x = tr.ex(args[0])
    what = args[1].value if len(args) > 1 and isinstance(args[1], Str) else "file"
    if what == "dir":
        return P(f"os.path.isdir({x.code})", ATOM, T.bool)
    if what == "file":
        return P(f"os.path.exists({x.code})", ATOM, T.bool)
    tr.todo("exist for a variable: Python names are known when the script runs")
    return P(f"{x.code} in globals()", CMP, T.bool)


@handles("fullfile")
def _fullfile(tr, args, nargout):
    tr.need("os")
    return P(f"os.path.join({', '.join(arg_codes(tr, args))})", ATOM, T.chr)


@handles("mkdir")
def _mkdir(tr, args, nargout):
    tr.need("os")
    return P(f"os.makedirs({tr.ex(args[-1]).code}, exist_ok=True)", ATOM, None)


@handles("unzip", "untar", "gunzip")
def _unzip(tr, args, nargout):
    tr.need("shutil")
    return P(f"shutil.unpack_archive({', '.join(arg_codes(tr, args))})", ATOM, None)


@handles("xlsread", "readmatrix", "csvread", "dlmread", "readtable", "table2array")
def _readmatrix(tr, args, nargout, name):
    codes = arg_codes(tr, args[:1])
    if name in ("table2array", "readtable"):
        if len(args) > 1:
            tr.todo(f"{name} options are not translated (sheet, range, delimiter)")
        tr.runtime.add(name)
        return P(f"{name}({codes[0]})", ATOM, T.mat if name == "table2array" else T.table)
    if len(args) > 1 and name in ("csvread", "dlmread") and len(args) >= 3:
        r, c = tr.ex(args[1]), tr.ex(args[2])
        tr.runtime.add("readmatrix")
        return P(f"readmatrix({codes[0]})[{r.code}:, {c.code}:]", ATOM, T.mat)
    if len(args) > 1:
        tr.todo(f"{name} options are not translated (sheet, range, delimiter)")
    tr.runtime.add("readmatrix")
    return P(f"readmatrix({codes[0]})", ATOM, T.mat)


@handles("height", "width")
def _height(tr, args, nargout, name):
    x = tr.ex(args[0])
    return P(f"{paren(x, ATOM)}.shape[{0 if name == 'height' else 1}]", ATOM, T.int)


@handles("save")
def _save(tr, args, nargout):
    tr.matlabnn.add("save")
    file = tr.ex(args[0]).code
    names = [a.value for a in args[1:] if isinstance(a, Str) and not a.value.startswith("-")]
    flags = [pyrepr(a.value) for a in args[1:] if isinstance(a, Str) and a.value.startswith("-")]
    if len(names) + len(flags) == len(args) - 1:
        kw = [f"{n}={tr.pyname(n)}" for n in names]
        return P(f"save({', '.join([file] + flags + kw)})", ATOM, None)
    return None


def pyrepr(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------- plots
PLOT_KWARGS = {"linewidth": "linewidth", "color": "color", "markersize": "markersize",
               "displayname": "label", "linestyle": "linestyle", "marker": "marker",
               "markerfacecolor": "markerfacecolor", "markeredgecolor": "markeredgecolor",
               "fontsize": "fontsize", "fontweight": "fontweight", "facecolor": "color",
               "edgecolor": "edgecolor", "facealpha": "alpha", "alpha": "alpha",
               "numbins": "bins", "interpreter": None, "location": "loc"}

LEGEND_LOCATIONS = {
    "north": "upper center", "south": "lower center", "east": "center right",
    "west": "center left", "northeast": "upper right", "northwest": "upper left",
    "southeast": "lower right", "southwest": "lower left", "best": "best",
}


def plot_kwargs(tr, pairs, function):
    out = []
    for name, value in pairs:
        key = PLOT_KWARGS.get(name.lower(), "")
        if name.lower() == "location":
            loc = value.value.lower() if isinstance(value, Str) else None
            if loc and loc.endswith("outside"):
                out.append("loc=\"upper left\", bbox_to_anchor=(1, 1)")
            elif loc in LEGEND_LOCATIONS:
                out.append(f"loc=\"{LEGEND_LOCATIONS[loc]}\"")
            else:
                tr.todo(f"legend location {tr.ex(value).code}")
            continue
        if key is None:
            continue
        if key == "":
            tr.todo(f"{function} option '{name}' is not translated")
            continue
        out.append(f"{key}={tr.ex(value).code}")
    return out


def plain_list(tr, node, p):
    """[0 30] as a plot argument: a Python list reads better than an array."""
    if isinstance(node, Matrix) and len(node.rows) == 1 and p.code.startswith("np.array(["):
        return p.code[len("np.array("):-1]
    return p.code


def _x_for(tr, y):
    tr.need("np")
    return f"np.arange(1, len({y.code}) + 1)"


@handles("plot", "semilogy", "semilogx", "loglog")
def _plot(tr, args, nargout, name):
    tr.need("plt")
    data, pairs, spec = [], [], None
    k = 0
    while k < len(args):
        a = args[k]
        if isinstance(a, NameValue):
            pairs.append((a.name, a.value))
            k += 1
        elif isinstance(a, Str) and looks_like_linespec(a.value) and spec is None:
            spec = a
            k += 1
        elif isinstance(a, Str) and k + 1 < len(args):
            pairs.append((a.value, args[k + 1]))
            k += 2
        else:
            data.append(tr.ex(a))
            k += 1
    codes = [p.code for p in data]
    if len(data) == 1 and kind(data[0].ty) not in ("cat",):
        codes = [_x_for(tr, data[0])] + codes
    if kind(data[-1].ty) == "cat" if data else False:
        tr.todo("plotting a categorical array: convert it to numbers or names first")
    if spec is not None:
        codes.append(tr.ex(spec).code)
    codes += plot_kwargs(tr, pairs, "plot")
    return P(f"plt.{name}({', '.join(codes)})", ATOM, None)       # same names in pyplot


def _simple_plot(fn, with_x=False):
    def handler(tr, args, nargout):
        tr.need("plt")
        positional, pairs = split_name_values(args)
        data = [tr.ex(a) for a in positional]
        codes = [plain_list(tr, a, p) for a, p in zip(positional, data)]
        if with_x and len(data) == 1:
            codes = [_x_for(tr, data[0])] + codes
        return P(f"plt.{fn}({', '.join(codes + plot_kwargs(tr, pairs, fn))})", ATOM, None)
    return handler


HANDLERS["bar"] = _simple_plot("bar", with_x=True)
HANDLERS["stem"] = _simple_plot("stem", with_x=True)
HANDLERS["area"] = _simple_plot("fill_between", with_x=True)
HANDLERS["xlim"] = _simple_plot("xlim")
HANDLERS["ylim"] = _simple_plot("ylim")
HANDLERS["subplot"] = _simple_plot("subplot")


@handles("scatter")
def _scatter(tr, args, nargout):
    tr.need("plt")
    positional, pairs = split_name_values(args)
    codes = []
    for a in positional:
        if isinstance(a, Str):
            codes.append(f"marker={tr.ex(a).code}")
        else:
            codes.append(tr.ex(a).code)
    return P(f"plt.scatter({', '.join(codes + plot_kwargs(tr, pairs, 'scatter'))})", ATOM, None)


@handles("histogram", "hist")
def _histogram(tr, args, nargout):
    tr.need("plt")
    positional, pairs = split_name_values(args)
    codes = [tr.ex(positional[0]).code]
    if len(positional) > 1:
        codes.append(f"bins={tr.ex(positional[1]).code}")
    return P(f"plt.hist({', '.join(codes + plot_kwargs(tr, pairs, 'histogram'))})", ATOM, None)


def _label(fn):
    def handler(tr, args, nargout):
        tr.need("plt")
        positional, pairs = split_name_values(args)
        if fn == "title" and len(positional) == 2:
            target = tr.ex(positional[0])
            return P(f"{paren(target, ATOM)}.suptitle({tr.ex(positional[1]).code})", ATOM, None)
        codes = [tr.ex(a).code for a in positional]
        if fn == "title" and len(codes) == 2:
            tr.todo("title with a subtitle")
            codes = codes[:1]
        return P(f"plt.{fn}({', '.join(codes + plot_kwargs(tr, pairs, fn))})", ATOM, None)
    return handler


for _fn in ("xlabel", "ylabel", "title"):
    HANDLERS[_fn] = _label(_fn)
HANDLERS["sgtitle"] = lambda tr, args, n: P(f"plt.suptitle({tr.ex(args[0]).code})", ATOM, None)


@handles("legend")
def _legend(tr, args, nargout):
    tr.need("plt")
    positional, pairs = [], []
    k = 0
    while k < len(args):
        a = args[k]
        if isinstance(a, NameValue):
            pairs.append((a.name, a.value))
            k += 1
        elif isinstance(a, Str) and a.value.lower() in ("location", "orientation", "fontsize",
                                                        "interpreter", "box", "numcolumns") \
                and k + 1 < len(args):
            pairs.append((a.value, args[k + 1]))
            k += 2
        else:
            positional.append(a)
            k += 1
    if len(positional) == 1 and not isinstance(positional[0], Str):
        labels = tr.ex(positional[0]).code
    elif len(positional) == 1 and isinstance(positional[0], Str) and \
            positional[0].value.lower() in ("off", "show", "hide", "boxoff", "boxon"):
        return P(f"plt.legend().set_visible({positional[0].value.lower() == 'show'})",
                 ATOM, None)
    else:
        labels = "[" + ", ".join(tr.ex(a).code for a in positional) + "]"
    codes = ([labels] if positional else []) + plot_kwargs(tr, pairs, "legend")
    return P(f"plt.legend({', '.join(codes)})", ATOM, None)


@handles("figure")
def _figure(tr, args, nargout):
    tr.need("plt")
    if args and isinstance(args[0], Str):      # figure('Name', 'Results', ...): all pairs
        positional = []
        pairs = [(a.value, v) for a, v in zip(args[::2], args[1::2]) if isinstance(a, Str)]
    else:
        positional, pairs = split_name_values(args)
    codes = [tr.ex(a).code for a in positional]
    for name, value in pairs:
        if name.lower() == "name":
            codes.append(f"num={tr.ex(value).code}")
        else:
            tr.todo(f"figure option '{name}' is not translated")
    return P(f"plt.figure({', '.join(codes)})", ATOM, T.obj)


@handles("hold")
def _hold(tr, args, nargout):
    state = args[0].value.lower() if args and isinstance(args[0], Str) else "on"
    if state == "off":
        return P("# hold off", ATOM, None)
    return P("# hold on: matplotlib draws into the same axes anyway", ATOM, None)


@handles("grid", "box")
def _grid(tr, args, nargout):
    tr.need("plt")
    state = args[0].value.lower() if args and isinstance(args[0], Str) else "on"
    if state == "minor":
        return P("plt.minorticks_on()", ATOM, None)
    return P(f"plt.grid({state != 'off'})", ATOM, None)


@handles("axis")
def _axis(tr, args, nargout):
    tr.need("plt")
    code = ", ".join(plain_list(tr, a, tr.ex(a)) for a in args)
    return P(f"plt.axis({code})", ATOM, None)


@handles("drawnow")
def _drawnow(tr, args, nargout):
    tr.need("plt")
    return P("plt.pause(0.001)", ATOM, None)


@handles("pause")
def _pause(tr, args, nargout):
    tr.need("plt")
    return P(f"plt.pause({tr.ex(args[0]).code if args else '0.001'})", ATOM, None)


@handles("colorbar")
def _colorbar(tr, args, nargout):
    tr.need("plt")
    return P("plt.colorbar()", ATOM, None)


def _runtime_plot(fn):
    def handler(tr, args, nargout):
        tr.runtime.add(fn)
        return P(f"{fn}({', '.join(arg_codes(tr, args))})", ATOM, T.obj)
    return handler


HANDLERS["stackedplot"] = _runtime_plot("stackedplot")
HANDLERS["tiledlayout"] = _runtime_plot("tiledlayout")
HANDLERS["nexttile"] = _runtime_plot("nexttile")


@handles("isa")
def _isa(tr, args, nargout):
    x = tr.ex(args[0])
    cls = args[1].value if len(args) > 1 and isinstance(args[1], Str) else None
    if cls in ("double", "single", "numeric", "float"):
        tr.need("np")
        return P(f"isinstance({x.code}, (float, np.ndarray))", ATOM, T.bool)
    if cls == "cell":
        return P(f"isinstance({x.code}, list)", ATOM, T.bool)
    if cls in ("char", "string"):
        return P(f"isinstance({x.code}, str)", ATOM, T.bool)
    if cls == "function_handle":
        return P(f"callable({x.code})", ATOM, T.bool)
    if cls == "logical":
        tr.need("np")
        return P(f"np.asarray({x.code}).dtype == bool", CMP, T.bool)
    if cls in ("SeriesNetwork", "categorical"):         # classes matlabnn provides
        tr.matlabnn.add(cls)
        return P(f"isinstance({x.code}, {cls})", ATOM, T.bool)
    tr.todo(f"isa(..., '{cls}') is not translated")
    return P(f"isinstance({x.code}, object)", ATOM, T.bool)


@handles("cellstr")
def _cellstr(tr, args, nargout):
    x = tr.ex(args[0])
    if kind(x.ty) in ("str", "chr"):
        return P(f"[{x.code}]", ATOM, T.strs)
    return P(f"[str(v) for v in {x.code}]", ATOM, T.strs)


@handles("isscalar")
def _isscalar(tr, args, nargout):
    tr.need("np")
    return P(f"np.size({tr.ex(args[0]).code}) == 1", CMP, T.bool)


@handles("isprop")
def _isprop(tr, args, nargout):
    return P(f"hasattr({tr.ex(args[0]).code}, {tr.ex(args[1]).code})", ATOM, T.bool)


@handles("func2str")
def _func2str(tr, args, nargout):
    return P(f"getattr({tr.ex(args[0]).code}, \"__name__\", \"@\")", ATOM, T.chr)


@handles("class")
def _class(tr, args, nargout):
    return P(f"type({tr.ex(args[0]).code}).__name__", ATOM, T.chr)


@handles("char")
def _char(tr, args, nargout):
    x = tr.ex(args[0])
    if kind(x.ty) in ("str", "chr"):
        return P(x.code, x.prec, T.chr)
    return P(f"str({x.code})", ATOM, T.chr)


@handles("iscell")
def _iscell(tr, args, nargout):
    return P(f"isinstance({tr.ex(args[0]).code}, list)", ATOM, T.bool)


@handles("isnumeric")
def _isnumeric(tr, args, nargout):
    tr.need("np")
    return P(f"isinstance({tr.ex(args[0]).code}, (int, float, np.ndarray))", ATOM, T.bool)


@handles("ischar", "isstring")
def _ischar(tr, args, nargout):
    return P(f"isinstance({tr.ex(args[0]).code}, str)", ATOM, T.bool)


@handles("struct")
def _struct(tr, args, nargout):
    tr.runtime.add("Struct")
    pairs = []
    for k in range(0, len(args) - 1, 2):
        if isinstance(args[k], Str):
            pairs.append(f"{args[k].value}={tr.ex(args[k + 1]).code}")
    return P(f"Struct({', '.join(pairs)})", ATOM, T.obj)


@handles("isfield")
def _isfield(tr, args, nargout):
    return P(f"{tr.ex(args[1]).code} in {tr.ex(args[0]).code}", CMP, T.bool)


@handles("fieldnames")
def _fieldnames(tr, args, nargout):
    return P(f"list({tr.ex(args[0]).code})", ATOM, T.strs)


@handles("idivide")
def _idivide(tr, args, nargout):
    a, b = tr.ex(args[0]), tr.ex(args[1])
    return P(f"{paren(a, MUL)} // {paren(b, MUL + 1)}", MUL, T.int)


@handles("deal")
def _deal(tr, args, nargout):
    codes = arg_codes(tr, args)
    if len(codes) == 1 and nargout > 1:
        return P(", ".join([codes[0]] * nargout), ATOM, tuple([None] * nargout))
    return P(", ".join(codes), ATOM, tuple([None] * len(codes)) if len(codes) > 1 else None)


@handles("keyboard", "dbstop", "profile", "beep", "more", "diary")
def _noop(tr, args, nargout):
    return P("# (a MATLAB session command with no Python equivalent)", ATOM, None)


@handles("fclose", "fopen", "fgetl", "input", "eval", "evalin", "assignin", "feval")
def _unsupported(tr, args, nargout, name):
    if name == "feval" and args:
        f = tr.ex(args[0])
        rest = arg_codes(tr, args[1:])
        if isinstance(args[0], Str):
            return tr.call(args[0].value, args[1:], nargout, None)
        return P(f"{paren(f, ATOM)}({', '.join(rest)})", ATOM, None)
    tr.todo(f"{name} is not translated: rewrite this line by hand")
    return P(f"{name}({', '.join(arg_codes(tr, args))})", ATOM, None)
