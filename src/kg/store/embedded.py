"""The embedded knowledge graph: a pyoxigraph store on disk (the default store of every command).

Where it lives: ``--store DIR`` if given, else ``$KOTACERDAS_STORE``, else the user's data folder
(``~/.local/share/kotacerdas/store`` on Linux, ``~/Library/Application Support/kotacerdas/store`` on macOS,
``%LOCALAPPDATA%\\kotacerdas\\store`` on Windows); see :func:`default_store_path`.

The reference data (ontology with its status and beneficiary schemes, region registry, alignments) is kept in
its own named graphs and re-loaded only when its files change: the SHA-256 of each graph's files is recorded
in the metadata graph. Replacing graphs is one pyoxigraph transaction (``Store.extend`` for new graphs, one
SPARQL Update ``DROP … ; INSERT DATA …`` when a graph is replaced), so a failure or a ``kill -9`` halfway
leaves every graph as it was.

Queries see the union of all graphs as their default graph, as on Virtuoso (and the oxigraph server run with
``--union-default-graph``), so the canned queries read the same on every store.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from kg.core.errors import InputError
from kg.core.namespaces import ALIGNMENTS_GRAPH, META_GRAPH, ONTOLOGY_GRAPH, REGIONS_GRAPH, SPDX
from kg.core.resources import ontology_file, resource_path
from kg.core.terms import to_rdflib
from kg.store.interface import SelectResult

#: Environment variable naming the default store folder.
STORE_VARIABLE = "KOTACERDAS_STORE"
_SHA256 = SPDX["checksumAlgorithm_sha256"]


def default_store_path() -> Path:
    """``$KOTACERDAS_STORE`` if set, else ``kotacerdas/store`` in the platform's user data folder."""
    chosen = os.environ.get(STORE_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kotacerdas" / "store"


def reference_files() -> dict[str, list[Path]]:
    """The files of each reference graph: ontology (with its code schemes), registry, alignments."""
    from kg.framework.alignments import alignment_files

    return {
        str(ONTOLOGY_GRAPH): [ontology_file()],
        str(REGIONS_GRAPH): [resource_path("registry", "regions.ttl")],
        str(ALIGNMENTS_GRAPH): list(alignment_files()),
    }


def files_digest(paths: Iterable[Path]) -> str:
    """One SHA-256 over the names and contents of ``paths`` (changes when any file changes)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


class EmbeddedStore:
    """The knowledge graph in a pyoxigraph store on disk; implements :class:`kg.store.interface.GraphStore`.

    ``path`` ``None`` means :func:`default_store_path`. ``reference`` loads (or refreshes) the reference graphs
    on opening. Use :meth:`in_memory` for a throw-away store.
    """

    def __init__(self, path: Path | str | None = None, *, reference: bool = True) -> None:
        if path is None:
            path = default_store_path()
        self.path: Path | None = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(self.path))
        except OSError as error:
            raise InputError(f"tidak dapat membuka penyimpanan / cannot open the store: {error}", source=str(path))
        self.location = str(self.path)
        if reference:
            self.ensure_reference_data()

    @classmethod
    def in_memory(cls, *, reference: bool = True) -> EmbeddedStore:
        """A store held in memory only (tests, benchmarks)."""
        self = cls.__new__(cls)
        self.path = None
        self.store = ox.Store()
        self.location = "(memory)"
        if reference:
            self.ensure_reference_data()
        return self

    def __repr__(self) -> str:
        return f"EmbeddedStore({self.location!r})"

    def close(self) -> None:
        """Flush writes to disk and release the store."""
        if self.path is not None:
            self.store.flush()
        del self.store

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- reference data ----------------------------------------------------------------------------------

    def reference_digests(self) -> dict[str, str]:
        """The recorded SHA-256 of each reference graph's files (graph IRI → hex)."""
        answer = self.store.query(
            f"SELECT ?graph ?value WHERE {{ GRAPH <{META_GRAPH}> {{ ?graph <{SPDX.checksum}> ?node . "
            f"?node <{SPDX.checksumValue}> ?value ; <{SPDX.algorithm}> <{_SHA256}> }} }}"
        )
        return {row["graph"].value: row["value"].value for row in answer}

    def ensure_reference_data(self, force: bool = False) -> list[str]:
        """Load each reference graph whose files changed since it was loaded; the graphs (re)loaded."""
        recorded = self.reference_digests()
        changed: dict[str, bytes] = {}
        digests: dict[str, str] = {}
        for graph, files in reference_files().items():
            existing = [path for path in files if path.is_file()]
            digest = files_digest(existing)
            if not force and recorded.get(graph) == digest:
                continue
            content = b"".join(
                ox.serialize(ox.parse(path=str(path)), format=ox.RdfFormat.N_TRIPLES) for path in existing
            )
            changed[graph] = content
            digests[graph] = digest
        if not changed:
            return []
        self.replace_graphs(changed)
        lines = []
        for graph, digest in digests.items():
            node = f"<{graph}#sha256>"
            lines.append(f"<{graph}> <{SPDX.checksum}> {node} .")
            lines.append(f"{node} <{SPDX.algorithm}> <{_SHA256}> .")
            lines.append(f'{node} <{SPDX.checksumValue}> "{digest}" .')
        deletes = " ".join(
            f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph}> <{SPDX.checksum}> ?node . ?node ?p ?o }} }};"
            for graph in digests
        )
        self.update(f"{deletes} INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {' '.join(lines)} }} }}")
        return sorted(changed)

    # ---- GraphStore --------------------------------------------------------------------------------------

    def _query(self, query: str, bindings: Mapping[str, Identifier] | None):
        if bindings:
            from kg.store.sparql_text import bind_values  # one binding code path for every store

            query = bind_values(query, bindings)
        try:
            return self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise InputError(f"kueri SPARQL tidak sah / invalid SPARQL query: {error}", source="SPARQL")

    def query_raw(self, query: str, bindings: Mapping[str, Identifier] | None = None):
        """The pyoxigraph answer itself (solutions, boolean or triples), for serialising in standard formats."""
        return self._query(query, bindings)

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        """Run a SELECT query; rows of rdflib terms."""
        answer = self._query(query, bindings)
        if not isinstance(answer, ox.QuerySolutions):
            raise InputError("kueri bukan SELECT / the query is not a SELECT query", source="SPARQL")
        variables = [variable.value for variable in answer.variables]
        rows = [
            tuple(to_rdflib(solution[index], exact=False) for index in range(len(variables))) for solution in answer
        ]
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        answer = self._query(query, bindings)
        if not isinstance(answer, ox.QueryBoolean):
            raise InputError("kueri bukan ASK / the query is not an ASK query", source="SPARQL")
        return bool(answer)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the triples as an rdflib graph."""
        answer = self._query(query, bindings)
        if not isinstance(answer, ox.QueryTriples):
            raise InputError("kueri bukan CONSTRUCT/DESCRIBE / not a CONSTRUCT or DESCRIBE query", source="SPARQL")
        graph = Graph()
        for triple in answer:
            subject, predicate = to_rdflib(triple.subject), to_rdflib(triple.predicate)
            graph.add((subject, predicate, to_rdflib(triple.object, exact=False)))
        return graph

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs in the store."""
        return {graph.value for graph in self.store.named_graphs() if isinstance(graph, ox.NamedNode)}

    def replace_graphs(self, graphs: Mapping[str, bytes], delete: Iterable[str] = ()) -> None:
        """Put each graph (IRI → N-Triples) in place of its previous content and drop ``delete``, atomically.

        New graphs go in with one ``Store.extend`` (one transaction); when a graph already exists, the drop and
        the insert are one SPARQL Update (one transaction). Either way a failure or a kill leaves the store
        exactly as before.
        """
        delete = [iri for iri in delete if iri not in graphs]
        existing = {iri for iri in [*graphs, *delete] if self.store.contains_named_graph(ox.NamedNode(iri))}
        parsed: dict[str, list[ox.Triple]] = {}
        for iri, data in graphs.items():
            try:
                parsed[iri] = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            except SyntaxError as error:
                raise InputError(f"N-Triples tidak sah / invalid N-Triples: {error}", source=iri)
        if not existing:
            quads = [
                ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(iri))
                for iri, triples in parsed.items()
                for triple in triples
            ]
            self.store.extend(quads)
            for iri, triples in parsed.items():
                if not triples:
                    self.store.add_graph(ox.NamedNode(iri))
            return
        parts = [f"DROP SILENT GRAPH <{iri}>" for iri in sorted(existing)]
        blocks = []
        for iri, triples in parsed.items():
            body = "\n".join(
                f"{t.subject} {t.predicate} {t.object} ."  # pyoxigraph prints terms in N-Triples syntax
                for t in triples
            )
            blocks.append(f"GRAPH <{iri}> {{\n{body}\n}}")
        empty = [iri for iri, triples in parsed.items() if not triples]
        parts.extend(f"CREATE SILENT GRAPH <{iri}>" for iri in empty)
        if blocks:
            parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        self.store.update(" ;\n".join(parts))

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update (one transaction)."""
        try:
            self.store.update(sparql_update)
        except SyntaxError as error:
            raise InputError(f"SPARQL Update tidak sah / invalid SPARQL Update: {error}", source="SPARQL")

    # ---- inspection --------------------------------------------------------------------------------------

    def nquads(self) -> set[str]:
        """Every quad of the store as an N-Quads line (tests compare stores with it)."""
        return {str(quad) + " ." for quad in self.store}

    def triple_count(self, graph: str | None = None) -> int:
        """The number of quads in one named graph, or in the whole store."""
        if graph is None:
            return len(self.store)
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
