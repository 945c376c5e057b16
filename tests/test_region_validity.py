"""A submission's region code is checked against its fiscal year: 91.01 (Kabupaten Merauke in Papua) is valid in
2020 and in 2022, the year Papua Selatan was formed; in 2025 it is a Violation on kode_wilayah that names its
successor 93.01, in both languages; 93.01 before 2022 names 91.01. Both SHACL engines agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.submissions.validation import validate_files

DATA = Path(__file__).parent / "data" / "submissions"
HEADER = (
    "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status,tanggal_mulai,"
    "tanggal_selesai,kelompok_sasaran,indikator,satuan,target,realisasi\n"
)


def _region_results(outcome) -> list:
    return [r for r in outcome.results if r.shape.endswith("RegionInForceShape")]


@pytest.mark.parametrize("engine", ["sparql", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_codes_used_in_their_own_years_conform(engine: str) -> None:
    outcome = validate_files([DATA / "merauke-2020-2025.csv"], engine=engine)  # type: ignore[arg-type]
    assert outcome.results == []
    assert {key for key in outcome.submissions} == {("91.01", 2020), ("93.01", 2025)}


@pytest.mark.parametrize("engine", ["sparql", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_a_code_out_of_its_time_is_a_violation_naming_the_code_to_use(engine: str) -> None:
    outcome = validate_files([DATA / "merauke-codes-out-of-time.csv"], engine=engine)  # type: ignore[arg-type]
    found = _region_results(outcome)
    # rows as the steward sees them: the header is row 1 (docs/design.md)
    assert [(r.row, r.column, r.severity) for r in found] == [
        (2, "kode_wilayah", "Violation"),
        (3, "kode_wilayah", "Violation"),
    ]
    assert outcome.results == found, "the 2022 rows (the year of the change) accept both codes"
    late, early = found
    assert "91.01" in late.message and "2025" in late.message and "93.01 (Kabupaten Merauke)" in late.message
    assert "tidak berlaku lagi" in late.message
    assert "93.01" in early.message and "2020" in early.message and "91.01 (Kabupaten Merauke)" in early.message
    english = _region_results(validate_files([DATA / "merauke-codes-out-of-time.csv"], lang="en", engine=engine))  # type: ignore[arg-type]
    assert "no longer in force in fiscal year 2025" in english[0].message and "use 93.01" in english[0].message
    assert "not yet in force in fiscal year 2020" in english[1].message and "91.01" in english[1].message


def test_a_new_province_before_it_was_formed_names_the_province_it_came_from(tmp_path: Path) -> None:
    path = tmp_path / "papua-selatan-2021.csv"
    path.write_text(
        HEADER + "PS-001,93,2021,Satu Data Provinsi,Dinas Komunikasi dan Informatika,GOV-05,"
        "100000000,selesai,2021-02-01,2021-11-30,umum,,,,\n",
        encoding="utf-8",
    )
    (result,) = _region_results(validate_files([path], lang="en"))
    assert result.column == "kode_wilayah" and "93 (Papua Selatan)" in result.message
    assert "91 (Papua)" in result.message


def test_jakarta_administrative_cities_still_validate(tmp_path: Path) -> None:
    path = tmp_path / "jakarta-pusat-2025.csv"
    path.write_text(
        HEADER + "JP-001,31.71,2025,Jakarta Kini,Dinas Komunikasi Informatika dan Statistik,GOV-04,"
        "2000000000,berjalan,2025-01-15,2025-12-15,umum,Jumlah aduan,aduan,100,80\n",
        encoding="utf-8",
    )
    assert validate_files([path]).results == []


@pytest.mark.parametrize("engine", ["sparql", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_papua_barat_daya_keeps_its_92_codes_until_the_code_decree_of_2025(tmp_path: Path, engine: str) -> None:
    """UU 29/2022 formed Papua Barat Daya on 2022-12-08; its 96 codes come from Kepmendagri 300.2.2-2138/2025
    (2025-04-25), so a FY2024 row with 92.01 (Kabupaten Sorong) conforms and one with 96.01 is refused."""
    path = tmp_path / "sorong.csv"
    row = ",Sorong Satu Data,Dinas Komunikasi dan Informatika,GOV-05,100000000,selesai,{year}-02-01,{year}-11-30,umum,,,,\n"
    path.write_text(
        HEADER
        + "SRG-001,92.01,2024"
        + row.format(year=2024)
        + "SRG-002,96.01,2024"
        + row.format(year=2024)
        + "SRG-003,92.01,2025"
        + row.format(year=2025)
        + "SRG-004,96.01,2025"
        + row.format(year=2025),
        encoding="utf-8",
    )
    outcome = validate_files([path], lang="en", engine=engine)  # type: ignore[arg-type]
    (refused,) = _region_results(outcome)
    assert (refused.row, refused.column) == (3, "kode_wilayah")
    assert "96.01" in refused.message and "not yet in force in fiscal year 2024" in refused.message
    assert "92.01 (Kabupaten Sorong)" in refused.message
    assert outcome.results == [refused]
