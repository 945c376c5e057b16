"""Reading submissions as stewards write them: Excel files, CSV in any Excel flavour, or RDF."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook

from kg.core.errors import InputError
from kg.submissions.tables import RdfDocument, Table, read_submission
from submission_helpers import DATA


def test_csv_with_bom_semicolons_and_a_blank_row_is_read_with_row_numbers_kept():
    table = read_submission(DATA / "bandung-2025.csv")
    assert isinstance(table, Table)
    assert [row.number for row in table.rows] == [2, 3, 5]  # lines: header 1, blank line 4 skipped but counted
    first = table.rows[0].cells
    assert first["id_program"] == "BDG-001"  # no BOM glued to the first header
    assert first["inisiatif"] == "GOV-02;GOV-03"
    assert first["anggaran"] == "Rp 1.250.000.000"


def test_english_headers_and_comma_separated_csv(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_text(
        "Program ID,Region code,Year,Program name,Initiatives,Budget,Status\n"
        "P-1,32.73,2025,Sekolah Digital,SOC-01,100000000,rencana\n",
        encoding="utf-8",
    )
    table = read_submission(path)
    assert table.columns == ["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif", "anggaran", "status"]
    assert table.rows[0].cells["nama_program"] == "Sekolah Digital"


def test_windows_1252_csv_from_excel_is_read(tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes(
        "id_program;kode_wilayah;tahun;nama_program;inisiatif;anggaran;status\n"
        "P-1;32.73;2025;Caf\u00e9 UMKM \u2013 Pasar;ECO-01;5;rencana\n".encode("cp1252")
    )
    assert read_submission(path).rows[0].cells["nama_program"] == "Caf\u00e9 UMKM \u2013 Pasar"


def test_xlsx_written_by_openpyxl_with_excel_dates_and_numbers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Kode Program", "Kode Wilayah", "Tahun", "Nama Program", "Inisiatif", "Anggaran", "Status", "Tanggal Mulai"]
    )
    sheet.append(
        ["P-1", "32.73", 2025, "Parkir Elektronik", "MOB-03", 1250000000, "berjalan", dt.datetime(2025, 1, 15)]
    )
    sheet.append([None] * 8)
    sheet.append(["P-2", 32.7, 2025.0, "Angkutan Desa", "MOB-01", 2.5e8, "rencana", "15/02/2025"])
    workbook.save(tmp_path / "programs.xlsx")
    table = read_submission(tmp_path / "programs.xlsx")
    assert [row.number for row in table.rows] == [2, 4]  # the sheet's own rows
    assert table.rows[0].cells["tanggal_mulai"] == dt.datetime(2025, 1, 15)
    assert table.rows[1].cells["tahun"] == 2025


def test_rdf_submissions_are_read_directly(tmp_path):
    document = read_submission(DATA / "bandung-2025.ttl")
    assert isinstance(document, RdfDocument) and document.triple_count == 23
    jsonld = tmp_path / "programs.jsonld"
    jsonld.write_text(
        json.dumps(
            {
                "@context": {"kc": "https://w3id.org/kotacerdas/ontology#"},
                "@id": "https://w3id.org/kotacerdas/id/program/32.73/2025/P-1",
                "@type": "kc:Program",
                "kc:programId": "P-1",
            }
        )
    )
    assert read_submission(jsonld).triple_count == 2


def test_remote_jsonld_context_is_refused_never_fetched(tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@id": "https://e.org/a", "name": "x"}))
    with pytest.raises(InputError, match="remote JSON-LD @context"):
        read_submission(path)
    nested = tmp_path / "nested.jsonld"
    nested.write_text(
        json.dumps(
            {
                "@context": [{"kc": "https://w3id.org/kotacerdas/ontology#"}],
                "@graph": [{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "https://e.org/b"}],
            }
        )
    )
    with pytest.raises(InputError, match="remote JSON-LD @context"):
        read_submission(nested)


def test_header_missing_a_required_column_names_it(tmp_path):
    path = tmp_path / "partial.csv"
    path.write_text("id_program,kode_wilayah,tahun,nama_program,anggaran,status\nP,32.73,2025,X,1000,rencana\n")
    with pytest.raises(InputError, match="inisiatif") as error:
        read_submission(path)
    assert "partial.csv" in str(error.value)
