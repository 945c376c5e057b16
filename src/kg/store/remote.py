"""A SPARQL 1.1 server as a :class:`kg.store.interface.GraphStore`: the national server behind ``--endpoint``.

One HTTP stack (httpx) for everything: queries (SPARQL 1.1 Protocol, answers parsed here: SPARQL results JSON,
RDF through pyoxigraph), loads (Graph Store HTTP Protocol when a GSP endpoint is given, else SPARQL Update) and
updates, with one authentication set-up (digest or basic) and one error path (one line, exit 2). Loads go into
a fresh *staging* graph first; one final SPARQL Update request then swaps every staged graph into place
(``MOVE SILENT GRAPH <staging> TO GRAPH <target>``), drops the graphs to delete and records the provenance of
the change. A load that fails or is killed while uploading leaves every target graph untouched (only an orphan
staging graph under ``…/graph/staging/`` may remain); see ``docs/scale-out.md`` for what each server
guarantees about the swap.

Parameters are bound by injecting a ``VALUES`` block, serialised from the rdflib terms, at the start of the
query's outermost ``WHERE`` group: never by pasting text into the query.

Dataset semantics: the canned queries read the default graph as the union of the named graphs (Virtuoso, the
embedded store, Oxigraph with ``--union-default-graph``). On the first query the store asks the server whether
a triple of the ontology graph is visible without ``GRAPH``; where it is not (Oxigraph, Fuseki, GraphDB out of
the box), every query without a dataset clause of its own is sent with the project's graphs as
``default-graph-uri`` and ``named-graph-uri``; a server that ignores them is refused with one line saying how
to configure it. Never a silently empty answer.

Servers may cut answers short: Virtuoso stops at its row cap (``ResultSetMaxRows``, header
``X-SPARQL-MaxRows``) and, for "anytime" queries, returns partial results on timeout (header
``X-SQL-State: S1TAT``). Both raise :class:`kg.store.interface.TruncatedResultError`: never a silently short
answer. ``timeout`` bounds each request (and is sent to Virtuoso as its own ``timeout`` parameter, so the
server stops the query too); answers over ``max_answer_bytes`` or over a caller's ``max_rows`` are refused.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from typing import Literal as TypingLiteral

import httpx
import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import BASE, GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from kg.store.interface import GraphSummary, ResultTooLargeError, SelectResult, TruncatedResultError
from kg.store.remote_answers import _canonical, _integer, _json, _read_body, check_complete, parse_select_json
from kg.store.sparql_text import bind_values, check_iri, construct_count_query, has_dataset_clause, query_form

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.store.sparql_text import BoundTerm

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

#: Seconds the client waits beyond the time limit for a server that enforces the limit itself (Virtuoso).
SERVER_TIMEOUT_GRACE = 5.0

#: The largest answer body read from a server (bytes); a larger one is refused, not read into memory.
DEFAULT_MAX_ANSWER_BYTES = 256 << 20

_RDF_ACCEPT = "application/n-triples,text/turtle;q=0.9,application/rdf+xml;q=0.5"
_RESULTS_ACCEPT = "application/sparql-results+json"
_OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: A triple every loaded store holds in its ontology graph: how the dataset semantics are detected.
_KNOWN_TRIPLE = f"<{ONTOLOGY_IRI}> <{_RDF_TYPE}> <{_OWL_ONTOLOGY}>"
#: An integral xsd:decimal in object position at the end of an N-Triples line. Virtuoso 7.2's SPARQL parser
#: turns "60"^^xsd:decimal into xsd:integer (measured; its Graph Store loader keeps xsd:decimal), so the
#: Update route writes the same value as "60.0"^^xsd:decimal, which every server keeps as a decimal.
_INTEGRAL_DECIMAL = re.compile(r'( )"([+-]?[0-9]+)"(\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>\s*\.\s*)$', re.M)


class RemoteStore:
    """A knowledge graph held by any SPARQL 1.1 server (Virtuoso, Oxigraph, Fuseki, GraphDB, QLever …).

    ``query_endpoint`` answers queries; ``update_endpoint`` (default: the query endpoint, as on Virtuoso and
    Fuseki) takes SPARQL Update; ``gsp_endpoint`` (optional) is the Graph Store HTTP Protocol endpoint used to
    upload graphs. ``user``/``password`` authenticate every request (``auth`` = ``"digest"``, Virtuoso's
    ``/sparql-auth``, or ``"basic"``); ``timeout`` bounds each request in seconds (and is passed to Virtuoso as
    its query timeout). ``parameters`` are extra request parameters sent with every query (e.g. Virtuoso's
    ``timeout`` in milliseconds, which asks for "anytime" answers, or ``maxrows``); answers cut short raise
    :class:`TruncatedResultError`, answers over ``max_answer_bytes`` :class:`ResultTooLargeError`.
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
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
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
        self.max_answer_bytes = max_answer_bytes
        http_auth: httpx.Auth | None = None
        if user is not None and password is not None:
            http_auth = httpx.DigestAuth(user, password) if auth == "digest" else httpx.BasicAuth(user, password)
        self._http = httpx.Client(auth=http_auth, timeout=timeout)
        #: The ``Server`` header of the first answer (how Virtuoso is recognised).
        self.server: str | None = None
        #: ``None`` until detected: the dataset parameters every query needs (empty on a union-default server).
        self._dataset: list[tuple[str, str]] | None = None

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

    #: A server writes every load in transactions of its own, keeps its own files and has no indexes to read
    #: here: none of the embedded store's abilities (:class:`kg.store.interface.GraphStore`).
    bulk_batch_triples = 0
    compacts = False

    def optimize(self) -> None:
        """Nothing: the server keeps its own files."""

    def local_quads(self, subject: object, predicate: object, obj: object) -> None:
        """``None``: no local indexes (ask SPARQL queries)."""
        return None

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs, one ``CONSTRUCT`` per graph."""
        from kg.core.terms import to_oxigraph

        for graph in sorted(self.graph_names()):
            answer = self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            node = ox.NamedNode(graph)
            for s, p, o in answer:
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), node)  # type: ignore[arg-type]

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of the named graphs, each once."""
        seen = set()
        for quad in self.quads():
            if quad.triple not in seen:
                seen.add(quad.triple)
                yield quad.triple

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- queries -------------------------------------------------------------------------------------------

    def select(
        self, query: str, bindings: Mapping[str, BoundTerm] | None = None, *, max_rows: int | None = None
    ) -> SelectResult:
        """Run a SELECT query with ``bindings`` (variable name → RDF term) bound through ``VALUES``."""
        answer = self._query_json(bind_values(query, bindings))
        return parse_select_json(answer, self.location, max_rows)

    def ask(self, query: str, bindings: Mapping[str, BoundTerm] | None = None) -> bool:
        """Run an ASK query."""
        answer = self._query_json(bind_values(query, bindings))
        if "boolean" not in answer:
            raise InputError("jawaban ASK tanpa nilai boolean / ASK answer without a boolean", source=self.location)
        return bool(answer["boolean"])

    def construct(
        self, query: str, bindings: Mapping[str, BoundTerm] | None = None, *, max_rows: int | None = None
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the answer (parsed by pyoxigraph, fast) as an rdflib graph."""
        text = bind_values(query, bindings)
        response, body = self._query(text, _RDF_ACCEPT)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
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
            raise InputError(
                f"jawaban RDF tidak terbaca / unreadable RDF answer: {error}", source=self.location
            ) from None
        if max_rows is not None and len(triples) > max_rows:
            raise ResultTooLargeError(
                f"jawaban melebihi {max_rows:,} triple / the answer has more than {max_rows:,} triples: add LIMIT, "
                "narrow the query, or raise --max-rows",
                source=self.location,
            )
        if query_form(text) == "CONSTRUCT" and self.is_virtuoso:
            self._check_construct_complete(text, len(triples))
        from rdflib import Graph

        from kg.core.terms import to_rdflib

        graph = Graph()
        for triple in triples:
            subject, predicate = to_rdflib(triple.subject), to_rdflib(triple.predicate)
            graph.add((subject, predicate, _canonical(to_rdflib(triple.object, exact=False))))
        return graph

    @property
    def is_virtuoso(self) -> bool:
        """Whether the server said it is Virtuoso (its ``Server`` header)."""
        return "virtuoso" in (self.server or "").lower()

    def _check_construct_complete(self, query: str, triples: int) -> None:
        """Virtuoso cuts a CONSTRUCT answer at its row cap *without* any header (measured on 7.2: the answer
        holds cap + 1 triples): count the triples the query makes on the server and compare."""
        guard = construct_count_query(query)
        if guard is None:
            return
        answer = self.select(guard)
        expected = _integer(answer.terms[0][0]) if answer.terms else None
        if expected is not None and expected > triples:
            raise TruncatedResultError(
                f"{self.location}: jawaban CONSTRUCT terpotong / the server cut the CONSTRUCT answer short: "
                f"{triples} of {expected} triples (Virtuoso ResultSetMaxRows); narrow the query "
                "or raise the cap"
            )

    def ensure_reference_data(self, force: bool = False) -> list[str]:
        """Load each reference graph (ontology, registry, alignments) whose files changed since it was loaded
        on the server; the graphs (re)loaded (:func:`kg.store.reference.ensure_reference_data`)."""
        from kg.store.reference import ensure_reference_data

        return ensure_reference_data(self, force)

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs the server holds (servers may add their own system graphs)."""
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row[0].value for row in result.terms if isinstance(row[0], ox.NamedNode)}

    def graph_summaries(self, graphs: Iterable[str]) -> dict[str, GraphSummary]:
        """The number of triples of each of ``graphs`` the server holds (one query; no digest: servers write
        some literals in their own canonical form, so only the count is compared)."""
        wanted = list(dict.fromkeys(graphs))
        if not wanted:
            return {}
        for iri in wanted:
            check_iri(iri)
        values = " ".join(f"<{iri}>" for iri in wanted)
        answer = self.select(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        )
        return {graph.value: GraphSummary(triples=_integer(count) or 0) for graph, count in answer.terms}

    # ---- dataset semantics ---------------------------------------------------------------------------------

    def dataset_parameters(self) -> list[tuple[str, str]]:
        """The ``default-graph-uri``/``named-graph-uri`` parameters queries need on this server: none where the
        default graph is the union of the named graphs, else the project's graphs (detected once, again after
        a write). :class:`InputError` for a server that neither unites its graphs nor takes the parameters."""
        if self._dataset is None:
            self._dataset = self._detect_dataset()
        return self._dataset

    def _ask_plain(self, query: str, dataset: list[tuple[str, str]]) -> bool:
        _, body = self._request_query(query, _RESULTS_ACCEPT, dataset)
        return bool(_json(body, self.location).get("boolean"))

    def _detect_dataset(self) -> list[tuple[str, str]]:
        if not self._ask_plain(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ {_KNOWN_TRIPLE} }} }}", []):
            return []  # no project data yet: nothing to unite (detected again after the next write)
        if self._ask_plain(f"ASK {{ {_KNOWN_TRIPLE} }}", []):
            return []  # the default graph is the union of the named graphs
        _, body = self._request_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", _RESULTS_ACCEPT, [])
        names = sorted(
            row[0].value
            for row in parse_select_json(_json(body, self.location), self.location).terms
            if isinstance(row[0], ox.NamedNode)
            and row[0].value.startswith(BASE)
            and not row[0].value.startswith(STAGING_PREFIX)
        )
        dataset = [("default-graph-uri", name) for name in names] + [("named-graph-uri", name) for name in names]
        if not self._ask_plain(f"ASK {{ {_KNOWN_TRIPLE} }}", dataset):
            raise InputError(
                "grafik bawaan server bukan gabungan grafik bernama dan server mengabaikan default-graph-uri / "
                "the server's default graph is not the union of its named graphs and it ignores default-graph-uri: "
                "start Oxigraph with --union-default-graph, set tdb2:unionDefaultGraph true on Fuseki "
                "(docs/scale-out.md)",
                source=self.location,
            )
        return dataset

    # ---- HTTP ----------------------------------------------------------------------------------------------

    def _query_json(self, query: str) -> dict:
        _, body = self._query(query, _RESULTS_ACCEPT)
        return _json(body, self.location)

    def _query(self, query: str, accept: str) -> tuple[httpx.Response, bytes]:
        dataset = [] if has_dataset_clause(query) else self.dataset_parameters()
        return self._request_query(query, accept, dataset)

    def _request_query(self, query: str, accept: str, dataset: list[tuple[str, str]]) -> tuple[httpx.Response, bytes]:
        fields: list[tuple[str, str]] = [("query", query), *dataset]
        parameters = dict(self.parameters)
        options: dict[str, object] = {}
        if self.is_virtuoso and "timeout" not in parameters:
            # Virtuoso stops the query itself at the limit and says so; the client waits a little longer
            parameters["timeout"] = str(max(int(self.timeout * 1000), 1))
            options["timeout"] = self.timeout + SERVER_TIMEOUT_GRACE
        fields.extend(parameters.items())
        response, body = self._request(
            "POST",
            self.query_endpoint,
            safe=True,
            limit=self.max_answer_bytes,
            content=_form(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept},
            **options,
        )
        check_complete(response.headers, self.location)
        return response, body

    def _request(
        self, method: str, url: str, *, safe: bool, limit: int | None = None, **request: object
    ) -> tuple[httpx.Response, bytes]:
        """Send one request; its response and body (at most ``limit`` bytes). A server may drop a kept-alive
        connection between requests (Virtuoso does, under load): a request that changes nothing (``safe``: a
        query, a ``PUT`` of the same body) is sent once more on a fresh connection; an update never is.
        Every failure is one :class:`InputError` line."""
        try:
            for attempt in (1, 2):
                try:
                    with self._http.stream(method, url, **request) as response:  # type: ignore[arg-type]
                        body = _read_body(response, limit, url)
                    break
                except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
                    if not safe or attempt == 2:
                        raise
        except httpx.TimeoutException:
            raise InputError(
                f"server SPARQL tidak menjawab dalam {self.timeout:g} detik / no answer within {self.timeout:g} s",
                source=url,
            ) from None
        except httpx.HTTPError as error:
            raise InputError(_unreachable(error), source=url) from None
        if self.server is None:
            self.server = response.headers.get("Server", "")
        if response.status_code >= 400:
            raise InputError(_http_failure(response.status_code, body.decode("utf-8", "replace")), source=url)
        return response, body

    # ---- writes --------------------------------------------------------------------------------------------

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update request (one request: servers apply it as one operation sequence)."""
        self._dataset = None  # graphs may have come or gone
        self._request(
            "POST",
            self.update_endpoint,
            safe=False,
            content=_form([("update", sparql_update)]),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )

    def replace_graphs(
        self,
        graphs: Mapping[str, bytes],
        delete: Iterable[str] = (),
        *,
        with_update: str = "",
        with_triples: Mapping[str, bytes | str] | None = None,
    ) -> None:
        """Put each named graph (IRI → N-Triples bytes) in place of its previous content, drop ``delete``,
        apply ``with_update`` and add ``with_triples``.

        Every graph (and every graph of additions) is first uploaded into its own staging graph (GSP ``PUT``,
        or ``INSERT DATA`` in chunks that keep each blank node's triples together); then one Update request
        moves the new graphs into place, drops ``delete``, applies ``with_update`` and adds the staged
        additions (``ADD``): the provenance of a load changes in the same request as its graphs. If an upload
        fails, the staging graphs are dropped and the targets are untouched.
        """
        run = uuid.uuid4().hex
        staged: dict[str, str] = {}
        additions: dict[str, str] = {}
        try:
            for index, (graph, data) in enumerate(graphs.items()):
                check_iri(graph)
                if not data.strip():
                    continue
                staged[graph] = f"{STAGING_PREFIX}{run}/{index}"
                self._upload(staged[graph], data)
            for index, (graph, text) in enumerate((with_triples or {}).items()):
                check_iri(graph)
                data = text.encode("utf-8") if isinstance(text, str) else text
                if data.strip():
                    additions[graph] = f"{STAGING_PREFIX}{run}/add-{index}"
                    self._upload(additions[graph], data)
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
            if with_update.strip():
                operations.append(with_update)
            for graph, staging in additions.items():
                operations.append(f"ADD SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
                operations.append(f"DROP SILENT GRAPH <{staging}>")
            if operations:
                self.update(" ;\n".join(operations))
        except BaseException:
            self._discard([*staged.values(), *additions.values()])
            raise

    def _upload(self, graph: str, data: bytes) -> None:
        if self.gsp_endpoint:
            self._dataset = None
            self._request(
                "PUT",
                self.gsp_endpoint,
                safe=True,
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

    def _send(self, method: str, url: str, **request: Any) -> httpx.Response:
        """One request outside the store's own routes (tests use it to show what a server does on its own)."""
        response, _ = self._request(method, url, safe=method in ("GET", "HEAD", "PUT", "DELETE"), **request)
        return response


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
    for line, labels in zip(lines, line_labels, strict=True):
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


def _form(fields: Iterable[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(list(fields)).encode("ascii")


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
