"""Benchmark: what ``kotacerdas serve``'s bounds cost and hold (issue 24), on a real server on 127.0.0.1.

    python benchmarks/serve_bounds.py                 # the examples' store, a 60,000-row upload
    python benchmarks/serve_bounds.py --rows 20000    # a smaller upload

Measured, every loop bounded in count and time:

- the memory of a query worker when idle (the bound of one query is that plus ``--query-memory``);
- ``/`` and a region's Turtle: median answer time over ``--requests`` requests, idle and while every query
  worker evaluates a never-ending ``COUNT``;
- a cartesian ``ORDER BY`` stopped at the memory cap: time to its 503, the server's own memory before and after;
- an upload of ``--rows`` rows, each with a violation (the 60,000-row case of the issue): time to the page, the
  check process's peak memory, the server's memory before and after, the page's size.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = re.compile(r"(http://\S+/) siap / ready")
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER (?a != <urn:x:{0}>) }}"
CARTESIAN_SORT = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


def resident_mb(pid: int) -> float:
    """The process's resident memory in MB (kg.store.bounded's reading), 0 once it has ended."""
    from kg.store.bounded import resident_mb as reading

    return reading(pid) or 0.0


def children(pid: int, marker: bytes) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
        if parent == str(pid) and marker in command:
            found.append(int(entry.name))
    return found


def request(url: str, accept: str = "text/html", data: bytes | None = None, headers: dict | None = None):
    started = time.perf_counter()
    req = urllib.request.Request(url, data=data, headers={"Accept": accept, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=600) as answer:
            body, status = answer.read(), answer.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, body, time.perf_counter() - started


def kotacerdas(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "kg", *args], check=True, capture_output=True)


def start(store: Path, log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", "--store", str(store), "--quiet", *args],
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = READY.search(log.read_text())
        if found:
            return process, found.group(1)
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"serve did not start:\n{log.read_text()}")


def upload_file(path: Path, rows: int) -> Path:
    """``rows`` programs of one region and year, each with an unreadable status (one violation per row)."""
    example = ROOT / "examples" / "contoh-kota-bandung.csv"
    with example.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, template = reader.fieldnames, next(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for number in range(1, rows + 1):
            writer.writerow(
                {
                    **template,
                    "id_program": f"B-{number:06d}",
                    "tahun": "2025",
                    "status": "jalan",
                    "tanggal_mulai": "2025-01-15",
                    "tanggal_selesai": "2025-12-15",
                    "nama_program": f"{template['nama_program']} {number}",
                }
            )
    return path


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = "kotacerdasbenchmark"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def median_times(url: str, accept: str, count: int) -> float:
    return statistics.median(request(url, accept)[2] for _ in range(count)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=20)
    options = parser.parse_args()
    report: dict[str, object] = {"date": time.strftime("%Y-%m-%d"), "load_average": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        store = folder / "store"
        kotacerdas(
            "load",
            *[str(p) for p in sorted((ROOT / "examples").glob("*.csv")) if "kesalahan" not in p.name],
            "--store",
            str(store),
        )
        process, url = start(store, folder / "serve.log", "--workers", "2", "--timeout", "30", "--client-queries", "8")
        try:
            deadline = time.monotonic() + 60
            while len(children(process.pid, b"kg.store.query_workers")) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            request(url + "sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"), "application/sparql-results+json")
            workers = children(process.pid, b"kg.store.query_workers")
            report["worker_idle_mb"] = round(statistics.median(resident_mb(pid) for pid in workers), 1)
            report["server_idle_mb"] = round(resident_mb(process.pid), 1)
            report["home_ms_idle"] = round(median_times(url, "text/html", options.requests), 1)
            report["region_ms_idle"] = round(median_times(url + "id/region/32.73", "text/turtle", options.requests), 1)

            threads = [
                threading.Thread(
                    target=request,
                    args=(
                        url + "sparql?query=" + urllib.parse.quote(ENDLESS.format(number)),
                        "application/sparql-results+json",
                    ),
                )
                for number in range(2)
            ]
            for thread in threads:
                thread.start()
            time.sleep(1.0)  # both workers evaluating (a benchmark, not a test: the figure is what it measures)
            report["home_ms_workers_full"] = round(median_times(url, "text/html", options.requests), 1)
            report["region_ms_workers_full"] = round(
                median_times(url + "id/region/32.73", "text/turtle", options.requests), 1
            )
            for thread in threads:
                thread.join(120)

            before = resident_mb(process.pid)
            status, body, seconds = request(
                url + "sparql?query=" + urllib.parse.quote(CARTESIAN_SORT), "application/sparql-results+json"
            )
            report["cartesian_sort"] = {
                "status": status,
                "seconds": round(seconds, 2),
                "server_mb_before": round(before, 1),
                "server_mb_after": round(resident_mb(process.pid), 1),
            }

            path = upload_file(folder / "upload.csv", options.rows)
            body, media = multipart(path)
            before = resident_mb(process.pid)
            peak = [0.0]
            done = threading.Event()

            def watch() -> None:
                while not done.is_set():
                    for pid in children(process.pid, b"kg.web.upload_checks"):
                        peak[0] = max(peak[0], resident_mb(pid))
                    time.sleep(0.05)

            watcher = threading.Thread(target=watch)
            watcher.start()
            status, page, seconds = request(url + "validate", data=body, headers={"Content-Type": media})
            done.set()
            watcher.join()
            report["upload"] = {
                "rows": options.rows,
                "bytes": path.stat().st_size,
                "status": status,
                "seconds": round(seconds, 1),
                "check_peak_mb": round(peak[0], 1),
                "server_mb_before": round(before, 1),
                "server_mb_after": round(resident_mb(process.pid), 1),
                "page_bytes": len(page),
            }
        finally:
            process.terminate()
            process.wait(30)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
