"""Suggestions where stewards code: ``validate`` (an empty or unknown ``inisiatif`` names the three initiatives
the program's name suggests; a code far from the name gets an Info), the year-consistency Warning among files
validated together and at ``load`` against the store, and ``/suggest`` and ``/validate`` of a real server."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from serve_helpers import kotacerdas, kotacerdas_in_process, start_server

HEADER = "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status\n"


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def results(*args: str, lang: str = "id") -> list[dict]:
    done = kotacerdas_in_process("validate", *args, "--format", "json", "--lang", lang)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["results"]


def on(found: list[dict], file: str, row: int, column: str = "inisiatif") -> list[dict]:
    return [r for r in found if Path(r["file"]).name == file and r["row"] == row and r["column"] == column]


def test_empty_and_unknown_codes_name_what_the_program_name_suggests_in_both_languages(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        "P1,32.73,2025,Pembangunan bank sampah unit,DLH,,100000000,berjalan",
        "P2,32.73,2025,Penerapan SPBE,Diskominfo,GOV-99,100000000,berjalan",
        "P3,32.73,2025,Perpustakaan digital,Dispusip,Perpustakaan digital,100000000,berjalan",
    )
    for lang, says in (("id", "nama program mengarah ke"), ("en", "the program's name suggests")):
        found = results(str(path), lang=lang)
        for row, first in ((2, "ENV-03"), (3, "GOV-04"), (4, "SOC-07")):
            [result] = on(found, "p.csv", row)  # one message per cell, the suggestions in it
            assert result["severity"] == "Violation"
            advice = result["message"].split(says, 1)[1]
            assert advice.lstrip().startswith(first), result["message"]
            assert advice.count("(") == 3  # three initiatives, each with its label and words


def test_a_code_far_from_the_name_gets_an_info_and_a_fitting_one_does_not(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        "P1,32.73,2025,Pembangunan bank sampah di setiap kelurahan,DLH,SOC-12,100000000,berjalan",
        "P2,32.73,2025,Pembangunan bank sampah unit,DLH,ENV-03,100000000,berjalan",
        "P3,32.73,2025,Penerapan SPBE,Diskominfo,GOV-03,100000000,berjalan",  # same dimension: not far
    )
    found = results(str(path))
    [info] = on(found, "p.csv", 2)
    assert info["severity"] == "Info" and info["message"].startswith("Periksa: nama program mengarah ke ENV-03")
    assert "bukan SOC-12" in info["message"]
    assert on(found, "p.csv", 3) == [] and on(found, "p.csv", 4) == []
    [english] = on(results(str(path), lang="en"), "p.csv", 2)
    assert english["message"].startswith("Check: the program's name suggests ENV-03")


def test_suggestions_off_leave_the_messages_as_they_were(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "P1,32.73,2025,Pembangunan bank sampah,DLH,SOC-12,100000000,berjalan")
    done = kotacerdas_in_process("validate", str(path), "--format", "json", env={"KOTACERDAS_SUGGEST": "0"})
    assert on(json.loads(done.stdout)["results"], "p.csv", 2) == []


def test_the_same_program_coded_otherwise_in_two_years_is_warned_with_both_codings(tmp_path: Path) -> None:
    earlier = write(
        tmp_path / "2024.csv",
        "P1,32.73,2024,Penerapan SPBE,Diskominfo,GOV-04,100000000,berjalan",
        "P7,32.73,2024,Bank Sampah Induk,DLH,ENV-03,100000000,berjalan",
    )
    later = write(
        tmp_path / "2025.csv",
        "P1,32.73,2025,Penerapan SPBE tahap 2,Diskominfo,GOV-03;GOV-05,100000000,berjalan",  # same id
        "B9,32.73,2025,Bank sampah induk,DLH,ENV-04,100000000,berjalan",  # near-identical name
        "P3,32.73,2025,Bank sampah induk 2025,DLH,ENV-03,100000000,berjalan",  # the same coding: nothing
    )
    found = results(str(later), str(earlier))
    [by_id] = [r for r in on(found, "2025.csv", 2) if r["severity"] == "Warning"]
    assert "GOV-03; GOV-05 pada 2025" in by_id["message"] and "GOV-04 pada 2024" in by_id["message"]
    assert "2024.csv baris 2" in by_id["message"]
    [by_name] = [r for r in on(found, "2025.csv", 3) if r["severity"] == "Warning"]
    assert "ENV-04" in by_name["message"] and "ENV-03 pada 2024" in by_name["message"]
    assert [r for r in on(found, "2025.csv", 4) if r["severity"] == "Warning"] == []
    assert [r for r in found if r["severity"] == "Warning" and Path(r["file"]).name == "2024.csv"] == []


@pytest.mark.slow
def test_load_warns_against_the_regions_other_years_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    earlier = write(tmp_path / "2024.csv", "P1,32.73,2024,Penerapan SPBE,Diskominfo,GOV-04,100000000,berjalan")
    later = write(tmp_path / "2025.csv", "P1,32.73,2025,Penerapan SPBE,Diskominfo,GOV-03,100000000,berjalan")
    assert kotacerdas("load", str(earlier), "--store", str(store)).returncode == 0
    done = kotacerdas("load", str(later), "--store", str(store), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stdout and "GOV-03 in 2025 but GOV-04 in 2024" in " ".join(done.stdout.split())
    same = write(tmp_path / "2026.csv", "P1,32.73,2026,Penerapan SPBE,Diskominfo,GOV-04,100000000,berjalan")
    done = kotacerdas("load", str(same), "--store", str(store))
    said = " ".join(done.stdout.split())
    assert done.returncode == 0 and "GOV-04 pada 2024" not in said  # 2026 agrees with 2024, not with 2025
    assert "GOV-04 pada 2026 tetapi GOV-03 pada 2025" in said


@pytest.mark.slow
def test_suggest_and_validate_of_a_real_server(tmp_path: Path) -> None:
    server = start_server(tmp_path / "serve.log", "--store", str(tmp_path / "store"))
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            answer = client.get("/suggest", params={"text": "Bank sampah", "k": 2, "lang": "en"})
            assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
            body = answer.json()
            assert body["suggestions"][0]["initiative"] == "ENV-03"
            assert body["suggestions"][0]["label"] == "Waste and effluent management"
            assert len(body["suggestions"]) <= 2 and body["suggestions"][0]["words"] == ["bank sampah"]
            same = json.loads(
                kotacerdas("suggest", "Bank sampah", "-k", "2", "--lang", "en", "--format", "json").stdout
            )
            assert same == body  # the same answer as the command line
            for bad in (
                {},
                {"text": ""},
                {"text": "x", "k": "0"},
                {"text": "x", "k": "tiga"},
                {"text": "x", "lang": "fr"},
                {"text": "x" * 2001},
                {"text": "x", "foo": "1"},
            ):
                refused = client.get("/suggest", params=bad)
                assert refused.status_code == 400 and "error" in refused.json(), bad
            upload = write(tmp_path / "p.csv", "P1,32.73,2025,Penerapan SPBE,Diskominfo,,100000000,berjalan")
            page = client.post(
                "/validate",
                params={"lang": "en"},
                files={"file": ("p.csv", upload.read_bytes(), "text/csv")},
                data={"format": "json"},
            )
            messages = [r["message"] for r in page.json()["results"] if r["column"] == "inisiatif"]
            assert any("the program's name suggests GOV-04" in message for message in messages), messages
    finally:
        assert server.stop() == 0
