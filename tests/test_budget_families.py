"""Issue 22, item 1: a budget document (DPA) pasted flat, on tests/data/submissions/jambi-2025-dpa-flat.csv (and as
an XLSX): a row whose amount is exactly the sum of the rows below it (same agency and year) is said to look like
their parent, once, on its budget cell; with ``tingkat`` and ``induk`` filled the warning goes; the search is
bounded (a 5,000-row file of distinct amounts in well under a second); a cancelled program gets no budget
warning."""

from __future__ import annotations

import csv
import time
from decimal import Decimal

from kg.submissions.budget_families import BudgetRow, families, row_ranges
from kg.submissions.validation import validate_files
from spreadsheet_files import csv_rows, write_xlsx
from submission_helpers import DATA

FLAT = DATA / "jambi-2025-dpa-flat.csv"
KCP = "https://w3id.org/kotacerdas/shapes/programs#"


def _families(outcome) -> list[tuple[int, str, str]]:
    return [(r.row, r.column, r.message) for r in outcome.results if r.shape == KCP + "BudgetFamilyReading"]


def test_a_flat_dpa_names_the_rows_each_parent_holds():
    outcome = validate_files([FLAT], lang="en")
    assert not outcome.has_violations
    assert _families(outcome) == [
        (
            2,
            "anggaran",
            "This row's budget equals the total of rows 3, 5: it looks like the parent of rows 3, 5; "
            "set `tingkat` and `induk`, or the money is counted twice",
        ),
        (
            3,
            "anggaran",
            "This row's budget equals the total of row 4: it looks like the parent of row 4; "
            "set `tingkat` and `induk`, or the money is counted twice",
        ),
        (
            5,
            "anggaran",
            "This row's budget equals the total of rows 6–8: it looks like the parent of rows 6–8; "
            "set `tingkat` and `induk`, or the money is counted twice",
        ),
    ]
    assert all(r.severity == "Warning" for r in outcome.results if r.shape == KCP + "BudgetFamilyReading")
    indonesian = validate_files([FLAT], lang="id")
    assert _families(indonesian)[2][2] == (
        "Anggaran baris ini sama dengan jumlah baris 6–8: tampaknya induk dari baris 6–8; isi `tingkat` dan "
        "`induk`, atau uang terhitung dua kali"
    )


def test_the_same_rows_in_a_spreadsheet(tmp_path):
    path = write_xlsx(tmp_path / "dpa.xlsx", {"Program": [list(row) for row in csv_rows(FLAT)]})
    assert [row for row, _, _ in _families(validate_files([path], lang="en"))] == [2, 3, 5]


def test_levels_and_parents_filled_take_the_warning_away(tmp_path):
    rows = csv_rows(FLAT)
    header = rows[0] + ["tingkat", "induk"]
    levels = {"P": ("program", ""), "K": ("kegiatan", "JMB-P1"), "S": ("sub_kegiatan", None)}
    filled = []
    parent_of_sub = {"JMB-S1": "JMB-K1", "JMB-S2": "JMB-K2", "JMB-S3": "JMB-K2", "JMB-S4": "JMB-K2"}
    for row in rows[1:]:
        kind = row[0].split("-")[1][0]
        level, parent = levels.get(kind, ("", ""))
        filled.append(row + [level, parent_of_sub.get(row[0], parent or "")])
    path = tmp_path / "dpa-levels.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *filled])
    outcome = validate_files([path], lang="en")
    assert not _families(outcome)
    assert not outcome.has_violations


def test_a_cancelled_program_gets_no_budget_warning():
    outcome = validate_files([FLAT], lang="en")
    assert not [r for r in outcome.results if r.row == 10]  # JMB-L2: batal, no budget


def test_the_search_is_bounded():
    rows = [BudgetRow(number, "agency", Decimal(1_000_003 * number + number % 7)) for number in range(2, 5002)]
    started = time.perf_counter()
    assert families(rows) == []
    assert time.perf_counter() - started < 1.0


def test_rows_are_listed_as_ranges():
    assert row_ranges([5, 6, 7, 8, 9]) == "5–9"
    assert row_ranges([3, 5, 6, 7, 12]) == "3, 5–7, 12"
