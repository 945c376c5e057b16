"""Issue 22, item 5 of the last notes: the budget queries on the real servers, with the budget files in the forms
regions write (amounts in euros and dollars, "-" for no realisation, an approximate program holding its kegiatan,
a flat DPA). Each server answers ``budget-total`` and ``budget`` as the embedded store does: a realisation that
was not published and a year without other currencies are unknown (unbound), never 0 or an empty text, also on
Virtuoso 7.2 (whose SQL compiler cannot place an IF over aggregates: the query does without one)."""

from __future__ import annotations

import pytest

from kg.loading.load import load_files
from kg.queries.canned import rows_as_objects, run_query
from kg.store.embedded import EmbeddedStore
from remote_servers import clear_project_graphs, require
from scenario import same_rows
from submission_helpers import DATA

pytestmark = pytest.mark.remote

FILES = [DATA / "jambi-2025-forms.csv", DATA / "jambi-2025-levels.csv", DATA / "jambi-2025-dpa-flat.csv"]
ASKED = [
    ("budget-total", {}),
    ("budget-total", {"region": "15.71", "year": "2025"}),
    ("budget", {}),
    ("budget-per-inhabitant", {}),
]
SERVERS = [("oxigraph", "gsp"), ("oxigraph-plain", "gsp"), ("virtuoso", "update")]


def _answers(store) -> dict[str, list[dict]]:  # noqa: ANN001 - any GraphStore
    return {f"{name} {params}": rows_as_objects(run_query(name, store, params)) for name, params in ASKED}


def _sorted(rows: list[dict]) -> list[dict]:
    """Rows in one order, the other currencies' list (a GROUP_CONCAT, in no fixed order) in one order."""

    def ordered(row: dict) -> dict:
        listed = row.get("other_currency_budget")
        return {**row, "other_currency_budget": "; ".join(sorted(listed.split("; ")))} if listed else row

    rows = [ordered(row) for row in rows]
    return sorted(rows, key=lambda row: tuple(str(value) for value in row.values()))


@pytest.fixture(scope="module")
def embedded_answers():
    """Each file's answers (one submission, Jambi 2025, in three forms) on the embedded store."""
    answers = {}
    for path in FILES:
        store = EmbeddedStore.in_memory()
        try:
            assert not load_files([path], store, agent="test").refused
            answers[path.name] = _answers(store)
        finally:
            store.close()
    return answers


@pytest.mark.parametrize("name,route", SERVERS, ids=[name for name, _ in SERVERS])
def test_budget_queries_on_a_server_answer_as_the_embedded_store(name, route, embedded_answers):
    answers = {}
    for path in FILES:  # a store for each file: it remembers the reference graphs it gave the server
        store = require(name).store(route)
        clear_project_graphs(store)
        try:
            store.ensure_reference_data()
            assert not load_files([path], store, agent="test").refused
            answers[path.name] = _answers(store)
        finally:
            clear_project_graphs(store)
            store.close()
    [total] = answers["jambi-2025-forms.csv"]["budget-total {'region': '15.71', 'year': '2025'}"]
    assert total["realised"] is None  # "-" published as the realisation: unknown, not 0
    assert sorted(total["other_currency_budget"].split("; ")) == ["EUR 14200000", "USD 2000000"]
    [total] = answers["jambi-2025-levels.csv"]["budget-total {'region': '15.71', 'year': '2025'}"]
    assert (total["budget"], total["approximate_budget"], total["other_currency_budget"]) == (
        3_000_000_000,
        107_000_000_000,
        None,
    )
    for file, expected in embedded_answers.items():
        for key, rows in expected.items():
            assert same_rows(_sorted(answers[file][key]), _sorted(rows)), (file, key, answers[file][key], rows)
