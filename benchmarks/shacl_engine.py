"""Benchmark: the compiled SHACL engine against pySHACL on program-like data of 10k / 100k / 1M triples.

    python benchmarks/shacl_engine.py [--sizes 10000 100000 1000000] [--runs 3] [--pyshacl-max 1000000]
        [--pyshacl-timeout 900] [--json results.jsonl]

Each engine runs in its own subprocess (so peak RSS is per engine). Ours: N-Triples bulk-loaded into an
in-memory pyoxigraph store, then ``ShaclEngine.validate`` timed (median of ``--runs``). pySHACL: the
N-Triples parsed into an rdflib graph, then ``pyshacl.validate`` with default options timed (median of
``--pyshacl-runs``), each pySHACL subprocess stopped after ``--pyshacl-timeout`` seconds (pySHACL takes
about 8 minutes at 1M triples). Validation time excludes parsing/loading, which is reported apart. The
result multisets of both engines must be identical. Not a test: never run in CI at 1M.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _digest(results) -> str:
    keys = sorted(repr(result.key()) for result in results)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def worker(engine: str, data_file: Path, runs: int) -> dict:
    """Load, validate ``runs`` times, and report times, peak RSS, result count and digest."""
    logging.disable(logging.CRITICAL)
    from rdflib import Graph
    from shacl_program_data import SHAPES_FILE

    shapes = Graph().parse(SHAPES_FILE)
    started = time.perf_counter()
    if engine == "ours":
        import pyoxigraph as ox

        from kg.shacl import ShaclEngine

        data = ox.Store()
        data.bulk_load(path=str(data_file), format=ox.RdfFormat.N_TRIPLES)
        load_time = time.perf_counter() - started
        validator = ShaclEngine(shapes)

        def validate():
            return validator.validate(data)
    else:
        from kg.shacl import validate_with_pyshacl

        data = Graph().parse(data_file, format="nt")
        load_time = time.perf_counter() - started

        def validate():
            return validate_with_pyshacl(data, shapes)

    times, report = [], None
    for _ in range(runs):
        started = time.perf_counter()
        report = validate()
        times.append(time.perf_counter() - started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "load_s": round(load_time, 3),
        "validate_s": round(statistics.median(times), 3),
        "runs": runs,
        "peak_mib": round(peak_kib / 1024),
        "results": len(report.results),
        "digest": _digest(report.results),
    }


def run_worker(engine: str, data_file: Path, runs: int, timeout: float | None = None) -> dict | None:
    """The worker's report, or ``None`` when it ran longer than ``timeout`` seconds."""
    command = [sys.executable, __file__, "--worker", engine, "--data", str(data_file), "--runs", str(runs)]
    try:
        output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired:
        return None
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pyshacl-runs", type=int, default=1)
    parser.add_argument("--pyshacl-max", type=int, default=1_000_000, help="largest size pySHACL runs on")
    parser.add_argument("--pyshacl-timeout", type=float, default=900, help="seconds before a pySHACL run is stopped")
    parser.add_argument("--json", type=Path, help="also append one JSON line per size and engine to this file")
    parser.add_argument("--worker", choices=["ours", "pyshacl"])
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.runs)))
        return

    from shacl_program_data import program_dataset

    def record(**row) -> None:
        if args.json:
            with args.json.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(f"{'triples':>9} {'engine':>8} {'load s':>8} {'validate s':>11} {'peak MiB':>9} {'results':>8}  ratio / same")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            data_file = Path(folder) / f"programs-{size}.nt"
            text = program_dataset(size, seed=11)
            data_file.write_text(text, encoding="utf-8")
            triples = text.count("\n")
            del text
            ours = run_worker("ours", data_file, args.runs)
            record(triples=triples, engine="ours", **ours)
            print(
                f"{triples:>9} {'ours':>8} {ours['load_s']:>8} {ours['validate_s']:>11} "
                f"{ours['peak_mib']:>9} {ours['results']:>8}"
            )
            sys.stdout.flush()
            if size > args.pyshacl_max:
                print(f"{triples:>9} {'pyshacl':>8}  skipped (above --pyshacl-max; 8 to 12 min at 1M on this machine)")
                continue
            reference = run_worker("pyshacl", data_file, args.pyshacl_runs, timeout=args.pyshacl_timeout)
            if reference is None:
                record(triples=triples, engine="pyshacl", timeout_s=args.pyshacl_timeout)
                bound = args.pyshacl_timeout / ours["validate_s"]
                stopped = f"stopped after {args.pyshacl_timeout:.0f} s (more than {bound:.0f}x slower)"
                print(f"{triples:>9} {'pyshacl':>8}  {stopped}")
                continue
            ratio = reference["validate_s"] / ours["validate_s"]
            same = "identical" if reference["digest"] == ours["digest"] else "DIFFERENT"
            record(triples=triples, engine="pyshacl", ratio=round(ratio, 1), same=same, **reference)
            print(
                f"{triples:>9} {'pyshacl':>8} {reference['load_s']:>8} {reference['validate_s']:>11} "
                f"{reference['peak_mib']:>9} {reference['results']:>8}  {ratio:.0f}x faster, results {same}"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
