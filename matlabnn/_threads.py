"""BLAS thread count control for the kernels (private).

numpy (and scipy) ship their own OpenBLAS.  Its threading hurts the small
per-time-step products of the recurrent kernels (thread wake-up costs more than
the product, badly so on a busy machine), while the large products (input
projection, weight gradients, wide batches) gain from it.  This module finds
the OpenBLAS libraries already loaded in the process (``/proc/self/maps``,
then numpy's/scipy's bundled library folders) and calls their
``*openblas_set_num_threads*`` through ctypes.

Everything degrades to a no-op when no library or symbol is found (another
BLAS, another OS): ``limit(n)`` then does nothing and ``available()`` is False.
"""
import contextlib
import ctypes
import glob
import os
import threading

__all__ = ["available", "get", "set_threads", "limit", "run_pair", "in_worker"]

_SET_NAMES = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
              "openblas_set_num_threads64_", "openblas_set_num_threads")
_GET_NAMES = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
              "openblas_get_num_threads64_", "openblas_get_num_threads")

_lock = threading.Lock()
_libs = None            # list of (set_fn, get_fn)


def _candidate_paths():
    paths = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split()[-1] if line.strip() else ""
                if "openblas" in os.path.basename(p).lower() and p not in paths:
                    paths.append(p)
    except OSError:
        pass
    for mod in ("numpy", "scipy"):
        try:
            pkg = __import__(mod)
        except Exception:
            continue
        base = os.path.dirname(os.path.dirname(pkg.__file__))
        for pat in (f"{mod}.libs/*openblas*", f"{mod}/.dylibs/*openblas*",
                    "scipy_openblas*/lib/*openblas*.so*"):
            for p in glob.glob(os.path.join(base, pat)):
                if p not in paths:
                    paths.append(p)
    return paths


def _symbol(lib, names):
    for name in names:
        try:
            return getattr(lib, name)
        except AttributeError:
            continue
    return None


def _load():
    global _libs
    if _libs is not None:
        return _libs
    with _lock:
        if _libs is not None:
            return _libs
        libs, seen = [], set()
        try:
            import numpy  # noqa: F401  (make sure its BLAS is loaded first)
        except Exception:
            pass
        for path in _candidate_paths():
            try:
                lib = ctypes.CDLL(path, mode=getattr(os, "RTLD_NOLOAD", 0) | ctypes.RTLD_GLOBAL)
            except OSError:
                try:
                    lib = ctypes.CDLL(path)
                except OSError:
                    continue
            setter = getter = None
            setter = _symbol(lib, _SET_NAMES)
            getter = _symbol(lib, _GET_NAMES)
            if setter is None or getter is None:
                continue
            key = ctypes.cast(setter, ctypes.c_void_p).value
            if key in seen:
                continue
            seen.add(key)
            setter.argtypes = [ctypes.c_int]
            setter.restype = None
            getter.argtypes = []
            getter.restype = ctypes.c_int
            libs.append((setter, getter))
        _libs = libs
        return libs


def available():
    """True when at least one OpenBLAS thread setter was found."""
    return bool(_load())


def get():
    """The thread count of the first OpenBLAS found (None when there is none)."""
    libs = _load()
    if not libs:
        return None
    try:
        return int(libs[0][1]())
    except Exception:
        return None


def set_threads(n):
    """Set every found OpenBLAS's thread count; returns the previous counts (opaque)."""
    libs = _load()
    prev = []
    for setter, getter in libs:
        try:
            prev.append(int(getter()))
            setter(int(max(1, n)))
        except Exception:
            prev.append(None)
    return prev


def _restore(prev):
    for (setter, _), n in zip(_load(), prev):
        if n is not None:
            try:
                setter(n)
            except Exception:
                pass


_limit_depth = 0        # active ``limit`` blocks, all threads together
_limit_prev = None


@contextlib.contextmanager
def limit(n):
    """Run a block with at most ``n`` BLAS threads (no-op when unsupported or n is None).

    OpenBLAS's count is process-wide, so blocks entered while another is active
    (nested, or from the worker threads of ``run_pair``) keep the outer setting;
    the count is restored when the last active block exits.
    """
    global _limit_depth, _limit_prev
    libs = _load() if n is not None else None
    if not libs:
        yield
        return
    with _lock:
        if _limit_depth == 0:
            _limit_prev = set_threads(n)
        _limit_depth += 1
    try:
        yield
    finally:
        with _lock:
            _limit_depth -= 1
            if _limit_depth == 0:
                _restore(_limit_prev)
                _limit_prev = None


# ---------------------------------------------------------------------------
# Two-way task parallelism.  numpy's ufunc loops (beyond a few hundred
# elements) and its BLAS calls release the GIL, so two Python threads running
# independent array work use both cores.  One persistent worker thread; the
# calling thread runs the other task itself.

_executor = None
_local = threading.local()


def in_worker():
    """True inside a task of ``run_pair`` (nested calls then run serially)."""
    return getattr(_local, "busy", False)


def _get_executor():
    global _executor
    ex = _executor
    if ex is None or ex[0] != os.getpid():      # none yet, or inherited through fork
        with _lock:
            ex = _executor
            if ex is None or ex[0] != os.getpid():
                from concurrent.futures import ThreadPoolExecutor
                ex = _executor = (os.getpid(), ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="matlabnn"))
    return ex[1]


def _run_flagged(fn, wrap):
    _local.busy = True
    try:
        if wrap is None:
            return fn()
        with wrap():
            return fn()
    finally:
        _local.busy = False


def run_pair(f, g, wrap=None):
    """``(f(), g())``, run concurrently when possible (``g`` on the worker thread).

    ``wrap``: optional context-manager factory entered around ``g`` on the
    worker (e.g. to share thread-local state).  Inside a task, or when called
    from the worker itself, both run serially in the calling thread.
    """
    if in_worker():
        return f(), g()
    fut = _get_executor().submit(_run_flagged, g, wrap)
    try:
        a = _run_flagged(f, None)
    except BaseException:
        from concurrent.futures import wait
        wait([fut])             # never leave the worker writing into shared output
        raise
    return a, fut.result()
