"""The one interface over every store the knowledge graph lives in: embedded pyoxigraph or a SPARQL 1.1 server.

``kg.store.EmbeddedStore`` (pyoxigraph on disk) and ``kg.store.RemoteStore`` (SPARQL 1.1 Protocol, Graph Store
Protocol and SPARQL Update over one httpx client) both implement :class:`GraphStore`, so loading and the canned
queries are written once and give the same answers everywhere.

Terms crossing this interface are rdflib terms (``URIRef``, ``Literal``, ``BNode``); parameters are bound as
RDF terms (pyoxigraph substitutions, or a ``VALUES`` block serialised from the terms), never pasted as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier, Node

from kg.core.errors import InputError


@dataclass(frozen=True)
class SelectResult:
    """The answer of a SELECT query: variable names in order and rows of terms (``None`` where unbound)."""

    variables: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


class TruncatedResultError(RuntimeError):
    """A server cut an answer short (row cap, timeout with partial results): never return it as complete."""


class StoreWriteError(InputError):
    """A store refused a write (full disk, read-only store): the transaction did not happen, nothing changed.

    ``reason`` is the cause alone (``IO error: No space left on device …``), for callers that say more."""

    def __init__(self, message: str, source: str | None = None, row: int | None = None, reason: str = "") -> None:
        super().__init__(message, source, row)
        self.reason = reason or message


class ResultTooLargeError(InputError):
    """An answer has more rows (or triples) than the caller allowed: refused whole, never silently cut."""


@dataclass(frozen=True)
class GraphSummary:
    """What a store can say cheaply about one named graph: its number of triples and, where the store can
    compute it exactly (the embedded store), the :func:`kg.store.content.content_digest` of its content."""

    triples: int
    digest: str | None = None


@runtime_checkable
class GraphStore(Protocol):
    """What loading and querying need from a store."""

    #: A short human description: the store's folder or the endpoint URL.
    location: str

    def select(
        self, query: str, bindings: Mapping[str, Identifier] | None = None, *, max_rows: int | None = None
    ) -> SelectResult:
        """Run a SELECT query with ``bindings`` (variable name without ``?`` → RDF term); more than ``max_rows``
        rows raise :class:`ResultTooLargeError` (read no further than the row after the cap)."""

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""

    def construct(
        self, query: str, bindings: Mapping[str, Identifier] | None = None, *, max_rows: int | None = None
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the answer as an rdflib graph (at most ``max_rows`` triples, else
        :class:`ResultTooLargeError`)."""

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs the store holds."""

    def graph_summaries(self, graphs: Iterable[str]) -> dict[str, GraphSummary]:
        """A :class:`GraphSummary` of each of ``graphs`` that the store holds (absent graphs are left out)."""

    def replace_graphs(
        self,
        graphs: Mapping[str, bytes],
        delete: Iterable[str] = (),
        *,
        with_update: str = "",
        with_triples: Mapping[str, bytes | str] | None = None,
    ) -> None:
        """Atomically put each named graph (IRI → N-Triples bytes) in place of its previous content, drop the
        graphs named in ``delete``, apply ``with_update`` (a SPARQL Update on other graphs, applied before the
        graphs change: e.g. removing the old provenance) and add ``with_triples`` (graph IRI → N-Triples, bytes
        or text, added to that graph, e.g. the new provenance), all in the same transaction (on a server: the same final
        request): after a failure or a kill, every graph and the extra changes are all as before or all as
        after."""

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update request."""

    def ensure_reference_data(self) -> list[str]:
        """Put the ontology, the region registry and the alignments in their named graphs, once; again only
        when their files change (:func:`kg.store.reference.ensure_reference_data`)."""
