"""Size checks before large allocations: a clear error instead of a raw MemoryError.

``check_allocation(nbytes, what, how_to_reduce)`` compares an estimated size
with the memory this machine can give now (Linux: MemAvailable, capped by a
cgroup limit; elsewhere: the physical memory) and raises
:class:`~matlabnn.errors.InsufficientMemoryError` -- a MatlabnnError and a
MemoryError -- with the estimate in GiB and what to change, before anything
is allocated. Layers check their learnables when built and initialized; the
data pipeline checks a data set and each mini-batch before formatting it.
"""
import os

from .errors import InsufficientMemoryError

__all__ = ["available_bytes", "check_allocation", "gib"]

_GIB = float(1 << 30)


def gib(nbytes):
    """A byte count as text in GiB, e.g. '37.3 GiB'."""
    return f"{nbytes / _GIB:.3g} GiB" if nbytes < 10 * _GIB else f"{nbytes / _GIB:.1f} GiB"


def _meminfo_available():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_limit():
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < (1 << 60):
            return int(text)
    return None


def _physical():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def available_bytes():
    """Bytes this process can allocate now (an estimate), or None if unknown."""
    candidates = [v for v in (_meminfo_available() or _physical(), _cgroup_limit())
                  if v is not None]
    return min(candidates) if candidates else None


def check_allocation(nbytes, what, how_to_reduce, function=None):
    """Raise InsufficientMemoryError if ``nbytes`` exceed the memory available.

    ``what`` says what would be allocated ("the RecurrentWeights of a layer with
    50000 hidden units (4*H-by-H single values)"), ``how_to_reduce`` how to need
    less ("Use fewer hidden units."); ``function`` prefixes the message
    (e.g. 'lstmLayer', 'trainNetwork'). Returns ``nbytes`` when it fits.
    """
    limit = available_bytes()
    if limit is not None and nbytes > limit:
        prefix = f"{function}: " if function else ""
        raise InsufficientMemoryError(
            f"{prefix}{what} would need {gib(nbytes)} of memory, more than the "
            f"{gib(limit)} this machine has available. {how_to_reduce}")
    return nbytes
