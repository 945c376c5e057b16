"""Reading submissions as people write them: XLSX, CSV (any Excel flavour), or RDF directly.

A table is read into :class:`Table`: its rows keep the cells as found (text, or the number/date an Excel cell
holds), keyed by the template's column names; turning them into values is :mod:`kg.submissions.convert`'s job. Headers may
use the Indonesian or English titles of the template metadata. Every problem that makes a file unreadable is an
:class:`~kg.core.errors.InputError` of one line naming the file (and row), raised as early as possible: a file of
junk fails on its first bytes, not after being read into memory.

RDF submissions (Turtle, N-Triples, JSON-LD, RDF/XML) are parsed with pyoxigraph: JSON-LD remote contexts are
never fetched, and XML document type declarations (the road to entity-expansion bombs) are refused.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.core.errors import InputError
from kg.submissions.template import column_for_title, required_columns

#: Suffixes read as tables and as RDF.
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt", ".tsv")
RDF_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML",
               ".owl": "RDF_XML", ".xml": "RDF_XML"}
#: How much of a file is looked at before deciding what it is (and failing fast on junk).
_PROBE_BYTES = 64 * 1024
#: The longest CSV field accepted (a cell of a few KB is generous; junk fails here rather than filling memory).
_FIELD_LIMIT = 64 * 1024


@dataclass
class TableRow:
    """One non-blank data row: its number as the steward sees it (the spreadsheet's own row, the CSV line a
    record starts on; the header is counted, blank rows too) and its non-empty cells by column name."""

    number: int
    cells: dict[str, Any]


@dataclass
class Table:
    """A submission read from a spreadsheet or CSV file."""

    source: Path
    #: The template columns found in the header, in file order.
    columns: list[str]
    rows: list[TableRow] = field(default_factory=list)
    #: Header titles that matched no template column (kept so reports can mention them).
    unknown_titles: list[str] = field(default_factory=list)
    #: The row (line) of the header.
    header_row: int = 1
    #: Column name → its 0-based position in the row (spreadsheet column A = 0).
    positions: dict[str, int] = field(default_factory=dict)
    #: The sheet read, for a spreadsheet (its results name cells, ``F4``); ``None`` for CSV.
    sheet: str | None = None


@dataclass
class RdfDocument:
    """A submission given as RDF: its triples as N-Triples bytes."""

    source: Path
    ntriples: bytes
    triple_count: int


def read_submission(path: Path | str) -> Table | RdfDocument:
    """Read a CSV/XLSX table or an RDF document; raise :class:`InputError` if it cannot be read."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputError("berkas tidak ditemukan / file not found", source=source)
    if path.is_dir():
        raise InputError("ini folder, bukan berkas / this is a folder, not a file", source=source)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            probe = handle.read(_PROBE_BYTES)
    except OSError as error:
        raise InputError(f"tidak dapat dibaca / cannot be read ({error.strerror})", source=source) from None
    if size == 0 or not probe.strip():
        raise InputError("berkas kosong / the file is empty", source=source)
    suffix = path.suffix.lower()
    if suffix in RDF_FORMATS:
        return read_rdf(path, probe)
    if suffix == ".xls":
        raise InputError(
            "format .xls lama tidak didukung, simpan sebagai .xlsx / old .xls is not supported, save as .xlsx",
            source=source,
        )
    if probe.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, probe)
    return read_csv(path, probe)


# --- headers ----------------------------------------------------------------------------------------------


def _map_header(cells: list[Any], source: str) -> tuple[dict[int, str], list[str]]:
    """Header cells → {position: column name}; raise if a required column is missing."""
    positions: dict[int, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        if cell is None or str(cell).strip() == "":
            continue
        name = column_for_title(str(cell))
        if name is None:
            unknown.append(str(cell).strip()[:40])
        elif name not in positions.values():
            positions[position] = name
    missing = [name for name in required_columns() if name not in positions.values()]
    if missing:
        if not positions:
            found = ", ".join(unknown[:4]) or "-"
            raise InputError(
                f"baris pertama bukan judul kolom templat (ditemukan: {found}); kolom wajib: "
                f"{', '.join(required_columns())} / the first row is not the template's header",
                source=source,
            )
        raise InputError(
            f"judul kolom wajib tidak ada / required column missing from the header: {', '.join(missing)}",
            source=source,
        )
    return positions, unknown


def _is_blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and cell.strip() == "") for cell in cells)


def _table_from_rows(raw_rows: Iterator[tuple[int, list[Any]]], path: Path, sheet: str | None = None) -> Table:
    """A table from ``(row number, cells)`` pairs: the first non-blank row is the header."""
    source = str(path)
    header: list[Any] | None = None
    header_row = 0
    for number, cells in raw_rows:
        if not _is_blank(cells):
            header, header_row = cells, number
            break
    if header is None:
        raise InputError("tidak ada judul kolom maupun data / no header and no data", source=source)
    positions, unknown = _map_header(header, source)
    table = Table(
        source=path,
        columns=list(positions.values()),
        unknown_titles=unknown,
        header_row=header_row,
        positions={name: position for position, name in positions.items()},
        sheet=sheet,
    )
    for number, cells in raw_rows:
        if _is_blank(cells):
            continue
        values = {}
        for position, name in positions.items():
            if position < len(cells):
                value = cells[position]
                if isinstance(value, str):
                    value = value.strip()
                    if value == "":
                        continue
                if value is not None:
                    values[name] = value
        if values:
            table.rows.append(TableRow(number=number, cells=values))
    if not table.rows:
        raise InputError("tidak ada baris data di bawah judul kolom / no data rows below the header", source=source)
    return table


# --- CSV --------------------------------------------------------------------------------------------------


def _csv_encoding(probe: bytes, source: str) -> str:
    if b"\x00" in probe[:8192]:
        raise InputError("berkas biner, bukan CSV atau XLSX / a binary file, not a CSV or spreadsheet", source=source)
    try:
        probe.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(probe) - 4:  # not merely a character cut at the end of the probe
            # Excel's "CSV (comma delimited)" on Windows writes the ANSI code page
            try:
                probe.decode("cp1252")
            except UnicodeDecodeError:
                raise InputError(
                    "bukan teks UTF-8 atau Windows-1252, bukan CSV / not UTF-8 or Windows-1252 text: not a CSV",
                    source=source,
                ) from None
            return "cp1252"
    return "utf-8-sig"


def _sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(path: Path, probe: bytes | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, or Windows-1252; ``,``, ``;`` or tab separated)."""
    source = str(path)
    if probe is None:
        with path.open("rb") as handle:
            probe = handle.read(_PROBE_BYTES)
    encoding = _csv_encoding(probe, source)
    text = probe.decode(encoding, errors="ignore")
    first_line = text.lstrip("\ufeff\r\n ").split("\n", 1)[0]
    if "\n" not in text.lstrip("\ufeff\r\n ") and len(probe) >= _PROBE_BYTES:
        raise InputError("bukan tabel: baris pertama lebih dari 64 KB / not a table: first line over 64 KB", source=source)
    delimiter = _sniff_delimiter(first_line)
    csv.field_size_limit(_FIELD_LIMIT)
    handle = path.open(encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)

    def raw_rows() -> Iterator[tuple[int, list[Any]]]:
        line = 0  # the last line read: a record starts on the line after the previous record's last
        try:
            for cells in reader:
                yield line + 1, cells
                line = reader.line_num
        except csv.Error as error:
            raise InputError(f"CSV rusak / broken CSV ({error})", source=source, row=line + 1) from None
        except UnicodeDecodeError:
            raise InputError("karakter tidak dapat dibaca / undecodable characters", source=source, row=line + 1) from None

    try:
        table = _table_from_rows(raw_rows(), path)
    finally:
        handle.close()
    return table


# --- XLSX -------------------------------------------------------------------------------------------------


def read_xlsx(path: Path, probe: bytes | None = None) -> Table:
    """Read the first sheet of an XLSX workbook whose first non-blank row is the template's header."""
    source = str(path)
    if not zipfile.is_zipfile(path):
        raise InputError("bukan berkas spreadsheet XLSX / not an XLSX spreadsheet", source=source)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign zip
        raise InputError(
            f"bukan berkas spreadsheet XLSX yang sah / not a valid XLSX spreadsheet ({type(error).__name__})",
            source=source,
        ) from None
    try:
        first_error: InputError | None = None
        for sheet in workbook.worksheets:
            # read-only sheets yield every row from row 1 and every cell from column A (gaps padded)
            rows = ((number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1))
            try:
                return _table_from_rows(rows, path, sheet=sheet.title)
            except InputError as error:
                first_error = first_error or error
        raise first_error or InputError("buku kerja tanpa lembar / a workbook without sheets", source=source)
    finally:
        workbook.close()


# --- RDF --------------------------------------------------------------------------------------------------


def _remote_contexts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        yield item
                    elif isinstance(item, dict):
                        yield from _remote_contexts(item)
                        if "@import" in item:
                            yield str(item["@import"])
            else:
                yield from _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)


def read_rdf(path: Path, probe: bytes | None = None) -> RdfDocument:
    """Parse an RDF submission; never fetches anything, refuses remote JSON-LD contexts and XML DTDs."""
    import pyoxigraph

    source = str(path)
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError("berkas biner, bukan RDF / a binary file, not RDF", source=source)
    format_name = RDF_FORMATS[suffix]
    if format_name == "RDF_XML" and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise InputError(
            "RDF/XML dengan deklarasi DOCTYPE/ENTITY ditolak (risiko bom entitas) / RDF/XML with a DOCTYPE or "
            "ENTITY declaration is refused (entity-expansion bomb risk)",
            source=source,
        )
    if format_name == "JSON_LD":
        try:
            document = json.loads(data)
        except (ValueError, RecursionError) as error:
            raise InputError(f"JSON rusak / broken JSON ({error})", source=source) from None
        remote = next(_remote_contexts(document), None)
        if remote is not None:
            raise InputError(
                f"@context jarak jauh tidak diambil / remote JSON-LD @context is not fetched: {remote[:80]}"
                " (sertakan konteksnya di dalam berkas / embed the context in the file)",
                source=source,
            )
    try:
        quads = pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, format_name), base_iri=path.resolve().as_uri())
        ntriples = pyoxigraph.serialize(
            (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), format=pyoxigraph.RdfFormat.N_TRIPLES
        )
    except SyntaxError as error:
        message = str(error).splitlines()[0] if str(error) else "syntax error"
        line = getattr(error, "lineno", None)
        where = f" (baris/line {line})" if line and "line" not in message else ""
        raise InputError(f"RDF rusak / broken RDF: {message[:200]}{where}", source=source) from None
    count = ntriples.count(b"\n")
    if count == 0:
        raise InputError("tidak ada tripel / no triples", source=source)
    return RdfDocument(source=path, ntriples=ntriples, triple_count=count)

