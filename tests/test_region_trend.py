"""Queries follow a region across a code change: the coverage trend of 93.01 (Kabupaten Merauke, Papua Selatan
since 2022) includes the submissions made under its former code 91.01, on the embedded store and on each real
SPARQL server; every dimension of every year appears, 0 where nothing is covered."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.loading.load import load_files
from kg.queries.canned import rows_as_objects, run_query
from kg.store.embedded import EmbeddedStore
from remote_servers import clear_project_graphs, require

MERAUKE = Path(__file__).parent / "data" / "submissions" / "merauke-2020-2025.csv"
DIMENSIONS = ["GOV", "LIV", "ENV", "SOC", "ECO", "MOB"]
TOTALS = {"GOV": 6, "LIV": 9, "ENV": 9, "SOC": 12, "ECO": 8, "MOB": 6}
#: (year, code) → initiatives covered per dimension, from the file's rows
COVERED = {(2020, "91.01"): {"GOV": 1, "LIV": 1}, (2025, "93.01"): {"GOV": 2, "SOC": 1}}


def _trend(store, code: str) -> list[tuple]:
    rows = rows_as_objects(run_query("coverage-trend", store, {"region": code}))
    return [
        (r["year"], r["region_code"], r["dimension"], r["initiatives_total"], r["initiatives_covered"]) for r in rows
    ]


def _expected(keys: list[tuple[int, str]]) -> list[tuple]:
    return [(year, code, d, TOTALS[d], COVERED[(year, code)].get(d, 0)) for year, code in keys for d in DIMENSIONS]


def _check(store) -> None:
    outcome = load_files([MERAUKE], store, agent="test")
    assert not outcome.refused
    assert _trend(store, "93.01") == _expected([(2020, "91.01"), (2025, "93.01")])
    assert _trend(store, "91.01") == _expected([(2020, "91.01")])
    coverage = rows_as_objects(run_query("coverage", store, {}))
    assert [(r["region_code"], r["dimension"]) for r in coverage] == [
        (code, d) for code in ("91.01", "93.01") for d in DIMENSIONS
    ]
    assert [r["initiatives_covered"] for r in coverage if r["region_code"] == "93.01"] == [2, 0, 0, 1, 0, 0]
    assert all(r["coverage"] == 0 for r in coverage if r["initiatives_covered"] == 0)


def test_trend_follows_merauke_across_the_2022_code_change_embedded() -> None:
    _check(EmbeddedStore.in_memory())


@pytest.mark.remote
@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_trend_follows_merauke_across_the_2022_code_change_on_server(server: str) -> None:
    store = require(server).store("gsp")
    clear_project_graphs(store)
    try:
        store.ensure_reference_data()
        _check(store)
    finally:
        clear_project_graphs(store)
        store.close()
