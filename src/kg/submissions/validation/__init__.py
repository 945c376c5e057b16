"""Validating submissions: read → convert → SHACL (``shapes/programs.ttl``) → results on rows and columns.

The data is validated together with the reference data the shapes point at (the ontology, for initiatives,
statuses and beneficiary groups; the region registry, for ``sh:class kc:Region``), loaded once per process. The
engine is :class:`kg.shacl.ShaclEngine` (SHACL compiled to SPARQL on pyoxigraph, the default) or pySHACL. A
large file is validated a batch of whole submissions at a time (each submission is one named graph of the
store, validated as the graph it will be), so that memory stays bounded.

Each result is mapped back to where the steward can fix it, from the graph alone: the focus node to its row
(its ``kc:sourceRow``; an indicator's is its program's: so an RDF file converted earlier keeps its rows), the
path to its column (the template metadata's ``propertyUrl``), the cell of a spreadsheet (``F4``), and the
message taken in the chosen language with its placeholders filled (:mod:`kg.shacl.messages`): ``{$value}`` the
value as the steward wrote it, ``{$allowed}`` the codes of the column's list, read from its scheme.

What loading needs is in :attr:`ValidationOutcome.submissions`: each submission's N-Triples (the triples that
were validated, parsed by nothing else before) and their number.

The package's modules: :mod:`~kg.submissions.validation.model` (the results and the outcome),
:mod:`~kg.submissions.validation.engine` (shapes, reference data, the store validated),
:mod:`~kg.submissions.validation.rows` (row indexes), :mod:`~kg.submissions.validation.row_results` and
:mod:`~kg.submissions.validation.reading_results` (the engine's results and the readings on rows),
:mod:`~kg.submissions.validation.converted_files` (files in batches and groups),
:mod:`~kg.submissions.validation.prepared` (loading's ``prepare``) and :mod:`~kg.submissions.validation.workers`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.core.errors import InputError
from kg.core.memory import give_back_memory
from kg.core.options import LANGUAGES
from kg.submissions.agencies import KnownAgencies
from kg.submissions.convert import convert_files
from kg.submissions.texts import bilingual
from kg.submissions.validation.converted_files import (
    BATCH_TRIPLES,
    _drop_rdf,
    _file_groups,
    _Owners,
    _submissions_of,
    validate_conversion,
)
from kg.submissions.validation.engine import (
    REFERENCE_ALIGNMENTS,
    SHAPES_FILE,
    _check_engine,
    data_graph,
    data_store,
    reference_ntriples,
    run_engine,
    shapes_graph,
    sparql_engine,
)
from kg.submissions.validation.model import Engine, Prepare, Progress, RowResult, ValidationOutcome
from kg.submissions.validation.prepared import _validate_and_prepare
from kg.submissions.validation.reading_results import reading_results, text_also
from kg.submissions.validation.workers import (
    MOST_WORKERS,
    PARALLEL_BYTES,
    TASK_BYTES,
    _in_workers,
    _independent_sets,
    _worker_count,
)

__all__ = [
    "BATCH_TRIPLES",
    "MOST_WORKERS",
    "PARALLEL_BYTES",
    "REFERENCE_ALIGNMENTS",
    "SHAPES_FILE",
    "TASK_BYTES",
    "Engine",
    "Prepare",
    "Progress",
    "RowResult",
    "ValidationOutcome",
    "data_graph",
    "data_store",
    "reading_results",
    "reference_ntriples",
    "run_engine",
    "shapes_graph",
    "sparql_engine",
    "text_also",
    "validate_conversion",
    "validate_files",
    "_Owners",
    "_file_groups",
    "_independent_sets",
    "_worker_count",
]


def validate_files(
    paths: Iterable[Path | str],
    *,
    lang: str = "id",
    engine: Engine = "sparql",
    known_agencies: KnownAgencies | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
    keep_rdf: bool = True,
    prepare: Prepare | None = None,
) -> ValidationOutcome:
    """Read, convert and validate the files given together (an indicators CSV joins the programs of the
    others); raise :class:`InputError` on the first unreadable one. ``known_agencies`` gives, per region, the
    agencies a store already holds (:func:`kg.loading.agencies.loaded_agencies`), so that a new spelling of
    one is that agency. ``progress`` is told of each file converted and each group of triples validated.

    ``workers`` processes (``None``: one per core when the files are many, :data:`PARALLEL_BYTES` together, as
    the ``validate`` and ``load`` commands ask) convert and validate the files, a region's files always
    together (:func:`_independent_sets`), with the same results as one process; they are started with
    ``spawn``, so a script asking for them needs Python's ``if __name__ == "__main__":`` guard. ``keep_rdf``
    false drops each submission's N-Triples once validated (``validate`` needs only the results: memory then
    stays that of the results, not of the data). ``prepare`` (a module-level function, so that a worker can
    run it) is called with each validated submission where it was validated, in the worker processes too; what
    it returns is kept in :attr:`ValidationOutcome.prepared` (``load`` computes there what it writes beside
    each graph: the work is then shared by the cores)."""
    if lang not in LANGUAGES:
        raise InputError(bilingual("lang"), source="--lang")
    _check_engine(engine)
    files = [Path(path) for path in paths]
    count = _worker_count(files, engine, workers)
    found = None
    if count > 1:
        from concurrent.futures.process import BrokenProcessPool

        try:
            found = _in_workers(files, count, lang, engine, known_agencies, keep_rdf, progress, prepare)
        except BrokenProcessPool:  # a worker died (out of memory, a script without a main guard): one process
            found = None
    if found is None:
        conversions = convert_files(files, known_agencies=known_agencies, progress=progress)
        give_back_memory()  # what the conversion built and freed (the N-Triples before they were compressed)
        submissions = _submissions_of(conversions)
        results, fallback, prepared = _validate_and_prepare(conversions, lang, engine, prepare, progress)
        if not keep_rdf:
            _drop_rdf(conversions)
    else:
        conversions, results, fallback, prepared = found
        submissions = _submissions_of(conversions)
    results.sort(key=RowResult.sort_key)
    return ValidationOutcome(
        results=results,
        submissions=submissions,
        conversions=conversions,
        engine=engine,
        lang=lang,
        fallback_shapes=fallback,
        prepared=prepared,
    )
