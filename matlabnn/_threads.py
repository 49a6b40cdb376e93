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

__all__ = ["available", "get", "set_threads", "limit"]

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


@contextlib.contextmanager
def limit(n):
    """Run a block with at most ``n`` BLAS threads (no-op when unsupported or n is None)."""
    libs = _load() if n is not None else None
    if not libs:
        yield
        return
    prev = set_threads(n)
    try:
        yield
    finally:
        _restore(prev)
