"""Time `check-ontology` (HermiT, quality shapes) and `docs` on the packaged ontology.

Run: ``python benchmarks/bench_ontology_check.py [--repeat N] [--pyshacl]``. Prints one line per step with the
best and median wall time of N runs. ``--pyshacl`` also times the quality shapes on pySHACL (slow).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.core.resources import ontology_file
from kg.framework.ontology_check import check_ontology, default_files, load_graph, run_quality_shapes, run_reasoner
from kg.publish.ontology_docs import build_docs


def _time(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pyshacl", action="store_true", help="also time the shapes on pySHACL")
    args = parser.parse_args()

    main_graph = load_graph([ontology_file()])
    all_graph = load_graph(default_files())
    print(f"ontology: {len(main_graph)} triples; with alignment modules: {len(all_graph)} triples")
    steps: list[tuple[str, Callable[[], object]]] = []
    if shutil.which("java"):
        steps += [
            ("HermiT, ontology", lambda: run_reasoner(main_graph)),
            ("HermiT, ontology + alignments", lambda: run_reasoner(all_graph)),
        ]
    else:
        print("Java not found: HermiT steps skipped")
    steps.append(("quality shapes (default engine)", lambda: run_quality_shapes(all_graph)))
    if args.pyshacl:
        steps.append(("quality shapes (pySHACL)", lambda: run_quality_shapes(all_graph, engine="pyshacl")))
    steps.append(("check_ontology() total", lambda: check_ontology()))
    with tempfile.TemporaryDirectory() as folder:
        steps.append(("docs (id + en)", lambda: build_docs(Path(folder) / "site")))
        for name, step in steps:
            best, median = _time(step, args.repeat)
            print(f"{name:<36} best {best:6.2f} s   median {median:6.2f} s   ({args.repeat} runs)")


if __name__ == "__main__":
    main()
