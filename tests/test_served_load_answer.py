"""A load through a running ``serve`` whose answer never comes is not reported as "the server did not answer"
when it committed (issue 24, item 6): ``kotacerdas load --store DIR`` asks the server what it now holds and
compares the digests it sent.

The client's time for a write is cut to 0.1 s (``KOTACERDAS_SERVER_WRITE_TIMEOUT``) so that the server's
answer to a 1,000-program write (seconds) never reaches it: the load then says the server showed the write
committed with the same digest, exits 0, and the same load again is "unchanged" (idempotent by digest).
"""

from __future__ import annotations

import httpx

from kg.store.served import WRITE_TIMEOUT_VARIABLE
from serve_helpers import kotacerdas, start_server, write_programs

GRAPH = "https://w3id.org/kotacerdas/id/submission/32.73/2025"


def _programs(url: str) -> int:
    answer = httpx.get(
        url + "sparql",
        params={
            "query": f"SELECT (COUNT(?p) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?p a "
            "<https://w3id.org/kotacerdas/ontology#Program> } }"
        },
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_an_unanswered_load_is_asked_about_and_reported_committed(tmp_path):
    store = tmp_path / "store"
    server = start_server(tmp_path / "serve.log", "--store", str(store))
    try:
        first = kotacerdas(
            "load", "--store", str(store), str(write_programs(tmp_path / "kecil.csv", 3, region="73.71"))
        )
        assert first.returncode == 0, first.stderr
        big = write_programs(tmp_path / "bandung-2025.csv", 1000)
        done = kotacerdas("load", "--store", str(store), str(big), env={WRITE_TIMEOUT_VARIABLE: "0.1"})
        assert done.returncode == 0, done.stderr
        said = " ".join(done.stderr.split())
        assert "the server did not answer the write, then showed it committed with the same digest" in said
        assert GRAPH in said
        assert "dimuat / loaded" in done.stdout and "1000 program" in done.stdout
        assert _programs(server.url) == 1000
        again = kotacerdas("load", "--store", str(store), str(big))
        assert again.returncode == 0 and "tidak berubah / unchanged" in again.stdout, again.stdout + again.stderr
        log = server.log_text()
        assert "Traceback" not in log
        assert log.count("POST /_local/replace-graphs") == 2  # the small load and the unanswered one: no retry
    finally:
        assert server.stop() == 0
