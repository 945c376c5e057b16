"""What a child process of kotacerdas does first: end with its parent.

A query or check process that outlived a killed server or command would go on using memory, and a query child
would hold the store's lock. On Linux the kernel sends the child ``SIGKILL`` when the thread that started it
ends (``prctl(PR_SET_PDEATHSIG)``); elsewhere the parent's own kill on its way out remains the only guard.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from functools import cache

_PR_SET_PDEATHSIG = 1


@cache
def libc_prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` (Linux), or ``None``. A parent about to fork looks it up first, so that the forked child
    only calls it (loading a library in a child forked from threads could wait on a lock for ever)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel for SIGKILL when the parent ends; exit at once if it has ended already (between the start
    and this call). ``parent``: the parent's pid as the parent knew it (default: the parent now)."""
    expected = os.getppid() if parent is None else parent
    prctl = libc_prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != expected:
        os._exit(1)
