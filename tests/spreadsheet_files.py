"""Spreadsheets built at test time from the CSV test files: an XLSX with a Program and an Indikator sheet, and an
OpenDocument spreadsheet (``.ods``, LibreOffice's own format) written the way LibreOffice writes one (a stored
``mimetype`` first, ``content.xml`` with repeated empty rows and columns)."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
_CONTENT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3"><office:body><office:spreadsheet>"""
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"


@dataclass(frozen=True)
class Shown:
    """A date cell as a spreadsheet shows it: the stored date, the text an ODS cell shows and the number format of
    an XLSX cell (``Juni 2019`` typed: 2019-06-01 shown as ``mmmm yyyy``)."""

    value: dt.date
    text: str
    number_format: str


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.reader(handle)]


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>'
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, Shown):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.value.isoformat()}">'
            f"<text:p>{escape(value.text)}</text:p></table:table-cell>"
        )
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list[object]]], *, trailing_rows: int = 1048000) -> Path:
    """An ODS with one table per sheet; each row ends with a run of empty cells and each sheet with a run of
    ``trailing_rows`` empty rows, as LibreOffice writes them."""
    parts = [_CONTENT_HEAD]
    for name, rows in sheets.items():
        parts.append(
            f'<table:table table:name="{escape(name)}"><table:table-column table:number-columns-repeated="30"/>'
        )
        for row in rows:
            cells = "".join(_ods_cell(value) for value in row)
            parts.append(
                f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
            )
        parts.append(
            f'<table:table-row table:number-rows-repeated="{trailing_rows}"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row></table:table>'
        )
    parts.append(_CONTENT_TAIL)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", "".join(parts))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An XLSX with one sheet per entry, text cells kept as text (as a steward types them)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            for position, value in enumerate(row, start=1):
                if isinstance(value, Shown):
                    sheet.cell(number, position, value=value.value).number_format = value.number_format
                elif value not in (None, ""):
                    cell = sheet.cell(number, position, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"
    workbook.save(path)
    return path
