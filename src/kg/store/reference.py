"""The reference data of every store: the ontology (with its status and beneficiary schemes), the region registry
and the alignments, each in its own named graph, loaded once and again only when its files change.

One procedure over the :class:`kg.store.interface.GraphStore` interface, so the embedded store and any SPARQL
server get the same graphs the same way. The SHA-256 of each graph's files is recorded in the metadata graph
(``<graph> spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "…" ]``), and the
graphs and their checksums change in one transaction (one request on a server), so a kill halfway never leaves
a checksum that does not describe its graph.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable
from pathlib import Path

from kg.core.namespaces import GRAPH_IRIS, NAMESPACE_IRIS
from kg.core.oxigraph_io import rdf_bytes
from kg.core.resources import ontology_file, resource_path
from kg.store.interface import GraphStore, term_text

_SPDX = NAMESPACE_IRIS["SPDX"]
SHA256 = _SPDX + "checksumAlgorithm_sha256"
META_GRAPH = GRAPH_IRIS["META_GRAPH"]

#: Per store object, the file digests it was last found to hold: a second check in the same session (``load``
#: after opening the store) costs one hash of the files and no query.
_confirmed: weakref.WeakKeyDictionary[object, dict[str, str]] = weakref.WeakKeyDictionary()


def reference_files() -> dict[str, list[Path]]:
    """The files of each reference graph: ontology (with its code schemes, the initiatives' keywords and the
    shared indicators),
    registry, alignments."""
    from kg.framework.alignments import alignment_files
    from kg.framework.indicators import module_file as indicator_module
    from kg.framework.keywords import module_file as keyword_module

    return {
        GRAPH_IRIS["ONTOLOGY_GRAPH"]: [ontology_file(), keyword_module(), indicator_module()],
        GRAPH_IRIS["REGIONS_GRAPH"]: [resource_path("registry", "regions.ttl")],
        GRAPH_IRIS["ALIGNMENTS_GRAPH"]: list(alignment_files()),
    }


def files_digest(paths: Iterable[Path]) -> str:
    """One SHA-256 over the names and contents of ``paths`` (changes when any file changes)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def reference_digests(store: GraphStore) -> dict[str, str]:
    """The recorded SHA-256 of each graph's files in ``store`` (graph IRI → hex), from the metadata graph."""
    answer = store.select(
        f"SELECT ?graph ?value WHERE {{ GRAPH <{META_GRAPH}> {{ ?graph <{_SPDX}checksum> ?node . "
        f"?node <{_SPDX}checksumValue> ?value ; <{_SPDX}algorithm> <{SHA256}> }} }}"
    )
    return {str(term_text(row[0])): str(term_text(row[1])) for row in answer.terms}


def checksum_changes(digests: dict[str, str]) -> tuple[str, bytes]:
    """What records ``digests`` (graph IRI → hex) in the metadata graph: the SPARQL Update removing the old
    checksums, and the N-Triples of the new ones."""
    lines = []
    for graph, digest in digests.items():
        node = f"<{graph}#sha256>"
        lines.append(f"<{graph}> <{_SPDX}checksum> {node} .\n")
        lines.append(f"{node} <{_SPDX}algorithm> <{SHA256}> .\n")
        lines.append(f'{node} <{_SPDX}checksumValue> "{digest}" .\n')
    graphs = " ".join(f"<{graph}>" for graph in digests)
    delete = (
        f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?graph <{_SPDX}checksum> ?node . ?node ?p ?o }} }} WHERE {{ "
        f"VALUES ?graph {{ {graphs} }} GRAPH <{META_GRAPH}> {{ ?graph <{_SPDX}checksum> ?node . ?node ?p ?o }} }}"
    )
    return delete, "".join(lines).encode("utf-8")


def _existing_files() -> dict[str, list[Path]]:
    return {graph: [path for path in paths if path.is_file()] for graph, paths in reference_files().items()}


def current_digests() -> dict[str, str]:
    """The SHA-256 of each reference graph's files as they are now (graph IRI → hex)."""
    return {graph: files_digest(paths) for graph, paths in _existing_files().items()}


def reference_ntriples(graphs: Iterable[str]) -> dict[str, bytes]:
    """The N-Triples of each of the reference ``graphs`` (IRIs), read from their files."""
    import pyoxigraph as ox

    files = _existing_files()
    return {
        graph: b"".join(rdf_bytes(ox.parse(path=str(path)), ox.RdfFormat.N_TRIPLES) for path in files[graph])
        for graph in graphs
    }


def ensure_reference_data(store: GraphStore, force: bool = False) -> list[str]:
    """Load each reference graph whose files changed since it was loaded into ``store``; the graphs (re)loaded.

    The graphs and their recorded checksums change in one step (:meth:`GraphStore.replace_graphs` with the
    checksum update), so after a failure or a kill the store holds either the old graphs with the old checksums
    or the new ones with the new.
    """
    current = current_digests()
    if not force and _confirmed.get(store) == current:
        return []
    recorded = {} if force else reference_digests(store)
    changed = {graph: digest for graph, digest in current.items() if recorded.get(graph) != digest}
    if changed:
        content = reference_ntriples(changed)
        forget, remember = checksum_changes(changed)
        store.replace_graphs(content, with_update=forget, with_triples={META_GRAPH: remember.decode("utf-8")})
    from kg.store.coverage_cube import ensure_coverage_cube

    ensure_coverage_cube(store)  # a store loaded before the coverage cube existed gets it here, once
    try:
        _confirmed[store] = current
    except TypeError:  # a store type that cannot be weakly referenced: checked every time
        pass
    return sorted(changed)
