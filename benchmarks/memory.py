"""Benchmark: peak memory (max RSS) of validating and loading a large submission, and where it goes.

    python benchmarks/memory.py                      # 40,000 rows (~7.8 MB CSV), 3 runs each
    python benchmarks/memory.py --rows 10000 --runs 1

A CSV of ``--rows`` clean rows is generated (scripts/generate_submissions.py, seed 1, years 2023-2025). Each
measurement runs in its own process and reports its maximum RSS (``ru_maxrss``):

* ``stages``: one process reading, converting, validating and writing step by step, with the RSS after each
  step (where the memory goes): the validated submissions written straight as N-Quads (what loading needs,
  ``SubmissionData.nquads``), then ``kg.loading.load_files`` as it is;
* ``validate``: ``kotacerdas validate FILE --format json`` (reading, conversion, validation, report);
* ``load``: ``kotacerdas load FILE --store TMP`` (the same validation, then the store).

Medians of ``--runs``. Memory is little affected by other processes on the machine, times are: run it on a
quiet machine for the seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
GENERATOR = REPOSITORY / "scripts" / "generate_submissions.py"
CLI = "import sys; from kg.cli import main; sys.argv[0] = 'kotacerdas'; main()"

STAGES = r"""
import gc, json, resource, sys, time
from pathlib import Path

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

marks = []
started = time.perf_counter()
def mark(name):
    marks.append({"stage": name, "rss_mb": round(rss_mb()), "peak_mb": round(resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024), "s": round(time.perf_counter() - started, 2)})

from kg.submissions import validation
from kg.submissions.convert import convert_table
from kg.submissions.tables import read_submission
validation.sparql_engine(); validation.reference_ntriples()
mark("engine and reference data ready")
table = read_submission(sys.argv[1]); mark("table read")
conversion = convert_table(table); mark("converted to N-Triples")
del table; gc.collect(); mark("table released")
results, _ = validation.validate_conversion(conversion); mark("validated (batches of whole submissions)")
# the store write that loading could do: each submission's validated triples as N-Quads in its own graph
# (SubmissionData.nquads), loaded by pyoxigraph in transactions of ~50,000 triples, each flushed
import pyoxigraph
raw = pyoxigraph.Store(sys.argv[2] + "-raw")
batch, size = [], 0
for submission in list(conversion.submissions.values()) + [None]:
    if batch and (submission is None or size + submission.triple_count > 50_000):
        raw.load(b"".join(item.nquads() for item in batch), format=pyoxigraph.RdfFormat.N_QUADS)
        raw.flush()
        batch, size = [], 0
    if submission is not None:
        batch.append(submission); size += submission.triple_count
mark("written as N-Quads (Store.load per ~50k triples, flushed)")
del raw
from kg.loading.load import load_files
from kg.store.embedded import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[2]))
store.ensure_reference_data(); mark("kg store opened, reference data in")
del conversion; gc.collect()
load_files([sys.argv[1]], store, agent="benchmark"); mark("loaded by kg.loading.load_files (validates, then writes)")
store.close()
print(json.dumps(marks))
"""


def generate(folder: Path, rows: int) -> Path:
    path = folder / f"r{rows}.csv"
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--rows",
            str(rows),
            "--defects",
            "0",
            "--seed",
            "1",
            "--years",
            "2023-2025",
            "--out",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return path


def child_peak(command: list[str]) -> tuple[float, float]:
    """Run ``command``; its peak RSS in MB (from ``wait4``) and wall seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = __import__("os").wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0 and (status >> 8) not in (0, 1):
        raise RuntimeError(f"{command[3:]} failed: {process.stderr.read().decode()[-2000:]}")
    return usage.ru_maxrss / 1024, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        csv_path = generate(folder, args.rows)
        size_mb = csv_path.stat().st_size / 2**20
        stages = subprocess.run(
            [sys.executable, "-c", STAGES, str(csv_path), str(folder / "stages-store")],
            check=True,
            capture_output=True,
            text=True,
        )
        marks = json.loads(stages.stdout.strip().splitlines()[-1])
        measured: dict[str, list[tuple[float, float]]] = {"validate": [], "load": []}
        for run in range(args.runs):
            measured["validate"].append(
                child_peak(
                    [
                        sys.executable,
                        "-c",
                        CLI,
                        "validate",
                        str(csv_path),
                        "--format",
                        "json",
                        "--out",
                        str(folder / "report.json"),
                    ]
                )
            )
            measured["load"].append(
                child_peak([sys.executable, "-c", CLI, "load", str(csv_path), "--store", str(folder / f"store-{run}")])
            )
    print(
        f"{args.rows:,} rows, {size_mb:.1f} MB CSV; ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}"
        " (this script)"
    )
    print("\nWhere the memory goes (one process, RSS after each step):")
    print(f"{'step':<62} {'RSS MB':>7} {'peak MB':>8} {'s':>6}")
    for mark in marks:
        print(f"{mark['stage']:<62} {mark['rss_mb']:>7} {mark['peak_mb']:>8} {mark['s']:>6}")
    print(f"\nWhole commands (median of {args.runs}):")
    for name, runs in measured.items():
        peak = statistics.median(run[0] for run in runs)
        seconds = statistics.median(run[1] for run in runs)
        print(f"kotacerdas {name:<9} peak {peak:6.0f} MB   {seconds:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
