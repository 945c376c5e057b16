"""An RDF submission (Turtle, N-Triples, JSON-LD converted earlier or written by hand), split per
``kc:Submission``; and N-Triples cut into batches a store or parser takes at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.core.namespaces import parse_submission_iri
from kg.submissions.cell_text import LiteralControls
from kg.submissions.conversion.records import CellReading, Conversion, SubmissionData, deflated
from kg.submissions.tables import RdfDocument

_SUBMISSIONS = """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?submission ?code ?year WHERE {
  ?submission a kc:Submission .
  OPTIONAL { ?submission dcterms:spatial ?region . OPTIONAL { ?region kc:regionCode ?code } }
  OPTIONAL { ?submission kc:fiscalYear ?year }
} ORDER BY ?submission"""

# each submission holds its own triples, its programs' (dcterms:isPartOf it) and those of the resources
# its programs link to (indicator, amounts, agency) and of the resources below those (an indicator's
# assessments); one query finds every submission's subjects, then each
# submission's triples are read subject by subject (a query per submission would scan the data each time)
_SUBJECTS = """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?submission ?s WHERE {
  ?submission a kc:Submission .
  { ?s dcterms:isPartOf ?submission }
  UNION { ?program dcterms:isPartOf ?submission ; ?link ?s . FILTER(!isLiteral(?s)) }
  UNION { ?program dcterms:isPartOf ?submission ; kc:indicator ?indicator . ?indicator kc:assessment ?s }
}"""


def convert_rdf(document: RdfDocument) -> Conversion:
    """An RDF submission: split per ``kc:Submission`` (programs by ``dcterms:isPartOf``); rows are unknown."""
    import pyoxigraph

    from kg.shacl.store import select

    conversion = Conversion(source_file=document.source, triple_count=document.triple_count)
    store = pyoxigraph.Store()
    for batch in ntriples_batches(document.ntriples):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    if document.controls:
        _controls_said(conversion, store, document.controls)
    found = list(select(store, _SUBMISSIONS))
    if len(found) <= 1:
        if found:
            key = _submission_key(found[0]["submission"].value, found[0]["code"], found[0]["year"])
            iri = found[0]["submission"].value
        else:
            key, iri = ("", ""), ""
        conversion.submissions[key] = SubmissionData(
            iri=iri,
            region_code=key[0],
            year=key[1],
            ntriples_zlib=deflated(document.ntriples),
            source_file=document.source,
            triple_count=document.triple_count,
        )
        return conversion
    _split(conversion, store, found, document)
    return conversion


def _controls_said(conversion: Conversion, store: Any, controls: list[LiteralControls]) -> None:
    """Each literal read without its control characters, said back on its subject and property; on its row and
    column too when the subject has a ``kc:sourceRow`` (or is below one that has: a file converted earlier)."""
    from rdflib import URIRef

    from kg.core.template_metadata import PROGRAMS_TABLE
    from kg.submissions.template import table_column_for_property
    from kg.submissions.validation.rows import _StoreRows

    rows = _StoreRows(store)
    for item in controls:
        located = None if item.blank else rows(URIRef(item.subject))  # the store renamed the blank nodes
        row, table, column = None, PROGRAMS_TABLE, ""
        if located is not None:
            row, kind, table = located
            column = table_column_for_property(table).get((kind, item.predicate), "")
        focus = "_:" + item.subject if item.blank else item.subject
        details = {"characters": item.found, "read": item.read}
        conversion.readings.append(
            CellReading("ControlCharacterReading", table, row, column, item.read, focus, item.predicate, details)
        )


def _split(conversion: Conversion, store: Any, found: list[Any], document: RdfDocument) -> None:
    """The triples of each of several submissions, read subject by subject."""
    import pyoxigraph

    from kg.core.oxigraph_io import rdf_bytes
    from kg.shacl.store import select

    subjects: dict[Any, dict[Any, None]] = {row["submission"]: {row["submission"]: None} for row in found}
    for solution in select(store, _SUBJECTS):
        subjects[solution["submission"]][solution["s"]] = None
    for solution in found:
        submission = solution["submission"]
        data = rdf_bytes(
            (
                pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)
                for subject in subjects[submission]
                for quad in store.quads_for_pattern(subject, None, None)
            ),
            pyoxigraph.RdfFormat.N_TRIPLES,
        )
        key = _submission_key(submission.value, solution["code"], solution["year"])
        conversion.submissions[key] = SubmissionData(
            iri=submission.value,
            region_code=key[0],
            year=key[1],
            ntriples_zlib=deflated(data),
            source_file=document.source,
            triple_count=data.count(b"\n"),
        )


#: The most N-Triples bytes handed to a store or parser at once. pyoxigraph's bulk loader buffers what it is
#: given: a million triples in one call peak ~230 MB above the store's own size, 8 MB batches ~10 MB.
BATCH_BYTES = 8 << 20


def ntriples_batches(ntriples: bytes | Iterable[bytes]) -> Iterator[bytes]:
    """N-Triples documents (whole lines each) regrouped into batches of about :data:`BATCH_BYTES`."""
    parts = [ntriples] if isinstance(ntriples, bytes) else ntriples
    pending: list[bytes] = []
    size = 0
    for part in parts:
        if len(part) >= BATCH_BYTES:  # a large document: cut at line ends
            start = 0
            while start < len(part):
                end = part.find(b"\n", min(start + BATCH_BYTES, len(part) - 1)) + 1 or len(part)
                yield part[start:end]
                start = end
            continue
        pending.append(part)
        size += len(part)
        if size >= BATCH_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _submission_key(iri: str, code: Any, year: Any) -> tuple[str, int | str]:
    if code is None or year is None:  # fall back on the IRI: …/submission/32.73/2025
        code_text, year_text = parse_submission_iri(iri) or ("", "")
        return code_text, int(year_text) if year_text.isdigit() else year_text
    return code.value, int(year.value) if year.value.isdigit() else year.value
