"""Issue 22, item 5 (left out last session): an indicator assessment states its SAREF4CITY calculation period
(``s4city:hasCalculationPeriod``) beside the ``kc:period`` literal: an OWL-Time interval with its beginning, end
and length, for a year (the Program sheet's single indicator, or an indicator without a period), a month
(``Juni 2025``) and a day, in files in the form regions write (CSV, and an XLSX with the indicators sheet)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD

from kg.core.namespaces import KC, S4CITY
from kg.submissions.convert import convert_files
from spreadsheet_files import csv_rows, write_xlsx
from submission_helpers import DATA

FORMS = DATA / "jambi-2025-forms.csv"
PERIOD = "https://w3id.org/kotacerdas/id/period/"
INDICATORS = [
    ["id_program", "indikator", "satuan", "arah", "periode", "target", "realisasi"],
    ["JMB-01", "Pekerja terlatih", "orang", "naik", "Juni 2025", "1500", "1200"],
    ["JMB-01", "Pekerja terlatih", "orang", "naik", "2025-12", "3000", "2900"],
    ["JMB-04", "Sekolah terhubung internet", "persen", "naik", "", "100", "85"],
    ["JMB-04", "Rapat koordinasi daring", "kali", "naik", "15/08/2025", "1", "1"],
]

QUERY = """PREFIX s4city: <https://saref.etsi.org/saref4city/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
SELECT ?period ?literal ?begin ?end WHERE {
  ?assessment a kc:IndicatorAssessment ; kc:period ?literal ; s4city:hasCalculationPeriod ?period .
  ?period time:hasBeginning/time:inXSDDate ?begin ; time:hasEnd/time:inXSDDate ?end .
} ORDER BY ?begin"""


def _graph(tmp_path, kind: str) -> Graph:
    if kind == "csv":
        path = tmp_path / "jambi-indikator.csv"
        path.write_text("\n".join(",".join(row) for row in INDICATORS) + "\n", encoding="utf-8")
        files = [FORMS, path]
    else:
        files = [write_xlsx(tmp_path / "jambi.xlsx", {"Program": csv_rows(FORMS), "Indikator": INDICATORS})]
    [conversion] = convert_files(files)
    return Graph().parse(data=conversion.ntriples.decode(), format="nt")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_assessment_states_its_calculation_period(tmp_path, kind):
    graph = _graph(tmp_path, kind)
    rows = {(str(r.period).removeprefix(PERIOD), str(r.literal), str(r.begin), str(r.end)) for r in graph.query(QUERY)}
    assert rows == {
        ("2025-06", "2025-06", "2025-06-01", "2025-06-30"),  # Juni 2025
        ("2025-12", "2025-12", "2025-12-01", "2025-12-31"),
        ("2025", "2025", "2025-01-01", "2025-12-31"),  # no period: the fiscal year
        ("2025-08-15", "2025-08-15", "2025-08-15", "2025-08-15"),
    }
    assessments = set(graph.subjects(RDF.type, KC.IndicatorAssessment))
    assert all(len(set(graph.objects(a, S4CITY.hasCalculationPeriod))) == 1 for a in assessments)
    month = URIRef(PERIOD + "2025-06")
    assert (month, RDF.type, TIME.ProperInterval) in graph
    assert set(graph.objects(month, RDFS.label)) == {Literal("Juni 2025", lang="id"), Literal("June 2025", lang="en")}
    day = URIRef(PERIOD + "2025-08-15")
    assert (day, RDF.type, TIME.Interval) in graph  # a day: its beginning and end are one date
    assert (
        URIRef("https://w3id.org/kotacerdas/id/date/2025-06-01"),
        TIME.inXSDDate,
        Literal("2025-06-01", datatype=XSD.date),
    ) in graph


def test_the_single_indicator_of_the_programs_sheet_states_the_fiscal_year():
    [conversion] = convert_files([DATA / "bandung-2025.csv"])
    graph = Graph().parse(data=conversion.ntriples.decode(), format="nt")
    assessments = set(graph.subjects(RDF.type, KC.IndicatorAssessment))
    assert assessments
    for assessment in assessments:
        assert set(graph.objects(assessment, S4CITY.hasCalculationPeriod)) == {URIRef(PERIOD + "2025")}
    year = URIRef(PERIOD + "2025")
    # no xsd:duration: Virtuoso 7.2 would store "P1Y" as "12" (tests/test_remote_kill_recovery.py compares)
    assert not set(graph.objects(year, TIME.hasXSDDuration))
    assert set(graph.objects(year, TIME.hasEnd)) == {URIRef("https://w3id.org/kotacerdas/id/date/2025-12-31")}
    # each period is described once in a submission, however many assessments name it
    assert len(list(graph.triples((year, TIME.hasBeginning, None)))) == 1
