"""The submission template: its columns, defined once in ``template/programs.csv-metadata.json`` (W3C CSVW).

Everything about a column — its name, its titles in Indonesian and English, its datatype, whether it is
required, its separator, the RDF property it becomes — is read from that file. The lists of allowed codes are
not in it: the metadata names where they come from (``skos:inScheme``: the framework's concept schemes in the
ontology, or the region registry), and :func:`code_list` reads them from there. A coded column's CSVW
``valueUrl`` gives a standard CSVW processor an IRI for each code: the concept's own where the code is its name
(``…/region/{kode_wilayah}``, ``…ontology#{inisiatif}``), else a code IRI (``…/id/code/status/{status}``) that
the server sends on (303) to the concept.

:func:`write_template` writes an empty template: an XLSX with drop-down lists and a bilingual guide, or a CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.core.errors import InputError
from kg.core.namespaces import key_columns
from kg.core.options import LANGUAGES
from kg.core.template_metadata import (
    INDICATORS_TABLE,
    PROGRAMS_TABLE,
    annotation,
    code_scheme,
    derived,
    expand_curie,
    metadata,
    table_schema,
    tables,
)
from kg.submissions.texts import bilingual, text

__all__ = ["key_columns", "metadata"]  # re-exported: the template's key columns and document


@dataclass(frozen=True)
class Column:
    """One column of the template, as its CSVW metadata defines it."""

    name: str
    titles_id: tuple[str, ...]
    titles_en: tuple[str, ...]
    #: CSVW base datatype: ``string``, ``integer``, ``decimal``, ``date``, ``anyURI`` (a web address).
    datatype: str
    required: bool
    #: ``";"`` for columns holding several values, else ``None``.
    separator: str | None
    #: The full IRI of the RDF property the column becomes (``""`` for a key column that makes no triple).
    property: str
    #: Which resource of a row the property describes: ``"program"`` (the table's own resource in the programs
    #: table), or the local name of the property linking it (``"indicator"``, ``"assessment"``,
    #: ``"plannedBudget"``, ``"realisedBudget"``); the indicators table's rows are ``"assessment"``.
    subject: str
    #: Language tag of a text column (``"id"``), else ``None``.
    lang: str | None
    #: The IRI of the code list the values come from (concept scheme or registry), else ``None``.
    values_from: str | None
    #: CSVW ``valueUrl`` template (``…/region/{kode_wilayah}``), else ``None``.
    value_url: str | None
    #: The class of the resource the ``valueUrl`` names (``kc:Agency``, ``kc:Region``), else ``None``.
    value_class: str | None
    description_id: str
    description_en: str
    #: A CSVW virtual column: no cell, a triple of every row (the program's type, its submission, its indicator).
    virtual: bool = False
    #: CSVW ``aboutUrl`` template of the resource the column describes.
    about_url: str = ""
    #: The table the column belongs to (``programs``, ``indikator``).
    table: str = PROGRAMS_TABLE
    #: The property an approximate amount ("Rp 107 miliar lebih") becomes instead of :attr:`property`.
    approximate_property: str | None = None
    #: A date column that also takes a month (``2018-03``, ``Maret 2018``) or a year (``2018``).
    partial_dates: bool = False
    #: A virtual column's constant literal (CSVW ``default``), e.g. the currency ``IDR``.
    default: str | None = None
    #: A virtual column's literal made from the row (``{tahun}``), with :attr:`datatype`.
    value_template: str | None = None
    #: A key column that makes no triple of its own (CSVW ``suppressOutput``).
    suppress_output: bool = False
    #: The minimum of a number column (CSVW ``minInclusive``), else ``None``.
    minimum: str | None = None
    #: A coded column's CSVW ``valueUrl`` naming a code IRI (``…/id/code/status/{status}``) the server sends on to
    #: the concept, else ``None``.
    code_url: str | None = None
    #: For a unit column: the table (in ``template/``) of units written → QUDT unit IRIs, and the property the
    #: IRI becomes (``kc:unitOfMeasure``) beside the text written.
    units_from: str | None = None
    unit_property: str | None = None
    #: A coded column whose values are written by their names (the Kominfo pillars: Smart Governance), so that
    #: messages list the names, never the codes (KOM-GOV) a steward never sees.
    by_label: bool = False

    def title(self, lang: str = "id") -> str:
        """The header a person sees: the first title in ``lang`` that is not the machine name."""
        titles = self.titles_en if lang == "en" else self.titles_id
        return titles[1] if len(titles) > 1 else titles[0]

    def header(self) -> str:
        """The XLSX template's header cell: the Indonesian and English titles (``Kode Wilayah / Region code``)."""
        return f"{self.title('id')} / {self.title('en')}"

    def description(self, lang: str = "id") -> str:
        """The column's explanation in ``lang``."""
        return self.description_en if lang == "en" else self.description_id


def _lang_values(value: Any, lang: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "@value" in value:
            return [value["@value"]] if value.get("@language", lang) == lang else []
        found = value.get(lang, [])
        return [found] if isinstance(found, str) else list(found)
    return [text for item in value for text in _lang_values(item, lang)]


def _resource_kinds(schema: dict[str, Any], table: str) -> dict[str, str]:
    """aboutUrl/valueUrl template → the kind of resource it names (see :attr:`Column.subject`): the table's own
    resource, then each resource a virtual column links to, by the local name of the linking property."""
    own = "program" if table == PROGRAMS_TABLE else "assessment"
    kinds = {schema["aboutUrl"]: own}
    for spec in schema["columns"]:
        value_url = spec.get("valueUrl")
        # a region (…/id/region/{kode_wilayah}) is the registry's resource, named by a row but not described by it
        registry = value_url is not None and "/id/region/" in value_url
        if spec.get("virtual") and value_url and "{" in value_url and spec.get("propertyUrl") and not registry:
            kinds.setdefault(value_url, expand_curie(spec["propertyUrl"]).rpartition("#")[2])
    return kinds


def _column(spec: dict[str, Any], table_about: str, table: str, kinds: dict[str, str]) -> Column:
    datatype = spec.get("datatype", "string")
    values_from = code_scheme(spec)
    value_class = annotation(spec, "valueClass")
    # a coded column's valueUrl (…/id/code/status/{status}) names the code, read through its scheme instead
    value_url = spec.get("valueUrl") if "/id/code/" not in spec.get("valueUrl", "") else None
    approximate = annotation(spec, "approximatePropertyUrl")
    about = spec.get("aboutUrl", table_about)
    minimum = datatype.get("minInclusive") if isinstance(datatype, dict) else None
    return Column(
        name=spec["name"],
        titles_id=tuple(_lang_values(spec.get("titles", []), "id")),
        titles_en=tuple(_lang_values(spec.get("titles", []), "en")),
        datatype=datatype["base"] if isinstance(datatype, dict) else datatype,
        required=bool(spec.get("required", False)),
        separator=spec.get("separator"),
        property=expand_curie(spec["propertyUrl"]) if spec.get("propertyUrl") else "",
        subject=kinds.get(about, "program"),
        lang=spec.get("lang"),
        values_from=values_from,
        value_url=expand_curie(value_url) if value_url and "{" not in value_url else value_url,
        code_url=spec["valueUrl"] if "/id/code/" in spec.get("valueUrl", "") else None,
        value_class=expand_curie(value_class["@id"]) if value_class else None,
        description_id=" ".join(_lang_values(spec.get("dc:description", []), "id")),
        description_en=" ".join(_lang_values(spec.get("dc:description", []), "en")),
        virtual=bool(spec.get("virtual", False)),
        about_url=about,
        table=table,
        approximate_property=expand_curie(approximate) if approximate else None,
        partial_dates=bool(annotation(spec, "partialDates", False)),
        default=spec.get("default"),
        value_template=annotation(spec, "valueTemplate"),
        suppress_output=bool(spec.get("suppressOutput", False)),
        minimum=str(minimum) if minimum is not None else None,
        units_from=annotation(spec, "unitsFrom"),
        unit_property=expand_curie(annotation(spec, "unitPropertyUrl"))
        if annotation(spec, "unitPropertyUrl")
        else None,
        by_label=bool(annotation(spec, "writtenByLabel", False)),
    )


@derived
def _all_columns(table: str = PROGRAMS_TABLE) -> tuple[Column, ...]:
    if table not in tables():
        return ()
    schema = table_schema(table)
    kinds = _resource_kinds(schema, table)
    return tuple(_column(spec, schema["aboutUrl"], table, kinds) for spec in schema["columns"])


def all_columns() -> tuple[Column, ...]:
    """Every column of every table, virtual ones included."""
    return tuple(item for table in tables() for item in _all_columns(table))


@derived
def columns(table: str = PROGRAMS_TABLE) -> tuple[Column, ...]:
    """The columns of ``table`` (the programs table by default) in order: the cells of a row (virtual columns
    are not among them)."""
    return tuple(item for item in _all_columns(table) if not item.virtual)


@derived
def virtual_columns(table: str = PROGRAMS_TABLE) -> tuple[Column, ...]:
    """The CSVW virtual columns of ``table``: triples every row has (its type, its submission, its links)."""
    return tuple(item for item in _all_columns(table) if item.virtual)


def table_names() -> tuple[str, ...]:
    """The template's tables: ``("programs", "indikator")``."""
    return tuple(tables())


@derived
def resource_links() -> dict[str, str]:
    """The kinds of resource a row describes besides its own (``"indicator"``, ``"assessment"``,
    ``"plannedBudget"`` …) → the property that links them from the resource above them (``kc:indicator`` …)."""
    links: dict[str, str] = {}
    for table in tables():
        described = {item.about_url for item in columns(table)}
        for item in virtual_columns(table):
            if item.value_url in described and item.property:
                links.setdefault(item.property.rpartition("#")[2], item.property)
    return links


def column(name: str, table: str = PROGRAMS_TABLE) -> Column:
    """The column called ``name`` (of the programs table, unless ``table`` says otherwise)."""
    for item in columns(table):
        if item.name == name:
            return item
    raise KeyError(name)


def required_columns(table: str = PROGRAMS_TABLE) -> list[str]:
    """Names of the columns a header of ``table`` must have."""
    return [item.name for item in columns(table) if item.required]


def _normal_title(title: str) -> str:
    return " ".join(title.replace("_", " ").replace("\ufeff", "").split()).casefold()


@derived
def title_index(table: str = PROGRAMS_TABLE) -> dict[str, str]:
    """Every accepted header title of ``table`` (Indonesian or English, case- and space-insensitive, and the
    XLSX template's own "Indonesian / English" header) → column name."""
    index: dict[str, str] = {}
    for item in columns(table):
        for title in (item.name, *item.titles_id, *item.titles_en, item.header()):
            index.setdefault(_normal_title(title), item.name)
    return index


def column_for_title(title: str, table: str = PROGRAMS_TABLE) -> str | None:
    """The column a header cell names in ``table``, or ``None`` if it names none. A header written as
    "Indonesian / English" (the XLSX template's) names the column either part names."""
    index = title_index(table)
    text = str(title)
    found = index.get(_normal_title(text))
    if found is None and " / " in text:
        for part in text.split(" / "):
            found = index.get(_normal_title(part))
            if found is not None:
                break
    return found


@derived
def column_for_property() -> dict[tuple[str, str], str]:
    """(resource kind, property IRI) → column name of the programs table: maps a result's path back to its
    column (an approximate amount's property too)."""
    return table_column_for_property(PROGRAMS_TABLE)


@derived
def table_column_for_property(table: str) -> dict[tuple[str, str], str]:
    """(resource kind, property IRI) → column name of ``table``."""
    found: dict[tuple[str, str], str] = {}
    for item in columns(table):
        if item.property:
            found.setdefault((item.subject, item.property), item.name)
        if item.approximate_property:
            found.setdefault((item.subject, item.approximate_property), item.name)
    # a link to a resource the row describes (kc:plannedBudget, kc:indicator) is on that resource's first column
    kinds = _resource_kinds(table_schema(table), table)
    for item in virtual_columns(table):
        kind = kinds.get(item.value_url or "")
        first = next((other.name for other in columns(table) if other.subject == kind and other.property), None)
        if kind and first and item.property:
            found.setdefault((kinds.get(item.about_url, "program"), item.property), first)
    return found


# --- code lists: read from the ontology and the registry, never copied here ------------------------------


@dataclass(frozen=True)
class Code:
    """One allowed value of a coded column: the code a steward writes, its labels, and the IRI it stands for;
    ``aliases`` are other spellings read as the code (``swasta`` for ``CSR``), never offered in lists."""

    code: str
    label_id: str
    label_en: str
    iri: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "id") -> str:
        """The label in ``lang`` (the Indonesian one when there is no English label, as for region names)."""
        return (self.label_en if lang == "en" else self.label_id) or self.label_id


def _scheme(scheme: str) -> Callable[[], list[Code]]:
    def read() -> list[Code]:
        from kg.framework import concepts as framework

        return [
            Code(item.notation, item.label_id, item.label_en, item.iri, item.aliases)
            for item in framework.concept_scheme_values(scheme)
        ]

    return read


def _initiatives() -> list[Code]:
    from kg.framework import concepts as framework

    return [Code(item.notation, item.label_id, item.label_en, item.iri) for item in framework.initiatives()]


def _regions() -> list[Code]:
    from kg.framework.regions import regions

    return [Code(item.code, item.name, "", item.iri) for item in regions().values()]


def _shared_indicators() -> list[Code]:
    from kg.framework.indicators import shared_indicators

    return [Code(item.notation, item.label_id, item.label_en, item.iri) for item in shared_indicators()]


def _code_list_readers() -> dict[str, Callable[[], list[Code]]]:
    from kg.core.namespaces import ID, KC

    return {
        str(KC.KotaCerdas): _initiatives,
        str(ID["dataset/regions"]): _regions,
        str(KC.SharedIndicatorScheme): _shared_indicators,
    }


def code_list(item: Column) -> list[Code]:
    """The allowed codes of a coded column, from the ontology, its alignment modules or the registry (empty
    for other columns). A column naming another concept scheme reads that scheme's concepts."""
    if item.values_from is None:
        return []
    return list(_codes_of(item.values_from))


@derived
def _codes_of(values_from: str) -> tuple[Code, ...]:
    """The codes of one code list, read once (each distinct header of a batch plans its columns anew: the public
    record's 54 headers read the region registry 54 times, 0.37 s)."""
    return tuple(_code_list_readers().get(values_from, _scheme(values_from))())


@derived
def _code_iris(values_from: str) -> dict[str, str]:
    codes = _code_list_readers().get(values_from, _scheme(values_from))()
    found = {code.code: code.iri for code in codes}
    for code in codes:
        for alias in code.aliases:
            found.setdefault(alias, code.iri)
    return found


def code_iris(item: Column) -> dict[str, str]:
    """Code → IRI for a coded column (``"rencana"`` → ``kc:Planned``, ``"32.73"`` → its region IRI), the
    codes' accepted other spellings included (``"swasta"`` → ``kc:FundingPrivate``)."""
    return dict(_code_iris(item.values_from)) if item.values_from else {}


#: Between a code and its label in a drop-down entry ("32.73 – Kota Bandung"); the reader takes the code.
LIST_ENTRY_SEPARATOR = " – "


def list_entry(code: Code) -> str:
    """A drop-down entry: the code, with its Indonesian label when that says more than the code."""
    label = code.label("id")
    if not label or label.casefold() == code.code.casefold():
        return code.code
    return f"{code.code}{LIST_ENTRY_SEPARATOR}{label}"


# --- writing the empty template ----------------------------------------------------------------------------

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
    import datetime as dt

    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header_font = Font(bold=True, color="FFFFFF")
    required_fill = PatternFill("solid", fgColor="1F5C99")
    optional_fill = PatternFill("solid", fgColor="5B8DB8")
    last_row = TEMPLATE_ROWS
    next_year = dt.date.today().year + 1
    for index, item in enumerate(columns(table), start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=item.header())
        cell.font = header_font
        cell.fill = required_fill if item.required else optional_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        required = bilingual("yes" if item.required else "no")
        cell.comment = Comment(
            f"{item.name}\n{bilingual('guide_required')}: {required}\n\n{item.description_id}\n\n{item.description_en}",
            "kotacerdas",
            width=360,
            height=200,
        )
        codes = code_list(item)
        width = max(len(item.title("id")), len(item.title("en")), len(item.name)) + 4
        if codes and item.name != "kode_wilayah":
            width = max(width, _list_width(codes) + 3)
        elif codes:
            width = max(width, 34)
        if item.datatype == "anyURI":
            width = _WIDEST  # a web address
        width = {"nama_program": 42, "perangkat_daerah": 36, "indikator": 36}.get(item.name, width)
        dimension = sheet.column_dimensions[letter]
        dimension.width = min(width, _WIDEST)
        if item.datatype in _NUMBER_FORMATS and not item.partial_dates:
            dimension.number_format = _AMOUNT_FORMAT if item.approximate_property else _NUMBER_FORMATS[item.datatype]
        elif item.datatype in ("string", "anyURI") or item.partial_dates:
            dimension.number_format = "@"
        cells = f"{letter}2:{letter}{last_row}"
        if codes:
            validation = _list_validation(item, codes, lists, list_state)
        elif item.datatype == "integer" and item.name == key_columns()[1]:
            validation = DataValidation(
                type="whole",
                operator="between",
                formula1="2015",
                formula2=str(next_year),
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=bilingual("check_title"),
                error=bilingual("check_year", last=next_year),
            )
        elif item.datatype == "decimal":
            validation = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="information",
                errorTitle=bilingual("check_title"),
                error=bilingual("check_number"),
            )
        elif item.datatype == "date":
            validation = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(2015,1,1)",
                formula2=f"DATE({next_year + 10},12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="information",
                errorTitle=bilingual("check_title"),
                error=bilingual("check_date"),
            )
        elif item.datatype == "anyURI":
            # a hint while typing (the first address of the cell); the shapes check every address
            first = f"{letter}2"
            validation = DataValidation(
                type="custom",
                formula1=f'OR(LEFT({first},7)="http://",LEFT({first},8)="https://")',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="information",
                errorTitle=bilingual("check_title"),
                error=bilingual("check_address"),
            )
        else:
            continue
        validation.add(cells)
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
