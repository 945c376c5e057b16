"""The indicators table (the Indicators sheet, or a CSV of its own): each row names its program by the key
columns, and makes an indicator of that program (named, with unit and direction) and its assessment for a
period, with their own ``kc:sourceRow``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kg.core.namespaces import KC, data_iri, key_columns
from kg.core.template_metadata import INDICATORS_TABLE
from kg.submissions import readings
from kg.submissions.conversion.cells import CellWriter
from kg.submissions.conversion.checks import check_pairs, suggest_shared
from kg.submissions.conversion.plan import INDICATOR, ResourcePlan, TablePlan, column_roles, table_template
from kg.submissions.conversion.records import CellReading
from kg.submissions.conversion.rows import RowContext, SubmissionBuilder, region_text
from kg.submissions.conversion.terms import SOURCE_ROW, TYPE, XSD_INTEGER, cell_text, typed
from kg.submissions.periods import CALCULATION_PERIOD, period_iri
from kg.submissions.tables import TableRow

#: Whatever converts a programs table (:class:`kg.submissions.conversion.programs.ProgramsConverter`).
Owner = TypeVar("Owner")


@dataclass(frozen=True)
class ProgramEntry:
    """A program an indicators row may name: its submission, program id, region code and year as written."""

    submission: SubmissionBuilder
    program_id: str
    region: str
    year: int | str


@dataclass(frozen=True)
class Candidate(Generic[Owner]):
    """A program of the programs tables converted together, and what converts its table."""

    program: str
    entry: ProgramEntry
    owner: Owner


class ProgramIndex(Generic[Owner]):
    """The programs of every programs table converted together, by program id: where each row of an
    indicators table belongs (its program, or a reading saying why none)."""

    def __init__(self, owners: list[Owner], programs: list[dict[str, ProgramEntry]]) -> None:
        self.owners = owners
        self.by_id: dict[str, list[Candidate[Owner]]] = {}
        for owner, entries in zip(owners, programs, strict=True):
            for program, entry in entries.items():
                self.by_id.setdefault(entry.program_id.casefold(), []).append(Candidate(program, entry, owner))
        self._found: dict[int, Candidate[Owner] | CellReading] = {}

    def match(self, row: TableRow) -> Candidate[Owner] | CellReading:
        """The program ``row`` names, or the reading saying it names none or several."""
        key = id(row)
        if key in self._found:
            return self._found[key]
        region_column, year_column, id_column = key_columns()
        program_id = cell_text(row.cells.get(id_column, ""))
        candidates = self.by_id.get(program_id.casefold(), [])
        year_value = row.cells.get(year_column)
        if year_value is not None:
            year = readings.read_integer(year_value).lexical
            candidates = [item for item in candidates if str(item.entry.year) == (year or cell_text(year_value))]
        region_value = row.cells.get(region_column)
        if region_value is not None:
            region = region_text(region_value)
            candidates = [item for item in candidates if item.entry.region == region]
        found: Candidate[Owner] | CellReading
        if len(candidates) == 1:
            found = candidates[0]
        else:
            where = ", ".join(f"{item.entry.region} {item.entry.year}" for item in candidates[:5])
            problem = "several" if candidates else "none"
            found = CellReading(
                "IndicatorProgramReading",
                INDICATORS_TABLE,
                row.number,
                id_column,
                program_id,
                "",
                str(KC.indicator),
                {"problem": problem, "where": where},
            )
        self._found[key] = found
        return found

    def owner(self, row: TableRow) -> Owner | None:
        """What converts the row: its program's; for a row naming none, the first (which says so)."""
        found = self.match(row)
        if isinstance(found, CellReading):
            return self.owners[0] if self.owners else None
        return found.owner


def indicator_row(writer: CellWriter, row: TableRow, plan: TablePlan, found: Candidate[Any]) -> None:
    """The triples of one row of the indicators table: its indicator (the first time the submission meets it)
    and its assessment."""
    entry = found.entry
    submission = entry.submission
    roles = column_roles(INDICATORS_TABLE)
    name = cell_text(row.cells.get(roles.indicator_name, ""))
    context = RowContext(INDICATORS_TABLE, row.number, row.cells, submission, entry.program_id)
    lines: list[str] = []
    indicator_plan = plan.resource(INDICATOR)
    assert indicator_plan is not None, "the indicators table describes an indicator"
    indicator = data_iri(
        indicator_plan.template,
        entry.region,
        entry.year,
        entry.program_id,
        row=row.number if not name else None,
        names={roles.indicator_name: name},
    )
    node = f"<{indicator}>"
    if indicator not in submission.indicators:
        submission.indicators[indicator] = row.number
        _describe_indicator(writer, context, indicator_plan, found.program, node, lines)
    subject = _assessment(writer, context, plan, entry, name, lines)
    lines.append(f"{node} <{KC.assessment}> {subject} .")
    submission.add(lines, program=False)
    check_pairs(writer, context)
    if submission.indicators.get(indicator) == row.number:  # once per indicator, on its first row
        suggest_shared(writer, context, indicator)


def _describe_indicator(
    writer: CellWriter, row: RowContext, plan: ResourcePlan, program: str, node: str, lines: list[str]
) -> None:
    lines.append(f"{node} {TYPE} {plan.type_object or f'<{KC.Indicator}>'} .")
    lines.append(f'{node} {SOURCE_ROW} "{row.number}"^^{XSD_INTEGER} .')
    lines.append(f"<{program}> {plan.link} {node} .")
    writer.cells(node, plan.columns, row, lines)


def _assessment(
    writer: CellWriter, row: RowContext, plan: TablePlan, entry: ProgramEntry, name: str, lines: list[str]
) -> str:
    """The assessment's triples appended to ``lines`` (a second one for the same period made the row's own,
    and said back); its subject."""
    roles = column_roles(INDICATORS_TABLE)
    submission, region, year, program_id = entry.submission, entry.region, entry.year, entry.program_id
    period_cell = row.cells.get(roles.period)
    period_reading = readings.read_date(period_cell, partial=True) if period_cell is not None else None
    period = period_reading.lexical if period_reading and period_reading.lexical else str(year)
    assessment = data_iri(
        table_template(INDICATORS_TABLE),
        region,
        year,
        program_id,
        names={roles.indicator_name: name},
        values={roles.period: period},
    )
    if assessment in submission.assessments:
        first = str(submission.assessments[assessment])
        details = {"problem": "duplicate", "indicator": name, "period": period, "first": first}
        writer.note("IndicatorProgramReading", row, roles.period, period, assessment, str(KC.period), details)
        assessment = f"{assessment}#row-{row.number}"
    submission.assessments.setdefault(assessment, row.number)
    subject = f"<{assessment}>"
    for predicate, obj in plan.constant:
        if "{" in obj:  # the region assessed: expanded (percent-encoded) as every IRI of the row
            obj = f"<{data_iri(obj.strip('<>'), region, year, program_id)}>"
        lines.append(f"{subject} {predicate} {obj} .")
    lines.append(f'{subject} {SOURCE_ROW} "{row.number}"^^{XSD_INTEGER} .')
    if period_cell is None and isinstance(year, int):  # the program's fiscal year
        lines.append(f"{subject} <{KC.period}> {typed(str(year), 'gYear')} .")
    stated = period_reading.lexical if period_reading is not None else str(year) if isinstance(year, int) else None
    calculation_period = period_iri(stated) if stated else None
    if calculation_period is not None:  # SAREF4CITY's period: an OWL-Time interval (kg.submissions.periods)
        lines.append(f"{subject} {CALCULATION_PERIOD} <{calculation_period}> .")
    writer.cells(subject, plan.own, row, lines)
    return subject
