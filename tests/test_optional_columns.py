"""Issue 22, item 2 (left out last session): an optional column's unreadable value is a Warning, never blocking
a load. The value is left out (never text among numbers or codes); an unreadable amount is no money of the
budget totals and its Warning says so, in files in the form regions write (CSV, and an XLSX typed by hand)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.core.namespaces import KC, SCHEMA, program_iri
from kg.loading.load import load_files
from kg.queries.canned import rows_as_objects, run_query
from kg.store.embedded import EmbeddedStore
from kg.submissions.convert import convert_files
from kg.submissions.validation import validate_files
from spreadsheet_files import write_xlsx

ROWS = [
    [
        "id_program",
        "kode_wilayah",
        "tahun",
        "nama_program",
        "perangkat_daerah",
        "inisiatif",
        "anggaran",
        "realisasi_anggaran",
        "status",
        "tanggal_mulai",
        "tanggal_selesai",
        "tingkat",
        "induk",
        "sumber_dana",
        "kelompok_sasaran",
    ],
    [
        "BJM-12",
        "63.71",
        "2025",
        "Satu Data Banjarmasin",
        "Diskominfo SP",
        "GOV-05",
        "dua miliar",
        "Rp 1 M",
        "berjalan",
        "31/02/2025",
        "2025-12-31",
        "",
        "",
        "APBD",
        "umum",
    ],
    [
        "BJM-13",
        "63.71",
        "2025",
        "Pelatihan UMKM Go Digital",
        "Disdag",
        "ECO-02",
        "Rp 500.000.000",
        "lima ratus juta",
        "berjalan",
        "2025-03-01",
        "akhir tahun",
        "kegiatan x",
        "",
        "dana desa",
        "remaja",
    ],
    [
        "BJM-14",
        "63.71",
        "2025",
        "Smart Parking",
        "Dishub",
        "MOB-02",
        "Rp 1,2 M",
        "",
        "berjalan",
        "2025-02-01",
        "2025-12-31",
        "",
        "",
        "ABPD",
        "umum",
    ],
]
LEFT_OUT = {
    (2, "anggaran"),
    (2, "tanggal_mulai"),
    (3, "realisasi_anggaran"),
    (3, "tanggal_selesai"),
    (3, "tingkat"),
    (3, "sumber_dana"),
    (3, "kelompok_sasaran"),
    (4, "sumber_dana"),
}


def _file(tmp_path, kind: str):
    if kind == "xlsx":
        return write_xlsx(tmp_path / "banjarmasin.xlsx", {"Program": ROWS})
    path = tmp_path / "banjarmasin.csv"
    path.write_text(
        "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in ROWS) + "\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_unreadable_optional_values_are_warnings_and_left_out(tmp_path, kind):
    path = _file(tmp_path, kind)
    outcome = validate_files([path], lang="en")
    assert not outcome.has_violations
    warned = {(r.row, r.column): r.message for r in outcome.results if r.shape.endswith("UnreadableLeftOutReading")}
    assert set(warned) == LEFT_OUT
    assert all(r.severity == "Warning" for r in outcome.results if (r.row, r.column) in LEFT_OUT)
    assert warned[(2, "anggaran")] == (
        "Budget 'dua miliar' cannot be read (write e.g. 1250000000, Rp 1.250.000.000 or Rp 1,25 miliar); the value "
        "is left out: an optional column, the program is loaded; this row's money is not counted in the budget "
        "totals until its amount can be read"
    )
    assert "did you mean APBD?" in warned[(4, "sumber_dana")]
    assert "(choose program, kegiatan or sub_kegiatan; did you mean kegiatan?)" in warned[(3, "tingkat")]
    indonesian = validate_files([path], lang="id")
    assert any(
        r.message.startswith("Sumber Dana 'dana desa' tidak dapat dibaca (pilih APBD")
        and "nilai ini dikosongkan: kolom opsional, program tetap dimuat" in r.message
        for r in indonesian.results
    )
    [conversion] = convert_files([path])
    graph = Graph().parse(data=conversion.ntriples.decode(), format="nt")
    first, second = URIRef(program_iri("63.71", 2025, "BJM-12")), URIRef(program_iri("63.71", 2025, "BJM-13"))
    assert graph.value(graph.value(first, KC.plannedBudget), SCHEMA.value) is None  # no text among the amounts
    assert graph.value(first, SCHEMA.startDate) is None and graph.value(second, KC.fundingSource) is None
    assert graph.value(second, KC.budgetLevel) is None and graph.value(second, KC.beneficiary) is None
    assert not [o for o in graph.objects() if isinstance(o, Literal) and str(o) in ("dua miliar", "dana desa")]


def test_a_left_out_amount_is_no_money_of_the_budget_totals(tmp_path):
    store = EmbeddedStore.in_memory()
    try:
        outcome = load_files([_file(tmp_path, "csv")], store, agent="test")
        assert outcome.loaded and not outcome.refused
        [total] = rows_as_objects(run_query("budget-total", store, {"region": "63.71", "year": "2025"}))
    finally:
        store.close()
    # BJM-12 (dua miliar) counts as a program without a budget; BJM-13 and BJM-14 add up as before
    assert (total["programs"], total["with_budget"], total["without_budget"]) == (3, 2, 1)
    assert total["budget"] == 500_000_000 + 1_200_000_000
    assert total["realised"] == 1_000_000_000  # BJM-12's Rp 1 M; BJM-13's "lima ratus juta" left out
