"""Loading submissions into a store: validate, split per region and year, replace atomically, record provenance.

``load_files`` works on any :class:`kg.store.interface.GraphStore` (the embedded store or a SPARQL 1.1 server).
A file with violations is refused (nothing is written) unless ``force`` is given, and a forced load says so in
its provenance. A submission that would write outside its own region-year graph is refused whole
(:mod:`kg.loading.scope`). Each submission (one region, one year) is its own named graph, replaced together with
its provenance record in one atomic step (one transaction in the embedded store, one final request on a
server), so a failure, a full disk or a ``kill -9`` at any point leaves each graph exactly old or new and its
record describing it. A submission is left alone ("unchanged") only when its file's SHA-256, the digest of the
graph it makes and what the store holds (number of triples, and on the embedded store the content digest) all
agree with its record: loading the same file twice changes nothing, and a reload repairs any difference.
Loading 2024 never touches 2025.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from kg.core.errors import InputError
from kg.core.namespaces import KC, META_GRAPH, region_iri
from kg.framework.regions import region as find_region
from kg.loading.provenance import (
    LoadActivity,
    SubmissionRecord,
    current_agent,
    holds_records,
    loaded_records,
    now,
    record_changes,
    sha256_file,
)
from kg.store.interface import GraphStore, GraphSummary, StoreWriteError, WriteUnansweredError

T = TypeVar("T")

if TYPE_CHECKING:
    from kg.store.coverage_cube import CubeSlice
    from kg.submissions.convert import SubmissionData
    from kg.submissions.validation import ValidationOutcome

#: Triples per atomic step of a long load (one submission is never split). With the store flushed after each
#: step, a 40,000-row CSV (about 1M triples) loads in 439 MB at 50,000 (724 MB at 200,000; 1.4 GB unflushed).
#: The N-Triples waiting to be written are spooled to a temporary file (:class:`_Spool`): 671 MB → 598 MB
#: peak for a 40,000-row file bulk-loaded in steps of 200,000 (the validation's own peak, 475 MB, unchanged).
BATCH_TRIPLES = 50_000

#: A load that wrote at least this many triples, and at least a quarter of what the store held before it (a
#: national first load; not one more year into a national store), ends by compacting the store
#: (:meth:`kg.store.embedded.EmbeddedStore.optimize`): reads afterwards are up to 2.5 times faster.
OPTIMIZE_TRIPLES = 1_000_000

#: A store holding fewer triples than this (by its provenance records) takes bulk steps of a quarter of the
#: store's ``bulk_batch_triples``: large steps pay off only when each merge into a large store costs much (a
#: national year into 10M triples: 16.8 s in steps of 200,000, 25.6 s in steps of 50,000), while each step's
#: triples cost about 1 KB of memory in the bulk loader. A 40,000-row file (1.1M triples) into an empty store:
#: peak 598 MB in steps of 200,000, 475 MB in steps of 100,000 (172 s both, load average 12); since its
#: N-Triples are held compressed, the whole command 479 MB in steps of 100,000 (134 s) and 409 MB in steps of
#: 50,000 (139 s; 2026-12-07, load average 6-8 on 2 cores, ``ru_maxrss``).
LARGE_STORE_TRIPLES = 2_000_000

#: ``progress(stage, done, total)``: the validation's stages (:data:`kg.submissions.validation.Progress`),
#: then ``"load"`` with the triples written after each step, and ``"optimize"`` (0 of 1, then 1 of 1) around the
#: compaction that ends a large load.
Progress = Callable[[str, int, int], None]

#: ``checkpoint(step)`` at each boundary between the steps of a load: ``"validated"``, ``"reference-data"``,
#: ``"compared"``, ``"batch-1"`` … (after each batch is written), ``"done"``. Tests stop a load there.
Checkpoint = Callable[[str], None]


@dataclass
class LoadOutcome:
    """What a load did: the validation outcome, and which submissions it loaded or found unchanged."""

    validation: ValidationOutcome
    refused: bool = False
    forced: bool = False
    loaded: list[SubmissionRecord] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    activity: LoadActivity | None = None
    #: Loaded submissions whose write went unanswered and that the store then showed committed.
    confirmed: list[str] = field(default_factory=list)
    #: With ``each_file``: the files left out for their violations (their results are in :attr:`validation`).
    refused_files: list[Path] = field(default_factory=list)

    @property
    def triples(self) -> int:
        """Triples written by this load."""
        return sum(record.triples for record in self.loaded)


class LoadWriteError(InputError):
    """The store refused a write (full disk, read-only store): what was kept is said in the message."""


def _batches(items: Sequence[tuple[str, T, int]], limit: int) -> Iterable[list[tuple[str, T, int]]]:
    batch: list[tuple[str, T, int]] = []
    size = 0
    for item in items:
        if batch and size + item[2] > limit:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item[2]
    if batch:
        yield batch


def _write_failed(error: StoreWriteError, loaded: list[SubmissionRecord], pending: int) -> LoadWriteError:
    reason = error.reason
    if not loaded:
        kept = (
            "tidak ada yang dimuat, penyimpanan tidak berubah (graf lama tetap) / nothing was loaded, the store is "
            "unchanged (old graphs kept)"
        )
    else:
        kept = (
            f"{len(loaded)} dari {len(loaded) + pending} pengajuan dimuat sebelum gagal, sisanya tetap versi lama / "
            f"{len(loaded)} of {len(loaded) + pending} submissions were loaded before the failure, the others keep "
            "their previous graphs"
        )
    return LoadWriteError(f"{kept}: {reason}", source=error.source)


def _committed_after_all(
    store: GraphStore,
    records: list[SubmissionRecord],
    error: WriteUnansweredError,
    loaded: list[SubmissionRecord],
    pending: int,
) -> None:
    """Return when the store holds every one of ``records`` as this load wrote it (each graph's triples and
    content digest, and its provenance record with the file's SHA-256 and that digest: the write and its record
    are one transaction); raise :class:`LoadWriteError` saying "not committed" when it holds none of them, or
    an :class:`InputError` saying the outcome is unknown when the store cannot be asked. A server's
    ``graph_summaries`` runs after the write it was sent (one write thread), so the answer is final."""
    try:
        held = store.graph_summaries([record.iri for record in records])
        recorded = loaded_records(store)
    except InputError as asking:
        raise InputError(
            f"tidak diketahui apakah tersimpan / unknown whether it was committed: {error.message}; lalu / then: "
            f"{asking.message}. Jalankan load yang sama lagi setelah server berjalan: yang sudah tersimpan "
            "dilaporkan tidak berubah (digest sama) / run the same load again once the server runs: what was "
            "committed is reported unchanged (same digest), the rest is loaded",
            source=error.source,
        ) from None
    committed = [
        record
        for record in records
        if (summary := held.get(record.iri)) is not None
        and summary.triples == record.triples
        and summary.digest in (None, record.content_digest)
        and (kept := recorded.get(record.iri)) is not None
        and kept.sha256 == record.sha256
        and kept.content_digest == record.content_digest
    ]
    if len(committed) == len(records):
        return
    names = ", ".join(record.iri.split("/submission/")[-1] for record in records if record not in committed)
    reason = (
        f"server tidak menjawab, dan menyatakan belum tersimpan / the server did not answer, and it says the "
        f"write was not committed: {names}"
    )
    raise _write_failed(StoreWriteError(reason, source=error.source), loaded, pending) from None


def load_files(
    paths: Iterable[Path | str],
    store: GraphStore,
    *,
    force: bool = False,
    agent: str | None = None,
    progress: Progress | None = None,
    lang: str = "id",
    batch_triples: int | None = None,
    checkpoint: Checkpoint | None = None,
    workers: int | None = 1,
    origin: str | None = None,
    each_file: bool = False,
) -> LoadOutcome:
    """Validate ``paths`` and load their submissions into ``store`` (see the module's description).

    Returns a refused outcome (nothing written) when there are violations and ``force`` is false; raises
    :class:`kg.loading.scope.ScopeError` (nothing written) for a submission outside its own graph, and
    :class:`LoadWriteError` when the store refuses a write (saying what was kept). ``workers``: as
    :func:`kg.submissions.validation.validate_files` (``None``: one per core for a large batch).
    ``batch_triples``: the triples of each atomic step (default :data:`BATCH_TRIPLES`, or the store's
    ``bulk_batch_triples`` when every graph is new and the store bulk-loads them). ``origin``: where the values
    come from, a concept of ``kc:DataOriginScheme`` (IRI; default ``kc:RegionSubmission``), the ``dcterms:type`` of
    each submission's record; a submission loaded before with another origin is written again. ``each_file``: a
    file with violations is left out (named in ``refused_files``) and the others are loaded, instead of refusing
    the whole load (a collection of regions' files, such as the public record); violations in a file that is no
    submission's own (an indicators table) still refuse the whole load.
    """
    # the phases, each a method of _Load: validate (the reference data written meanwhile), keep the files to
    # load, compare with what the store holds, write in atomic steps, compact
    run = _Load(
        store,
        files=[Path(path) for path in paths],
        force=force,
        lang=lang,
        origin=origin or str(KC.RegionSubmission),
        progress=progress,
        step=checkpoint or (lambda _step: None),
        activity=LoadActivity(agent=agent or current_agent()),
    )
    run.validate(workers)
    left_out = run.left_out(each_file)
    if left_out is None:
        return LoadOutcome(validation=run.validation, refused=True)
    kept = run.keep(left_out)
    run.reference_written()
    outcome = LoadOutcome(
        validation=run.validation,
        forced=force and run.validation.has_violations,
        activity=run.activity,
        refused_files=sorted(left_out),
    )
    pending = run.compare(kept, outcome)
    try:
        run.write(pending, outcome, run.step_size(pending, batch_triples))
    finally:
        run.spool.close()
    run.compact(outcome)
    run.step("done")
    return outcome


class _Load:
    """One load's phases (:func:`load_files`), in their order, and what they hand on to each other."""

    validation: ValidationOutcome
    #: What the store recorded of the submissions loaded before (:meth:`compare`).
    previous: dict
    #: Where the graphs to write wait (:meth:`compare`).
    spool: _Spool

    def __init__(
        self,
        store: GraphStore,
        *,
        files: list[Path],
        force: bool,
        lang: str,
        origin: str,
        progress: Progress | None,
        step: Checkpoint,
        activity: LoadActivity,
    ) -> None:
        self.store = store
        self.files = files
        self.force = force
        self.lang = lang
        self.origin = origin
        self.progress = progress
        self.step = step
        self.activity = activity
        self.summaries: dict[str, GraphSummary] = {}
        self.cube: dict[str, CubeSlice] = {}
        self.records: dict[str, SubmissionRecord] = {}

    def validate(self, workers: int | None) -> None:
        """Validate the files; the ontology, regions and alignments are written meanwhile, so that a fresh store
        (or server) answers queries after one load (with the coverage cube of submissions loaded before it
        existed): validation never reads the store (a new store: 0.3 s, mostly pyoxigraph's, outside the
        interpreter)."""
        from concurrent.futures import ThreadPoolExecutor

        from kg.loading.agencies import loaded_agencies
        from kg.submissions.validation import validate_files

        # a new spelling of an agency the store holds for the region becomes that agency (one IRI)
        known_agencies = loaded_agencies(self.store)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference-data") as pool:
            self.reference = pool.submit(self.store.ensure_reference_data)
            self.validation = validate_files(
                self.files,
                lang=self.lang,
                known_agencies=known_agencies,
                progress=self.progress,
                workers=workers,
                prepare=prepare_submission,
            )

    def left_out(self, each_file: bool) -> set[Path] | None:
        """The files left out for their violations (none unless the load has them and is not forced); ``None``
        when the whole load is refused."""
        validation = self.validation
        left_out: set[Path] = set()
        if validation.has_violations and not self.force:
            left_out = {Path(result.file).resolve() for result in validation.results if result.severity == "Violation"}
            owned = {Path(item.source_file).resolve() for item in validation.submissions.values()}
            if not each_file or not left_out <= owned:
                return None
        return left_out

    def keep(self, left_out: set[Path]) -> dict[tuple[str, int | str], SubmissionData]:
        """The submissions to load, with what was prepared for each where it was validated (its summary and
        coverage observations; a refusal found there is raised now)."""
        validation = self.validation
        kept = {
            key: submission
            for key, submission in validation.submissions.items()
            if Path(submission.source_file).resolve() not in left_out
        }
        _warn_of_other_years(validation, self.store, self.lang, left_out)
        for submission in kept.values():
            prepared = validation.prepared[submission.iri]
            if isinstance(prepared, InputError):
                raise prepared
            self.summaries[submission.iri], self.cube[submission.iri] = cast(tuple, prepared)
        self.step("validated")
        return kept

    def reference_written(self) -> None:
        """Wait for the reference data (written beside the validation)."""
        try:
            self.reference.result()
        except StoreWriteError as error:
            raise _write_failed(error, [], len(self.validation.submissions)) from None
        self.step("reference-data")

    def compare(
        self, kept: dict[tuple[str, int | str], SubmissionData], outcome: LoadOutcome
    ) -> list[tuple[str, tuple[int, int], int]]:
        """The submissions the store does not hold as they are now (the others are ``unchanged``), each with its
        provenance record; their N-Triples spooled, no longer held in memory. ``(IRI, spool place, triples)``."""
        checksums = {path.resolve(): (sha256_file(path), path.stat().st_size) for path in self.files}
        candidates = []
        for (region_code, year), submission in sorted(kept.items(), key=lambda item: str(item[0])):
            source = Path(submission.source_file).resolve()
            candidates.append((region_code, year, submission, source, self.summaries[submission.iri]))
        self.previous = loaded_records(self.store)
        held = self.store.graph_summaries(
            [
                submission.iri
                for _, _, submission, source, summary in candidates
                if _recorded_as(self.previous.get(submission.iri), checksums[source][0], summary, self.origin)
            ]
        )
        results_by_file = self._results_by_file()
        pending: list[tuple[str, tuple[int, int], int]] = []
        self.spool = spool = _Spool()  # each graph to write waits in a temporary file (the page cache)
        for region_code, year, submission, source, summary in candidates:
            now_held = held.get(submission.iri)
            if (
                now_held is not None
                and now_held.triples == summary.triples
                and (now_held.digest is None or now_held.digest == summary.digest)
            ):
                outcome.unchanged.append(submission.iri)
                continue
            counts = results_by_file.get(source, {})
            self.records[submission.iri] = self._record(submission, region_code, year, checksums[source], counts)
            pending.append((submission.iri, spool.put(submission.ntriples), summary.triples))
        for submission in self.validation.submissions.values():
            submission.ntriples = b""  # spooled: a 40,000-row file's N-Triples (~215 MB) are no longer held
        from kg.core.memory import give_back_memory

        give_back_memory()
        self.step("compared")
        return pending

    def _results_by_file(self) -> dict[Path, dict[str, int]]:
        results_by_file: dict[Path, dict[str, int]] = {}
        for result in self.validation.results:
            counts = results_by_file.setdefault(Path(result.file).resolve(), {"Violation": 0, "Warning": 0, "Info": 0})
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return results_by_file

    def _record(
        self,
        submission: SubmissionData,
        region_code: str,
        year: int | str,
        checksum: tuple[str, int],
        counts: dict[str, int],
    ) -> SubmissionRecord:
        """The provenance record of a submission this load writes."""
        summary = self.summaries[submission.iri]
        known = find_region(str(region_code))
        return SubmissionRecord(
            iri=submission.iri,
            region_iri=known.iri if known else region_iri(str(region_code)),
            year=year,
            source_name=Path(submission.source_file).resolve().name,
            sha256=checksum[0],
            byte_size=checksum[1],
            triples=summary.triples,
            conforms=not counts,
            forced=bool(self.force and counts.get("Violation")),
            violations=counts.get("Violation", 0),
            warnings=counts.get("Warning", 0),
            infos=counts.get("Info", 0),
            content_digest=summary.digest or "",
            origin=self.origin,
        )

    @property
    def held_before(self) -> int:
        """The triples the store held before the load, by its provenance records."""
        return sum(record.triples or 0 for record in self.previous.values())

    def step_size(self, pending: list[tuple[str, tuple[int, int], int]], batch_triples: int | None) -> int:
        """The triples of each atomic step: ``batch_triples`` when given, else :data:`BATCH_TRIPLES`, or the
        store's ``bulk_batch_triples`` for a first load of new graphs into a store that bulk-loads them."""
        if batch_triples is not None:
            return batch_triples
        batch_triples = BATCH_TRIPLES
        bulk = self.store.bulk_batch_triples
        if bulk > batch_triples and not self.store.graph_names() & {iri for iri, _, _ in pending}:
            batch_triples = bulk  # a first load of new graphs: fewer, larger bulk writes
            if self.held_before < LARGE_STORE_TRIPLES:  # less memory where larger steps gain little
                batch_triples = max(BATCH_TRIPLES, bulk // 4)
        return batch_triples

    def write(self, pending: list[tuple[str, tuple[int, int], int]], outcome: LoadOutcome, batch_triples: int) -> None:
        """Write the pending graphs in atomic steps, each with its records and coverage observations."""
        total = sum(item[2] for item in pending)
        done = 0
        batches = list(_batches(pending, batch_triples))
        for number, batch in enumerate(batches, start=1):
            self.activity.ended = now()
            batch_records = [self.records[iri] for iri, _, _ in batch]
            self._write_step(batch, batch_records, number == len(batches), outcome, len(pending))
            outcome.loaded.extend(batch_records)
            done += sum(item[2] for item in batch)
            self.step(f"batch-{number}")
            if self.progress is not None:
                self.progress("load", done, total)

    def _write_step(
        self,
        batch: list[tuple[str, tuple[int, int], int]],
        batch_records: list[SubmissionRecord],
        ended: bool,
        outcome: LoadOutcome,
        pending: int,
    ) -> None:
        """One atomic step: the graphs replaced, their old records and observations forgotten, the new added."""
        from kg.store import coverage_cube

        store = self.store
        forget, remember = record_changes(
            batch_records, self.activity, replacing=holds_records(store, batch_records), ended=ended
        )
        iris = [iri for iri, _, _ in batch]
        if forget:  # loaded before: their coverage observations are replaced too (a first load has none)
            forget = f"{forget} ;\n{coverage_cube.forget(iris)}"
        try:
            store.replace_graphs(
                {iri: self.spool.get(place) for iri, place, _ in batch},
                with_update=forget,
                with_triples={  # text: it may cross JSON to a server; each year's observations in its graph
                    str(META_GRAPH): remember.decode("utf-8"),
                    **{
                        graph: data.decode("utf-8")
                        for graph, data in coverage_cube.by_graph(self.cube[iri] for iri in iris).items()
                    },
                },
            )
        except StoreWriteError as error:
            raise _write_failed(error, outcome.loaded, pending - len(outcome.loaded)) from None
        except WriteUnansweredError as error:
            # the answer was lost, not necessarily the write: the store says whether it holds what was sent
            left = pending - len(outcome.loaded)
            _committed_after_all(store, batch_records, error, outcome.loaded, left)
            outcome.confirmed.extend(record.iri for record in batch_records)

    def compact(self, outcome: LoadOutcome) -> None:
        """A large load into a store that compacts its files ends by compacting them (faster reads afterwards)."""
        if not self.store.compacts:
            return
        if outcome.triples >= OPTIMIZE_TRIPLES and outcome.triples * 4 >= self.held_before:
            if self.progress is not None:
                self.progress("optimize", 0, 1)
            self.store.optimize()  # the store's files compacted once the load is committed
            if self.progress is not None:
                self.progress("optimize", 1, 1)


def _warn_of_other_years(validation, store: GraphStore, lang: str, left_out: set[Path]) -> None:  # noqa: ANN001
    """Add the Warnings of programs coded otherwise than in the store's other years of their region (the files
    loaded, not those ``left_out``)."""
    from kg.submissions.initiative_checks import stored_year_readings
    from kg.submissions.validation import RowResult, reading_results

    loaded = [item for item in validation.conversions if Path(item.source_file).resolve() not in left_out]
    found = stored_year_readings(loaded, store)
    for conversion in validation.conversions:
        if id(conversion) in found:
            validation.results.extend(reading_results(conversion, found[id(conversion)], lang))
    validation.results.sort(key=RowResult.sort_key)


class _Spool:
    """Byte strings written to an unnamed temporary file and read back by their place (offset, length): what a
    load is to write waits in the page cache (which the kernel may write out), not in the process's memory."""

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile(prefix="kotacerdas-load-")
        self._end = 0

    def put(self, data: bytes) -> tuple[int, int]:
        """Keep ``data``; a file system that refuses it (full, a file-size limit) stops the load before any write:
        :class:`StoreWriteError` saying the store is unchanged."""
        self._file.seek(self._end)
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreWriteError(
                "tidak ada yang dimuat, penyimpanan tidak berubah (graf lama tetap): berkas sementara pemuatan tidak "
                f"dapat ditulis / nothing was loaded, the store is unchanged (old graphs kept): the load's temporary "
                f"file cannot be written ({reason})",
                reason=reason,
            ) from None
        place = (self._end, len(data))
        self._end += len(data)
        return place

    def get(self, place: tuple[int, int]) -> bytes:
        self._file.seek(place[0])
        return self._file.read(place[1])

    def close(self) -> None:
        self._file.close()


def prepare_submission(submission: SubmissionData) -> tuple[GraphSummary, CubeSlice] | InputError:
    """What a load writes beside a validated submission's graph: its summary (triples, digest) and its coverage
    observations; or, as a value, why it is refused (:class:`kg.loading.scope.ScopeError`, N-Triples that do not
    parse), raised by :func:`load_files` only if the load is not refused for its results first. Run where the
    submission was validated (a worker process, :func:`kg.submissions.validation.validate_files`)."""
    from kg.loading.scope import check_submission_scope
    from kg.store import coverage_cube
    from kg.store.content import canonical_ntriples, summarise_canonical

    try:
        canonical = canonical_ntriples(submission.ntriples, source=str(submission.source_file))
        check_submission_scope(submission, canonical)
    except InputError as refusal:
        return refusal
    return summarise_canonical(canonical), coverage_cube.observations_of_ntriples(submission.iri, canonical)


def _recorded_as(record, sha256: str, summary, origin: str) -> bool:  # noqa: ANN001 - LoadedRecord, GraphSummary
    """Whether the metadata graph says the submission was loaded from this file, with this origin, and made this
    graph."""
    return (
        record is not None
        and record.sha256 == sha256
        and record.origin == origin
        and record.content_digest == summary.digest
        and record.triples == summary.triples
    )
