"""What the translator knows about a value: enough to choose between list and array
indexing, ``*`` and ``@``, ``len`` and ``.size``.

``kind`` is one of:

- scalars: ``int``, ``num`` (float), ``bool``; text: ``str`` (MATLAB string), ``chr`` (char)
- numeric arrays: ``vec`` (1-D, a MATLAB row vector), ``cvec`` (1-D holding a MATLAB
  column, as ``X[:, k]`` gives), ``col`` (N-by-1, a column vector),
  ``mat`` (2-D), ``arr`` (dims unknown),
  and the logical ``bvec``, ``bmat``, ``barr``
- lists: ``cell`` (cell array), ``strs`` (string array or cellstr), ``layers``
- objects: ``cat`` (categorical), ``table`` (readtable's columns by name), ``layer``,
  ``net``, ``obj`` (options, info, struct),
  ``func`` (function handle), ``exc`` (caught error)

``None`` (no Ty at all) means unknown.
"""
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Ty:
    kind: str
    elem: Optional["Ty"] = None     # element type of a list
    column: bool = False            # a cell array made as a column (cell(n, 1))


SCALARS = {"int", "num", "bool"}
TEXT = {"str", "chr"}
NUMERIC_ARRAYS = {"vec", "cvec", "col", "mat", "arr", "bvec", "bmat", "barr"}
LOGICAL = {"bool", "bvec", "bmat", "barr"}
LISTS = {"cell", "strs", "layers"}


def kind(t):
    return t.kind if t is not None else None


def is_scalar(t):
    return kind(t) in SCALARS


def is_array(t):
    return kind(t) in NUMERIC_ARRAYS


def is_list(t):
    return kind(t) in LISTS


def is_logical(t):
    return kind(t) in LOGICAL


def dims(t):
    """0 for scalars, 1 for vectors, 2 for matrices, None if unknown."""
    k = kind(t)
    if k in SCALARS:
        return 0
    if k in ("vec", "cvec", "bvec", "cat"):
        return 1
    if k in ("mat", "bmat", "col"):
        return 2
    return None


def logical_of(t):
    """The logical type of the same shape (result of a comparison)."""
    d = dims(t)
    return T.bool if d == 0 else T.bvec if d == 1 else T.bmat if d == 2 else T.barr


def numeric_of(t):
    if kind(t) in ("col", "cvec"):
        return t
    d = dims(t)
    return T.num if d == 0 else T.vec if d == 1 else T.mat if d == 2 else T.arr


class T:
    int = Ty("int")
    num = Ty("num")
    bool = Ty("bool")
    str = Ty("str")
    chr = Ty("chr")
    vec = Ty("vec")
    col = Ty("col")
    cvec = Ty("cvec")
    mat = Ty("mat")
    arr = Ty("arr")
    bvec = Ty("bvec")
    bmat = Ty("bmat")
    barr = Ty("barr")
    cell = Ty("cell", elem=Ty("arr"))
    strs = Ty("strs", elem=Ty("str"))
    layers = Ty("layers", elem=Ty("layer"))
    cat = Ty("cat")
    table = Ty("table")
    layer = Ty("layer")
    net = Ty("net")
    obj = Ty("obj")
    func = Ty("func")
    exc = Ty("exc")


def combine(a, b):
    """Type of an elementwise result of a and b (broadcasting)."""
    da, db = dims(a), dims(b)
    if da is None or db is None:
        if da == 0:
            return numeric_of(b) if b is not None else None
        if db == 0:
            return numeric_of(a) if a is not None else None
        return T.arr if is_array(a) or is_array(b) else None
    if da == 0 and db == 0:
        return T.int if kind(a) == kind(b) == "int" else T.num
    return numeric_of(a if da >= db else b)
