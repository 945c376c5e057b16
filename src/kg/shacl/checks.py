"""Compiled checks and what a constraint's translation sees: :class:`Check` and :class:`ShapeContext`.

The translations (``core/``, ``sparql/``) import only this module; :mod:`kg.shacl.compiler` drives them through
:mod:`kg.shacl.registry`, so the package has no import cycle. ``ShapeContext`` calls back into the compiler
through the small :class:`CompilerServices` protocol.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.shacl.paths import is_predicate_path, path_text
from kg.shacl.shapes import Shape

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


class CompilerServices(Protocol):
    """What a :class:`ShapeContext` asks of the compiler that made it."""

    large: Callable[[FocusPattern, str], bool]

    def fresh(self, stem: str = "v") -> str:
        """A variable name not used before in this compilation."""

    def failing(
        self,
        shape_node: Node,
        candidates: FocusPattern,
        var: str,
        stack: tuple[Node, ...],
        member: FocusPattern | None = None,
    ) -> str:
        """The pattern binding ``var`` to the candidates that do not conform to ``shape_node``."""


class ShapeContext:
    """What a constraint translation needs: the shape, its variables, value nodes, nested shapes."""

    def __init__(
        self,
        compiler: CompilerServices,
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
            return f"?{focus_var} {self.path} ?{value_var} . {self.member(focus_var)}"
        if self.path is None:
            return f"{self.focus_pattern(focus_var)} BIND(?{focus_var} AS ?{value_var})"
        return f"{self.focus_pattern(focus_var)} ?{focus_var} {self.path} ?{value_var} ."

    def member(self, var: str) -> str:
        """The membership test of ``var`` among the focus nodes (there is one whenever :attr:`data_first`)."""
        if self.focus_member is None:
            raise RuntimeError("no membership test: the shape is not evaluated on its targets")
        return self.focus_member(var)

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
        if not isinstance(self.shape.path, URIRef):
            return self.compiler.failing(shape_node, self.value_nodes, var, self.stack, None)
        path = self.path

        def objects(candidate: str) -> str:
            subject = self.compiler.fresh("s")
            return f"{{ SELECT DISTINCT ?{candidate} WHERE {{ ?{subject} {path} ?{candidate} }} }}"

        def member(candidate: str) -> str:
            return f"FILTER EXISTS {{ [] {path} ?{candidate} }}"

        return self.compiler.failing(shape_node, objects, var, self.stack, member)

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
                    tested[:] = [self.member(self.this)]
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

    def check(
        self,
        component: URIRef,
        text: str,
        *,
        value: bool = True,
        named: Mapping[str, Node] | None = None,
        **params: Node,
    ) -> Check:
        """A check of this shape whose pattern reports the value node (``value=True``) or only the focus node;
        its parameters as keywords, or in ``named`` for those whose names are Python keywords (``class``)."""
        return Check(
            shape=self.shape,
            component=component,
            focus_var=self.this,
            pattern=text,
            value_var=self.value if value else None,
            params={**(named or {}), **params},
        )


#: A constraint parameter's translation: the checks it makes for one shape.
Translator = Callable[[ShapeContext], list[Check]]
