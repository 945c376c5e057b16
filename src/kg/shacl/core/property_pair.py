"""Property pair constraint components (spec §4.5): sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import Uncompilable
from kg.shacl.terms import sparql_term


def _predicates(ctx: ShapeContext, parameter) -> list[URIRef]:
    values = [v for v in ctx.shape.values(parameter) if isinstance(v, URIRef)]
    if len(values) != len(ctx.shape.values(parameter)):
        raise Uncompilable(f"{parameter.n3()} must be an IRI")
    return values


def _is_value_node(ctx: ShapeContext) -> str:
    """A pattern true when ``?value`` is a value node of ``?this``."""
    return "?this $path ?value" if ctx.path is not None else "FILTER(sameTerm(?this, ?value))"


def equals(ctx: ShapeContext) -> list[Check]:
    """Value nodes that are not values of the other property, and values of it that are not value nodes."""
    checks = []
    for predicate in _predicates(ctx, SH.equals):
        text = ctx.fill(
            "{ $values FILTER NOT EXISTS { ?this $other ?value } } UNION "
            "{ $focus ?this $other ?value FILTER NOT EXISTS { " + _is_value_node(ctx) + " } }",
            other=sparql_term(predicate),
        )
        checks.append(ctx.check(SH.EqualsConstraintComponent, text, equals=predicate))
    return checks


def disjoint(ctx: ShapeContext) -> list[Check]:
    """Value nodes that are also values of the other property."""
    return [
        ctx.check(
            SH.DisjointConstraintComponent,
            ctx.fill("$values ?this $other ?value .", other=sparql_term(predicate)),
            disjoint=predicate,
        )
        for predicate in _predicates(ctx, SH.disjoint)
    ]


def _comparison(parameter, operator: str, component: URIRef, name: str):
    def translate(ctx: ShapeContext) -> list[Check]:
        if ctx.path is None:
            raise Uncompilable(f"sh:{name} on a node shape")
        checks = []
        for predicate in _predicates(ctx, parameter):
            other = ctx.compiler.fresh("other")
            text = ctx.fill(
                f"$values ?this $other ?{other} FILTER(!COALESCE(?value {operator} ?{other}, false))",
                other=sparql_term(predicate),
            )
            check = ctx.check(component, text, named={name: predicate})
            check.distinct_by.append(other)  # one result per pair of values (spec §4.5.3)
            checks.append(check)
        return checks

    translate.__name__ = name
    translate.__doc__ = f"Value nodes that are not {operator} every value of the other property."
    return translate


TRANSLATORS = {
    SH.equals: equals,
    SH.disjoint: disjoint,
    SH.lessThan: _comparison(SH.lessThan, "<", SH.LessThanConstraintComponent, "lessThan"),
    SH.lessThanOrEquals: _comparison(
        SH.lessThanOrEquals, "<=", SH.LessThanOrEqualsConstraintComponent, "lessThanOrEquals"
    ),
}
