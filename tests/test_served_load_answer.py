"""A load through a running ``serve`` whose answer never comes is not reported as "the server did not answer"
when it committed (issue 24, item 6): ``kotacerdas load --store DIR`` asks the server what it now holds and
compares the digests it sent.

The client's time for a write is cut to 0.1 s (``KOTACERDAS_SERVER_WRITE_TIMEOUT``) so that the server's
answer to a 1,000-program write (seconds) never reaches it: the load then says the server showed the write
committed with the same digest, exits 0, and the same load again is "unchanged" (idempotent by digest). When
the server is killed while the load asks, the load says it cannot know and what to do; the same load after a
restart leaves the store holding exactly the file's programs, whether the killed write had committed or not.
"""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from kg.store.served import WRITE_TIMEOUT_VARIABLE
from serve_helpers import kotacerdas, start_server, write_programs
from waiting import let_run, wait_until

pytestmark = pytest.mark.slow

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


def test_a_load_whose_server_dies_unanswered_says_unknown_and_the_same_load_then_loads(tmp_path):
    """The write goes unanswered (0.1 s), and the server is killed while the load asks about it: the load
    cannot know, says so with what to do (exit 2, no traceback); after a restart the same load completes it."""
    store = tmp_path / "store"
    server = start_server(tmp_path / "serve1.log", "--store", str(store))
    try:
        first = kotacerdas(
            "load", "--store", str(store), str(write_programs(tmp_path / "kecil.csv", 3, region="73.71"))
        )
        assert first.returncode == 0, first.stderr
        big = write_programs(tmp_path / "bandung-2025.csv", 3000)
        asked = server.log_text().count("POST /_local/graph-summaries")
        written = server.log_text().count("POST /_local/replace-graphs")
        client = subprocess.Popen(
            [sys.executable, "-m", "kg", "load", "--store", str(store), str(big)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, WRITE_TIMEOUT_VARIABLE: "0.1"},
        )
        try:
            # the load's last read before its write (what the store holds) is logged; its write follows at once
            def read_logged() -> bool:
                assert client.poll() is None, client.communicate()
                return server.log_text().count("POST /_local/graph-summaries") > asked

            wait_until(read_logged, 120, "the load's read before its write")
            # the kill's moment: the write of 3,000 programs takes seconds (7 s measured on a busy machine), the
            # client stops waiting for it after 0.1 s and asks; 0.5 s in, both are under way
            let_run(client, 0.5)
            assert server.log_text().count("POST /_local/replace-graphs") == written, "the write ended before the kill"
            server.process.kill()
            server.process.wait(timeout=30)
            out, err = client.communicate(timeout=120)
        finally:
            if client.poll() is None:
                client.kill()
                client.wait()
        said = " ".join(err.split())
        assert client.returncode == 2, said
        assert "unknown whether it was committed" in said and "run the same load again" in said
        assert "Traceback" not in err and "dimuat / loaded" not in out
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    again = start_server(tmp_path / "serve2.log", "--store", str(store))
    try:
        rerun = kotacerdas("load", "--store", str(store), str(big))
        assert rerun.returncode == 0, rerun.stderr
        # the kill lands before or after the killed write's commit (the log line comes after the commit): either
        # way the same load leaves exactly the file's programs, loading them or finding them there already
        assert "3000 program" in rerun.stdout, rerun.stdout
        assert "dimuat / loaded" in rerun.stdout or "tidak berubah / unchanged" in rerun.stdout, rerun.stdout
        assert _programs(again.url) == 3000
    finally:
        assert again.stop() == 0
