"""Issue 22, item 3: one dinas and its units, on tests/data/submissions/jambi-2025-agencies.csv (and as an ODS):
the local names of one Diskominfo (Diskominfo-SP, Diskominfosantik, Diskominfo Perstik, Dinas Kominfo, the full name
with ``(Diskominfo-SP)`` after it) are one agency, through the abbreviation table and the agencies the store already
holds; a Bidang or an UPT of a dinas is its own agency, ``org:subOrganizationOf`` that dinas; a message names a
known spelling only where it is known (the row that wrote it, as written)."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF

from kg.core.namespaces import KC, agency_iri, program_iri
from kg.submissions.convert import convert_files
from kg.submissions.validation import validate_files
from spreadsheet_files import csv_rows, write_ods
from submission_helpers import DATA

AGENCIES = DATA / "jambi-2025-agencies.csv"
KOMINFO = URIRef(agency_iri("15.71", "Dinas Komunikasi, Informatika, Statistik dan Persandian"))
PUPR = URIRef(agency_iri("15.71", "Dinas Pekerjaan Umum dan Penataan Ruang"))
DLH = URIRef(agency_iri("15.71", "Dinas Lingkungan Hidup"))


def _graph(*files, known=None) -> Graph:
    return Graph().parse(data=convert_files(list(files), known_agencies=known)[0].ntriples.decode(), format="nt")


def _agency_of(graph: Graph, code: str) -> URIRef:
    return graph.value(URIRef(program_iri("15.71", 2025, code)), KC.agency)


def test_local_names_of_one_dinas_are_one_agency():
    graph = _graph(AGENCIES)
    assert {_agency_of(graph, f"JMB-0{number}") for number in range(1, 6)} == {KOMINFO}
    assert len(set(graph.subjects(RDF.type, KC.Agency))) == 5  # Kominfo, the Bidang, PUPR, the UPT, DLH


def test_a_unit_is_its_own_agency_inside_its_dinas():
    graph = _graph(AGENCIES)
    bidang = _agency_of(graph, "JMB-06")
    assert bidang == URIRef(agency_iri("15.71", "Bidang Cipta Karya Dinas PUPR"))
    assert (bidang, ORG.subOrganizationOf, PUPR) in graph
    assert (PUPR, RDF.type, KC.Agency) in graph
    assert (_agency_of(graph, "JMB-07"), ORG.subOrganizationOf, DLH) in graph
    assert _agency_of(graph, "JMB-08") == DLH


def test_messages_name_the_spelling_a_row_really_wrote():
    outcome = validate_files([AGENCIES], lang="en")
    assert not outcome.has_violations
    said = {r.row: (r.severity, r.message) for r in outcome.results if r.column == "perangkat_daerah"}
    assert said[3] == (
        "Warning",
        "Agency 'Diskominfosantik' read as 'Dinas Komunikasi, Informatika, Statistik dan "
        "Persandian' (the agency written 'Diskominfo-SP' on row 2 of this file); better write that name",
    )
    assert said[5][1].startswith(
        "Agency 'Dinas Kominfo' read as 'Dinas Komunikasi, Informatika, Statistik dan "
        "Persandian' (the agency written 'Diskominfo-SP' on row 2"
    )
    assert 6 not in said  # the full name with its abbreviation after it is no other spelling
    assert said[7] == (
        "Info",
        "Agency 'Bidang Cipta Karya Dinas PUPR' read as a unit of 'Dinas Pekerjaan Umum dan Penataan Ruang'",
    )
    assert not any("the name another row" in message for _, message in said.values())


def test_the_store_s_agency_is_the_one_every_local_name_resolves_to():
    loaded = [(str(KOMINFO), ["Dinas Komunikasi, Informatika, Statistik dan Persandian", "Diskominfo-SP"], [2024])]
    graph = _graph(AGENCIES, known=lambda code: loaded if code == "15.71" else [])
    assert {_agency_of(graph, f"JMB-0{number}") for number in range(1, 6)} == {KOMINFO}
    outcome = validate_files([AGENCIES], lang="en", known_agencies=lambda code: loaded if code == "15.71" else [])
    said = {r.row: r.message for r in outcome.results if r.column == "perangkat_daerah"}
    assert "(an agency already loaded for this region)" in said[4]


def test_the_same_names_in_an_ods(tmp_path):
    path = write_ods(tmp_path / "jambi.ods", {"Program": [list(row) for row in csv_rows(AGENCIES)]})
    graph = _graph(path)
    assert {_agency_of(graph, f"JMB-0{number}") for number in range(1, 6)} == {KOMINFO}
