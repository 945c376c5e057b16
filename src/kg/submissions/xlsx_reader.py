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
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from kg.core.errors import InputError
from kg.submissions.table_limits import (
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
from kg.submissions.xlsx_xml import (
    Broken,
    CellFormats,
    Collector,
    Handler,
    SharedStrings,
    SheetCells,
    Styles,
    cell_too_long,
    refuse_doctype,
)

__all__ = ["BoundedWorkbook", "cell_too_long"]

_CHUNK = 64 * 1024
_RELATIONSHIP_TYPES = "/relationships/"


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

    def parse(self, name: str, handler: Handler, *, required: bool = True) -> bool:
        """Stream the part ``name`` through ``handler``; False when an optional part is missing."""
        info = self.part(name)
        if info is None:
            if required:
                raise InputError(f"{self.kind} tanpa bagian / {self.kind} without its part {name}", source=self.source)
            return False
        for _ in self.stream(info, handler):
            pass
        return True

    def stream(self, info: zipfile.ZipInfo, handler: Handler) -> Iterator[list[Any]]:
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
        parser.StartDoctypeDeclHandler = refuse_doctype
        parser.EntityDeclHandler = refuse_doctype
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
        except Broken as error:
            raise InputError(
                f"{self.kind} rusak / damaged {self.kind}: {info.filename} ({error})", source=self.source
            ) from None
        finally:
            budget.elements = elements


def _relationships(workbook: BoundedWorkbook, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of ``part``: id → (type's last word, target part name)."""
    folder, name = posixpath.split(part)
    collector = Collector("Relationship")
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
    book = Collector("sheet", "workbookPr")
    workbook.parse(book_part, book)
    relations = _relationships(workbook, book_part)
    formats = CellFormats()
    formats.mac_1904 = any(
        kind == "workbookPr" and attributes.get("date1904", "").lower() in ("1", "true")
        for kind, attributes in book.found
    )
    styles_part = next((target for kind, target in relations.values() if kind == "styles"), None)
    if styles_part is not None:
        styles = Styles()
        if workbook.parse(styles_part, styles, required=False):
            formats.dates, formats.durations = styles.kinds()
            formats.months = styles.months() & formats.dates
    strings = SharedStrings(workbook.source)
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
        yield name, workbook.stream(info, SheetCells(workbook.source, strings.strings, formats, name, cells))
