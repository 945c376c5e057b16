"""What a graph holds, summed up: its number of distinct triples and a SHA-256 of its content.

The digest is taken over the sorted N-Triples lines of the distinct triples, each blank node written ``_:b``
(a store renames blank nodes, so their labels cannot count), so the same triples give the same digest whether
they come from a file being loaded or from the store afterwards. The provenance of a load records it, and a
reload compares it with what the store holds: a graph that differs from its record is loaded again, never
called "unchanged".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.store.interface import GraphSummary


def _line(subject: object, predicate: object, obj: object) -> str:
    s = "_:b" if isinstance(subject, ox.BlankNode) else str(subject)
    o = "_:b" if isinstance(obj, ox.BlankNode) else str(obj)
    return f"{s} {predicate} {o} .\n"


def summarise(triples: Iterable[ox.Triple | ox.Quad]) -> GraphSummary:
    """The number of distinct triples and the content digest of ``triples`` (or of quads, graph ignored)."""
    distinct = {(item.subject, item.predicate, item.object) for item in triples}
    lines = sorted(_line(*triple) for triple in distinct)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
    return GraphSummary(triples=len(distinct), digest=digest.hexdigest())


def triples_of(data: bytes, source: str = "N-Triples") -> list[ox.Triple]:
    """The triples of N-Triples ``data``; :class:`InputError` when it does not parse."""
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise InputError(f"N-Triples tidak sah / invalid N-Triples: {error}", source=source) from None


def summarise_ntriples(data: bytes, source: str = "N-Triples") -> GraphSummary:
    """:func:`summarise` of N-Triples ``data``; :class:`InputError` when it does not parse."""
    return summarise(triples_of(data, source))
