"""Every canned query answers what plain Python computes from the input rows (embedded store)."""

from __future__ import annotations

import pytest

from kg.queries.canned import canned_queries
from kg.store.embedded import EmbeddedStore
from scenario import SCENARIO_QUERIES, expected_answers, run_scenario, same_rows, scenario_key


@pytest.fixture(scope="module")
def answers():
    store = EmbeddedStore.in_memory()
    return run_scenario(store), expected_answers()


def test_every_canned_query_is_in_the_scenario():
    assert {name for name, _ in SCENARIO_QUERIES} == set(canned_queries())


@pytest.mark.parametrize("name,params", SCENARIO_QUERIES, ids=[scenario_key(n, p) for n, p in SCENARIO_QUERIES])
def test_canned_query_matches_rows_computed_in_python(answers, name, params):
    actual, expected = answers
    key = scenario_key(name, params)
    assert same_rows(actual[key], expected[key]), (actual[key], expected[key])
