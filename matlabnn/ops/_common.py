"""Helpers shared by the recurrent kernels (private)."""

import numpy as np

from .activations import GATE_ACTIVATIONS, STATE_ACTIVATIONS

# Prescaling that turns each gate activation into a cheap in-place op on the
# pre-activation a' = scale*a + shift:
#   sigmoid(a)      = 0.5*tanh(a/2) + 0.5      -> a' = a/2, then tanh, *0.5, +0.5
#   hard-sigmoid(a) = clip(0.2 a + 0.5, 0, 1)  -> a' = 0.2a + 0.5, then clip
GATE_SCALE = {"sigmoid": (0.5, 0.0), "hard-sigmoid": (0.2, 0.5)}

# Projections larger than this many elements are done in time chunks on the
# inference path (bounds its memory to a few MB beyond the output).
INFERENCE_CHUNK_ELEMS = 1 << 21


def check_names(gate, state, who):
    if gate not in GATE_ACTIVATIONS:
        raise ValueError(f"{who}: unknown gate activation {gate!r}; "
                         f"expected one of {GATE_ACTIVATIONS}")
    if state not in STATE_ACTIVATIONS:
        raise ValueError(f"{who}: unknown state activation {state!r}; "
                         f"expected one of {STATE_ACTIVATIONS}")


def compute_dtype(W):
    dt = np.asarray(W).dtype
    if dt.kind != "f":
        dt = np.dtype(np.float32)
    return dt


def init_state(s, N, H, dtype, who, name):
    """Return (state (N,H) contiguous array of dtype, original shape or None)."""
    if s is None:
        return np.zeros((N, H), dtype), None
    s = np.asarray(s)
    shape = s.shape
    if shape == (H,) or shape == (1, H) or shape == (H, 1):
        out = np.empty((N, H), dtype)
        out[...] = s.reshape(1, H)
        return out, shape
    if shape != (N, H):
        raise ValueError(f"{who}: {name} must be (N, H) = {(N, H)} or (H,), got {shape}")
    return np.array(s, dtype=dtype, order="C", copy=True), shape


def state_grad(ds, shape):
    """Reduce an (N,H) state gradient back to the shape the state was given in."""
    if shape is None:
        return ds
    if ds.shape == shape:
        return ds
    return ds.sum(axis=0).reshape(shape)


def check_mask(mask, S, N, who):
    if mask is None:
        return None
    mask = np.asarray(mask)
    if mask.shape != (S, N):
        raise ValueError(f"{who}: mask must have shape (S, N) = {(S, N)}, got {mask.shape}")
    mask = mask.astype(bool, copy=False)
    if mask.all():
        return None  # nothing padded: take the fast path
    return mask


def make_state_act(name, shape, dtype):
    """In-place state activation for arrays of ``shape`` (scratch preallocated)."""
    if name == "tanh":
        def act(x, out=None):
            return np.tanh(x, out=x if out is None else out)
        return act
    scratch = np.empty(shape, dtype)

    def act(x, out=None):  # softsign
        np.abs(x, out=scratch)
        np.add(scratch, 1.0, out=scratch)
        return np.divide(x, scratch, out=x if out is None else out)
    return act


def make_gate_act(name):
    """In-place gate activation on a PRESCALED pre-activation (see GATE_SCALE)."""
    if name == "sigmoid":
        def act(x):
            np.tanh(x, out=x)
            np.multiply(x, 0.5, out=x)
            np.add(x, 0.5, out=x)
        return act

    def act(x):  # hard-sigmoid: clip(x', 0, 1)
        np.maximum(x, 0.0, out=x)
        np.minimum(x, 1.0, out=x)
    return act


# ---------------------------------------------------------------------------
# Workspace reuse.  Writing into freshly allocated (mmapped) memory costs a page
# fault per 4 KB page, which for the large per-call arrays of the recurrent
# kernels is a sizeable share of the run time.  Inside ``workspace()`` (the
# training loop opens one), large arrays come from a pool of buffers, one list
# per call site ("tag"); a buffer is handed out again only once nothing but the
# pool refers to it (no view, no cache keeps it), so reuse can never alias live
# data.  Outside a workspace, ``empty`` is ``np.empty``.

import contextlib
import sys
import threading

_POOL_MIN_BYTES = 1 << 18
_local = threading.local()


class _Pool:
    def __init__(self):
        self.buffers = {}           # tag -> list of 1-D uint8 buffers
        self.lock = threading.Lock()   # the tasks of run_pair share the pool

    def empty(self, tag, shape, dtype):
        dtype = np.dtype(dtype)
        n = dtype.itemsize
        for d in shape:
            n *= d
        if n < _POOL_MIN_BYTES:
            return np.empty(shape, dtype)
        with self.lock:
            lst = self.buffers.setdefault(tag, [])
            getrc = sys.getrefcount
            for k in range(len(lst)):
                buf = lst[k]
                if getrc(buf) == 3:              # only the list (+ ``buf``, + argument)
                    if buf.nbytes < n:
                        buf = lst[k] = np.empty(n, np.uint8)
                    return buf[:n].view(dtype).reshape(shape)
            buf = np.empty(n, np.uint8)
            lst.append(buf)
            return buf[:n].view(dtype).reshape(shape)


def empty(tag, shape, dtype):
    """``np.empty(shape, dtype)``, from the active workspace pool when there is one."""
    pool = getattr(_local, "pool", None)
    if pool is None:
        return np.empty(shape, dtype)
    return pool.empty(tag, shape, dtype)


def new_pool():
    """A workspace pool to pass to ``workspace`` again and again (kept by its owner)."""
    return _Pool()


def run_pair(f, g):
    """``(f(), g())`` on two threads (``_threads.run_pair``), ``g`` seeing the
    caller's workspace pool and BLAS thread limit."""
    from .. import _threads
    pool = getattr(_local, "pool", None)

    @contextlib.contextmanager
    def wrap():
        with _threads.limit(1):
            if pool is None:
                yield
            else:
                with workspace(pool):
                    yield
    return _threads.run_pair(f, g, wrap)


@contextlib.contextmanager
def workspace(pool=None):
    """Reuse large kernel arrays across calls within this block.

    ``pool`` (from ``new_pool``) keeps the buffers between blocks, e.g. across
    training iterations; without it they are freed at exit.
    """
    prev = getattr(_local, "pool", None)
    if prev is not None:            # nested: share the outer pool
        yield prev
        return
    _local.pool = pool if pool is not None else _Pool()
    try:
        yield _local.pool
    finally:
        _local.pool = None
