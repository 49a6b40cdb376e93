"""LSTM forward / backward kernels (time-major, MATLAB weight layout).

Equations (MATLAB gate order i, f, g, o in W (4H, C), R (4H, H), b (4H,)):

    G   = W x_t + R h_{t-1} + b
    i = sg(G_i)  f = sg(G_f)  g = sc(G_g)  o = sg(G_o)
    c_t = f * c_{t-1} + i * g
    h_t = o * sc(c_t)

Padded steps (``mask[t, n] == False``) carry h and c unchanged; the output at
such a step is the carried h.

Implementation notes
--------------------
* Per time step all arrays are feature-major, (units, N), so that every gate
  block is one contiguous array (strided row slices cost a lot in numpy).
  The input projection of all steps is one GEMM; only R @ h_{t-1} runs per step.
* Forward gate order is (i, f, o, g) followed by a fifth slot holding c_{t-1}:
  the three gate blocks are contiguous (one fused activation) and
  [i, f] * [g, c_{t-1}] is one multiply.  Gate rows of W, R and b are
  prescaled so that each activation is cheap in-place arithmetic (see
  ``_prepare``): for narrow batches one tanh call covers all four blocks, for
  wide ones an exp-based form is used (numpy's exp costs about half of its
  tanh per element).
* Backward order is (g, i, f, o) plus a slot for o*sc'(c): every factor that
  does not depend on the recurrence is precomputed for all steps at once, so
  the reverse loop is 6 numpy calls per step; dX, dW, dR and db are each one
  product over all steps.
* Cache (dict, treat as opaque and read-only): X, Wb, Rb (backward-ordered
  weights), E (S+1, 5H, N) activated gates + c_{t-1}, Hb (S+1, H, N) hidden
  states (h0 first), TC (S, H, N) sc(c_t), mask, names, H, state shapes.
  Memory: about (S+1)*N*(7H) values plus X.
"""

import itertools

import numpy as np
from scipy.linalg import blas as _blas

from .. import _threads
from . import activations as _act
from ._common import (GATE_SCALE, INFERENCE_CHUNK_ELEMS, check_mask, check_names,
                      compute_dtype, empty, init_state, make_gate_act, make_state_act,
                      state_grad)
from ._common import run_pair
from .dense import matmul_nn, matmul_tn

__all__ = ["lstm_forward", "lstm_backward"]

# _FWD[k] / _BWD[k]: which MATLAB block (i=0, f=1, g=2, o=3) internal block k is.
_FWD = (0, 1, 3, 2)       # forward:  i, f, o, g
_BWD = (2, 0, 1, 3)       # backward: g, i, f, o
_BWD_INV = (1, 2, 0, 3)   # MATLAB block j is backward block _BWD_INV[j]


def _reorder(A, H, perm):
    shp = A.shape
    return A.reshape((4, H) + shp[1:])[list(perm)].reshape(shp)


# Below this batch width the sigmoid/tanh pair runs as one tanh call over all
# gates ("tanh" mode); from it on, as exp-based arithmetic ("exp" mode): numpy's
# float32 exp costs about half of its tanh per element, which outweighs the
# two extra calls once a step has a few thousand gate values.
EXP_MIN_N = 4


def _act_mode(gate, state, N):
    """'exp' (sigmoid gates, tanh state, wide batches) or the gate name."""
    if gate == "sigmoid" and state == "tanh" and N >= EXP_MIN_N:
        return "exp"
    return gate


def _prepare(W, R, b, H, mode, dtype, N):
    """Forward weights (reordered, gate rows prescaled for ``mode``) and backward weights.

    Prescaling turns each activation into cheap in-place arithmetic on
    a' = scale*a + shift:
      sigmoid / tanh mode:  a' = a/2 on i, f, o      sg = 0.5*tanh(a') + 0.5
      hard-sigmoid:         a' = 0.2a + 0.5          clip(a', 0, 1)
      exp mode:             a' = -a on i, f, o       sg   = 1 / (1 + exp(a'))
                            a' = -2a on g            tanh = 2 / (1 + exp(a')) - 1
    For N == 1 the recurrent weights come in Fortran order, which the per-step
    gemv (``_accumulator``) takes without a copy.
    """
    W = np.asarray(W, dtype)
    R = np.asarray(R, dtype)
    b = np.asarray(b, dtype).reshape(4 * H)
    if mode == "exp":
        scale = np.repeat(np.array([-1, -1, -1, -2], dtype), H)
        shift = 0.0
    else:
        s, shift = GATE_SCALE[mode]
        scale = np.repeat(np.array([s, s, s, 1], dtype), H)
    Ws = _reorder(W, H, _FWD) * scale[:, None]
    Rs = np.multiply(_reorder(R, H, _FWD), scale[:, None], order="F" if N == 1 else "C")
    bs = _reorder(b, H, _FWD) * scale
    bs[:3 * H] += shift
    Wb = np.ascontiguousarray(_reorder(W, H, _BWD))          # (4H, C) unscaled
    Rb = np.ascontiguousarray(_reorder(R, H, _BWD))          # (4H, H) unscaled
    return Ws, Rs, bs, Wb, Rb


def _make_step_act(mode, state, N, H, dtype):
    """In-place activation of one step's prescaled pre-activations (4H, N),
    block order (i, f, o, g); see ``_prepare`` for the modes."""
    H3 = 3 * H
    mul, add, sub, div = np.multiply, np.add, np.subtract, np.divide
    # 0-d arrays: a Python float costs about 1 us per call
    half, one, two = np.array(0.5, dtype), np.array(1, dtype), np.array(2, dtype)
    if mode == "exp":
        exp = np.exp

        def act(g):
            exp(g, g)                   # overflow to inf gives the right limits 0 and -1
            add(g, one, g)
            s = g[:H3]
            div(one, s, s)
            q = g[H3:]
            div(two, q, q)
            sub(q, one, q)
        return act
    if mode == "sigmoid" and state == "tanh":
        tanh = np.tanh

        def act(g):
            tanh(g, g)
            s = g[:H3]
            mul(s, half, s)
            add(s, half, s)
        return act
    gate_act = make_gate_act(mode)
    st_act = make_state_act(state, (H, N), dtype)

    def act(g):
        gate_act(g[:H3])
        st_act(g[H3:])
    return act


def _make_cell_act(mode, state, N, H, dtype):
    """sc(c, out): the state activation of the cell state, out of place."""
    if mode != "exp":
        return make_state_act(state, (H, N), dtype)
    mul, add, sub, div, exp = np.multiply, np.add, np.subtract, np.divide, np.exp
    m2, one, two = np.array(-2, dtype), np.array(1, dtype), np.array(2, dtype)

    def sc(c, out):             # tanh(c) = 2 / (1 + exp(-2c)) - 1
        mul(c, m2, out)
        exp(out, out)
        add(out, one, out)
        div(two, out, out)
        sub(out, one, out)
        return out
    return sc


def _accumulator(A, N, dtype, threaded=False):
    """f(x, y): y += A @ x in place, x (K, N), y (M, N) C-contiguous (N == 1: 1-D views).

    N == 1: one scipy gemv with beta = 1 (no temporary, no separate add); a
    Fortran-ordered A (``_prepare`` makes one) is used without a copy.
    N > 1, or ``threaded`` (a task running beside another, ``run_pair``):
    numpy's matmul into a scratch array, then an add.  It releases the GIL
    (scipy's BLAS wrappers keep it), and for these thin products it is as fast
    as scipy's gemm with beta = 1.
    """
    kind = {np.dtype(np.float32): "s", np.dtype(np.float64): "d"}.get(np.dtype(dtype))
    if threaded or kind is None or N > 1:
        tmp = np.empty((A.shape[0], N), dtype)
        matmul, add = np.matmul, np.add
        if N == 1:
            tmp = tmp[:, 0]

        def acc(x, y):
            matmul(A, x, out=tmp)
            add(y, tmp, out=y)
        return acc
    gemv = getattr(_blas, kind + "gemv")
    AF = np.asfortranarray(A)

    def acc(x, y):
        gemv(1.0, AF, x, 1.0, y, overwrite_y=1)
    return acc


# Batches at least this wide (and layers at least this large, N*H) run as two
# halves of observations on two threads (the recurrence is independent across
# observations; numpy and BLAS release the GIL).  N == 1 never splits.  Below
# about 4000 values per step the halves' small calls spend more time handing
# the GIL back and forth than they gain (measured: 27 x 100 ran faster unsplit,
# 20 x 200 faster split).
SPLIT_MIN_N = 8
SPLIT_MIN_NH = 3500
# Unsplit backward passes at least this large (S*N*H) do their bulk work on two threads.
PAIR_MIN_SNH = 1 << 15


def _split(N, H):
    """Column ranges the batch runs in: one, or two halves on two threads."""
    if N >= max(2, SPLIT_MIN_N) and N * H >= SPLIT_MIN_NH and not _threads.in_worker():
        m = (N + 1) // 2
        return [(0, m), (m, N)]
    return [(0, N)]


def _project_into(X, Ws, bs, out):
    """out (k, 4H, N) = per step Ws @ x_t^T + bs, from X (k, N, C), without temporaries."""
    k, N, C = X.shape
    if C == 1 and N == 1:
        np.multiply(X.reshape(k, 1), Ws[:, 0], out=out[:, :, 0])
    elif C == 1:
        np.multiply(Ws[None, :, 0:1], X.transpose(0, 2, 1), out=out)
    else:
        np.matmul(Ws, X.transpose(0, 2, 1), out=out)
    out += bs[:, None]
    return out


def _T(A):
    """(S, N, H) <-> (S, H, N), contiguous."""
    return np.ascontiguousarray(A.transpose(0, 2, 1))


def lstm_forward(X, W, R, b, h0, c0, mask=None, gate="sigmoid", state="tanh",
                 training=True):
    """Run an LSTM over a time-major batch.

    Parameters
    ----------
    X : (S, N, C) array.  W : (4H, C), R : (4H, H), b : (4H,) in MATLAB order
    i, f, g, o.  h0, c0 : (N, H) or (H,) initial states (None = zeros).
    mask : None or bool (S, N), True on real steps.
    gate, state : gate ('sigmoid' | 'hard-sigmoid') and state ('tanh' |
    'softsign') activation names.
    training : keep what the backward pass needs (``cache``); when False the
    cache is None and no per-step history is kept.

    Returns
    -------
    Y (S, N, H), hT (N, H), cT (N, H), cache.
    The compute dtype is W's dtype; X, h0, c0 are cast to it.  Returned
    arrays never alias the cache.
    """
    who = "lstm_forward"
    check_names(gate, state, who)
    dtype = compute_dtype(W)
    X = np.ascontiguousarray(X, dtype=dtype)
    if X.ndim != 3:
        raise ValueError(f"{who}: X must be (S, N, C), got shape {X.shape}")
    S, N, C = X.shape
    H = R.shape[1]
    if W.shape != (4 * H, C) or R.shape != (4 * H, H) or np.size(b) != 4 * H:
        raise ValueError(f"{who}: bad weight shapes W{W.shape} R{R.shape} b{np.shape(b)} "
                         f"for C={C}, H={H}")
    h0a, h0shape = init_state(h0, N, H, dtype, who, "h0")
    c0a, c0shape = init_state(c0, N, H, dtype, who, "c0")
    mask = check_mask(mask, S, N, who)
    mode = _act_mode(gate, state, N)
    Ws, Rs, bs, Wb, Rb = _prepare(W, R, b, H, mode, dtype, N)
    Y = np.empty((S, N, H), dtype)
    parts = _split(N, H)
    threaded = len(parts) > 1 or _threads.in_worker()

    def run(n0, n1):
        Nh = n1 - n0
        if Nh == N:
            Xh, mh, h0h, c0h = X, mask, h0a, c0a
        else:
            Xh = np.ascontiguousarray(X[:, n0:n1])
            mh = None if mask is None else check_mask(mask[:, n0:n1], S, Nh, who)
            h0h, c0h = h0a[n0:n1], c0a[n0:n1]
        act = _make_step_act(mode, state, Nh, H, dtype)
        sc = _make_cell_act(mode, state, Nh, H, dtype)
        # Per step everything is feature-major (rows = units, columns = the N
        # observations) so that every gate block is one contiguous array.
        if mh is not None:
            pad = ~mh[:, None, :]                    # (S, 1, N)
            padded = (~mh).any(axis=1).tolist()      # steps with any padding
        else:
            pad, padded = None, [False] * S
        v1 = (lambda a: a[..., 0]) if Nh == 1 else (lambda a: a)   # BLAS views (1-D when N == 1)
        acc = _accumulator(Rs, Nh, dtype, threaded)
        Yh = Y[:, n0:n1]
        with np.errstate(over="ignore"):      # exp mode: exp(a') may overflow to inf
            if not training:
                return _forward_infer(Xh, Ws, bs, h0h, c0h, S, Nh, H, dtype, act, sc, acc,
                                      v1, mh, padded, pad, Yh)
            return _forward_train(Xh, Ws, bs, Wb, Rb, h0h, c0h, S, Nh, H, dtype, act, sc,
                                  acc, v1, mh, padded, pad, gate, state, h0shape, c0shape,
                                  Yh)

    with _threads.limit(1):
        if len(parts) == 1:
            hT, cT, cache = run(0, N)
            return Y, hT, cT, cache
        (n0, n1), (n2, n3) = parts
        ra, rb = run_pair(lambda: run(n0, n1), lambda: run(n2, n3))
    hT = np.concatenate([ra[0], rb[0]])
    cT = np.concatenate([ra[1], rb[1]])
    cache = None
    if training:
        cache = {"parts": [(n0, n1, ra[2]), (n2, n3, rb[2])], "X": X, "H": H,
                 "h0shape": h0shape, "c0shape": c0shape}
    return Y, hT, cT, cache


def _recur(E, Hs, tcs, n, t0, act, sc, acc, v1, P, padded, pad):
    """The recurrence over n steps of a chunk (the per-step loop of both passes).

    E (n+1, 5H, N): per step gates i f o g (holding the input projection, then
    activated in place) | c_{t-1}; Hs (n+1, H, N): h_{t-1} at index j;
    tcs: n arrays (H, N) receiving sc(c_t); t0: the chunk's first time step
    (indexes ``padded`` and ``pad``); P: (2H, N) scratch.
    """
    H = Hs.shape[1]
    H2, H3, H4 = 2 * H, 3 * H, 4 * H
    P1, P2 = P[:H], P[H:]
    mul, add, copyto = np.multiply, np.add, np.copyto
    # every per-step view is made once, up front, by iterating over the arrays
    steps = zip(range(t0, t0 + n), E[:n, :H4], E[:n, :H2], E[:n, H3:], E[:n, H2:H3],
                E[:n, H4:], E[1:n + 1, H4:], Hs[:n], Hs[1:n + 1], tcs,
                v1(E[:n, :H4]), v1(Hs[:n]))
    for t, g, if_, gc, o, c_prev, c, h_prev, h, tc, gv, hv in steps:
        acc(hv, gv)                         # g = W x + b + R h_{t-1}
        act(g)
        mul(if_, gc, P)                     # [i*g, f*c_prev]
        add(P1, P2, c)
        sc(c, tc)
        mul(o, tc, h)
        if padded[t]:
            copyto(c, c_prev, where=pad[t])
            copyto(h, h_prev, where=pad[t])


def _forward_infer(X, Ws, bs, h0a, c0a, S, N, H, dtype, act, sc, acc, v1, mask, padded, pad,
                   Y):
    H4 = 4 * H
    if S == 0:
        return h0a.copy(), c0a.copy(), None
    k = max(1, min(S, INFERENCE_CHUNK_ELEMS // max(1, N * H4)))
    E = np.empty((k + 1, 5 * H, N), dtype)
    E[0, H4:] = c0a.T
    # hidden states of a chunk, feature-major; slot 0 holds h_{t-1} of its first step
    YT = np.empty((k + 1, H, N), dtype)
    YT[0] = h0a.T
    P = np.empty((2 * H, N), dtype)
    tc = np.empty((H, N), dtype)            # sc(c_t) is not kept: one buffer for all steps
    for s0 in range(0, S, k):
        n = min(S, s0 + k) - s0
        if s0:
            E[0, H4:] = E[k, H4:]
            YT[0] = YT[k]
        _project_into(X[s0:s0 + n], Ws, bs, E[:n, :H4])
        _recur(E, YT, itertools.repeat(tc, n), n, s0, act, sc, acc, v1, P, padded, pad)
        np.copyto(Y[s0:s0 + n], YT[1:n + 1].transpose(0, 2, 1))
    return YT[n].T.copy(), E[n, H4:].T.copy(), None


def _forward_train(X, Ws, bs, Wb, Rb, h0a, c0a, S, N, H, dtype, act, sc, acc, v1, mask,
                   padded, pad, gate, state, h0shape, c0shape, Y):
    H4, H5 = 4 * H, 5 * H
    E = empty("lstm.E", (S + 1, H5, N), dtype)  # per step: i f o g (activated) | c_{t-1}
    Hb = empty("lstm.Hb", (S + 1, H, N), dtype)  # h_{t-1} at index t
    TC = empty("lstm.TC", (S, H, N), dtype)      # sc(c_t)
    Hb[0] = h0a.T
    E[0, H4:] = c0a.T
    _project_into(X, Ws, bs, E[:S, :H4])
    _recur(E, Hb, TC, S, 0, act, sc, acc, v1, np.empty((2 * H, N), dtype), padded, pad)
    cache = {
        "X": X, "Wb": Wb, "Rb": Rb, "E": E, "Hb": Hb, "TC": TC,
        "mask": mask, "gate": gate, "state": state, "H": H,
        "h0shape": h0shape, "c0shape": c0shape,
    }
    np.copyto(Y, Hb[1:].transpose(0, 2, 1))
    return Hb[S].T.copy(), E[S, H4:].T.copy(), cache


def lstm_backward(dY, dhT, dcT, cache):
    """Gradients of an LSTM run.

    dY : (S, N, H) or None; dhT, dcT : (N, H) or None (zeros).
    Returns dict with 'X' (S,N,C), 'W' (4H,C), 'R' (4H,H), 'b' (4H,),
    'h0', 'c0' (shaped like the h0/c0 given to the forward pass; (N,H) if None).
    The cache is not modified (backward may be called again).
    """
    if cache is None:
        raise ValueError("lstm_backward: no cache (forward was run with training=False)")
    H = cache["H"]
    if "parts" in cache:
        return _backward_split(dY, dhT, dcT, cache)
    X = cache["X"]
    S, N, C = X.shape
    with _threads.limit(1):
        dX, dWb, dRb, dbb, dh, dc = _backward_part(dY, dhT, dcT, cache, _threads.in_worker())
    return {
        "X": dX,
        "W": np.ascontiguousarray(_reorder(dWb, H, _BWD_INV)),
        "R": np.ascontiguousarray(_reorder(dRb, H, _BWD_INV)),
        "b": _reorder(dbb, H, _BWD_INV).copy(),
        "h0": state_grad(dh.T.copy(), cache["h0shape"]),
        "c0": state_grad(np.ascontiguousarray(dc.T), cache["c0shape"]),
    }


def _backward_part(dY, dhT, dcT, cache, threaded):
    X = cache["X"]
    S, N, C = X.shape
    return _backward(dY, dhT, dcT, X, cache["E"], cache["Hb"], cache["TC"], cache["mask"],
                     cache["H"], cache["gate"], cache["state"], cache["Wb"], cache["Rb"],
                     S, N, C, X.dtype, threaded)


def _backward_split(dY, dhT, dcT, cache):
    """Backward of a forward run as two halves of observations (two threads)."""
    H = cache["H"]
    S, N, C = cache["X"].shape
    dtype = cache["X"].dtype
    if dY is not None:
        dY = np.asarray(dY, dtype=dtype)
        if dY.shape != (S, N, H):
            raise ValueError(f"lstm_backward: dY must be {(S, N, H)}, got {dY.shape}")
    dhT = None if dhT is None else np.asarray(dhT, dtype=dtype).reshape(N, H)
    dcT = None if dcT is None else np.asarray(dcT, dtype=dtype).reshape(N, H)
    dX = np.empty((S, N, C), dtype)

    def run(n0, n1, c):
        sl = slice(n0, n1)
        r = _backward_part(None if dY is None else dY[:, sl], None if dhT is None else dhT[sl],
                           None if dcT is None else dcT[sl], c, True)
        dX[:, sl] = r[0]
        return r

    (a0, a1, ca), (b0, b1, cb) = cache["parts"]
    with _threads.limit(1):
        ra, rb = run_pair(lambda: run(a0, a1, ca), lambda: run(b0, b1, cb))
    dWb = ra[1] + rb[1]
    dRb = ra[2] + rb[2]
    dbb = ra[3] + rb[3]
    dh = np.concatenate([ra[4].T, rb[4].T])
    dc = np.concatenate([ra[5].T, rb[5].T])
    return {
        "X": dX,
        "W": np.ascontiguousarray(_reorder(dWb, H, _BWD_INV)),
        "R": np.ascontiguousarray(_reorder(dRb, H, _BWD_INV)),
        "b": _reorder(dbb, H, _BWD_INV).copy(),
        "h0": state_grad(dh, cache["h0shape"]),
        "c0": state_grad(dc, cache["c0shape"]),
    }


def _backward(dY, dhT, dcT, X, E, Hb, TC, mask, H, gate, state, Wb, Rb, S, N, C, dtype,
              threaded=False):
    H2, H3, H4, H5 = 2 * H, 3 * H, 4 * H, 5 * H
    # Bulk work (before and after the reverse loop) runs on two threads when
    # this call has the cores to itself; per element it is the same arithmetic.
    pair = not threaded and S > 1 and S * N * H >= PAIR_MIN_SNH and not _threads.in_worker()
    # -- factors independent of the recurrence, vectorised over all steps.
    # K per step (5H, N), blocks (g, i, f, o, k1); the first four become dA.
    K = empty("lstm.K", (S, H5, N), dtype)
    D = empty("lstm.D", (S, H3, N), dtype)

    def factors(a, b):
        Ei = E[a:b, :H]
        Eo = E[a:b, H2:H3]
        Eg = E[a:b, H3:H4]
        Ecp = E[a:b, H4:]                                # c_{t-1}
        Kv = K[a:b].reshape(b - a, 5, H, N)
        Dv = _act.grad_from_output(gate, E[a:b, :H3], out=D[a:b])
        Kg = Kv[:, 0]
        _act.grad_from_output(state, Eg, out=Kg)
        np.multiply(Kg, Ei, out=Kg)                      # i * sc'(g)
        np.multiply(Eg, Dv[:, :H], out=Kv[:, 1])         # g * sg'(i)
        np.multiply(Ecp, Dv[:, H:H2], out=Kv[:, 2])      # c_prev * sg'(f)
        np.multiply(TC[a:b], Dv[:, H2:], out=Kv[:, 3])   # sc(c) * sg'(o)
        K1 = Kv[:, 4]
        _act.grad_from_output(state, TC[a:b], out=K1)
        np.multiply(K1, Eo, out=K1)                      # o * sc'(c)

    if pair:
        m = S // 2
        run_pair(lambda: factors(0, m), lambda: factors(m, S))
    else:
        factors(0, S)
    del D
    Kv = K.reshape(S, 5, H, N)
    K1 = Kv[:, 4]
    Ef = E[:S, H:H2]
    if mask is not None:
        padm = ~mask
        K.transpose(0, 2, 1)[padm] = 0
        F = np.array(Ef)
        F.transpose(0, 2, 1)[padm] = 1
        Pf = padm[:, None, :].astype(dtype)              # (S, 1, N)
        padded = padm.any(axis=1).tolist()
    else:
        F = Ef
        padded = [False] * S

    # DH[t + 1] = dh_t: dY_t, then + R^T dA_{t+1} accumulated in place by BLAS;
    # DH[0] ends as the gradient of h0.
    DH = empty("lstm.DH", (S + 1, H, N), dtype)
    DH[0] = 0
    if dY is not None:
        dY = np.asarray(dY, dtype=dtype)
        if dY.shape != (S, N, H):
            raise ValueError(f"lstm_backward: dY must be {(S, N, H)}, got {dY.shape}")
        np.copyto(DH[1:], dY.transpose(0, 2, 1))
    else:
        DH[1:] = 0
    if dhT is not None:
        DH[S] += np.asarray(dhT, dtype=dtype).reshape(N, H).T
    dc = np.zeros((H, N), dtype)
    if dcT is not None:
        dc[...] = np.asarray(dcT, dtype=dtype).reshape(N, H).T
    acc = _accumulator(Rb.T, N, dtype, threaded)         # y += Rb^T x
    v1 = (lambda a: a[..., 0]) if N == 1 else (lambda a: a)
    mul, add = np.multiply, np.add
    steps = zip(range(S - 1, -1, -1), Kv[::-1, 3:5], K1[::-1], Kv[::-1, 0:3],
                F[::-1], DH[:0:-1], DH[-2::-1], v1(K[::-1, :H4]), v1(DH[-2::-1]))
    for t, ok, k1, gif, f, dh, dhp, dAv, dhpv in steps:
        mul(ok, dh, ok)                                  # dA_o, dh * o * sc'(c)
        add(dc, k1, dc)                                  # dc_t (total)
        mul(gif, dc, gif)                                # dA_g, dA_i, dA_f
        mul(dc, f, dc)                                   # dc_{t-1}
        if padded[t]:
            dhp += dh * Pf[t]                            # padded columns carry dh
        acc(dAv, dhpv)                                   # dh_{t-1} += R^T dA_t
    dh = DH[0]

    if N == 1:
        dA = K[:, :H4, 0]
        Hp = Hb[:S, :, 0]
    else:
        dA = empty("lstm.dA", (S * N, H4), dtype)
        np.copyto(dA.reshape(S, N, H4), K[:, :H4].transpose(0, 2, 1))
        Hp = empty("lstm.Hp", (S * N, H), dtype)
        np.copyto(Hp.reshape(S, N, H), Hb[:S].transpose(0, 2, 1))
    if pair:         # the same products as below, dR beside the others
        dRb, (dX, dWb, dbb) = run_pair(
            lambda: matmul_tn(dA, Hp),
            lambda: (matmul_nn(dA, Wb).reshape(S, N, C), matmul_tn(dA, X.reshape(S * N, C)),
                     dA.sum(axis=0)))
    else:
        dX = matmul_nn(dA, Wb).reshape(S, N, C)
        dWb = matmul_tn(dA, X.reshape(S * N, C))
        dRb = matmul_tn(dA, Hp)
        dbb = dA.sum(axis=0)
    return dX, dWb, dRb, dbb, dh, dc
