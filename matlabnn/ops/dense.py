"""Fully connected kernel: y = W x + b applied along the last axis.

``X`` has shape ``(..., C)`` (e.g. ``(S, N, C)`` time-major sequences or
``(N, C)``), ``W`` is ``(O, C)`` (MATLAB's OutputSize-by-InputSize) and ``b`` is
``(O,)``.  Products whose inner dimension is 1 are done by broadcasting (OpenBLAS
is very slow for rank-1 GEMMs); products with a single output row/column use a
matrix-vector product.
"""

import numpy as np

__all__ = ["dense_forward", "dense_backward", "matmul_nt", "matmul_tn", "matmul_nn"]


def matmul_nt(A, B, out=None):
    """A @ B.T for 2-D A (M, K), B (P, K); rank-1 and vector cases special-cased."""
    M, K = A.shape
    P = B.shape[0]
    if K == 1:
        return np.multiply(A, B[:, 0], out=out)  # (M,1)*(P,) -> (M,P)
    if P == 1:
        r = np.dot(A, B[0])
        r = r.reshape(M, 1)
        if out is not None:
            out[...] = r
            return out
        return r
    return np.matmul(A, B.T, out=out)


def matmul_tn(A, B):
    """A.T @ B for 2-D A (M, P), B (M, K) -> (P, K) (reductions over M)."""
    P = A.shape[1]
    K = B.shape[1]
    if P == 1 and K == 1:
        return np.dot(A[:, 0], B[:, 0]).reshape(1, 1)
    if P == 1:
        return np.dot(A[:, 0], B).reshape(1, K)
    if K == 1:
        return np.dot(B[:, 0], A).reshape(P, 1)
    return A.T @ B


def matmul_nn(A, B, out=None):
    """A @ B for 2-D A (M, P), B (P, K)."""
    M, P = A.shape
    K = B.shape[1]
    if P == 1:
        return np.multiply(A, B[0], out=out)  # (M,1)*(K,) -> (M,K)
    if K == 1:
        r = np.dot(A, B[:, 0]).reshape(M, 1)
        if out is not None:
            out[...] = r
            return out
        return r
    return np.matmul(A, B, out=out)


def dense_forward(X, W, b):
    """Y = X @ W.T + b over the last axis.  X (..., C) -> Y (..., O)."""
    C = X.shape[-1]
    O = W.shape[0]
    if W.shape[1] != C:
        raise ValueError(f"dense_forward: X has {C} channels but W is {W.shape}")
    lead = X.shape[:-1]
    X2 = X.reshape(-1, C)
    Y = matmul_nt(X2, W)
    if b is not None:
        Y += b
    return Y.reshape(lead + (O,))


def dense_backward(dY, X, W):
    """Gradients of Y = X @ W.T + b.  Returns dX (like X), dW (O, C), db (O,)."""
    C = X.shape[-1]
    O = W.shape[0]
    X2 = X.reshape(-1, C)
    dY2 = dY.reshape(-1, O)
    dX = matmul_nn(dY2, W).reshape(X.shape)
    dW = matmul_tn(dY2, X2)
    db = dY2.sum(axis=0)
    return dX, dW, db
