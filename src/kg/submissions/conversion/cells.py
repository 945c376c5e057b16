"""A row's cells → the objects of its triples: typed values, codes, agencies, web addresses, references to
another row; every reading a person might not expect noted to be said back, every unreadable cell kept as text
for the shapes to report."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kg.core.namespaces import KC, ORG, data_iri
from kg.submissions import readings
from kg.submissions.agencies import AgencyNames
from kg.submissions.conversion.plan import ColumnPlan, column_roles
from kg.submissions.conversion.records import CellNote, CellReading, Conversion
from kg.submissions.conversion.rows import ConvertedCell, RowContext, SubmissionBuilder, code_text
from kg.submissions.conversion.terms import (
    ACHIEVED,
    ALT_LABEL,
    LABEL,
    REGION,
    TARGET,
    TYPE,
    cell_text,
    literal,
    typed,
    web_address,
)

#: A code followed by the region it belongs to: ``APBD Kota Jambi``, ``APBD Kab. Bogor``, ``APBD Provinsi Jambi``.
REGION_QUALIFIED = re.compile(
    r"^(\S+)\s+(kota|kabupaten|kab\.?|provinsi|prov\.?|pemkot|pemkab|pemprov)(\s+\S.*)?$", re.IGNORECASE
)
#: The values of an indicator (baseline, target, achieved), whose unit a spreadsheet may have changed.
INDICATOR_VALUES = frozenset({TARGET, ACHIEVED, f"<{KC.baseline}>"})
#: Kinds of units, by their QUDT unit in template/units.csv: a count (orang, unit, titik: unit:NUM), a percentage.
COUNT, PERCENT = "http://qudt.org/vocab/unit/NUM", "http://qudt.org/vocab/unit/PERCENT"


def unit_kind(row: RowContext) -> str | None:
    """The QUDT unit of the row's indicator unit as written (``orang`` → unit:NUM), or ``None``."""
    written = row.cells.get(column_roles(row.table).unit)
    if written is None:
        return None
    from kg.submissions.units import unit_iri

    return unit_iri(cell_text(written))


def _reading(datatype: str | None, raw: Any, convention: str | None, amount: bool, partial: bool) -> readings.Reading:
    """A typed cell's reading (:mod:`kg.submissions.readings`)."""
    if datatype == "integer":
        return readings.read_integer(raw)
    if datatype == "date":
        return readings.read_date(raw, partial=partial)
    return readings.read_number(raw, convention=convention, amount=amount)


#: The same, remembered: a column's values repeat (dates of one year, round budgets, codes of years), and a
#: reading depends only on the value and the column's options (``typed``: 1, 1.0 and True are read apart).
_cached_reading = lru_cache(maxsize=1 << 16, typed=True)(_reading)


class CellWriter:
    """Writes the triples of a row's cells into a :class:`Conversion`, noting unreadable cells, readings to
    say back and the codes' written forms."""

    def __init__(self, conversion: Conversion, agencies: AgencyNames, region_plan: ColumnPlan | None) -> None:
        self.conversion = conversion
        self.agencies = agencies
        #: The region column's plan: its cell is read once with the row's key.
        self.region_plan = region_plan
        #: Each number column's own convention of writing numbers (1.250.000 or 1,250,000), from its values.
        self.conventions: dict[str, str | None] = {}

    def note(
        self, rule: str, row: RowContext, column: str, written: str, focus: str, predicate: str, details: dict[str, str]
    ) -> None:
        """A reading to say back about a cell of ``row`` (see :class:`CellReading`)."""
        self.conversion.readings.append(
            CellReading(rule, row.table, row.number, column, written, focus.strip("<>"), predicate.strip("<>"), details)
        )

    def unreadable(
        self, plan: ColumnPlan, text: str, number: int, expected: str, row: RowContext | None = None, subject: str = ""
    ) -> str | None:
        """A cell that cannot be read as its column says, kept as a plain literal (the shapes report it); in an
        optional column that leaves such a value out (:attr:`Column.left_out`), ``None``: no triple, and a
        Warning saying so (an unreadable amount is then no money of the totals, never a text among numbers)."""
        if plan.column.left_out and row is not None:
            kind = "amount" if plan.approximate_predicate is not None else plan.column.datatype
            self.note("UnreadableLeftOutReading", row, plan.name, text, subject, plan.predicate, {"kind": kind})
            return None
        self.conversion.cell_errors.append(CellNote(number, plan.name, text, expected))
        return literal(text)

    # -- cells

    def cells(self, subject: str, plans: Iterable[ColumnPlan], row: RowContext, lines: list[str]) -> None:
        """The triples of ``subject``'s cells (several for a column with a separator) appended to ``lines``."""
        cells = row.cells
        for plan in plans:
            value = cells.get(plan.name)
            if value is None or not plan.predicate:
                continue
            if plan is self.region_plan:  # read once with the row's key (Excel numbers, drop-down entries)
                lines.append(f"{subject} {plan.predicate} {self._region(plan, row)} .")
                continue
            if plan.codes is not None:
                for obj in self._codes(plan, value, row, subject):
                    lines.append(f"{subject} {plan.predicate} {obj} .")
                continue
            if plan.separator:
                values = [part.strip() for part in cell_text(value).split(plan.separator) if part.strip()]
            else:
                values = [value]
            for raw in values:
                self._value(subject, plan, raw, row, lines)

    def _value(self, subject: str, plan: ColumnPlan, raw: Any, row: RowContext, lines: list[str]) -> None:
        """The triple of one value of a cell that holds no code."""
        predicate = plan.predicate
        if plan.datatype is not None:
            obj, predicate = self._typed_cell(plan, raw, row, subject)
            if obj is None:  # "no budget" (nihil, -): the amount stated as none, no value
                return
        elif plan.names_class is not None:
            obj = self._agency(plan, cell_text(raw), row, lines)
        elif plan.web_address:
            written = cell_text(raw)
            obj = web_address(written) or self.unreadable(plan, written, row.number, "anyURI", row, subject)
            if obj is None:
                return
        elif plan.reference_template is not None:
            region, year = row.submission.key
            values = {plan.name: cell_text(raw)}
            reference = data_iri(plan.reference_template, region, year, row.program_id, values=values)
            self.conversion.codes.setdefault(reference, cell_text(raw))
            obj = f"<{reference}>"
        else:
            obj = literal(cell_text(raw), plan.lang_suffix)
            if plan.unit_predicate and plan.units_from:
                from kg.submissions.units import unit_iri

                unit = unit_iri(cell_text(raw), plan.units_from)
                if unit is not None:
                    lines.append(f"{subject} {plan.unit_predicate} <{unit}> .")
        lines.append(f"{subject} {predicate} {obj} .")

    # -- typed cells

    def _typed_cell(self, plan: ColumnPlan, raw: Any, row: RowContext, subject: str) -> tuple[str | None, str]:
        """A typed cell's object and predicate (an approximate amount's own predicate), its reading noted;
        ``None`` for an amount written as "no budget" (``nihil``, ``-``)."""
        written = cell_text(raw)
        options = (self.conventions.get(plan.name), plan.approximate_predicate is not None, plan.column.partial_dates)
        try:
            reading = _cached_reading(plan.datatype, raw, *options)
        except TypeError:  # a cell value that cannot be a key
            reading = _reading(plan.datatype, raw, *options)
        if reading.lexical is None:
            if reading.rule == readings.NO_AMOUNT and plan.approximate_predicate is not None:
                self.note(reading.rule, row, plan.name, written, subject, plan.predicate, {})
                return None, plan.predicate
            return self.unreadable(plan, written, row.number, plan.column.datatype, row, subject), plan.predicate
        if plan.predicate in INDICATOR_VALUES:
            reading = self._count_reading(reading, raw, written, row, plan, subject)
        unit = ""
        if reading.rule == readings.PERCENT_SIGN:  # 50% in a row whose satuan is not a percent: said, as a Warning
            unit = cell_text(row.cells.get(column_roles(row.table).unit, ""))
            if unit and unit_kind(row) != PERCENT:
                reading = dataclasses.replace(reading, rule="PercentUnitReading")
        predicate = plan.predicate
        if reading.currency and plan.approximate_predicate is not None:
            row.currencies[subject] = reading.currency
        if reading.approximate and plan.approximate_predicate:
            predicate = plan.approximate_predicate
            self.conversion.written[(subject.strip("<>"), predicate.strip("<>"))] = written
        row.read.append(ConvertedCell(plan.name, written, reading, subject, predicate))
        if reading.rule is not None and reading.rule != readings.APPROXIMATE_AMOUNT:  # a shape says that one
            details = {"read": reading.lexical or "", "datatype": reading.datatype}
            if reading.currency:
                details["currency"] = reading.currency
            if unit:
                details["unit"] = unit
            if reading.alternative is not None:
                details.update(
                    other=reading.alternative,
                    convention=reading.convention or "",
                    by_column="1" if reading.by_column else "",
                )
            self.note(reading.rule, row, plan.name, written, subject, predicate, details)
        return typed(reading.lexical or "", reading.datatype), predicate

    def _count_reading(
        self, reading: readings.Reading, raw: Any, written: str, row: RowContext, plan: ColumnPlan, subject: str
    ) -> readings.Reading:
        """An indicator value in a count unit (orang, unit, titik …) has one reading, a whole number: ``1.120``
        is 1,120 (no "two readings" warning); a fraction is said back once: ``1.120`` read as 1.12 by an English
        spreadsheet with the whole number it likely was, ``95,5`` (a decimal comma) as not a whole number."""
        if unit_kind(row) != COUNT or reading.lexical is None:
            return reading
        if reading.rule == readings.AMBIGUOUS_NUMBER and reading.alternative is not None:
            # a group of three digits after the mark is thousands: a count is not written 20.000 for 20
            thousands = max(reading.lexical, reading.alternative, key=Decimal)
            return readings.Reading(thousands, reading.datatype, separated=True)
        # a fraction is said back however it was written; one a spreadsheet may have made (a number cell, or text
        # with a decimal dot, as a CSV an English spreadsheet wrote) with the thousands it likely was; 95,5 typed
        # with a decimal comma is the steward's own fraction: no thousands to suggest, only a whole number
        if "." in reading.lexical:
            changed = isinstance(raw, float) or ("." in written and "," not in written)
            fraction = reading.lexical.split(".", 1)[1]
            thousands = readings.decimal_text(Decimal(reading.lexical) * 1000) if changed and len(fraction) <= 3 else ""
            unit = cell_text(row.cells.get(column_roles(row.table).unit, ""))
            details = {"read": reading.lexical, "unit": unit, "thousands": thousands}
            self.note("CountFractionReading", row, plan.name, written, subject, plan.predicate, details)
        return reading

    # -- coded cells

    def _region(self, plan: ColumnPlan, row: RowContext) -> str:
        text = row.submission.key[0]
        iri = (plan.codes or {}).get(text.casefold())
        if iri is None:
            return self.unreadable(plan, text, row.number, plan.column.values_from or "") or literal(text)
        self.conversion.codes.setdefault(iri, text)
        return f"<{iri}>"

    def _codes(self, plan: ColumnPlan, value: Any, row: RowContext, subject: str) -> list[str]:
        """The objects of a coded cell: its codes, a code's other spelling (said back), codes separated by
        commas when every one is a code (said back); an unknown code is kept as text for the shapes."""
        text = cell_text(value)
        parts = [part.strip() for part in text.split(plan.separator)] if plan.separator else [text]
        found = []
        for part in (part for part in parts if part):
            iri = self.code(plan, part)
            if iri is not None:
                found.append(self._coded(plan, iri, part, row, subject))
                continue
            pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
            iris = [self.code(plan, piece) for piece in pieces]
            if plan.separator and len(pieces) > 1 and all(iris):
                read = [self._code_of(plan, piece) for piece in pieces]
                details = {"read": plan.separator.join(read)}
                self.note("CodeSeparatorReading", row, plan.name, part, subject, plan.predicate, details)
                found.extend(
                    self._coded(plan, iri, piece, row, subject, quiet=True)
                    for iri, piece in zip(iris, pieces, strict=True)
                    if iri is not None
                )
                continue
            qualified = self._qualified(plan, part)
            if qualified is not None:  # APBD Kota Jambi: the region's own APBD
                code = REGION_QUALIFIED.match(" ".join(part.split())).group(1)  # type: ignore[union-attr]
                self.note("CodeAliasReading", row, plan.name, part, subject, plan.predicate, {"read": code.upper()})
                found.append(self._coded(plan, qualified, part, row, subject, quiet=True))
                continue
            unreadable = self.unreadable(plan, part, row.number, plan.column.values_from or "", row, subject)
            if unreadable is not None:
                found.append(unreadable)
        return found

    def code(self, plan: ColumnPlan, text: str) -> str | None:
        """The IRI of the code a text names in a coded column (its code, drop-down entry or other spelling)."""
        codes = plan.codes or {}
        key = text.casefold()
        iri = codes.get(key) or codes.get(code_text(text).casefold())
        if iri is None and key in plan.aliases:
            iri = plan.aliases[key].iri
        return iri

    def _qualified(self, plan: ColumnPlan, text: str) -> str | None:
        """The code a value names with its region after it (``APBD Kota Jambi``, ``APBD Provinsi Jambi``)."""
        match = REGION_QUALIFIED.match(" ".join(text.split()))
        return (plan.codes or {}).get(match.group(1).casefold()) if match else None

    def _code_of(self, plan: ColumnPlan, text: str) -> str:
        key = text.casefold()
        if key in plan.aliases and key not in (plan.codes or {}):
            return plan.aliases[key].code
        return code_text(text)

    def _coded(self, plan: ColumnPlan, iri: str, text: str, row: RowContext, subject: str, quiet: bool = False) -> str:
        key = text.casefold()
        codes = plan.codes or {}
        if (
            not quiet
            and key not in codes
            and code_text(text).casefold() not in codes
            and key in plan.aliases
            and not plan.aliases[key].own_label
        ):
            details = {"read": plan.aliases[key].code}
            self.note("CodeAliasReading", row, plan.name, text, subject, plan.predicate, details)
        self.conversion.codes.setdefault(iri, code_text(text))
        return f"<{iri}>"

    # -- agencies

    def _agency(self, plan: ColumnPlan, text: str, row: RowContext, lines: list[str]) -> str:
        """The agency named by the cell, resolved to one agency of the region (another spelling said back and
        kept as ``skos:altLabel``), described the first time its submission meets it."""
        submission = row.submission
        region, year = submission.key
        resolved = self.agencies.resolve(region, text, year, row.number)
        row.agency = resolved.iri
        resource = self._describe_agency(resolved, plan, submission, lines)
        if resolved.parent is not None:  # a unit (Bidang, UPT) of the agency it names
            parent = self._describe_agency(resolved.parent, plan, submission, lines)
            lines.append(f"{resource} <{ORG.subOrganizationOf}> {parent} .")
            if (resolved.iri, "unit") not in submission.agencies:
                submission.agencies.add((resolved.iri, "unit"))
                details = {"read": resolved.parent.label}
                self.note("AgencyUnitReading", row, plan.name, text, resolved.iri, plan.predicate, details)
        if resolved.respelled:
            # a known abbreviation met first is a reading said back; another spelling of an agency already known
            # (loaded for the region, or named otherwise on another row) a warning suggesting its known name
            rule = "AgencyAbbreviationReading" if resolved.first and resolved.source == "table" else "AgencyNameReading"
            source = resolved.source if resolved.first or resolved.source == "store" else "file"
            details = {"read": resolved.label, "source": source}
            if source == "file":
                details.update(row=str(resolved.first_row or ""), written=resolved.first_written)
            self.note(rule, row, plan.name, text, resolved.iri, plan.predicate, details)
        return resource

    def _describe_agency(self, resolved, plan: ColumnPlan, submission: SubmissionBuilder, lines: list[str]) -> str:
        """The agency's triples (type, label, region; a new spelling as ``skos:altLabel``), once per submission."""
        resource = f"<{resolved.iri}>"
        if (resolved.iri, "") not in submission.agencies:
            submission.agencies.add((resolved.iri, ""))
            lines.append(f"{resource} {TYPE} {plan.names_class} .")
            lines.append(f"{resource} {LABEL} {literal(resolved.label, plan.lang_suffix)} .")
            if submission.region_iri:
                lines.append(f"{resource} {REGION} <{submission.region_iri}> .")
        if resolved.respelled and (resolved.iri, resolved.written) not in submission.agencies:
            submission.agencies.add((resolved.iri, resolved.written))
            lines.append(f"{resource} {ALT_LABEL} {literal(resolved.written, plan.lang_suffix)} .")
        return resource
