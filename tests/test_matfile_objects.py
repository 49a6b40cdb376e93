"""load of MATLAB objects (categorical, string, table) from MAT files written by MATLAB.

The files in tests/data/matlab_written/ were written by MATLAB itself (mat-io's test
suite, BSD-3-Clause, see the README there). Expected values are the lines of their
generator scripts, test_tables_gen.m and test_string_gen.m, in the same folder: each
test quotes the MATLAB line it checks.
"""
import os
import struct
import warnings
import zlib

import numpy as np
import pytest

from matlabnn import categorical, categories, load, save
from matlabnn.display.text import MString
from matlabnn.errors import MatFileError
from matlabnn import table

DATA = os.path.join(os.path.dirname(__file__), "data", "matlab_written")
TABLES = os.path.join(DATA, "test_tables_v7.mat")
STRINGS = os.path.join(DATA, "test_string_v7.mat")

CATEGORICALS = ["cat_scalar", "cat_array", "cat_3D", "cat_unordered", "cat_ordered",
                "cat_from_numeric", "cat_empty", "cat_missing", "cat_string", "cat_mixed_case"]
TABLE_NAMES = ["table_empty", "table_numeric", "table_strings", "table_nan", "table_var_names",
               "table_row_names", "table_with_attrs"]


@pytest.fixture(scope="module")
def cats():
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # no scipy warning about variables named 'None'
        return load(TABLES, *CATEGORICALS)


def names(c):
    """Element names in MATLAB's size (C order), to compare with the script's literals."""
    return np.asarray(c).tolist()


def same(c, expected):
    assert c.shape == expected.shape
    assert categories(c) == categories(expected)
    assert c.codes.tolist() == expected.codes.tolist()
    assert c.ordinal == expected.ordinal


# --------------------------------------------------------------------- categorical
def test_every_categorical_variable_is_read(cats):
    assert sorted(cats) == sorted(CATEGORICALS)
    assert all(isinstance(cats[n], categorical) for n in CATEGORICALS)


def test_cat_scalar(cats):
    # cat_scalar = categorical({'red', 'green', 'blue', 'red'});   a 1-by-4 row
    c = cats.cat_scalar
    assert c.shape == (1, 4) and categories(c) == ["blue", "green", "red"]
    assert c.codes.tolist() == [3, 2, 1, 3]          # mat-io's test: 0-based [2 1 0 2]
    assert names(c) == [["red", "green", "blue", "red"]]
    same(c, categorical(np.array([["red", "green", "blue", "red"]])))
    assert (c == "red").tolist() == [[True, False, False, True]]   # 1-by-N result


def test_cat_array(cats):
    # cat_array = categorical({'low', 'medium'; 'high', 'low'});
    c = cats.cat_array
    assert c.shape == (2, 2) and categories(c) == ["high", "low", "medium"]
    assert names(c) == [["low", "medium"], ["high", "low"]]
    assert np.asarray(c.codes.reshape(2, 2, order="F") - 1).tolist() == [[1, 2], [0, 1]]
    same(c, categorical([["low", "medium"], ["high", "low"]]))


def test_cat_3D(cats):
    # cat_3D = categorical(repmat(["yes", "no", "maybe"], [2, 1, 2]));
    c = cats.cat_3D
    assert c.shape == (2, 3, 2) and categories(c) == ["maybe", "no", "yes"]
    expected = np.tile(np.array([["yes", "no", "maybe"]]), (2, 1))
    grid = np.asarray(c)
    assert grid[:, :, 0].tolist() == expected.tolist() and grid[:, :, 1].tolist() == expected.tolist()


def test_cat_unordered_and_ordered(cats):
    # cat_unordered = categorical({'cold', 'hot', 'warm'}, {'cold', 'warm', 'hot'});
    c = cats.cat_unordered
    assert categories(c) == ["cold", "warm", "hot"] and names(c) == [["cold", "hot", "warm"]]
    assert not c.ordinal and not c.protected
    # cat_ordered = categorical({'small','medium','large'}, {'small','medium','large'}, 'Ordinal', true);
    o = cats.cat_ordered
    assert categories(o) == ["small", "medium", "large"] and o.ordinal and o.protected
    assert (o < "large").tolist() == [[True, True, False]]
    same(o, categorical(np.array([["small", "medium", "large"]]), ["small", "medium", "large"],
                        Ordinal=True))


def test_cat_from_numeric_and_string(cats):
    # cat_from_numeric = categorical([1, 2, 3, 2, 1], [1, 2, 3], {'low', 'medium', 'high'});
    c = cats.cat_from_numeric
    assert categories(c) == ["low", "medium", "high"]
    assert names(c) == [["low", "medium", "high", "medium", "low"]]
    same(c, categorical(np.array([[1, 2, 3, 2, 1]]), [1, 2, 3], ["low", "medium", "high"]))
    # cat_string = categorical(["spring", "summer", "autumn", "winter"]);
    s = cats.cat_string
    assert categories(s) == ["autumn", "spring", "summer", "winter"]
    assert names(s) == [["spring", "summer", "autumn", "winter"]]


def test_cat_empty_missing_mixed_case(cats):
    # cat_empty = categorical({});   0-by-0, no categories
    e = cats.cat_empty
    assert e.shape == (0, 0) and categories(e) == [] and e.codes.size == 0
    assert repr(e) == "  0\u00d70 empty categorical array\n"
    # cat_missing = categorical({'cat', '', 'dog', 'mouse'}, {'cat', 'dog', 'mouse'});
    m = cats.cat_missing
    assert categories(m) == ["cat", "dog", "mouse"]
    assert names(m) == [["cat", "<undefined>", "dog", "mouse"]]
    assert m.codes.tolist() == [1, 0, 2, 3]
    # cat_mixed_case = categorical({'On', 'off', 'OFF', 'ON', 'on'});  sorted by character code
    x = cats.cat_mixed_case
    assert categories(x) == ["OFF", "ON", "On", "off", "on"]
    assert names(x) == [["On", "off", "OFF", "ON", "on"]]


# --------------------------------------------------------------------- string
def test_string_variables():
    S = load(STRINGS)
    assert sorted(S) == ["string_array", "string_empty", "string_scalar"]
    # string_scalar = "Hello";
    assert S.string_scalar == "Hello" and isinstance(S.string_scalar, MString)
    # string_array = ["Apple", "Banana", "Cherry"; "Date", "Fig", "Grapes"];
    a = S.string_array
    assert a.shape == (2, 3) and a.dtype == object
    assert a.tolist() == [["Apple", "Banana", "Cherry"], ["Date", "Fig", "Grapes"]]
    assert all(isinstance(v, str) for v in a.flat)
    # string_empty = "";
    assert S.string_empty == "" and isinstance(S.string_empty, MString)
    assert load(STRINGS, "string_scalar") == {"string_scalar": "Hello"}
    assert repr(S).splitlines()[2:] == ['    string_scalar: "Hello"',
                                        "     string_array: [2\u00d73 string]",
                                        '     string_empty: ""']


def test_struct_display_of_loaded_objects(cats, tables):
    assert "cat_3D: [2\u00d73\u00d72 categorical]" in repr(cats)
    assert "table_numeric: [3\u00d72 table]" in repr(tables)


# --------------------------------------------------------------------- table
@pytest.fixture(scope="module")
def tables():
    return load(TABLES, *TABLE_NAMES)


def test_tables_numeric_and_names(tables):
    # table_numeric = table([1.1; 2.2; 3.3], [4.4; 5.5; 6.6]);
    t = tables.table_numeric
    assert isinstance(t, table) and t.shape == (3, 2) and len(t) == 3
    assert t.Properties.VariableNames == ["Var1", "Var2"]
    np.testing.assert_array_equal(t.Var1, [[1.1], [2.2], [3.3]])
    np.testing.assert_array_equal(t["Var2"], [[4.4], [5.5], [6.6]])
    assert repr(t).splitlines()[:4] == ["  3\u00d72 table", "", "     Var1      Var2",
                                        "     ____      ____"]
    # table_var_names = table([10; 20; 30], [100; 200; 300], 'VariableNames', {'X', 'Y'});
    v = tables.table_var_names
    assert v.Properties.VariableNames == ["X", "Y"] and v.Y.reshape(-1).tolist() == [100, 200, 300]
    # table_row_names = table([1; 2; 3], [4; 5; 6], 'VariableNames', {'Col1', 'Col2'}, ...
    #                         'RowNames', {'R1', 'R2', 'R3'});
    r = tables.table_row_names
    assert r.Properties.RowNames == ["R1", "R2", "R3"] and r.Col2.reshape(-1).tolist() == [4, 5, 6]
    # table_empty = table;
    assert tables.table_empty.shape == (0, 0)


def test_tables_with_strings(tables):
    # table_strings = table(["apple"; "banana"; "cherry"]);
    s = tables.table_strings.Var1
    assert s.shape == (3, 1) and s.reshape(-1).tolist() == ["apple", "banana", "cherry"]
    # table_nan = table([1.1; NaN; 3.3], ["A"; ""; "C"]);
    n = tables.table_nan
    assert np.isnan(n.Var1[1, 0]) and n.Var2.reshape(-1).tolist() == ["A", "", "C"]


def test_table_properties(tables):
    # table_with_attrs = table([1; 2], ["one"; "two"], 'VariableNames', {'ID', 'Label'}); ...
    t = tables.table_with_attrs
    p = t.Properties
    assert p.VariableNames == ["ID", "Label"] and t.Label.reshape(-1).tolist() == ["one", "two"]
    assert p.Description == "Test table with full metadata"
    assert p.DimensionNames == ["RowId", "Features"]
    assert p.UserData == {"CreatedBy": "UnitTest", "Version": 1.0}
    assert p.VariableUnits == ["", "category"]
    assert p.VariableDescriptions == ["ID number", "Category label"]
    assert p.VariableContinuity == ["continuous", "step"]


# --------------------------------------------------------------------- errors
def test_objects_it_cannot_read_raise_errors_naming_them():
    # table_time = table(Time, Duration);  a datetime column
    with pytest.raises(MatFileError, match=r"'table_time\.Time'.*MATLAB datetime") as err:
        load(TABLES, "table_time")
    assert err.value.identifier == "matlabnn:load:UnsupportedClass"
    with pytest.raises(MatFileError, match=r"'timetable_empty'.*MATLAB timetable"):
        load(TABLES, "timetable_empty")
    with pytest.raises(MatFileError, match=r"TestClasses\.BasicClass"):
        load(TABLES, "table_with_objects")
    # The whole file: every unreadable variable named, with its class, and the others listed.
    with pytest.raises(MatFileError) as err:
        load(TABLES)
    message = str(err.value)
    assert "table_time (datetime)" in message and "timetable_with_attrs (timetable)" in message
    assert "'cat_scalar'" in message and "None" not in message


def test_v73_file_gets_a_clear_error(tmp_path):
    f = tmp_path / "v73.mat"
    # A v7.3 header: 116 text bytes, 8 subsystem bytes, version 0x0200, 'IM' (then HDF5).
    f.write_bytes(b"MATLAB 7.3 MAT-file".ljust(116) + b"\0" * 8 + b"\x00\x02IM" + b"\0" * 512)
    with pytest.raises(MatFileError, match=r"v7\.3.*'-v7'"):
        load(str(f))


def _with_subsystem_patch(path, out, old, new):
    """Copy of a MATLAB-written MAT file with bytes of its (compressed) subsystem replaced."""
    data = bytearray(open(path, "rb").read())
    start = struct.unpack("<Q", data[116:124])[0]        # the subsystem element's offset
    kind, size = struct.unpack("<II", data[start:start + 8])
    assert kind == 15                                     # miCOMPRESSED
    inner = zlib.decompress(bytes(data[start + 8:start + 8 + size]))
    assert inner.count(old) == 1
    packed = zlib.compress(inner.replace(old, new))
    out.write_bytes(bytes(data[:start]) + struct.pack("<II", 15, len(packed)) + packed)
    return str(out)


def test_damaged_object_data_names_the_variable(tmp_path):
    # FileWrapper__ metadata: version 4, 2 names ('any', 'string'); make the version 9.
    names = b"any\0string\0"
    raw = open(STRINGS, "rb").read()
    head = zlib.decompress(raw[struct.unpack("<Q", raw[116:124])[0] + 8:])
    at = head.index(names) - 40
    assert head[at:at + 8] == struct.pack("<II", 4, 2)
    f = _with_subsystem_patch(STRINGS, tmp_path / "bad.mat", head[at:at + 8] + head[at + 8:at + 40],
                              struct.pack("<II", 9, 2) + head[at + 8:at + 40])
    with pytest.raises(MatFileError, match=r"'string_\w+'.*MATLAB string.*cannot be read.*version 9"):
        load(f, "string_scalar")
    # A class name it does not know: the error names the variable and the class.
    f = _with_subsystem_patch(STRINGS, tmp_path / "other.mat", names, b"any\0strinG\0")
    with pytest.raises(MatFileError, match=r"'string_scalar'.*MATLAB strinG object"):
        load(f, "string_scalar")


# --------------------------------------------------------------------- save -> load
def test_categorical_round_trip(tmp_path, cats):
    col = categorical(["b", "a", "", "b"], ["a", "b", "c"])
    row = col.T
    protected = categorical(["x", "y"], Protected=True)
    values = dict(col=col, row=row, protected=protected, **{n: cats[n] for n in CATEGORICALS})
    save(str(tmp_path / "c.mat"), values)
    back = load(str(tmp_path / "c.mat"))
    for name, c in values.items():
        b = back[name]
        assert isinstance(b, categorical), name
        assert b.shape == c.shape, name
        assert categories(b) == categories(c) and b.codes.tolist() == c.codes.tolist(), name
        assert (b.ordinal, b.protected) == (c.ordinal, c.protected), name


# --------------------------------------------------------------------- objects in cells and structs
def _mat_element(kind, payload):
    """One MAT-file data element: tag, payload, padding to 8 bytes."""
    return struct.pack("<II", kind, len(payload)) + payload + b"\0" * (-len(payload) % 8)


def _object_elements(data):
    """{variable name: (array-flags bytes, bytes after the name)} of the objects of a MAT file."""
    subsystem = struct.unpack("<Q", data[116:124])[0]
    pos, out = 128, {}
    while pos < len(data):
        kind, size = struct.unpack("<II", data[pos:pos + 8])
        if pos != subsystem:
            elem = zlib.decompress(data[pos + 8:pos + 8 + size])
            if elem[16] == 17:                                  # mxOPAQUE_CLASS
                n = struct.unpack("<II", elem[24:32])[1]
                out[elem[32:32 + n].decode()] = (elem[8:24], elem[32 + n + (-n % 8):])
        pos += 8 + size
    return out


def test_objects_inside_cells_and_structs(tmp_path):
    """A cell array {cat_scalar, cat_array} and a struct S.labels = cat_missing.

    The file is put together from MATLAB-written pieces: the objects' own elements
    (with the empty names that elements of cells and structs have) and the original
    file's subsystem, which holds the objects' data.
    """
    data = open(TABLES, "rb").read()
    objects = _object_elements(data)

    def nameless(var):
        flags, rest = objects[var]
        return _mat_element(14, flags + _mat_element(1, b"") + rest)

    cell = _mat_element(14, _mat_element(6, struct.pack("<II", 1, 0))       # mxCELL_CLASS
                        + _mat_element(5, struct.pack("<ii", 1, 2)) + _mat_element(1, b"C")
                        + nameless("cat_scalar") + nameless("cat_array"))
    record = _mat_element(14, _mat_element(6, struct.pack("<II", 2, 0))     # mxSTRUCT_CLASS
                          + _mat_element(5, struct.pack("<ii", 1, 1)) + _mat_element(1, b"S")
                          + struct.pack("<HHi", 5, 4, 8)                    # field name length
                          + _mat_element(1, b"labels\0\0") + nameless("cat_missing"))
    header = bytearray(data[:128])
    header[116:124] = struct.pack("<Q", 128 + len(cell) + len(record))
    f = tmp_path / "nested.mat"
    f.write_bytes(bytes(header) + cell + record + data[struct.unpack("<Q", data[116:124])[0]:])
    S = load(str(f))
    assert isinstance(S.C, list) and [c.shape for c in S.C] == [(1, 4), (2, 2)]
    assert names(S.C[0]) == [["red", "green", "blue", "red"]]
    assert names(S.C[1]) == [["low", "medium"], ["high", "low"]]
    assert names(S.S.labels) == [["cat", "<undefined>", "dog", "mouse"]]
