"""``validate`` and ``load`` report their progress (files converted, triples validated, triples written), and
the command line draws it as a bar on a terminal once the work takes more than a second."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kg.cli.progress import progress_bar
from kg.loading.load import load_files
from kg.store.embedded import EmbeddedStore
from kg.submissions.validation import validate_files
from submission_helpers import generator as submission_generator


def _files(folder: Path, count: int) -> list[Path]:
    generator = submission_generator()
    paths = []
    for number in range(count):
        rows, _ = generator.generate_rows(20, defects=0, seed=number + 1, years=[2020 + number])
        path = folder / f"file-{number}.csv"
        generator.write_rows(rows, path, "csv")
        paths.append(path)
    return paths


def test_validation_reports_every_file_converted_and_ends_with_all_triples_validated(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    outcome = validate_files(_files(tmp_path, 3), progress=lambda *step: seen.append(step))
    converted = [step for step in seen if step[0] == "convert"]
    validated = [step for step in seen if step[0] == "validate"]
    assert converted == [("convert", 1, 3), ("convert", 2, 3), ("convert", 3, 3)]
    total = sum(conversion.triple_count for conversion in outcome.conversions)
    assert validated[-1] == ("validate", total, total)
    assert [done for _, done, _ in validated] == sorted(done for _, done, _ in validated)


def test_load_reports_validation_then_the_triples_written(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    store = EmbeddedStore(tmp_path / "store")
    outcome = load_files(_files(tmp_path, 2), store, progress=lambda *step: seen.append(step))
    store.close()
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == ["convert", "validate", "load"]
    assert seen[-1] == ("load", outcome.triples, outcome.triples)


def test_the_bar_is_drawn_on_a_terminal_after_the_delay_and_never_elsewhere() -> None:
    terminal = io.StringIO()
    with progress_bar(Console(file=terminal, force_terminal=True, width=100), shown_after=0) as progress:
        progress("validate", 50, 100)
    assert "memvalidasi / validating" in terminal.getvalue()

    pipe = io.StringIO()
    with progress_bar(Console(file=pipe, force_terminal=False), shown_after=0) as progress:
        progress("validate", 50, 100)
    assert pipe.getvalue() == ""

    quick = io.StringIO()
    with progress_bar(Console(file=quick, force_terminal=True), shown_after=60) as progress:
        progress("validate", 50, 100)  # done before a second: no bar
    assert quick.getvalue() == ""
