"""Check the public record of real programs (``data/public-record/``) for its own consistency.

The record is one CSV per region-year in the submission template's form (``KODE-TAHUN-slug.csv``) with a last
column ``sumber`` (the page URLs the row comes from, ``;``-separated), a sources table ``sources.csv`` and the
initiative coding with reasons ``pengkodean.csv``. This script checks what the project's validator does not:

- each file name's code and year are the rows' ``kode_wilayah`` and ``tahun``; the code is in
  ``registry/kepmendagri-2025.csv`` and is not one of the regions kept out for independent checks;
- every ``sumber`` URL is in ``sources.csv``, every source is cited by a row, every quote has at most 25 words
  and every source has a date read;
- every program has exactly one coding row, with the same codes as its ``inisiatif`` cell, one to three codes
  of the framework, and a reason; no coding row without a program;

then prints the counts per province, region and dimension and the empty cells per column.

Usage: ``python scripts/check_public_record.py [DIR] [--quiet]``. Exit 0 when consistent, 1 with one line per
problem (Indonesian / English), 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "public-record"
REGISTRY = ROOT / "registry" / "kepmendagri-2025.csv"
ONTOLOGY = ROOT / "ontology" / "kotacerdas.ttl"
# Kept out of the record for independent checks (issue 21): Klaten, Surakarta, Kota Jambi, Kutai Timur, Batang.
EXCLUDED = {"33.10", "33.72", "15.71", "64.08", "33.25"}
MAX_QUOTE_WORDS = 25
FILE_NAME = re.compile(r"^(\d{2}\.\d{2})-(\d{4})-[a-z0-9-]+\.csv$")
SOURCE_COLUMNS = ["sumber_id", "url", "judul", "penerbit", "kutipan", "tanggal_dibaca"]
CODING_COLUMNS = ["file", "id_program", "inisiatif", "alasan"]
DIMENSIONS = ["GOV", "LIV", "ENV", "SOC", "ECO", "MOB"]


class Unreadable(Exception):
    """A file of the record that cannot be read as the CSV it should be."""


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    programs: int = 0
    regions: Counter[str] = field(default_factory=Counter)
    provinces: Counter[str] = field(default_factory=Counter)
    dimensions: Counter[str] = field(default_factory=Counter)
    initiatives: Counter[str] = field(default_factory=Counter)
    empty: Counter[str] = field(default_factory=Counter)
    cells: Counter[str] = field(default_factory=Counter)
    files: int = 0
    sources: int = 0

    def problem(self, where: str, indonesian: str, english: str) -> None:
        self.problems.append(f"{where}: {indonesian} / {english}")


def _read(path: Path, required: list[str] | None = None) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise Unreadable(f"{path}: tidak dapat dibaca / cannot be read ({error})") from error
    missing = [column for column in required or [] if column not in header]
    if missing:
        raise Unreadable(f"{path}: kolom tidak ada / missing columns: {', '.join(missing)}")
    return rows


def _initiative_codes() -> set[str]:
    text = ONTOLOGY.read_text(encoding="utf-8")
    return set(re.findall(r'skos:notation\s+"((?:GOV|LIV|ENV|SOC|ECO|MOB)-\d{2})"', text))


def _registry() -> dict[str, tuple[str, str]]:
    rows = _read(REGISTRY, ["code", "name", "type", "province_code"])
    names = {row["code"]: row["name"] for row in rows}
    return {row["code"]: (row["name"], names.get(row["province_code"], row["province_code"])) for row in rows}


def check(directory: Path) -> Report:
    """Check the record in ``directory``; raise :class:`Unreadable` for a file that cannot be read."""
    report = Report()
    codes = _initiative_codes()
    registry = _registry()
    sources = _read(directory / "sources.csv", SOURCE_COLUMNS)
    coding = _read(directory / "pengkodean.csv", CODING_COLUMNS)
    report.sources = len(sources)
    urls: dict[str, str] = {}
    for number, source in enumerate(sources, start=2):
        where = f"sources.csv baris/row {number}"
        if source["url"] in urls:
            report.problem(where, f"URL ganda {source['url']}", f"duplicate URL {source['url']}")
        urls[source["url"]] = source["sumber_id"]
        words = len(source["kutipan"].split())
        if words > MAX_QUOTE_WORDS:
            report.problem(where, f"kutipan {words} kata (maks. 25)", f"quote of {words} words (at most 25)")
        for column in ("url", "judul", "kutipan", "tanggal_dibaca"):
            if not source[column].strip():
                report.problem(where, f"kolom {column} kosong", f"column {column} is empty")
    coded: dict[tuple[str, str], dict[str, str]] = {}
    for number, row in enumerate(coding, start=2):
        key = (row["file"], row["id_program"])
        if key in coded:
            report.problem(f"pengkodean.csv baris/row {number}", "pengkodean ganda", "coded twice")
        coded[key] = row
    cited: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for path in sorted(directory.glob("*.csv")):
        if path.name in ("sources.csv", "pengkodean.csv"):
            continue
        report.files += 1
        match = FILE_NAME.match(path.name)
        if not match:
            report.problem(path.name, "nama berkas bukan KODE-TAHUN-slug.csv", "file name is not CODE-YEAR-slug.csv")
            continue
        code, year = match.groups()
        if code not in registry:
            report.problem(path.name, f"kode {code} tidak ada di registri", f"code {code} is not in the registry")
            continue
        if code in EXCLUDED:
            report.problem(path.name, f"wilayah {code} dikecualikan", f"region {code} is kept out of the record")
        rows = _read(path, ["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif", "sumber"])
        name, province = registry[code]
        ids: set[str] = set()
        for number, row in enumerate(rows, start=2):
            where = f"{path.name} baris/row {number}"
            report.programs += 1
            report.regions[f"{code} {name}"] += 1
            report.provinces[province] += 1
            if row["kode_wilayah"] != code or row["tahun"] != year:
                report.problem(
                    where, "kode_wilayah/tahun tidak sama dengan nama berkas", "region/year differ from the file name"
                )
            if row["id_program"] in ids:
                report.problem(
                    where, f"id_program ganda {row['id_program']}", f"duplicate id_program {row['id_program']}"
                )
            ids.add(row["id_program"])
            for column, value in row.items():
                report.cells[column] += 1
                if not (value or "").strip():
                    report.empty[column] += 1
            row_urls = [url for url in row["sumber"].split(";") if url.strip()]
            if not row_urls:
                report.problem(where, "kolom sumber kosong", "column sumber is empty")
            for url in row_urls:
                if url not in urls:
                    report.problem(
                        where, f"URL sumber tidak ada di sources.csv: {url}", f"source URL not in sources.csv: {url}"
                    )
                else:
                    cited.add(url)
            row_codes = [c for c in row["inisiatif"].split(";") if c]
            if not 1 <= len(row_codes) <= 3:
                report.problem(where, "harus satu sampai tiga kode inisiatif", "one to three initiative codes expected")
            for c in row_codes:
                if c not in codes:
                    report.problem(where, f"kode inisiatif tidak dikenal {c}", f"unknown initiative code {c}")
                report.initiatives[c] += 1
            for dimension in sorted({c.split("-")[0] for c in row_codes}):
                report.dimensions[dimension] += 1
            key = (path.name, row["id_program"])
            seen.add(key)
            coding_row = coded.get(key)
            if coding_row is None:
                report.problem(where, "tidak ada baris pengkodean", "no coding row")
            elif coding_row["inisiatif"] != row["inisiatif"] or not coding_row["alasan"].strip():
                report.problem(where, "pengkodean tidak sama atau tanpa alasan", "coding differs or has no reason")
    for key in sorted(set(coded) - seen):
        report.problem(f"pengkodean.csv {key[0]} {key[1]}", "program tidak ada", "no such program")
    for url, sid in urls.items():
        if url not in cited:
            report.problem(f"sources.csv {sid}", "sumber tidak dikutip program mana pun", "source cited by no program")
    return report


def print_report(report: Report) -> None:
    print(
        f"Program / programs: {report.programs} · berkas / files: {report.files} · sumber / sources: {report.sources}"
    )
    print(f"Kabupaten/kota / regions: {len(report.regions)} · provinsi / provinces: {len(report.provinces)}")
    print("Per dimensi / per dimension (programs with at least one code of it):")
    for dimension in DIMENSIONS:
        print(f"  {dimension}: {report.dimensions[dimension]}")
    print("Per provinsi / per province:")
    for province, count in sorted(report.provinces.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {province}: {count}")
    print("Per wilayah / per region:")
    for region, count in sorted(report.regions.items()):
        print(f"  {region}: {count}")
    print("Sel kosong per kolom / empty cells per column (empty = not published):")
    for column, cells in sorted(report.cells.items()):
        print(f"  {column}: {report.empty[column]} of {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--quiet", action="store_true", help="only problems / hanya masalah")
    args = parser.parse_args(argv)
    try:
        report = check(args.directory)
    except Unreadable as error:
        print(error, file=sys.stderr)
        return 2
    if not args.quiet:
        print_report(report)
    for line in report.problems:
        print(line, file=sys.stderr)
    if report.problems:
        print(f"GAGAL / FAILED: {len(report.problems)} masalah / problems", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
