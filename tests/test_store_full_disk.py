"""A load that meets a full disk says so in one line, exit 2, and the store keeps its old graphs (issue 7, item 4).

The disk is really full: a small tmpfs mounted for the test (when the tests run as root, as in CI's container)
filled to its last 256 KB, else a file-size limit (``RLIMIT_FSIZE``, the kernel refuses writes past it with
``EFBIG``) set on the loading process. Either way pyoxigraph's own write fails, nothing is mocked.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.core.resources import resource_path
from kg.loading.load import load_files
from kg.store.embedded import EmbeddedStore
from submission_helpers import generator

CLI = [sys.executable, "-c", "from kg.cli import main; main()"]


def _rows_file(path: Path, rows: int) -> Path:
    generated, _ = generator().generate_rows(rows, defects=0, seed=3, years=[2025])
    generator().write_rows(generated, path, "csv")
    return path


def _can_mount(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192m", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@contextmanager
def small_disk(folder: Path, mount: bool = True) -> Iterator[tuple[Path, Callable[[], None], Callable[[], None]]]:
    """A folder on a 192 MB tmpfs (the 1,500-row load below is 514 three-row submissions: with their coverage cube and calculation periods the store grows to about 95 MB while it is written, write-ahead logs included), with ``fill()`` (leave 256 KB free) and ``free()``; or ``None`` fill/free
    when no tmpfs is wanted or can be mounted here."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = mount and _can_mount(folder)
    filler = folder / "filler"

    def fill() -> None:
        with filler.open("wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * (1 << 20))
                    handle.flush()
            except OSError:
                pass
        with filler.open("r+b") as handle:
            handle.truncate(max(filler.stat().st_size - (256 << 10), 0))

    def free() -> None:
        filler.unlink(missing_ok=True)

    try:
        yield folder, (fill if mounted else None), (free if mounted else None)  # type: ignore[misc]
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
@pytest.mark.parametrize("route", ["full-file-system", "file-size-limit"])
def test_a_full_disk_during_a_load_is_one_line_and_keeps_the_old_graphs(tmp_path: Path, route: str) -> None:
    """``full-file-system`` falls back on the file-size limit where no tmpfs can be mounted (not root)."""
    big = _rows_file(tmp_path / "programs-1500.csv", 1500)
    with small_disk(tmp_path / "disk", mount=route == "full-file-system") as (disk, fill, free):
        store_path = disk / "store"
        store = EmbeddedStore(store_path)
        load_files([resource_path("examples", "contoh-kota-bandung.csv")], store, agent="steward")
        before = store.nquads()
        store.close()

        if fill is not None:
            fill()
            done = subprocess.run([*CLI, "load", str(big), "--store", str(store_path)], capture_output=True, text=True)
            free()
        else:  # no tmpfs: the kernel's file-size limit makes the store's next file write fail
            largest = max(path.stat().st_size for path in store_path.iterdir() if path.is_file())
            done = subprocess.run(
                [*CLI, "load", str(big), "--store", str(store_path)],
                capture_output=True,
                text=True,
                preexec_fn=_file_size_limit(largest + (256 << 10)),
            )
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2, done.stderr
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert "the store is unchanged (old graphs kept)" in lines[0]
        assert "No space left on device" in lines[0] or "File too large" in lines[0]

        reopened = EmbeddedStore(store_path, reference=False)
        assert reopened.nquads() == before
        outcome = load_files([big], reopened, agent="steward")  # with room again, the same load works
        assert len(outcome.loaded) > 100
        reopened.close()
