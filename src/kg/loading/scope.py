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
   every answer.

A submission that breaks one of them is refused whole, with one line naming the file and what is wrong
(exit 2), and nothing of the load is written.
"""

from __future__ import annotations

import re

from kg.core.errors import InputError
from kg.core.namespaces import DCTERMS, ID, KC, RDF, region_iri

_SUBMISSION = re.compile(re.escape(f"{ID}submission/") + r"([0-9]{2}(?:\.[0-9]{2})?)/([0-9]{4})")
_SOME_SUBMISSION = re.compile(re.escape(f"{ID}submission/"))


class ScopeError(InputError):
    """A submission that would write outside its own region-year graph."""


def _refuse(submission, message: str) -> ScopeError:  # noqa: ANN001 - a kg.submissions.convert.SubmissionData
    return ScopeError(
        f"pengajuan {submission.iri or '(tanpa IRI / without IRI)'} ditolak, tidak ada yang dimuat / "
        f"submission refused, nothing loaded: {message}",
        source=str(submission.source_file),
    )


def check_submission_scope(submission) -> None:  # noqa: ANN001 - a kg.submissions.convert.SubmissionData
    """Refuse (:class:`ScopeError`, one line) a submission that would write outside its own region-year graph
    (see the module's description)."""
    import pyoxigraph as ox

    from kg.framework.regions import region as find_region

    match = _SUBMISSION.fullmatch(submission.iri or "")
    if match is None:
        raise _refuse(
            submission,
            f"IRI pengajuan harus berbentuk / the submission IRI must be {ID}submission/{{region code: 32 or "
            "32.73}}/{{year}}",
        )
    code, year = match.group(1), int(match.group(2))
    known = find_region(code)
    region_node_iri = known.iri if known else region_iri(code)

    store = ox.Store()
    try:
        store.bulk_load(submission.ntriples, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as error:
        raise _refuse(submission, f"N-Triples tidak sah / invalid N-Triples: {error}") from None
    own = ox.NamedNode(submission.iri)
    region_node = ox.NamedNode(region_node_iri)

    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KC.Submission))):
        if quad.subject != own:
            raise _refuse(submission, f"memuat pengajuan lain / holds another submission {quad.subject}")
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(KC.region)), None):
        # a code missing from the registry stays a literal (reported by the shapes; loaded only with --force)
        written_as_code = isinstance(quad.object, ox.Literal) and quad.object.value.strip() == code
        if quad.object != region_node and not (known is None and written_as_code):
            raise _refuse(
                submission,
                f"{quad.subject} kc:region {quad.object}: bukan wilayah pengajuan / not the submission's region "
                f"{region_node_iri}",
            )
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.spatial)), None):
        if quad.subject == own and quad.object != region_node:
            raise _refuse(submission, f"dcterms:spatial {quad.object} ≠ {region_node_iri}")
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(KC.fiscalYear)), None):
        value = quad.object.value if isinstance(quad.object, ox.Literal) else None
        if value is None or not value.strip().isdigit() or int(value) != year:
            raise _refuse(
                submission,
                f"{quad.subject} kc:fiscalYear {quad.object}: bukan tahun pengajuan / not the submission's year {year}",
            )
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.isPartOf)), None):
        target = quad.object
        if isinstance(target, ox.NamedNode) and _SOME_SUBMISSION.match(target.value) and target != own:
            raise _refuse(submission, f"{quad.subject} dcterms:isPartOf {target}: pengajuan lain / another submission")

    allowed = (f"{ID}program/{match.group(1)}/{year}/", f"{ID}agency/{match.group(1)}/")
    outside = store.query(
        "SELECT ?s ?own ?programs ?agencies WHERE { ?s ?p ?o FILTER (!isBlank(?s) && ?s != ?own "
        "&& !STRSTARTS(STR(?s), ?programs) && !STRSTARTS(STR(?s), ?agencies)) } LIMIT 1",
        substitutions={
            ox.Variable("own"): own,
            ox.Variable("programs"): ox.Literal(allowed[0]),
            ox.Variable("agencies"): ox.Literal(allowed[1]),
        },
    )
    for solution in outside:
        subject = solution["s"]
        raise _refuse(
            submission,
            f"pernyataan tentang {subject} di luar wilayah dan tahun pengajuan / statements about {subject}, "
            f"outside the submission's region and year (allowed: {allowed[0]}…, {allowed[1]}…)",
        )
