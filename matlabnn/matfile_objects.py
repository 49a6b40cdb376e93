"""MATLAB objects in MAT files written by MATLAB: ``categorical``, ``string``, ``table``.

MATLAB's ``save -v7`` stores these classdef objects in an undocumented form
(MCOS, "MATLAB Class Object System"); ``scipy.io.loadmat`` hands them over
unread (a ``MatlabOpaque`` value and a ``__function_workspace__`` byte blob,
and names every such variable ``None``). This module reads them for
``load``:

================  ===========================================================
MATLAB            Python
================  ===========================================================
categorical       :class:`matlabnn.categorical.categorical` of the same size,
                  categories, order, Ordinal and Protected; ``<undefined>``
                  elements stay undefined
string            a 1-by-1 string: a ``str`` (``MString``, which displays in
                  double quotes); any other size: a numpy object array of
                  ``str`` of MATLAB's size (a 1-by-3 string is shape (1, 3));
                  ``<missing>`` is ``None``
table             :class:`matlabnn.helpers.table.table` (variables by name,
                  ``Properties``: VariableNames, RowNames, Description,
                  DimensionNames, VariableUnits, VariableDescriptions,
                  VariableContinuity, UserData)
================  ===========================================================

Any other object (datetime, duration, timetable, containers.Map, objects of
user classes, ...) raises a ``MatFileError`` naming the variable and the
MATLAB class; the other variables of such a file load by name.

How the objects are stored (learnt from MATLAB-written files and from the
public ``mat-io`` reader, BSD-3-Clause)
----------------------------------------------------------------------------
- Each object variable is an mxOPAQUE array: its name, the type system
  'MCOS', its class name and a uint32 column ``[0xDD000000, ndims, dims...,
  object ids..., class id]``.
- The file's subsystem (the ``__function_workspace__`` bytes, a small MAT
  stream without its text header) holds one struct with a field ``MCOS``,
  an opaque ``FileWrapper__`` object whose value is a cell array:
  cell 0 is the metadata (uint8), cell 1 is empty, cells 2..end-k are the
  saved property values (k = 1, 2 or 3 for FileWrapper versions 2, 3, 4) and
  the last cell holds each class's default property values (structs).
- The metadata: uint32 version, uint32 number of names, 8 uint32 region
  offsets, the names (NUL-terminated), then regions of uint32: (1) per class
  ``[namespace name index, class name index, 0, 0]``; (2) property blocks of
  objects saved with ``saveobj``; (3) per object ``[class id, 0, 0, saveobj
  block id, property block id, dependency id]``; (4) property blocks of the
  other objects. A property block is ``nprops`` then ``nprops`` triples
  ``[name index, type, value]`` padded to an even count; type 0: the value is
  a name index (text), 1: an index into the saved property values, 2: the
  value itself (a logical). Index 0 of every region is a placeholder.
- Objects inside property values (a table's string column) are uint32 columns
  that start with 0xDD000000, as above.
- categorical: properties ``codes`` (uint8/uint16 in the array's size, 0 =
  undefined), ``categoryNames`` (cellstr), ``isOrdinal``, ``isProtected``.
- string: property ``any``, uint64 ``[1, ndims, dims..., character count of
  each string (2^64 - 1 = <missing>), UTF-16 text packed in uint64 words]``.
- table: ``data`` (1-by-nvars cell), ``varnames``, ``nrows``, ``nvars``,
  ``rownames``, ``ndims`` and ``props`` (a struct with Description,
  DimensionNames, UserData, VariableUnits, VariableDescriptions,
  VariableContinuity, ...).
"""
import io
import struct
import zlib

import numpy as np
import scipy.io
from scipy.io.matlab import MatlabOpaque, mat_struct, matfile_version, varmats_from_mat

from .categorical import categorical
from .display.text import TIMES, MString
from .errors import MatFileError
from .helpers.table import table

__all__ = ["read_variables", "decode_objects", "DecodedObject"]

_MCOS_MARKER = 0xDD000000
_MISSING_STRING = 0xFFFFFFFFFFFFFFFF
_MI_MATRIX, _MI_COMPRESSED, _MI_INT8 = 14, 15, 1
_FILE_HEADER = 128
_SUBSYSTEM_NAME = b"w"     # the name given to the subsystem struct so that loadmat reads it


class DecodedObject:
    """A MATLAB object already turned into its Python value; ``load`` returns ``value``."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


# --------------------------------------------------------------------------- reading
def _has_subsystem(filename):
    """True if a v5/v7 MAT file has subsystem data (MATLAB objects)."""
    with open(filename, "rb") as f:
        header = f.read(_FILE_HEADER)
    offset = header[116:124]
    return len(header) == _FILE_HEADER and offset.strip(b" \0") != b""


def read_variables(filename, variable_names=None, **kwargs):
    """``scipy.io.loadmat(filename, ...)`` in which MATLAB objects keep their names.

    loadmat names every object variable ``None`` (so that later ones replace
    earlier ones) and cannot select them by name. Here each variable of a file
    with objects is read on its own and an object takes its name from its
    opaque header; ``__function_workspace__`` (the subsystem) is always kept.
    Files without objects, v4 and v7.3 files go to loadmat unchanged (v7.3
    raises loadmat's NotImplementedError).

    MATLAB: part of ``S = load(filename)``. Example::

        raw = read_variables('data.mat', mat_dtype=True, struct_as_record=False)
    """
    wanted = None if not variable_names else set(variable_names)
    if matfile_version(filename)[0] != 1 or not _has_subsystem(filename):
        return scipy.io.loadmat(filename, variable_names=variable_names, **kwargs)
    with open(filename, "rb") as f:
        parts = varmats_from_mat(f)
    out = {"__globals__": []}
    for name, stream in parts:
        # Plain variables not asked for are skipped unread; objects ('None') and the
        # subsystem ('') must be read to learn their names.
        if wanted is not None and name not in wanted and name not in ("None", ""):
            continue
        for key, value in scipy.io.loadmat(stream, **kwargs).items():
            if key in ("__header__", "__version__"):
                out.setdefault(key, value)
                continue
            if key == "__globals__":
                continue
            if isinstance(value, MatlabOpaque):
                key = _opaque_field(value, "s0")
            if wanted is None or key in wanted or key == "__function_workspace__":
                out[key] = value
    return out


def _opaque_field(value, field):
    raw = value[0][field]
    return raw.decode("latin1") if isinstance(raw, bytes) else str(raw)


def _subsystem_cells(workspace):
    """The FileWrapper__ cell array from the ``__function_workspace__`` bytes, and the byte order."""
    data = np.asarray(workspace).tobytes()
    endian = "<" if data[2:4] == b"IM" else ">"
    body = data[8:]
    kind, size = struct.unpack(endian + "II", body[:8])
    if kind == _MI_COMPRESSED:
        body = zlib.decompress(body[8:8 + size])
        kind, size = struct.unpack(endian + "II", body[:8])
    if kind != _MI_MATRIX:
        raise ValueError(f"the subsystem starts with MAT element type {kind}, not a matrix")
    element = bytearray(body[:8 + size])
    # The subsystem struct has an empty name, which loadmat sets aside as raw bytes;
    # give it a one-letter name (a small data element: same 8 bytes) so it is read.
    pos = 8 + 16                                    # tag, then the array-flags element
    dims_bytes = struct.unpack(endian + "II", element[pos:pos + 8])[1]
    pos += 8 + dims_bytes + (-dims_bytes % 8)       # the dimensions element
    if struct.unpack(endian + "II", element[pos:pos + 8]) != (_MI_INT8, 0):
        raise ValueError("the subsystem struct has an unexpected name element")
    element[pos:pos + 8] = struct.pack(endian + "HH", _MI_INT8, 1) + _SUBSYSTEM_NAME + b"\0\0\0"
    header = b" " * 116 + b"\0" * 8 + data[:4]
    loaded = scipy.io.loadmat(io.BytesIO(header + bytes(element)), mat_dtype=True,
                              struct_as_record=False, squeeze_me=False,
                              chars_as_strings=True)
    wrapper = loaded[_SUBSYSTEM_NAME.decode()]
    wrapper = wrapper.flat[0] if isinstance(wrapper, np.ndarray) else wrapper
    mcos = getattr(wrapper, "MCOS")
    return np.asarray(mcos[0]["arr"], dtype=object).reshape(-1, order="F"), endian


# --------------------------------------------------------------------------- the subsystem
class _Subsystem:
    """The objects of one MAT file: their classes and property values."""

    def __init__(self, workspace):
        self.cells, self.endian = _subsystem_cells(workspace)
        meta = np.asarray(self.cells[0], dtype=np.uint8).reshape(-1, order="F").tobytes()
        u4 = self.endian + "u4"
        self.version, count = struct.unpack(self.endian + "II", meta[:8])
        if not 2 <= self.version <= 4:
            raise ValueError(f"FileWrapper__ version {self.version} is not known")
        offsets = struct.unpack(self.endian + "8I", meta[8:40])
        self.names = [s.decode("utf-8") for s in meta[40:offsets[0]].split(b"\0")][:count]
        region = [np.frombuffer(meta[a:b], dtype=u4).astype(np.int64)
                  for a, b in zip(offsets[:5], offsets[1:6])]
        self.classes = region[0].reshape(-1, 4)
        self.saveobj_blocks = region[1]
        self.objects = region[2].reshape(-1, 6)
        self.property_blocks = region[3]
        self.saved = self.cells[2:len(self.cells) - (self.version - 1)]
        self.defaults = np.asarray(self.cells[-1], dtype=object).reshape(-1, order="F")

    def class_name(self, class_id):
        namespace, name = self.classes[class_id][:2]
        full = self.names[name - 1]
        return f"{self.names[namespace - 1]}.{full}" if namespace else full

    @staticmethod
    def _block(region, block_id):
        """The (name, type, value) triples of property block ``block_id``."""
        pos = 0
        for _ in range(block_id + 1):       # block 0 is the placeholder
            if pos >= region.size:
                raise ValueError(f"property block {block_id} is missing")
            n = region[pos]
            start = pos + 1
            pos = start + 3 * n
            pos += pos % 2                  # blocks are padded to an even count
        return region[start:start + 3 * n].reshape(-1, 3)

    def properties(self, object_id):
        """{property name: raw value} of object ``object_id`` (class defaults, then saved)."""
        class_id, _, _, saveobj_id, block_id, _ = self.objects[object_id]
        props = {}
        defaults = self.defaults[class_id] if class_id < self.defaults.size else None
        default = defaults.flat[0] if isinstance(defaults, np.ndarray) and defaults.size else defaults
        if isinstance(default, mat_struct):
            props.update({n: getattr(default, n) for n in default._fieldnames})
        triples = self._block(self.saveobj_blocks, saveobj_id) if saveobj_id else \
            self._block(self.property_blocks, block_id)
        for name, kind, value in triples:
            key = self.names[name - 1]
            if kind == 0:
                props[key] = self.names[value - 1]
            elif kind == 1:
                props[key] = self.saved[value]
            elif kind == 2:
                props[key] = bool(value)
            else:
                raise ValueError(f"property '{key}' has an unknown storage type {kind}")
        return props


def _is_reference(value):
    """A uint32 column [0xDD000000, ndims, dims..., ids..., class id] (an object in a property)."""
    return isinstance(value, np.ndarray) and not isinstance(value, MatlabOpaque) and \
        value.dtype == np.uint32 and value.ndim == 2 and value.shape[1] == 1 and \
        value.size >= 3 and value[0, 0] == _MCOS_MARKER


# --------------------------------------------------------------------------- decoding
class _Decoder:
    """Turns the objects of one file into Python values; errors name the variable."""

    def __init__(self, workspace, filename, plain):
        self.workspace = workspace
        self.filename = filename
        self.plain = plain              # io's decoder of ordinary MAT values
        self._subsystem = None

    @property
    def subsystem(self):
        if self._subsystem is None:
            if self.workspace is None:
                raise ValueError("the file has objects but no subsystem data")
            try:
                self._subsystem = _Subsystem(self.workspace)
            except Exception as err:    # zlib, struct and scipy errors alike: bad data
                raise ValueError(f"its subsystem data is damaged: {err}") from err
        return self._subsystem

    def fail(self, where, cls, message, identifier="matlabnn:load:UnsupportedClass"):
        """The error for variable ``where`` holding a MATLAB ``cls`` that cannot be read."""
        err = MatFileError(f"load: variable '{where}' in '{self.filename}' {message}",
                           identifier)
        err.matlab_class = cls
        return err

    def unsupported(self, where, cls):
        return self.fail(
            where, cls, f"holds a MATLAB {cls} object, which matlabnn cannot read (it reads "
            "categorical, string and table objects). Load the other variables by name, "
            "load(filename, 'name1', 'name2'), or convert this one in MATLAB (e.g. with "
            "double, cellstr or table2struct) and save it again with save(filename, '-v7').")

    # ---------------------------------------------------------------- walking
    def walk(self, value, where):
        """``value`` with every object in it replaced by a DecodedObject."""
        if isinstance(value, MatlabOpaque):
            cls = _opaque_field(value, "s2")
            if _opaque_field(value, "s1") != "MCOS":
                raise self.unsupported(where, cls)
            return DecodedObject(self.reference(np.asarray(value[0]["arr"]), where, cls))
        if isinstance(value, mat_struct):
            for name in value._fieldnames:
                setattr(value, name, self.walk(getattr(value, name), f"{where}.{name}"))
            return value
        if isinstance(value, np.ndarray) and value.dtype == object:
            for k, idx in enumerate(np.ndindex(value.shape)):
                value[idx] = self.walk(value[idx], f"{where}[{k}]")
        return value

    def reference(self, ref, where, cls=None):
        """The Python value of the object(s) a reference array points to."""
        ref = np.asarray(ref).reshape(-1)
        try:
            ndims = int(ref[1])
            dims = tuple(int(d) for d in ref[2:2 + ndims])
            ids = ref[2 + ndims:-1].astype(np.int64)
            class_id = int(ref[-1])
            name = self.subsystem.class_name(class_id)
        except (IndexError, ValueError) as err:
            cls = cls or "object"
            raise self.fail(where, cls, f"holds a MATLAB {cls} that cannot be read ({err}).",
                            "matlabnn:load:InvalidFile") from err
        decoder = _DECODERS.get(name)
        if decoder is None:
            raise self.unsupported(where, name)
        if ids.size != 1 or int(np.prod(dims)) != 1:
            raise self.fail(where, f"{name} array", f"holds a {TIMES.join(map(str, dims))} "
                            f"array of MATLAB {name} objects; only single objects are read.")
        try:
            return decoder(self, self.subsystem.properties(int(ids[0])), where)
        except MatFileError:
            raise
        except (IndexError, KeyError, ValueError, TypeError, AttributeError) as err:
            raise self.fail(where, name, f"holds a MATLAB {name} that cannot be read ({err}).",
                            "matlabnn:load:InvalidFile") from err

    def value(self, raw, where):
        """A property value as Python: objects decoded, other values as ``load`` gives them."""
        if _is_reference(raw):
            return self.reference(raw, where)
        return self.plain(self.walk(raw, where), where)


# --------------------------------------------------------------------------- classes
def _cellstr(raw):
    """A cell array of char (column-major) as a list of str."""
    if raw is None:
        return []
    arr = np.asarray(raw, dtype=object)
    out = []
    for v in arr.reshape(-1, order="F"):
        v = np.asarray(v)
        out.append("" if v.size == 0 else str(v.reshape(-1)[0]) if v.dtype.kind == "U"
                   else str(v))
    return out


def _flag(raw):
    if isinstance(raw, (bool, np.bool_)):
        return bool(raw)
    arr = np.asarray(raw)
    return bool(arr.reshape(-1)[0]) if arr.size else False


def _decode_categorical(decoder, props, where):
    codes = np.asarray(props["codes"])
    names = _cellstr(props.get("categoryNames"))
    ordinal = _flag(props.get("isOrdinal", False))
    protected = _flag(props.get("isProtected", False))
    return categorical.from_codes(codes.reshape(-1, order="F").astype(np.int64), names,
                                  codes.shape, ordinal, protected)


def _decode_string(decoder, props, where):
    data = np.asarray(props.get("any", np.zeros((0, 0)))).reshape(-1)
    if data.size == 0:
        return np.empty((0, 0), dtype=object)
    data = data.astype(np.uint64)
    if int(data[0]) != 1:
        raise ValueError(f"string storage version {int(data[0])} is not known")
    ndims = int(data[1])
    dims = tuple(int(d) for d in data[2:2 + ndims])
    count = int(np.prod(dims))
    lengths = data[2 + ndims:2 + ndims + count]
    text = data[2 + ndims + count:].astype(decoder.subsystem.endian + "u8").tobytes()
    codec = "utf-16-le" if decoder.subsystem.endian == "<" else "utf-16-be"
    strings, pos = [], 0
    for n in lengths.tolist():
        if n == _MISSING_STRING:
            strings.append(None)
            continue
        strings.append(MString(text[pos:pos + 2 * n].decode(codec)))
        pos += 2 * n
    if count == 1:
        return strings[0]
    out = np.empty(count, dtype=object)
    out[:] = strings
    return out.reshape(dims, order="F")


def _table_variable(decoder, raw, where):
    """One table variable: objects decoded, arrays kept with their rows, cells as lists."""
    if _is_reference(raw):
        value = decoder.reference(raw, where)
        if isinstance(value, str) or value is None:      # a 1-row string variable
            column = np.empty((1, 1), dtype=object)
            column[0, 0] = value
            return column
        return value
    if isinstance(raw, np.ndarray) and raw.dtype == object and not isinstance(raw, MatlabOpaque):
        if raw.dtype.names is None:           # a cell array: one element per row
            return [decoder.value(v, f"{where}[{k}]")
                    for k, v in enumerate(raw.reshape(-1, order="F"))]
    if isinstance(raw, np.ndarray) and raw.dtype.kind == "U":    # a char matrix: a row each
        return [str(s) for s in raw.reshape(-1)]
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "biufc":
        return np.ascontiguousarray(raw)
    return decoder.value(raw, where)


def _decode_table(decoder, props, where):
    names = _cellstr(props.get("varnames"))
    data = np.asarray(props.get("data", np.empty((1, 0), object)), dtype=object)
    columns = [_table_variable(decoder, raw, f"{where}.{name}")
               for name, raw in zip(names, data.reshape(-1, order="F"))]
    if len(columns) != len(names):
        raise ValueError(f"{len(names)} variable names for {len(columns)} variables")
    extra = {"RowNames": _cellstr(props.get("rownames"))}
    meta = props.get("props")
    meta = meta.flat[0] if isinstance(meta, np.ndarray) and meta.size else meta
    if isinstance(meta, mat_struct):
        fields = meta._fieldnames
        for key in ("DimensionNames", "VariableUnits", "VariableDescriptions",
                    "VariableContinuity"):
            if key in fields:
                extra[key] = _cellstr(getattr(meta, key))
        if "Description" in fields:
            extra["Description"] = decoder.value(getattr(meta, "Description"),
                                                 f"{where}.Properties.Description") or ""
        if "UserData" in fields:
            extra["UserData"] = decoder.value(getattr(meta, "UserData"),
                                              f"{where}.Properties.UserData")
    result = table._from_parts(columns, names, **extra)
    nrows = decoder.plain(props.get("nrows"), where)
    if nrows is not None and columns and int(nrows) != len(result):
        raise ValueError(f"{int(nrows)} rows expected, the variables have {len(result)}")
    return result


_DECODERS = {"categorical": _decode_categorical, "string": _decode_string,
             "table": _decode_table}


def decode_objects(raw, filename, plain):
    """Replace the MATLAB objects in loadmat's output by DecodedObject values.

    ``raw``: what :func:`read_variables` returns (``__function_workspace__`` is
    removed). ``plain(value, where)`` decodes an ordinary MAT value (io's rules:
    cell -> list, char -> str, ...). Errors (``MatFileError``) name the variable
    and the MATLAB class. Example::

        raw = decode_objects(read_variables(f, mat_dtype=True, struct_as_record=False),
                             f, plain)
    """
    decoder = _Decoder(raw.pop("__function_workspace__", None), filename, plain)
    failed = []
    for name in list(raw):
        if not name.startswith("__"):
            try:
                raw[name] = decoder.walk(raw[name], name)
            except MatFileError as err:
                failed.append((name, err))
    if len(failed) == 1:
        raise failed[0][1]
    if failed:
        # Name every variable that cannot be read, and those that can.
        unread = ", ".join(f"{name} ({getattr(err, 'matlab_class', 'unreadable')})"
                           for name, err in failed)
        readable = [n for n in raw if not n.startswith("__") and n not in dict(failed)]
        hint = ("load the others by name: load(filename, " +
                ", ".join(f"'{n}'" for n in readable) + ")") if readable else \
            "convert them in MATLAB (e.g. with double, cellstr or table2struct) and save again"
        raise MatFileError(
            f"load: {len(failed)} variables in '{filename}' hold MATLAB objects that matlabnn "
            f"cannot read: {unread}. matlabnn reads categorical, string and table objects; "
            f"{hint}. First problem: {failed[0][1].message}", failed[0][1].identifier)
    return raw
