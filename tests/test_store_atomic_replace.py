"""Replacing graphs in the embedded store is atomic: a failure or a kill -9 halfway leaves the previous version."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from kg.core.errors import InputError
from kg.store.embedded import EmbeddedStore

GRAPH = "https://example.org/graph/big"
OTHER = "https://example.org/graph/other"


def ntriples(count: int, tag: str) -> bytes:
    return "".join(f'<https://example.org/{tag}/{i}> <https://example.org/p> "{tag} {i}" .\n' for i in range(count)).encode()


def test_replacing_a_graph_swaps_its_content_and_leaves_others(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(10, "old"), OTHER: ntriples(3, "other")})
    before_other = {q for q in store.nquads() if OTHER in q}
    store.replace_graphs({GRAPH: ntriples(4, "new")})
    assert store.triple_count(GRAPH) == 4
    assert not any('"old ' in q for q in store.nquads())
    assert {q for q in store.nquads() if OTHER in q} == before_other


def test_a_failing_replacement_leaves_every_graph_as_before(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(10, "old"), OTHER: ntriples(3, "other")})
    before = store.nquads()
    with pytest.raises(InputError):
        store.replace_graphs({OTHER: ntriples(2, "new"), GRAPH: b"<not> <valid N-Triples"})
    assert store.nquads() == before


def test_delete_drops_named_graphs_in_the_same_step(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(5, "old"), OTHER: ntriples(3, "other")})
    store.replace_graphs({GRAPH: ntriples(2, "new")}, delete=[OTHER])
    assert OTHER not in store.graph_names()
    assert store.triple_count(GRAPH) == 2


_LOADER = textwrap.dedent(
    """
    import sys
    from kg.store.embedded import EmbeddedStore
    count = int(sys.argv[2])
    data = "".join(f'<https://example.org/new/{i}> <https://example.org/p> "new {i}" .\\n' for i in range(count)).encode()
    store = EmbeddedStore(sys.argv[1], reference=False)
    print("replacing", flush=True)
    store.replace_graphs({"%s": data})
    print("done", flush=True)
    """
    % GRAPH
)


def test_kill_9_in_the_middle_of_a_load_leaves_the_previous_graph_intact(tmp_path):
    path = tmp_path / "store"
    store = EmbeddedStore(path, reference=False)
    store.replace_graphs({GRAPH: ntriples(2000, "old"), OTHER: ntriples(10, "other")})
    before = store.nquads()
    store.close()
    del store

    script = tmp_path / "loader.py"
    script.write_text(_LOADER)
    process = subprocess.Popen(
        [sys.executable, str(script), str(path), "300000"], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout.readline().strip() == "replacing"
    time.sleep(1.5)  # the replacement of 300 000 triples takes several seconds: kill it halfway
    assert process.poll() is None, "the load finished before it could be killed; make it bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    reopened = EmbeddedStore(path, reference=False)
    after = reopened.nquads()
    assert after == before
    assert not any("https://example.org/new/" in quad for quad in after)
