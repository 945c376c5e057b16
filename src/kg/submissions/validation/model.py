"""The result model of validation: a result placed on its row and column (:class:`RowResult`), the outcome
of validating files (:class:`ValidationOutcome`), and the callbacks a caller gives (:data:`Progress`,
:data:`Prepare`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from kg.core.errors import InputError
from kg.core.options import FAIL_ON, SEVERITIES
from kg.submissions.convert import SubmissionData
from kg.submissions.texts import bilingual

if TYPE_CHECKING:
    from kg.shacl import ValidationResult
    from kg.submissions.convert import Conversion

Engine = Literal["sparql", "pyshacl"]

#: ``progress(stage, done, total)``: ``"convert"`` counts files, ``"validate"`` triples, ``"files"`` the files
#: worker processes have converted and validated (``load`` adds ``"load"``, triples written).
Progress = Callable[[str, int, int], None]
#: ``prepare(submission)``: what a caller needs of each validated submission, computed where it was validated.
Prepare = Callable[[SubmissionData], object]


@dataclass
class RowResult:
    """One validation result, placed on its file, row, column (and cell), with its message in one language."""

    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str
    constraint: str
    file: str
    row: int | None
    column: str | None
    #: The engine's result (for the standard ``sh:ValidationReport``).
    result: ValidationResult = field(repr=False, compare=False)
    #: The result's messages in every language, placeholders filled (rdflib literals).
    messages: list = field(default_factory=list, repr=False, compare=False)
    #: The spreadsheet cell (``F4``) of a result of an XLSX file, else ``None`` (``Indikator!E4`` on the
    #: indicators sheet).
    cell: str | None = None
    #: The table the row is in: ``programs`` or ``indikator``.
    table: str = "programs"
    #: The row's program, as the reports show it beside the row (``id_program`` and ``nama_program``).
    program_id: str | None = None
    program_name: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The result as docs/design.md's JSON fields, in their order (``cell`` added for a spreadsheet's)."""
        document: dict[str, object] = {
            "severity": self.severity,
            "message": self.message,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "shape": self.shape,
            "constraint": self.constraint,
            "file": self.file,
            "row": self.row,
            "column": self.column,
        }
        if self.cell is not None:
            document["cell"] = self.cell
        return document

    def sort_key(self) -> tuple:
        return (
            self.file,
            _table_rank(self.table),
            self.row if self.row is not None else 1 << 62,
            _column_rank(self.column, self.table),
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
            self.focus,
            self.constraint,
            self.value or "",
        )


@dataclass
class ValidationOutcome:
    """The results of validating one or more files, sorted by file, row, column."""

    results: list[RowResult]
    #: What loading needs: each submission's validated N-Triples, keyed by (region code, year).
    submissions: dict[tuple[str, int | str], SubmissionData]
    conversions: list[Conversion]
    engine: str
    lang: str
    #: Shapes the SPARQL engine could not compile and ran on pySHACL instead.
    fallback_shapes: list[str] = field(default_factory=list)
    #: What ``prepare`` (:func:`validate_files`) gave for each submission, by submission IRI.
    prepared: dict[str, object] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """SHACL's sense: no result of any severity."""
        return not self.results

    @property
    def has_violations(self) -> bool:
        return any(result.severity == "Violation" for result in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for result in self.results if result.severity == severity)

    def fails(self, fail_on: str = "violation") -> bool:
        """Whether any result is at least as severe as ``fail_on`` (``violation``, ``warning`` or ``info``)."""
        threshold = _threshold(fail_on)
        return any(SEVERITIES.index(r.severity) <= threshold for r in self.results if r.severity in SEVERITIES)


def _threshold(fail_on: str) -> int:
    if fail_on.lower() not in FAIL_ON:
        raise InputError(bilingual("fail_on", allowed=", ".join(FAIL_ON)), source="--fail-on")
    return FAIL_ON.index(fail_on.lower())


@cache
def _column_ranks(table: str) -> dict[str, int]:
    from kg.submissions.template import columns

    return {item.name: index for index, item in enumerate(columns(table))}


def _column_rank(column: str | None, table: str = "programs") -> int:
    return -1 if column is None else _column_ranks(table).get(column, 999)


def _table_rank(table: str) -> int:
    from kg.submissions.template import table_names

    names = table_names()
    return names.index(table) if table in names else len(names)
