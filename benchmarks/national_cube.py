"""Sections ``cube`` and ``rdflib`` of ``benchmarks/national.py`` (issue 26, items 2 and 5).

``cube``: the all-region questions answered from the coverage cube, beside the same questions read from every
program and beside Virtuoso on the same data in the same run. The national set (``--triples``, ``--years``) is
generated and rebuilt into a store (``kotacerdas load --rebuild``); then, for the last year:

- the regions × dimensions matrix (``coverage`` with a year: the dashboard's heat map and ranking; without a
  region it runs its all-region form ``queries/forms/coverage-all-regions.rq``);
- ``regions-all-dimensions`` with the year;
- the national gaps (the dashboard's page query ``initiative-reach`` with the year);
- the dashboard's trend (``coverage`` once per loaded year, as ``static/dashboard.js`` asks it);

each as the median of ``runs`` in-process runs, its program-level form (``tests/data/queries/*-from-programs.rq``,
the answers before the cube) once, the two answers compared row by row, and Virtuoso (Debian's, bulk-loaded
with the store's own quads by ``virtuoso_server``) asked the same question over HTTP through
``kg.store.remote`` (what ``--endpoint`` users get), both the text the query sends and, for ``coverage``, its
own text; the peer's figure is the faster. ``os.getloadavg()`` at the start and the end (a shared machine).

``rdflib``: the four queries of item 5 (``gaps``, ``initiatives``, ``kominfo-claims``,
``regions-all-dimensions``) against rdflib's engine on equal storage: pyoxigraph in memory and rdflib's
``Dataset`` in memory, and pyoxigraph on disk against the same rdflib (rdflib has no disk store of its own that
its engine reads faster). Ratios are rdflib's time ÷ ours: ``30`` means ours is 30 times faster.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORACLES = ROOT / "tests" / "data" / "queries"
#: The four queries of issue 26, item 5.
FOUR = ("gaps", "initiatives", "kominfo-claims", "regions-all-dimensions")


def _median(function, runs: int) -> float:
    function()  # warm: the first answer reads the store's files into the page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rows(result) -> list[tuple[str, ...]]:
    return [tuple(str(term) for term in row) for row in result.rows]


def _questions(year: str, years: list[str]) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Each all-region question as the (query, parameters) calls that answer it."""
    return {
        "matrix": [("coverage", {"year": year})],
        "regions_all_dimensions": [("regions-all-dimensions", {"year": year})],
        "national_gaps": [("initiative-reach", {"year": year})],
        "trend": [("coverage", {"year": item}) for item in years],
    }


def cube(work: Path, triples: int, years: str, runs: int, virtuoso_buffers: int, generator, command) -> dict:
    """The all-region questions from the cube, from the programs, and on Virtuoso (module description)."""
    import pyoxigraph as ox

    from kg.publish.page_queries import any_query, run_any_query
    from kg.queries.canned import bind_parameters, parse_query_file
    from kg.store.embedded import EmbeddedStore

    report: dict = {"load_average_start": os.getloadavg()}
    data = work / "cube-national"
    generator.main(["--national", "--years", years, "--triples", str(triples), "--defects", "0", "--out", str(data)])
    store_path = work / "cube-store"
    start = time.perf_counter()
    done = subprocess.run(
        [*command("kotacerdas"), "load", "--rebuild", str(data), "--store", str(store_path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"load --rebuild: exit {done.returncode}\n{done.stderr[-2000:]}")
    report["rebuild_s"] = time.perf_counter() - start
    loaded = sorted(path.name for path in data.iterdir() if path.is_dir())
    store = EmbeddedStore(store_path, read_only=True)
    report["triples"] = len(store.store)
    questions = _questions(loaded[-1], loaded)
    ours: dict[str, float] = {}
    programs: dict[str, float] = {}
    equal: dict[str, bool] = {}
    rows: dict[str, int] = {}
    for key, calls in questions.items():
        ours[key] = sum(_median(lambda n=n, p=p: run_any_query(n, store, p), runs) for n, p in calls)
        programs[key] = 0.0
        equal[key] = True
        rows[key] = 0
        for name, params in calls:
            oracle = parse_query_file(ORACLES / f"{name}-from-programs.rq")
            started = time.perf_counter()
            answer = store.select(oracle.text, bind_parameters(oracle, params))
            programs[key] += time.perf_counter() - started
            cube_rows = _rows(run_any_query(name, store, params))
            equal[key] = equal[key] and cube_rows == _rows(answer)
            rows[key] += len(cube_rows)
    report.update(ours_s=ours, programs_s=programs, cube_equals_programs=equal, rows=rows)
    dump = work / "cube.nq"
    with dump.open("wb") as handle:
        ox.serialize(store.store.quads_for_pattern(None, None, None, None), handle, format=ox.RdfFormat.N_QUADS)
    store.close()
    report["virtuoso"] = _virtuoso(work, dump, questions, runs, virtuoso_buffers, any_query, bind_parameters)
    if report["virtuoso"].get("measured"):
        report["ours_vs_virtuoso"] = {key: ours[key] / report["virtuoso"]["best_s"][key] for key in ours}
    dump.unlink()
    shutil.rmtree(store_path)
    report["load_average_end"] = os.getloadavg()
    return report


def _virtuoso(work: Path, dump: Path, questions: dict, runs: int, buffers: int, any_query, bind_parameters) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import virtuoso_server

    from kg.store.remote import RemoteStore

    if not virtuoso_server.available():
        return {"measured": False, "why": "virtuoso-opensource is not installed"}
    figures: dict = {"measured": True, "sent_s": {}, "own_text_s": {}, "best_s": {}}
    try:
        with virtuoso_server.bulk_loaded(dump, work / "cube-virtuoso", buffers) as server:
            remote = RemoteStore(server["endpoint"])
            figures["load_s"] = server["load_s"]
            for key, calls in questions.items():
                sent = own = 0.0
                for name, params in calls:
                    query = any_query(name)
                    bindings = bind_parameters(query, params)
                    sent += _median(lambda q=query, b=bindings: remote.select(q.text_for(b), b), runs)
                    own += _median(lambda q=query, b=bindings: remote.select(q.text, b), runs)
                figures["sent_s"][key], figures["own_text_s"][key] = sent, own
                figures["best_s"][key] = min(sent, own)
    except SystemExit as failure:  # the peer failed: said in the figures, the rest of the run is kept
        print(failure, file=sys.stderr)
        return {"measured": False, "why": str(failure)}
    finally:
        shutil.rmtree(work / "cube-virtuoso", ignore_errors=True)
    return figures


def against_rdflib(triples: int, runs: int) -> dict:
    """The four queries of item 5: ours (pyoxigraph in memory, and on disk) against rdflib's in-memory
    ``Dataset`` on the same quads (``benchmarks/queries.py``'s data and parameters), ratios rdflib ÷ ours."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import queries

    report = queries.run_size(triples, runs, 1, True, only=FOUR)
    found: dict = {"triples": report["triples"], "load_average": os.getloadavg(), "queries": {}}
    for name in FOUR:
        entry = report["queries"][name]
        found["queries"][name] = {
            "rdflib_ms": entry["rdflib"] * 1000,
            "memory_ms": entry["memory"] * 1000,
            "disk_ms": entry["oxigraph"] * 1000,
            "ratio_memory": entry["rdflib"] / entry["memory"],
            "ratio_disk": entry["rdflib"] / entry["oxigraph"],
            "rows": entry["rows"],
            "rdflib_rows": entry["rdflib_rows"],
        }
    return found
