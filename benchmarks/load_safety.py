"""Benchmark: what the data-safety guarantees cost (issue 7): loads with provenance in the graph's own
transaction, content digests and the scope check, and queries run under bounds in a child process.

    python benchmarks/load_safety.py                 # 5,000 rows (about 117k triples), 3 runs
    python benchmarks/load_safety.py --rows 1000 --runs 5

Loads (each run on a fresh on-disk store holding the reference data; medians):
- ``load A``: ``kg.loading.load_files`` of a generated file into an empty store, end to end, and its write
  phase alone (from the ``compared`` checkpoint to ``done``: the transactions);
- baseline in the same run: the same submissions' triples written with one ``pyoxigraph.Store.extend`` (one
  transaction, no provenance, no checks): the fastest atomic write pyoxigraph offers;
- ``reload B``: a file with the same submissions and other programs over A (graphs replaced by difference);
- ``reload B again``: nothing changed (file checksums, content digests and the store's graphs compared).

Queries (medians of ``--runs`` × 5): ``coverage`` for one region through ``kg.queries.run_query`` on an open
store, against the same through ``kg.store.bounded.run_bounded`` (fork, open the store in the child, answer
through a pipe), which is what ``kotacerdas query`` does.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _files(folder: Path, rows: int) -> tuple[Path, Path]:
    from queries import _generator  # benchmarks/queries.py: the generator script as a module

    generator = _generator()
    paths = []
    for name, seed in (("a.csv", 1), ("b.csv", 2)):
        generated, _ = generator.generate_rows(rows, defects=0, seed=seed, years=[2025])
        generator.write_rows(generated, folder / name, "csv")
        paths.append(folder / name)
    return paths[0], paths[1]


def _marker(marks: dict[str, float]):  # noqa: ANN202 - a load checkpoint
    """A checkpoint that notes when each step of a load was reached."""
    return lambda step: marks.setdefault(step, time.perf_counter())


def _median(values: list[float]) -> float:
    return statistics.median(values)


def run(rows: int, runs: int) -> str:
    import pyoxigraph as ox

    from kg.loading.load import load_files
    from kg.queries.canned import run_query
    from kg.store.bounded import QueryBounds, run_bounded
    from kg.store.embedded import EmbeddedStore
    from kg.submissions.convert import convert_file

    work = Path(tempfile.mkdtemp(prefix="kc-load-safety-"))
    try:
        a, b = _files(work, rows)
        submissions = convert_file(a).submissions.values()
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(item.iri))
            for item in submissions
            for t in ox.parse(item.ntriples, format=ox.RdfFormat.N_TRIPLES)
        ]
        template = work / "reference-store"
        EmbeddedStore(template).close()

        timings: dict[str, list[float]] = {}

        def timed(label: str, seconds: float) -> None:
            timings.setdefault(label, []).append(seconds)

        for number in range(runs):
            # baseline: one Store.extend of the same quads
            shutil.copytree(template, work / f"base-{number}")
            store = ox.Store(str(work / f"base-{number}"))
            started = time.perf_counter()
            store.extend(quads)
            timed("baseline extend", time.perf_counter() - started)
            del store

            shutil.copytree(template, work / f"run-{number}")
            store = EmbeddedStore(work / f"run-{number}", reference=False)
            for label, path in (("load A", a), ("reload B", b), ("reload B again", b)):
                marks: dict[str, float] = {}
                started = time.perf_counter()
                outcome = load_files([path], store, agent="bench", checkpoint=_marker(marks))
                timed(label, time.perf_counter() - started)
                timed(f"{label}: writes", marks["done"] - marks["compared"])
                if label == "reload B again":
                    assert not outcome.loaded
            triples = store.triple_count()
            store.close()

        query_store = work / f"run-{runs - 1}"
        for _ in range(runs * 5):
            store = EmbeddedStore(query_store, reference=False)
            started = time.perf_counter()
            run_query("coverage", store, {"region": "32.73"})
            timed("coverage, in process (store open)", time.perf_counter() - started)
            store.close()
            started = time.perf_counter()
            run_bounded(
                lambda: run_query("coverage", EmbeddedStore(query_store, reference=False), {"region": "32.73"}),
                QueryBounds(),
                isolation="process",
            )
            timed("coverage, bounded (fork + open + query)", time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    count = len(quads)
    lines = [
        f"# Load safety benchmark ({rows:,} rows, {count:,} submission triples, {len(list(submissions))} submissions; "
        f"store {triples:,} quads)",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"medians of {runs} runs (queries: {runs * 5}).",
        "",
        "| what | seconds (median) | triples/s |",
        "| --- | ---: | ---: |",
    ]
    for label, values in timings.items():
        seconds = _median(values)
        rate = f"{count / seconds:,.0f}" if "coverage" not in label and "again" not in label else ""
        lines.append(f"| {label} | {seconds:.3f} | {rate} |")
    base = _median(timings["baseline extend"])
    lines += [
        "",
        f"Write phase of `load A` / one `Store.extend`: {_median(timings['load A: writes']) / base:.2f}×; "
        f"bounded query overhead: {(_median(timings['coverage, bounded (fork + open + query)']) - _median(timings['coverage, in process (store open)'])) * 1000:.0f} ms.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    report = run(args.rows, args.runs)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
