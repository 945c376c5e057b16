"""A progress bar on the terminal for work that takes more than a second (``validate``, ``load``).

The library reports progress as ``(stage, done, total)`` (:data:`kg.submissions.validation.Progress`); this
draws it with rich on standard error, only when that is a terminal and only once the work has run for
:data:`SHOWN_AFTER` seconds, so a small file prints nothing more than its report. The bar is removed when the
work ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

#: Seconds of work before the bar appears.
SHOWN_AFTER = 1.0

#: What each stage is called on the bar, and what it counts.
STAGES = {
    "convert": ("membaca / reading", "berkas / files"),
    "validate": ("memvalidasi / validating", "tripel / triples"),
    "files": ("membaca & memvalidasi / reading & validating", "berkas / files"),
    "load": ("memuat / loading", "tripel / triples"),
    "optimize": ("memadatkan penyimpanan / compacting the store", ""),
}


@contextmanager
def progress_bar(console: Console, *, shown_after: float = SHOWN_AFTER) -> Iterator[Callable[[str, int, int], None]]:
    """A ``progress(stage, done, total)`` callback drawing a bar on ``console`` (a terminal) after
    ``shown_after`` seconds; on anything else it draws nothing."""
    started = time.monotonic()
    shown: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not console.is_terminal:
            return
        if not shown:
            if time.monotonic() - started < shown_after:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[unit]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            shown.update(bar=bar, task=bar.add_task("", total=None, unit=""))
        label, unit = STAGES.get(stage, (stage, ""))
        shown["bar"].update(shown["task"], description=label, unit=unit, completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            shown["bar"].stop()
