"""Rows of a submission → RDF (docs/architecture.md, "The data model").

One ``kc:Program`` per row, with a stable IRI from region, year and ``id_program``; its indicator; its agency;
the ``kc:Submission`` of each (region, year) found. Each program keeps ``kc:sourceRow`` so that validation
results map back to the row, and the template metadata maps a property back to its column.

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
from urllib.parse import quote

from kg.core.errors import InputError
from kg.core.namespaces import DCTERMS, ID, KC, RDF, RDFS, XSD, submission_iri
from kg.submissions.tables import RdfDocument, Table, read_submission
from kg.submissions.template import LIST_ENTRY_SEPARATOR, Column, code_iris, columns, key_columns

_XSD_INTEGER = f"<{XSD}integer>"
_XSD_DECIMAL = f"<{XSD}decimal>"
_XSD_DATE = f"<{XSD}date>"
_TYPE = f"<{RDF.type}>"
_LABEL = f"<{RDFS.label}>"
_SOURCE_ROW = f"<{KC.sourceRow}>"
_IS_PART_OF = f"<{DCTERMS.isPartOf}>"
_INDICATOR = f"<{KC.indicator}>"
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


@dataclass
class CellNote:
    """A cell kept as text because it could not be read as its column's type; the shapes report it."""

    row: int
    column: str
    value: str
    expected: str


@dataclass
class Conversion:
    """The RDF of one input file, split per submission, with what maps results back to rows."""

    source_file: Path
    submissions: dict[tuple[str, int | str], SubmissionData] = field(default_factory=dict)
    #: Resource IRI → (1-based data row, ``"program"`` or ``"indicator"``); empty for RDF input.
    rows: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: IRI of a code (region, initiative, status, group) → the text the steward wrote for it.
    codes: dict[str, str] = field(default_factory=dict)
    cell_errors: list[CellNote] = field(default_factory=list)
    #: True when the input was a table (rows and columns are meaningful).
    tabular: bool = True
    triple_count: int = 0

    @property
    def ntriples(self) -> bytes:
        """All submissions' triples together."""
        return b"".join(item.ntriples for item in self.submissions.values())


# --- reading cell values ----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: Excel numbers without a spurious ``.0``, dates in ISO form."""
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


def _segment(text: str, safe: str = "") -> str:
    """A piece of an IRI path, percent-encoded."""
    return quote(text, safe=safe) or "_"


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-") or "_"


# --- conversion -------------------------------------------------------------------------------------------


@dataclass
class _ColumnPlan:
    """How one column's cells become triples (derived once from the template metadata)."""

    column: Column
    predicate: str
    reader: Callable[[Any], str | None] | None
    datatype: str
    codes: dict[str, str] | None


def _plans(table_columns: list[str]) -> list[_ColumnPlan]:
    plans = []
    for item in columns():
        if item.name not in table_columns:
            continue
        reader, datatype = _READERS.get(item.datatype, (None, ""))
        codes = {code.casefold(): iri for code, iri in code_iris(item).items()} if item.values_from else None
        plans.append(_ColumnPlan(item, f"<{item.property}>", reader, datatype, codes))
    return plans


def convert_table(table: Table) -> Conversion:
    """Convert a read table to RDF, split per (region, year) submission."""
    region_column, year_column, id_column = key_columns()
    conversion = Conversion(source_file=table.source)
    plans = _plans(table.columns)
    program_type = f"<{KC.Program}>"
    indicator_type = f"<{KC.Indicator}>"
    # each row's triples are encoded at once, so that a million triples are held as ~50k byte strings
    # rather than a million str objects; a submission's chunks are joined (and released) at the end
    chunks_by_key: dict[tuple[str, int | str], list[bytes]] = {}
    counts: dict[tuple[str, int | str], int] = {}
    seen_programs: set[str] = set()
    agencies: set[str] = set()
    region_codes = next((plan.codes for plan in plans if plan.column.name == region_column), None) or {}
    notes = conversion.cell_errors
    for row in table.rows:
        cells = row.cells
        region_text = _text(cells[region_column]) if region_column in cells else ""
        if isinstance(cells.get(region_column), float):  # Excel turned 32.70 into 32.7
            region_text = f"{cells[region_column]:.2f}"
        if LIST_ENTRY_SEPARATOR in region_text:  # picked from the template's drop-down: "32.73 – Kota Bandung"
            region_text = region_text.split(LIST_ENTRY_SEPARATOR, 1)[0].strip()
        year_text = _text(cells[year_column]) if year_column in cells else ""
        year_lexical = read_integer(year_text) if year_text else None
        year: int | str = int(year_lexical) if year_lexical is not None else year_text
        program_id = _text(cells[id_column]) if id_column in cells else ""
        region_iri = region_codes.get(region_text.casefold())
        region_segment = _segment(region_text, safe=".")
        base = f"{ID}program/{region_segment}/{_segment(str(year))}/"
        if program_id:
            program = base + _segment(program_id)
            if program in seen_programs:  # a repeated id_program: its own node, so the shapes can report it
                program = f"{program}#row-{row.number}"
        else:
            program = f"{base}#row-{row.number}"
        seen_programs.add(program)
        key = (region_text, year)
        chunks = chunks_by_key.get(key)
        if chunks is None:
            chunks = chunks_by_key[key] = []
            counts[key] = 0
        counts[key] += 1
        lines: list[str] = []
        subject = f"<{program}>"
        head, hash_mark, fragment = program.partition("#")
        indicator = f"<{head.rstrip('/')}/indicator{hash_mark}{fragment}>"
        conversion.rows[program] = (row.number, "program")
        lines.append(f"{subject} {_TYPE} {program_type} .")
        lines.append(f'{subject} {_SOURCE_ROW} "{row.number}"^^{_XSD_INTEGER} .')
        lines.append(f"{subject} {_IS_PART_OF} <{submission_iri(region_segment, _segment(str(year)))}> .")
        has_indicator = False
        for plan in plans:
            value = cells.get(plan.column.name)
            if value is None:
                continue
            item = plan.column
            if item.subject == "indicator":
                node = indicator
                if not has_indicator:
                    has_indicator = True
                    lines.append(f"{indicator} {_TYPE} {indicator_type} .")
            else:
                node = subject
            raw_values = (
                [part.strip() for part in _text(value).split(item.separator) if part.strip()]
                if item.separator
                else [value]
            )
            for raw in raw_values:
                if plan.codes is not None:
                    text = _text(raw) if item.name != region_column else region_text
                    iri = plan.codes.get(text.casefold())
                    if iri is None and LIST_ENTRY_SEPARATOR in text:  # a drop-down entry "32.73 – Kota Bandung"
                        code_text = text.split(LIST_ENTRY_SEPARATOR, 1)[0].strip()
                        iri = plan.codes.get(code_text.casefold())
                        text = code_text if iri else text
                    if iri is None:
                        obj = _literal(text)
                        notes.append(CellNote(row.number, item.name, text, item.values_from or ""))
                    else:
                        obj = f"<{iri}>"
                        conversion.codes.setdefault(iri, text)
                elif plan.reader is not None:
                    lexical = plan.reader(raw)
                    if lexical is None:
                        text = _text(raw)
                        obj = _literal(text)
                        notes.append(CellNote(row.number, item.name, text, item.datatype))
                    else:
                        obj = f'"{lexical}"^^{plan.datatype}'
                elif item.value_class is not None:
                    text = _text(raw)
                    agency = f"<{ID}agency/{region_segment}/{_slug(text)}>"
                    obj = agency
                    if agency not in agencies:
                        agencies.add(agency)
                        lines.append(f"{agency} {_TYPE} <{item.value_class}> .")
                        lines.append(f"{agency} {_LABEL} {_literal(text, '@id')} .")
                        if region_iri:
                            lines.append(f"{agency} {_REGION} <{region_iri}> .")
                else:
                    obj = _literal(_text(raw), f"@{item.lang}" if item.lang else "")
                lines.append(f"{node} {plan.predicate} {obj} .")
        if has_indicator:
            conversion.rows[indicator[1:-1]] = (row.number, "indicator")
            lines.append(f"{subject} {_INDICATOR} {indicator} .")
        chunks.append(("\n".join(lines) + "\n").encode("utf-8"))
        conversion.triple_count += len(lines)
    for key in list(chunks_by_key):
        chunks = chunks_by_key.pop(key)
        lines = []
        region_text, year = key
        region_segment = _segment(region_text, safe=".")
        iri = submission_iri(region_segment, _segment(str(year)))
        subject = f"<{iri}>"
        lines.append(f"{subject} {_TYPE} <{KC.Submission}> .")
        region_iri = region_codes.get(region_text.casefold())
        if region_iri:
            lines.append(f"{subject} {_SPATIAL} <{region_iri}> .")
        if isinstance(year, int):
            lines.append(f'{subject} {_FISCAL_YEAR} "{year}"^^{_XSD_INTEGER} .')
        chunks.append(("\n".join(lines) + "\n").encode("utf-8"))
        conversion.triple_count += len(lines)
        data = b"".join(chunks)
        del chunks
        conversion.submissions[key] = SubmissionData(
            iri=iri, region_code=region_text, year=year, ntriples=data, source_file=table.source,
            program_count=counts[key],
        )
    return conversion


def convert_rdf(document: RdfDocument) -> Conversion:
    """An RDF submission: split per ``kc:Submission`` (programs by ``dcterms:isPartOf``); rows are unknown."""
    import pyoxigraph

    conversion = Conversion(source_file=document.source, tabular=False, triple_count=document.triple_count)
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
            iri=iri, region_code=key[0], year=key[1], ntriples=document.ntriples, source_file=document.source
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
            iri=submission.value, region_code=key[0], year=key[1], ntriples=data, source_file=document.source
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
        tail = iri.rstrip("/").split("/")
        return (tail[-2] if len(tail) > 1 else "", int(tail[-1]) if tail[-1].isdigit() else tail[-1])
    return code.value, int(year.value) if year.value.isdigit() else year.value


def convert_file(path: Path | str) -> Conversion:
    """Read a submission file (table or RDF) and convert it; :class:`InputError` if it cannot be read."""
    read = read_submission(path)
    if isinstance(read, RdfDocument):
        return convert_rdf(read)
    return convert_table(read)


#: ``--to`` names → pyoxigraph formats.
OUTPUT_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD"}


def serialize(conversion: Conversion, to: str = "turtle") -> bytes:
    """The conversion's RDF in ``turtle``, ``nt`` or ``jsonld``."""
    if to not in OUTPUT_FORMATS:
        raise InputError(f"format tidak dikenal / unknown format {to!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    if to == "nt":
        return conversion.ntriples
    import pyoxigraph

    from kg.core.namespaces import PREFIXES

    quads = pyoxigraph.parse(conversion.ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    # one block per subject (the serializer groups consecutive triples); the data IRIs stay whole, since a
    # kcid: prefixed name would need every "/" escaped
    triples = sorted((pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), key=lambda t: t.subject.value)
    prefixes = {prefix: PREFIXES[prefix] for prefix in ("kc", "dcterms", "rdfs", "schema", "xsd")}
    return pyoxigraph.serialize(
        triples,
        format=getattr(pyoxigraph.RdfFormat, OUTPUT_FORMATS[to]),
        prefixes=prefixes,
    )
