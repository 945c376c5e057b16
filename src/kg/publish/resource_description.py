"""What a dereferenced IRI answers: the resource's concise bounded description plus labels of what it links to.

The concise bounded description (CBD, https://www.w3.org/submission/CBD/) of ``iri`` is every triple with
``iri`` as subject, and, recursively, every triple whose subject is a blank node object of a triple already
taken. Beside it go the labels (``rdfs:label``, ``skos:prefLabel``, ``skos:notation``) of the IRIs it links to,
so a page or a client can name them without one more request. Triples from every graph of the store (its
union), without duplicates.

Works on any :class:`kg.store.interface.GraphStore`; on the embedded store it reads the indexes directly
(:meth:`~kg.store.interface.GraphStore.local_quads`), elsewhere it asks SPARQL ``CONSTRUCT`` queries (blank
nodes followed to a depth of 4).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import RDFS, SKOS

if TYPE_CHECKING:
    from kg.store.interface import GraphStore

#: Links followed backwards too, so that a client can walk down as well as up: a region's description holds its
#: submissions (``?submission dcterms:spatial <region>``), a submission's its programs (``?program
#: dcterms:isPartOf <submission>``).
INCOMING_PREDICATES = ("http://purl.org/dc/terms/spatial", "http://purl.org/dc/terms/isPartOf")
#: Predicates whose values name a linked resource.
LABEL_PREDICATES = (str(RDFS.label), str(SKOS.prefLabel), str(SKOS.notation))
#: The most triples one description holds (a resource with more is cut to its first ones, in store order).
MAX_DESCRIPTION_TRIPLES = 20_000
_BLANK_DEPTH = 4


def describe(store: GraphStore, iri: str) -> list[ox.Triple]:
    """The CBD of ``iri`` plus labels of its linked IRIs, as pyoxigraph triples (empty: unknown IRI)."""
    subject = ox.NamedNode(iri)
    if store.local_quads(subject, None, None) is None:  # a server: no indexes of its own to read here
        return _describe_sparql(store, iri)
    return _describe_embedded(store, subject)


def _describe_embedded(store: GraphStore, subject: ox.NamedNode) -> list[ox.Triple]:
    """The description read from the store's own indexes (:meth:`GraphStore.local_quads`)."""

    def matching(s, p, o) -> Iterator[ox.Quad]:  # noqa: ANN001 - terms or None (any)
        return store.local_quads(s, p, o) or iter(())

    seen: set[ox.Triple] = set()
    ordered: list[ox.Triple] = []
    linked: list[ox.NamedNode] = []
    queue: list[ox.NamedNode | ox.BlankNode] = [subject]
    visited_blanks: set[ox.BlankNode] = set()
    while queue and len(ordered) < MAX_DESCRIPTION_TRIPLES:
        node = queue.pop(0)
        for quad in matching(node, None, None):
            triple = quad.triple
            if triple in seen:
                continue
            seen.add(triple)
            ordered.append(triple)
            value = triple.object
            if isinstance(value, ox.BlankNode) and value not in visited_blanks:
                visited_blanks.add(value)
                queue.append(value)
            elif isinstance(value, ox.NamedNode) and value != subject:
                linked.append(value)
            if len(ordered) >= MAX_DESCRIPTION_TRIPLES:
                break
    if not ordered:
        return []
    for incoming in INCOMING_PREDICATES:
        for quad in matching(None, ox.NamedNode(incoming), subject):
            if quad.triple not in seen and len(ordered) < MAX_DESCRIPTION_TRIPLES:
                seen.add(quad.triple)
                ordered.append(quad.triple)
                if isinstance(quad.subject, ox.NamedNode):
                    linked.append(quad.subject)
    labels = [ox.NamedNode(predicate) for predicate in LABEL_PREDICATES]
    for node in dict.fromkeys([*linked, *(t.predicate for t in ordered)]):
        for predicate in labels:
            for quad in matching(node, predicate, None):
                if quad.triple not in seen:
                    seen.add(quad.triple)
                    ordered.append(quad.triple)
    return ordered


def _describe_sparql(store, iri: str) -> list[ox.Triple]:
    from rdflib import URIRef

    from kg.core.terms import to_oxigraph_triple

    labels = " ".join(f"<{predicate}>" for predicate in LABEL_PREDICATES)
    incoming = " ".join(f"<{predicate}>" for predicate in INCOMING_PREDICATES)
    branches = [
        f"{{ ?resource ?p ?o . BIND(?resource AS ?s) "
        f"OPTIONAL {{ ?o ?lp ?label . FILTER(isIRI(?o)) VALUES ?lp {{ {labels} }} }} }}",
        f"{{ ?s ?p ?resource . VALUES ?p {{ {incoming} }} BIND(?resource AS ?o) }}",
        f"{{ ?link ?in ?resource . VALUES ?in {{ {incoming} }} ?link ?lp ?label . VALUES ?lp {{ {labels} }} }}",
        f"{{ ?x ?link ?resource . VALUES ?link {{ {incoming} }} ?link ?lp ?label . VALUES ?lp {{ {labels} }} }}",
        f"{{ ?resource ?link ?x . ?link ?lp ?label . VALUES ?lp {{ {labels} }} }}",
    ]
    chain, previous = [], "?resource"
    for depth in range(1, _BLANK_DEPTH + 1):
        chain.append(f"{previous} ?q{depth} ?b{depth} . FILTER(isBlank(?b{depth}))")
        branches.append(f"{{ {' '.join(chain)} BIND(?b{depth} AS ?s) ?s ?p ?o }}")
        previous = f"?b{depth}"
    query = (
        "CONSTRUCT { ?s ?p ?o . ?o ?lp ?label . ?link ?lp ?label } WHERE {\n  " + "\n  UNION ".join(branches) + "\n}"
    )
    graph = store.construct(query, {"resource": URIRef(iri)})
    triples = [to_oxigraph_triple(s, p, o) for s, p, o in graph]
    if not any(isinstance(t.subject, ox.NamedNode) and t.subject.value == iri for t in triples):
        return []
    return triples


def graph_description(store, iri: str, base_url: str) -> list[ox.Triple]:
    """A named graph of the store that no triple describes (``…/graph/meta``, ``…/graph/stats``) described as a
    ``void:Dataset``: its number of triples, the endpoint, and a download of its content; empty for an IRI that
    names no graph."""
    if iri not in store.graph_names():
        return []
    from kg.publish.dcat import graph_download_url

    void = "http://rdfs.org/ns/void#"
    count = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").rows[0][0]
    node = ox.NamedNode(iri)
    return [
        ox.Triple(
            node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(void + "Dataset")
        ),
        ox.Triple(
            node,
            ox.NamedNode(void + "triples"),
            ox.Literal(str(count), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        ox.Triple(node, ox.NamedNode(void + "sparqlEndpoint"), ox.NamedNode(base_url + "sparql")),
        ox.Triple(node, ox.NamedNode(void + "dataDump"), ox.NamedNode(graph_download_url(base_url, iri))),
    ]
