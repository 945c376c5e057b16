"""What the page tests share: a store with the examples and a hostile submission, a running ``serve`` on it, the
coverage numbers as ``kotacerdas query coverage`` gives them, and Debian's Chromium for Playwright."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from kg.core.resources import resource_path
from serve_helpers import example_files, kotacerdas, kotacerdas_in_process

CHROMIUM = os.environ.get("KOTACERDAS_CHROMIUM", "/usr/bin/chromium")
#: The flags a closed network needs (no Google lookups, no component updates) and a root user in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: A program name that must reach every page as text.
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_AGENCY = '"><img src=x onerror=alert(2)>'
HOSTILE_REGION = "73.71"
HOSTILE_YEAR = 2023
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "ci"


def write_hostile_submission(path: Path) -> Path:
    """A valid submission of Kota Makassar whose program and agency names are markup."""
    example = resource_path("examples", "contoh-kota-bandung.csv")
    with example.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        row = next(reader)
    row.update(
        id_program="HOSTILE-1",
        kode_wilayah=HOSTILE_REGION,
        tahun=str(HOSTILE_YEAR),
        nama_program=HOSTILE_NAME,
        perangkat_daerah=HOSTILE_AGENCY,
        tanggal_mulai=f"{HOSTILE_YEAR}-01-15",
        tanggal_selesai=f"{HOSTILE_YEAR}-12-15",
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow(row)
    return path


def build_store(folder: Path) -> Path:
    """A store with every clean example and the hostile submission loaded."""
    hostile = write_hostile_submission(folder / "hostile.csv")
    loaded = kotacerdas_in_process(
        "load", *map(str, example_files()), str(hostile), "--store", str(folder / "store"), "--origin", "ilustratif"
    )
    assert loaded.returncode == 0, loaded.stderr
    return folder / "store"


def coverage_rows(store: Path, **params: str) -> list[dict]:
    """``kotacerdas query coverage --format json`` with ``params``."""
    options = [item for key, value in params.items() for item in ("--param", f"{key}={value}")]
    done = kotacerdas("query", "coverage", *options, "--format", "json", "--store", str(store))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def six_dimensions(rows: list[dict], region: str) -> dict[str, tuple[int, int, float]]:
    """``{dimension: (covered, total, coverage)}`` for the six dimensions: the query's rows, 0 where it has none."""
    from kg.framework.concepts import dimensions, initiatives

    totals = {d.notation: sum(1 for i in initiatives() if i.dimension == d.notation) for d in dimensions()}
    figures = {notation: (0, total, 0.0) for notation, total in totals.items()}
    for row in rows:
        if row["region_code"] == region:
            figures[row["dimension"]] = (row["initiatives_covered"], row["initiatives_total"], float(row["coverage"]))
    return figures


def launch_chromium(playwright):
    """Debian's Chromium, headless, through Playwright (never ``playwright install``: it cannot download here)."""
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
