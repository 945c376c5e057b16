"""A throw-away Virtuoso server bulk-loaded from one N-Quads file, for the benchmarks (not for the tests: those
use ``.ci/servers.sh``).

    with bulk_loaded(Path("national.nq"), Path("/tmp/vt")) as server:
        store = RemoteStore(server["endpoint"])   # the canned queries over HTTP, as ``--endpoint`` users ask them

Virtuoso Open Source 7 from Debian (``apt-get install virtuoso-opensource``), started from a copy of
``.ci/virtuoso.ini`` on free loopback ports, with the page cache the stock ini advises for a machine with 8 GB
(``NumberOfBuffers`` 680,000, ``MaxDirtyBuffers`` 500,000: what ``docs/scale-out.md`` tells a national server to
set). The file is loaded with Virtuoso's own bulk loader (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``: the
way its documentation loads large data sets; the graph of each quad is kept), the file cut into one part per
core and one loader for each, side by side.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def available() -> bool:
    """Whether Debian's Virtuoso (``virtuoso-t`` and ``isql-vt``) is installed."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(endpoint: str) -> bool:
    url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _isql_command(port: int, statements: str) -> list[str]:
    """``isql-vt`` running ``statements`` as ``dba`` on the server's SQL port."""
    return ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statements}"]


def _isql(port: int, statements: str, log: Path) -> None:
    with log.open("a", encoding="utf-8") as handle:
        done = subprocess.run(_isql_command(port, statements), stdout=handle, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"isql-vt failed: {statements[:80]}… (log: {log})")


def _split(dump: Path, folder: Path, parts: int) -> None:
    """``dump`` cut at line ends into ``parts`` files ``part-N.nq`` in ``folder``."""
    size = dump.stat().st_size
    with dump.open("rb") as source:
        for number in range(parts):
            with (folder / f"part-{number}.nq").open("wb") as target:
                written = 0
                while written < size // parts or number == parts - 1:
                    block = source.read(1 << 20)
                    if not block:
                        break
                    target.write(block)
                    written += len(block)
                target.write(source.readline())  # up to the end of the line the last block cut


def _number(port: int, statement: str) -> int:
    """The one number a SQL statement answers, through ``isql-vt``."""
    done = subprocess.run(_isql_command(port, statement), capture_output=True, text=True, check=True)
    return [int(line) for line in (text.strip() for text in done.stdout.splitlines()) if line.isdigit()][-1]


def _settings(folder: Path, sql_port: int, http_port: int, buffers: int) -> str:
    text = (ROOT / ".ci" / "virtuoso.ini").read_text(encoding="utf-8")
    replaced = {
        "ServerPort               = 127.0.0.1:1111": f"ServerPort               = 127.0.0.1:{sql_port}",
        "ServerPort                  = 127.0.0.1:8890": f"ServerPort                  = 127.0.0.1:{http_port}",
        "DirsAllowed              = .,": f"DirsAllowed              = ., {folder},",
        "NumberOfBuffers          = 20000": f"NumberOfBuffers          = {buffers}",
        "MaxDirtyBuffers          = 15000": f"MaxDirtyBuffers          = {buffers * 500 // 680}",  # the stock ratio
    }
    for old, new in replaced.items():
        if old not in text:
            raise SystemExit(f".ci/virtuoso.ini no longer holds {old!r}: update benchmarks/virtuoso_server.py")
        text = text.replace(old, new)
    return text


@contextmanager
def bulk_loaded(dump: Path, folder: Path, buffers: int = 680_000) -> Iterator[dict]:
    """A running Virtuoso holding ``dump`` (N-Quads); yields its ``endpoint``, ``load_s`` (bulk load and
    checkpoint), ``loaders``, ``retries`` (rounds of files loaded again after a collision), ``quads`` (in the
    project's graphs, counted by Virtuoso) and ``db_mb`` (its database file); stopped afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    data.mkdir(exist_ok=True)
    loaders = max(1, min(os.cpu_count() or 1, 4))
    _split(dump, data, loaders)  # one file per loader: the bulk loader gives each loader whole files
    sql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(_settings(data, sql_port, http_port, buffers), encoding="utf-8")
    log = folder / "setup.log"
    with (folder / "server.log").open("wb") as server_log:
        server = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
            cwd=folder,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + 180
        while not _answers(endpoint):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Virtuoso did not start (log: {folder / 'server.log'})")
            time.sleep(0.5)
        start = time.perf_counter()
        _isql(sql_port, f"ld_dir('{data}', '*.nq', 'urn:kotacerdas:bulk-load');", log)
        running = [
            subprocess.Popen(
                _isql_command(sql_port, "rdf_loader_run();"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(loaders)
        ]
        if [loader.wait() for loader in running] != [0] * loaders:
            raise SystemExit(f"Virtuoso's rdf_loader_run failed (log: {folder / 'virtuoso.log'})")
        # Loaders side by side on a new database collide now and then on Virtuoso's own dictionaries ("40001
        # Transaction deadlock", "SR197: Non unique primary key on DB.DBA.RDF_LANGUAGE"; seen in 5 of 6 small
        # loads): such a file is loaded again by one loader (quads are a set: what it wrote is not doubled)
        retried = 0
        failed = "SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"
        while retried < 3 and _number(sql_port, failed):
            retried += 1
            _isql(
                sql_port,
                "UPDATE DB.DBA.load_list SET ll_state = 0, ll_error = NULL WHERE ll_error IS NOT NULL; "
                "rdf_loader_run();",
                log,
            )
        _isql(sql_port, "checkpoint;", log)
        load_s = time.perf_counter() - start
        if _number(sql_port, failed):
            errors = subprocess.run(
                _isql_command(sql_port, "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"),
                capture_output=True,
                text=True,
            ).stdout
            raise SystemExit(f"Virtuoso's bulk loader reported an error:\n{errors[-3000:]}")
        quads = _number(
            sql_port,
            "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/kotacerdas/')) };",
        )
        yield {
            "endpoint": endpoint,
            "load_s": load_s,
            "quads": quads,
            "db_mb": (folder / "virtuoso.db").stat().st_size / 1e6,
            "buffers": buffers,
            "loaders": loaders,
            "retries": retried,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
