"""Value type constraint components (spec §4.1): sh:class, sh:datatype, sh:nodeKind."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH, XSD

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import Uncompilable
from kg.shacl.terms import INSTANCE_OF, sparql_term

#: Datatypes whose lexical form SPARQL can check by casting ``STR(?value)`` (an ill-typed literal fails).
CASTABLE = {
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.boolean,
    XSD.dateTime,
    XSD.date,
    XSD.time,
    XSD.gYear,
    XSD.gYearMonth,
    XSD.gMonth,
    XSD.gDay,
    XSD.gMonthDay,
    XSD.duration,
    XSD.yearMonthDuration,
    XSD.dayTimeDuration,
}
#: Datatypes that the store rewrites to xsd:integer on load: their checks run on pySHACL.
NORMALISED_BY_STORE = {
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isIRI(?value) || isBlank(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}


def class_(ctx: ShapeContext) -> list[Check]:
    """Each value node is an instance of the class, through rdf:type/rdfs:subClassOf* in the data graph."""
    return [
        ctx.check(
            SH.ClassConstraintComponent,
            ctx.fill("$values MINUS { ?value $instance_of $cls }", cls=sparql_term(cls), instance_of=INSTANCE_OF),
            named={"class": cls},
        )
        for cls in ctx.shape.values(SH["class"])
    ]


def well_formed(datatype: URIRef) -> str:
    """A SPARQL condition on ``?value`` (a literal of ``datatype``) that fails for ill-typed literals."""
    if datatype in NORMALISED_BY_STORE:
        raise Uncompilable(f"sh:datatype {datatype.n3()}: the store does not keep this datatype")
    if datatype in CASTABLE:
        return f"isLiteral(COALESCE({sparql_term(datatype)}(STR(?value)), <urn:x-kg:ill-typed>))"
    return "true"


def datatype(ctx: ShapeContext) -> list[Check]:
    """Each value node is a literal of the datatype, and well-formed for it."""
    checks = []
    for dt in ctx.shape.values(SH.datatype):
        if not isinstance(dt, URIRef):
            raise Uncompilable("sh:datatype must be an IRI")
        condition = f"isLiteral(?value) && sameTerm(DATATYPE(?value), {sparql_term(dt)}) && {well_formed(dt)}"
        pattern = ctx.fill(f"$values FILTER(!({condition}))")
        checks.append(ctx.check(SH.DatatypeConstraintComponent, pattern, datatype=dt))
    return checks


def node_kind(ctx: ShapeContext) -> list[Check]:
    """Each value node is of the node kind (IRI, blank node, literal or a pair of them)."""
    checks = []
    for kind in ctx.shape.values(SH.nodeKind):
        if not isinstance(kind, URIRef) or kind not in NODE_KINDS:
            raise Uncompilable(f"unknown sh:nodeKind {kind.n3()}")
        pattern = ctx.fill(f"$values FILTER(!{NODE_KINDS[kind]})")
        checks.append(ctx.check(SH.NodeKindConstraintComponent, pattern, nodeKind=kind))
    return checks


TRANSLATORS = {SH["class"]: class_, SH.datatype: datatype, SH.nodeKind: node_kind}
