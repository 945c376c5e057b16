"""Targets (spec §2.1.3): the focus nodes of a shape, as one SPARQL pattern.

sh:targetClass (and the implicit class target of a shape that is an rdfs:Class) follows
rdf:type/rdfs:subClassOf* in the data graph; sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf.
"""

from __future__ import annotations

from rdflib.namespace import SH

from kg.shacl.checks import FocusPattern
from kg.shacl.errors import Uncompilable
from kg.shacl.shapes import Shape
from kg.shacl.terms import INSTANCE_OF, sparql_term


def target_branches(shape: Shape, var: str) -> list[str]:
    """One pattern per target of the shape, each binding ``var``."""
    if shape.value(SH.target) is not None:
        raise Uncompilable("SPARQL-based targets (sh:target)")
    branches = []
    classes = shape.values(SH.targetClass) + ([shape.node] if shape.has_implicit_class_target else [])
    for cls in classes:
        branches.append(f"?{var} {INSTANCE_OF} {sparql_term(cls)} .")
    nodes = shape.values(SH.targetNode)
    if nodes:
        branches.append(f"VALUES ?{var} {{ {' '.join(sparql_term(n) for n in nodes)} }}")
    for predicate in shape.values(SH.targetSubjectsOf):
        branches.append(f"?{var} {sparql_term(predicate)} [] .")
    for predicate in shape.values(SH.targetObjectsOf):
        branches.append(f"[] {sparql_term(predicate)} ?{var} .")
    return branches


def focus_nodes(shape: Shape) -> FocusPattern:
    """The focus-node pattern of a shape with targets.

    A node may come more than once (two types, two targets): checks project DISTINCT results and count
    DISTINCT values, which is cheaper than making the focus nodes distinct first.
    """

    def pattern(var: str) -> str:
        return " UNION ".join("{ " + b + " }" for b in target_branches(shape, var))

    pattern("x")  # raise Uncompilable now rather than when the checks are built
    return pattern


def focus_membership(shape: Shape) -> FocusPattern | None:
    """A filter keeping only the bindings of a variable that are focus nodes of the shape.

    ``None`` for a shape with ``sh:targetNode``: its few focus nodes are cheaper to start from than the
    data a membership test would filter.
    """
    if shape.values(SH.targetNode):
        return None

    def pattern(var: str) -> str:
        return "FILTER EXISTS { " + focus_nodes(shape)(var) + " }"

    return pattern
