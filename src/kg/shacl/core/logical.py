"""Logical constraint components (spec §4.6): sh:not, sh:and, sh:or, sh:xone.

Each nested shape becomes the set of value nodes that fail it; the component combines those sets.
"""

from __future__ import annotations

from rdflib.namespace import SH

from kg.shacl.checks import Check, ShapeContext


def not_(ctx: ShapeContext) -> list[Check]:
    """Value nodes that conform to the negated shape."""
    return [
        ctx.check(
            SH.NotConstraintComponent,
            ctx.fill("$values MINUS { $failing }", failing=ctx.failing(shape, ctx.value)),
            named={"not": shape},
        )
        for shape in ctx.shape.values(SH["not"])
    ]


def and_(ctx: ShapeContext) -> list[Check]:
    """Value nodes that fail at least one of the shapes."""
    checks = []
    for members in ctx.shape.list_values(SH["and"]):
        if not members:
            continue
        failing = " UNION ".join("{ " + ctx.failing(m, ctx.value) + " }" for m in members)
        checks.append(ctx.check(SH.AndConstraintComponent, ctx.fill("$values { $failing }", failing=failing)))
    return checks


def or_(ctx: ShapeContext) -> list[Check]:
    """Value nodes that fail every one of the shapes."""
    checks = []
    for members in ctx.shape.list_values(SH["or"]):
        failing = " ".join(ctx.failing(m, ctx.value) for m in members)
        checks.append(ctx.check(SH.OrConstraintComponent, ctx.fill("$values $failing", failing=failing)))
    return checks


def xone(ctx: ShapeContext) -> list[Check]:
    """Value nodes that conform to none, or to more than one, of the shapes (counted with one GROUP BY)."""
    checks = []
    for members in ctx.shape.list_values(SH.xone):
        branches = ["{ $values }"] + [f"{{ $values $failing_{i} BIND({i} AS ?_failed) }}" for i in range(len(members))]
        failing = {f"failing_{i}": ctx.failing(m, ctx.value) for i, m in enumerate(members)}
        text = ctx.fill(
            "{ SELECT ?this ?value WHERE { " + " UNION ".join(branches) + " } "
            f"GROUP BY ?this ?value HAVING ({len(members)} - COUNT(DISTINCT ?_failed) != 1) }}",
            **failing,
        )
        checks.append(ctx.check(SH.XoneConstraintComponent, text))
    return checks


TRANSLATORS = {SH["not"]: not_, SH["and"]: and_, SH["or"]: or_, SH.xone: xone}
