"""matlabnn.port: the lexer and parser, the translation of each construct (a corpus of
MATLAB scripts in tests/port_corpus with the expected Python beside each), round trips
(translate, run, compare with the same computation written directly in numpy), parse
errors, robustness on mutated scripts, the command line and the run-time helpers.

After a deliberate change to the translation, rewrite the expected files with
``python -c "from tests.test_port import regenerate; regenerate()"`` and review the diff.
"""
import contextlib
import io
import os
import random
import runpy
import subprocess
import sys
import tempfile

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from matlabnn.port import MatlabSyntaxError, translate  # noqa: E402
from matlabnn.port.lexer import tokenize  # noqa: E402
from matlabnn.port.parser import Index, Matrix, Postfix, Range, Str, parse  # noqa: E402
from matlabnn.port import runtime  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "port_corpus")
SCRIPTS = sorted(f[:-2] for f in os.listdir(CORPUS) if f.endswith(".m"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def corpus_source(name):
    with open(os.path.join(CORPUS, name + ".m"), encoding="utf-8") as f:
        return f.read()


def regenerate():
    for name in SCRIPTS:
        with open(os.path.join(CORPUS, name + ".py"), "w", encoding="utf-8") as f:
            f.write(translate(corpus_source(name), name=name + ".m"))


# --------------------------------------------------------------------------- corpus
@pytest.mark.parametrize("name", SCRIPTS)
def test_corpus_translates_to_the_expected_python(name):
    with open(os.path.join(CORPUS, name + ".py"), encoding="utf-8") as f:
        expected = f.read()
    assert translate(corpus_source(name), name=name + ".m") == expected


@pytest.mark.parametrize("name", SCRIPTS)
def test_corpus_translation_is_pyflakes_clean(name):
    api = pytest.importorskip("pyflakes.api")
    from pyflakes.reporter import Reporter
    code = translate(corpus_source(name), name=name + ".m")
    out = io.StringIO()
    api.check(code, name, Reporter(out, out))
    assert out.getvalue() == ""


def run_corpus(name, tmp_path):
    path = tmp_path / (name + ".py")
    path.write_text(translate(corpus_source(name), name=name + ".m"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        namespace = runpy.run_path(str(path), run_name="__main__")
    plt.close("all")
    return namespace, printed.getvalue()


# --------------------------------------------------------------------------- round trips
def test_round_trip_indexing(tmp_path):
    ns, _ = run_corpus("indexing", tmp_path)
    v = np.array([10, 20, 30, 40, 50])
    assert ns["first"] == 10 and ns["last"] == 50
    np.testing.assert_array_equal(ns["middle"], v[1:4])
    np.testing.assert_array_equal(ns["reversed"], v[::-1])
    np.testing.assert_array_equal(ns["evens"], [20, 40])
    np.testing.assert_array_equal(ns["picked"], [10, 30])
    np.testing.assert_array_equal(ns["big"], [30, 40, 50])
    np.testing.assert_array_equal(ns["around"], [20, 30, 40])
    M = np.arange(1, 13).reshape(4, 3).T               # MATLAB's reshape(1:12, 3, 4)
    assert ns["corner"] == 12
    np.testing.assert_array_equal(ns["row2"], M[1])
    np.testing.assert_array_equal(ns["col3"], M[:, 2])
    np.testing.assert_array_equal(ns["block"], M[:2, 1:])
    np.testing.assert_array_equal(ns["column"], np.arange(1, 13))
    np.testing.assert_array_equal(ns["M"], M[[0, 2]])
    np.testing.assert_array_equal(ns["v"], v)             # w = v copied it
    np.testing.assert_array_equal(ns["w"], [10, 30, 40, 50, 60])
    np.testing.assert_array_equal(ns["grown"], [1, 4, 9, 16])
    assert ns["second"] == "two" and ns["firstTwo"] == [1, "two"]
    assert ns["n"] == 4 and ns["c"][-1] == "four"
    np.testing.assert_array_equal(ns["x"], [1, 0, 3, 0, 5, 0])


def test_round_trip_operators(tmp_path):
    ns, _ = run_corpus("operators", tmp_path)
    A, B = np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]])
    assert (ns["p"], ns["q"], ns["r"]) == (-4, 0.5, 64)
    assert (ns["s"], ns["t"], ns["u"], ns["different"]) == (7, 2.5, True, True)
    np.testing.assert_array_equal(ns["elementwise"], A * B)
    np.testing.assert_array_equal(ns["product"], A @ B)
    np.testing.assert_array_equal(ns["power"], A ** 2)
    np.testing.assert_array_equal(ns["matrixPower"], A @ A)
    np.testing.assert_allclose(ns["ratio"], A / B)
    np.testing.assert_array_equal(ns["transposed"], A.T)
    np.testing.assert_array_equal(ns["both"], (A > 1) & (B < 8))
    np.testing.assert_array_equal(ns["either"], (A == 1) | (B == 8))
    np.testing.assert_array_equal(ns["notA"], ~(A > 2))
    np.testing.assert_array_equal(ns["row"], [1, -2])
    assert ns["difference"] == -1
    np.testing.assert_array_equal(ns["pair"], [2, 3])


def test_round_trip_control_flow(tmp_path):
    ns, _ = run_corpus("control_flow", tmp_path)
    assert ns["total"] == 1 + 3 + 5 + 7
    assert ns["count"] == 6
    assert ns["columns"] == 13 + 24                      # columns [1;3] and [2;4]
    assert ns["down"] == 54321
    assert ns["rate"] == 2
    assert ns["message"] == "failed with 42"


def test_round_trip_local_functions(tmp_path):
    ns, _ = run_corpus("local_functions", tmp_path)
    assert (ns["lo"], ns["hi"]) == (1, 9)
    assert ns["s"] == 6 and ns["both"] == 7
    assert (ns["added"], ns["multiplied"]) == (7, 10)
    assert (ns["clamped"], ns["kept"]) == (10, 3)


def test_round_trip_plots(tmp_path):
    path = tmp_path / "plots.py"
    path.write_text(translate(corpus_source("plots"), name="plots.m"))
    runpy.run_path(str(path), run_name="__main__")
    first, second = [plt.figure(n) for n in plt.get_fignums()]
    top, bottom = first.axes
    np.testing.assert_array_equal(top.lines[0].get_xdata(), [1, 2, 3, 4, 5])   # MATLAB's x
    assert top.lines[1].get_linestyle() == "--" and top.lines[1].get_linewidth() == 2
    assert [t.get_text() for t in top.get_legend().get_texts()] == ["first", "second"]
    assert top.get_xlabel() == "Step" and top.get_title() == "Values"
    assert bottom.get_ylim() == (0, 6) and len(bottom.patches) == 5
    assert len(second.axes) == 1
    plt.close("all")


def test_round_trip_files(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    from matlabnn import save
    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    book.active.append(["t", "load"])
    book.active.append([1, 2.5])
    book.save("measurements.xlsx")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n3,4\n")
    (tmp_path / "values.txt").write_text("1 2\n3 4\n")
    (tmp_path / "numbers.csv").write_text("5,6\n7,8\n")
    (tmp_path / "records.csv").write_text("x,y\n9,10\nn/a,11\n")
    save("trained.mat", net=np.array([1.0, 2.0]))
    save("results.mat", accuracy=np.array(0.75))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    ns, printed = run_corpus("files", tmp_path)
    np.testing.assert_array_equal(ns["A"], [[1, 2.5]])
    np.testing.assert_array_equal(ns["B"], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(ns["C"], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(ns["D"], [[5, 6], [7, 8]])
    np.testing.assert_array_equal(ns["y"], [10, 11])
    np.testing.assert_array_equal(ns["XY"], [[9, 10], [np.nan, 11]])
    np.testing.assert_array_equal(np.ravel(ns["net"]), [1, 2])
    assert "0.75" in printed and (tmp_path / "data").is_dir()



def test_round_trip_builtins(tmp_path):
    ns, _ = run_corpus("builtins", tmp_path)
    X = np.array([[4, 1, 3], [2, 8, 6]])
    assert ns["n"] == 6 and (ns["rows"], ns["cols"]) == (2, 3) and ns["r"] == 2
    assert ns["len_"] == 3
    np.testing.assert_array_equal(ns["z"], np.zeros((2, 3)))
    np.testing.assert_array_equal(ns["o"], np.ones(4))
    np.testing.assert_allclose(ns["colMeans"], X.mean(axis=0))
    np.testing.assert_allclose(ns["rowMeans"], X.mean(axis=1)[:, None])
    np.testing.assert_allclose(ns["rowStd"], X.std(axis=1, ddof=1)[:, None])
    np.testing.assert_allclose(ns["popStd"], X[0].std())
    assert ns["total"] == X.sum()
    np.testing.assert_array_equal(ns["colMax"], X.max(axis=0))
    np.testing.assert_array_equal(ns["rowMin"], X.min(axis=1)[:, None])
    assert (ns["largest"], ns["where"]) == (9, 2)              # 1-based index
    np.testing.assert_array_equal(ns["sorted_"], [1, 2, 3])
    np.testing.assert_array_equal(ns["order"], [2, 3, 1])
    np.testing.assert_array_equal(ns["descending"], [3, 2, 1])
    np.testing.assert_array_equal(ns["found"], [2, 4])
    assert ns["anyBig"] and ns["allPositive"]
    np.testing.assert_array_equal(ns["joined"], [1, 2, 3, 4])
    np.testing.assert_array_equal(ns["stacked"], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(ns["side"], [[1, 3], [2, 4]])
    np.testing.assert_array_equal(ns["reshaped"], np.arange(1, 7).reshape(3, 2).T)
    np.testing.assert_array_equal(ns["tiled"], np.tile([1, 2], (2, 2)))
    np.testing.assert_array_equal(ns["lengths"], [3, 2])
    np.testing.assert_array_equal(ns["doubled"], [2, 4, 6])
    assert ns["halves"] == [1.0, 2.0]
    assert list(ns["cells"]) == [7, 8, 9]
    np.testing.assert_array_equal(ns["back"], [1, 2, 3])
    np.testing.assert_array_equal(ns["flat"], [7, 8, 9])
    np.testing.assert_array_equal(ns["d"], [[1], [4]])          # a column, as in MATLAB
    assert ns["words"] == ["a", "b"]


def test_round_trip_text(tmp_path):
    ns, printed = run_corpus("text_output", tmp_path)
    assert ns["label"] == "it's" and ns["quoted"] == 'say "hi"'
    assert ns["greeting"] == "Hello matlabnn"
    assert ns["message"] == "Count: 3"
    assert ns["line"] == "3 items at 1.50 each"
    assert ns["title_"] == "RMSE = 0.25"
    assert ns["labels"] == ["Feature 1", "Feature 2", "Feature 3"]
    assert printed == "Total: 3\n100% done\ndone\n    3\nvalue =\n\n    42\n\n"


def test_round_trip_network(tmp_path):
    ns, _ = run_corpus("network", tmp_path)
    assert ns["numFeatures"] == 12 and ns["units"] == 10
    assert len(ns["YPred"]) == 5 and ns["scores"].shape == (5, 9)
    assert len(ns["lossHistory"]) == 10                    # 270 / 27 iterations


# --------------------------------------------------------------------------- front end
def test_quote_versus_transpose():
    kinds = [(t.kind, t.value) for t in tokenize("y = x' + 'a''b';")][:6]
    assert kinds == [("id", "y"), ("op", "="), ("id", "x"), ("op", "'"), ("op", "+"),
                     ("chr", "a'b")]
    e = parse("y = [a' b'];").body[0].value
    assert isinstance(e, Matrix) and all(isinstance(v, Postfix) for v in e.rows[0])
    e = parse("y = [a 'b'];").body[0].value
    assert isinstance(e.rows[0][1], Str)


@pytest.mark.parametrize("text, count", [("[1 -2]", 2), ("[1 - 2]", 1), ("[1 -2 + 3]", 2),
                                         ("[a (1)]", 2), ("[f(1) g(2)]", 2), ("[x' y']", 2),
                                         ("[1, 2\n3, 4]", 2), ("{'a' \"b\" @sin}", 3)])
def test_whitespace_separates_matrix_elements(text, count):
    e = parse("v = " + text + ";").body[0].value
    assert len(e.rows[0]) == count


def test_end_inside_indexing_and_ranges():
    e = parse("y = x(end-1:end, :);").body[0].value
    assert isinstance(e, Index) and isinstance(e.args[0], Range)
    assert translate("x = zeros(3); y = x(end-1:end, :);").splitlines()[-1] == "y = x[-2:, :]"


@pytest.mark.parametrize("source, line, column, words", [
    ("x = [1 2\ny = 3\n", 1, 5, "never closed"),
    ("x = 1 +* 2;", 1, 8, "unexpected '*'"),
    ("if x\n  y = 1;\n", 3, 1, "never closed"),
    ("a = 1;\nglobal counter\n", 2, 1, "'global' variables are not translated"),
    ("function f()\npersistent n\nend\n", 2, 1, "'persistent' variables are not translated"),
    ("s = 'abc;\n", 1, 5, "not terminated"),
    ("x = (1 + 2;\n", 1, 5, "unexpected end of line"),
    ("y = x(1,);", 1, 9, "expected an argument"),
    ("classdef Model < handle\nend\n", 1, 1, "class definition (classdef) is not translated"),
])
def test_parse_errors_name_line_and_column(source, line, column, words):
    with pytest.raises(MatlabSyntaxError) as info:
        translate(source)
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert words in err.message
    assert f"line {line}, column {column}" in str(err)


def test_command_syntax_and_function_calls_are_told_apart():
    code = translate("hold on\nx = 3;\nx - 1\nformat long g\nclose all\n")
    assert "# hold on" in code and "plt.close(\"all\")" in code
    assert 'display("ans", x - 1)' in code
    assert "np.set_printoptions(precision=15)" in code


def test_unknown_names_are_marked_not_dropped():
    code = translate("y = mystery(3) + workspaceValue;\n")
    line = code.splitlines()[-1]
    assert line.startswith("y = mystery(3) + workspaceValue")
    assert line.count("TODO(port)") == 2


def test_training_options_can_be_overridden():
    code = translate("o = trainingOptions('adam', 'MaxEpochs', 250);\n"
                     "p = trainingOptions(\"sgdm\", MaxEpochs=9, Verbose=false);\n",
                     training_options={"MaxEpochs": 2, "Plots": "none"})
    assert "trainingOptions('adam', 'MaxEpochs', 2, \"Plots\", \"none\")" in code
    assert "trainingOptions(\"sgdm\", MaxEpochs=2, Verbose=False, Plots=\"none\")" in code


def test_keyword_arguments_stay_valid_python():
    code = translate("n = trainingOptions('adam', MaxEpochs=3, 'Verbose', 0, MaxEpochs=4);\n")
    assert "trainingOptions('adam', \"MaxEpochs\", 3, 'Verbose', 0, MaxEpochs=4)" in code
    assert "'continue' outside a loop" in translate("x = 1;\ncontinue\n")


def test_a_function_file_alone_becomes_a_module_of_functions():
    code = translate("function [m, s] = stats(x)\n% STATS mean and spread\nm = mean(x);\n"
                     "s = std(x);\nend\n", name="stats.m")
    assert code.rstrip().endswith("return m if nargout == 1 else (m, s)[:nargout]")
    ns = {}
    exec(compile(code, "stats.py", "exec"), ns)
    assert ns["stats"](np.array([1.0, 2.0, 3.0]), nargout=2) == (2.0, 1.0)


def test_function_files_given_alongside_become_functions():
    script = "y = twice(4);\n"
    function_file = "function r = twice(x)\n% TWICE doubles\nr = 2 * x;\nend\n"
    code = translate(script, name="main.m", functions=[function_file])
    ns = {}
    exec(compile(code, "main.py", "exec"), ns)
    assert ns["y"] == 8
    assert code.index("def twice(x):") < code.index("y = twice(4)")


# --------------------------------------------------------------------------- robustness
def mutations(source, rng, count):
    pieces = ["(", ")", "[", "]", "{", "}", "'", '"', "end", ";", ",", ":", "...", "%",
              "=", "+", "-", "*", ".^", "~", "@", "if", "for", "1", "x", "\n", " "]
    for _ in range(count):
        text = list(source)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(text) + 1)
            action = rng.random()
            if action < 0.4 and text:
                del text[min(k, len(text) - 1)]
            elif action < 0.8:
                text.insert(k, rng.choice(pieces))
            else:
                lines = "".join(text).split("\n")
                j = rng.randrange(len(lines))
                lines.insert(j, lines[rng.randrange(len(lines))])
                text = list("\n".join(lines))
        yield "".join(text)


@pytest.mark.parametrize("name", SCRIPTS)
def test_mutated_scripts_give_a_located_error_or_python_that_compiles(name):
    rng = random.Random(name)
    source = corpus_source(name)
    outcomes = {"error": 0, "python": 0}
    for mutated in mutations(source, rng, 40):
        try:
            code = translate(mutated)
        except MatlabSyntaxError as err:
            assert err.line >= 1 and err.column >= 1
            outcomes["error"] += 1
            continue
        compile(code, "mutated.py", "exec")
        outcomes["python"] += 1
    assert outcomes["python"] > 0


# --------------------------------------------------------------------------- command line
def test_command_line_writes_a_file_and_reports_errors(tmp_path):
    script = tmp_path / "demo.m"
    script.write_text("x = [1 2 3];\ntotal = sum(x)\n")
    out = tmp_path / "demo.py"
    env = {**os.environ, "PYTHONPATH": ROOT}
    result = subprocess.run([sys.executable, "-m", "matlabnn.port", str(script), "-o", str(out)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("# Python translation of demo.m")
    result = subprocess.run([sys.executable, "-m", "matlabnn.port", str(script)],
                            capture_output=True, text=True, env=env)
    assert "total = np.sum(x)" in result.stdout
    helper = tmp_path / "twice.m"
    helper.write_text("function r = twice(x)\nr = 2 * x;\nend\n")
    main = tmp_path / "main.m"
    main.write_text("y = twice(4)\n")
    result = subprocess.run([sys.executable, "-m", "matlabnn.port", str(main), str(helper)],
                            capture_output=True, text=True, env=env)
    assert "def twice(x):" in result.stdout and 'display("y", y)' in result.stdout
    bad = tmp_path / "bad.m"
    bad.write_text("x = [1 2\n")
    result = subprocess.run([sys.executable, "-m", "matlabnn.port", str(bad)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "bad.m:1:5: error: '[' is never closed" in result.stderr


# --------------------------------------------------------------------------- run-time helpers
def test_assign_index_grows_like_matlab():
    assert list(runtime.assign_index(np.zeros(0), 2, 5.0)) == [0, 0, 5]
    row = runtime.assign_index(np.array([[1.0]]), (0, 2), 3.0)       # 1-by-1 -> 1-by-3
    assert row.shape == (3,) and list(row) == [1, 0, 3]
    grid = runtime.assign_index(np.zeros((0, 0)), (1, 1), 4.0)
    np.testing.assert_array_equal(grid, [[0, 0], [0, 4]])
    column = runtime.assign_index(np.zeros((2, 0)), (slice(None), 0), np.array([[1.0], [2.0]]))
    np.testing.assert_array_equal(column, [[1], [2]])
    cells = runtime.assign_index([], 1, "b")
    assert len(cells) == 2 and cells[1] == "b" and cells[0].size == 0


def test_sizes_and_text():
    assert runtime.size(np.zeros(4)) == (1, 4) and runtime.size([1, 2, 3], 1) == 3
    assert runtime.size(np.zeros((2, 3, 4)), nargout=2) == (2, 12)
    assert runtime.numel([np.zeros((2, 2))]) == 1 and runtime.length(np.zeros((2, 5))) == 5
    assert runtime.isempty([]) and not runtime.isempty(np.zeros(1))
    assert runtime.num2str(np.pi) == "3.1416" and runtime.num2str([1, 2]) == "1  2"
    assert runtime.string(np.array([1, 2])) == ["1", "2"] and runtime.string(2.5) == "2.5"
    np.testing.assert_allclose(runtime.colon(0, 0.1, 0.3), [0, 0.1, 0.2, 0.3])
    assert runtime.round_half_away(2.5) == 3 and runtime.round_half_away(-2.5) == -3
    np.testing.assert_array_equal(runtime.round_half_away(np.array([0.5, 1.4, -1.5])),
                                  [1, 1, -2])
    assert len(runtime.colon(1, 0.5, 0.9)) == 0


def test_readme_example_is_what_the_translator_writes():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme.split("## Translate a MATLAB script", 1)[1]
    matlab = section.split("```matlab\n", 1)[1].split("```", 1)[0]
    python = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert translate(matlab, name="forecast.m") == python


def test_round_trip_columns(tmp_path):
    ns, _ = run_corpus("columns", tmp_path)
    np.testing.assert_array_equal(ns["y"], [[10], [20], [30], [40]])
    np.testing.assert_array_equal(ns["firstTwo"], [[10], [20]])
    assert ns["third"] == 30 and ns["cTotal"] == 6
    np.testing.assert_array_equal(ns["A"], [[1, 2, 3], [-1, -2, -3]])
    np.testing.assert_array_equal(ns["isBeta"], [False, True, False])
    np.testing.assert_array_equal(ns["where"], [2])
    assert ns["half"] == 3
    np.testing.assert_array_equal(ns["sideBySide"], [[1, 3], [2, 4]])
    np.testing.assert_array_equal(ns["firstColumnAsRow"], [1, 3])
    np.testing.assert_array_equal(ns["K"], [[3, 4]])            # rows picked by a logical column


def test_reductions_of_unknown_shape_follow_matlabs_first_dimension():
    row, column = np.array([[1.0, 2.0, 6.0]]), np.array([[1.0], [2.0], [6.0]])
    assert runtime.along_first(np.mean, row) == 3 and runtime.along_first(np.mean, column) == 3
    np.testing.assert_array_equal(runtime.along_first(np.sum, np.ones((2, 3))), [2, 2, 2])
    assert runtime.along_first(np.argmax, row) == 2
    code = translate("y = predict(net, x);\nm = mean(y);\n[v, i] = max(y);\n")
    assert "m = along_first(np.mean, y)" in code
    assert "i = along_first(np.argmax, y) + 1" in code


def test_round_trip_forecast(tmp_path):
    from matlabnn import rng
    rng(0)
    ns, _ = run_corpus("forecast", tmp_path)
    t = np.arange(100)
    values = np.sin(t / 5) + 2
    standardized = (values - values.mean()) / values.std(ddof=1)
    np.testing.assert_allclose(ns["XTrain"], standardized[:-1])            # a 1-D row
    assert ns["t"].shape == (100, 1) and ns["values"].shape == (100, 1)
    YPred = np.asarray(ns["YPred"])
    assert ns["r"] == pytest.approx(np.sqrt(np.mean((YPred - standardized[1:]) ** 2)))
    assert ns["Yf"].shape == (5,) and np.all(np.isfinite(ns["Yf"]))


def test_variables_named_like_python_or_helper_names_are_renamed():
    code = translate("length = 3;\nlambda = 2;\nnp = length * lambda;\nx = numel({1, 2});\n")
    assert "length_ = 3" in code and "lambda_ = 2" in code and "np_ = length_ * lambda_" in code
    ns = {}
    exec(compile(code, "renamed.py", "exec"), ns)
    assert ns["np_"] == 6 and ns["x"] == 2


def test_the_repositorys_own_matlab_function_translates():
    """examples/matlab/exportNetwork.m: a long function file with structs and cells."""
    with open(os.path.join(ROOT, "examples", "matlab", "exportNetwork.m"), encoding="utf-8") as f:
        code = translate(f.read(), name="exportNetwork.m")
    compile(code, "exportNetwork.py", "exec")
    lines = code.splitlines()
    todo = [line for line in lines if "# TODO(port)" in line]
    assert "def exportNetwork(net=None, filename=None):" in code
    assert len(todo) * 10 <= len([line for line in lines if line.strip()])
