"""The public record of real programs: each value's source page (column ``sumber``) becomes
``prov:wasDerivedFrom`` the page, anything but an http(s) address is refused on its row and cell, the demo loads
the record beside the illustrative examples, and the pages say which data is which (issue 21, item 1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from kg.submissions.convert import convert_file
from kg.submissions.validation import validate_files

#: The public record (data/public-record/), and one of its files: three programs of Kabupaten Sleman in 2023,
#: from two pages, without violations.
RECORD = Path(__file__).resolve().parent.parent / "data" / "public-record"
SLEMAN = RECORD / "34.04-2023-kabupaten-sleman.csv"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_each_source_address_becomes_prov_was_derived_from_the_page():
    graph = Graph().parse(data=convert_file(SLEMAN).ntriples.decode(), format="nt")
    fields, rows = _rows(SLEMAN)
    assert fields[-1] == "sumber" and len({row["sumber"] for row in rows}) == 2
    for row in rows:
        program = URIRef(f"https://w3id.org/kotacerdas/id/program/34.04/2023/{row['id_program']}")
        assert list(graph.objects(program, PROV.wasDerivedFrom)) == [URIRef(row["sumber"])]
    assert not validate_files([SLEMAN]).has_violations


def test_several_addresses_of_a_cell_are_several_pages(tmp_path):
    fields, rows = _rows(SLEMAN)
    first, second = rows[0]["sumber"], rows[2]["sumber"]
    rows[0]["sumber"] = f"{first} ; {second}"
    path = _write(tmp_path / "34.04-2023-dua-sumber.csv", fields, rows[:1])
    graph = Graph().parse(data=convert_file(path).ntriples.decode(), format="nt")
    assert set(graph.objects(None, PROV.wasDerivedFrom)) == {URIRef(first), URIRef(second)}
    assert not validate_files([path]).has_violations


@pytest.mark.parametrize(
    "written",
    [
        "javascript:alert(document.cookie)",
        "satukanegeri.com, 15 Juni 2021",
        "www.satukanegeri.com/post/102855",
        "ftp://satukanegeri.com/post",
        "file:///etc/passwd",
        "https://user@evil.example/",
    ],
)
def test_a_source_that_is_not_a_web_page_address_is_one_violation_on_its_row_and_cell(tmp_path, written):
    fields, rows = _rows(SLEMAN)
    rows[2]["sumber"] = written
    path = _write(tmp_path / "34.04-2023-sumber-salah.csv", fields, rows)
    report = validate_files([path], lang="en")
    found = [result for result in report.results if result.column == "sumber"]
    assert [(result.severity, result.row, result.value) for result in found] == [("Violation", 4, written)]
    assert "http:// or https://" in found[0].message
