"""Rows of a submission → RDF, as the template metadata says (docs/architecture.md, "The data model").

The CSVW metadata (``template/programs.csv-metadata.json``, read by :mod:`kg.submissions.template`) drives the
conversion: each column's property, datatype, separator, language and code list, and every IRI (its URI
templates, expanded by :mod:`kg.core.namespaces`). Per row:

* the program (the table's ``aboutUrl``): the triples of the virtual columns about it (its type, its
  submission), ``kc:sourceRow`` (the row as the steward sees it: row provenance lives in the graph only), and
  its cells' triples;
* the other resource a row describes (the indicator: the columns whose ``aboutUrl`` names it) exists when one
  of its cells has a value; it is then typed by the ``kc:valueClass`` of the virtual column naming it, and
  linked from the program by that column's property;
* a cell of a column with a ``valueUrl`` and a ``kc:valueClass`` but no code list names a resource of its own
  (the agency): typed, labelled with the cell's text, in the row's region; described once in each submission,
  so that every submission's graph is whole on its own.

Each submission (region, year) is typed ``kc:Submission``, with its region (``dcterms:spatial``) and year.

A cell that cannot be read as its column's datatype or code list ("dua miliar" as a budget, 2025-02-30 as a
date, "tunda" as a status) is **not dropped**: it is written as a plain literal holding the text found, so the
shapes' ``sh:datatype`` / ``sh:class`` constraints report it on its row and column. The constraints thus stay in
``shapes/``, the single source of truth; this module only reads what it can.

N-Triples lines are built as text directly (a 5,000-row file converts in a few tens of milliseconds), each
row's encoded at once: a million triples take about their N-Triples size in memory, ~150 MB.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.core.errors import InputError
from kg.core.namespaces import (
    DCTERMS,
    KC,
    RDF,
    RDFS,
    XSD,
    agency_iri,
    indicator_iri,
    key_columns,
    parse_submission_iri,
    program_iri,
    submission_iri,
)
from kg.core.options import RDF_FORMATS
from kg.core.template_metadata import derived
from kg.submissions.tables import RdfDocument, Table, read_submission
from kg.submissions.template import LIST_ENTRY_SEPARATOR, Column, code_iris, columns, virtual_columns

_XSD_INTEGER = f"<{XSD}integer>"
_XSD_DECIMAL = f"<{XSD}decimal>"
_XSD_DATE = f"<{XSD}date>"
_TYPE = f"<{RDF.type}>"
_LABEL = f"<{RDFS.label}>"
_SOURCE_ROW = f"<{KC.sourceRow}>"
_REGION = f"<{KC.region}>"
_FISCAL_YEAR = f"<{KC.fiscalYear}>"
_SPATIAL = f"<{DCTERMS.spatial}>"


@dataclass
class SubmissionData:
    """One region's submission for one fiscal year, as N-Triples (programs and the kc:Submission itself)."""

    iri: str
    region_code: str
    year: int | str
    ntriples: bytes
    source_file: Path
    #: Number of programs (rows) in it.
    program_count: int = 0
    #: Number of triples (lines) of ``ntriples``.
    triple_count: int = 0

    def nquads(self) -> bytes:
        """The triples as N-Quads in the submission's own named graph: what a store loads in one step
        (``pyoxigraph.Store.load(…, format=N_QUADS)``), with no triple turned into a Python object."""
        # every N-Triples line ends with " .\n" and no literal holds a raw newline, so this is exact
        return self.ntriples.replace(b" .\n", f" <{self.iri}> .\n".encode())


@dataclass
class CellNote:
    """A cell kept as text because it could not be read as its column's type; the shapes report it."""

    row: int
    column: str
    value: str
    expected: str


@dataclass(frozen=True)
class TableLayout:
    """Where a table's columns are, for results that name a cell (``F4``)."""

    header_row: int
    #: Column name → 0-based position (spreadsheet column A = 0).
    positions: dict[str, int]
    #: The sheet of a spreadsheet; ``None`` for a CSV (its results name no cell).
    sheet: str | None


@dataclass
class Conversion:
    """The RDF of one input file, split per submission.

    Rows are not kept here: each program carries its ``kc:sourceRow`` in the graph, where validation and every
    report read it (an RDF file converted earlier keeps its rows the same way).
    """

    source_file: Path
    submissions: dict[tuple[str, int | str], SubmissionData] = field(default_factory=dict)
    #: IRI of a code (region, initiative, status, group) → the text the steward wrote for it.
    codes: dict[str, str] = field(default_factory=dict)
    cell_errors: list[CellNote] = field(default_factory=list)
    #: The table's layout; ``None`` for RDF input.
    layout: TableLayout | None = None
    triple_count: int = 0

    @property
    def tabular(self) -> bool:
        """True when the input was a table."""
        return self.layout is not None

    @property
    def ntriples(self) -> bytes:
        """All submissions' triples together."""
        return b"".join(item.ntriples for item in self.submissions.values())


# --- reading cell values ----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: Excel numbers without a spurious ``.0``, dates in ISO form."""
    if value.__class__ is str:  # the common case: the readers strip text cells
        return value.strip()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)


def read_decimal(value: Any) -> str | None:
    """Rupiah and other numbers as an xsd:decimal lexical form, or ``None`` if the cell is not a number.

    Accepts ``1250000000``, ``1.250.000.000``, ``Rp 1.250.000.000``, ``Rp1.250.000.000,00``, ``1,250,000``,
    ``95,5`` (decimal comma) and ``12.5``; Excel number cells as they are.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _CURRENCY.sub("", str(value).strip().replace("\u00a0", " ")).replace(" ", "")
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif _THOUSANDS_DOT.match(text):
            text = text.replace(".", "")
        elif _THOUSANDS_COMMA.match(text):
            text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        if not _PLAIN_NUMBER.match(text):
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    lexical = format(number, "f")
    if "." in lexical:
        lexical = lexical.rstrip("0").rstrip(".")
    return lexical or "0"


_INTEGER = re.compile(r"^[+-]?\d+$")


def read_integer(value: Any) -> str | None:
    """An integer cell (``2025``, Excel ``2025.0``) as its lexical form, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    text = str(value).strip()
    return str(int(text)) if _INTEGER.match(text) else None


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def read_date(value: Any) -> str | None:
    """A date cell (Excel date, ``2025-01-15``, ``15/01/2025``, ``15-01-2025``) as ISO text, or ``None``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if len(text) == 10 and text[4] == "-":
            return dt.date.fromisoformat(text).isoformat()
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return None


_READERS: dict[str, tuple[Callable[[Any], str | None], str]] = {
    "integer": (read_integer, _XSD_INTEGER),
    "decimal": (read_decimal, _XSD_DECIMAL),
    "date": (read_date, _XSD_DATE),
}


# --- N-Triples terms --------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal(text: str, suffix: str = "") -> str:
    """An N-Triples literal; ``suffix`` is ``^^<datatype>`` or ``@lang``."""
    return f'"{text.translate(_ESCAPES)}"{suffix}'


# --- the conversion plan: how each column's cells become triples, derived once from the metadata ------------


@dataclass(frozen=True)
class _ColumnPlan:
    """How one column's cells become triples."""

    column: Column
    name: str
    #: ``";"`` for a column of several values.
    separator: str | None
    predicate: str
    #: Lower-cased code → IRI, for a column with a code list; else ``None``.
    codes: dict[str, str] | None
    #: Reads a typed cell (``integer``, ``decimal``, ``date``) as its lexical form; else ``None``.
    reader: Callable[[Any], str | None] | None
    datatype: str
    #: For a column whose cells name a resource of their own (the agency): its class, as an N-Triples term.
    names_class: str | None
    #: ``@id`` for a text column in a language.
    lang_suffix: str


def _plan(item: Column) -> _ColumnPlan:
    reader, datatype = _READERS.get(item.datatype, (None, ""))
    codes = {code.casefold(): iri for code, iri in code_iris(item).items()} if item.values_from else None
    names_class = f"<{item.value_class}>" if item.value_class and item.value_url and codes is None else None
    return _ColumnPlan(
        item, item.name, item.separator, f"<{item.property}>", codes, reader, datatype, names_class,
        f"@{item.lang}" if item.lang else "",
    )


@dataclass(frozen=True)
class _Plan:
    """The plan of a table: its columns' plans, split by the resource they describe, and the virtual columns."""

    program: tuple[_ColumnPlan, ...]
    indicator: tuple[_ColumnPlan, ...]
    #: ``(predicate, object)`` of the program's constant virtual columns (``rdf:type kc:Program``).
    constant: tuple[tuple[str, str], ...]
    #: The predicate linking a program to its submission, and the indicator's link and type.
    submission_link: str
    indicator_link: str
    indicator_type: str


def _plan_for(table_columns: Iterable[str]) -> _Plan:
    """The plan of a table with these columns (made once per set of columns and template metadata: a
    national load converts thousands of files with the same header)."""
    return _plan_for_present(frozenset(table_columns))


@derived
def _plan_for_present(present: frozenset[str]) -> _Plan:
    plans = [_plan(item) for item in columns() if item.name in present]
    constant, links = [], {}
    for item in virtual_columns():
        if item.value_class is not None:  # names a resource of the row: the submission, the indicator
            links[item.value_class] = (f"<{item.property}>", f"<{item.value_class}>")
        else:
            constant.append((f"<{item.property}>", f"<{item.value_url}>"))
    return _Plan(
        program=tuple(plan for plan in plans if plan.column.subject == "program"),
        indicator=tuple(plan for plan in plans if plan.column.subject == "indicator"),
        constant=tuple(constant),
        submission_link=links[str(KC.Submission)][0],
        indicator_link=links[str(KC.Indicator)][0],
        indicator_type=links[str(KC.Indicator)][1],
    )


# --- a row's key: region, year, program id ----------------------------------------------------------------


def _code_text(text: str) -> str:
    """A code picked from the template's drop-down ("32.73 – Kota Bandung") is its code."""
    return text.split(LIST_ENTRY_SEPARATOR, 1)[0].strip() if LIST_ENTRY_SEPARATOR in text else text


def _row_key(cells: dict[str, Any]) -> tuple[str, int | str, str]:
    """The row's region code, year (an integer when it reads as one) and program id, as written."""
    region_column, year_column, id_column = key_columns()
    region_value = cells.get(region_column)
    if isinstance(region_value, float):  # Excel turned 32.70 into 32.7
        region_text = f"{region_value:.2f}"
    else:
        region_text = _code_text(_text(region_value)) if region_value is not None else ""
    year_text = _text(cells[year_column]) if year_column in cells else ""
    year_lexical = read_integer(year_text) if year_text else None
    year: int | str = int(year_lexical) if year_lexical is not None else year_text
    program_id = _text(cells[id_column]) if id_column in cells else ""
    return region_text, year, program_id


# --- building the submissions -----------------------------------------------------------------------------


class _SubmissionBuilder:
    """The triples of one submission, row by row (each row's lines encoded at once: a million triples are held
    as ~50k byte strings rather than a million str objects)."""

    def __init__(self, key: tuple[str, int | str], region_iri: str | None) -> None:
        self.key = key
        self.iri = submission_iri(*key)
        self.region_iri = region_iri
        self.chunks: list[bytes] = []
        self.programs: set[str] = set()
        self.agencies: set[str] = set()
        self.program_count = 0
        self.triple_count = 0

    def add(self, lines: list[str]) -> None:
        self.chunks.append(("\n".join(lines) + "\n").encode("utf-8"))
        self.triple_count += len(lines)
        self.program_count += 1

    def finish(self, source: Path) -> SubmissionData:
        subject = f"<{self.iri}>"
        lines = [f"{subject} {_TYPE} <{KC.Submission}> ."]
        if self.region_iri:
            lines.append(f"{subject} {_SPATIAL} <{self.region_iri}> .")
        region_code, year = self.key
        if isinstance(year, int):
            lines.append(f'{subject} {_FISCAL_YEAR} "{year}"^^{_XSD_INTEGER} .')
        self.chunks.append(("\n".join(lines) + "\n").encode("utf-8"))
        data = b"".join(self.chunks)
        self.chunks.clear()
        return SubmissionData(
            iri=self.iri, region_code=region_code, year=year, ntriples=data, source_file=source,
            program_count=self.program_count, triple_count=self.triple_count + len(lines),
        )


class _TableConverter:
    """Converts the rows of one table by its plan; notes unreadable cells and the codes' written forms."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.plan = _plan_for(table.columns)
        self.conversion = Conversion(
            source_file=table.source,
            layout=TableLayout(table.header_row, dict(table.positions), table.sheet),
        )
        self.submissions: dict[tuple[str, int | str], _SubmissionBuilder] = {}
        #: (region, name) → the named resource's IRI, for this conversion (names repeat from row to row)
        self.named: dict[tuple[str, str], str] = {}
        self.region_plan = next((plan for plan in self.plan.program if plan.name == key_columns()[0]), None)
        self.region_codes = (self.region_plan.codes if self.region_plan else None) or {}

    def run(self) -> Conversion:
        for row in self.table.rows:
            region_text, year, program_id = _row_key(row.cells)
            submission = self._submission((region_text, year))
            submission.add(self._row_lines(row.number, row.cells, submission, program_id))
        for key, builder in self.submissions.items():
            data = builder.finish(self.table.source)
            self.conversion.submissions[key] = data
            self.conversion.triple_count += data.triple_count
        self.submissions.clear()
        return self.conversion

    def _submission(self, key: tuple[str, int | str]) -> _SubmissionBuilder:
        builder = self.submissions.get(key)
        if builder is None:
            builder = self.submissions[key] = _SubmissionBuilder(key, self.region_codes.get(key[0].casefold()))
        return builder

    def _row_lines(self, number: int, cells: dict[str, Any], submission: _SubmissionBuilder, program_id: str) -> list[str]:
        region_text, year = submission.key
        program = program_iri(region_text, year, program_id)
        own_row = None
        if not program_id or program in submission.programs:  # missing or repeated: the row's own node, so
            own_row = number  # that the shapes can point at each row
            program = program_iri(region_text, year, program_id, row=own_row)
        submission.programs.add(program)
        subject = f"<{program}>"
        lines = [f"{subject} {predicate} {obj} ." for predicate, obj in self.plan.constant]
        lines.append(f'{subject} {_SOURCE_ROW} "{number}"^^{_XSD_INTEGER} .')
        lines.append(f"{subject} {self.plan.submission_link} <{submission.iri}> .")
        self._cells(subject, self.plan.program, cells, number, submission, lines)
        if any(plan.name in cells for plan in self.plan.indicator):
            indicator = f"<{indicator_iri(region_text, year, program_id, row=own_row)}>"
            lines.append(f"{indicator} {_TYPE} {self.plan.indicator_type} .")
            self._cells(indicator, self.plan.indicator, cells, number, submission, lines)
            lines.append(f"{subject} {self.plan.indicator_link} {indicator} .")
        return lines

    def _cells(
        self,
        subject: str,
        plans: tuple[_ColumnPlan, ...],
        cells: dict[str, Any],
        number: int,
        submission: _SubmissionBuilder,
        lines: list[str],
    ) -> None:
        """The triples of ``subject``'s cells (several for a column with a separator) appended to ``lines``."""
        for plan in plans:
            value = cells.get(plan.name)
            if value is None:
                continue
            if plan.separator:
                values = [part.strip() for part in _text(value).split(plan.separator) if part.strip()]
            else:
                values = [value]
            for raw in values:
                if plan is self.region_plan:  # read once with the row's key (Excel numbers, drop-down entries)
                    obj = self._code(plan, submission.key[0], number)
                elif plan.codes is not None:
                    obj = self._code(plan, _text(raw), number)
                elif plan.reader is not None:
                    lexical = plan.reader(raw)
                    if lexical is None:
                        obj = self._unreadable(plan, _text(raw), number, plan.column.datatype)
                    else:
                        obj = f'"{lexical}"^^{plan.datatype}'
                elif plan.names_class is not None:
                    obj = self._named(plan, _text(raw), submission, lines)
                else:
                    obj = _literal(_text(raw), plan.lang_suffix)
                lines.append(f"{subject} {plan.predicate} {obj} .")

    def _code(self, plan: _ColumnPlan, text: str, number: int) -> str:
        codes = plan.codes or {}
        iri = codes.get(text.casefold())
        if iri is None:
            code_text = _code_text(text)
            iri = codes.get(code_text.casefold())
            if iri is not None:
                text = code_text
        if iri is None:
            return self._unreadable(plan, text, number, plan.column.values_from or "")
        self.conversion.codes.setdefault(iri, text)
        return f"<{iri}>"

    def _unreadable(self, plan: _ColumnPlan, text: str, number: int, expected: str) -> str:
        self.conversion.cell_errors.append(CellNote(number, plan.name, text, expected))
        return _literal(text)

    def _named(self, plan: _ColumnPlan, text: str, submission: _SubmissionBuilder, lines: list[str]) -> str:
        """A resource named by the cell (the agency), described the first time its submission meets it: its
        class, its label (the cell's text, in the column's language), its region."""
        region_text, _year = submission.key
        resource = self.named.get((region_text, text))
        if resource is None:
            resource = self.named[(region_text, text)] = f"<{agency_iri(region_text, text)}>"
        if resource not in submission.agencies:
            submission.agencies.add(resource)
            lines.append(f"{resource} {_TYPE} {plan.names_class} .")
            lines.append(f"{resource} {_LABEL} {_literal(text, plan.lang_suffix)} .")
            if submission.region_iri:
                lines.append(f"{resource} {_REGION} <{submission.region_iri}> .")
        return resource


def convert_table(table: Table) -> Conversion:
    """Convert a read table to RDF, split per (region, year) submission."""
    return _TableConverter(table).run()


def convert_rdf(document: RdfDocument) -> Conversion:
    """An RDF submission: split per ``kc:Submission`` (programs by ``dcterms:isPartOf``); rows are unknown."""
    import pyoxigraph

    conversion = Conversion(source_file=document.source, triple_count=document.triple_count)
    store = pyoxigraph.Store()
    for batch in ntriples_batches(document.ntriples):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    found = list(
        store.query(
            """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?submission ?code ?year WHERE {
              ?submission a kc:Submission .
              OPTIONAL { ?submission dcterms:spatial ?region . OPTIONAL { ?region kc:regionCode ?code } }
              OPTIONAL { ?submission kc:fiscalYear ?year }
            } ORDER BY ?submission"""
        )
    )
    if len(found) <= 1:
        if found:
            submission, code, year = found[0]["submission"], found[0]["code"], found[0]["year"]
            key = _submission_key(submission.value, code, year)
            iri = submission.value
        else:
            key, iri = ("", ""), ""
        conversion.submissions[key] = SubmissionData(
            iri=iri, region_code=key[0], year=key[1], ntriples=document.ntriples, source_file=document.source,
            triple_count=document.triple_count,
        )
        return conversion
    # each submission holds its own triples, its programs' (dcterms:isPartOf it) and those of the resources
    # its programs link to (indicator, agency); one query finds every submission's subjects, then each
    # submission's triples are read subject by subject (a query per submission would scan the data each time)
    subjects: dict[Any, dict[Any, None]] = {row["submission"]: {row["submission"]: None} for row in found}
    for solution in store.query(
        """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?submission ?s WHERE {
          ?submission a kc:Submission .
          { ?s dcterms:isPartOf ?submission }
          UNION { ?program dcterms:isPartOf ?submission ; ?link ?s . FILTER(!isLiteral(?s)) }
        }"""
    ):
        subjects[solution["submission"]][solution["s"]] = None
    for solution in found:
        submission = solution["submission"]
        data = pyoxigraph.serialize(
            (
                pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)
                for subject in subjects[submission]
                for quad in store.quads_for_pattern(subject, None, None)
            ),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        )
        key = _submission_key(submission.value, solution["code"], solution["year"])
        conversion.submissions[key] = SubmissionData(
            iri=submission.value, region_code=key[0], year=key[1], ntriples=data, source_file=document.source,
            triple_count=data.count(b"\n"),
        )
    return conversion


#: The most N-Triples bytes handed to a store or parser at once. pyoxigraph's bulk loader buffers what it is
#: given: a million triples in one call peak ~230 MB above the store's own size, 8 MB batches ~10 MB.
BATCH_BYTES = 8 << 20


def ntriples_batches(ntriples: bytes | Iterable[bytes]) -> Iterator[bytes]:
    """N-Triples documents (whole lines each) regrouped into batches of about :data:`BATCH_BYTES`."""
    parts = [ntriples] if isinstance(ntriples, bytes) else ntriples
    pending: list[bytes] = []
    size = 0
    for part in parts:
        if len(part) >= BATCH_BYTES:  # a large document: cut at line ends
            start = 0
            while start < len(part):
                end = part.find(b"\n", min(start + BATCH_BYTES, len(part) - 1)) + 1 or len(part)
                yield part[start:end]
                start = end
            continue
        pending.append(part)
        size += len(part)
        if size >= BATCH_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _submission_key(iri: str, code: Any, year: Any) -> tuple[str, int | str]:
    if code is None or year is None:  # fall back on the IRI: …/submission/32.73/2025
        code_text, year_text = parse_submission_iri(iri) or ("", "")
        return code_text, int(year_text) if year_text.isdigit() else year_text
    return code.value, int(year.value) if year.value.isdigit() else year.value


def convert_file(path: Path | str) -> Conversion:
    """Read a submission file (table or RDF) and convert it; :class:`InputError` if it cannot be read."""
    read = read_submission(path)
    if isinstance(read, RdfDocument):
        return convert_rdf(read)
    return convert_table(read)


#: ``--to`` names → pyoxigraph formats.
OUTPUT_FORMATS = dict(zip(RDF_FORMATS, ("TURTLE", "N_TRIPLES", "JSON_LD"), strict=True))


def serialize(conversion: Conversion, to: str = "turtle") -> bytes:
    """The conversion's RDF in ``turtle``, ``nt`` or ``jsonld``: its submissions' triples together, each once
    (an agency each submission describes is written once)."""
    if to not in OUTPUT_FORMATS:
        raise InputError(f"format tidak dikenal / unknown format {to!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    ntriples = b"".join(dict.fromkeys(conversion.ntriples.splitlines(keepends=True)))
    if to == "nt":
        return ntriples
    import pyoxigraph

    from kg.core.namespaces import PREFIXES

    quads = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    # one block per subject (the serializer groups consecutive triples); the data IRIs stay whole, since a
    # kcid: prefixed name would need every "/" escaped
    triples = sorted((pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), key=lambda t: t.subject.value)
    prefixes = {prefix: PREFIXES[prefix] for prefix in ("kc", "dcterms", "rdfs", "schema", "xsd")}
    return pyoxigraph.serialize(
        triples,
        format=getattr(pyoxigraph.RdfFormat, OUTPUT_FORMATS[to]),
        prefixes=prefixes,
    )
