"""Build the alignment modules of ``ontology/`` from the SSSOM tables of ``ontology/mappings/``.

For each ``mappings/NAME.sssom.tsv`` (see :mod:`kg.framework.alignments` for which file is written):

- ``NAME.ttl`` (Kominfo pillars, Giffinger): the framework's SKOS scheme from ``mappings/NAME.scheme.ttl``
  plus its mappings; ``NAME-alignment.ttl`` (SDG): the mappings alone, and ``NAME-targets.ttl``, the goals
  and targets they use, extracted from the full vocabulary given with ``--vocabulary NAME=FILE``.

Every mapping is written twice: as the plain triple (``kom:SmartBranding skos:narrowMatch kc:ENV-08``) that
queries use, and as an ``owl:Axiom`` annotating that triple with the SSSOM columns (justification in words as
``rdfs:comment``, ``sssom:mapping_justification``, labels, author), linked from its ``sssom:MappingSet`` with
``sssom:mappings``. This is the shape of SSSOM's own RDF serialisation.

Checks before writing (exit 2 with one line per problem): SKOS mapping predicates only, a justification on
every row, no duplicate or contradicting rows, every subject and object known (the scheme, the Kota Cerdas
ontology when present, the outside vocabulary) and every label equal to the term's ``skos:prefLabel``@en.
``--refresh-labels`` rewrites the label columns from those sources instead of failing on them.

Usage: ``python scripts/build_alignments.py [--vocabulary sdg=PATH/sdg-kos-goals-targets-indicators.ttl]
[--refresh-labels]``. Without ``--vocabulary`` the existing ``NAME-targets.ttl`` is kept and checked against.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import os
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.core.errors import InputError
from kg.core.namespaces import KC, PREFIXES, SSSOM
from kg.core.resources import ontology_file
from kg.core.turtle import write_turtle
from kg.framework.alignments import MappingSet, mapping_sets, read_sssom

SKOS_MAPPING_PREDICATES = {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
DEFAULT_VOCABULARIES = {"sdg": "/work/shared/sdg-kos/sdg-kos-goals-targets-indicators.ttl"}

#: What the extract of an outside vocabulary says about its origin (the UN asks that this citation travel
#: with every copy of the SDG KOS).
VOCABULARY_SOURCES = {
    "sdg": {
        "source": "http://metadata.un.org/sdg",
        "title_en": "UN Sustainable Development Goals and targets used by the Kota Cerdas alignment",
        "title_id": "Tujuan dan target Pembangunan Berkelanjutan (SDGs) PBB yang dipakai penyelarasan Kota Cerdas",
        "citation": (
            "Amit Joshi, Luis Gonzalez Morales, Szymon Klarman, and Aaron Helton. 2019. A Knowledge Organization "
            "System for the United Nations Sustainable Development Goals. New York, NY. http://metadata.un.org/sdg"
        ),
        "comment": (
            "Extract (goals and targets referenced by sdg.sssom.tsv; English labels) of the SDG Knowledge "
            "Organization System, file sdg-kos-goals-targets-indicators.ttl of the UNStats LOD4Stats repository "
            "(commit 0ae578b). The SDG Knowledge Organization System, accessible at http://metadata.un.org/sdg, "
            "is made available free of charge and may be copied freely, duplicated and further distributed with "
            "the following citation: Amit Joshi, Luis Gonzalez Morales, Szymon Klarman, and Aaron Helton. 2019. A "
            "Knowledge Organization System for the United Nations Sustainable Development Goals. New York, NY. "
            "http://metadata.un.org/sdg"
        ),
    }
}
EXTRACTED_TARGET_PREDICATES = (RDF.type, SKOS.notation, SKOS.broader, SKOS.inScheme, SKOS.exactMatch)
EXTRACTED_GOAL_PREDICATES = (RDF.type, SKOS.notation, SKOS.inScheme, SKOS.topConceptOf, SKOS.exactMatch)


def new_graph(mapping_set: MappingSet) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, **mapping_set.curie_map, "sdgo": str(SDGO)}.items():
        graph.bind(prefix, namespace)
    return graph


def english_labels(graph: Graph) -> dict[str, str]:
    """``skos:prefLabel``@en of every subject of ``graph``, by IRI."""
    return {
        str(subject): str(label)
        for subject, label in graph.subject_objects(SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "en"
    }


def axiom_iri(mapping_set: MappingSet, subject_id: str, predicate_id: str, object_id: str) -> URIRef:
    """A stable IRI for one mapping: the set's IRI (without ``.sssom.tsv``) and the three local names."""
    base = mapping_set.mapping_set_id.removesuffix(".sssom.tsv")
    local = [part.rsplit(":", 1)[-1].rsplit("/", 1)[-1] for part in (subject_id, predicate_id, object_id)]
    return URIRef(f"{base}#{'_'.join(local)}")


def check(mapping_set: MappingSet, known_labels: dict[str, str], kc_terms: set[str] | None) -> list[str]:
    """The problems of one mapping set, one line each (empty if none)."""
    problems = []
    where = mapping_set.path.name
    seen: dict[tuple[str, str], str] = {}
    for m in mapping_set.mappings:
        at = f"{where}, row {m.row}"
        if URIRef(m.predicate) not in SKOS_MAPPING_PREDICATES:
            problems.append(f"{at}: predicate {m.predicate_id} is not a SKOS mapping property")
        if not m.mapping_justification.startswith("semapv:"):
            problems.append(f"{at}: mapping_justification {m.mapping_justification} is not a semapv: term")
        if not m.comment:
            problems.append(f"{at}: no justification in the comment column")
        pair = (m.subject, m.object)
        if pair in seen:
            problems.append(f"{at}: {m.subject_id} and {m.object_id} are already mapped ({seen[pair]})")
        seen[pair] = m.predicate_id
        ends = ((m.subject, m.subject_id, m.subject_label), (m.object, m.object_id, m.object_label))
        for term, term_id, label in ends:
            if term.startswith(str(KC)):
                if kc_terms is not None and term not in kc_terms:
                    problems.append(f"{at}: {term_id} is not a term of ontology/kotacerdas.ttl")
                if kc_terms is None:
                    continue  # labels of kc: terms are checked once the ontology is there
            elif term not in known_labels:
                problems.append(f"{at}: {term_id} is not in its scheme or vocabulary")
                continue
            if term in known_labels and label != known_labels[term]:
                problems.append(f"{at}: label {label!r} of {term_id} differs from its prefLabel {known_labels[term]!r}")
    return problems


def refresh_labels(mapping_set: MappingSet, known_labels: dict[str, str]) -> bool:
    """Rewrite the label columns of the set's TSV from ``known_labels``; whether anything changed."""
    lines = mapping_set.path.read_text(encoding="utf-8").splitlines(keepends=True)
    header_end = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    reader = csv.DictReader(lines[header_end:], delimiter="\t")
    fieldnames = list(reader.fieldnames or [])
    rows = list(reader)
    changed = False
    for row in rows:
        for id_column, label_column in (("subject_id", "subject_label"), ("object_id", "object_label")):
            iri = mapping_set.expand(row[id_column])
            if iri in known_labels and label_column in row and row[label_column] != known_labels[iri]:
                row[label_column] = known_labels[iri]
                changed = True
    if changed:
        out = io.StringIO()
        out.write("".join(lines[:header_end]))
        writer = csv.DictWriter(out, fieldnames=fieldnames, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        mapping_set.path.write_text(out.getvalue(), encoding="utf-8")
    return changed


def mapping_set_graph(mapping_set: MappingSet) -> Graph:
    """The module: the scheme (if the set has one), the mapping set, each mapping as triple and axiom."""
    graph = new_graph(mapping_set)
    if mapping_set.scheme_source.exists():
        graph.parse(mapping_set.scheme_source, format="turtle")
    metadata = mapping_set.metadata
    node = URIRef(mapping_set.mapping_set_id)
    graph.add((node, RDF.type, SSSOM.MappingSet))
    graph.add((node, RDF.type, DCAT.Dataset))
    if metadata.get("mapping_set_title"):
        graph.add((node, DCTERMS.title, Literal(str(metadata["mapping_set_title"]), lang="en")))
    if metadata.get("mapping_set_description"):
        graph.add((node, DCTERMS.description, Literal(str(metadata["mapping_set_description"]).strip(), lang="en")))
    graph.add((node, DCTERMS.license, URIRef(str(metadata["license"]))))
    if metadata.get("mapping_set_version"):
        graph.add((node, OWL.versionInfo, Literal(str(metadata["mapping_set_version"]))))
    for creator in metadata.get("creator_label") or []:
        graph.add((node, SSSOM.creator_label, Literal(str(creator))))
    for slot in ("subject_source", "object_source"):
        if metadata.get(slot):
            graph.add((node, SSSOM[slot], URIRef(mapping_set.expand(str(metadata[slot])))))
    for m in mapping_set.mappings:
        subject, predicate, obj = URIRef(m.subject), URIRef(m.predicate), URIRef(m.object)
        graph.add((subject, predicate, obj))
        axiom = axiom_iri(mapping_set, m.subject_id, m.predicate_id, m.object_id)
        graph.add((node, SSSOM.mappings, axiom))
        graph.add((axiom, RDF.type, OWL.Axiom))
        graph.add((axiom, OWL.annotatedSource, subject))
        graph.add((axiom, OWL.annotatedProperty, predicate))
        graph.add((axiom, OWL.annotatedTarget, obj))
        graph.add((axiom, SSSOM.mapping_justification, URIRef(mapping_set.expand(m.mapping_justification))))
        graph.add((axiom, RDFS.comment, Literal(m.comment, lang="en")))
        if m.comment_id:  # the project's translation (extension column comment_id)
            graph.add((axiom, RDFS.comment, Literal(m.comment_id, lang="id")))
        if m.subject_label:
            graph.add((axiom, SSSOM.subject_label, Literal(m.subject_label)))
        if m.object_label:
            graph.add((axiom, SSSOM.object_label, Literal(m.object_label)))
        if m.object_label_id:  # the project's translation of an outside term's label (object_label_id)
            graph.add((axiom, SSSOM.object_label, Literal(m.object_label_id, lang="id")))
        for author in m.author_label:
            graph.add((axiom, SSSOM.author_label, Literal(author)))
    declare_terms(graph)
    return graph


def extract_targets(mapping_set: MappingSet, vocabulary: Graph) -> Graph:
    """The outside terms a set maps to, with their parents (SDG goals), English labels and the citation."""
    graph = new_graph(mapping_set)
    about = VOCABULARY_SOURCES[mapping_set.name]
    scheme = URIRef(about["source"])
    extract = URIRef(str(KC).rstrip("#") + f"/{mapping_set.name}-targets")
    graph.add((extract, RDF.type, DCAT.Dataset))
    graph.add((extract, DCTERMS.title, Literal(about["title_en"], lang="en")))
    graph.add((extract, DCTERMS.title, Literal(about["title_id"], lang="id")))
    graph.add((extract, DCTERMS.source, scheme))
    graph.add((extract, DCTERMS.bibliographicCitation, Literal(about["citation"])))
    graph.add((extract, RDFS.comment, Literal(about["comment"], lang="en")))
    graph.add((extract, PROV.wasDerivedFrom, scheme))

    targets = sorted({URIRef(m.object) for m in mapping_set.mappings})
    goals = set()
    for target in targets:
        if (target, None, None) not in vocabulary:
            raise InputError(f"{target} is not in the vocabulary", str(mapping_set.path))
        for predicate in EXTRACTED_TARGET_PREDICATES:
            for value in vocabulary.objects(target, predicate):
                graph.add((target, predicate, value))
        copy_english(vocabulary, graph, target)
        goals.update(vocabulary.objects(target, SKOS.broader))
    for goal in goals:
        for predicate in EXTRACTED_GOAL_PREDICATES:
            for value in vocabulary.objects(goal, predicate):
                graph.add((goal, predicate, value))
        copy_english(vocabulary, graph, goal)
        for target in targets:
            if (target, SKOS.broader, goal) in vocabulary:
                graph.add((goal, SKOS.narrower, target))
        graph.add((scheme, SKOS.hasTopConcept, goal))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    copy_english(vocabulary, graph, scheme)
    declare_terms(graph)
    return graph


_BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_DECLARATION_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_SKOS_RELATIONS = {
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.relatedMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.broader,
    SKOS.narrower,
    SKOS.related,
    SKOS.inScheme,
    SKOS.topConceptOf,
    SKOS.hasTopConcept,
}


def declare_terms(graph: Graph) -> None:
    """Declare every class and property the module uses, so each module is OWL 2 DL on its own.

    A term keeps the kind the ontology gives it; otherwise SKOS relations are object properties and every
    other property an annotation property (justifications, labels, provenance notes)."""
    known_kinds = kc_terms_and_labels()[2]
    classes = {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    properties = {p for p in graph.predicates() if p != RDF.type}
    for term in classes | properties:
        if str(term).startswith(_BUILT_IN):
            continue
        kind = known_kinds.get(term)
        if kind is None:
            if term in classes:
                kind = OWL.Class
            elif term in _SKOS_RELATIONS:
                kind = OWL.ObjectProperty
            else:
                kind = OWL.AnnotationProperty
        graph.add((term, RDF.type, kind))


def declared_kinds(graph: Graph) -> dict[URIRef, URIRef]:
    """The declaration kind (owl:Class, owl:ObjectProperty …) of each term the ontology declares."""
    return {
        term: kind for kind in _DECLARATION_KINDS for term in graph.subjects(RDF.type, kind) if isinstance(term, URIRef)
    }


def copy_english(source: Graph, target: Graph, subject: URIRef) -> None:
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.note):
        for value in source.objects(subject, predicate):
            if isinstance(value, Literal) and value.language == "en":
                target.add((subject, predicate, value))


@functools.cache
def kc_terms_and_labels() -> tuple[set[str] | None, dict[str, str], dict[URIRef, URIRef]]:
    """The kc: terms of ``ontology/kotacerdas.ttl``, their English labels and the kinds it declares terms as,
    or ``(None, {}, {})`` if it is absent."""
    path = ontology_file()
    if not path.exists():
        return None, {}, {}
    graph = Graph().parse(path, format="turtle")
    terms = {str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KC))}
    return terms, english_labels(graph), declared_kinds(graph)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--vocabulary",
        action="append",
        default=[],
        metavar="NAME=FILE",
        help="the full outside vocabulary of set NAME, to extract NAME-targets.ttl from",
    )
    parser.add_argument("--refresh-labels", action="store_true", help="rewrite the TSVs' label columns")
    args = parser.parse_args()
    vocabulary_files = {name: Path(path) for name, path in DEFAULT_VOCABULARIES.items() if Path(path).exists()}
    vocabulary_files.update({k: Path(v) for k, v in (item.split("=", 1) for item in args.vocabulary)})

    kc_terms, kc_labels, _ = kc_terms_and_labels()
    if kc_terms is None:
        print("note: ontology/kotacerdas.ttl not found; kc: terms are not checked", file=sys.stderr)
    problems: list[str] = []
    outputs: list[tuple[Graph, Path]] = []
    for mapping_set in mapping_sets():
        known = dict(kc_labels)
        vocabulary: Graph | None = None
        if mapping_set.scheme_source.exists():
            known.update(english_labels(Graph().parse(mapping_set.scheme_source, format="turtle")))
        elif mapping_set.name in vocabulary_files:
            vocabulary = Graph().parse(vocabulary_files[mapping_set.name], format="turtle")
            known.update(english_labels(vocabulary))
        elif mapping_set.targets_file and mapping_set.targets_file.exists():
            known.update(english_labels(Graph().parse(mapping_set.targets_file, format="turtle")))
        if args.refresh_labels and refresh_labels(mapping_set, known):
            print(f"refreshed labels: {mapping_set.path.name}")
            mapping_set = read_sssom(mapping_set.path)
        problems += check(mapping_set, known, kc_terms)
        outputs.append((mapping_set_graph(mapping_set), mapping_set.module_file))
        if vocabulary is not None and mapping_set.targets_file is not None:
            outputs.append((extract_targets(mapping_set, vocabulary), mapping_set.targets_file))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    for graph, path in outputs:
        write_turtle(graph, path)
        print(f"{os.path.relpath(path)}: {len(graph)} triples")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
