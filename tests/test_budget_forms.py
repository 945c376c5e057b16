"""Issue 22, item 2: budget forms as regions write them, on tests/data/submissions/jambi-2025-forms.csv (and the
same rows as an XLSX and an ODS): an amount with its currency after it (``3,5 Milyar Rupiah``), another currency
kept in that currency (``14,2 juta Euro``, ``USD 2 juta``), the forms of "no budget" (``nihil``, ``-``, ``tidak ada
anggaran``) apart from an explicit 0, ``APBD Kota Jambi`` as APBD, pillars by their names, and an unknown pillar a
Warning that never blocks a load."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.core.namespaces import KC, SCHEMA, program_iri
from kg.submissions.convert import convert_files
from kg.submissions.validation import validate_files
from spreadsheet_files import csv_rows, write_ods, write_xlsx
from submission_helpers import DATA, run_cli

FORMS = DATA / "jambi-2025-forms.csv"
KCP = "https://w3id.org/kotacerdas/shapes/programs#"


def _program(code: str) -> URIRef:
    return URIRef(program_iri("15.71", 2025, code))


@pytest.fixture(scope="module")
def outcome():
    return validate_files([FORMS], lang="en")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=convert_files([FORMS])[0].ntriples.decode(), format="nt")


def _said(outcome, row: int, column: str) -> list[tuple[str, str]]:
    return [(r.severity, r.message) for r in outcome.results if r.row == row and r.column == column]


def test_every_form_is_read_and_the_file_passes(outcome):
    assert not outcome.has_violations, [r.message for r in outcome.results if r.severity == "Violation"]
    assert run_cli("validate", FORMS).returncode == 0


def test_an_amount_followed_by_rupiah_is_read_as_rupiah(outcome, graph):
    assert _said(outcome, 2, "anggaran") == [("Info", "Budget '3,5 Milyar Rupiah' read as IDR 3,500,000,000")]
    amount = graph.value(_program("JMB-01"), KC.plannedBudget)
    assert (amount, SCHEMA.value, Literal("3500000000", datatype=XSD.decimal)) in graph
    assert (amount, SCHEMA.currency, Literal("IDR")) in graph


def test_another_currency_is_kept_in_that_currency(outcome, graph):
    assert _said(outcome, 3, "anggaran") == [
        ("Info", "Budget '14,2 juta Euro' read as EUR 14,200,000: not rupiah, counted apart from rupiah totals")
    ]
    euro = graph.value(_program("JMB-02"), KC.plannedBudget)
    assert (euro, SCHEMA.value, Literal("14200000", datatype=XSD.decimal)) in graph
    assert set(graph.objects(euro, SCHEMA.currency)) == {Literal("EUR")}
    dollars = graph.value(_program("JMB-06"), KC.plannedBudget)
    assert set(graph.objects(dollars, SCHEMA.currency)) == {Literal("USD")}


def test_no_budget_is_said_back_and_kept_apart_from_zero(outcome, graph):
    assert _said(outcome, 4, "anggaran") == [("Info", "Budget 'nihil' read as no budget: counted apart, not as 0")]
    assert _said(outcome, 6, "anggaran") == [
        ("Info", "Budget 'tidak ada anggaran' read as no budget: counted apart, not as 0")
    ]
    assert _said(outcome, 2, "realisasi_anggaran") == [
        ("Info", "Budget spent '-' read as no budget: counted apart, not as 0")
    ]
    stated_none = graph.value(_program("JMB-03"), KC.plannedBudget)
    assert stated_none is not None and graph.value(stated_none, SCHEMA.value) is None
    zero = graph.value(_program("JMB-04"), KC.plannedBudget)
    assert (zero, SCHEMA.value, Literal("0", datatype=XSD.decimal)) in graph
    # "no budget" stated: not the "budget left empty" warning
    assert not [r for r in outcome.results if r.shape == KCP + "BudgetPublishedShape"]


def test_apbd_of_a_region_is_apbd(outcome, graph):
    assert _said(outcome, 2, "sumber_dana") == [("Info", "Funding source 'APBD Kota Jambi' read as APBD")]
    assert (_program("JMB-01"), KC.fundingSource, KC.FundingAPBD) in graph
    assert (_program("JMB-07"), KC.fundingSource, KC.FundingAPBD) in graph


def test_pillars_are_read_and_named_by_their_names(outcome):
    assert _said(outcome, 2, "pilar_kominfo") == [
        ("Info", "Kominfo pillar 'Smart Government' read as Smart Governance")
    ]
    ((severity, message),) = _said(outcome, 8, "pilar_kominfo")
    assert severity == "Warning"
    assert (
        "Smart Branding, Smart Economy, Smart Environment, Smart Governance, Smart Living or Smart Society" in message
    )
    assert "KOM-" not in message


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_the_same_forms_in_a_spreadsheet(tmp_path, kind):
    rows: list[list[object]] = [list(row) for row in csv_rows(FORMS)]
    writer = write_xlsx if kind == "xlsx" else write_ods
    path = writer(tmp_path / f"jambi.{kind}", {"Program": rows})
    found = validate_files([path], lang="en")
    assert not found.has_violations
    infos = {(r.row, r.column): r.message for r in found.results if r.severity == "Info"}
    assert infos[(3, "anggaran")].startswith("Budget '14,2 juta Euro' read as EUR 14,200,000")
    assert infos[(4, "anggaran")] == "Budget 'nihil' read as no budget: counted apart, not as 0"
