"""The worker pool: many files converted and validated in worker processes, a region's files always
together."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, cast

from kg.core.errors import InputError
from kg.submissions.convert import Conversion, convert_files
from kg.submissions.validation.converted_files import _drop_rdf
from kg.submissions.validation.prepared import _validate_and_prepare

if TYPE_CHECKING:
    from kg.submissions.agencies import KnownAgencies
    from kg.submissions.validation.model import Prepare, Progress, RowResult

# Files whose rows share no region code are independent: their agencies, programs and indicators never meet
# in the conversion, and their graphs never meet in validation. A national batch (every kabupaten/kota, ten
# years) splits into one set per region; sets are packed into tasks of one size, at most TASK_BYTES of input
# and as many as a multiple of the workers (:func:`_task_target`), each task read, converted and validated by a
# worker process (several regions per task, so that small files still share one validation store). Reading
# happens twice (once here for the region codes, in the workers), which costs less than holding every table of
# a national batch in one process.

#: Inputs of at least this many bytes (all files together, two files or more) go to worker processes. Two workers
#: against one on two cores (2026-12-07, national year files): 3.0 MB 7.5-8.8 s against 6.0 s, 4.0 MB 8.9-9.4
#: against 9.3-10.3 s, 7.1 MB (514 files) 10.2-10.5 against 14.0-14.3 s: each worker's start-up and reading
#: the files twice pay off from about 4 MB (measured when tasks were TASK_BYTES and a remainder: up to 4 MB a
#: single task, one worker idle).
PARALLEL_BYTES = 6 << 20
#: Input bytes per task.
TASK_BYTES = 4 << 20
#: At most this many worker processes.
MOST_WORKERS = 8


def _worker_count(paths: list[Path], engine: str, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if engine != "sparql" or len(paths) < 2:
        return 1
    try:
        size = sum(path.stat().st_size for path in paths)
    except OSError:  # a file that cannot be read: the reader says which, in one process
        return 1
    if size < PARALLEL_BYTES:
        return 1
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MOST_WORKERS)


def _task_target(total: int, workers: int) -> float:
    """The input bytes of each task: the input cut into tasks of at most :data:`TASK_BYTES`, as many as a multiple
    of the workers, of one size. Tasks of TASK_BYTES and a remainder left two workers unequal: a national year
    (7.05 MB) went as 4.24 and 2.81 MB, the second worker idle for a third of the run."""
    tasks = workers * max(1, math.ceil(total / (workers * TASK_BYTES)))
    return total / tasks


def _task_regions(paths: list[str]) -> list[tuple]:
    """For each path (in a worker): ``("ok", region codes (none for RDF; ``None`` for indicators of any region),
    whether it holds programs)``, or ``("error", the InputError)`` for a file that cannot be read (it pickles with
    its class and fields)."""
    from kg.submissions.convert import table_regions
    from kg.submissions.tables import PROGRAMS_TABLE, Table, read_submission

    answers: list[tuple] = []
    for path in paths:
        try:
            item = read_submission(path)
        except InputError as error:
            answers.append(("error", error))
            continue
        if isinstance(item, Table):
            answers.append(("ok", table_regions(item), item.kind == PROGRAMS_TABLE))
        else:  # RDF: converted on its own
            answers.append(("ok", frozenset(), True))
    return answers


def _independent_sets(regions: list[frozenset[str] | None], programs: list[bool]) -> list[list[int]] | None:
    """The files (indices) in sets sharing no region code, each in input order, sets in order of their first
    file; ``None`` when indicators may name programs of any region (no region column) or a set would hold
    indicators without programs (one process then does as it always did)."""
    if any(codes is None for codes in regions):
        return None
    parent = list(range(len(regions)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first: dict[str, int] = {}
    for index, codes in enumerate(regions):
        for code in codes or ():
            if code in first:
                parent[root(index)] = root(first[code])
            else:
                first[code] = index
    sets: dict[int, list[int]] = {}
    for index in range(len(regions)):
        sets.setdefault(root(index), []).append(index)
    found = sorted(sets.values(), key=lambda members: members[0])
    if any(not any(programs[index] for index in members) for members in found):
        return None
    return found


def _validate_task(
    paths: list[str],
    lang: str,
    engine: str,
    known: dict[str, list] | None,
    keep_rdf: bool,
    prepare: Prepare | None,
) -> tuple[str, object]:
    """In a worker: read, convert and validate one task's files; ``("ok", (conversions, results, fallback,
    prepared))`` or ``("error", the InputError)``, raised in the parent as one process raises it."""
    agencies = (lambda code: known.get(code, ())) if known is not None else None
    try:
        conversions = convert_files(paths, known_agencies=agencies)
        results, fallback, prepared = _validate_and_prepare(conversions, lang, engine, prepare)
    except InputError as error:
        return "error", error
    if not keep_rdf:
        _drop_rdf(conversions)
    for result in results:  # the shapes' graph of a complex path stays here; its text travels
        result.result.path_graph = None
    return "ok", (conversions, results, fallback, prepared)


def _in_workers(
    paths: list[Path],
    count: int,
    lang: str,
    engine: str,
    known_agencies: KnownAgencies | None,
    keep_rdf: bool,
    progress: Progress | None,
    prepare: Prepare | None = None,
) -> tuple[list[Conversion], list[RowResult], list[str], dict[str, object]] | None:
    """:func:`validate_files` in ``count`` worker processes; ``None`` when the files are not independent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    texts = [str(path) for path in paths]
    chunks = [texts[start : start + 64] for start in range(0, len(texts), 64)]
    # spawn: the engine runs threads, which a fork would copy mid-flight
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        read = [answer for answers in pool.map(_task_regions, chunks) for answer in answers]
        for answer in read:
            if answer[0] == "error":
                raise answer[1]
        regions = [cast(frozenset[str] | None, answer[1]) for answer in read]
        sets = _independent_sets(regions, [bool(answer[2]) for answer in read])
        if sets is None:
            return None
        sizes = [sum(paths[index].stat().st_size for index in members) for members in sets]
        target = _task_target(sum(sizes), count)
        tasks: list[list[int]] = [[]]
        size = 0
        for members, members_size in zip(sets, sizes, strict=True):
            if tasks[-1] and size >= target:
                tasks.append([])
                size = 0
            tasks[-1].extend(members)
            size += members_size
        known = None
        if known_agencies is not None:
            known = {code: list(known_agencies(code)) for codes in regions for code in codes or ()}
        futures = []
        for task in tasks:
            task_known = None
            if known is not None:
                task_known = {code: known[code] for index in task for code in regions[index] or ()}
            futures.append(
                pool.submit(
                    _validate_task,
                    [texts[index] for index in sorted(task)],
                    lang,
                    engine,
                    task_known,
                    keep_rdf,
                    prepare,
                )
            )
        by_source: dict[str, Conversion] = {}
        results: list[RowResult] = []
        fallback: list[str] = []
        prepared: dict[str, object] = {}
        errors: list[tuple[int, InputError]] = []
        done = 0
        for task, future in zip(tasks, futures, strict=True):
            status, value = future.result()
            if status == "error":
                errors.append((min(task), cast(InputError, value)))
            else:
                task_conversions, task_results, task_fallback, task_prepared = cast(tuple, value)
                by_source.update((str(conversion.source_file), conversion) for conversion in task_conversions)
                results.extend(task_results)
                prepared.update(task_prepared)
                fallback.extend(node for node in task_fallback if node not in fallback)
            done += len(task)
            if progress is not None:
                progress("files", done, len(paths))
    if errors:
        raise min(errors, key=lambda error: error[0])[1]
    conversions = [by_source[text] for text in texts if text in by_source]
    return conversions, results, fallback, prepared
