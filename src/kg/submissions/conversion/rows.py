"""A row's key (region, year, program id), the row being converted, and the triples of one submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.core.namespaces import KC, key_columns, submission_iri
from kg.core.template_metadata import INDICATORS_TABLE
from kg.submissions import readings
from kg.submissions.conversion.records import SubmissionData, deflated
from kg.submissions.conversion.terms import FISCAL_YEAR, SPATIAL, TYPE, XSD_INTEGER, cell_text, read_integer
from kg.submissions.periods import period_lines, periods_linked
from kg.submissions.tables import Table
from kg.submissions.template import LIST_ENTRY_SEPARATOR

#: A submission's key: the region code as written and the fiscal year (an integer when it reads as one).
SubmissionKey = tuple[str, int | str]


def code_text(text: str) -> str:
    """A code picked from the template's drop-down ("32.73 – Kota Bandung") is its code."""
    return text.split(LIST_ENTRY_SEPARATOR, 1)[0].strip() if LIST_ENTRY_SEPARATOR in text else text


def region_text(value: Any) -> str:
    """A region cell as its code: Excel's 32.7 for 32.70, a drop-down entry's code."""
    if isinstance(value, float):  # Excel turned 32.70 into 32.7
        return f"{value:.2f}"
    return code_text(cell_text(value)) if value is not None else ""


@dataclass(frozen=True)
class RowKey:
    """The row's region code, year (an integer when it reads as one) and program id, as written."""

    region: str
    year: int | str
    program_id: str


def row_key(cells: dict[str, Any]) -> RowKey:
    """The key of a row of the programs table."""
    region_column, year_column, id_column = key_columns()
    year_text = cell_text(cells[year_column]) if year_column in cells else ""
    year_lexical = read_integer(year_text) if year_text else None
    return RowKey(
        region=region_text(cells.get(region_column)),
        year=int(year_lexical) if year_lexical is not None else year_text,
        program_id=cell_text(cells[id_column]) if id_column in cells else "",
    )


def table_regions(table: Table) -> frozenset[str] | None:
    """The region codes the rows of ``table`` (and of its workbook's indicators sheet) are keyed by, as the
    conversion reads them: files sharing none convert independently (their agencies and programs never meet).
    ``None`` for an indicators table without a region column: its rows may name programs of any region."""
    tables = [table] if table.indicators is None else [table, table.indicators]
    region_column = key_columns()[0]
    if any(item.kind == INDICATORS_TABLE and region_column not in item.columns for item in tables):
        return None
    return frozenset(row_key(row.cells).region for item in tables for row in item.rows)


#: Bytes of a submission's encoded rows compressed together while it is built (:class:`SubmissionBuilder`):
#: the 514 submissions of a 40,000-row file (184 MB of N-Triples) then never wait whole and uncompressed.
PIECE_BYTES = 64 << 10


class SubmissionBuilder:
    """The triples of one submission, row by row (each row's lines encoded at once, and compressed every
    :data:`PIECE_BYTES`: a million triples are held in pieces of a few kilobytes rather than a million str
    objects)."""

    def __init__(self, key: SubmissionKey, region_iri: str | None) -> None:
        self.key = key
        self.iri = submission_iri(*key)
        self.region_iri = region_iri
        self.chunks: list[bytes] = []
        self.chunk_bytes = 0
        self.pieces: list[bytes] = []  # compressed (:func:`deflated`)
        self.programs: set[str] = set()
        #: (agency IRI, spelling) already described in this submission
        self.agencies: set[tuple[str, str]] = set()
        #: indicator IRIs (of the indicators table) already described, and assessments met
        self.indicators: dict[str, int] = {}
        self.assessments: dict[str, int] = {}
        #: the calculation periods (``s4city:hasCalculationPeriod``) already described in this submission
        self.periods: set[str] = set()
        self.program_count = 0
        self.triple_count = 0

    def add(self, lines: list[str], *, program: bool = True) -> None:
        """A row's lines (a program's, or with ``program=False`` an indicator row's), with the description of
        a calculation period they link to the first time the submission meets it."""
        text = "\n".join(lines) + "\n"
        for period in periods_linked(text):
            if period not in self.periods:
                self.periods.add(period)
                described = period_lines(period)
                text += "\n".join(described) + "\n"
                self.triple_count += len(described)
        chunk = text.encode("utf-8")
        self.chunks.append(chunk)
        self.chunk_bytes += len(chunk)
        if self.chunk_bytes >= PIECE_BYTES:
            self._compress()
        self.triple_count += len(lines)
        self.program_count += int(program)

    def _compress(self) -> None:
        self.pieces.append(deflated(b"".join(self.chunks)))
        self.chunks.clear()
        self.chunk_bytes = 0

    def finish(self, source: Path) -> SubmissionData:
        """The submission's data: its rows' lines, then the submission's own (type, region, fiscal year)."""
        subject = f"<{self.iri}>"
        lines = [f"{subject} {TYPE} <{KC.Submission}> ."]
        if self.region_iri:
            lines.append(f"{subject} {SPATIAL} <{self.region_iri}> .")
        region_code, year = self.key
        if isinstance(year, int):
            lines.append(f'{subject} {FISCAL_YEAR} "{year}"^^{XSD_INTEGER} .')
        self.chunks.append(("\n".join(lines) + "\n").encode("utf-8"))
        self._compress()
        data = b"".join(self.pieces)
        self.pieces.clear()
        return SubmissionData(
            iri=self.iri,
            region_code=region_code,
            year=year,
            ntriples_zlib=data,
            source_file=source,
            program_count=self.program_count,
            triple_count=self.triple_count + len(lines),
        )


@dataclass
class ConvertedCell:
    """What one cell became, kept for the checks across cells of a row (a target and achieved value a
    thousand times apart)."""

    column: str
    written: str
    reading: readings.Reading
    focus: str
    predicate: str


@dataclass(eq=False, slots=True)
class RowContext:
    """The row being converted: its table, number, cells, the submission it goes to and what it read."""

    table: str
    number: int
    cells: dict[str, Any]
    submission: SubmissionBuilder
    program_id: str
    read: list[ConvertedCell] = field(default_factory=list)
    #: resource → the ISO 4217 code of the other currency its amount was written in (``EUR``)
    currencies: dict[str, str] = field(default_factory=dict)
    #: the IRI of the agency the row names
    agency: str | None = None
