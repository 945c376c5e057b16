"""A result's row is the row the steward sees in the file (docs/design.md): the spreadsheet's own row number, the CSV
line a record starts on (the header is row 1, blank rows count); an XLSX result names its cell; the row lives in
the graph (kc:sourceRow), so a converted file sent back as RDF keeps it."""

from __future__ import annotations

import json

from openpyxl import Workbook

from kg.submissions.convert import convert_file, serialize
from kg.submissions.reports import render
from kg.submissions.tables import read_submission
from kg.submissions.validation import validate_files
from submission_helpers import DATA, run_cli

HEADER = "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status"


def _cells(outcome) -> set[tuple[int | None, str | None]]:
    return {(result.row, result.column) for result in outcome.results}


def test_blank_rows_count_and_a_quoted_newline_is_numbered_by_its_first_line(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_text(
        f"{HEADER}\n"  # line 1
        'P-1,32.73,2025,"Sekolah Digital\nTahap 2",Dinas Pendidikan,SOC-01,100,rencana\n'  # lines 2-3
        "\n"  # line 4
        ",,,,,,,\n"  # line 5
        "P-2,32.73,2025,Bus Kota,Dinas Perhubungan,MOB-01,dua juta,rencana\n",  # line 6
        encoding="utf-8",
    )
    table = read_submission(path)
    assert table.header_row == 1
    assert [row.number for row in table.rows] == [2, 6]
    assert table.rows[0].cells["nama_program"] == "Sekolah Digital\nTahap 2"
    assert _cells(validate_files([path])) == {(6, "anggaran")}


def test_a_header_below_blank_lines_keeps_the_files_line_numbers(tmp_path):
    path = tmp_path / "late-header.csv"
    path.write_text(
        f"\n\n{HEADER}\nP-1,32.73,2025,Bus Kota,Dinas Perhubungan,MOB-01,banyak,rencana\n", encoding="utf-8"
    )
    table = read_submission(path)
    assert table.header_row == 3 and [row.number for row in table.rows] == [4]
    assert _cells(validate_files([path])) == {(4, "anggaran")}


def _workbook(path, first_row: int, first_column: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    rows = [
        HEADER.split(","),
        ["P-1", "32.73", 2025, "Sekolah Digital", "Dinas Pendidikan", "SOC-01", 100, "rencana"],
        [None] * 8,
        ["P-2", "32.73", 2025, "Bus Kota", "Dinas Perhubungan", "MOB-01", "dua juta", "tunda"],
    ]
    for offset, values in enumerate(rows):
        for position, value in enumerate(values):
            if value is not None:
                sheet.cell(row=first_row + offset, column=first_column + position, value=value)
    workbook.save(path)


def test_xlsx_rows_are_the_sheets_own_and_results_name_their_cell(tmp_path):
    path = tmp_path / "programs.xlsx"
    _workbook(path, first_row=3, first_column=2)  # header in B3, data from row 4, a blank row 5
    table = read_submission(path)
    assert table.header_row == 3 and [row.number for row in table.rows] == [4, 6]
    outcome = validate_files([path])
    assert {(r.row, r.column, r.cell) for r in outcome.results} == {(6, "anggaran", "H6"), (6, "status", "I6")}
    document = json.loads(render(outcome, "json"))
    assert {(r["row"], r["column"], r["cell"]) for r in document["results"]} == {
        (6, "anggaran", "H6"),
        (6, "status", "I6"),
    }
    assert "H6" in render(outcome, "text", width=200) and "<td>I6</td>" in render(outcome, "html")
    assert ">Sel<" in render(outcome, "html") and "Cell" in render(outcome, "text", lang="en", width=200)


def test_a_csv_result_has_no_cell_and_keeps_the_design_fields():
    outcome = validate_files([DATA / "bandung-2025-errors.csv"])
    for result in json.loads(render(outcome, "json"))["results"]:
        assert "cell" not in result
    assert "Sel" not in render(outcome, "text", width=200)


def test_a_converted_file_sent_back_as_turtle_keeps_its_rows_and_columns(tmp_path):
    source = DATA / "bandung-2025-errors.csv"
    turtle = tmp_path / "resubmitted.ttl"
    turtle.write_bytes(serialize(convert_file(source), "turtle"))
    from_table = validate_files([source], lang="en")
    from_turtle = validate_files([turtle], lang="en")

    def placed(outcome):
        # an optional column's unreadable value was left out of the Turtle (said once, when the table was read)
        kept = [r for r in outcome.results if not r.shape.endswith("UnreadableLeftOutReading")]
        return sorted((r.row, r.column, r.severity, r.message) for r in kept)

    assert placed(from_turtle) == placed(from_table)
    assert len(from_table.results) == len(from_turtle.results) + 3  # dua miliar, 2025-02-30, remaja
    assert all(result.row is not None for result in from_turtle.results)
    done = run_cli("validate", turtle, "--format", "json")
    assert done.returncode == 1 and {r["row"] for r in json.loads(done.stdout)["results"]} == {2, 3, 4, 5}


def test_rdf_without_row_provenance_has_no_row_or_column():
    outcome = validate_files([DATA / "bandung-2025.ttl"])
    assert outcome.results and all(r.row is None and r.column is None and r.cell is None for r in outcome.results)
