"""A bounded, streaming reader of XLSX workbooks (Office Open XML spreadsheets).

openpyxl reads a whole shared-strings table into memory before the first row, and in read-only mode fills
every empty row and column up to the last cell it is told about: a 1 MB file can ask for gigabytes. This
reader checks, before and while it decompresses, every bound of :mod:`kg.submissions.table_limits`:

- the zip: number of parts, each part's declared size and compression ratio (from the central directory,
  before anything is inflated), then the bytes actually inflated and their ratio, chunk by chunk;
- the XML (parsed with expat as it streams, document type declarations refused): elements (their number,
  nesting depth and distinct names), the bytes of one tag, shared strings (count, characters), cell formats,
  each cell's length, the row and column of every cell holding a value, and the cells handed on (all sheets
  together).

It yields each sheet's rows as lists of cell values, as openpyxl's ``iter_rows(values_only=True)`` does:
text, ``int``/``float``, ``bool``, and ``datetime``/``date``/``time``/``timedelta`` for cells formatted as
dates or durations (openpyxl's own rules for date formats and the 1900/1904 calendars are reused).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.parsers import expat

from kg.core.errors import InputError
from kg.submissions.table_limits import (
    MAX_CELL_CHARS,
    MAX_CELL_FORMATS,
    MAX_SHARED_STRING_CHARS,
    MAX_SHARED_STRINGS,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_XLSX_COMPRESSION_RATIO,
    MAX_XLSX_ELEMENT_NAMES,
    MAX_XLSX_EXPANDED_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_TAG_BYTES,
    MAX_XLSX_XML_DEPTH,
    MAX_XLSX_XML_ELEMENTS,
    XLSX_RATIO_GRACE_BYTES,
    CellBudget,
    TableLimitError,
    over_limit,
)

_CHUNK = 64 * 1024
_RELATIONSHIP_TYPES = "/relationships/"
_DIGITS = "0123456789"
_ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")


class _Broken(Exception):
    """The part is not the XML a workbook holds (turned into an InputError naming the part)."""


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes (``_x000D_`` a carriage return, ``_x005F_`` an underscore)."""
    if "_x" not in text:
        return text
    return _ESCAPED_CHARACTER.sub(lambda match: chr(int(match.group(1), 16)), text)


#: Excel's last column, XFD.
_LAST_COLUMN = 16_384


@cache
def _column_indexes() -> dict[str, int]:
    """ "A" → 1 … "XFD" → 16384: every column name a sheet may use."""
    return {_column_letters(index): index for index in range(1, _LAST_COLUMN + 1)}


def _column_letters(index: int) -> str:
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class _Budget:
    """What the workbook may still use (all parts read together): expanded bytes and XML elements."""

    source: str
    remaining: int
    elements: int

    def spend(self, count: int) -> None:
        self.remaining -= count
        if self.remaining < 0:
            raise over_limit(
                self.source, "XML setelah dekompresi", "of expanded XML", MAX_XLSX_EXPANDED_BYTES, unit="MiB"
            )

    def too_many_elements(self) -> TableLimitError:
        return over_limit(self.source, "elemen XML", "XML elements", MAX_XLSX_XML_ELEMENTS)


class BoundedWorkbook:
    """An XLSX read within the bounds: ``with BoundedWorkbook(path) as book: for rows in book.worksheets(): …``.

    Opening reads the zip's directory (the number of parts checked); every part is then parsed as it
    inflates, its declared and actual sizes checked. Raises :class:`InputError` for a file that is not a
    readable XLSX, and :class:`~kg.submissions.table_limits.TableLimitError` as soon as a bound is passed.
    """

    def __init__(self, path: Path, kind: str = "XLSX") -> None:
        self.source = str(path)
        #: What the zip holds, as messages name it: ``XLSX``, or ``ODS`` (:mod:`kg.submissions.ods_reader`).
        self.kind = kind
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise InputError(
                f"bukan berkas spreadsheet {kind} yang sah / not a valid {kind} spreadsheet ({type(error).__name__})",
                source=self.source,
            ) from None
        self.budget = _Budget(self.source, MAX_XLSX_EXPANDED_BYTES, MAX_XLSX_XML_ELEMENTS)
        infos = self.archive.infolist()
        if len(infos) > MAX_XLSX_PARTS:
            self.archive.close()
            raise over_limit(self.source, "bagian dalam zip", "parts in the zip", MAX_XLSX_PARTS)
        self.parts = {info.filename.lstrip("/"): info for info in infos}
        self.parts_by_lowercase = {name.lower(): info for name, info in self.parts.items()}

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> BoundedWorkbook:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()

    def worksheets(self) -> Iterator[Iterator[list[Any]]]:
        """Each worksheet, in the workbook's order, as an iterator of its rows (lists of cell values; a
        blank row for each row without values before the last one)."""
        return (rows for _name, rows in _worksheets(self))

    def named_worksheets(self) -> Iterator[tuple[str, Iterator[list[Any]]]]:
        """The same, each with the sheet's name as the workbook gives it."""
        return _worksheets(self)

    def part(self, name: str) -> zipfile.ZipInfo | None:
        return self.parts.get(name) or self.parts_by_lowercase.get(name.lower())

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > self.budget.remaining:
            raise over_limit(
                self.source,
                f"XML setelah dekompresi ({info.filename})",
                f"of expanded XML ({info.filename})",
                MAX_XLSX_EXPANDED_BYTES,
                unit="MiB",
            )
        if info.file_size > XLSX_RATIO_GRACE_BYTES and info.file_size > MAX_XLSX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise self._too_compressed(info)

    def _too_compressed(self, info: zipfile.ZipInfo) -> TableLimitError:
        return over_limit(
            self.source,
            f"rasio kompresi ({info.filename})",
            f"compression ratio ({info.filename})",
            MAX_XLSX_COMPRESSION_RATIO,
            unit=":1",
        )

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes as they inflate, every chunk counted against the bounds."""
        self._check_declared(info)
        inflated = 0
        ratio_bound = MAX_XLSX_COMPRESSION_RATIO * max(info.compress_size, 1)
        open_tag = 0  # bytes since the last ">": a tag (or text) the parser would have to hold whole
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    self.budget.spend(len(chunk))
                    if inflated > XLSX_RATIO_GRACE_BYTES and inflated > ratio_bound:
                        raise self._too_compressed(info)
                    last = chunk.rfind(b">")
                    if last < 0:
                        open_tag += len(chunk)
                    else:
                        open_tag += chunk.find(b">")
                        if open_tag > MAX_XLSX_TAG_BYTES:
                            break
                        open_tag = len(chunk) - last - 1
                    if open_tag > MAX_XLSX_TAG_BYTES:
                        break
                    yield chunk
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ) as error:
            raise InputError(
                f"{self.kind} rusak / damaged {self.kind}: {info.filename} ({type(error).__name__})", source=self.source
            ) from None
        if open_tag > MAX_XLSX_TAG_BYTES:
            raise over_limit(
                self.source,
                f"dalam satu tag XML ({info.filename})",
                f"in one XML tag ({info.filename})",
                MAX_XLSX_TAG_BYTES,
                unit="MiB",
            )

    def parse(self, name: str, handler: _Handler, *, required: bool = True) -> bool:
        """Stream the part ``name`` through ``handler``; False when an optional part is missing."""
        info = self.part(name)
        if info is None:
            if required:
                raise InputError(f"{self.kind} tanpa bagian / {self.kind} without its part {name}", source=self.source)
            return False
        for _ in self.stream(info, handler):
            pass
        return True

    def stream(self, info: zipfile.ZipInfo, handler: _Handler) -> Iterator[list[Any]]:
        """Feed the part to ``handler`` chunk by chunk, yielding what it produced after each chunk."""
        budget, handler_start, handler_end = self.budget, handler.start, handler.end
        elements, depth = budget.elements, 0
        local_names: dict[str, str] = {}  # "namespace}c" → "c", for the few names a part uses

        def local(name: str) -> str:
            found = local_names.get(name)
            if found is None:
                if len(local_names) >= MAX_XLSX_ELEMENT_NAMES:
                    raise over_limit(
                        self.source,
                        f"nama elemen berbeda ({info.filename})",
                        f"distinct element names ({info.filename})",
                        MAX_XLSX_ELEMENT_NAMES,
                    )
                found = local_names[name] = name.rpartition("}")[2]
            return found

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal elements, depth
            elements -= 1
            depth += 1
            if elements < 0:
                raise budget.too_many_elements()
            if depth > MAX_XLSX_XML_DEPTH:
                raise over_limit(
                    self.source,
                    f"elemen bersarang ({info.filename})",
                    f"nested elements ({info.filename})",
                    MAX_XLSX_XML_DEPTH,
                )
            handler_start(local_names.get(name) or local(name), attributes)

        def end(name: str) -> None:
            nonlocal depth
            depth -= 1
            handler_end(local_names.get(name) or local(name))

        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.buffer_size = _CHUNK
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = handler.text
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        try:
            for chunk in self.chunks(info):
                parser.Parse(chunk, False)
                yield from handler.take()
            parser.Parse(b"", True)
            yield from handler.take()
        except expat.ExpatError as error:
            raise InputError(
                f"{self.kind} rusak / damaged {self.kind}: {info.filename} ({expat.ErrorString(error.code)}, "
                f"baris/line {error.lineno})",
                source=self.source,
            ) from None
        except _Broken as error:
            raise InputError(
                f"{self.kind} rusak / damaged {self.kind}: {info.filename} ({error})", source=self.source
            ) from None
        finally:
            budget.elements = elements


def _refuse_doctype(*_args: object) -> None:
    raise _Broken("deklarasi DOCTYPE/ENTITY ditolak / DOCTYPE or ENTITY declaration refused")


class _Handler:
    """Receives a part's XML events (elements by their local names); :meth:`take` hands over what it built
    since the last call."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass

    def take(self) -> list[Any]:
        return []


class _Collector(_Handler):
    """Keeps (element local name, attributes) of the elements it is asked for."""

    def __init__(self, *wanted: str) -> None:
        self.wanted = set(wanted)
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name in self.wanted:
            self.found.append((name, {_local(key): value for key, value in attributes.items()}))
            if len(self.found) > MAX_XLSX_PARTS:
                raise _Broken("terlalu banyak lembar atau relasi / too many sheets or relationships")


def cell_too_long(source: str, where: str) -> TableLimitError:
    """The error for a cell whose text passes :data:`MAX_CELL_CHARS` (``where``: the cell), for every reader; the
    readers check the length inline, on their hot path, and build only the error here."""
    return over_limit(source, f"karakter dalam satu sel ({where})", f"characters in one cell ({where})", MAX_CELL_CHARS)


class _TextLimit:
    """Collects the text of one cell or shared string, refusing it past :data:`MAX_CELL_CHARS`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.length = 0

    def add(self, data: str, where: Callable[[], str]) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            raise cell_too_long(self.source, where())
        self.parts.append(data)

    def value(self) -> str:
        text = "".join(self.parts)
        self.parts, self.length = [], 0
        return _unescape(text)


class _SharedStrings(_Handler):
    """``xl/sharedStrings.xml``: the text of each ``si`` (its runs joined, phonetic runs left out)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.strings: list[str] = []
        self.characters = 0
        self.buffer = _TextLimit(source)
        self.in_text = False
        self.phonetic = 0

    def start(self, local: str, attributes: dict[str, str]) -> None:
        if local == "t":
            self.in_text = not self.phonetic
        elif local == "rPh":
            self.phonetic += 1

    def end(self, local: str) -> None:
        if local == "t":
            self.in_text = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "si":
            text = self.buffer.value()
            self.characters += len(text)
            if self.characters > MAX_SHARED_STRING_CHARS:
                raise over_limit(
                    self.source, "karakter teks bersama", "characters of shared strings", MAX_SHARED_STRING_CHARS
                )
            self.strings.append(text)
            if len(self.strings) > MAX_SHARED_STRINGS:
                raise over_limit(self.source, "teks bersama (sharedStrings)", "shared strings", MAX_SHARED_STRINGS)

    def text(self, data: str) -> None:
        if self.in_text:
            self.buffer.add(data, lambda: f"sharedStrings #{len(self.strings) + 1}")


class _Styles(_Handler):
    """``xl/styles.xml``: which cell formats (``cellXfs``) show dates and which durations."""

    def __init__(self) -> None:
        self.custom: dict[int, str] = {}
        self.format_ids: list[int] = []
        self.in_cell_formats = False

    def start(self, local: str, attributes: dict[str, str]) -> None:
        if local == "numFmt":
            try:
                self.custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")
            except ValueError:
                raise _Broken("numFmtId bukan angka / numFmtId is not a number") from None
            if len(self.custom) > MAX_CELL_FORMATS:
                raise _Broken(f"lebih dari / more than {MAX_CELL_FORMATS:,} number formats")
        elif local == "cellXfs":
            self.in_cell_formats = True
        elif local == "xf" and self.in_cell_formats:
            try:
                self.format_ids.append(int(attributes.get("numFmtId", "0")))
            except ValueError:
                raise _Broken("numFmtId bukan angka / numFmtId is not a number") from None
            if len(self.format_ids) > MAX_CELL_FORMATS:
                raise _Broken(f"lebih dari / more than {MAX_CELL_FORMATS:,} cell formats")

    def end(self, name: str) -> None:
        if name == "cellXfs":
            self.in_cell_formats = False

    def kinds(self) -> tuple[set[int], set[int]]:
        """The indexes of the cell formats showing dates, and of those showing durations."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        dates, durations = set(), set()
        for index, format_id in enumerate(self.format_ids):
            code = self.custom.get(format_id, BUILTIN_FORMATS.get(format_id))
            if code and is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return dates, durations


@dataclass
class _CellFormats:
    dates: set[int] = field(default_factory=set)
    durations: set[int] = field(default_factory=set)
    mac_1904: bool = False


class _Sheet(_Handler):
    """A worksheet's ``sheetData``: rows of cell values, blank rows for the gaps, every cell bounded.

    The hot path of the reader (a call per element and per text run): written for speed, the cell's style
    kept as the attribute's text, the row compared as text before it is turned into a number.
    """

    def __init__(self, source: str, strings: list[str], formats: _CellFormats, name: str, cells: CellBudget) -> None:
        self.source = source
        self.name = name
        self.budget = cells
        self.strings = strings
        self.formats = formats
        self.date_styles = {str(index) for index in formats.dates}
        self.rows: list[list[Any]] = []
        self.row_number = 0  # the current row (1-based)
        self.row_text = "0"  # the same, as the cell references write it
        self.emitted = 0  # rows handed over so far
        self.cells: dict[int, Any] = {}
        self.column = 0
        self.cell_type = "n"
        self.cell_style: str | None = None
        self.parts: list[str] = []  # the text of the current cell
        self.length = 0
        self.columns = _column_indexes()
        self.collect = False
        self.in_cell = False
        self.in_inline = False
        self.phonetic = 0
        self.has_value = False

    def _where(self) -> str:
        return f"{_column_letters(self.column)}{self.row_number}"

    def start(self, local: str, attributes: dict[str, str]) -> None:
        if local == "c":
            self.in_cell = True
            reference = attributes.get("r")
            if reference:
                letters = reference.rstrip(_DIGITS)
                column = self.columns.get(letters)
                digits = reference[len(letters) :]
                if column is None:
                    column = self.columns.get(letters.upper())
                    if column is None:
                        raise _Broken(f"rujukan sel tidak sah / bad cell reference {reference[:20]!r}")
                self.column = column
                if digits != self.row_text:
                    if not digits.isdigit() or len(digits) > 7:
                        raise _Broken(f"rujukan sel tidak sah / bad cell reference {reference[:20]!r}")
                    self._row_start(int(digits))
            else:
                self.column += 1
            self.cell_type = attributes.get("t", "n")
            self.cell_style = attributes.get("s")
            self.has_value = False
        elif local == "v":
            if self.in_cell:
                self.collect = self.has_value = True
        elif local == "row":
            reference = attributes.get("r")
            if reference:
                if not reference.isdigit() or len(reference) > 7:
                    raise _Broken(f"nomor baris tidak sah / bad row number {reference[:20]!r}")
                self._row_start(int(reference))
            else:
                self._row_start(self.row_number + 1)
        elif not self.in_cell:
            return
        elif local == "is":
            self.in_inline = self.has_value = True
        elif local == "t":
            if self.in_inline:
                self.collect = not self.phonetic
        elif local == "rPh":
            self.phonetic += 1

    def _row_start(self, row: int) -> None:
        if row < self.row_number:
            raise _Broken(f"baris tidak berurutan / rows out of order at row {row}")
        if row != self.row_number:
            self._flush()
            self.row_number = row
            self.row_text = str(row)
            self.column = 0

    def _flush(self) -> None:
        """Hand over the current row (if it holds values) and the blank rows before it."""
        if not self.cells:
            return
        width = max(self.cells)
        self.budget.spend(self.row_number - 1 - self.emitted + width, self.name, self.row_number)
        while self.emitted < self.row_number - 1:
            self.rows.append([])
            self.emitted += 1
        row = [None] * width
        for column, value in self.cells.items():
            row[column - 1] = value
        self.rows.append(row)
        self.emitted = self.row_number
        self.cells = {}

    def end(self, local: str) -> None:
        if local == "c":
            self.in_cell = False
            parts = self.parts
            if parts:
                text = _unescape(parts[0] if len(parts) == 1 else "".join(parts))
                self.parts, self.length = [], 0
            else:
                text = ""
            if not self.has_value or (text == "" and self.cell_type not in ("inlineStr", "str")):
                return
            value = self._value(text)
            if value is None or value == "":
                return
            if self.column > MAX_TABLE_COLUMNS:
                raise over_limit(
                    self.source, f"kolom (sel {self._where()})", f"columns (cell {self._where()})", MAX_TABLE_COLUMNS
                )
            if self.row_number > MAX_TABLE_ROWS:
                raise over_limit(
                    self.source, f"baris (sel {self._where()})", f"rows (cell {self._where()})", MAX_TABLE_ROWS
                )
            self.cells[self.column] = value
        elif local == "v" or local == "t":
            self.collect = False
        elif local == "is":
            self.in_inline = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "sheetData":
            self._flush()

    def text(self, data: str) -> None:
        if self.collect:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise cell_too_long(self.source, self._where())
            self.parts.append(data)

    def _value(self, text: str) -> Any:
        kind = self.cell_type
        if kind in ("inlineStr", "str"):
            return text
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                raise _Broken(
                    f"teks bersama tidak ada / missing shared string {text[:20]!r} at {self._where()}"
                ) from None
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return text
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return from_ISO8601(text.strip())
            except ValueError:
                raise _Broken(f"tanggal tidak sah / bad date {text[:30]!r} at {self._where()}") from None
        try:
            number: int | float = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise _Broken(f"angka tidak sah / bad number {text[:30]!r} at {self._where()}") from None
        if self.cell_style in self.date_styles:
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

            try:
                return from_excel(
                    number,
                    MAC_EPOCH if self.formats.mac_1904 else WINDOWS_EPOCH,
                    timedelta=int(self.cell_style) in self.formats.durations,
                )
            except (OverflowError, ValueError):
                return "#VALUE!"  # a serial number outside the dates (openpyxl's reading too)
        return number

    def take(self) -> list[Any]:
        rows, self.rows = self.rows, []
        return rows


def _relationships(workbook: BoundedWorkbook, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of ``part``: id → (type's last word, target part name)."""
    folder, name = posixpath.split(part)
    collector = _Collector("Relationship")
    workbook.parse(posixpath.join(folder, "_rels", f"{name}.rels"), collector, required=False)
    found = {}
    for _, attributes in collector.found:
        target = attributes.get("Target", "")
        if attributes.get("TargetMode") == "External":
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        kind = attributes.get("Type", "").rpartition(_RELATIONSHIP_TYPES)[2]
        found[attributes.get("Id", "")] = (kind, resolved)
    return found


def _worksheets(workbook: BoundedWorkbook) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    office = [target for kind, target in _relationships(workbook, "").values() if kind == "officeDocument"]
    book_part = office[0] if office else "xl/workbook.xml"
    book = _Collector("sheet", "workbookPr")
    workbook.parse(book_part, book)
    relations = _relationships(workbook, book_part)
    formats = _CellFormats()
    formats.mac_1904 = any(
        kind == "workbookPr" and attributes.get("date1904", "").lower() in ("1", "true")
        for kind, attributes in book.found
    )
    styles_part = next((target for kind, target in relations.values() if kind == "styles"), None)
    if styles_part is not None:
        styles = _Styles()
        if workbook.parse(styles_part, styles, required=False):
            formats.dates, formats.durations = styles.kinds()
    strings = _SharedStrings(workbook.source)
    strings_part = next((target for kind, target in relations.values() if kind == "sharedStrings"), None)
    if strings_part is not None:
        workbook.parse(strings_part, strings, required=False)
    cells = CellBudget(workbook.source)  # all sheets together
    for kind, attributes in book.found:
        if kind != "sheet":
            continue
        kind_and_target = relations.get(attributes.get("id", ""))
        if kind_and_target is None or kind_and_target[0] != "worksheet":
            continue  # chart sheets, dialog sheets
        info = workbook.part(kind_and_target[1])
        if info is None:
            raise InputError(f"XLSX tanpa lembar / XLSX without its sheet {kind_and_target[1]}", source=workbook.source)
        name = attributes.get("name", "")
        yield name, workbook.stream(info, _Sheet(workbook.source, strings.strings, formats, name, cells))
