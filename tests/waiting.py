"""How a test waits: for a condition (:func:`wait_until`), never for a fixed time; and how a test lets a child
run until a chosen moment, to signal it there (:func:`let_run`). Tests do not call ``time.sleep`` themselves.

A plain module rather than part of ``conftest.py`` so that other helpers (``serve_helpers``, which
``conftest.py`` imports) can use it: ``from waiting import wait_until``.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: Seconds between two looks at the condition.
POLL = 0.02


def wait_until(condition: Callable[[], T], timeout: float, what: str, *, every: float = POLL) -> T:
    """Ask ``condition()`` every ``every`` seconds until it gives something true, and return that; after
    ``timeout`` seconds raise :class:`AssertionError` saying ``what`` did not happen.

    ``condition`` may itself raise (an assertion that a child is still alive, say): that ends the wait at once.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(every)


def let_run(child: subprocess.Popen, seconds: float) -> bool:
    """Let ``child`` run for up to ``seconds`` (the moment a test chose to signal it at); True when it ended
    sooner by itself."""
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True
