"""A SPARQL 1.1 server as a :class:`kg.store.interface.GraphStore`: the national server behind ``--endpoint``.

Queries go through SPARQLWrapper (SPARQL 1.1 Protocol); answers come back as rdflib terms. Loads go through
the Graph Store HTTP Protocol when a GSP endpoint is given, else through SPARQL Update, always into a fresh
*staging* graph first; one final SPARQL Update request then swaps every staged graph into place
(``MOVE SILENT GRAPH <staging> TO GRAPH <target>``) and drops the graphs to delete. A load that fails or is
killed while uploading leaves every target graph untouched (only an orphan staging graph under
``…/graph/staging/`` may remain); see ``docs/scale-out.md`` for what each server guarantees about the swap.

Parameters are bound by injecting a ``VALUES`` block, serialised from the rdflib terms, at the start of the
query's outermost ``WHERE`` group: never by pasting text into the query.

Servers may cut answers short: Virtuoso stops at its row cap (``ResultSetMaxRows``, header
``X-SPARQL-MaxRows``) and, for "anytime" queries, returns partial results on timeout (header
``X-SQL-State: S1TAT``). Both raise :class:`kg.store.interface.TruncatedResultError`: never a silently short answer.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping
from http.client import HTTPResponse
from typing import Literal as TypingLiteral

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.Wrapper import QueryResult

from kg.core.errors import InputError
from kg.core.namespaces import GRAPH, META_GRAPH, SPDX
from kg.core.terms import to_rdflib
from kg.store.embedded import EmbeddedStore
from kg.store.interface import SelectResult, TruncatedResultError
from kg.store.sparql_text import bind_values, check_iri, construct_count_query, query_form

#: Environment variables holding the credentials (never the command line, where ``ps`` would show them),
#: and the authentication scheme (``digest``, the default, or ``basic``).
USER_VARIABLE = "KOTACERDAS_USER"
PASSWORD_VARIABLE = "KOTACERDAS_PASSWORD"
AUTH_VARIABLE = "KOTACERDAS_AUTH"

#: Staged graphs are named under this prefix until the final swap moves them into place.
STAGING_PREFIX = f"{GRAPH}staging/"

#: Triples per ``INSERT`` request when loading through SPARQL Update. Virtuoso 7.2 refuses requests whose
#: generated SQL exceeds 10000 lines (about 1500 triples, measured); 500 leaves a wide margin.
DEFAULT_CHUNK_TRIPLES = 500

_RDF_ACCEPT = "application/n-triples,text/turtle;q=0.9,application/rdf+xml;q=0.5"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
#: An integral xsd:decimal in object position at the end of an N-Triples line. Virtuoso 7.2's SPARQL parser
#: turns "60"^^xsd:decimal into xsd:integer (measured; its Graph Store loader keeps xsd:decimal), so the
#: Update route writes the same value as "60.0"^^xsd:decimal, which every server keeps as a decimal.
_INTEGRAL_DECIMAL = re.compile(r'( )"([+-]?[0-9]+)"(\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>\s*\.\s*)$', re.M)


class RemoteStore:
    """A knowledge graph held by any SPARQL 1.1 server (Virtuoso, Oxigraph, Fuseki, GraphDB, QLever …).

    ``query_endpoint`` answers queries; ``update_endpoint`` (default: the query endpoint, as on Virtuoso and
    Fuseki) takes SPARQL Update; ``gsp_endpoint`` (optional) is the Graph Store HTTP Protocol endpoint used to
    upload graphs. ``user``/``password`` authenticate every request (``auth`` = ``"digest"``, Virtuoso's
    ``/sparql-auth``, or ``"basic"``); ``timeout`` is the HTTP timeout in seconds. ``parameters`` are extra
    request parameters sent with every query (e.g. Virtuoso's ``timeout`` in milliseconds, which asks for
    "anytime" answers, or ``maxrows``); answers cut short raise :class:`TruncatedResultError`.
    """

    def __init__(
        self,
        query_endpoint: str,
        *,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: TypingLiteral["digest", "basic"] = "digest",
        timeout: float = 300.0,
        parameters: Mapping[str, str] | None = None,
        chunk_triples: int = DEFAULT_CHUNK_TRIPLES,
    ) -> None:
        if auth not in ("digest", "basic"):
            raise InputError(f"autentikasi tidak dikenal / unknown authentication {auth!r}: digest or basic")
        if (user is None) != (password is None):
            raise InputError(
                f"{USER_VARIABLE} dan {PASSWORD_VARIABLE} harus diisi keduanya / "
                "give both the user and the password, or neither"
            )
        for url in (query_endpoint, update_endpoint, gsp_endpoint):
            if url is not None and not re.match(r"https?://", url):
                raise InputError(f"bukan URL http(s) / not an http(s) URL: {url}", source="--endpoint")
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint or query_endpoint
        self.gsp_endpoint = gsp_endpoint
        self.location = query_endpoint
        self.user = user
        self.auth = auth
        self.timeout = timeout
        self.parameters = dict(parameters or {})
        self.chunk_triples = chunk_triples
        self._password = password
        http_auth: httpx.Auth | None = None
        if user is not None and password is not None:
            http_auth = httpx.DigestAuth(user, password) if auth == "digest" else httpx.BasicAuth(user, password)
        self._http = httpx.Client(auth=http_auth, timeout=timeout)
        self._opener = _opener(query_endpoint, user, password, auth)

    @classmethod
    def from_environment(
        cls,
        query_endpoint: str,
        *,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        auth: TypingLiteral["digest", "basic"] | None = None,
        timeout: float = 300.0,
        parameters: Mapping[str, str] | None = None,
    ) -> RemoteStore:
        """A store whose credentials come from ``KOTACERDAS_USER`` / ``KOTACERDAS_PASSWORD`` (both or none);
        the scheme from ``auth``, else ``KOTACERDAS_AUTH``, else digest."""
        return cls(
            query_endpoint,
            update_endpoint=update_endpoint,
            gsp_endpoint=gsp_endpoint,
            user=os.environ.get(USER_VARIABLE) or None,
            password=os.environ.get(PASSWORD_VARIABLE) or None,
            auth=auth or os.environ.get(AUTH_VARIABLE, "digest").strip().lower(),  # type: ignore[arg-type]
            timeout=timeout,
            parameters=parameters,
        )

    def __repr__(self) -> str:
        return (
            f"RemoteStore({self.query_endpoint!r}, update_endpoint={self.update_endpoint!r}, "
            f"gsp_endpoint={self.gsp_endpoint!r})"
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- queries -------------------------------------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        """Run a SELECT query with ``bindings`` (variable name → RDF term) bound through ``VALUES``."""
        answer = self._query_json(bind_values(query, bindings), "SELECT")
        variables = list(answer.get("head", {}).get("vars", []))
        rows = [
            tuple(_term(binding[name]) if name in binding else None for name in variables)
            for binding in answer.get("results", {}).get("bindings", [])
        ]
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        answer = self._query_json(bind_values(query, bindings), "ASK")
        if "boolean" not in answer:
            raise InputError("jawaban ASK tanpa nilai boolean / ASK answer without a boolean", source=self.location)
        return bool(answer["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the answer (parsed by pyoxigraph, fast) as an rdflib graph."""
        text = bind_values(query, bindings)
        form = "DESCRIBE" if query_form(text) == "DESCRIBE" else "CONSTRUCT"
        result = self._run_query(text, form, TURTLE, _RDF_ACCEPT)
        body = _read(result, self.location)
        content_type = result.response.headers.get_content_type()
        rdf_format = ox.RdfFormat.from_media_type(content_type)
        if rdf_format is None:
            raise InputError(
                f"server menjawab dengan format yang tidak dikenal / server answered in an unknown RDF format "
                f"{content_type!r}",
                source=self.location,
            )
        try:
            triples = set(ox.parse(body, format=rdf_format))
        except SyntaxError as error:
            raise InputError(f"jawaban RDF tidak terbaca / unreadable RDF answer: {error}", source=self.location)
        if form == "CONSTRUCT" and "virtuoso" in (result.response.headers.get("Server") or "").lower():
            self._check_construct_complete(text, len(triples))
        graph = Graph()
        for triple in triples:
            subject, predicate = to_rdflib(triple.subject), to_rdflib(triple.predicate)
            graph.add((subject, predicate, _canonical(to_rdflib(triple.object, exact=False))))
        return graph

    def _check_construct_complete(self, query: str, triples: int) -> None:
        """Virtuoso cuts a CONSTRUCT answer at its row cap *without* any header (measured on 7.2: the answer
        holds cap + 1 triples): count the triples the query makes on the server and compare."""
        guard = construct_count_query(query)
        if guard is None:
            return
        answer = self.select(guard)
        expected = answer.rows[0][0] if answer.rows else None
        if isinstance(expected, Literal) and int(expected.toPython()) > triples:
            raise TruncatedResultError(
                f"{self.location}: jawaban CONSTRUCT terpotong / the server cut the CONSTRUCT answer short: "
                f"{triples} of {int(expected.toPython())} triples (Virtuoso ResultSetMaxRows); narrow the query "
                "or raise the cap"
            )

    # ---- reference data (the same logic as the embedded store, over SPARQL) -----------------------------

    def reference_digests(self) -> dict[str, str]:
        """The recorded SHA-256 of each reference graph's files (graph IRI → hex), from the metadata graph."""
        answer = self.select(
            f"SELECT ?graph ?value WHERE {{ GRAPH <{META_GRAPH}> {{ ?graph <{SPDX.checksum}> ?node . "
            f"?node <{SPDX.checksumValue}> ?value ; <{SPDX.algorithm}> <{SPDX['checksumAlgorithm_sha256']}> }} }}"
        )
        return {str(row[0]): str(row[1]) for row in answer.rows}

    def ensure_reference_data(self, force: bool = False) -> list[str]:
        """Load each reference graph (ontology, registry, alignments) whose files changed since it was loaded
        on the server; the graphs (re)loaded. The embedded store's procedure, through this store's methods."""
        return EmbeddedStore.ensure_reference_data(self, force)  # type: ignore[arg-type]

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs the server holds (servers may add their own system graphs)."""
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {str(row[0]) for row in result.rows if isinstance(row[0], URIRef)}

    def _query_json(self, query: str, form: str) -> dict:
        result = self._run_query(query, form, JSON, None)
        body = _read(result, self.location)
        try:
            return json.loads(body)
        except ValueError as error:
            raise InputError(
                f"jawaban bukan SPARQL JSON / the answer is not SPARQL results JSON ({error})", source=self.location
            )

    def _run_query(self, query: str, form: str, return_format: str, accept: str | None) -> QueryResult:
        wrapper = _Wrapper(self.query_endpoint, self._opener)
        wrapper.setQuery(query)
        wrapper.queryType = form  # the caller knows the form; SPARQLWrapper's regex guess is not needed
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(return_format)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(int(self.timeout))
        if self.user is not None and self.auth == "basic":
            wrapper.setCredentials(self.user, self._password)  # basic: SPARQLWrapper sets the header itself
        if accept:
            wrapper.addCustomHttpHeader("Accept", accept)
        for name, value in self.parameters.items():
            wrapper.addParameter(name, value)
        result = wrapper.query()
        check_complete(result.response.headers, self.location)
        return result

    # ---- writes --------------------------------------------------------------------------------------------

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update request (one request: servers apply it as one operation sequence)."""
        self._send(
            "POST",
            self.update_endpoint,
            content=_form({"update": sparql_update}),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )

    def replace_graphs(self, graphs: Mapping[str, bytes], delete: Iterable[str] = ()) -> None:
        """Put each named graph (IRI → N-Triples bytes) in place of its previous content and drop ``delete``.

        Every graph is first uploaded into its own staging graph (GSP ``PUT``, or ``INSERT DATA`` in chunks
        that keep each blank node's triples together); then one Update request moves them all into place.
        If an upload fails, the staging graphs are dropped and the targets are untouched.
        """
        run = uuid.uuid4().hex
        staged: dict[str, str] = {}
        try:
            for index, (graph, data) in enumerate(graphs.items()):
                check_iri(graph)
                if not data.strip():
                    continue
                staging = f"{STAGING_PREFIX}{run}/{index}"
                staged[graph] = staging
                self._upload(staging, data)
            operations = []
            for graph in graphs:
                if graph in staged:
                    operations.append(f"MOVE SILENT GRAPH <{staged[graph]}> TO GRAPH <{graph}>")
                else:
                    operations.append(f"DROP SILENT GRAPH <{graph}>")
            for graph in delete:
                if graph in graphs:  # replaced, not deleted
                    continue
                check_iri(graph)
                operations.append(f"DROP SILENT GRAPH <{graph}>")
            if operations:
                self.update(" ;\n".join(operations))
        except BaseException:
            self._discard(staged.values())
            raise

    def _upload(self, graph: str, data: bytes) -> None:
        if self.gsp_endpoint:
            self._send(
                "PUT",
                self.gsp_endpoint,
                params={"graph": graph},
                content=data,
                headers={"Content-Type": "application/n-triples"},
            )
            return
        for chunk, has_blank_nodes in ntriples_chunks(data, self.chunk_triples):
            chunk = _INTEGRAL_DECIMAL.sub(r'\1"\2.0"\3', chunk)
            if has_blank_nodes:  # Virtuoso refuses blank nodes in INSERT DATA; a template with one solution
                self.update(f"INSERT {{ GRAPH <{graph}> {{\n{chunk}\n}} }} WHERE {{ }}")
            else:
                self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk}\n}} }}")

    def _discard(self, staging_graphs: Iterable[str]) -> None:
        names = list(staging_graphs)
        if not names:
            return
        try:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in names))
        except Exception:  # noqa: BLE001 - best effort: the first error is the one to report
            pass

    def _send(self, method: str, url: str, **request: object) -> httpx.Response:
        try:
            try:
                response = self._http.request(method, url, **request)  # type: ignore[arg-type]
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
                # A server may drop a kept-alive connection between requests (Virtuoso does, under load): an
                # idempotent request is sent once more on a fresh connection; a POST is never repeated.
                if method not in _IDEMPOTENT_METHODS:
                    raise
                response = self._http.request(method, url, **request)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise InputError(
                f"server SPARQL tidak menjawab dalam {self.timeout:g} detik / no answer within "
                f"{self.timeout:g} s",
                source=url,
            ) from None
        except httpx.HTTPError as error:
            raise InputError(_unreachable(error), source=url) from None
        if response.status_code >= 400:
            raise InputError(_http_failure(response.status_code, response.text), source=url)
        return response


_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})


# ---- answers -----------------------------------------------------------------------------------------------


def check_complete(headers: Mapping[str, str] | object, endpoint: str) -> None:
    """Raise :class:`TruncatedResultError` when the response headers say the answer was cut short."""
    get = headers.get  # type: ignore[attr-defined]
    max_rows = get("X-SPARQL-MaxRows")
    if max_rows is not None:
        raise TruncatedResultError(
            f"{endpoint}: jawaban terpotong pada batas {max_rows} baris server / the server cut the answer at "
            f"its row cap of {max_rows} rows (Virtuoso ResultSetMaxRows): the answer may be incomplete; "
            "narrow the query (parameters, LIMIT/OFFSET pages) or raise the cap"
        )
    sql_state = get("X-SQL-State")
    if sql_state is not None and sql_state.strip().upper() == "S1TAT":
        message = (get("X-SQL-Message") or "").strip()
        raise TruncatedResultError(
            f"{endpoint}: jawaban tidak lengkap karena batas waktu / partial answer after a timeout "
            f"(X-SQL-State S1TAT{': ' + message[:160] if message else ''}); narrow the query or raise the "
            "server's timeout"
        )


def _term(binding: Mapping[str, str]) -> Node:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        language = binding.get("xml:lang")
        if language:
            return Literal(value, lang=language)
        datatype = binding.get("datatype")
        if datatype == _XSD_BOOLEAN:  # Virtuoso answers "1"/"0": the canonical form is "true"/"false"
            value = {"1": "true", "0": "false"}.get(value.strip(), value)
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    raise InputError(f"jenis term SPARQL JSON tidak dikenal / unknown SPARQL JSON term type {kind!r}")


def _canonical(term: Node | None) -> Node | None:
    """Booleans in their canonical form (Virtuoso writes ``"1"^^xsd:boolean``)."""
    if isinstance(term, Literal) and str(term.datatype) == _XSD_BOOLEAN and str(term) in ("1", "0"):
        return Literal("true" if str(term) == "1" else "false", datatype=term.datatype)
    return term


def _read(result: QueryResult, endpoint: str) -> bytes:
    try:
        return result.response.read()
    except (TimeoutError, OSError) as error:
        raise InputError(f"jawaban terputus / the answer was cut off in transfer ({error})", source=endpoint)


# ---- writes: N-Triples chunks ------------------------------------------------------------------------------


def ntriples_chunks(data: bytes, size: int) -> Iterator[tuple[str, bool]]:
    """N-Triples ``data`` as texts of about ``size`` triples, each blank node's triples in one chunk,
    each with whether it holds blank nodes.

    A blank-node label names the same node only within one request, so triples sharing a label must travel
    together; triples are grouped by the blank nodes they share (union-find over the labels).
    """
    lines = [line for line in data.decode("utf-8").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    line_labels: list[list[str]] = []
    for line in lines:
        labels = _blank_labels(line)
        line_labels.append(labels)
        for other in labels[1:]:
            parent[find(other)] = find(labels[0])
    groups: dict[str, list[str]] = {}
    chunk: list[str] = []
    for line, labels in zip(lines, line_labels):
        if labels:
            groups.setdefault(find(labels[0]), []).append(line)
            continue
        chunk.append(line)
        if len(chunk) >= size:
            yield "\n".join(chunk), False
            chunk = []
    if chunk:
        yield "\n".join(chunk), False
        chunk = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield "\n".join(chunk), True
            chunk = []
        chunk.extend(group)
    if chunk:
        yield "\n".join(chunk), True


def _blank_labels(line: str) -> list[str]:
    """The blank-node labels of one N-Triples line (subject and object position)."""
    stripped = line.strip()
    labels = []
    if stripped.startswith("_:"):
        labels.append(stripped.split(None, 1)[0])
    body = stripped.removesuffix(".").rstrip()
    last = body.rsplit(None, 1)[-1] if body else ""
    if last.startswith("_:") and '"' not in last and len(body.split(None, 2)) == 3:
        labels.append(last)
    return labels


# ---- HTTP ----------------------------------------------------------------------------------------------------


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper that opens requests with this store's own opener (digest auth without SPARQLWrapper's
    process-wide ``install_opener``) and turns HTTP and network failures into one clear :class:`InputError`."""

    def __init__(self, endpoint: str, opener: urllib.request.OpenerDirector) -> None:
        super().__init__(endpoint)
        self._store_opener = opener

    def _query(self) -> tuple[HTTPResponse, str]:
        request = self._createRequest()
        try:
            response = self._store_opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            raise InputError(_http_failure(error.code, body), source=self.endpoint) from None
        except TimeoutError:
            raise InputError(
                f"server SPARQL tidak menjawab dalam {self.timeout} detik / no answer within {self.timeout} s",
                source=self.endpoint,
            ) from None
        except (urllib.error.URLError, OSError) as error:
            raise InputError(_unreachable(error), source=self.endpoint) from None
        return response, self.returnFormat


def _opener(endpoint: str, user: str | None, password: str | None, auth: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None and password is not None and auth == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, endpoint, user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def _form(fields: Mapping[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode("ascii")


def _unreachable(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    return f"server SPARQL tidak dapat dihubungi / SPARQL endpoint unreachable ({reason})"


def _http_failure(status: int, body: str) -> str:
    if status in (401, 403):
        return (
            f"autentikasi gagal / authentication failed (HTTP {status}): check {USER_VARIABLE} and "
            f"{PASSWORD_VARIABLE}, and that the user may update the store"
        )
    if status == 404:
        return "endpoint tidak ditemukan / endpoint not found (HTTP 404): check the URL"
    detail = " ".join(line.strip() for line in re.sub(r"<[^>]+>", " ", body).splitlines() if line.strip())
    return f"server menolak permintaan / the server refused the request (HTTP {status}): {detail[:300]}"
