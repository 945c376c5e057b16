"""Shared indicators (issue 22, item 5): the scheme generated from its table, suggestions for free-text
indicators in validate, the indikator_bersama column linking an indicator to the scheme, and the region an
assessment assesses (SAREF4CITY)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.framework.indicators import read_table, sdg_iri, shared_indicators
from kg.suggest.indicators import suggest_shared_indicator

ROOT = Path(__file__).resolve().parents[1]
S4CITY_ASSESSES = "https://saref.etsi.org/saref4city/assesses"
SHARED = "https://w3id.org/kotacerdas/ontology#sharedIndicator"

HEADER = "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status,indikator,indikator_bersama,satuan,target,realisasi"
ROWS = [
    "P-001,32.73,2025,Penguatan SPBE,Dinas Komunikasi dan Informatika,GOV-04,1500000000,berjalan,Indeks SPBE,ID-SPBE,indeks,3.5,3.2",
    "P-002,32.73,2025,Air minum perpipaan,Dinas Pekerjaan Umum dan Penataan Ruang,LIV-05,900000000,berjalan,"
    "Persentase rumah tangga dengan akses air minum layak,,persen,90,85",
    "P-003,32.73,2025,Bank sampah,Dinas Lingkungan Hidup,ENV-02,100000000,berjalan,Jumlah bank sampah,XX-99,unit,10,8",
]


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shared") / "program.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_scheme_table_is_complete_and_module_current() -> None:
    rows = read_table()
    assert len(rows) == len(shared_indicators()) >= 20
    for row in rows:
        assert row.label_id and row.label_en and row.definition_id and row.definition_en and row.source
    assert {row.notation for row in rows} >= {"ID-SPBE", "ID-IKM", "ID-AIR-LAYAK", "SDG-6.1.1", "ISO37120-5.1"}
    assert sdg_iri("6.1.1") == "http://metadata.un.org/sdg/C060101"
    assert sdg_iri("9.c.1") == "http://metadata.un.org/sdg/C090c01"
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_indicators.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_sdg_matches_are_in_the_un_scheme() -> None:
    """Every SDG indicator the scheme matches is a concept of the UN SDG KOS vendored in shared/."""
    kos = ROOT.parent / "shared" / "sdg-kos" / "sdg-kos-goals-targets-indicators.ttl"
    if not kos.is_file():
        pytest.skip("shared/sdg-kos not beside the repository")
    text = kos.read_text(encoding="utf-8")
    for row in read_table():
        if row.sdg:
            assert f"sdg:{sdg_iri(row.sdg).rsplit('/', 1)[1]} " in text, row.sdg


def test_table_error_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "shared.csv"
    lines = (ROOT / "ontology" / "indicators" / "shared-indicators.csv").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1], lines[1]]) + "\n", encoding="utf-8")
    from kg.core.errors import InputError

    with pytest.raises(InputError) as error:
        read_table(bad)
    assert "3" in str(error.value) and "line 2" in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Indeks SPBE", "ID-SPBE"),
        ("Indeks Kepuasan Masyarakat", "ID-IKM"),
        ("Persentase rumah tangga akses air minum layak", "ID-AIR-LAYAK"),
        ("Tingkat pengangguran terbuka", "ID-TPT"),
        ("Persentase sampah terkelola", "SDG-11.6.1"),
        ("Jumlah TPS liar", None),
        ("Jumlah layanan daring", None),
    ],
)
def test_suggestion_of_free_text(text: str, expected: str | None) -> None:
    found = suggest_shared_indicator(text)
    assert (found.notation if found else None) == expected


def test_validate_suggests_links_and_warns(programs: Path) -> None:
    answer = _kg("validate", str(programs), "--format", "json", "--lang", "en", cwd=programs.parent)
    assert answer.returncode == 0, answer.stderr
    results = json.loads(answer.stdout)["results"]
    infos = [r for r in results if "matching shared indicator" in r["message"]]
    assert [(r["row"], r["column"]) for r in infos] == [(3, "indikator")]
    assert "ID-AIR-LAYAK" in infos[0]["message"] and infos[0]["severity"] == "Info"
    unknown = [r for r in results if r["column"] == "indikator_bersama"]
    assert [(r["row"], r["severity"], r["value"]) for r in unknown] == [(4, "Warning", "XX-99")]


def test_convert_links_shared_indicator_and_assessed_region(programs: Path) -> None:
    answer = _kg("convert", str(programs), "--to", "nt", cwd=programs.parent)
    assert answer.returncode in (0, 1), answer.stderr
    lines = answer.stdout.splitlines()
    linked = [line for line in lines if SHARED in line]
    assert (
        "<https://w3id.org/kotacerdas/id/program/32.73/2025/P-001/indicator> "
        f"<{SHARED}> <https://w3id.org/kotacerdas/ontology/indicators#ID-SPBE> ." in linked
    )
    assessed = [line for line in lines if S4CITY_ASSESSES in line]
    assert len(assessed) == 3
    assert all(line.endswith("<https://w3id.org/kotacerdas/id/region/32.73> .") for line in assessed)


def test_indicator_sheet_rows_assess_their_region() -> None:
    examples = ROOT / "examples"
    answer = _kg(
        "convert",
        str(examples / "contoh-kota-banjarmasin-2025.csv"),
        "--indicators",
        str(examples / "contoh-kota-banjarmasin-2025-indikator.csv"),
        "--to",
        "nt",
        cwd=examples,
    )
    assessed = [line for line in answer.stdout.splitlines() if S4CITY_ASSESSES in line]
    assert assessed and all("<https://w3id.org/kotacerdas/id/region/63.71> ." in line for line in assessed)
    assert any("/indicator/indeks-spbe/2025>" in line for line in assessed)
