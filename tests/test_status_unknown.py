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


def test_pages_and_the_report_say_a_status_is_unknown_never_blank(tmp_path):
    """The program page, the region and submission pages' program tables and the region report show a program
    of unknown status as "Tidak diketahui" / "Unknown" (it showed an empty cell)."""
    import re

    import httpx

    from kg.publish.region_report import region_report_html
    from serve_helpers import start_server

    path = tmp_path / "32.73-2025.csv"
    path.write_text(ROWS, encoding="utf-8")
    with kg.EmbeddedStore(tmp_path / "store") as store:
        kg.load_files([path], store)
        for lang, unknown, ongoing in (("id", "Tidak diketahui", "Berjalan"), ("en", "Unknown", "Ongoing")):
            report = region_report_html(store, "32.73", lang=lang)
            assert re.search(rf'<td class="status-None">{unknown}</td>', report), lang
            assert re.search(rf'<td class="status-berjalan">{ongoing}</td>', report), lang

    server = start_server(tmp_path / "serve.log", "--store", str(tmp_path / "store"))
    try:
        for lang, unknown in (("id", "Tidak diketahui"), ("en", "Unknown")):
            for page in ("id/program/32.73/2025/P-1", "id/region/32.73", "id/submission/32.73/2025"):
                answer = httpx.get(
                    server.url + page, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=30
                )
                assert answer.status_code == 200, page
                assert re.search(rf'class="status-None">{unknown}</(dd|td)>', answer.text), (page, lang)
    finally:
        server.stop()
