"""Rows become RDF with stable IRIs and row provenance; unreadable cells are kept for the shapes to report."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.core.namespaces import ID, KC, SCHEMA, program_iri, region_iri, submission_iri
from kg.submissions.convert import convert_file, read_date, read_decimal, serialize
from submission_helpers import DATA, run_cli


@pytest.mark.parametrize(
    ("text", "lexical"),
    [
        ("1250000000", "1250000000"),
        ("1.250.000.000", "1250000000"),
        ("Rp 1.250.000.000", "1250000000"),
        ("Rp1.250.000.000,00", "1250000000"),
        ("IDR 1,250,000", "1250000"),
        ("95,5", "95.5"),
        ("12.5", "12.5"),
        (1250000000, "1250000000"),
        (2.5e8, "250000000"),
        ("-5", "-5"),
        ("dua miliar", None),
        ("1.2.3,4,5", None),
    ],
)
def test_rupiah_and_numbers_are_read_in_every_usual_form(text, lexical):
    assert read_decimal(text) == lexical


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-01-15", "2025-01-15"),
        ("15/01/2025", "2025-01-15"),
        ("5-3-2025", "2025-03-05"),
        ("2025-02-30", None),
        ("31/02/2025", None),
        ("besok", None),
    ],
)
def test_dates_iso_or_day_first(text, iso):
    assert read_date(text) == iso


def _graph(conversion) -> Graph:
    return Graph().parse(data=conversion.ntriples.decode(), format="nt")


def test_one_program_per_row_with_stable_iris_links_and_source_row():
    conversion = convert_file(DATA / "bandung-2025.csv")
    graph = _graph(conversion)
    programs = sorted(graph.subjects(RDF.type, KC.Program))
    assert programs == [URIRef(program_iri("32.73", 2025, f"BDG-00{n}")) for n in (1, 2, 3)]
    first = URIRef(program_iri("32.73", 2025, "BDG-001"))
    assert (first, KC.sourceRow, Literal(2, datatype=XSD.integer)) in graph  # line 2: the header is line 1
    assert (URIRef(program_iri("32.73", 2025, "BDG-003")), KC.sourceRow, Literal(5, datatype=XSD.integer)) in graph
    assert (first, KC.region, URIRef(region_iri("32.73"))) in graph
    assert set(graph.objects(first, KC.initiative)) == {KC["GOV-02"], KC["GOV-03"]}
    assert (first, KC.status, KC.Ongoing) in graph
    # ontology 0.3: the budget is an amount of money with its currency, no longer a plain kc:budget number
    budget = graph.value(first, KC.plannedBudget)
    assert (budget, SCHEMA.value, Literal("1250000000", datatype=XSD.decimal)) in graph
    assert (budget, SCHEMA.currency, Literal("IDR")) in graph and (first, KC.budget, None) not in graph
    submission = URIRef(submission_iri("32.73", 2025))
    assert (first, DCTERMS.isPartOf, submission) in graph
    assert (submission, RDF.type, KC.Submission) in graph
    assert (submission, DCTERMS.spatial, URIRef(region_iri("32.73"))) in graph
    indicator = graph.value(first, KC.indicator)
    assessment = graph.value(indicator, KC.assessment)  # 0.3: values on the assessment of the fiscal year
    assert (assessment, KC.achieved, Literal("95.5", datatype=XSD.decimal)) in graph
    assert (assessment, KC.period, Literal("2025", datatype=XSD.gYear)) in graph
    agency = graph.value(first, KC.agency)
    assert str(agency) == f"{ID}agency/32.73/dinas-komunikasi-dan-informatika"
    assert list(conversion.submissions) == [("32.73", 2025)]
    assert conversion.submissions[("32.73", 2025)].program_count == 3


def test_unreadable_cells_are_kept_as_text_not_dropped():
    conversion = convert_file(DATA / "bandung-2025-errors.csv")
    graph = _graph(conversion)
    second = URIRef(program_iri("32.73", 2025, "BDG-002"))
    assert (second, KC.initiative, Literal("ENV-33")) in graph
    noted = {(note.row, note.column, note.value) for note in conversion.cell_errors}
    assert (4, "status", "tunda") in noted
    # an optional column's unreadable value is left out (never text among the amounts), with a Warning
    assert graph.value(graph.value(second, KC.plannedBudget), SCHEMA.value) is None
    left_out = {(r.row, r.column, r.value) for r in conversion.readings if r.rule == "UnreadableLeftOutReading"}
    assert {
        (3, "anggaran", "dua miliar"),
        (4, "tanggal_mulai", "2025-02-30"),
        (5, "kelompok_sasaran", "remaja"),
    } <= left_out
    assert not {(row, column) for row, column, _ in left_out} & {(row, column) for row, column, _ in noted}
    # the repeated id_program on row 5 gets its own node, so the shapes can point at both rows; its row is in
    # the graph (kc:sourceRow), where every report reads it
    repeated = URIRef(program_iri("32.73", 2025, "BDG-001", row=5))
    assert (repeated, KC.sourceRow, Literal(5, datatype=XSD.integer)) in graph


def test_conversion_output_is_accepted_by_a_sparql_store_in_every_format():
    conversion = convert_file(DATA / "bandung-2025.csv")
    for to, format in (
        ("turtle", pyoxigraph.RdfFormat.TURTLE),
        ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ):
        store = pyoxigraph.Store()
        store.load(serialize(conversion, to), format=format)
        assert len(store) == conversion.triple_count


def test_convert_command_writes_the_file_or_stdout(tmp_path):
    out = tmp_path / "bandung.ttl"
    done = run_cli("convert", DATA / "bandung-2025.csv", "--to", "turtle", "--out", out)
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(out, format="turtle")) == convert_file(DATA / "bandung-2025.csv").triple_count
    printed = run_cli("convert", DATA / "bandung-2025.csv", "--to", "nt")
    assert printed.returncode == 0 and printed.stdout.count("\n") == len(Graph().parse(out, format="turtle"))


def test_an_rdf_batch_is_split_per_submission_with_its_programs_and_linked_resources(tmp_path):
    table = (DATA / "bandung-2025.csv").read_text(encoding="utf-8-sig")
    header, *rows = table.splitlines()
    two_years = tmp_path / "bandung-2024-2025.csv"
    two_years.write_text("\n".join([header, *rows, *(row.replace(";2025;", ";2024;", 1) for row in rows)]) + "\n")
    batch = tmp_path / "batch.nt"
    batch.write_bytes(convert_file(two_years).ntriples)

    split = convert_file(batch).submissions
    assert sorted(split) == [("32.73", 2024), ("32.73", 2025)]
    for year in (2024, 2025):
        graph = Graph().parse(data=split[("32.73", year)].ntriples.decode(), format="nt")
        submission = URIRef(submission_iri("32.73", year))
        programs = set(graph.subjects(DCTERMS.isPartOf, submission))
        assert programs == {URIRef(program_iri("32.73", year, f"BDG-00{n}")) for n in (1, 2, 3)}
        assert (submission, KC.fiscalYear, Literal(year, datatype=XSD.integer)) in graph
        for program in programs:  # the indicator, its assessment, amounts and agency travel with their program
            indicator = graph.value(program, KC.indicator)
            for linked in (
                indicator,
                graph.value(indicator, KC.assessment) if indicator else None,
                graph.value(program, KC.plannedBudget),
                graph.value(program, KC.agency),
            ):
                assert linked is None or (linked, RDF.type, None) in graph
        assert not set(graph.subjects(RDF.type, KC.Submission)) - {submission}
