"""The dataset a server publishes: the embedded store it owns, or a SPARQL 1.1 server it fronts.

Both answer a query as pyoxigraph terms (:class:`Solutions`, :class:`Boolean`, :class:`Triples`), so one
serialiser writes every format. Bounds hold for every query: a deadline (checked between rows, and by the
request waiting for the evaluation), a result cap (rows or triples: an answer over the cap is an error, never
cut short), at most ``workers`` evaluations at once, ``SERVICE`` refused.

The embedded dataset is the store's only writer while the server runs (RocksDB allows one process per store):
``kotacerdas load --store DIR`` sends its writes here (:mod:`kg.web.local_writes`), which applies them with the
store's own atomic ``replace_graphs`` and ``update``, one at a time, and bumps :attr:`generation` so that cached
answers are never served for an older state. A query reads one pyoxigraph snapshot, so it sees each write
entirely or not at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import PREFIXES
from kg.store.sparql_text import not_a_query_message, syntax_error_message


class SparqlError(Exception):
    """A query the server will not answer: HTTP ``status`` and a bilingual ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Solutions:
    """A SELECT answer: variable names and rows of pyoxigraph terms (``None`` unbound)."""

    variables: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class Boolean:
    """An ASK answer."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT or DESCRIBE answer."""

    triples: list[ox.Triple]


Answer = Solutions | Boolean | Triples


def refuse_service(query: str) -> None:
    """Refuse a query with a ``SERVICE`` clause (federation would make this server fetch other hosts).

    A minimal local check on the query's keywords (outside strings, IRIs and comments); the store layer is to
    provide one shared function for the CLI and the server.
    """
    from kg.store.sparql_text import _tokens  # the one tokeniser of SPARQL text in the project

    for _, token in _tokens(query):
        if token.upper() == "SERVICE":
            raise SparqlError(
                403,
                "SERVICE tidak diizinkan di titik akhir ini / SERVICE (federated query) is not allowed on this endpoint",
            )


def timeout_error(seconds: float) -> SparqlError:
    return SparqlError(
        503,
        f"kueri melebihi batas waktu {seconds:g} detik / query exceeded the time limit of {seconds:g} s "
        "(tambahkan LIMIT atau persempit pola / add a LIMIT or narrow the pattern)",
    )


def cap_error(cap: int, what: str) -> SparqlError:
    return SparqlError(
        422,
        f"hasil melebihi batas {cap} {what} / the answer exceeds the limit of {cap} {what}; "
        "pakai LIMIT/OFFSET untuk mengambil per halaman / use LIMIT and OFFSET to page through it",
    )


@dataclass(frozen=True)
class Bounds:
    """The limits of one evaluation."""

    deadline: float  # time.monotonic() value
    cap: int
    timeout_s: float


def _collect(items: Iterable, bounds: Bounds, what: str) -> list:
    collected: list = []
    append = collected.append
    for index, item in enumerate(items):
        if index >= bounds.cap:
            raise cap_error(bounds.cap, what)
        if not index & 255 and time.monotonic() > bounds.deadline:
            raise timeout_error(bounds.timeout_s)
        append(item)
    if time.monotonic() > bounds.deadline:
        raise timeout_error(bounds.timeout_s)
    return collected


def _answer(answer, bounds: Bounds) -> Answer:
    """A pyoxigraph answer (boolean, solutions, or triples/quads) read within ``bounds``."""
    if isinstance(answer, ox.QueryBoolean):
        return Boolean(bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [variable.value for variable in answer.variables]
        return Solutions(variables, _collect(answer, bounds, "baris / rows"))
    return Triples([getattr(item, "triple", item) for item in _collect(answer, bounds, "tripel / triples")])


class Dataset:
    """What the web app needs from the data behind it (see the module's description)."""

    #: ``True`` when this server owns an embedded store and can apply local writes.
    writable: bool = False
    location: str = ""

    def __init__(self) -> None:
        self.generation = 0
        self.started = time.time_ns()
        self.modified = datetime.now(UTC).replace(microsecond=0)
        self._listeners: list[Callable[[], None]] = []

    # ---- state ---------------------------------------------------------------------------------------------

    @property
    def state_tag(self) -> str:
        """Changes with every write: part of every ETag."""
        return f"{self.started:x}-{self.generation}"

    @property
    def last_modified(self) -> str:
        return format_datetime(self.modified, usegmt=True)

    def changed(self) -> None:
        """Record a write: a new generation, a new modification time; cached answers become stale."""
        self.generation += 1
        self.modified = datetime.now(UTC).replace(microsecond=0)
        for listener in self._listeners:
            listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    # ---- to implement ------------------------------------------------------------------------------------

    @property
    def graph_store(self):  # -> kg.store.interface.GraphStore
        raise NotImplementedError

    def run(
        self, query: str, bounds: Bounds, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None
    ) -> Answer:
        raise NotImplementedError

    def write(self, operation: str, arguments: Mapping) -> list[str] | None:
        """Apply one write (``replace_graphs``, ``update``, ``ensure_reference_data``: the graphs it loaded); only
        a writable dataset can."""
        raise SparqlError(405, "data ini hanya-baca / this dataset is read-only")

    def close(self) -> None:
        pass


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise SparqlError(400, f"IRI graf tidak sah / invalid graph IRI {iri!r}: {error}") from None


class EmbeddedDataset(Dataset):
    """The embedded pyoxigraph store, opened read-write by this process (its only writer while serving)."""

    writable = True

    def __init__(self, path: Path | str | None) -> None:
        super().__init__()
        from kg.store.embedded import EmbeddedStore

        self.store = EmbeddedStore(path)
        self.store.bulk_writes = False  # readers must never see a graph half-written
        self.location = self.store.location
        self.path = self.store.path
        self._write_lock = threading.Lock()

    @classmethod
    def from_store(cls, store) -> EmbeddedDataset:
        """Serve an :class:`kg.store.embedded.EmbeddedStore` already open (tests, in-memory stores)."""
        self = cls.__new__(cls)
        Dataset.__init__(self)
        self.store = store
        store.bulk_writes = False  # readers must never see a graph half-written
        self.location = store.location
        self.path = store.path
        self._write_lock = threading.Lock()
        return self

    @property
    def graph_store(self):
        return self.store

    def run(
        self, query: str, bounds: Bounds, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None
    ) -> Answer:
        refuse_service(query)
        options: dict = {"prefixes": dict(PREFIXES)}
        if default_graphs:
            options["default_graph"] = [_graph_node(iri) for iri in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [_graph_node(iri) for iri in named_graphs]
        try:
            return _answer(self.store.store.query(query, **options), bounds)
        except SyntaxError as error:
            raise SparqlError(400, syntax_error_message(query, error)) from None
        except OSError as error:
            raise SparqlError(500, f"kesalahan penyimpanan / store error: {error}") from None

    # ---- writes (local only, see kg.web.local_writes) ------------------------------------------------------

    def write(self, operation: str, arguments: Mapping) -> list[str] | None:
        """Apply one write of the store's own :class:`GraphStore` methods, one writer at a time."""
        with self._write_lock:
            try:
                result: list[str] | None = None
                if operation == "replace_graphs":
                    graphs = {iri: data for iri, data in arguments["graphs"].items()}
                    extra = dict(arguments.get("options") or {})
                    self.store.replace_graphs(graphs, arguments.get("delete") or (), **extra)
                elif operation == "update":
                    self.store.update(arguments["update"])
                elif operation == "ensure_reference_data":
                    result = self.store.ensure_reference_data(bool(arguments.get("force")))
                else:
                    raise SparqlError(400, f"operasi tidak dikenal / unknown operation {operation!r}")
            finally:
                # even a failed write may have happened in part on a remote store; here it is atomic, but a
                # new generation costs only a cache miss
                self.changed()
            return result

    def close(self) -> None:
        self.store.close()


class RemoteDataset(Dataset):
    """A SPARQL 1.1 server fronted by this one: queries are forwarded, answers re-serialised (read-only)."""

    def __init__(self, endpoint: str) -> None:
        super().__init__()
        import httpx

        from kg.store.remote import RemoteStore

        self.endpoint = endpoint
        self.location = endpoint
        self._remote = RemoteStore.from_environment(endpoint)
        self._client = httpx.Client(follow_redirects=False)

    @property
    def graph_store(self):
        return self._remote

    def run(
        self, query: str, bounds: Bounds, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None
    ) -> Answer:
        import httpx

        from kg.queries.canned import with_standard_prefixes
        from kg.store.sparql_text import query_form

        refuse_service(query)
        text = with_standard_prefixes(query)
        form = query_form(text)
        if form is None:
            raise SparqlError(400, not_a_query_message(query))
        accept = "application/sparql-results+json" if form in ("SELECT", "ASK") else "application/n-triples"
        fields: dict[str, str | list[str]] = {"query": text}
        if default_graphs:
            fields["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            fields["named-graph-uri"] = list(named_graphs)
        remaining = max(bounds.deadline - time.monotonic(), 0.1)
        try:
            response = self._client.post(self.endpoint, data=fields, headers={"Accept": accept}, timeout=remaining)
        except httpx.TimeoutException:
            raise timeout_error(bounds.timeout_s) from None
        except httpx.HTTPError as error:
            raise SparqlError(502, f"server SPARQL tidak terjangkau / SPARQL server unreachable: {error}") from None
        if response.status_code == 400:
            raise SparqlError(400, f"kueri SPARQL tidak sah / invalid SPARQL query: {response.text[:2000]}")
        if response.status_code != 200:
            raise SparqlError(502, f"server SPARQL menjawab / the SPARQL server answered {response.status_code}")
        from kg.store.interface import TruncatedResultError
        from kg.store.remote import check_complete

        try:
            check_complete(response.headers, self.endpoint)
        except TruncatedResultError as error:
            raise SparqlError(502, str(error)) from None
        try:
            if form in ("SELECT", "ASK"):
                return _answer(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON), bounds)
            return _answer(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES), bounds)
        except SyntaxError as error:
            raise SparqlError(502, f"jawaban server tidak terbaca / unreadable server answer: {error}") from None

    def close(self) -> None:
        self._client.close()
        self._remote.close()


def open_dataset(store: Path | None, endpoint: str | None) -> Dataset:
    """The dataset to serve: the SPARQL server at ``endpoint``, else the embedded store ``store`` (default
    folder when ``None``)."""
    if endpoint:
        if store is not None:
            raise InputError("pilih --store atau --endpoint, tidak keduanya / give --store or --endpoint, not both")
        return RemoteDataset(endpoint)
    from kg.store.embedded import default_store_path
    from kg.store.server_file import read_server_file

    running = read_server_file(store if store is not None else default_store_path())
    if running is not None:
        raise InputError(
            f"server lain sudah menyajikan penyimpanan ini / another server already serves this store: {running['url']}",
            source=str(store or default_store_path()),
        )
    return EmbeddedDataset(store)
