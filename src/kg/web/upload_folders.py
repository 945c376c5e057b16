"""The temporary folders of ``/validate`` uploads, and the removal of those a killed server left behind.

An upload lives in ``kc-upload-PID-XXXXXXXX`` in the system's temporary folder for the time of its request
and is deleted in a ``finally``; a ``kill -9`` (or a power cut) skips that. At start-up ``serve`` removes the
leftovers that are surely not another running server's: folders (never symbolic links) named so, owned by
this user, whose process is gone or started after the folder was made (its number reused); a folder of the
older form without a process number only when it is older than :data:`UNNAMED_AGE_S`.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

PREFIX = "kc-upload-"
#: A folder without a process number (made before the number was part of the name) is a leftover past this.
UNNAMED_AGE_S = 3600.0
_NAME = re.compile(rf"{PREFIX}(?:(\d+)-)?[A-Za-z0-9_]+")


def new_upload_folder() -> Path:
    """A new private folder (mode 0700) for one upload of this process."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


def _process_started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), ``None`` if it is gone; ``inf`` when it runs but
    its start cannot be read (it is then taken as the folder's owner)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22: start time in clock ticks after boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("inf")


def _leftover(entry: os.DirEntry, now: float) -> bool:
    found = _NAME.fullmatch(entry.name)
    if found is None:
        return False
    info = entry.stat(follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if found.group(1) is None:
        return now - info.st_mtime > UNNAMED_AGE_S
    pid = int(found.group(1))
    if pid == os.getpid():
        return False
    started = _process_started(pid)
    # a process that started after the folder was made did not make it (2 s: the clock's and /proc's rounding)
    return started is None or (started != float("inf") and started > info.st_ctime + 2)


def remove_leftovers(folder: Path | str | None = None) -> list[Path]:
    """Remove the upload folders that killed servers left in ``folder`` (default: the temporary folder)."""
    where = Path(folder or tempfile.gettempdir())
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(where))
    except OSError:
        return []
    for entry in entries:
        try:
            if not _leftover(entry, now):
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        if not os.path.lexists(entry.path):
            removed.append(Path(entry.path))
    return removed
