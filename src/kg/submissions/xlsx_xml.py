"""The XML parts of an XLSX workbook, read as expat streams them (:mod:`kg.submissions.xlsx_reader` opens the zip
and checks its bounds): shared strings, cell styles (which formats are dates), and a worksheet's cells, each
bounded by :mod:`kg.submissions.table_limits` (cell length, shared strings, formats, rows and columns)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kg.submissions.readings import month_date
from kg.submissions.table_limits import (
    MAX_CELL_CHARS,
    MAX_CELL_FORMATS,
    MAX_SHARED_STRING_CHARS,
    MAX_SHARED_STRINGS,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_XLSX_PARTS,
    CellBudget,
    TableLimitError,
    over_limit,
)

_DIGITS = "0123456789"
_ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")


class Broken(Exception):
    """The part is not the XML a workbook holds (turned into an InputError naming the part)."""


def local_name(name: str) -> str:
    """An XML name without its namespace (``{…}sheetData`` → ``sheetData``)."""
    return name.rpartition("}")[2]


def unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes (``_x000D_`` a carriage return, ``_x005F_`` an underscore)."""
    if "_x" not in text:
        return text
    return _ESCAPED_CHARACTER.sub(lambda match: chr(int(match.group(1), 16)), text)


#: Excel's last column, XFD.
_LAST_COLUMN = 16_384


@cache
def column_indexes() -> dict[str, int]:
    """ "A" → 1 … "XFD" → 16384: every column name a sheet may use."""
    return {column_letters(index): index for index in range(1, _LAST_COLUMN + 1)}


def column_letters(index: int) -> str:
    """1 → "A" … 16384 → "XFD"."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def refuse_doctype(*_args: object) -> None:
    """An expat handler refusing a document type or entity declaration (no entity expansion, ever)."""
    raise Broken("deklarasi DOCTYPE/ENTITY ditolak / DOCTYPE or ENTITY declaration refused")


class Handler:
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


class Collector(Handler):
    """Keeps (element local name, attributes) of the elements it is asked for."""

    def __init__(self, *wanted: str) -> None:
        self.wanted = set(wanted)
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name in self.wanted:
            self.found.append((name, {local_name(key): value for key, value in attributes.items()}))
            if len(self.found) > MAX_XLSX_PARTS:
                raise Broken("terlalu banyak lembar atau relasi / too many sheets or relationships")


def cell_too_long(source: str, where: str) -> TableLimitError:
    """The error for a cell whose text passes :data:`MAX_CELL_CHARS` (``where``: the cell), for every reader; the
    readers check the length inline, on their hot path, and build only the error here."""
    return over_limit(source, f"karakter dalam satu sel ({where})", f"characters in one cell ({where})", MAX_CELL_CHARS)


class TextLimit:
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
        return unescape(text)


class SharedStrings(Handler):
    """``xl/sharedStrings.xml``: the text of each ``si`` (its runs joined, phonetic runs left out)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.strings: list[str] = []
        self.characters = 0
        self.buffer = TextLimit(source)
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


class Styles(Handler):
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
                raise Broken("numFmtId bukan angka / numFmtId is not a number") from None
            if len(self.custom) > MAX_CELL_FORMATS:
                raise Broken(f"lebih dari / more than {MAX_CELL_FORMATS:,} number formats")
        elif local == "cellXfs":
            self.in_cell_formats = True
        elif local == "xf" and self.in_cell_formats:
            try:
                self.format_ids.append(int(attributes.get("numFmtId", "0")))
            except ValueError:
                raise Broken("numFmtId bukan angka / numFmtId is not a number") from None
            if len(self.format_ids) > MAX_CELL_FORMATS:
                raise Broken(f"lebih dari / more than {MAX_CELL_FORMATS:,} cell formats")

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

    def months(self) -> set[int]:
        """The indexes of the cell formats showing a date as its month and year only (``mmmm yyyy``,
        ``mmm-yy``, ``[$-421]MMMM YYYY``): ``Juni 2019`` typed into such a cell is stored as 2019-06-01."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS

        months = set()
        for index, format_id in enumerate(self.format_ids):
            code = self.custom.get(format_id, BUILTIN_FORMATS.get(format_id)) or ""
            shown = _FORMAT_LITERALS.sub("", code.split(";", 1)[0]).casefold()
            if "m" in shown and "y" in shown and not any(part in shown for part in "dhs"):
                months.add(index)
        return months


#: What a number format shows literally: quoted text, a backslash-escaped character, a [$-421] locale or colour.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass
class CellFormats:
    """Which cell styles of a workbook are dates and durations (and dates shown as a month), and whether it
    counts from 1904."""

    dates: set[int] = field(default_factory=set)
    durations: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    mac_1904: bool = False


class SheetCells(Handler):
    """A worksheet's ``sheetData``: rows of cell values, blank rows for the gaps, every cell bounded.

    The hot path of the reader (a call per element and per text run): written for speed, the cell's style
    kept as the attribute's text, the row compared as text before it is turned into a number.
    """

    def __init__(self, source: str, strings: list[str], formats: CellFormats, name: str, cells: CellBudget) -> None:
        self.source = source
        self.name = name
        self.budget = cells
        self.strings = strings
        self.formats = formats
        self.date_styles = {str(index) for index in formats.dates}
        self.month_styles = {str(index) for index in formats.months}
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
        self.columns = column_indexes()
        self.collect = False
        self.in_cell = False
        self.in_inline = False
        self.phonetic = 0
        self.has_value = False

    def _where(self) -> str:
        return f"{column_letters(self.column)}{self.row_number}"

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
                        raise Broken(f"rujukan sel tidak sah / bad cell reference {reference[:20]!r}")
                self.column = column
                if digits != self.row_text:
                    if not digits.isdigit() or len(digits) > 7:
                        raise Broken(f"rujukan sel tidak sah / bad cell reference {reference[:20]!r}")
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
                    raise Broken(f"nomor baris tidak sah / bad row number {reference[:20]!r}")
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
            raise Broken(f"baris tidak berurutan / rows out of order at row {row}")
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
                text = unescape(parts[0] if len(parts) == 1 else "".join(parts))
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
                raise Broken(
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
                raise Broken(f"tanggal tidak sah / bad date {text[:30]!r} at {self._where()}") from None
        try:
            number: int | float = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise Broken(f"angka tidak sah / bad number {text[:30]!r} at {self._where()}") from None
        if self.cell_style in self.date_styles:
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

            try:
                value = from_excel(
                    number,
                    MAC_EPOCH if self.formats.mac_1904 else WINDOWS_EPOCH,
                    timedelta=int(self.cell_style) in self.formats.durations,
                )
            except (OverflowError, ValueError):
                return "#VALUE!"  # a serial number outside the dates (openpyxl's reading too)
            if self.cell_style in self.month_styles and isinstance(value, dt.date):
                return month_date(value)  # shown as a month: Juni 2019 typed, 2019-06-01 stored
            return value
        return number

    def take(self) -> list[Any]:
        rows, self.rows = self.rows, []
        return rows
