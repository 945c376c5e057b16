"""pySHACL, the reference implementation: running it with default options, and reading any SHACL report
graph into the same dataclasses as the compiled engine's results."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.shacl.errors import ValidationFailure
from kg.shacl.report import ValidationReport, ValidationResult
from kg.shacl.store import graph_from_store


def results_from_report_graph(report: Graph, report_node: Node | None = None) -> list[ValidationResult]:
    """The results of an sh:ValidationReport graph (the first report node if none is given)."""
    if report_node is None:
        report_node = next(report.subjects(RDF.type, SH.ValidationReport), None)
    nodes = list(report.objects(report_node, SH.result)) if report_node is not None else []
    return [_result(report, node) for node in nodes]


def _result(graph: Graph, node: Node) -> ValidationResult:
    messages = sorted((m for m in graph.objects(node, SH.resultMessage) if isinstance(m, Literal)), key=str)
    return ValidationResult(
        focus=graph.value(node, SH.focusNode),
        path=graph.value(node, SH.resultPath),
        value=graph.value(node, SH.value),
        source_shape=graph.value(node, SH.sourceShape),
        constraint_component=graph.value(node, SH.sourceConstraintComponent),
        severity=graph.value(node, SH.resultSeverity) or SH.Violation,
        messages=messages,
        source_constraint=graph.value(node, SH.sourceConstraint),
        details=[_result(graph, d) for d in graph.objects(node, SH.detail)],
        path_graph=graph,
    )


def run_pyshacl(data: Graph, shapes_graph: Graph) -> list[ValidationResult]:
    """pySHACL's results for an rdflib data graph, with the options users call it with (the defaults)."""
    _conforms, report, text = pyshacl.validate(data, shacl_graph=shapes_graph)
    if not isinstance(report, Graph):  # pySHACL returns its failure object instead of a report
        raise ValidationFailure(str(text))
    return results_from_report_graph(report)


def validate_with_pyshacl(
    data: Graph | ox.Store, shapes_graph: Graph, *, graph_name: URIRef | str | None = None
) -> ValidationReport:
    """Validate with pySHACL (default options); the report has the same form as :class:`ShaclEngine`'s."""
    if isinstance(data, ox.Store):
        data = graph_from_store(data, graph_name=graph_name)
    return ValidationReport(run_pyshacl(data, shapes_graph))


__all__ = ["results_from_report_graph", "run_pyshacl", "validate_with_pyshacl"]
