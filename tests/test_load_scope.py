"""A submission writes only its own region-year graph (issue 7, item 3): hostile RDF files are refused whole.

Each hostile file below is a valid-looking Turtle submission for Kota Bandung (32.73) bent one way: it names
another region's graph, a reference or meta graph, no graph at all, or slips statements about other regions'
programs or the ontology into its own graph. Loaded with ``--force`` (so validation results cannot stop it
first), each one is refused with one line (exit 2), and the store, Surabaya's graph and the metadata graph
included, stays exactly as it was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.core.namespaces import submission_iri
from kg.core.resources import resource_path
from kg.loading.load import load_files
from kg.loading.scope import ScopeError
from kg.store.embedded import EmbeddedStore

CLI = [sys.executable, "-c", "from kg.cli import main; main()"]
PREFIXES = """@prefix kc: <https://w3id.org/kotacerdas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
"""
ID = "https://w3id.org/kotacerdas/id/"


def submission(
    graph: str = f"{ID}submission/32.73/2025",
    *,
    region: str = "32.73",
    year: int = 2025,
    program_region: str = "32.73",
    program_year: int = 2025,
    extra: str = "",
) -> str:
    """A one-program submission in Turtle; each part can be bent."""
    return (
        PREFIXES
        + f"""
<{graph}> a kc:Submission ; dcterms:spatial <{ID}region/{region}> ; kc:fiscalYear {year} .
<{ID}program/{program_region}/{program_year}/X-1> a kc:Program ; dcterms:isPartOf <{graph}> ;
    kc:programId "X-1" ; kc:region <{ID}region/{program_region}> ; kc:fiscalYear {program_year} ;
    rdfs:label "Program uji"@id ; kc:agency <{ID}agency/{program_region}/diskominfo> ;
    kc:initiative kc:GOV-01 ; kc:budget "100000000"^^xsd:decimal ; kc:status kc:Ongoing ;
    schema:startDate "{program_year}-01-01"^^xsd:date ; schema:endDate "{program_year}-12-31"^^xsd:date ;
    kc:beneficiary kc:GeneralPublic .
<{ID}agency/{program_region}/diskominfo> a kc:Agency ; rdfs:label "Diskominfo"@id ;
    kc:region <{ID}region/{program_region}> .
{extra}
"""
    )


HOSTILE = {
    # the report's case: programs of 32.73, the graph of 35.78/2025
    "other-region-graph": submission(f"{ID}submission/35.78/2025", region="35.78"),
    "other-region-graph-declared-as-own": submission(f"{ID}submission/35.78/2025"),
    "regions-graph": submission("https://w3id.org/kotacerdas/graph/regions"),
    "meta-graph": submission("https://w3id.org/kotacerdas/graph/meta"),
    "ontology-graph": submission("https://w3id.org/kotacerdas/graph/ontology"),
    "foreign-graph": submission("http://example.org/any-graph"),
    "other-year-graph": submission(f"{ID}submission/32.73/2024", year=2024),
    "spatial-says-other-region": submission(region="35.78"),
    "program-of-other-year": submission(program_year=2024),
    "no-submission-node": PREFIXES
    + f"""
<{ID}program/32.73/2025/X-1> a kc:Program ; kc:programId "X-1" ; kc:region <{ID}region/32.73> ;
    kc:fiscalYear 2025 ; rdfs:label "Program uji"@id ; kc:initiative kc:GOV-01 ; kc:status kc:Ongoing .
""",
    "second-submission-node": submission(
        extra=f"<https://w3id.org/kotacerdas/graph/regions> a kc:Submission ; dcterms:spatial <{ID}region/32.73> ; "
        "kc:fiscalYear 2025 ."
    ),
    "poisons-another-regions-program": submission(
        extra=f"<{ID}program/35.78/2025/CONTOH-001> kc:status kc:Cancelled ."
    ),
    "statements-about-a-longer-submission-iri": submission(
        extra=f'<{ID}submission/32.73/2025/lain> rdfs:label "Bukan pengajuan ini"@id .'
    ),
    "blank-node-typed-as-a-submission": submission(extra="[] a kc:Submission ; kc:fiscalYear 2025 ."),
    "blank-node-of-another-year": submission(extra='[] kc:fiscalYear 2024 ; rdfs:label "x"@id .'),
    "poisons-the-ontology": submission(extra='kc:GOV-01 rdfs:label "Bukan inisiatif"@id .'),
    "poisons-a-region": submission(extra=f'<{ID}region/35.78> rdfs:label "Kota Bandung"@id .'),
    # a period is shared by every submission: only the description kg.submissions.periods writes is accepted
    "moves-the-end-of-a-period": submission(
        extra=f"<{ID}period/2025> <http://www.w3.org/2006/time#hasEnd> <{ID}date/2030-12-31> ."
    ),
    "labels-a-date": submission(extra=f'<{ID}date/2025-01-01> rdfs:label "Hari kemerdekaan"@id .'),
    "program-of-other-region-in-own-graph": submission(
        extra=f"<{ID}program/32.73/2025/X-2> a kc:Program ; dcterms:isPartOf <{ID}submission/32.73/2025> ; "
        f"kc:region <{ID}region/35.78> ; kc:fiscalYear 2025 ."
    ),
}


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> Path:
    """A store holding Surabaya's example (35.78, 2024 and 2025)."""
    path = tmp_path_factory.mktemp("scope") / "store"
    store = EmbeddedStore(path)
    load_files([resource_path("examples", "contoh-kota-surabaya.csv")], store, agent="steward")
    store.close()
    return path


@pytest.fixture(scope="module")
def quads_as_loaded(loaded_store: Path) -> str:
    """Every quad of :func:`loaded_store` as its load left them (read once: a dump takes about half a second):
    no hostile submission below may change one."""
    store = EmbeddedStore(loaded_store)
    try:
        return store.nquads()
    finally:
        store.close()


def test_a_well_formed_submission_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "ok.ttl"
    path.write_text(submission(), encoding="utf-8")
    store = EmbeddedStore.in_memory()
    outcome = load_files([path], store, agent="steward")
    assert [record.iri for record in outcome.loaded] == [submission_iri("32.73", 2025)]


def test_a_calculation_period_described_as_the_converter_writes_it_is_loaded() -> None:
    """An assessment's period (``…/id/period/2025``) is outside every region and year, and shared: a
    submission may state it exactly as :mod:`kg.submissions.periods` describes it, and nothing else."""
    store = EmbeddedStore.in_memory()
    outcome = load_files([resource_path("examples", "contoh-kota-bandung.csv")], store, agent="steward")
    assert len(outcome.loaded) == 2 and not outcome.refused
    ends = (
        "SELECT ?end WHERE { <%s> <http://www.w3.org/2006/time#hasEnd>/<http://www.w3.org/2006/time#inXSDDate> ?end }"
    )
    # one end in the union, however many graphs describe the period
    assert [str(row[0]) for row in store.select(ends % f"{ID}period/2025").rows] == ["2025-12-31"]


def test_a_foreign_statement_about_a_period_is_found_first_last_or_between() -> None:
    """The period's own lines pass, one more about it is found wherever its line is in the N-Triples: the first
    line, between others, the last line without a line break."""
    from kg.store.content import canonical_ntriples
    from kg.submissions.periods import foreign_period_statement, period_lines

    own = canonical_ntriples(("\n".join(period_lines(f"{ID}period/2025")) + "\n").encode())
    program = f'<{ID}program/32.73/2025/P1> <http://www.w3.org/2000/01/rdf-schema#label> "P" .\n'.encode()
    foreign = f'<{ID}period/2025> <http://www.w3.org/2000/01/rdf-schema#label> "lain" .'.encode()
    assert foreign_period_statement(program + own) is None and foreign_period_statement(own + program) is None
    for text in (foreign + b"\n" + program + own, program + foreign + b"\n" + own, program + own + foreign):
        assert foreign_period_statement(text) == foreign.decode()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_submission_is_refused_whole_and_nothing_changes(
    loaded_store: Path, quads_as_loaded: str, tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"{name}.ttl"
    path.write_text(HOSTILE[name], encoding="utf-8")
    store = EmbeddedStore(loaded_store)
    try:
        with pytest.raises(ScopeError) as refused:
            load_files([path], store, force=True, agent="intruder")
        assert "\n" not in str(refused.value) and str(path) in str(refused.value)
        assert store.nquads() == quads_as_loaded
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["other-region-graph", "regions-graph", "poisons-another-regions-program"])
def test_cli_refuses_a_hostile_submission_in_one_line(loaded_store: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.ttl"
    path.write_text(HOSTILE[name], encoding="utf-8")
    for options in ([], ["--force"]):
        done = subprocess.run(
            [*CLI, "load", str(path), "--store", str(loaded_store), *options], capture_output=True, text=True
        )
        assert done.returncode in (1, 2), done.stderr  # refused by validation (1) or by the scope check (2)
        assert "Traceback" not in done.stderr and "dimuat / loaded" not in done.stdout
        if options:
            assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_hostile_submission_checked_in_a_worker_process_is_refused_as_in_one(
    loaded_store: Path, quads_as_loaded: str, tmp_path: Path
) -> None:
    """A large load checks each submission's scope where it was validated (a worker process): the refusal comes
    back as the same ScopeError, naming the file, and nothing is written."""
    good = tmp_path / "ok.ttl"
    good.write_text(submission(graph=f"{ID}submission/32.73/2024", year=2024, program_year=2024), encoding="utf-8")
    hostile = tmp_path / "other-region-graph.ttl"
    hostile.write_text(HOSTILE["other-region-graph"], encoding="utf-8")
    store = EmbeddedStore(loaded_store)
    try:
        with pytest.raises(ScopeError) as refused:
            load_files([good, hostile], store, force=True, agent="intruder", workers=2)
        assert str(hostile) in str(refused.value) and refused.value.source == str(hostile)
        assert store.nquads() == quads_as_loaded
    finally:
        store.close()
