"""Golden fixtures for the catalogue LAYERS, from an independent implementation (PyTorch).

Run from the repository root:  python tests/golden/make_golden_layers.py
(needs torch; the test suite only reads the .npz files written here).

Fixtures (tests/golden/layers_*.npz; the names keep them out of test_ops_golden):
  layers_bilstm_seq_{float64,float32}.npz   nn.LSTM(bidirectional=True) -> Linear ->
                                            half-squared-error, sequence output, no padding
  layers_bilstm_masked_float64.npz          same on a right-padded batch
                                            (pack_padded_sequence: the reverse direction
                                            reads each sequence from its own last real step)
  layers_bilstm_last_{float64,float32}.npz  'last' output: the padded output at each
                                            sequence's last real step -> Linear -> (N, R) loss
  layers_softmax_ce_{seq,label}_{float64,float32}.npz
                                            softmax over channels + class-weighted
                                            cross-entropy, masked sequences and (N, K) labels

Weight mapping (MATLAB bilstmLayer layout -> torch):
  InputWeights W (8H, C) = [forward i,f,g,o ; backward i,f,g,o]:
      weight_ih_l0 = W[:4H], weight_ih_l0_reverse = W[4H:]; the same for
      RecurrentWeights -> weight_hh_l0(_reverse); Bias b (8H) -> bias_ih_l0(_reverse),
      bias_hh = 0 (MATLAB has a single bias; torch's gate order is also i, f, g, o).
  HiddenState/CellState (2H-by-N) = [forward; backward] -> h0[0] = fwd^T, h0[1] = bwd^T.
  Output: torch's (S, N, 2H) = [forward, backward], the MATLAB channel order.
  Saved states h0, c0, hT, cT are (N, 2H) = [forward | backward] per observation.
Loss (design decision 2): mean over observations of 1/(2 S_n) sum_t sum_i (y - t)^2,
or -1/S_n sum_t sum_k w_k T ln P, S_n = the observation's number of real steps.
"""


import numpy as np
import torch

# The fixture helpers are those of the kernel fixtures' script, in this folder.
from make_golden import T_, lengths_mask, save  # noqa: E402


def run_bilstm(x, W, R, b, h0, c0, lengths):
    """torch bidirectional LSTM on a right-padded batch; returns (Y (S,N,2H), hT, cT (N,2H))."""
    S, N, C = x.shape
    H = R.shape[1]
    G = 4 * H
    mod = torch.nn.LSTM(C, H, bidirectional=True).to(x.dtype)
    zero = torch.zeros(G, dtype=x.dtype)
    params = {"weight_ih_l0": W[:G], "weight_hh_l0": R[:G], "bias_ih_l0": b[:G],
              "bias_hh_l0": zero,
              "weight_ih_l0_reverse": W[G:], "weight_hh_l0_reverse": R[G:],
              "bias_ih_l0_reverse": b[G:], "bias_hh_l0_reverse": zero}
    state = (torch.stack([h0[:, :H], h0[:, H:]]), torch.stack([c0[:, :H], c0[:, H:]]))
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths),
                                                     enforce_sorted=False)
    out, (hn, cn) = torch.func.functional_call(mod, params, (packed, state))
    Y, _ = torch.nn.utils.rnn.pad_packed_sequence(out, total_length=S)
    hT = torch.cat([hn[0], hn[1]], dim=1)
    cT = torch.cat([cn[0], cn[1]], dim=1)
    return Y, hT, cT


def make_bilstm_case(name, dtype, rng, S, N, C, H, Rout, lengths=None, output="sequence"):
    lengths = [S] * N if lengths is None else lengths
    mask = lengths_mask(S, lengths)
    a = dict(
        X=rng.standard_normal((S, N, C)),
        W=0.5 * rng.standard_normal((8 * H, C)),
        R=0.5 * rng.standard_normal((8 * H, H)),
        b=0.3 * rng.standard_normal(8 * H),
        h0=0.3 * rng.standard_normal((N, 2 * H)),
        c0=0.3 * rng.standard_normal((N, 2 * H)),
        Wfc=0.5 * rng.standard_normal((Rout, 2 * H)),
        bfc=0.1 * rng.standard_normal(Rout),
        T=rng.standard_normal((S, N, Rout) if output == "sequence" else (N, Rout)),
    )
    a = {k: v.astype(dtype) for k, v in a.items()}
    t = {k: T_(v, dtype, k != "T") for k, v in a.items()}
    Y, hT, cT = run_bilstm(t["X"], t["W"], t["R"], t["b"], t["h0"], t["c0"], lengths)
    if output == "sequence":
        Z = Y @ t["Wfc"].T + t["bfc"]
        m = torch.tensor(mask).to(Z.dtype)[:, :, None]
        Sn = torch.tensor(mask).sum(0).to(Z.dtype)
        loss = (((Z - t["T"]) ** 2 * m).sum(dim=(0, 2)) / (2 * Sn)).mean()
        Yout = Y
    else:
        idx = torch.tensor([L - 1 for L in lengths])
        Yout = Y[idx, torch.arange(N)]                   # (N, 2H)
        Z = Yout @ t["Wfc"].T + t["bfc"]
        loss = 0.5 * ((Z - t["T"]) ** 2).sum(1).mean()
    loss.backward()
    rec = dict(a)
    rec.update(mask=mask, Y=Yout, hT=hT, cT=cT, Z=Z, loss=loss.detach().numpy(),
               output=np.array(output))
    for k in ("X", "W", "R", "b", "h0", "c0", "Wfc", "bfc"):
        rec["d" + k] = t[k].grad
    save(name, **rec)


def make_softmax_ce(name, dtype, rng, shape, lengths=None):
    K = shape[-1]
    Zn = (2 * rng.standard_normal(shape)).astype(dtype)
    Tn = np.eye(K)[rng.integers(0, K, shape[:-1])].astype(dtype)
    wn = np.linspace(0.5, 2.5, K).astype(dtype)
    Z = T_(Zn, dtype)
    P = torch.softmax(Z, dim=-1)
    per = -(torch.tensor(wn) * torch.tensor(Tn) * torch.log(P)).sum(-1)
    if len(shape) == 3:
        mask = lengths_mask(shape[0], lengths)
        Tn = Tn * mask[:, :, None]
        m = torch.tensor(mask).to(Z.dtype)
        loss = ((per * m).sum(0) / m.sum(0)).mean()
    else:
        mask = np.zeros((0, 0), bool)
        loss = per.mean()
    loss.backward()
    save(name, Z=Zn, T=Tn, w=wn, mask=mask, P=P, loss=loss.detach().numpy(), dZ=Z.grad)


def main():
    torch.manual_seed(0)
    for dtype in ("float64", "float32"):
        make_bilstm_case(f"layers_bilstm_seq_{dtype}", dtype, np.random.default_rng(500),
                         S=6, N=3, C=3, H=4, Rout=2)
        make_bilstm_case(f"layers_bilstm_last_{dtype}", dtype, np.random.default_rng(501),
                         S=7, N=4, C=2, H=3, Rout=2, lengths=[7, 3, 5, 1], output="last")
        make_softmax_ce(f"layers_softmax_ce_seq_{dtype}", dtype, np.random.default_rng(502),
                        (5, 4, 3), lengths=[5, 2, 4, 1])
        make_softmax_ce(f"layers_softmax_ce_label_{dtype}", dtype,
                        np.random.default_rng(503), (6, 4))
    make_bilstm_case("layers_bilstm_masked_float64", "float64", np.random.default_rng(504),
                     S=8, N=4, C=2, H=3, Rout=3, lengths=[8, 3, 6, 1])


if __name__ == "__main__":
    main()
