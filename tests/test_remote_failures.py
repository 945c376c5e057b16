"""What real servers do when things go wrong, and what the user sees.

- A load that fails (the server refuses the data) or is killed halfway leaves the previous graphs intact.
- Virtuoso's row cap and its partial "anytime" answers raise TruncatedResultError, proven on real Virtuoso
  responses (the headers ``X-SPARQL-MaxRows`` and ``X-SQL-State: S1TAT``), never a silently short answer.
- Digest authentication works; bad or missing credentials and unreachable servers give one clear InputError.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from rdflib import Literal, URIRef

from kg.core.errors import InputError
from kg.store.interface import TruncatedResultError
from kg.store.remote import AUTH_VARIABLE, PASSWORD_VARIABLE, STAGING_PREFIX, USER_VARIABLE, RemoteStore
from remote_servers import clear_project_graphs, require
from waiting import wait_until

TEST_GRAPHS = "https://w3id.org/kotacerdas/graph/test/"
ROUTES = [("oxigraph", "gsp"), ("oxigraph", "update"), ("virtuoso", "gsp"), ("virtuoso", "update")]
ROUTE_IDS = [f"{name}-{route}" for name, route in ROUTES]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def numbered(graph: str, count: int, label: str) -> bytes:
    """``count`` triples ``<…/item/i> <…/value> i`` plus one ``<…/version> label`` triple, as N-Triples."""
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    lines = [f'<{graph}/item/{i}> <{TEST_GRAPHS}value> "{i}"^^<{integer}> .' for i in range(count)]
    lines.append(f'<{graph}> <{TEST_GRAPHS}version> "{label}" .')
    return ("\n".join(lines) + "\n").encode()


def version(store: RemoteStore, graph: str) -> tuple[str | None, int]:
    """The version label and the number of triples of a test graph."""
    label = store.select(f"SELECT ?v WHERE {{ GRAPH ?g {{ ?g <{TEST_GRAPHS}version> ?v }} }}", {"g": URIRef(graph)})
    count = store.select(COUNT, {"g": URIRef(graph)}).rows[0][0]
    return (str(label.rows[0][0]) if label.rows else None), int(count.toPython())


def staging_graphs(store: RemoteStore) -> set[str]:
    return {name for name in store.graph_names() if name.startswith(STAGING_PREFIX)}


@pytest.fixture
def clean():
    """Clears the test graphs of a server before and after a test; call it with the store."""
    used: list[RemoteStore] = []

    def register(store: RemoteStore) -> RemoteStore:
        clear_project_graphs(store, TEST_GRAPHS)
        used.append(store)
        return store

    yield register
    for store in used:
        clear_project_graphs(store, TEST_GRAPHS)
        store.close()


# ---- atomicity ---------------------------------------------------------------------------------------------


@pytest.mark.remote
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=ROUTE_IDS)
def test_refused_load_leaves_previous_graphs_intact(name, route, clean):
    store = clean(require(name).store(route))
    first, second = f"{TEST_GRAPHS}first", f"{TEST_GRAPHS}second"
    store.replace_graphs({first: numbered(first, 30, "v1"), second: numbered(second, 20, "v1")})

    broken = numbered(second, 20, "v2") + b'<http://example.org/s> <http://example.org/p> "unterminated .\n'
    with pytest.raises(InputError) as refused:
        store.replace_graphs({first: numbered(first, 40, "v2"), second: broken})

    assert "HTTP 4" in str(refused.value) or "HTTP 5" in str(refused.value)
    assert version(store, first) == ("v1", 31)  # the good graph of the same load was not swapped in either
    assert version(store, second) == ("v1", 21)
    assert staging_graphs(store) == set()


@pytest.mark.remote
def test_virtuoso_gsp_put_alone_would_not_be_atomic(clean):
    """Why loads stage first: on Virtuoso 7.2, a Graph Store PUT whose body fails to parse halfway has already
    replaced the graph with the triples before the error (Oxigraph rolls it back)."""
    server = require("virtuoso")
    store = clean(server.store("gsp"))
    graph = f"{TEST_GRAPHS}direct"
    store.replace_graphs({graph: numbered(graph, 10, "v1")})
    broken = numbered(graph, 5, "v2") + b'<http://example.org/s> <http://example.org/p> "unterminated .\n'
    with pytest.raises(InputError):
        store._send(
            "PUT",
            server.gsp,
            params={"graph": graph},
            content=broken,
            headers={"Content-Type": "application/n-triples"},
        )
    assert version(store, graph) == ("v2", 6)


KILLED_LOADER = textwrap.dedent(
    """
    import sys
    from kg.store.remote import RemoteStore
    query, update, user, password, graph, count = sys.argv[1:7]
    store = RemoteStore(query, update_endpoint=update, user=user or None, password=password or None,
                        chunk_triples=100)
    lines = [f'<{graph}/item/{i}> <https://w3id.org/kotacerdas/graph/test/value> "{i}" .' for i in range(int(count))]
    lines.append(f'<{graph}> <https://w3id.org/kotacerdas/graph/test/version> "v2" .')
    store.replace_graphs({graph: ("\\n".join(lines) + "\\n").encode()})
    print("finished")
    """
)


@pytest.mark.remote
@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_kill_during_load_leaves_previous_graph_intact(name, clean):
    server = require(name)
    store = clean(server.store("update"))
    graph = f"{TEST_GRAPHS}killed"
    store.replace_graphs({graph: numbered(graph, 50, "v1")})

    loader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_LOADER,
            server.query,
            server.update,
            server.user or "",
            server.password or "",
            graph,
            "30000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:

        def uploading() -> bool:
            assert loader.poll() is None, loader.stderr.read().decode()
            return bool(staging_graphs(store))

        wait_until(uploading, 60, "the loader starting its upload")
        os.kill(loader.pid, signal.SIGKILL)
        loader.wait(10)
    finally:
        if loader.poll() is None:
            loader.kill()
    assert loader.returncode == -signal.SIGKILL
    assert version(store, graph) == ("v1", 51)
    assert staging_graphs(store)  # the orphan staging graph is left behind, the target untouched
    clear_project_graphs(store, STAGING_PREFIX)


# ---- answers cut short (Virtuoso) --------------------------------------------------------------------------


#: The ResultSetMaxRows of .ci/virtuoso.ini.
VIRTUOSO_ROW_CAP = 100_000


@pytest.fixture
def virtuoso_items(clean):
    """Virtuoso with a graph of 400 numbered items (400 x 400 = 160000 pairs, over the row cap)."""
    server = require("virtuoso")
    store = clean(server.store("gsp"))
    graph = f"{TEST_GRAPHS}items"
    store.replace_graphs({graph: numbered(graph, 400, "v1")})
    return server, graph


@pytest.mark.remote
def test_virtuoso_row_cap_raises_truncated_result(virtuoso_items):
    server, graph = virtuoso_items
    store = server.store("gsp")
    pairs = f"{{ GRAPH <{graph}> {{ ?a <{TEST_GRAPHS}value> ?x . ?b <{TEST_GRAPHS}value> ?y }} }}"
    # SELECT over the cap of the ini: Virtuoso answers 200 with 100000 rows and an X-SPARQL-MaxRows header.
    with pytest.raises(TruncatedResultError, match=str(VIRTUOSO_ROW_CAP)):
        store.select(f"SELECT ?a ?b WHERE {pairs}")
    # CONSTRUCT over the cap: Virtuoso answers 200 with cap + 1 triples and no header at all; the count
    # check finds it.
    with pytest.raises(TruncatedResultError, match="160000"):
        store.construct(f"CONSTRUCT {{ ?a <{TEST_GRAPHS}pair> ?b }} WHERE {pairs}")
    # Under the cap: complete answers, no error.
    assert len(store.select(f"SELECT ?a ?b WHERE {pairs} LIMIT 1000").rows) == 1000
    assert len(store.construct(f"CONSTRUCT {{ ?a <{TEST_GRAPHS}pair> ?b }} WHERE {pairs} LIMIT 5000")) == 5000
    assert store.select(f"SELECT (COUNT(*) AS ?n) WHERE {pairs}").rows[0][0].toPython() == 160_000
    # A client may ask for a lower cap (request parameter maxrows): the same header, the same error.
    capped = server.store("gsp", parameters={"maxrows": "100"})
    with pytest.raises(TruncatedResultError, match="100"):
        capped.select(f"SELECT ?a WHERE {{ GRAPH <{graph}> {{ ?a <{TEST_GRAPHS}value> ?x }} }}")
    capped.close()
    store.close()


@pytest.mark.remote
def test_virtuoso_partial_answer_after_timeout_raises_truncated_result(clean):
    server = require("virtuoso")
    graph = f"{TEST_GRAPHS}thousand"
    clean(server.store("gsp")).replace_graphs({graph: numbered(graph, 1000, "v1")})
    # An "anytime" query (request parameter timeout, in ms): Virtuoso stops after 1 s and answers 200 with
    # whatever it has, saying so only in the X-SQL-State: S1TAT header. 1000^3 combinations keep it busy
    # (more would exceed Virtuoso's cost estimate limit and be refused before running).
    anytime = server.store("gsp", parameters={"timeout": "1000"})
    heavy = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?a <{TEST_GRAPHS}value> ?x . "
        f"?b <{TEST_GRAPHS}value> ?y . ?c <{TEST_GRAPHS}value> ?z }} }}"
    )
    started = time.monotonic()
    with pytest.raises(TruncatedResultError, match="S1TAT"):
        anytime.select(heavy)
    assert time.monotonic() - started >= 1.0  # the server really ran out of time
    anytime.close()


# ---- authentication and reachability -----------------------------------------------------------------------


@pytest.mark.remote
def test_virtuoso_digest_auth_needed_for_updates(clean):
    server = require("virtuoso")
    store = clean(server.store("update"))
    graph = f"{TEST_GRAPHS}auth"
    store.replace_graphs({graph: numbered(graph, 3, "v1")})  # right credentials: loads
    assert version(store, graph) == ("v1", 4)

    for user, password in [(server.user, "wrong-password"), ("nobody-here", "x")]:
        for route in ("gsp", "update"):
            wrong = RemoteStore(
                server.query,
                update_endpoint=server.update,
                gsp_endpoint=server.gsp if route == "gsp" else None,
                user=user,
                password=password,
            )
            with pytest.raises(InputError, match="HTTP 401") as failed:
                wrong.replace_graphs({graph: numbered(graph, 5, "v2")})
            assert "\n" not in str(failed.value)
            assert USER_VARIABLE in str(failed.value)
            wrong.close()
    # Queries through the digest-protected endpoint: right credentials answer, wrong ones are one clear line.
    protected = RemoteStore(server.update, user=server.user, password=server.password)
    assert protected.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph)})
    protected.close()
    intruder = RemoteStore(server.update, user=server.user, password="wrong-password")
    with pytest.raises(InputError, match="HTTP 401"):
        intruder.ask("ASK { ?s ?p ?o }")
    intruder.close()
    anonymous = RemoteStore(server.query, update_endpoint=server.update)
    with pytest.raises(InputError, match="HTTP 401"):
        anonymous.update(f"DROP SILENT GRAPH <{graph}>")
    anonymous.close()
    assert version(store, graph) == ("v1", 4)


@pytest.mark.remote
def test_credentials_come_from_the_environment(monkeypatch, clean):
    server = require("virtuoso")
    monkeypatch.setenv(USER_VARIABLE, server.user)
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    store = clean(RemoteStore.from_environment(server.query, update_endpoint=server.update, gsp_endpoint=server.gsp))
    graph = f"{TEST_GRAPHS}environment"
    store.replace_graphs({graph: numbered(graph, 2, "v1")})
    assert version(store, graph) == ("v1", 3)

    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong-password")
    wrong = RemoteStore.from_environment(server.query, update_endpoint=server.update)
    with pytest.raises(InputError, match="HTTP 401"):
        wrong.update(f"DROP SILENT GRAPH <{graph}>")
    wrong.close()


@pytest.mark.remote
@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_bad_query_is_one_clear_line(name):
    store = require(name).store("update")
    with pytest.raises(InputError, match=r"HTTP 400") as failed:
        store.select("SELECT ?x WHERE { ?x ?p }")
    assert "\n" not in str(failed.value)
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_endpoint_is_one_clear_line():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    store = RemoteStore(url, gsp_endpoint=url + "/store", timeout=5)
    for action in (
        lambda: store.select("SELECT * WHERE { ?s ?p ?o }"),
        lambda: store.ask("ASK { ?s ?p ?o }", {"s": URIRef("http://example.org/s")}),
        lambda: store.construct("CONSTRUCT WHERE { ?s ?p ?o }"),
        lambda: store.replace_graphs({"http://example.org/g": b"<http://example.org/s> <http://example.org/p> 1 .\n"}),
        lambda: store.update("CLEAR ALL"),
    ):
        with pytest.raises(InputError, match="unreachable") as failed:
            action()
        assert url in str(failed.value) and "\n" not in str(failed.value)
    store.close()


def test_half_given_credentials_are_refused(monkeypatch):
    monkeypatch.setenv(USER_VARIABLE, "steward")
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    with pytest.raises(InputError, match=PASSWORD_VARIABLE):
        RemoteStore.from_environment("http://127.0.0.1:8890/sparql")
    with pytest.raises(InputError, match="http"):
        RemoteStore("ftp://example.org/sparql")
    monkeypatch.setenv(PASSWORD_VARIABLE, "secret")
    monkeypatch.setenv(AUTH_VARIABLE, "kerberos")
    with pytest.raises(InputError, match="digest or basic"):
        RemoteStore.from_environment("http://127.0.0.1:8890/sparql")
    monkeypatch.setenv(AUTH_VARIABLE, "Basic")
    assert RemoteStore.from_environment("http://127.0.0.1:8890/sparql").auth == "basic"


def test_parameters_bound_as_terms_not_text():
    """A parameter is a term; one that is not an IRI or literal, or a bad variable name, is refused."""
    from rdflib import BNode

    store = RemoteStore("http://127.0.0.1:1/sparql")
    with pytest.raises(InputError, match="IRI"):
        store.select("SELECT * WHERE { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(InputError, match="variable"):
        store.select("SELECT * WHERE { ?s ?p ?o }", {"s p": Literal("x")})
    with pytest.raises(InputError, match="IRI"):
        store.select("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/a> } DROP ALL {")})
    store.close()
