"""Reading a shapes graph (spec §2): node and property shapes, targets, severity, deactivation, messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

#: Predicates whose objects are shapes (spec §2.1 "shape": the values of shape-expecting parameters).
SHAPE_REFERENCES = (SH.node, SH.property, SH["not"], SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@dataclass(eq=False)
class Shape:
    """One shape of a shapes graph, read lazily from that graph."""

    node: Node
    graph: Graph = field(repr=False)

    @cached_property
    def path(self) -> Node | None:
        """The ``sh:path`` of a property shape; ``None`` for a node shape."""
        return self.graph.value(self.node, SH.path)

    @property
    def is_property_shape(self) -> bool:
        return self.path is not None

    @cached_property
    def severity(self) -> URIRef:
        value = self.graph.value(self.node, SH.severity)
        return value if isinstance(value, URIRef) else SH.Violation

    @cached_property
    def deactivated(self) -> bool:
        value = self.graph.value(self.node, SH.deactivated)
        return isinstance(value, Literal) and value.toPython() is True

    @cached_property
    def messages(self) -> list[Literal]:
        return sorted((m for m in self.graph.objects(self.node, SH.message) if isinstance(m, Literal)), key=str)

    def values(self, predicate: URIRef) -> list[Node]:
        """All values of one parameter, in a deterministic order."""
        return sorted(self.graph.objects(self.node, predicate), key=lambda n: n.n3())

    def value(self, predicate: URIRef) -> Node | None:
        return self.graph.value(self.node, predicate)

    def list_values(self, predicate: URIRef) -> list[list[Node]]:
        """The members of each RDF list given as a value of ``predicate`` (sh:in, sh:and, sh:languageIn …)."""
        return [list(Collection(self.graph, head)) for head in self.values(predicate)]

    @cached_property
    def has_implicit_class_target(self) -> bool:
        """A shape that is also an ``rdfs:Class`` targets its own instances (spec §2.1.3.3)."""
        types = set(self.graph.objects(self.node, RDF.type))
        return isinstance(self.node, URIRef) and bool(types & {RDFS.Class, OWL.Class})

    @property
    def has_targets(self) -> bool:
        return self.has_implicit_class_target or any(
            self.graph.value(self.node, p) is not None for p in TARGET_PREDICATES
        )

    def __str__(self) -> str:
        return self.node.n3()


def shape_nodes(shapes: Graph) -> list[Node]:
    """Every node that is a shape: typed, targeted, having sh:path, or the value of a shape parameter."""
    nodes: set[Node] = set()
    for shape_type in (SH.NodeShape, SH.PropertyShape):
        nodes.update(shapes.subjects(RDF.type, shape_type))
    for predicate in TARGET_PREDICATES:
        nodes.update(shapes.subjects(predicate, None))
    nodes.update(shapes.subjects(SH.path, None))
    for predicate in SHAPE_REFERENCES:
        nodes.update(shapes.objects(None, predicate))
    for predicate in SHAPE_LISTS:
        for head in shapes.objects(None, predicate):
            nodes.update(Collection(shapes, head))
    return sorted(nodes, key=lambda n: n.n3())


def read_shapes(shapes: Graph) -> dict[Node, Shape]:
    """All shapes of a shapes graph, keyed by their node."""
    return {node: Shape(node, shapes) for node in shape_nodes(shapes)}
