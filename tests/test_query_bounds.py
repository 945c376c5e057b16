"""Queries are bounded (issue 7, items 5 and 6): SERVICE is refused unless allowed, every query has a time
limit, a row cap and a memory cap, and Ctrl-C ends any query within a second.

The heavy queries are the report's own: an endless aggregate over a three-way cartesian product, a cartesian
``SELECT *`` and a cartesian ``ORDER BY`` (which grows by about 230 MB a second in pyoxigraph), on a store
holding one example submission (about 7,000 triples).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from kg.core.resources import resource_path
from kg.loading.load import load_files
from kg.store.bounded import QueryBounds, QueryTimeoutError, bounded_answer, run_bounded
from kg.store.embedded import EmbeddedStore, StoreBusyError
from kg.store.guard import ServiceRefusedError, check_query, uses_service
from kg.store.interface import ResultTooLargeError
from waiting import wait_until

CLI = [sys.executable, "-c", "from kg.cli import main; main()"]
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
GROWING = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bounds") / "store"
    store = EmbeddedStore(path)
    load_files([resource_path("examples", "contoh-kota-bandung.csv")], store, agent="steward")
    store.close()
    return path


def run(*args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout)
    return done, time.monotonic() - started


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


# ---- SERVICE -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { OPTIONAL { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } } }",
        "ASK { { ?s ?p ?o } UNION { SERVICE <file:///etc/passwd> { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o MINUS { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { FILTER EXISTS { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }",
    ],
)
def test_service_anywhere_in_a_query_is_found(query: str) -> None:
    assert uses_service(query)
    with pytest.raises(ServiceRefusedError):
        check_query(query)
    check_query(query, allow_service=True)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX ex: <http://example.org/> SELECT ?SERVICE WHERE { ?SERVICE ex:SERVICE ?o }",
    ],
)
def test_the_word_service_in_strings_iris_comments_and_names_is_not_a_service_clause(query: str) -> None:
    assert not uses_service(query)
    check_query(query)


class _Counting(BaseHTTPRequestHandler):
    """A SPARQL endpoint on 127.0.0.1 that counts the requests it gets and answers one row."""

    requests = 0

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        type(self).requests += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps(
            {
                "head": {"vars": ["o"]},
                "results": {"bindings": [{"o": {"type": "literal", "value": "from the local server"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.slow
def test_sparql_refuses_service_without_asking_the_server_and_runs_it_when_allowed(store_path: Path) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    query = f"SELECT ?o WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    try:
        done, _ = run("sparql", query, "--store", str(store_path))
        assert done.returncode == 2 and "--allow-service" in one_line(done)
        assert _Counting.requests == 0
        allowed, _ = run("sparql", query, "--store", str(store_path), "--allow-service", "--format", "json")
        assert allowed.returncode == 0, allowed.stderr
        assert json.loads(allowed.stdout) == [{"o": "from the local server"}]
        assert _Counting.requests >= 1
    finally:
        server.shutdown()


def test_an_allowed_service_that_fails_is_one_line(store_path: Path) -> None:
    done, _ = run(
        "sparql",
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "--allow-service",
        "--store",
        str(store_path),
    )
    assert done.returncode == 2 and "the query failed" in one_line(done)


# ---- time, rows, memory, Ctrl-C ----------------------------------------------------------------------------


@pytest.mark.slow
def test_an_endless_aggregate_stops_at_the_time_limit(store_path: Path) -> None:
    done, seconds = run("sparql", ENDLESS, "--store", str(store_path), "--timeout", "2")
    assert done.returncode == 2 and "stopped after 2 s" in one_line(done)
    assert seconds < 2 + 10  # the limit, plus starting Python and opening the store on a busy machine


def test_a_canned_query_has_the_time_limit_too(store_path: Path) -> None:
    done, _ = run("query", "coverage", "--store", str(store_path), "--timeout", "0.001")
    assert done.returncode == 2 and "stopped after 0.001 s" in one_line(done)
    fine, _ = run("query", "coverage", "--store", str(store_path), "--format", "json")
    assert fine.returncode == 0 and json.loads(fine.stdout)


@pytest.mark.slow
def test_a_cartesian_answer_stops_at_the_row_cap_never_silently_cut(store_path: Path) -> None:
    done, _ = run("sparql", CARTESIAN, "--store", str(store_path), "--max-rows", "1000")
    assert done.returncode == 2 and "more than 1,000 rows" in one_line(done)
    under, _ = run(
        "sparql", CARTESIAN + " LIMIT 1000", "--store", str(store_path), "--max-rows", "1000", "--format", "json"
    )
    assert under.returncode == 0 and len(json.loads(under.stdout)) == 1000
    construct, _ = run(
        "sparql",
        "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
        "--store",
        str(store_path),
        "--max-rows",
        "500",
    )
    assert construct.returncode == 2 and "more than 500 triples" in one_line(construct)


@pytest.mark.slow
def test_a_query_that_grows_past_the_memory_cap_is_stopped(store_path: Path) -> None:
    done, seconds = run("sparql", GROWING, "--store", str(store_path), "--max-memory", "200", "--timeout", "120")
    assert done.returncode == 2 and "more than 200 MB" in one_line(done)
    assert seconds < 60


def _group(group: int) -> dict[int, tuple[float, int]]:
    """The processes of a process group that still run (from ``/proc``): pid → (CPU seconds so far, parent pid).
    A process counts until its every thread has ended: its leader shows ``Z`` while the others are still
    exiting, and only then are its files (the store's lock) closed."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            threads = [(task / "stat").read_text().rsplit(")", 1)[1].split()[0] for task in (entry / "task").iterdir()]
        except (OSError, IndexError):
            continue
        # state, ppid, pgrp, …; utime and stime at 11 and 12
        if int(fields[2]) == group and any(state not in "ZX" for state in threads):
            found[int(entry.name)] = ((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[1]))
    return found


def _group_cpu_seconds(group: int) -> float:
    return sum(cpu for cpu, _ in _group(group).values())


def _default_sigint() -> None:
    """In the command's process before it starts: SIGINT to its default and unblocked, whatever this test was
    started with (CI may run it as a shell's background job, SIGINT ignored, which a child inherits and Python
    then keeps: Ctrl-C would do nothing). Python then installs its own handler, as in a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _endless_query(store_path: Path):
    """``kotacerdas sparql ENDLESS`` in its own process group, SIGINT at its default; the whole group is killed
    on the way out, whatever the test found, so that no query is left holding the store."""
    child = subprocess.Popen(
        [*CLI, "sparql", ENDLESS, "--store", str(store_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    try:
        yield child
    finally:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.communicate()


def _store_opens(store_path: Path) -> bool:
    try:
        with EmbeddedStore(store_path, reference=False):
            return True
    except StoreBusyError:
        return False


def _press_ctrl_c_after(child: subprocess.Popen, cpu_seconds: float) -> float:
    """Wait until the command's process group has used ``cpu_seconds`` of CPU (a point in its run however
    busy the machine is), then do what a terminal does on Ctrl-C: SIGINT to the whole group. The moment."""
    wait_until(
        lambda: child.poll() is not None or _group_cpu_seconds(child.pid) >= cpu_seconds,
        120,
        f"{cpu_seconds} s of CPU used",
    )
    assert child.poll() is None, child.communicate()
    pressed = time.monotonic()
    os.killpg(child.pid, signal.SIGINT)
    return pressed


@pytest.mark.slow
def test_ctrl_c_ends_any_query_within_a_second(store_path: Path) -> None:
    # the query is evaluating (it never ends on its own) once the command has used more CPU than its start-up
    # ever takes (~0.5 s here): waiting for that, not for a fixed time, keeps a slow machine from pressing
    # Ctrl-C while the command is still importing
    with _endless_query(store_path) as child:
        pressed = _press_ctrl_c_after(child, 2.0)
        _, err = child.communicate(timeout=30)
        assert time.monotonic() - pressed < 1.0
        assert child.returncode == 130 and "Ctrl-C" in err and "Traceback" not in err
        assert not _group(child.pid) and _store_opens(store_path)


@pytest.mark.slow
@pytest.mark.parametrize("cpu_seconds", [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0])
def test_ctrl_c_at_any_moment_ends_the_command_and_its_query_process(store_path: Path, cpu_seconds: float) -> None:
    """Ctrl-C while Python starts, while the store opens, as the query process is forked or once it evaluates:
    the command ends within a few seconds, nothing of it is left running, and the store opens again."""
    with _endless_query(store_path) as child:
        _press_ctrl_c_after(child, cpu_seconds)
        _, err = child.communicate(timeout=30)
        assert child.returncode in (130, -signal.SIGINT), err  # -2: Ctrl-C before kotacerdas's own handler
        wait_until(lambda: not _group(child.pid), 5, "every process of the command ended")
        assert _store_opens(store_path)


@pytest.mark.slow
def test_the_query_process_dies_with_its_parent_and_the_store_opens_again(store_path: Path) -> None:
    """``kill -9`` of the command (no Ctrl-C, no clean-up of its own): its query process goes at once instead
    of running on without a time limit and holding the store's lock (137 s past its limit, before)."""
    with _endless_query(store_path) as child:
        wait_until(
            lambda: any(parent == child.pid and cpu > 0.2 for cpu, parent in _group(child.pid).values()),
            120,
            "the query process evaluating",
        )
        (query,) = [pid for pid, (_, parent) in _group(child.pid).items() if parent == child.pid]
        os.kill(child.pid, signal.SIGKILL)
        killed = time.monotonic()
        wait_until(lambda: query not in _group(child.pid), 10, "the query process ended")
        gone = time.monotonic() - killed
        assert gone < 2.0, f"{gone:.2f} s"  # at once: every thread of it ends (a loaded machine delays them)
        assert _store_opens(store_path)


# ---- the library, for the web endpoint ---------------------------------------------------------------------


def test_library_bounds_in_a_child_process_open_their_own_store(store_path: Path) -> None:
    answer = bounded_answer(lambda: EmbeddedStore(store_path, reference=False), "ASK { ?s ?p ?o }")
    assert answer is True
    with pytest.raises(QueryTimeoutError):
        bounded_answer(
            lambda: EmbeddedStore(store_path, reference=False),
            ENDLESS,
            bounds=QueryBounds(timeout=1),
            isolation="process",
        )
    with pytest.raises(ZeroDivisionError):  # the task's own error comes back as it was
        run_bounded(lambda: 1 / 0, isolation="process")


def test_library_bounds_hold_in_a_thread_for_an_open_store() -> None:
    """A server holding an open store (the web endpoint to come) runs queries in a thread: the caller is
    freed at the time limit (the evaluation itself ends later, here after a few seconds), rows are capped."""
    store = EmbeddedStore.in_memory()
    load_files([resource_path("examples", "contoh-kota-bandung.csv")], store, agent="steward")
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        bounded_answer(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", bounds=QueryBounds(timeout=1))
    assert time.monotonic() - started < 1.5
    with pytest.raises(ResultTooLargeError):
        bounded_answer(store, CARTESIAN, bounds=QueryBounds(max_rows=10))
    answer = bounded_answer(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(answer.rows[0][0]) > 1000
