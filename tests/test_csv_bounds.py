"""A CSV's blank lines count toward the row bound, and a text table has a byte bound (issue 24, item 7): 2 GiB
of blank lines after one program gave no answer at 60 s (200 MiB: none at 120 s), as blank lines were skipped
without being counted.

The files are cheap: 3 MB of blank lines, and a 2 GiB file that is sparse (its first 64 KB written, the rest a
hole that takes no disk).
"""

from __future__ import annotations

import pytest

from kg.submissions import table_limits
from kg.submissions.table_limits import TableLimitError
from kg.submissions.tables import read_submission
from measured_run import run_measured
from test_xlsx_bounds import PEAK_MB, SECONDS

HEADER = b"id_program,kode_wilayah,tahun,nama_program,inisiatif,anggaran,status\n"
PROGRAM = b"P-1,32.73,2025,Program,GOV-01,1000,rencana\n"


def test_blank_lines_count_toward_the_row_bound(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(HEADER + PROGRAM + b"\n" * 3_000_000 + PROGRAM)
    with pytest.raises(TableLimitError, match="100,000 rows") as error:
        read_submission(path)
    assert error.value.row == table_limits.MAX_TABLE_ROWS + 1
    lines = tmp_path / "separators.csv"  # lines of empty cells, as a spreadsheet exports its empty rows
    lines.write_bytes(HEADER + PROGRAM + b",,,,,,\r\n" * 200_000)
    with pytest.raises(TableLimitError, match="100,000 rows"):
        read_submission(lines)


def test_a_table_of_exactly_the_bound_is_read_and_one_blank_line_more_is_not(tmp_path, monkeypatch):
    from kg.submissions import tables

    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 50)
    path = tmp_path / "pas.csv"
    rows = HEADER + b"".join(PROGRAM.replace(b"P-1", b"P-%d" % n) for n in range(49))
    path.write_bytes(rows)
    assert len(read_submission(path).rows) == 49  # the header and 49 rows: 50 records (a final newline is none)
    path.write_bytes(rows + b"\n")  # a blank line is a record
    with pytest.raises(TableLimitError, match="50 rows"):
        read_submission(path)


def _blank_lines(path, size):
    path.write_bytes(HEADER + PROGRAM + b"\n" * size)


def _sparse(path, size):
    """64 KB of blank lines, then a hole to ``size`` bytes (zero bytes when read, no disk)."""
    with path.open("wb") as handle:
        handle.write(HEADER + PROGRAM + b"\n" * 2**16)
        handle.truncate(size)


@pytest.mark.parametrize(
    ("build", "size", "bound"),
    [(_blank_lines, 3_000_000, "100,000 rows"), (_sparse, 2 * 2**30, "256 MiB for a text table (CSV)")],
    ids=["3 MB of blank lines", "2 GiB, sparse"],
)
def test_a_csv_of_blank_lines_ends_in_one_line_exit_2_within_10_s_and_300_mb(tmp_path, build, size, bound):
    path = tmp_path / "kosong.csv"
    build(path, size)
    done = run_measured("validate", path, timeout=90, cwd=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "kosong.csv" in lines[0] and bound in lines[0], done.stderr[-2000:]
    assert done.cpu_seconds < SECONDS, f"{build.__name__}: {done.cpu_seconds:.1f} s of CPU"
    assert done.peak_mb < PEAK_MB, f"{build.__name__}: {done.peak_mb:.0f} MB"
