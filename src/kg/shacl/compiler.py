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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.shacl.errors import Uncompilable
from kg.shacl.paths import is_predicate_path, path_text
from kg.shacl.shapes import Shape, read_shapes

#: A function giving the pattern that binds a variable (its argument) to each focus node, once.
FocusPattern = Callable[[str], str]


@dataclass
class Check:
    """One compiled constraint of one shape: a pattern, or a full query for SPARQL-based constraints."""

    shape: Shape
    component: URIRef
    focus_var: str
    pattern: str = ""
    value_var: str | None = None
    path_var: str | None = None
    #: Further variables that tell results apart (one result per language tag, per compared value …).
    distinct_by: list[str] = field(default_factory=list)
    params: dict[str, Node] = field(default_factory=dict)
    #: SPARQL-based constraints: the complete query, its node, messages, and the per-focus mode.
    query: str | None = None
    source_constraint: Node | None = None
    messages: list[Literal] = field(default_factory=list)
    per_focus: bool = False
    focus_query: str | None = None

    def select(self) -> str:
        """The query giving every violation of this check."""
        if self.query is not None:
            return self.query
        names = [self.focus_var, self.value_var, self.path_var, *self.distinct_by]
        variables = " ".join(f"?{v}" for v in names if v)
        return f"SELECT DISTINCT {variables} WHERE {{ {self.pattern} }}"


class ShapeContext:
    """What a constraint translation needs: the shape, its variables, value nodes, nested shapes."""

    def __init__(
        self,
        compiler: Compiler,
        shape: Shape,
        focus: FocusPattern,
        stack: tuple[Node, ...],
        member: FocusPattern | None = None,
    ) -> None:
        self.compiler = compiler
        self.shape = shape
        self.focus_pattern = focus
        #: For shapes evaluated on their targets: a filter testing one node (to check rare candidates only).
        self.focus_member = member
        self.stack = stack
        self.this = compiler.fresh("this")
        self.value = compiler.fresh("value")
        self.path = path_text(shape.graph, shape.path) if shape.path is not None else None

    @property
    def graph(self) -> Graph:
        return self.shape.graph

    def values_with(self, focus_var: str, value_var: str) -> str:
        """The pattern binding each focus node and each of its value nodes to the given variables.

        With a membership test and a predicate path, the pattern starts from the data (the triples of
        the predicate) and tests membership as a filter, which the store applies after the constraint's
        own filter: only the rare violating values are tested, instead of joining every focus node.
        """
        if self.data_first:
            return f"?{focus_var} {self.path} ?{value_var} . {self.focus_member(focus_var)}"
        if self.path is None:
            return f"{self.focus_pattern(focus_var)} BIND(?{focus_var} AS ?{value_var})"
        return f"{self.focus_pattern(focus_var)} ?{focus_var} {self.path} ?{value_var} ."

    @cached_property
    def data_first(self) -> bool:
        """Whether value nodes are found from the data and tested for membership (see ``values_with``):
        for a predicate path, when the compiler's ``large`` says the focus nodes are many."""
        if self.focus_member is None or not is_predicate_path(self.shape.path):
            return False
        return self.compiler.large(self.focus_pattern, self.path or "")

    def value_nodes(self, var: str) -> str:
        """The pattern binding ``var`` to each distinct value node of this shape (a scope for nested shapes)."""
        if self.path is None:
            return self.focus_pattern(var)
        focus_var = self.compiler.fresh("f")
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {self.values_with(focus_var, var)} }} }}"

    def distinct_focus(self, var: str) -> str:
        """The focus nodes, each exactly once."""
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {self.focus_pattern(var)} }} }}"

    def failing(self, shape_node: Node, var: str) -> str:
        """The pattern binding ``var`` to nodes that do not conform to ``shape_node``, among (at least) the
        value nodes of this shape: callers join it with the value nodes.

        Conformance depends on the node alone, so for a predicate path the candidates are all objects of
        the predicate, found without evaluating this shape's focus nodes again.
        """
        candidates = self.value_nodes
        member: FocusPattern | None = None
        if isinstance(self.shape.path, URIRef):
            path = self.path

            def candidates(candidate: str) -> str:
                subject = self.compiler.fresh("s")
                return f"{{ SELECT DISTINCT ?{candidate} WHERE {{ ?{subject} {path} ?{candidate} }} }}"

            def member(candidate: str) -> str:
                return f"FILTER EXISTS {{ [] {path} ?{candidate} }}"

        return self.compiler.failing(shape_node, candidates, var, self.stack, member)

    def fill(self, template: str, **params: str) -> str:
        """SPARQL text with ``?this``/``?value`` renamed to this context's variables and ``?_x`` made fresh.

        ``$focus`` and ``$values`` stand for the focus-node and value-node patterns, ``$path`` for the path,
        ``$name`` for the keyword argument ``name`` (SPARQL text).
        """
        fresh: dict[str, str] = {}

        def rename(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "this":
                return "?" + self.this
            if name == "value":
                return "?" + self.value
            if name.startswith("_"):
                if name not in fresh:
                    fresh[name] = self.compiler.fresh(name.lstrip("_"))
                return "?" + fresh[name]
            return match.group(0)

        text = re.sub(r"\?([A-Za-z_][A-Za-z0-9_]*)", rename, template)
        slots = dict(params)
        tested: list[str] = []

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "focus":
                return self.focus_pattern(self.this)
            if name == "values":
                if self.data_first:
                    tested[:] = [self.focus_member(self.this)]
                    return f"?{self.this} {self.path} ?{self.value} ."
                return self.values_with(self.this, self.value)
            if name == "path":
                return self.path or ""
            return slots[name]

        text = re.sub(r"\$([a-z_0-9]+)", substitute, text)
        if tested:
            # The membership test applies to the few violations only: the sub-select keeps the store
            # from testing it first (it may reorder filters of one group).
            return f"{{ SELECT * WHERE {{ {text} }} }} {tested[0]}"
        return text

    def check(self, component: URIRef, text: str, *, value: bool = True, **params: Node) -> Check:
        """A check of this shape whose pattern reports the value node (``value=True``) or only the focus node."""
        return Check(
            shape=self.shape,
            component=component,
            focus_var=self.this,
            pattern=text,
            value_var=self.value if value else None,
            params=dict(params),
        )


Translator = Callable[[ShapeContext], list[Check]]


class Compiler:
    """Turns the shapes of a shapes graph into checks."""

    def __init__(self, shapes_graph: Graph, large: Callable[[FocusPattern, str], bool] | None = None) -> None:
        """``large(focus, predicate)`` tells whether checks of the predicate over those focus nodes should
        start from the data; without it, checks start from the focus nodes."""
        from kg.shacl.core import TRANSLATORS
        from kg.shacl.sparql import TRANSLATORS as SPARQL_TRANSLATORS

        self.large: Callable[[FocusPattern, str], bool] = large or (lambda focus, predicate: False)
        self.graph = shapes_graph
        self.shapes = read_shapes(shapes_graph)
        self.translators: dict[URIRef, Translator] = {**TRANSLATORS, **SPARQL_TRANSLATORS}
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
            raise Uncompilable(f"SPARQL-based constraint component parameter {sorted(used)[0].n3()}")
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
