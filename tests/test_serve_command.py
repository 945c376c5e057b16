"""The ``serve`` and ``dump`` commands as a user runs them: start time, one log line per request, a clean stop,
updates only with the token from the environment, a busy port, dumps with checksums, hostile text escaped."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import signal
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

from kg.core.namespaces import submission_iri
from kg.store.server_file import SERVER_FILE
from processes import children
from serve_helpers import kotacerdas, start_server, write_programs

TOKEN = "t0ken-for-the-tests-0123456789abcdef"


@pytest.fixture(scope="module")
def demo_store(example_store) -> Path:
    return example_store  # tests/conftest.py: the examples loaded by `load`, this module's own copy


def test_serve_starts_fast_logs_one_line_per_request_and_stops_on_sigint(demo_store, tmp_path):
    server = start_server(tmp_path / "serve.log", "--store", str(demo_store))
    ready = re.search(r"ready \(.*, ([\d.]+) s\)", server.log_text())
    assert ready and float(ready.group(1)) < 2.0, server.log_text()
    httpx.get(server.url + "id/region/32.73", headers={"Accept": "text/turtle"}, timeout=30)
    httpx.get(server.url + "id/region/99.99", headers={"Accept": "text/turtle"}, timeout=30)
    httpx.get(server.url + "id/region/32.73", headers={"Accept": "text/turtle"}, timeout=30)  # from the front cache
    assert server.stop(signal.SIGINT) == 0
    lines = [line for line in server.log_text().splitlines() if line.startswith("GET ")]
    assert len(lines) == 3
    assert re.fullmatch(r"GET /id/region/32\.73 200 \d+\.\dms", lines[0])
    assert re.fullmatch(r"GET /id/region/99\.99 404 \d+\.\dms", lines[1])
    assert not (demo_store / SERVER_FILE).exists()


def test_a_busy_port_is_one_line_and_exit_2(demo_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = kotacerdas("serve", "--store", str(demo_store), "--port", str(port), timeout=60)
    assert done.returncode == 2
    assert "cannot listen" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_allow_update_needs_the_token_from_the_environment(demo_store, tmp_path):
    refused = kotacerdas("serve", "--store", str(tmp_path / "s"), "--allow-update", env={"KOTACERDAS_UPDATE_TOKEN": ""})
    assert refused.returncode == 2 and "KOTACERDAS_UPDATE_TOKEN" in refused.stderr

    server = start_server(
        tmp_path / "serve.log",
        "--store",
        str(tmp_path / "s"),
        "--allow-update",
        "--quiet",
        env={"KOTACERDAS_UPDATE_TOKEN": TOKEN},
    )
    try:
        assert TOKEN not in " ".join(server.process.args)
        probe = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        before = httpx.get(server.url + "sparql", params=probe, timeout=30)
        assert (
            httpx.get(
                server.url + "sparql", params=probe, timeout=30, headers={"If-None-Match": before.headers["etag"]}
            ).status_code
            == 304
        )
        update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"
        assert httpx.post(server.url + "sparql", data={"update": update}, timeout=30).status_code == 401
        wrong = httpx.post(
            server.url + "sparql", data={"update": update}, headers={"Authorization": "Bearer nope"}, timeout=30
        )
        assert wrong.status_code == 401
        good = httpx.post(
            server.url + "sparql",
            content=update,
            timeout=30,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
        )
        assert good.status_code == 204
        ask = httpx.get(
            server.url + "sparql",
            params={"query": "ASK { <http://example.org/a> ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert ask.json()["boolean"] is True, "the update is seen at once (the cache of the old generation is gone)"
        after = httpx.get(
            server.url + "sparql", params=probe, timeout=30, headers={"If-None-Match": before.headers["etag"]}
        )
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        load = httpx.post(
            server.url + "sparql",
            data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=30,
        )
        assert load.status_code == 403 and "LOAD" in load.text
        description = httpx.get(server.url + "sparql", headers={"Accept": "text/turtle"}, timeout=30).text
        assert "SPARQL11Update" in description
    finally:
        assert server.stop() == 0


def test_dump_command_writes_gzipped_nquads_and_turtle_with_sha256(demo_store, tmp_path):
    done = kotacerdas("dump", "--out", str(tmp_path / "dumps"), "--store", str(demo_store))
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in (tmp_path / "dumps").iterdir())
    assert names == [
        "SHA256SUMS",
        "kotacerdas.nq.gz",
        "kotacerdas.nq.gz.sha256",
        "kotacerdas.ttl.gz",
        "kotacerdas.ttl.gz.sha256",
    ]
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "dumps", capture_output=True, text=True)
    assert sums.returncode == 0 and sums.stdout.count(": OK") == 2, sums.stdout + sums.stderr
    for name in ("kotacerdas.nq.gz", "kotacerdas.ttl.gz"):
        data = (tmp_path / "dumps" / name).read_bytes()
        digest, file_name = (tmp_path / "dumps" / f"{name}.sha256").read_text().split()
        assert digest == hashlib.sha256(data).hexdigest() and file_name == name
    quads = gzip.decompress((tmp_path / "dumps" / "kotacerdas.nq.gz").read_bytes()).decode()
    assert f"<{submission_iri('32.73', 2025)}> ." in quads  # the graph names are kept


@pytest.mark.slow
def test_dump_while_serving_goes_through_the_server(demo_store, tmp_path):
    server = start_server(tmp_path / "serve.log", "--store", str(demo_store), "--quiet")
    try:
        done = kotacerdas("dump", "--out", str(tmp_path / "dumps"), "--store", str(demo_store))
        assert done.returncode == 0, done.stderr
        assert (tmp_path / "dumps" / "kotacerdas.nq.gz.sha256").is_file()
        second = kotacerdas("serve", "--store", str(demo_store), "--port", "0", timeout=60)
        assert second.returncode == 2 and "already serves this store" in second.stderr and server.url in second.stderr
    finally:
        assert server.stop() == 0


@pytest.mark.slow
def test_a_hostile_program_name_is_shown_as_text(tmp_path):
    source = write_programs(tmp_path / "hostile.csv", 1, prefix="X")
    text = source.read_text(encoding="utf-8").replace("Mal Pelayanan Publik Digital 1", "<script>alert(1)</script>")
    source.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    assert kotacerdas("load", str(source), "--store", str(store)).returncode == 0
    server = start_server(tmp_path / "serve.log", "--store", str(store), "--quiet")
    try:
        page = httpx.get(server.url + "id/program/32.73/2025/X-00001", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        turtle = httpx.get(server.url + "id/program/32.73/2025/X-00001.ttl", timeout=30).text
        assert "<script>alert(1)</script>" in turtle  # the data itself is unchanged
        editor = httpx.get(server.url + "sparql", headers={"Accept": "text/html"}, timeout=30).text
        assert json.loads(editor.split('id="editor-config">')[1].split("</script>")[0])["endpoint"] == "/sparql"
    finally:
        assert server.stop() == 0


@pytest.mark.slow
def test_log_lines_escape_control_characters_and_paths_cannot_leave_their_folders(demo_store, tmp_path):
    server = start_server(tmp_path / "serve.log", "--store", str(demo_store))
    try:
        forged = httpx.get(server.url + "id/region/32.73%0AGET%20/forged%20200%201.0ms", timeout=30)
        assert forged.status_code == 404
        for path in (
            "dumps/..%2F..%2Fetc%2Fpasswd",
            "dumps/.kotacerdas.nq.gz.1",
            "shapes/..%2Fkotacerdas-serve.json",
            "static/..%2F..%2Fserver.py",
        ):
            answer = httpx.get(server.url + path, timeout=30)
            assert answer.status_code == 404, path
            assert "root:" not in answer.text and "token" not in answer.text
    finally:
        assert server.stop() == 0
    lines = server.log_text().splitlines()
    assert not any(line.startswith("GET /forged") for line in lines)
    assert any("\\x0aGET" in line for line in lines)


@pytest.mark.slow
def test_front_processes_answer_repeats_and_see_a_load_at_once(tmp_path):
    store = tmp_path / "store"
    first = write_programs(tmp_path / "lama.csv", 5, prefix="A")
    assert kotacerdas("load", str(first), "--store", str(store)).returncode == 0
    server = start_server(tmp_path / "serve.log", "--store", str(store), "--processes", "3", "--quiet")
    query = {"query": "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kc:Program }", "format": "json"}

    def counts() -> set[int]:
        seen = set()
        for _ in range(30):  # new connections each time: the kernel spreads them over the processes
            answer = httpx.get(server.url + "sparql", params=query, timeout=30)
            assert answer.status_code == 200
            seen.add(int(answer.json()["results"]["bindings"][0]["n"]["value"]))
        return seen

    try:
        assert counts() == {5}
        record = json.loads((store / SERVER_FILE).read_text())
        assert record["url"] != server.url, "local commands talk to the store's process, not to a front"
        second = write_programs(tmp_path / "baru.csv", 8, prefix="B")
        done = kotacerdas("load", str(second), "--store", str(store))
        assert done.returncode == 0, done.stderr
        assert counts() == {8}, "every process answers from the new store as soon as the load returns"
    finally:
        assert server.stop() == 0
    assert children(server.process.pid) == []
    assert not (store / SERVER_FILE).exists()


def test_a_second_process_answers_on_the_same_port_and_stops_with_the_server(demo_store, tmp_path):
    """``serve --processes 2`` (the fast run's look at it; the slow test above loads under three): a front
    process beside the store's own, answering on the one public port; a clean stop ends both."""
    server = start_server(tmp_path / "serve.log", "--store", str(demo_store), "--processes", "2", "--quiet")
    try:
        query = {"query": "ASK { ?p a kc:Program }", "format": "json"}
        for _ in range(4):  # new connections each time: the kernel spreads them over the processes
            answer = httpx.get(server.url + "sparql", params=query, timeout=30)
            assert answer.status_code == 200 and answer.json()["boolean"] is True
        record = json.loads((demo_store / SERVER_FILE).read_text())
        assert record["url"] != server.url, "local commands talk to the store's process, not to a front"
    finally:
        assert server.stop() == 0
    assert children(server.process.pid) == []
    assert not (demo_store / SERVER_FILE).exists()
