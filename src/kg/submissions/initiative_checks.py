"""What a program's name says about its initiative codes, where a steward codes (:mod:`kg.suggest`).

- An empty or unknown ``inisiatif``: its one message names the three initiatives the program's name (and
  agency, and the unknown text) suggests (:func:`name_advice`).
- A code far from what the name suggests: an Info ``periksa: nama program mengarah ke …`` (reading rule
  ``kcp:InitiativeNameReading``), only when the name points clearly elsewhere (:func:`far_from_name`).
- The same program of a region (same ``id_program``, or the same words in its name) coded with different
  initiatives in two years (no initiative in common: a coding that keeps one and adds another is a
  refinement, not a contradiction): a Warning naming both codings (``kcp:InitiativeYearsReading``), among the files
  validated together (:func:`year_readings`) and, at ``load``, against the region's programs of other years
  already in the store (:func:`stored_year_readings`).

``KOTACERDAS_SUGGEST=0`` in the environment turns the first two off (the benchmark's "suggestions off").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.submissions.program_texts import ProgramText

if TYPE_CHECKING:
    from kg.store.interface import GraphStore
    from kg.submissions.convert import CellReading, Conversion
    from kg.suggest import InitiativeSuggestion

NAME_RULE = "InitiativeNameReading"
YEARS_RULE = "InitiativeYearsReading"
#: A name "points clearly elsewhere" when its first suggestion scores at least this, no code given is in the
#: dimension of one of its first three suggestions, and none is among its first :data:`FAR_RANK` (set on the
#: public record, whose collector's codings raise it for 1 program of 272).
FAR_SCORE = 9.0
FAR_RANK = 8
_KC = "https://w3id.org/kotacerdas/ontology#"


def enabled() -> bool:
    """Whether suggestions are on (``KOTACERDAS_SUGGEST=0`` turns them off)."""
    return os.environ.get("KOTACERDAS_SUGGEST", "1") != "0"


def _named(found: list[InitiativeSuggestion], lang: str, words: bool = False) -> str:
    from kg.submissions.texts import text

    parts = []
    for item in found:
        said = f"{item.notation} ({item.label(lang)}"
        if words and item.words:
            said += f"; {text('suggest_words', lang)}: {', '.join(item.words[:3])}"
        parts.append(said + ")")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {text('or', lang)} {parts[-1]}"


def name_advice(program: ProgramText | None, value: str | None, lang: str) -> str:
    """What the message of an empty or unknown ``inisiatif`` adds: ``nama program mengarah ke GOV-04 (…), …``
    in ``lang``; ``""`` when suggestions are off or the name suggests nothing."""
    if program is None or not enabled() or not program.name:
        return ""
    from kg.submissions.texts import text
    from kg.suggest import suggest_initiatives

    extra = value if value and not re.fullmatch(r"[A-Za-z]{3}[\s._-]*\d+", value.strip()) else None
    found = suggest_initiatives(program.name, extra, program.agency or None, 3)
    return text("name_suggests", lang, codes=_named(found, lang, words=True)) if found else ""


def far_from_name(program: ProgramText) -> InitiativeSuggestion | None:
    """The initiative the name clearly points to when every code given is far from it (else ``None``)."""
    if not program.codes or not program.name:
        return None
    from kg.suggest import default_index

    index = default_index()
    found = index.scores(program.name, FAR_RANK)  # the name alone: the agency only hints
    if not found or found[0][1] < FAR_SCORE:
        return None
    if {code[:3] for code in program.codes} & {notation[:3] for notation, _ in found[:3]}:
        return None
    if any(notation in program.codes for notation, _ in found):
        return None
    return index.rank(program.name, None, None, 1)[0]  # with the words that led there


def name_readings(programs: Iterable[ProgramText], table: str = "programs") -> list[CellReading]:
    """The Infos of the rows whose codes are far from what their names suggest."""
    if not enabled():
        return []
    from kg.submissions.conversion.plan import column_roles
    from kg.submissions.convert import CellReading

    notes = []
    for program in programs:
        first = far_from_name(program)
        if first is None:
            continue
        details = {f"suggested@{lang}": _named([first], lang, words=True) for lang in ("id", "en")}
        notes.append(
            CellReading(
                NAME_RULE,
                table,
                program.row,
                column_roles().initiatives,
                program.written,
                program.focus,
                _KC + "initiative",
                details,
            )
        )
    return notes


# -- the same program over the years -----------------------------------------------------------------------


def _name_key(name: str) -> str:
    """The words of a name, without case, punctuation, numbers (years) or order: near-identical names meet."""
    words = sorted(set(re.findall(r"[^\W\d_]+", name.casefold())))
    return " ".join(words)


def _keys(program: ProgramText) -> list[tuple[str, str]]:
    keys = []
    if program.program_id:
        keys.append(("id", program.program_id.casefold()))
    name = _name_key(program.name)
    if len(name) >= 8:
        keys.append(("name", name))
    return keys


def _years_note(later: ProgramText, earlier: ProgramText, table: str) -> CellReading:
    from kg.submissions.conversion.plan import column_roles
    from kg.submissions.convert import CellReading
    from kg.submissions.texts import text

    details = {
        "other": "; ".join(earlier.codes),
        "otherYear": earlier.year,
        "year": later.year,
        "otherFocus": earlier.focus,
    }
    for lang in ("id", "en"):
        if earlier.file and earlier.row:
            details[f"where@{lang}"] = text("years_file_row", lang, file=earlier.file, row=earlier.row)
        else:
            details[f"where@{lang}"] = text("years_loaded", lang, program=earlier.program_id or earlier.focus)
    return CellReading(
        YEARS_RULE,
        table,
        later.row,
        column_roles().initiatives,
        "; ".join(later.codes),
        later.focus,
        _KC + "initiative",
        details,
    )


def year_readings(
    programs: Iterable[ProgramText], others: Iterable[ProgramText] = (), table: str = "programs"
) -> list[CellReading]:
    """The Warnings of programs coded with other initiatives (none in common) in another year: among ``programs`` (the files validated
    together) and against ``others`` (the store's programs of the same regions, other years). A pair within
    ``programs`` is warned once, on the later year's row; a program is warned of each other year once."""
    current = [program for program in programs if program.codes]
    mine = {program.focus for program in current}
    index: dict[tuple[str, str, str], list[ProgramText]] = {}
    for program in [*others, *current]:
        if program.codes:
            for kind, key in _keys(program):
                index.setdefault((program.region, kind, key), []).append(program)
    notes = []
    for program in current:
        seen: set[str] = set()
        for kind, key in _keys(program):
            for other in index.get((program.region, kind, key), ()):
                if other.year == program.year or other.year in seen or set(other.codes) & set(program.codes):
                    continue
                if other.focus in mine and other.year > program.year:
                    continue  # said on the later row
                seen.add(other.year)
                notes.append(_years_note(program, other, table))
    return notes


_STORED = """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?program ?id ?name ?year ?initiative WHERE {
  GRAPH ?graph { ?program kc:region ?region ; a kc:Program ; kc:fiscalYear ?year ; kc:initiative ?initiative }
  # each OPTIONAL outside the GRAPH block, in the same graph: inside it, the engine read every program of the
  # store before the region's (a region of ten national years: 2.35 s, here 34 ms)
  OPTIONAL { GRAPH ?graph { ?program kc:programId ?id } }
  OPTIONAL { GRAPH ?graph { ?program rdfs:label ?name } }
}"""

#: The most program-initiative pairs read for one region (a kota has a few hundred programs a year).
MOST_STORED = 50_000


def stored_programs(store: GraphStore, region_code: str, years: set[str]) -> list[ProgramText]:
    """The programs of a region in ``store`` in years other than ``years``, with their codes."""
    from rdflib import URIRef

    from kg.core.namespaces import region_iri
    from kg.store.interface import ResultTooLargeError

    try:
        answer = store.select(_STORED, {"region": URIRef(region_iri(region_code))}, max_rows=MOST_STORED)
    except ResultTooLargeError:  # a region this large is not checked against its past years
        return []
    found: dict[str, ProgramText] = {}
    for program, identifier, name, year, initiative in answer.rows:
        year_text = str(year)
        code = str(initiative).removeprefix(_KC)
        if year_text in years or code == str(initiative):
            continue
        known = found.get(str(program))
        codes = tuple(sorted({*(known.codes if known else ()), code}))
        found[str(program)] = ProgramText(
            focus=str(program),
            row=0,
            region=region_code,
            year=year_text,
            program_id=str(identifier) if identifier is not None else "",
            name=str(name) if name is not None else "",
            agency="",
            written="",
            codes=codes,
        )
    return list(found.values())


def stored_year_readings(conversions: Iterable[Conversion], store: GraphStore) -> dict[int, list[CellReading]]:
    """At ``load``: per conversion (by ``id``), the Warnings of its programs coded otherwise in the store's
    other years of the same region (the files' programs among themselves were said by the validation)."""
    answer: dict[int, list[CellReading]] = {}
    for conversion in conversions:
        programs = list(conversion.programs.values())
        notes: list[CellReading] = []
        for region in sorted({program.region for program in programs}):
            mine = [program for program in programs if program.region == region]
            others = stored_programs(store, region, {program.year for program in mine})
            if others:
                theirs = {program.focus for program in others}
                found = year_readings(mine, others)
                notes.extend(note for note in found if note.details["otherFocus"] in theirs)
        if notes:
            answer[id(conversion)] = notes
    return answer


def row_notes(conversions: list[Conversion]) -> dict[int, list[CellReading]]:
    """Per conversion (by ``id``): the Infos of its rows whose codes are far from their names (when suggestions
    are on) and the Warnings of its programs coded otherwise in another year of the files validated together
    (on the later year's file). Run beside the validation (:func:`kg.submissions.validation.prepared._validate_and_prepare`)."""
    notes: dict[int, list[CellReading]] = {id(conversion): [] for conversion in conversions}
    owner: dict[str, int] = {}
    for conversion in conversions:
        notes[id(conversion)].extend(name_readings(conversion.programs.values()))
        owner.update((focus, id(conversion)) for focus in conversion.programs)
    programs = [program for conversion in conversions for program in conversion.programs.values()]
    for note in year_readings(programs):
        notes[owner[note.focus]].append(note)
    return notes
