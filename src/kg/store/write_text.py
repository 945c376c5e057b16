"""The text of the embedded store's writes: N-Triples as N-Quads of a named graph (the bulk loader's input) and
as the lines of ``INSERT DATA`` / ``DELETE DATA`` (one transaction), blank nodes labelled per graph; the
witnesses that prove a bulk load's commit."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.oxigraph_io import rdf_bytes
from kg.store.content import holds_blank_nodes


def _as_bytes(graphs: Mapping[str, bytes | str] | None) -> dict[str, bytes]:
    """N-Triples given as bytes or text (text crosses JSON, e.g. to a running server), as bytes."""
    return {iri: data.encode("utf-8") if isinstance(data, str) else data for iri, data in (graphs or {}).items()}


def _witnesses(graphs: Mapping[str, bytes], with_triples: Mapping[str, bytes]) -> dict[str, str]:
    """For each new graph, the N-Quads of ``with_triples`` whose subject it is (its provenance record, written
    by the commit alone: their presence proves the commit), where there are any and no blank node."""
    found: dict[str, list[bytes]] = {}
    for target, data in with_triples.items():
        if holds_blank_nodes(data):
            continue
        for line in data.splitlines():
            first = line.split(b" ", 1)[0]
            subject = first[1:-1].decode("utf-8", "replace") if first.startswith(b"<") else ""
            if subject in graphs:
                found.setdefault(subject, []).append(
                    line.rstrip().removesuffix(b".").rstrip() + f" <{target}> .\n".encode()
                )
    return {iri: b"".join(lines).decode("utf-8") for iri, lines in found.items()}


def _literal(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _as_nquads(data: bytes, graph: str) -> bytes:
    """N-Triples ``data`` as N-Quads in ``graph``: each line's final `` .`` gets the graph name before it (the
    lines of pyoxigraph's writer and of the converter, one triple each); any other layout is parsed and
    written again."""
    if not data.endswith(b"\n"):
        data += b"\n"
    name = f" <{graph}> .\n".encode()
    quads = data.replace(b" .\n", name)
    # every line's end replaced, one per line break (a literal never holds a raw one): one pass to count them
    if len(quads) - len(data) == data.count(b"\n") * (len(name) - 3):
        return quads
    parsed = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in _parse(data, graph))
    return rdf_bytes(parsed, ox.RdfFormat.N_QUADS)


def _parse(data: bytes, graph: str) -> list[ox.Triple]:
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise InputError(f"N-Triples tidak sah / invalid N-Triples: {error}", source=graph) from None


def _has_blank(quad: ox.Quad | ox.Triple) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _statements(triples: list[ox.Triple], scope: int, maybe_blank: bool) -> list[str]:
    """The triples as lines of ``INSERT DATA``/``DELETE DATA`` (pyoxigraph's own N-Triples writer where no
    blank node can be among them: the same lines, written in Rust)."""
    if not maybe_blank:
        return rdf_bytes(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines(keepends=True)
    return [_statement(triple, scope) for triple in triples]


def _graph_blocks(graphs: Mapping[str, bytes], *, first_scope: int) -> list[str]:
    """``GRAPH <iri> { … }`` blocks of ``INSERT DATA`` for N-Triples to add, each graph's blank nodes labelled in
    a scope of its own (numbered from ``first_scope``); graphs with nothing to add are left out."""
    blocks = []
    for scope, (iri, data) in enumerate(graphs.items(), start=first_scope):
        lines = _statements(_parse(data, iri), scope, maybe_blank=b"_:" in data)
        if lines:
            blocks.append(f"GRAPH <{iri}> {{\n{''.join(lines)}}}")
    return blocks


def _statement(triple: ox.Quad | ox.Triple, scope: int) -> str:
    """One triple as a line of ``INSERT DATA``/``DELETE DATA``, its blank nodes labelled within ``scope`` (the
    graph's number in the request: labels of two graphs never meet)."""
    subject, obj = triple.subject, triple.object
    s = f"_:g{scope}_{subject.value}" if isinstance(subject, ox.BlankNode) else str(subject)
    o = f"_:g{scope}_{obj.value}" if isinstance(obj, ox.BlankNode) else str(obj)
    return f"{s} {triple.predicate} {o} .\n"
