""" "Did you mean": the code a steward most likely meant by a value a coded column does not know.

For the columns whose values come from a code list (initiatives, region codes, statuses, beneficiary groups,
funding sources, pillars, levels, directions: :func:`kg.submissions.template.code_list`):

* an initiative written as its label (``Sarana prasarana transportasi publik ramah semua`` is MOB-01's), a
  region written as its name (``Kota Bandung`` → 32.73; ``Bandung`` → 32.73 or 32.04,
  :func:`kg.framework.regions.find_regions`), any code written as one of its labels;
* a near-miss code: ``GOV 5``, ``gov05``, ``GOV-5`` → GOV-05; ``3273`` or ``32,73`` → 32.73; ``jalan`` →
  berjalan (a code that holds the value), and a close spelling (``berjlan``, ``MOB-1O``);
* several codes separated by commas where one is unknown (``GOV-05, GOV-99``): use ``;`` between codes, and a
  suggestion for each unknown part; several known codes separated by spaces or ``/`` (``GOV-05 GOV-04``): use
  ``;``.

:func:`suggest` returns what a message adds (:func:`kg.submissions.texts.did_you_mean` writes it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache

from kg.submissions.template import Code, code_list, column, columns

#: How many codes a suggestion names at most.
MOST = 3
_CODE_PARTS = re.compile(r"^([A-Za-z]{3})[\s._-]*0*(\d{1,2})$")
_REGION_DIGITS = re.compile(r"^(\d{2})[\s.,_-]?(\d{2})$")


@dataclass(frozen=True)
class Suggestion:
    """What to tell the steward about an unknown value: the codes meant (code, label), and whether codes
    should be separated by ``;`` (with the suggestions for each unknown part)."""

    codes: tuple[tuple[str, str], ...] = ()
    use_semicolon: bool = False
    parts: tuple[tuple[str, Suggestion], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.codes or self.use_semicolon)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


@cache
def _codes(column_name: str) -> tuple[Code, ...]:
    try:
        return tuple(code_list(column(column_name)))
    except KeyError:
        from kg.core.template_metadata import INDICATORS_TABLE

        return tuple(code_list(column(column_name, INDICATORS_TABLE)))


@cache
def _coded_columns() -> frozenset[str]:
    from kg.core.template_metadata import INDICATORS_TABLE

    return frozenset(
        item.name
        for table in (None, INDICATORS_TABLE)
        for item in (columns(table) if table else columns())
        if item.values_from
    )


def suggest(column_name: str | None, value: str | None) -> Suggestion:
    """What the steward most likely meant by ``value`` in ``column_name`` (an empty suggestion when nothing
    is close enough, or the column has no code list)."""
    if not column_name or not value or column_name not in _coded_columns():
        return Suggestion()
    codes = _codes(column_name)
    text = value.strip()
    item = column(column_name) if column_name in {c.name for c in columns()} else None
    if item is not None and item.separator and "," in text:
        pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
        if len(pieces) > 1:
            unknown = tuple((piece, _one(column_name, codes, piece)) for piece in pieces if not _exact(codes, piece))
            return Suggestion(use_semicolon=True, parts=unknown)
    if item is not None and item.separator:
        pieces = [piece for piece in re.split(r"[\s/|]+", text) if piece]
        if len(pieces) > 1 and all(_exact(codes, piece) for piece in pieces):
            return Suggestion(use_semicolon=True)
    return _one(column_name, codes, text)


def _exact(codes: tuple[Code, ...], text: str) -> Code | None:
    key = text.casefold()
    return next(
        (code for code in codes if code.code.casefold() == key or key in (alias.casefold() for alias in code.aliases)),
        None,
    )


def _one(column_name: str, codes: tuple[Code, ...], text: str) -> Suggestion:
    found: list[Code] = []
    wanted = _normal(text)
    by_code = {code.code.casefold(): code for code in codes}

    def add(code: Code | None) -> None:
        if code is not None and code not in found:
            found.append(code)

    for code in codes:  # a label, in either language, or another name
        names = (code.label_id, code.label_en, *code.aliases)
        if wanted and any(_normal(name) == wanted for name in names if name):
            add(code)
    if column_name == "kode_wilayah":
        from kg.framework.regions import find_regions

        for region in find_regions(re.sub(r"^(kab\.?|kab)\s+", "Kabupaten ", text, flags=re.IGNORECASE)):
            add(by_code.get(region.code.casefold()))
        match = _REGION_DIGITS.match(text)
        if match:
            add(by_code.get(f"{match.group(1)}.{match.group(2)}"))
    match = _CODE_PARTS.match(text)
    if match:
        add(by_code.get(f"{match.group(1)}-{int(match.group(2)):02d}".casefold()))
    if not found and len(wanted) >= 4:  # a code or label that holds the value ("jalan" in "berjalan")
        for code in codes:
            if wanted in _normal(code.code) or (len(wanted) >= 5 and wanted in _normal(code.label_id)):
                add(code)
    if not found:  # a value that holds a code as a word ("Swasta (CSR)"), or a code of 4 letters or more ("menurun")
        words = set(wanted.split())
        for code in codes:
            forms = {_normal(code.code), *(_normal(alias) for alias in code.aliases)}
            if forms & words or any(len(form) >= 4 and form in wanted for form in forms):
                add(code)
    if not found:
        spellings = {code.code.casefold(): code for code in codes}
        spellings.update({_normal(code.label_id): code for code in codes if code.label_id})
        for close in difflib.get_close_matches(text.casefold(), list(spellings), n=MOST, cutoff=0.75):
            add(spellings[close])
        for close in difflib.get_close_matches(wanted, list(spellings), n=MOST, cutoff=0.8):
            add(spellings[close])
    return Suggestion(codes=tuple((code.code, code.label("id")) for code in found[:MOST]))
