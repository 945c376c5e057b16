"""Rows of a submission → RDF, as the template metadata says (docs/architecture.md, "The data model").

The CSVW metadata (``template/programs.csv-metadata.json``, read by :mod:`kg.submissions.template`) drives the
conversion: its two tables (the programs, and the indicators of programs), each column's property, datatype,
separator, language and code list, and every IRI (its URI templates, expanded by :mod:`kg.core.namespaces`).
Per row of the programs table:

* the program (the table's ``aboutUrl``): the triples of the virtual columns about it (its type, its
  submission), ``kc:sourceRow`` (the row as the steward sees it: row provenance lives in the graph only), and
  its cells' triples;
* the other resources a row describes (the amounts of money, the single indicator and its assessment: the
  columns whose ``aboutUrl`` names them) exist when one of their cells (or of a resource below them) has a
  value; each is typed, linked from the resource above it by the virtual column naming it, and given the
  constants the metadata states (``schema:currency "IDR"``, the assessment's period);
* a cell of a column with a ``valueUrl`` and a ``kc:valueClass`` but no code list names a resource of its own
  (the agency): resolved to one agency per region (:mod:`kg.submissions.agencies`), typed, labelled,
  described once in each submission, so that every submission's graph is whole on its own.

Each row of the indicators table (the Indicators sheet, or a second CSV) names its program by ``id_program``
(and ``tahun``, ``kode_wilayah`` when they are needed to tell programs apart): it makes an indicator of that
program (named, with unit and direction) and its assessment for a period, with their own ``kc:sourceRow``.

Values are read as Indonesian stewards write them (:mod:`kg.submissions.readings`: ``Rp 13,5 Miliar``,
``1 Juli 2025``, ``Maret 2018``); every reading that took a rule a person might not expect is kept as a
:class:`CellReading`, which validation reports back (Info, or Warning for an ambiguous number or an
approximation). A cell that cannot be read as its column's datatype or code list ("dua miliar", 2025-02-30,
"tunda") is **not dropped**: it is written as a plain literal holding the text found, so the shapes'
``sh:datatype`` / ``sh:class`` constraints report it on its row and column. The constraints thus stay in
``shapes/``, the single source of truth; this module only reads what it can.

N-Triples lines are built as text directly (a 5,000-row file converts in a few tens of milliseconds), each
row's encoded at once: a million triples take about their N-Triples size in memory, ~150 MB.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.core.errors import InputError
from kg.core.namespaces import (
    DCTERMS,
    ID,
    KC,
    ORG,
    RDF,
    RDFS,
    SKOS,
    XSD,
    data_iri,
    key_columns,
    parse_submission_iri,
    program_iri,
    submission_iri,
)
from kg.core.options import RDF_FORMATS
from kg.core.template_metadata import INDICATORS_TABLE, PROGRAMS_TABLE, derived
from kg.submissions import readings
from kg.submissions.agencies import AgencyNames, KnownAgencies
from kg.submissions.program_texts import AGENCY, INITIATIVES, NAME, ProgramText, program_text
from kg.submissions.tables import RdfDocument, Table, read_submission
from kg.submissions.template import (
    LIST_ENTRY_SEPARATOR,
    Column,
    code_list,
    columns,
    virtual_columns,
)

_XSD_INTEGER = f"<{XSD}integer>"
_TYPE = f"<{RDF.type}>"
_LABEL = f"<{RDFS.label}>"
_ALT_LABEL = f"<{SKOS.altLabel}>"
_SOURCE_ROW = f"<{KC.sourceRow}>"
_REGION = f"<{KC.region}>"
_FISCAL_YEAR = f"<{KC.fiscalYear}>"
_TARGET = f"<{KC.target}>"
_ACHIEVED = f"<{KC.achieved}>"
_SPATIAL = f"<{DCTERMS.spatial}>"
_CURRENCY = "<https://schema.org/currency>"
#: A code followed by the region it belongs to: ``APBD Kota Jambi``, ``APBD Kab. Bogor``, ``APBD Provinsi Jambi``.
_REGION_QUALIFIED = re.compile(
    r"^(\S+)\s+(kota|kabupaten|kab\.?|provinsi|prov\.?|pemkot|pemkab|pemprov)(\s+\S.*)?$", re.IGNORECASE
)


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


@dataclass
class CellReading:
    """What reading a cell took that the steward should hear about (:data:`kg.submissions.readings.RULES`,
    and the converter's own: codes separated by commas, another spelling of a code or an agency, an
    indicator row naming no program …): validation turns it into an Info, Warning or Violation result."""

    #: The rule's local name in ``kcp:`` (shapes/programs.ttl), which holds its message and severity.
    rule: str
    #: ``programs`` or ``indikator``: the table the cell is in.
    table: str
    row: int
    column: str
    #: The cell as written.
    value: str
    #: The resource the value became a property of, and that property (for the report's focus and path).
    focus: str
    path: str
    #: What was read, for the message (lexical form, datatype, the other reading, why …).
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableLayout:
    """Where a table's columns are, for results that name a cell (``F4``)."""

    header_row: int
    #: Column name → 0-based position (spreadsheet column A = 0).
    positions: dict[str, int]
    #: The sheet of a spreadsheet; ``None`` for a CSV (its results name no cell).
    sheet: str | None


@dataclass(frozen=True)
class TableSource:
    """One table of a conversion: the file it came from and where its columns are."""

    source: Path
    layout: TableLayout


@dataclass
class Conversion:
    """The RDF of one input file, split per submission.

    Rows are not kept here: each program (and each indicator row) carries its ``kc:sourceRow`` in the graph,
    where validation and every report read it (an RDF file converted earlier keeps its rows the same way).
    """

    source_file: Path
    submissions: dict[tuple[str, int | str], SubmissionData] = field(default_factory=dict)
    #: IRI of a code (region, initiative, status, group, parent) → the text the steward wrote for it.
    codes: dict[str, str] = field(default_factory=dict)
    cell_errors: list[CellNote] = field(default_factory=list)
    #: What reading took, to be said back (see :class:`CellReading`).
    readings: list[CellReading] = field(default_factory=list)
    #: (focus IRI, predicate IRI) → the cell as written, where the value stored is not what was written and no
    #: reading says it back (an approximate amount: ``Rp 107 miliar lebih``), for the report's "value found".
    written: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The programs table's layout; ``None`` for RDF input.
    layout: TableLayout | None = None
    #: The tables read, by name (``programs``, ``indikator``): the indicators may come from another file.
    tables: dict[str, TableSource] = field(default_factory=dict)
    triple_count: int = 0
    #: Program IRI → what the steward wrote for it that suggestions read (name, agency, initiative codes), for
    #: :mod:`kg.submissions.initiative_checks`; empty for RDF input.
    programs: dict[str, ProgramText] = field(default_factory=dict)

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


def read_decimal(value: Any) -> str | None:
    """A rupiah amount or another number as an ``xsd:decimal`` lexical form, or ``None`` if the cell is not one
    (:func:`kg.submissions.readings.read_number`: ``Rp 1.250.000.000,-``, ``Rp 13,5 miliar``, ``95,5``)."""
    return readings.read_number(value, amount=True).lexical


def read_integer(value: Any) -> str | None:
    """An integer cell (``2025``, Excel ``2025.0``) as its lexical form, or ``None``."""
    return readings.read_integer(value).lexical


def read_date(value: Any) -> str | None:
    """A date cell (Excel date, ``2025-01-15``, ``15/01/2025``, ``1 Juli 2025``) as ISO text, or ``None``."""
    return readings.read_date(value).lexical


# --- N-Triples terms --------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal(text: str, suffix: str = "") -> str:
    """An N-Triples literal; ``suffix`` is ``^^<datatype>`` or ``@lang``."""
    return f'"{text.translate(_ESCAPES)}"{suffix}'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{XSD}{datatype}>'


def _web_address(text: str) -> str | None:
    """``<text>`` when the text is an absolute IRI (RFC 3987, as the store's own parser reads it), else ``None``.
    The only test a web address (a column of datatype ``anyURI``: ``sumber``) gets here; which schemes are
    accepted (http and https) is said by the shapes (``kcp:SourcePageShape``), nowhere else."""
    from pyoxigraph import NamedNode

    if not text or any(character in _NOT_IN_IRIREF for character in text):
        return None
    try:
        NamedNode(text)
    except ValueError:
        return None
    return f"<{text}>"


#: Characters an N-Triples IRIREF never holds (the IRI parser allows a few of them).
_NOT_IN_IRIREF = frozenset('<>"{}|^`\\' + "".join(chr(code) for code in range(0x21)))


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
    #: Lower-cased other spelling of a code → (IRI, the code, whether it is the code's own label), for a
    #: column with a code list.
    aliases: dict[str, tuple[str, str, bool]]
    #: ``integer``, ``decimal`` or ``date`` for a typed column; else ``None``.
    datatype: str | None
    #: For a column whose cells name a resource of their own (the agency): its class, as an N-Triples term.
    names_class: str | None
    #: ``@id`` for a text column in a language.
    lang_suffix: str
    #: For an amount: the predicate an approximate value becomes.
    approximate_predicate: str | None
    #: For a column whose cells name another row's resource (the parent): its URI template.
    reference_template: str | None
    #: For a unit column: the predicate of the unit's QUDT IRI, and the units table.
    unit_predicate: str | None
    units_from: str | None
    #: A column of web addresses (CSVW ``anyURI``, ``valueUrl`` ``{+name}``): each cell value is the IRI itself.
    web_address: bool = False


def _label_of(codes, iri: str) -> str:  # codes: list[kg.submissions.template.Code]
    return next((code.label_id for code in codes if code.iri == iri), iri)


def _plan(item: Column) -> _ColumnPlan:
    codes = aliases = None
    if item.values_from:
        found = code_list(item)
        codes = {code.code.casefold(): code.iri for code in found}
        # another spelling of a code (swasta for CSR) is said back; a code's own label (Smart Governance for
        # KOM-GOV, the way regions name Kominfo's pillars) is read in silence
        aliases = {
            alias.casefold(): (
                code.iri,
                code.code,
                alias.casefold() in (code.label_id.casefold(), code.label_en.casefold()),
            )
            for code in found
            for alias in code.aliases
            if alias.casefold() not in codes
        }
        if item.by_label:  # said back by name: Smart Governance, never KOM-GOV
            aliases = {key: (iri, _label_of(found, iri), own) for key, (iri, _code, own) in aliases.items()}
    names_class = f"<{item.value_class}>" if item.value_class and item.value_url and codes is None else None
    web_address = item.datatype == "anyURI"
    reference = (
        item.value_url
        if item.value_url and "{" in item.value_url and not item.value_class and codes is None and not web_address
        else None
    )
    return _ColumnPlan(
        item,
        item.name,
        item.separator,
        f"<{item.property}>" if item.property else "",
        codes,
        aliases or {},
        item.datatype if item.datatype in ("integer", "decimal", "date") else None,
        names_class,
        f"@{item.lang}" if item.lang else "",
        f"<{item.approximate_property}>" if item.approximate_property else None,
        reference,
        f"<{item.unit_property}>" if item.unit_property else None,
        item.units_from,
        web_address,
    )


@dataclass(frozen=True)
class _ResourcePlan:
    """A resource a row of a table describes besides (or below) its own: its kind, URI template, the kind and
    predicate linking it from above, its type, constants, literals made from the row, and its columns."""

    kind: str
    template: str
    parent: str
    link: str
    type_object: str | None
    constants: tuple[tuple[str, str], ...]
    #: (predicate, template text such as ``{tahun}``, datatype) of literals made from the row.
    made: tuple[tuple[str, str, str | None], ...]
    columns: tuple[_ColumnPlan, ...]


@dataclass(frozen=True)
class _Plan:
    """The plan of a table: its own resource's columns, the resources below it, and its constant triples."""

    own: tuple[_ColumnPlan, ...]
    #: The other resources, parents before children.
    resources: tuple[_ResourcePlan, ...]
    #: ``(predicate, object)`` of the own resource's constant virtual columns (``rdf:type kc:Program``).
    constant: tuple[tuple[str, str], ...]
    #: The predicate linking a program to its submission.
    submission_link: str


def _resource_plans(
    table: str, present: set[str]
) -> tuple[tuple[_ColumnPlan, ...], tuple[_ResourcePlan, ...], tuple[tuple[str, str], ...], str]:
    from kg.core.template_metadata import table_schema
    from kg.submissions.template import _resource_kinds

    schema = table_schema(table)
    kinds = _resource_kinds(schema, table)
    own_kind = kinds[schema["aboutUrl"]]
    plans = [_plan(item) for item in columns(table) if item.name in present or table == INDICATORS_TABLE]
    own = tuple(plan for plan in plans if plan.column.subject == own_kind and plan.predicate)
    links: dict[str, tuple[str, str, str | None]] = {}  # template → (parent template, predicate, type)
    types: dict[str, str] = {}
    constants: dict[str, list[tuple[str, str]]] = {}
    made: dict[str, list[tuple[str, str, str | None]]] = {}
    own_constant: list[tuple[str, str]] = []
    submission_link = ""
    for item in virtual_columns(table):
        about = item.about_url
        if item.property == str(RDF.type) and item.value_url:
            if about == schema["aboutUrl"]:
                own_constant.append((_TYPE, f"<{item.value_url}>"))
            else:
                types[about] = f"<{item.value_url}>"
        elif item.value_class == str(KC.Submission):
            submission_link = f"<{item.property}>"
        elif item.value_url in kinds and item.value_url != schema["aboutUrl"]:
            links[item.value_url] = (about, f"<{item.property}>", f"<{item.value_class}>" if item.value_class else None)
        elif item.default is not None:
            constants.setdefault(about, []).append((f"<{item.property}>", _literal(item.default)))
        elif item.value_template is not None:
            made.setdefault(about, []).append((f"<{item.property}>", item.value_template, item.datatype))
        elif item.value_url and "{" not in item.value_url and about == schema["aboutUrl"]:
            own_constant.append((f"<{item.property}>", f"<{item.value_url}>"))
        elif item.value_url and item.value_url.startswith(str(ID["region/"])):  # s4city:assesses the region
            if about == schema["aboutUrl"]:
                own_constant.append((f"<{item.property}>", f"<{item.value_url}>"))
            else:
                made.setdefault(about, []).append((f"<{item.property}>", item.value_url, "@id"))
    resources = []
    pending = [template for template in kinds if template != schema["aboutUrl"] and template in links]
    done = {schema["aboutUrl"]}
    while pending:  # parents before children; a parent outside the table (the program of an indicator) first
        ready = [template for template in pending if links[template][0] in done or links[template][0] not in kinds]
        if not ready:
            break
        for template in ready:
            parent, predicate, value_class = links[template]
            resources.append(
                _ResourcePlan(
                    kind=kinds[template],
                    template=template,
                    parent=kinds.get(parent, "program"),
                    link=predicate,
                    type_object=types.get(template) or value_class,
                    constants=tuple(constants.get(template, ())),
                    made=tuple(made.get(template, ())),
                    columns=tuple(plan for plan in plans if plan.column.about_url == template and plan.predicate),
                )
            )
            done.add(template)
            pending.remove(template)
    return own, tuple(resources), tuple(own_constant), submission_link


def _plan_for(table_columns: Iterable[str], table: str = PROGRAMS_TABLE) -> _Plan:
    """The plan of a table with these columns (made once per table, set of columns and template metadata: a
    national load converts thousands of files with the same header)."""
    return _plan_for_present(table, frozenset(table_columns))


@derived
def _plan_for_present(table: str, present: frozenset[str]) -> _Plan:
    own, resources, constant, submission_link = _resource_plans(table, set(present))
    return _Plan(own=own, resources=resources, constant=constant, submission_link=submission_link)


# --- a row's key: region, year, program id ----------------------------------------------------------------


def _code_text(text: str) -> str:
    """A code picked from the template's drop-down ("32.73 – Kota Bandung") is its code."""
    return text.split(LIST_ENTRY_SEPARATOR, 1)[0].strip() if LIST_ENTRY_SEPARATOR in text else text


def _region_text(value: Any) -> str:
    if isinstance(value, float):  # Excel turned 32.70 into 32.7
        return f"{value:.2f}"
    return _code_text(_text(value)) if value is not None else ""


def _row_key(cells: dict[str, Any]) -> tuple[str, int | str, str]:
    """The row's region code, year (an integer when it reads as one) and program id, as written."""
    region_column, year_column, id_column = key_columns()
    region_text = _region_text(cells.get(region_column))
    year_text = _text(cells[year_column]) if year_column in cells else ""
    year_lexical = read_integer(year_text) if year_text else None
    year: int | str = int(year_lexical) if year_lexical is not None else year_text
    program_id = _text(cells[id_column]) if id_column in cells else ""
    return region_text, year, program_id


def table_regions(table: Table) -> frozenset[str] | None:
    """The region codes the rows of ``table`` (and of its workbook's indicators sheet) are keyed by, as the
    conversion reads them: files sharing none convert independently (their agencies and programs never meet).
    ``None`` for an indicators table without a region column: its rows may name programs of any region."""
    tables = [table] if table.indicators is None else [table, table.indicators]
    region_column = key_columns()[0]
    if any(item.kind == INDICATORS_TABLE and region_column not in item.columns for item in tables):
        return None
    return frozenset(_row_key(row.cells)[0] for item in tables for row in item.rows)


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
        #: (agency IRI, spelling) already described in this submission
        self.agencies: set[tuple[str, str]] = set()
        #: indicator IRIs (of the indicators table) already described, and assessments met
        self.indicators: dict[str, int] = {}
        self.assessments: dict[str, int] = {}
        self.program_count = 0
        self.triple_count = 0

    def add(self, lines: list[str], *, program: bool = True) -> None:
        self.chunks.append(("\n".join(lines) + "\n").encode("utf-8"))
        self.triple_count += len(lines)
        self.program_count += int(program)

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
            iri=self.iri,
            region_code=region_code,
            year=year,
            ntriples=data,
            source_file=source,
            program_count=self.program_count,
            triple_count=self.triple_count + len(lines),
        )


@dataclass
class _Cell:
    """What one cell became, kept for the checks across cells of a row (a target and achieved value a
    thousand times apart)."""

    column: str
    written: str
    reading: readings.Reading
    focus: str
    predicate: str


class _RowContext:
    """The row being converted: its table, number, cells, the submission it goes to and what it read."""

    __slots__ = ("table", "number", "cells", "submission", "program_id", "read", "currencies", "agency")

    def __init__(
        self, table: str, number: int, cells: dict[str, Any], submission: _SubmissionBuilder, program_id: str
    ) -> None:
        self.table = table
        self.number = number
        self.cells = cells
        self.submission = submission
        self.program_id = program_id
        self.read: list[_Cell] = []
        #: resource → the ISO 4217 code of the other currency its amount was written in (``EUR``)
        self.currencies: dict[str, str] = {}
        #: the IRI of the agency the row names
        self.agency: str | None = None


#: The values of an indicator (baseline, target, achieved), whose unit a spreadsheet may have changed.
_INDICATOR_VALUES = frozenset({_TARGET, _ACHIEVED, f"<{KC.baseline}>"})
#: Kinds of units, by their QUDT unit in template/units.csv: a count (orang, unit, titik: unit:NUM), a percentage.
_COUNT, _PERCENT = "http://qudt.org/vocab/unit/NUM", "http://qudt.org/vocab/unit/PERCENT"


def _unit_kind(written: Any) -> str | None:
    """The QUDT unit of an indicator's unit as written (``orang`` → unit:NUM), or ``None``."""
    if written is None:
        return None
    from kg.submissions.units import unit_iri

    return unit_iri(_text(written))


#: A target and achieved value this many times apart, which the other reading of one of them brings within
#: :data:`_PLAUSIBLE_FACTOR` of each other, are said back as a possible thousands-separator mistake.
_SUSPICIOUS_FACTOR = 100
_PLAUSIBLE_FACTOR = 10


def _reading(datatype: str | None, raw: Any, convention: str | None, amount: bool, partial: bool) -> readings.Reading:
    """A typed cell's reading (:mod:`kg.submissions.readings`)."""
    if datatype == "integer":
        return readings.read_integer(raw)
    if datatype == "date":
        return readings.read_date(raw, partial=partial)
    return readings.read_number(raw, convention=convention, amount=amount)


#: The same, remembered: a column's values repeat (dates of one year, round budgets, codes of years), and a
#: reading depends only on the value and the column's options (``typed``: 1, 1.0 and True are read apart).
_cached_reading = lru_cache(maxsize=1 << 16, typed=True)(_reading)


class _Converter:
    """Converts the rows of the tables of one file (the programs, and the indicators of its workbook or of
    other files given with it); notes unreadable cells, readings to say back and the codes' written forms."""

    def __init__(self, table: Table, agencies: AgencyNames) -> None:
        self.table = table
        self.plan = _plan_for(table.columns)
        layout = TableLayout(table.header_row, dict(table.positions), table.sheet)
        self.conversion = Conversion(
            source_file=table.source, layout=layout, tables={PROGRAMS_TABLE: TableSource(table.source, layout)}
        )
        self.submissions: dict[tuple[str, int | str], _SubmissionBuilder] = {}
        self.agencies = agencies
        self.region_plan = next((plan for plan in self.plan.own if plan.name == key_columns()[0]), None)
        self.region_codes = (self.region_plan.codes if self.region_plan else None) or {}
        self.conventions = self._conventions(table, self.plan)
        #: plain program IRI → (submission, program id, region text, year), for the indicators table
        self.programs: dict[str, tuple[_SubmissionBuilder, str, str, int | str]] = {}

    @staticmethod
    def _conventions(table: Table, plan: _Plan) -> dict[str, str | None]:
        """Each number column's own convention of writing numbers (1.250.000 or 1,250,000), from its values."""
        numbers = [
            item for item in (*plan.own, *(c for r in plan.resources for c in r.columns)) if item.datatype == "decimal"
        ]
        return {
            item.name: readings.column_convention([row.cells.get(item.name) for row in table.rows]) for item in numbers
        }

    # -- programs

    def convert_programs(self) -> None:
        flat: dict[tuple[str, int | str], list[tuple[_RowContext, str]]] = {}
        for row in self.table.rows:
            if row.overflow is not None:  # a CSV record shifted by a comma: one result, not its shifted cells'
                self._overflowing(row, PROGRAMS_TABLE)
                continue
            region_text, year, program_id = _row_key(row.cells)
            submission = self._submission((region_text, year))
            context = _RowContext(PROGRAMS_TABLE, row.number, row.cells, submission, program_id)
            lines = self._program_lines(context)
            submission.add(lines)
            self._check_pairs(context)
            indicator_plan = next((item for item in self.plan.resources if item.kind == "indicator"), None)
            if indicator_plan is not None:
                self._suggest_shared(context, data_iri(indicator_plan.template, region_text, year, program_id))
            flat.setdefault(submission.key, []).append((context, lines[0].split(" ", 1)[0]))
        for rows in flat.values():
            self._budget_families(rows)

    def _overflowing(self, row, table: str) -> None:  # row: TableRow
        """A CSV record with more fields than its header, said once (its cells are shifted: none is read)."""
        extra, split = row.overflow
        self.conversion.readings.append(
            CellReading(
                "CsvExtraFieldsReading",
                table,
                row.number,
                "",
                split,
                "",
                "",
                {"extra": str(extra), "split": split},
            )
        )

    def _budget_families(self, rows: list[tuple[_RowContext, str]]) -> None:
        """Rows of one submission pasted flat whose amount is the sum of rows below them
        (:mod:`kg.submissions.budget_families`), each said back on the parent's budget."""
        from kg.submissions.budget_families import BudgetRow, families, row_ranges

        parents = {_text(row.cells["induk"]).casefold() for row, _ in rows if row.cells.get("induk") is not None}
        status = next((plan for plan in self.plan.own if plan.name == "status"), None)
        candidates: list[BudgetRow] = []
        subjects: dict[int, tuple[_RowContext, str]] = {}
        for row, subject in rows:
            if row.cells.get("induk") is not None or row.program_id.casefold() in parents:
                continue
            if status is not None and self._code(status, _text(row.cells.get("status", ""))) == str(KC.Cancelled):
                continue
            amount = next(
                (
                    cell.reading
                    for cell in row.read
                    if cell.column == "anggaran" and cell.predicate != f"<{KC.approximateValue}>"
                ),
                None,
            )
            if amount is None or amount.lexical is None or amount.currency or amount.approximate:
                continue
            code = row.cells.get("kode_nomenklatur")
            candidates.append(
                BudgetRow(row.number, row.agency, Decimal(amount.lexical), _text(code) if code is not None else None)
            )
            subjects[row.number] = (row, subject)
        for family in families(candidates):
            row, subject = subjects[family.parent]
            self._note(
                "BudgetFamilyReading",
                row,
                "anggaran",
                _text(row.cells["anggaran"]),
                subject,
                f"<{KC.plannedBudget}>",
                {"rows": row_ranges(family.children)},
            )

    def finish(self) -> Conversion:
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

    def _program_lines(self, row: _RowContext) -> list[str]:
        submission = row.submission
        region_text, year = submission.key
        program_id = row.program_id
        program = program_iri(region_text, year, program_id)
        own_row = None
        if not program_id or program in submission.programs:  # missing or repeated: the row's own node, so
            own_row = row.number  # that the shapes can point at each row
            program = program_iri(region_text, year, program_id, row=own_row)
        else:
            self.programs[program] = (submission, program_id, region_text, year)
        submission.programs.add(program)
        texts = {
            name: _text(row.cells[name]) for name in (NAME, AGENCY, INITIATIVES) if row.cells.get(name) is not None
        }
        self.conversion.programs[program] = replace(
            program_text(program, row.number, submission.key, program_id, texts), file=Path(self.table.source).name
        )
        subject = f"<{program}>"
        lines = [f"{subject} {predicate} {obj} ." for predicate, obj in self.plan.constant]
        lines.append(f'{subject} {_SOURCE_ROW} "{row.number}"^^{_XSD_INTEGER} .')
        lines.append(f"{subject} {self.plan.submission_link} <{submission.iri}> .")
        self._cells(subject, self.plan.own, row, lines)
        self._resources(subject, "program", self.plan.resources, row, lines, own_row, {})
        return lines

    def _resources(
        self,
        subject: str,
        own_kind: str,
        plans: tuple[_ResourcePlan, ...],
        row: _RowContext,
        lines: list[str],
        own_row: int | None,
        values: dict[str, str],
    ) -> None:
        """The resources below the row's own: those with a value (or a resource with one below them)."""
        cells = row.cells
        present = {plan.kind for plan in plans if any(item.name in cells for item in plan.columns)}
        for plan in reversed(plans):  # children first: a resource exists when one below it does
            if plan.kind in present:
                present.add(plan.parent)
        region_text, year = row.submission.key
        iris = {own_kind: subject}
        for plan in plans:
            if plan.kind not in present or plan.parent not in iris:
                continue
            node = f"<{data_iri(plan.template, region_text, year, row.program_id, row=own_row, values=values)}>"
            iris[plan.kind] = node
            if plan.type_object:
                lines.append(f"{node} {_TYPE} {plan.type_object} .")
            for predicate, template, datatype in plan.made:
                text = _fill(template, {key_columns()[1]: str(year), **values})
                if datatype == "@id":  # the region of the row's submission (its key, read once)
                    region = data_iri(template, region_text, year, row.program_id)  # percent-encoded as read
                    lines.append(f"{node} {predicate} <{region}> .")
                    continue
                if datatype == "gYear" and not re.fullmatch(r"\d{4}", text):
                    continue
                lines.append(f"{node} {predicate} {_typed(text, datatype) if datatype else _literal(text)} .")
            self._cells(node, plan.columns, row, lines)
            # the constants after the cells: an amount written in another currency (14,2 juta Euro) states it
            currency = row.currencies.get(node)
            lines.extend(
                f"{node} {predicate} {_literal(currency) if currency and predicate == _CURRENCY else obj} ."
                for predicate, obj in plan.constants
            )
            lines.append(f"{iris[plan.parent]} {plan.link} {node} .")

    def _cells(self, subject: str, plans: Iterable[_ColumnPlan], row: _RowContext, lines: list[str]) -> None:
        """The triples of ``subject``'s cells (several for a column with a separator) appended to ``lines``."""
        cells = row.cells
        for plan in plans:
            value = cells.get(plan.name)
            if value is None or not plan.predicate:
                continue
            if plan is self.region_plan:  # read once with the row's key (Excel numbers, drop-down entries)
                lines.append(f"{subject} {plan.predicate} {self._region(plan, row)} .")
                continue
            if plan.codes is not None:
                for obj in self._codes(plan, value, row, subject):
                    lines.append(f"{subject} {plan.predicate} {obj} .")
                continue
            if plan.separator:
                values = [part.strip() for part in _text(value).split(plan.separator) if part.strip()]
            else:
                values = [value]
            for raw in values:
                predicate = plan.predicate
                if plan.datatype is not None:
                    typed, predicate = self._typed_cell(plan, raw, row, subject)
                    if typed is None:  # "no budget" (nihil, -): the amount stated as none, no value
                        continue
                    obj = typed
                elif plan.names_class is not None:
                    obj = self._agency(plan, _text(raw), row, lines)
                elif plan.web_address:
                    written = _text(raw)
                    obj = _web_address(written) or self._unreadable(plan, written, row.number, "anyURI")
                elif plan.reference_template is not None:
                    region_text, year = row.submission.key
                    reference = data_iri(
                        plan.reference_template, region_text, year, row.program_id, values={plan.name: _text(raw)}
                    )
                    self.conversion.codes.setdefault(reference, _text(raw))
                    obj = f"<{reference}>"
                else:
                    obj = _literal(_text(raw), plan.lang_suffix)
                    if plan.unit_predicate and plan.units_from:
                        from kg.submissions.units import unit_iri

                        unit = unit_iri(_text(raw), plan.units_from)
                        if unit is not None:
                            lines.append(f"{subject} {plan.unit_predicate} <{unit}> .")
                lines.append(f"{subject} {predicate} {obj} .")

    def _typed_cell(self, plan: _ColumnPlan, raw: Any, row: _RowContext, subject: str) -> tuple[str | None, str]:
        """A typed cell's object and predicate (an approximate amount's own predicate), its reading noted;
        ``None`` for an amount written as "no budget" (``nihil``, ``-``)."""
        written = _text(raw)
        options = (self.conventions.get(plan.name), plan.approximate_predicate is not None, plan.column.partial_dates)
        try:
            reading = _cached_reading(plan.datatype, raw, *options)
        except TypeError:  # a cell value that cannot be a key
            reading = _reading(plan.datatype, raw, *options)
        if reading.lexical is None:
            if reading.rule == readings.NO_AMOUNT and plan.approximate_predicate is not None:
                self._note(reading.rule, row, plan.name, written, subject, plan.predicate, {})
                return None, plan.predicate
            return self._unreadable(plan, written, row.number, plan.column.datatype), plan.predicate
        if plan.predicate in _INDICATOR_VALUES:
            reading = self._count_reading(reading, raw, written, row, plan, subject)
        predicate = plan.predicate
        if reading.currency and plan.approximate_predicate is not None:
            row.currencies[subject] = reading.currency
        if reading.approximate and plan.approximate_predicate:
            predicate = plan.approximate_predicate
            self.conversion.written[(subject.strip("<>"), predicate.strip("<>"))] = written
        row.read.append(_Cell(plan.name, written, reading, subject, predicate))
        if reading.rule is not None and reading.rule != readings.APPROXIMATE_AMOUNT:  # a shape says that one
            details = {"read": reading.lexical or "", "datatype": reading.datatype}
            if reading.currency:
                details["currency"] = reading.currency
            if reading.alternative is not None:
                details.update(
                    other=reading.alternative,
                    convention=reading.convention or "",
                    by_column="1" if reading.by_column else "",
                )
            self._note(reading.rule, row, plan.name, written, subject, predicate, details)
        return _typed(reading.lexical or "", reading.datatype), predicate

    def _count_reading(
        self, reading: readings.Reading, raw: Any, written: str, row: _RowContext, plan: _ColumnPlan, subject: str
    ) -> readings.Reading:
        """An indicator value in a count unit (orang, unit, titik …) has one reading, a whole number: ``1.120``
        is 1,120 (no "two readings" warning); a fraction (``1.120`` read as 1.12 by an English spreadsheet) is
        said back once, with the whole number it likely was."""
        if _unit_kind(row.cells.get("satuan")) != _COUNT or reading.lexical is None:
            return reading
        if reading.rule == readings.AMBIGUOUS_NUMBER and reading.alternative is not None:
            # a group of three digits after the mark is thousands: a count is not written 20.000 for 20
            thousands = max(reading.lexical, reading.alternative, key=Decimal)
            return readings.Reading(thousands, reading.datatype, separated=True)
        # a fraction a spreadsheet made: a number cell, or text with a decimal dot (a CSV an English spreadsheet
        # wrote); 95,5 typed with a decimal comma is the steward's own
        changed = isinstance(raw, float) or ("." in written and "," not in written)
        if "." in reading.lexical and changed:
            fraction = reading.lexical.split(".", 1)[1]
            thousands = readings.decimal_text(Decimal(reading.lexical) * 1000) if len(fraction) <= 3 else ""
            self._note(
                "CountFractionReading",
                row,
                plan.name,
                written,
                subject,
                plan.predicate,
                {"read": reading.lexical, "unit": _text(row.cells.get("satuan", "")), "thousands": thousands},
            )
        return reading

    def _check_percent(self, row: _RowContext) -> None:
        """A persen indicator with values between 0 and 1 beside values above 1 (``50%`` stored by a spreadsheet
        as 0.5 beside a target of 85): each such value said back once, with the percentage it likely was."""
        if _unit_kind(row.cells.get("satuan")) != _PERCENT:
            return
        by_subject: dict[str, list[_Cell]] = {}
        for cell in row.read:
            if cell.predicate in _INDICATOR_VALUES and cell.reading.lexical is not None:
                by_subject.setdefault(cell.focus, []).append(cell)
        for cells in by_subject.values():
            values = [(cell, Decimal(cell.reading.lexical or "0")) for cell in cells]
            large = [(cell, value) for cell, value in values if value > 1]
            if not large:
                continue
            for cell, value in values:
                if 0 < value < 1:  # 1 itself is as often 1 % as a stored 100 %
                    self._note(
                        "PercentFractionReading",
                        row,
                        cell.column,
                        cell.written,
                        cell.focus,
                        cell.predicate,
                        {
                            "read": cell.reading.lexical or "",
                            "percent": readings.decimal_text(value * 100),
                            "other": large[0][0].reading.lexical or "",
                            "otherColumn": large[0][0].column,
                        },
                    )

    def _note(
        self,
        rule: str,
        row: _RowContext,
        column: str,
        written: str,
        focus: str,
        predicate: str,
        details: dict[str, str],
    ) -> None:
        self.conversion.readings.append(
            CellReading(rule, row.table, row.number, column, written, focus.strip("<>"), predicate.strip("<>"), details)
        )

    def _suggest_shared(self, row: _RowContext, indicator: str) -> None:
        """An Info naming the shared indicator (kc:SharedIndicatorScheme) a free-text indicator most likely is,
        when the row names none in ``indikator_bersama`` (kg.suggest's BM25 ranking, as for initiatives)."""
        name = _text(row.cells.get("indikator") or "").strip()
        if not name or _text(row.cells.get("indikator_bersama") or "").strip():
            return
        from kg.suggest.indicators import suggest_shared_indicator

        found = suggest_shared_indicator(name)
        if found is not None:
            self._note(
                "SharedIndicatorReading",
                row,
                "indikator",
                name,
                indicator,
                str(KC.sharedIndicator),
                {"read": found.notation, "label": found.label_id, "labelEn": found.label_en},
            )

    def _check_pairs(self, row: _RowContext) -> None:
        self._check_percent(row)
        self._check_thousands(row)

    def _check_thousands(self, row: _RowContext) -> None:
        """A target and achieved value about a thousand times apart, one of them ambiguous (``1.500``), whose
        other reading brings them together: said back once, in place of the ambiguity warning."""
        by_subject: dict[str, dict[str, _Cell]] = {}
        for cell in row.read:
            if cell.predicate == _TARGET or cell.predicate == _ACHIEVED:
                by_subject.setdefault(cell.focus, {})[cell.predicate] = cell
        for pair in by_subject.values():
            if len(pair) != 2:
                continue
            target, achieved = pair[_TARGET], pair[_ACHIEVED]
            for suspect, other in ((achieved, target), (target, achieved)):
                alternative = suspect.reading.alternative
                if alternative is None:
                    continue
                now = _factor(suspect.reading.lexical, other.reading.lexical)
                then = _factor(alternative, other.reading.lexical)
                if now is None or then is None or now < _SUSPICIOUS_FACTOR or then > _PLAUSIBLE_FACTOR:
                    continue
                self.conversion.readings = [
                    note
                    for note in self.conversion.readings
                    if not (
                        note.row == row.number
                        and note.table == row.table
                        and note.column == suspect.column
                        and note.rule == readings.AMBIGUOUS_NUMBER
                    )
                ]
                self._note(
                    "ThousandFactorReading",
                    row,
                    suspect.column,
                    suspect.written,
                    suspect.focus,
                    suspect.predicate,
                    {
                        "read": suspect.reading.lexical or "",
                        "other": alternative,
                        "target": target.reading.lexical or "",
                        "achieved": achieved.reading.lexical or "",
                        "factor": str(round(now)),
                    },
                )
                break

    def _region(self, plan: _ColumnPlan, row: _RowContext) -> str:
        text = row.submission.key[0]
        iri = (plan.codes or {}).get(text.casefold())
        if iri is None:
            return self._unreadable(plan, text, row.number, plan.column.values_from or "")
        self.conversion.codes.setdefault(iri, text)
        return f"<{iri}>"

    def _codes(self, plan: _ColumnPlan, value: Any, row: _RowContext, subject: str) -> list[str]:
        """The objects of a coded cell: its codes, a code's other spelling (said back), codes separated by
        commas when every one is a code (said back); an unknown code is kept as text for the shapes."""
        text = _text(value)
        parts = [part.strip() for part in text.split(plan.separator)] if plan.separator else [text]
        found = []
        for part in (part for part in parts if part):
            iri = self._code(plan, part)
            if iri is not None:
                found.append(self._coded(plan, iri, part, row, subject))
                continue
            pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
            iris = [self._code(plan, piece) for piece in pieces]
            if plan.separator and len(pieces) > 1 and all(iris):
                read = [self._code_of(plan, piece) for piece in pieces]
                self._note(
                    "CodeSeparatorReading",
                    row,
                    plan.name,
                    part,
                    subject,
                    plan.predicate,
                    {"read": plan.separator.join(read)},
                )
                found.extend(
                    self._coded(plan, iri, piece, row, subject, quiet=True)
                    for iri, piece in zip(iris, pieces, strict=True)
                    if iri is not None
                )
                continue
            qualified = self._qualified(plan, part)
            if qualified is not None:  # APBD Kota Jambi: the region's own APBD
                code = _REGION_QUALIFIED.match(" ".join(part.split())).group(1)  # type: ignore[union-attr]
                self._note("CodeAliasReading", row, plan.name, part, subject, plan.predicate, {"read": code.upper()})
                found.append(self._coded(plan, qualified, part, row, subject, quiet=True))
                continue
            found.append(self._unreadable(plan, part, row.number, plan.column.values_from or ""))
        return found

    def _code(self, plan: _ColumnPlan, text: str) -> str | None:
        codes = plan.codes or {}
        key = text.casefold()
        iri = codes.get(key) or codes.get(_code_text(text).casefold())
        if iri is None and key in plan.aliases:
            iri = plan.aliases[key][0]
        return iri

    def _qualified(self, plan: _ColumnPlan, text: str) -> str | None:
        """The code a value names with its region after it (``APBD Kota Jambi``, ``APBD Provinsi Jambi``)."""
        match = _REGION_QUALIFIED.match(" ".join(text.split()))
        return (plan.codes or {}).get(match.group(1).casefold()) if match else None

    def _code_of(self, plan: _ColumnPlan, text: str) -> str:
        key = text.casefold()
        if key in plan.aliases and key not in (plan.codes or {}):
            return plan.aliases[key][1]
        return _code_text(text)

    def _coded(
        self, plan: _ColumnPlan, iri: str, text: str, row: _RowContext, subject: str, quiet: bool = False
    ) -> str:
        key = text.casefold()
        codes = plan.codes or {}
        if (
            not quiet
            and key not in codes
            and _code_text(text).casefold() not in codes
            and key in plan.aliases
            and not plan.aliases[key][2]
        ):
            self._note(
                "CodeAliasReading", row, plan.name, text, subject, plan.predicate, {"read": plan.aliases[key][1]}
            )
        self.conversion.codes.setdefault(iri, _code_text(text))
        return f"<{iri}>"

    def _unreadable(self, plan: _ColumnPlan, text: str, number: int, expected: str) -> str:
        self.conversion.cell_errors.append(CellNote(number, plan.name, text, expected))
        return _literal(text)

    def _agency(self, plan: _ColumnPlan, text: str, row: _RowContext, lines: list[str]) -> str:
        """The agency named by the cell, resolved to one agency of the region (another spelling said back and
        kept as ``skos:altLabel``), described the first time its submission meets it."""
        submission = row.submission
        region_text, year = submission.key
        resolved = self.agencies.resolve(region_text, text, year, row.number)
        row.agency = resolved.iri
        resource = self._describe_agency(resolved, plan, submission, lines)
        if resolved.parent is not None:  # a unit (Bidang, UPT) of the agency it names
            parent = self._describe_agency(resolved.parent, plan, submission, lines)
            lines.append(f"{resource} <{ORG.subOrganizationOf}> {parent} .")
            if (resolved.iri, "unit") not in submission.agencies:
                submission.agencies.add((resolved.iri, "unit"))
                self._note(
                    "AgencyUnitReading",
                    row,
                    plan.name,
                    text,
                    resolved.iri,
                    plan.predicate,
                    {"read": resolved.parent.label},
                )
        if resolved.respelled:
            # a known abbreviation met first is a reading said back; another spelling of an agency already known
            # (loaded for the region, or named otherwise on another row) a warning suggesting its known name
            rule = "AgencyAbbreviationReading" if resolved.first and resolved.source == "table" else "AgencyNameReading"
            source = resolved.source if resolved.first or resolved.source == "store" else "file"
            details = {"read": resolved.label, "source": source}
            if source == "file":
                details.update(row=str(resolved.first_row or ""), written=resolved.first_written)
            self._note(rule, row, plan.name, text, resolved.iri, plan.predicate, details)
        return resource

    def _describe_agency(self, resolved, plan: _ColumnPlan, submission: _SubmissionBuilder, lines: list[str]) -> str:
        """The agency's triples (type, label, region; a new spelling as ``skos:altLabel``), once per submission."""
        resource = f"<{resolved.iri}>"
        if (resolved.iri, "") not in submission.agencies:
            submission.agencies.add((resolved.iri, ""))
            lines.append(f"{resource} {_TYPE} {plan.names_class} .")
            lines.append(f"{resource} {_LABEL} {_literal(resolved.label, plan.lang_suffix)} .")
            if submission.region_iri:
                lines.append(f"{resource} {_REGION} <{submission.region_iri}> .")
        if resolved.respelled and (resolved.iri, resolved.written) not in submission.agencies:
            submission.agencies.add((resolved.iri, resolved.written))
            lines.append(f"{resource} {_ALT_LABEL} {_literal(resolved.written, plan.lang_suffix)} .")
        return resource

    # -- the indicators table

    def add_indicators(self, table: Table, program_index: _ProgramIndex) -> None:
        """The rows of an indicators table whose program is in this conversion (see :class:`_ProgramIndex`)."""
        plan = _plan_for(table.columns, INDICATORS_TABLE)
        layout = TableLayout(table.header_row, dict(table.positions), table.sheet)
        self.conversion.tables[INDICATORS_TABLE] = TableSource(table.source, layout)
        conventions = self._conventions(table, plan)
        saved, self.conventions = self.conventions, conventions
        try:
            for row in table.rows:
                if row.overflow is not None:
                    if table.source == self.table.source or program_index.owner(row) is self:
                        self._overflowing(row, INDICATORS_TABLE)
                    continue
                if program_index.owner(row) is self:
                    self._indicator_row(row, plan, program_index)
        finally:
            self.conventions = saved

    def _indicator_row(self, row, plan: _Plan, program_index: _ProgramIndex) -> None:  # row: TableRow
        found = program_index.program_of(row)
        if isinstance(found, CellReading):
            self.conversion.readings.append(found)
            return
        program, (submission, program_id, region_text, year) = found
        name = _text(row.cells.get("indikator", ""))
        period_reading = (
            readings.read_date(row.cells["periode"], partial=True) if row.cells.get("periode") is not None else None
        )
        period = period_reading.lexical if period_reading and period_reading.lexical else str(year)
        context = _RowContext(INDICATORS_TABLE, row.number, row.cells, submission, program_id)
        lines: list[str] = []
        indicator_plan = next(resource for resource in plan.resources if resource.kind == "indicator")
        indicator = data_iri(
            indicator_plan.template,
            region_text,
            year,
            program_id,
            row=row.number if not name else None,
            names={"indikator": name},
        )
        node = f"<{indicator}>"
        if indicator not in submission.indicators:
            submission.indicators[indicator] = row.number
            lines.append(f"{node} {_TYPE} {indicator_plan.type_object or f'<{KC.Indicator}>'} .")
            lines.append(f'{node} {_SOURCE_ROW} "{row.number}"^^{_XSD_INTEGER} .')
            lines.append(f"<{program}> {indicator_plan.link} {node} .")
            self._cells(node, indicator_plan.columns, context, lines)
        assessment = data_iri(
            _assessment_template(), region_text, year, program_id, names={"indikator": name}, values={"periode": period}
        )
        if assessment in submission.assessments:
            self._note(
                "IndicatorProgramReading",
                context,
                "periode",
                period,
                assessment,
                str(KC.period),
                {
                    "problem": "duplicate",
                    "indicator": name,
                    "period": period,
                    "first": str(submission.assessments[assessment]),
                },
            )
            assessment = f"{assessment}#row-{row.number}"
        submission.assessments.setdefault(assessment, row.number)
        subject = f"<{assessment}>"
        for predicate, obj in plan.constant:
            if "{" in obj:  # the region assessed: expanded (percent-encoded) as every IRI of the row
                obj = f"<{data_iri(obj.strip('<>'), region_text, year, program_id)}>"
            lines.append(f"{subject} {predicate} {obj} .")
        lines.append(f'{subject} {_SOURCE_ROW} "{row.number}"^^{_XSD_INTEGER} .')
        if row.cells.get("periode") is None and isinstance(year, int):  # the program's fiscal year
            lines.append(f"{subject} <{KC.period}> {_typed(str(year), 'gYear')} .")
        self._cells(subject, plan.own, context, lines)
        lines.append(f"{node} <{KC.assessment}> {subject} .")
        submission.add(lines, program=False)
        self._check_pairs(context)
        if submission.indicators.get(indicator) == row.number:  # once per indicator, on its first row
            self._suggest_shared(context, indicator)


def _assessment_template() -> str:
    from kg.core.template_metadata import table_schema

    return table_schema(INDICATORS_TABLE)["aboutUrl"]


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda match: values.get(match.group(1), ""), template)


def _factor(first: str | None, second: str | None) -> float | None:
    """How many times the larger of two positive numbers is the smaller, or ``None``."""
    try:
        a, b = abs(float(first)), abs(float(second))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if a == 0 or b == 0:
        return None
    return max(a, b) / min(a, b)


class _ProgramIndex:
    """The programs of every programs table converted together, by ``id_program``: where each row of an
    indicators table belongs (its program, or a reading saying why none)."""

    def __init__(self, converters: list[_Converter]) -> None:
        self.converters = converters
        self.by_id: dict[str, list[tuple[str, tuple[_SubmissionBuilder, str, str, int | str], _Converter]]] = {}
        for converter in converters:
            for program, entry in converter.programs.items():
                self.by_id.setdefault(entry[1].casefold(), []).append((program, entry, converter))
        self._found: dict[int, Any] = {}

    def _match(self, row) -> Any:  # row: TableRow
        key = id(row)
        if key in self._found:
            return self._found[key]
        program_id = _text(row.cells.get("id_program", ""))
        candidates = self.by_id.get(program_id.casefold(), [])
        year_value = row.cells.get("tahun")
        if year_value is not None:
            year = readings.read_integer(year_value).lexical
            candidates = [item for item in candidates if str(item[1][3]) == (year or _text(year_value))]
        region_value = row.cells.get("kode_wilayah")
        if region_value is not None:
            region = _region_text(region_value)
            candidates = [item for item in candidates if item[1][2] == region]
        if len(candidates) == 1:
            found: Any = candidates[0]
        else:
            where = ", ".join(f"{item[1][2]} {item[1][3]}" for item in candidates[:5])
            found = CellReading(
                "IndicatorProgramReading",
                INDICATORS_TABLE,
                row.number,
                "id_program",
                program_id,
                "",
                str(KC.indicator),
                {"problem": "several" if candidates else "none", "where": where},
            )
        self._found[key] = found
        return found

    def owner(self, row) -> _Converter | None:  # row: TableRow
        found = self._match(row)
        if isinstance(found, CellReading):
            return self.converters[0] if self.converters else None
        return found[2]

    def program_of(self, row):  # row: TableRow -> (program, entry) | CellReading
        found = self._match(row)
        return found if isinstance(found, CellReading) else (found[0], found[1])


def convert_table(table: Table, *, known_agencies: KnownAgencies | None = None) -> Conversion:
    """Convert a read programs table (and the indicators sheet of its workbook) to RDF, split per (region,
    year) submission."""
    return convert_tables([table], known_agencies=known_agencies)[0]


def convert_tables(
    tables: list[Table],
    *,
    known_agencies: KnownAgencies | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Conversion]:
    """Convert tables read together: each programs table becomes a conversion; an indicators table (a sheet of
    a workbook, or a file of its own) joins the programs its rows name. :class:`InputError` when indicators
    are given without any programs."""
    agencies = AgencyNames(known_agencies)
    converters = []
    indicator_tables = []
    for number, table in enumerate(tables, start=1):
        if table.kind == INDICATORS_TABLE:
            indicator_tables.append(table)
            continue
        converter = _Converter(table, agencies)
        converter.convert_programs()
        converters.append(converter)
        if table.indicators is not None:
            indicator_tables.append(table.indicators)
        if progress is not None:
            progress("convert", number, len(tables))
    if indicator_tables and not converters:
        raise InputError(
            "tabel indikator tanpa tabel program: berikan juga berkas programnya / an indicators table without "
            "its programs: give the programs file too",
            source=str(indicator_tables[0].source),
        )
    if indicator_tables:
        index = _ProgramIndex(converters)
        for table in indicator_tables:
            for converter in converters:
                converter.add_indicators(table, index)
    conversions = [converter.finish() for converter in converters]
    return conversions


def convert_rdf(document: RdfDocument) -> Conversion:
    """An RDF submission: split per ``kc:Submission`` (programs by ``dcterms:isPartOf``); rows are unknown."""
    import pyoxigraph

    from kg.core.oxigraph_io import rdf_bytes
    from kg.shacl.store import select

    conversion = Conversion(source_file=document.source, triple_count=document.triple_count)
    store = pyoxigraph.Store()
    for batch in ntriples_batches(document.ntriples):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    found = list(
        select(
            store,
            """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?submission ?code ?year WHERE {
              ?submission a kc:Submission .
              OPTIONAL { ?submission dcterms:spatial ?region . OPTIONAL { ?region kc:regionCode ?code } }
              OPTIONAL { ?submission kc:fiscalYear ?year }
            } ORDER BY ?submission""",
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
            iri=iri,
            region_code=key[0],
            year=key[1],
            ntriples=document.ntriples,
            source_file=document.source,
            triple_count=document.triple_count,
        )
        return conversion
    # each submission holds its own triples, its programs' (dcterms:isPartOf it) and those of the resources
    # its programs link to (indicator, amounts, agency) and of the resources below those (an indicator's
    # assessments); one query finds every submission's subjects, then each
    # submission's triples are read subject by subject (a query per submission would scan the data each time)
    subjects: dict[Any, dict[Any, None]] = {row["submission"]: {row["submission"]: None} for row in found}
    for solution in select(
        store,
        """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?submission ?s WHERE {
          ?submission a kc:Submission .
          { ?s dcterms:isPartOf ?submission }
          UNION { ?program dcterms:isPartOf ?submission ; ?link ?s . FILTER(!isLiteral(?s)) }
          UNION { ?program dcterms:isPartOf ?submission ; kc:indicator ?indicator . ?indicator kc:assessment ?s }
        }""",
    ):
        subjects[solution["submission"]][solution["s"]] = None
    for solution in found:
        submission = solution["submission"]
        data = rdf_bytes(
            (
                pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)
                for subject in subjects[submission]
                for quad in store.quads_for_pattern(subject, None, None)
            ),
            pyoxigraph.RdfFormat.N_TRIPLES,
        )
        key = _submission_key(submission.value, solution["code"], solution["year"])
        conversion.submissions[key] = SubmissionData(
            iri=submission.value,
            region_code=key[0],
            year=key[1],
            ntriples=data,
            source_file=document.source,
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


def convert_file(path: Path | str, *, known_agencies: KnownAgencies | None = None) -> Conversion:
    """Read a submission file (table or RDF) and convert it; :class:`InputError` if it cannot be read."""
    return convert_files([path], known_agencies=known_agencies)[0]


def convert_files(
    paths: Iterable[Path | str],
    *,
    known_agencies: KnownAgencies | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Conversion]:
    """Read and convert files given together: RDF documents each on its own, tables together (an indicators
    CSV joins the programs of the other files). One conversion per programs table or RDF document, in order;
    :class:`InputError` on the first file that cannot be read. ``progress("convert", done, total)`` after each
    table."""
    read = [read_submission(path) for path in paths]
    tables = [item for item in read if isinstance(item, Table)]
    converted = iter(convert_tables(tables, known_agencies=known_agencies, progress=progress) if tables else [])
    conversions = []
    for item in read:
        if isinstance(item, RdfDocument):
            conversions.append(convert_rdf(item))
        elif item.kind == PROGRAMS_TABLE:
            conversions.append(next(converted))
    return conversions


#: ``--to`` names → pyoxigraph formats.
OUTPUT_FORMATS = dict(zip(RDF_FORMATS, ("TURTLE", "N_TRIPLES", "JSON_LD"), strict=True))


def serialize(conversion: Conversion, to: str = "turtle", *, mark: bool = False, source: str = "") -> bytes:
    """The conversion's RDF in ``turtle``, ``nt`` or ``jsonld``: its submissions' triples together, each once
    (an agency each submission describes is written once). ``mark``: with the mark of kotacerdas's own
    outputs (a first comment line; a context prefix in JSON-LD: :func:`kg.core.output.is_own_output`)."""
    from kg.core.output import JSON_LD_MARK, RDF_MARK

    if to not in OUTPUT_FORMATS:
        raise InputError(f"format tidak dikenal / unknown format {to!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    ntriples = b"".join(dict.fromkeys(conversion.ntriples.splitlines(keepends=True)))
    comment = f"{RDF_MARK}converted from {source or conversion.source_file.name}\n".encode() if mark else b""
    if to == "nt":
        return comment + ntriples
    import pyoxigraph

    from kg.core.namespaces import PREFIXES
    from kg.core.oxigraph_io import rdf_bytes

    quads = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    # one block per subject (the serializer groups consecutive triples); the data IRIs stay whole, since a
    # kcid: prefixed name would need every "/" escaped
    triples = sorted((pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), key=lambda t: str(t.subject))
    prefixes = {prefix: PREFIXES[prefix] for prefix in ("kc", "dcterms", "rdfs", "schema", "skos", "xsd")}
    written = rdf_bytes(triples, getattr(pyoxigraph.RdfFormat, OUTPUT_FORMATS[to]), prefixes)
    if to == "jsonld" and mark:  # the same nodes under @graph, with a context defining a prefix no value uses
        import json

        document = {"@context": {JSON_LD_MARK: PREFIXES["kcid"]}, "@graph": json.loads(written)}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    return comment + written if to == "turtle" else written
