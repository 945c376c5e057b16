"""RDF terms across the two libraries: rdflib (the interface, shapes, reports) and pyoxigraph (stores, queries).

Blank nodes keep their label both ways, so a result about a blank node can be mapped back to the input; literals
keep their lexical form as written (no normalisation), and ``xsd:string`` literals become plain rdflib literals.
"""

from __future__ import annotations

import re
from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)
_BLANK_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


@overload
def to_rdflib(term: None, *, exact: bool = True) -> None: ...
@overload
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, *, exact: bool = True) -> Node: ...
def to_rdflib(term, *, exact: bool = True):
    """An rdflib term for a pyoxigraph term (``None`` stays ``None``).

    ``exact`` keeps a literal's lexical form as stored (the SHACL engine reports values as written); otherwise
    rdflib's own literal normalisation applies, as for literals parsed from a server's answer."""
    normalize = False if exact else None
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=normalize)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value, normalize=normalize)
        return Literal(term.value, datatype=URIRef(datatype), normalize=normalize)
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib term; blank nodes keep their label when it is a valid one."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        label = str(term)
        return ox.BlankNode(label if _BLANK_LABEL.match(label) else "x" + label.encode().hex())
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph_triple(subject: Node, predicate: Node, obj: Node) -> ox.Triple:
    """A pyoxigraph triple for the terms of an rdflib triple (a subject is an IRI or a blank node, a predicate an
    IRI: as in any rdflib graph; anything else is a :class:`TypeError`)."""
    s, p, o = to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise TypeError(f"not an RDF triple: {subject!r} {predicate!r} {obj!r}")
    return ox.Triple(s, p, o)


def as_rdflib(term: object) -> Node | None:
    """A term of either library as an rdflib term (a pyoxigraph term converted as a parsed answer would be:
    rdflib's literal normalisation applies; ``None`` stays ``None``)."""
    if term is None or not isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term  # type: ignore[return-value]
    return to_rdflib(term, exact=False)
