"""Benchmark: ``kotacerdas serve`` beside ``oxigraph serve-read-only`` on a copy of the same store.

    python benchmarks/serve.py                          # 100k triples, 16 clients, 10 s per run
    python benchmarks/serve.py --triples 100000 --duration 10 --clients 16 --out docs/benchmarks-serve.md
    python benchmarks/serve.py --startup-triples 1000000 # also: serve's start time and memory at 1M triples

Both servers listen on 127.0.0.1 only; every run is bounded (``--duration`` seconds of ``wrk``, Debian's
HTTP load generator, with ``--clients`` connections on 2 threads), ``--rounds`` runs per server, interleaved so
that both meet the same background load (medians reported). Runs, each measured after a 2 s warm-up:

- ``coverage`` of one region: the canned query with its parameter bound (the same SPARQL text) sent by GET to
  ``/sparql`` and to oxigraph's ``/query``, answers as SPARQL JSON;
- an IRI lookup: ``/id/region/32.73`` as Turtle from serve; on oxigraph, which has no linked-data paths, the
  same resource by ``DESCRIBE <…/id/region/32.73>`` as Turtle.

Serve answers repeated requests from its cache of the current store generation (the ETag/304 path is a
separate, cheaper case not measured here); oxigraph evaluates every request. The load average of the machine
is printed beside the figures: on a shared machine they are noisy, re-run on a quiet one.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGION = "32.73"


def _queries_benchmark():
    spec = importlib.util.spec_from_file_location("bench_queries", ROOT / "benchmarks" / "queries.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def build_store(folder: Path, triples: int) -> int:
    """An on-disk store with the reference data and about ``triples`` generated triples; the count."""
    from kg.store.embedded import EmbeddedStore

    graphs, count = _queries_benchmark().generate(triples)
    with EmbeddedStore(folder) as store:
        batch: dict[str, bytes] = {}
        size = 0
        for iri, data in graphs.items():
            batch[iri] = data
            size += data.count(b"\n")
            if size > 200_000:
                store.replace_graphs(batch)
                batch, size = {}, 0
        if batch:
            store.replace_graphs(batch)
        store.store.optimize()
    return count


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> float:
    import httpx

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            httpx.get(url, timeout=1)
            return time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def start_serve(store: Path, port: int, processes: int = 1) -> tuple[subprocess.Popen, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--store",
            str(store),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--processes",
            str(processes),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "siap / ready" in line:
            return process, time.perf_counter() - started
    raise RuntimeError("serve did not start")


def start_oxigraph(store: Path, port: int) -> subprocess.Popen:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    return process


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


_LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, accept: str, clients: int, duration: int) -> dict[str, float]:
    """Requests per second and latency percentiles (ms) from one bounded ``wrk`` run (after a warm-up)."""
    common = ["wrk", "-t2", f"-c{clients}", "-H", f"Accept: {accept}", "--latency", "--timeout", "10s"]
    subprocess.run([*common, "-d2s", url], capture_output=True, text=True, check=True)
    done = subprocess.run([*common, f"-d{duration}s", url], capture_output=True, text=True, check=True)
    text = done.stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        result[f"p{percentile}"] = float(match.group(1)) * _LATENCY_UNITS[match.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["errors"] = int(errors.group(1)) if errors else 0
    return result


def coverage_text() -> str:
    from kg.queries.canned import bind_parameters, canned_query
    from kg.store.sparql_text import bind_values

    query = canned_query("coverage")
    return bind_values(query.text, bind_parameters(query, {"region": REGION}))


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the rounds, and the lowest requests/s seen."""
    figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    figures["rps_min"] = min(run["rps"] for run in runs)
    return figures


def run(triples: int, clients: int, duration: int, rounds: int, processes: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="kc-bench-serve-"))
    try:
        store = work / "store"
        print(f"building a store of ~{triples} triples …", file=sys.stderr)
        count = build_store(store, triples)
        copy = work / "store-copy"
        shutil.copytree(store, copy)
        serve_port, ox_port = free_port(), free_port()
        serve, start_s = start_serve(store, serve_port, processes)
        oxigraph = start_oxigraph(copy, ox_port)
        try:
            query = urllib.parse.quote(coverage_text(), safe="")
            describe = urllib.parse.quote(f"DESCRIBE <https://w3id.org/kotacerdas/id/region/{REGION}>", safe="")
            cases = {
                "coverage (SPARQL JSON)": (
                    (f"http://127.0.0.1:{serve_port}/sparql?query={query}", "application/sparql-results+json"),
                    (f"http://127.0.0.1:{ox_port}/query?query={query}", "application/sparql-results+json"),
                ),
                f"/id/region/{REGION} as Turtle": (
                    (f"http://127.0.0.1:{serve_port}/id/region/{REGION}", "text/turtle"),
                    (f"http://127.0.0.1:{ox_port}/query?query={describe}", "text/turtle"),
                ),
            }
            results = {}
            for name, ((serve_url, accept), (ox_url, ox_accept)) in cases.items():
                load_before = os.getloadavg()[0]
                runs: dict[str, list[dict[str, float]]] = {"serve": [], "oxigraph": []}
                for _ in range(rounds):  # interleaved, so that both meet the same background load
                    runs["serve"].append(wrk(serve_url, accept, clients, duration))
                    runs["oxigraph"].append(wrk(ox_url, ox_accept, clients, duration))
                results[name] = {server: _median(items) for server, items in runs.items()}
                results[name]["load"] = (load_before, os.getloadavg()[0])
                print(f"{name}: {runs}  load {results[name]['load']}", file=sys.stderr)
            memory = rss_mb(serve.pid)  # the store's process (fronts hold their cache only)
        finally:
            for process in (serve, oxigraph):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        return {
            "triples": count,
            "clients": clients,
            "duration": duration,
            "rounds": rounds,
            "processes": processes,
            "start_s": start_s,
            "memory": memory,
            "results": results,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def startup(triples: int) -> dict:
    """serve's start time and memory on a store of ``triples`` triples (after one cold request of each kind)."""
    import httpx

    work = Path(tempfile.mkdtemp(prefix="kc-bench-serve-start-"))
    try:
        count = build_store(work / "store", triples)
        port = free_port()
        serve, start_s = start_serve(work / "store", port)
        try:
            after_start = rss_mb(serve.pid)
            timings = {}
            for name, url, accept in (
                (
                    "coverage",
                    f"http://127.0.0.1:{port}/sparql?query={urllib.parse.quote(coverage_text(), safe='')}",
                    "application/sparql-results+json",
                ),
                ("region", f"http://127.0.0.1:{port}/id/region/{REGION}", "text/turtle"),
                ("void", f"http://127.0.0.1:{port}/void", "text/turtle"),
            ):
                began = time.perf_counter()
                assert httpx.get(url, headers={"Accept": accept}, timeout=300).status_code == 200
                timings[name] = time.perf_counter() - began
            after_requests = rss_mb(serve.pid)
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=60)
        return {
            "triples": count,
            "start_s": start_s,
            "rss_start": after_start,
            "rss_after": after_requests,
            "first": timings,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def markdown(report: dict, start: dict | None) -> str:
    lines = [
        "# Benchmark: `kotacerdas serve` beside `oxigraph serve-read-only`",
        "",
        f"`python benchmarks/serve.py` — {report['triples']:,} triples, {report['clients']} concurrent connections "
        f"(wrk, 2 threads), {report['duration']} s per run after a 2 s warm-up, {report['rounds']} rounds interleaved "
        f"(serve, oxigraph, serve, …; medians, and the lowest requests/s of the rounds), 127.0.0.1 only; "
        f"{os.cpu_count()} cores shared with other work (load averages beside each row: re-run on a quiet machine). "
        f"serve runs with `--processes {report['processes']}` (the store's process and "
        f"{report['processes'] - 1} front process(es), kg.web.fronts); oxigraph uses all cores by itself.",
        "",
        "| request | server | requests/s (median) | lowest | p50 ms | p99 ms | non-2xx | load avg (before, after) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, entry in report["results"].items():
        for server in ("serve", "oxigraph"):
            figures = entry[server]
            lines.append(
                f"| {name} | {server} | {figures['rps']:.0f} | {figures['rps_min']:.0f} | {figures['p50']:.1f} | {figures['p99']:.1f} | "
                f"{figures['errors']} | {entry['load'][0]:.2f}, {entry['load'][1]:.2f} |"
            )
    lines += [
        "",
        f"serve started in {report['start_s']:.2f} s on this store; resident memory after the runs "
        f"{report['memory'][0]:.0f} MB (peak {report['memory'][1]:.0f} MB).",
    ]
    if start:
        first = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in start["first"].items())
        lines += [
            "",
            f"At {start['triples']:,} triples: serve starts in {start['start_s']:.2f} s (process start to listening, "
            f"Python imports included), {start['rss_start'][0]:.0f} MB resident after start, "
            f"{start['rss_after'][0]:.0f} MB (peak {start['rss_after'][1]:.0f} MB) after one cold request each of: {first}.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (bounded)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per server and request")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="serve --processes (default: cores)")
    parser.add_argument("--startup-triples", type=int, default=0, help="also measure start and memory at this size")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown report here")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk not found: apt-get install wrk", file=sys.stderr)
        return 2
    report = run(args.triples, args.clients, min(args.duration, 60), max(1, min(args.rounds, 9)), args.processes)
    start = startup(args.startup_triples) if args.startup_triples else None
    text = markdown(report, start)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
