"""The engine set-up, prepared once per process: the submission shapes, the compiled SPARQL engine, the
reference data the shapes look at, and the store (or rdflib graph, for pySHACL) a batch is validated in."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from kg.core.errors import InputError
from kg.core.options import ENGINES
from kg.submissions.convert import ntriples_batches
from kg.submissions.texts import bilingual
from kg.submissions.validation.model import Engine
from kg.submissions.validation.rows import _GraphRows, _RowIndex, _StoreRows

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from kg.shacl import ValidationReport

#: The submission shapes file in ``shapes/``.
SHAPES_FILE = "programs.ttl"


@cache
def shapes_graph() -> Graph:
    """The submission shapes (parsed once)."""
    from rdflib import Graph

    from kg.core.resources import shapes_file

    return Graph().parse(shapes_file(SHAPES_FILE), format="turtle")


@cache
def sparql_engine():  # -> kg.shacl.ShaclEngine
    """The compiled engine for the submission shapes (compiled once)."""
    from kg.shacl import ShaclEngine

    return ShaclEngine(shapes_graph())


#: The alignment module the shapes look at beside the ontology and the registry: the Kominfo pillars and their
#: crosswalk (the column pilar_kominfo).
REFERENCE_ALIGNMENTS = ("kominfo-pillars.ttl",)


@cache
def reference_ntriples() -> bytes:
    """The ontology, the region registry and the Kominfo pillars as N-Triples: what ``sh:class`` and the
    pillar shapes look at."""
    import pyoxigraph

    from kg.core.oxigraph_io import rdf_bytes
    from kg.core.resources import ontology_file, resource_path

    parts = []
    alignments = [ontology_file().parent / name for name in REFERENCE_ALIGNMENTS]
    for path in (ontology_file(), resource_path("registry", "regions.ttl"), *alignments):
        quads = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        parts.append(
            rdf_bytes(
                (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), pyoxigraph.RdfFormat.N_TRIPLES
            )
        )
    return b"".join(parts)


def data_store(ntriples: bytes | Iterable[bytes]) -> pyoxigraph.Store:
    """An in-memory store holding submission triples (one document or several) and the reference data, in
    the default graph; loaded in batches, so that the loader's buffers stay small."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for batch in ntriples_batches(reference_ntriples()):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    for batch in ntriples_batches(ntriples):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def data_graph(ntriples: bytes | Iterable[bytes]) -> Graph:
    """The same as an rdflib graph, for pySHACL."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=reference_ntriples(), format="nt")
    for batch in ntriples_batches(ntriples):
        graph.parse(data=batch, format="nt")
    return graph


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise InputError(bilingual("engine", value=engine), source="--engine")


def run_engine(ntriples: bytes | Iterable[bytes], engine: Engine = "sparql") -> ValidationReport:
    """Validate N-Triples of submission data (one document or several) with the chosen engine; the engine's
    own report. Only the results become rdflib terms: the SPARQL engine never copies the data to rdflib."""
    return _run(ntriples, engine)[0]


def _run(ntriples: bytes | Iterable[bytes], engine: str) -> tuple[ValidationReport, _RowIndex]:
    """The engine's report, and the rows of its focus nodes read from the graph it validated."""
    _check_engine(engine)
    if engine == "sparql":
        store = data_store(ntriples)
        return sparql_engine().validate(store), _StoreRows(store)
    from kg.shacl import validate_with_pyshacl

    graph = data_graph(ntriples)
    return validate_with_pyshacl(graph, shapes_graph()), _GraphRows(graph)
