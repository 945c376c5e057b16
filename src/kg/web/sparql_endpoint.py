"""``/sparql``: the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/).

Queries by ``GET ?query=``, ``POST`` of a form (``application/x-www-form-urlencoded``) or of the query itself
(``application/sparql-query``); ``default-graph-uri`` / ``named-graph-uri`` choose the dataset (without them
the default graph is the union of all graphs). Answers by ``Accept`` or a ``format`` parameter. Without a
query: the query editor for a browser, the SPARQL 1.1 Service Description for any other client.

Updates (``update=``, ``application/sparql-update``) are refused unless the server runs with
``--allow-update`` and the request carries ``Authorization: Bearer <token>`` with the token of
``$KOTACERDAS_UPDATE_TOKEN``; ``LOAD`` and ``SERVICE`` are refused always.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from kg.web.dataset import Boolean, SparqlError, Triples
from kg.web.formats import (
    GRAPH_FORMATS,
    HTML,
    RESULT_FORMATS,
    NotAcceptable,
    choose,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
)
from kg.web.site import Site

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_SD_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "TriG",
    "N-Quads",
    "N3",
)


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes before it is read whole."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise SparqlError(400, "isi permintaan bukan UTF-8 / the request body is not UTF-8") from None


async def protocol_parameters(request: Request, site: Site) -> list[tuple[str, str]]:
    """The protocol's parameters of a request, in order: from the URL, and from a form body; the body of
    ``application/sparql-query`` / ``sparql-update`` as ``query`` / ``update``."""
    parameters = list(request.query_params.multi_items())
    if request.method != "POST":
        return parameters
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        body = await read_body(request, site.settings.max_query_bytes)
    except BodyTooLarge:
        raise SparqlError(
            413,
            f"permintaan melebihi {site.settings.max_query_bytes} bita / request over {site.settings.max_query_bytes} bytes",
        ) from None
    if media == _FORM:
        parameters += parse_qsl(_decode(body), keep_blank_values=True)
    elif media == _QUERY:
        parameters.append(("query", _decode(body)))
    elif media == _UPDATE:
        parameters.append(("update", _decode(body)))
    else:
        raise SparqlError(
            415,
            f"jenis isi tidak didukung / unsupported content type {media or '(none)'!r}: "
            f"{_FORM}, {_QUERY} or {_UPDATE}",
        )
    return parameters


def _one(parameters: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in parameters if key == name]
    if len(values) > 1:
        raise SparqlError(400, f"parameter {name!r} lebih dari sekali / given more than once")
    return values[0] if values else None


async def sparql(request: Request) -> Response:
    site: Site = request.app.state.site
    try:
        parameters = await protocol_parameters(request, site)
        query, update = _one(parameters, "query"), _one(parameters, "update")
        if query is not None and update is not None:
            raise SparqlError(400, "beri query atau update, tidak keduanya / give query or update, not both")
        # clients repeat the format under several names (SPARQLWrapper: format, output, results): the first wins
        requested = next((value for key, value in parameters if key in ("format", "output") and value), None)
        if update is not None:
            return await _update(request, site, update)
        if query is None:
            return await _no_query(request, site, requested)
        if len(query.encode()) > site.settings.max_query_bytes:
            raise SparqlError(413, f"kueri melebihi / query over {site.settings.max_query_bytes} bytes")
        default_graphs = [value for key, value in parameters if key == "default-graph-uri"]
        named_graphs = [value for key, value in parameters if key == "named-graph-uri"]
        return await _query(request, site, query, default_graphs, named_graphs, requested)
    except SparqlError as error:
        return site.error(request, error.status, error.message, headers=error.headers)
    except NotAcceptable as error:
        return site.error(request, error.status, str(error))


async def _query(
    request: Request, site: Site, query: str, default_graphs: list[str], named_graphs: list[str], requested: str | None
) -> Response:
    from kg.store.sparql_text import query_form

    form = query_form(query)
    offered = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    fmt = choose(offered, request.headers.get("accept"), requested)
    dataset = site.dataset

    def produce(bounds) -> tuple[bytes, str]:
        answer = dataset.run(query, bounds, default_graphs or None, named_graphs or None)
        # the form was guessed from keywords; the answer's own kind decides when they disagree
        if isinstance(answer, Triples):
            used = fmt if fmt in GRAPH_FORMATS else GRAPH_FORMATS[0]
            return serialize_triples(answer.triples, used), used.content_type
        used = fmt if fmt in RESULT_FORMATS else RESULT_FORMATS[0]
        if isinstance(answer, Boolean):
            return serialize_boolean(answer.value, used), used.content_type
        return serialize_solutions(answer.variables, answer.rows, used), used.content_type

    key = ("sparql", query, tuple(default_graphs), tuple(named_graphs), fmt.name)
    return await site.answer(request, key, produce, executor=site.endpoint, admission=lambda: site.client_slot(request))


async def _no_query(request: Request, site: Site, requested: str | None) -> Response:
    fmt = choose((*GRAPH_FORMATS, HTML), request.headers.get("accept"), requested)
    if fmt is HTML:
        from kg.web.query_editor import editor_page

        return editor_page(request, site)

    def produce(_bounds) -> tuple[bytes, str]:
        return serialize_triples(service_description(site), fmt), fmt.content_type

    return await site.answer(request, ("service-description", fmt.name), produce)


def service_description(site: Site) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
    own = site.settings.own_url
    service = ox.NamedNode(own + "sparql")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, sd("Graph")),
        ox.Triple(
            service,
            ox.NamedNode("http://purl.org/dc/terms/description"),
            ox.Literal(
                f"Graf pengetahuan Kota Cerdas / Kota Cerdas knowledge graph. Batas / limits: "
                f"{site.settings.timeout_s:g} s, {site.settings.result_cap} rows or triples per answer.",
                language="en",
            ),
        ),
        ox.Triple(service, ox.NamedNode("http://rdfs.org/ns/void#rootResource"), ox.NamedNode(own + "void")),
    ]
    if site.settings.allow_update:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for name in _SD_RESULT_FORMATS:
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(_FORMATS_NS + name)))
    for index, graph in enumerate(sorted(site.dataset.graph_store.graph_names())):
        named = ox.BlankNode(f"named{index}")
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, rdf_type, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    return triples


def _refuse_update_keywords(update: str) -> None:
    from kg.store.guard import _resolve_codepoints
    from kg.store.sparql_text import _tokens

    for _, token in _tokens(_resolve_codepoints(update)):
        if token.upper() in ("LOAD", "SERVICE"):
            raise SparqlError(403, f"{token.upper()} tidak diizinkan / is not allowed on this endpoint")


async def _update(request: Request, site: Site, update: str) -> Response:
    settings = site.settings
    if not settings.allow_update:
        raise SparqlError(
            403, "pembaruan tidak diizinkan di titik akhir publik / updates are not allowed on the public endpoint"
        )
    supplied = request.headers.get("authorization", "")
    scheme, _, token = supplied.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), (settings.update_token or "").encode()
    ):
        return Response(
            "token tidak sah / missing or wrong bearer token\n",
            status_code=401,
            headers={"www-authenticate": 'Bearer realm="kotacerdas"', "content-type": "text/plain; charset=utf-8"},
        )
    if not site.dataset.writable:
        raise SparqlError(403, "server ini hanya-baca / this server is read-only (--endpoint)")
    _refuse_update_keywords(update)

    def run():
        from kg.core.errors import InputError

        try:
            return site.dataset.write("update", {"update": update})
        except InputError as error:
            raise SparqlError(400, error.message) from None

    await site.write(run)
    return Response(status_code=204)
