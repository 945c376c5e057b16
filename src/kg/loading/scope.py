"""What a submission may write: its own region-year graph, and in it only its own resources.

A submission is loaded into the named graph of its ``kc:Submission`` IRI. That IRI comes from the file (an RDF
submission names it itself), so before anything is written each submission must prove it is what it says:

1. its IRI has the fixed pattern ``https://w3id.org/kotacerdas/id/submission/{region code}/{year}`` with a
   Kemendagri code of a province or a kabupaten/kota (``32`` or ``32.73``; a code missing from the registry is
   a validation result, loaded only with ``--force``) and a four-digit year: never a reference graph
   (``…/graph/ontology``, ``…/graph/regions``, ``…/graph/meta`` …) nor any other IRI;
2. the region and year of the IRI agree with what the data says: the submission's ``dcterms:spatial`` and
   ``kc:fiscalYear``, and the ``kc:region``, ``kc:fiscalYear`` and ``dcterms:isPartOf`` of every resource that
   has them (programs, agencies);
3. every subject is the submission itself, a blank node, or a resource of that region and year
   (``…/id/program/{code}/{year}/…``, ``…/id/agency/{code}/…``): a file cannot add statements about another
   region's programs, the regions, the ontology or anything else that the union of the graphs would mix into
   every answer; the one exception, an assessment's calculation period (``…/id/period/2025``) and its dates
   (``…/id/date/2025-01-01``), only with the statements :mod:`kg.submissions.periods` makes, the same in every
   submission.

A submission that breaks one of them is refused whole, with one line naming the file and what is wrong
(exit 2), and nothing of the load is written.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import (
    DCTERMS,
    KC,
    RDF,
    agency_iri_prefix,
    parse_submission_iri,
    program_iri_prefix,
    region_iri,
    submission_iri,
    submission_iri_prefix,
)
from kg.submissions.periods import SHARED_PREFIXES, foreign_period_statement

#: A Kemendagri code of a province or a kabupaten/kota, and a fiscal year, as a submission IRI holds them.
_CODE = re.compile(r"[0-9]{2}(?:\.[0-9]{2})?")
_YEAR = re.compile(r"[0-9]{4}")
_TYPE = ox.NamedNode(str(RDF.type))
_SUBMISSION_CLASS = ox.NamedNode(str(KC.Submission))
_REGION = ox.NamedNode(str(KC.region))
_SPATIAL = ox.NamedNode(str(DCTERMS.spatial))
_FISCAL_YEAR = ox.NamedNode(str(KC.fiscalYear))
_PART_OF = ox.NamedNode(str(DCTERMS.isPartOf))


class ScopeError(InputError):
    """A submission that would write outside its own region-year graph."""


def _refuse(submission, message: str) -> ScopeError:  # noqa: ANN001 - a kg.submissions.convert.SubmissionData
    return ScopeError(
        f"pengajuan {submission.iri or '(tanpa IRI / without IRI)'} ditolak, tidak ada yang dimuat / "
        f"submission refused, nothing loaded: {message}",
        source=str(submission.source_file),
    )


def check_submission_scope(submission, canonical: bytes | None = None) -> None:  # noqa: ANN001
    """Refuse (:class:`ScopeError`, one line) a ``kg.submissions.convert.SubmissionData`` that would write
    outside its own region-year graph (see the module's description). ``canonical``: its N-Triples as
    pyoxigraph writes them (:func:`kg.store.content.canonical_ntriples`), if the caller has them. Subjects are
    read from the lines' text and only the statements with the predicates above become terms: a submission of
    136,000 triples is checked in milliseconds."""
    from kg.framework.regions import region as find_region
    from kg.store.content import canonical_ntriples, statements_with

    parsed = parse_submission_iri(submission.iri or "")
    if (
        parsed is None
        or not _CODE.fullmatch(parsed[0])
        or not _YEAR.fullmatch(parsed[1])
        or submission_iri(*parsed) != submission.iri
    ):
        raise _refuse(
            submission,
            f"IRI pengajuan harus berbentuk / the submission IRI must be {submission_iri_prefix()}{{32 | 32.73}}/{{year}}",
        )
    code, year = parsed[0], int(parsed[1])
    known = find_region(code)
    region_node = ox.NamedNode(known.iri if known else region_iri(code))
    own = ox.NamedNode(submission.iri)
    allowed = (program_iri_prefix(code, year), agency_iri_prefix(code))
    if canonical is None:
        try:
            canonical = canonical_ntriples(submission.ntriples)
        except InputError as error:
            raise _refuse(submission, error.message) from None

    outside = _subject_outside(canonical, own.value, (*allowed, *SHARED_PREFIXES))
    if outside is not None:
        raise _refuse(
            submission,
            f"pernyataan tentang {outside} di luar wilayah dan tahun pengajuan / statements about {outside}, "
            f"outside the submission's region and year (allowed: {allowed[0]}…, {allowed[1]}…)",
        )
    foreign = foreign_period_statement(canonical)
    if foreign is not None:  # a period or a date is shared: only its own description, as the converter writes it
        raise _refuse(
            submission,
            f"pernyataan lain tentang periode atau tanggal / another statement about a period or a date: {foreign}",
        )
    checked = statements_with(canonical, _CHECKED)
    for triple in ox.parse(checked, format=ox.RdfFormat.N_TRIPLES):
        subject, predicate, obj = triple.subject, triple.predicate, triple.object
        if predicate == _TYPE and obj == _SUBMISSION_CLASS and subject != own:
            raise _refuse(submission, f"memuat pengajuan lain / holds another submission {subject}")
        if predicate == _REGION and obj != region_node:
            # a code missing from the registry stays a literal (reported by the shapes; loaded only with --force)
            if not (known is None and isinstance(obj, ox.Literal) and obj.value.strip() == code):
                raise _refuse(
                    submission,
                    f"{subject} kc:region {obj}: bukan wilayah pengajuan / not the submission's region "
                    f"{region_node.value}",
                )
        elif predicate == _SPATIAL and subject == own and obj != region_node:
            raise _refuse(submission, f"dcterms:spatial {obj} ≠ {region_node.value}")
        elif predicate == _FISCAL_YEAR:
            value = obj.value.strip() if isinstance(obj, ox.Literal) else ""
            if not value.isdigit() or int(value) != year:
                raise _refuse(
                    submission,
                    f"{subject} kc:fiscalYear {obj}: bukan tahun pengajuan / not the submission's year {year}",
                )
        elif predicate == _PART_OF and isinstance(obj, ox.NamedNode) and obj != own:
            if obj.value.startswith(submission_iri_prefix()):
                raise _refuse(submission, f"{subject} dcterms:isPartOf {obj}: pengajuan lain / another submission")


#: The statements the checks above read: a resource typed kc:Submission, and the region, year and submission
#: each resource names.
_CHECKED = (
    f"{_TYPE.value}> <{_SUBMISSION_CLASS.value}",
    _REGION.value,
    _SPATIAL.value,
    _FISCAL_YEAR.value,
    _PART_OF.value,
)


def _subject_outside(canonical: bytes, own: str, allowed: tuple[str, ...]) -> str | None:
    """The first subject of ``canonical`` N-Triples that is neither ``own``, a blank node, nor an IRI starting
    with one of ``allowed``, as N-Triples writes it (``<…>``); None when there is none. A line start that
    begins none of them is searched for after each newline (a literal first: the engine's fast path)."""
    inside = b"|".join(
        [re.escape(f"<{own}> ".encode()), rb"_:", *(re.escape(f"<{prefix}".encode()) for prefix in allowed)]
    )
    line_start = rb"(?!" + inside + rb")(?=.)"
    found = re.match(line_start, canonical) or re.search(rb"\n" + line_start, canonical)
    if found is None:
        return None
    start = found.end()
    return canonical[start : canonical.find(b" ", start)].decode("utf-8")
