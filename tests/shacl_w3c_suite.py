"""Reading the W3C SHACL test suite (tests/w3c-shacl-tests): manifests, test cases, expected reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.shacl.reference import results_from_report_graph
from kg.shacl.report import ValidationResult

SUITE = Path(__file__).parent / "w3c-shacl-tests"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass
class W3cTest:
    """One sht:Validate test: its graphs and its expected outcome."""

    id: str  # e.g. "core/node/class-001"
    label: str
    graph: Graph
    data: Graph
    shapes: Graph
    expects_failure: bool
    conforms: bool | None
    expected: list[ValidationResult]


def _load(path: Path) -> Graph:
    """A test file as written: rdflib must not rewrite lexical forms ("none"^^xsd:boolean stays ill-typed)."""
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
    return graph


def _included(manifest: Path) -> list[Path]:
    graph = _load(manifest)
    files = []
    for include in sorted(graph.objects(None, MF.include), key=str):
        path = Path(str(include).removeprefix("file://"))
        if path.name == "manifest.ttl":
            files.extend(_included(path))
        else:
            files.append(path)
    return files


def load_tests() -> list[W3cTest]:
    """All tests of the suite (core and sparql), in manifest order."""
    rdflib.NORMALIZE_LITERALS = False  # keep lexical forms as written (as a parser of N-Triples would)
    tests = []
    for path in _included(SUITE / "manifest.ttl"):
        graph = _load(path)
        for head in graph.objects(None, MF.entries):
            for entry in Collection(graph, head):
                action = graph.value(entry, MF.action)
                data_path = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
                shapes_path = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
                data = graph if data_path == path.resolve() else _load(data_path)
                shapes = graph if shapes_path == path.resolve() else _load(shapes_path)
                result = graph.value(entry, MF.result)
                failure = result == SHT.Failure
                conforms = None if failure else graph.value(result, SH.conforms).toPython()
                expected = [] if failure else results_from_report_graph(graph, result)
                test_id = str(entry).removeprefix(SUITE.resolve().as_uri() + "/")
                tests.append(
                    W3cTest(
                        test_id,
                        str(graph.value(entry, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
                        graph,
                        data,
                        shapes,
                        failure,
                        conforms,
                        expected,
                    )
                )
    return tests


def comparable(results: list[ValidationResult]) -> Counter:
    """Results as a multiset of (focus, path, value, severity, component), blank nodes masked."""

    def mask(term) -> str:
        return "_:blank" if isinstance(term, BNode) else ("" if term is None else term.n3())

    return Counter(
        (mask(r.focus), r.path_key, mask(r.value), str(r.severity), str(r.constraint_component)) for r in results
    )
