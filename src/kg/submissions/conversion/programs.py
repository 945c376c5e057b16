"""The programs table of one file → its submissions' triples: per row the program (its constant triples, its
``kc:sourceRow``, its cells) and the resources below it (amounts, the single indicator and its assessment) that
have a value; then the rows of the indicators tables naming its programs."""

from __future__ import annotations

import re
from pathlib import Path

from kg.core.namespaces import data_iri, program_iri
from kg.core.template_metadata import INDICATORS_TABLE, PROGRAMS_TABLE
from kg.submissions import readings
from kg.submissions.agencies import AgencyNames
from kg.submissions.conversion.cells import CellWriter
from kg.submissions.conversion.checks import budget_families, check_pairs, suggest_shared
from kg.submissions.conversion.indicators import ProgramEntry, ProgramIndex, indicator_row
from kg.submissions.conversion.plan import INDICATOR, ResourcePlan, TablePlan, column_roles, plan_for
from kg.submissions.conversion.records import CellReading, Conversion, TableLayout, TableSource
from kg.submissions.conversion.rows import RowContext, SubmissionBuilder, SubmissionKey, row_key
from kg.submissions.conversion.terms import CURRENCY, SOURCE_ROW, TYPE, XSD_INTEGER, cell_text, literal, typed
from kg.submissions.program_texts import program_text
from kg.submissions.tables import Table, TableRow


def _conventions(table: Table, plan: TablePlan) -> dict[str, str | None]:
    """Each number column's own convention of writing numbers (1.250.000 or 1,250,000), from its values."""
    return {
        item.name: readings.column_convention([row.cells.get(item.name) for row in table.rows])
        for item in plan.numbers()
    }


def _layout(table: Table) -> TableLayout:
    return TableLayout(table.header_row, dict(table.positions), table.sheet)


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda match: values.get(match.group(1), ""), template)


class ProgramsConverter:
    """Converts the rows of the tables of one file (the programs, and the indicators of its workbook or of
    other files given with it); notes unreadable cells, readings to say back and the codes' written forms."""

    def __init__(self, table: Table, agencies: AgencyNames) -> None:
        self.table = table
        self.file_name = Path(table.source).name
        self.plan = plan_for(table.columns)
        layout = _layout(table)
        self.conversion = Conversion(
            source_file=table.source, layout=layout, tables={PROGRAMS_TABLE: TableSource(table.source, layout)}
        )
        self.submissions: dict[SubmissionKey, SubmissionBuilder] = {}
        roles = column_roles()
        region_plan = self.plan.own_column(roles.region)
        self.region_codes = (region_plan.codes if region_plan else None) or {}
        self.writer = CellWriter(self.conversion, agencies, region_plan)
        self.writer.conventions = _conventions(table, self.plan)
        #: plain program IRI → the program an indicators row may name
        self.programs: dict[str, ProgramEntry] = {}

    # -- programs

    def convert_programs(self) -> None:
        """Every row of the programs table; then, per submission, the amounts that are sums of other rows."""
        flat: dict[SubmissionKey, list[tuple[RowContext, str]]] = {}
        indicator_plan = self.plan.resource(INDICATOR)
        for row in self.table.rows:
            if row.overflow is not None:  # a CSV record shifted by a comma: one result, not its shifted cells'
                self._overflowing(row, PROGRAMS_TABLE)
                continue
            self._controls(row, PROGRAMS_TABLE)
            key = row_key(row.cells)
            submission = self._submission((key.region, key.year))
            context = RowContext(PROGRAMS_TABLE, row.number, row.cells, submission, key.program_id)
            lines = self._program_lines(context)
            submission.add(lines)
            check_pairs(self.writer, context)
            if indicator_plan is not None:
                indicator = data_iri(indicator_plan.template, key.region, key.year, key.program_id)
                suggest_shared(self.writer, context, indicator)
            flat.setdefault(submission.key, []).append((context, lines[0].split(" ", 1)[0]))
        for rows in flat.values():
            budget_families(self.writer, self.plan, rows)

    def _overflowing(self, row: TableRow, table: str) -> None:
        """A CSV record with more fields than its header, said once (its cells are shifted: none is read)."""
        assert row.overflow is not None
        extra, split = row.overflow
        details = {"extra": str(extra), "split": split}
        self.conversion.readings.append(
            CellReading("CsvExtraFieldsReading", table, row.number, "", split, "", "", details)
        )

    def _controls(self, row: TableRow, table: str) -> None:
        """The cells whose invisible control characters were removed as the table was read, each said back."""
        for column, found in row.controls.items():
            read = str(row.cells.get(column, ""))
            details = {"characters": found, "read": read}
            self.conversion.readings.append(
                CellReading("ControlCharacterReading", table, row.number, column, read, "", "", details)
            )

    def finish(self) -> Conversion:
        """The conversion, its submissions' triples joined."""
        for key, builder in self.submissions.items():
            data = builder.finish(self.table.source)
            self.conversion.submissions[key] = data
            self.conversion.triple_count += data.triple_count
        self.submissions.clear()
        return self.conversion

    def _submission(self, key: SubmissionKey) -> SubmissionBuilder:
        builder = self.submissions.get(key)
        if builder is None:
            builder = self.submissions[key] = SubmissionBuilder(key, self.region_codes.get(key[0].casefold()))
        return builder

    def _program_lines(self, row: RowContext) -> list[str]:
        submission = row.submission
        region, year = submission.key
        program_id = row.program_id
        program = program_iri(region, year, program_id)
        own_row = None
        if not program_id or program in submission.programs:  # missing or repeated: the row's own node, so
            own_row = row.number  # that the shapes can point at each row
            program = program_iri(region, year, program_id, row=own_row)
        else:
            self.programs[program] = ProgramEntry(submission, program_id, region, year)
        submission.programs.add(program)
        roles = column_roles()

        def written(column: str) -> str:
            value = row.cells.get(column)
            return cell_text(value) if value is not None else ""

        text = program_text(
            program,
            row.number,
            submission.key,
            program_id,
            name=written(roles.name),
            agency=written(roles.agency),
            written=written(roles.initiatives),
            file=self.file_name,
        )
        self.conversion.programs[program] = text
        subject = f"<{program}>"
        lines = [f"{subject} {predicate} {obj} ." for predicate, obj in self.plan.constant]
        lines.append(f'{subject} {SOURCE_ROW} "{row.number}"^^{XSD_INTEGER} .')
        lines.append(f"{subject} {self.plan.submission_link} <{submission.iri}> .")
        self.writer.cells(subject, self.plan.own, row, lines)
        self._resources(subject, row, lines, own_row)
        return lines

    def _resources(self, subject: str, row: RowContext, lines: list[str], own_row: int | None) -> None:
        """The resources below the row's own: those with a value (or a resource with one below them)."""
        plans = self.plan.resources
        present = {plan.kind for plan in plans if any(item.name in row.cells for item in plan.columns)}
        for plan in reversed(plans):  # children first: a resource exists when one below it does
            if plan.kind in present:
                present.add(plan.parent)
        region, year = row.submission.key
        iris = {self.plan.kind: subject}
        for plan in plans:
            if plan.kind not in present or plan.parent not in iris:
                continue
            node = f"<{data_iri(plan.template, region, year, row.program_id, row=own_row)}>"
            iris[plan.kind] = node
            self._resource(node, plan, row, lines)
            lines.append(f"{iris[plan.parent]} {plan.link} {node} .")

    def _resource(self, node: str, plan: ResourcePlan, row: RowContext, lines: list[str]) -> None:
        """The triples of one resource below the row's own: its type, literals made from the row, its cells and
        its constants."""
        region, year = row.submission.key
        if plan.type_object:
            lines.append(f"{node} {TYPE} {plan.type_object} .")
        for predicate, template, datatype in plan.made:
            text = _fill(template, {column_roles().year: str(year)})
            if datatype == "@id":  # the region of the row's submission (its key, read once)
                region_iri = data_iri(template, region, year, row.program_id)  # percent-encoded as read
                lines.append(f"{node} {predicate} <{region_iri}> .")
                continue
            if datatype == "gYear" and not re.fullmatch(r"\d{4}", text):
                continue
            lines.append(f"{node} {predicate} {typed(text, datatype) if datatype else literal(text)} .")
        self.writer.cells(node, plan.columns, row, lines)
        # the constants after the cells: an amount written in another currency (14,2 juta Euro) states it
        currency = row.currencies.get(node)
        lines.extend(
            f"{node} {predicate} {literal(currency) if currency and predicate == CURRENCY else obj} ."
            for predicate, obj in plan.constants
        )

    # -- the indicators table

    def add_indicators(self, table: Table, program_index: ProgramIndex[ProgramsConverter]) -> None:
        """The rows of an indicators table whose program is in this conversion (see :class:`ProgramIndex`)."""
        plan = plan_for(table.columns, INDICATORS_TABLE)
        self.conversion.tables[INDICATORS_TABLE] = TableSource(table.source, _layout(table))
        saved, self.writer.conventions = self.writer.conventions, _conventions(table, plan)
        try:
            for row in table.rows:
                if row.overflow is not None:
                    if table.source == self.table.source or program_index.owner(row) is self:
                        self._overflowing(row, INDICATORS_TABLE)
                    continue
                if program_index.owner(row) is not self:
                    continue
                self._controls(row, INDICATORS_TABLE)
                found = program_index.match(row)
                if isinstance(found, CellReading):
                    self.conversion.readings.append(found)
                else:
                    indicator_row(self.writer, row, plan, found)
        finally:
            self.writer.conventions = saved
