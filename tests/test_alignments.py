"""The alignment modules (Kominfo pillars, Giffinger, UN SDG targets) say exactly what their SSSOM tables say,
every mapping keeps its justification, and the mapped terms exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.core.errors import InputError
from kg.core.namespaces import KC, SEMAPV, SSSOM
from kg.core.resources import ontology_file
from kg.core.turtle import is_canonical, to_turtle
from kg.framework.alignments import alignment_files, mapping_set, mapping_sets, mappings, read_sssom

SKOS_MAPPINGS = {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
NOTATION = re.compile(r"^(GOV|LIV|ENV|SOC|ECO|MOB)(-\d{2})?$")
SDG_TARGET = re.compile(r"^http://metadata\.un\.org/sdg/\d{1,2}\.[0-9a-z]{1,2}$")
REPO = Path(__file__).resolve().parent.parent
SDG_CITATION = "A Knowledge Organization System for the United Nations Sustainable Development Goals"


def parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def annotated_triple(graph: Graph, axiom) -> tuple:
    """The triple an ``owl:Axiom`` annotates."""
    return tuple(graph.value(axiom, p) for p in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))


@pytest.fixture(scope="module")
def framework() -> Graph:
    return parse(ontology_file())


@pytest.fixture(scope="module")
def modules() -> dict[str, Graph]:
    return {item.name: parse(item.module_file) for item in mapping_sets()}


def test_the_three_mapping_sets_are_found() -> None:
    assert {item.name for item in mapping_sets()} == {"kominfo-pillars", "giffinger", "sdg"}
    assert [path.name for path in alignment_files()] == [
        "giffinger.ttl",
        "kominfo-pillars.ttl",
        "sdg-alignment.ttl",
        "sdg-targets.ttl",
        "saref4city-alignment.ttl",  # edited by hand: the OWL alignment of the indicator model
    ]


def test_every_sssom_row_is_in_the_turtle_and_nothing_else(modules: dict[str, Graph]) -> None:
    for item in mapping_sets():
        graph = modules[item.name]
        rows = {(URIRef(m.subject), URIRef(m.predicate), URIRef(m.object)) for m in item.mappings}
        assert len(rows) == len(item.mappings), f"{item.name}: duplicate rows"
        triples = {(s, p, o) for s, p, o in graph if p in SKOS_MAPPINGS}
        assert triples == rows, item.name
        axioms = {annotated_triple(graph, a) for a in graph.subjects(RDF.type, OWL.Axiom)}
        assert axioms == rows, item.name
        (set_node,) = graph.subjects(RDF.type, SSSOM.MappingSet)
        assert str(set_node) == item.mapping_set_id
        assert len(list(graph.objects(set_node, SSSOM.mappings))) == len(rows)


def test_every_mapping_keeps_its_justification_in_the_turtle(modules: dict[str, Graph]) -> None:
    for item in mapping_sets():
        graph = modules[item.name]
        by_triple = {annotated_triple(graph, a): a for a in graph.subjects(RDF.type, OWL.Axiom)}
        for m in item.mappings:
            axiom = by_triple[(URIRef(m.subject), URIRef(m.predicate), URIRef(m.object))]
            comments = set(graph.objects(axiom, RDFS.comment))
            assert comments == {Literal(m.comment, lang="en"), Literal(m.comment_id, lang="id")}
            assert graph.value(axiom, SSSOM.mapping_justification) == SEMAPV.ManualMappingCuration


def test_every_justification_and_outside_label_has_its_indonesian_translation() -> None:
    """Issue 23: the Indonesian pages showed the English justifications and SDG target texts."""
    for item in mapping_sets():
        for m in item.mappings:
            assert m.comment_id and m.comment_id != m.comment, (item.name, m.row)
            if item.targets_file is not None:  # an outside vocabulary without Indonesian labels (the UN's SDGs)
                assert m.object_label_id and m.object_label_id != m.object_label, (item.name, m.row)
        assert "not an official Indonesian text" in " ".join(str(item.metadata["mapping_set_description"]).split())


def test_every_row_has_a_justification_and_a_skos_predicate() -> None:
    for item in mapping_sets():
        assert item.metadata["license"].startswith("https://")
        for m in item.mappings:
            assert URIRef(m.predicate) in SKOS_MAPPINGS, (item.name, m.row)
            assert m.mapping_justification == "semapv:ManualMappingCuration", (item.name, m.row)
            assert len(m.comment.split()) >= 5, (item.name, m.row, m.comment)
            assert m.author_label, (item.name, m.row)


def test_turtle_modules_are_generated_from_the_current_tables() -> None:
    spec = importlib.util.spec_from_file_location("build_alignments", REPO / "scripts" / "build_alignments.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    for item in mapping_sets():
        expected = to_turtle(builder.mapping_set_graph(item))
        assert item.module_file.read_text(encoding="utf-8") == expected, (
            f"{item.module_file.name} is stale: run python scripts/build_alignments.py"
        )


def test_alignment_files_are_canonical_turtle() -> None:
    for path in alignment_files():
        assert is_canonical(path), path


def test_every_kc_term_exists_in_the_framework(framework: Graph) -> None:
    for item in mapping_sets():
        for m in item.mappings:
            for term, label in ((m.subject, m.subject_label), (m.object, m.object_label)):
                if not term.startswith(str(KC)):
                    continue
                local = term.removeprefix(str(KC))
                assert NOTATION.match(local), term
                assert (URIRef(term), SKOS.notation, Literal(local)) in framework, term
                english = {str(x) for x in framework.objects(URIRef(term), SKOS.prefLabel) if x.language == "en"}
                assert label in english, (
                    f"{item.path.name} row {m.row}: label {label!r} of {term} is stale; "
                    "run python scripts/build_alignments.py --refresh-labels"
                )


def test_every_initiative_serves_one_to_three_sdg_targets(framework: Graph) -> None:
    initiatives = set(framework.subjects(RDF.type, KC.Initiative))
    assert len(initiatives) == 50
    targets_of: dict[URIRef, set[str]] = {}
    for m in mappings("sdg"):
        targets_of.setdefault(URIRef(m.subject), set()).add(m.object)
    assert set(targets_of) == initiatives
    assert all(1 <= len(targets) <= 3 for targets in targets_of.values())


def test_every_sdg_target_used_is_in_the_extract_with_its_goal() -> None:
    item = mapping_set("sdg")
    assert item.targets_file is not None
    extract = parse(item.targets_file)
    for m in item.mappings:
        target = URIRef(m.object)
        assert SDG_TARGET.match(m.object), m.object
        assert (target, RDF.type, SKOS.Concept) in extract, m.object
        assert Literal(m.object_label, lang="en") in set(extract.objects(target, SKOS.prefLabel)), m.object
        goal = extract.value(target, SKOS.broader)
        assert goal is not None and (goal, SKOS.narrower, target) in extract
        assert any(label.language == "en" for label in extract.objects(goal, SKOS.prefLabel))
    used = {URIRef(m.object) for m in item.mappings}
    goals = {extract.value(t, SKOS.broader) for t in used}
    concepts = set(extract.subjects(RDF.type, SKOS.Concept))
    assert concepts == used | goals, "the extract holds only the targets used and their goals"


def test_sdg_citation_travels_with_the_extract() -> None:
    item = mapping_set("sdg")
    assert item.targets_file is not None
    extract = parse(item.targets_file)
    citations = [str(c) for c in extract.objects(None, DCTERMS.bibliographicCitation)]
    assert any(SDG_CITATION in c for c in citations)
    assert SDG_CITATION in ontology_file("README.md").read_text(encoding="utf-8")


def test_framework_schemes_are_bilingual_with_notations_and_a_source(modules: dict[str, Graph]) -> None:
    for name in ("kominfo-pillars", "giffinger"):
        graph = modules[name]
        (scheme,) = graph.subjects(RDF.type, SKOS.ConceptScheme)
        assert graph.value(scheme, DCTERMS.source) is not None
        concepts = set(graph.subjects(SKOS.inScheme, scheme))
        assert len(concepts) == 6
        for concept in concepts:
            for predicate in (SKOS.prefLabel, SKOS.definition):
                assert {x.language for x in graph.objects(concept, predicate)} == {"id", "en"}, (concept, predicate)
            assert graph.value(concept, SKOS.notation) is not None


def test_kominfo_has_branding_and_no_mobility_pillar(modules: dict[str, Graph]) -> None:
    graph = modules["kominfo-pillars"]
    (scheme,) = graph.subjects(RDF.type, SKOS.ConceptScheme)
    labels = {str(label) for c in graph.subjects(SKOS.inScheme, scheme) for label in graph.objects(c, SKOS.prefLabel)}
    assert "Smart Branding" in labels
    assert not any("Mobility" in label or "Mobilitas" in label for label in labels)
    # Mobility is reached only through Smart Living (transport is one of its elements), never as an equal.
    mob_links = [m for m in mappings("kominfo-pillars") if m.object_id.startswith("kc:MOB")]
    assert mob_links and all(m.predicate_id not in ("skos:exactMatch", "skos:closeMatch") for m in mob_links)
    assert any(m.subject_id == "kom:SmartLiving" and m.object_id == "kc:MOB" for m in mob_links)


def test_kominfo_branding_maps_to_townscape_tourism_and_showcases() -> None:
    branding = {m.object_id for m in mappings("kominfo-pillars") if m.subject_id == "kom:SmartBranding"}
    assert {"kc:ENV-08", "kc:ENV-09", "kc:ECO-04", "kc:ECO-06"} <= branding


def test_every_dimension_has_one_counterpart_in_giffinger(framework: Graph) -> None:
    dimensions = set(framework.subjects(RDF.type, KC.Dimension))
    assert len(dimensions) == 6
    close = [m for m in mappings("giffinger") if m.predicate_id in ("skos:exactMatch", "skos:closeMatch")]
    assert sorted(URIRef(m.object) for m in close) == sorted(dimensions)


def test_reader_names_file_and_row_of_an_undeclared_prefix(tmp_path: Path) -> None:
    table = tmp_path / "tiny.sssom.tsv"
    table.write_text(
        "#curie_map:\n#  kc: https://w3id.org/kotacerdas/ontology#\n"
        "#mapping_set_id: https://example.org/tiny.sssom.tsv\n#license: https://creativecommons.org/licenses/by/4.0/\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\tcomment\n"
        "kc:GOV\tskos:closeMatch\tkc:GOV-01\tsemapv:ManualMappingCuration\tfine\n"
        "kc:GOV\tskos:closeMatch\tnope:X\tsemapv:ManualMappingCuration\tbad prefix\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_sssom(table)
    assert caught.value.row == 2 and "nope:X" in caught.value.message
    table.write_text(table.read_text(encoding="utf-8").replace("nope:X", "kc:GOV-02"), encoding="utf-8")
    tiny = read_sssom(table)
    assert tiny.name == "tiny"
    assert [m.object for m in tiny.mappings] == [str(KC["GOV-01"]), str(KC["GOV-02"])]
    assert tiny.mappings[1].comment == "bad prefix" and tiny.mappings[1].row == 2
