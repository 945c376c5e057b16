"""SHACL property paths (spec §2.3.1) as SPARQL 1.1 property path text."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.shacl.errors import Uncompilable
from kg.shacl.terms import sparql_term

_UNARY = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def path_text(shapes: Graph, path: Node) -> str:
    """The SPARQL property path for a SHACL path node: predicate, inverse, sequence, alternative, */+/?."""
    if isinstance(path, URIRef):
        return sparql_term(path)
    if shapes.value(path, RDF.first) is not None:
        members = list(Collection(shapes, path))
        if len(members) < 2:
            raise Uncompilable("a sequence path needs at least two members")
        return "(" + "/".join(path_text(shapes, m) for m in members) + ")"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^(" + path_text(shapes, inverse) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        members = list(Collection(shapes, alternatives))
        if len(members) < 2:
            raise Uncompilable("an alternative path needs at least two members")
        return "(" + "|".join(path_text(shapes, m) for m in members) + ")"
    for predicate, operator in _UNARY.items():
        inner = shapes.value(path, predicate)
        if inner is not None:
            return "(" + path_text(shapes, inner) + ")" + operator
    raise Uncompilable(f"not a SHACL path: {path.n3()}")


def is_predicate_path(path: Node | None) -> bool:
    """True for the simplest path, a single predicate IRI."""
    return isinstance(path, URIRef)
