"""Benchmark: canned queries of the working tree against their text at a git revision, on the same store.

    python benchmarks/queries_compare.py --ref main coverage budget          # 1M triples, medians of 5
    python benchmarks/queries_compare.py --ref HEAD~3 --triples 100000 --store /tmp/kc-bench-100k

Both versions run on one on-disk store of generated program data (``benchmarks/queries.py``'s generator and
loading path), interleaved, each with the parameters ``benchmarks/queries.py`` uses (the region with the most
programs, its latest year) and again with only the required ones. ``--store`` keeps the store between runs (it
is built when the folder does not exist). Figures on a busy machine are noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benchmark_module():
    """``benchmarks/queries.py``: its generator, loading path and parameters."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import queries

    return queries


def open_store(path: Path, triples: int):
    """The store at ``path``, built with ``triples`` generated triples when the folder does not exist."""
    from kg.store.embedded import EmbeddedStore

    fresh = not path.exists()
    store = EmbeddedStore(path)
    if fresh:
        bench = _benchmark_module()
        bench.load_in_batches(store, bench.generate(triples)[0])
    return store


def query_at(ref: str, name: str, folder: Path):
    """The canned query ``name`` as it was at git revision ``ref``."""
    from kg.queries.canned import parse_query_file

    text = subprocess.run(
        ["git", "show", f"{ref}:queries/{name}.rq"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return parse_query_file(path)


def median_ms(store, query, values: dict[str, str], runs: int) -> tuple[float, int]:
    from kg.queries.canned import bind_parameters

    bindings = bind_parameters(query, values)
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(store.select(query.text, bindings).rows)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def main() -> None:
    from kg.queries.canned import canned_queries

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="canned queries (default: all)")
    parser.add_argument("--ref", default="main", help="git revision to compare with")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, help="keep the store in this folder")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(args.store or Path(folder) / "store", args.triples)
        parameters = _benchmark_module().parameters_for(store)
        print(f"parameters: {parameters.get('coverage')}; {args.runs} runs, median ms (rows)")
        print(f"{'query':28s} {'params':8s} {'this tree':>18s} {args.ref:>18s}")
        for name in args.names or list(canned_queries()):
            current = canned_queries()[name]
            try:
                before = query_at(args.ref, name, Path(folder))
            except subprocess.CalledProcessError:
                before = None
            given = parameters.get(name, {})
            required = {k: v for k, v in given.items() if (p := current.parameter(k)) is not None and p.required}
            for label, values in (("given", given), ("required", required)):
                now_ms, now_rows = median_ms(store, current, values, args.runs)
                cell = "-"
                if before is not None:
                    then_ms, then_rows = median_ms(store, before, values, args.runs)
                    cell = f"{then_ms:10.1f} ({then_rows})"
                print(f"{name:28s} {label:8s} {now_ms:10.1f} ({now_rows}) {cell:>18s}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
