"""Other constraint components (spec §4.8): sh:closed (with sh:ignoredProperties), sh:hasValue, sh:in."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import SH

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import Uncompilable
from kg.shacl.terms import sparql_term


def closed(ctx: ShapeContext) -> list[Check]:
    """Triples of a focus node whose predicate is neither a property of the shape nor ignored."""
    flag = ctx.shape.value(SH.closed)
    if not (isinstance(flag, Literal) and flag.toPython() is True):
        return []
    if ctx.path is not None:
        raise Uncompilable("sh:closed on a property shape")
    allowed: set[URIRef] = set()
    for property_shape in ctx.shape.values(SH.property):
        path = ctx.graph.value(property_shape, SH.path)
        if isinstance(path, URIRef):
            allowed.add(path)
    for ignored in ctx.shape.list_values(SH.ignoredProperties):
        allowed.update(p for p in ignored if isinstance(p, URIRef))
    predicate = ctx.compiler.fresh("closed_path")
    listed = ", ".join(sparql_term(p) for p in sorted(allowed))
    text = ctx.fill(f"$focus ?this ?{predicate} ?value FILTER(?{predicate} NOT IN ($allowed))", allowed=listed)
    check = ctx.check(SH.ClosedConstraintComponent, text)
    check.path_var = predicate
    return [check]


def has_value(ctx: ShapeContext) -> list[Check]:
    """Focus nodes that do not have the value (no sh:value, see w3c/data-shapes#111)."""
    checks = []
    for value in ctx.shape.values(SH.hasValue):
        if ctx.path is None:
            text = ctx.fill("$focus FILTER(!sameTerm(?this, $term))", term=sparql_term(value))
        else:
            text = ctx.fill("$focus FILTER NOT EXISTS { ?this $path $term }", term=sparql_term(value))
        checks.append(ctx.check(SH.HasValueConstraintComponent, text, value=False, hasValue=value))
    return checks


def in_(ctx: ShapeContext) -> list[Check]:
    """Value nodes that are not one of the listed terms (RDF term equality, not value equality)."""
    checks = []
    for members in ctx.shape.list_values(SH["in"]):
        listed = " ".join(sparql_term(m) for m in members)
        text = ctx.fill("$values MINUS { VALUES ?value { $listed } }", listed=listed)
        shown = Literal(", ".join(m.n3() if isinstance(m, URIRef) else str(m) for m in members))
        checks.append(ctx.check(SH.InConstraintComponent, text, named={"in": shown}))
    return checks


TRANSLATORS = {SH.closed: closed, SH.hasValue: has_value, SH["in"]: in_}
AUXILIARY = {SH.ignoredProperties}
