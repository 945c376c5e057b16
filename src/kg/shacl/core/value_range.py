"""Value range constraint components (spec §4.3): sh:minExclusive, sh:minInclusive, sh:maxExclusive, sh:maxInclusive.

A value node that cannot be compared with the bound (another type, an IRI, an ill-typed literal) violates.
"""

from __future__ import annotations

from rdflib.namespace import SH

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.terms import sparql_term

_OPERATORS = {
    SH.minExclusive: (">", SH.MinExclusiveConstraintComponent, "minExclusive"),
    SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent, "minInclusive"),
    SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent, "maxExclusive"),
    SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent, "maxInclusive"),
}


def _range(parameter):
    operator, component, name = _OPERATORS[parameter]

    def translate(ctx: ShapeContext) -> list[Check]:
        return [
            ctx.check(
                component,
                ctx.fill(f"$values FILTER(!COALESCE(?value {operator} $bound, false))", bound=sparql_term(bound)),
                named={name: bound},
            )
            for bound in ctx.shape.values(parameter)
        ]

    translate.__name__ = name
    translate.__doc__ = f"Value nodes that are not {operator} the bound of sh:{name}."
    return translate


TRANSLATORS = {parameter: _range(parameter) for parameter in _OPERATORS}
