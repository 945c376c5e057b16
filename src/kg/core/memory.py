"""The process's memory given back to the system between the phases of a large job."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


def give_back_memory() -> None:
    """Return the heap's free pages to the system (glibc's ``malloc_trim``, which goes through every thread's
    heap; nothing elsewhere): what a phase freed (a conversion's N-Triples being built, a bulk loader's sorted
    quads) would otherwise stay in the process's resident memory through the next one."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` from the symbols the process already has, or ``None``. Looked up once, and never
    through :func:`ctypes.util.find_library`, which starts ``ldconfig``: a child that, for its moment, shows the
    whole process's memory a second time to anyone summing the process tree (a load's bound is checked so)."""
    import ctypes

    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # no such handle (Windows)
        return None
