"""A query's answer as pyoxigraph terms, read within bounds: rows (or triples), bytes and time.

Every road that runs a query for someone else (the web endpoint, the query workers of
:mod:`kg.store.query_workers`) reads the store's answer through :func:`collect`, so one bound means the same
everywhere: an answer over ``max_rows`` rows or ``max_bytes`` bytes of term text is refused whole
(:class:`ResultTooLargeError`, :class:`AnswerTooLargeError`), never cut short; a deadline passed while the
rows are read ends it (:class:`kg.store.bounded.QueryTimeoutError`).

The byte count is the length of every term's text (IRI, literal value, language, datatype) as it is read: a row
cap alone does not bound an answer (99,000 rows of an 880 kB ``CONCAT`` string are 87 GB).

The embedded store's own answers are counted by :func:`_capped` (rows or triples, refused past a caller's cap).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.store.interface import ResultTooLargeError

#: Default bound of an answer's term text (stated in SECURITY.md and ``kotacerdas serve --help``).
DEFAULT_MAX_ANSWER_BYTES = 64_000_000


class AnswerTooLargeError(ResultTooLargeError):
    """An answer whose terms hold more text than the caller allowed: refused whole."""


@dataclass(frozen=True)
class Solutions:
    """A SELECT answer: variable names and rows of pyoxigraph terms (``None`` unbound)."""

    variables: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class Boolean:
    """An ASK answer."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT or DESCRIBE answer."""

    triples: list[ox.Triple]


Answer = Solutions | Boolean | Triples


@dataclass(frozen=True)
class AnswerBounds:
    """How much of an answer may be read: rows (or triples), bytes of term text, and a ``time.monotonic()``
    deadline (``None``: none) with the limit it came from, for the message."""

    max_rows: int
    max_bytes: int = DEFAULT_MAX_ANSWER_BYTES
    deadline: float | None = None
    timeout_s: float = 0.0


def _term_bytes(term: object) -> int:
    if term is None:
        return 0
    if isinstance(term, ox.Literal):
        size = len(term.value)
        if term.language:
            return size + len(term.language)
        return size + len(term.datatype.value)
    if isinstance(term, ox.Triple):  # RDF-star: a quoted triple
        return _term_bytes(term.subject) + _term_bytes(term.predicate) + _term_bytes(term.object)
    return len(getattr(term, "value", ""))


def _too_many(limit: int, unit: str) -> ResultTooLargeError:
    local, english = unit.split(" / ")
    return ResultTooLargeError(
        f"jawaban melebihi {limit} {local} / the answer has more than {limit} {english}: add LIMIT "
        "(pakai LIMIT/OFFSET per halaman / page through it with LIMIT and OFFSET) or narrow the query",
        source="SPARQL",
    )


def _too_large(limit: int) -> AnswerTooLargeError:
    return AnswerTooLargeError(
        f"jawaban melebihi {limit:,} bita teks / the answer holds more than {limit:,} bytes of text: select fewer "
        "or shorter values, or page through it with LIMIT and OFFSET",
        source="SPARQL",
    )


def _collect(items: Iterable, bounds: AnswerBounds, unit: str, width) -> list:  # noqa: ANN001 - row size
    from kg.store.bounded import query_timeout

    collected: list = []
    append = collected.append
    size = 0
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except (OSError, RuntimeError, ValueError) as error:
            raise InputError(f"kueri gagal / the query failed: {str(error).splitlines()[0]}", "SPARQL") from None
        if len(collected) >= bounds.max_rows:
            raise _too_many(bounds.max_rows, unit)
        size += width(item)
        if size > bounds.max_bytes:
            raise _too_large(bounds.max_bytes)
        if bounds.deadline is not None and not len(collected) & 255 and time.monotonic() > bounds.deadline:
            raise query_timeout(bounds.timeout_s)
        append(item)
    if bounds.deadline is not None and time.monotonic() > bounds.deadline:
        raise query_timeout(bounds.timeout_s)
    return collected


def collect(answer: object, bounds: AnswerBounds) -> Answer:
    """A pyoxigraph answer (boolean, solutions, or triples/quads) read within ``bounds``."""
    if isinstance(answer, ox.QueryBoolean):
        return Boolean(bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [variable.value for variable in answer.variables]
        indexes = range(len(variables))
        rows = _collect(
            (tuple(solution[index] for index in indexes) for solution in answer),
            bounds,
            "baris / rows",
            lambda row: sum(_term_bytes(term) for term in row) + 1,
        )
        return Solutions(variables, rows)
    triples = _collect(
        (getattr(item, "triple", item) for item in answer),  # type: ignore[attr-defined]
        bounds,
        "tripel / triples",
        lambda triple: _term_bytes(triple) + 1,
    )
    return Triples(triples)


def _capped(items: Iterable, limit: int | None, unit: str) -> Iterator:
    """``items`` one by one; :class:`ResultTooLargeError` on the one after ``limit`` (nothing is cut silently),
    and one :class:`InputError` line for a failure while they are computed (e.g. a ``SERVICE`` out of reach)."""
    iterator = iter(items)
    count = 0
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except (OSError, RuntimeError, ValueError) as error:
            raise InputError(f"kueri gagal / the query failed: {_one_line(error)}", source="SPARQL") from None
        count += 1
        if limit is not None and count > limit:
            raise ResultTooLargeError(
                f"jawaban melebihi {limit:,} {unit.split(' / ')[0]} / the answer has more than {limit:,} "
                f"{unit.split(' / ')[1]}: add LIMIT, narrow the query, or raise --max-rows",
                source="SPARQL",
            )
        yield item


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]
