"""Checks across the cells of a row (a percentage stored as a fraction, a target and achieved value a thousand
times apart), across the rows of a submission (amounts that are the sums of rows below them), and the shared
indicator a free-text indicator most likely is: each said back as a reading."""

from __future__ import annotations

from decimal import Decimal

from kg.core.namespaces import KC
from kg.submissions import readings
from kg.submissions.conversion.cells import INDICATOR_VALUES, PERCENT, CellWriter, unit_kind
from kg.submissions.conversion.plan import TablePlan, column_roles
from kg.submissions.conversion.rows import ConvertedCell, RowContext
from kg.submissions.conversion.terms import ACHIEVED, TARGET, cell_text

#: A target and achieved value this many times apart, which the other reading of one of them brings within
#: :data:`_PLAUSIBLE_FACTOR` of each other, are said back as a possible thousands-separator mistake.
_SUSPICIOUS_FACTOR = 100
_PLAUSIBLE_FACTOR = 10


def check_pairs(writer: CellWriter, row: RowContext) -> None:
    """The checks across the values of a row's indicator: a percentage's fraction, a thousands factor."""
    _check_percent(writer, row)
    _check_thousands(writer, row)


def _check_percent(writer: CellWriter, row: RowContext) -> None:
    """A persen indicator with values between 0 and 1 beside values above 1 (``50%`` stored by a spreadsheet
    as 0.5 beside a target of 85): each such value said back once, with the percentage it likely was."""
    if unit_kind(row) != PERCENT:
        return
    by_subject: dict[str, list[ConvertedCell]] = {}
    for cell in row.read:
        if cell.predicate in INDICATOR_VALUES and cell.reading.lexical is not None:
            by_subject.setdefault(cell.focus, []).append(cell)
    for cells in by_subject.values():
        values = [(cell, Decimal(cell.reading.lexical or "0")) for cell in cells]
        large = [(cell, value) for cell, value in values if value > 1]
        if not large:
            continue
        for cell, value in values:
            if 0 < value < 1:  # 1 itself is as often 1 % as a stored 100 %
                details = {
                    "read": cell.reading.lexical or "",
                    "percent": readings.decimal_text(value * 100),
                    "other": large[0][0].reading.lexical or "",
                    "otherColumn": large[0][0].column,
                }
                writer.note(
                    "PercentFractionReading", row, cell.column, cell.written, cell.focus, cell.predicate, details
                )


def _check_thousands(writer: CellWriter, row: RowContext) -> None:
    """A target and achieved value about a thousand times apart, one of them ambiguous (``1.500``), whose
    other reading brings them together: said back once, in place of the ambiguity warning."""
    by_subject: dict[str, dict[str, ConvertedCell]] = {}
    for cell in row.read:
        if cell.predicate == TARGET or cell.predicate == ACHIEVED:
            by_subject.setdefault(cell.focus, {})[cell.predicate] = cell
    for pair in by_subject.values():
        if len(pair) != 2:
            continue
        target, achieved = pair[TARGET], pair[ACHIEVED]
        for suspect, other in ((achieved, target), (target, achieved)):
            alternative = suspect.reading.alternative
            if alternative is None:
                continue
            now = factor(suspect.reading.lexical, other.reading.lexical)
            then = factor(alternative, other.reading.lexical)
            if now is None or then is None or now < _SUSPICIOUS_FACTOR or then > _PLAUSIBLE_FACTOR:
                continue
            writer.conversion.readings = [
                note
                for note in writer.conversion.readings
                if not (
                    note.row == row.number
                    and note.table == row.table
                    and note.column == suspect.column
                    and note.rule == readings.AMBIGUOUS_NUMBER
                )
            ]
            details = {
                "read": suspect.reading.lexical or "",
                "other": alternative,
                "target": target.reading.lexical or "",
                "achieved": achieved.reading.lexical or "",
                "factor": str(round(now)),
            }
            writer.note(
                "ThousandFactorReading", row, suspect.column, suspect.written, suspect.focus, suspect.predicate, details
            )
            break


def factor(first: str | None, second: str | None) -> float | None:
    """How many times the larger of two positive numbers is the smaller, or ``None``."""
    try:
        a, b = abs(float(first)), abs(float(second))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if a == 0 or b == 0:
        return None
    return max(a, b) / min(a, b)


def budget_families(writer: CellWriter, plan: TablePlan, rows: list[tuple[RowContext, str]]) -> None:
    """Rows of one submission (with their program's subject) pasted flat whose amount is the sum of rows below
    them (:mod:`kg.submissions.budget_families`), each said back on the parent's budget."""
    from kg.submissions.budget_families import BudgetRow, families, row_ranges

    roles = column_roles()
    parents = {
        cell_text(row.cells[roles.parent]).casefold() for row, _ in rows if row.cells.get(roles.parent) is not None
    }
    status = plan.own_column(roles.status) if roles.status else None
    candidates: list[BudgetRow] = []
    subjects: dict[int, tuple[RowContext, str]] = {}
    for row, subject in rows:
        if row.cells.get(roles.parent) is not None or row.program_id.casefold() in parents:
            continue
        if status is not None and writer.code(status, cell_text(row.cells.get(roles.status, ""))) == str(KC.Cancelled):
            continue
        amount = next(
            (
                cell.reading
                for cell in row.read
                if cell.column == roles.planned_budget and cell.predicate != f"<{KC.approximateValue}>"
            ),
            None,
        )
        if amount is None or amount.lexical is None or amount.currency or amount.approximate:
            continue
        code = row.cells.get(roles.nomenclature)
        nomenclature = cell_text(code) if code is not None else None
        candidates.append(BudgetRow(row.number, row.agency, Decimal(amount.lexical), nomenclature))
        subjects[row.number] = (row, subject)
    for family in families(candidates):
        row, subject = subjects[family.parent]
        written = cell_text(row.cells[roles.planned_budget])
        details = {"rows": row_ranges(family.children)}
        writer.note(
            "BudgetFamilyReading", row, roles.planned_budget, written, subject, f"<{KC.plannedBudget}>", details
        )


def suggest_shared(writer: CellWriter, row: RowContext, indicator: str) -> None:
    """An Info naming the shared indicator (kc:SharedIndicatorScheme) a free-text indicator most likely is,
    when the row names none in its shared-indicator column (kg.suggest's BM25 ranking, as for initiatives)."""
    roles = column_roles(row.table)
    name = cell_text(row.cells.get(roles.indicator_name) or "").strip()
    if not name or cell_text(row.cells.get(roles.shared_indicator) or "").strip():
        return
    from kg.suggest.indicators import suggest_shared_indicator

    found = suggest_shared_indicator(name)
    if found is not None:
        details = {"read": found.notation, "label": found.label_id, "labelEn": found.label_en}
        writer.note(
            "SharedIndicatorReading", row, roles.indicator_name, name, indicator, str(KC.sharedIndicator), details
        )
