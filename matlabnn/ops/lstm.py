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
Internally the gate blocks are reordered to (g, i, f, o): the three gate
(sigmoid) blocks are then contiguous for the forward pass and the three blocks
whose gradient is driven by dc (g, i, f) are contiguous for the backward pass.
Gate rows of W, R and b are prescaled so that sigmoid is ``0.5*tanh(a')+0.5``
and hard-sigmoid is ``clip(a', 0, 1)`` on the prescaled pre-activation a'
(when gate='sigmoid' and state='tanh' one tanh call covers all four blocks).
The backward pass precomputes, vectorised over all time steps, every factor
that does not depend on the recurrence, so that the reverse loop is 7 numpy
calls per step; dW, dR, db and dX are each one product over all steps.
"""

import numpy as np

from . import activations as _act
from ._common import (GATE_SCALE, INFERENCE_CHUNK_ELEMS, check_mask, check_names,
                      compute_dtype, init_state, make_gate_act, make_gate_affine,
                      make_state_act, state_grad)
from .dense import matmul_nn, matmul_nt, matmul_tn

__all__ = ["lstm_forward", "lstm_backward"]

# internal block k holds MATLAB block _PERM[k]  (internal order g, i, f, o)
_PERM = (2, 0, 1, 3)
# MATLAB block j is internal block _INV[j]
_INV = (1, 2, 0, 3)


def _reorder(A, H, perm):
    shp = A.shape
    return A.reshape((4, H) + shp[1:])[list(perm)].reshape(shp)


def _prepare(W, R, b, H, gate, dtype):
    """Internal (reordered) weights: unscaled W, R and prescaled W, R^T, b."""
    Wi = np.ascontiguousarray(_reorder(np.asarray(W, dtype), H, _PERM))
    Ri = np.ascontiguousarray(_reorder(np.asarray(R, dtype), H, _PERM))
    bi = _reorder(np.asarray(b, dtype).reshape(4 * H), H, _PERM).copy()
    scale, shift = GATE_SCALE[gate]
    Ws = Wi.copy()
    Rs = Ri.copy()
    Ws[H:] *= scale
    Rs[H:] *= scale
    bi[H:] *= scale
    bi[H:] += shift
    RsT = np.ascontiguousarray(Rs.T)  # (H, 4H)
    return Wi, Ri, Ws, RsT, bi


def _project(X2, Ws, bs, out):
    """out (M, 4H) = X2 (M, C) @ Ws.T + bs."""
    matmul_nt(X2, Ws, out=out)
    out += bs
    return out


def _make_step_act(gate, state, N, H, dtype):
    """In-place activation of one step's prescaled pre-activation block (N, 4H)."""
    gate_act = make_gate_act(gate)
    gate_aff = make_gate_affine(gate)
    st_act = make_state_act(state, (N, H), dtype)
    if gate == "sigmoid" and state == "tanh":
        def act(g):
            np.tanh(g, out=g)
            gate_aff(g[:, H:])
    else:
        def act(g):
            st_act(g[:, :H])
            gate_act(g[:, H:])
    return act


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
    The compute dtype is W's dtype; X, h0, c0 are cast to it.
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
    Wi, Ri, Ws, RsT, bs = _prepare(W, R, b, H, gate, dtype)
    act = _make_step_act(gate, state, N, H, dtype)
    sc = make_state_act(state, (N, H), dtype)
    H4 = 4 * H
    tmp = np.empty((N, H4), dtype)
    tmpH = np.empty((N, H), dtype)
    if mask is not None:
        pad = ~mask[:, :, None]              # (S, N, 1)
        padded = (~mask).any(axis=1).tolist()  # steps with any padding

    if not training:
        Y = np.empty((S, N, H), dtype)
        if S == 0:
            return Y, h0a, c0a, None
        k = max(1, min(S, INFERENCE_CHUNK_ELEMS // max(1, N * H4)))
        Gc = np.empty((k, N, H4), dtype)
        c_prev = c0a
        c_bufs = (np.empty((N, H), dtype), np.empty((N, H), dtype))
        h_prev = h0a
        for s0 in range(0, S, k):
            s1 = min(S, s0 + k)
            _project(X[s0:s1].reshape(-1, C), Ws, bs, Gc[: s1 - s0].reshape(-1, H4))
            for t in range(s0, s1):
                g = Gc[t - s0]
                np.matmul(h_prev, RsT, out=tmp)
                np.add(g, tmp, out=g)
                act(g)
                c = c_bufs[t & 1]
                np.multiply(g[:, 2 * H:3 * H], c_prev, out=c)
                np.multiply(g[:, H:2 * H], g[:, :H], out=tmpH)
                np.add(c, tmpH, out=c)
                h = Y[t]
                sc(c, out=tmpH)
                np.multiply(g[:, 3 * H:], tmpH, out=h)
                if mask is not None and padded[t]:
                    np.copyto(c, c_prev, where=pad[t])
                    np.copyto(h, h_prev, where=pad[t])
                c_prev = c
                h_prev = h
        return Y, h_prev.copy(), c_prev.copy(), None

    # ---------------------------------------------------------- training path
    G = np.empty((S, N, H4), dtype)
    _project(X.reshape(S * N, C), Ws, bs, G.reshape(S * N, H4))
    Hb = np.empty((S + 1, N, H), dtype)
    Cb = np.empty((S + 1, N, H), dtype)
    TC = np.empty((S, N, H), dtype)
    Hb[0] = h0a
    Cb[0] = c0a
    Gg = G[:, :, :H]
    Gi = G[:, :, H:2 * H]
    Gf = G[:, :, 2 * H:3 * H]
    Go = G[:, :, 3 * H:]
    for t in range(S):
        g = G[t]
        np.matmul(Hb[t], RsT, out=tmp)
        np.add(g, tmp, out=g)
        act(g)
        c = Cb[t + 1]
        np.multiply(Gf[t], Cb[t], out=c)
        np.multiply(Gi[t], Gg[t], out=tmpH)
        np.add(c, tmpH, out=c)
        tc = TC[t]
        sc(c, out=tc)
        np.multiply(Go[t], tc, out=Hb[t + 1])
        if mask is not None and padded[t]:
            np.copyto(c, Cb[t], where=pad[t])
            np.copyto(Hb[t + 1], Hb[t], where=pad[t])
    cache = {
        "X": X, "Wi": Wi, "Ri": Ri, "G": G, "Hb": Hb, "Cb": Cb, "TC": TC,
        "mask": mask, "gate": gate, "state": state, "H": H,
        "h0shape": h0shape, "c0shape": c0shape,
    }
    return Hb[1:].copy(), Hb[S].copy(), Cb[S].copy(), cache


def lstm_backward(dY, dhT, dcT, cache):
    """Gradients of an LSTM run.

    dY : (S, N, H) or None; dhT, dcT : (N, H) or None (zeros).
    Returns dict with 'X' (S,N,C), 'W' (4H,C), 'R' (4H,H), 'b' (4H,),
    'h0', 'c0' (shaped like the h0/c0 given to the forward pass; (N,H) if None).
    """
    if cache is None:
        raise ValueError("lstm_backward: no cache (forward was run with training=False)")
    X = cache["X"]
    G = cache["G"]
    Hb = cache["Hb"]
    Cb = cache["Cb"]
    TC = cache["TC"]
    mask = cache["mask"]
    H = cache["H"]
    gate = cache["gate"]
    state = cache["state"]
    Wi = cache["Wi"]
    Ri = cache["Ri"]
    S, N, C = X.shape
    dtype = X.dtype
    H4 = 4 * H

    # -- factors independent of the recurrence, vectorised over all steps
    Gg = G[:, :, :H]
    Gi = G[:, :, H:2 * H]
    Gf = G[:, :, 2 * H:3 * H]
    Go = G[:, :, 3 * H:]
    K = np.empty((S, N, H4), dtype)
    D = _act.grad_from_output(gate, G[:, :, H:])          # (S,N,3H): i, f, o
    _act.grad_from_output(state, Gg, out=K[:, :, :H])
    K[:, :, :H] *= Gi                                     # K_g = i * sc'(g)
    np.multiply(Gg, D[:, :, :H], out=K[:, :, H:2 * H])    # K_i = g * sg'(i)
    np.multiply(Cb[:-1], D[:, :, H:2 * H], out=K[:, :, 2 * H:3 * H])  # K_f = c_prev sg'(f)
    np.multiply(TC, D[:, :, 2 * H:], out=K[:, :, 3 * H:])  # K_o = sc(c) sg'(o)
    del D
    K1 = _act.grad_from_output(state, TC)
    K1 *= Go                                              # o * sc'(c)
    if mask is not None:
        padm = ~mask
        K[padm] = 0
        K1[padm] = 0
        F = np.array(Gf)
        F[padm] = 1
        P = padm[:, :, None].astype(dtype)               # (S, N, 1)
        padded = padm.any(axis=1).tolist()
    else:
        F = Gf

    dh = np.zeros((N, H), dtype) if dhT is None else np.array(dhT, dtype=dtype).reshape(N, H)
    dc = np.zeros((N, H), dtype) if dcT is None else np.array(dcT, dtype=dtype).reshape(N, H)
    if dY is not None:
        dY = np.asarray(dY, dtype=dtype)
        if dY.shape != (S, N, H):
            raise ValueError(f"lstm_backward: dY must be {(S, N, H)}, got {dY.shape}")
    tmpH = np.empty((N, H), dtype)
    K4 = K.reshape(S, N, 4, H)
    dcb = dc[:, None, :]
    for t in range(S - 1, -1, -1):
        if dY is not None:
            np.add(dh, dY[t], out=dh)
        np.multiply(dh, K1[t], out=tmpH)
        np.add(dc, tmpH, out=dc)                          # dc_t total
        kt = K4[t]
        np.multiply(kt[:, :3], dcb, out=kt[:, :3])        # dA_g, dA_i, dA_f
        np.multiply(kt[:, 3], dh, out=kt[:, 3])           # dA_o
        np.multiply(dc, F[t], out=dc)                     # dc_{t-1}
        if mask is not None and padded[t]:
            np.multiply(dh, P[t], out=tmpH)
            np.matmul(K[t], Ri, out=dh)
            np.add(dh, tmpH, out=dh)
        else:
            np.matmul(K[t], Ri, out=dh)                   # dh_{t-1}

    dA = K.reshape(S * N, H4)
    dX = matmul_nn(dA, Wi).reshape(S, N, C)
    dWi = matmul_tn(dA, X.reshape(S * N, C))
    dRi = matmul_tn(dA, Hb[:-1].reshape(S * N, H))
    dbi = dA.sum(axis=0)
    return {
        "X": dX,
        "W": np.ascontiguousarray(_reorder(dWi, H, _INV)),
        "R": np.ascontiguousarray(_reorder(dRi, H, _INV)),
        "b": _reorder(dbi, H, _INV).copy(),
        "h0": state_grad(dh, cache["h0shape"]),
        "c0": state_grad(dc, cache["c0shape"]),
    }
