"""The project's Turtle files are kept in one deterministic, sectioned serialisation (kg.core.turtle)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.core.resources import resource_path
from kg.core.turtle import to_turtle

REPO_TURTLE = sorted(
    path
    for folder in ("ontology", "registry", "shapes")
    for path in resource_path(folder).rglob("*.ttl")
    if "releases" not in path.parts  # earlier releases of the ontology, kept byte for byte as released
)


@pytest.mark.parametrize("path", REPO_TURTLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_turtle_file_is_in_canonical_form(path: Path) -> None:
    graph = Graph()
    graph.parse(str(path), format="turtle")
    expected = _body(to_turtle(graph))
    # a file's leading comment lines are its own (a generated file names its generator there)
    assert _body(path.read_text(encoding="utf-8")) == expected, (
        f"{path} is not in canonical form; fix it with: python -m kg.core.turtle {path}"
    )


def _body(text: str) -> str:
    """The text after its leading comment lines."""
    lines = text.splitlines(keepends=True)
    first = next((index for index, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[first:])


def _sample_graph() -> Graph:
    ex = "http://example.org/"
    graph = Graph()
    thing = URIRef(ex + "thing-10")
    graph.add((thing, RDF.type, URIRef(ex + "Thing")))
    graph.add((URIRef(ex + "thing-2"), RDF.type, URIRef(ex + "Thing")))
    graph.add((thing, RDFS.label, Literal("benda", lang="id")))
    graph.add((thing, RDFS.label, Literal("thing", lang="en")))
    graph.add((thing, RDFS.comment, Literal('a "quoted"\nmulti-line\\ text ending in "')))
    graph.add((thing, URIRef(ex + "count"), Literal(3, datatype=XSD.integer)))
    graph.add((thing, URIRef(ex + "odd"), Literal("tiga", datatype=XSD.integer)))
    shape = URIRef(ex + "Shape")
    graph.add((shape, RDF.type, SH.NodeShape))
    prop = BNode()
    graph.add((shape, SH.property, prop))
    graph.add((prop, SH.path, RDFS.label))
    graph.add((prop, SH.path, RDF.type))
    return graph


def test_canonical_form_keeps_every_triple() -> None:
    graph = _sample_graph()
    reparsed = Graph()
    reparsed.parse(data=to_turtle(graph), format="turtle")
    assert isomorphic(graph, reparsed)


def test_canonical_form_is_stable_and_independent_of_input_order() -> None:
    graph = _sample_graph()
    text = to_turtle(graph)
    shuffled = Graph()
    for triple in sorted(graph, key=str, reverse=True):
        shuffled.add(triple)
    reparsed = Graph()
    reparsed.parse(data=text, format="turtle")
    assert to_turtle(shuffled) == text == to_turtle(reparsed)


def test_canonical_form_reads_as_a_sectioned_document() -> None:
    text = to_turtle(_sample_graph())
    assert text.index("# ---- Shapes") < text.index("# ---- Individuals")
    # natural order of numbers in names, Indonesian label before English
    assert text.index("thing-2") < text.index("thing-10")
    assert text.index('"benda"@id') < text.index('"thing"@en')
    assert "sh:property [" in text
