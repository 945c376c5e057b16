"""A bounded, streaming reader of OpenDocument spreadsheets (``.ods``, LibreOffice Calc's own format).

An ODS is a zip holding ``content.xml``; its rows and cells may say ``number-rows-repeated="1048000"`` or
``number-columns-repeated="16384"`` (LibreOffice writes such runs for the empty rest of a sheet, and a hostile
file can write them anywhere). The libraries that read ODS (odfpy, pyexcel-ods3, pandas' odf engine) build the
whole document tree in memory first; this reader streams ``content.xml`` through
:class:`kg.submissions.xlsx_reader.BoundedWorkbook` instead, so every bound of
:mod:`kg.submissions.table_limits` holds as for XLSX (zip parts, declared and actual sizes and ratios, XML
elements, depth, names, tag bytes, cell length), and a repeated run counts against the row, column and cell
bounds only when it holds a value: empty runs cost nothing. The cells a run adds up to (rows × columns, all sheets
together) are counted before its rows are built, so a kilobyte asking for millions of cells is refused at once.

Cell values as the XLSX reader gives them: text (``text:p`` paragraphs joined by a newline, ``text:s`` spaces,
``text:tab``, ``text:line-break``; a comment or a shape on the cell is no part of its text), ``int``/``float``
for ``float``, ``percentage`` and ``currency`` cells, ``date``/``datetime`` for ``date`` cells (a date shown as a
month and year only, as its text says: a ``MonthDate``), ``bool`` for ``boolean`` cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.core.errors import InputError
from kg.submissions.table_limits import (
    MAX_CELL_CHARS,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    CellBudget,
    over_limit,
)
from kg.submissions.xlsx_reader import BoundedWorkbook
from kg.submissions.xlsx_xml import Broken, Handler, cell_too_long, local_name

_CONTENT = "content.xml"
#: What a cell holds beside its value, whose paragraphs are not the cell's text: a comment (``office:annotation``,
#: as LibreOffice writes a note on a cell) and a shape or image anchored to the cell (``draw:frame``,
#: ``draw:custom-shape``).
_BESIDE_THE_VALUE = frozenset({"annotation", "frame", "custom-shape"})


class _Content(Handler):
    """``content.xml``: each ``table:table`` as (name, rows), repeated runs expanded only where they hold values."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.budget = CellBudget(source)
        self.tables: list[tuple[str, list[list[Any]]]] = []
        self.rows: list[list[Any]] | None = None
        self.row_number = 0
        self.row_repeat = 1
        self.cells: dict[int, Any] = {}
        self.column = 0
        self.cell_repeat = 1
        self.cell_value: Any = None
        self.cell_type = ""
        self.in_cell = False
        self.paragraphs: list[str] = []
        self.parts: list[str] = []
        self.length = 0
        self.in_paragraph = 0
        self.beside = 0  # depth inside a comment or shape of the cell (its text is not the cell's)

    def _where(self) -> str:
        return f"{self.tables[-1][0] if self.tables else ''} R{self.row_number}C{self.column + 1}"

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "table":
            self.rows = []
            self.tables.append((_attribute(attributes, "name") or f"Sheet{len(self.tables) + 1}", self.rows))
            self.row_number = 0
        elif self.rows is None:
            return
        elif name == "table-row":
            self.row_repeat = _count(attributes, "number-rows-repeated")
            self.cells = {}
            self.column = 0
        elif name in ("table-cell", "covered-table-cell"):
            self.in_cell = True
            self.beside = 0
            self.cell_repeat = _count(attributes, "number-columns-repeated")
            self.cell_type = _attribute(attributes, "value-type") if name == "table-cell" else ""
            self.cell_value = _typed_value(self.cell_type, attributes, self._where)
            self.paragraphs, self.parts, self.length = [], [], 0
        elif not self.in_cell:
            return
        elif name in _BESIDE_THE_VALUE:
            self.beside += 1
        elif self.beside:
            return
        elif name == "p" or name == "h":
            self.in_paragraph += 1
            self.parts = []
        elif name == "s" and self.in_paragraph:
            self._add(" " * min(_count(attributes, "c"), MAX_CELL_CHARS + 1))
        elif name == "tab" and self.in_paragraph:
            self._add("\t")
        elif name == "line-break" and self.in_paragraph:
            self._add("\n")

    def _add(self, text: str) -> None:
        self.length += len(text)
        if self.length > MAX_CELL_CHARS:
            raise cell_too_long(self.source, self._where())
        self.parts.append(text)

    def text(self, data: str) -> None:
        if self.in_paragraph and not self.beside:
            self._add(data)

    def end(self, name: str) -> None:
        if self.rows is None:
            return
        if self.beside:
            if name in _BESIDE_THE_VALUE:
                self.beside -= 1
            return
        if name in ("p", "h") and self.in_paragraph:
            self.in_paragraph -= 1
            self.paragraphs.append("".join(self.parts))
            self.parts = []
            if len(self.paragraphs) > 1:
                self.length += 1  # the newline between paragraphs
        elif name in ("table-cell", "covered-table-cell"):
            self.in_cell = False
            value = self.cell_value
            if value is None and self.paragraphs:
                text = "\n".join(self.paragraphs)
                value = text if text.strip() else None
            elif isinstance(value, dt.date) and self.paragraphs:
                value = _as_shown(value, "\n".join(self.paragraphs))
            if value is not None:
                if self.column + 1 > MAX_TABLE_COLUMNS:
                    raise over_limit(
                        self.source, f"kolom ({self._where()})", f"columns ({self._where()})", MAX_TABLE_COLUMNS
                    )
                last = min(self.column + self.cell_repeat, MAX_TABLE_COLUMNS + 1)
                for column in range(self.column, last):
                    if column >= MAX_TABLE_COLUMNS:
                        raise over_limit(
                            self.source, f"kolom ({self._where()})", f"columns ({self._where()})", MAX_TABLE_COLUMNS
                        )
                    self.cells[column] = value
            self.column += self.cell_repeat
        elif name == "table-row":
            first = self.row_number + 1
            self.row_number += self.row_repeat
            if self.cells:
                if self.row_number > MAX_TABLE_ROWS:
                    self.row_number = max(first, MAX_TABLE_ROWS + 1)
                    raise over_limit(self.source, f"baris ({self._where()})", f"rows ({self._where()})", MAX_TABLE_ROWS)
                width = max(self.cells) + 1
                blank = first - 1 - len(self.rows)
                self.budget.spend(blank + width * self.row_repeat, self.tables[-1][0], first)
                row = [None] * width
                for column, value in self.cells.items():
                    row[column] = value
                while len(self.rows) < first - 1:
                    self.rows.append([])
                for _ in range(self.row_repeat):
                    self.rows.append(list(row))
        elif name == "table":
            self.rows = None


def _attribute(attributes: dict[str, str], local: str) -> str:
    for key, value in attributes.items():
        if local_name(key) == local:
            return value
    return ""


def _count(attributes: dict[str, str], local: str) -> int:
    text = _attribute(attributes, local)
    if not text:
        return 1
    if not text.isdigit() or len(text) > 9:
        raise Broken(f"{local} tidak sah / bad {local} {text[:20]!r}")
    return max(int(text), 1)


def _as_shown(value: dt.date, shown: str) -> dt.date:
    """A date cell as its text shows it: a month and year only (``Juni 2019``, ``06/2019``: Juni 2019 typed,
    2019-06-01 stored) as a :class:`~kg.submissions.readings.MonthDate`, so that its month is read, not a day."""
    from kg.submissions.readings import month_date, read_date

    reading = read_date(shown.strip(), partial=True)
    if reading.datatype == "gYearMonth" and reading.lexical == f"{value.year}-{value.month:02d}":
        return month_date(value)
    return value


def _typed_value(kind: str, attributes: dict[str, str], where) -> Any:  # noqa: ANN001 - a callable for messages
    """A cell's value from its ``office:value-type`` attributes; ``None`` for text (read from its paragraphs)."""
    if kind in ("float", "percentage", "currency"):
        text = _attribute(attributes, "value")
        try:
            number = float(text)
        except ValueError:
            raise Broken(f"angka tidak sah / bad number {text[:30]!r} at {where()}") from None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "date":
        text = _attribute(attributes, "date-value")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise Broken(f"tanggal tidak sah / bad date {text[:30]!r} at {where()}") from None
        return moment.date() if moment.time() == dt.time() else moment
    if kind == "boolean":
        return _attribute(attributes, "boolean-value").strip().lower() == "true"
    return None


def ods_worksheets(path: Path) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    """Each sheet of the ODS at ``path`` as (name, its rows from row 1: lists of cell values, ``[]`` for a blank
    row), read within the bounds; :class:`InputError` for a file that is not a readable ODS."""
    with BoundedWorkbook(path, kind="ODS") as workbook:
        mimetype = workbook.part("mimetype")
        if mimetype is not None and mimetype.file_size < 200:
            kind = b"".join(workbook.chunks(mimetype)).strip()
            if kind and kind != b"application/vnd.oasis.opendocument.spreadsheet":
                raise InputError(
                    f"bukan spreadsheet ODS / not an ODS spreadsheet ({kind.decode('ascii', 'replace')[:60]})",
                    source=str(path),
                )
        content = _Content(str(path))
        if not workbook.parse(_CONTENT, content, required=False):
            raise InputError("ODS tanpa content.xml / an ODS without content.xml", source=str(path))
    for name, rows in content.tables:
        yield name, iter(rows)
