"""Generate golden fixtures for the ops kernels from an independent implementation (PyTorch).

Run from the repository root:  python tests/golden/make_golden.py
(needs torch; the test suite itself only reads the .npz files written here).

Fixtures (tests/golden/*.npz):
  lstm_seq_{float64,float32}.npz   nn.LSTM -> Linear -> half-squared-error, sequence output
  lstm_seq_masked_float64.npz      same, right-padded batch via pack_padded_sequence
  lstm_last_float64.npz            nn.LSTM -> Linear on h_T -> half-squared-error (N, R)
  gru_<mode>_{float64,float32}.npz nn.GRU (or hand-written before-multiplication cell)
                                   -> Linear -> half-squared-error, for each reset mode
  gru_masked_float64.npz           after-multiplication, right-padded (packed) batch
  softmax_ce_{float64,float32}.npz softmax + weighted cross-entropy, masked sequences

Weight mapping (MATLAB layout -> torch):
  LSTM: weight_ih = W, weight_hh = R, bias_ih = b, bias_hh = 0 (same gate order i,f,g,o).
  GRU:  same gate order (r, z, h~ == torch r, z, n); torch's GRU is
        'after-multiplication' with bias_hh[2H:] inside r*(...), so
        after-multiplication: bias_ih = b, bias_hh = 0;
        recurrent-bias-after-multiplication: bias_ih = b[:3H], bias_hh = b[3H:].
        before-multiplication is written with torch autograd ops.
Loss (design decision 2): mean over observations of 1/(2 S_n) sum_t sum_i (y-t)^2,
S_n = the observation's number of real steps; cross-entropy mean_n -1/S_n sum w_k T ln P.
"""

import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
TDT = {"float64": torch.float64, "float32": torch.float32}


def T_(a, dtype, grad=True):
    t = torch.tensor(np.asarray(a), dtype=TDT[dtype])
    t.requires_grad_(grad)
    return t


def save(name, **arrays):
    path = os.path.join(HERE, name + ".npz")
    out = {}
    for k, v in arrays.items():
        if isinstance(v, torch.Tensor):
            v = v.detach().numpy()
        out[k] = np.asarray(v)
    np.savez_compressed(path, **out)
    print("wrote", path, ", ".join(f"{k}{out[k].shape}" for k in out))


def seq_mse(Y, T, mask):
    """torch version of the masked per-observation half-squared-error loss."""
    m = mask.to(Y.dtype)[:, :, None]
    Sn = mask.sum(0).to(Y.dtype)
    per = ((Y - T) ** 2 * m).sum(dim=(0, 2)) / (2 * Sn)
    return per.mean()


def lengths_mask(S, lengths):
    m = np.zeros((S, len(lengths)), bool)
    for n, L in enumerate(lengths):
        m[:L, n] = True
    return m


def run_rnn(kind, x, h0, c0, W, R, b, lengths, mode="after-multiplication"):
    """Return (Y (S,N,H) with padded steps = carried h, hT, cT or None)."""
    S, N, C = x.shape
    H = R.shape[1]
    dtype = x.dtype
    if kind == "gru" and mode == "before-multiplication":
        h = h0
        ys = []
        for t in range(S):
            xt = x[t]
            r = torch.sigmoid(xt @ W[:H].T + h @ R[:H].T + b[:H])
            z = torch.sigmoid(xt @ W[H:2 * H].T + h @ R[H:2 * H].T + b[H:2 * H])
            n = torch.tanh(xt @ W[2 * H:].T + (r * h) @ R[2 * H:].T + b[2 * H:])
            hn = (1 - z) * n + z * h
            m = torch.tensor([t < L for L in lengths])[:, None]
            h = torch.where(m, hn, h)
            ys.append(h)
        return torch.stack(ys), h, None
    if kind == "lstm":
        mod = torch.nn.LSTM(C, H).to(dtype)
        params = {"weight_ih_l0": W, "weight_hh_l0": R, "bias_ih_l0": b,
                  "bias_hh_l0": torch.zeros(4 * H, dtype=dtype)}
        state = (h0[None], c0[None])
    else:
        mod = torch.nn.GRU(C, H).to(dtype)
        if mode == "recurrent-bias-after-multiplication":
            bih, bhh = b[:3 * H], b[3 * H:]
        else:
            bih, bhh = b, torch.zeros(3 * H, dtype=dtype)
        params = {"weight_ih_l0": W, "weight_hh_l0": R, "bias_ih_l0": bih, "bias_hh_l0": bhh}
        state = h0[None]
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths),
                                                     enforce_sorted=False)
    out, st = torch.func.functional_call(mod, params, (packed, state))
    Y, _ = torch.nn.utils.rnn.pad_packed_sequence(out, total_length=S)
    if kind == "lstm":
        hT, cT = st[0][0], st[1][0]
    else:
        hT, cT = st[0], None
    # padded steps output the carried state (matlabnn semantics)
    m = torch.tensor(lengths_mask(S, lengths))[:, :, None]
    idx = torch.tensor([L - 1 for L in lengths])
    last = Y[idx, torch.arange(N)]
    Y = torch.where(m, Y, last[None].expand(S, N, H))
    return Y, hT, cT


def make_rnn_case(name, kind, dtype, rng, S, N, C, H, Rout, lengths=None,
                  mode="after-multiplication", output="sequence"):
    ng = 4 if kind == "lstm" else 3
    nb = 6 if mode == "recurrent-bias-after-multiplication" else ng
    lengths = [S] * N if lengths is None else lengths
    mask = lengths_mask(S, lengths)
    a = dict(
        X=rng.standard_normal((S, N, C)),
        W=0.5 * rng.standard_normal((ng * H, C)),
        R=0.5 * rng.standard_normal((ng * H, H)),
        b=0.3 * rng.standard_normal(nb * H),
        h0=0.3 * rng.standard_normal((N, H)),
        c0=0.3 * rng.standard_normal((N, H)),
        Wfc=0.5 * rng.standard_normal((Rout, H)),
        bfc=0.1 * rng.standard_normal(Rout),
        T=rng.standard_normal((S, N, Rout) if output == "sequence" else (N, Rout)),
    )
    a = {k: v.astype(dtype) for k, v in a.items()}
    t = {k: T_(v, dtype, k != "T") for k, v in a.items()}
    Y, hT, cT = run_rnn(kind, t["X"], t["h0"], t["c0"], t["W"], t["R"], t["b"], lengths, mode)
    if output == "sequence":
        Z = Y @ t["Wfc"].T + t["bfc"]
        loss = seq_mse(Z, t["T"], torch.tensor(mask))
    else:
        Z = hT @ t["Wfc"].T + t["bfc"]
        loss = 0.5 * ((Z - t["T"]) ** 2).sum(1).mean()
    loss.backward()
    rec = dict(a)
    if kind == "gru":
        rec.pop("c0")
    rec.update(mask=mask, Y=Y, hT=hT, Z=Z, loss=loss.detach().numpy(),
               mode=np.array(mode), output=np.array(output))
    if cT is not None:
        rec["cT"] = cT
    for k in ("X", "W", "R", "b", "h0", "c0", "Wfc", "bfc"):
        if k in rec:
            rec["d" + k] = t[k].grad
    save(name, **rec)


def make_softmax_ce(name, dtype, rng, S=5, N=4, K=3, lengths=(5, 2, 4, 1)):
    mask = lengths_mask(S, list(lengths))
    Zn = (2 * rng.standard_normal((S, N, K))).astype(dtype)
    Tn = np.eye(K)[rng.integers(0, K, (S, N))].astype(dtype)
    wn = np.array([0.5, 2.0, 1.25][:K], dtype)
    Z = T_(Zn, dtype)
    P = torch.softmax(Z, dim=-1)
    P.retain_grad()
    m = torch.tensor(mask).to(Z.dtype)
    Sn = m.sum(0)
    per = -(torch.tensor(wn) * torch.tensor(Tn) * torch.log(P)).sum(-1)   # (S, N)
    loss = ((per * m).sum(0) / Sn).mean()
    loss.backward()
    save(name, Z=Zn, T=Tn, w=wn, mask=mask, P=P, loss=loss.detach().numpy(),
         dP=P.grad, dZ=Z.grad)


def main():
    torch.manual_seed(0)
    for dtype in ("float64", "float32"):
        rng = np.random.default_rng(100)
        make_rnn_case(f"lstm_seq_{dtype}", "lstm", dtype, rng, S=7, N=3, C=3, H=5, Rout=2)
        for mode in ("after-multiplication", "before-multiplication",
                     "recurrent-bias-after-multiplication"):
            rng = np.random.default_rng(200)
            make_rnn_case(f"gru_{mode}_{dtype}", "gru", dtype, rng, S=6, N=3, C=2, H=4,
                          Rout=2, mode=mode)
        make_softmax_ce(f"softmax_ce_{dtype}", dtype, np.random.default_rng(400))
    rng = np.random.default_rng(300)
    make_rnn_case("lstm_seq_masked_float64", "lstm", "float64", rng, S=8, N=4, C=2, H=4,
                  Rout=3, lengths=[8, 3, 5, 1])
    rng = np.random.default_rng(301)
    make_rnn_case("lstm_last_float64", "lstm", "float64", rng, S=6, N=3, C=1, H=5, Rout=1,
                  lengths=[6, 4, 2], output="last")
    rng = np.random.default_rng(302)
    make_rnn_case("gru_masked_float64", "gru", "float64", rng, S=7, N=3, C=2, H=3, Rout=2,
                  lengths=[7, 2, 5])
    rng = np.random.default_rng(303)
    make_rnn_case("gru_before_masked_float64", "gru", "float64", rng, S=7, N=3, C=2, H=3,
                  Rout=2, lengths=[3, 7, 5], mode="before-multiplication")


if __name__ == "__main__":
    main()
