"""Hostile data and hostile clients against a real ``kotacerdas serve`` (issue 24, items 5 and 6).

- Stored IRIs with ``javascript:``, ``data:``, ``vbscript:`` and ``file:`` schemes, loaded through ``/validate``
  with one region's token, are shown as text, never as a link, on the program, agency, submission and region
  pages, in search, ``/void``, ``/catalog`` and the ontology page.
- Every response (pages, linked data, SPARQL results, static files, errors) carries the security headers.
- A file about another region's graph, loaded with a region token, is refused with 422 and its reason; a
  backslash in a path is a 404; the server's log has no traceback.
- Connections that never send a request are closed within the header deadline, the ones past the bound at once,
  while a normal GET answers.
- A ``kill -9`` during a check-and-load leaves its upload folder; the next ``serve`` removes it, and never a
  running process's folder nor a symbolic link.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kg.web.connections import HEADER_TIMEOUT_S, MAX_CONNECTIONS
from kg.web.load_access import region_token
from serve_helpers import ServerProcess, start_server, write_programs
from waiting import wait_until

pytestmark = pytest.mark.slow

TOKEN = "test-token-0123456789abcdef"
ID = "https://w3id.org/kotacerdas/id/"
PREFIXES = """@prefix kc: <https://w3id.org/kotacerdas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
#: IRIs a browser would run or open as a document of its own if they were links.
HOSTILE_IRIS = (
    "javascript:alert(1)",
    "JavaScript:alert(3)",
    "data:text/html,%3Cscript%3Ealert(2)%3C/script%3E",
    "vbscript:msgbox(5)",
    "file:///etc/passwd",
)


def submission(graph_region: str = "32.73") -> str:
    """Kota Bandung's 2025 submission in Turtle whose program and agency point at hostile IRIs (also as a
    property and a class, which ``/void`` lists); ``graph_region``: the submission (its graph and region) of
    another region, holding Bandung's program."""
    graph = f"{ID}submission/{graph_region}/2025"
    program = f"{ID}program/32.73/2025/X-1"
    agency = f"{ID}agency/32.73/diskominfo"
    return (
        PREFIXES
        + f"""
<{graph}> a kc:Submission ; dcterms:spatial <{ID}region/{graph_region}> ; kc:fiscalYear 2025 .
<{program}> a kc:Program, <data:text/html,%3Ch1%3Eclass%3C/h1%3E> ; dcterms:isPartOf <{graph}> ;
    kc:programId "X-1" ; kc:region <{ID}region/32.73> ; kc:fiscalYear 2025 ;
    rdfs:label "Program tautan"@id ; kc:agency <{agency}> ;
    kc:initiative kc:GOV-01 ; kc:budget "100000000"^^xsd:decimal ; kc:status kc:Ongoing ;
    schema:startDate "2025-01-01"^^xsd:date ; schema:endDate "2025-12-31"^^xsd:date ;
    kc:beneficiary kc:GeneralPublic ;
    rdfs:seeAlso <{HOSTILE_IRIS[0]}>, <{HOSTILE_IRIS[2]}> ; schema:url <{HOSTILE_IRIS[1]}> ;
    <javascript:alert(7)> "a property" .
<{agency}> a kc:Agency ; rdfs:label "Diskominfo"@id ; kc:region <{ID}region/32.73> ;
    owl:sameAs <{HOSTILE_IRIS[3]}> ; schema:url <{HOSTILE_IRIS[4]}>, <mailto:diskominfo@example.org> .
"""
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> ServerProcess:
    folder = tmp_path_factory.mktemp("web-guard")
    running = start_server(
        folder / "serve.log", "--store", str(folder / "store"), "--allow-load", env={"KOTACERDAS_UPDATE_TOKEN": TOKEN}
    )
    running.store = folder / "store"
    yield running
    assert running.stop() == 0


def _upload(server: ServerProcess, name: str, body: bytes, **fields: str) -> httpx.Response:
    return httpx.post(server.url + "validate", files={"file": (name, body)}, data=fields, timeout=120)


def _hrefs(html: str) -> list[str]:
    return re.findall(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", html, re.I)


def _scheme(target: str) -> str:
    found = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", target.replace("\t", "").replace("\n", ""))
    return found.group(1).lower() if found else ""


@pytest.fixture(scope="module")
def loaded(server) -> ServerProcess:
    answer = _upload(server, "bandung.ttl", submission().encode(), action="load", token=region_token(TOKEN, "32.73"))
    assert answer.status_code == 200 and "Dimuat: 32.73/2025" in answer.text, answer.text[-2000:]
    return server


@pytest.mark.parametrize(
    "path",
    [
        "id/program/32.73/2025/X-1",
        "id/agency/32.73/diskominfo",
        "id/submission/32.73/2025",
        "id/region/32.73",
        "void",
        "catalog",
        "search?q=tautan",
        "search?q=32.73",
        "ontology",
    ],
)
def test_stored_script_iris_are_text_not_links(loaded, path):
    page = httpx.get(loaded.url + path, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200
    schemes = {_scheme(target) for target in _hrefs(page.text)}
    assert schemes <= {"", "http", "https", "mailto"}, f"{path}: {schemes}"
    if path.startswith("id/program"):
        for iri in HOSTILE_IRIS[:3]:
            assert iri in page.text  # shown, as text
        assert "javascript:alert(7)" in page.text
    if path.startswith("id/agency"):
        assert HOSTILE_IRIS[3] in page.text and 'href="mailto:diskominfo@example.org"' in page.text
    if path == "void":
        assert "javascript:alert(7)" in page.text  # the property partition names it, as text


SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("GET", "", 200),
        ("GET", "sparql", 200),
        ("GET", "sparql?query=ASK%7B%7D", 200),
        ("GET", "sparql?query=SELEC", 400),
        ("GET", "id/region/32.73.ttl", 200),
        ("HEAD", "id/region/32.73", 200),
        ("GET", "static/site.css", 200),
        ("GET", "static/vendor/echarts/echarts.min.js", 200),
        ("GET", "static/nothing.js", 404),
        ("GET", "id/nothing", 404),
        ("GET", "void", 200),
        ("GET", "dumps/", 200),
        ("POST", "validate", 400),
        ("POST", "_local/ping", 403),
    ],
)
def test_security_headers_on_every_response(server, method, path, status):
    answer = httpx.request(method, server.url + path, headers={"Accept": "*/*"}, timeout=60)
    assert answer.status_code == status
    for name, value in SECURITY.items():
        assert answer.headers.get(name) == value, (path, name)
    policy = {
        part.split()[0]: part.split()[1:]
        for part in answer.headers["content-security-policy"].split(";")
        if part.strip()
    }
    assert policy["script-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]


def _raw_request(server: ServerProcess, target: bytes) -> bytes:
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_refused_input_is_a_4xx_with_one_line_and_no_traceback(loaded):
    # Surabaya's token, Surabaya's submission holding a program of Bandung: refused whole, with the reason
    foreign = submission(graph_region="35.78").encode()
    answer = _upload(loaded, "lain.ttl", foreign, action="load", token=region_token(TOKEN, "35.78"))
    assert answer.status_code == 422
    message = re.search(r'id="load-message">([^<]*)<', answer.text).group(1)
    assert message.startswith("Tidak dimuat: ") and "35.78" in message and "\n" not in message
    graph = httpx.get(
        loaded.url + "sparql",
        params={"query": f"ASK {{ GRAPH <{ID}submission/35.78/2025> {{ ?s ?p ?o }} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert graph.json()["boolean"] is False  # nothing was written
    for target in (b"/id/a\\b", b"/a\\b", b"/id/region/32.73\\..\\x", b"/id/%5C", b"/id/a<b>"):
        head = _raw_request(loaded, target).split(b"\r\n", 1)[0]
        assert head in (b"HTTP/1.1 404 Not Found", b"HTTP/1.1 400 Bad Request"), (target, head)
    log = loaded.log_text()
    assert "Traceback" not in log and "Exception in ASGI application" not in log


def _close_times(sockets: list[socket.socket], deadline: float, tick=None) -> dict[socket.socket, float]:
    """When the server closed each socket (monotonic), waiting at most until ``deadline``; ``tick()`` is called
    about twice a second meanwhile."""
    selector = selectors.DefaultSelector()
    for sock in sockets:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    closed: dict[socket.socket, float] = {}
    while len(closed) < len(sockets) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.5):
            try:
                data = key.fileobj.recv(4096)
            except (ConnectionResetError, BlockingIOError):
                data = b""
            if not data:
                closed[key.fileobj] = time.monotonic()
                selector.unregister(key.fileobj)
        if tick is not None:
            tick()
    selector.close()
    return closed


def test_stalled_connections_are_closed_while_a_get_answers(server):
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    count = MAX_CONNECTIONS + 100
    sockets = []
    try:
        opened = time.monotonic()
        for _ in range(count):
            sockets.append(socket.create_connection((host, int(port)), timeout=10))
        # one more that sends a header line now and then, never a whole request (a slow-headers client)
        slow = socket.create_connection((host, int(port)), timeout=10)
        slow.sendall(b"GET / HTTP/1.1\r\n")
        sockets.append(slow)
        started = time.monotonic()
        answer = httpx.get(server.url + "id/region/32.73.ttl", timeout=10)
        assert answer.status_code == 200 and time.monotonic() - started < 5
        last = [time.monotonic()]

        def trickle() -> None:
            if time.monotonic() - last[0] >= 1:
                last[0] = time.monotonic()
                try:
                    slow.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass

        closed = _close_times(sockets, opened + HEADER_TIMEOUT_S + 10, trickle)
        assert len(closed) == len(sockets), f"{len(closed)} of {len(sockets)} closed"
        early = sum(1 for moment in closed.values() if moment - opened < HEADER_TIMEOUT_S / 2)
        assert early >= len(sockets) - MAX_CONNECTIONS  # past the bound: closed at once
        assert max(closed.values()) - opened < HEADER_TIMEOUT_S + 5
        assert closed[slow] - opened > HEADER_TIMEOUT_S / 2  # the oldest stalled ones made room, not the newest
        again = httpx.get(server.url + "id/region/32.73.ttl", timeout=10)
        assert again.status_code == 200
    finally:
        for sock in sockets:
            sock.close()


def _uploads(folder: Path) -> set[str]:
    return {name for name in os.listdir(folder) if name.startswith("kc-upload-")}


def test_a_killed_check_and_load_leaves_no_upload_folder_after_restart(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {"KOTACERDAS_UPDATE_TOKEN": TOKEN, "TMPDIR": str(temporary)}
    store = tmp_path / "store"
    big = write_programs(tmp_path / "bandung-2025.csv", 3000)
    first = start_server(tmp_path / "serve1.log", "--store", str(store), "--allow-load", env=env)
    with big.open("rb") as handle:
        body = handle.read()

    def upload() -> None:
        try:
            httpx.post(
                first.url + "validate",
                files={"file": (big.name, body)},
                data={"action": "load", "token": TOKEN},
                timeout=120,
            )
        except httpx.HTTPError:
            pass  # the server is killed under it

    import threading

    sender = threading.Thread(target=upload)
    try:
        sender.start()
        wait_until(lambda: _uploads(temporary), 60, "the upload's folder appears while it is checked")
    finally:
        first.process.kill()
        first.process.wait(timeout=30)
        sender.join(timeout=60)
    leftover = _uploads(temporary)
    assert leftover, "kill -9 skips the finally"
    # beside it: a running process's upload folder, a symbolic link named like one, and one of the older form
    runner = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        running = temporary / f"kc-upload-{runner.pid}-running"
        running.mkdir()
        target = tmp_path / "not-an-upload"
        target.mkdir()
        (target / "kept.txt").write_text("kept", encoding="utf-8")
        link = temporary / "kc-upload-1-link"
        link.symlink_to(target)
        recent = temporary / "kc-upload-recent"
        recent.mkdir()
        old = temporary / "kc-upload-old"
        old.mkdir()
        two_hours_ago = time.time() - 7200
        os.utime(old, (two_hours_ago, two_hours_ago))
        second = start_server(tmp_path / "serve2.log", "--store", str(store), "--allow-load", env=env)
        try:
            assert second.stop(signal.SIGTERM) == 0
        finally:
            if second.process.poll() is None:
                second.process.kill()
        left = _uploads(temporary)
        assert not (leftover & left), "the killed server's folder is removed"
        assert "kc-upload-old" not in left
        assert {running.name, link.name, recent.name} <= left
        assert (target / "kept.txt").exists()
        assert "leftover upload folders removed" in second.log_text()
    finally:
        runner.stdin.close()
        runner.wait(timeout=30)
