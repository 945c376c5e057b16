"""Media types of the server's answers, content negotiation, and serialising answers with pyoxigraph.

Results of SELECT and ASK: SPARQL JSON, XML, CSV, TSV. Graphs (CONSTRUCT, DESCRIBE, descriptions of
resources): Turtle, N-Triples, JSON-LD (compacted with the project's prefixes as ``@context``), RDF/XML,
TriG, N-Quads, and N3 for older RDF tools (:data:`N3`). HTML is offered beside them where a page exists. A
``format`` parameter (``?format=ttl``) or a file extension (``/id/region/32.73.ttl``) overrides ``Accept``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg.core.namespaces import PREFIXES
from kg.core.oxigraph_io import rdf_bytes, results_bytes


@dataclass(frozen=True)
class Format:
    """One answer format: its name, media type (with charset where textual) and the names that pick it."""

    name: str
    media_type: str
    aliases: tuple[str, ...]
    extension: str = ""

    @property
    def content_type(self) -> str:
        if self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "json", "xml")):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


HTML = Format("html", "text/html", ("html", "htm", "application/xhtml+xml"), "html")

RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("json", "srj", "application/json"), "srj"),
    Format("xml", "application/sparql-results+xml", ("xml", "srx", "application/xml", "text/xml"), "srx"),
    Format("csv", "text/csv", ("csv",), "csv"),
    Format("tsv", "text/tab-separated-values", ("tsv",), "tsv"),
)
#: Notation3, which older RDF tools (some harvesters) ask for: Turtle is N3, so the answer is the Turtle one,
#: labelled ``text/n3``. Last of the graph formats: chosen only when a client prefers it (``*/*`` and ``text/*``
#: still get Turtle), and not listed beside Turtle as a link of its own (the same document).
N3 = Format("n3", "text/n3", ("n3", "text/rdf+n3"), "n3")
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("turtle", "ttl", "application/x-turtle"), "ttl"),
    Format("ntriples", "application/n-triples", ("ntriples", "nt", "n-triples", "text/plain"), "nt"),
    Format("jsonld", "application/ld+json", ("jsonld", "json-ld", "json", "application/json"), "jsonld"),
    Format("rdfxml", "application/rdf+xml", ("rdfxml", "rdf", "xml", "owl", "application/xml", "text/xml"), "rdf"),
    Format("trig", "application/trig", ("trig",), "trig"),
    Format("nquads", "application/n-quads", ("nquads", "nq", "n-quads"), "nq"),
    N3,
)

_RESULT_OX = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "n3": ox.RdfFormat.TURTLE,
}


class NotAcceptable(Exception):
    """No format the client accepts (HTTP 406), or an unknown ``format`` name (HTTP 400)."""

    def __init__(self, message: str, status: int = 406) -> None:
        super().__init__(message)
        self.status = status


def _accept_ranges(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality, position))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float, int]]) -> tuple[float, int, int] | None:
    """How much the client wants ``media_type``: (quality, specificity, -position) of the best matching range."""
    best = None
    kind = media_type.split("/")[0]
    for media, quality, position in ranges:
        if media == media_type:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        key = (specificity, quality, -position)
        if best is None or key[0] > best[0]:
            best = key
    if best is None:
        return None
    return (best[1], best[0], best[2])


def choose(offered: tuple[Format, ...], accept: str | None, requested: str | None = None) -> Format:
    """The format to answer in: ``requested`` (a ``format`` parameter or extension) if given, else the best
    of ``offered`` for the ``Accept`` header (the first offered on a tie, or with no ``Accept``)."""
    if requested:
        wanted = requested.strip().lower()
        for item in offered:
            if wanted == item.name or wanted == item.media_type or wanted in item.aliases:
                return item
        names = ", ".join(item.name for item in offered)
        raise NotAcceptable(f"format tidak dikenal / unknown format {requested!r}; ada / known: {names}", status=400)
    if not accept or not accept.strip():
        return offered[0]
    ranges = _accept_ranges(accept)
    scored = []
    for index, item in enumerate(offered):
        qualities = [
            q for q in (_quality(m, ranges) for m in (item.media_type, *[a for a in item.aliases if "/" in a])) if q
        ]
        if qualities:
            best = max(qualities, key=lambda q: (q[1], q[0]))  # the most specific range decides
            if best[0] > 0:
                scored.append(((best[0], best[1], best[2], -index), item))
    if not scored:
        names = ", ".join(item.media_type for item in offered)
        raise NotAcceptable(f"tidak ada format yang diterima / none of the formats is acceptable: {names}")
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return scored[0][1]


# ---- serialising ------------------------------------------------------------------------------------------


def _tsv_term(term) -> str:
    return "" if term is None else str(term)


def serialize_solutions(variables: list[str], rows: list, fmt: Format) -> bytes:
    """SELECT rows in a SPARQL results format, written by pyoxigraph's own serialisers.

    The rows go to pyoxigraph as SPARQL TSV (its terms print in that syntax), which it reads back as
    solutions and writes in the asked format: the same bytes as serialising the query's answer directly.
    """
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines.extend("\t".join(_tsv_term(term) for term in row) for row in rows)
    parsed = ox.parse_query_results(("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV)
    return results_bytes(parsed, _RESULT_OX[fmt.name])


def serialize_boolean(value: bool, fmt: Format) -> bytes:
    """An ASK answer in a SPARQL results format."""
    if fmt.name in ("csv", "tsv"):
        return b"true\n" if value else b"false\n"
    parsed = ox.parse_query_results(json.dumps({"head": {}, "boolean": value}), format=ox.QueryResultsFormat.JSON)
    return results_bytes(parsed, _RESULT_OX[fmt.name])


def jsonld_context() -> dict[str, str]:
    """The ``@context`` of the project's JSON-LD: its prefixes (``kc``, ``kcid``, ``skos`` …)."""
    return dict(PREFIXES)


def serialize_triples(triples: list, fmt: Format) -> bytes:
    """Triples in an RDF format: pyoxigraph writes all but JSON-LD, which rdflib compacts with the prefixes."""
    if fmt.name == "jsonld":
        from rdflib import Graph

        ntriples = rdf_bytes(triples, ox.RdfFormat.N_TRIPLES)
        graph = Graph().parse(data=ntriples, format="nt")
        if not len(graph):
            return json.dumps({"@context": jsonld_context(), "@graph": []}, indent=2).encode()
        return graph.serialize(format="json-ld", context=jsonld_context(), indent=2).encode()
    if fmt.name in ("trig", "nquads"):
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return rdf_bytes(quads, _GRAPH_OX[fmt.name], dict(PREFIXES))
    return rdf_bytes(triples, _GRAPH_OX[fmt.name], dict(PREFIXES))
