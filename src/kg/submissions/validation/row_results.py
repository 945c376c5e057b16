"""The engine's results on rows and columns: each :class:`kg.shacl.ValidationResult` placed where the steward
can fix it (file, row, column, cell), its message in the chosen language with its placeholders filled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.submissions.texts import allowed_values
from kg.submissions.validation.model import RowResult

if TYPE_CHECKING:
    from kg.shacl import ValidationResult
    from kg.submissions.convert import Conversion
    from kg.submissions.validation.rows import _RowIndex

_SH = "http://www.w3.org/ns/shacl#"


def _severity_name(severity) -> str:
    text = str(severity)
    return text[len(_SH) :] if text.startswith(_SH) else text


def _column_of(kind: str | None, path: str | None, table: str = "programs") -> str | None:
    """The template column a result's path is on, for a resource of ``kind`` of ``table``."""
    if path is None:
        return None
    from kg.submissions.template import table_column_for_property

    by_property = table_column_for_property(table)
    if kind is not None:
        return by_property.get((kind, path))
    return by_property.get(("program", path)) or next(
        (name for (_kind, prop), name in by_property.items() if prop == path), None
    )


def _template_column(column: str | None, table: str):  # -> kg.submissions.template.Column | None
    from kg.submissions.template import columns

    return next((item for item in columns(table) if item.name == column), None) if column else None


def _allowed(column: str | None, lang: str, table: str = "programs") -> str:
    """The codes a coded column accepts, as a message lists them, read from its scheme or registry."""
    from kg.submissions.template import code_list

    item = _template_column(column, table)
    if item is None:
        return ""
    return allowed_values([code.label(lang) if item.by_label else code.code for code in code_list(item)], lang)


def _cell(conversion: Conversion, row: int | None, column: str | None, table: str = "programs") -> str | None:
    """A spreadsheet result's cell (``F4``; ``Indikator!E4`` on another sheet than the programs')."""
    source = conversion.tables.get(table)
    layout = source.layout if source is not None else (conversion.layout if table == "programs" else None)
    if layout is None or layout.sheet is None or row is None or column not in layout.positions:
        return None
    from openpyxl.utils.cell import get_column_letter

    cell = f"{get_column_letter(layout.positions[column] + 1)}{row}"
    programs = conversion.tables.get("programs")
    if table != "programs" and programs is not None and programs.source == source.source:  # type: ignore[union-attr]
        return f"{layout.sheet}!{cell}"
    return cell


def _file_of(conversion: Conversion, table: str) -> str:
    source = conversion.tables.get(table)
    return str(source.source if source is not None else conversion.source_file)


_SUGGESTING = (
    "ClassConstraintComponent",
    "PatternConstraintComponent",
    "OrConstraintComponent",
    "NodeConstraintComponent",
)


def _row_result(result: ValidationResult, conversion: Conversion, rows: _RowIndex, lang: str) -> RowResult:
    from rdflib import Literal as LiteralTerm

    from kg.shacl.messages import fill, in_language

    focus = str(result.focus)
    path = str(result.path) if result.path is not None else None
    located = rows(result.focus)
    row, kind, table = located if located is not None else (None, None, "programs")
    column = _column_of(kind, path, table) if row is not None else None
    value = None
    if result.value is not None:
        value = conversion.written.get((focus, path or ""))
        value = value or conversion.codes.get(str(result.value), str(result.value))
    fields = {"value": value or "", "this": focus, "path": column or path or ""}
    message_column = column or _column_of(kind, path, table)
    suggestion = None
    if (
        isinstance(result.value, LiteralTerm)
        and str(result.constraint_component).endswith(_SUGGESTING)
        and _severity_name(result.severity) == "Violation"
    ):
        from kg.submissions.suggestions import suggest

        suggestion = suggest(message_column, value)

    program = None
    if not suggestion and message_column == "inisiatif" and _severity_name(result.severity) == "Violation":
        program = conversion.programs.get(focus)  # empty or unknown: what the program's name suggests

    def filled(message) -> LiteralTerm:
        language = getattr(message, "language", None)
        values = {**fields, "allowed": _allowed(message_column, language or lang, table)}
        text = fill(str(message), values)
        if suggestion:
            from kg.submissions.texts import did_you_mean

            text = f"{text}; {did_you_mean(suggestion, language or lang)}"
        elif program is not None:
            from kg.submissions.initiative_checks import name_advice

            advice = name_advice(program, value, language or lang)
            text = f"{text}; {advice}" if advice else text
        return LiteralTerm(text, lang=language)

    messages = [filled(message) for message in result.messages]
    chosen = in_language(messages, lang)
    return RowResult(
        severity=_severity_name(result.severity),
        message=str(chosen) if chosen is not None else "",
        focus=focus,
        path=path,
        value=value,
        shape=str(result.source_shape),
        constraint=str(result.constraint_component),
        file=_file_of(conversion, table) if row is not None else str(conversion.source_file),
        row=row,
        column=column,
        result=result,
        messages=messages,
        cell=_cell(conversion, row, column, table),
        table=table,
    )
