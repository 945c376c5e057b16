"""Loading submissions: validated first, split per region and year, idempotent, with provenance."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from kg import __version__
from kg.core.namespaces import submission_iri
from kg.core.resources import resource_path
from kg.loading.load import load_files
from kg.loading.provenance import submission_records
from kg.store.embedded import EmbeddedStore

BANDUNG = resource_path("examples", "contoh-kota-bandung.csv")
SURABAYA = resource_path("examples", "contoh-kota-surabaya.csv")
WITH_ERRORS = resource_path("examples", "contoh-kota-makassar-2025-dengan-kesalahan.csv")
CLI = [sys.executable, "-c", "import kg.cli.graph_commands; from kg.cli import main; main()"]


def graph_quads(store: EmbeddedStore, graph: str) -> set[str]:
    return {quad for quad in store.nquads() if quad.endswith(f"<{graph}> .")}


def rewrite(source: Path, target: Path, keep) -> Path:
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if keep(row)]
        fields = reader.fieldnames
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_a_file_with_two_years_becomes_two_submission_graphs(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    outcome = load_files([BANDUNG], store, agent="tester")
    assert {record.iri for record in outcome.loaded} == {submission_iri("32.73", 2024), submission_iri("32.73", 2025)}
    assert {submission_iri("32.73", 2024), submission_iri("32.73", 2025)} <= store.graph_names()


@pytest.mark.slow
def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    load_files([BANDUNG, SURABAYA], store, agent="tester")
    before = store.nquads()
    again = load_files([BANDUNG, SURABAYA], store, agent="someone else")
    assert again.loaded == [] and len(again.unchanged) == 4
    assert store.nquads() == before


@pytest.mark.slow
def test_loading_2024_does_not_touch_2025(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    load_files([BANDUNG], store, agent="tester")
    graph_2025 = graph_quads(store, submission_iri("32.73", 2025))
    graph_2024 = graph_quads(store, submission_iri("32.73", 2024))
    only_2024 = rewrite(
        BANDUNG, tmp_path / "bandung-2024.csv", lambda row: row["tahun"] == "2024" and row["id_program"] != "CONTOH-002"
    )
    load_files([only_2024], store, agent="tester")
    assert graph_quads(store, submission_iri("32.73", 2025)) == graph_2025
    new_2024 = graph_quads(store, submission_iri("32.73", 2024))
    assert new_2024 != graph_2024
    assert not any("/2024/CONTOH-002" in quad for quad in new_2024)  # the replaced graph lost the removed row


@pytest.mark.slow
def test_violations_refuse_the_load_and_write_nothing(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    before = store.nquads()
    outcome = load_files([WITH_ERRORS], store)
    assert outcome.refused and outcome.validation.has_violations
    assert store.nquads() == before


def test_force_loads_anyway_and_records_that_it_did(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    outcome = load_files([WITH_ERRORS], store, force=True, agent="tester")
    assert outcome.forced and outcome.loaded
    records = {row["submission"]: row for row in submission_records(store)}
    record = records[submission_iri("73.71", 2025)]
    assert record["forced"] is True and record["conforms"] is False
    assert record["violations"] == outcome.validation.count("Violation")


def test_provenance_names_file_checksum_agent_tool_and_times(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    load_files([SURABAYA], store, agent="Ani Steward")
    records = {row["submission"]: row for row in submission_records(store)}
    record = records[submission_iri("35.78", 2025)]
    assert record["source"] == SURABAYA.name
    assert record["sha256"] == hashlib.sha256(SURABAYA.read_bytes()).hexdigest()
    assert record["agent"] == "Ani Steward"
    assert record["conforms"] is True and record["forced"] is False
    assert record["started"] <= record["ended"]
    assert store.ask(
        "PREFIX prov: <http://www.w3.org/ns/prov#> ASK { ?activity a prov:Activity ; prov:wasAssociatedWith ?tool . "
        "?tool a prov:SoftwareAgent ; <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        f'FILTER (?label = "kotacerdas-kg {__version__}") }}'
    )


def test_only_the_latest_record_of_a_submission_is_kept(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    load_files([SURABAYA], store, agent="first")
    changed = rewrite(SURABAYA, tmp_path / SURABAYA.name, lambda row: row["id_program"] != "CONTOH-009")
    load_files([changed], store, agent="second")
    answer = store.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?activity WHERE { GRAPH ?g { ?activity a prov:Activity } }"
    )
    assert len(answer.rows) == 1
    assert {row["agent"] for row in submission_records(store)} == {"second"}


def test_two_loads_of_one_agent_in_one_second_are_two_activities_each_ended_once(tmp_path):
    """The demo loads its examples in several loads by one agent, often within a second: each is its own
    activity (they shared an IRI, merged into one with two ends, and every page listed such a submission twice)."""
    from datetime import UTC, datetime

    from kg.loading.provenance import META_GRAPH, LoadActivity

    started = datetime(2026, 12, 7, 6, 52, 50, tzinfo=UTC)
    assert LoadActivity(agent="demo", started=started).iri != LoadActivity(agent="demo", started=started).iri
    store = EmbeddedStore(tmp_path / "store")
    load_files([BANDUNG], store, agent="demo")
    load_files([SURABAYA], store, agent="demo")
    ends = store.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?activity (COUNT(?end) AS ?ends) "
        "WHERE { GRAPH ?g { ?activity prov:endedAtTime ?end } } GROUP BY ?activity"
    )
    assert len(ends.rows) == 2 and {int(row[1].toPython()) for row in ends.rows} == {1}
    # a store written before: an activity with a second end still gives one record per submission, the latest
    bandung = submission_iri("32.73", 2025)
    activity = store.select(
        f"SELECT ?activity WHERE {{ GRAPH ?g {{ <{bandung}> <http://www.w3.org/ns/prov#wasGeneratedBy> ?activity }} }}"
    ).rows[0][0]
    store.update(
        f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{activity}> <http://www.w3.org/ns/prov#endedAtTime> "
        '"2099-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> } }'
    )
    records = submission_records(store)
    assert sorted(row["submission"] for row in records) == [
        submission_iri(code, year)
        for code, year in (("32.73", 2024), ("32.73", 2025), ("35.78", 2024), ("35.78", 2025))
    ]
    latest = {row["submission"][-10:]: row["ended"].year == 2099 for row in records}
    assert latest == {"32.73/2024": True, "32.73/2025": True, "35.78/2024": False, "35.78/2025": False}


@pytest.mark.slow
def test_cli_load_refuses_with_exit_1_and_prints_the_report(tmp_path):
    done = subprocess.run(
        [*CLI, "load", str(WITH_ERRORS), "--store", str(tmp_path / "store")], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "ECO-15" in done.stdout and "Ditolak" in done.stderr


@pytest.mark.slow
def test_cli_load_then_query_as_json(tmp_path):
    store = str(tmp_path / "store")
    assert subprocess.run([*CLI, "load", str(BANDUNG), "--store", store], capture_output=True).returncode == 0
    done = subprocess.run(
        [
            *CLI,
            "query",
            "coverage",
            "--param",
            "region=32.73",
            "--param",
            "year=2025",
            "--format",
            "json",
            "--store",
            store,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    import json

    rows = json.loads(done.stdout)
    assert rows and all(isinstance(row["coverage"], float | int) and row["region_code"] == "32.73" for row in rows)


@pytest.mark.parametrize(
    "params", [["--param", "region=99.99"], ["--param", "year=dua"], ["--param", "colour=red"], ["--param", "year"]]
)
def test_cli_query_rejects_a_wrong_parameter_with_exit_2(tmp_path, params):
    done = subprocess.run(
        [*CLI, "query", "gaps", "--param", "region=32.73", *params, "--store", str(tmp_path / "s")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


@pytest.mark.slow
def test_cli_sparql_construct_as_turtle_and_ask(tmp_path):
    store = str(tmp_path / "store")
    subprocess.run([*CLI, "load", str(BANDUNG), "--store", store], check=True, capture_output=True)
    ask = subprocess.run(
        [*CLI, "sparql", 'ASK { ?p <https://w3id.org/kotacerdas/ontology#programId> "CONTOH-001" }', "--store", store],
        capture_output=True,
        text=True,
    )
    assert ask.stdout.strip() == "true"
    construct = subprocess.run(
        [
            *CLI,
            "sparql",
            "CONSTRUCT { ?p a ?t } WHERE { ?p a ?t ; <https://w3id.org/kotacerdas/ontology#programId> ?i }",
            "--store",
            store,
        ],
        capture_output=True,
        text=True,
    )
    assert construct.returncode == 0 and "kc:Program" in construct.stdout


def test_loading_into_a_store_without_reference_data_loads_the_reference_graphs_first():
    from kg.core.namespaces import ALIGNMENTS_GRAPH, ONTOLOGY_GRAPH, REGIONS_GRAPH

    store = EmbeddedStore.in_memory(reference=False)
    assert not store.graph_names()
    outcome = load_files([BANDUNG], store, agent="tester")
    assert outcome.loaded
    assert {str(ONTOLOGY_GRAPH), str(REGIONS_GRAPH), str(ALIGNMENTS_GRAPH)} <= store.graph_names()
    # the canned queries need the reference data: the coverage of the loaded region has rows
    from kg.queries.canned import run_query

    assert run_query("coverage", store, {"region": "32.73"}).rows


def test_two_inputs_of_the_same_name_in_different_folders_keep_their_own_checksums(tmp_path):
    """Checksums were keyed by file name: two `programs.csv` from two folders got one checksum."""
    first, second = tmp_path / "bandung" / "programs.csv", tmp_path / "surabaya" / "programs.csv"
    for path, source in ((first, BANDUNG), (second, SURABAYA)):
        path.parent.mkdir()
        path.write_bytes(source.read_bytes())
    store = EmbeddedStore.in_memory()
    load_files([first, second], store, agent="tester")
    records = {row["submission"]: row for row in submission_records(store)}
    assert records[submission_iri("32.73", 2025)]["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert records[submission_iri("35.78", 2025)]["sha256"] == hashlib.sha256(second.read_bytes()).hexdigest()
    again = load_files([first, second], store, agent="tester")
    assert again.loaded == [] and len(again.unchanged) == 4
