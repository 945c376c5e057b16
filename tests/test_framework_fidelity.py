"""The ontology is faithful to the Kemendagri source text: 6 dimensions, 6 goals, 50 initiatives, quoted exactly.

The source (tests/data/dimensi-kota-cerdas.txt) is parsed here on its own, without the library, so the test
compares two independent readings: the seed's numbered lists and the ontology's SKOS concepts.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.core.namespaces import KC
from kg.core.resources import ontology_file

SEED = Path(__file__).parent / "data" / "dimensi-kota-cerdas.txt"

# docs/design.md, "Fixed names": the dimensions' notations in the source's order, and their sizes.
DIMENSION_ORDER = ["GOV", "LIV", "ENV", "SOC", "ECO", "MOB"]
EXPECTED_SIZES = {"GOV": 6, "LIV": 9, "ENV": 9, "SOC": 12, "ECO": 8, "MOB": 6}

_GOAL_LINE = re.compile(r"bersasaran", re.IGNORECASE)
_NUMBERED_ITEM = re.compile(r"^\s+\d+\.\s+(?P<text>.*?)\s*$")
_TRAILING_LIST_PUNCTUATION = re.compile(r"(?:;\s*[Dd]an|[;,.])$")


@cache
def seed() -> tuple[list[str], dict[str, list[str]]]:
    """The seed's goal sentences (full stop dropped) and numbered items per dimension, in order."""
    goals: list[str] = []
    items: dict[str, list[str]] = {}
    current = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if _GOAL_LINE.search(line):
            goals.append(line.split(".", 1)[0])
            current = DIMENSION_ORDER[len(goals) - 1]
            items[current] = []
            continue
        match = _NUMBERED_ITEM.match(line)
        if match and current is not None:  # the list of dimensions before the first goal is skipped
            items[current].append(_TRAILING_LIST_PUNCTUATION.sub("", match.group("text")))
    return goals, items


@cache
def ontology() -> Graph:
    graph = Graph()
    graph.parse(str(ontology_file()), format="turtle")
    return graph


def literal(subject: URIRef, predicate: URIRef, lang: str) -> list[str]:
    return [str(o) for o in ontology().objects(subject, predicate) if isinstance(o, Literal) and o.language == lang]


def expected_initiatives() -> list[tuple[str, str, str]]:
    """(notation, dimension, seed text) for every numbered item of the seed."""
    _, items = seed()
    return [
        (f"{dimension}-{number:02d}", dimension, text)
        for dimension in DIMENSION_ORDER
        for number, text in enumerate(items[dimension], start=1)
    ]


def members(kind: URIRef) -> set[URIRef]:
    return {s for s in ontology().subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_seed_parses_into_six_goals_and_fifty_items() -> None:
    goals, items = seed()
    assert len(goals) == 6
    assert {d: len(items[d]) for d in DIMENSION_ORDER} == EXPECTED_SIZES


def test_ontology_has_six_dimensions_six_goals_fifty_initiatives() -> None:
    assert len(members(KC.Dimension)) == 6
    assert len(members(KC.Goal)) == 6
    assert len(members(KC.Initiative)) == 50


def test_initiatives_per_dimension_match_the_seed() -> None:
    graph = ontology()
    sizes = {d: len(list(graph.subjects(KC.dimension, KC[d]))) for d in DIMENSION_ORDER}
    assert sizes == EXPECTED_SIZES


def test_dimensions_have_fixed_iris_notations_and_goals_in_the_scheme() -> None:
    graph = ontology()
    top = set(graph.objects(KC.KotaCerdas, SKOS.hasTopConcept))
    assert (KC.KotaCerdas, RDF.type, SKOS.ConceptScheme) in graph
    assert top == {KC[d] for d in DIMENSION_ORDER}
    for notation in DIMENSION_ORDER:
        dimension, goal = KC[notation], KC[f"{notation}-goal"]
        assert (dimension, RDF.type, KC.Dimension) in graph
        assert [str(n) for n in graph.objects(dimension, SKOS.notation)] == [notation]
        assert (dimension, SKOS.topConceptOf, KC.KotaCerdas) in graph
        assert (dimension, SKOS.inScheme, KC.KotaCerdas) in graph
        assert list(graph.objects(dimension, KC.goal)) == [goal]
        assert (goal, RDF.type, KC.Goal) in graph
        assert [str(n) for n in graph.objects(goal, SKOS.notation)] == [f"{notation}-S"]
        assert (goal, SKOS.inScheme, KC.KotaCerdas) in graph


def test_dimension_labels_are_the_seeds_names() -> None:
    text = SEED.read_text(encoding="utf-8")
    for notation in DIMENSION_ORDER:
        (label_id,) = literal(KC[notation], SKOS.prefLabel, "id")
        (label_en,) = literal(KC[notation], SKOS.prefLabel, "en")
        assert f"{label_id} ({label_en})" in text, (notation, label_id, label_en)


@pytest.mark.parametrize("index", range(6), ids=DIMENSION_ORDER)
def test_goal_definition_is_the_seeds_goal_sentence_word_for_word(index: int) -> None:
    goals, _ = seed()
    notation = DIMENSION_ORDER[index]
    assert literal(KC[f"{notation}-goal"], SKOS.definition, "id") == [goals[index]]


@pytest.mark.parametrize("expected", expected_initiatives(), ids=lambda e: e[0])
def test_initiative_definition_is_the_seeds_item_word_for_word(expected: tuple[str, str, str]) -> None:
    notation, dimension, text = expected
    graph = ontology()
    initiative = KC[notation]
    assert (initiative, RDF.type, KC.Initiative) in graph
    assert [str(n) for n in graph.objects(initiative, SKOS.notation)] == [notation]
    assert literal(initiative, SKOS.definition, "id") == [text]
    assert (initiative, SKOS.inScheme, KC.KotaCerdas) in graph


def test_every_initiative_in_the_ontology_is_in_the_seed() -> None:
    expected = {KC[notation] for notation, _, _ in expected_initiatives()}
    assert members(KC.Initiative) == expected


def test_each_initiative_has_exactly_one_dimension_equal_to_its_broader() -> None:
    graph = ontology()
    for notation, dimension, _ in expected_initiatives():
        initiative = KC[notation]
        assert list(graph.objects(initiative, KC.dimension)) == [KC[dimension]], notation
        assert list(graph.objects(initiative, SKOS.broader)) == [KC[dimension]], notation


def test_skos_related_is_symmetric_and_explained_on_both_sides() -> None:
    graph = ontology()
    pairs = list(graph.subject_objects(SKOS.related))
    assert pairs, "near-duplicate initiatives are linked with skos:related"
    for a, b in pairs:
        assert (b, SKOS.related, a) in graph, f"{a} skos:related {b} but not back"
        assert a != b
        for subject, other in ((a, b), (b, a)):
            other_notation = str(graph.value(other, SKOS.notation))
            for lang in ("id", "en"):
                notes = literal(subject, SKOS.editorialNote, lang)
                assert any(other_notation in note for note in notes), (subject, other_notation, lang)


def test_known_near_duplicates_are_related() -> None:
    graph = ontology()
    assert (KC["LIV-04"], SKOS.related, KC["MOB-01"]) in graph  # the same accessible public transport


def kc_terms() -> list[URIRef]:
    """Every term the ontology defines in the kc: namespace."""
    graph = ontology()
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KC))})


@pytest.mark.parametrize("term", kc_terms(), ids=lambda t: t.split("#")[-1])
def test_every_term_has_labels_and_definitions_in_indonesian_and_english(term: URIRef) -> None:
    for lang in ("id", "en"):
        labels = literal(term, SKOS.prefLabel, lang) + literal(term, RDFS.label, lang)
        assert len(labels) == 1, f"{term}: expected one label @{lang}, got {labels}"
        assert labels[0].strip() == labels[0] and labels[0]
        definitions = literal(term, SKOS.definition, lang)
        assert len(definitions) == 1, f"{term}: expected one skos:definition @{lang}, got {definitions}"


def test_preferred_labels_are_unique_within_the_scheme() -> None:
    graph = ontology()
    concepts = set(graph.subjects(SKOS.inScheme, KC.KotaCerdas))
    for lang in ("id", "en"):
        labels = [label for c in concepts for label in literal(c, SKOS.prefLabel, lang)]
        assert len(labels) == len(set(labels)) == len(concepts), lang


def test_notations_are_unique() -> None:
    notations = [str(n) for n in ontology().objects(None, SKOS.notation)]
    assert len(notations) == len(set(notations))


def test_ontology_header_names_version_license_and_namespace() -> None:
    graph = ontology()
    header = URIRef(str(KC).rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in graph
    version = str(graph.value(header, OWL.versionInfo))
    assert (header, OWL.versionIRI, URIRef(f"{header}/{version}")) in graph
    # 0.7.2 and 0.7.1 (patch releases: the same terms) follow 0.7.0 (the cube's whole-year observations,
    # kc:RegionCoverageStructure), 0.6.0 (the coverage cube's kc:coverageRegion), 0.5.0 (SAREF4CITY calculation
    # periods), 0.4.0 (data origins, programs disjoint with the framework's concepts), 0.3.0 (issues 11 and 13:
    # indicators as assessments, budgets by level), 0.2.0 (sound under reasoning, regions through time), 0.1.0
    assert (header, OWL.priorVersion, URIRef(f"{header}/0.7.1")) in graph
    vann = "http://purl.org/vocab/vann/"
    assert str(graph.value(header, URIRef(vann + "preferredNamespaceUri"))) == str(KC)
    assert str(graph.value(header, URIRef(vann + "preferredNamespacePrefix"))) == "kc"
    license_ = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (header, URIRef("http://purl.org/dc/terms/license"), license_) in graph


# docs/architecture.md, "The data model": the classes and properties other modules rely on.
DATA_MODEL_CLASSES = [
    "Program",
    "Region",
    "Province",
    "Regency",
    "City",
    "AdministrativeCity",
    "AdministrativeRegency",
    "Agency",
    "Indicator",
    "Submission",
    "Dimension",
    "Goal",
    "Initiative",
    "ProgramStatus",
    "BeneficiaryGroup",
    # ontology 0.3: assessments, budgets by level, funding sources
    "IndicatorAssessment",
    "IndicatorDirection",
    "BudgetLevel",
    "FundingSource",
]
OBJECT_PROPERTIES = [
    "region",
    "agency",
    "initiative",
    "status",
    "beneficiary",
    "indicator",
    "dimension",
    "goal",
    "province",
    "validationReport",
    "establishedBy",
    "endedBy",
    "assessment",
    "direction",
    "unitOfMeasure",
    "plannedBudget",
    "realisedBudget",
    "budgetLevel",
    "parent",
    "fundingSource",
    "kominfoPillar",
    "coverageDimension",
    "coverageRegion",
    "coveredInitiative",
    "coveringProgram",
]
DATATYPE_PROPERTIES = [
    "programId",
    "fiscalYear",
    "budget",
    "unit",
    "target",
    "achieved",
    "regionCode",
    "sourceRow",
    "sourceColumn",
    "sourceFile",
    "forced",
    "violationCount",
    "warningCount",
    "infoCount",
    "baseline",
    "period",
    "approximateValue",
    "nomenclatureCode",
    "initiativesCovered",
    "initiativesTotal",
    "coverage",
    "coverageYear",
    "dimensionsCovered",
    "dimensionsTotal",
    "coveringProgramCount",
]


def test_data_model_terms_are_declared_with_domain_and_range() -> None:
    graph = ontology()
    for name in DATA_MODEL_CLASSES:
        assert (KC[name], RDF.type, OWL.Class) in graph, name
    for names, kind in ((OBJECT_PROPERTIES, OWL.ObjectProperty), (DATATYPE_PROPERTIES, OWL.DatatypeProperty)):
        for name in names:
            assert (KC[name], RDF.type, kind) in graph, name
            # a hard rdfs:domain, or (where reuse must not type the subject) schema.org's soft domainIncludes
            soft_domain = URIRef("https://schema.org/domainIncludes")
            assert graph.value(KC[name], RDFS.domain) is not None or graph.value(KC[name], soft_domain), name
            assert graph.value(KC[name], RDFS.range) is not None, name
    properties = set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    kc_properties = {p for p in properties if str(p).startswith(str(KC))}
    assert kc_properties == {KC[n] for n in OBJECT_PROPERTIES + DATATYPE_PROPERTIES}


_BUILT_IN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
_DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_every_class_and_property_used_is_declared() -> None:
    """OWL 2 DL needs every non-built-in class and property declared; each IRI gets exactly one kind."""
    graph = ontology()
    declared: dict[URIRef, set[URIRef]] = {}
    for kind in _DECLARATIONS:
        for subject in graph.subjects(RDF.type, kind):
            declared.setdefault(subject, set()).add(kind)
    assert all(len(kinds) == 1 for kinds in declared.values()), {t: k for t, k in declared.items() if len(k) > 1}
    used = {p for p in graph.predicates() if not str(p).startswith(_BUILT_IN)}
    used |= {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef) and not str(o).startswith(_BUILT_IN)}
    used |= {o for o in graph.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    used |= {o for o in graph.objects(None, RDFS.subPropertyOf) if isinstance(o, URIRef)}
    used |= {o for o in graph.objects(None, OWL.equivalentProperty) if isinstance(o, URIRef)}
    assert sorted(used - set(declared)) == []


@pytest.mark.java
def test_ontology_is_consistent_for_the_hermit_reasoner(tmp_path: Path) -> None:
    if shutil.which("java") is None:
        if os.environ.get("CI", "").lower() == "true":  # .ci/run installs Java: without it CI must fail
            pytest.fail("no Java runtime for HermiT (apt-get install default-jre-headless)")
        pytest.skip("no Java runtime for HermiT")
    import owlready2  # a dependency of the package

    triples = tmp_path / "kotacerdas.nt"
    ontology().serialize(str(triples), format="nt", encoding="utf-8")
    world = owlready2.World()
    loaded = world.get_ontology(triples.as_uri()).load()
    with loaded:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    assert len(list(loaded.individuals())) == len(set(ontology().subjects(RDF.type, OWL.NamedIndividual)))
