"""Validation results and the validation report (spec §3.6), and the report as a standard RDF graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.shacl.errors import Uncompilable
from kg.shacl.paths import path_text


def _text(term: Node | None) -> str:
    return "" if term is None else term.n3()


@dataclass
class ValidationResult:
    """One sh:ValidationResult."""

    focus: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    constraint_component: URIRef
    severity: URIRef
    messages: list[Literal] = field(default_factory=list)
    source_constraint: Node | None = None
    details: list[ValidationResult] = field(default_factory=list)
    #: The graph holding the structure of a complex (blank node) path.
    path_graph: Graph | None = field(default=None, compare=False, repr=False)

    @property
    def path_key(self) -> str:
        """The path as SPARQL text (stable across graphs for blank-node paths)."""
        if isinstance(self.path, BNode) and self.path_graph is not None:
            try:
                return path_text(self.path_graph, self.path)
            except Uncompilable:
                pass
        return _text(self.path)

    def key(self) -> tuple[str, str, str, str, str]:
        """What two engines must agree on: focus, path, value, constraint component, severity."""
        return (_text(self.focus), self.path_key, _text(self.value), str(self.constraint_component), str(self.severity))

    def sort_key(self) -> tuple[str, ...]:
        return self.key() + (_text(self.source_shape), _text(self.source_constraint))


@dataclass
class ValidationReport:
    """The results of validating a data graph against a shapes graph."""

    results: list[ValidationResult]
    fallback_shapes: list[Node] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.results.sort(key=ValidationResult.sort_key)

    @property
    def conforms(self) -> bool:
        """SHACL: a data graph conforms when validation produced no result at all, of any severity."""
        return not self.results

    def to_graph(self) -> Graph:
        """The report as an ``sh:ValidationReport`` graph that other SHACL tools can read."""
        graph = new_report_graph()
        report = add_report(graph, self.conforms)
        for result in self.results:
            graph.add((report, SH.result, add_result(graph, result)))
        return graph


def new_report_graph() -> Graph:
    """An empty graph for a validation report, ``sh:`` bound."""
    graph = Graph()
    graph.bind("sh", SH)
    return graph


def add_report(graph: Graph, conforms: bool) -> BNode:
    """Add the ``sh:ValidationReport`` node itself; its results are added with :func:`add_result`."""
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    return report


def add_result(graph: Graph, result: ValidationResult, messages: list[Literal] | None = None) -> BNode:
    """Add one ``sh:ValidationResult`` (its details too) and return its node; ``messages`` replace the
    result's own (e.g. with their placeholders filled). A complex path's structure is copied along; a blank
    source constraint (``sh:sparql [ … ]``) is left out: it names nothing outside the shapes graph, and
    ``sh:sourceShape`` says where it is."""
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, result.focus))
    if result.path is not None:
        graph.add((node, SH.resultPath, result.path))
        if isinstance(result.path, BNode) and result.path_graph is not None:
            _copy_structure(result.path_graph, result.path, graph)
    if result.value is not None:
        graph.add((node, SH.value, result.value))
    graph.add((node, SH.sourceShape, result.source_shape))
    graph.add((node, SH.sourceConstraintComponent, result.constraint_component))
    if result.source_constraint is not None and not isinstance(result.source_constraint, BNode):
        graph.add((node, SH.sourceConstraint, result.source_constraint))
    graph.add((node, SH.resultSeverity, result.severity))
    for message in result.messages if messages is None else messages:
        graph.add((node, SH.resultMessage, message))
    for detail in result.details:
        graph.add((node, SH.detail, add_result(graph, detail)))
    return node


def _copy_structure(source: Graph, node: BNode, target: Graph) -> None:
    """Copy the triples describing a blank node (a path, a list) and the blank nodes it reaches."""
    pending, seen = [node], set()
    while pending:
        subject = pending.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for predicate, obj in source.predicate_objects(subject):
            target.add((subject, predicate, obj))
            if isinstance(obj, BNode):
                pending.append(obj)
