"""MATLAB's rand, randn, randi, randperm, rng and RandStream give MATLAB's own numbers.

Every expected value below is a MATLAB output from a cited source; each test
starts from its own ``rng default`` (or its own stream), as MATLAB's documentation
examples start from a fresh session.
"""
import os

import numpy as np
import pytest

from matlabnn import RandStream, rand, randi, randn, randperm, rng
from matlabnn.errors import MatlabnnError, MatlabnnTypeError, MatlabnnValueError
from matlabnn.random._ziggurat_table import EDGES

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "matlab_randn_default_84x2.txt")


@pytest.fixture(autouse=True)
def restore_rng():
    saved = rng()
    yield
    rng(saved)


def matlab_4(values):
    """MATLAB's 'format short' rounding, for values documented with 4 decimals."""
    return np.round(np.asarray(values, dtype=float), 4)


def numpy_doubles(seed, skip_doubles, count):
    """genrand_res53 doubles by numpy's own legacy generator (init_genrand(seed))."""
    stream = np.random.RandomState(seed)
    stream.random_sample(skip_doubles)
    return stream.random_sample(count)


# --- rand --------------------------------------------------------------------------------

def test_rand_row_after_rng_default():
    # MATLAB rand documentation / issue 14: rng default; rand(1,5)
    rng("default")
    np.testing.assert_array_equal(matlab_4(rand(1, 5)),
                                  [[0.8147, 0.9058, 0.1270, 0.9134, 0.6324]])


def test_rand_square_fills_columns_first():
    # issue 14 (MATLAB rand documentation): rng default; rand(3)
    rng("default")
    np.testing.assert_array_equal(matlab_4(rand(3)), [[0.8147, 0.9134, 0.2785],
                                                      [0.9058, 0.6324, 0.5469],
                                                      [0.1270, 0.0975, 0.9575]])


def test_first_number_of_a_fresh_matlab_in_full():
    # Moler, Numerical Computing with MATLAB, ch. 9: "0.814723686393179 ... the first
    # number produced by the Matlab random number generator with its default settings"
    rng("default")
    assert f"{rand():.15f}" == "0.814723686393179"


def test_rand_continues_the_stream_across_calls():
    # A MATLAB session log (public repository of MATLAB exercises): after five values,
    # A = rand(3), B = rand(1,3), C = rand(3,1) print these numbers.
    rng("default")
    rand(1, 5)
    np.testing.assert_array_equal(matlab_4(rand(3)), [[0.0975, 0.9575, 0.9706],
                                                      [0.2785, 0.9649, 0.9572],
                                                      [0.5469, 0.1576, 0.4854]])
    np.testing.assert_array_equal(matlab_4(rand(1, 3)), [[0.8003, 0.1419, 0.4218]])
    np.testing.assert_array_equal(matlab_4(rand(3, 1)), [[0.9157], [0.7922], [0.9595]])


def test_rand_with_other_seeds():
    # Stack Overflow 38461588: RandStream('mt19937ar','seed',1); rand -> 0.417022004702574
    rng(1)
    assert f"{rand():.15f}" == "0.417022004702574"
    # "Reproducing Random Numbers in Matlab and Python / NumPy": rng(22); rand(1,10)
    rng(22)
    np.testing.assert_array_equal(matlab_4(rand(1, 10)), [[0.2085, 0.4817, 0.4205, 0.8592, 0.1712,
                                                           0.3389, 0.2705, 0.6910, 0.2204, 0.8120]])


def test_rand_3_by_5_with_seed_1337_in_full():
    # Q&A answer comparing MATLAB and numpy: rand('twister',1337); A = rand(3,5), format long
    rng(1337, "twister")
    expected = [[0.262024675015582, 0.459316887214567, 0.261942925565145, 0.115274226683149,
                 0.125057926335599],
                [0.158683972154466, 0.321000540520167, 0.976085284877434, 0.386275068634359,
                 0.983548605143641],
                [0.278126519494360, 0.518392820597537, 0.732814552690482, 0.628501179539712,
                 0.443224868645128]]
    np.testing.assert_allclose(rand(3, 5), expected, rtol=0, atol=5e-16)


# --- randn -------------------------------------------------------------------------------

def test_randn_row_after_rng_default():
    # issue 14 (MATLAB randn documentation): rng default; randn(1,5)
    rng("default")
    np.testing.assert_array_equal(matlab_4(randn(1, 5)),
                                  [[0.5377, 1.8339, -2.2588, 0.8622, 0.3188]])


def test_randn_bit_for_bit():
    # rng default; randn values with 17 significant digits (exact doubles), from the IDFT
    # test vectors of a public Python PRACH test suite (prach.math tests): the first 8
    # values, then values 9-16 and 17-24 as the real and imaginary parts of one vector.
    rng("default")
    expected = [
        0.53766713954610001, 1.8338850145950865, -2.2588468610036481, 0.86217332036812055,
        0.31876523985898081, -1.3076882963052734, -0.43359202230568356, 0.34262446653864992,
        3.5783969397257605, 2.7694370298848772, -1.3498869401565212, 3.0349234663318545,
        0.72540422494610557, -0.063054873189656191, 0.71474290382609584, -0.20496605829977463,
        -0.12414434821631191, 1.4896976077854649, 1.4090344898004792, 1.4171924134296139,
        0.6714971336080805, -1.2074869226850378, 0.71723865132883846, 1.6302352891647292]
    np.testing.assert_array_equal(randn(1, 24), [expected])


def test_randn_84_by_2_matches_the_published_listing():
    # tests/golden/matlab_randn_default_84x2.txt (source in its header). The listing
    # passes the ziggurat's rarer steps: a wedge accepted (value 52) and a wedge
    # rejected (an attempt that produces no value), so the whole stream position is checked.
    rng("default")
    expected = np.loadtxt(GOLDEN)
    np.testing.assert_allclose(randn(84, 2), expected, rtol=1e-15, atol=0)


def test_randn_with_seed_1():
    # Stack Overflow 38461588: RandStream('mt19937ar','seed',1); randn -> -0.649013765191241
    s = RandStream("mt19937ar", "Seed", 1)
    assert f"{randn(s):.15f}" == "-0.649013765191241"


# --- randi -------------------------------------------------------------------------------

def test_randi_after_rng_default():
    # MATLAB randi documentation, example 4: rng('default'); randi(10,1,5)
    rng("default")
    np.testing.assert_array_equal(randi(10, 1, 5), [[9, 10, 2, 10, 7]])


def test_randi_range_uses_one_double_per_value():
    # One rand double u per integer: imin + floor(u*(imax-imin+1)) (MATLAB randi page:
    # "randi uses one uniform random value to create each integer"); the doubles come
    # from numpy's own generator seeded as MATLAB's default.
    rng("default")
    u = numpy_doubles(5489, 0, 6)
    expected = (-5 + np.floor(u * 11)).reshape(2, 3, order="F")
    np.testing.assert_array_equal(randi([-5, 5], 2, 3), expected)


def test_randi_classes():
    rng("default")
    x = randi([0, 255], 1, 4, "uint8")
    assert x.dtype == np.uint8
    rng("default")
    np.testing.assert_array_equal(x, randi([0, 255], 1, 4))
    assert randi(5, 2, "like", np.int16(1)).dtype == np.int16


# --- randperm ----------------------------------------------------------------------------

def test_randperm_after_rng_default():
    # MATLAB randperm documentation: randperm(6) and randperm(8) in fresh sessions
    rng("default")
    np.testing.assert_array_equal(randperm(6), [[6, 3, 5, 1, 2, 4]])
    rng("default")
    np.testing.assert_array_equal(randperm(8), [[6, 3, 7, 8, 5, 1, 2, 4]])


def test_randperm_with_a_stream():
    # MATLAB randperm (RandStream) documentation: s = RandStream('mt19937ar','Seed',0);
    # randperm(s,6)
    s = RandStream("mt19937ar", "Seed", 0)
    np.testing.assert_array_equal(randperm(s, 6), [[6, 3, 5, 1, 2, 4]])


def test_randperm_15_with_seed_42():
    # Stack Overflow "Recreate randperm Matlab function in Python" (MATLAB R2017b):
    # rng(42); randperm(15)
    rng(42)
    np.testing.assert_array_equal(
        randperm(15), [[11, 7, 6, 5, 15, 14, 1, 4, 9, 10, 3, 13, 8, 2, 12]])


def test_randperm_k_large_n():
    # A public C++ port of MATLAB code (MatlabTwister::randperm_k, "verified against
    # MATLAB R2025a"): rng(1); randperm(100,2) = [42 72]. k < n/4: each pick takes
    # randi(m) among the m values left and moves the last value into its place.
    rng(1)
    np.testing.assert_array_equal(randperm(100, 2), [[42, 72]])


def test_randperm_k_after_rng_default():
    # MATLAB randperm documentation: r1 = randperm(8,4) in a fresh session, then
    # "another" r2 = randperm(8,4) (n/4 <= k < n)
    rng("default")
    np.testing.assert_array_equal(randperm(8, 4), [[6, 4, 7, 3]])
    np.testing.assert_array_equal(randperm(8, 4), [[8, 7, 5, 4]])


def test_randperm_k_with_a_stream():
    # MATLAB randperm (RandStream) documentation: after randperm(s,6), randperm(s,10,3)
    s = RandStream("mt19937ar", "Seed", 0)
    randperm(s, 6)
    np.testing.assert_array_equal(randperm(s, 10, 3), [[1, 8, 9]])


def test_randperm_k_step_by_step():
    # k < n/4, done by hand on numpy's doubles: pick slot floor(m*u) among the m
    # values left, then move the last value into the picked slot.
    rng(1)
    got = randperm(1000, 6)
    left, picks = list(range(1, 1001)), []
    for u in numpy_doubles(1, 0, 6):
        j = int(np.floor(u * len(left)))
        picks.append(left[j])
        left[j] = left[-1]
        left.pop()
    np.testing.assert_array_equal(got, [picks])
    assert rand() == numpy_doubles(1, 6, 1)[0]                  # k doubles used


def test_randperm_k_selection_step_by_step():
    # n/4 <= k < n, by hand on numpy's doubles. Values v = 1, 2, ... are passed in
    # increasing order; for the i-th pick one double u is compared with the running
    # probability that the next value taken is v (needed/left for v, plus the
    # chance of each later v given the earlier ones were passed over), and a second
    # double puts the taken value at a random slot among the first i (inside-out).
    rng(5)
    n, k = 12, 7
    got = randperm(n, k)
    u = numpy_doubles(5, 0, 2 * k)
    picks, v = [], 0
    for i in range(k):
        needed, left = k - i, n - v
        covered = needed / left
        while u[2 * i] > covered:
            v, left = v + 1, left - 1
            covered += (1 - covered) * (needed / left)
        v += 1
        j = int(np.floor(u[2 * i + 1] * (i + 1)))
        picks.append(None)
        picks[i], picks[j] = picks[j], v
    np.testing.assert_array_equal(got, [picks])
    assert rand() == numpy_doubles(5, 2 * k, 1)[0]              # 2k doubles used


def test_randperm_n_n_is_its_own_shuffle():
    # randperm(n,n) is an inside-out shuffle (n-1 doubles), not randperm(n)'s order,
    # as MATLAB's documentation warns: "they can give different random orderings".
    rng(2)
    got = randperm(6, 6)
    p = [1]
    for m, u in enumerate(numpy_doubles(2, 0, 5), start=2):
        j = int(np.floor(u * m))
        p.append(p[j])
        p[j] = m
    np.testing.assert_array_equal(got, [p])
    assert rand() == numpy_doubles(2, 5, 1)[0]
    rng(2)
    shuffled = randperm(6, 6)
    rng(2)
    assert not np.array_equal(shuffled, randperm(6))


def test_randperm_k_draws_k_unique_values():
    rng(3)
    p = randperm(1000, 10)
    assert p.shape == (1, 10) and len(set(p.ravel())) == 10
    assert p.min() >= 1 and p.max() <= 1000
    assert sorted(randperm(5, 5).ravel()) == [1, 2, 3, 4, 5]
    assert randperm(2 ** 40, 3).shape == (1, 3)       # no n-element array for large n
    assert randperm(0).shape == (1, 0)


# --- one stream, mixed calls -------------------------------------------------------------

def numpy_words(seed, skip_words, count):
    """Raw 32-bit twister outputs by numpy's own legacy generator."""
    stream = np.random.RandomState(seed)
    stream.randint(0, 2 ** 32, size=skip_words, dtype=np.uint64)
    return [int(w) for w in stream.randint(0, 2 ** 32, size=count, dtype=np.uint64)]


def ziggurat_core_value(a, b):
    """One accepted ziggurat attempt from words (a, b), by the documented bit layout."""
    layer = b >> 24
    u = (((a >> 3) << 24) | (b & 0xFFFFFF)) / 2 ** 52 - 1
    assert abs(u) < EDGES[layer] / EDGES[layer + 1]          # inside the layer above
    return u * EDGES[layer + 1]


def test_mixed_calls_continue_one_stream():
    # rand, randn, randperm and rand again in one stream, against the same computation
    # done step by step from numpy's own twister words (seed 0 = init_genrand(5489)).
    rng("default")
    a = rand(1, 2)                      # words 0-3
    z = randn(1, 3)                     # three accepted ziggurat attempts: words 4-9
    b = rand(1, 2)                      # words 10-13
    p = randperm(5)                     # words 14-23, ordered
    c = rand()                          # words 24-25
    np.testing.assert_array_equal(a, [numpy_doubles(5489, 0, 2)])
    w = numpy_words(5489, 4, 6)
    np.testing.assert_array_equal(z, [[ziggurat_core_value(w[k], w[k + 1]) for k in (0, 2, 4)]])
    np.testing.assert_array_equal(b, [numpy_doubles(5489, 5, 2)])
    np.testing.assert_array_equal(p, [np.argsort(numpy_doubles(5489, 7, 5)) + 1])
    assert c == numpy_doubles(5489, 12, 1)[0]
    # and a stream doing the same calls one value at a time agrees
    s = RandStream("mt19937ar", "Seed", 0)
    steps = [rand(s) for _ in range(2)] + [randn(s) for _ in range(3)] + [rand(s) for _ in range(2)]
    np.testing.assert_array_equal(steps, np.concatenate([a, z, b], axis=1).ravel())
    np.testing.assert_array_equal(randperm(s, 5), p)
    assert rand(s) == c


def test_mixed_calls_after_a_ziggurat_wedge():
    # randn(1,52) ends with a wedge-tested value that reads one more double (published
    # listing, value 52); rand then continues after 53 pairs of words.
    rng("default")
    z = randn(1, 52)
    np.testing.assert_allclose(z.ravel(), np.loadtxt(GOLDEN)[:52, 0], rtol=1e-15, atol=0)
    assert rand() == numpy_doubles(5489, 53, 1)[0]


def test_tail_values_and_block_boundaries():
    # Seed 3: value 356 comes from the ziggurat's tail (|x| >= r = 3.6541...), which
    # reads a variable number of pairs. Splitting the calls at the tail, or ending a
    # call on it, must give the same stream as one call. (No published MATLAB value
    # covers the tail: README.)
    rng(3)
    whole = randn(1, 1356).ravel()
    after_whole = rand()
    assert abs(whole[355]) >= 3.6541528853610088
    rng(3)
    pieces = np.concatenate([randn(1, 355).ravel(), [randn()], randn(1, 1000).ravel()])
    np.testing.assert_array_equal(pieces, whole)
    assert rand() == after_whole


def test_one_call_equals_many_small_calls():
    rng(5)
    whole = randn(1, 2000)
    rng(5)
    pieces = np.concatenate([randn(1, k) for k in (1, 7, 992, 500, 500)], axis=1)
    np.testing.assert_array_equal(whole, pieces)


# --- rng and RandStream ------------------------------------------------------------------

def test_rng_settings_are_matlabs():
    rng("default")
    s = rng()
    assert s.Type == "twister" and s.Seed == 0
    assert s.State.shape == (625, 1) and s.State.dtype == np.uint32
    assert int(s.State[-1, 0]) == 624            # a freshly seeded twister
    first = rand(1, 3)
    rng(s)
    np.testing.assert_array_equal(rand(1, 3), first)
    assert "State: [625" in repr(s)


def test_rng_restores_from_a_plain_struct():
    rng(9)
    rand(1, 4)
    saved = dict(rng())                          # only Type, Seed, State (e.g. from a MAT file)
    expected = rand(2, 2)
    rng(0)
    rng(saved)
    np.testing.assert_array_equal(rand(2, 2), expected)


def test_rng_settings_through_a_mat_file(tmp_path):
    # s = rng; save('s.mat', 's') ... S = load('s.mat'); rng(S.s): the struct MATLAB
    # writes has the same fields (State a 625-by-1 uint32), so this also takes
    # settings saved in MATLAB.
    from matlabnn import load, save
    rng(4)
    rand(3)
    path = str(tmp_path / "s.mat")
    save(path, s=rng())
    expected = rand(1, 3)
    rng(0)
    rng(load(path).s)
    np.testing.assert_array_equal(rand(1, 3), expected)


def test_rng_seeds_numpy_legacy_generator():
    rng(0)
    np.testing.assert_array_equal(np.random.rand(5), rand(1, 5).ravel())
    rng(7)
    a = np.random.randn(3)
    rng(7)
    np.testing.assert_array_equal(np.random.randn(3), a)


def test_global_stream_and_streams_are_independent():
    rng("default")
    g = RandStream.getGlobalStream()
    assert g.Type == "mt19937ar" and g.Seed == 0
    s = RandStream("twister", "Seed", 0)
    np.testing.assert_array_equal(rand(s, 1, 3), rand(1, 3))   # same seed, separate streams
    prev = RandStream.setGlobalStream(RandStream("mt19937ar", "Seed", 1))
    try:
        assert f"{rand():.15f}" == "0.417022004702574"
    finally:
        RandStream.setGlobalStream(prev)


def test_stream_reset_and_state():
    s = RandStream("mt19937ar", Seed=3)
    first = s.rand(1, 4)
    s.reset()
    np.testing.assert_array_equal(s.rand(1, 4), first)
    st = s.State
    after = s.randn(2)
    s.State = st
    np.testing.assert_array_equal(s.randn(2), after)
    s.reset(1)
    assert s.Seed == 1 and f"{s.rand():.15f}" == "0.417022004702574"
    assert repr(s) == "mt19937ar random stream\n             Seed: 1\n  NormalTransform: Ziggurat\n"


# --- sizes, classes and errors -----------------------------------------------------------

def test_size_forms():
    assert np.ndim(rand()) == 0 and isinstance(rand(), np.float64)
    assert rand(3).shape == (3, 3)
    assert rand(2, 4).shape == rand([2, 4]).shape == rand(np.array([2, 4])).shape == (2, 4)
    assert rand(2, 3, 4).shape == (2, 3, 4)
    assert rand(2, 3, 1, 1).shape == (2, 3)              # trailing singletons dropped
    assert rand(-1, 3).shape == (0, 3)                   # negative sizes count as 0
    assert randn(0).shape == (0, 0)
    assert randi(4, [2, 1]).shape == (2, 1)


def test_3d_arrays_fill_column_major():
    rng("default")
    x = rand(2, 2, 2)
    np.testing.assert_array_equal(x[:, :, 1].ravel(order="F"), numpy_doubles(5489, 4, 4))


def test_single_and_like():
    rng("default")
    d = rand(1, 5)
    rng("default")
    s = rand(1, 5, "single")
    assert s.dtype == np.float32
    np.testing.assert_array_equal(s, d.astype(np.float32))
    assert rand(2, "like", np.zeros(1, np.float32)).dtype == np.float32
    assert randn("single").dtype == np.float32


@pytest.mark.parametrize("call,match", [
    (lambda: rand(2.5), "size inputs must be integers"),
    (lambda: rand(2, [3, 4]), "must be scalar"),
    (lambda: rand(3, "int8"), "class name must be 'double' or 'single'"),
    (lambda: rand(3, "like", np.int8(1)), "'like' needs an array of class"),
    (lambda: randn(np.nan), "size inputs must be integers"),
    (lambda: randi(0), "positive integer IMAX"),
    (lambda: randi([5, 2]), "IMIN <= IMAX"),
    (lambda: randi(1.5), "positive integer IMAX"),
    (lambda: randi(300, 1, "int8"), "does not fit class 'int8'"),
    (lambda: randperm(3, 5), "K \\(5\\) must be less than or equal to N \\(3\\)"),
    (lambda: randperm(-1), "nonnegative integer"),
    (lambda: RandStream("philox"), "not supported"),
    (lambda: RandStream("mt19937ar", "Seed", -1), "nonnegative integer"),
    (lambda: RandStream("mt19937ar", "NormalTransform", "Polar"), "Ziggurat"),
    (lambda: rng({"Type": "twister", "Seed": 0, "State": np.zeros(10)}), "625-by-1 uint32"),
    (lambda: rng({"Type": "twister", "Seed": 0, "State": np.full(625, 999)}), "625-by-1"),
])
def test_matlab_style_errors(call, match):
    with pytest.raises(MatlabnnError, match=match):
        call()


def test_error_types_and_stream_unharmed():
    s = RandStream("mt19937ar", "Seed", 2)
    before = s.State
    with pytest.raises(MatlabnnTypeError):
        randi(s)
    with pytest.raises(MatlabnnValueError):
        s.State = np.zeros(3)
    np.testing.assert_array_equal(s.State, before)
