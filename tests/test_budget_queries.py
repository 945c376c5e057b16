"""Issue 22, item 1: the budget queries count money once at the highest level stating an amount (exact or
approximate), count programs (not kegiatan or sub kegiatan) with how many have an exact, approximate, other
currency or no budget, keep other currencies apart from rupiah, and leave an unpublished realisation unknown."""

from __future__ import annotations

import pytest

from kg.loading.load import load_files
from kg.queries.canned import rows_as_objects, run_query
from kg.store.embedded import EmbeddedStore
from submission_helpers import DATA, run_cli


def _answers(tmp_path, *files):
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert not load_files(list(files), store, agent="test").refused
        [total] = rows_as_objects(run_query("budget-total", store, {"region": "15.71", "year": "2025"}))
        by_dimension = rows_as_objects(run_query("budget", store, {"region": "15.71", "year": "2025"}))
    finally:
        store.close()
    return total, {row["dimension"]: row for row in by_dimension}


def test_approximations_are_counted_once_at_the_highest_level(tmp_path):
    total, by_dimension = _answers(tmp_path, DATA / "jambi-2025-levels.csv")
    # JMB-A1 "Rp107 miliar lebih" holds its kegiatan's "Rp106 miliar lebih" and its sub kegiatan's Rp 2 M;
    # JMB-B1 states none, its kegiatan Rp 3 M; JMB-C1 is cancelled
    assert total == {
        "year": 2025,
        "programs": 2,
        "with_budget": 1,
        "approximate": 1,
        "without_budget": 0,
        "other_currency": 0,
        "budget": 3_000_000_000,
        "approximate_budget": 107_000_000_000,
        "realised": None,
        "other_currency_budget": None,
    }
    assert by_dimension["GOV"] == {
        "year": 2025,
        "dimension": "GOV",
        "programs": 2,
        "with_budget": 1,
        "budget": 3_000_000_000,
        "without_budget": 0,
        "approximate": 1,
        "other_currency": 0,
    }


def test_other_currencies_and_no_budget_are_reported_apart(tmp_path):
    total, by_dimension = _answers(tmp_path, DATA / "jambi-2025-forms.csv")
    assert total["programs"] == 7
    assert (total["with_budget"], total["without_budget"], total["other_currency"]) == (3, 2, 2)
    assert total["budget"] == 3_500_000_000 + 0 + 750_000_000  # never the euros or the dollars
    assert sorted(total["other_currency_budget"].split("; ")) == ["EUR 14200000", "USD 2000000"]
    assert total["realised"] is None  # JMB-01's realisation is "-": unknown, not 0
    assert by_dimension["ENV"]["other_currency"] == 1 and by_dimension["ENV"]["budget"] == 0


def test_a_flat_dpa_counts_every_row_as_a_program_until_its_levels_are_set(tmp_path):
    total, _ = _answers(tmp_path, DATA / "jambi-2025-dpa-flat.csv")
    assert (total["programs"], total["budget"]) == (8, 38_500_000_000)  # what the family warning is about


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id"])
def test_an_unknown_realisation_shows_as_a_dash(tmp_path, lang):
    store = tmp_path / "store"
    assert run_cli("load", DATA / "jambi-2025-forms.csv", "--store", store).returncode == 0
    shown = run_cli("query", "budget-total", "--store", store, "--param", "region=15.71")
    assert shown.returncode == 0
    assert "–" in shown.stdout


def test_a_region_whose_programs_publish_no_budget_shows_its_total_unknown_not_rp_0(tmp_path):
    """The region page's and report's total budget is – when no program states an exact amount (the demo's
    Kabupaten Lombok Utara, five programs with no budget published, said "Rp 0")."""
    from kg.publish.page_words import words
    from kg.publish.region_report import region_report_html

    path = tmp_path / "32.73-2025.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status\n"
        "P-1,32.73,2025,Mal Pelayanan Publik,Dinas Penanaman Modal,GOV-03,,berjalan\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert not load_files([path], store, agent="test").refused
        for lang in ("id", "en"):
            report = region_report_html(store, "32.73", lang=lang)
            assert f"<li><strong>{words(lang)['none']}</strong> {words(lang)['total_budget']}" in report, lang
        path.write_text(path.read_text(encoding="utf-8").replace("GOV-03,,", "GOV-03,Rp 2 miliar,"), encoding="utf-8")
        assert not load_files([path], store, agent="test").refused
        assert "<li><strong>Rp 2,00 miliar</strong>" in region_report_html(store, "32.73", lang="id")
    finally:
        store.close()
