"""Readings → results: what reading the tables took (:class:`~kg.submissions.convert.CellReading` notes),
said back as results on their rows, with the messages of the reading rules in ``shapes/programs.ttl``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from kg.submissions.convert import Conversion
from kg.submissions.validation.engine import shapes_graph
from kg.submissions.validation.model import RowResult
from kg.submissions.validation.row_results import _SH, _cell, _file_of, _severity_name, _template_column


def _reading_results(conversion: Conversion, lang: str, notes: Iterable | None = None) -> list[RowResult]:
    """The conversion's :class:`~kg.submissions.convert.CellReading` notes (or ``notes`` about its rows) as
    results: an Info or Warning reported once per spelling (its first row, the others named), a Violation (and
    a value left out) on each row."""
    from rdflib import Literal as LiteralTerm
    from rdflib import URIRef

    from kg.shacl.messages import fill, in_language
    from kg.shacl.report import ValidationResult as EngineResult

    groups: dict[tuple, list] = {}
    for note in conversion.readings if notes is None else notes:
        severity = _reading_rule(note.rule)[0]
        key: tuple = (note.table, note.rule, note.column, note.value, tuple(sorted(note.details.items())))
        if severity == "Violation" or note.rule in _EACH_ROW:
            key += (note.row,)
        if not conversion.tabular:  # an RDF file's literal: said on its subject and property
            key += (note.focus, note.path)
        groups.setdefault(key, []).append(note)
    results = []
    for notes in groups.values():
        note = notes[0]
        severity, templates, shape = _reading_rule(note.rule)
        others = sorted({other.row for other in notes[1:] if other.row != note.row})
        messages = []
        for template in templates:
            language = template.language or lang
            values = _reading_fields(note, language)
            shown = others[:5]
            values["also"] = text_also(shown, len(others), language) if others else ""
            messages.append(LiteralTerm(fill(str(template), values), lang=template.language))
        chosen = in_language(messages, lang)
        focus = note.focus or _row_anchor(conversion, note)
        engine_result = EngineResult(
            focus=URIRef(focus),
            path=URIRef(note.path) if note.path else None,
            value=LiteralTerm(note.value),
            source_shape=URIRef(shape),
            constraint_component=URIRef(_READING_COMPONENT),
            severity=URIRef(_SH + severity),
            messages=messages,
        )
        results.append(
            RowResult(
                severity=severity,
                message=str(chosen) if chosen is not None else "",
                focus=focus,
                path=note.path or None,
                value=note.value,
                shape=shape,
                constraint=_READING_COMPONENT,
                file=_file_of(conversion, note.table),
                row=note.row,
                column=note.column,
                result=engine_result,
                messages=messages,
                cell=_cell(conversion, note.row, note.column, note.table),
                table=note.table,
            )
        )
    return results


_KCP = "https://w3id.org/kotacerdas/shapes/programs#"
#: Readings said on each row they happen on, not once per spelling: a value left out is lost on every row.
_EACH_ROW = frozenset({"UnreadableLeftOutReading"})
#: The ``sh:sourceConstraintComponent`` of a result made while reading a table (declared in shapes/programs.ttl).
_READING_COMPONENT = _KCP + "TableReading"


def reading_results(conversion: Conversion, notes: Iterable, lang: str = "id") -> list[RowResult]:
    """Results of ``notes`` (:class:`~kg.submissions.convert.CellReading`) about rows of ``conversion`` found
    after its validation (``load``'s check against the store's other years)."""
    return _reading_results(conversion, lang, notes)


def text_also(rows: list[int], count: int, lang: str) -> str:
    """`` (juga baris 5, 9, 12 …)``: the other rows a reading said once also holds."""
    from kg.submissions.texts import text

    listed = ", ".join(str(row) for row in rows) + (" …" if count > len(rows) else "")
    return text("also_row" if count == 1 else "also_rows", lang, rows=listed)


@cache
def _reading_rule(rule: str) -> tuple[str, list, str]:
    """A reading rule's severity name, messages and IRI, from the shapes graph (``kcp:…Reading``)."""
    from rdflib import Literal as LiteralTerm
    from rdflib import URIRef
    from rdflib.namespace import SH

    graph = shapes_graph()
    node = URIRef(_KCP + rule)
    severity = graph.value(node, SH.severity)
    templates = [m for m in graph.objects(node, SH.message) if isinstance(m, LiteralTerm)]
    if not templates:
        raise LookupError(f"shapes/programs.ttl has no reading rule kcp:{rule}")
    return _severity_name(severity) if severity is not None else "Info", templates, str(node)


def _reading_fields(note, lang: str) -> dict[str, str]:  # note: kg.submissions.convert.CellReading
    """The placeholders of a reading's message in ``lang``: the column's title, what was read, as a person
    reads it."""
    from kg.submissions import readings
    from kg.submissions.texts import text

    details = note.details
    item = _template_column(note.column, note.table)
    fields = {"column": item.title(lang) if item is not None else note.column, "value": note.value}
    read = details.get("read", "")
    if note.rule in (readings.AMOUNT_SCALE, readings.APPROXIMATE_AMOUNT, readings.FOREIGN_CURRENCY):
        fields["read"] = readings.amount_text(read, lang)
        fields["currency"] = details.get("currency", "IDR")
    elif note.rule == readings.NUMBER_SCALE:
        fields["read"] = readings.amount_text(read, lang)
    elif note.rule in (readings.PERCENT_SIGN, "PercentUnitReading"):
        fields["read"] = read if lang == "en" else read.replace(".", ",")
        fields["unit"] = details.get("unit", "") if note.rule == "PercentUnitReading" else ""
    elif note.rule in (readings.DATE_WORDS, readings.MONTH_CELL, readings.MONTH_AS_DAY):
        datatype = details.get("datatype", "date")
        fields["read"] = (
            text("the_month", lang, month=read)
            if datatype == "gYearMonth"
            else text("the_year", lang, year=read)
            if datatype == "gYear"
            else read
        )
    elif note.rule == "UnreadableLeftOutReading":
        fields.update(_left_out_fields(note, lang))
    elif note.rule in _NUMBER_RULES:
        fields.update(_number_fields(note, lang))
    elif note.rule == "CsvExtraFieldsReading":
        split = details.get("split", "")
        extra = details.get("extra", "1")
        fields["extra"] = (
            f"{extra} kolom lebih banyak" if lang == "id" else f"{extra} more field{'' if extra == '1' else 's'}"
        )
        fields["cause"] = text("split_comma" if split else "split_unknown", lang, split=split)
    elif note.rule == "BudgetFamilyReading":
        rows = details.get("rows", "")
        several = any(mark in rows for mark in (",", "–"))
        fields["rows"] = f"{'baris' if lang == 'id' else 'rows' if several else 'row'} {rows}"
    elif note.rule == "AgencyNameReading":
        fields["read"] = read
        fields["source"] = text(
            {"table": "agency_table", "store": "agency_store"}.get(details.get("source", ""), "agency_file"),
            lang,
            row=details.get("row", ""),
            written=details.get("written", ""),
        )
    elif note.rule == "ControlCharacterReading" and note.focus:  # an RDF file's literal: its subject and property
        fields["read"] = read
        name = _curie(note.path)
        named = f"{fields['column']} ({name})" if item is not None else name
        focus = note.focus if note.focus.startswith("_:") else f"<{note.focus}>"
        fields["column"] = text("literal_of", lang, property=named, focus=focus)
    elif note.rule == "SharedIndicatorReading":
        label = details.get("labelEn" if lang == "en" else "label", "")
        fields["read"] = f"{read} ({label})" if label else read
    elif note.rule == "IndicatorProgramReading":
        key = {"none": "indicator_none", "several": "indicator_several"}.get(
            details.get("problem", ""), "indicator_duplicate"
        )
        said = {name: details.get(name, "") for name in ("where", "indicator", "period", "first")}
        fields["problem"] = text(key, "id", value=note.value, **said)
        fields["problemEn"] = text(key, "en", value=note.value, **said)
    else:
        fields["read"] = read
    for key, detail in details.items():  # other details by name; ``name@id`` / ``name@en`` by language
        if key.endswith("@" + lang):
            fields[key[: -len(lang) - 1]] = detail
        elif "@" not in key:
            fields.setdefault(key, detail)
    return fields


def _left_out_fields(note, lang: str) -> dict[str, str]:  # note: kg.submissions.convert.CellReading
    """What a cell left out (unreadable) was expected to hold, with the code meant where it was a near miss."""
    from kg.submissions.texts import text

    kind = note.details.get("kind", "")
    if kind in ("amount", "date"):
        expected = text(f"left_out_{kind}", lang)
    else:
        from kg.submissions.suggestions import suggest
        from kg.submissions.texts import did_you_mean
        from kg.submissions.validation.row_results import _allowed

        expected = text("left_out_code", lang, allowed=_allowed(note.column, lang, note.table))
        suggestion = suggest(note.column, note.value)
        if suggestion:  # a near miss: the code meant (jalan → berjalan)
            expected += "; " + did_you_mean(suggestion, lang)
    return {"expected": expected, "money": text("left_out_money", lang) if kind == "amount" else ""}


#: The reading rules about a number read otherwise than written (:func:`_number_fields`).
_NUMBER_RULES = ("AmbiguousNumberReading", "ThousandFactorReading", "CountFractionReading", "PercentFractionReading")


def _number_fields(note, lang: str) -> dict[str, str]:  # note: kg.submissions.convert.CellReading
    """The placeholders of a reading about a number (:data:`_NUMBER_RULES`): the numbers as a person of ``lang``
    writes them, and why or how they were read."""
    from kg.submissions import readings
    from kg.submissions.texts import text

    details = note.details
    read = details.get("read", "")
    fields: dict[str, str] = {}
    if note.rule in (readings.AMBIGUOUS_NUMBER, "ThousandFactorReading"):
        fields["read"] = _number_text(read, lang)
        fields["other"] = _number_text(details.get("other", ""), lang)
        fields["otherWritten"] = _number_text(details.get("other", ""), "id")
        if note.rule == readings.AMBIGUOUS_NUMBER:
            fields["why"] = _why(note.value, details, lang)
        else:
            fields.update(
                target=_number_text(details.get("target", ""), lang),
                achieved=_number_text(details.get("achieved", ""), lang),
                factor=details.get("factor", ""),
            )
    else:  # CountFractionReading, PercentFractionReading
        fields["read"] = _number_text(read, lang)
        fields["unit"] = details.get("unit", "")
        thousands = details.get("thousands", "")
        fields["thousands"] = _number_text(thousands, lang)
        fields["percent"] = _number_text(details.get("percent", ""), lang)
        fields["other"] = _number_text(details.get("other", ""), lang)
        other = _template_column(details.get("otherColumn"), note.table)
        fields["otherColumn"] = other.title(lang) if other is not None else details.get("otherColumn", "")
        if note.rule == "CountFractionReading":
            fields["hint"] = text("count_thousands" if thousands else "count_whole", lang, thousands=thousands)
    return fields


def _number_text(lexical: str, lang: str) -> str:
    """A plain number as a person of ``lang`` writes it with no grouping: ``1,5`` (id) or ``1.5`` (en)."""
    return lexical.replace(".", ",") if lang == "id" else lexical


def _why(written: str, details: dict[str, str], lang: str) -> str:
    from kg.submissions.texts import text

    if not details.get("by_column"):
        return text("why_default", lang)
    mark = "." if "." in written else ","
    thousands = (mark == ".") == (details.get("convention") == "id")
    name = text("dot" if mark == "." else "comma", lang)
    return text("why_column" if thousands else "why_column_decimal", lang, mark=name)


def _row_anchor(conversion: Conversion, note) -> str:  # note: CellReading
    """An IRI for a row that made no resource (an indicators row naming no program): the file's, with the
    row as RFC 7111's fragment (``…/indikator.csv#row=5``)."""
    return f"{Path(_file_of(conversion, note.table)).resolve().as_uri()}#row={note.row}"


def _curie(iri: str) -> str:
    """``rdfs:label`` for an IRI in one of the project's namespaces, else ``<iri>``."""
    from kg.core.namespaces import PREFIXES

    found = max(
        ((prefix, space) for prefix, space in PREFIXES.items() if iri.startswith(space)),
        key=lambda p: len(p[1]),
        default=None,
    )
    return f"{found[0]}:{iri[len(found[1]) :]}" if found else f"<{iri}>"
