"""Writing output files whole or not at all: a temporary file beside the target, then ``os.replace``.

A failure or a kill half-way leaves the previous file (or none), never a partial report or conversion.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.core.errors import InputError


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces ``path``, on any error it is removed."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("folder tujuan tidak ada / the output folder does not exist", source=str(path))
    if path.is_dir():
        raise InputError("tujuan adalah folder / the output path is a folder", source=str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
