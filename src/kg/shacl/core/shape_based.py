"""Shape-based constraint components (spec §4.7): sh:node, sh:property, sh:qualifiedValueShape.

sh:property needs no translation of its own: the compiler evaluates each property shape over the value
nodes of the shape that names it, and its results are reported as they are (spec §4.7.2).
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import SH
from rdflib.term import Node

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import Uncompilable


def node(ctx: ShapeContext) -> list[Check]:
    """Value nodes that do not conform to the node shape."""
    return [
        ctx.check(
            SH.NodeConstraintComponent, ctx.fill("$values $failing", failing=ctx.failing(shape, ctx.value)), node=shape
        )
        for shape in ctx.shape.values(SH.node)
    ]


def _sibling_shapes(ctx: ShapeContext, own: Node) -> list[Node]:
    """The qualified value shapes of the sibling property shapes (spec §4.7.3, qualifiedValueShapesDisjoint)."""
    graph = ctx.graph
    siblings: set[Node] = set()
    for parent in graph.subjects(SH.property, ctx.shape.node):
        for sibling in graph.objects(parent, SH.property):
            if sibling != ctx.shape.node:
                siblings.update(graph.objects(sibling, SH.qualifiedValueShape))
    siblings.discard(own)
    return sorted(siblings, key=lambda n: n.n3())


def _count(value: Node | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
        raise Uncompilable("qualified counts must be integers")
    return int(value.toPython())


def qualified_value_shape(ctx: ShapeContext) -> list[Check]:
    """Focus nodes with too few or too many value nodes conforming to the qualified value shape."""
    if ctx.path is None:
        raise Uncompilable("sh:qualifiedValueShape on a node shape")
    shapes = ctx.shape.values(SH.qualifiedValueShape)
    if len(shapes) != 1:
        raise Uncompilable("several sh:qualifiedValueShape values on one shape")
    qualified = shapes[0]
    disjoint_flag = ctx.shape.value(SH.qualifiedValueShapesDisjoint)
    disjoint = isinstance(disjoint_flag, Literal) and disjoint_flag.toPython() is True
    var = ctx.compiler.fresh("qualified")
    slots = {"failing": ctx.failing(qualified, var)}
    sibling_slots = ""
    if disjoint:
        for i, sibling in enumerate(_sibling_shapes(ctx, qualified)):
            slots[f"sibling_{i}"] = ctx.failing(sibling, var)
            sibling_slots += f" $sibling_{i}"
    conforming = f"?this $path ?{var} MINUS {{ $failing }}{sibling_slots}"
    checks = []
    minimum = _count(ctx.shape.value(SH.qualifiedMinCount))
    maximum = _count(ctx.shape.value(SH.qualifiedMaxCount))
    if minimum is not None and minimum > 0:
        text = ctx.fill(
            f"{{ SELECT ?this WHERE {{ $focus OPTIONAL {{ {conforming} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?{var}) < {minimum}) }}",
            **slots,
        )
        checks.append(
            ctx.check(SH.QualifiedMinCountConstraintComponent, text, value=False, qualifiedMinCount=Literal(minimum))
        )
    if maximum is not None:
        text = ctx.fill(
            f"{{ SELECT ?this WHERE {{ $focus {conforming} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?{var}) > {maximum}) }}",
            **slots,
        )
        checks.append(
            ctx.check(SH.QualifiedMaxCountConstraintComponent, text, value=False, qualifiedMaxCount=Literal(maximum))
        )
    return checks


TRANSLATORS = {SH.node: node, SH.qualifiedValueShape: qualified_value_shape}
AUXILIARY = {SH.property, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
