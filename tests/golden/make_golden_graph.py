"""Golden fixtures for LAYER GRAPHS (DAGNetwork), from an independent implementation (PyTorch).

Run from the repository root:  python tests/golden/make_golden_graph.py
(needs torch; the test suite only reads the .npz files written here).

Fixtures (tests/golden/graph_*.npz):
  graph_residual_float64.npz   residual LSTM, sequence-to-sequence regression on a
                               right-padded batch:
                                   in -> lstm -> fc1 (C) -> add/in1
                                   in -----------------> add/in2   (skip branch)
                                   add -> fc2 (R) -> regression
                               loss, gradients of every learnable and of X, and the
                               weights after one sgdm step (lr 0.1, momentum 0.9, no L2)
  graph_concat_float64.npz     two branches joined by concatenationLayer(1, 2),
                               sequence-to-label classification on a right-padded batch:
                                   in -> lstm (last) -> cat/in1
                                   in -> gru (last)  -> cat/in2
                                   cat -> fc (K) -> softmax -> classification
                               loss, gradients, and the weights after one adam step
                               (lr 0.01, no L2)

Weight mapping (MATLAB layout -> torch), as in make_golden.py: LSTM weight_ih = W,
weight_hh = R, bias_ih = b, bias_hh = 0 (gate order i, f, g, o in both); GRU
(ResetGateMode 'after-multiplication', r, z, h~ == torch r, z, n) bias_ih = b,
bias_hh = 0. Initial states are zero (MATLAB's default). 'last' output = the state at
each sequence's last real step (pack_padded_sequence). Losses (design decision 2):
regression mean over observations of 1/(2 S_n) sum_t sum_i (y - t)^2 over real steps;
classification mean over observations of -sum_k T ln P.

Adam: MATLAB (spec section 4.3) applies the bias corrections to the learning rate and adds
epsilon to sqrt(v) itself: w -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps). torch adds
eps to sqrt(v)/sqrt(1-b2^t); the two agree when torch's eps is eps/sqrt(1-b2^t), which
this script passes for the first step (t = 1). The difference is not negligible: for a
gradient of 1e-4 it changes the step by 0.3 %.
"""
import numpy as np
import torch

from make_golden import T_, lengths_mask, run_rnn, save, seq_mse  # noqa: E402


def _weights(rng, shapes):
    return {k: (scale * rng.standard_normal(shape)) for k, (shape, scale) in shapes.items()}


def make_residual(rng, S=6, N=3, C=3, H=4, R=2, lengths=(6, 4, 2), lr=0.1):
    lengths = list(lengths)
    mask = lengths_mask(S, lengths)
    a = dict(X=rng.standard_normal((S, N, C)), T=rng.standard_normal((S, N, R)))
    a.update(_weights(rng, {"W": ((4 * H, C), 0.5), "Rw": ((4 * H, H), 0.5), "b": ((4 * H,), 0.3),
                            "W1": ((C, H), 0.5), "b1": ((C,), 0.1),
                            "W2": ((R, C), 0.5), "b2": ((R,), 0.1)}))
    a["X"][~mask] = 0.0
    t = {k: T_(v, "float64", k != "T") for k, v in a.items()}
    zeros = torch.zeros(N, H, dtype=torch.float64)
    Y, _, _ = run_rnn("lstm", t["X"], zeros, zeros, t["W"], t["Rw"], t["b"], lengths)
    A = Y @ t["W1"].T + t["b1"] + t["X"]               # the addition layer: fc1 + skip
    Z = A @ t["W2"].T + t["b2"]
    loss = seq_mse(Z, t["T"], torch.tensor(mask))
    loss.backward()
    rec = dict(a, mask=mask, Z=Z, loss=loss.detach().numpy())
    params = ["W", "Rw", "b", "W1", "b1", "W2", "b2"]
    for k in params + ["X"]:
        rec["d" + k] = t[k].grad.clone()
    opt = torch.optim.SGD([t[k] for k in params], lr=lr, momentum=0.9)
    opt.step()
    for k in params:
        rec["sgdm_" + k] = t[k].detach().clone()
    save("graph_residual_float64", **rec)


def make_concat(rng, S=7, N=4, C=3, H1=4, H2=3, K=3, lengths=(7, 3, 5, 1), lr=0.01):
    lengths = list(lengths)
    mask = lengths_mask(S, lengths)
    labels = rng.integers(0, K, N)
    a = dict(X=rng.standard_normal((S, N, C)), T=np.eye(K)[labels])
    a.update(_weights(rng, {"Wl": ((4 * H1, C), 0.5), "Rl": ((4 * H1, H1), 0.5),
                            "bl": ((4 * H1,), 0.3),
                            "Wg": ((3 * H2, C), 0.5), "Rg": ((3 * H2, H2), 0.5),
                            "bg": ((3 * H2,), 0.3),
                            "Wfc": ((K, H1 + H2), 0.5), "bfc": ((K,), 0.1)}))
    a["X"][~mask] = 0.0
    t = {k: T_(v, "float64", k != "T") for k, v in a.items()}
    z1 = torch.zeros(N, H1, dtype=torch.float64)
    z2 = torch.zeros(N, H2, dtype=torch.float64)
    _, hl, _ = run_rnn("lstm", t["X"], z1, z1, t["Wl"], t["Rl"], t["bl"], lengths)
    _, hg, _ = run_rnn("gru", t["X"], z2, None, t["Wg"], t["Rg"], t["bg"], lengths)
    cat = torch.cat([hl, hg], dim=1)                    # concatenationLayer(1, 2): channels
    Z = cat @ t["Wfc"].T + t["bfc"]
    P = torch.softmax(Z, dim=1)
    loss = -(t["T"] * torch.log(P)).sum(1).mean()
    loss.backward()
    rec = dict(a, labels=labels, mask=mask, P=P, loss=loss.detach().numpy())
    params = ["Wl", "Rl", "bl", "Wg", "Rg", "bg", "Wfc", "bfc"]
    for k in params + ["X"]:
        rec["d" + k] = t[k].grad.clone()
    beta2, eps = 0.999, 1e-8
    opt = torch.optim.Adam([t[k] for k in params], lr=lr, betas=(0.9, beta2),
                           eps=eps / np.sqrt(1 - beta2))     # MATLAB's epsilon at t = 1
    opt.step()
    for k in params:
        rec["adam_" + k] = t[k].detach().clone()
    save("graph_concat_float64", **rec)


def main():
    torch.manual_seed(0)
    make_residual(np.random.default_rng(600))
    make_concat(np.random.default_rng(601))


if __name__ == "__main__":
    main()
