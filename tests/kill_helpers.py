"""Shared by the kill tests: a child process running a load that can be held at a step, and its SIGKILL."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
from pathlib import Path


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


@functools.cache
def batch_triples_for(source: Path, batches: int = 4) -> int:
    """The smallest batch size (triples) that makes the load of ``source`` write its submissions in ``batches``
    batches, counted from its converted submissions in the load's order (``kg.loading.load._batches``): the kill
    tests' steps then hold however many triples the model gives a submission."""
    from kg.loading.load import _batches
    from kg.store.content import summarise_ntriples
    from kg.submissions.convert import convert_file

    ordered = sorted(convert_file(source).submissions.items(), key=lambda item: str(item[0]))
    pending = [(item.iri, b"", summarise_ntriples(item.ntriples).triples) for _, item in ordered]
    low, high = max(size for *_, size in pending), sum(size for *_, size in pending)
    while low < high:  # fewer batches as the size grows: the smallest size giving at most ``batches``
        middle = (low + high) // 2
        low, high = (low, middle) if len(list(_batches(pending, middle))) <= batches else (middle + 1, high)
    assert len(list(_batches(pending, low))) == batches, f"{source.name} cannot make {batches} batches"
    return low
