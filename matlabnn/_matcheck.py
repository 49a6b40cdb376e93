"""Check that a v5/v7 MAT file is complete before it is read.

scipy reads a MAT file variable by variable and stops quietly where a file
ends, so a file cut right after its header loads as no variables at all. This
walks the file's top-level data elements (MATLAB's documented v5 layout: a
128-byte header, then elements of an 8-byte tag -- type and byte count -- and
their data; compressed elements hold one zlib stream each) and raises a
MatFileError naming the file and the byte offset at the first element that is
cut short, overruns the file, does not decompress completely, or is not a
variable. Files that are not v5 (v4, v7.3/HDF5, junk) are left to scipy, which
reports them.
"""
import struct
import zlib

from .errors import MatFileError

__all__ = ["verify_v5_structure"]

_HEADER = 128
_MI_MATRIX = 14
_MI_COMPRESSED = 15
_CHUNK = 1 << 20


def _fail(filename, what):
    return MatFileError(
        f"load: '{filename}' is damaged: {what}. The file is incomplete or corrupted (was "
        "it cut short while being written or copied?); no variables were read from it.",
        "matlabnn:load:DamagedFile")


def _decompressed_tag(data, start, size, filename):
    """(type, byte count, decompressed length) of one compressed element's content."""
    d = zlib.decompressobj()
    head, total, pos, end = b"", 0, start, start + size
    try:
        while pos < end:
            out = d.decompress(data[pos:min(pos + _CHUNK, end)])
            pos = min(pos + _CHUNK, end)
            if len(head) < 8:
                head += out[:8 - len(head)]
            total += len(out)
            if d.eof:
                break
        total += len(d.flush())
    except zlib.error as err:
        raise _fail(filename, f"the compressed variable at byte {start - 8} does not "
                              f"decompress ({err})") from None
    if not d.eof or pos < end and data[pos:end].strip(b"\0") or d.unused_data.strip(b"\0"):
        raise _fail(filename, f"the compressed variable at byte {start - 8} "
                              + ("is cut short" if not d.eof else
                                 "has data after its end"))
    if len(head) < 8:
        raise _fail(filename, f"the compressed variable at byte {start - 8} is empty")
    return head, total


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
            head, total = _decompressed_tag(data, start, nbytes, filename)
            inner_type, inner_bytes = struct.unpack(order + "II", head)
            if inner_type != _MI_MATRIX or 8 + inner_bytes > total:
                raise _fail(filename, f"the compressed variable at byte {pos} does not hold "
                                      "a complete variable")
            pos = start + nbytes
        else:
            pos = start + nbytes + (-nbytes % 8)
        count += 1
    if count == 0:
        raise _fail(filename, f"it holds no variables (it ends after its {_HEADER}-byte "
                              "header)")
