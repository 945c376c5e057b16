"""``load --rebuild`` killed with ``kill -9`` at each of its steps leaves the old store whole or the new one whole
(issue 26, item 1), once the store folder is opened again.

A store holds file A (old); a child rebuilds it from file B (the bulk path taken: ``BULK_BYTES`` 0; the quads collected, then bulk-loaded in one pass) and is held
at one step (the load's into the new folder, ``closed``, then the swap's ``ready``, ``old-moved``,
``new-moved``, ``swapped``) and killed there. Opening the store folder then shows exactly A's quads (the same
as before the rebuild) or B's submissions, each with its record and coverage observations; a later rebuild
finishes with B and leaves nothing beside the store. A rebuild of a store another process holds is refused
before any work.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from kg.loading.provenance import loaded_records
from kg.loading.rebuild import rebuild_store, submission_files
from kg.store import swap
from kg.store.content import summarise_ntriples
from kg.store.coverage_cube import stats_graph, year_graphs
from kg.store.embedded import EmbeddedStore, StoreBusyError
from kg.submissions.convert import convert_file
from kill_helpers import kill, start_child
from submission_helpers import generator as submission_generator

CHILD = textwrap.dedent(
    """
    import sys
    import kg.store.embedded
    from kg.loading.rebuild import rebuild_store

    kg.store.embedded.BULK_BYTES = 0  # the bulk path, as for a national set
    store_path, source, pause_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seen = 0

    def checkpoint(step):
        global seen
        seen += 1
        print(step, flush=True)
        if seen == pause_at:
            sys.stdin.readline()  # held here until the test kills this process

    rebuild_store([source], store_path, agent="killed", workers=1, checkpoint=checkpoint)
    print("finished", flush=True)
    """
)
STEPS = [
    "validated",
    "reference-data",
    "compared",
    "batch-1",
    "done",
    "bulk-loaded",
    "closed",
    "ready",
    "old-moved",
    "new-moved",
    "swapped",
]


def _write(path: Path, rows: int, seed: int, regions: str) -> Path:
    from kg.framework.regions import region

    generator = submission_generator()
    places = [region(code) for code in regions.split(",")]
    rows_written, _ = generator.generate_rows(rows, defects=0, seed=seed, years=[2025], places=places)
    generator.write_rows(rows_written, path, "csv")
    return path


class Scene:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.a = _write(folder / "a.csv", 12, 1, "32.73,32.04")
        self.b = _write(folder / "b.csv", 30, 2, "32.73,35.78,31.71")
        self.b_sha = hashlib.sha256(self.b.read_bytes()).hexdigest()
        self.b_content = {
            item.iri: summarise_ntriples(item.ntriples) for item in convert_file(self.b).submissions.values()
        }
        self.old = folder / "old-store"
        store = EmbeddedStore(self.old)
        from kg.loading.load import load_files

        load_files([self.a], store, agent="steward")
        self.old_quads = store.nquads()
        store.close()

    def copy(self, name: str) -> Path:
        target = self.folder / name / "store"
        shutil.copytree(self.old, target)
        return target

    def state(self, path: Path) -> str:
        """Open the folder (completing a swap cut short); ``"old"`` or ``"new"``, each checked whole."""
        store = EmbeddedStore(path, reference=False)
        try:
            quads = store.nquads()
            if quads == self.old_quads:
                return "old"
            graphs = {name for name in store.graph_names() if "/id/submission/" in name}
            assert graphs == set(self.b_content), f"neither A nor B: {sorted(graphs)}"
            held = store.graph_summaries(sorted(graphs))
            records = loaded_records(store)
            for iri in graphs:
                assert held[iri] == self.b_content[iri]
                assert (records[iri].sha256, records[iri].triples) == (self.b_sha, held[iri].triples)
            cube = year_graphs(store)  # a graph a year
            assert cube and all(store.triple_count(name) > 0 for name in cube)  # the cube came in the same pass
            return "new"
        finally:
            store.close()


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Scene:
    return Scene(tmp_path_factory.mktemp("rebuild-kill"))


def test_a_rebuild_swaps_in_a_new_store_with_records_and_cube(scene: Scene) -> None:
    path = scene.copy("complete")
    steps: list[str] = []
    outcome = rebuild_store([scene.b.parent / "b.csv"], path, agent="steward", workers=1, checkpoint=steps.append)
    assert len(outcome.loaded) == len(scene.b_content)
    assert steps[-4:] == ["ready", "old-moved", "new-moved", "swapped"]
    assert scene.state(path) == "new"
    assert sorted(item.name for item in path.parent.iterdir()) == ["store"]  # nothing left beside it


def _reference_dataset(path: Path):  # noqa: ANN202 - a pyoxigraph Dataset
    """The reference graphs, their recorded checksums and the coverage cube's data set in the store at ``path``,
    blank nodes canonically labelled."""
    import pyoxigraph as ox

    from kg.core.namespaces import GRAPH_IRIS
    from kg.store.coverage_cube import coverage_dataset_iri
    from kg.store.reference import reference_files

    store = EmbeddedStore(path, reference=False)
    try:
        graphs = [ox.NamedNode(iri) for iri in reference_files()]
        quads = [quad for graph in graphs for quad in store.store.quads_for_pattern(None, None, None, graph)]
        about = {*reference_files(), *(f"{iri}#sha256" for iri in reference_files()), coverage_dataset_iri()}
        quads += [
            quad
            for graph in (GRAPH_IRIS["META_GRAPH"], stats_graph())
            for quad in store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            if quad.subject.value in about
        ]
    finally:
        store.close()
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


@pytest.mark.slow
def test_a_rebuild_bulk_loads_the_reference_data_with_the_rest(scene: Scene) -> None:
    """Item 3: the reference data comes in the one bulk load (no transaction before it, whose write-ahead log
    made the folder 1.07 times ``oxigraph load``'s), the same graphs, blank nodes included, and checksums as a
    store given them by a transaction: opening the rebuilt store loads nothing again."""
    from kg.store.reference import current_digests, reference_digests

    path = scene.copy("reference")
    rebuild_store([scene.b], path, agent="steward", workers=1)
    assert sum(log.stat().st_size for log in path.glob("*.log")) < 1000  # the store's own few bytes, as oxigraph's
    assert _reference_dataset(path) == _reference_dataset(scene.old)
    store = EmbeddedStore(path, reference=False)
    try:
        held = reference_digests(store)
        assert {graph: held.get(graph) for graph in current_digests()} == current_digests()
        assert store.ensure_reference_data() == []
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_a_rebuild_killed_at_each_step_leaves_the_old_or_the_new_store_whole(scene: Scene, step: str) -> None:
    path = scene.copy(f"killed-{step}")
    child = start_child(CHILD, path, scene.b, STEPS.index(step) + 1)
    try:
        seen = []
        while not seen or seen[-1] != step:
            line = child.stdout.readline().strip()
            assert line, f"the rebuild ended after {seen}: {child.stderr.read()}"
            seen.append(line)
    finally:
        kill(child)
    expected = "new" if STEPS.index(step) >= STEPS.index("old-moved") else "old"
    assert scene.state(path) == expected
    if expected == "new":
        assert not swap.old_folder(path).exists() and not swap.ready_marker(path).exists()
    if STEPS.index("compared") <= STEPS.index(step) < STEPS.index("bulk-loaded"):
        assert swap.collected_file(path).stat().st_size > 0  # the quads collected so far, left by the kill
    path.with_name(path.name + ".rebuild-new.nq").write_bytes(b"")  # what a kill left in 0.7 (N-Quads)
    rebuild_store([scene.b], path, agent="again", workers=1)  # a later rebuild clears what the kill left
    assert scene.state(path) == "new"
    assert sorted(item.name for item in path.parent.iterdir()) == ["store"]


def test_a_store_in_use_is_refused_before_any_work(scene: Scene) -> None:
    path = scene.copy("busy")
    holder = subprocess.Popen(
        [
            __import__("sys").executable,
            "-c",
            "import sys; from kg.store.embedded import EmbeddedStore; s = EmbeddedStore(sys.argv[1], reference=False);"
            " print('open', flush=True); sys.stdin.readline()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreBusyError):
            rebuild_store([scene.b], path, workers=1)
        assert not swap.new_folder(path).exists()
    finally:
        holder.kill()
        holder.wait()
    assert scene.state(path) == "old"


def test_folders_are_searched_for_submission_files(tmp_path: Path) -> None:
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "32.73.csv").write_text("x", encoding="utf-8")
    (tmp_path / "2025" / "national.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.csv").write_text("x", encoding="utf-8")
    assert submission_files([tmp_path]) == [tmp_path / "2025" / "32.73.csv"]
