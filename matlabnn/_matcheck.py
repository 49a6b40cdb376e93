"""Check that a v5/v7 MAT file is complete before it is read.

scipy reads a MAT file variable by variable and stops quietly where a file
ends, so a file cut right after its header loads as no variables at all. This
walks the file's top-level data elements (MATLAB's documented v5 layout: a
128-byte header, then elements of an 8-byte tag -- type and byte count -- and
their data; compressed elements hold one zlib stream each) and raises a
MatFileError naming the file and the byte offset at the first element that is
cut short, overruns the file or its parent, does not decompress completely, is
not a variable, or whose sizes disagree (dimensions against the number of
bytes of the data, fields against the number of field values). Each variable
is walked down to its leaves before scipy reads anything: scipy's compiled
reader trusts these sizes, and a single flipped bit in them can crash the
interpreter. Files that are not v5 (v4, v7.3/HDF5, junk) are left to scipy,
which reports them. MATLAB objects (classdef values: opaque and object
classes) are checked only to fit inside their parent.
"""
import struct
import zlib

from .errors import MatFileError

__all__ = ["verify_v5_structure"]

_HEADER = 128
_MI_MATRIX = 14
_MI_COMPRESSED = 15
_CHUNK = 1 << 20
# bytes per value of each data type (miINT8 .. miUTF32); miMATRIX and miCOMPRESSED apart
_ITEM = {1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1, 17: 2, 18: 4}
_NUMERIC = set(range(6, 16)) | {4}       # mxDOUBLE..mxUINT64, and mxCHAR
_CELL, _STRUCT, _OBJECT, _SPARSE = 1, 2, 3, 5


class _Damaged(Exception):
    pass


def _element(buf, pos, end, order):
    """(type, data start, data end, next position) of the element at ``pos``."""
    if end - pos < 8:
        raise _Damaged(f"an element at byte {pos} is cut short")
    mdtype, nbytes = struct.unpack_from(order + "II", buf, pos)
    if mdtype >> 16:                            # small data element: 4 bytes in the tag
        small = mdtype >> 16
        if small > 4:
            raise _Damaged(f"the small element at byte {pos} declares {small} bytes")
        return mdtype & 0xFFFF, pos + 4, pos + 4 + small, pos + 8
    start = pos + 8
    if nbytes > end - start:
        raise _Damaged(f"the element at byte {pos} declares {nbytes} bytes, but its "
                       f"container has {end - start} left")
    stop = start + nbytes
    return mdtype, start, stop, min(end, stop + (-nbytes % 8))


def _data(buf, pos, end, order, types=None, what="data"):
    mdtype, start, stop, nxt = _element(buf, pos, end, order)
    if mdtype not in _ITEM or (types is not None and mdtype not in types):
        raise _Damaged(f"the {what} element at byte {pos} has type {mdtype}")
    if (stop - start) % _ITEM[mdtype]:
        raise _Damaged(f"the {what} element at byte {pos} has {stop - start} bytes, not a "
                       f"whole number of values")
    return mdtype, start, stop, nxt


def _matrix(buf, pos, end, order, depth=0):
    """Walk one miMATRIX element (recursively); returns the next position."""
    if depth > 64:
        raise _Damaged(f"the variable nests deeper than 64 levels at byte {pos}")
    mdtype, start, stop, nxt = _element(buf, pos, end, order)
    if mdtype != _MI_MATRIX:
        raise _Damaged(f"the element at byte {pos} has type {mdtype}, not an array")
    if start == stop:
        return nxt                              # an empty matrix element: []
    t, a, b, p = _data(buf, start, stop, order, {6}, "array flags")
    if b - a < 8:
        raise _Damaged(f"the array flags at byte {start} are cut short")
    flags = struct.unpack_from(order + "I", buf, a)[0]
    mclass, is_complex = flags & 0xFF, bool(flags & 0x800)
    if mclass in (16, 17):                      # function handle, opaque (classdef) value
        return nxt
    t, a, b, p = _data(buf, p, stop, order, {5}, "dimensions")
    dims = struct.unpack_from(order + f"{(b - a) // 4}i", buf, a)
    if len(dims) < 2 or any(d < 0 for d in dims):
        raise _Damaged(f"the dimensions at byte {a} are {list(dims)}")
    count = 1
    for d in dims:
        count *= d
    t, a, b, p = _data(buf, p, stop, order, {1, 2}, "name")
    if mclass in _NUMERIC:
        for part in ("real", "imaginary")[:1 + is_complex]:
            t, a, b, p = _data(buf, p, stop, order, what=f"{part} part")
            if t not in (16, 17, 18) and (b - a) != count * _ITEM[t] \
                    or t in (16, 17, 18) and mclass != 4:
                raise _Damaged(f"the {part} part at byte {a - 8} holds {b - a} bytes for "
                               f"{count} values of type {t}")
    elif mclass == _SPARSE:
        for part in range(3 + is_complex):
            t, a, b, p = _data(buf, p, stop, order, what="sparse part")
    elif mclass == _CELL:
        for _ in range(count):
            p = _matrix(buf, p, stop, order, depth + 1)
    elif mclass in (_STRUCT, _OBJECT):
        if mclass == _OBJECT:
            t, a, b, p = _data(buf, p, stop, order, {1, 2}, "class name")
        t, a, b, p = _data(buf, p, stop, order, {5}, "field name length")
        if b - a != 4:
            raise _Damaged(f"the field name length at byte {a} has {b - a} bytes")
        length = struct.unpack_from(order + "i", buf, a)[0]
        t, a, b, p = _data(buf, p, stop, order, {1, 2}, "field names")
        if length <= 0 and b > a or length > 0 and (b - a) % length:
            raise _Damaged(f"the field names at byte {a} do not divide into names of "
                           f"{length} characters")
        fields = (b - a) // length if length > 0 else 0
        for _ in range(count * fields):
            p = _matrix(buf, p, stop, order, depth + 1)
    else:
        raise _Damaged(f"the array at byte {pos} has an unknown class {mclass}")
    return nxt


def _fail(filename, what):
    return MatFileError(
        f"load: '{filename}' is damaged: {what}. The file is incomplete or corrupted (was "
        "it cut short while being written or copied?); no variables were read from it.",
        "matlabnn:load:DamagedFile")


def _decompressed(data, start, size, filename):
    """The content of one compressed element, which must be one complete zlib stream."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(data[start:start + size]) + d.flush()
    except zlib.error as err:
        raise _fail(filename, f"the compressed variable at byte {start - 8} does not "
                              f"decompress ({err})") from None
    if not d.eof:
        raise _fail(filename, f"the compressed variable at byte {start - 8} is cut short")
    if d.unused_data.strip(b"\0"):
        raise _fail(filename, f"the compressed variable at byte {start - 8} has data after "
                              "its end")
    return out


def verify_v5_structure(filename, data=None):
    """Raise MatFileError unless ``filename`` is a complete v5 MAT file (or not v5 at all)."""
    if data is None:
        with open(filename, "rb") as f:
            data = f.read()
    if len(data) < _HEADER:
        if data[:6] == b"MATLAB":
            raise _fail(filename, f"it is {len(data)} bytes long, shorter than the "
                                  f"{_HEADER}-byte header of a MAT file")
        return
    endian = data[126:128]
    if endian not in (b"IM", b"MI") or data[:6] != b"MATLAB":
        return                         # not a v5 file: scipy decides what it is
    order = "<" if endian == b"IM" else ">"
    if struct.unpack(order + "H", data[124:126])[0] != 0x0100:
        return                         # v7.3 (HDF5) and others: scipy reports them
    pos, count = _HEADER, 0
    while pos < len(data):
        if len(data) - pos < 8:
            if data[pos:].strip(b"\0"):
                raise _fail(filename, f"it ends with {len(data) - pos} stray bytes at byte "
                                      f"{pos}")
            break
        mdtype, nbytes = struct.unpack(order + "II", data[pos:pos + 8])
        start = pos + 8
        if mdtype not in (_MI_MATRIX, _MI_COMPRESSED):
            raise _fail(filename, f"the data element at byte {pos} has type {mdtype}, "
                                  "which is not a variable")
        if start + nbytes > len(data):
            raise _fail(filename, f"the variable at byte {pos} declares {nbytes} bytes, but "
                                  f"only {len(data) - start} remain")
        if mdtype == _MI_COMPRESSED:
            inner = _decompressed(data, start, nbytes, filename)
            try:
                _matrix(inner, 0, len(inner), order)
            except _Damaged as err:
                raise _fail(filename, f"in the compressed variable at byte {pos}, {err}") \
                    from None
            pos = start + nbytes
        else:
            try:
                pos = _matrix(data, pos, len(data), order)
            except _Damaged as err:
                raise _fail(filename, str(err)) from None
        count += 1
    if count == 0:
        raise _fail(filename, f"it holds no variables (it ends after its {_HEADER}-byte "
                              "header)")
