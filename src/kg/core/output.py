"""Writing output files whole or not at all: a temporary file beside the target, then ``os.replace``.

A failure or a kill half-way leaves the previous file (or none), never a partial report or conversion.
The file gets the permissions any program of the user would give it: a new file ``0666`` less the umask
(the temporary file is created with that mode, so the kernel applies the umask), a replaced file keeps the
mode it had.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.core.errors import InputError

#: The mode asked for a new file; the process's umask takes its bits away (``0644`` under umask ``022``).
NEW_FILE_MODE = 0o666


def _temporary_beside(path: Path, directory: Path) -> Path:
    """Create an empty, new temporary file next to ``path`` (mode :data:`NEW_FILE_MODE` less the umask)."""
    for _ in range(100):
        candidate = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                             NEW_FILE_MODE)
        except FileExistsError:
            continue
        except OSError as error:
            raise InputError(f"tidak dapat menulis / cannot write ({error.strerror})", source=str(path)) from None
        os.close(handle)
        return candidate
    raise InputError("tidak dapat membuat berkas sementara / cannot create a temporary file", source=str(path))


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces ``path``, on any error it is removed."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("folder tujuan tidak ada / the output folder does not exist", source=str(path))
    if path.is_dir():
        raise InputError("tujuan adalah folder / the output path is a folder", source=str(path))
    try:
        existing_mode: int | None = stat.S_IMODE(path.stat().st_mode) if path.is_file() else None
    except OSError:
        existing_mode = None
    temporary = _temporary_beside(path, directory)
    try:
        yield temporary
        if existing_mode is not None:
            os.chmod(temporary, existing_mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_output(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
