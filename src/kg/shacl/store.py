"""Moving a data graph between rdflib and a pyoxigraph store, keeping blank-node labels."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.core.terms import to_oxigraph_triple, to_rdflib


def select(store: ox.Store, query: str, **options) -> ox.QuerySolutions:
    """The solutions of a SELECT query (a :class:`TypeError` for another query form)."""
    answer = store.query(query, **options)
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:80]!r}")
    return answer


def store_from_graph(graph: Graph) -> ox.Store:
    """A fresh in-memory store whose default graph holds the triples of an rdflib graph."""
    store = ox.Store()
    triples = (to_oxigraph_triple(s, p, o) for s, p, o in graph)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def graph_from_store(store: ox.Store, *, graph_name: URIRef | str | None = None, union: bool = False) -> Graph:
    """An rdflib graph of the store's default graph, one named graph, or the union of all graphs."""
    source: ox.NamedNode | ox.DefaultGraph | None
    if union:
        source = None
    elif graph_name is not None:
        source = ox.NamedNode(str(graph_name))
    else:
        source = ox.DefaultGraph()
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, source):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
