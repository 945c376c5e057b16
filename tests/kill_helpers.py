"""Shared by the kill tests: a child process running a load that can be held at a step, and its SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def start_child(code: str, *arguments: object) -> subprocess.Popen:
    """Run ``code`` in a fresh interpreter with ``arguments``; pipes for its steps (stdout) and its hold (stdin)."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, arguments)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(child: subprocess.Popen, *, may_have_finished: bool = False) -> list[str]:
    """SIGKILL the child; the steps it printed after the last one read (``finished`` among them when it ended
    on its own just before the signal, which only a random moment may meet)."""
    try:
        os.kill(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    rest, _ = child.communicate(timeout=30)
    if not (may_have_finished and child.returncode == 0):
        assert child.returncode == -signal.SIGKILL
    return rest.split()
