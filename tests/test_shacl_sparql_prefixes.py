"""SHACL-SPARQL constraints whose prefixes come from the shapes file's Turtle ``@prefix`` lines (issue 7, item 15).

pySHACL resolves a prefix a constraint's query uses but no ``sh:declare`` gives from the graph's namespace
bindings; the engine let pyoxigraph's raw ``SyntaxError`` escape instead (the DASH test suite's
``sparql/node/sparql-001`` and ``prefixes-001``). The cases below are written after those two; the engine
must agree with pySHACL on them, and a query that is really malformed is a ``ShapesGraphError`` of one line.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.shacl import ShaclEngine, ShapesGraphError, validate_with_pyshacl

PREAMBLE = """
@prefix ex: <http://example.org/prefixes#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix test: <http://test.example/ns#> .
"""

#: After DASH sparql/node/sparql-001: sh:prefixes names an ontology without any sh:declare; the query's
#: rdfs: is declared only by the file's @prefix.
SPARQL_001 = (
    PREAMBLE
    + """
<http://example.org/prefixes> a owl:Ontology .
ex:InvalidResource1 a rdfs:Resource ; rdfs:label "Invalid resource 1" .
ex:InvalidResource2 a rdfs:Resource ; rdfs:label "Invalid label 1", "Invalid label 2" .
ex:ValidResource1 a rdfs:Resource .
ex:TestShape a sh:NodeShape ;
  sh:targetNode ex:InvalidResource1, ex:InvalidResource2, ex:ValidResource1 ;
  sh:sparql ex:TestShape-sparql .
ex:TestShape-sparql sh:message "Cannot have a label" ;
  sh:prefixes <http://example.org/prefixes> ;
  sh:select \"\"\"
    SELECT $this ?path ?value
    WHERE {
      $this ?path ?value .
      FILTER (?path = rdfs:label) .
    }\"\"\" .
"""
)

#: After DASH sparql/node/prefixes-001: ex: comes from an sh:declare, test: only from @prefix.
PREFIXES_001 = (
    PREAMBLE
    + """
<http://example.org/prefixes> a owl:Ontology ;
  sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/prefixes#"^^xsd:anyURI ] .
ex:InvalidResource1 ex:property test:Value .
ex:ValidResource1 ex:property test:Other .
ex:TestShape a sh:NodeShape ;
  sh:targetNode ex:InvalidResource1, ex:ValidResource1 ;
  sh:sparql [ sh:prefixes <http://example.org/prefixes> ;
    sh:select "SELECT $this ?value WHERE { $this ex:property ?value . FILTER (?value = test:Value) }" ] .
"""
)

#: A query's own PREFIX line wins over the file's binding of the same prefix.
OWN_PREFIX = (
    PREAMBLE
    + """
ex:A ex:p <http://own.example/Value> .
ex:B ex:p test:Value .
ex:Shape a sh:NodeShape ; sh:targetNode ex:A, ex:B ;
  sh:sparql [ sh:select "PREFIX test: <http://own.example/> SELECT $this WHERE { $this ex:p test:Value }" ] .
"""
)


def _keys(report):
    return sorted(result.key() for result in report.results)


@pytest.mark.parametrize("data_first_from", [1000, 0], ids=["from-focus-nodes", "from-data"])
@pytest.mark.parametrize(
    ("case", "violations"),
    [(SPARQL_001, 3), (PREFIXES_001, 1), (OWN_PREFIX, 1)],
    ids=["sparql-001", "prefixes-001", "own-prefix"],
)
def test_prefixes_of_the_turtle_file_resolve_as_pyshacl_resolves_them(case, violations, data_first_from):
    graph = Graph().parse(data=case, format="turtle")
    ours = ShaclEngine(graph, data_first_from=data_first_from).validate(graph)
    assert ours.fallback_shapes == []
    assert len(ours.results) == violations
    assert _keys(ours) == _keys(validate_with_pyshacl(graph, graph))


def test_a_copied_shapes_graph_resolves_the_binding_it_carries():
    graph = Graph().parse(data=SPARQL_001, format="turtle")
    copy = Graph()
    copy.bind("rdfs", "http://www.w3.org/2000/01/rdf-schema#")
    for triple in graph:
        copy.add(triple)
    assert len(ShaclEngine(copy).validate(graph).results) == 3


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        (("FILTER (?path = rdfs:label)", "FILTER (?path = nope:label)"), "prefix not declared: nope:"),
        (("FILTER (?path = rdfs:label)", "FILTER ((?path = rdfs:label)"), "is not a valid query"),
        (("WHERE {", "WHERE {{"), "is not a valid query"),
    ],
    ids=["unknown-prefix", "unbalanced-parenthesis", "unbalanced-brace"],
)
def test_a_malformed_query_is_a_shapes_graph_error_of_one_line(replace, expected):
    graph = Graph().parse(data=SPARQL_001.replace(*replace), format="turtle")
    with pytest.raises(ShapesGraphError) as error:
        ShaclEngine(graph)
    message = str(error.value)
    assert expected in message and "\n" not in message
    assert "http://example.org/prefixes#TestShape" in message and not isinstance(error.value, SyntaxError)
