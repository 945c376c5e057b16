"""Cardinality constraint components (spec §4.2): sh:minCount, sh:maxCount."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import SH

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import Uncompilable


def _count(ctx: ShapeContext, parameter) -> list[int]:
    counts = []
    for value in ctx.shape.values(parameter):
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise Uncompilable(f"{parameter.n3()} must be an integer")
        counts.append(int(value.toPython()))
    if ctx.path is None:
        raise Uncompilable(f"{parameter.n3()} on a node shape")
    return counts


def min_count(ctx: ShapeContext) -> list[Check]:
    """Focus nodes with fewer value nodes than the minimum (no sh:value)."""
    checks = []
    for count in _count(ctx, SH.minCount):
        if count <= 0:
            continue
        if count == 1:
            pattern = ctx.fill("$focus FILTER NOT EXISTS { ?this $path ?_v }")
        else:
            pattern = ctx.fill(
                "{ SELECT ?this WHERE { $focus OPTIONAL { ?this $path ?_v } } "
                "GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) < $n) }",
                n=str(count),
            )
        checks.append(ctx.check(SH.MinCountConstraintComponent, pattern, value=False, minCount=Literal(count)))
    return checks


def max_count(ctx: ShapeContext) -> list[Check]:
    """Focus nodes with more value nodes than the maximum (no sh:value)."""
    checks = []
    for count in _count(ctx, SH.maxCount):
        if ctx.data_first:
            # Count values of every subject first (no focus nodes needed), then test the few candidates.
            pattern = ctx.fill(
                "{ SELECT ?this WHERE { ?this $path ?_v } GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > $n) } $member",
                n=str(count),
                member=ctx.member(ctx.this),
            )
        else:
            pattern = ctx.fill(
                "{ SELECT ?this WHERE { $focus ?this $path ?_v } GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > $n) }",
                n=str(count),
            )
        checks.append(ctx.check(SH.MaxCountConstraintComponent, pattern, value=False, maxCount=Literal(count)))
    return checks


TRANSLATORS = {SH.minCount: min_count, SH.maxCount: max_count}
