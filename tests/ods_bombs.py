"""Hostile OpenDocument spreadsheets built at test time: a few hundred bytes of ``content.xml`` whose
``table:number-rows-repeated`` and ``table:number-columns-repeated`` ask for millions of cells holding a value.

Every row and column stays within the row and column bounds (99,990 rows, 256 columns), so only a bound on the
cells the repetitions add up to, over all sheets together, can stop them before they are built.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlsx_bombs import HEADER

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:spreadsheet>"
)
_TAIL = "</office:spreadsheet></office:body></office:document-content>"
#: A valid program row, cell by cell, for the template's required columns.
PROGRAM = ["P-1", "32.73", "2025", "Program", "GOV-01", "1000", "rencana"]


def _text(value: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{value}</text:p></table:table-cell>'


def _row(cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def _empty_rest() -> str:
    """The empty rest of a sheet as LibreOffice writes it: 1,048,000 rows of 16,384 empty cells."""
    return _row('<table:table-cell table:number-columns-repeated="16384"/>', 1_048_000)


def write(path: Path, tables: list[str]) -> Path:
    content = (
        _HEAD
        + "".join(
            f'<table:table table:name="Lembar{number}">{rows}{_empty_rest()}</table:table>'
            for number, rows in enumerate(tables, start=1)
        )
        + _TAIL
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
    return path


def repeated_block(path: Path, *, rows: int = 99_990, columns: int = 256, sheets: int = 1) -> Path:
    """The issue's bomb: in each of ``sheets`` sheets, one row of one text cell repeated ``columns`` times,
    that row repeated ``rows`` times (1,361 bytes for one sheet: 25.6 million cells)."""
    return write(path, [_row(_text("x", columns), rows)] * sheets)


def programs_repeated(path: Path, *, rows: int = 99_990, columns: int = 256) -> Path:
    """A header, then one valid program row padded to ``columns`` cells with a value, repeated ``rows`` times:
    it reads as a table, so an unbounded reader hands it on to validation."""
    header = _row("".join(_text(title) for title in HEADER))
    program = "".join(_text(value) for value in PROGRAM) + _text("lain", columns - len(PROGRAM))
    return write(path, [header + _row(program, rows)])


def programs(path: Path, count: int, *, sheets: int = 1) -> Path:
    """``count`` distinct, valid program rows in each of ``sheets`` sheets, each followed by LibreOffice's
    empty rest (trailing repeated rows and columns, which must stay cheap)."""
    header = _row(
        "".join(_text(title) for title in HEADER) + '<table:table-cell table:number-columns-repeated="16000"/>'
    )
    body = "".join(
        _row(
            "".join(_text(value) for value in [f"P-{number}", *PROGRAM[1:]])
            + '<table:table-cell table:number-columns-repeated="16000"/>'
        )
        for number in range(1, count + 1)
    )
    return write(path, [header + body] * sheets)
