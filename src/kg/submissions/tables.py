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

import codecs
import csv
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.core.errors import InputError
from kg.core.template_metadata import INDICATORS_TABLE, PROGRAMS_TABLE
from kg.submissions.cell_text import LiteralControls, named_controls, ntriples_without_controls, without_controls
from kg.submissions.table_limits import (
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_TEXT_TABLE_BYTES,
    TableLimitError,
    over_limit,
)
from kg.submissions.template import column_for_title, required_columns, table_names

#: Suffixes read as tables and as RDF.
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".ods", ".txt", ".tsv")
RDF_FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
}
#: How much of a file is looked at before deciding what it is (and failing fast on junk).
_PROBE_BYTES = 64 * 1024
#: The longest literal or IRI of an RDF submission (pyoxigraph's parsers' token buffer).
MAX_RDF_TERM_BYTES = 16 * 2**20
#: The first bytes of an OLE2 compound file: an old .xls, or an XLSX encrypted with a password.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The longest CSV field accepted (a cell of a few KB is generous; junk fails here rather than filling memory).
_FIELD_LIMIT = 64 * 1024


@dataclass
class TableRow:
    """One non-blank data row: its number as the steward sees it (the spreadsheet's own row, the CSV line a
    record starts on; the header is counted, blank rows too) and its non-empty cells by column name."""

    number: int
    cells: dict[str, Any]
    #: A CSV record with more fields than the header (its cells shifted): how many more, and the likely cause,
    #: an unquoted decimal comma (``Rp 3,5 Milyar`` written without quotes), as the two fields it split into
    #: joined again (``""`` when none is seen). ``None`` for a row as wide as the header.
    overflow: tuple[int, str] | None = None
    #: The cells whose invisible control characters were removed: column name -> which (:mod:`cell_text`).
    controls: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A table of the template read from a spreadsheet or CSV file: the programs (a submission), or the
    indicators of programs (the Indicators sheet, or a second CSV)."""

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
    #: Which table of the template: ``programs`` or ``indikator``.
    kind: str = PROGRAMS_TABLE
    #: The indicators table found beside the programs in the same workbook (its own sheet), if any.
    indicators: Table | None = None


@dataclass
class RdfDocument:
    """A submission given as RDF: its triples as N-Triples bytes."""

    source: Path
    ntriples: bytes
    triple_count: int
    #: The literals read without their invisible control characters (:mod:`cell_text`).
    controls: list[LiteralControls] = field(default_factory=list)


def read_submission(path: Path | str) -> Table | RdfDocument:
    """Read a CSV/XLSX table or an RDF document; raise :class:`InputError` if it cannot be read."""
    path = Path(path)
    source = str(path)
    size, probe = _probe(path)
    if size == 0 or not probe.strip():
        raise InputError("berkas kosong / the file is empty", source=source)
    suffix = path.suffix.lower()
    if suffix in RDF_FORMATS:
        return read_rdf(path, probe)
    if suffix == ".xls":
        raise InputError(
            "format .xls lama tidak dibaca: buka di Excel atau LibreOffice lalu simpan sebagai .xlsx (atau .ods) / "
            "the old .xls format is not read: open it in Excel or LibreOffice and save it as .xlsx (or .ods)",
            source=source,
        )
    if suffix == ".ods" or probe.startswith(b"PK\x03\x04") and b"opendocument.spreadsheet" in probe[:200]:
        return read_ods(path, probe)
    if probe.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, probe)
    return read_csv(path, probe)


def _probe(path: Path) -> tuple[int, bytes]:
    """The size and first bytes of ``path``, refusing anything but a regular file before opening it.

    A FIFO, a device or a socket would block the reader (or have side effects): they are refused on their
    ``stat``, and the file opened is checked again (``fstat``) so that a swap in between is refused too.
    """
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("berkas tidak ditemukan / file not found", source=source) from None
    except OSError as error:
        raise InputError(f"tidak dapat dibaca / cannot be read ({error.strerror})", source=source) from None
    _refuse_non_regular(info.st_mode, source)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(descriptor)
            _refuse_non_regular(info.st_mode, source)
            probe = os.read(descriptor, _PROBE_BYTES)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise InputError(f"tidak dapat dibaca / cannot be read ({error.strerror})", source=source) from None
    return info.st_size, probe


def _refuse_non_regular(mode: int, source: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError("ini folder, bukan berkas / this is a folder, not a file", source=source)
    if not stat.S_ISREG(mode):
        kind = "FIFO" if stat.S_ISFIFO(mode) else "soket/socket" if stat.S_ISSOCK(mode) else "perangkat/device"
        raise InputError(
            f"bukan berkas biasa ({kind}) / not a regular file ({kind.rpartition('/')[2]}): berikan berkas "
            "tersimpan / give a saved file",
            source=source,
        )


# --- headers ----------------------------------------------------------------------------------------------


def _header_positions(cells: list[Any], table: str) -> tuple[dict[int, str], list[str]]:
    positions: dict[int, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        if cell is None or str(cell).strip() == "":
            continue
        name = column_for_title(str(cell), table)
        if name is None:
            unknown.append(str(cell).strip()[:40])
        elif name not in positions.values():
            positions[position] = name
    return positions, unknown


def _map_header(cells: list[Any], source: str) -> tuple[dict[int, str], list[str], str]:
    """Header cells → ({position: column name}, unknown titles, the table they head: ``programs`` or
    ``indikator``); raise if the programs table's required columns are missing and the row heads no other."""
    positions, unknown = _header_positions(cells, PROGRAMS_TABLE)
    missing = [name for name in required_columns() if name not in positions.values()]
    if missing and INDICATORS_TABLE in table_names():
        other, other_unknown = _header_positions(cells, INDICATORS_TABLE)
        if other and not [name for name in required_columns(INDICATORS_TABLE) if name not in other.values()]:
            return other, other_unknown, INDICATORS_TABLE
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
    return positions, unknown, PROGRAMS_TABLE


#: Two fields of a CSV record that were one amount with an unquoted decimal comma: ``Rp 3`` and ``5 Milyar``,
#: or ``3`` and ``5 Milyar Rupiah`` (a number, then digits and a word).
_SPLIT_NUMBER = (
    re.compile(r"^(rp\.?|idr)\s*\d+$", re.IGNORECASE),
    re.compile(r"^\d+$"),
    re.compile(r"^\d{1,3}$"),
    re.compile(r"^\d{1,3}\s*[^\W\d_].*$"),
)


def _split_amount(first: str, second: str) -> bool:
    currency, digits, decimals, decimals_and_word = _SPLIT_NUMBER
    return bool(
        (currency.match(first) and (decimals.match(second) or decimals_and_word.match(second)))
        or (digits.match(first) and decimals_and_word.match(second))
    )


def _overflow(cells: list[Any], width: int) -> tuple[int, str] | None:
    """A CSV record with more fields than the header's ``width``: (how many more, the field an unquoted decimal
    comma split, joined again); ``None`` for a record as wide, or wider only by empty fields and no such split."""
    if len(cells) <= width:
        return None
    texts = [str(cell or "").strip() for cell in cells]
    split = next(
        (f"{first},{second}" for first, second in zip(texts, texts[1:], strict=False) if _split_amount(first, second)),
        "",
    )
    if not split and not any(texts[width:]):
        return None
    return len(cells) - width, split


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
    positions, unknown, kind = _map_header(header, source)
    table = Table(
        source=path,
        columns=list(positions.values()),
        unknown_titles=unknown,
        header_row=header_row,
        positions={name: position for position, name in positions.items()},
        sheet=sheet,
        kind=kind,
    )
    width = len(header)
    for number, cells in raw_rows:
        if _is_blank(cells):
            continue
        overflow = _overflow(cells, width) if sheet is None else None
        values, controls = {}, {}
        for position, name in positions.items():
            if position < len(cells):
                value = cells[position]
                if isinstance(value, str):
                    value, found = without_controls(value)
                    if found:
                        controls[name] = found
                    value = value.strip()
                    if value == "":
                        continue
                if value is not None:
                    values[name] = value
        if values:
            table.rows.append(TableRow(number=number, cells=values, overflow=overflow, controls=controls))
    if not table.rows:
        raise InputError("tidak ada baris data di bawah judul kolom / no data rows below the header", source=source)
    return table


# --- CSV --------------------------------------------------------------------------------------------------


#: Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: The five bytes that Windows-1252 leaves undefined.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_BLOCK = 1 << 20


def _utf16_without_bom(probe: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text whose every other byte is zero (BOM-less "Unicode Text"), else None."""
    sample = probe[: min(len(probe), 8192) // 2 * 2]
    if len(sample) < 4:
        return None
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros >= 0.3 * half and even_zeros <= 0.02 * half:
        return "utf-16-le"
    if even_zeros >= 0.3 * half and odd_zeros <= 0.02 * half:
        return "utf-16-be"
    return None


def _line_of(path: Path, offset: int) -> int:
    """The 1-based line holding byte ``offset`` (the header is line 1)."""
    lines = 1
    with path.open("rb") as handle:
        while offset > 0:
            block = handle.read(min(_BLOCK, offset))
            if not block:
                break
            lines += block.count(b"\n")
            offset -= len(block)
    return lines


def _is_utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8 (read in blocks, a character cut between blocks kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as handle:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _first_undefined_cp1252(path: Path) -> int | None:
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            if not _CP1252_UNDEFINED.isdisjoint(block):
                return offset + min(block.find(bytes([byte])) for byte in _CP1252_UNDEFINED if byte in block)
            offset += len(block)
    return None


def _binary(head: bytes) -> bool:
    """Zero bytes at the start of a file that is not UTF-16: a binary file, unless a few sit in what reads as
    UTF-8 otherwise (a NUL pasted into a cell, removed as the row is read and said back on its cell)."""
    zeros = head.count(b"\x00")
    if zeros == 0 or zeros > 8:
        return zeros > 8
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head.replace(b"\x00", b""), final=False)
    except UnicodeDecodeError:
        return True
    return False


def _csv_encoding(path: Path, probe: bytes, source: str) -> str:
    """The encoding of a text table, decided on the whole file.

    A byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode Text", UTF-32); so do zero bytes at every
    other position (UTF-16 without a mark). Otherwise the whole file is checked as UTF-8, and if any byte is
    not UTF-8 the file is Windows-1252 (Excel's "CSV" on Windows), wherever that byte is.
    """
    for bom, encoding in _BOMS:
        if probe.startswith(bom):
            return encoding
    utf16 = _utf16_without_bom(probe)
    if utf16 is not None:
        return utf16
    if _binary(probe[:8192]):
        raise InputError("berkas biner, bukan CSV atau XLSX / a binary file, not a CSV or spreadsheet", source=source)
    if _is_utf8(path):
        return "utf-8"
    undefined = _first_undefined_cp1252(path)
    if undefined is not None:
        raise InputError(
            "karakter tidak dapat dibaca: bukan teks UTF-8, UTF-16 atau Windows-1252 / undecodable characters: "
            "not UTF-8, UTF-16 or Windows-1252 text",
            source=source,
            row=_line_of(path, undefined),
        )
    return "cp1252"


def _sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(path: Path, probe: bytes | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, UTF-16 such as Excel's "Unicode Text", or Windows-1252, decided
    on the whole file; ``,``, ``;`` or tab separated), within the byte, row and column bounds (every record
    counts toward the rows, a blank line too)."""
    source = str(path)
    if probe is None:
        size, probe = _probe(path)
    else:
        size = path.stat().st_size
    if size > MAX_TEXT_TABLE_BYTES:
        raise over_limit(source, "untuk tabel teks (CSV)", "for a text table (CSV)", MAX_TEXT_TABLE_BYTES, unit="MiB")
    encoding = _csv_encoding(path, probe, source)
    text = codecs.decode(probe, encoding, errors="ignore")
    first_line = text.lstrip("\ufeff\r\n ").split("\n", 1)[0]
    if "\n" not in text.lstrip("\ufeff\r\n ") and len(probe) >= _PROBE_BYTES:
        raise InputError(
            "bukan tabel: baris pertama lebih dari 64 KB / not a table: first line over 64 KB", source=source
        )
    delimiter = _sniff_delimiter(first_line)
    csv.field_size_limit(_FIELD_LIMIT)
    handle = path.open(encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)

    def raw_rows() -> Iterator[tuple[int, list[Any]]]:
        line = 0  # the last line read: a record starts on the line after the previous record's last
        try:
            for records, cells in enumerate(reader, start=1):
                if len(cells) > MAX_TABLE_COLUMNS and any(cell.strip() for cell in cells[MAX_TABLE_COLUMNS:]):
                    raise over_limit(source, "kolom", "columns", MAX_TABLE_COLUMNS, row=line + 1)
                if records > MAX_TABLE_ROWS:
                    raise over_limit(source, "baris", "rows", MAX_TABLE_ROWS, row=line + 1)
                yield line + 1, cells
                line = reader.line_num
        except csv.Error as error:
            raise InputError(f"CSV rusak / broken CSV ({error})", source=source, row=line + 1) from None
        except UnicodeDecodeError:
            raise InputError(
                "karakter tidak dapat dibaca / undecodable characters", source=source, row=line + 1
            ) from None

    try:
        table = _table_from_rows(raw_rows(), path)
    finally:
        handle.close()
    return table


# --- XLSX -------------------------------------------------------------------------------------------------


def read_xlsx(path: Path, probe: bytes | None = None) -> Table:
    """Read an XLSX workbook: the first sheet whose first non-blank row is the programs table's header, and
    a sheet headed as the indicators table (the Indicators sheet), if any.

    The workbook is read by :mod:`kg.submissions.xlsx_reader`, within the bounds of
    :mod:`kg.submissions.table_limits` (a bomb is refused while it inflates, not after).
    """
    from kg.submissions.xlsx_reader import BoundedWorkbook

    source = str(path)
    if probe is None:
        with path.open("rb") as handle:
            probe = handle.read(8)
    if probe.startswith(_OLE_SIGNATURE):
        raise InputError(
            "XLSX terenkripsi (berkata sandi) atau .xls lama; simpan tanpa kata sandi sebagai .xlsx / a "
            "password-protected XLSX or an old .xls: save it as .xlsx without a password",
            source=source,
        )
    if not probe.startswith(b"PK"):
        raise InputError("bukan berkas spreadsheet XLSX / not an XLSX spreadsheet", source=source)
    with BoundedWorkbook(path) as workbook:
        return _workbook_tables(workbook.named_worksheets(), path)


def read_ods(path: Path, probe: bytes | None = None) -> Table:
    """Read an OpenDocument spreadsheet (``.ods``) as :func:`read_xlsx` reads a workbook, within the same
    bounds (:mod:`kg.submissions.ods_reader`)."""
    from kg.submissions.ods_reader import ods_worksheets

    if probe is not None and not probe.startswith(b"PK"):
        raise InputError("bukan berkas spreadsheet ODS / not an ODS spreadsheet", source=str(path))
    return _workbook_tables(ods_worksheets(path), path)


def _workbook_tables(sheets: Iterator[tuple[str, Iterator[list[Any]]]], path: Path) -> Table:
    """The programs table of a workbook's sheets, with the indicators table of another sheet attached."""
    found: dict[str, Table] = {}
    first_error: InputError | None = None
    for title, rows in sheets:
        numbered = enumerate(rows, start=1)  # one row per sheet row from row 1, gaps padded
        try:
            table = _table_from_rows(numbered, path, sheet=title)
        except TableLimitError:
            raise
        except InputError as error:
            first_error = first_error or error
            continue
        found.setdefault(table.kind, table)
    programs = found.get(PROGRAMS_TABLE)
    if programs is not None:
        programs.indicators = found.get(INDICATORS_TABLE)
        return programs
    if INDICATORS_TABLE in found:
        return found[INDICATORS_TABLE]
    raise first_error or InputError("buku kerja tanpa lembar / a workbook without sheets", source=str(path))


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

    from kg.core.oxigraph_io import rdf_bytes

    source = str(path)
    suffix = path.suffix.lower()
    if probe is None:
        _probe(path)  # refuses a FIFO or device before reading it
    data = path.read_bytes()
    if _binary(data[:8192]):  # a few NULs in what reads as UTF-8 are characters of a literal, said back
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
        quads = pyoxigraph.parse(
            data, format=getattr(pyoxigraph.RdfFormat, format_name), base_iri=path.resolve().as_uri()
        )
        ntriples = rdf_bytes(
            (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), pyoxigraph.RdfFormat.N_TRIPLES
        )
    except SyntaxError as error:
        message = named_controls(str(error).splitlines()[0]) if str(error) else "syntax error"  # an IRI's U+0007
        line = getattr(error, "lineno", None)
        where = f" (baris/line {line})" if line and "line" not in message else ""
        raise InputError(f"RDF rusak / broken RDF: {message[:200]}{where}", source=source) from None
    except MemoryError as error:
        if "buffer maximal size" not in str(error):
            raise
        # pyoxigraph's parsers hold one token (a literal, an IRI) in a buffer of at most 16 MiB
        raise InputError(
            f"satu literal atau IRI melebihi batas {MAX_RDF_TERM_BYTES // 2**20} MiB / a literal or IRI over the "
            f"limit of {MAX_RDF_TERM_BYTES // 2**20} MiB",
            source=source,
        ) from None
    count = ntriples.count(b"\n")
    if count == 0:
        raise InputError("tidak ada tripel / no triples", source=source)
    ntriples, controls = ntriples_without_controls(ntriples)
    return RdfDocument(source=path, ntriples=ntriples, triple_count=count, controls=controls)
