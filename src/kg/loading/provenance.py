"""Provenance of loads, in the metadata graph, with DCAT and PROV-O.

Each load is a ``prov:Activity`` (start and end time, associated with the person who ran it and with this tool
as a ``prov:SoftwareAgent``). Each submission it loaded is a ``kc:Submission`` / ``dcat:Dataset`` with
``dcterms:source`` the file name, a ``dcat:Distribution`` carrying the file's SHA-256 (``spdx:checksum``), its
validation outcome (an ``sh:ValidationReport`` with ``sh:conforms``, ``kc:forced`` and the counts of results)
and ``prov:wasGeneratedBy`` the activity.

The submission also carries the checksum of its graph's content (``S#content``, the SHA-256 of
:func:`kg.store.content.summarise_canonical`) beside ``void:triples``: a reload compares both with what the store holds,
so a graph that differs from its record is loaded again, never called unchanged. The record is written in the
same transaction as the graph (:meth:`kg.store.interface.GraphStore.replace_graphs` ``with_update``).

Only the latest record of each submission is kept (activities no submission points at are dropped), so loading
the same file again leaves the metadata graph as it was.

The shape of one record (``S`` = the submission IRI, also its named graph)::

    S a kc:Submission, dcat:Dataset, prov:Entity ; dcterms:spatial region ; kc:fiscalYear 2025 ;
      dcterms:type kc:RegionSubmission (or kc:PublicRecord, kc:IllustrativeData: kc:DataOriginScheme) ;
      dcterms:source "bandung-2025.csv" ; dcat:distribution S#distribution ; prov:wasGeneratedBy A ;
      dcterms:modified "…"^^xsd:dateTime ; void:triples 1234 ; kc:validationReport S#validation ;
      spdx:checksum S#content .
    S#content a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "…" ;
      rdfs:comment "SHA-256 of the graph's content …" .
    S#distribution a dcat:Distribution ; dcterms:title "bandung-2025.csv" ; dcat:byteSize 5678 ;
      spdx:checksum S#sha256 .
    S#sha256 a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "…" .
    S#validation a sh:ValidationReport ; sh:conforms true ; kc:forced false ;
      kc:violationCount 0 ; kc:warningCount 0 ; kc:infoCount 0 ; prov:wasGeneratedBy A .
    A a prov:Activity ; prov:startedAtTime … ; prov:endedAtTime … ;
      prov:wasAssociatedWith <kcid:agent/{user}>, <kcid:software/kotacerdas-kg/{version}> .
"""

from __future__ import annotations

import getpass
import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SH, XSD

from kg import __version__
from kg.core.namespaces import ID, KC, META_GRAPH, SPDX, VOID
from kg.store.interface import GraphStore

TOOL_NAME = "kotacerdas-kg"


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, as lower-case hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def current_agent() -> str:
    """Who runs the load: ``$USER`` (or the login name), ``"unknown"`` when neither is known."""
    name = os.environ.get("USER") or os.environ.get("USERNAME")
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name on some containers
            name = "unknown"
    return name


def now() -> datetime:
    """The current time in UTC, to the second (provenance times)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class LoadActivity:
    """One run of ``load``: when, by whom, with which version of the tool."""

    agent: str
    started: datetime = field(default_factory=now)
    ended: datetime | None = None
    tool_version: str = __version__
    #: Tells apart two loads by one agent started in the same second (the demo's several loads do that):
    #: sharing an IRI, their records would merge into one activity with two ends.
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def iri(self) -> str:
        stamp = self.started.strftime("%Y%m%dT%H%M%SZ")
        tag = hashlib.sha256(f"{self.agent}\0{self.started.isoformat()}\0{self.nonce}".encode()).hexdigest()[:8]
        return f"{ID}load/{stamp}-{tag}"

    @property
    def agent_iri(self) -> str:
        return f"{ID}agent/{quote(self.agent, safe='')}"

    @property
    def software_iri(self) -> str:
        return f"{ID}software/{TOOL_NAME}/{quote(self.tool_version, safe='')}"


@dataclass
class SubmissionRecord:
    """What the metadata graph says about one loaded submission."""

    iri: str
    region_iri: str
    year: int | str
    source_name: str
    sha256: str
    byte_size: int
    triples: int
    conforms: bool
    forced: bool
    violations: int
    warnings: int
    infos: int
    #: :func:`kg.store.content.summarise_canonical` digest of the graph as loaded.
    content_digest: str = ""
    #: Where its values come from: a concept of ``kc:DataOriginScheme`` (its IRI), the record's ``dcterms:type``.
    origin: str = str(KC.RegionSubmission)


@dataclass(frozen=True)
class LoadedRecord:
    """What the metadata graph says a loaded submission holds: the file's SHA-256, the graph's content digest
    and its number of triples."""

    sha256: str
    content_digest: str | None
    triples: int | None
    #: The record's ``dcterms:type`` (IRI), ``None`` for a record written before there was one.
    origin: str | None = None


CONTENT_COMMENT = (
    "SHA-256 of the graph's content: its distinct triples as sorted N-Triples lines, blank nodes written _:b "
    "(kg.store.content)"
)


def _iri(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD_INTEGER)


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_XSD_BOOLEAN)


_XSD_INTEGER = _iri(XSD.integer)
_XSD_BOOLEAN = _iri(XSD.boolean)
_XSD_DATE_TIME = _iri(XSD.dateTime)
#: The record's predicates and classes, made once: a national rebuild writes 5,140 records (31 triples each),
#: and building them as rdflib terms took a third of its write phase besides the bulk load.
_T = {
    name: _iri(term)
    for name, term in {
        "type": RDF.type,
        "Submission": KC.Submission,
        "Dataset": DCAT.Dataset,
        "Entity": PROV.Entity,
        "spatial": DCTERMS.spatial,
        "fiscalYear": KC.fiscalYear,
        "source": DCTERMS.source,
        "dctype": DCTERMS.type,
        "distribution": DCAT.distribution,
        "wasGeneratedBy": PROV.wasGeneratedBy,
        "modified": DCTERMS.modified,
        "triples": VOID.triples,
        "validationReport": KC.validationReport,
        "Distribution": DCAT.Distribution,
        "title": DCTERMS.title,
        "byteSize": DCAT.byteSize,
        "checksum": SPDX.checksum,
        "Checksum": SPDX.Checksum,
        "algorithm": SPDX.algorithm,
        "sha256": SPDX.checksumAlgorithm_sha256,
        "checksumValue": SPDX.checksumValue,
        "ValidationReport": SH.ValidationReport,
        "conforms": SH.conforms,
        "forced": KC.forced,
        "violationCount": KC.violationCount,
        "warningCount": KC.warningCount,
        "infoCount": KC.infoCount,
        "comment": RDFS.comment,
    }.items()
}
_CONTENT_COMMENT = ox.Literal(CONTENT_COMMENT, language="en")


#: A statement of a record: pyoxigraph's terms, whose text is their N-Triples form.
Statement = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]


def _record_triples(record: SubmissionRecord, activity: LoadActivity) -> list[Statement]:
    t = _T
    subject = _iri(record.iri)
    distribution = _iri(record.iri + "#distribution")
    checksum = _iri(record.iri + "#sha256")
    validation = _iri(record.iri + "#validation")
    content = _iri(record.iri + "#content")
    activity_node = _iri(activity.iri)
    ended = activity.ended or activity.started
    year = _integer(record.year) if isinstance(record.year, int) else ox.Literal(str(record.year))
    statements: list[Statement] = [
        (subject, t["type"], t["Submission"]),
        (subject, t["type"], t["Dataset"]),
        (subject, t["type"], t["Entity"]),
        (subject, t["spatial"], _iri(record.region_iri)),
        (subject, t["fiscalYear"], year),
        (subject, t["source"], ox.Literal(record.source_name)),
        (subject, t["dctype"], _iri(record.origin)),
        (subject, t["distribution"], distribution),
        (subject, t["wasGeneratedBy"], activity_node),
        (subject, t["modified"], ox.Literal(ended.isoformat(), datatype=_XSD_DATE_TIME)),
        (subject, t["triples"], _integer(record.triples)),
        (subject, t["validationReport"], validation),
        (distribution, t["type"], t["Distribution"]),
        (distribution, t["title"], ox.Literal(record.source_name)),
        (distribution, t["byteSize"], _integer(record.byte_size)),
        (distribution, t["checksum"], checksum),
        (checksum, t["type"], t["Checksum"]),
        (checksum, t["algorithm"], t["sha256"]),
        (checksum, t["checksumValue"], ox.Literal(record.sha256)),
        (validation, t["type"], t["ValidationReport"]),
        (validation, t["conforms"], _boolean(record.conforms)),
        (validation, t["forced"], _boolean(record.forced)),
        (validation, t["violationCount"], _integer(record.violations)),
        (validation, t["warningCount"], _integer(record.warnings)),
        (validation, t["infoCount"], _integer(record.infos)),
        (validation, t["wasGeneratedBy"], activity_node),
        (subject, t["checksum"], content),
        (content, t["type"], t["Checksum"]),
        (content, t["algorithm"], t["sha256"]),
        (content, t["checksumValue"], ox.Literal(record.content_digest)),
        (content, t["comment"], _CONTENT_COMMENT),
    ]
    return statements


def _activity_triples(activity: LoadActivity, *, ended: bool = True) -> list[Statement]:
    """The activity's record; its ``prov:endedAtTime`` only once it has ended (the last step of a load)."""
    node = _iri(activity.iri)
    agent = _iri(activity.agent_iri)
    software = _iri(activity.software_iri)
    label = _iri(RDFS.label)
    associated = _iri(PROV.wasAssociatedWith)
    statements: list[Statement] = [
        (node, _T["type"], _iri(PROV.Activity)),
        (node, label, ox.Literal(f"kotacerdas load {activity.started.isoformat()}")),
        (node, _iri(PROV.startedAtTime), ox.Literal(activity.started.isoformat(), datatype=_XSD_DATE_TIME)),
        (node, associated, agent),
        (node, associated, software),
        (agent, _T["type"], _iri(PROV.Agent)),
        (agent, label, ox.Literal(activity.agent)),
        (software, _T["type"], _iri(PROV.SoftwareAgent)),
        (software, label, ox.Literal(f"{TOOL_NAME} {activity.tool_version}")),
    ]
    if ended:
        finished = activity.ended or activity.started
        statements.append((node, _iri(PROV.endedAtTime), ox.Literal(finished.isoformat(), datatype=_XSD_DATE_TIME)))
    return statements


def record_nodes(records: Iterable[SubmissionRecord]) -> list[str]:
    """The IRIs of every node of these submissions' records in the metadata graph."""
    suffixes = ("", "#distribution", "#sha256", "#validation", "#content")
    return [record.iri + suffix for record in records for suffix in suffixes]


def record_changes(
    records: Iterable[SubmissionRecord], activity: LoadActivity, *, replacing: bool = True, ended: bool = True
) -> tuple[str, bytes]:
    """What replaces the records of these submissions with this activity's: a SPARQL Update that removes the
    old ones, and the N-Triples of the new records, to add to the metadata graph. Both go into the same
    transaction as the graphs (:meth:`kg.store.interface.GraphStore.replace_graphs`).

    The update removes, when ``replacing`` (the metadata graph holds something about these submissions), their
    old records and then the activities and agents nothing points at any more; otherwise it is empty, and the
    step only adds triples (the fastest write: the embedded store loads them as they are). The activity's own
    record is the same in every step of a load (added again, it changes nothing) except its
    ``prov:endedAtTime``, added by the last step only (``ended``): a load killed halfway is an activity that
    never ended. Operations stay separate and simple: Virtuoso 7.2 overflows its stack on one operation
    joining them with UNION and FILTER NOT EXISTS.

    Terms are serialised from rdflib or pyoxigraph terms (``.n3()``, ``str()``: N-Triples), never pasted from text.
    """
    records = list(records)
    meta = URIRef(str(META_GRAPH)).n3()
    operations = []
    if replacing:
        nodes = [URIRef(node).n3() for node in record_nodes(records)]
        nodes.append(URIRef(activity.iri).n3())
        operations.append(
            f"DELETE {{ GRAPH {meta} {{ ?node ?p ?o }} }} WHERE {{ VALUES ?node {{ {' '.join(nodes)} }} "
            f"GRAPH {meta} {{ ?node ?p ?o }} }}"
        )
        operations.append(
            f"DELETE {{ GRAPH {meta} {{ ?activity ?p ?o }} }} WHERE {{ GRAPH {meta} {{ "
            f"?activity a {URIRef(PROV.Activity).n3()} ; ?p ?o . "
            f"MINUS {{ ?entity {URIRef(PROV.wasGeneratedBy).n3()} ?activity }} }} }}"
        )
        operations.append(
            f"DELETE {{ GRAPH {meta} {{ ?agent ?p ?o }} }} WHERE {{ GRAPH {meta} {{ "
            f"?agent a ?kind ; ?p ?o . VALUES ?kind {{ {URIRef(PROV.Agent).n3()} {URIRef(PROV.SoftwareAgent).n3()} }} "
            f"MINUS {{ ?activity {URIRef(PROV.wasAssociatedWith).n3()} ?agent }} }} }}"
        )
    statements = [statement for record in records for statement in _record_triples(record, activity)]
    statements.extend(_activity_triples(activity, ended=ended))
    body = "".join(f"{subject} {predicate} {obj} .\n" for subject, predicate, obj in statements)
    return " ;\n".join(operations), body.encode("utf-8")


def holds_records(store: GraphStore, records: Iterable[SubmissionRecord]) -> bool:
    """Whether the metadata graph says anything about these submissions (old records to replace)."""
    values = " ".join(URIRef(node).n3() for node in record_nodes(records))
    if not values:
        return False
    return store.ask(f"ASK {{ VALUES ?node {{ {values} }} GRAPH <{META_GRAPH}> {{ ?node ?p ?o }} }}")


def loaded_records(store: GraphStore) -> dict[str, LoadedRecord]:
    """What the metadata graph says each loaded submission holds (submission IRI → :class:`LoadedRecord`)."""
    answer = store.select(
        f"SELECT ?submission ?value ?content ?triples ?origin WHERE {{ GRAPH <{META_GRAPH}> {{ "
        f"?submission <{DCAT.distribution}> ?distribution . "
        f"?distribution <{SPDX.checksum}> ?checksum . ?checksum <{SPDX.checksumValue}> ?value . "
        f"OPTIONAL {{ ?submission <{SPDX.checksum}> ?node . ?node <{SPDX.checksumValue}> ?content }} "
        f"OPTIONAL {{ ?submission <{DCTERMS.type}> ?origin }} "
        f"OPTIONAL {{ ?submission <{VOID.triples}> ?triples }} }} }}"
    )
    records = {}
    for submission, sha256, content, triples, origin in answer.rows:
        count = int(triples.toPython()) if isinstance(triples, Literal) and str(triples).isdigit() else None
        records[str(submission)] = LoadedRecord(
            str(sha256), str(content) if content is not None else None, count, str(origin) if origin else None
        )
    return records


def submission_records(store: GraphStore) -> list[dict[str, Any]]:
    """Every loaded submission's provenance, one dictionary each, in IRI order (for ``status``-like views);
    ``ended`` is ``None`` for a load that was stopped before its end (``modified``: when the submission's own
    step was written)."""
    answer = store.select(
        f"""SELECT ?submission ?source ?sha256 ?conforms ?forced ?violations ?started ?ended ?modified ?agent ?origin
        WHERE {{
          GRAPH <{META_GRAPH}> {{
            ?submission <{DCTERMS.source}> ?source ; <{DCAT.distribution}>/<{SPDX.checksum}>/<{SPDX.checksumValue}> ?sha256 ;
              <{KC.validationReport}> ?report ; <{PROV.wasGeneratedBy}> ?activity .
            ?report <{SH.conforms}> ?conforms ; <{KC.forced}> ?forced ; <{KC.violationCount}> ?violations .
            ?activity <{PROV.startedAtTime}> ?started ; <{PROV.wasAssociatedWith}> ?agentNode .
            OPTIONAL {{ ?activity <{PROV.endedAtTime}> ?ended }} OPTIONAL {{ ?submission <{DCTERMS.modified}> ?modified }}
            OPTIONAL {{ ?submission <{DCTERMS.type}> ?origin }}
            ?agentNode a <{PROV.Agent}> ; <{RDFS.label}> ?agent .
          }} }} ORDER BY ?submission"""
    )
    records: dict[str, dict[str, Any]] = {}
    for row in answer.dicts():
        record = {
            name: (value.toPython() if isinstance(value, Literal) else None if value is None else str(value))
            for name, value in row.items()
        }
        # one record per submission: a store written before activities had a nonce may hold an activity with two
        # ends (two loads of one second merged); the latest end is the submission's
        submission = str(record["submission"])
        kept = records.get(submission)
        if kept is None or str(record["ended"] or "") > str(kept["ended"] or ""):
            records[submission] = record
    return list(records.values())
