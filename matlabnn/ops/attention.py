"""Multi-head scaled dot-product self-attention over time.

``x`` is (S, N, C).  Projections follow MATLAB's layout: Wq, Wk (K, C),
Wv (V, C), Wo (O, V), biases 1-D.  Head h uses channels h*K/H .. (h+1)*K/H-1 of
the queries and keys (and likewise of the values).  ``allowed`` is a bool
(N, 1, S, S) array of the key positions each query may attend to (None: all);
a query with no allowed key gets a zero output.
"""
import numpy as np

__all__ = ["attention_allowed", "self_attention_forward", "self_attention_backward"]


def attention_allowed(mask, S, N, causal):
    """bool (N, 1, S_query, S_key) or None: real keys only, and j <= i when causal."""
    allowed = None
    if mask is not None and not mask.all():
        allowed = np.broadcast_to(mask.T[:, None, None, :], (N, 1, S, S))
    if causal:
        tri = np.tril(np.ones((S, S), dtype=bool))[None, None]
        allowed = tri if allowed is None else allowed & tri
    return allowed


def _heads(z, H):
    S, N, D = z.shape
    return z.reshape(S, N, H, D // H).transpose(1, 2, 0, 3)       # (N, H, S, d)


def _merge(z):
    N, H, S, d = z.shape
    return z.transpose(2, 0, 1, 3).reshape(S, N, H * d)


def self_attention_forward(x, Wq, bq, Wk, bk, Wv, bv, Wo, bo, H, allowed=None,
                           dropout=None):
    """Returns (y (S, N, O), cache). ``dropout`` is None or (keep mask / (1-p)) like the scores."""
    q = _heads(x @ Wq.T + bq, H)
    k = _heads(x @ Wk.T + bk, H)
    v = _heads(x @ Wv.T + bv, H)
    scale = x.dtype.type(1.0 / np.sqrt(q.shape[-1]))
    scores = (q @ k.transpose(0, 1, 3, 2)) * scale               # (N, H, S, S)
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0)
    e = np.exp(scores - top)
    total = e.sum(axis=-1, keepdims=True)
    a = e / np.where(total == 0, 1, total)
    ad = a if dropout is None else a * dropout
    o = _merge(ad @ v)                                          # (S, N, V)
    y = o @ Wo.T + bo
    return y, (x, q, k, v, a, ad, o, scale, dropout, (Wq, Wk, Wv, Wo), H)


def self_attention_backward(dy, cache):
    """Gradients: dx and a dict of dWq, dbq, dWk, dbk, dWv, dbv, dWo, dbo."""
    x, q, k, v, a, ad, o, scale, dropout, (Wq, Wk, Wv, Wo), H = cache
    C = x.shape[-1]
    dy2 = dy.reshape(-1, dy.shape[-1])
    g = {"Wo": dy2.T @ o.reshape(-1, o.shape[-1]), "bo": dy2.sum(axis=0)}
    do = _heads(dy @ Wo, H)
    dad = do @ v.transpose(0, 1, 3, 2)
    dv = ad.transpose(0, 1, 3, 2) @ do
    da = dad if dropout is None else dad * dropout
    ds = a * (da - (da * a).sum(axis=-1, keepdims=True)) * scale
    dq = ds @ k
    dk = ds.transpose(0, 1, 3, 2) @ q
    x2 = x.reshape(-1, C)
    dx = np.zeros_like(x)
    for name, dz, W in (("q", dq, Wq), ("k", dk, Wk), ("v", dv, Wv)):
        dz = _merge(dz)
        dz2 = dz.reshape(-1, dz.shape[-1])
        g["W" + name] = dz2.T @ x2
        g["b" + name] = dz2.sum(axis=0)
        dx += dz @ W
    return dx, g
