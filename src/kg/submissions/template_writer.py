"""The empty submission template written for a steward (:func:`write_template`): an XLSX with the Program and
Indicator sheets, drop-down lists, checks and a bilingual guide, or a CSV header; and recognising such a file
unfilled (:func:`is_empty_template`), which may be written over. The columns come from
:mod:`kg.submissions.template` (the CSVW metadata)."""

from __future__ import annotations

import csv
from pathlib import Path

from kg.core.errors import InputError
from kg.core.namespaces import key_columns
from kg.core.options import LANGUAGES
from kg.core.template_metadata import INDICATORS_TABLE, PROGRAMS_TABLE
from kg.submissions.template import Code, Column, code_list, column_for_title, columns, list_entry, table_names
from kg.submissions.texts import bilingual, text

#: Number formats of the XLSX template's columns, by CSVW datatype; text columns that hold codes are formatted
#: as text, so that Excel keeps 32.70 and GOV-01;MOB-03 as typed.
_NUMBER_FORMATS = {"integer": "0", "decimal": "#,##0.##", "date": "yyyy-mm-dd"}
_AMOUNT_FORMAT = "#,##0"
#: Rows of the XLSX template that carry the drop-downs and checks.
TEMPLATE_ROWS = 5000
#: Widest column of the XLSX template, in characters.
_WIDEST = 60


def write_template(path: Path | str, *, indicators: bool = False, force: bool = False) -> Path:
    """Write an empty template to ``path``: ``.xlsx`` (the Program and Indicator sheets with drop-downs and
    checks, a bilingual guide) or ``.csv`` (the programs table's header; ``indicators``: the indicators
    table's). An existing file is written over only when it is an empty template itself (never a template a
    steward has filled), or with ``force``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(bilingual("template_suffix"), source=str(path))
    from kg.core.output import atomic_path, check_output_target

    if not force and path.is_file() and not is_empty_template(path) and _template_marked(path):
        raise InputError(bilingual("template_filled"), source=str(path))
    check_output_target(path, force=force, recognise=is_empty_template)
    with atomic_path(path) as temporary:
        if suffix == ".csv":
            _write_csv(temporary, INDICATORS_TABLE if indicators else PROGRAMS_TABLE)
        else:
            _write_xlsx(temporary)
    return path


def is_empty_template(path: Path) -> bool:
    """Whether ``path`` is a template as ``template`` wrote it, with nothing filled in: a CSV header of template
    columns, or an XLSX carrying kotacerdas's mark whose sheets hold nothing below their header row (the
    hidden code lists and the guide apart)."""
    if path.suffix.lower() == ".csv":
        return is_empty_template_csv(path)
    from kg.core.output import xlsx_marked

    if path.suffix.lower() != ".xlsx" or not xlsx_marked(path):
        return False
    from kg.submissions.xlsx_reader import BoundedWorkbook

    skipped = {"lists", bilingual("guide_sheet")}
    try:
        with BoundedWorkbook(path) as workbook:
            for name, rows in workbook.named_worksheets():
                if name in skipped:
                    continue
                for number, cells in enumerate(rows, start=1):
                    if number > 1 and any(cell not in (None, "") for cell in cells):
                        return False
    except (InputError, ValueError):
        return False
    return True


def _template_marked(path: Path) -> bool:
    from kg.core.output import xlsx_marked

    return path.suffix.lower() == ".xlsx" and xlsx_marked(path)


def is_empty_template_csv(path: Path) -> bool:
    """Whether ``path`` is a CSV holding only a header of template column names (what ``template`` writes)."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    text = head.decode("utf-8-sig", errors="replace").strip()
    if not text or "\n" in text or len(head) >= 64 * 1024:
        return False
    names = [cell.strip() for cell in text.split(",")]
    return all(any(column_for_title(name, table) for table in table_names()) for name in names)


def _write_csv(path: Path, table: str = PROGRAMS_TABLE) -> None:
    # UTF-8 with a BOM: Excel then opens the file in UTF-8 (names like "Kabupaten Tojo Una-Una" keep their
    # letters); our reader accepts it with or without.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerow([item.name for item in columns(table)])


def _list_width(codes: list[Code]) -> int:
    return max((len(list_entry(code)) for code in codes), default=0)


def _write_sheet(workbook, sheet, table: str, lists, list_state: dict[str, int]) -> None:
    """One table's sheet: bilingual headers (the machine name in each header's comment), widths that show the
    drop-downs, number and date formats, the checks of each column, printed landscape on one page's width."""
    from openpyxl.utils import get_column_letter

    for index, item in enumerate(columns(table), start=1):
        letter = get_column_letter(index)
        _header_cell(sheet, index, item)
        codes = code_list(item)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(item, codes)
        if item.datatype in _NUMBER_FORMATS and not item.partial_dates:
            dimension.number_format = _AMOUNT_FORMAT if item.approximate_property else _NUMBER_FORMATS[item.datatype]
        elif item.datatype in ("string", "anyURI") or item.partial_dates:
            dimension.number_format = "@"
        validation = _list_validation(item, codes, lists, list_state) if codes else _check(item, letter)
        if validation is None:
            continue
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns(table)))}1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _header_cell(sheet, index: int, item: Column) -> None:
    """A column's header: its bilingual title, coloured as required or optional, its machine name, whether it is
    required and its explanation in a comment."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = sheet.cell(row=1, column=index, value=item.header())
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="1F5C99" if item.required else "5B8DB8")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    required = bilingual("yes" if item.required else "no")
    cell.comment = Comment(
        f"{item.name}\n{bilingual('guide_required')}: {required}\n\n{item.description_id}\n\n{item.description_en}",
        "kotacerdas",
        width=360,
        height=200,
    )


def _width(item: Column, codes: list[Code]) -> int:
    """A column's width in characters: its titles, its drop-down entries, a web address at the widest."""
    width = max(len(item.title("id")), len(item.title("en")), len(item.name)) + 4
    if codes and item.name != key_columns()[0]:
        width = max(width, _list_width(codes) + 3)
    elif codes:
        width = max(width, 34)
    if item.datatype == "anyURI":
        width = _WIDEST  # a web address
    width = {"nama_program": 42, "perangkat_daerah": 36, "indikator": 36}.get(item.name, width)
    return min(width, _WIDEST)


def _check(item: Column, letter: str):  # -> openpyxl DataValidation | None
    """The check of a column without codes: a year, a number, a date, a web address; ``None`` for text."""
    import datetime as dt

    from openpyxl.worksheet.datavalidation import DataValidation

    next_year = dt.date.today().year + 1
    shown = {"allow_blank": True, "showErrorMessage": True, "errorTitle": bilingual("check_title")}
    if item.datatype == "integer" and item.name == key_columns()[1]:
        return DataValidation(
            type="whole",
            operator="between",
            formula1="2015",
            formula2=str(next_year),
            errorStyle="stop",
            error=bilingual("check_year", last=next_year),
            **shown,
        )
    if item.datatype == "decimal":
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            errorStyle="information",
            error=bilingual("check_number"),
            **shown,
        )
    if item.datatype == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2015,1,1)",
            formula2=f"DATE({next_year + 10},12,31)",
            errorStyle="information",
            error=bilingual("check_date"),
            **shown,
        )
    if item.datatype == "anyURI":
        # a hint while typing (the first address of the cell); the shapes check every address
        first = f"{letter}2"
        return DataValidation(
            type="custom",
            formula1=f'OR(LEFT({first},7)="http://",LEFT({first},8)="https://")',
            errorStyle="information",
            error=bilingual("check_address"),
            **shown,
        )
    return None


def _list_validation(item: Column, codes: list[Code], lists, list_state: dict[str, int]):
    """A drop-down of the column's codes (with their labels), on the hidden ``lists`` sheet; the region list
    also holds the bare codes, so that a typed ``32.74`` passes Excel's list check."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    list_column = list_state["next"] = list_state.get("next", 0) + 1
    list_letter = get_column_letter(list_column)
    lists.cell(row=1, column=list_column, value=item.name)
    entries = [list_entry(code) for code in codes]
    if item.name == key_columns()[0]:
        entries += [code.code for code in codes if list_entry(code) != code.code]
    for offset, entry in enumerate(entries, start=2):
        lists.cell(row=offset, column=list_column, value=entry)
    for offset, code in enumerate(codes, start=2):
        lists.cell(row=offset, column=list_column + 1, value=code.label("en"))
    list_state["next"] = list_column + 1
    several = item.separator is not None
    return DataValidation(
        type="list",
        formula1=f"=lists!${list_letter}$2:${list_letter}${len(entries) + 1}",
        # a cell with several codes ("GOV-01;MOB-03") is allowed: the list only suggests
        allow_blank=True,
        showErrorMessage=not several,
        errorStyle="stop" if not several else "information",
        errorTitle=bilingual("list_error_title"),
        error=bilingual("list_error", column=item.name),
        promptTitle=item.title("id")[:32],
        prompt=bilingual("list_prompt_several" if several else "list_prompt"),
        showInputMessage=True,
    )


def _write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill

    from kg.core.output import XLSX_PROPERTY

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = bilingual("program_sheet")
    indicators = workbook.create_sheet(bilingual("indicator_sheet")) if INDICATORS_TABLE in table_names() else None
    lists = workbook.create_sheet("lists")
    guide = workbook.create_sheet(bilingual("guide_sheet"))
    list_state: dict[str, int] = {}
    _write_sheet(workbook, sheet, PROGRAMS_TABLE, lists, list_state)
    if indicators is not None:
        _write_sheet(workbook, indicators, INDICATORS_TABLE, lists, list_state)
    lists.sheet_state = "hidden"
    workbook.custom_doc_props.append(StringProperty(name=XLSX_PROPERTY, value="template"))

    header_font = Font(bold=True, color="FFFFFF")
    required_fill = PatternFill("solid", fgColor="1F5C99")
    guide.append(
        [
            bilingual("guide_sheet_column"),
            bilingual("guide_column"),
            bilingual("guide_titles"),
            bilingual("guide_required"),
            bilingual("guide_type"),
            *(text("description", lang) for lang in LANGUAGES),
        ]
    )
    for cell in guide[1]:
        cell.font = header_font
        cell.fill = required_fill
    for table, sheet_name in (
        (PROGRAMS_TABLE, sheet.title),
        (INDICATORS_TABLE, indicators.title if indicators else ""),
    ):
        for item in columns(table):
            guide.append(
                [
                    sheet_name,
                    item.name,
                    " · ".join(dict.fromkeys((*item.titles_id, *item.titles_en))),
                    bilingual("yes" if item.required else "no"),
                    item.datatype + (bilingual("separated_by", separator=item.separator) if item.separator else ""),
                    item.description_id,
                    item.description_en,
                ]
            )
    guide.append([])
    guide.append(["", "", "", "", "", *(text("guide_note", lang) for lang in LANGUAGES)])
    for letter, width in zip("ABCDEFG", (14, 20, 44, 12, 22, 70, 70), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.freeze_panes = "A2"
    guide.page_setup.orientation = "landscape"
    guide.page_setup.fitToWidth = 1
    guide.page_setup.fitToHeight = 0
    guide.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.save(path)
