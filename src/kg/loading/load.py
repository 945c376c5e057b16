"""Loading submissions into a store: validate, split per region and year, replace atomically, record provenance.

``load_files`` works on any :class:`kg.store.interface.GraphStore` (the embedded store or a SPARQL 1.1 server).
A file with violations is refused (nothing is written) unless ``force`` is given, and a forced load says so in
its provenance. Each submission (one region, one year) is its own named graph, replaced in one atomic step; a
submission whose file is unchanged since it was loaded (same SHA-256) is left alone, so loading the same file
twice changes nothing, and loading 2024 never touches 2025.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.namespaces import region_iri
from kg.framework.regions import region as find_region
from kg.loading.provenance import (
    LoadActivity,
    SubmissionRecord,
    current_agent,
    loaded_checksums,
    now,
    record_update,
    sha256_file,
)
from kg.store.interface import GraphStore

#: Triples per atomic step of a long load (one submission is never split).
BATCH_TRIPLES = 200_000

#: ``progress(done_triples, total_triples, submission_iri)`` after each step.
Progress = Callable[[int, int, str], None]


@dataclass
class LoadOutcome:
    """What a load did: the validation outcome, and which submissions it loaded or found unchanged."""

    validation: object  # kg.submissions.validation.ValidationOutcome
    refused: bool = False
    forced: bool = False
    loaded: list[SubmissionRecord] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    activity: LoadActivity | None = None

    @property
    def triples(self) -> int:
        """Triples written by this load."""
        return sum(record.triples for record in self.loaded)


def _count_triples(ntriples: bytes) -> int:
    return sum(1 for line in ntriples.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))


def _batches(items: Sequence[tuple[str, bytes, int]], limit: int) -> Iterable[list[tuple[str, bytes, int]]]:
    batch: list[tuple[str, bytes, int]] = []
    size = 0
    for item in items:
        if batch and size + item[2] > limit:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item[2]
    if batch:
        yield batch


def load_files(
    paths: Iterable[Path | str],
    store: GraphStore,
    *,
    force: bool = False,
    agent: str | None = None,
    progress: Progress | None = None,
    lang: str = "id",
) -> LoadOutcome:
    """Validate ``paths`` and load their submissions into ``store`` (see the module's description).

    Returns a refused outcome (nothing written) when there are violations and ``force`` is false.
    """
    from kg.submissions.validation import validate_files

    paths = [Path(path) for path in paths]
    activity = LoadActivity(agent=agent or current_agent())
    validation = validate_files(paths, lang=lang)
    if validation.has_violations and not force:
        return LoadOutcome(validation=validation, refused=True)

    # the ontology, regions and alignments first, so a fresh store (or server) answers queries after one load
    store.ensure_reference_data()
    checksums = {path.name: (sha256_file(path), path.stat().st_size) for path in paths}
    previous = loaded_checksums(store)
    present = store.graph_names()
    results_by_file: dict[str, dict[str, int]] = {}
    for result in validation.results:
        counts = results_by_file.setdefault(Path(result.file).name, {"Violation": 0, "Warning": 0, "Info": 0})
        counts[result.severity] = counts.get(result.severity, 0) + 1

    outcome = LoadOutcome(validation=validation, forced=force and validation.has_violations, activity=activity)
    pending: list[tuple[str, bytes, int]] = []
    records: dict[str, SubmissionRecord] = {}
    for (region_code, year), submission in sorted(validation.submissions.items(), key=lambda item: str(item[0])):
        name = Path(submission.source_file).name
        sha256, size = checksums[name]
        if previous.get(submission.iri) == sha256 and submission.iri in present:
            outcome.unchanged.append(submission.iri)
            continue
        counts = results_by_file.get(name, {})
        triples = _count_triples(submission.ntriples)
        known = find_region(str(region_code))
        records[submission.iri] = SubmissionRecord(
            iri=submission.iri,
            region_iri=known.iri if known else region_iri(str(region_code)),
            year=year,
            source_name=name,
            sha256=sha256,
            byte_size=size,
            triples=triples,
            conforms=not counts,
            forced=bool(force and counts.get("Violation")),
            violations=counts.get("Violation", 0),
            warnings=counts.get("Warning", 0),
            infos=counts.get("Info", 0),
        )
        pending.append((submission.iri, submission.ntriples, triples))

    total = sum(item[2] for item in pending)
    done = 0
    for batch in _batches(pending, BATCH_TRIPLES):
        store.replace_graphs({iri: data for iri, data, _ in batch})
        activity.ended = now()
        batch_records = [records[iri] for iri, _, _ in batch]
        store.update(record_update(batch_records, activity))
        outcome.loaded.extend(batch_records)
        done += sum(item[2] for item in batch)
        if progress is not None:
            progress(done, total, batch[-1][0])
    return outcome
