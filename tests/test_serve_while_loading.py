"""A steward loads while the server runs: real processes, real concurrent queries.

``kotacerdas serve`` owns the store; ``kotacerdas load --store DIR`` finds it through the store folder's server
file and sends its writes to it (kg.store.served). Queries hammering the endpoint during the loads must see each
submission graph exactly old or exactly new (triples and programs counted in one query, one snapshot), the new
graph must be there as soon as the load returns, nothing may be lost, and no command may meet the store's lock.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest

from kg.core.namespaces import submission_iri
from kg.store.server_file import SERVER_FILE
from serve_helpers import kotacerdas, start_server, write_programs
from waiting import wait_until

pytestmark = pytest.mark.slow

_COUNTS = """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
SELECT ?triples ?programs WHERE {{
  {{ SELECT (COUNT(*) AS ?triples) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }}
  {{ SELECT (COUNT(?x) AS ?programs) WHERE {{ GRAPH <{graph}> {{ ?x a kc:Program }} }} }}
}} # request {number}"""


def _counts(client: httpx.Client, url: str, graph: str, number: int) -> tuple[int, int]:
    response = client.post(
        url + "sparql",
        data={"query": _COUNTS.format(graph=graph, number=number)},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    row = response.json()["results"]["bindings"][0]
    return int(row["triples"]["value"]), int(row["programs"]["value"])


def test_loads_while_serving_are_seen_whole_and_nothing_is_lost(tmp_path: Path) -> None:
    store = tmp_path / "store"
    old_file = write_programs(tmp_path / "bandung-lama.csv", 150, prefix="OLD")
    new_file = write_programs(tmp_path / "bandung-baru.csv", 1000, prefix="NEW")
    other_file = write_programs(tmp_path / "surabaya.csv", 400, region="35.78", prefix="SBY")
    first = kotacerdas("load", str(old_file), "--store", str(store))
    assert first.returncode == 0, first.stderr

    server = start_server(
        tmp_path / "serve.log", "--store", str(store), "--quiet", "--client-queries", "32"
    )  # its readers run side by side
    record = json.loads((store / SERVER_FILE).read_text())
    assert (store / SERVER_FILE).stat().st_mode & 0o777 == 0o600
    assert record["url"] == server.url and len(record["token"]) >= 32
    bandung = submission_iri("32.73", 2025)
    surabaya = submission_iri("35.78", 2025)
    try:
        with httpx.Client(timeout=30) as client:
            old = _counts(client, server.url, bandung, 0)
            assert old[1] == 150

            seen: list[tuple[int, int]] = []
            stop = threading.Event()
            failures: list[str] = []

            def hammer(offset: int) -> None:
                number = offset
                with httpx.Client(timeout=30) as own:
                    while not stop.is_set():
                        number += 4
                        try:
                            seen.append(_counts(own, server.url, bandung, number))
                        except Exception as error:  # noqa: BLE001 - reported below
                            failures.append(repr(error))

            threads = [threading.Thread(target=hammer, args=(index,)) for index in range(3)]
            for thread in threads:
                thread.start()
            import subprocess
            import sys

            # two loads at once, as two stewards would: one replaces Bandung 2025, one adds Surabaya 2025
            loads = [
                subprocess.Popen(
                    [sys.executable, "-m", "kg", "load", str(path), "--store", str(store)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for path in (new_file, other_file)
            ]
            outputs = [load.communicate(timeout=600) for load in loads]
            returned = time.monotonic()
            after_load = _counts(client, server.url, bandung, -1)
            wait_until(lambda: after_load in seen or failures, 30, "a reader's query seeing what the loads left")
            stop.set()
            for thread in threads:
                thread.join(timeout=60)

            for load, (out, err) in zip(loads, outputs, strict=True):
                assert load.returncode == 0, err
                assert "lock" not in err.lower(), err
                assert "dimuat / loaded" in out
            assert not failures, failures[:3]
            new = _counts(client, server.url, bandung, -2)
            assert new[1] == 1000
            assert after_load == new, "the server sees the new graph as soon as the load returns"
            assert time.monotonic() - returned < 5
            assert len(seen) > 20, "queries ran during the loads"
            assert set(seen) <= {old, new}, f"a query saw a mix: {sorted(set(seen) - {old, new})}"
            assert old in seen and new in seen
            assert _counts(client, server.url, surabaya, -3)[1] == 400

            # a query through the CLI while the server runs goes through the server, too
            query = kotacerdas(
                "query", "coverage", "--param", "region=35.78", "--store", str(store), "--format", "json"
            )
            assert query.returncode == 0, query.stderr
            assert {row["region_code"] for row in json.loads(query.stdout)} == {"35.78"}
    finally:
        code = server.stop()
    assert code == 0, server.log_text()
    assert not (store / SERVER_FILE).exists()

    # nothing lost: the store, opened directly once the server has stopped, holds both loads and the provenance
    direct = kotacerdas(
        "sparql",
        "--store",
        str(store),
        "--format",
        "json",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kc:Program } } GROUP BY ?g",
    )
    assert direct.returncode == 0, direct.stderr
    programs = {row["g"]: row["n"] for row in json.loads(direct.stdout)}
    assert programs == {bandung: 1000, surabaya: 400}
    sources = kotacerdas(
        "sparql",
        "--store",
        str(store),
        "--format",
        "json",
        "SELECT ?s ?file WHERE { GRAPH <https://w3id.org/kotacerdas/graph/meta> { ?s dcterms:source ?file } }",
    )
    assert {row["s"]: row["file"] for row in json.loads(sources.stdout)} == {
        bandung: "bandung-baru.csv",
        surabaya: "surabaya.csv",
    }
