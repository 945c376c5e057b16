"""The one interface over every store the knowledge graph lives in: embedded pyoxigraph or a SPARQL 1.1 server.

``kg.store.EmbeddedStore`` (pyoxigraph on disk) and ``kg.store.RemoteStore`` (SPARQL 1.1 Protocol, Graph Store
Protocol and SPARQL Update over one httpx client) both implement :class:`GraphStore`, so loading and the canned
queries are written once and give the same answers everywhere.

The rows of a SELECT answer hold pyoxigraph terms (:attr:`SelectResult.terms`: what the embedded store
answers, and what a server's JSON answer is read into), so a query and its output need no rdflib;
:attr:`SelectResult.rows` gives the same rows as rdflib terms (``URIRef``, ``Literal``, ``BNode``), converted on
first use, for callers working with rdflib. CONSTRUCT answers are rdflib graphs. Parameters are RDF terms of
either library, bound as a ``VALUES`` block serialised from the terms, never pasted as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kg.core.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

    from kg.store.sparql_text import BoundTerm


class SelectResult:
    """The answer of a SELECT query: variable names in order and rows of terms (``None`` where unbound).

    Built from pyoxigraph terms (the stores do so) or rdflib terms: :attr:`terms` gives the rows as built,
    :attr:`rows` as rdflib terms (converted once, on first use). Two results are equal when their variables
    and their rows as rdflib terms are.
    """

    __slots__ = ("variables", "terms", "_rows")

    def __init__(self, variables: Sequence[str], rows: Iterable[Sequence[Any]] = ()) -> None:
        self.variables: list[str] = list(variables)
        #: The rows as given (pyoxigraph terms from the stores).
        self.terms: list[tuple[Any, ...]] = [tuple(row) for row in rows]
        self._rows: list[tuple[Node | None, ...]] | None = None

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """The rows as rdflib terms (lexical forms normalised as rdflib parses them)."""
        if self._rows is None:
            from kg.core.terms import as_rdflib

            self._rows = [tuple(as_rdflib(term) for term in row) for row in self.terms]
        return self._rows

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows (rdflib terms) as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.terms)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SelectResult):
            return NotImplemented
        return self.variables == other.variables and self.rows == other.rows

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SelectResult(variables={self.variables!r}, rows={len(self.terms)})"

    def __getstate__(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        return self.variables, self.terms  # pyoxigraph terms pickle (a bounded query's answer crosses a pipe)

    def __setstate__(self, state: tuple[list[str], list[tuple[Any, ...]]]) -> None:
        self.variables, self.terms = state
        self._rows = None


def term_text(term: object) -> str | None:
    """A term's text (an IRI, a blank node's label, a literal's lexical form), for a pyoxigraph or an rdflib
    term; ``None`` stays ``None``."""
    if term is None:
        return None
    if type(term).__module__.startswith("pyoxigraph"):
        return term.value  # type: ignore[attr-defined]
    return str(term)


class TruncatedResultError(RuntimeError):
    """A server cut an answer short (row cap, timeout with partial results): never return it as complete."""


class StoreWriteError(InputError):
    """A store refused a write (full disk, read-only store): the transaction did not happen, nothing changed.

    ``reason`` is the cause alone (``IO error: No space left on device …``), for callers that say more."""

    def __init__(self, message: str, source: str | None = None, row: int | None = None, reason: str = "") -> None:
        super().__init__(message, source, row)
        self.reason = reason or message


class WriteUnansweredError(InputError):
    """A write was sent and its answer never came (the client's time ran out, the connection broke): the store
    may or may not have committed it. The caller asks the store what it holds (see :mod:`kg.loading.load`)."""


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
    """What loading, querying and publishing need from a store, its abilities declared (never probed):
    :attr:`bulk_batch_triples` and :attr:`compacts` say what a store can do beyond the common operations."""

    #: A short human description: the store's folder or the endpoint URL.
    location: str

    @property
    def bulk_batch_triples(self) -> int:
        """Triples per atomic step of a load of graphs the store does not hold yet, when it bulk-loads them
        (larger steps than a transaction's); ``0``: it does not (a server)."""

    @property
    def compacts(self) -> bool:
        """Whether the store keeps files that :meth:`optimize` compacts after a large load (the embedded store);
        a server keeps its own."""

    def optimize(self) -> None:
        """Compact the store's files (faster reads after a large load); nothing where :attr:`compacts` is
        false."""

    def close(self) -> None:
        """Release the store (flush the embedded store's writes, close a server's connections)."""

    def quads(self) -> Iterator[pyoxigraph.Quad]:
        """Every quad of the named graphs, read as a stream (a dump, :mod:`kg.publish.dumps`)."""

    def triples(self) -> Iterator[pyoxigraph.Triple]:
        """Every triple of the union of the graphs, each once (a dump in Turtle)."""

    def local_quads(
        self,
        subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode | None,
        predicate: pyoxigraph.NamedNode | None,
        obj: pyoxigraph.NamedNode | pyoxigraph.BlankNode | None,
    ) -> Iterator[pyoxigraph.Quad] | None:
        """The quads of every graph matching a pattern (``None``: any term), read from the store's own indexes
        (a resource's description, :mod:`kg.publish.resource_description`); ``None`` when the store has none to
        read (a server: the description asks SPARQL queries instead)."""

    def select(
        self, query: str, bindings: Mapping[str, BoundTerm] | None = None, *, max_rows: int | None = None
    ) -> SelectResult:
        """Run a SELECT query with ``bindings`` (variable name without ``?`` → RDF term); more than ``max_rows``
        rows raise :class:`ResultTooLargeError` (read no further than the row after the cap)."""

    def ask(self, query: str, bindings: Mapping[str, BoundTerm] | None = None) -> bool:
        """Run an ASK query."""

    def construct(
        self, query: str, bindings: Mapping[str, BoundTerm] | None = None, *, max_rows: int | None = None
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
