"""A first load written with the bulk loader, killed with ``kill -9`` anywhere, leaves each graph absent (as
before) or complete with its record, once the store is opened again (issue 12: the national load).

An empty store (reference data only) loads file B (60 region-year submissions) in four batches, each written
by the bulk path (:data:`kg.store.embedded.BULK_BYTES` set to 0 in the child, and each write cut into parts
loaded side by side): marker, bulk write, commit. The
child is killed at every checkpoint (the load's own and the bulk write's ``pending``/``bulk-loaded``), then at
seeded random moments. After each kill, opening the store undoes an interrupted bulk write; every graph of B
is then absent with no record, or B's content with B's record; the marker graph is gone; and loading B brings
everything in, after which a second load finds it unchanged.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
import textwrap
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.loading.load import load_files
from kg.loading.provenance import loaded_records
from kg.store.content import summarise_ntriples
from kg.store.embedded import PENDING_GRAPH, EmbeddedStore
from kg.submissions.convert import convert_file
from kill_helpers import batch_triples_for, kill, start_child
from submission_helpers import generator as submission_generator
from waiting import let_run

pytestmark = pytest.mark.slow

STEPS = ["validated", "reference-data", "compared"] + [
    step for number in range(1, 5) for step in ("pending", "bulk-loaded", f"batch-{number}")
]
RANDOM_KILLS = 12
SEED = 20261202

CHILD = textwrap.dedent(
    """
    import sys
    import kg.store.embedded
    from kg.loading.load import load_files
    from kg.store.embedded import EmbeddedStore

    kg.store.embedded.BULK_BYTES = 0  # every batch takes the bulk path
    kg.store.embedded.BULK_PART_BYTES = 2_000  # in parts loaded side by side, as a large write is
    store_path, source, pause_at, batch_triples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    seen = 0

    def checkpoint(step):
        global seen
        seen += 1
        print(step, flush=True)
        if seen == pause_at:
            sys.stdin.readline()  # held here until the test kills this process

    store = EmbeddedStore(store_path, reference=False)
    store.checkpoint = checkpoint
    load_files([source], store, agent="killed", batch_triples=batch_triples, checkpoint=checkpoint)
    print("finished", flush=True)
    """
)


class Scene:
    """File B, an empty store, and B's content per submission."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.b = folder / "b.csv"
        rows, _ = submission_generator().generate_rows(60, defects=0, seed=2, years=[2024, 2025])
        submission_generator().write_rows(rows, self.b, "csv")
        self.sha = hashlib.sha256(self.b.read_bytes()).hexdigest()
        self.content = {
            item.iri: summarise_ntriples(item.ntriples) for item in convert_file(self.b).submissions.values()
        }
        self.iris = sorted(self.content)
        assert len(self.iris) == 60
        self.empty_store = folder / "empty-store"
        EmbeddedStore(self.empty_store).close()

    def fresh_copy(self, name: str) -> Path:
        target = self.folder / name
        shutil.copytree(self.empty_store, target)
        return target

    def check(self, path: Path) -> Counter:
        """Open the store (undoing an interrupted bulk write); assert every graph absent without a record or
        complete with B's record; how many of each."""
        store = EmbeddedStore(path, reference=False)
        try:
            assert not store.store.contains_named_graph(ox.NamedNode(PENDING_GRAPH))
            held = store.graph_summaries(self.iris)
            records = loaded_records(store)
            states: Counter = Counter()
            for iri in self.iris:
                if iri not in held:
                    assert iri not in records, f"{iri}: a record for a graph that is not there"
                    states["absent"] += 1
                    continue
                assert held[iri] == self.content[iri], f"{iri} is not B's content: {held[iri]}"
                record = records[iri]
                assert (record.sha256, record.content_digest, record.triples) == (
                    self.sha,
                    held[iri].digest,
                    held[iri].triples,
                ), f"{iri}: the record does not describe the graph"
                states["B"] += 1
            return states
        finally:
            store.close()

    def repair(self, path: Path) -> None:
        store = EmbeddedStore(path, reference=False)
        load_files([self.b], store, agent="repair")
        again = load_files([self.b], store, agent="repair")
        store.close()
        assert self.check(path) == Counter({"B": 60})
        assert again.loaded == [] and sorted(again.unchanged) == self.iris


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Scene:
    return Scene(tmp_path_factory.mktemp("bulk-kill"))


def _start(store: Path, source: Path, pause_at: int) -> subprocess.Popen:
    return start_child(CHILD, store, source, pause_at, batch_triples_for(source))  # four batches


def _read(child: subprocess.Popen, count: int) -> list[str]:
    seen = []
    while len(seen) < count:
        line = child.stdout.readline().strip()
        assert line, f"the load ended after {seen}: {child.stderr.read()}"
        seen.append(line)
    return seen


def test_the_child_writes_every_batch_through_the_bulk_path(scene: Scene) -> None:
    store = scene.fresh_copy("complete")
    child = _start(store, scene.b, pause_at=0)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert out.split() == [*STEPS, "done", "finished"]
    assert scene.check(store) == Counter({"B": 60})


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1), ids=lambda number: f"{number}-{STEPS[number - 1]}")
def test_kill_at_each_checkpoint_leaves_each_graph_absent_or_complete(scene: Scene, number: int) -> None:
    store = scene.fresh_copy(f"step-{number}")
    child = _start(store, scene.b, pause_at=number)
    seen = _read(child, number)
    kill(child)
    states = scene.check(store)
    committed = seen.count("batch-1") + seen.count("batch-2") + seen.count("batch-3") + seen.count("batch-4")
    assert states["absent"] + states["B"] == 60
    # a batch whose commit did not happen is undone as a whole; committed batches stay
    assert (states["B"] > 0) == (committed > 0)
    if seen[-1] in ("pending", "bulk-loaded"):
        assert states["absent"] > 0
    scene.repair(store)


def test_kill_at_random_moments_leaves_each_graph_absent_or_complete(scene: Scene) -> None:
    timing = scene.fresh_copy("timing")
    child = _start(timing, scene.b, pause_at=0)
    _read(child, 1)
    started = time.monotonic()
    child.communicate(timeout=120)
    writes = time.monotonic() - started

    rng = random.Random(SEED)
    landed: Counter = Counter()
    for run in range(RANDOM_KILLS):
        store = scene.fresh_copy(f"random-{run}")
        child = _start(store, scene.b, pause_at=0)
        _read(child, 1)
        let_run(child, rng.uniform(0, writes))  # the random moment (sooner if it ends)
        steps = kill(child, may_have_finished=True)
        states = scene.check(store)
        landed["finished" if "finished" in steps else f"after {(['validated'] + steps)[-1]}"] += 1
        assert states["absent"] + states["B"] == 60
        scene.repair(store)
    print(f"random kills (seed {SEED}, writes {writes:.2f} s): {dict(sorted(landed.items()))}")


def test_a_served_store_never_bulk_loads() -> None:
    from kg.web.dataset import EmbeddedDataset

    store = EmbeddedStore.in_memory(reference=False)
    EmbeddedDataset.from_store(store)
    assert store.bulk_writes is False


def test_a_bulk_write_that_fails_takes_its_graphs_out_again(tmp_path: Path, monkeypatch) -> None:
    import kg.store.embedded
    from kg.core.errors import InputError

    monkeypatch.setattr(kg.store.embedded, "BULK_BYTES", 0)
    store = EmbeddedStore(tmp_path / "store", reference=False)
    good = b'<https://example.org/s> <https://example.org/p> "1" .\n' * 3
    bad = b"<https://example.org/s> <https://example.org/p> not-a-term .\n"
    with pytest.raises(InputError):
        store.replace_graphs({"https://example.org/g1": good, "https://example.org/g2": bad})
    assert store.graph_names() == set()
    assert not store.store.contains_named_graph(ox.NamedNode(PENDING_GRAPH))
    store.replace_graphs({"https://example.org/g1": good})
    assert store.graph_names() == {"https://example.org/g1"}
    store.close()


def test_a_first_load_takes_larger_bulk_steps_and_a_served_store_the_usual_ones(scene: Scene, monkeypatch) -> None:
    """New graphs bulk-loaded go in steps of the store's ``bulk_batch_triples`` (fewer merges into a large
    store); a store that never bulk-loads (under ``serve``) takes the loader's own steps."""
    import kg.loading.load
    import kg.store.embedded

    monkeypatch.setattr(kg.store.embedded, "BULK_BYTES", 0)
    monkeypatch.setattr(kg.store.embedded, "BULK_BATCH_TRIPLES", 2 * batch_triples_for(scene.b))
    monkeypatch.setattr(kg.loading.load, "BATCH_TRIPLES", batch_triples_for(scene.b))
    monkeypatch.setattr(kg.loading.load, "LARGE_STORE_TRIPLES", 0)  # as into a large store: the full bulk step
    store = EmbeddedStore(scene.fresh_copy("bulk-steps"), reference=False)
    try:
        steps: list[str] = []
        first = load_files([scene.b], store, agent="steward", checkpoint=steps.append)
        assert [step for step in steps if step.startswith("batch-")] == ["batch-1", "batch-2"]
        assert len(first.loaded) == 60
        served = EmbeddedStore(scene.fresh_copy("served-steps"), reference=False)
        served.bulk_writes = False  # as under serve: no bulk writes, the usual steps
        steps.clear()
        load_files([scene.b], served, agent="steward", checkpoint=steps.append)
        served.close()
        assert [step for step in steps if step.startswith("batch-")] == [f"batch-{n}" for n in range(1, 5)]
    finally:
        store.close()
    assert scene.check(store.path) == Counter({"B": 60})


def test_a_large_load_ends_by_compacting_the_store_and_a_small_one_does_not(scene: Scene, monkeypatch) -> None:
    """A load writing at least OPTIMIZE_TRIPLES, and a quarter of what the store held, compacts the store once
    its last step is committed (reads afterwards are faster); the same data then reloads unchanged."""
    import kg.loading.load

    store = EmbeddedStore(scene.fresh_copy("optimized"), reference=False)
    compacted: list[bool] = []
    real = store.optimize
    monkeypatch.setattr(store, "optimize", lambda: (compacted.append(True), real())[1])
    try:
        monkeypatch.setattr(kg.loading.load, "OPTIMIZE_TRIPLES", 10**9)
        small = EmbeddedStore(scene.fresh_copy("not-optimized"), reference=False)
        monkeypatch.setattr(small, "optimize", lambda: compacted.append(False))
        load_files([scene.b], small, agent="steward")
        small.close()
        assert compacted == []
        monkeypatch.setattr(kg.loading.load, "OPTIMIZE_TRIPLES", 1)
        stages: list[str] = []
        load_files([scene.b], store, agent="steward", progress=lambda stage, done, total: stages.append(stage))
        assert compacted == [True] and stages[-2:] == ["optimize", "optimize"]
        assert load_files([scene.b], store, agent="steward").loaded == []
    finally:
        store.close()
    assert scene.check(store.path) == Counter({"B": 60})
