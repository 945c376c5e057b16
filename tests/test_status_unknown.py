"""A program whose status its source does not give (half the public record's programs): an empty ``status`` is a
Warning on its row and cell, the program loads with no ``kc:status`` (unknown: neither cancelled nor ongoing), and
the figures that leave cancelled programs out count it."""

from __future__ import annotations

import kg
from kg.core.namespaces import KC

KCP = "https://w3id.org/kotacerdas/shapes/programs#"

ROWS = """id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status
P-1,32.73,2025,Mal Pelayanan Publik,Dinas Penanaman Modal,GOV-03,Rp 2 miliar,
P-2,32.73,2025,Bank Sampah Digital,Dinas Lingkungan Hidup,ENV-03,Rp 1 miliar,batal
P-3,32.73,2025,Aplikasi Posyandu,Dinas Kesehatan,LIV-05,500 juta,berjalan
"""


def test_an_empty_status_is_a_warning_and_the_program_loads_with_its_status_unknown(tmp_path):
    path = tmp_path / "32.73-2025.csv"
    path.write_text(ROWS, encoding="utf-8")
    outcome = kg.validate_files([path])
    assert not outcome.has_violations
    said = [(r.row, r.column, r.severity, r.shape) for r in outcome.results if r.column == "status"]
    assert said == [(2, "status", "Warning", KCP + "StatusPublishedShape")]
    english = kg.validate_files([path], lang="en")
    message = next(r.message for r in english.results if r.column == "status")
    assert "loaded with an unknown status" in message

    with kg.EmbeddedStore(tmp_path / "store") as store:
        kg.load_files([path], store)
        query = f"SELECT ?id ?status WHERE {{ ?p <{KC}programId> ?id OPTIONAL {{ ?p <{KC}status> ?status }} }}"
        statuses = {row["id"]: row.get("status") for row in kg.rows_as_objects(store.select(query))}
        assert statuses["P-1"] is None and statuses["P-2"].endswith("Cancelled")
        # cancelled programs leave the coverage; a program of unknown status stays in it
        gaps = {row["initiative"] for row in kg.rows_as_objects(kg.run_query("gaps", store, {"region": "32.73"}))}
        assert "GOV-03" not in gaps and "LIV-05" not in gaps and "ENV-03" in gaps
