"""Benchmark: bulk load and every canned query on generated program data (pyoxigraph vs rdflib's engine).

    python benchmarks/queries.py                       # 100k and 1M triples, writes docs/benchmarks-queries.md
    python benchmarks/queries.py --sizes 100000 --rdflib-runs 1 --out /tmp/bench.md

Data: ``scripts/generate_submissions.py`` (no defects), converted with kg.submissions.convert, split per region and year
and loaded through ``EmbeddedStore.replace_graphs`` (the path ``kotacerdas load`` takes, atomic) into an
on-disk store that also holds the reference data. Every canned query runs ``--runs`` times (median reported)
with parameters of one region that has programs; at the smallest size the same query text, with the same
bindings, also runs on rdflib's own SPARQL engine (a union-default-graph Dataset of the same quads) and the
ratio is reported.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Forms of a canned query given to rdflib instead of the canned text (its engine joins subqueries by nested loops)
RDFLIB_FORMS = ROOT / "benchmarks" / "rdflib-forms"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_submissions", ROOT / "scripts" / "generate_submissions.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def generate(triples: int, seed: int = 1, years: list[int] | None = None):
    """Submissions (IRI → N-Triples) of about ``triples`` triples."""
    generator = _generator()
    years = years or [2024, 2025]
    row_count = generator.rows_for_triples(triples, seed=seed, years=years)
    for _ in range(3):  # the estimate comes from a small sample: correct it until within 2% of the size asked
        rows, _ = generator.generate_rows(row_count, defects=0, seed=seed, years=years)
        conversion = generator.convert_rows(rows, Path("generated.csv"))
        if abs(conversion.triple_count - triples) <= 0.02 * triples:
            break
        row_count = round(row_count * triples / conversion.triple_count)
    return {item.iri: item.ntriples for item in conversion.submissions.values()}, conversion.triple_count


def load_in_batches(store, graphs: dict[str, bytes]) -> None:
    """Replace the submission graphs (IRI → N-Triples) in batches of about 200,000 triples, each with its coverage
    observations (the cube ``kotacerdas load`` writes with every submission), then flush."""
    import pyoxigraph as ox

    from kg.store import coverage_cube

    def write(batch: dict[str, bytes]) -> None:
        cube = coverage_cube.by_graph(
            coverage_cube.observations(iri, ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            for iri, data in batch.items()
        )
        store.replace_graphs(batch, with_triples=cube or None)

    batch: dict[str, bytes] = {}
    size = 0
    for iri, data in graphs.items():
        batch[iri] = data
        size += data.count(b"\n")
        if size >= 200_000:
            write(batch)
            batch, size = {}, 0
    if batch:
        write(batch)
    store.store.flush()


def parameters_for(store) -> dict[str, dict[str, str]]:
    """Parameters for each canned query: the region with the most programs, its latest year."""
    from kg.queries.canned import canned_queries

    row = store.select(
        "PREFIX kc: <https://w3id.org/kotacerdas/ontology#> SELECT ?code (MAX(?year) AS ?latest) "
        "(COUNT(?p) AS ?n) WHERE { ?p kc:region ?r ; kc:fiscalYear ?year . ?r kc:regionCode ?code } "
        "GROUP BY ?code ORDER BY DESC(?n) ?code LIMIT 1"
    ).rows[0]
    region, year = str(row[0]), str(row[1])
    params: dict[str, dict[str, str]] = {}
    for name, query in canned_queries().items():
        values: dict[str, str] = {}
        for parameter in query.parameters:
            if parameter.type == "region":
                values[parameter.name] = region
            elif parameter.type == "year":
                values[parameter.name] = year
            elif parameter.type == "beneficiary":
                values[parameter.name] = "lansia"
        params[name] = values
    return params


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_size(triples: int, runs: int, rdflib_runs: int, with_rdflib: bool, only: tuple[str, ...] | None = None) -> dict:
    """Load about ``triples`` triples and time the canned queries (``only`` these, when given)."""
    from kg.queries.canned import bind_parameters, canned_queries, run_query
    from kg.store.embedded import EmbeddedStore

    print(f"== {triples:,} triples: generating …", file=sys.stderr)
    graphs, count = generate(triples)
    report: dict = {"triples": count, "graphs": len(graphs), "queries": {}}
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "store")
        items = list(graphs.items())
        start = time.perf_counter()
        load_in_batches(store, graphs)
        elapsed = time.perf_counter() - start
        report["load_seconds"] = elapsed
        report["load_rate"] = count / elapsed
        print(f"   load {count:,} triples in {elapsed:.2f} s = {count / elapsed:,.0f} triples/s", file=sys.stderr)
        # the store alone, without our code: pre-parsed quads into a fresh on-disk store, transactional
        # (Store.extend, what an atomic load can use) and non-transactional (Store.bulk_extend)
        import pyoxigraph as ox

        quads = [
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
            for iri, data in items
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        ]
        for method in ("extend", "bulk_extend"):
            raw = ox.Store(str(Path(folder) / f"raw-{method}"))
            start = time.perf_counter()
            getattr(raw, method)(quads)
            raw.flush()
            report[f"store_{method}_rate"] = count / (time.perf_counter() - start)
            print(f"   store-only {method}: {report[f'store_{method}_rate']:,.0f} triples/s", file=sys.stderr)
            del raw
        del quads
        # replacing one submission that exists (the atomic path of a re-load)
        iri, data = items[0]
        report["replace_one_seconds"], _ = timed(lambda: store.replace_graphs({iri: data}), 3)

        store.optimize()  # the store's files compacted, as `kotacerdas load` leaves them after its commit
        params = parameters_for(store)
        selected = [name for name in canned_queries() if only is None or name in only]
        report["params"] = params
        for name in selected:
            median, result = timed(lambda name=name: run_query(name, store, params[name]), runs)
            report["queries"][name] = {"oxigraph": median, "rows": len(result.rows)}
            print(f"   {name:28s} {median * 1000:9.1f} ms  {len(result.rows):6d} rows", file=sys.stderr)
        # the same queries on an in-memory copy (EmbeddedStore.in_memory, the same code path): what the
        # on-disk store's cost per index lookup (RocksDB) adds to each answer
        memory = EmbeddedStore.in_memory(reference=False)
        memory.store.bulk_extend(store.store.quads_for_pattern(None, None, None, None))
        for name in selected:
            median, result = timed(lambda name=name: run_query(name, memory, params[name]), runs)
            assert len(result.rows) == report["queries"][name]["rows"], name
            report["queries"][name]["memory"] = median

        if with_rdflib:
            from rdflib import Dataset

            from kg.store.sparql_text import bind_values

            dataset = Dataset(default_union=True)
            dump = "".join(str(quad) + " .\n" for quad in store.store)
            start = time.perf_counter()
            dataset.parse(data=dump, format="nquads")
            report["rdflib_load_seconds"] = time.perf_counter() - start
            print(f"   rdflib parse {report['rdflib_load_seconds']:.1f} s", file=sys.stderr)
            for name, query in canned_queries().items():
                if name not in selected:
                    continue
                bindings = bind_parameters(query, params[name])
                # the text run_query sends, or the same question's form rdflib's engine answers fastest
                form = RDFLIB_FORMS / f"{name}.rq"
                own = form.read_text(encoding="utf-8") if form.exists() else query.text_for(bindings)
                text = bind_values(own, bindings)
                median, result = timed(lambda text=text: list(dataset.query(text)), rdflib_runs)
                entry = report["queries"][name]
                entry["rdflib"] = median
                entry["rdflib_rows"] = len(result)
                print(
                    f"   rdflib {name:21s} {median:9.2f} s  ratio {median / entry['oxigraph']:8.0f}x", file=sys.stderr
                )
        store.close()
    return report


def markdown(reports: list[dict], runs: int) -> str:
    import pyoxigraph
    import rdflib

    lines = [
        "# Benchmarks: loading and canned queries / Tolok ukur: pemuatan dan kueri siap pakai",
        "",
        f"Generated by `python benchmarks/queries.py` on {platform.machine()}, {platform.system()}, "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}. "
        "Data: `scripts/generate_submissions.py --defects 0`, years 2024-2025, loaded into an on-disk embedded "
        "store (with the reference data) through the atomic replace path of `kotacerdas load`. "
        f"Query times are medians of {runs} runs, end to end through `kg.queries.canned.run_query` "
        "(parameters bound as RDF terms, answers converted to rdflib terms). Parameters: the region with the "
        "most programs, its latest year, group `lansia`.",
        "",
        "## Loading / Pemuatan",
        "",
        "| triples | submission graphs | load (s) | triples/s | store only, `Store.extend` (atomic): triples/s "
        "| store only, `Store.bulk_extend` (not atomic): triples/s | replace one existing submission (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for report in reports:
        lines.append(
            f"| {report['triples']:,} | {report['graphs']:,} | {report['load_seconds']:.2f} | "
            f"{report['load_rate']:,.0f} | {report['store_extend_rate']:,.0f} | {report['store_bulk_extend_rate']:,.0f} "
            f"| {report['replace_one_seconds']:.3f} |"
        )
    if "rdflib_load_seconds" in reports[0]:
        lines.append("")
        lines.append(
            f"rdflib parse of the same {reports[0]['triples']:,} triples (+ reference data) into a "
            f"Dataset: {reports[0]['rdflib_load_seconds']:.1f} s."
        )
    lines += ["", "## Canned queries / Kueri siap pakai (median, milliseconds)", ""]
    header = "| query | " + " | ".join(f"{r['triples']:,} triples: ms (rows)" for r in reports)
    if "rdflib" in next(iter(reports[0]["queries"].values())):
        header += f" | rdflib engine at {reports[0]['triples']:,} (s) | ratio"
    lines += [header + " |", "|---" + "|---:" * (header.count("|") - 1) + "|"]
    for name in reports[0]["queries"]:
        cells = [f"{r['queries'][name]['oxigraph'] * 1000:.1f} ({r['queries'][name]['rows']})" for r in reports]
        first = reports[0]["queries"][name]
        if "rdflib" in first:
            cells += [f"{first['rdflib']:.2f}", f"{first['rdflib'] / first['oxigraph']:.0f}×"]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines += ["", "## Goals / Sasaran", ""]
    lines += goals(reports)
    lines += ["", NOTES]
    return "\n".join(lines)


#: What the numbers mean and which query forms were measured (kept with the script that makes the table).
NOTES = """## Notes / Catatan

- **Loading.** The end-to-end figure is `kotacerdas load`'s store path: N-Triples parsed into quads and written
  with one transactional `Store.extend` per batch, so a kill leaves the previous version (tested). The store-only
  columns time pyoxigraph alone on the same quads, already parsed, into a fresh on-disk store: the transactional
  `Store.extend` is the ceiling of an atomic load here, and even the non-transactional `Store.bulk_extend`
  (RocksDB files written directly, not atomic) stays below 200,000 triples/s on this 2-core machine. The same
  `Store.extend` into an in-memory store reached about 410,000 triples/s (`bulk_extend` 460,000) in a separate
  measurement at 801,446 triples, and RocksDB on tmpfs was as slow as on disk (transactional about 32,000/s,
  bulk about 86,000/s): the limit is RocksDB's CPU cost on this machine, not the disk. SPARQL `INSERT DATA`
  into an existing graph goes through the same transactional writer.
- **Query forms.** pyoxigraph joins the parameters (a `VALUES` block at the start of the query) early in a
  basic graph pattern, but evaluates `MINUS`, `OPTIONAL`, `UNION` and subqueries without them, and inside
  `FILTER NOT EXISTS { … }` it may start from the wrong triple pattern. The fast forms start from the bound
  variable and test the rest one lookup at a time: `gaps` is `FILTER NOT EXISTS { ?program kc:region ?region .
  FILTER EXISTS { ?program kc:initiative ?item } … }` (about 20 ms at 801,446 triples on a quiet machine; the
  earlier `FILTER NOT EXISTS { ?program kc:region ?region ; kc:initiative ?item … }` took 0.9-1.3 s, `MINUS`
  0.8-1.2 s, `OPTIONAL`+`HAVING` 2-3 s); `budget` and `achievement` count a program once per dimension with
  `FILTER EXISTS { ?program kc:initiative/kc:dimension ?dim }` instead of a `SELECT DISTINCT` subquery (3 s →
  10 ms for one region and year; without parameters `budget` takes longer in this form, about 7 s against 2.8 s);
  `uncovered-initiatives` stops at the first program of each initiative (1.9 s → 17 ms).
  `regions-all-dimensions` reads every program by nature; a double-negation form was 30x slower.
- **Statistics cube.** With these forms `coverage` and `gaps` meet the 100 ms goal by aggregation at query time,
  so the `qb:` cube was not built. Measured for the record: dense observations (one per region, year and
  initiative, with a program count, 257,000 triples at 801,446) answer `gaps` in 16 ms, sparse ones with
  `MINUS` in 0.5-1 s; a dense cube cannot answer a region with no submission without a registry-wide baseline.
"""


def goals(reports: list[dict]) -> list[str]:
    """The issue's goals, each with whether this run met it."""

    def verdict(ok: bool) -> str:
        return "met / tercapai" if ok else "**not met / belum tercapai**"

    largest = reports[-1]
    rates = ", ".join(f"{r['load_rate']:,.0f}" for r in reports)
    out = [
        f"- bulk load >= 200,000 triples/s: {verdict(all(r['load_rate'] >= 200_000 for r in reports))} "
        f"({rates} triples/s)."
    ]
    for name in ("coverage", "gaps"):
        median = largest["queries"][name]["oxigraph"] * 1000
        out.append(
            f"- `{name}` for one region <= 100 ms at {largest['triples']:,} triples: "
            f"{verdict(median <= 100)} ({median:.1f} ms)."
        )
    first = reports[0]["queries"]
    if all("rdflib" in entry for entry in first.values()):
        slow = [name for name, entry in first.items() if entry["rdflib"] / entry["oxigraph"] < 30]
        out.append(
            f"- every canned query >= 30x faster than rdflib's engine at {reports[0]['triples']:,} triples: "
            f"{verdict(not slow)}" + (f" (below 30x: {', '.join(slow)})." if slow else ".")
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="triples, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs", type=int, default=1)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-queries.md")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    reports = [
        run_size(size, args.runs, args.rdflib_runs, not args.no_rdflib and index == 0)
        for index, size in enumerate(sizes)
    ]
    args.out.write_text(markdown(reports, args.runs), encoding="utf-8")
    print(f"written {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
