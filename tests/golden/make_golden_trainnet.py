"""Golden fixtures for trainnet's losses, one-step gradients and solver steps (PyTorch).

Run from the repository root:  python tests/golden/make_golden_trainnet.py
(needs torch; the test suite only reads the .npz files written here).

Normalisations are the pinned ones (matlabnn/trainnet_choices.py), written out
here independently:
  mse        sum (y - t)^2 / (K * sum_n S_n)           (not halved)
  mae        sum |y - t| / (K * sum_n S_n)
  huber      sum huber_1(y - t) / (K * sum_n S_n)        (torch.nn.functional.huber_loss, delta 1)
  binary-ce  sum -(t ln y + (1-t) ln(1-y)) / (K * sum_n S_n)
  crossentropy  sum -t ln y / sum_n S_n   (sequence-to-label: / N)

Fixtures:
  trainnet_loss_<name>.npz   Y (S,N,K), T, mask (S,N) -> loss, dY   (float64)
  trainnet_net_<case>.npz    a sequenceInput -> lstm(H) -> fc(K) [-> softmax|sigmoid]
                             network on a padded batch (sequences of different lengths;
                             torch runs each sequence alone, unpadded), its loss, the
                             gradients of every learnable and the learnables after one
                             SGDM step (torch.optim.SGD, lr 0.01, momentum 0.9) and one
                             step of MATLAB's Adam (lr 0.001, 0.9, 0.999, eps 1e-8; the
                             form in matlab_adam_first_step); no L2, no clipping.
  Layout: x (N, S_max, C) right-padded with lengths; targets (N, S_max, K) or (N, K).
  LSTM weights are MATLAB's: W (4H, C), R (4H, H), b (4H), gate order i, f, g, o
  (torch's too); fc W (K, H), b (K).
"""
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_default_dtype(torch.float64)


def save(name, **arrays):
    out = {k: (v.detach().numpy() if isinstance(v, torch.Tensor) else np.asarray(v))
           for k, v in arrays.items()}
    np.savez_compressed(os.path.join(HERE, name + ".npz"), **out)
    print("wrote", name, ", ".join(f"{k}{out[k].shape}" for k in out))


def mask_of(S, lengths):
    m = np.zeros((S, len(lengths)), bool)
    for n, L in enumerate(lengths):
        m[:L, n] = True
    return m


def elementwise(name, d, y, t):
    if name == "mse":
        return d * d
    if name == "mae":
        return d.abs()
    if name == "huber":
        return torch.nn.functional.huber_loss(y, t, reduction="none", delta=1.0)
    if name == "binary-crossentropy":
        return -(t * torch.log(y) + (1 - t) * torch.log(1 - y))
    raise ValueError(name)


def torch_loss(name, Y, T, m):
    """Y, T (S, N, K) or (N, K); m (S, N) bool numpy or None."""
    mt = torch.tensor(m if m is not None else np.ones(Y.shape[:-1], bool))[..., None].to(Y.dtype)
    K = Y.shape[-1]
    real = mt.sum()
    if name == "crossentropy":
        return -(T * torch.log(Y) * mt).sum() / real
    return (elementwise(name, Y - T, Y, T) * mt).sum() / (K * real)


def loss_fixtures(rng):
    S, N, K = 5, 3, 4
    lengths = [5, 2, 4]
    m = mask_of(S, lengths)
    for name in ("mse", "mae", "huber", "binary-crossentropy", "crossentropy"):
        if name == "crossentropy":
            Y = torch.softmax(torch.tensor(rng.standard_normal((S, N, K))), -1)
            T = torch.tensor(np.eye(K)[rng.integers(0, K, (S, N))])
        elif name == "binary-crossentropy":
            Y = torch.sigmoid(torch.tensor(rng.standard_normal((S, N, K))))
            T = torch.tensor((rng.random((S, N, K)) < 0.5).astype(float))
        else:
            Y = torch.tensor(2 * rng.standard_normal((S, N, K)))
            T = torch.tensor(rng.standard_normal((S, N, K)))
        Y.requires_grad_(True)
        loss = torch_loss(name, Y, T, m)
        loss.backward()
        Yn = Y.detach().numpy().copy()
        Yn[~m] = np.nan          # padded steps may hold anything
        save(f"trainnet_loss_{name}", Y=Yn, T=T, mask=m, loss=loss, dY=Y.grad)


def lstm_last_and_seq(x, W, R, b, H):
    """x (S, C) one unpadded sequence -> (S, H) outputs."""
    h = torch.zeros(H)
    c = torch.zeros(H)
    out = []
    for t in range(x.shape[0]):
        g = W @ x[t] + R @ h + b
        i, f, gg, o = torch.sigmoid(g[:H]), torch.sigmoid(g[H:2 * H]), torch.tanh(
            g[2 * H:3 * H]), torch.sigmoid(g[3 * H:])
        c = f * c + i * gg
        h = o * torch.tanh(c)
        out.append(h)
    return torch.stack(out)


def net_case(rng, case, loss_name, output, head):
    C, H, K = 3, 5, 3
    lengths = [6, 3, 5, 2]
    N, S = len(lengths), max(lengths)
    params = {"W": 0.4 * rng.standard_normal((4 * H, C)), "R": 0.4 * rng.standard_normal((4 * H, H)),
              "b": 0.1 * rng.standard_normal(4 * H), "fcW": 0.5 * rng.standard_normal((K, H)),
              "fcb": 0.1 * rng.standard_normal(K)}
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    x = np.zeros((N, S, C))
    for n, L in enumerate(lengths):
        x[n, :L] = rng.standard_normal((L, C))
    if output == "sequence":
        if head == "softmax":
            t = np.eye(K)[rng.integers(0, K, (N, S))]
        elif head == "sigmoid":
            t = (rng.random((N, S, K)) < 0.5).astype(float)
        else:
            t = 1.5 * rng.standard_normal((N, S, K))
        for n, L in enumerate(lengths):
            t[n, L:] = 0.0
    else:
        t = np.eye(K)[rng.integers(0, K, N)] if head == "softmax" else rng.standard_normal((N, K))

    def forward():
        ys = []
        for n, L in enumerate(lengths):
            hs = lstm_last_and_seq(torch.tensor(x[n, :L]), tp["W"], tp["R"], tp["b"], H)
            z = hs @ tp["fcW"].T + tp["fcb"]
            if head == "softmax":
                z = torch.softmax(z, -1)
            elif head == "sigmoid":
                z = torch.sigmoid(z)
            ys.append(z if output == "sequence" else z[-1])
        return ys

    ys = forward()
    if output == "sequence":
        Y = torch.cat(ys)                       # (sum S_n, K): only real steps
        T = torch.cat([torch.tensor(t[n, :L]) for n, L in enumerate(lengths)])
    else:
        Y = torch.stack(ys)
        T = torch.tensor(t)
    loss = torch_loss(loss_name, Y, T, None)
    loss.backward()
    grads = {k: v.grad.clone() for k, v in tp.items()}
    sgdm = {}
    q = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.SGD(list(q.values()), lr=0.01, momentum=0.9)
    for k in q:
        q[k].grad = grads[k].clone()
    opt.step()
    sgdm.update({k: v.detach() for k, v in q.items()})
    adam = {k: matlab_adam_first_step(torch.tensor(v), grads[k]) for k, v in params.items()}
    save(f"trainnet_net_{case}", x=x, lengths=np.array(lengths), t=t, loss=loss,
         **{k: v for k, v in params.items()}, **{"grad_" + k: v for k, v in grads.items()},
         **{"sgdm_" + k: v for k, v in sgdm.items()}, **{"adam_" + k: v for k, v in adam.items()})


def matlab_adam_first_step(w, g, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
    """MATLAB's Adam (trainingOptions 'adam'): the bias correction goes into the rate and
    epsilon stays outside the square root of the uncorrected v, so the first step is
    w - lr * sqrt(1 - b2) / (1 - b1) * m / (sqrt(v) + eps) with m = (1-b1) g,
    v = (1-b2) g^2. (torch.optim.Adam adds epsilon to sqrt of the corrected v instead.)"""
    m = (1 - b1) * g
    v = (1 - b2) * g * g
    alpha = lr * (1 - b2) ** 0.5 / (1 - b1)
    return w - alpha * m / (torch.sqrt(v) + eps)


def main():
    rng = np.random.default_rng(20261128)
    loss_fixtures(rng)
    net_case(rng, "mse_seq", "mse", "sequence", None)
    net_case(rng, "crossentropy_label", "crossentropy", "last", "softmax")
    net_case(rng, "crossentropy_seq", "crossentropy", "sequence", "softmax")
    net_case(rng, "binary_crossentropy_seq", "binary-crossentropy", "sequence", "sigmoid")
    net_case(rng, "mae_seq", "mae", "sequence", None)
    net_case(rng, "huber_seq", "huber", "sequence", None)


if __name__ == "__main__":
    main()
