"""The public record of real programs (data/public-record/) is consistent: sources, quotes, codings, regions."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "data" / "public-record"


def _checker():
    spec = importlib.util.spec_from_file_location("check_public_record", ROOT / "scripts" / "check_public_record.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_record_is_consistent(capsys):
    checker = _checker()
    report = checker.check(RECORD)
    assert report.problems == []
    assert report.programs > 0 and report.files > 0
    assert sum(report.regions.values()) == report.programs
    assert checker.main([str(RECORD)]) == 0
    out = capsys.readouterr().out
    assert f"Program / programs: {report.programs}" in out


def _first_program_file(directory: Path) -> Path:
    return next(p for p in sorted(directory.glob("*.csv")) if p.name not in ("sources.csv", "pengkodean.csv"))


def test_broken_copy_is_reported(tmp_path):
    checker = _checker()
    copy = tmp_path / "record"
    shutil.copytree(RECORD, copy)
    target = _first_program_file(copy)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0].keys())
    rows[0]["sumber"] = "https://example.invalid/not-a-source"
    rows.append(dict(rows[0], id_program="PR-999"))
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    sources = copy / "sources.csv"
    with sources.open(newline="", encoding="utf-8") as handle:
        source_rows = list(csv.DictReader(handle))
    source_rows[0]["kutipan"] = " ".join(["kata"] * 26)
    with sources.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=checker.SOURCE_COLUMNS)
        writer.writeheader()
        writer.writerows(source_rows)
    report = checker.check(copy)
    text = "\n".join(report.problems)
    assert "source URL not in sources.csv: https://example.invalid/not-a-source" in text
    assert "PR-999" not in text or "no coding row" in text
    assert "no coding row" in text
    assert "quote of 26 words" in text
    assert checker.main([str(copy), "--quiet"]) == 1


def test_unreadable_sources_exit_2(tmp_path, capsys):
    checker = _checker()
    copy = tmp_path / "record"
    shutil.copytree(RECORD, copy)
    (copy / "sources.csv").write_text("sumber_id,url\ns1,https://a\n", encoding="utf-8")
    assert checker.main([str(copy)]) == 2
    assert "missing columns" in capsys.readouterr().err
