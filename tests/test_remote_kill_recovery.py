"""On a SPARQL server too, a load killed at any step boundary leaves each graph old or new with its record
describing it, and a reload repairs the rest (issue 7, item 2).

The server holds file A (16 region-year submissions); a child process loads file B in batches, through the
Graph Store route on Oxigraph and the Update route on Virtuoso, and stops at a step boundary (the load's
``checkpoint`` hook) until the test kills it. Each batch's graphs move into place in one final request that
also replaces their provenance records, so after the kill every graph is A's or B's and its record says which.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from rdflib import Graph, URIRef

from kg.loading.load import load_files
from kg.loading.provenance import loaded_records
from kg.store.content import summarise_ntriples
from kg.submissions.convert import convert_file
from remote_servers import clear_project_graphs, comparable, require
from submission_helpers import generator as submission_generator

pytestmark = pytest.mark.remote
BATCH_TRIPLES = 150
#: Before any write, between batches, after the last (every boundary of a load is killed on the embedded store,
#: tests/test_load_kill_recovery.py; these are the ones that differ on a server).
STEPS = ["compared", "batch-1", "done"]
ROUTES = [("oxigraph", "gsp"), ("virtuoso", "update")]

CHILD = textwrap.dedent(
    f"""
    import sys
    from kg.loading.load import load_files
    from kg.store.remote import RemoteStore

    query, update, gsp, user, password, source, pause_at = sys.argv[1:8]

    def checkpoint(step):
        print(step, flush=True)
        if step == pause_at:
            sys.stdin.readline()  # held here until the test kills this process

    store = RemoteStore(query, update_endpoint=update, gsp_endpoint=gsp or None, user=user or None,
                        password=password or None)
    load_files([source], store, agent="killed", batch_triples={BATCH_TRIPLES}, checkpoint=checkpoint)
    print("finished", flush=True)
    """
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    generator = submission_generator()
    folder = tmp_path_factory.mktemp("remote-kill")
    paths = {}
    for version, seed in (("A", 1), ("B", 2)):
        rows, _ = generator.generate_rows(16, defects=0, seed=seed, years=[2024, 2025])
        paths[version] = folder / f"{version.lower()}.csv"
        generator.write_rows(rows, paths[version], "csv")
    content = {}
    for version, path in paths.items():
        content[version] = {}
        for item in convert_file(path).submissions.values():
            graph = Graph().parse(data=item.ntriples.decode(), format="nt")
            content[version][item.iri] = (
                {(str(s), str(p), comparable(o)) for s, p, o in graph},
                summarise_ntriples(item.ntriples),
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return paths, content


def held(store, iri: str) -> set:
    rows = store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(iri)}).rows
    return {(str(s), str(p), comparable(o)) for s, p, o in rows}


def check(store, content) -> dict[str, int]:
    records = loaded_records(store)
    versions = {"A": 0, "B": 0}
    for iri in content["A"]:
        triples = held(store, iri)
        version = next((v for v in ("A", "B") if triples == content[v][iri][0]), None)
        assert version is not None, f"{iri} is neither A's nor B's content"
        _, summary, sha = content[version][iri]
        record = records[iri]
        assert (record.sha256, record.content_digest, record.triples) == (sha, summary.digest, summary.triples), iri
        versions[version] += 1
    return versions


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[f"{n}-{r}" for n, r in ROUTES])
@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_step_boundary_on_a_server(files, name, route, step) -> None:
    paths, content = files
    server = require(name)
    store = server.store(route)
    clear_project_graphs(store)
    load_files([paths["A"]], store, agent="first")
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            server.query,
            server.update,
            server.gsp if route == "gsp" else "",
            server.user or "",
            server.password or "",
            str(paths["B"]),
            step,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    while not seen or seen[-1] != step:
        line = child.stdout.readline().strip()
        assert line, f"the load ended before {step}: {seen} {child.stderr.read()}"
        seen.append(line)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    try:
        versions = check(store, content)
        if step == "compared":
            assert versions == {"A": 16, "B": 0}
        elif step == "done":
            assert versions == {"A": 0, "B": 16}
        else:
            assert 0 < versions["B"] < 16
        outcome = load_files([paths["B"]], store, agent="repair")
        again = load_files([paths["B"]], store, agent="repair")
        assert check(store, content) == {"A": 0, "B": 16}
        assert len(outcome.loaded) == versions["A"] and again.loaded == [] and len(again.unchanged) == 16
    finally:
        clear_project_graphs(store)
        store.close()
