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
from kg.core.oxigraph_io import rdf_bytes
from kg.store.interface import GraphSummary


def holds_blank_nodes(data: bytes) -> bool:
    """Whether N-Triples ``data`` has a blank node: a subject starts its line, an object follows the predicate's
    IRI (``_:`` inside a literal's text is none). Most data has no ``_:`` at all, which :func:`_holds_label_mark`
    tells; plain searches then find a blank node (a regular expression took ~6 times longer)."""
    return _holds_label_mark(data) and (data.startswith(b"_:") or b"\n_:" in data or b"> _:" in data)


def _holds_label_mark(data: bytes) -> bool:
    """Whether ``data`` holds ``_:``: the underscores found by ``memchr`` (rare in the project's N-Triples: 18,391
    in a national year's 245 MB, 0.02 s), each looked at; a search for the two bytes (0.2 s there) after the
    first thousand."""
    find = data.find
    at = find(b"_")
    for _ in range(1000):
        if at < 0:
            return False
        if data[at + 1 : at + 2] == b":":
            return True
        at = find(b"_", at + 1)
    return at >= 0 and find(b"_:", at) >= 0


def _line(subject: object, predicate: object, obj: object) -> str:
    s = "_:b" if isinstance(subject, ox.BlankNode) else str(subject)
    o = "_:b" if isinstance(obj, ox.BlankNode) else str(obj)
    return f"{s} {predicate} {o} .\n"


def summarise_canonical(data: bytes) -> GraphSummary:
    """The number of distinct triples and the content digest of pyoxigraph's own N-Triples ``data``
    (:func:`canonical_ntriples`, ``Store.dump``), without a term object per triple: the lines are the text of
    the terms, and sorting UTF-8 bytes sorts the text. Only data with blank nodes is read term by term, each
    blank node written ``_:b``."""
    if holds_blank_nodes(data):
        distinct = {
            (item.subject, item.predicate, item.object) for item in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        }
        lines = sorted(_line(*triple).encode("utf-8") for triple in distinct)
    else:
        lines = sorted(set(data.splitlines(keepends=True)))
    return GraphSummary(triples=len(lines), digest=hashlib.sha256(b"".join(lines)).hexdigest())


def triples_of(data: bytes, source: str = "N-Triples") -> list[ox.Triple]:
    """The triples of N-Triples ``data``; :class:`InputError` when it does not parse."""
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise InputError(f"N-Triples tidak sah / invalid N-Triples: {error}", source=source) from None


def canonical_ntriples(data: bytes, source: str = "N-Triples") -> bytes:
    """N-Triples ``data`` as pyoxigraph writes it (one form per term: what a store's dump of the same triples
    holds); :class:`InputError` when it does not parse."""
    return rdf_bytes(triples_of(data, source), ox.RdfFormat.N_TRIPLES)


def summarise_ntriples(data: bytes, source: str = "N-Triples") -> GraphSummary:
    """:func:`summarise_canonical` of any N-Triples ``data``; :class:`InputError` when it does not parse."""
    return summarise_canonical(canonical_ntriples(data, source))


def statements_with(data: bytes, patterns: Iterable[str]) -> bytes:
    """The lines of pyoxigraph's own N-Triples ``data`` whose predicate is one of ``patterns``, in the order
    of ``data``: IRIs written without their outer angle brackets; a pattern may name the object IRI too
    (``"…#type> <…#Submission"``). A line's subject never holds a space, so the predicate is its second term.

    Each pattern is found with ``bytes.find`` (22 MB in a few milliseconds); only its matches are read in
    Python."""
    starts: set[int] = set()
    for pattern in patterns:
        needle = f" <{pattern}> ".encode()
        at = data.find(needle)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            if b" " not in data[start:at]:  # the subject's end: the predicate is the second term
                starts.add(start)
            at = data.find(needle, at + 1)
    lines = []
    for start in sorted(starts):
        end = data.find(b"\n", start)
        lines.append(data[start : len(data) if end < 0 else end + 1])
    return b"".join(lines)
