"""The coverage cube passes the W3C RDF Data Cube integrity constraints IC-1 … IC-21 (the recommendation's ASK
queries, ``shapes/data-cube/``, run on the normalised cube and its structure); the same queries catch the
structure the cube had before issue 23 (``kc:fiscalYear`` declared, ``kc:coverageYear`` carried: IC-11 and IC-12
failed) and other broken cubes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.store.cube_integrity import check_cube, check_normalised, constraint_files, normalised

KC = "https://w3id.org/kotacerdas/ontology#"
QB = "http://purl.org/linked-data/cube#"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def cube_triples(example_store) -> list[ox.Triple]:
    from kg.core.namespaces import GRAPH_IRIS
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(example_store, read_only=True)  # tests/conftest.py: the examples loaded by `load`
    assert not [result.name for result in check_cube(store) if result.failed]
    from kg.store.coverage_cube import stats_graph, year_graphs

    years = year_graphs(store)  # a graph per year
    assert years
    graphs = [ox.NamedNode(name) for name in (GRAPH_IRIS["ONTOLOGY_GRAPH"], stats_graph(), *years)]
    return [quad.triple for graph in graphs for quad in store.store.quads_for_pattern(None, None, None, graph)]


def _failed(triples) -> set[str]:
    return {result.name for result in check_normalised(normalised(triples)) if result.failed}


def test_every_constraint_of_the_recommendation_is_run():
    names = {path.stem for path in constraint_files()}
    assert names == {f"ic-{n:02d}" for n in range(1, 22) if n != 19} | {"ic-19a", "ic-19b"}


def test_the_demo_cube_passes_all_twenty_one_constraints(cube_triples):
    observations = {
        t.subject for t in cube_triples if t.predicate == TYPE and t.object == ox.NamedNode(QB + "Observation")
    }
    assert len(observations) >= 6
    assert _failed(cube_triples) == set()


def test_the_structure_declaring_fiscal_year_fails_ic_11_and_ic_12(cube_triples):
    old = [
        ox.Triple(t.subject, t.predicate, ox.NamedNode(KC + "fiscalYear"))
        if t.predicate == ox.NamedNode(QB + "dimension") and t.object == ox.NamedNode(KC + "coverageYear")
        else t
        for t in cube_triples
    ]
    assert _failed(old) == {"IC-11", "IC-12"}


def test_a_duplicate_observation_and_an_observation_in_two_data_sets_are_caught(cube_triples):
    observation = next(
        t.subject for t in cube_triples if t.predicate == TYPE and t.object == ox.NamedNode(QB + "Observation")
    )
    copy = ox.NamedNode(observation.value + "-copy")
    duplicated = cube_triples + [
        ox.Triple(copy, t.predicate, t.object) for t in cube_triples if t.subject == observation
    ]
    assert _failed(duplicated) == {"IC-12"}
    two_sets = cube_triples + [
        ox.Triple(observation, ox.NamedNode(QB + "dataSet"), ox.NamedNode("https://example.org/other"))
    ]
    assert "IC-1" in _failed(two_sets)
