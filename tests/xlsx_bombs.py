"""Hostile XLSX files ("zip bombs") built at test time, in a second or two, without inflating them.

A bomb is mostly one XML unit repeated: the unit is deflated once, on its own (a full flush leaves the
stream byte-aligned with no reference outside the unit), and that compressed unit is written as many times
as wanted. A few kilobytes of compressed unit repeated make gigabytes of XML, as in a real bomb; the zip's
declared sizes are the true ones unless a test asks for a lie. The CRC is computed only for members up to
``CRC_LIMIT`` (a reader that refuses the bomb never gets to the end to check it).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CRC_LIMIT = 2 * 2**30
#: The template's required columns, as a header row (inline strings).
HEADER = ["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif", "anggaran", "status"]


@dataclass
class Member:
    """A zip member: prefix + unit × count + suffix, deflated."""

    name: str
    prefix: bytes
    unit: bytes = b""
    count: int = 0
    suffix: bytes = b""
    #: Declared uncompressed size (None: the true one).
    declared_size: int | None = None
    level: int = 9

    def compressed(self) -> tuple[list[tuple[bytes, int]], int, int]:
        """(pieces as (bytes, repeat)), true size, CRC."""
        head = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        first = head.compress(self.prefix) + head.flush(zlib.Z_FULL_FLUSH)
        pieces = [(first, 1)]
        if self.count:
            body = zlib.compressobj(self.level, zlib.DEFLATED, -15)
            pieces.append((body.compress(self.unit) + body.flush(zlib.Z_FULL_FLUSH), self.count))
        tail = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        pieces.append((tail.compress(self.suffix) + tail.flush(zlib.Z_FINISH), 1))
        size = len(self.prefix) + len(self.unit) * self.count + len(self.suffix)
        crc = 0
        if size <= CRC_LIMIT:
            crc = zlib.crc32(self.prefix)
            for _ in range(self.count):
                crc = zlib.crc32(self.unit, crc)
            crc = zlib.crc32(self.suffix, crc)
        return pieces, size, crc


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip (ZIP64 where sizes need it) of deflated members."""
    central = []
    with path.open("wb") as handle:
        for member in members:
            pieces, size, crc = member.compressed()
            compressed_size = sum(len(data) * repeat for data, repeat in pieces)
            declared = member.declared_size if member.declared_size is not None else size
            offset = handle.tell()
            name = member.name.encode()
            zip64 = declared >= 0xFFFFFFFF or compressed_size >= 0xFFFFFFFF or offset >= 0xFFFFFFFF
            extra = struct.pack("<HHQQ", 1, 16, declared, compressed_size) if zip64 else b""
            sizes = (0xFFFFFFFF, 0xFFFFFFFF) if zip64 else (compressed_size, declared)
            handle.write(
                struct.pack(
                    "<IHHHHHIIIHH", 0x04034B50, 45 if zip64 else 20, 0, 8, 0, 0x21, crc, *sizes, len(name), len(extra)
                )
                + name
                + extra
            )
            for data, repeat in pieces:
                for _ in range(repeat):
                    handle.write(data)
            central.append((name, crc, compressed_size, declared, offset, zip64))
        directory_offset = handle.tell()
        for name, crc, compressed_size, declared, offset, zip64 in central:
            extra = struct.pack("<HHQQQ", 1, 24, declared, compressed_size, offset) if zip64 else b""
            sizes = (0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) if zip64 else (compressed_size, declared, offset)
            handle.write(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    45,
                    45 if zip64 else 20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    sizes[0],
                    sizes[1],
                    len(name),
                    len(extra),
                    0,
                    0,
                    0,
                    0,
                    sizes[2],
                )
                + name
                + extra
            )
        directory_size = handle.tell() - directory_offset
        if directory_offset >= 0xFFFFFFFF or any(item[5] for item in central):
            zip64_end = handle.tell()
            handle.write(
                struct.pack(
                    "<IQHHIIQQQQ",
                    0x06064B50,
                    44,
                    45,
                    45,
                    0,
                    0,
                    len(central),
                    len(central),
                    directory_size,
                    directory_offset,
                )
            )
            handle.write(struct.pack("<IIQI", 0x07064B50, 0, zip64_end, 1))
        handle.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                len(central),
                len(central),
                directory_size,
                min(directory_offset, 0xFFFFFFFF),
                0,
            )
        )
    return path


def _inline(column: str, row: int, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> bytes:
    cells = "".join(_inline(chr(65 + index), 1, title) for index, title in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'.encode()


def workbook_parts(*, shared_strings: bool) -> list[Member]:
    """The small parts every workbook has (content types, relationships, workbook)."""
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = {"/xl/workbook.xml": "sheet.main", "/xl/worksheets/sheet1.xml": "worksheet"}
    if shared_strings:
        overrides["/xl/sharedStrings.xml"] = "sharedStrings"
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{office}.{kind}+xml"/>' for name, kind in overrides.items()
        )
        + "</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="Program" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    strings = (
        f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>' if shared_strings else ""
    )
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>{strings}</Relationships>'
    )
    return [
        Member("[Content_Types].xml", content_types.encode()),
        Member("_rels/.rels", root_rels.encode()),
        Member("xl/workbook.xml", workbook.encode()),
        Member("xl/_rels/workbook.xml.rels", book_rels.encode()),
    ]


SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_END = b"</sheetData></worksheet>"


def sheet(unit: bytes = b"", count: int = 0, *, first_rows: bytes = b"", declared_size: int | None = None) -> Member:
    return Member(
        "xl/worksheets/sheet1.xml",
        SHEET_START + header_row() + first_rows,
        unit,
        count,
        SHEET_END,
        declared_size=declared_size,
    )


def _repeat_to(unit: bytes, size: int) -> bytes:
    """``unit`` repeated to about ``size`` bytes (a unit of about a MiB compresses to about a KiB)."""
    return unit * max(1, size // len(unit))


# --- the bombs of issue 7, item 7 -------------------------------------------------------------------------


def one_gib_shared_string(path: Path) -> Path:
    """A ~1 MB file whose shared-strings table holds one string of 1 GiB."""
    unit = b"A" * 2**20
    strings = Member(
        "xl/sharedStrings.xml",
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode(),
        unit,
        1024,
        b"</t></si></sst>",
    )
    row = b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return write_zip(path, workbook_parts(shared_strings=True) + [strings, sheet(first_rows=row)])


def one_gib_of_rows(path: Path) -> Path:
    """A few-MB file whose sheet expands to 1 GiB of data rows (each a valid program, no row numbers)."""
    row = (
        b'<row><c t="inlineStr"><is><t>P-1</t></is></c><c t="inlineStr"><is><t>32.73</t></is></c><c><v>2025</v>'
        b'</c><c t="inlineStr"><is><t>Program</t></is></c><c t="inlineStr"><is><t>GOV-01</t></is></c><c><v>1000'
        b'</v></c><c t="inlineStr"><is><t>rencana</t></is></c></row>'
    )
    unit = _repeat_to(row, 2**20)
    return write_zip(path, workbook_parts(shared_strings=False) + [sheet(unit, 1024)])


def fifty_million_shared_strings(path: Path) -> Path:
    """A shared-strings table of 50,000,000 entries."""
    unit = b"<si><t>x</t></si>" * 65536
    strings = Member(
        "xl/sharedStrings.xml",
        f'<sst xmlns="{MAIN}" count="50000000" uniqueCount="50000000">'.encode(),
        unit,
        50_000_000 // 65536 + 1,
        b"</sst>",
    )
    return write_zip(path, workbook_parts(shared_strings=True) + [strings, sheet()])


def cell_at_xfd1048576(path: Path) -> Path:
    """A header and one cell at XFD1048576, the last cell of a sheet, which the sheet's dimension announces
    as Excel writes it (openpyxl's read-only mode then fills every cell of A1:XFD1048576)."""
    last = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    member = sheet(first_rows=last)
    member.prefix = member.prefix.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    return write_zip(path, workbook_parts(shared_strings=False) + [member])


def columns_16384_by_rows_200k(path: Path) -> Path:
    """16,384 columns × 200,000 rows of numbers (about 60 GB of XML, declared as such: ZIP64)."""
    row = b"<row>" + b"<c><v>1</v></c>" * 16384 + b"</row>"
    return write_zip(path, workbook_parts(shared_strings=False) + [sheet(row, 200_000)])


# --- bombs that pass the zip's declared sizes, caught while streaming ----------------------------------------


def lying_sizes(path: Path) -> Path:
    """A sheet that declares 100 KB but inflates to 1 GiB."""
    unit = _repeat_to(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>', 2**20)
    return write_zip(path, workbook_parts(shared_strings=False) + [sheet(unit, 1024, declared_size=100_000)])


def many_distinct_shared_strings(path: Path) -> Path:
    """2,000,000 distinct short shared strings (~40 MB, compresses only ~5×: no ratio alarm)."""
    body = b"".join(b"<si><t>%d</t></si>" % number for number in range(2_000_000))
    strings = Member("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'.encode() + body, suffix=b"</sst>", level=1)
    return write_zip(path, workbook_parts(shared_strings=True) + [strings, sheet()])


def rows_past_the_limit(path: Path, rows: int) -> Path:
    """``rows`` distinct, valid program rows (row numbers given), compressed as a real workbook would be."""
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>P-%d</t></is></c><c r="B%d" t="inlineStr"><is><t>32.73</t>'
        b'</is></c><c r="C%d"><v>2025</v></c><c r="D%d" t="inlineStr"><is><t>Program %d</t></is></c>'
        b'<c r="E%d" t="inlineStr"><is><t>GOV-01</t></is></c><c r="F%d"><v>%d</v></c><c r="G%d" '
        b't="inlineStr"><is><t>rencana</t></is></c></row>' % (n, n, n, n, n, n, n, n, n, n * 1000, n)
        for n in range(2, rows + 2)
    )
    member = Member("xl/worksheets/sheet1.xml", SHEET_START + header_row() + body, suffix=SHEET_END, level=1)
    return write_zip(path, workbook_parts(shared_strings=False) + [member])


def empty_cells(path: Path, count: int) -> Path:
    """``count`` empty cells (``<c/>``) in row 2: no value, so only the element bound stops them."""
    unit = b"<c/>" * 16384
    member = Member(
        "xl/worksheets/sheet1.xml",
        SHEET_START + header_row() + b"<row>",
        unit,
        count // 16384 + 1,
        b"</row>" + SHEET_END,
    )
    return write_zip(path, workbook_parts(shared_strings=False) + [member])


def long_attribute(path: Path, megabytes: int = 200) -> Path:
    """One cell whose style attribute runs for ``megabytes`` MiB (the parser would hold the whole tag)."""
    member = Member(
        "xl/worksheets/sheet1.xml",
        SHEET_START + header_row() + b'<row r="2"><c r="A2" s="',
        b"9" * 2**20,
        megabytes,
        b'"><v>1</v></c></row>' + SHEET_END,
    )
    return write_zip(path, workbook_parts(shared_strings=False) + [member])


def comments(path: Path) -> Path:
    """200 MiB of XML comments in the sheet (under the size bound): no element, no cell, no long tag; only the
    compression ratio stops it."""
    unit = _repeat_to(b"<!---->", 2**20)
    return write_zip(path, workbook_parts(shared_strings=False) + [sheet(unit, 200 * 2**20 // len(unit))])


def deep_nesting(path: Path, depth: int = 5_000_000) -> Path:
    """Elements opened and never closed (the parser keeps every open one: a gigabyte at five million), of a
    thousand names in random order (compresses ~3×: no ratio alarm)."""
    import random

    names = random.Random(5)
    unit = b"".join(b"<a%d>" % names.randrange(1000) for _ in range(2**17))
    member = Member("xl/worksheets/sheet1.xml", SHEET_START + header_row(), unit, depth // 2**17 + 1)
    return write_zip(path, workbook_parts(shared_strings=False) + [member])


def distinct_names(path: Path, count: int = 1_000_000) -> Path:
    """Empty elements of a million different names (the parser keeps every name it has seen)."""
    body = b"".join(b"<n%d/>" % number for number in range(count))
    member = Member("xl/worksheets/sheet1.xml", SHEET_START + header_row() + body, suffix=SHEET_END, level=1)
    return write_zip(path, workbook_parts(shared_strings=False) + [member])


def many_elements(path: Path, count: int = 6_000_000) -> Path:
    """Empty elements with a random attribute each: compresses only ~3× (no ratio alarm), no value, no
    depth: only the element bound stops them, at the most CPU a bomb can cost."""
    import random

    numbers = random.Random(7)
    unit = b"".join(b'<a v="%d"/>' % numbers.randrange(10**6) for _ in range(2**16))
    member = Member(
        "xl/worksheets/sheet1.xml", SHEET_START + header_row(), unit, count // 2**16 + 1, SHEET_END, level=1
    )
    return write_zip(path, workbook_parts(shared_strings=False) + [member])
