"""Remote stores never answer silently empty, and honour the query bounds (issue 7, items 6 and 14).

- An Oxigraph server started without ``--union-default-graph`` (as Fuseki and GraphDB come out of the box) is
  detected on the first query; queries then carry the project's graphs as their dataset and answer as on
  every other store (every canned query: tests/test_remote_canned_queries.py runs them on it too). A query
  with a dataset of its own (``FROM``) is left as written. A server that neither unites its graphs nor
  takes ``default-graph-uri`` is refused with one line saying how to configure it.
- A query's time limit reaches the server: an HTTP timeout everywhere, and Virtuoso's own ``timeout``
  parameter, so Virtuoso stops the query itself and says so (``X-SQL-State: S1TAT``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from kg.core.errors import InputError
from kg.core.namespaces import ONTOLOGY_GRAPH
from kg.core.resources import resource_path
from kg.loading.load import load_files
from kg.queries.canned import run_query
from kg.store.embedded import EmbeddedStore
from kg.store.interface import TruncatedResultError
from kg.store.remote import RemoteStore
from remote_servers import clear_project_graphs, require

pytestmark = pytest.mark.remote
CLI = [sys.executable, "-c", "from kg.cli import main; main()"]
BANDUNG = resource_path("examples", "contoh-kota-bandung.csv")
#: Finite but slow (about 46 million pairs over the example's triples): no test leaves a server busy for long.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def loaded():
    """Each server holding the Bandung example, loaded as a steward would."""
    stores = {}
    for name in ("oxigraph", "oxigraph-plain", "virtuoso"):
        store = require(name).store("gsp")
        clear_project_graphs(store)
        load_files([BANDUNG], store, agent="steward")
        stores[name] = store
    yield stores
    for store in stores.values():
        clear_project_graphs(store)
        store.close()


def test_the_dataset_semantics_are_detected_once_per_store(loaded) -> None:
    assert loaded["oxigraph"].dataset_parameters() == []
    assert loaded["virtuoso"].dataset_parameters() == []
    plain = loaded["oxigraph-plain"].dataset_parameters()
    assert ("default-graph-uri", str(ONTOLOGY_GRAPH)) in plain and ("named-graph-uri", str(ONTOLOGY_GRAPH)) in plain


def test_without_the_dataset_the_plain_server_would_answer_nothing(loaded) -> None:
    """What the report found: the same canned query, sent as it is, gets 0 rows from the plain server."""
    server = require("oxigraph-plain")
    raw = subprocess.run(
        [
            "curl",
            "-s",
            "-H",
            "Accept: application/sparql-results+json",
            "--data-urlencode",
            "query=SELECT * WHERE { ?p a <https://w3id.org/kotacerdas/ontology#Program> }",
            server.query,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(raw.stdout)["results"]["bindings"] == []
    embedded = EmbeddedStore.in_memory()
    load_files([BANDUNG], embedded, agent="steward")
    expected = run_query("coverage", embedded, {"region": "32.73"}).rows
    assert len(expected) == 6
    assert len(run_query("coverage", loaded["oxigraph-plain"], {"region": "32.73"}).rows) == len(expected)


def test_cli_answers_on_the_plain_server_and_keeps_a_query_s_own_dataset(loaded) -> None:
    server = require("oxigraph-plain")
    done = subprocess.run(
        [
            *CLI,
            "query",
            "coverage",
            "--param",
            "region=32.73",
            "--param",
            "year=2025",
            "--endpoint",
            server.query,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # every dimension of a region with a submission (docs/design.md: 0 where it has no program); MOB has none
    rows = {row["dimension"]: row["initiatives_covered"] for row in json.loads(done.stdout)}
    assert set(rows) == {"GOV", "LIV", "ENV", "SOC", "ECO", "MOB"} and rows["MOB"] == 0
    own = subprocess.run(
        [
            *CLI,
            "sparql",
            f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s a kc:Program }}",
            "--endpoint",
            server.query,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    assert own.returncode == 0 and json.loads(own.stdout) == [{"n": 0}]  # FROM the ontology: no programs there


def _send_json(handler: BaseHTTPRequestHandler, answer: dict) -> None:
    body = json.dumps(answer).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class _IgnoresDatasets(BaseHTTPRequestHandler):
    """A SPARQL endpoint whose default graph is empty whatever the request says (a misconfigured server)."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        fields = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
        query = fields["query"][0]
        if query.startswith("SELECT DISTINCT ?g"):  # the graphs it holds
            answer = {
                "head": {"vars": ["g"]},
                "results": {"bindings": [{"g": {"type": "uri", "value": str(ONTOLOGY_GRAPH)}}]},
            }
        else:  # ASK: found inside GRAPH, never in the default graph, whatever default-graph-uri says
            answer = {"head": {}, "boolean": "GRAPH" in query}
        _send_json(self, answer)

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_ignores_the_dataset_is_refused_in_one_line() -> None:
    server = HTTPServer(("127.0.0.1", 0), _IgnoresDatasets)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/sparql")
    try:
        with pytest.raises(InputError, match="--union-default-graph") as refused:
            store.ask("ASK { ?s ?p ?o }")
        assert "\n" not in str(refused.value)
    finally:
        store.close()
        server.shutdown()


@pytest.mark.parametrize("name", ["oxigraph", "oxigraph-plain"])
def test_a_remote_query_stops_at_the_time_limit(loaded, name) -> None:
    server = require(name)
    store = RemoteStore(server.query, timeout=1)
    started = time.monotonic()
    with pytest.raises(InputError, match="no answer within 1 s"):
        store.select(SLOW)
    assert time.monotonic() - started < 5
    store.close()
    done = subprocess.run(
        [*CLI, "sparql", SLOW, "--endpoint", server.query, "--timeout", "1"], capture_output=True, text=True
    )
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_virtuoso_is_told_the_time_limit_and_stops_the_query_itself(loaded) -> None:
    """No ``parameters`` given: the store's own timeout (1 s) goes to Virtuoso as ``timeout=1000``; Virtuoso
    stops after a second and says so (X-SQL-State S1TAT), which is refused as a partial answer."""
    server = require("virtuoso")
    graph = "https://w3id.org/kotacerdas/graph/test/thousand"
    writer = server.store("gsp")
    value = "https://w3id.org/kotacerdas/graph/test/value"
    writer.replace_graphs({graph: "".join(f"<{graph}/{i}> <{value}> {i} .\n" for i in range(1000)).encode()})
    store = RemoteStore(server.query, timeout=1)
    heavy = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?a <{value}> ?x . ?b <{value}> ?y . ?c <{value}> ?z }} }}"
    )
    started = time.monotonic()
    try:
        with pytest.raises(TruncatedResultError, match="S1TAT"):
            store.select(heavy)
        assert time.monotonic() - started < 10
    finally:
        writer.update(f"DROP SILENT GRAPH <{graph}>")
        writer.close()
        store.close()


class _Huge(BaseHTTPRequestHandler):
    """A SPARQL endpoint whose answer never ends (until the client stops reading)."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        row = json.dumps({"o": {"type": "literal", "value": "x" * 1000}}).encode() + b","
        try:
            self.wfile.write(b'{"head": {"vars": ["o"]}, "results": {"bindings": [')
            for _ in range(100_000):  # 100 MB, if anyone read it all
                self.wfile.write(row)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_an_oversized_answer_is_refused_while_streaming() -> None:
    from kg.store.interface import ResultTooLargeError

    server = HTTPServer(("127.0.0.1", 0), _Huge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/sparql", max_answer_bytes=1 << 20)
    store._dataset = []  # the stub knows no ASK: skip the detection, as a union-default server would answer
    try:
        with pytest.raises(ResultTooLargeError, match="larger than 1 MB") as refused:
            store.select("SELECT ?o WHERE { ?s ?p ?o }")
        assert "\n" not in str(refused.value)
    finally:
        store.close()
        server.shutdown()
