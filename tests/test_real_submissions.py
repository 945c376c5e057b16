"""Submissions as regions really write them (issue 11), on tests/data/submissions/banjarmasin-2025-*.csv: the
forms published sources and stewards use are read and said back once, never rejected for their form; what
cannot be read gets one result per cell, with the fix; the indicators table joins its programs."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kg.core.namespaces import KC, SCHEMA, agency_iri, program_iri
from kg.submissions.convert import convert_files
from kg.submissions.reports import render
from kg.submissions.validation import validate_files
from spreadsheet_files import csv_rows, write_ods, write_xlsx
from submission_helpers import DATA, run_cli

PUBLISHED = DATA / "banjarmasin-2025-published.csv"
INDICATORS = DATA / "banjarmasin-2025-indikator.csv"
ERRORS = DATA / "banjarmasin-2025-errors.csv"
KCP = "https://w3id.org/kotacerdas/shapes/programs#"


@pytest.fixture(scope="module")
def published():
    return validate_files([PUBLISHED, INDICATORS], lang="en")


@pytest.fixture(scope="module")
def errors():
    return validate_files([ERRORS], lang="en")


@pytest.fixture(scope="module")
def graph() -> Graph:
    conversion = convert_files([PUBLISHED, INDICATORS])[0]
    return Graph().parse(data=conversion.ntriples.decode(), format="nt")


def _program(code: str) -> URIRef:
    return URIRef(program_iri("63.71", 2025, code))


def _by(outcome, rule: str) -> list:
    return [r for r in outcome.results if r.shape == KCP + rule]


# --- 11.1 a template that fits published data ---------------------------------------------------------------


@pytest.mark.slow
def test_a_truthful_file_without_some_budgets_passes_with_warnings_only(published):
    assert not published.has_violations
    unpublished = _by(published, "BudgetPublishedShape")
    assert [(r.row, r.column, r.severity) for r in unpublished] == [(5, "anggaran", "Warning")]
    assert run_cli("validate", PUBLISHED, INDICATORS).returncode == 0


def test_dates_are_read_as_a_day_a_month_or_a_year_with_their_xsd_type(graph):
    assert (_program("BJM-01"), SCHEMA.startDate, Literal("2018-03", datatype=XSD.gYearMonth)) in graph
    assert (_program("BJM-01"), SCHEMA.endDate, Literal("2025", datatype=XSD.gYear)) in graph
    assert (_program("BJM-01-K1"), SCHEMA.startDate, Literal("2025-07-01", datatype=XSD.date)) in graph
    assert (_program("BJM-02"), SCHEMA.startDate, Literal("2019", datatype=XSD.gYear)) in graph


def test_budgets_are_amounts_with_currency_levels_parents_and_codes(graph):
    amount = graph.value(_program("BJM-01"), KC.plannedBudget)
    assert (amount, SCHEMA.value, Literal("13500000000", datatype=XSD.decimal)) in graph
    assert (amount, SCHEMA.currency, Literal("IDR")) in graph
    spent = graph.value(_program("BJM-05"), KC.realisedBudget)
    assert (spent, SCHEMA.value, Literal("2100000000", datatype=XSD.decimal)) in graph
    approximate = graph.value(_program("BJM-04"), KC.plannedBudget)
    assert (approximate, KC.approximateValue, Literal("107000000000", datatype=XSD.decimal)) in graph
    assert (approximate, SCHEMA.value, None) not in graph
    assert (_program("BJM-01-K1"), KC.parent, _program("BJM-01")) in graph
    assert (_program("BJM-01-S1"), KC.budgetLevel, KC.SubActivityLevel) in graph
    assert (_program("BJM-01-S1"), KC.nomenclatureCode, Literal("2.16.03.1.02.0001")) in graph
    assert set(graph.objects(_program("BJM-03"), KC.fundingSource)) == {KC.FundingAPBD, KC.FundingDAK}
    assert (_program("BJM-02"), KC.fundingSource, KC.FundingPrivate) in graph  # "swasta"


def test_the_pillar_claim_is_kept_and_a_mismatch_with_the_crosswalk_is_an_info(published, graph):
    assert (
        _program("BJM-05"),
        KC.kominfoPillar,
        URIRef("https://w3id.org/kotacerdas/ontology/kominfo#SmartLiving"),
    ) in graph
    mismatches = _by(published, "KominfoPillarCrosswalkShape")
    assert [(r.row, r.severity) for r in mismatches] == [(8, "Info")]  # GOV-03 maps to Smart Governance
    assert "Smart Governance" in mismatches[0].message


def test_several_indicators_per_program_with_baselines_directions_and_units(graph):
    indicators = set(graph.objects(_program("BJM-03"), KC.indicator))
    assert len(indicators) == 2
    depots = next(iter(graph.objects(_program("BJM-02"), KC.indicator)))
    assert (depots, KC.direction, KC.LowerIsBetter) in graph
    assessment = graph.value(depots, KC.assessment)
    assert (assessment, KC.baseline, Literal("58", datatype=XSD.decimal)) in graph
    assert (assessment, KC.period, Literal("2025", datatype=XSD.gYear)) in graph
    assert (assessment, KC.sourceRow, Literal(3, datatype=XSD.integer)) in graph  # the indicators file's row
    spbe = next(iter(graph.objects(_program("BJM-01"), KC.indicator)))
    assert (graph.value(spbe, KC.assessment), KC.target, Literal("3.75", datatype=XSD.decimal)) in graph
    persons = [node for node in indicators if (node, KC.unit, Literal("orang")) in graph][0]
    assert (persons, KC.unitOfMeasure, URIRef("http://qudt.org/vocab/unit/NUM")) in graph
    percent = [node for node in indicators if (node, KC.unit, Literal("persen")) in graph][0]
    assert (percent, KC.unitOfMeasure, URIRef("http://qudt.org/vocab/unit/PERCENT")) in graph


def test_indicator_results_are_on_the_indicators_files_rows_beside_their_program(published):
    ambiguous = _by(published, "AmbiguousNumberReading")
    # 1.200 km has two readings; 1.500 and 1.200 orang (row 5) are counts, with one (issue 22)
    assert {(r.file.rsplit("/", 1)[-1], r.row, r.column) for r in ambiguous} == {
        ("banjarmasin-2025-indikator.csv", 7, "target")
    }
    assert {r.program_id for r in ambiguous} == {"BJM-05"}


def test_an_indicator_naming_no_program_or_several_is_a_violation_on_its_row(tmp_path):
    stray = tmp_path / "indikator.csv"
    stray.write_text("id_program,indikator,target\nBJM-404,Indeks SPBE,3\nBJM-01,Indeks SPBE,4\n", encoding="utf-8")
    outcome = validate_files([PUBLISHED, stray])
    found = [(r.row, r.column, r.severity) for r in outcome.results if r.file.endswith("indikator.csv")]
    # row 3 is read: its free-text "Indeks SPBE" gets the matching shared indicator (ID-SPBE) as an Info
    assert found == [(2, "id_program", "Violation"), (3, "indikator", "Info")]
    alone = run_cli("validate", stray)
    assert alone.returncode == 2 and "indikator" in alone.stderr.lower()


# --- 11.2 Indonesian forms read, and said back ----------------------------------------------------------------


def test_every_normalisation_is_said_back_once_with_the_value_read(published):
    infos = {(r.row, r.column, r.value): r.message for r in published.results if r.severity == "Info"}
    assert "13,500,000,000" in infos[(2, "anggaran", "Rp 13,5 Miliar")]
    assert "1,500,000,000" in infos[(3, "anggaran", "Rp1,5 M")]
    assert "750,000,000" in infos[(6, "anggaran", "750 jt")]
    assert "1,500,000" in infos[(9, "anggaran", "1,5 juta")]
    assert "2018-03" in infos[(2, "tanggal_mulai", "Maret 2018")]
    assert (
        "2025-07-01" in infos[(3, "tanggal_mulai", "1 Juli 2025")]
        and "also row 4" in infos[(3, "tanggal_mulai", "1 Juli 2025")]
    )
    assert "SOC-01;SOC-02" in infos[(6, "inisiatif", "SOC-01, SOC-02")]
    assert "CSR" in infos[(5, "sumber_dana", "swasta")]
    # once: the repeated "1 Juli 2025" on row 4 is named on row 3, not reported again
    assert (4, "tanggal_mulai", "1 Juli 2025") not in infos
    # plain forms are read in silence: Rp 1.500.000.000,- and 31/12/2025
    assert not any(r.value in ("Rp 1.500.000.000,-", "31/12/2025") for r in published.results)


def test_an_approximate_amount_is_a_warning_kept_apart(published):
    found = _by(published, "ApproximateAmountShape")
    assert [(r.row, r.column, r.severity) for r in found] == [(7, "anggaran", "Warning")]
    assert found[0].value == "Rp 107 miliar lebih"  # the value found is what the steward wrote


def test_an_ambiguous_number_names_both_readings_and_the_columns_convention(published):
    warning = next(r for r in _by(published, "AmbiguousNumberReading") if r.column == "target")
    assert "1200" in warning.message and "1,2" in warning.message and "dot" in warning.message


def test_a_target_and_achieved_value_a_thousand_times_apart_is_one_warning_naming_both(errors):
    on_cell = [r for r in errors.results if (r.row, r.column) == (2, "realisasi")]
    assert [r.shape for r in on_cell] == [KCP + "ThousandFactorReading"]
    assert "1500" in on_cell[0].message and "2.5" in on_cell[0].message and "1,5" in on_cell[0].message


# --- 11.3 one message per cell, with the fix ------------------------------------------------------------------


def test_one_result_per_cell_that_is_not_a_number_date_or_code(errors):
    per_cell = Counter((r.row, r.column) for r in errors.results if r.severity in ("Violation", "Warning"))
    assert max(per_cell.values()) == 1
    # optional columns: one Warning each (the value left out), no range or order pile-up
    warned = {(r.row, r.column) for r in errors.results if r.severity == "Warning"}
    assert {(3, "anggaran"), (3, "tanggal_mulai")} <= warned


def test_did_you_mean_for_labels_near_misses_region_names_and_commas(errors):
    said = {(r.row, r.column): r.message for r in errors.results if r.severity == "Violation"}
    assert "did you mean MOB-01" in said[(2, "inisiatif")]
    assert "did you mean berjalan" in said[(2, "status")]
    assert "did you mean 63.71 (Kota Banjarmasin)" in said[(3, "kode_wilayah")]
    assert "separate codes with ';'" in said[(3, "inisiatif")] and "'GOV-99' is not a code" in said[(3, "inisiatif")]
    indonesian = validate_files([ERRORS], lang="id")
    assert any("maksud Anda MOB-01" in r.message for r in indonesian.results)


def test_messages_keep_the_engines_detail_in_json_and_turtle(errors):
    document = json.loads(render(errors, "json"))
    status = next(r for r in document["results"] if r["column"] == "status")
    assert status["shape"] == KCP + "StatusKnownShape"
    assert status["constraint"].endswith("ClassConstraintComponent") and "did you mean" in status["message"]
    reading = next(r for r in document["results"] if r["column"] == "realisasi")
    assert reading["shape"] == KCP + "ThousandFactorReading" and reading["constraint"] == KCP + "TableReading"
    report = Graph().parse(data=render(errors, "turtle"), format="turtle")
    messages = {str(m) for m in report.objects(None, URIRef("http://www.w3.org/ns/shacl#resultMessage"))}
    assert any("maksud Anda berjalan" in m for m in messages) and any("did you mean berjalan" in m for m in messages)


def test_budget_levels_are_checked(errors):
    said = {(r.row, r.column, r.shape.rpartition("#")[2]) for r in errors.results}
    assert (4, "induk", "ParentShape") in said  # BJM-99 is no program of the file
    assert (5, "anggaran", "ChildrenBudgetShape") in said  # 900 jt + 800 jt > Rp 1,2 M


# --- 11.4 rows as the steward sees them --------------------------------------------------------------------


def test_text_and_html_reports_name_each_rows_program_and_link_to_how_to_fix(errors):
    text = " ".join(render(errors, "text", width=220).split())
    assert "BJM-11 · Bus Sekolah Ramah" in text
    page = render(errors, "html")
    assert "BJM-12 · Satu Data Banjarmasin" in page
    assert 'href="#fix-StatusKnownShape"' in page and 'id="fix-StatusKnownShape"' in page
    assert 'id="fix-ThousandFactorReading"' in page


@pytest.mark.slow
def test_resubmitted_turtle_keeps_the_rows_of_both_tables(tmp_path):
    turtle = tmp_path / "banjarmasin.ttl"
    done = run_cli("convert", PUBLISHED, "--indicators", INDICATORS, "--out", turtle)
    assert done.returncode == 0, done.stderr
    again = validate_files([turtle])
    assert {(r.row, r.column) for r in again.results if r.shape == KCP + "BudgetPublishedShape"} == {(5, "anggaran")}


# --- 11.5 agencies under one name -----------------------------------------------------------------------------


def test_four_spellings_of_one_agency_are_one_agency_with_a_warning_for_new_spellings(published, graph):
    one = URIRef(agency_iri("63.71", "Dinas Komunikasi, Informatika, Statistik dan Persandian"))
    programs = [_program(code) for code in ("BJM-01", "BJM-01-K1", "BJM-01-S1", "BJM-06")]
    assert {graph.value(program, KC.agency) for program in programs} == {one}
    assert len(set(graph.subjects(RDF.type, KC.Agency))) == 5  # Diskominfo SP, DLH, Disdik, Disdag, Disdukcapil
    assert {str(label) for label in graph.objects(one, SKOS.altLabel)} >= {"Diskominfo SP Kota Banjarmasin"}
    warnings = {(r.row, r.value) for r in _by(published, "AgencyNameReading")}
    assert warnings == {
        (4, "Diskominfo SP Kota Banjarmasin"),
        (9, "DINAS KOMUNIKASI INFORMATIKA STATISTIK & PERSANDIAN"),
    }


# --- 11.7 the forms of a spreadsheet ------------------------------------------------------------------------


def _sheets() -> dict[str, list[list[object]]]:
    return {"Program": csv_rows(PUBLISHED), "Indikator": csv_rows(INDICATORS)}


def _placed(outcome):
    return sorted((r.row, r.column, r.severity, r.shape) for r in outcome.results)


def test_an_xlsx_with_an_indicators_sheet_validates_as_the_two_csv_files(tmp_path, published):
    workbook = write_xlsx(tmp_path / "banjarmasin.xlsx", _sheets())
    outcome = validate_files([workbook], lang="en")
    assert _placed(outcome) == _placed(published)
    cells = {r.cell for r in outcome.results if r.shape == KCP + "AmbiguousNumberReading"}
    assert cells == {"Indikator!F7"}


@pytest.mark.slow
def test_an_ods_is_read_directly_with_the_same_results(tmp_path, published):
    spreadsheet = write_ods(tmp_path / "banjarmasin.ods", _sheets())
    outcome = validate_files([spreadsheet], lang="en")
    assert _placed(outcome) == _placed(published)
    assert run_cli("validate", spreadsheet).returncode == 0


def test_an_old_xls_is_told_to_be_saved_as_xlsx(tmp_path):
    old = tmp_path / "program.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    done = run_cli("validate", old)
    assert done.returncode == 2 and ".xlsx" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_near_miss_codes_and_codes_separated_by_spaces_get_the_code_meant():
    outcome = validate_files([DATA / "banjarmasin-2025-near-misses.csv"], lang="en")
    said = {(r.row, r.column): r.message for r in outcome.results if r.severity == "Violation"}
    assert "did you mean GOV-05" in said[(2, "inisiatif")]
    assert "did you mean 63.71 (Kota Banjarmasin)" in said[(3, "kode_wilayah")]
    assert "separate codes with ';'" in said[(3, "inisiatif")]
    assert "did you mean 63.71 (Kota Banjarmasin)" in said[(4, "kode_wilayah")]
    assert "did you mean MOB-01" in said[(4, "inisiatif")]
    assert "did you mean selesai" in said[(5, "status")]
    assert len(said) == 6  # one result per cell, nothing else
    # an optional column's near miss is a Warning (the value left out) that names the code meant
    warned = {(r.row, r.column): r.message for r in outcome.results if r.severity == "Warning"}
    assert "did you mean APBD" in warned[(5, "sumber_dana")] and "the value is left out" in warned[(5, "sumber_dana")]


def test_old_files_validate_as_before_and_old_turtle_is_told_what_changed():
    old = validate_files([DATA / "bandung-2025.csv"])
    # its only result: 95,5 layanan daring, a count with a fraction (issue 22: said back as a Warning)
    assert not old.has_violations and [(r.row, r.column, r.severity) for r in old.results] == [
        (2, "realisasi", "Warning")
    ]
    turtle = validate_files([DATA / "bandung-2025.ttl"], lang="en")
    notes = [r for r in turtle.results if r.severity == "Info"]
    assert len(notes) == 1 and "0.2 form" in notes[0].message and "kc:plannedBudget" in notes[0].message
    assert [r.value for r in turtle.results if r.severity == "Violation"] == [
        "https://w3id.org/kotacerdas/ontology#ENV-33"
    ]


@pytest.mark.slow
def test_budget_levels_count_the_money_once_and_approximate_amounts_apart(tmp_path):
    """Program Rp 13,5 M holds kegiatan Rp 1,5 M, which holds sub kegiatan Rp 1,5 M: 13.5 bn, not 16.5 bn;
    realised money likewise at the highest level stating it; the approximate Rp 107 miliar counted apart."""
    from kg.loading.load import load_files
    from kg.queries.canned import rows_as_objects, run_query
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    try:
        assert not load_files([PUBLISHED, INDICATORS], store, agent="test").refused
        [total] = rows_as_objects(run_query("budget-total", store, {"region": "63.71", "year": "2025"}))
        by_dimension = rows_as_objects(run_query("budget", store, {"region": "63.71", "year": "2025"}))
    finally:
        store.close()
    exact = 13_500_000_000 + 750_000_000 + 2_750_000_000 + 1_500_000  # BJM-01, BJM-03, BJM-05, BJM-06
    # programs: the program level only (BJM-01's kegiatan and sub kegiatan are inside it)
    assert total == {
        "year": 2025,
        "programs": 6,
        "with_budget": 4,
        "approximate": 1,
        "without_budget": 1,
        "other_currency": 0,
        "budget": exact,
        "approximate_budget": 107_000_000_000,
        "realised": 1_250_000_000 + 2_100_000_000,  # BJM-01-K1 (its sub kegiatan inside), BJM-05
        "other_currency_budget": None,
    }
    assert sum(row["budget"] for row in by_dimension) == exact
    assert (
        sum(row["without_budget"] for row in by_dimension) == 1 and sum(row["approximate"] for row in by_dimension) == 1
    )
    assert sum(row["programs"] for row in by_dimension) == 6
