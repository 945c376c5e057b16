"""Every IRI of converted data comes from the template metadata's URI templates, through one function per kind."""

from __future__ import annotations

import json

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.core import namespaces
from kg.core.namespaces import (
    KC,
    agency_iri,
    indicator_iri,
    name_key,
    parse_program_iri,
    parse_region_iri,
    parse_submission_iri,
    program_iri,
    region_iri,
    submission_iri,
)
from kg.core.template_metadata import metadata_path, use_metadata
from kg.submissions.convert import convert_file
from submission_helpers import DATA


def _graph(conversion) -> Graph:
    return Graph().parse(data=conversion.ntriples.decode(), format="nt")


def _variant(tmp_path, change) -> str:
    document = json.loads(metadata_path().read_text(encoding="utf-8"))
    change(document["tables"][0]["tableSchema"])  # the programs table of the table group
    path = tmp_path / "variant.csv-metadata.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _column(schema, name):
    return next(spec for spec in schema["columns"] if spec["name"] == name)


def test_the_iri_functions_expand_the_metadata_templates():
    assert region_iri("32.73") == "https://w3id.org/kotacerdas/id/region/32.73"
    assert submission_iri("32.73", 2025) == "https://w3id.org/kotacerdas/id/submission/32.73/2025"
    assert (
        program_iri("32.73", 2025, "PRG 01/é") == "https://w3id.org/kotacerdas/id/program/32.73/2025/PRG%2001%2F%C3%A9"
    )
    assert indicator_iri("32.73", 2025, "P-1") == "https://w3id.org/kotacerdas/id/program/32.73/2025/P-1/indicator"
    assert program_iri("32.73", 2025, "P-1", row=7).endswith("/32.73/2025/P-1#row-7")
    assert program_iri("", "", "") == "https://w3id.org/kotacerdas/id/program/_/_/_"  # no empty path segment
    assert parse_submission_iri(submission_iri("32.73", 2025)) == ("32.73", "2025")


def test_data_iris_are_parsed_back_through_the_templates_they_are_expanded_from(tmp_path):
    assert parse_region_iri(region_iri("32.73")) == "32.73"
    assert parse_submission_iri(submission_iri("32.73", 2025)) == ("32.73", "2025")
    assert parse_program_iri(program_iri("32.73", 2025, "PRG 01/é")) == ("32.73", "2025", "PRG 01/é")
    assert parse_region_iri(submission_iri("32.73", 2025)) is None
    assert parse_program_iri(indicator_iri("32.73", 2025, "P-1")) is None  # a segment more than a program's
    assert parse_submission_iri("https://w3id.org/kotacerdas/id/submission/32.73") is None

    def change(schema):
        _column(schema, "pengajuan")["valueUrl"] = "https://example.org/dataset/{kode_wilayah}-{tahun}"
        _column(schema, "kode_wilayah")["valueUrl"] = "https://example.org/wilayah/{kode_wilayah}"

    with use_metadata(_variant(tmp_path, change)):
        assert parse_submission_iri("https://example.org/dataset/32.73-2025") == ("32.73", "2025")
        assert parse_region_iri("https://example.org/wilayah/32.73") == "32.73"
        assert parse_region_iri("https://w3id.org/kotacerdas/id/region/32.73") is None


def test_agency_iris_are_the_names_key_stable_readable_and_percent_encoded():
    spellings = ["Dinas Komunikasi & Informatika", "dinas komunikasi  informatika", " DINAS KOMUNIKASI, INFORMATIKA."]
    assert {agency_iri("32.73", name) for name in spellings} == {
        "https://w3id.org/kotacerdas/id/agency/32.73/dinas-komunikasi-informatika"
    }
    assert agency_iri("32.73", "Dinas Pariwisata Café") == (
        "https://w3id.org/kotacerdas/id/agency/32.73/dinas-pariwisata-caf%C3%A9"  # letters kept, encoded
    )
    assert name_key("Dinas Café") != name_key("Dinas Caf")


def test_a_changed_template_in_the_metadata_changes_the_iris(tmp_path):
    def change(schema):
        schema["aboutUrl"] = "https://example.org/programme/{tahun}/{kode_wilayah}/{id_program}"
        for spec in schema["columns"]:
            for key in ("aboutUrl", "valueUrl"):
                if spec.get(key, "").endswith("/indicator"):
                    spec[key] = "https://example.org/programme/{tahun}/{kode_wilayah}/{id_program}/kpi"
        _column(schema, "pengajuan")["valueUrl"] = "https://example.org/dataset/{kode_wilayah}-{tahun}"
        _column(schema, "perangkat_daerah")["valueUrl"] = "https://example.org/org/{perangkat_daerah}@{kode_wilayah}"
        _column(schema, "anggaran")["propertyUrl"] = "schema:price"  # on the amount of money (ontology 0.3)

    with use_metadata(_variant(tmp_path, change)):
        assert program_iri("32.73", 2025, "P-1") == "https://example.org/programme/2025/32.73/P-1"
        graph = _graph(convert_file(DATA / "bandung-2025.csv"))
        first = URIRef("https://example.org/programme/2025/32.73/BDG-001")
        assert (first, RDF.type, KC.Program) in graph
        assert (first, DCTERMS.isPartOf, URIRef("https://example.org/dataset/32.73-2025")) in graph
        assert (first, KC.indicator, URIRef(f"{first}/kpi")) in graph
        assert (first, KC.agency, URIRef("https://example.org/org/dinas-komunikasi-dan-informatika@32.73")) in graph
        amount = graph.value(first, KC.plannedBudget)
        assert (amount, URIRef("https://schema.org/price"), None) in graph
        assert (amount, URIRef("https://schema.org/value"), None) not in graph
    # the packaged template again
    assert program_iri("32.73", 2025, "P-1") == "https://w3id.org/kotacerdas/id/program/32.73/2025/P-1"
    graph = _graph(convert_file(DATA / "bandung-2025.csv"))
    amount = graph.value(URIRef(program_iri("32.73", 2025, "BDG-001")), KC.plannedBudget)
    assert (amount, URIRef("https://schema.org/value"), None) in graph


def test_no_iri_of_data_is_written_in_python_outside_namespaces():
    from pathlib import Path

    import kg

    package = Path(kg.__file__).parent
    for path in (
        file
        for folder in ("core", "framework", "submissions", "loading", "store", "queries")
        for file in (package / folder).rglob("*.py")
    ):
        if path.name == "namespaces.py":
            continue
        source = path.read_text(encoding="utf-8")
        for pattern in ("}program/", "}agency/", "}submission/", "}region/", '"/indicator'):
            assert pattern not in source, f"{path.relative_to(package)} writes an IRI pattern ({pattern})"
    assert namespaces.EMPTY_VALUE == "_"


def test_each_submission_describes_its_own_agencies_and_loads_as_nquads(tmp_path):
    table = (DATA / "bandung-2025.csv").read_text(encoding="utf-8-sig")
    header, *rows = table.splitlines()
    two_years = tmp_path / "two-years.csv"
    two_years.write_text("\n".join([header, *rows, *(row.replace(";2025;", ";2024;", 1) for row in rows)]) + "\n")
    conversion = convert_file(two_years)
    agency = URIRef(agency_iri("32.73", "Dinas Komunikasi dan Informatika"))
    store = pyoxigraph.Store()
    for submission in conversion.submissions.values():
        graph = _graph_of(submission.ntriples)
        assert (agency, RDF.type, KC.Agency) in graph  # every submission graph is whole on its own
        store.load(submission.nquads(), format=pyoxigraph.RdfFormat.N_QUADS)
        assert len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(submission.iri)))) == (
            submission.triple_count
        )


def _graph_of(ntriples: bytes) -> Graph:
    return Graph().parse(data=ntriples.decode(), format="nt")
