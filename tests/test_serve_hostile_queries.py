"""No anonymous request takes ``kotacerdas serve`` down (issue 24): queries checked before evaluation, evaluated
in killable worker processes with time, memory and answer bounds, a fair share for pages, the query's own
dataset honoured, uploads validated apart. Every test talks to a real ``serve`` process on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import httpx
import pytest

from kg.store.bounded import resident_mb
from processes import children
from serve_helpers import ServerProcess, example_files, kotacerdas, start_server, write_programs
from waiting import wait_until

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER (?a != <urn:x:{0}>) }}"
CARTESIAN_SORT = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


@pytest.fixture(scope="module")
def store(example_store) -> Path:
    return example_store  # tests/conftest.py: the examples loaded by `load`, this module's own copy


@pytest.fixture(scope="module")
def server(store, tmp_path_factory) -> ServerProcess:
    log = tmp_path_factory.mktemp("hostile-log") / "serve.log"
    running = start_server(
        log,
        "--store",
        str(store),
        "--timeout",
        "3",
        "--workers",
        "2",
        "--client-queries",
        "8",
        "--query-memory",
        "200",
        "--max-answer-bytes",
        "2000000",
        "--quiet",
    )
    running.store = store
    try:
        yield running
    finally:
        running.stop()
        if running.process.poll() is None:
            running.process.kill()
    assert "Traceback" not in running.log_text()


def _own_store(folder: Path) -> Path:
    """A store of one example submission, for a server of a test's own."""
    loaded = kotacerdas("load", str(example_files()[0]), "--store", str(folder / "store"))
    assert loaded.returncode == 0, loaded.stderr
    return folder / "store"


def _get(server: ServerProcess, query: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + "sparql", params={"query": query}, headers=headers, timeout=60)


def _workers(server: ServerProcess) -> list[int]:
    """The query worker processes of the server (its children running kg.store.query_workers)."""
    return children(server.process.pid, b"kg.store.query_workers")


# ---- checked before evaluation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000, "more than 100 deep"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }", "more than 100 deep"),
        (
            "SELECT * WHERE { " + " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(10_000)) + " }",
            "more than 2000 patterns",
        ),
    ],
    ids=["braces-3000", "parentheses-6000", "flat-10000"],
)
def test_queries_that_crashed_the_server_get_400_and_it_lives_on(server, query, said):
    answer = httpx.post(server.url + "sparql", data={"query": query}, timeout=60)
    assert answer.status_code == 400 and said in answer.text
    assert server.process.poll() is None
    assert _get(server, "ASK { ?s ?p ?o }").status_code == 200


def test_the_same_refusals_on_the_command_line_and_the_endpoint(server):
    """One guard (kg.store.guard.check_query) for `kotacerdas sparql` and /sparql."""
    hostile = {
        "deep": "SELECT * WHERE " + "{ " * 500 + "?s ?p ?o" + " }" * 500,
        "service": r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    }
    for name, query in hostile.items():
        cli = kotacerdas("sparql", query, "--store", str(server.store) + "-missing")
        web = _get(server, query)
        assert cli.returncode == 2, name
        assert web.status_code in (400, 403), name
        word = "deep" if name == "deep" else "SERVICE"
        assert word in cli.stderr and word in web.text, name


# ---- evaluated where a bound really ends it -----------------------------------------------------------------------


def test_a_cartesian_sort_is_stopped_at_the_memory_cap_and_the_server_stays_small(server):
    before = resident_mb(server.process.pid)
    answer = _get(server, CARTESIAN_SORT)
    assert answer.status_code == 503 and "200 MB" in answer.text
    assert answer.headers.get("retry-after")
    after = resident_mb(server.process.pid)
    assert before is not None and after is not None and after - before < 100  # the worker grew, not the server
    assert _get(server, "ASK { ?s ?p ?o }").status_code == 200


def test_an_answer_over_the_byte_bound_is_refused_whole(server):
    long_text = "SELECT (CONCAT(" + ", ".join(["STR(?s)"] * 200) + ") AS ?t) WHERE { ?s ?p ?o }"
    answer = _get(server, long_text)
    assert answer.status_code == 413 and "2,000,000 bytes" in answer.text


@pytest.mark.slow
def test_endless_queries_free_their_workers_and_pages_answer_meanwhile(tmp_path):
    """Four different never-ending COUNTs on a server of two workers: two take the workers, two are told to come
    back (503, no free worker, Retry-After); while the two still run, the home page and a region answer; then
    the two end in 503 at the time limit, their workers are replaced and queries run again."""
    running = start_server(
        tmp_path / "serve.log",
        "--store",
        str(_own_store(tmp_path)),
        "--timeout",
        "20",
        "--workers",
        "2",
        "--client-queries",
        "8",
        "--quiet",
    )
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def endless(number: int) -> None:
        answer = _get(running, ENDLESS.format(number))
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=endless, args=(number,)) for number in range(4)]
    try:
        for thread in threads:
            thread.start()
        wait_until(lambda: len(answers) >= 2, 60, "two answers")  # the two without a worker, after their wait
        with lock:
            busy = list(answers)
        home = httpx.get(running.url, headers={"Accept": "text/html"}, timeout=30)
        region = httpx.get(running.url + "id/region/32.73", headers={"Accept": "text/turtle"}, timeout=30)
        with lock:
            still_running = len(answers) == 2
    finally:
        for thread in threads:
            thread.join(90)
        running.stop()
    assert [answer.status_code for answer in busy] == [503, 503]
    assert all("busy" in answer.text and answer.headers.get("retry-after") for answer in busy)
    assert home.status_code == 200 and region.status_code == 200
    assert still_running  # the pages answered while both workers were evaluating
    assert [answer.status_code for answer in answers] == [503] * 4
    assert all(answer.headers.get("retry-after") for answer in answers)
    assert "time limit of 20 s" in answers[-1].text
    assert "Traceback" not in running.log_text()


def test_workers_are_replaced_after_a_kill(server):
    """The module's server after the queries above stopped at its bounds: as many workers as it started with,
    and they answer."""
    wait_until(lambda: len(_workers(server)) == 2, 30, "two query workers")
    assert _get(server, "ASK { ?s ?p ?o }").status_code == 200


@pytest.mark.slow
def test_one_client_holds_at_most_its_share(tmp_path):
    """Two never-ending queries from one client at once, with a share of one: whichever the server takes first
    runs to its time limit (503), the other is refused at once (429 with Retry-After). Both are sent together, so
    which one wins is left open; that one of them is refused is not."""
    running = start_server(
        tmp_path / "serve.log",
        "--store",
        str(_own_store(tmp_path)),
        "--timeout",
        "6",
        "--workers",
        "2",
        "--client-queries",
        "1",
        "--quiet",
    )
    try:
        wait_until(lambda: len(_workers(running)) == 2, 30, "two query workers")
        together = threading.Barrier(2)
        answers: dict[str, httpx.Response] = {}

        def ask(name: str) -> None:
            together.wait()
            answers[name] = _get(running, ENDLESS.format(name))

        threads = [threading.Thread(target=ask, args=(name,)) for name in ("one", "two")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        codes = sorted(answer.status_code for answer in answers.values())
        assert codes == [429, 503], codes
        refused = next(answer for answer in answers.values() if answer.status_code == 429)
        assert refused.headers.get("retry-after")
        # the same query from many connections is made once and shared: no 429 for what is in the cache
        cheap = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kotacerdas/ontology#Initiative> }"
        with httpx.Client(timeout=30) as client:
            codes = [client.get(running.url + "sparql", params={"query": cheap}).status_code for _ in range(5)]
        assert codes == [200] * 5
    finally:
        running.stop()


@pytest.mark.slow
def test_a_killed_server_leaves_no_worker_behind(tmp_path):
    store = _own_store(tmp_path)
    running = start_server(tmp_path / "serve.log", "--store", str(store), "--workers", "2", "--quiet")
    try:
        wait_until(lambda: len(_workers(running)) == 2, 30, "two query workers")
        workers = _workers(running)
    finally:
        running.process.kill()
        running.process.wait(10)
    wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 10, "the workers ended")
    # and the store opens again at once for a command
    assert kotacerdas("query", "coverage", "--store", str(store)).returncode == 0


# ---- the query's own dataset ----------------------------------------------------------------------------------------


def test_from_and_the_protocols_dataset_are_honoured(server):
    def count(query: str, **params) -> int:
        answer = httpx.get(
            server.url + "sparql",
            params={"query": query, **params},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    every = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert every > 1000
    assert count("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }") == 0
    assert count("SELECT (COUNT(*) AS ?n) FROM NAMED <urn:nothing> WHERE { ?s ?p ?o }") == 0
    graph = "https://w3id.org/kotacerdas/graph/regions"
    in_graph = count(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert 0 < in_graph < every
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": graph}) == in_graph
    # the protocol's dataset wins over the query's own (SPARQL 1.1 Protocol 2.1.4)
    assert (
        count("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }", **{"default-graph-uri": graph})
        == in_graph
    )


@pytest.mark.slow
def test_the_command_line_honours_from_too(tmp_path):
    store = _own_store(tmp_path)

    def count(query: str) -> int:
        done = kotacerdas("sparql", query, "--format", "json", "--store", str(store))
        assert done.returncode == 0, done.stderr
        return int(json.loads(done.stdout)[0]["n"])

    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") > 1000
    assert count("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }") == 0


# ---- a page whose bound is hit ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_page_past_its_time_limit_is_an_error_page_never_a_500(tmp_path):
    running = start_server(
        tmp_path / "serve.log", "--store", str(_own_store(tmp_path)), "--timeout", "0.000001", "--quiet"
    )
    try:
        home = httpx.get(running.url, headers={"Accept": "text/html"}, timeout=30)
        assert home.status_code == 503 and "<html" in home.text and home.headers.get("retry-after")
    finally:
        running.stop()
    assert "Traceback" not in running.log_text()


# ---- uploads bounded by work ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_upload_with_thousands_of_results_shows_the_first_ones_and_the_server_stays_small(server, tmp_path):
    path = write_programs(tmp_path / "banyak.csv", 3000)
    text = path.read_text(encoding="utf-8").replace(",selesai,", ",jalan,")  # one violation per row
    path.write_text(text, encoding="utf-8")
    before = resident_mb(server.process.pid)
    with path.open("rb") as handle:
        answer = httpx.post(server.url + "validate", files={"file": (path.name, handle)}, timeout=300)
    assert answer.status_code == 200
    assert 'id="shown-note"' in answer.text and "500" in answer.text
    assert answer.text.count('class="result') <= 500
    assert len(answer.content) < 2_000_000
    after = resident_mb(server.process.pid)
    assert before is not None and after is not None and after - before < 100
    with path.open("rb") as handle:
        report = httpx.post(
            server.url + "validate", files={"file": (path.name, handle)}, data={"format": "json"}, timeout=300
        )
    assert report.status_code == 200 and report.json()["results"] and len(report.json()["results"]) >= 3000


@pytest.mark.slow
def test_an_upload_past_its_memory_bound_is_stopped_with_one_line(tmp_path):
    running = start_server(
        tmp_path / "serve.log", "--store", str(_own_store(tmp_path)), "--quiet", "--upload-memory", "64"
    )
    try:
        path = write_programs(tmp_path / "besar.csv", 2000)
        with path.open("rb") as handle:
            answer = httpx.post(running.url + "validate", files={"file": (path.name, handle)}, timeout=300)
        assert answer.status_code == 422 and "64 MB" in answer.text
    finally:
        running.stop()


@pytest.mark.slow
def test_uploads_beyond_the_slots_are_told_to_come_back(tmp_path):
    from kg.web.upload_checks import UploadChecks, UploadsBusyError

    checks = UploadChecks(1, memory_mb=1024, timeout_s=120)
    files = [write_programs(tmp_path / f"p{number}.csv", 200, prefix=f"Q{number}") for number in range(2)]
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()

    async def both():
        first = asyncio.ensure_future(checks.check([files[0]], "en", folders[0]))
        await asyncio.sleep(0)  # the first has taken the one slot
        with pytest.raises(UploadsBusyError):
            await checks.check([files[1]], "en", folders[1])
        return await first

    checked = asyncio.run(both())
    assert checked.total >= 0 and checked.report("json").exists()
