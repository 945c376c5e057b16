"""Running ``kotacerdas`` in a child process and measuring it: wall time, CPU time and peak resident memory
(its own ``ru_maxrss`` and ``ru_utime + ru_stime``, read with ``wait4``), under a hard address-space limit so
that a failure cannot take the machine down with it.

CPU time is what a bound in seconds is checked on: on a shared, loaded machine wall time measures the other
processes too (``benchmarks/xlsx_bounds.py`` gives wall times, to be run on a quiet machine)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from submission_helpers import _ENTRY

#: The child's address space is capped here: a reader that inflates a bomb fails instead of swapping.
ADDRESS_SPACE_CAP = 6 * 2**30


@dataclass
class Measured:
    returncode: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    #: The peak of the summed resident memory of ``kotacerdas`` and every process it started (its worker
    #: processes), sampled from ``/proc`` every 50 ms; 0 where there is no ``/proc``.
    tree_peak_mb: float = 0.0


#: A small launcher between the test process and ``kotacerdas``: a child's ``ru_maxrss`` keeps the high-water
#: mark of the memory it had before ``exec`` (a copy of its parent's), so measured straight from a test process
#: that has grown, every child would seem as big as the tests. The launcher is small; it caps the address space,
#: starts ``kotacerdas``, waits for it with ``wait4`` and prints its exit status and usage as JSON.
_LAUNCHER = """
import json, os, resource, sys
cap, out, err, *command = sys.argv[1:]
resource.setrlimit(resource.RLIMIT_AS, (int(cap), int(cap)))
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    pid = os.posix_spawn(command[0], command, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, stdout.fileno(), 1), (os.POSIX_SPAWN_DUP2, stderr.fileno(), 2)])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss]))
"""


def run_measured(*args: object, timeout: float = 60, cwd: Path | None = None) -> Measured:
    """Run ``kotacerdas ARGS…``; killed after ``timeout`` seconds (returncode -9 then)."""
    import json
    import signal

    folder = Path(cwd or ".")
    out_path, err_path = folder / ".measured.out", folder / ".measured.err"
    command = [
        sys.executable,
        "-c",
        _LAUNCHER,
        str(ADDRESS_SPACE_CAP),
        str(out_path),
        str(err_path),
        sys.executable,
        "-c",
        _ENTRY,
        *map(str, args),
    ]
    import threading

    start = time.perf_counter()
    launcher = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=cwd, start_new_session=True)
    tree_peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        while not done.wait(0.05):
            tree_peak = max(tree_peak, tree_rss_mb(launcher.pid, include_root=False))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        report, _ = launcher.communicate(timeout=timeout)
        returncode, cpu_seconds, peak_kb = json.loads(report)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.communicate()
        returncode, cpu_seconds, peak_kb = -9, float("nan"), 0
    finally:
        done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    result = Measured(
        returncode,
        seconds,
        cpu_seconds,
        peak_kb / 1024,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        tree_peak,
    )
    out_path.unlink()
    err_path.unlink()
    return result


def tree_rss_mb(root: int, *, include_root: bool = True) -> float:
    """Resident MB of the processes below ``root`` (and ``root`` itself unless ``include_root`` is false), summed,
    from ``/proc``; 0 where there is none."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[int(entry.name)] = int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    if not include_root:
        family.discard(root)
    return sum(sizes.get(pid, 0) for pid in family) / 1024
