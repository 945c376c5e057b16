"""Validating converted files: one file in batches of whole submissions (:func:`validate_conversion`), small
table files together in one store (:func:`_file_groups`), each result given back to its file and its row's
program."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, cast

from kg.core.errors import InputError
from kg.submissions.texts import bilingual
from kg.submissions.validation.engine import _run
from kg.submissions.validation.model import Engine, RowResult
from kg.submissions.validation.reading_results import _KCP, _reading_results
from kg.submissions.validation.row_results import _row_result

if TYPE_CHECKING:
    from kg.submissions.convert import Conversion, SubmissionData
    from kg.submissions.validation.model import Progress

#: Submissions are validated together up to about this many triples (whole submissions; the reference data
#: comes on top): a store of 50,000 triples takes ~20 MB, the same for every batch (40,000 rows: 336 MB peak in
#: all, against 570 MB for one store of the whole file, and no slower).
BATCH_TRIPLES = 50_000


def _batches(submissions: Iterable[SubmissionData], limit: int) -> Iterator[list[SubmissionData]]:
    """Whole submissions grouped up to about ``limit`` triples."""
    batch: list[SubmissionData] = []
    size = 0
    for submission in submissions:
        if batch and size + submission.triple_count > limit:
            yield batch
            batch, size = [], 0
        batch.append(submission)
        size += submission.triple_count
    if batch:
        yield batch


def validate_conversion(
    conversion: Conversion, *, lang: str = "id", engine: Engine = "sparql"
) -> tuple[list[RowResult], list[str]]:
    """Validate one converted file: its results on rows and columns, and the shapes that fell back to pySHACL."""
    results: list[RowResult] = []
    fallback: list[str] = []
    names: dict[tuple[str, int], tuple[str | None, str | None]] = {}
    for batch in _batches(conversion.submissions.values(), BATCH_TRIPLES):
        report, rows = _run([item.ntriples for item in batch], engine)
        results.extend(_row_result(result, conversion, rows, lang) for result in report.results)
        fallback.extend(str(node) for node in getattr(report, "fallback_shapes", []) if str(node) not in fallback)
        if conversion.tabular and (report.results or conversion.readings):  # rows to name: read their programs
            names.update(rows.program_names())
    results.extend(_reading_results(conversion, lang))
    _name_programs(results, names)
    return _without_superseded(results), fallback


#: Reading rules that say why a value looks wrong (a spreadsheet changed it), and the shapes whose results on the
#: same cell they replace: one clear result rather than unrelated ones.
_SUPERSEDING = {
    _KCP + "PercentFractionReading": (_KCP + "DirectionAgreesShape",),
    _KCP + "CountFractionReading": (_KCP + "DirectionAgreesShape",),
}


def _without_superseded(results: list[RowResult]) -> list[RowResult]:
    """``results`` without those a reading of the same cell explains (:data:`_SUPERSEDING`)."""
    replaced = {
        (result.file, result.table, result.row, result.column, shape)
        for result in results
        for shape in _SUPERSEDING.get(result.shape, ())
    }
    if not replaced:
        return results
    return [r for r in results if (r.file, r.table, r.row, r.column, r.shape) not in replaced]


def _name_programs(results: Iterable[RowResult], names: dict[tuple[str, int], tuple[str | None, str | None]]) -> None:
    """Each result on a row gets the row's program (its id and name), from (table, row) → (id, name)."""
    for result in results:
        if result.row is not None:
            result.program_id, result.program_name = names.get((result.table, result.row), (None, None))


def _file_groups(conversions: Iterable[Conversion], limit: int) -> Iterator[list[Conversion]]:
    """Files validated together in one store, up to about ``limit`` triples: many small submissions (a national
    load: one file per region and year) then share one store, its reference data and one run of each check,
    instead of paying them per file. Only tables are grouped (RDF input may hold blank nodes, whose labels two
    files could share), never two files of one region (their agencies are the same resources, so a result on
    one must name its file without doubt); a file over ``limit`` is validated alone, in its own batches. Each
    file joins the first group it fits (files named region-year, in name order, put each region's years side by
    side: 184 files of 116 regions made 69 groups one after another, 2 this way)."""
    groups: list[tuple[list[Conversion], set[str], list[int]]] = []  # (files, their regions, [triples])
    for conversion in conversions:
        own = {str(key[0]) for key in conversion.submissions}
        if conversion.layout is None or conversion.triple_count > limit:
            yield [conversion]
            continue
        for members, regions, size in groups:  # noqa: B007 - the group found is used after the loop
            if size[0] + conversion.triple_count <= limit and not own & regions:
                break
        else:
            members, regions, size = [], set(), [0]
            groups.append((members, regions, size))
        members.append(conversion)
        regions |= own
        size[0] += conversion.triple_count
    for members, _, _ in groups:
        yield members


def _validate_together(
    conversions: list[Conversion], *, lang: str, engine: Engine
) -> tuple[list[RowResult], list[str]]:
    """Validate several table files in one store (:func:`_file_groups`); each result goes to the file whose
    triples describe its focus node (as their subject, else anywhere in them), with what each file's reading
    said back and each row's program, as :func:`validate_conversion` gives them for one file."""
    # each file's N-Triples decompressed once: the store is loaded from them, and results find their file in them
    texts = [(conversion, [item.ntriples for item in conversion.submissions.values()]) for conversion in conversions]
    report, rows = _run([text for _, parts in texts for text in parts], engine)
    owner_of = _Owners(texts, expected=len(report.results))
    found: dict[int, list[RowResult]] = {id(conversion): [] for conversion in conversions}
    for result in report.results:
        owner = owner_of(str(result.focus))
        found[id(owner)].append(_row_result(result, owner, rows, lang))
    for conversion in conversions:
        found[id(conversion)].extend(_reading_results(conversion, lang))
    wanted = {(result.table, result.row) for results in found.values() for result in results if result.row is not None}
    if wanted:  # each row's program, for the rows with results (numbered alike in every file: split by owner)
        by_submission = {item.iri: conversion for conversion in conversions for item in conversion.submissions.values()}
        names: dict[int, dict[tuple[str, int], tuple[str | None, str | None]]] = {
            id(conversion): {} for conversion in conversions
        }
        for program, submission, table, row, program_id, name in rows.program_rows():
            if (table, row) in wanted:
                holder = by_submission.get(submission or "") or owner_of(program)
                names[id(holder)].setdefault((table, row), (program_id, name))
        for conversion in conversions:
            _name_programs(found[id(conversion)], names[id(conversion)])
    results = _without_superseded([result for conversion in conversions for result in found[id(conversion)]])
    fallback = [str(node) for node in getattr(report, "fallback_shapes", [])]
    return results, list(dict.fromkeys(fallback))


class _Owners:
    """The file among those of ``texts`` (each file's submissions as N-Triples, decompressed once for the group:
    decompressing them at each question took 1.7 of a national year's 20 s) whose triples describe an IRI (as
    their subject, else name it anywhere; the first file when none does). IRIs are searched for in the
    N-Triples, unless :data:`SEARCHED` or more are asked (``expected``, or counted): then every subject is indexed
    once, which costs about as much as that many searches (a group of 50,000 triples of national files: ~0.5 ms a
    search, ~20 ms the index)."""

    SEARCHED = 32

    def __init__(self, texts: list[tuple[Conversion, list[bytes]]], expected: int = 0) -> None:
        self.texts = texts
        self.asked = 0
        self.expected = expected
        self.subjects: dict[str, Conversion] | None = None

    def __call__(self, iri: str) -> Conversion:
        self.asked += 1
        if self.subjects is None and max(self.asked, self.expected) >= self.SEARCHED:
            self.subjects = self._index()
        term = f"<{iri}>".encode()
        if self.subjects is not None:
            owner = self.subjects.get(iri)
        else:
            owner = self._holding(lambda ntriples: ntriples.startswith(term + b" ") or b"\n" + term + b" " in ntriples)
        return owner or self._holding(lambda ntriples: term in ntriples) or self.texts[0][0]

    def _holding(self, test: Callable[[bytes], bool]) -> Conversion | None:
        return next((conversion for conversion, texts in self.texts if any(test(text) for text in texts)), None)

    def _index(self) -> dict[str, Conversion]:
        """Each subject IRI (``<iri> `` opening a line) → the first file with it. The lines are cut rather than
        matched with ``^<([^>]*)> `` (the data are N-Triples the store has parsed: a line's first ``>`` ends its
        IRI): half the time, and each subject decoded once (a national year: 1.05 -> 0.3 s in all)."""
        subjects: dict[str, Conversion] = {}
        for conversion, texts in self.texts:
            own: set[bytes] = set()
            for text in texts:
                for line in text.split(b"\n"):
                    if line[:1] == b"<":
                        end = line.find(b">")
                        if line[end + 1 : end + 2] == b" ":
                            own.add(line[1:end])
            for found in own:
                subjects.setdefault(found.decode("utf-8"), conversion)
        return subjects


def _notes_of_rows(conversions: list[Conversion], notes: dict[int, list], lang: str) -> list[RowResult]:
    """Results of notes about rows found beside the validation, each with its row's program."""
    found = []
    for conversion in conversions:
        for result in _reading_results(conversion, lang, notes.get(id(conversion), ())):
            program = conversion.programs.get(result.focus)
            if program is not None:
                result.program_id, result.program_name = program.program_id or None, program.name or None
            found.append(result)
    return found


def _submissions_of(conversions: list[Conversion]) -> dict[tuple[str, int | str], SubmissionData]:
    """Every submission by (region, year); :class:`InputError` for one given in two files."""
    submissions: dict[tuple[str, int | str], SubmissionData] = {}
    for conversion in conversions:
        for key, submission in conversion.submissions.items():
            if key in submissions:
                raise InputError(
                    bilingual("submission_twice", region=key[0], year=key[1], other=submissions[key].source_file),
                    source=str(conversion.source_file),
                )
            submissions[key] = submission
    return submissions


def _validate_groups(
    conversions: list[Conversion], lang: str, engine: str, progress: Progress | None = None
) -> tuple[list[RowResult], list[str]]:
    """The results of converted files, validated in groups (:func:`_file_groups`), and the shapes that fell
    back to pySHACL."""
    results: list[RowResult] = []
    fallback: list[str] = []
    total = sum(conversion.triple_count for conversion in conversions)
    done = 0
    for group in _file_groups(conversions, BATCH_TRIPLES):
        if len(group) == 1:
            found, fell_back = validate_conversion(group[0], lang=lang, engine=cast(Engine, engine))
        else:
            found, fell_back = _validate_together(group, lang=lang, engine=cast(Engine, engine))
        results.extend(found)
        fallback.extend(node for node in fell_back if node not in fallback)
        done += sum(conversion.triple_count for conversion in group)
        if progress is not None:
            progress("validate", done, total)
    return results, fallback


def _drop_rdf(conversions: Iterable[Conversion]) -> None:
    for conversion in conversions:
        for submission in conversion.submissions.values():
            submission.ntriples = b""
