"""Running ``kotacerdas`` in a child process and measuring it: wall time, CPU time and peak resident memory
(its own ``ru_maxrss`` and ``ru_utime + ru_stime``, read with ``wait4``), under a hard address-space limit so
that a failure cannot take the machine down with it.

CPU time is what a bound in seconds is checked on: on a shared, loaded machine wall time measures the other
processes too (``benchmarks/xlsx_bounds.py`` gives wall times, to be run on a quiet machine)."""

from __future__ import annotations

import os
import resource
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


def run_measured(*args: object, timeout: float = 60, cwd: Path | None = None) -> Measured:
    """Run ``kotacerdas ARGS…``; killed after ``timeout`` seconds (returncode -9 then)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))

    folder = Path(cwd or ".")
    out_path, err_path = folder / ".measured.out", folder / ".measured.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", _ENTRY, *map(str, args)], stdout=out, stderr=err,
                                 preexec_fn=limit, cwd=cwd)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    result = Measured(child.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                      out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))
    out_path.unlink()
    err_path.unlink()
    return result
