"""The engine: compile a shapes graph once, then validate data graphs in a pyoxigraph store.

Each compiled check is one SPARQL query over all focus nodes; the queries are compiled for the data at
hand (from the focus nodes, or from the data when the focus nodes are many; see ``checks_for``) and the
compilation is kept for the next data of the same kind. Shapes the compiler does not translate run
on pySHACL with a shapes graph in which only they keep their targets; they are listed in
``ValidationReport.fallback_shapes``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from kg.core.terms import to_oxigraph, to_rdflib
from kg.shacl.checks import Check, FocusPattern
from kg.shacl.compiler import Compiler
from kg.shacl.errors import Uncompilable, ValidationFailure
from kg.shacl.messages import default_messages, fill_template
from kg.shacl.paths import path_text
from kg.shacl.reference import run_pyshacl
from kg.shacl.report import ValidationReport, ValidationResult
from kg.shacl.shapes import TARGET_PREDICATES
from kg.shacl.sparql.select_constraints import substitute_this
from kg.shacl.store import graph_from_store, select, store_from_graph
from kg.shacl.targets import focus_membership, focus_nodes

#: From this many focus nodes on, checks of predicate paths start from the data (see ``checks_for``).
DATA_FIRST_FROM = 1000
#: Below it, they start from the data when the predicate has at most this many triples per focus node.
DATA_PER_FOCUS = 10
_NUMBERED = re.compile(r"_[0-9]+\b")


class _Terms:
    """pyoxigraph → rdflib term conversion, once per distinct term.

    The store keeps typed literals in canonical form ("4.0"^^xsd:decimal comes back as "4"); literals
    named in the shapes graph (sh:targetNode) are mapped back to the form the shapes graph wrote.
    """

    def __init__(self, constants: dict[object, Node] | None = None) -> None:
        self._cache: dict[object, Node | None] = dict(constants or {})

    def __call__(self, term: Any) -> Node | None:
        if term is None:
            return None
        converted = self._cache.get(term)
        if converted is None:
            converted = self._cache[term] = to_rdflib(term)
        return converted


class ShaclEngine:
    """SHACL Core and SHACL-SPARQL constraints compiled to SPARQL, run on pyoxigraph."""

    def __init__(
        self, shapes_graph: Graph, *, workers: int | None = None, data_first_from: int = DATA_FIRST_FROM
    ) -> None:
        """``data_first_from``: the number of focus nodes from which a check of a predicate path starts
        from the triples of the predicate rather than from the focus nodes (0: always)."""
        self.shapes_graph = shapes_graph
        #: Queries evaluated in parallel (the store releases the GIL while it evaluates).
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.data_first_from = data_first_from
        compiler = Compiler(shapes_graph)
        #: The checks as compiled for small data (each validation compiles them again for its data).
        self.checks: list[Check] = []
        #: Shapes with targets that run on pySHACL, and why.
        self.fallback_reasons: dict[Node, str] = {}
        self._compiled: list[Node] = []
        #: Compilations for data seen so far: the decisions each took (probe and answer), and its checks.
        self._plans: list[tuple[tuple[tuple[tuple[str, str], bool], ...], list[Check]]] = []
        for shape in list(compiler.shapes.values()):
            if shape.deactivated or not shape.has_targets:
                continue
            try:
                checks = compiler.checks(shape, focus_nodes(shape), member=focus_membership(shape))
            except Uncompilable as reason:
                self.fallback_reasons[shape.node] = str(reason)
                continue
            self._compiled.append(shape.node)
            self.checks.extend(checks)
        self._fallback_shapes_graph = self._without_targets(self._compiled) if self.fallback_reasons else None
        self._literal_constants = _canonical_forms(
            [o for o in shapes_graph.objects(None, SH.targetNode) if isinstance(o, Literal)]
        )

    @property
    def fallback_shapes(self) -> list[Node]:
        return list(self.fallback_reasons)

    def _without_targets(self, compiled: list[Node]) -> Graph:
        """The shapes graph in which only the shapes that were not compiled keep their targets."""
        graph = Graph()
        for triple in self.shapes_graph:
            graph.add(triple)
        for node in compiled:
            for predicate in TARGET_PREDICATES:
                graph.remove((node, predicate, None))
            for cls in (RDFS.Class, OWL.Class):
                graph.remove((node, RDF.type, cls))
        return graph

    def validate(
        self,
        data: ox.Store | Graph,
        *,
        graph_name: URIRef | str | None = None,
        union: bool = False,
    ) -> ValidationReport:
        """Validate the default graph of a store (or ``graph_name``, or the ``union`` of all graphs),
        or an rdflib graph (copied into a fresh in-memory store)."""
        rdf_graph = data if isinstance(data, Graph) else None
        store = store_from_graph(data) if isinstance(data, Graph) else data
        options: dict[str, object] = {}
        if union:
            options["use_default_graph_as_union"] = True
        elif graph_name is not None:
            options["default_graph"] = ox.NamedNode(str(graph_name))
        terms = _Terms(self._literal_constants)
        results: list[ValidationResult] = []
        checks = self.checks_for(store, options)
        # The store evaluates queries outside the GIL: independent checks run side by side.
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            solved = list(pool.map(lambda check: self._solutions(store, check, options), checks))
        for check, solutions in zip(checks, solved, strict=True):
            if check.query is None:
                results.extend(self._results(check, solutions, terms))
            else:
                results.extend(self._sparql_results(check, solutions, terms))
        if self._fallback_shapes_graph is not None:
            if rdf_graph is None:
                rdf_graph = graph_from_store(store, graph_name=graph_name, union=union)
            results.extend(run_pyshacl(rdf_graph, self._fallback_shapes_graph))
        return ValidationReport(results, self.fallback_shapes)

    def checks_for(self, store: ox.Store, options: dict | None = None) -> list[Check]:
        """The checks compiled for the data in ``store`` (queried with ``options``).

        A check of a predicate path starts from the data when its focus nodes are many (at least
        ``data_first_from``) or the predicate's triples are few for them (at most ``DATA_PER_FOCUS`` per
        focus node), from its focus nodes otherwise; bounded probe queries tell. A compilation is kept
        with the decisions it took, and reused while the probes give the same decisions.
        """
        options = options or {}
        limit = self.data_first_from
        counts: dict[str, int] = {}

        def count(query: str) -> int:
            key = _NUMBERED.sub("", query)  # the same scope, whatever the fresh names of its variables
            if key not in counts:
                counts[key] = len(list(select(store, query, **options)))
            return counts[key]

        def decide(focus_query: str, predicate: str) -> bool:
            if limit <= 0:
                return True
            focus_count = count(focus_query)
            if focus_count >= limit:
                return True
            bound = focus_count * DATA_PER_FOCUS
            return count(f"SELECT ?s WHERE {{ ?s {predicate} ?o }} LIMIT {bound + 1}") <= bound

        for decisions, planned in self._plans:
            if all(decide(*probe) == decided for probe, decided in decisions):
                return planned
        taken: dict[tuple[str, str], bool] = {}

        def large(focus: FocusPattern, predicate: str) -> bool:
            probe = (f"SELECT ?probe WHERE {{ {focus('probe')} }} LIMIT {limit}", predicate)
            taken[probe] = decide(*probe)
            return taken[probe]

        compiler = Compiler(self.shapes_graph, large)
        checks: list[Check] = []
        for node in self._compiled:
            shape = compiler.shapes[node]
            checks.extend(compiler.checks(shape, focus_nodes(shape), member=focus_membership(shape)))
        self._plans.append((tuple(taken.items()), checks))
        return checks

    def _solutions(self, store: ox.Store, check: Check, options: dict) -> list:
        """The raw solutions of one check (store terms; run in a worker thread)."""
        if check.query is None:
            names = [check.focus_var, check.value_var, check.path_var]
            return [tuple(row[n] if n else None for n in names) for row in select(store, check.select(), **options)]
        if check.per_focus:
            focus_list = [row["this"] for row in select(store, check.focus_query or "", **options)]
            return [
                (focus, bound)
                for focus in focus_list
                for bound in _bindings(_query_for_focus(store, check.query, focus, options))
            ]
        return [(None, bound) for bound in _bindings(select(store, check.query, **options))]

    def _results(self, check: Check, solutions: list, terms: _Terms) -> Iterator[ValidationResult]:
        shape = check.shape
        messages = shape.messages
        for focus_term, value_term, path_term in solutions:
            focus = _focus(terms(focus_term), check)
            value = terms(value_term)
            path = terms(path_term) if check.path_var else shape.path
            yield ValidationResult(
                focus=focus,
                path=path,
                value=value,
                source_shape=shape.node,
                constraint_component=check.component,
                severity=shape.severity,
                messages=list(messages)
                or default_messages(check.component, {"value": value, "path": self._path_label(path), **check.params}),
                path_graph=self.shapes_graph,
            )

    def _path_label(self, path: Node | None) -> Node | None:
        if path is None or isinstance(path, URIRef):
            return path
        try:
            return Literal(path_text(self.shapes_graph, path))
        except Uncompilable:
            return path

    def _sparql_results(self, check: Check, solutions: list, terms: _Terms) -> Iterator[ValidationResult]:
        shape = check.shape
        templates = check.messages or shape.messages
        for focus_term, bindings in solutions:
            failure = bindings.get("failure")
            if isinstance(failure, ox.Literal) and failure.value == "true":
                raise ValidationFailure(f"SPARQL constraint {check.source_constraint} reported a failure")
            focus = _focus(terms(bindings.get("this") or focus_term), check)
            value = terms(bindings.get("value"))
            if value is None and shape.path is None:
                value = focus
            path = terms(bindings.get("path"))
            if not isinstance(path, URIRef):
                path = shape.path
            converted = {name: terms(term) for name, term in bindings.items()}
            messages = [fill_template(m, converted) for m in templates] or default_messages(
                check.component, {"value": value, "path": self._path_label(path)}
            )
            yield ValidationResult(
                focus=focus,
                path=path,
                value=value,
                source_shape=shape.node,
                constraint_component=SH.SPARQLConstraintComponent,
                severity=shape.severity,
                messages=messages,
                source_constraint=check.source_constraint,
                path_graph=self.shapes_graph,
            )


def _focus(node: Node | None, check: Check) -> Node:
    if node is None:
        raise ValidationFailure(f"a check of {check.shape.node.n3()} found no focus node")
    return node


def _query_for_focus(store: ox.Store, query: str, focus: ox.NamedNode | ox.Literal, options: dict) -> ox.QuerySolutions:
    """Run a SPARQL constraint for one focus node: ``$this`` rewritten to the node (the store's
    substitution for blank nodes, which have no SPARQL text)."""
    if isinstance(focus, ox.BlankNode):
        return select(store, query, substitutions={ox.Variable("this"): focus}, **options)
    return select(store, substitute_this(query, to_rdflib(focus)), **options)


def _canonical_forms(literals: list[Literal]) -> dict[object, Node]:
    """The store's canonical form of each literal, mapped to the literal as written."""
    if not literals:
        return {}
    store = ox.Store()
    subject = ox.NamedNode("urn:x-kg:canonical")
    forms: dict[object, Node] = {}
    for index, literal in enumerate(literals):
        predicate = ox.NamedNode(f"urn:x-kg:literal:{index}")
        store.add(ox.Quad(subject, predicate, to_oxigraph(literal)))
        for quad in store.quads_for_pattern(subject, predicate, None):
            forms[quad.object] = literal
    return forms


def _bindings(results: ox.QuerySolutions) -> Iterator[dict[str, object]]:
    """The bound variables of each solution, by name."""
    names = [variable.value for variable in results.variables]
    for row in results:
        yield {name: term for name, term in zip(names, row, strict=True) if term is not None}
