"""What loading computes of each validated submission where it was validated (``prepare``, :data:`Prepare`),
and the checks run beside the validation: both in threads beside it, in one process or in each worker."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.submissions.validation.converted_files import _notes_of_rows, _validate_groups

if TYPE_CHECKING:
    from kg.submissions.convert import Conversion
    from kg.submissions.validation.model import Prepare, Progress, RowResult


def _validate_and_prepare(
    conversions: list[Conversion], lang: str, engine: str, prepare: Prepare | None, progress: Progress | None = None
) -> tuple[list[RowResult], list[str], dict[str, object]]:
    """:func:`_validate_groups` and :func:`_prepared` of the same conversions, the second in a thread beside
    the first: validation spends most of its time in pyoxigraph, which lets go of the interpreter while it
    loads and queries, so the two share the cores (one 5,000-row submission: 0.4 s less). The codes far from
    their programs' names and the programs coded otherwise in another year
    (:func:`kg.submissions.initiative_checks.row_notes`) are looked for in another thread beside them, for the
    same reason."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.submissions.initiative_checks import row_notes

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="beside-validation") as pool:
        pending = pool.submit(_prepared, conversions, prepare) if prepare is not None else None
        notes = pool.submit(row_notes, conversions)
        results, fallback = _validate_groups(conversions, lang, engine, progress)
        results.extend(_notes_of_rows(conversions, notes.result(), lang))
        return results, fallback, pending.result() if pending is not None else {}


def _prepared(conversions: Iterable[Conversion], prepare: Prepare) -> dict[str, object]:
    return {item.iri: prepare(item) for conversion in conversions for item in conversion.submissions.values()}
