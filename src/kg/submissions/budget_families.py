"""Budget families in rows pasted flat: a row whose amount is exactly the sum of rows below it.

A regional budget document (DPA) lists a program, then its activities (kegiatan), each followed by its
sub-activities (sub kegiatan), every line with its own amount: the program's amount holds its activities', an
activity's its sub-activities'. Pasted into the template without ``tingkat`` and ``induk``, the rows look like
separate programs and every rupiah is counted two or three times. :func:`families` finds them as budget
documents are laid out: for each row (from the last up), the run of following rows of the same agency whose
amounts add up **exactly** to its own, skipping rows already found to be inside another family (so that a
program's run is its activities once their sub-activities are claimed). A run stops as soon as it passes the
row's amount or holds :data:`LONGEST_RUN` rows: the search is linear in the rows times that bound.

A run of two rows or more is a family; one row is one only when its nomenclature code lies under the other's
(``2.16.03.1.02.0001`` under ``2.16.03.1.02``), or when, inside a larger family's run, it follows a member with
the same amount that the run could not hold twice (an activity with its one sub-activity): two neighbouring
programs with the same amount are common.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

#: The most rows one family's run may hold (a program of a DPA has a few dozen lines).
LONGEST_RUN = 200


@dataclass(frozen=True)
class BudgetRow:
    """What the search needs of a row: its number, agency, exact rupiah amount and nomenclature code."""

    row: int
    agency: str | None
    amount: Decimal
    code: str | None = None


@dataclass(frozen=True)
class Family:
    """A row that looks like the parent of ``children`` (row numbers, in order): its amount is their sum."""

    parent: int
    children: tuple[int, ...]


def _under(child: str | None, parent: str | None) -> bool:
    return bool(child and parent and child.startswith(parent + "."))


def families(rows: Iterable[BudgetRow]) -> list[Family]:
    """The families among ``rows`` (one submission's rows without ``induk``, not cancelled, with an exact
    rupiah amount, in file order), parents in file order."""
    by_agency: dict[str | None, list[BudgetRow]] = {}
    for item in rows:
        by_agency.setdefault(item.agency, []).append(item)
    found: list[Family] = []
    for group in by_agency.values():
        claimed: set[int] = set()
        for index in range(len(group) - 1, -1, -1):
            parent = group[index]
            if parent.amount <= 0:
                continue
            total = Decimal(0)
            members: list[BudgetRow] = []
            #: (member, the row right after it with the same amount): an activity with one sub-activity
            only_children: list[tuple[BudgetRow, BudgetRow]] = []
            for child in group[index + 1 :]:
                if child.row in claimed or child.amount <= 0:
                    continue
                if members and child.amount == members[-1].amount and total + child.amount > parent.amount:
                    only_children.append((members[-1], child))
                    continue
                total += child.amount
                members.append(child)
                if total == parent.amount:
                    if len(members) > 1 or _under(child.code, parent.code):
                        found.append(Family(parent.row, tuple(member.row for member in members)))
                        claimed.update(member.row for member in members)
                        for member, only in only_children:
                            found.append(Family(member.row, (only.row,)))
                            claimed.add(only.row)
                    break
                if total > parent.amount or len(members) >= LONGEST_RUN:
                    break
    return sorted(found, key=lambda family: family.parent)


def row_ranges(rows: Iterable[int]) -> str:
    """Row numbers as a person lists them: ``5–9``, ``5, 7–9, 12``."""
    numbers = sorted(set(rows))
    parts: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if start is not None and (number is None or number != previous + 1):  # type: ignore[operator]
            parts.append(str(start) if start == previous else f"{start}–{previous}")
            start = None
        if number is not None and start is None:
            start = number
        previous = number
    return ", ".join(parts)
