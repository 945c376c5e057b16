"""Benchmark: how fast the pages render on the demo store (issue 10: the region page in under 1 s).

    python benchmarks/pages.py                 # demo store in a temporary folder, 15 rounds
    python benchmarks/pages.py --rounds 30

Builds the demo store (``kotacerdas demo``), starts ``kotacerdas serve`` on a free 127.0.0.1 port and measures,
per page, the time of a request the server has not answered before (a fresh ``?round=N`` each time, so the
answer cache never helps: the region profile's seven queries, the SVG charts and the template all run) and of
a repeated one (from the cache). Also the library alone: ``region_profile`` + ``render_region_report`` in this
process. Medians and the lowest figure; the machine's load average beside them (noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/id/region/32.73",
    "/id/region/32.73?year=2025",
    "/",
    "/dashboard",
    "/framework/GOV",
    "/framework/MOB-01",
    "/id/submission/32.73/2025",
    "/reports/region/32.73.html",
]


def _serve(store: Path, log: Path) -> tuple[subprocess.Popen, str]:
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "--quiet"],
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"(http://\S+/) siap / ready", log.read_text())
        if found:
            return process, found.group(1)
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"serve did not start:\n{log.read_text()}")


def _summary(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.1f} ms, lowest {min(samples) * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kc-bench-pages-") as folder:
        store = Path(folder) / "demo"
        subprocess.run([sys.executable, "-m", "kg", "demo", "--store", str(store)], check=True, capture_output=True)
        from kg.publish.region_profile import region_profile
        from kg.publish.region_report import render_region_report
        from kg.store.embedded import EmbeddedStore

        embedded = EmbeddedStore(store)
        library = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            render_region_report(region_profile(embedded, "32.73", lang="id"))
            library.append(time.perf_counter() - started)
        embedded.close()

        process, url = _serve(store, Path(folder) / "serve.log")
        try:
            with httpx.Client(timeout=30, headers={"Accept": "text/html"}) as client:
                print(f"load average {os.getloadavg()[0]:.2f} (2 cores; figures are noisy on a shared machine)")
                print(f"{'library: region profile + report':34} {_summary(library)}")
                for page in PAGES:
                    fresh, repeat = [], []
                    for number in range(args.rounds):
                        joiner = "&" if "?" in page else "?"
                        started = time.perf_counter()
                        answer = client.get(url + page.lstrip("/") + f"{joiner}round={number}")
                        fresh.append(time.perf_counter() - started)
                        assert answer.status_code == 200, (page, answer.status_code)
                        started = time.perf_counter()
                        client.get(url + page.lstrip("/") + f"{joiner}round={number}")
                        repeat.append(time.perf_counter() - started)
                    size = len(answer.content)
                    print(f"{page:34} first {_summary(fresh)} · repeated {_summary(repeat)} · {size / 1000:.0f} kB")
        finally:
            process.terminate()
            process.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
