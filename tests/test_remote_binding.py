"""Parameters reach a server as RDF terms in a VALUES block, and loads travel in chunks that keep blank
nodes together (kg.store.remote; no server needed: queries are checked on an in-memory pyoxigraph store)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.core.errors import InputError
from kg.store.remote import ntriples_chunks
from kg.store.sparql_text import bind_values, construct_count_query, query_form

DATA = """
<http://example.org/a> <http://example.org/label> "Bandung"@id .
<http://example.org/a> <http://example.org/year> "2025"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://example.org/b> <http://example.org/label> "x\\" } ; DROP ALL ; {" .
<http://example.org/b> <http://example.org/year> "2024"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def solutions(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term) for term in solution) for solution in store.query(query))


def test_values_go_into_the_outermost_where_group_not_comments_strings_or_subqueries(store):
    query = """# a comment with a brace { and WHERE in it
PREFIX ex: <http://example.org/>
SELECT ?s (COUNT(*) AS ?n) WHERE {
  ?s ex:label ?label . FILTER (?label != "}" && STRLEN("{") < 5)
  { SELECT ?s WHERE { ?s ex:year ?any } }
} GROUP BY ?s"""
    bound = bind_values(query, {"year": Literal(2025), "s": URIRef("http://example.org/a")})
    assert bound.index("VALUES ?year") > bound.index("SELECT ?s (COUNT")
    assert bound.index("VALUES ?year") < bound.index("?s ex:label")
    assert solutions(store, bound) == [("<http://example.org/a>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')]


def test_a_parameter_joins_before_aggregation():
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES)
    query = "SELECT (COUNT(?s) AS ?n) WHERE { ?s <http://example.org/year> ?year }"
    assert solutions(store, query)[0][0].startswith('"2"')
    assert solutions(store, bind_values(query, {"year": Literal(2024)}))[0][0].startswith('"1"')


def test_text_that_looks_like_sparql_stays_one_literal(store):
    hostile = Literal('x" } ; DROP ALL ; {')
    bound = bind_values("SELECT ?s WHERE { ?s <http://example.org/label> ?label }", {"label": hostile})
    assert solutions(store, bound) == [("<http://example.org/b>",)]
    assert len(store) == 4


def test_construct_template_and_describe_without_where():
    construct = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/a")})
    assert construct.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s")
    describe = bind_values("DESCRIBE ?s", {"s": URIRef("http://example.org/a")})
    assert describe.endswith("WHERE { VALUES ?s { <http://example.org/a> }\n}")
    assert query_form("# ASK in a comment\nPREFIX ask: <http://x/>\nCONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"


def test_bad_parameters_are_refused():
    with pytest.raises(InputError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"not a name": Literal(1)})
    with pytest.raises(InputError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/> } DROP ALL {")})


def test_construct_count_query_counts_the_triples_construct_makes(store):
    for query in [
        "CONSTRUCT { ?s <http://example.org/p> ?o . ?s <http://example.org/q> ?o } WHERE { ?s ?x ?o }",
        "CONSTRUCT { ?s <http://example.org/p> [ <http://example.org/of> ?o ] } WHERE { ?s ?x ?o } LIMIT 3",
        "CONSTRUCT { ?s <http://example.org/p> <http://example.org/same> } WHERE { ?s ?x ?o }",
        "CONSTRUCT WHERE { ?s <http://example.org/year> ?o }",
        "CONSTRUCT { ?s ?x ?o } FROM <http://example.org/none> WHERE { ?s ?x ?o }",
        "CONSTRUCT FROM <http://example.org/none> WHERE { ?s ?x ?o }",
    ]:
        triples = len(list(store.query(query)))
        count = list(store.query(construct_count_query(query)))[0][0]
        assert int(count.value) == triples, query


def test_chunks_keep_each_blank_node_whole_and_every_line():
    lines = [f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o{i}> ." for i in range(7)]
    lines += [
        "_:b1 <http://example.org/p> _:b2 .",
        '<http://example.org/x> <http://example.org/p> "a _:b9" .',
        '_:b2 <http://example.org/q> "2" .',
        "<http://example.org/y> <http://example.org/p> _:b1 .",
        '_:c <http://example.org/p> "alone" .',
    ]
    chunks = list(ntriples_chunks("\n".join(lines).encode(), 3))
    assert sorted(line for chunk, _ in chunks for line in chunk.splitlines()) == sorted(lines)
    with_b = [chunk for chunk, blank in chunks if "_:b1" in chunk]
    assert len(with_b) == 1 and "_:b2 <http://example.org/q>" in with_b[0] and "<http://example.org/y>" in with_b[0]
    assert all(blank == ("_:" in chunk.replace('"a _:b9"', "")) for chunk, blank in chunks)
    assert all(len(chunk.splitlines()) <= 3 for chunk, blank in chunks if not blank)
