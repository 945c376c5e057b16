"""XLSX files are read within stated bounds, checked while they inflate (issue 7, item 7).

The bombs of the issue are built at test time (tests/xlsx_bombs.py) and given to ``kotacerdas validate`` in a
child process, whose CPU time and peak memory are measured: each must end in exit 2 with one line within
10 s and 300 MB (CPU seconds: on a loaded CI machine wall time measures the neighbours too; a wall-time
guard of 60 s still catches a hang, and benchmarks/xlsx_bounds.py gives wall times). Before the bounded reader, openpyxl ran each of them past 120 s with memory growing (the
1 GiB shared string reached 8.1 GB, then a MemoryError traceback). The bounds that only a hostile file
reaches are also tested one by one, in-process, with the limit lowered.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import xlsx_bombs as bombs
from kg.core.errors import InputError
from kg.submissions import table_limits, xlsx_reader, xlsx_xml
from kg.submissions.table_limits import TableLimitError
from kg.submissions.tables import read_submission
from kg.submissions.xlsx_reader import BoundedWorkbook
from measured_run import run_measured

SECONDS = 10
PEAK_MB = 300

BOMBS = {
    "1 MB file, one shared string of 1 GiB": (bombs.one_gib_shared_string, "256 MiB"),
    "5 MB file, 1 GiB of rows": (bombs.one_gib_of_rows, "256 MiB"),
    "50,000,000 shared strings": (bombs.fifty_million_shared_strings, "256 MiB"),
    "a cell at XFD1048576": (bombs.cell_at_xfd1048576, "XFD1048576"),
    "16,384 columns x 200,000 rows": (bombs.columns_16384_by_rows_200k, "256 MiB"),
    "sizes declared 100 KB, 1 GiB inside": (bombs.lying_sizes, "damaged XLSX"),
    "2,000,000 distinct shared strings": (bombs.many_distinct_shared_strings, "1,000,000 shared strings"),
    "150,000 program rows": (lambda path: bombs.rows_past_the_limit(path, 150_000), "100,000 rows"),
    "a 200 MB attribute": (bombs.long_attribute, "compression ratio"),
    "200 MiB of XML comments": (bombs.comments, "compression ratio"),
    "5,000,000 nested elements": (bombs.deep_nesting, "100 nested elements"),
    "1,000,000 distinct element names": (bombs.distinct_names, "1,024 distinct element names"),
    "6,000,000 elements with random attributes": (bombs.many_elements, "4,000,000 XML elements"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BOMBS))
def test_an_xlsx_bomb_ends_in_one_line_exit_2_within_10_s_and_300_mb(tmp_path, name):
    build, bound = BOMBS[name]
    path = build(tmp_path / "bom.xlsx")
    done = run_measured("validate", path, timeout=90, cwd=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bom.xlsx" in lines[0] and bound in lines[0], done.stderr[-2000:]
    assert done.cpu_seconds < SECONDS, f"{name}: {done.cpu_seconds:.1f} s of CPU"
    assert done.seconds < 60, f"{name}: {done.seconds:.1f} s"
    assert done.peak_mb < PEAK_MB, f"{name}: {done.peak_mb:.0f} MB"


# --- each bound on its own (limits lowered, so that only it can stop the file) -------------------------------


@pytest.fixture
def no_ratio_bound(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_XLSX_COMPRESSION_RATIO", 10**9)


def test_the_xml_element_bound_stops_a_sheet_of_empty_cells(tmp_path, monkeypatch, no_ratio_bound):
    monkeypatch.setattr(xlsx_reader, "MAX_XLSX_XML_ELEMENTS", 100_000)
    path = bombs.empty_cells(tmp_path / "cells.xlsx", 200_000)
    with pytest.raises(TableLimitError, match="100,000 XML elements"):
        read_submission(path)


def test_the_tag_bound_stops_an_endless_attribute(tmp_path, no_ratio_bound):
    path = bombs.long_attribute(tmp_path / "attribute.xlsx", megabytes=3)
    with pytest.raises(TableLimitError, match="1 MiB in one XML tag"):
        read_submission(path)


def test_the_compression_ratio_is_checked_while_inflating_when_the_zip_lies(tmp_path, monkeypatch):
    """A part whose directory entry claims a modest ratio is stopped on the bytes it really inflates to."""
    path = bombs.comments(tmp_path / "comments.xlsx")
    with pytest.raises(TableLimitError, match="100:1 compression ratio"):
        read_submission(path)  # refused on the zip's directory
    monkeypatch.setattr(xlsx_reader.BoundedWorkbook, "_check_declared", lambda self, info: None)
    with pytest.raises(TableLimitError, match="100:1 compression ratio"):
        read_submission(path)  # and on what it inflates to


def test_the_expanded_size_is_counted_while_inflating(tmp_path, monkeypatch, no_ratio_bound):
    monkeypatch.setattr(xlsx_reader, "MAX_XLSX_EXPANDED_BYTES", 2 * 2**20)
    monkeypatch.setattr(xlsx_reader.BoundedWorkbook, "_check_declared", lambda self, info: None)
    with pytest.raises(TableLimitError, match="2 MiB of expanded XML"):
        read_submission(bombs.one_gib_of_rows(tmp_path / "rows.xlsx"))


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path):
    row = b'<row r="2"><c r="D2" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>"
    path = bombs.write_zip(
        tmp_path / "long.xlsx", bombs.workbook_parts(shared_strings=False) + [bombs.sheet(first_rows=row)]
    )
    with pytest.raises(TableLimitError, match="32,767 characters in one cell .D2."):
        read_submission(path)


def test_shared_strings_are_bounded_in_number_and_characters(tmp_path, monkeypatch):
    strings = bombs.Member(
        "xl/sharedStrings.xml",
        f'<sst xmlns="{bombs.MAIN}">'.encode(),
        b"<si><t>" + b"y" * 100 + b"</t></si>",
        50,
        b"</sst>",
    )
    path = bombs.write_zip(
        tmp_path / "strings.xlsx", bombs.workbook_parts(shared_strings=True) + [strings, bombs.sheet()]
    )
    monkeypatch.setattr(xlsx_xml, "MAX_SHARED_STRING_CHARS", 1000)
    with pytest.raises(TableLimitError, match="1,000 characters of shared strings"):
        read_submission(path)
    monkeypatch.setattr(xlsx_xml, "MAX_SHARED_STRING_CHARS", 10**6)
    monkeypatch.setattr(xlsx_xml, "MAX_SHARED_STRINGS", 20)
    with pytest.raises(TableLimitError, match="20 shared strings"):
        read_submission(path)


def test_a_zip_of_too_many_parts_is_refused_before_any_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_XLSX_PARTS", 10)
    members = bombs.workbook_parts(shared_strings=False) + [bombs.sheet()]
    members += [bombs.Member(f"xl/media/{number}.xml", b"<x/>") for number in range(10)]
    with pytest.raises(TableLimitError, match="10 parts in the zip"):
        read_submission(bombs.write_zip(tmp_path / "parts.xlsx", members))


def test_a_document_type_declaration_in_a_part_is_refused(tmp_path):
    """The XML of a workbook never needs a DTD: an entity-expansion bomb is refused on sight."""
    sheet = bombs.sheet()
    sheet.prefix = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet.prefix.split(b"?>", 1)[1]
    path = bombs.write_zip(tmp_path / "dtd.xlsx", bombs.workbook_parts(shared_strings=False) + [sheet])
    with pytest.raises(InputError, match="DOCTYPE"):
        read_submission(path)


def test_rows_and_columns_of_a_csv_are_bounded_too(tmp_path, monkeypatch):
    from kg.submissions import tables

    header = ",".join(bombs.HEADER)
    wide = tmp_path / "wide.csv"
    wide.write_text(header + "\n" + "P,32.73,2025,X,GOV-01,1,rencana" + ",x" * 300 + "\n")
    with pytest.raises(TableLimitError, match="256 columns") as error:
        read_submission(wide)
    assert error.value.row == 2
    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 5)
    long = tmp_path / "long.csv"
    long.write_text(header + "\n" + "P,32.73,2025,X,GOV-01,1,rencana\n" * 10)
    with pytest.raises(TableLimitError, match="5 rows"):
        read_submission(long)


def test_the_limits_are_named_constants_stated_in_the_module():
    assert (table_limits.MAX_TABLE_ROWS, table_limits.MAX_TABLE_COLUMNS, table_limits.MAX_CELL_CHARS) == (
        100_000,
        256,
        32_767,
    )
    assert (table_limits.MAX_XLSX_XML_ELEMENTS, table_limits.MAX_XLSX_XML_DEPTH) == (4_000_000, 100)
    assert table_limits.MAX_XLSX_EXPANDED_BYTES == 256 * 2**20 and table_limits.MAX_XLSX_COMPRESSION_RATIO == 100


# --- what a workbook holds is read as openpyxl reads it --------------------------------------------------------


def _openpyxl_rows(path):
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [_trimmed([list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _our_rows(path):
    with BoundedWorkbook(path) as workbook:
        return [_trimmed([list(row) for row in rows]) for rows in workbook.worksheets()]


def _trimmed(rows):
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and rows[-1] == []:
        rows.pop()
    return rows


@pytest.mark.parametrize("mac_1904", [False, True], ids=["1900", "1904"])
def test_cell_values_are_read_as_openpyxl_reads_them(tmp_path, mac_1904):
    workbook = Workbook()
    if mac_1904:
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(
        [
            "teks",
            "ünï €",
            7,
            -2.5,
            1e20,
            True,
            False,
            dt.datetime(2025, 1, 15, 8, 30),
            dt.date(2024, 2, 29),
            dt.time(12, 30),
            dt.timedelta(hours=30),
            "=1+2",
        ]
    )
    sheet.append([])
    sheet["C4"] = "sel jauh"
    sheet["AA9"] = 12
    second = workbook.create_sheet("Kedua")
    second["B2"] = "lembar kedua"
    workbook.save(tmp_path / "types.xlsx")
    assert _our_rows(tmp_path / "types.xlsx") == _openpyxl_rows(tmp_path / "types.xlsx")


def test_rich_text_phonetic_runs_booleans_errors_formulas_and_prefixed_names(tmp_path):
    """Parts written as Excel and other writers do: runs joined, phonetic guides left out, ``x:`` prefixes."""
    strings = bombs.Member(
        "xl/sharedStrings.xml",
        f'<sst xmlns="{bombs.MAIN}"><si><r><t>Ta</t></r><r><rPr><b/></rPr><t xml:space="preserve">hap 1 </t></r>'
        '<rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>a_x000D_b</t></si></sst>'.encode(),
    )
    sheet = bombs.Member(
        "xl/worksheets/sheet1.xml",
        f'<x:worksheet xmlns:x="{bombs.MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>'
        '<x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="b"><x:v>1</x:v></x:c><x:c r="D1" t="e"><x:v>#N/A</x:v>'
        '</x:c><x:c r="E1" t="str"><x:f>A1&amp;"!"</x:f><x:v>Tahap 1 !</x:v></x:c><x:c r="F1"><x:v>42</x:v></x:c>'
        '<x:c r="G1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>'.encode(),
    )
    path = bombs.write_zip(tmp_path / "excel.xlsx", bombs.workbook_parts(shared_strings=True) + [strings, sheet])
    assert _our_rows(path) == [[["Tahap 1 ", "a\rb", True, "#N/A", "Tahap 1 !", 42, "inline"]]]


def test_the_steward_template_written_by_the_tool_reads_back(tmp_path):
    from kg.submissions.template_writer import write_template

    path = write_template(tmp_path / "templat.xlsx")
    assert _our_rows(path) == _openpyxl_rows(path)


def test_a_password_protected_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="password-protected"):
        read_submission(path)


def test_a_damaged_zip_is_one_line(tmp_path):
    path = bombs.cell_at_xfd1048576(tmp_path / "damaged.xlsx")
    data = bytearray(path.read_bytes())
    data[200:400] = b"\x00" * 200
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as error:
        read_submission(path)
    assert "\n" not in str(error.value) and "damaged.xlsx" in str(error.value)
