"""The ontology is sound under reasoning: an OWL RL reasoner (owlrl) and HermiT (OWL 2 DL, through owlready2),
run over the ontology plus adversarial data, never type a thing wrongly and never merge two named individuals;
each conflict is an inconsistency for the reasoner or a violation of the submission shapes.

The adversarial cases are what a publisher meets when the ontology is loaded beside other data: a Wikidata
kecamatan item with its P2588 code, a program with two statuses, an initiative put in a second dimension, an
indicator attached to a region, an initiative attached to a dataset.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.core.namespaces import KC, SCHEMA, region_iri
from kg.core.resources import ontology_file, resource_path

PREFIXES = """
@prefix kc: <https://w3id.org/kotacerdas/ontology#> .
@prefix kcid: <https://w3id.org/kotacerdas/id/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
KECAMATAN = URIRef("http://www.wikidata.org/entity/Q4000001")
KOTA_ITEM = URIRef("http://www.wikidata.org/entity/Q10389")
PROGRAM = URIRef("https://w3id.org/kotacerdas/id/program/32.73/2025/P-001")
DATASET = URIRef("https://example.org/dataset/angkutan-umum")
REGION = URIRef(region_iri("32.73"))

#: name → (Turtle, how the conflict must be reported: "inconsistent" or "shacl").
CASES: dict[str, tuple[str, str | None]] = {
    # Wikidata's P2588 also codes kecamatan; nothing here may make the item a kc:Region
    "kecamatan-code": (
        """wd:Q4000001 wdt:P2588 "32.73.01" ; rdfs:label "Sumurbandung"@id .
           wd:Q10389 wdt:P2588 "32.73" ; rdfs:label "Kota Bandung"@id .""",
        None,
    ),
    "two-statuses": (
        """<https://w3id.org/kotacerdas/id/program/32.73/2025/P-001> a kc:Program ; kc:status kc:Ongoing , kc:Completed .""",
        "inconsistent",
    ),
    "second-dimension": ("""kc:MOB-01 kc:dimension kc:LIV .""", "inconsistent"),
    # kc:Program is disjoint with kc:Initiative and skos:Concept (issue 23): a program "in" a dimension is a
    # conflict, never a program silently typed an initiative
    "program-in-a-dimension": (
        """<https://w3id.org/kotacerdas/id/program/32.73/2025/P-001> a kc:Program ; kc:dimension kc:GOV .""",
        "inconsistent",
    ),
    "two-goals": ("""kc:MOB kc:goal kc:LIV-goal .""", "inconsistent"),
    "indicator-on-region": (
        """<https://w3id.org/kotacerdas/id/region/32.73> kc:indicator ex:indicator-1 .
           ex:indicator-1 rdfs:label "Indeks kota cerdas"@id .""",
        "shacl",
    ),
    "initiative-on-dataset": (
        """<https://example.org/dataset/angkutan-umum> a dcat:Dataset ; kc:initiative kc:MOB-01 .""",
        "shacl",
    ),
}
#: The cases whose conflict is a disjointness of classes (no merge of individuals behind it).
DISJOINTNESS_CASES = {"program-in-a-dimension"}
#: Things that must never acquire these types, whatever the case.
NEVER = {
    KECAMATAN: {KC.Region, SCHEMA.AdministrativeArea},
    KOTA_ITEM: {KC.Region, SCHEMA.AdministrativeArea},
    DATASET: {KC.Program},
    REGION: {KC.Program, KC.Agency, KC.Indicator},
}


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@cache
def registry_slice() -> Graph:
    """Kota Bandung and Jawa Barat from the registry, with every statement about them."""
    registry = Graph().parse(resource_path("registry", "regions.ttl"), format="turtle")
    out = Graph()
    for code in ("32", "32.73"):
        out += registry.triples((URIRef(region_iri(code)), None, None))
    return out


def case_graph(name: str) -> Graph:
    graph = Graph()
    graph += ontology_graph()
    graph += registry_slice()
    graph.parse(data=PREFIXES + CASES[name][0], format="turtle")
    return graph


def named_individuals() -> set[URIRef]:
    graph = ontology_graph()
    return {s for s in graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)} | {REGION}


# ---- OWL RL (owlrl) ---------------------------------------------------------------------------------------


@cache
def owl_rl_closure(name: str) -> tuple[Graph, list[str]]:
    """The OWL RL closure of a case and owlrl's inconsistency messages."""
    import owlrl  # a test dependency: missing, the test fails
    from owlrl.Namespaces import ERRNS

    graph = case_graph(name)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = sorted(str(message) for message in graph.objects(None, ERRNS.error))
    return graph, errors


@pytest.mark.slow
def test_the_ontology_alone_is_consistent_for_owl_rl() -> None:
    import owlrl  # a test dependency: missing, the test fails
    from owlrl.Namespaces import ERRNS

    graph = Graph() + ontology_graph() + registry_slice()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert list(graph.objects(None, ERRNS.error)) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_owl_rl_types_nothing_wrongly(name: str) -> None:
    graph, _ = owl_rl_closure(name)
    for thing, forbidden in NEVER.items():
        assert not forbidden & set(graph.objects(thing, RDF.type)), (name, thing)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_owl_rl_reports_a_conflict_as_an_inconsistency_never_a_silent_merge(name: str) -> None:
    graph, errors = owl_rl_closure(name)
    merged = {
        (a, b)
        for a, b in graph.subject_objects(OWL.sameAs)
        if a != b and a in named_individuals() and b in named_individuals()
    }
    if CASES[name][1] == "inconsistent":
        assert errors, f"{name}: OWL RL found no inconsistency"
        if name not in DISJOINTNESS_CASES:  # the others conflict through a functional property
            assert merged, "the merge a functional property forces is what the owl:AllDifferent turns into an error"
    else:
        assert errors == [], (name, errors)
        assert merged == set(), (name, merged)


# ---- HermiT (OWL 2 DL) -----------------------------------------------------------------------------------


@cache
def hermit(name: str) -> tuple[bool, dict[URIRef, set[URIRef]]]:
    """HermiT on a case: whether it is consistent, and the inferred types of the things of :data:`NEVER`."""
    if shutil.which("java") is None:
        if os.environ.get("CI", "").lower() == "true":  # .ci/run installs Java: without it CI must fail
            pytest.fail("no Java runtime for HermiT (apt-get install default-jre-headless)")
        pytest.skip("no Java runtime for HermiT")
    import owlready2  # a dependency of the package

    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="kotacerdas-soundness-") as folder:
            path = Path(folder) / "case.nt"
            case_graph(name).serialize(str(path), format="nt", encoding="utf-8")
            world.get_ontology("file://" + str(path)).load()
            try:
                with world:
                    owlready2.sync_reasoner_hermit(world, debug=0, infer_property_values=False)
            except owlready2.OwlReadyInconsistentOntologyError:
                return False, {}
            types: dict[URIRef, set[URIRef]] = {}
            for thing in NEVER:
                entity = world[str(thing)]
                found = set()
                if entity is not None:
                    for kind in entity.INDIRECT_is_a:
                        if hasattr(kind, "iri"):
                            found.add(URIRef(kind.iri))
                types[thing] = found
            return True, types
    finally:
        world.close()


@pytest.mark.java
@pytest.mark.parametrize("name", sorted(CASES))
def test_hermit_reports_conflicts_as_inconsistency_and_types_nothing_wrongly(name: str) -> None:
    consistent, types = hermit(name)
    expected = CASES[name][1]
    if expected == "inconsistent":
        assert not consistent, f"{name}: HermiT found the data consistent (a merge instead of a conflict)"
        return
    assert consistent, f"{name}: HermiT found an inconsistency where a reuse should be harmless"
    for thing, forbidden in NEVER.items():
        assert not forbidden & types.get(thing, set()), (name, thing, types.get(thing))


# ---- what the reasoners let through, the submission shapes catch ------------------------------------------


@pytest.mark.parametrize("name", [name for name, (_, kind) in CASES.items() if kind == "shacl"])
def test_reuse_the_ontology_allows_is_a_violation_in_a_submission(name: str) -> None:
    from kg.submissions.validation import run_engine

    data = Graph().parse(data=PREFIXES + CASES[name][0], format="turtle").serialize(format="nt").encode("utf-8")
    for engine in ("sparql", "pyshacl"):
        report = run_engine(data, engine=engine)  # type: ignore[arg-type]
        shapes = {str(result.source_shape) for result in report.results if "Violation" in str(result.severity)}
        assert any(shape.endswith("ProgramTermsUseShape") for shape in shapes), (name, engine, shapes)


#: Framework and registry properties on a program: refused by the submission shapes before any reasoner runs.
FRAMEWORK_ON_PROGRAM = {
    "dimension": "kc:dimension kc:GOV",
    "two-dimensions": "kc:dimension kc:GOV , kc:MOB",
    "broader": "skos:broader kc:MOB-01",
    "region-code": 'kc:regionCode "32.73"',
    "typed-initiative": "a kc:Initiative",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FRAMEWORK_ON_PROGRAM))
def test_a_program_with_framework_or_registry_properties_is_refused(name: str) -> None:
    from kg.submissions.validation import run_engine

    text = f"{PREFIXES}\n<{PROGRAM}> a kc:Program ; {FRAMEWORK_ON_PROGRAM[name]} ."
    data = Graph().parse(data=text, format="turtle").serialize(format="nt").encode("utf-8")
    for engine in ("sparql", "pyshacl"):
        report = run_engine(data, engine=engine)  # type: ignore[arg-type]
        refused = [result for result in report.results if str(result.source_shape).endswith("ProgramNotFrameworkShape")]
        assert refused and all("Violation" in str(result.severity) for result in refused), (name, engine)
        messages = " ".join(str(message) for result in refused for message in result.messages)
        assert "a program must not have" in messages and "kc:initiative" in messages, (name, engine, messages)


#: What kcp:ProgramNotFrameworkShape refuses on a program: these predicates with any value, rdf:type with these.
REFUSED_PREDICATES = (
    "kc:dimension kc:goal kc:regionCode kc:province kc:establishedBy kc:endedBy skos:broader skos:narrower "
    "skos:inScheme skos:topConceptOf skos:hasTopConcept skos:notation skos:exactMatch skos:closeMatch "
    "skos:broadMatch skos:narrowMatch skos:relatedMatch dcterms:replaces dcterms:isReplacedBy"
).split()
REFUSED_TYPES = "kc:Initiative kc:Dimension kc:Goal skos:Concept kc:Region kc:Province kc:Regency kc:City".split()


def test_each_framework_or_registry_triple_of_a_program_is_refused_once_and_nothing_else() -> None:
    """The shape's table of refused predicates and types (joined with the program's triples) finds each such triple
    once, with its predicate and value, and none of the program's other triples (kc:Program, a label, an
    initiative, a type of no framework class): the same as testing every triple of the program against the lists."""
    from kg.submissions.validation import run_engine

    values = ["kc:GOV , kc:MOB", '"32.73"', "kc:MOB-01"]
    statements = [f"{predicate} {values[index % 3]}" for index, predicate in enumerate(REFUSED_PREDICATES)]
    statements += ["a kc:Program , kc:Activity , skos:Collection , " + " , ".join(REFUSED_TYPES)]
    statements += ['rdfs:label "Program" ; kc:initiative kc:GOV-01 ; skos:altLabel "P"']
    text = f"{PREFIXES}\n@prefix dcterms: <http://purl.org/dc/terms/> .\n<{PROGRAM}> {' ; '.join(statements)} ."
    graph = Graph().parse(data=text, format="turtle")
    refused_predicates = {graph.namespace_manager.expand_curie(name) for name in REFUSED_PREDICATES}
    refused_types = {graph.namespace_manager.expand_curie(name) for name in REFUSED_TYPES}
    expected = sorted(
        (str(p), str(o))
        for p, o in graph.predicate_objects(PROGRAM)
        if p in refused_predicates or (p == RDF.type and o in refused_types)
    )
    assert {p for p, _ in expected} == {str(p) for p in refused_predicates | {RDF.type}}  # the data has them all
    assert {o for p, o in expected if p == str(RDF.type)} == {str(o) for o in refused_types}
    for engine in ("sparql", "pyshacl"):
        report = run_engine(graph.serialize(format="nt").encode("utf-8"), engine=engine)  # type: ignore[arg-type]
        refused = [result for result in report.results if str(result.source_shape).endswith("ProgramNotFrameworkShape")]
        assert sorted((str(result.path), str(result.value)) for result in refused) == expected, engine
        assert {str(result.focus) for result in refused} == {str(PROGRAM)}, engine
