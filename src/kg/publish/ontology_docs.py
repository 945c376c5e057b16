"""HTML documentation of the ontology and its concept schemes, in Indonesian and English.

:func:`build_docs` reads the ontology and its alignment modules (the files ``check-ontology`` reads), turns
them into one view per language and renders ``index.id.html`` and ``index.en.html`` (plus an ``index.html``
that lets the reader choose) with the Jinja2 templates of ``kg/publish/templates/``. Pages are self-contained
(inline CSS, no scripts, no external assets). Every documented term has an anchor: its local name for
``kc:`` terms (``#GOV-01``, ``#Program``), ``{module}-{local name}`` for the alignment modules' terms
(``#kominfo-SmartBranding``), ``sdg-{code}`` for UN SDG goals and targets, so IRIs can redirect to them.
``kotacerdas docs --out DIR`` is its face.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN
from rdflib.term import Node

from kg import __version__
from kg.core.errors import InputError
from kg.core.namespaces import KC, ONTOLOGY_IRI, PREFIXES, SCHEMA, SDG
from kg.core.options import LANGUAGES, check_choice
from kg.core.safe_text import link_target

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The mark the generated pages carry, so that ``build_docs`` only ever replaces a folder it wrote.
GENERATOR = "kotacerdas-kg docs"

_OURS = ONTOLOGY_IRI  # every IRI of the ontology and its alignment modules starts with it
_MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
_INVERSE_MAPPING = {
    SKOS.exactMatch: SKOS.exactMatch,
    SKOS.closeMatch: SKOS.closeMatch,
    SKOS.relatedMatch: SKOS.relatedMatch,
    SKOS.broadMatch: SKOS.narrowMatch,
    SKOS.narrowMatch: SKOS.broadMatch,
}
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
_DEFINITIONS = (SKOS.definition, DCTERMS.description)
_CHARACTERISTICS = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.SymmetricProperty,
    OWL.TransitiveProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
)

#: The words of the pages themselves (the terms' own words come from the ontology).
UI: dict[str, dict[str, str]] = {
    "id": {
        "language": "Bahasa Indonesia",
        "other_language": "English",
        "contents": "Daftar isi",
        "metadata": "Metadata",
        "iri": "IRI",
        "version_iri": "IRI versi",
        "version": "Versi",
        "license": "Lisensi",
        "creators": "Pembuat",
        "publisher": "Penerbit",
        "created": "Dibuat",
        "modified": "Diubah",
        "sources": "Sumber",
        "prefix": "Prefiks",
        "notes": "Catatan",
        "framework": "Kerangka Kota Cerdas",
        "dimension": "Dimensi",
        "goal": "Sasaran",
        "initiatives": "Inisiatif",
        "initiative": "Inisiatif",
        "notation": "Notasi",
        "label": "Label",
        "definition": "Definisi",
        "example": "Contoh",
        "comment": "Keterangan",
        "related": "Berkaitan dengan",
        "term_page": "halaman",
        "mappings": "Padanan",
        "alt_label": "Label lain",
        "classes": "Kelas",
        "object_properties": "Properti objek",
        "datatype_properties": "Properti data",
        "annotation_properties": "Properti anotasi",
        "reused": "Istilah yang dipakai ulang",
        "reused_intro": "Istilah kosakata standar yang dipakai ontologi ini, dengan label yang diberikannya.",
        "schemes": "Skema kode",
        "alignments": "Penyelarasan dengan kerangka lain",
        "sdg": "Target Tujuan Pembangunan Berkelanjutan (SDG) PBB",
        "sdg_intro": "Target SDG yang dilayani inisiatif Kota Cerdas, dengan IRI PBB sendiri.",
        "subclass_of": "Subkelas dari",
        "subclasses": "Subkelas",
        "disjoint_with": "Saling lepas dengan",
        "equivalent_to": "Setara dengan",
        "domain": "Domain",
        "range": "Jangkauan",
        "subproperty_of": "Subproperti dari",
        "characteristics": "Sifat",
        "in_domain_of": "Domain dari",
        "in_range_of": "Jangkauan dari",
        "justification": "Alasan",
        "source": "Sumber",
        "generated": "Dibuat oleh",
        "terms": "istilah",
        "choose": "Pilih bahasa",
        "mapped_from": "Dipetakan dari",
        "or": "atau",
        "exactly": "tepat",
        "at_least": "sedikitnya",
        "at_most": "paling banyak",
        "some": "sebagian",
        "only": "hanya",
        str(SKOS.exactMatch): "padanan persis",
        str(SKOS.closeMatch): "padanan dekat",
        str(SKOS.relatedMatch): "padanan terkait",
        str(SKOS.broadMatch): "padanan lebih luas",
        str(SKOS.narrowMatch): "padanan lebih sempit",
        str(OWL.FunctionalProperty): "fungsional",
        str(OWL.InverseFunctionalProperty): "fungsional terbalik",
        str(OWL.SymmetricProperty): "simetris",
        str(OWL.TransitiveProperty): "transitif",
        str(OWL.AsymmetricProperty): "asimetris",
        str(OWL.ReflexiveProperty): "refleksif",
        str(OWL.IrreflexiveProperty): "irefleksif",
    },
    "en": {
        "language": "English",
        "other_language": "Bahasa Indonesia",
        "contents": "Contents",
        "metadata": "Metadata",
        "iri": "IRI",
        "version_iri": "Version IRI",
        "version": "Version",
        "license": "Licence",
        "creators": "Creators",
        "publisher": "Publisher",
        "created": "Created",
        "modified": "Modified",
        "sources": "Sources",
        "prefix": "Prefix",
        "notes": "Notes",
        "framework": "The Kota Cerdas framework",
        "dimension": "Dimension",
        "goal": "Goal",
        "initiatives": "Initiatives",
        "initiative": "Initiative",
        "notation": "Notation",
        "label": "Label",
        "definition": "Definition",
        "example": "Example",
        "comment": "Comment",
        "related": "Related to",
        "term_page": "page",
        "mappings": "Mappings",
        "alt_label": "Other labels",
        "classes": "Classes",
        "object_properties": "Object properties",
        "datatype_properties": "Datatype properties",
        "annotation_properties": "Annotation properties",
        "reused": "Reused terms",
        "reused_intro": "Terms of standard vocabularies this ontology uses, with the labels it gives them.",
        "schemes": "Code lists",
        "alignments": "Alignments with other frameworks",
        "sdg": "UN Sustainable Development Goal (SDG) targets",
        "sdg_intro": "The SDG targets that Kota Cerdas initiatives serve, with the UN's own IRIs.",
        "subclass_of": "Subclass of",
        "subclasses": "Subclasses",
        "disjoint_with": "Disjoint with",
        "equivalent_to": "Equivalent to",
        "domain": "Domain",
        "range": "Range",
        "subproperty_of": "Subproperty of",
        "characteristics": "Characteristics",
        "in_domain_of": "In the domain of",
        "in_range_of": "In the range of",
        "justification": "Justification",
        "source": "Source",
        "generated": "Generated by",
        "terms": "terms",
        "choose": "Choose a language",
        "mapped_from": "Mapped from",
        "or": "or",
        "exactly": "exactly",
        "at_least": "at least",
        "at_most": "at most",
        "some": "some",
        "only": "only",
        str(SKOS.exactMatch): "exact match",
        str(SKOS.closeMatch): "close match",
        str(SKOS.relatedMatch): "related match",
        str(SKOS.broadMatch): "broader match",
        str(SKOS.narrowMatch): "narrower match",
        str(OWL.FunctionalProperty): "functional",
        str(OWL.InverseFunctionalProperty): "inverse functional",
        str(OWL.SymmetricProperty): "symmetric",
        str(OWL.TransitiveProperty): "transitive",
        str(OWL.AsymmetricProperty): "asymmetric",
        str(OWL.ReflexiveProperty): "reflexive",
        str(OWL.IrreflexiveProperty): "irreflexive",
    },
}


# -- the view ----------------------------------------------------------------------------------------


@dataclass
class Mapping:
    """A mapping seen from one term: predicate (as read from that term), the other term, the justification."""

    predicate: str
    target: Markup
    justification: str


@dataclass
class Related:
    """A skos:related link and the notes that explain it."""

    target: Markup
    notes: list[str]


@dataclass
class Term:
    """One documented term in one language."""

    iri: str
    anchor: str
    curie: str
    label: str
    #: The label in the other language, shown beside it.
    other_label: str = ""
    notation: str = ""
    alt_labels: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: (heading, rendered values) rows: superclasses, domain, range …
    facts: list[tuple[str, list[Markup]]] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    mappings: list[Mapping] = field(default_factory=list)


@dataclass
class Dimension:
    term: Term
    goal: Term | None
    initiatives: list[Term]


@dataclass
class Scheme:
    term: Term
    concepts: list[Term]
    sources: list[Markup] = field(default_factory=list)


@dataclass
class Page:
    """Everything one language's page shows."""

    lang: str
    ui: dict[str, str]
    header: Term
    metadata: list[tuple[str, list[Markup]]]
    framework: Scheme
    dimensions: list[Dimension]
    classes: list[Term]
    object_properties: list[Term]
    datatype_properties: list[Term]
    annotation_properties: list[Term]
    code_lists: list[Scheme]
    alignments: list[Scheme]
    sdg_targets: list[Term]
    reused: list[Term]
    other_page: str
    generator: str
    #: Served by ``kotacerdas serve``: notation → the page of that dimension or initiative (``/framework/GOV-01``).
    term_pages: dict[str, str] = field(default_factory=dict)


class _Reader:
    """Reads terms of the merged graph in one language, and renders IRIs as links to their anchors."""

    def __init__(self, graph: Graph, lang: str) -> None:
        self.graph = graph
        self.lang = lang
        self.other = "en" if lang == "id" else "id"
        self.ui = UI[lang]
        self.anchors: dict[Node, str] = {}
        self.prefixes = sorted(
            {**PREFIXES, **{p: str(ns) for p, ns in graph.namespaces() if p}}.items(),
            key=lambda item: -len(item[1]),
        )
        self._justifications = self._read_justifications()

    # -- names ---------------------------------------------------------------------------------------
    def curie(self, iri: Node) -> str:
        text = str(iri)
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return text

    def anchor_for(self, iri: Node) -> str:
        text = str(iri)
        if text.startswith(str(KC)):
            return text[len(str(KC)) :]
        if text.startswith(str(SDG)):
            return "sdg-" + text[len(str(SDG)) :]
        if text.startswith(_OURS) and "#" in text:
            module, local = text[len(_OURS) :].strip("/").split("#", 1)
            return f"{module.replace('/', '-')}-{local}"
        return self.curie(iri).replace(":", "-")

    def texts(self, subject, predicates: Sequence[URIRef], lang: str | None = None) -> list[str]:
        """Literals of ``subject`` in ``lang`` (default: the page's), else untagged ones."""
        lang = lang or self.lang
        found: list[str] = []
        for predicate in predicates:
            values = [o for o in self.graph.objects(subject, predicate) if isinstance(o, Literal)]
            tagged = sorted(str(o) for o in values if o.language == lang)
            found.extend(tagged or sorted(str(o) for o in values if o.language is None))
        return found

    def label(self, subject, lang: str | None = None) -> str:
        for predicate in _LABELS:
            found = self.texts(subject, (predicate,), lang)
            if found:
                return found[0]
        if lang is None:  # a term labelled in the other language only: show that
            for predicate in _LABELS:
                found = self.texts(subject, (predicate,), self.other)
                if found:
                    return found[0]
        return ""

    def link(self, node) -> Markup:
        """An IRI as a link: to its anchor when documented here, else to the IRI itself."""
        if isinstance(node, Literal):
            return Markup("<code>{}</code>").format(str(node))
        if isinstance(node, BNode):
            return self.class_expression(node)
        label = self.label(node)
        curie = self.curie(node)
        if node in self.anchors:
            text = Markup('<a href="#{}"><code>{}</code></a>').format(self.anchors[node], curie)
        elif link_target(str(node)):
            text = Markup('<a href="{}"><code>{}</code></a>').format(link_target(str(node)), curie)
        else:  # an IRI a browser must not follow (javascript:, data: …): shown as text
            text = Markup("<code>{}</code>").format(curie)
        return text + (Markup(" {}").format(label) if label and label != curie else Markup(""))

    def class_expression(self, node: BNode) -> Markup:
        """A class expression (union, restriction) in words."""
        graph = self.graph
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            members = [self.link(m) for m in Collection(graph, union)]
            return Markup(" <em>{}</em> ").format(self.ui["or"]).join(members)
        on_property = graph.value(node, OWL.onProperty)
        if on_property is not None:
            prop = self.link(on_property)
            for predicate, word in (
                (OWL.qualifiedCardinality, "exactly"),
                (OWL.cardinality, "exactly"),
                (OWL.minQualifiedCardinality, "at_least"),
                (OWL.minCardinality, "at_least"),
                (OWL.maxQualifiedCardinality, "at_most"),
                (OWL.maxCardinality, "at_most"),
            ):
                count = graph.value(node, predicate)
                if count is not None:
                    on_class = graph.value(node, OWL.onClass)
                    filler = Markup(" ") + self.link(on_class) if on_class is not None else Markup("")
                    return Markup("{} <em>{} {}</em>{}").format(prop, self.ui[word], str(count), filler)
            for predicate, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only")):
                restricted = graph.value(node, predicate)
                if restricted is not None:
                    return Markup("{} <em>{}</em> {}").format(prop, self.ui[word], self.link(restricted))
        return Markup("<em>[…]</em>")

    # -- terms ---------------------------------------------------------------------------------------
    def term(self, subject: Node) -> Term:
        g = self.graph
        notes = self.texts(subject, (SKOS.editorialNote, SKOS.scopeNote, SKOS.note))
        term = Term(
            iri=str(subject),
            anchor=self.anchors.get(subject, self.anchor_for(subject)),
            curie=self.curie(subject),
            label=self.label(subject) or self.curie(subject),
            other_label=self.label(subject, self.other),
            notation=", ".join(sorted(str(n) for n in g.objects(subject, SKOS.notation))),
            alt_labels=self.texts(subject, (SKOS.altLabel,)),
            definitions=self.texts(subject, _DEFINITIONS),
            comments=self.texts(subject, (RDFS.comment,)),
            examples=self.texts(subject, (SKOS.example,)),
            notes=notes,
        )
        related_notations: set[str] = set()
        for other in sorted(g.objects(subject, SKOS.related), key=str):
            notation = str(g.value(other, SKOS.notation) or self.curie(other).split(":")[-1])
            related_notations.add(notation)
            term.related.append(Related(self.link(other), [n for n in notes if notation in n]))
        term.notes = [n for n in notes if not any(notation in n for notation in related_notations)]
        term.mappings = self.mappings_of(subject)
        return term

    def _read_justifications(self) -> dict[tuple, str]:
        found: dict[tuple, str] = {}
        for axiom in self.graph.subjects(RDF.type, OWL.Axiom):
            key = (
                self.graph.value(axiom, OWL.annotatedSource),
                self.graph.value(axiom, OWL.annotatedProperty),
                self.graph.value(axiom, OWL.annotatedTarget),
            )
            comments = self.texts(axiom, (RDFS.comment,)) or self.texts(axiom, (RDFS.comment,), self.other)
            if comments:
                found[key] = comments[0]
        return found

    def mappings_of(self, subject: Node) -> list[Mapping]:
        """The mappings with ``subject`` on either side, read from ``subject``'s side."""
        found: list[tuple[int, str, Mapping]] = []
        rank = {p: i for i, p in enumerate(_MAPPING_PREDICATES)}
        for predicate in _MAPPING_PREDICATES:
            for target in self.graph.objects(subject, predicate):
                justification = self._justifications.get((subject, predicate, target), "")
                mapping = Mapping(self.ui[str(predicate)], self.link(target), justification)
                found.append((rank[predicate], str(target), mapping))
            for source in self.graph.subjects(predicate, subject):
                inverse = _INVERSE_MAPPING[predicate]
                justification = self._justifications.get((source, predicate, subject), "")
                mapping = Mapping(self.ui[str(inverse)], self.link(source), justification)
                found.append((rank[inverse], str(source), mapping))
        return [mapping for _, _, mapping in sorted(found, key=lambda item: (item[0], item[1]))]

    def property_term(self, subject: Node) -> Term:
        g = self.graph
        term = self.term(subject)
        facts = [
            ("domain", [self.link(d) for d in _sorted(g.objects(subject, RDFS.domain))]),
            ("range", [self.link(r) for r in _sorted(g.objects(subject, RDFS.range))]),
            ("subproperty_of", [self.link(p) for p in _sorted(g.objects(subject, RDFS.subPropertyOf))]),
            ("equivalent_to", [self.link(p) for p in _sorted(g.objects(subject, OWL.equivalentProperty))]),
            (
                "characteristics",
                [Markup("{}").format(self.ui[str(c)]) for c in _CHARACTERISTICS if (subject, RDF.type, c) in g],
            ),
        ]
        term.facts = [(self.ui[key], values) for key, values in facts if values]
        return term

    def class_term(self, subject: Node) -> Term:
        g = self.graph
        term = self.term(subject)
        disjoint = set(g.objects(subject, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, subject))
        for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
            head = g.value(group, OWL.members)
            members = set(Collection(g, head)) if head is not None else set()
            if subject in members:
                disjoint |= members - {subject}
        facts = [
            ("subclass_of", [self.link(c) for c in _sorted(g.objects(subject, RDFS.subClassOf))]),
            ("equivalent_to", [self.link(c) for c in _sorted(g.objects(subject, OWL.equivalentClass))]),
            ("disjoint_with", [self.link(c) for c in _sorted(disjoint)]),
            ("subclasses", [self.link(c) for c in _sorted(g.subjects(RDFS.subClassOf, subject))]),
            ("in_domain_of", [self.link(p) for p in _sorted(self._uses(subject, RDFS.domain))]),
            ("in_range_of", [self.link(p) for p in _sorted(self._uses(subject, RDFS.range))]),
        ]
        term.facts = [(self.ui[key], values) for key, values in facts if values]
        return term

    def _uses(self, cls: Node, predicate: URIRef) -> set[Node]:
        """Properties whose domain (or range) is ``cls`` or a union that names it."""
        found: set[Node] = set()
        for prop, value in self.graph.subject_objects(predicate):
            if value == cls:
                found.add(prop)
            elif isinstance(value, BNode):
                union = self.graph.value(value, OWL.unionOf)
                if union is not None and cls in set(Collection(self.graph, union)):
                    found.add(prop)
        return found


def _sorted(nodes: Iterable) -> list:
    return sorted(set(nodes), key=lambda n: (isinstance(n, BNode), str(n)))


def _position(graph: Graph, subject) -> tuple:
    position = graph.value(subject, SCHEMA.position)
    notation = str(graph.value(subject, SKOS.notation) or "")
    number = int(position) if position is not None and str(position).isdigit() else 1_000_000
    return (number, _natural(notation), str(subject))


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _ours(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_OURS)


def _kc(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(KC))


# -- building the page --------------------------------------------------------------------------------


def build_page(graph: Graph, lang: str) -> Page:
    """The view of one language's page."""
    check_choice(lang, LANGUAGES, "--lang")
    reader = _Reader(graph, lang)
    g = graph

    def typed(kind: URIRef, keep=_kc) -> list[Node]:
        return sorted({s for s in g.subjects(RDF.type, kind) if keep(s)}, key=lambda s: _natural(reader.curie(s)))

    classes = typed(OWL.Class)
    object_properties = typed(OWL.ObjectProperty)
    datatype_properties = typed(OWL.DatatypeProperty)
    annotation_properties = typed(OWL.AnnotationProperty)
    reused = sorted(
        {
            s
            for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
            for s in g.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and not _ours(s) and reader.label(s, lang)
        },
        key=lambda s: reader.curie(s),
    )
    framework = KC.KotaCerdas
    dimension_nodes = sorted((s for s in g.subjects(SKOS.topConceptOf, framework)), key=lambda s: _position(g, s))
    initiatives_of: dict[Node, list[Node]] = defaultdict(list)
    for initiative in g.subjects(RDF.type, KC.Initiative):
        dimension = g.value(initiative, KC.dimension)
        if dimension is not None:
            initiatives_of[dimension].append(initiative)
    schemes = [s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if _ours(s)]
    code_list_nodes = sorted((s for s in schemes if _kc(s) and s != framework), key=str)
    alignment_nodes = sorted((s for s in schemes if not _kc(s)), key=str)
    sdg_nodes = sorted(
        {
            target
            for predicate in _MAPPING_PREDICATES
            for source, target in g.subject_objects(predicate)
            if _kc(source) and str(target).startswith(str(SDG))
        },
        key=lambda s: _natural(str(s)),
    )

    def members(scheme: Node) -> list[Node]:
        found = set(g.subjects(SKOS.inScheme, scheme)) | set(g.subjects(SKOS.topConceptOf, scheme))
        found |= set(g.objects(scheme, SKOS.hasTopConcept))
        return sorted(found, key=lambda s: _position(g, s))

    # Anchors first, so that every link to a documented term points into the page.
    documented: list[Node] = [
        URIRef(ONTOLOGY_IRI),
        framework,
        *classes,
        *object_properties,
        *datatype_properties,
        *annotation_properties,
        *reused,
        *dimension_nodes,
        *sdg_nodes,
    ]
    for dimension in dimension_nodes:
        goal = g.value(dimension, KC.goal)
        if goal is not None:
            documented.append(goal)
        documented.extend(initiatives_of.get(dimension, []))
    for scheme in code_list_nodes + alignment_nodes:
        documented.append(scheme)
        documented.extend(members(scheme))
    for node in documented:
        reader.anchors.setdefault(node, reader.anchor_for(node))

    dimensions = []
    for dimension in dimension_nodes:
        goal = g.value(dimension, KC.goal)
        initiatives = sorted(initiatives_of.get(dimension, []), key=lambda s: _position(g, s))
        dimensions.append(
            Dimension(
                term=reader.term(dimension),
                goal=reader.term(goal) if goal is not None else None,
                initiatives=[reader.term(i) for i in initiatives],
            )
        )

    def scheme_view(scheme: Node) -> Scheme:
        sources = [
            Markup("{}").format(str(s)) if isinstance(s, Literal) else reader.link(s)
            for s in _sorted(g.objects(scheme, DCTERMS.source))
        ]
        return Scheme(term=reader.term(scheme), concepts=[reader.term(c) for c in members(scheme)], sources=sources)

    return Page(
        lang=lang,
        ui=reader.ui,
        header=reader.term(URIRef(ONTOLOGY_IRI)),
        metadata=_metadata(reader, URIRef(ONTOLOGY_IRI)),
        framework=scheme_view(framework),
        dimensions=dimensions,
        classes=[reader.class_term(c) for c in classes],
        object_properties=[reader.property_term(p) for p in object_properties],
        datatype_properties=[reader.property_term(p) for p in datatype_properties],
        annotation_properties=[reader.property_term(p) for p in annotation_properties],
        code_lists=[scheme_view(s) for s in code_list_nodes],
        alignments=[scheme_view(s) for s in alignment_nodes],
        sdg_targets=[reader.term(t) for t in sdg_nodes],
        reused=[reader.term(t) for t in reused],
        other_page=f"index.{reader.other}.html",
        generator=f"{GENERATOR} {__version__}",
    )


def _metadata(reader: _Reader, ontology: URIRef) -> list[tuple[str, list[Markup]]]:
    g = reader.graph

    def values(predicate: URIRef) -> list[Markup]:
        out = []
        for value in _sorted(g.objects(ontology, predicate)):
            if isinstance(value, BNode):
                out.append(_source(reader, value))
            elif isinstance(value, Literal):
                if value.language in (None, reader.lang):
                    out.append(Markup("{}").format(str(value)))
            else:
                out.append(reader.link(value))
        return out

    rows = [
        ("iri", [Markup("<code>{}</code>").format(str(ontology))]),
        ("version", values(OWL.versionInfo)),
        ("version_iri", values(OWL.versionIRI)),
        ("license", values(DCTERMS.license)),
        ("creators", values(DCTERMS.creator)),
        ("publisher", values(DCTERMS.publisher)),
        ("created", values(DCTERMS.created)),
        ("modified", values(DCTERMS.modified)),
        (
            "prefix",
            [
                Markup("<code>{}:</code> = <code>{}</code>").format(str(p), str(n))
                for p in g.objects(ontology, VANN.preferredNamespacePrefix)
                for n in g.objects(ontology, VANN.preferredNamespaceUri)
            ],
        ),
        ("sources", values(DCTERMS.source)),
    ]
    return [(reader.ui[key], found) for key, found in rows if found]


def _source(reader: _Reader, node: BNode) -> Markup:
    """A cited source (a blank node with title, publisher, date, comment) as one line."""
    title = reader.label(node) or ""

    def first(predicate: URIRef) -> str:
        found = reader.texts(node, (predicate,)) or reader.texts(node, (predicate,), reader.other)
        return found[0] if found else ""

    publisher, issued, comment = first(DCTERMS.publisher), first(DCTERMS.issued), first(RDFS.comment)
    parts = [Markup("<cite>{}</cite>").format(title)] if title else []
    parts += [Markup("{}").format(text) for text in (publisher, issued) if text]
    line = Markup(", ").join(parts)
    return line + (Markup('. <span class="note">{}</span>').format(comment) if comment else Markup(""))


# -- rendering and writing -------------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = link_target
    return env


def render_page(page: Page) -> str:
    """The HTML of one language's page."""
    return _environment().get_template("ontology.html.j2").render(page=page, ui=page.ui)


def render_chooser(pages: Sequence[Page]) -> str:
    """The ``index.html`` that lets a reader choose the language."""
    return _environment().get_template("index.html.j2").render(pages=pages, generator=pages[0].generator)


def load_documented_graph(files: Iterable[Path | str] | None = None) -> Graph:
    """The ontology and its alignment modules, merged (the same files ``check-ontology`` reads)."""
    from kg.framework.ontology_check import default_files, load_graph

    return load_graph(files if files is not None else default_files())


def build_docs(
    out: Path | str,
    *,
    languages: Sequence[str] = LANGUAGES,
    files: Iterable[Path | str] | None = None,
) -> list[Path]:
    """Write the documentation into folder ``out`` and return the files written.

    The pages are written to a temporary folder beside ``out``, which then replaces ``out`` (a folder this
    function wrote before, or an empty or new one: any other non-empty folder is refused).
    """
    out = Path(out)
    languages = list(dict.fromkeys(languages))
    for lang in languages:
        check_choice(lang, LANGUAGES, "--lang")
    if out.exists() and not _replaceable(out):
        raise InputError(
            "folder sudah berisi berkas lain; pilih folder baru atau kosong / "
            "folder holds other files; choose a new or empty folder",
            source=str(out),
        )
    graph = load_documented_graph(files)
    pages = [build_page(graph, lang) for lang in languages]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        names = []
        for page in pages:
            name = f"index.{page.lang}.html"
            (staging / name).write_text(render_page(page), encoding="utf-8")
            names.append(name)
        index = render_chooser(pages) if len(pages) > 1 else render_page(pages[0])
        (staging / "index.html").write_text(index, encoding="utf-8")
        names.insert(0, "index.html")
        os.chmod(staging, 0o755)
        _replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name in names]


def _replaceable(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    entries = list(folder.iterdir())
    if not entries:
        return True
    index = folder / "index.html"
    return index.is_file() and GENERATOR in index.read_text(encoding="utf-8", errors="replace")[:4000]


def _replace(staging: Path, out: Path) -> None:
    """Put ``staging`` in the place of ``out``: two renames, so ``out`` is never half written."""
    if not out.exists():
        os.replace(staging, out)
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
