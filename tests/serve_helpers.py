"""What the server tests share: a real ``kotacerdas serve`` process on a free loopback port, and stores."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.core.resources import resource_path
from waiting import wait_until

_READY = re.compile(r"(http://\S+/) siap / ready")


@dataclass
class ServerProcess:
    """A ``kotacerdas serve`` running in its own process."""

    process: subprocess.Popen
    url: str
    log: Path
    store: Path | None = None
    #: The server's own temporary folder (its ``TMPDIR``), where a test gave it one.
    temporary: Path | None = None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        """Stop it with ``sig`` and return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def kotacerdas(*args: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in a new process (the installed package's ``python -m kg``)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def kotacerdas_in_process(*args: object, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in this process, through the entry point ``kotacerdas`` runs (:func:`kg.cli.main`:
    the same exit codes and one-line messages), its output captured as :func:`kotacerdas` captures it (text,
    universal newlines) and ``env`` added to the environment meanwhile. It spares a new interpreter and its
    imports (about a second each on two busy cores). For what a command says, writes and returns; a test of
    the process itself (signals, closed or unencodable streams, what a fresh interpreter imports, a second
    process on the same store) runs :func:`kotacerdas`."""
    from click.testing import CliRunner

    import kg.cli

    saved_argv, saved_stdout = sys.argv, os.dup(1)  # main() points descriptor 1 at /dev/null after an OSError
    code: int | str | None = 0
    try:
        with CliRunner().isolation(env=env) as (out, err, _):
            sys.argv = ["kotacerdas", *map(str, args)]
            try:
                kg.cli.main()
            except SystemExit as done:
                code = done.code
            stdout, stderr = out.getvalue(), err.getvalue()
    finally:
        sys.argv = saved_argv
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)

    def text(data: bytes) -> str:
        return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")

    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["kotacerdas", *map(str, args)], returncode, text(stdout), text(stderr))


def start_server(log: Path, *args: str, env: dict | None = None, timeout: float = 30) -> ServerProcess:
    """Start ``kotacerdas serve --port 0 ARGS`` and wait until it says where it listens."""
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--host", "127.0.0.1", "--port", "0", *args],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )

    def ready() -> re.Match[str] | None:
        text = log.read_text(encoding="utf-8", errors="replace")
        found = _READY.search(text)
        if not found and process.poll() is not None:
            raise RuntimeError(f"serve stopped at start (exit {process.returncode}):\n{text}")
        return found

    try:
        found = wait_until(ready, timeout, "serve listening")
    except AssertionError:
        process.kill()
        process.wait()
        raise RuntimeError(f"serve did not start in {timeout} s:\n{log.read_text(encoding='utf-8')}") from None
    return ServerProcess(process, found.group(1), log)


def copy_store(store: Path, folder: Path) -> Path:
    """A copy of the closed store ``store`` as ``folder/store``: the same files, so the same store, for one
    test or module to open, serve or write as it likes."""
    return Path(shutil.copytree(store, folder / "store"))


def example_files() -> list[Path]:
    """The example submissions that load cleanly (the one with planted errors left out)."""
    return [path for path in sorted(resource_path("examples").glob("*.csv")) if "kesalahan" not in path.name]


def write_programs(path: Path, count: int, *, region: str = "32.73", year: int = 2025, prefix: str = "P") -> Path:
    """A valid submission of ``count`` programs for one region and year (rows built from an example row)."""
    example = resource_path("examples", "contoh-kota-bandung.csv")
    with example.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        template = next(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for number in range(1, count + 1):
            row = dict(template)
            row.update(
                id_program=f"{prefix}-{number:05d}",
                kode_wilayah=region,
                tahun=str(year),
                tanggal_mulai=f"{year}-01-15",
                tanggal_selesai=f"{year}-12-15",
                nama_program=f"{template['nama_program']} {number}",
            )
            writer.writerow(row)
    return path
