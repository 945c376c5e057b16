"""The same scenario on the embedded store and on each real SPARQL server gives the same answers.

Each server (Oxigraph server, Virtuoso) is loaded through both routes (Graph Store Protocol and SPARQL
Update): reference graphs, then three submissions from a CSV file, then a corrected submission replacing one;
after each step every test query (tests/data/remote/*.rq, with parameters bound) must answer as the embedded
store does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.core.namespaces import KC, STATS_GRAPH, region_iri, submission_iri
from kg.store.embedded import EmbeddedStore
from kg.store.reference import reference_files
from kg.store.remote import STAGING_PREFIX
from kg.store.sparql_text import query_form
from kg.submissions.convert import convert_file
from remote_servers import clear_project_graphs, comparable, comparable_rows, graph_ntriples, require

pytestmark = pytest.mark.remote

DATA = Path(__file__).parent / "data" / "remote"
QUERIES = {path.stem: path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.rq"))}

#: Parameter sets each query runs with (no parameters first). Values are RDF terms, as the CLI binds them.
BINDINGS: dict[str, list[dict]] = {
    "coverage-by-dimension": [
        {},
        {"region_code": Literal("32.73")},
        {"region_code": Literal("32.73"), "year": Literal(2025)},
        {"year": Literal(2024)},
        {"region_code": Literal("99.99")},
    ],
    "programs-for-group": [
        {"group": KC.GeneralPublic},
        {"group": KC.Children, "year": Literal(2025)},
        {"group": KC.PersonsWithDisabilities},
    ],
    "submission-graphs": [{}],
    "program-summary": [{"region": URIRef(region_iri("32.73"))}, {"region": URIRef(region_iri("35.78"))}],
    "has-program": [
        {"program_id": Literal("BDG-05"), "year": Literal(2025)},
        {"program_id": Literal("BDG-03"), "year": Literal(2025)},
        {"program_id": Literal("BDG-01"), "year": Literal(2024)},
        # A value that would break out of the query if it were pasted as text: bound as one literal, it
        # simply matches nothing.
        {"program_id": Literal('x" } } ; DROP ALL ; ASK { "'), "year": Literal(2025)},
    ],
}

ROUTES = [("oxigraph", "gsp"), ("oxigraph", "update"), ("virtuoso", "gsp"), ("virtuoso", "update")]


def reference_graphs() -> dict[str, bytes]:
    """The reference graphs (ontology, registry, alignments) as N-Triples, the way the embedded store has them."""
    return {
        graph: b"".join(graph_ntriples(str(path)) for path in files if path.is_file())
        for graph, files in reference_files().items()
    }


def submissions(csv_name: str) -> dict[str, bytes]:
    """The submissions of a CSV file: named graph → N-Triples."""
    conversion = convert_file(DATA / csv_name)
    assert not conversion.cell_errors
    return {item.iri: item.ntriples for item in conversion.submissions.values()}


@pytest.fixture(scope="module", params=ROUTES, ids=[f"{name}-{route}" for name, route in ROUTES])
def stores(request):
    """(embedded store, remote store) holding the same reference graphs, loaded through one route."""
    name, route = request.param
    remote = require(name).store(route)
    clear_project_graphs(remote)
    remote.replace_graphs(reference_graphs())
    embedded = EmbeddedStore.in_memory(reference=True)
    yield embedded, remote
    clear_project_graphs(remote)
    remote.close()


def assert_same_answers(embedded: EmbeddedStore, remote) -> int:  # noqa: ANN001
    """Every test query with every parameter set answers the same on both stores; the number compared."""
    compared = 0
    for name, query in QUERIES.items():
        for bindings in BINDINGS[name]:
            where = f"{name} {bindings} on {remote.location}"
            form = query_form(query)
            if form == "CONSTRUCT":
                expected, answer = (
                    {tuple(comparable(term) for term in triple) for triple in store.construct(query, bindings)}
                    for store in (embedded, remote)
                )
            elif form == "ASK":
                expected, answer = embedded.ask(query, bindings), remote.ask(query, bindings)
            else:
                expected_result = embedded.select(query, bindings)
                answer_result = remote.select(query, bindings)
                assert answer_result.variables == expected_result.variables, where
                expected, answer = comparable_rows(expected_result), comparable_rows(answer_result)
            assert answer == expected, where
            compared += 1
    return compared


def test_remote_load_answers_as_embedded(stores):
    embedded, remote = stores
    graphs = submissions("programs-2024-2025.csv")
    embedded.replace_graphs(graphs)
    remote.replace_graphs(graphs)

    assert assert_same_answers(embedded, remote) == sum(len(sets) for sets in BINDINGS.values())
    # The answers are not trivially equal because empty: the scenario's figures are there.
    coverage = remote.select(QUERIES["coverage-by-dimension"], {"region_code": Literal("32.73"), "year": Literal(2025)})
    by_dimension = {str(row[2]): row for row in coverage.rows}
    assert set(by_dimension) == {"GOV", "SOC", "MOB"}  # ENV-01 only in a cancelled program
    assert by_dimension["GOV"][4].toPython() == 2
    assert remote.ask(QUERIES["has-program"], {"program_id": Literal("BDG-03"), "year": Literal(2025)})
    assert set(graphs) <= remote.graph_names()
    assert not any(name.startswith(STAGING_PREFIX) for name in remote.graph_names())


def test_remote_replace_changes_only_its_graph(stores):
    embedded, remote = stores
    first = submissions("programs-2024-2025.csv")
    for store in (embedded, remote):
        store.replace_graphs(first)
    bandung_2025 = submission_iri("32.73", 2025)
    count_query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = {graph: remote.select(count_query, {"g": URIRef(graph)}).rows[0][0] for graph in first}

    second = submissions("programs-bandung-2025-v2.csv")
    assert list(second) == [bandung_2025]
    for store in (embedded, remote):
        store.replace_graphs(second)

    assert assert_same_answers(embedded, remote) > 0
    after = {graph: remote.select(count_query, {"g": URIRef(graph)}).rows[0][0] for graph in first}
    for graph in first:
        if graph != bandung_2025:
            assert after[graph] == before[graph], graph  # 2024 and Surabaya untouched
    # The old version is gone entirely: BDG-03 existed only in the first Bandung 2025 file.
    assert not remote.ask(QUERIES["has-program"], {"program_id": Literal("BDG-03"), "year": Literal(2025)})
    assert remote.ask(QUERIES["has-program"], {"program_id": Literal("BDG-05"), "year": Literal(2025)})
    # ontology 0.3: the planned budget is an amount of money with its value and currency
    budget = remote.select(
        f"SELECT ?budget WHERE {{ ?p <{KC.programId}> ?id ; <{KC.fiscalYear}> ?year ; <{KC.plannedBudget}> ?money . "
        f"?money <https://schema.org/value> ?budget }}",
        {"id": Literal("BDG-01"), "year": Literal(2025)},
    )
    assert [row[0].toPython() for row in budget.rows] == [Decimal("1750000000")]

    # Loading the same graphs again changes nothing.
    remote.replace_graphs(second)
    assert {graph: remote.select(count_query, {"g": URIRef(graph)}).rows[0][0] for graph in first} == after


def test_remote_replace_and_delete_in_one_call(stores):
    embedded, remote = stores
    graphs = submissions("programs-2024-2025.csv")
    for store in (embedded, remote):
        store.replace_graphs(graphs)
    surabaya = submission_iri("35.78", 2025)
    for store in (embedded, remote):
        store.replace_graphs(submissions("programs-bandung-2025-v2.csv"), delete=[surabaya, str(STATS_GRAPH)])
    assert surabaya not in remote.graph_names()
    assert assert_same_answers(embedded, remote) > 0


def test_remote_keeps_terms_as_embedded(stores):
    """Literals of every datatype the data uses (and awkward text, percent-encoded IRIs) come back from each
    server and route as the embedded store gives them. (Virtuoso's SPARQL Update parser would turn an
    integral xsd:decimal into xsd:integer; the Update route writes it as "60.0".)"""
    embedded, remote = stores
    graph = "https://w3id.org/kotacerdas/id/submission/test-literals/2025"
    data = (DATA / "literals.nt").read_bytes()
    for store in (embedded, remote):
        store.replace_graphs({graph: data})
    query = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    from rdflib.namespace import XSD  # (imported here: pytest's collector trips over the closed namespace)

    def terms(store) -> set[tuple]:  # noqa: ANN001 - value and datatype of each object, exactly
        rows = store.select(query, {"g": URIRef(graph)}).rows
        return {(s, p, comparable(o), o.datatype if o.datatype != XSD.string else None, o.language) for s, p, o in rows}

    expected = terms(embedded)
    assert len(expected) == 13
    assert terms(remote) == expected
    for store in (embedded, remote):
        store.replace_graphs({}, delete=[graph])
