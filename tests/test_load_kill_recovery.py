"""A load killed with ``kill -9`` at any point leaves each graph exactly old or new, its provenance record
describing it, and a reload repairs whatever was left (issue 7, item 2).

A store holds file A (60 region-year submissions) and a stale ontology graph. A child process loads file B
(the same submissions, other programs) in batches, so that the load has many steps; it is killed:

- at every boundary between steps, through the load's ``checkpoint`` hook: the child stops there and waits
  on its standard input until the test kills it (no sleep decides where it dies);
- then at 20 random moments (seeded) drawn over the time its writes take, which land inside pyoxigraph's
  transactions as often as between them.

After each kill: every submission graph is A's or B's content exactly, its record (file checksum, content
digest, triple count) says which, the ontology graph matches its recorded checksum; then ``load B`` in the
test brings every graph to B with matching records, and loading B once more finds everything unchanged.
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

import pytest

from kg.core.namespaces import META_GRAPH, ONTOLOGY_GRAPH
from kg.loading.load import _batches, load_files
from kg.loading.provenance import loaded_records
from kg.store.content import summarise_ntriples
from kg.store.embedded import EmbeddedStore
from kg.store.reference import checksum_changes, files_digest, reference_digests, reference_files
from kg.submissions.convert import convert_file
from kill_helpers import batch_triples_for, kill, start_child
from submission_helpers import generator as submission_generator
from waiting import let_run

pytestmark = pytest.mark.slow

#: The load of B writes its 60 submissions in four batches (the size in triples: ``batch_triples_for``).
STEPS = ["validated", "reference-data", "compared", "batch-1", "batch-2", "batch-3", "batch-4", "done"]
RANDOM_KILLS = 20
SEED = 20250707
STALE = "0" * 64

CHILD = textwrap.dedent(
    """
    import sys
    from kg.loading.load import _batches, load_files
    from kg.store.embedded import EmbeddedStore

    store_path, source, pause_at, batch_triples = sys.argv[1:5]

    def checkpoint(step):
        print(step, flush=True)
        if step == pause_at:
            sys.stdin.readline()  # held here until the test kills this process

    store = EmbeddedStore(store_path, reference=False)
    load_files([source], store, agent="killed", batch_triples=int(batch_triples), checkpoint=checkpoint)
    print("finished", flush=True)
    """
)


class Scene:
    """Files A and B, the store holding A, and what every graph may hold."""

    def __init__(self, folder: Path) -> None:
        generator = submission_generator()
        self.folder = folder
        self.a, self.b = folder / "a.csv", folder / "b.csv"
        for path, seed in ((self.a, 1), (self.b, 2)):
            rows, _ = generator.generate_rows(60, defects=0, seed=seed, years=[2024, 2025])
            generator.write_rows(rows, path, "csv")
        self.sha = {
            "A": hashlib.sha256(self.a.read_bytes()).hexdigest(),
            "B": hashlib.sha256(self.b.read_bytes()).hexdigest(),
        }
        self.content = {
            version: {item.iri: summarise_ntriples(item.ntriples) for item in convert_file(path).submissions.values()}
            for version, path in (("A", self.a), ("B", self.b))
        }
        self.iris = sorted(self.content["A"])
        assert self.iris == sorted(self.content["B"]) and len(self.iris) == 60
        assert all(self.content["A"][iri] != self.content["B"][iri] for iri in self.iris)
        # How many submissions each batch of the load of B holds (the load's own batching, in its order).
        ordered = sorted(convert_file(self.b).submissions.items(), key=lambda item: str(item[0]))
        pending = [(item.iri, b"", self.content["B"][item.iri].triples) for _, item in ordered]
        self.batch_sizes = [len(batch) for batch in _batches(pending, batch_triples_for(self.b))]
        assert len(self.batch_sizes) == 4

        self.old_store = folder / "old-store"
        store = EmbeddedStore(self.old_store)
        assert len(load_files([self.a], store, agent="first").loaded) == 60
        # A stale ontology graph with a stale checksum: the load under test replaces both, in one step.
        full = store.graph_summaries([str(ONTOLOGY_GRAPH)])[str(ONTOLOGY_GRAPH)]
        lines = b"".join(line + b"\n" for line in _ontology_ntriples(store).splitlines()[: full.triples // 2])
        forget, remember = checksum_changes({str(ONTOLOGY_GRAPH): STALE})
        store.replace_graphs({str(ONTOLOGY_GRAPH): lines}, with_update=forget, with_triples={str(META_GRAPH): remember})
        self.ontology = {"stale": summarise_ntriples(lines), "current": full}
        self.ontology_digest = files_digest([path for path in reference_files()[str(ONTOLOGY_GRAPH)] if path.is_file()])
        store.close()

    def fresh_copy(self, name: str) -> Path:
        target = self.folder / name
        shutil.copytree(self.old_store, target)
        return target

    def check(self, path: Path) -> Counter:
        """Assert that every graph is old or new and agrees with its record; how many of each."""
        store = EmbeddedStore(path, reference=False)
        try:
            held = store.graph_summaries(self.iris)
            records = loaded_records(store)
            versions: Counter = Counter()
            for iri in self.iris:
                version = next((v for v in ("A", "B") if held.get(iri) == self.content[v][iri]), None)
                assert version is not None, f"{iri} is neither A's nor B's content: {held.get(iri)}"
                record = records[iri]
                assert (record.sha256, record.content_digest, record.triples) == (
                    self.sha[version],
                    held[iri].digest,
                    held[iri].triples,
                ), f"{iri}: the record does not describe the graph"
                versions[version] += 1
            ontology = store.graph_summaries([str(ONTOLOGY_GRAPH)])[str(ONTOLOGY_GRAPH)]
            recorded = reference_digests(store)[str(ONTOLOGY_GRAPH)]
            if ontology == self.ontology["stale"]:
                assert recorded == STALE
                versions["ontology stale"] += 1
            else:
                assert ontology == self.ontology["current"] and recorded == self.ontology_digest
            return versions
        finally:
            store.close()

    def repair(self, path: Path) -> None:
        """``load B`` brings everything to B; loading B again finds it unchanged."""
        store = EmbeddedStore(path, reference=False)
        outcome = load_files([self.b], store, agent="repair")
        again = load_files([self.b], store, agent="repair")
        store.close()
        assert self.check(path) == Counter({"B": 60})
        assert again.loaded == [] and sorted(again.unchanged) == self.iris
        assert len(outcome.loaded) + len(outcome.unchanged) == 60


def _ontology_ntriples(store: EmbeddedStore) -> bytes:
    import pyoxigraph as ox

    quads = store.store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))
    return ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES)


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Scene:
    return Scene(tmp_path_factory.mktemp("kill"))


def _start(store: Path, source: Path, pause_at: str) -> subprocess.Popen:
    return start_child(CHILD, store, source, pause_at, batch_triples_for(source))


def _read_until(child: subprocess.Popen, step: str) -> list[str]:
    seen = []
    while True:
        line = child.stdout.readline().strip()
        assert line, f"the load ended before {step!r}: {seen} {child.stderr.read()}"
        seen.append(line)
        if line == step:
            return seen


def test_the_child_load_passes_every_step_boundary(scene: Scene, tmp_path: Path) -> None:
    store = scene.fresh_copy("complete")
    child = _start(store, scene.b, pause_at="never")
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert out.split() == [*STEPS, "finished"]
    assert scene.check(store) == Counter({"B": 60})


@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_step_boundary_leaves_graphs_and_records_in_step(scene: Scene, step: str) -> None:
    store = scene.fresh_copy(f"step-{step}")
    child = _start(store, scene.b, pause_at=step)
    _read_until(child, step)
    kill(child)
    versions = scene.check(store)
    batches = min(max(STEPS.index(step) - STEPS.index("compared"), 0), 4)  # batches committed before the kill
    assert versions["B"] == sum(scene.batch_sizes[:batches])
    assert versions["ontology stale"] == 0  # the reference data is written while the files are validated
    scene.repair(store)


def test_kill_at_random_moments_leaves_graphs_and_records_in_step(scene: Scene) -> None:
    # How long the writes take here (from "validated" to the end; the shorter of two runs), so that the kills
    # spread over them rather than after them.
    durations = []
    for attempt in range(2):
        timing = scene.fresh_copy(f"timing-{attempt}")
        child = _start(timing, scene.b, pause_at="never")
        _read_until(child, "validated")
        started = time.monotonic()
        child.communicate(timeout=120)
        durations.append(time.monotonic() - started)
    writes = min(durations)

    rng = random.Random(SEED)
    landed: Counter = Counter()
    for run in range(RANDOM_KILLS):
        store = scene.fresh_copy(f"random-{run}")
        child = _start(store, scene.b, pause_at="never")
        _read_until(child, "validated")
        let_run(child, rng.uniform(0, writes))  # the random moment (sooner if it ends)
        steps = kill(child, may_have_finished=True)
        scene.check(store)
        # where it died: after the last step it printed (inside the next step's work)
        landed["finished" if "finished" in steps else f"after {(['validated'] + steps)[-1]}"] += 1
        scene.repair(store)
    print(f"random kills (seed {SEED}, writes {writes:.2f} s): {dict(sorted(landed.items()))}")
    assert sum(landed.values()) == RANDOM_KILLS


def test_a_graph_changed_behind_its_record_is_loaded_again(scene: Scene) -> None:
    """The old bug: a graph out of step with its record was called unchanged forever. Here a graph is
    changed without its record (same number of triples, other content): the reload sees it and repairs it."""
    import pyoxigraph as ox

    store_path = scene.fresh_copy("tampered")
    store = EmbeddedStore(store_path, reference=False)
    victim = scene.iris[0]
    quads = list(store.store.quads_for_pattern(None, None, None, ox.NamedNode(victim)))
    literal = next(quad for quad in quads if isinstance(quad.object, ox.Literal))
    changed = [quad.triple for quad in quads if quad != literal]
    changed.append(ox.Triple(literal.subject, literal.predicate, ox.Literal(literal.object.value + " (diubah)")))
    store.replace_graphs({victim: ox.serialize(changed, format=ox.RdfFormat.N_TRIPLES)})
    assert store.graph_summaries([victim])[victim].triples == scene.content["A"][victim].triples
    outcome = load_files([scene.a], store, agent="repair")
    store.close()
    assert [record.iri for record in outcome.loaded] == [victim] and len(outcome.unchanged) == 59
    assert scene.check(store_path) == Counter({"A": 60})
