"""An indicator assessment's period as a SAREF4CITY calculation period: an OWL-Time interval with its beginning
and end.

SAREF4CITY gives a KPI assessment's period with ``s4city:hasCalculationPeriod``, whose range is a
``time:TemporalEntity``. Each assessment states it beside the ``kc:period`` literal (``"2025"^^xsd:gYear``,
``"2025-06"^^xsd:gYearMonth``, ``"2025-06-15"^^xsd:date``): the period ``…/id/period/2025`` is a
``time:ProperInterval`` (a day: a ``time:Interval``, its beginning and end the same date) with
``time:hasBeginning``/``time:hasEnd`` instants (``…/id/date/2025-01-01``, ``time:inXSDDate``) and a label in
Indonesian and English (``Juni 2025``). The IRIs are the same in every submission, so a year's assessments of all
regions share one period.

Its length is not stated as ``time:hasXSDDuration``: Virtuoso 7.2 stores ``"P1Y"^^xsd:duration`` as ``"12"``
(months), so the same submission would read back differently from a Virtuoso store; the beginning and the end give
the length.
"""

from __future__ import annotations

import calendar
import re

from kg.core.namespaces import ID, S4CITY, TIME
from kg.submissions.readings import date_text

#: The predicate linking an assessment to its period, as N-Triples text.
CALCULATION_PERIOD = f"<{S4CITY}hasCalculationPeriod>"
_PERIOD = str(ID["period/"])
_DATE = str(ID["date/"])
_LEXICAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_LINKED = re.compile(re.escape(CALCULATION_PERIOD) + r" <(" + re.escape(_PERIOD) + r"[0-9-]+)>")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def period_iri(lexical: str) -> str | None:
    """The IRI of the period a ``kc:period`` lexical form names (``2025``, ``2025-06``, ``2025-06-15``)."""
    return _PERIOD + lexical if _LEXICAL.match(lexical) else None


def period_lines(iri: str) -> list[str]:
    """The N-Triples lines describing the period ``iri`` (from :func:`period_iri`)."""
    lexical = iri.removeprefix(_PERIOD)
    match = _LEXICAL.match(lexical)
    if match is None:
        return []
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if day is not None:
        first = last = lexical
        kind, datatype = "Interval", "date"
    elif month is not None:
        days = calendar.monthrange(year, int(month))[1]
        first, last = f"{lexical}-01", f"{lexical}-{days:02d}"
        kind, datatype = "ProperInterval", "gYearMonth"
    else:
        first, last = f"{lexical}-01-01", f"{lexical}-12-31"
        kind, datatype = "ProperInterval", "gYear"
    node = f"<{iri}>"
    lines = [
        f"{node} {_RDF_TYPE} <{TIME}{kind}> .",
        f'{node} {_LABEL} "{date_text(lexical, datatype, "id")}"@id .',
        f'{node} {_LABEL} "{date_text(lexical, datatype, "en")}"@en .',
        f"{node} <{TIME}hasBeginning> <{_DATE}{first}> .",
        f"{node} <{TIME}hasEnd> <{_DATE}{last}> .",
    ]
    for date in dict.fromkeys((first, last)):
        lines.append(f"<{_DATE}{date}> {_RDF_TYPE} <{TIME}Instant> .")
        lines.append(f'<{_DATE}{date}> <{TIME}inXSDDate> "{date}"^^<{_XSD}date> .')
    return lines


def periods_linked(text: str) -> list[str]:
    """The period IRIs ``text`` (N-Triples lines) links an assessment to, in order."""
    return list(dict.fromkeys(_LINKED.findall(text))) if CALCULATION_PERIOD in text else []


#: The subjects a submission may describe besides its own resources: periods and their dates, each only with
#: the statements :func:`period_lines` makes (the same in every submission, so the union mixes nothing in).
SHARED_PREFIXES = (_PERIOD, _DATE)


def _shared_lines(canonical: bytes) -> list[bytes]:
    """The lines of ``canonical`` N-Triples whose subject is a period or a date, in their order: each found by
    ``bytes.find`` of a line start with that subject (a multi-line regular expression tried every position of
    every line: 2 ms a submission, 10 s of a national rebuild's work)."""
    found: list[tuple[int, bytes]] = []
    for prefix in SHARED_PREFIXES:
        needle = b"\n<" + prefix.encode()
        at = 0 if canonical.startswith(needle[1:]) else canonical.find(needle)
        while at >= 0:
            start = at + 1 if canonical[at : at + 1] == b"\n" else at
            end = canonical.find(b"\n", start)
            end = len(canonical) if end < 0 else end
            found.append((start, canonical[start:end]))
            at = canonical.find(needle, end)
    return [line for _, line in sorted(found)]


def foreign_period_statement(canonical: bytes) -> str | None:
    """The first statement of ``canonical`` N-Triples (as pyoxigraph writes them) about a period or a date
    that is not one :func:`period_lines` makes for a period the same text describes; None when there is none."""
    from kg.store.content import canonical_ntriples

    found = _shared_lines(canonical)
    if not found:
        return None
    periods = {line[1 : line.index(b">")].decode() for line in found if line.startswith(b"<" + _PERIOD.encode())}
    expected_text = "\n".join(line for period in sorted(periods) for line in period_lines(period)) + "\n"
    expected = set(canonical_ntriples(expected_text.encode()).splitlines()) if periods else set()
    return next((line.decode() for line in found if line not in expected), None)
