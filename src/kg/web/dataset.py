"""The dataset a server publishes: the embedded store it owns, or a SPARQL 1.1 server it fronts.

Both answer a query as pyoxigraph terms (:mod:`kg.store.answers`: :class:`Solutions`, :class:`Boolean`,
:class:`Triples`), so one serialiser writes every format. The store layer decides what a query may do and how
much of its answer is read (:func:`kg.store.guard.check_query`: size, nesting, patterns, ``SERVICE``;
:func:`kg.store.answers.collect`: rows, bytes, deadline); the embedded store's queries from outside run in
killable worker processes (:mod:`kg.store.query_workers`). This module only turns the store's refusals into
HTTP answers (:func:`http_error`).

The embedded dataset is the store's only writer while the server runs (RocksDB allows one process per store):
``kotacerdas load --store DIR`` sends its writes here (:mod:`kg.web.local_writes`), which applies them with the
store's own atomic ``replace_graphs`` and ``update``, one at a time, and bumps :attr:`generation` so that cached
answers are never served for an older state. A query reads one pyoxigraph snapshot, so it sees each write
entirely or not at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import PREFIXES
from kg.store.answers import (
    DEFAULT_MAX_ANSWER_BYTES,
    Answer,
    AnswerBounds,
    AnswerTooLargeError,
    Boolean,
    Solutions,
    Triples,
    collect,
)
from kg.store.sparql_text import not_a_query_message

__all__ = ["Answer", "Boolean", "Bounds", "Dataset", "SparqlError", "Solutions", "Triples", "open_dataset"]


class SparqlError(Exception):
    """A query the server will not answer: HTTP ``status``, a bilingual ``message`` and extra ``headers``
    (``Retry-After``)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def timeout_error(seconds: float) -> SparqlError:
    return SparqlError(
        503,
        f"kueri melebihi batas waktu {seconds:g} detik / query exceeded the time limit of {seconds:g} s "
        "(tambahkan LIMIT atau persempit pola / add a LIMIT or narrow the pattern)",
        {"retry-after": str(max(1, round(seconds)))},
    )


def cap_error(cap: int, what: str) -> SparqlError:
    return SparqlError(
        422,
        f"hasil melebihi batas {cap} {what} / the answer exceeds the limit of {cap} {what}; "
        "pakai LIMIT/OFFSET untuk mengambil per halaman / use LIMIT and OFFSET to page through it",
    )


def http_error(error: InputError) -> SparqlError:
    """The HTTP answer to a query the store refused or stopped (the store's errors, see :mod:`kg.store`)."""
    from kg.store.answers import AnswerTooLargeError
    from kg.store.bounded import QueryMemoryError, QueryTimeoutError
    from kg.store.guard import QueryShapeError, ServiceRefusedError
    from kg.store.interface import ResultTooLargeError
    from kg.store.query_workers import WorkersBusyError

    message = error.message
    if isinstance(error, WorkersBusyError):
        return SparqlError(503, message, {"retry-after": str(error.retry_after)})
    if isinstance(error, (QueryTimeoutError, QueryMemoryError)):
        return SparqlError(503, message, {"retry-after": "10"})
    if isinstance(error, ServiceRefusedError):
        return SparqlError(
            403,
            "SERVICE tidak diizinkan di titik akhir ini / SERVICE (federated query) is not allowed on this endpoint",
        )
    if isinstance(error, AnswerTooLargeError):
        return SparqlError(413, message)
    if isinstance(error, ResultTooLargeError):
        return SparqlError(422, message)
    if isinstance(error, QueryShapeError):
        return SparqlError(400, message)
    return SparqlError(400, message)


@dataclass(frozen=True)
class Bounds:
    """The limits of one evaluation: deadline (a ``time.monotonic()`` value), rows or triples, the time limit
    it came from, bytes of the answer's text, and how long a query may wait for a free query worker."""

    deadline: float
    cap: int
    timeout_s: float
    max_bytes: int = DEFAULT_MAX_ANSWER_BYTES
    queue_s: float = 5.0

    def answer_bounds(self) -> AnswerBounds:
        return AnswerBounds(self.cap, self.max_bytes, self.deadline, self.timeout_s)


def _read(answer, bounds: Bounds) -> Answer:
    """A pyoxigraph answer read within ``bounds`` (errors as HTTP answers)."""
    try:
        return collect(answer, bounds.answer_bounds())
    except InputError as error:
        raise http_error(error) from None


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


class EmbeddedDataset(Dataset):
    """The embedded pyoxigraph store, opened read-write by this process (its only writer while serving).

    Queries from outside (:meth:`run`) are evaluated by :class:`kg.store.query_workers.QueryWorkers`, processes
    that open the store read-only and can be killed; a store held in memory (tests) has no folder to share, so
    its queries run in the calling thread with the same checks and bounds.
    """

    writable = True
    workers = None

    def __init__(self, path: Path | str | None, *, query_workers: int = 0, max_query_memory_mb: int = 1024) -> None:
        super().__init__()
        from kg.store.embedded import EmbeddedStore

        self.store = EmbeddedStore(path)
        self.store.bulk_writes = False  # readers must never see a graph half-written
        self.location = self.store.location
        self.path = self.store.path
        self._write_lock = threading.Lock()
        if query_workers and self.path is not None:
            from kg.store.query_workers import QueryWorkers

            self.workers = QueryWorkers(self.path, query_workers, max_memory_mb=max_query_memory_mb)

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
        from kg.store.guard import check_query

        if self.workers is not None:
            from kg.store.query_workers import QueryJob

            job = QueryJob(
                query,
                max(bounds.deadline - time.monotonic(), 0.1),
                bounds.cap,
                bounds.max_bytes,
                tuple(default_graphs or ()),
                tuple(named_graphs or ()),
                dict(PREFIXES),
            )
            from kg.store.bounded import QueryTimeoutError

            try:
                return self.workers.run(job, self.generation, wait=min(bounds.queue_s, job.timeout_s))
            except QueryTimeoutError:
                raise timeout_error(bounds.timeout_s) from None
            except InputError as error:
                raise http_error(error) from None
        try:
            check_query(query)
            raw = self.store.query_raw(
                query, default_graphs=default_graphs, named_graphs=named_graphs, prefixes=PREFIXES
            )
        except InputError as error:
            raise http_error(error) from None
        return _read(raw, bounds)

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
        if self.workers is not None:
            self.workers.close()
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
        from kg.store.guard import check_query
        from kg.store.sparql_text import query_form

        try:
            check_query(query)
        except InputError as error:
            raise http_error(error) from None
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
        # the server's answer is read up to a bound of its own: its text is at most a few times the terms' text
        limit = bounds.max_bytes * 4 + 1_000_000
        try:
            with self._client.stream(
                "POST", self.endpoint, data=fields, headers={"Accept": accept}, timeout=remaining
            ) as response:
                if response.status_code == 400:
                    response.read()
                    raise SparqlError(400, f"kueri SPARQL tidak sah / invalid SPARQL query: {response.text[:2000]}")
                if response.status_code != 200:
                    raise SparqlError(
                        502, f"server SPARQL menjawab / the SPARQL server answered {response.status_code}"
                    )
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise http_error(AnswerTooLargeError(f"jawaban melebihi / the answer exceeds {limit:,} bytes"))
                    if time.monotonic() > bounds.deadline:
                        raise timeout_error(bounds.timeout_s)
                    chunks.append(chunk)
                content = b"".join(chunks)
                headers = response.headers
        except httpx.TimeoutException:
            raise timeout_error(bounds.timeout_s) from None
        except httpx.HTTPError as error:
            raise SparqlError(502, f"server SPARQL tidak terjangkau / SPARQL server unreachable: {error}") from None
        from kg.store.interface import TruncatedResultError
        from kg.store.remote import check_complete

        try:
            check_complete(headers, self.endpoint)
        except TruncatedResultError as error:
            raise SparqlError(502, str(error)) from None
        try:
            if form in ("SELECT", "ASK"):
                return _read(ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON), bounds)
            return _read(ox.parse(content, format=ox.RdfFormat.N_TRIPLES), bounds)
        except SyntaxError as error:
            raise SparqlError(502, f"jawaban server tidak terbaca / unreadable server answer: {error}") from None

    def close(self) -> None:
        self._client.close()
        self._remote.close()


def open_dataset(
    store: Path | None, endpoint: str | None, *, query_workers: int = 0, max_query_memory_mb: int = 1024
) -> Dataset:
    """The dataset to serve: the SPARQL server at ``endpoint``, else the embedded store ``store`` (default
    folder when ``None``) with ``query_workers`` processes evaluating the queries from outside (none: in the
    calling thread)."""
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
    return EmbeddedDataset(store, query_workers=query_workers, max_query_memory_mb=max_query_memory_mb)
