"""Population per region (issue 22, item 6): the repository ships no population figures (they await a licensed
source), so budget per inhabitant and per-100,000 values are empty (–) on the shipped data; the machinery (the
table reader, the ``kc:PopulationCount`` graph, the queries and the region page) is checked on an ILLUSTRATIVE
table written here: round numbers made up for the test, not the population of any region."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from kg.core.errors import InputError
from kg.core.namespaces import GRAPH_IRIS
from kg.core.resources import resource_path
from kg.framework.population import RULE, population_graph, read_table
from serve_helpers import kotacerdas, kotacerdas_in_process, start_server

#: Illustrative only (made-up round numbers): Kota Bandung in 2020 and 2025, Kota Surabaya in 2030.
ILLUSTRATIVE = (
    ("32.73", "Kota Bandung", 500_000, 500_000, 1_000_000, 2020),
    ("32.73", "Kota Bandung", 1_000_000, 1_000_000, 2_000_000, 2025),
    ("35.78", "Kota Surabaya", 1_500_000, 1_500_000, 3_000_000, 2030),
)
BY_YEAR = {
    ("32.73", 2024): 1_000_000,
    ("32.73", 2025): 2_000_000,
    ("35.78", 2024): 3_000_000,
    ("35.78", 2025): 3_000_000,
}


def test_nothing_shipped() -> None:
    registry = resource_path("registry")
    assert not any(path.name.startswith("population") for path in registry.iterdir())
    assert RULE


def test_bad_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "population.csv"
    bad.write_text("code,name,male,female,total\n32.73,Kota Bandung,1,2,4\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_table(bad)
    assert str(bad) in str(error.value) and "row 2" in str(error.value)


def _write_illustrative(folder: Path) -> list:
    rows = []
    for year in sorted({entry[-1] for entry in ILLUSTRATIVE}):
        table = folder / f"illustrative-{year}.csv"
        lines = [",".join(map(str, entry[:5])) for entry in ILLUSTRATIVE if entry[-1] == year]
        table.write_text("code,name,male,female,total\n" + "\n".join(lines) + "\n", encoding="utf-8")
        rows += read_table(table, year)
    return rows


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two stores of the Bandung, Banyuwangi and Surabaya examples: ``plain`` as shipped (no population) and
    ``illustrative`` with the illustrative counts added to its registry graph."""
    from kg.store.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("population")
    files = [
        str(resource_path("examples", f"contoh-{name}.csv"))
        for name in ("kota-bandung", "kabupaten-banyuwangi", "kota-surabaya")
    ]
    stores = {"plain": folder / "plain"}
    loaded = kotacerdas_in_process("load", *files, "--store", str(stores["plain"]))
    assert loaded.returncode == 0, loaded.stderr + loaded.stdout
    stores["illustrative"] = Path(shutil.copytree(stores["plain"], folder / "illustrative"))  # the same load
    graph = population_graph(_write_illustrative(folder))
    triples = graph.serialize(format="nt")
    with EmbeddedStore(stores["illustrative"]) as store:
        store.update(f"INSERT DATA {{ GRAPH <{GRAPH_IRIS['REGIONS_GRAPH']}> {{ {triples} }} }}")
    return stores


def _rows(store: Path, name: str, *params: str) -> list[dict]:
    args = ["query", name, "--store", str(store), "--format", "json"]
    for item in params:
        args += ["--param", item]
    answer = kotacerdas(*args)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


@pytest.mark.slow
def test_budget_per_inhabitant_divides_by_the_nearest_population(stores: dict[str, Path]) -> None:
    rows = {(row["region_code"], row["year"]): row for row in _rows(stores["illustrative"], "budget-per-inhabitant")}
    for (code, year), row in rows.items():
        totals = {r["year"]: r["budget"] for r in _rows(stores["illustrative"], "budget-total", f"region={code}")}
        assert row["budget"] == totals[year]
        expected = BY_YEAR.get((code, year))  # latest reference year not after the year, else the earliest after
        assert row["population"] == expected, (code, year)
        if expected is None:
            assert row["budget_per_inhabitant"] is None
        else:
            assert row["budget_per_inhabitant"] == pytest.approx(row["budget"] / expected)
    assert rows[("35.10", 2025)]["population"] is None  # Banyuwangi: not in the illustrative table
    plain = _rows(stores["plain"], "budget-per-inhabitant")
    assert plain and all(row["population"] is None and row["budget_per_inhabitant"] is None for row in plain)


def test_achievement_per_100k_only_for_counts_with_a_population(stores: dict[str, Path]) -> None:
    rows = _rows(stores["illustrative"], "program-achievement")
    counted = [row for row in rows if row["achieved_per_100k"] is not None]
    assert counted, "Bandung's count indicators (layanan, set data) get a per-100,000 value"
    for row in counted:
        population = BY_YEAR[(row["region_code"], row["year"])]
        assert row["population"] == population
        assert row["achieved_per_100k"] == pytest.approx(row["achieved"] * 100_000 / population)
    banyuwangi = [row for row in rows if row["region_code"] == "35.10"]
    assert banyuwangi and all(row["population"] is None and row["achieved_per_100k"] is None for row in banyuwangi)
    plain = _rows(stores["plain"], "program-achievement")
    assert plain and all(row["population"] is None and row["achieved_per_100k"] is None for row in plain)


def _per_inhabitant(server, code: str) -> list[str]:
    page = httpx.get(f"{server.url}id/region/{code}", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    return [item.split("</strong>")[0] for item in page.text.split('class="per-inhabitant"')[1:]]


@pytest.mark.parametrize("name", ["plain", "illustrative"])
def test_region_page_shows_a_dash_without_a_population(stores: dict[str, Path], name: str) -> None:
    server = start_server(stores[name].parent / f"serve-{name}.log", "--store", str(stores[name]), "--quiet")
    try:
        bandung = _per_inhabitant(server, "32.73")
        banyuwangi = _per_inhabitant(server, "35.10")
    finally:
        assert server.stop() == 0
    assert len(bandung) == 2 and len(banyuwangi) == 1
    assert all(item.endswith("<strong>–") for item in banyuwangi)
    if name == "plain":
        assert all(item.endswith("<strong>–") for item in bandung)
    else:
        assert all("Rp" in item and not item.endswith("–") for item in bandung)
