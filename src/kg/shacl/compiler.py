"""The compiler: a shape and the nodes it is evaluated on become SPARQL patterns, one per constraint.

A *check* is one constraint component of one shape over one scope: a SPARQL group pattern that binds the
focus node (and the value node, where the component reports one) of every violation. The whole set of
focus nodes is handled by one query per check: no loop over focus nodes.

Nested shapes (``sh:node``, ``sh:not``, ``sh:and`` …) become a sub-select of the value nodes that *fail*
the nested shape, evaluated only over the candidate nodes that reach it.

On large data a check of a predicate path starts from the data rather than from the focus nodes: the
triples of the predicate are filtered by the constraint first, and only the few violations are tested for
being focus nodes (``ShapeContext.data_first``); the engine decides per set of focus nodes, by its size.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.shacl.checks import Check, FocusPattern, ShapeContext, Translator
from kg.shacl.errors import Uncompilable
from kg.shacl.registry import TRANSLATORS
from kg.shacl.shapes import Shape, read_shapes


class Compiler:
    """Turns the shapes of a shapes graph into checks."""

    def __init__(self, shapes_graph: Graph, large: Callable[[FocusPattern, str], bool] | None = None) -> None:
        """``large(focus, predicate)`` tells whether checks of the predicate over those focus nodes should
        start from the data; without it, checks start from the focus nodes."""
        self.large: Callable[[FocusPattern, str], bool] = large or (lambda focus, predicate: False)
        self.graph = shapes_graph
        self.shapes = read_shapes(shapes_graph)
        self.translators: dict[URIRef, Translator] = TRANSLATORS
        self.custom_parameters = _custom_parameters(shapes_graph)
        self._counter = itertools.count()

    def fresh(self, stem: str = "v") -> str:
        return f"{stem}_{next(self._counter)}"

    def shape(self, node: Node) -> Shape:
        if node not in self.shapes:
            self.shapes[node] = Shape(node, self.graph)
        return self.shapes[node]

    def checks(
        self, shape: Shape, focus: FocusPattern, stack: tuple[Node, ...] = (), member: FocusPattern | None = None
    ) -> list[Check]:
        """The checks of one shape, and of its property shapes, over the focus nodes of ``focus``."""
        if shape.deactivated:
            return []
        used = set(shape.graph.predicates(shape.node, None)) & self.custom_parameters
        if used:
            raise Uncompilable(f"SPARQL-based constraint component parameter {min(used, key=str).n3()}")
        context = ShapeContext(self, shape, focus, stack, member)
        checks: list[Check] = []
        for predicate, translate in self.translators.items():
            if shape.value(predicate) is not None:
                checks.extend(translate(context))
        nested_member = member if shape.path is None else None  # a node shape's value nodes are its focus nodes
        for property_node in shape.values(SH.property):
            checks.extend(self.checks(self.shape(property_node), context.value_nodes, stack, nested_member))
        return checks

    def failing(
        self,
        shape_node: Node,
        candidates: FocusPattern,
        var: str,
        stack: tuple[Node, ...],
        member: FocusPattern | None = None,
    ) -> str:
        """The pattern binding ``var`` to the candidate nodes that do not conform to a shape (``member``:
        a filter testing one node for being a candidate)."""
        if shape_node in stack:
            raise Uncompilable(f"recursive shape {shape_node.n3()}")
        checks = self.checks(self.shape(shape_node), candidates, stack + (shape_node,), member)
        if any(c.query is not None for c in checks):
            raise Uncompilable("SPARQL-based constraint inside a nested shape")
        if not checks:
            return f"VALUES ?{var} {{}}"
        branches = " UNION ".join(f"{{ {c.pattern} BIND(?{c.focus_var} AS ?{var}) }}" for c in checks)
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {branches} }} }}"


def _custom_parameters(shapes_graph: Graph) -> set[URIRef]:
    """Parameters of SPARQL-based constraint components declared in the shapes graph (not compiled)."""
    parameters: set[URIRef] = set()
    for component in shapes_graph.subjects(SH.parameter, None):
        for parameter in shapes_graph.objects(component, SH.parameter):
            path = shapes_graph.value(parameter, SH.path)
            if isinstance(path, URIRef) and not str(path).startswith(str(SH)):
                parameters.add(path)
    return parameters
