"""Golden fixtures for the layers beyond the recurrent ones, from PyTorch.

Run from the repository root:  python tests/golden/make_golden_seqlayers.py
(needs torch; the test suite only reads the seqlayers_*.npz files written here).

Every case is a right-padded mini-batch X (S, N, C) whose padded steps hold
random values (so a leak would show), with lengths L_n.  The reference runs
PyTorch on each observation's UNPADDED sequence x_n = X[:L_n, n] (batch
normalization: on all real steps together) and takes the loss
sum_n sum(y_n * G_n) with G (S_out, N, O) (padded outputs get G = 0); saved are
Y (padded outputs 0), dX (padded steps 0) and the parameter gradients.

Weights are saved in MATLAB's documented layouts; the permutations to torch are:
  convolution1dLayer  Weights F-by-C-by-O  -> Conv1d weight (O, C, F) = W.transpose(2, 1, 0);
                      Bias 1-by-O -> bias (O,)
  batch/layer norm    Scale, Offset C-by-1 -> weight, bias (C,)
  selfAttentionLayer  QueryWeights/KeyWeights (K, C), ValueWeights (V, C), OutputWeights
                      (O, V): the same matrices as torch's in_proj (rows stacked q; k; v)
                      and out_proj; heads are contiguous row blocks, as in torch.
Padding cases: 'causal' = F.pad (left (F-1)*dilation); 'same' with stride 1 uses torch's
own padding='same'; 'same' with stride s uses MATLAB's documented split
(total = max((ceil(L/s)-1)*s + (F-1)*d + 1 - L, 0), extra step on the right) per sequence.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from make_golden import T_, save  # noqa: E402


def padded_batch(rng, S, lengths, C, dtype):
    return rng.standard_normal((S, len(lengths), C)).astype(dtype)


def per_sequence(X, lengths, G, run, dtype, params, out_has_time=True):
    """Run ``run(x (L, C) tensor, params)`` per observation; collect Y, dX, parameter grads."""
    S, N, C = X.shape
    P = {k: T_(v, dtype) for k, v in params.items()}
    Ys = []
    dX = np.zeros_like(X)
    loss = 0
    xs = []
    for n, L in enumerate(lengths):
        x = T_(X[:L, n], dtype)
        y = run(x, P)
        xs.append(x)
        Ys.append(y)
        g = torch.tensor(G[:y.shape[0], n] if out_has_time else G[n], dtype=y.dtype)
        loss = loss + (y * g).sum()
    loss.backward()
    for n, (L, x) in enumerate(zip(lengths, xs)):
        dX[:L, n] = x.grad.numpy()
    if out_has_time:
        Y = np.zeros(G.shape, dtype)
        for n, y in enumerate(Ys):
            Y[:y.shape[0], n] = y.detach().numpy()
    else:
        Y = np.stack([y.detach().numpy() for y in Ys])
    grads = {"d" + k: v.grad.numpy() for k, v in P.items()}
    return Y, dX, grads


def same_split(L, size, stride, dilation):
    eff = (size - 1) * dilation + 1
    total = max((math.ceil(L / stride) - 1) * stride + eff - L, 0)
    return total // 2, total - total // 2


def out_len(L, pad, size, stride, dilation=1):
    return (L + pad[0] + pad[1] - ((size - 1) * dilation + 1)) // stride + 1


def conv_case(name, dtype, rng, lengths, C, O, size, stride, dilation, padding, pad_value):
    S = max(lengths)
    X = padded_batch(rng, S, lengths, C, dtype)
    W = (0.5 * rng.standard_normal((size, C, O))).astype(dtype)      # MATLAB layout
    b = (0.3 * rng.standard_normal((1, O))).astype(dtype)

    def pads(L):
        if padding == "causal":
            return ((size - 1) * dilation, 0)
        if padding == "same":
            return same_split(L, size, stride, dilation)
        return tuple(padding)

    s_out = out_len(S, pads(S), size, stride, dilation)
    G = np.zeros((s_out, len(lengths), O), dtype)
    for n, L in enumerate(lengths):
        G[:out_len(L, pads(L), size, stride, dilation), n] = rng.standard_normal(
            (out_len(L, pads(L), size, stride, dilation), O))

    def run(x, P):
        w = P["W"].permute(2, 1, 0)                      # (O, C, F)
        xin = x.T[None]                                  # (1, C, L)
        if padding == "same" and stride == 1:
            y = F.conv1d(xin, w, P["b"][0], stride=1, padding="same", dilation=dilation)
        else:
            xin = F.pad(xin, pads(x.shape[0]), value=pad_value)
            y = F.conv1d(xin, w, P["b"][0], stride=stride, dilation=dilation)
        return y[0].T

    Y, dX, grads = per_sequence(X, lengths, G, run, dtype, {"W": W, "b": b})
    save(f"seqlayers_conv1d_{name}_{dtype}", X=X, lengths=np.array(lengths), W=W, b=b, G=G,
         Y=Y, dX=dX, dW=grads["dW"], db=grads["db"], size=size, stride=stride,
         dilation=dilation, padding=np.array(str(padding)), pad_value=pad_value)


def pool_case(name, dtype, rng, lengths, C, mode, size, stride, padding):
    S = max(lengths)
    X = padded_batch(rng, S, lengths, C, dtype)

    def pads(L):
        if padding == "causal":
            return (size - 1, 0)
        if padding == "same":
            return same_split(L, size, stride, 1)
        return tuple(padding)

    s_out = out_len(S, pads(S), size, stride)
    G = np.zeros((s_out, len(lengths), C), dtype)
    for n, L in enumerate(lengths):
        G[:out_len(L, pads(L), size, stride), n] = rng.standard_normal(
            (out_len(L, pads(L), size, stride), C))

    def run(x, P):
        xin = x.T[None]
        if mode == "max":
            y = F.max_pool1d(F.pad(xin, pads(x.shape[0]), value=-math.inf), size, stride)
        else:
            y = F.avg_pool1d(F.pad(xin, pads(x.shape[0]), value=0.0), size, stride)
        return y[0].T

    Y, dX, _ = per_sequence(X, lengths, G, run, dtype, {})
    save(f"seqlayers_pool1d_{name}_{dtype}", X=X, lengths=np.array(lengths), G=G, Y=Y, dX=dX,
         mode=np.array(mode), size=size, stride=stride, padding=np.array(str(padding)))


def global_pool_case(mode, dtype, rng, lengths, C):
    X = padded_batch(rng, max(lengths), lengths, C, dtype)
    G = rng.standard_normal((len(lengths), C)).astype(dtype)

    def run(x, P):
        return x.max(dim=0).values if mode == "max" else x.mean(dim=0)

    Y, dX, _ = per_sequence(X, lengths, G, run, dtype, {}, out_has_time=False)
    save(f"seqlayers_globalpool_{mode}_{dtype}", X=X, lengths=np.array(lengths), G=G, Y=Y,
         dX=dX, mode=np.array(mode))


def batchnorm_case(dtype, rng, lengths, C):
    S = max(lengths)
    X = (1.5 + 2 * padded_batch(rng, S, lengths, C, dtype)).astype(dtype)
    G = rng.standard_normal((S, len(lengths), C)).astype(dtype)
    mask = np.arange(S)[:, None] < np.array(lengths)[None, :]
    G[~mask] = 0
    scale = (1 + 0.3 * rng.standard_normal((C, 1))).astype(dtype)
    offset = (0.2 * rng.standard_normal((C, 1))).astype(dtype)
    real = T_(X[mask], dtype)                                     # (M, C) real steps
    sc, of = T_(scale, dtype), T_(offset, dtype)
    y = F.batch_norm(real, None, None, sc[:, 0], of[:, 0], training=True, eps=1e-5)
    (y * torch.tensor(G[mask])).sum().backward()
    Y = np.zeros_like(X)
    Y[mask] = y.detach().numpy()
    dX = np.zeros_like(X)
    dX[mask] = real.grad.numpy()
    save(f"seqlayers_batchnorm_{dtype}", X=X, lengths=np.array(lengths), G=G, Y=Y, dX=dX,
         Scale=scale, Offset=offset, dScale=sc.grad.numpy(), dOffset=of.grad.numpy(),
         batch_mean=real.detach().mean(0).numpy(),
         batch_var=real.detach().var(0, unbiased=False).numpy())


def layernorm_case(dtype, rng, lengths, C):
    S = max(lengths)
    X = padded_batch(rng, S, lengths, C, dtype)
    scale = (1 + 0.3 * rng.standard_normal((C, 1))).astype(dtype)
    offset = (0.2 * rng.standard_normal((C, 1))).astype(dtype)
    G = rng.standard_normal((S, len(lengths), C)).astype(dtype)
    mask = np.arange(S)[:, None] < np.array(lengths)[None, :]
    G[~mask] = 0

    def run(x, P):
        return F.layer_norm(x, (C,), P["Scale"][:, 0], P["Offset"][:, 0], eps=1e-5)

    Y, dX, grads = per_sequence(X, lengths, G, run, dtype, {"Scale": scale, "Offset": offset})
    save(f"seqlayers_layernorm_{dtype}", X=X, lengths=np.array(lengths), G=G, Y=Y, dX=dX,
         Scale=scale, Offset=offset, dScale=grads["dScale"], dOffset=grads["dOffset"])


def attention_case(name, dtype, rng, lengths, C, heads, K, V, O, causal, use_mha):
    S = max(lengths)
    X = padded_batch(rng, S, lengths, C, dtype)
    p = {"Wq": 0.5 * rng.standard_normal((K, C)), "Wk": 0.5 * rng.standard_normal((K, C)),
         "Wv": 0.5 * rng.standard_normal((V, C)), "Wo": 0.5 * rng.standard_normal((O, V)),
         "bq": 0.2 * rng.standard_normal((K, 1)), "bk": 0.2 * rng.standard_normal((K, 1)),
         "bv": 0.2 * rng.standard_normal((V, 1)), "bo": 0.2 * rng.standard_normal((O, 1))}
    p = {k: v.astype(dtype) for k, v in p.items()}
    G = rng.standard_normal((S, len(lengths), O)).astype(dtype)
    mask = np.arange(S)[:, None] < np.array(lengths)[None, :]
    G[~mask] = 0

    def run(x, P):
        L = x.shape[0]
        cm = torch.triu(torch.ones(L, L, dtype=torch.bool), 1) if causal else None
        if use_mha:
            mha = torch.nn.MultiheadAttention(C, heads, dtype=x.dtype)
            params = {"in_proj_weight": torch.cat([P["Wq"], P["Wk"], P["Wv"]]),
                      "in_proj_bias": torch.cat([P["bq"], P["bk"], P["bv"]])[:, 0],
                      "out_proj.weight": P["Wo"], "out_proj.bias": P["bo"][:, 0]}
            xb = x[:, None]
            out, _ = torch.func.functional_call(mha, params, (xb, xb, xb),
                                                {"attn_mask": cm, "need_weights": False})
            return out[:, 0]
        q = (x @ P["Wq"].T + P["bq"][:, 0]).reshape(L, heads, -1).transpose(0, 1)
        k = (x @ P["Wk"].T + P["bk"][:, 0]).reshape(L, heads, -1).transpose(0, 1)
        v = (x @ P["Wv"].T + P["bv"][:, 0]).reshape(L, heads, -1).transpose(0, 1)
        o = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        return o.transpose(0, 1).reshape(L, V) @ P["Wo"].T + P["bo"][:, 0]

    Y, dX, grads = per_sequence(X, lengths, G, run, dtype, p)
    save(f"seqlayers_attention_{name}_{dtype}", X=X, lengths=np.array(lengths), G=G, Y=Y,
         dX=dX, heads=heads, causal=causal, **p, **grads)


def image_case(name, dtype, rng, B, H, W, C, op, size, stride, dilation, padding, O=0,
               pad_value=0.0):
    """convolution2dLayer / max / average pooling on channels-last images (B, H, W, C)."""
    X = rng.standard_normal((B, H, W, C)).astype(dtype)
    if padding == "same":
        pads = [same_split(H, size[0], stride[0], dilation[0]),
                same_split(W, size[1], stride[1], dilation[1])]
        pad = (pads[0][0], pads[0][1], pads[1][0], pads[1][1])
    else:
        pad = padding
    params = {}
    if op == "conv":
        params = {"W": (0.5 * rng.standard_normal(size + (C, O))).astype(dtype),
                  "b": (0.3 * rng.standard_normal((1, 1, O))).astype(dtype)}
    P = {k: T_(v, dtype) for k, v in params.items()}
    x = T_(X, dtype)
    xin = F.pad(x.permute(0, 3, 1, 2), (pad[2], pad[3], pad[0], pad[1]),
                value=-math.inf if op == "max" else pad_value)
    if op == "conv":
        y = F.conv2d(xin, P["W"].permute(3, 2, 0, 1), P["b"].reshape(-1), stride=stride,
                     dilation=dilation)
    elif op == "max":
        y = F.max_pool2d(xin, size, stride)
    else:
        y = F.avg_pool2d(xin, size, stride)
    y = y.permute(0, 2, 3, 1)
    G = rng.standard_normal(tuple(y.shape)).astype(dtype)
    (y * torch.tensor(G)).sum().backward()
    save(f"seqlayers_image_{name}_{dtype}", X=X, G=G, Y=y, dX=x.grad, op=np.array(op),
         size=np.array(size), stride=np.array(stride), dilation=np.array(dilation),
         padding=np.array(str(padding)), pad_value=pad_value,
         **params, **{"d" + k: v.grad for k, v in P.items()})


def activation_case(dtype, rng):
    x = (2.5 * rng.standard_normal(40)).astype(dtype)
    x[:3] = [0.0, 6.5, -0.001]
    t = torch.tensor(x)
    out = {"x": x,
           "elu": F.elu(t, 0.7).numpy(), "gelu": F.gelu(t).numpy(),
           "gelu_tanh": F.gelu(t, approximate="tanh").numpy(), "swish": F.silu(t).numpy(),
           "clipped": F.hardtanh(t, 0.0, 6.0).numpy(), "softplus": F.softplus(t).numpy()}
    save(f"seqlayers_activations_{dtype}", **out)


def main():
    for dtype in ("float64", "float32"):
        rng = np.random.default_rng(13)
        conv_case("causal", dtype, rng, [7, 4, 2], 2, 4, 3, 1, 2, "causal", 0.0)
        conv_case("same", dtype, rng, [6, 5, 3], 2, 3, 4, 1, 1, "same", 0.0)
        conv_case("stride2", dtype, rng, [9, 6, 5], 3, 2, 3, 2, 1, (1, 2), 0.5)
        conv_case("samestride2", dtype, rng, [7, 4], 2, 2, 2, 2, 1, "same", 0.0)
        conv_case("valid", dtype, rng, [6, 4], 2, 3, 3, 1, 1, (0, 0), 0.0)
        pool_case("maxsame", dtype, rng, [6, 4, 2], 3, "max", 3, 1, "same")
        pool_case("avgstride2", dtype, rng, [8, 5], 2, "average", 2, 2, (0, 0))
        pool_case("maxstride2same", dtype, rng, [7, 4], 2, "max", 2, 2, "same")
        pool_case("avgcausal", dtype, rng, [6, 3], 2, "average", 3, 1, "causal")
        global_pool_case("average", dtype, rng, [5, 3, 1], 3)
        global_pool_case("max", dtype, rng, [5, 3, 1], 3)
        batchnorm_case(dtype, rng, [5, 3, 2], 3)
        layernorm_case(dtype, rng, [5, 2], 4)
        attention_case("mha", dtype, rng, [5, 3, 4], 4, 2, 4, 4, 4, False, True)
        attention_case("mhacausal", dtype, rng, [5, 2, 4], 4, 2, 4, 4, 4, True, True)
        attention_case("sizes", dtype, rng, [4, 3], 3, 2, 4, 6, 5, True, False)
        activation_case(dtype, rng)
        image_case("conv31", dtype, rng, 4, 7, 1, 1, "conv", (3, 1), (1, 1), (1, 1),
                   (0, 0, 0, 0), O=3)
        image_case("convsame", dtype, rng, 3, 6, 5, 2, "conv", (2, 3), (2, 1), (1, 2), "same",
                   O=4)
        image_case("convpad", dtype, rng, 2, 5, 4, 3, "conv", (3, 3), (1, 2), (1, 1),
                   (1, 0, 2, 1), O=2, pad_value=0.25)
        image_case("maxpool", dtype, rng, 3, 7, 1, 2, "max", (2, 1), (2, 1), (1, 1),
                   (0, 0, 0, 0))
        image_case("maxsame", dtype, rng, 2, 5, 5, 2, "max", (3, 2), (2, 2), (1, 1), "same")
        image_case("avgpool", dtype, rng, 2, 6, 4, 2, "average", (2, 2), (2, 1), (1, 1),
                   (1, 1, 0, 1))


if __name__ == "__main__":
    main()
