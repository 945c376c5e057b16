"""``kotacerdas link-regions`` against a real SPARQL server (the oxigraph server CI starts) holding a small
Wikidata-shaped fixture: matched, unmatched, ambiguous (refused) and ignored codes, links in their own graph."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from kg.publish.wikidata_links import LINKS_GRAPH, fetch_candidates, match_regions
from remote_servers import require
from serve_helpers import kotacerdas

FIXTURE = Path(__file__).parent / "data" / "wikidata" / "p2588-fixture.ttl"
FIXTURE_GRAPH = "http://example.org/kotacerdas-test/wikidata-fixture"
WD = "http://www.wikidata.org/entity/"

pytestmark = pytest.mark.remote


@pytest.fixture(scope="module")
def wikidata_like():
    server = require("oxigraph")
    response = httpx.put(
        server.gsp,
        params={"graph": FIXTURE_GRAPH},
        content=FIXTURE.read_bytes(),
        headers={"Content-Type": "text/turtle"},
        timeout=30,
    )
    assert response.status_code in (200, 201, 204), response.text
    yield server.query
    httpx.delete(server.gsp, params={"graph": FIXTURE_GRAPH}, timeout=30)


def test_codes_are_matched_refused_when_ambiguous_and_kecamatan_never_match(wikidata_like):
    outcome = match_regions(fetch_candidates(wikidata_like))
    assert outcome.matched == {
        "32": WD + "Q9000002",
        "32.73": WD + "Q9000001",
        "35.10": WD + "Q9000004",
        "73.71": WD + "Q9000003",
    }
    assert outcome.ambiguous == {"35.78": [WD + "Q9000006", WD + "Q9000007"]}
    assert outcome.ignored == ["99.99"]  # kecamatan and desa codes are not even asked for
    assert WD + "Q9000005" not in outcome.matched.values()
    assert len(outcome.unmatched) == 552 - 4 - 1


def test_a_kecamatan_code_from_any_endpoint_never_matches_a_region():
    outcome = match_regions(("http://x", [(WD + "Q1", "32.73.01"), (WD + "Q2", " 32.73 ")]))
    assert outcome.ignored == ["32.73.01"] and outcome.matched == {"32.73": WD + "Q2"}
    one_item_two_codes = match_regions(("http://x", [(WD + "Q3", "32.73"), (WD + "Q3", "32.74")]))
    assert one_item_two_codes.matched == {} and set(one_item_two_codes.ambiguous) == {"32.73", "32.74"}


def test_command_writes_same_as_links_into_their_own_graph(wikidata_like, tmp_path):
    store = tmp_path / "store"
    done = kotacerdas(
        "link-regions", "--endpoint", wikidata_like, "--store", str(store), "--out", str(tmp_path / "links.ttl")
    )
    assert done.returncode == 0, done.stderr
    assert "matched: 4" in done.stdout and "ambiguous, refused: 1" in done.stdout and "unmatched: 547" in done.stdout
    assert "35.78" in done.stdout
    links = kotacerdas(
        "sparql",
        "--store",
        str(store),
        "--format",
        "json",
        f"SELECT ?r ?i WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?r owl:sameAs ?i }} }} ORDER BY ?r",
    )
    rows = {row["r"].rsplit("/", 1)[-1]: row["i"] for row in json.loads(links.stdout)}
    assert rows == {"32": WD + "Q9000002", "32.73": WD + "Q9000001", "35.10": WD + "Q9000004", "73.71": WD + "Q9000003"}
    assert "owl:sameAs" in (tmp_path / "links.ttl").read_text()
    again = kotacerdas("link-regions", "--endpoint", wikidata_like, "--store", str(store))
    assert again.returncode == 0
    count = kotacerdas(
        "sparql",
        "--store",
        str(store),
        "--format",
        "json",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?r owl:sameAs ?i }} }}",
    )
    assert json.loads(count.stdout) == [{"n": 4}], "a second run replaces the graph, never adds to it"


def test_an_unreachable_endpoint_is_one_line_and_exit_2(tmp_path):
    done = kotacerdas("link-regions", "--endpoint", "http://127.0.0.1:9/sparql", "--store", str(tmp_path / "s"))
    assert done.returncode == 2
    assert "unreachable" in done.stderr and "Traceback" not in done.stderr
