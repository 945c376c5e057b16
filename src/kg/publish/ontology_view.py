"""The view of the ontology documentation: the terms of the merged graph read in one language (:class:`Term`,
:class:`Scheme`, :class:`Page` …) by a :class:`TermReader`, which also renders IRIs as links to their anchors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.core.namespaces import KC, ONTOLOGY_IRI, PREFIXES, SCHEMA, SDG
from kg.core.safe_text import link_target
from kg.publish.ontology_words import UI

OURS = ONTOLOGY_IRI  # every IRI of the ontology and its alignment modules starts with it
MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
INVERSE_MAPPING = {
    SKOS.exactMatch: SKOS.exactMatch,
    SKOS.closeMatch: SKOS.closeMatch,
    SKOS.relatedMatch: SKOS.relatedMatch,
    SKOS.broadMatch: SKOS.narrowMatch,
    SKOS.narrowMatch: SKOS.broadMatch,
}
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
DEFINITIONS = (SKOS.definition, DCTERMS.description)
CHARACTERISTICS = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.SymmetricProperty,
    OWL.TransitiveProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
)


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


class TermReader:
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
        if text.startswith(OURS) and "#" in text:
            module, local = text[len(OURS) :].strip("/").split("#", 1)
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
        for predicate in LABELS:
            found = self.texts(subject, (predicate,), lang)
            if found:
                return found[0]
        if lang is None:  # a term labelled in the other language only: show that
            for predicate in LABELS:
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
            definitions=self.texts(subject, DEFINITIONS),
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
        rank = {p: i for i, p in enumerate(MAPPING_PREDICATES)}
        for predicate in MAPPING_PREDICATES:
            for target in self.graph.objects(subject, predicate):
                justification = self._justifications.get((subject, predicate, target), "")
                mapping = Mapping(self.ui[str(predicate)], self.link(target), justification)
                found.append((rank[predicate], str(target), mapping))
            for source in self.graph.subjects(predicate, subject):
                inverse = INVERSE_MAPPING[predicate]
                justification = self._justifications.get((source, predicate, subject), "")
                mapping = Mapping(self.ui[str(inverse)], self.link(source), justification)
                found.append((rank[inverse], str(source), mapping))
        return [mapping for _, _, mapping in sorted(found, key=lambda item: (item[0], item[1]))]

    def property_term(self, subject: Node) -> Term:
        g = self.graph
        term = self.term(subject)
        facts = [
            ("domain", [self.link(d) for d in sorted_nodes(g.objects(subject, RDFS.domain))]),
            ("range", [self.link(r) for r in sorted_nodes(g.objects(subject, RDFS.range))]),
            ("subproperty_of", [self.link(p) for p in sorted_nodes(g.objects(subject, RDFS.subPropertyOf))]),
            ("equivalent_to", [self.link(p) for p in sorted_nodes(g.objects(subject, OWL.equivalentProperty))]),
            (
                "characteristics",
                [Markup("{}").format(self.ui[str(c)]) for c in CHARACTERISTICS if (subject, RDF.type, c) in g],
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
            ("subclass_of", [self.link(c) for c in sorted_nodes(g.objects(subject, RDFS.subClassOf))]),
            ("equivalent_to", [self.link(c) for c in sorted_nodes(g.objects(subject, OWL.equivalentClass))]),
            ("disjoint_with", [self.link(c) for c in sorted_nodes(disjoint)]),
            ("subclasses", [self.link(c) for c in sorted_nodes(g.subjects(RDFS.subClassOf, subject))]),
            ("in_domain_of", [self.link(p) for p in sorted_nodes(self._uses(subject, RDFS.domain))]),
            ("in_range_of", [self.link(p) for p in sorted_nodes(self._uses(subject, RDFS.range))]),
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


def sorted_nodes(nodes: Iterable) -> list:
    return sorted(set(nodes), key=lambda n: (isinstance(n, BNode), str(n)))


def position(graph: Graph, subject) -> tuple:
    position = graph.value(subject, SCHEMA.position)
    notation = str(graph.value(subject, SKOS.notation) or "")
    number = int(position) if position is not None and str(position).isdigit() else 1_000_000
    return (number, natural_key(notation), str(subject))


def natural_key(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def is_ours(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(OURS)


def is_kc(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(KC))
