"""GRU forward / backward kernels (time-major, MATLAB weight layout).

MATLAB gate order r (reset), z (update), h~ (candidate):
W (3H, C), R (3H, H), b (3H,) -- or (6H,) = [bW (3H); bR (3H)] for
'recurrent-bias-after-multiplication'.

    r  = sg(W_r x + R_r h + b_r)            z = sg(W_z x + R_z h + b_z)
    before-multiplication:               h~ = ss(W_h x + R_h (r*h) + b_h)
    after-multiplication:                h~ = ss(W_h x + b_h + r*(R_h h))
    recurrent-bias-after-multiplication: h~ = ss(W_h x + bW_h + r*(R_h h + bR_h))
                                         (r and z use bW + bR)
    h_t = (1 - z) * h~ + z * h_{t-1}

Padded steps (``mask[t, n] == False``) carry h unchanged.
"""

import numpy as np

from . import activations as _act
from ._common import (GATE_SCALE, INFERENCE_CHUNK_ELEMS, check_mask, check_names,
                      compute_dtype, init_state, make_gate_act, make_state_act,
                      state_grad)
from .dense import matmul_nn, matmul_nt, matmul_tn

__all__ = ["gru_forward", "gru_backward", "RESET_GATE_MODES"]

RESET_GATE_MODES = ("after-multiplication", "before-multiplication",
                    "recurrent-bias-after-multiplication")


def _prepare(W, R, b, H, mode, gate, dtype):
    W = np.ascontiguousarray(W, dtype=dtype)
    R = np.ascontiguousarray(R, dtype=dtype)
    b = np.asarray(b, dtype=dtype).reshape(-1)
    rb = mode == "recurrent-bias-after-multiplication"
    if rb:
        if b.size != 6 * H:
            raise ValueError(f"gru_forward: mode {mode!r} needs a 6H = {6 * H} bias, got {b.size}")
        bx = b[:3 * H].copy()
        bx[:2 * H] += b[3 * H:5 * H]
        bRh = b[5 * H:].copy()
    else:
        if b.size != 3 * H:
            raise ValueError(f"gru_forward: mode {mode!r} needs a 3H = {3 * H} bias, got {b.size}")
        bx = b.copy()
        bRh = None
    scale, shift = GATE_SCALE[gate]
    Ws = W.copy()
    Rs = R.copy()
    Ws[:2 * H] *= scale
    Rs[:2 * H] *= scale
    bx[:2 * H] *= scale
    bx[:2 * H] += shift
    return W, R, Ws, Rs, bx, bRh


def gru_forward(X, W, R, b, h0, mask=None, reset_gate_mode="after-multiplication",
                gate="sigmoid", state="tanh", training=True):
    """Run a GRU over a time-major batch.

    X (S, N, C); W (3H, C), R (3H, H), b (3H,) or (6H,) for
    'recurrent-bias-after-multiplication'; h0 (N, H) or (H,) or None (zeros);
    mask None or bool (S, N).  Returns Y (S, N, H), hT (N, H), cache (None when
    training=False).  Compute dtype is W's dtype.
    """
    who = "gru_forward"
    check_names(gate, state, who)
    mode = reset_gate_mode
    if mode not in RESET_GATE_MODES:
        raise ValueError(f"{who}: unknown reset_gate_mode {mode!r}; expected one of {RESET_GATE_MODES}")
    dtype = compute_dtype(W)
    X = np.ascontiguousarray(X, dtype=dtype)
    if X.ndim != 3:
        raise ValueError(f"{who}: X must be (S, N, C), got shape {X.shape}")
    S, N, C = X.shape
    H = R.shape[1]
    if W.shape != (3 * H, C) or R.shape != (3 * H, H):
        raise ValueError(f"{who}: bad weight shapes W{W.shape} R{R.shape} for C={C}, H={H}")
    h0a, h0shape = init_state(h0, N, H, dtype, who, "h0")
    mask = check_mask(mask, S, N, who)
    W, R, Ws, Rs, bx, bRh = _prepare(W, R, b, H, mode, gate, dtype)
    before = mode == "before-multiplication"
    gate_act = make_gate_act(gate)
    st_act = make_state_act(state, (N, H), dtype)
    H2, H3 = 2 * H, 3 * H
    if before:
        RrzT = np.ascontiguousarray(Rs[:H2].T)   # (H, 2H)
        RhT = np.ascontiguousarray(Rs[H2:].T)    # (H, H)
        m = np.empty((N, H2), dtype)
    else:
        RsT = np.ascontiguousarray(Rs.T)         # (H, 3H)
    tmpH = np.empty((N, H), dtype)
    if mask is not None:
        pad = ~mask[:, :, None]
        padded = (~mask).any(axis=1).tolist()

    if training:
        G = np.empty((S, N, H3), dtype)
        matmul_nt(X.reshape(S * N, C), Ws, out=G.reshape(S * N, H3))
        G += bx
        Hb = np.empty((S + 1, N, H), dtype)
        Hb[0] = h0a
        if before:
            RH = np.empty((S, N, H), dtype)       # r * h_{t-1}
        else:
            M = np.empty((S, N, H3), dtype)       # h_{t-1} @ R.T (+ bR_h)
        steps = [(0, S, G, 0)]
    else:
        Y = np.empty((S, N, H), dtype)
        k = max(1, min(S, INFERENCE_CHUNK_ELEMS // max(1, N * H3))) if S else 1
        Gc = np.empty((k, N, H3), dtype)
        mt = np.empty((N, H3), dtype)
        steps = []
        for s0 in range(0, S, k):
            steps.append((s0, min(S, s0 + k), Gc, s0))

    h_prev = h0a
    for s0, s1, Gbuf, off in steps:
        if not training:
            Gv = Gbuf[: s1 - s0].reshape(-1, H3)
            matmul_nt(X[s0:s1].reshape(-1, C), Ws, out=Gv)
            Gv += bx
        for t in range(s0, s1):
            g = Gbuf[t - off]
            grz = g[:, :H2]
            gh = g[:, H2:]
            r = g[:, :H]
            z = g[:, H:H2]
            if training:
                h_prev = Hb[t]
                h = Hb[t + 1]
            else:
                h = Y[t]
            if before:
                np.matmul(h_prev, RrzT, out=m)
                np.add(grz, m, out=grz)
                gate_act(grz)
                rh = RH[t] if training else tmpH
                np.multiply(r, h_prev, out=rh)
                np.matmul(rh, RhT, out=h)          # h used as scratch
                np.add(gh, h, out=gh)
            else:
                mm = M[t] if training else mt
                np.matmul(h_prev, RsT, out=mm)
                if bRh is not None:
                    np.add(mm[:, H2:], bRh, out=mm[:, H2:])
                np.add(grz, mm[:, :H2], out=grz)
                gate_act(grz)
                np.multiply(r, mm[:, H2:], out=tmpH)
                np.add(gh, tmpH, out=gh)
            st_act(gh)
            # h = h~ + z * (h_prev - h~)
            np.subtract(h_prev, gh, out=tmpH)
            np.multiply(tmpH, z, out=tmpH)
            np.add(gh, tmpH, out=h)
            if mask is not None and padded[t]:
                np.copyto(h, h_prev, where=pad[t])
            h_prev = h

    if not training:
        return Y, h_prev.copy(), None
    cache = {
        "X": X, "W": W, "R": R, "G": G, "Hb": Hb, "mask": mask, "gate": gate,
        "state": state, "H": H, "mode": mode, "h0shape": h0shape,
    }
    if before:
        cache["RH"] = RH
    else:
        cache["M"] = M
    return Hb[1:].copy(), Hb[S].copy(), cache


def gru_backward(dY, dhT, cache):
    """Gradients of a GRU run.

    dY (S, N, H) or None; dhT (N, H) or None.  Returns dict with 'X', 'W',
    'R', 'b' (3H or 6H like the forward bias) and 'h0'.
    """
    if cache is None:
        raise ValueError("gru_backward: no cache (forward was run with training=False)")
    X = cache["X"]
    G = cache["G"]
    Hb = cache["Hb"]
    mask = cache["mask"]
    H = cache["H"]
    W = cache["W"]
    R = cache["R"]
    mode = cache["mode"]
    S, N, C = X.shape
    dtype = X.dtype
    H2, H3 = 2 * H, 3 * H
    before = mode == "before-multiplication"
    Hprev = Hb[:-1]

    Z = G[:, :, H:H2]
    Hh = G[:, :, H2:]
    D = _act.grad_from_output(cache["gate"], G[:, :, :H2])   # sg'(r), sg'(z)
    K = np.empty((S, N, H3), dtype)
    Kr = K[:, :, :H]
    Kz = K[:, :, H:H2]
    Kh = K[:, :, H2:]
    _act.grad_from_output(cache["state"], Hh, out=Kh)
    np.multiply(Kh, np.subtract(1.0, Z), out=Kh)            # (1-z) ss'(h~)
    np.subtract(Hprev, Hh, out=Kz)
    np.multiply(Kz, D[:, :, H:], out=Kz)                     # (h_prev - h~) sg'(z)
    if before:
        np.multiply(Hprev, D[:, :, :H], out=Kr)              # h_prev sg'(r)
    else:
        KhA = Kh.copy()                                      # dA_h factor
        np.multiply(Kh, G[:, :, :H], out=Kh)                 # K' h-block: K_h * r
        np.multiply(cache["M"][:, :, H2:], D[:, :, :H], out=Kr)
        np.multiply(Kr, KhA, out=Kr)                         # K_h * (R_h h + bR_h) sg'(r)
    del D
    if mask is not None:
        padm = ~mask
        K[padm] = 0
        if not before:
            KhA[padm] = 0
        Z = np.array(Z)
        Z[padm] = 1

    dh = np.zeros((N, H), dtype) if dhT is None else np.array(dhT, dtype=dtype).reshape(N, H)
    if dY is not None:
        dY = np.asarray(dY, dtype=dtype)
        if dY.shape != (S, N, H):
            raise ValueError(f"gru_backward: dY must be {(S, N, H)}, got {dY.shape}")
    tmpH = np.empty((N, H), dtype)
    K3 = K.reshape(S, N, 3, H)
    dhb = dh[:, None, :]
    if not before:
        for t in range(S - 1, -1, -1):
            if dY is not None:
                np.add(dh, dY[t], out=dh)
            np.multiply(KhA[t], dh, out=KhA[t])        # dA_h
            np.multiply(K3[t], dhb, out=K3[t])         # dM = [dA_r, dA_z, dA_h * r]
            np.multiply(dh, Z[t], out=tmpH)
            np.matmul(K[t], R, out=dh)
            np.add(dh, tmpH, out=dh)
        dM = K.reshape(S * N, H3)
        dR = matmul_tn(dM, Hprev.reshape(S * N, H))
        dbR = dM.sum(axis=0) if mode == "recurrent-bias-after-multiplication" else None
        K[:, :, H2:] = KhA                              # now K = dA (input side)
        del KhA
        dA = dM
    else:
        Rh = R[H2:]                                     # (H, H)
        Rrz = R[:H2]                                    # (2H, H)
        RHb = cache["RH"]
        r_all = G[:, :, :H]
        q = np.empty((N, H), dtype)
        for t in range(S - 1, -1, -1):
            if dY is not None:
                np.add(dh, dY[t], out=dh)
            kh = Kh[t]
            np.multiply(kh, dh, out=kh)                 # dA_h
            np.matmul(kh, Rh, out=q)                    # d(r*h_prev)
            np.multiply(Kr[t], q, out=Kr[t])            # dA_r
            np.multiply(Kz[t], dh, out=Kz[t])           # dA_z
            np.multiply(dh, Z[t], out=tmpH)
            np.multiply(q, r_all[t], out=q)
            np.add(tmpH, q, out=tmpH)
            np.matmul(K[t, :, :H2], Rrz, out=dh)
            np.add(dh, tmpH, out=dh)
        dA = K.reshape(S * N, H3)
        dR = np.empty((H3, H), dtype)
        dR[:H2] = matmul_tn(dA[:, :H2], Hprev.reshape(S * N, H))
        dR[H2:] = matmul_tn(dA[:, H2:], RHb.reshape(S * N, H))
        dbR = None

    dX = matmul_nn(dA, W).reshape(S, N, C)
    dW = matmul_tn(dA, X.reshape(S * N, C))
    db = dA.sum(axis=0)
    if dbR is not None:
        db = np.concatenate([db, dbR])
    return {"X": dX, "W": dW, "R": dR, "b": db, "h0": state_grad(dh, cache["h0shape"])}
