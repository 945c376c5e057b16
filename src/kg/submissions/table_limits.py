"""The bounds a submission table must stay within, checked while it is read (never after).

A submission is a few hundred programs; the national benchmark is about 40,000 rows. The bounds leave wide
room above that, and keep a hostile file (an XLSX "zip bomb", a sheet claiming cell XFD1048576, fifty million
shared strings) to a refusal within seconds and a few hundred MB: every one of them ends in a
:class:`TableLimitError`, one line naming the file and the bound.
"""

from __future__ import annotations

from kg.core.errors import InputError

#: Rows of a table: the spreadsheet's own row number (a CSV's record number), header and blank rows included (a
#: spreadsheet's trailing blank rows are never read; a CSV's blank lines count as they are read).
MAX_TABLE_ROWS = 100_000
#: Columns of a table: no cell with a value beyond this column (``IV``, the old Excel's last one).
MAX_TABLE_COLUMNS = 256
#: Cells a workbook's reader hands on, all its sheets together (XLSX and ODS): each row up to its last value
#: (the empty cells before that value included), a blank row before a value row as one, and a repeated row
#: (ODS ``number-rows-repeated``) once per repetition. A submission of 40,000 rows of 30 columns is 1.2 million;
#: a 1 KB ODS repeating one row 99,990 times across 256 columns asks for 25.6 million. Trailing empty rows and
#: columns (LibreOffice writes a million of them) are never read and cost nothing.
MAX_TABLE_CELLS = 2_000_000
#: Characters of one cell (Excel's own limit for a cell's text).
MAX_CELL_CHARS = 32_767
#: Bytes of a CSV or other text table (a 40,000-row submission is about 8 MB; 100,000 rows of 30 columns about 60 MB):
#: checked on the file's size before a byte is decoded.
MAX_TEXT_TABLE_BYTES = 256 * 2**20
#: Bytes of XML that the parts of one XLSX read may expand to, together (workbook, styles, strings, sheets).
MAX_XLSX_EXPANDED_BYTES = 256 * 2**20
#: XML elements of one XLSX read, together: the bound on the time spent parsing (a second or so per million;
#: the national benchmark's 40,000 rows of 15 columns with their shared strings are about 2 million).
MAX_XLSX_XML_ELEMENTS = 4_000_000
#: Elements open at once in an XML part (a worksheet nests about six deep; the parser keeps every open one).
MAX_XLSX_XML_DEPTH = 100
#: Distinct element names in an XML part (a worksheet uses a few dozen; each is kept by the parser).
MAX_XLSX_ELEMENT_NAMES = 1024
#: Bytes of one XML tag (a hostile attribute value would otherwise be held whole by the parser).
MAX_XLSX_TAG_BYTES = 2**20
#: Expanded bytes per compressed byte of one part of an XLSX, declared or actual (past the first MiB).
MAX_XLSX_COMPRESSION_RATIO = 100
#: The expansion allowed before the ratio is checked (small parts of blank rows compress very well).
XLSX_RATIO_GRACE_BYTES = 2**20
#: Parts (files) in an XLSX's zip (a workbook has a few dozen).
MAX_XLSX_PARTS = 10_000
#: Entries of the shared-strings table, and their characters together.
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_STRING_CHARS = 16 * 2**20
#: Cell formats (Excel allows about 64,000).
MAX_CELL_FORMATS = 65_536


class TableLimitError(InputError):
    """A table beyond one of the bounds above: refused at once (no other sheet is tried)."""


def over_limit(
    source: str, what_id: str, what_en: str, limit: int, *, unit: str = "", row: int | None = None
) -> TableLimitError:
    """The one-line refusal naming the bound: ``melebihi batas 100,000 baris / over the limit of 100,000 rows``.

    ``unit`` ``"MiB"`` shows a byte count in MiB, ``":1"`` a ratio.
    """
    amount = f"{limit / 2**20:g} MiB" if unit == "MiB" else f"{limit:,}{unit}"
    return TableLimitError(
        f"melebihi batas {amount} {what_id} / over the limit of {amount} {what_en}", source=source, row=row
    )


class CellBudget:
    """The cells a workbook's reader may still hand on (:data:`MAX_TABLE_CELLS`), shared by all its sheets and
    spent before a row is built."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.remaining = MAX_TABLE_CELLS

    def spend(self, cells: int, sheet: str, row: int) -> None:
        """Count ``cells`` for the row ``row`` of ``sheet``; :class:`TableLimitError` past the bound."""
        self.remaining -= cells
        if self.remaining < 0:
            raise over_limit(
                self.source,
                f"sel dari semua lembar bersama (lembar {sheet!r})",
                f"cells of all sheets together (sheet {sheet!r})",
                MAX_TABLE_CELLS,
                row=row,
            )
