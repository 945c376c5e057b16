"""Every set of named individuals of the ontology is one owl:AllDifferent, generated from the individuals
themselves (scripts/build_ontology_axioms.py); a new individual left out is caught by a test and by
check-ontology's quality shapes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, SKOS

from kg.core.namespaces import KC
from kg.core.resources import ontology_file
from kg.framework.individuals import all_different_sets, individual_sets, individuals_left_apart, with_all_different
from kg.framework.ontology_check import run_quality_shapes

REPO = Path(__file__).resolve().parent.parent


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def test_the_ontology_file_holds_exactly_the_generated_axioms() -> None:
    build = _script("build_ontology_axioms")
    assert ontology_file().read_text(encoding="utf-8") == build.generated_text(ontology_file()), (
        "ontology/kotacerdas.ttl has individuals outside their owl:AllDifferent: "
        "run python scripts/build_ontology_axioms.py"
    )


def test_each_code_list_and_the_framework_are_one_all_different() -> None:
    graph = ontology()
    sets = individual_sets(graph)
    sizes = {
        kind: len(sets[kind])
        for kind in (
            KC.Dimension,
            KC.Goal,
            KC.Initiative,
            KC.ProgramStatus,
            KC.BeneficiaryGroup,
            KC.FundingSource,
            KC.BudgetLevel,
            KC.IndicatorDirection,
            KC.DataOrigin,
            SKOS.ConceptScheme,
        )
    }
    # ontology 0.3 adds the funding sources, budget levels and indicator directions, each with its scheme; issue
    # 21 the data origins of a submission (a region's own, the public record, illustrative)
    assert sizes == {
        KC.Dimension: 6,
        KC.Goal: 6,
        KC.Initiative: 50,
        KC.ProgramStatus: 4,
        KC.BeneficiaryGroup: 6,
        KC.FundingSource: 7,
        KC.BudgetLevel: 3,
        KC.IndicatorDirection: 2,
        KC.DataOrigin: 3,
        SKOS.ConceptScheme: 7,
    }
    axioms = all_different_sets(graph)
    for members in sets.values():
        if len(members) > 1:
            assert set(members) in axioms
    assert individuals_left_apart(graph) == []


def test_a_new_individual_left_out_of_its_all_different_is_found_and_fixed() -> None:
    graph = ontology()
    new = KC["GOV-07"]
    graph.add((new, RDF.type, OWL.NamedIndividual))
    graph.add((new, RDF.type, KC.Initiative))
    assert (KC.Initiative, new) in individuals_left_apart(graph)
    problems = [p for p in run_quality_shapes(graph).problems if p.shape.endswith("AllDifferentShape")]
    assert [p.term for p in problems] == [str(new)]
    assert "build_ontology_axioms" in problems[0].message("en")
    assert individuals_left_apart(with_all_different(graph)) == []


def test_an_orphan_goal_is_a_quality_problem() -> None:
    graph = ontology()
    graph.remove((KC["MOB-goal"], SKOS.broader, KC.MOB))
    graph.add((KC["GOV-goal"], SKOS.broader, KC.MOB))
    problems = {(p.term, p.value) for p in run_quality_shapes(graph).problems if p.shape.endswith("GoalShape")}
    terms = {term for term, _ in problems}
    assert {str(KC["MOB-goal"]), str(KC["GOV-goal"])} <= terms, problems


def test_metadata_problems_are_quality_problems() -> None:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS

    graph = ontology()
    header = URIRef(str(KC).rstrip("#"))
    graph.remove((header, DCTERMS.creator, None))
    graph.add((header, DCTERMS.creator, Literal("kotacerdas-kg contributors")))
    graph.remove((KC.Program, RDFS.isDefinedBy, None))
    problems = run_quality_shapes(graph).problems
    assert any(p.path == str(DCTERMS.creator) for p in problems), problems
    assert any(p.term == str(KC.Program) and p.shape.endswith("DefinedByShape") for p in problems), problems
