"""ODS and XLSX workbooks are bounded by the cells their repetitions add up to, all sheets together (issue 24,
item 7): a 1 KB ODS repeating one row 99,990 times across 256 columns, with every row and column within their
own bounds, used to reach 1.7 GB (4.2 GB in 20 sheets) before anything refused it.

The bombs are built by the test (tests/ods_bombs.py) and given to ``validate``, ``convert`` and ``load`` in a
child process whose CPU time and peak memory are measured (tests/measured_run.py): one line naming the file
and the sheet, exit 2, within the bounds of the XLSX bombs (10 s of CPU, 300 MB). LibreOffice's own trailing runs
of a million empty rows of 16,384 empty cells stay free.
"""

from __future__ import annotations

import time

import pytest

import ods_bombs
import xlsx_bombs
from kg.submissions import table_limits
from kg.submissions.table_limits import TableLimitError
from kg.submissions.tables import read_submission
from measured_run import run_measured
from test_xlsx_bounds import PEAK_MB, SECONDS

BOMBS = {
    "99,990 rows x 256 columns from one cell": (lambda path: ods_bombs.repeated_block(path), "Lembar1"),
    "the same in 20 sheets": (lambda path: ods_bombs.repeated_block(path, sheets=20), "Lembar1"),
    "a header and a program row repeated 99,990 x 256": (ods_bombs.programs_repeated, "Lembar1"),
    "20 sheets of 99,990 x 2, each under the bound": (
        lambda path: ods_bombs.repeated_block(path, columns=2, sheets=20),
        "Lembar11",
    ),
}


#: Every bomb through ``validate``; ``convert`` and ``load`` read through the same reader: the table bomb each.
CASES = [(name, "validate") for name in BOMBS] + [
    ("a header and a program row repeated 99,990 x 256", command) for command in ("convert", "load")
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "command"), CASES)
def test_an_ods_of_repeated_cells_ends_in_one_line_exit_2_within_10_s_and_300_mb(tmp_path, name, command):
    build, sheet = BOMBS[name]
    path = build(tmp_path / "bom.ods")
    assert path.stat().st_size < 2000
    extra = ["--store", tmp_path / "store"] if command == "load" else []
    done = run_measured(command, path, *extra, timeout=90, cwd=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-2000:]
    assert "bom.ods" in lines[0] and f"sheet '{sheet}'" in lines[0] and "2,000,000 cells" in lines[0], lines[0]
    assert done.cpu_seconds < SECONDS, f"{name}: {done.cpu_seconds:.1f} s of CPU"
    assert done.seconds < 60, f"{name}: {done.seconds:.1f} s"
    assert done.peak_mb < PEAK_MB, f"{name}: {done.peak_mb:.0f} MB"


def test_libreoffices_trailing_empty_rows_and_columns_cost_nothing(tmp_path):
    """Twenty sheets, each ending in 1,048,000 repeated rows of 16,384 repeated empty cells (17 billion cells
    each, as LibreOffice saves every sheet), and every data row in a run of 16,000 empty cells: read in well
    under a second of CPU, the programs sheet as written."""
    path = ods_bombs.programs(tmp_path / "libreoffice.ods", 40, sheets=20)
    start = time.process_time()
    table = read_submission(path)
    assert time.process_time() - start < 2
    assert [row.cells["id_program"] for row in table.rows] == [f"P-{number}" for number in range(1, 41)]
    assert table.sheet == "Lembar1"


def test_the_cells_are_counted_across_sheets_blank_rows_included(tmp_path, monkeypatch):
    """With the bound lowered to 200: two sheets of 40 program rows (8 cells each, header included) pass on their
    own and fail together, naming the second sheet; blank rows before a value count one each."""
    monkeypatch.setattr(table_limits, "MAX_TABLE_CELLS", 400)
    one = ods_bombs.programs(tmp_path / "one.ods", 40)
    assert len(read_submission(one).rows) == 40  # 41 rows x 7 cells = 287
    two = ods_bombs.programs(tmp_path / "two.ods", 40, sheets=2)
    with pytest.raises(TableLimitError, match=r"400 cells of all sheets together \(sheet 'Lembar2'\)") as error:
        read_submission(two)
    assert "two.ods" in str(error.value) and "\n" not in str(error.value)
    gap = ods_bombs.write(
        tmp_path / "gap.ods",
        [
            '<table:table-row table:number-rows-repeated="500"><table:table-cell/></table:table-row>'
            '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
            "</table:table-row>"
        ],
    )
    with pytest.raises(TableLimitError, match="400 cells") as error:
        read_submission(gap)
    assert error.value.row == 501


def test_an_xlsx_counts_its_cells_across_sheets_too(tmp_path, monkeypatch):
    from spreadsheet_files import write_xlsx

    rows = [xlsx_bombs.HEADER] + [[f"P-{n}", *ods_bombs.PROGRAM[1:]] for n in range(1, 41)]
    path = write_xlsx(tmp_path / "two.xlsx", {"Program": rows, "Salinan": rows})
    monkeypatch.setattr(table_limits, "MAX_TABLE_CELLS", 400)
    with pytest.raises(TableLimitError, match=r"400 cells of all sheets together \(sheet 'Salinan'\)"):
        read_submission(path)
    monkeypatch.setattr(table_limits, "MAX_TABLE_CELLS", 600)
    assert len(read_submission(path).rows) == 40


def test_the_cell_bound_is_a_named_constant():
    assert table_limits.MAX_TABLE_CELLS == 2_000_000
