"""Hostile and large XLSX files against ``kotacerdas validate``: wall time and peak memory, medians of runs.

    python benchmarks/xlsx_bounds.py            # every bomb of issue 7 item 7, 3 runs each
    python benchmarks/xlsx_bounds.py --runs 5 --legit-rows 40000

Builds the bombs of tests/xlsx_bombs.py in a temporary folder (seconds, nothing inflated), runs each in a child
process (tests/measured_run.py: ``wait4`` gives the child's own peak RSS) and prints a Markdown table. The
baseline in the same run: a legitimate workbook of ``--legit-rows`` program rows read by the bounded reader
and by openpyxl (read-only), in this process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

import xlsx_bombs as bombs  # noqa: E402
from measured_run import run_measured  # noqa: E402

BOMBS = {
    "1 MB, one shared string of 1 GiB": bombs.one_gib_shared_string,
    "5 MB, 1 GiB of rows": bombs.one_gib_of_rows,
    "50,000,000 shared strings": bombs.fifty_million_shared_strings,
    "a cell at XFD1048576": bombs.cell_at_xfd1048576,
    "16,384 columns x 200,000 rows": bombs.columns_16384_by_rows_200k,
    "sizes declared 100 KB, 1 GiB inside": bombs.lying_sizes,
    "2,000,000 distinct shared strings": bombs.many_distinct_shared_strings,
    "150,000 program rows": lambda path: bombs.rows_past_the_limit(path, 150_000),
    "a 200 MB attribute": bombs.long_attribute,
    "200 MiB of XML comments": bombs.comments,
    "5,000,000 nested elements": bombs.deep_nesting,
    "1,000,000 distinct element names": bombs.distinct_names,
    "6,000,000 elements with random attributes": bombs.many_elements,
}


def _legit(folder: Path, rows: int) -> tuple[float, float]:
    """Seconds to read ``rows`` program rows: the bounded reader, then openpyxl (read-only)."""
    from openpyxl import load_workbook

    from kg.submissions.xlsx_reader import BoundedWorkbook

    path = bombs.rows_past_the_limit(folder / "legit.xlsx", rows)
    start = time.perf_counter()
    with BoundedWorkbook(path) as workbook:
        ours = sum(1 for sheet in workbook.worksheets() for _ in sheet)
    middle = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    theirs = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    end = time.perf_counter()
    assert ours == theirs, (ours, theirs)
    return middle - start, end - middle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--legit-rows", type=int, default=40_000)
    args = parser.parse_args(argv)
    print("| file | size | exit | seconds (median) | CPU s (median) | peak MB (median) | message |")
    print("|---|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        for name, build in BOMBS.items():
            path = build(folder / "bomb.xlsx")
            runs = [run_measured("validate", path, timeout=120, cwd=folder) for _ in range(args.runs)]
            message = runs[0].stderr.strip().split(": ", 2)[-1][:90]
            print(
                f"| {name} | {path.stat().st_size / 2**20:.1f} MB | {runs[0].returncode} | "
                f"{statistics.median(run.seconds for run in runs):.2f} | "
                f"{statistics.median(run.cpu_seconds for run in runs):.2f} | "
                f"{statistics.median(run.peak_mb for run in runs):.0f} | {message} |"
            )
            path.unlink()
        timings = [_legit(folder, args.legit_rows) for _ in range(args.runs)]
    ours, theirs = (statistics.median(t[index] for t in timings) for index in (0, 1))
    print(
        f"\nA legitimate workbook of {args.legit_rows:,} rows × 7 columns: bounded reader {ours:.2f} s, "
        f"openpyxl read-only {theirs:.2f} s (ratio {theirs / ours:.1f}×)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
