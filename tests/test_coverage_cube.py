"""The coverage cube (RDF Data Cube observations written with each submission) answers ``coverage``,
``regions-all-dimensions``, ``gaps`` and the dashboard's national gaps (page query ``initiative-reach``) exactly as
reading every program does, after first loads, reloads that change programs, and on a store loaded before the
cube existed (issue 12: a national store's regions × dimensions matrix in milliseconds; issue 26: the all-region
forms, scans of the cube joined by hashing, and ``coverage``'s form for every region held to its form for one)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import InputError
from kg.core.namespaces import coverage_graph_iri
from kg.loading.load import load_files
from kg.publish.page_queries import run_any_query
from kg.queries.canned import bind_parameters, canned_query, parse_query_file, run_query
from kg.store.coverage_cube import stats_graph, year_graphs
from kg.store.embedded import EmbeddedStore
from serve_helpers import copy_store
from submission_helpers import generator as submission_generator

#: The queries as they were before the cube: every program read (the oracles), and the parameters asked.
ORACLES = Path(__file__).parent / "data" / "queries"
QUERIES = {
    "coverage": [{}, {"region": "32.73"}, {"year": "2024"}, {"region": "32.73", "year": "2025"}, {"region": "11.01"}],
    "regions-all-dimensions": [{}, {"year": "2024"}, {"year": "2025"}],
    "gaps": [
        {"region": code, **year} for code in ("11.01", "32.73", "91.71", "12.71") for year in ({}, {"year": "2024"})
    ],
    "initiative-reach": [{}, {"year": "2023"}, {"year": "2025"}, {"year": "2019"}],
}


def _answers(store: EmbeddedStore) -> dict[str, tuple[list, list]]:
    found = {}
    for name, parameters in QUERIES.items():
        oracle = parse_query_file(ORACLES / f"{name}-from-programs.rq")
        for params in parameters:
            cube = run_any_query(name, store, params)  # a canned query, or the dashboard's page query
            programs = store.select(oracle.text, bind_parameters(oracle, params))
            found[f"{name} {params}"] = (
                [tuple(map(str, row)) for row in cube.rows],
                [tuple(map(str, row)) for row in programs.rows],
            )
    return found


def _assert_equal(store: EmbeddedStore) -> int:
    rows = 0
    for params, (cube, programs) in _answers(store).items():
        assert cube == programs, params
        rows += len(cube)
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict[str, str]]]:
    """240 generated programs of six regions over three years, loaded once (the store closed): its folder, the
    file and its rows."""
    from kg.framework.regions import current_regions

    tmp_path = tmp_path_factory.mktemp("national")

    generator = submission_generator()
    regions = current_regions()
    places = [regions[code] for code in ("11.01", "32.73", "35.78", "51.71", "63.71", "91.71")]
    rows, _ = generator.generate_rows(240, defects=0, seed=7, years=[2023, 2024, 2025], places=places)
    # cancelled programs, and a region whose only program is cancelled (listed, nothing covered)
    for row in rows[::5]:
        row["status"] = "batal"
    path = tmp_path / "national.csv"
    _write(path, rows)
    store = EmbeddedStore(tmp_path / "store")
    load_files([path], store, force=True)
    store.close()
    return tmp_path / "store", path, rows


@pytest.fixture
def loaded(national, tmp_path: Path) -> tuple[EmbeddedStore, Path, list[dict[str, str]]]:
    """:func:`national` for one test to change: a copy of its store (open), of its file and of its rows."""
    folder, path, rows = national
    store = EmbeddedStore(copy_store(folder, tmp_path))
    return store, Path(shutil.copy(path, tmp_path / path.name)), [dict(row) for row in rows]


def test_the_cube_answers_coverage_as_the_programs_do(loaded) -> None:
    store, _, _ = loaded
    assert store.store.contains_named_graph(ox.NamedNode(stats_graph()))
    answers = _answers(store)
    empty = [key for key, (cube, _) in answers.items() if not cube]
    assert all(key.startswith(("regions-all-dimensions {'year'", "gaps")) for key in empty), empty  # rows to compare
    assert any(cube for key, (cube, _) in answers.items() if key.startswith("gaps"))  # some gaps to compare
    assert answers["regions-all-dimensions {}"][0], "some region covers all six dimensions over the years"
    coverage = [row for key, (cube, _) in answers.items() if key.startswith("coverage") for row in cube]
    assert any(row[2] != row[3] for row in coverage)  # some dimension not all covered
    _assert_equal(store)


def test_a_reload_that_changes_programs_changes_the_cube_with_them(loaded) -> None:
    store, path, rows = loaded
    for row in rows[1::3]:
        row["status"] = "batal"
    for row in rows[2::7]:
        row["inisiatif"] = "MOB-06"
    _write(path, rows)
    outcome = load_files([path], store, force=True)
    assert outcome.loaded
    _assert_equal(store)


def _cube_graphs(store: EmbeddedStore) -> set[str]:
    return {*year_graphs(store), *(store.graph_names() & {stats_graph()})}


def test_a_store_loaded_before_the_cube_gets_it_when_opened(loaded, tmp_path: Path) -> None:
    store, _, _ = loaded
    before = _answers(store)
    assert _cube_graphs(store) == {stats_graph(), *(coverage_graph_iri(year) for year in (2023, 2024, 2025))}
    for graph in _cube_graphs(store):
        store.update(f"DROP GRAPH <{graph}>")
    assert run_query("coverage", store, {}).rows == []
    location = store.path
    store.close()
    reopened = EmbeddedStore(location)
    assert _answers(reopened) == before
    reopened.close()


def test_a_store_of_one_cube_graph_for_all_years_gets_a_graph_per_year_when_opened(loaded) -> None:
    """The layout of 0.5.0 and before: every observation in ``graph/stats``, the region as ``kc:region``."""
    store, _, _ = loaded
    before = _answers(store)
    kc = "https://w3id.org/kotacerdas/ontology#"
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?o ?p ?v }} }} INSERT {{ GRAPH <{stats_graph()}> {{ ?o ?q ?v }} }} WHERE {{"
        f" GRAPH ?g {{ ?o ?p ?v }} FILTER (STRSTARTS(STR(?g), CONCAT(STR(<{stats_graph()}>), '/')))"
        f" BIND (IF(?p = <{kc}coverageRegion>, <{kc}region>, ?p) AS ?q) }}"
    )
    for year in (2023, 2024, 2025):
        store.update(f"DROP GRAPH <{coverage_graph_iri(year)}>")
    assert _cube_graphs(store) == {stats_graph()}
    location = store.path
    store.close()
    reopened = EmbeddedStore(location)
    assert _answers(reopened) == before
    assert len(_cube_graphs(reopened)) == 4  # the data set and three years
    assert not reopened.ask(f"ASK {{ GRAPH <{stats_graph()}> {{ ?o <http://purl.org/linked-data/cube#dataSet> ?d }} }}")
    assert not reopened.ask(f"ASK {{ ?o <{kc}coverageYear> ?y ; <{kc}region> ?r }}")
    reopened.close()


def test_a_store_written_before_the_regions_observations_gets_them_when_opened(loaded) -> None:
    """The layout of 0.6.0: each year's graph holds the dimensions' observations alone. Opened for writing, each
    year gets its regions' observations summed from them, the same quads a load writes."""
    from kg.core.namespaces import region_coverage_dataset_iri

    store, _, _ = loaded
    graphs = _cube_graphs(store)
    written = {
        graph: set(map(str, store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))) for graph in graphs
    }
    regions = region_coverage_dataset_iri()
    assert any(regions in quad for graph in graphs for quad in written[graph])
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?o ?p ?v }} }} WHERE {{ GRAPH ?g {{ ?o <http://purl.org/linked-data/cube#dataSet> <{regions}> ; ?p ?v }} }};"
        f"DELETE WHERE {{ GRAPH <{stats_graph()}> {{ <{regions}> ?p ?v }} }}"
    )
    assert not store.ask(f"ASK {{ ?s ?p <{regions}> }}")
    location = store.path
    store.close()
    reopened = EmbeddedStore(location)
    again = {
        graph: set(map(str, reopened.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
        for graph in graphs
    }
    assert again == written
    reopened.close()


def test_a_year_reads_its_own_graph_of_the_cube() -> None:
    """With a year, ``?cube`` is written as that year's graph (each scan reads one year, not all); without one it
    stays a variable (every graph); a year's text is made from the checked integer alone."""
    for name in ("coverage", "regions-all-dimensions"):
        query = canned_query(name)
        assert "?cube" in query.text_for({})
        text = query.text_for(bind_parameters(query, {"year": "2024"}))
        query_lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        assert "?cube" not in "".join(query_lines) and f"<{coverage_graph_iri(2024)}>" in text
    with pytest.raises(InputError):
        bind_parameters(canned_query("coverage"), {"year": "2024> } }"})


def test_each_observation_is_one_dimension_of_one_submission() -> None:
    from kg.store.coverage_cube import observations

    submission = "https://w3id.org/kotacerdas/id/submission/32.73/2025"
    program = ox.NamedNode("https://w3id.org/kotacerdas/id/program/32.73/2025/P-1")
    cancelled = ox.NamedNode("https://w3id.org/kotacerdas/id/program/32.73/2025/P-2")
    kc = "https://w3id.org/kotacerdas/ontology#"
    region = ox.NamedNode("https://w3id.org/kotacerdas/id/region/32.73")
    year = ox.Literal("2025", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    triples = [
        ox.Triple(node, ox.NamedNode(kc + name), value)
        for node in (program, cancelled)
        for name, value in (("region", region), ("fiscalYear", year))
    ]
    triples.append(ox.Triple(program, ox.NamedNode(kc + "initiative"), ox.NamedNode(kc + "GOV-01")))
    triples.append(ox.Triple(program, ox.NamedNode(kc + "initiative"), ox.NamedNode(kc + "ENV-01")))
    triples.append(ox.Triple(cancelled, ox.NamedNode(kc + "initiative"), ox.NamedNode(kc + "MOB-06")))
    triples.append(ox.Triple(cancelled, ox.NamedNode(kc + "status"), ox.NamedNode(kc + "Cancelled")))
    found = observations(submission, triples)
    assert found.graph == coverage_graph_iri(2025)
    parsed = list(ox.parse(found.ntriples, format=ox.RdfFormat.N_TRIPLES))
    observed = {t.subject.value for t in parsed}
    whole_year = f"{submission}/coverage"  # the region's whole year (kc:RegionCoverageStructure)
    assert observed == {f"{whole_year}/{d}" for d in ("GOV", "LIV", "ENV", "SOC", "ECO", "MOB")} | {whole_year}
    covered = {
        (t.subject.value.rsplit("/", 1)[1], t.object.value)
        for t in parsed
        if t.predicate.value == kc + "coveredInitiative"
    }
    assert covered == {("GOV", kc + "GOV-01"), ("ENV", kc + "ENV-01")}
    counts = {
        t.predicate.value.removeprefix(kc): int(t.object.value)
        for t in parsed
        if t.subject.value == whole_year
        and isinstance(t.object, ox.Literal)
        and t.predicate.value != kc + "coverageYear"
    }
    # two dimensions covered by one program (counted once); the cancelled program's MOB counts for neither
    assert counts == {"dimensionsTotal": 6, "dimensionsCovered": 2, "coveringProgramCount": 1}
    assert not observations(submission, [])


def test_coverage_for_every_region_answers_as_its_form_for_one_region(loaded) -> None:
    """``coverage`` without a region runs its all-region form (``queries/forms/coverage-all-regions.rq``): the
    same rows as its own text, which starts from a region's observations, and as the programs."""
    store, _, _ = loaded
    query = canned_query("coverage")
    assert query.text_for({}) != query.text
    region = bind_parameters(query, {"region": "32.73"})
    assert query.text_for(region) == query.text
    for params in ({}, {"year": "2024"}, {"year": "2025"}):
        bindings = bind_parameters(query, params)
        form = store.select(query.text_for(bindings), bindings).rows
        own = store.select(query.text, bindings).rows
        assert form and [tuple(map(str, row)) for row in form] == [tuple(map(str, row)) for row in own], params


@pytest.mark.parametrize("name", ["regions-all-dimensions", "initiative-reach"])
def test_a_year_runs_the_form_that_groups_that_years_observations_first(loaded, name: str) -> None:
    """With a year, ``regions-all-dimensions`` and the dashboard's ``initiative-reach`` run their year forms
    (``forms/*-year.rq``, reading ``?cube`` as the year's graph only): the same rows as their own texts, whose
    ``?year`` the bound year restricts (as the query editor runs them); without a year, the own text runs."""
    from kg.publish.page_queries import any_query

    store, _, _ = loaded
    query = any_query(name)
    assert query.text_for({}) == query.text
    answered = 0
    for year in ("2023", "2024", "2025", "2019"):
        bindings = bind_parameters(query, {"year": year})
        text = query.text_for(bindings)
        code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        assert text != query.text and not any("?cube" in line for line in code)
        form = [tuple(map(str, row)) for row in store.select(text, bindings).rows]
        own = [tuple(map(str, row)) for row in store.select(query.text, bindings).rows]
        assert form == own, year
        answered += len(form)
    assert answered


def test_a_form_for_a_given_parameter_applies_only_when_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "one.rq").write_text("SELECT ?one WHERE { }\n", encoding="utf-8")
    (tmp_path / "forms" / "all.rq").write_text("SELECT ?all WHERE { }\n", encoding="utf-8")
    path = tmp_path / "q.rq"
    head = "# title@id: t\n# title@en: t\n# description@id: d\n# description@en: d\n"
    path.write_text(
        head + "# param: year (year, optional): tahun / year\n# param: region (region, optional): wilayah / region\n"
        "# form: forms/one.rq (when year is given)\n# form: forms/all.rq (when region is not given)\n"
        "SELECT ?own WHERE { }\n",
        encoding="utf-8",
    )
    query = parse_query_file(path)
    year = bind_parameters(query, {"year": "2025"})
    both = bind_parameters(query, {"year": "2025", "region": "32.73"})
    region = bind_parameters(query, {"region": "32.73"})
    assert "?one" in query.text_for(year) and "?one" in query.text_for(both)
    assert "?all" in query.text_for({}) and "?own" in query.text_for(region)
    path.write_text(head + "# form: forms/one.rq (when year is given)\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="form"):
        parse_query_file(path)


def test_a_form_line_naming_no_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text(
        "# title@id: t\n# title@en: t\n# description@id: d\n# description@en: d\n"
        "# param: year (year, optional): tahun / year\n# form: forms/none.rq (when year is not given)\nSELECT * {}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="form"):
        parse_query_file(path)


def test_a_cube_line_must_name_a_year_parameter(tmp_path: Path) -> None:
    header = "# title@id: t\n# title@en: t\n# description@id: d\n# description@en: d\n"
    good = tmp_path / "good.rq"
    good.write_text(
        header + "# param: year (year, optional): y\n# cube: year\nSELECT * WHERE { GRAPH ?cube { ?s ?p ?o } }\n"
    )
    assert parse_query_file(good).cube_year == "year"
    for line in ("# param: region (region, optional): r\n# cube: region\n", "# cube: year\n", "# cube: tahun ini\n"):
        bad = tmp_path / "bad.rq"
        bad.write_text(header + line + "SELECT * WHERE { GRAPH ?cube { ?s ?p ?o } }\n")
        with pytest.raises(InputError):
            parse_query_file(bad)
