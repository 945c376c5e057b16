"""The process's memory given back to the system between the phases of a large job."""

from __future__ import annotations


def give_back_memory() -> None:
    """Return the heap's free pages to the system (glibc's ``malloc_trim``, which goes through every thread's
    heap; nothing elsewhere): what a phase freed (a conversion's N-Triples being built, a bulk loader's sorted
    quads) would otherwise stay in the process's resident memory through the next one."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return
    if trim is not None:
        trim(0)
