"""Benchmark: conversion and validation of generated submissions, our SPARQL engine against pySHACL.

    python benchmarks/validate.py                    # 10k, 100k, 1M triples + the CLI on 5,000 rows
    python benchmarks/validate.py --sizes 10000 100000 --runs 3 --pyshacl-limit 900

For each size a CSV with ~1% planted defects is generated (scripts/generate_submissions.py). Each measurement
runs in its own subprocess, so the peak memory (max RSS) is that engine's own: the child reads the CSV,
converts it (timed), validates (timed) and reports. Ours is the median of ``--runs``; pySHACL runs once and
is skipped when a smaller size already took longer than ``--pyshacl-limit`` seconds scaled to this size (or
killed at the limit). Then the whole ``kotacerdas validate`` command on a 5,000-row CSV, with and without
``--engine pyshacl``, and the CLI's start-up time. Results go to stdout and docs/benchmarks-validation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
GENERATOR = REPOSITORY / "scripts" / "generate_submissions.py"
CLI_ENTRY = "import sys, kg.cli.submission_commands; from kg.cli import main; sys.argv[0] = 'kotacerdas'; main()"

CHILD = r"""
import json, resource, sys, time
from kg.convert import convert_file
from kg import validation
engine = sys.argv[2]
if engine == "sparql":
    validation.sparql_engine()          # compiling the shapes is a one-off per process, timed apart
validation.reference_ntriples()
start = time.perf_counter()
conversion = convert_file(sys.argv[1])
converted = time.perf_counter()
report = validation.run_engine(conversion.ntriples, engine)
done = time.perf_counter()
print(json.dumps({
    "triples": conversion.triple_count, "convert_s": converted - start, "validate_s": done - converted,
    "results": len(report.results), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def child(csv_path: Path, engine: str, limit: float | None) -> dict | None:
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(csv_path), engine], capture_output=True, text=True,
                              timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(command: list[str], limit: float | None = None) -> float | None:
    start = time.perf_counter()
    try:
        subprocess.run(command, capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def generate(folder: Path, *, triples: int | None = None, rows: int | None = None) -> Path:
    name = f"t{triples}" if triples else f"r{rows}"
    path = folder / f"{name}.csv"
    size = ["--triples", str(triples)] if triples else ["--rows", str(rows)]
    subprocess.run([sys.executable, str(GENERATOR), *size, "--defects", "0.01", "--seed", "1",
                    "--years", "2023-2025", "--out", str(path)], check=True, capture_output=True)
    return path


def human(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pyshacl-limit", type=float, default=900.0, help="seconds (15 minutes)")
    parser.add_argument("--cli-rows", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=REPOSITORY / "docs" / "benchmarks-validation.md")
    args = parser.parse_args(argv)
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        rows = []
        pyshacl_rate = None  # seconds per triple seen so far, to skip sizes that would pass the limit
        for size in args.sizes:
            csv_path = generate(folder, triples=size)
            ours = [child(csv_path, "sparql", None) for _ in range(args.runs)]
            median = {key: statistics.median(run[key] for run in ours) for key in ("convert_s", "validate_s", "peak_mb")}
            triples = ours[0]["triples"]
            reference = None
            note = ""
            if pyshacl_rate is not None and pyshacl_rate * triples > args.pyshacl_limit:
                note = f"skipped: about {pyshacl_rate * triples / 60:.0f} min expected (> {args.pyshacl_limit / 60:.0f} min)"
            else:
                reference = child(csv_path, "pyshacl", args.pyshacl_limit)
                if reference is None:
                    note = f"stopped at {args.pyshacl_limit / 60:.0f} min"
                else:
                    pyshacl_rate = reference["validate_s"] / triples
                    if reference["results"] != ours[0]["results"]:
                        note = f"result counts differ: {reference['results']} vs {ours[0]['results']}"
            rows.append((size, triples, ours[0]["results"], median, reference, note))
            print(json.dumps({"size": size, "ours": median, "pyshacl": reference, "note": note}), flush=True)
        cli_csv = generate(folder, rows=args.cli_rows)
        command = [sys.executable, "-c", CLI_ENTRY, "validate", str(cli_csv), "--format", "json",
                   "--out", str(folder / "report.json")]
        cli_ours = statistics.median(timed(command) for _ in range(args.runs))
        cli_reference = timed(command + ["--engine", "pyshacl"], args.pyshacl_limit)
        startup = statistics.median(timed([sys.executable, "-c", CLI_ENTRY, "--help"]) for _ in range(args.runs))
        cli_triples = json.loads(subprocess.run([sys.executable, "-c", CHILD, str(cli_csv), "sparql"],
                                                capture_output=True, text=True).stdout)["triples"]
    lines.append("# Validation benchmark / Tolok ukur validasi")
    lines.append("")
    lines.append(f"Measured by `python benchmarks/validate.py` on {platform.processor() or platform.machine()}, "
                 f"{os.cpu_count()} cores, Python {platform.python_version()}; generated submissions (all "
                 "kabupaten/kota, 2023–2025, ~1% planted defects), shapes `shapes/programs.ttl` with the ontology "
                 f"and the region registry. Ours: median of {args.runs} runs, each in its own process; pySHACL "
                 "(`pyshacl.validate`, default options): one run. Peak memory is the process's maximum RSS.")
    lines.append("")
    lines.append("| triples | results | conversion (s) | ours: validation (s) | ours: peak MB | pySHACL: validation (s) "
                 "| pySHACL: peak MB | ratio |")
    lines.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, triples, results, median, reference, note in rows:
        if reference:
            ref_time, ref_mb = f"{reference['validate_s']:.2f}", f"{reference['peak_mb']:.0f}"
            ratio = f"{reference['validate_s'] / median['validate_s']:.0f}×"
        else:
            ref_time, ref_mb, ratio = note, "", ""
        lines.append(f"| {triples:,} ({human(size)}) | {results} | {median['convert_s']:.2f} | "
                     f"{median['validate_s']:.2f} | {median['peak_mb']:.0f} | {ref_time} | {ref_mb} | {ratio} |")
    lines.append("")
    lines.append(f"The whole command, `kotacerdas validate` on a {args.cli_rows:,}-row CSV ({cli_triples:,} triples):")
    lines.append("")
    lines.append("| command | seconds |")
    lines.append("| --- | ---: |")
    lines.append(f"| `kotacerdas --help` (start-up) | {startup:.2f} |")
    lines.append(f"| `kotacerdas validate programs.csv` | {cli_ours:.2f} |")
    reference_text = f"{cli_reference:.2f}" if cli_reference is not None else f"> {args.pyshacl_limit:.0f}"
    lines.append(f"| `kotacerdas validate programs.csv --engine pyshacl` | {reference_text} |")
    if cli_reference is not None:
        lines.append(f"| ratio | {cli_reference / cli_ours:.0f}× |")
    lines.append("")
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
