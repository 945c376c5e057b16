"""What the steward wrote for each program row that suggestions and the checks of its codes read: its name,
agency and initiative codes (:class:`ProgramText`), kept by the conversion (:mod:`kg.submissions.convert`) for
:mod:`kg.submissions.initiative_checks`."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProgramText:
    """What the steward wrote for one program row: the words a suggestion reads and the codes given."""

    focus: str
    row: int
    region: str
    year: str
    program_id: str
    name: str
    agency: str
    #: The ``inisiatif`` cell as written, and the known codes in it.
    written: str
    codes: tuple[str, ...]
    file: str = ""


def program_text(
    focus: str,
    row: int,
    key: tuple[str, object],
    program_id: str,
    *,
    name: str = "",
    agency: str = "",
    written: str = "",
    file: str = "",
) -> ProgramText:
    """The record of one converted row: its name, agency and initiative cells as text (``written``), and the
    name of its ``file``."""
    from kg.framework.concepts import known_initiative_notations

    known = known_initiative_notations()
    codes = tuple(dict.fromkeys(part for part in _CODE_SEPARATORS.split(written.upper()) if part in known))
    return ProgramText(
        focus=focus,
        row=row,
        region=str(key[0]),
        year=str(key[1]),
        program_id=program_id,
        name=name,
        agency=agency,
        written=written,
        codes=codes,
        file=file,
    )


_CODE_SEPARATORS = re.compile(r"[;,\s]+")
