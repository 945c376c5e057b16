"""The one interface over every store the knowledge graph lives in: embedded pyoxigraph or a SPARQL 1.1 server.

``kg.store.EmbeddedStore`` (pyoxigraph on disk) and ``kg.store.RemoteStore`` (SPARQLWrapper, Graph Store
Protocol, SPARQL Update) both implement :class:`GraphStore`, so loading and the canned queries are written once
and give the same answers everywhere.

Terms crossing this interface are rdflib terms (``URIRef``, ``Literal``, ``BNode``); parameters are bound as
RDF terms (pyoxigraph substitutions, or a ``VALUES`` block serialised from the terms), never pasted as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier, Node


@dataclass(frozen=True)
class SelectResult:
    """The answer of a SELECT query: variable names in order and rows of terms (``None`` where unbound)."""

    variables: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]


class TruncatedResultError(RuntimeError):
    """A server cut an answer short (row cap, timeout with partial results): never return it as complete."""


@runtime_checkable
class GraphStore(Protocol):
    """What loading and querying need from a store."""

    #: A short human description: the store's folder or the endpoint URL.
    location: str

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        """Run a SELECT query with ``bindings`` (variable name without ``?`` → RDF term)."""

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the answer as an rdflib graph."""

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs the store holds."""

    def replace_graphs(self, graphs: Mapping[str, bytes], delete: Iterable[str] = ()) -> None:
        """Atomically put each named graph (IRI → N-Triples bytes) in place of its previous content,
        and drop the graphs named in ``delete``: after a failure or a kill, every graph is as before."""

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update request."""

    def ensure_reference_data(self) -> None:
        """Put the ontology, the region registry and the alignments in their named graphs, once; again only
        when their files change."""
