"""Benchmark: conversion and validation of generated submissions, our SPARQL engine against pySHACL.

    python benchmarks/validate.py                    # 10k, 100k, 1M triples + the CLI on 5,000 rows
    python benchmarks/validate.py --sizes 10000 100000 --runs 3 --pyshacl-limit 900

For each size a CSV with ~1% planted defects is generated (scripts/generate_submissions.py). Each measurement
runs in its own subprocess, so the peak memory (max RSS) is that engine's own: the child reads the CSV,
converts it (timed), validates (timed: the engine on batches of whole submissions, each result placed on its
row and column, as ``kotacerdas validate`` does) and reports. Ours is the median of ``--runs``; pySHACL runs once per
size and is stopped when its validation passes ``--pyshacl-limit`` seconds (15 minutes): the ratio is then a
lower bound, ``≥ limit / ours``, and its peak memory the largest RSS seen until then (sampled from /proc).
Then the whole ``kotacerdas validate`` command on a 5,000-row CSV, with and without
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
from kg.submissions.convert import convert_file
from kg.submissions import validation as validation
engine = sys.argv[2]
if engine == "sparql":
    validation.sparql_engine()          # compiling the shapes is a one-off per process, timed apart
validation.reference_ntriples()
start = time.perf_counter()
conversion = convert_file(sys.argv[1])
converted = time.perf_counter()
print(json.dumps({"ready": conversion.triple_count}), flush=True)
results, _fallback = validation.validate_conversion(conversion, engine=engine)  # what `validate` runs
done = time.perf_counter()
print(json.dumps({
    "triples": conversion.triple_count, "convert_s": converted - start, "validate_s": done - converted,
    "results": len(results), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _peak_mb(pid: int) -> float:
    """A live process's peak RSS so far (VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def child(csv_path: Path, engine: str, limit: float | None) -> dict:
    """One measurement in its own process; ``limit`` caps the validation step (from its start), after which
    the child is killed and ``{"stopped": True, "validate_s": limit, "peak_mb": peak so far}`` returned."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(csv_path), engine], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    ready = json.loads(process.stdout.readline())  # conversion done, validation starts now
    started = time.perf_counter()
    peak = 0.0
    while True:
        try:
            process.wait(timeout=1.0)
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, _peak_mb(process.pid))
            if limit is not None and time.perf_counter() - started > limit:
                process.kill()
                process.wait()
                return {
                    "stopped": True,
                    "triples": ready["ready"],
                    "validate_s": limit,
                    "peak_mb": peak,
                    "results": None,
                }
    output = process.stdout.read()
    if process.returncode != 0:
        raise RuntimeError(f"{engine} child failed: {process.stderr.read()[-2000:]}")
    return json.loads(output.strip().splitlines()[-1])


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
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            *size,
            "--defects",
            "0.01",
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


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> int:
    return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


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
        for size in args.sizes:
            csv_path = generate(folder, triples=size)
            ours = [child(csv_path, "sparql", None) for _ in range(args.runs)]
            median = {
                key: statistics.median(run[key] for run in ours) for key in ("convert_s", "validate_s", "peak_mb")
            }
            triples = ours[0]["triples"]
            notes = []
            if abs(triples - size) > 0.02 * size:
                notes.append(f"{triples:,} triples: more than 2% from {size:,}")
            reference = child(csv_path, "pyshacl", args.pyshacl_limit)
            if reference.get("stopped"):
                notes.append(
                    f"pySHACL stopped at the {args.pyshacl_limit:.0f}-second cap: its time, peak "
                    "memory (largest RSS seen) and the ratio are lower bounds"
                )
            elif reference["results"] != ours[0]["results"]:
                notes.append(f"result counts differ: {reference['results']} vs {ours[0]['results']}")
            note = "; ".join(notes)
            rows.append((size, triples, ours[0]["results"], median, reference, note))
            print(json.dumps({"size": size, "ours": median, "pyshacl": reference, "note": note}), flush=True)
        cli_csv = generate(folder, rows=args.cli_rows)
        command = [
            sys.executable,
            "-c",
            CLI_ENTRY,
            "validate",
            str(cli_csv),
            "--format",
            "json",
            "--out",
            str(folder / "report.json"),
        ]
        cli_ours = statistics.median(timed(command) for _ in range(args.runs))
        cli_reference = timed(command + ["--engine", "pyshacl"], args.pyshacl_limit)
        startup = statistics.median(timed([sys.executable, "-c", CLI_ENTRY, "--help"]) for _ in range(args.runs))
        cli_triples = child(cli_csv, "sparql", None)["triples"]
    lines.append("# Validation benchmark / Tolok ukur validasi")
    lines.append("")
    lines.append(
        f"Measured by `python benchmarks/validate.py` on {time.strftime('%Y-%m-%d')}, {_cpu_name()}, "
        f"{os.cpu_count()} cores, {_memory_gb()} GB RAM, Python {platform.python_version()}, "
        f"pyoxigraph {_version('pyoxigraph')}, pySHACL {_version('pyshacl')}, "
        f"rdflib {_version('rdflib')}; generated submissions (all "
        "kabupaten/kota, 2023–2025, ~1% planted defects), shapes `shapes/programs.ttl` with the ontology "
        f"and the region registry. Ours: median of {args.runs} runs, each in its own process; pySHACL "
        "(`pyshacl.validate`, default options): one run. Peak memory is the process's maximum RSS."
    )
    lines.append("")
    lines.append(
        "| triples | results | conversion (s) | ours: validation (s) | ours: peak MB | pySHACL: validation (s) "
        "| pySHACL: peak MB | ratio |"
    )
    lines.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, triples, results, median, reference, _note in rows:
        bound = "≥ " if reference.get("stopped") else ""
        ref_time, ref_mb = f"{bound}{reference['validate_s']:.2f}", f"{bound}{reference['peak_mb']:.0f}"
        ratio = f"{bound}{reference['validate_s'] / median['validate_s']:.0f}×"
        lines.append(
            f"| {triples:,} ({human(size)}) | {results} | {median['convert_s']:.2f} | "
            f"{median['validate_s']:.2f} | {median['peak_mb']:.0f} | {ref_time} | {ref_mb} | {ratio} |"
        )
    if any(note for *_, note in rows):
        lines.append("")
    for size, *_, note in rows:
        if note:
            lines.append(f"- {human(size)}: {note}.")
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
