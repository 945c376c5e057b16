"""Validating an upload of ``/validate`` apart from the server: in a process of its own, bounded by time, memory
and the number of results a page shows.

A file under the size limit can still be a lot of work: 60,000 rows with violations took 151 s in the server's
own process, grew it from 72 MB to 3,089 MB and made a 170 MB page. So each upload is validated by a fresh
interpreter (``python -m kg.web.upload_checks``) that reads the file, validates it exactly as
``kotacerdas validate`` does (:func:`kg.submissions.validation.validate_files`), writes the complete reports
(JSON and HTML, for download) beside the upload and hands back a summary: the counts, the regions, and the first
:data:`SHOWN_RESULTS` results for the page. The server waits in steps of 50 ms and kills the process past
``timeout_s`` or when its resident memory passes ``memory_mb``; at most ``workers`` uploads are validated at once
(more: 503 with ``Retry-After``), on their own slots, never on the query threads of the pages.
"""

from __future__ import annotations

import asyncio
import dataclasses
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import InputError

#: Results shown on the page; every result is in the downloadable reports.
SHOWN_RESULTS = 500
#: Time allowed to validate one upload.
UPLOAD_TIMEOUT_S = 300.0
SUMMARY = "summary.pickle"
REPORTS = {"json": "report.json", "html": "report.html"}
_POLL_SECONDS = 0.05


class UploadsBusyError(InputError):
    """Every upload slot is taken: the client is to try again later."""


@dataclass
class CheckedUpload:
    """What the page shows of one validated upload (the complete reports stay in files beside it)."""

    #: The results the page shows, per file and row (:func:`page_sections`): the first :data:`SHOWN_RESULTS`.
    sections: list[dict] = field(default_factory=list)
    shown: int = 0
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    has_violations: bool = False
    #: The region codes of the submissions the file holds.
    regions: list[str] = field(default_factory=list)
    folder: Path = Path()

    def count(self, severity: str) -> int:
        return self.counts.get(severity, 0)

    def report(self, fmt: str) -> Path:
        """The complete report in ``fmt`` (``json`` or ``html``)."""
        return self.folder / REPORTS[fmt]


def _write_checked(paths: list[Path], lang: str, folder: Path) -> None:
    """The child's work: validate, write both reports and the summary into ``folder``."""
    from kg.submissions.reports import render
    from kg.submissions.validation import validate_files

    try:
        outcome = validate_files(paths, lang=lang)
    except InputError as error:
        (folder / SUMMARY).write_bytes(pickle.dumps(("error", error.message)))
        return
    for fmt, name in REPORTS.items():
        (folder / name).write_text(render(outcome, fmt, lang=lang), encoding="utf-8")
    page, shown = page_sections(outcome, SHOWN_RESULTS)
    checked = CheckedUpload(
        sections=page,
        shown=shown,
        total=len(outcome.results),
        counts={name: outcome.count(name) for name in ("Violation", "Warning", "Info")},
        has_violations=outcome.has_violations,
        regions=sorted({str(code) for code, _ in outcome.submissions}),
        folder=folder,
    )
    (folder / SUMMARY).write_bytes(pickle.dumps(("ok", checked)))


def page_sections(outcome, limit: int) -> tuple[list[dict], int]:  # noqa: ANN001 - a ValidationOutcome
    """The results per file, each row's results together (a table and its row: an indicators sheet's row 4 is
    not the programs sheet's row 4), as the page shows them; at most ``limit`` results in all (the first ones of
    each file in order), without the engine's own objects. The sections and how many results they hold."""
    from itertools import groupby

    from kg.submissions.reports import program_text, sections

    shown, left = [], limit
    for section in sections(outcome):
        ordered = sorted(section.results, key=lambda r: (r.table != "programs", r.table, r.row is not None, r.row or 0))
        kept = [dataclasses.replace(r, result=None, messages=[]) for r in ordered[: max(left, 0)]]  # type: ignore[arg-type]
        left -= len(kept)
        groups = [(key, list(items)) for key, items in groupby(kept, key=lambda r: (r.table, r.row))]
        shown.append(
            {
                "file": section.file,
                "has_cells": section.has_cells,
                "has_programs": section.has_programs,
                "groups": [(table, row, program_text(items[0]), items) for (table, row), items in groups],
            }
        )
    return shown, limit - max(left, 0)


class UploadChecks:
    """At most ``workers`` uploads validated at once, each in a bounded process (see the module's description)."""

    def __init__(self, workers: int, *, memory_mb: int, timeout_s: float) -> None:
        self.workers = workers
        self.memory_mb = memory_mb
        self.timeout_s = timeout_s
        self._running = 0

    async def check(self, paths: list[Path], lang: str, folder: Path) -> CheckedUpload:
        """Validate ``paths`` (inside ``folder``); the summary, or :class:`InputError` (the file's own one line,
        or a bound that stopped it), :class:`UploadsBusyError` when every slot is taken."""
        if self._running >= self.workers:
            raise UploadsBusyError(
                f"server sedang memeriksa {self.workers} berkas lain; coba lagi sebentar lagi / the server is "
                f"checking {self.workers} other files; try again in a minute"
            )
        self._running += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(None, self._run, paths, lang, folder)
        finally:
            self._running -= 1

    def _run(self, paths: list[Path], lang: str, folder: Path) -> CheckedUpload:
        from kg.store.bounded import resident_mb

        command = [sys.executable, "-m", "kg.web.upload_checks", str(folder), lang, *map(str, paths)]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True)
        deadline = time.monotonic() + self.timeout_s
        stopped = None
        try:
            while True:
                try:
                    process.wait(_POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if time.monotonic() > deadline:
                    stopped = (
                        f"pemeriksaan dihentikan setelah {self.timeout_s:g} detik / the check was stopped after "
                        f"{self.timeout_s:g} s"
                    )
                    break
                size = resident_mb(process.pid)
                if size is not None and size > self.memory_mb:
                    stopped = (
                        f"pemeriksaan dihentikan: memerlukan lebih dari {self.memory_mb} MB / the check was stopped: "
                        f"it needed more than {self.memory_mb} MB"
                    )
                    break
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if stopped is not None:
            raise InputError(
                f"{stopped}; bagi berkas atau periksa dengan kotacerdas validate di komputer Anda / split the file, "
                "or check it with kotacerdas validate on your own computer"
            )
        summary = folder / SUMMARY
        if not summary.exists():
            raise InputError(
                f"pemeriksaan berhenti tanpa hasil (kode {process.returncode}) / the check ended without a result "
                f"(exit {process.returncode})"
            )
        kind, value = pickle.loads(summary.read_bytes())
        if kind == "error":
            raise InputError(value)
        return value


if __name__ == "__main__":  # the child: python -m kg.web.upload_checks FOLDER LANG FILE...
    import signal

    from kg.core.child_process import die_with_parent
    from kg.web.upload_checks import _write_checked as write_checked  # its classes pickled by their module's name

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides
    die_with_parent()
    write_checked([Path(argument) for argument in sys.argv[3:]], sys.argv[2], Path(sys.argv[1]))
