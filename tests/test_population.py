"""Population per region (issue 22, item 6): the vendored table is consistent with itself and the registry,
its module is current, and budget per inhabitant and per-100,000 values come from it (unknown: empty)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.core.errors import InputError
from kg.framework.population import RULE, populations, read_table

ROOT = Path(__file__).resolve().parents[1]


def test_table_is_consistent_and_complete() -> None:
    rows = read_table()
    assert len(rows) == 38 + 514
    by_code = {row.code: row for row in rows}
    for province in (row for row in rows if "." not in row.code):
        parts = [row.total for row in rows if row.code.startswith(province.code + ".")]
        assert sum(parts) == province.total, province.code
    assert by_code["32.73"].total == 2_591_763  # Kota Bandung, as the decree lists it
    assert sum(row.total for row in rows if "." not in row.code) == 284_973_643
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_population.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert RULE


def test_bad_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "population.csv"
    bad.write_text("code,name,male,female,total\n32.73,Kota Bandung,1,2,4\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_table(bad)
    assert str(bad) in str(error.value) and "row 2" in str(error.value)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("population")
    examples = ROOT / "examples"
    # Kabupaten Merauke under its pre-2022 code 91.01: a real region the 2025 decree no longer lists
    old = folder / "merauke-2021.csv"
    old.write_text(
        "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status,indikator,satuan,target,realisasi\n"
        "M-1,91.01,2021,Posyandu keliling,Dinas Kesehatan,LIV-05,500000000,selesai,Jumlah posyandu aktif,unit,20,18\n",
        encoding="utf-8",
    )
    files = [str(examples / "contoh-kota-bandung.csv"), str(old)]
    answer = subprocess.run(
        [sys.executable, "-m", "kg", "load", *files, "--store", str(folder / "store")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert answer.returncode == 0, answer.stderr + answer.stdout
    return folder / "store"


def _rows(store: Path, name: str, *params: str) -> list[dict]:
    import json

    args = [sys.executable, "-m", "kg", "query", name, "--store", str(store), "--format", "json"]
    for item in params:
        args += ["--param", item]
    answer = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def test_budget_per_inhabitant_divides_by_the_registry_population(store: Path) -> None:
    rows = {(row["region_code"], row["year"]): row for row in _rows(store, "budget-per-inhabitant")}
    totals = {row["year"]: row["budget"] for row in _rows(store, "budget-total", "region=32.73")}
    bandung = rows[("32.73", 2024)]
    assert bandung["budget"] == totals[2024]
    assert bandung["population"] == populations()["32.73"].total
    assert bandung["budget_per_inhabitant"] == pytest.approx(totals[2024] / populations()["32.73"].total)
    merauke = rows[("91.01", 2021)]
    assert merauke["budget"] == 500_000_000
    assert merauke["population"] is None and merauke["budget_per_inhabitant"] is None


def test_achievement_per_100k_only_for_counts_with_a_population(store: Path) -> None:
    rows = _rows(store, "program-achievement")
    counted = [row for row in rows if row["region_code"] == "32.73" and row["achieved_per_100k"] is not None]
    assert counted, "Bandung's count indicators (layanan, set data) get a per-100,000 value"
    for row in counted:
        assert row["achieved_per_100k"] == pytest.approx(row["achieved"] * 100_000 / populations()["32.73"].total)
    merauke = [row for row in rows if row["region_code"] == "91.01"]
    assert merauke and all(row["population"] is None and row["achieved_per_100k"] is None for row in merauke)
