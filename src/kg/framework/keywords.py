"""Keywords of the initiatives: the words regions use for them in program names (``SPBE``, ``bank sampah``).

The source is the table ``ontology/keywords/initiative-keywords.csv`` (columns ``notation``, ``label``,
``lang``, ``kind``, ``justification``): one keyword of one initiative per row, ``kind`` ``alt`` (another name
of the initiative or of its subject, ``skos:altLabel``) or ``hidden`` (a word of programs that belong to it,
for search only, ``skos:hiddenLabel``), and why it belongs there. ``scripts/build_keywords.py`` turns it into
the Turtle module ``ontology/initiative-keywords.ttl``: the plain label triple (``kc:GOV-04 skos:altLabel
"SPBE"@id``) and an ``owl:Axiom`` on it carrying the justification (``rdfs:comment``), as the SSSOM modules
do. The store loads the module into the ontology graph beside ``kotacerdas.ttl``, ``check-ontology`` checks
it with the ontology, and :mod:`kg.suggest` reads the keywords from it (the graph, not the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import InputError
from kg.core.namespaces import NAMESPACE_IRIS, PREFIXES
from kg.core.resources import ontology_file
from kg.core.source_tables import table_reader

if TYPE_CHECKING:
    from rdflib import Graph

#: The generated module, and the edited table it comes from.
MODULE = "initiative-keywords.ttl"
SOURCE = "keywords/initiative-keywords.csv"
COLUMNS = ("notation", "label", "lang", "kind", "justification")
KINDS = {"alt": "altLabel", "hidden": "hiddenLabel"}
LANGS = ("id", "en")
#: The IRI of the keyword set (the module's dataset and the namespace of its axioms).
SET_IRI = "https://w3id.org/kotacerdas/ontology/keywords"

_SKOS = PREFIXES["skos"]
_OWL = PREFIXES["owl"]
_RDFS = PREFIXES["rdfs"]


@dataclass(frozen=True, slots=True)
class Keyword:
    """One keyword of an initiative: the label, its language, ``alt`` or ``hidden``, and why it is there."""

    notation: str
    label: str
    lang: str
    kind: str
    justification: str
    #: 1-based line of the table (the header is line 1), for messages; 0 when read from the graph.
    line: int = 0


def module_file() -> Path:
    """``ontology/initiative-keywords.ttl``, the generated module."""
    return ontology_file(MODULE)


def source_file() -> Path:
    """``ontology/keywords/initiative-keywords.csv``, the edited table."""
    return ontology_file(SOURCE)


def read_table(path: Path | None = None) -> list[Keyword]:
    """The rows of the keyword table; raise :class:`~kg.core.errors.InputError` naming file and line for a row
    that breaks the table's rules (unknown initiative, kind or language, empty label or justification, a row
    given twice, a label both alternative and hidden on one initiative: SKOS makes those disjoint)."""
    from kg.framework.concepts import known_initiative_notations

    path = path or source_file()
    reader = table_reader(path, COLUMNS)
    known = known_initiative_notations()
    rows: list[Keyword] = []
    seen: dict[tuple[str, str, str], Keyword] = {}
    for line, raw in enumerate(reader, start=2):
        values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
        row = Keyword(**values, line=line)
        problem = None
        if row.notation not in known:
            problem = f"inisiatif tidak dikenal / unknown initiative {row.notation!r}"
        elif not row.label or not row.justification:
            problem = "label dan justifikasi wajib diisi / label and justification are required"
        elif row.kind not in KINDS:
            problem = f"kind harus / must be {' or '.join(KINDS)}, not {row.kind!r}"
        elif row.lang not in LANGS:
            problem = f"lang harus / must be {' or '.join(LANGS)}, not {row.lang!r}"
        else:
            key = (row.notation, row.label.casefold(), row.lang)
            if key in seen:
                problem = f"label sudah ada di baris / label already given on line {seen[key].line}"
            seen.setdefault(key, row)
        if problem:
            raise InputError(problem, str(path), line)
        rows.append(row)
    return rows


def axiom_iri(row: Keyword) -> str:
    """A stable IRI for the axiom of one keyword: ``…/keywords#GOV-04_alt_id_spbe``."""
    slug = re.sub(r"[^0-9a-z]+", "-", row.label.casefold()).strip("-") or "x"
    return f"{SET_IRI}#{row.notation}_{row.kind}_{row.lang}_{slug}"


def keyword_graph(rows: list[Keyword]) -> Graph:
    """The Turtle module of ``rows``: a dataset header, the label triples and one axiom per keyword."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS

    graph = Graph(bind_namespaces="none")
    for prefix in ("dcat", "dcterms", "kc", "owl", "rdf", "rdfs", "skos"):
        graph.bind(prefix, PREFIXES[prefix])
    kc = NAMESPACE_IRIS["KC"]
    dataset = URIRef(SET_IRI)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("Kata kunci inisiatif Kota Cerdas", lang="id")))
    graph.add((dataset, DCTERMS.title, Literal("Keywords of the Kota Cerdas initiatives", lang="en")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Singkatan dan kata program yang lazim untuk tiap inisiatif (skos:altLabel, skos:hiddenLabel), "
                "masing-masing dengan alasannya; dipakai untuk menyarankan kode inisiatif dari nama program. "
                "Dibuat dari tabel ontology/keywords/initiative-keywords.csv.",
                lang="id",
            ),
        )
    )
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Abbreviations and common program words of each initiative (skos:altLabel, skos:hiddenLabel), "
                "each with its justification; used to suggest initiative codes from a program's name. Generated from "
                "the table ontology/keywords/initiative-keywords.csv.",
                lang="en",
            ),
        )
    )
    graph.add((dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    for row in rows:
        concept = URIRef(kc + row.notation)
        predicate = URIRef(_SKOS + KINDS[row.kind])
        label = Literal(row.label, lang=row.lang)
        graph.add((concept, predicate, label))
        axiom = URIRef(axiom_iri(row))
        graph.add((axiom, RDF.type, OWL.Axiom))
        graph.add((axiom, OWL.annotatedSource, concept))
        graph.add((axiom, OWL.annotatedProperty, predicate))
        graph.add((axiom, OWL.annotatedTarget, label))
        graph.add((axiom, RDFS.comment, Literal(row.justification, lang="en")))
    return graph


@cache
def _from_graph(path: str) -> tuple[Keyword, ...]:
    import pyoxigraph as ox

    kinds = {_SKOS + name: kind for kind, name in KINDS.items()}
    axioms: dict[str, dict[str, object]] = {}
    for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(SET_IRI + "#"):
            axioms.setdefault(subject.value, {})[predicate] = obj
    found = []
    for parts in axioms.values():
        source, target = parts.get(_OWL + "annotatedSource"), parts.get(_OWL + "annotatedTarget")
        prop, comment = parts.get(_OWL + "annotatedProperty"), parts.get(_RDFS + "comment")
        if not isinstance(source, ox.NamedNode) or not isinstance(target, ox.Literal):
            continue
        kind = kinds.get(prop.value) if isinstance(prop, ox.NamedNode) else None
        if kind is None:
            continue
        found.append(
            Keyword(
                notation=source.value.rsplit("#", 1)[-1],
                label=target.value,
                lang=target.language or "",
                kind=kind,
                justification=comment.value if isinstance(comment, ox.Literal) else "",
            )
        )
    return tuple(sorted(found, key=lambda k: (k.notation, k.kind, k.lang, k.label.casefold())))


def keywords(path: Path | None = None) -> list[Keyword]:
    """The keywords of every initiative, read from the module (the graph), by initiative, then kind."""
    path = path or module_file()
    if not path.is_file():
        return []
    return list(_from_graph(str(path)))
