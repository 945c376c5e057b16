"""pySHACL, the reference implementation: the project's one entry point to it (default options, the way users
call it), and reading any SHACL report graph into the same dataclasses as the compiled engine's results.

pySHACL drops the language tag of a SPARQL constraint's message when it fills it in; the results read here get
it back from the shape's ``sh:message`` templates, so that every result's messages are tagged as the engine's.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.shacl.errors import ValidationFailure
from kg.shacl.messages import restore_languages
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
    severity = graph.value(node, SH.resultSeverity) or SH.Violation
    return ValidationResult(
        focus=_required(graph, node, SH.focusNode),
        path=graph.value(node, SH.resultPath),
        value=graph.value(node, SH.value),
        source_shape=_required(graph, node, SH.sourceShape),
        constraint_component=_iri(_required(graph, node, SH.sourceConstraintComponent)),
        severity=_iri(severity),
        messages=messages,
        source_constraint=graph.value(node, SH.sourceConstraint),
        details=[_result(graph, d) for d in graph.objects(node, SH.detail)],
        path_graph=graph,
    )


def run_pyshacl(data: Graph, shapes_graph: Graph) -> list[ValidationResult]:
    """pySHACL's results for an rdflib data graph, with the options users call it with (the defaults); their
    messages tagged with their language. pySHACL is imported here, where it runs: the compiled engine's
    validations never pay for its import (0.15 s)."""
    import pyshacl

    _conforms, report, text = pyshacl.validate(data, shacl_graph=shapes_graph)
    if not isinstance(report, Graph):  # pySHACL returns its failure object instead of a report
        raise ValidationFailure(str(text))
    results = results_from_report_graph(report)
    for result in results:
        _tag_messages(result, shapes_graph)
    return results


def _tag_messages(result: ValidationResult, shapes_graph: Graph) -> None:
    if any(not message.language for message in result.messages):
        templates = [
            template
            for node in (result.source_constraint, result.source_shape)
            if node is not None
            for template in shapes_graph.objects(node, SH.message)
        ] or list(shapes_graph.objects(None, SH.message))  # a blank node of the report may not be the shapes'
        result.messages = restore_languages(result.messages, templates)
    for detail in result.details:
        _tag_messages(detail, shapes_graph)


def validate_with_pyshacl(
    data: Graph | ox.Store, shapes_graph: Graph, *, graph_name: URIRef | str | None = None
) -> ValidationReport:
    """Validate with pySHACL (default options); the report has the same form as :class:`ShaclEngine`'s."""
    if isinstance(data, ox.Store):
        data = graph_from_store(data, graph_name=graph_name)
    return ValidationReport(run_pyshacl(data, shapes_graph))


__all__ = ["results_from_report_graph", "run_pyshacl", "validate_with_pyshacl"]


def _required(graph: Graph, node: Node, predicate: URIRef) -> Node:
    """The value every SHACL result has (SHACL 3.6.2); a report without it is not a validation report."""
    value = graph.value(node, predicate)
    if value is None:
        raise ValueError(f"a validation result without {predicate.n3()}")
    return value


def _iri(value: Node) -> URIRef:
    if not isinstance(value, URIRef):
        raise ValueError(f"an IRI expected in a validation result, not {value.n3()}")
    return value
