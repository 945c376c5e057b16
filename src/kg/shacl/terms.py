"""Terms in compiled queries: constants from the shapes graph as SPARQL text, the class-membership path.

Conversion between rdflib and pyoxigraph terms lives in :mod:`kg.core.terms`.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.shacl.errors import Uncompilable


def sparql_term(term: Node) -> str:
    """The SPARQL text of a constant taken from the shapes graph (IRIs and literals only)."""
    if isinstance(term, URIRef):
        return "<" + str(term).replace("\\", "\\\\").replace(">", "\\>") + ">"
    if isinstance(term, Literal):
        return term.n3()
    raise Uncompilable(f"blank node {term.n3()} used as a constant in a query")


#: The SPARQL path from a node to each of its classes, through the data graph's class hierarchy.
INSTANCE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
