"""Generate program submissions of any size, with planted defects recorded beside them.

    python scripts/generate_submissions.py --rows 5000 --out /tmp/programs.csv
    python scripts/generate_submissions.py --triples 1000000 --defects 0.01 --format nt --out /tmp/batch.nt
    python scripts/generate_submissions.py --rows 200 --defects 0 --format xlsx --out /tmp/clean.xlsx
    python scripts/generate_submissions.py --rows 5000 --regions 32.73 --years 2025 --out /tmp/bandung-2025.csv
    python scripts/generate_submissions.py --national --years 2016-2025 --triples 10000000 --defects 0 \
        --out /tmp/national/                 # one CSV per kabupaten/kota and year, ~10M triples in all

Rows cycle through every kabupaten/kota of the registry (``registry/regions.csv``) and the given years, with
realistic Indonesian program names, agencies, budgets, dates, statuses, beneficiary groups and indicators; the
initiative codes, statuses and groups come from the ontology. A share ``--defects`` of the rows gets one
planted defect each, cycling through every kind (see ``DEFECT_KINDS``); they are written to ``OUT.defects.json``
as ``{"row", "column", "kind", "value", "severity"}`` (``row`` as the steward sees it: the CSV line or sheet
row, the header being row 1) so tests can check that each is reported where it was planted. ``--format nt`` converts the table with :mod:`kg.submissions.convert` (what the store benchmarks load).

``--regions 32.73,32.04`` keeps the rows to those kabupaten/kota (one region and one year: one submission of
any size). ``--national`` writes one submission per kabupaten/kota and year into the folder ``--out``
(``2025/32.73.csv``): every code in force at the end of each year (the registry's validity: the 2022 Papua
provinces change the codes), a few dozen to a few hundred programs each (a lognormal spread around the mean
that ``--triples`` asks for), each submission with its own seed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from kg.framework import concepts as framework
from kg.framework.regions import Region, current_regions, regions_in_force
from kg.submissions.template import columns

#: Illustrative program names by dimension notation; a region's name is appended.
PROGRAM_NAMES = {
    "GOV": [
        "Mal Pelayanan Publik Digital",
        "Sistem Perizinan Terpadu Daring",
        "Satu Data Daerah",
        "Pengaduan Masyarakat Terintegrasi",
        "Peningkatan Kompetensi ASN Digital",
        "E-Budgeting dan E-Planning",
    ],
    "LIV": [
        "Puskesmas Ramah Lansia",
        "Rumah Sakit Rujukan Terpadu",
        "Jaringan Air Minum Perpipaan",
        "Rumah Layak Huni",
        "Layanan Kesehatan Daring",
        "Penerangan Jalan Umum Cerdas",
    ],
    "ENV": [
        "Bank Sampah Digital",
        "Pemantauan Kualitas Udara",
        "Ruang Terbuka Hijau Kota",
        "Pengolahan Limbah Terpadu",
        "Sistem Peringatan Dini Banjir",
        "Energi Surya Gedung Pemerintah",
    ],
    "SOC": [
        "Sekolah Digital",
        "Perpustakaan Keliling Digital",
        "Pelatihan Literasi Digital Warga",
        "Pusat Kreativitas Pemuda",
        "Layanan Disabilitas Terpadu",
        "Posyandu Digital",
    ],
    "ECO": [
        "Pasar Rakyat Digital",
        "Pendampingan UMKM Naik Kelas",
        "Promosi Pariwisata Daerah",
        "Pembayaran Nontunai Retribusi",
        "Inkubator Usaha Rintisan",
        "Sentra Produk Unggulan Desa",
    ],
    "MOB": [
        "Sistem Transportasi Cerdas",
        "Bus Rapid Transit",
        "Parkir Elektronik",
        "Pengendalian Lalu Lintas Terpadu",
        "Jalur Pesepeda dan Pejalan Kaki",
        "Angkutan Desa Terjadwal",
    ],
}
AGENCIES = {
    "GOV": [
        "Dinas Komunikasi dan Informatika",
        "Badan Perencanaan Pembangunan Daerah",
        "Dinas Penanaman Modal dan PTSP",
        "Badan Kepegawaian dan Pengembangan SDM",
    ],
    "LIV": ["Dinas Kesehatan", "Dinas Perumahan dan Kawasan Permukiman", "Dinas Pekerjaan Umum dan Penataan Ruang"],
    "ENV": ["Dinas Lingkungan Hidup", "Badan Penanggulangan Bencana Daerah", "Dinas Pekerjaan Umum dan Penataan Ruang"],
    "SOC": ["Dinas Pendidikan", "Dinas Sosial", "Dinas Perpustakaan dan Kearsipan", "Dinas Pemuda dan Olahraga"],
    "ECO": [
        "Dinas Koperasi dan UMKM",
        "Dinas Pariwisata dan Kebudayaan",
        "Dinas Perdagangan dan Perindustrian",
        "Badan Pendapatan Daerah",
    ],
    "MOB": ["Dinas Perhubungan"],
}
#: The Kominfo pillar a region most often names for a program of each dimension (column pilar_kominfo); the
#: framework's mobility has no pillar of its own. About one program in six names one, and one claim in four is
#: another pillar than this (a claim the crosswalk does not confirm: what the kominfo-claims query finds).
PILLARS = {
    "GOV": "Smart Governance",
    "LIV": "Smart Living",
    "ENV": "Smart Environment",
    "SOC": "Smart Society",
    "ECO": "Smart Economy",
    "MOB": "Smart Living",
}
INDICATORS = [
    ("Jumlah layanan daring", "layanan", 10, 200),
    ("Jumlah penerima manfaat", "orang", 100, 50000),
    ("Persentase penyelesaian kegiatan", "persen", 50, 100),
    ("Jumlah titik terpasang", "titik", 5, 500),
    ("Jumlah pelaku usaha terdampingi", "unit usaha", 20, 2000),
    ("Panjang jaringan terbangun", "km", 1, 120),
]

#: Every kind of planted defect: (kind, column, value or None for an emptied cell, severity).
DEFECT_KINDS = [
    ("missing_id_program", "id_program", None, "Violation"),
    ("missing_kode_wilayah", "kode_wilayah", None, "Violation"),
    ("missing_tahun", "tahun", None, "Violation"),
    ("missing_nama_program", "nama_program", None, "Violation"),
    ("missing_inisiatif", "inisiatif", None, "Violation"),
    ("missing_anggaran", "anggaran", None, "Warning"),  # not published: a warning since ontology 0.3
    ("missing_status", "status", None, "Warning"),
    ("malformed_region_code", "kode_wilayah", "Kota Bandung", "Violation"),
    ("unknown_region_code", "kode_wilayah", "32.99", "Violation"),
    ("year_not_a_number", "tahun", "dua ribu", "Violation"),
    ("year_out_of_range", "tahun", "2010", "Violation"),
    ("unknown_initiative", "inisiatif", "GOV-99", "Violation"),
    ("budget_not_a_number", "anggaran", "dua miliar", "Warning"),  # optional: left out
    ("negative_budget", "anggaran", "-5000000", "Violation"),
    ("unknown_status", "status", "tunda", "Violation"),
    ("unknown_beneficiary", "kelompok_sasaran", "remaja", "Warning"),
    ("invalid_start_date", "tanggal_mulai", "2025-02-30", "Warning"),
    ("start_after_end", "tanggal_mulai", "after-end", "Violation"),
    ("end_date_other_fiscal_year", "tanggal_selesai", "next-year", "Warning"),
    ("target_not_a_number", "target", "banyak", "Violation"),
    ("duplicate_id_program", "id_program", "duplicate", "Violation"),
]


def _rupiah(rng: random.Random) -> str:
    amount = rng.choice([50, 75, 100, 150, 250, 400, 500, 750, 1000, 1250, 2500, 5000]) * 1_000_000
    style = rng.random()
    if style < 0.5:
        return str(amount)
    grouped = f"{amount:,}".replace(",", ".")
    return grouped if style < 0.8 else f"Rp {grouped}"


#: The share of rows coded anew rather than as the region's program of that name is coded in every year: what
#: the years check (InitiativeYearsReading) finds. Drawing every coding at random made 939,711 of the national
#: set's 323,860 rows contradict another year (names repeat: a few dozen per dimension and region).
RECODED = 0.03


def _draw_codes(rng: random.Random, dimension_codes: list[str], initiatives: list) -> str:
    """One or two initiatives of a dimension, and one of any dimension for one program in five."""
    chosen = rng.sample(dimension_codes, k=min(len(dimension_codes), rng.choice([1, 1, 2])))
    if rng.random() < 0.2:  # programs that serve two dimensions
        chosen.append(rng.choice(initiatives).notation)
    return ";".join(dict.fromkeys(chosen))


def _coding(region_code: str, name: str, dimension_codes: list[str], initiatives: list) -> str:
    """The initiatives of a region's program of this name, the same in every year and every run."""
    return _draw_codes(random.Random(f"{region_code}|{name}"), dimension_codes, initiatives)


def generate_rows(
    count: int, *, defects: float, seed: int, years: list[int], places: list[Region] | None = None
) -> tuple[list[dict[str, str]], list[dict]]:
    """``count`` template rows (column name → text) and the planted defects; ``places``: the kabupaten/kota
    the rows cycle through (default: every one in force today)."""
    rng = random.Random(seed)
    claims = random.Random(seed + 1)  # a stream of its own: the other columns stay those of earlier versions
    recodings = random.Random(seed + 2)  # (the same, for which programs a region codes anew)
    if places is None:
        places = [item for item in current_regions().values() if item.type != "provinsi"]
    initiatives = framework.initiatives()
    by_dimension: dict[str, list[str]] = {}
    for item in initiatives:
        by_dimension.setdefault(item.dimension, []).append(item.notation)
    statuses = list(framework.status_codes())
    groups = list(framework.beneficiary_codes())
    rows: list[dict[str, str]] = []
    counters: dict[tuple[str, int], int] = {}
    for index in range(count):
        place = places[index % len(places)]
        year = years[(index // len(places)) % len(years)]
        counters[(place.code, year)] = counters.get((place.code, year), 0) + 1
        dimension = rng.choice(list(by_dimension))
        coding = _draw_codes(rng, by_dimension[dimension], initiatives)
        start = date(year, 1, 1) + timedelta(days=rng.randrange(0, 180))
        end = start + timedelta(days=rng.randrange(30, 180))
        indicator, unit, low, high = rng.choice(INDICATORS)
        target = rng.randint(low, high)
        status = rng.choice(statuses)
        short_name = place.name.replace("Kabupaten ", "Kab. ")
        pillar = ""
        if claims.random() < 1 / 6:
            pillar = (
                PILLARS[dimension]
                if claims.random() < 0.75
                else claims.choice(["Smart Branding", *sorted(set(PILLARS.values()))])
            )
        rows.append(
            {
                "id_program": f"{place.code.replace('.', '')}-{year}-{counters[(place.code, year)]:03d}",
                "kode_wilayah": place.code,
                "tahun": str(year),
                "nama_program": f"{rng.choice(PROGRAM_NAMES[dimension])} {short_name}",
                "perangkat_daerah": rng.choice(AGENCIES[dimension]),
                "inisiatif": coding,
                "anggaran": _rupiah(rng),
                "status": status,
                "tanggal_mulai": start.isoformat() if rng.random() < 0.6 else start.strftime("%d/%m/%Y"),
                "tanggal_selesai": end.isoformat(),
                "kelompok_sasaran": ";".join(rng.sample(groups, k=rng.choice([1, 1, 2]))),
                "indikator": indicator,
                "satuan": unit,
                "target": str(target),
                "realisasi": str(rng.randint(0, target)) if status in ("berjalan", "selesai") else "",
                "pilar_kominfo": pillar,
            }
        )
        if recodings.random() >= RECODED:  # a region's program keeps its coding from year to year
            rows[-1]["inisiatif"] = _coding(place.code, rows[-1]["nama_program"], by_dimension[dimension], initiatives)
    planted: list[dict] = []
    if defects > 0 and count > 2:
        how_many = max(1, round(count * defects))
        candidates = range(2, count, 2)  # never two neighbours: a duplicate copies the row before it
        chosen_rows = sorted(rng.sample(candidates, k=min(how_many, len(candidates))))
        for number, row_index in enumerate(chosen_rows):
            kind, column, value, severity = DEFECT_KINDS[number % len(DEFECT_KINDS)]
            row = rows[row_index]
            data_row = row_index + 2  # the file's own row: the header is row 1
            if value is None:
                row[column] = ""
            elif value == "after-end":
                row["tanggal_mulai"] = (date.fromisoformat(row["tanggal_selesai"]) + timedelta(days=10)).isoformat()
                value = row["tanggal_mulai"]
            elif value == "next-year":
                row["tanggal_selesai"] = f"{int(row['tahun']) + 1}-02-15"
                value = row["tanggal_selesai"]
            elif kind == "year_out_of_range":
                row.update(tahun=value, tanggal_mulai=f"{value}-03-01", tanggal_selesai=f"{value}-09-30")
            elif value == "duplicate":
                previous = rows[row_index - 1]
                row.update(
                    kode_wilayah=previous["kode_wilayah"], tahun=previous["tahun"], id_program=previous["id_program"]
                )
                value = row["id_program"]
                planted.append(
                    {"row": data_row - 1, "column": column, "kind": kind, "value": value, "severity": severity}
                )
            else:
                row[column] = value
            planted.append({"row": data_row, "column": column, "kind": kind, "value": value, "severity": severity})
    return rows, planted


def write_rows(rows: list[dict[str, str]], path: Path, format: str) -> None:
    """Write rows as CSV, XLSX or (converted) N-Triples."""
    names = [item.name for item in columns()]
    if format == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names, restval="")
            writer.writeheader()
            writer.writerows(rows)
    elif format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Program")
        sheet.append(names)
        for row in rows:
            sheet.append([row.get(name) or None for name in names])
        workbook.save(path)
    elif format == "nt":
        path.write_bytes(convert_rows(rows, path).ntriples)
    else:
        raise SystemExit(f"unknown format {format}")


def convert_rows(rows: list[dict[str, str]], source: Path):  # -> kg.submissions.convert.Conversion
    from kg.submissions.convert import convert_table
    from kg.submissions.tables import Table, TableRow

    names = [item.name for item in columns()]
    table = Table(source=source, columns=names)
    table.rows = [TableRow(number, {k: v for k, v in row.items() if v}) for number, row in enumerate(rows, start=2)]
    return convert_table(table)


def rows_for_triples(triples: int, *, seed: int, years: list[int], places: list[Region] | None = None) -> int:
    """How many rows make about ``triples`` triples (measured on a sample)."""
    sample, _ = generate_rows(500, defects=0, seed=seed, years=years, places=places)
    per_row = convert_rows(sample, Path("sample.csv")).triple_count / len(sample)
    return max(1, round(triples / per_row))


def kabupaten_kota(codes: str | None = None, year: int | None = None) -> list[Region]:
    """The kabupaten/kota named by ``codes`` (``32.73,32.04``), or every one in force at the end of ``year``
    (default: today), in code order."""
    if codes:
        found = current_regions() | (regions_in_force(year) if year else {})
        chosen = []
        for code in codes.split(","):
            if code.strip() not in found:
                raise SystemExit(f"--regions: {code.strip()} is not a kabupaten/kota code in force")
            chosen.append(found[code.strip()])
        return chosen
    if year is None:
        return [item for item in current_regions().values() if item.type != "provinsi"]
    year_end = date(year, 12, 31)
    return sorted(
        (
            item
            for item in regions_in_force(year).values()
            if item.type != "provinsi"
            and (item.valid_from is None or item.valid_from <= year_end)
            and (item.valid_until is None or item.valid_until >= year_end)
        ),
        key=lambda item: item.code,
    )


def write_national(
    out: Path, *, years: list[int], triples: int, defects: float, seed: int, format: str = "csv"
) -> dict:
    """One submission per kabupaten/kota in force and year under ``out`` (``2025/32.73.csv``); a summary."""
    submissions = [(year, place) for year in years for place in kabupaten_kota(year=year)]
    # sampled in the shape of the set (rows of a few regions, a submission each), not one row per region: a
    # submission's own triples and its agencies are shared by its rows
    sample_places = [place for _, place in submissions[:: max(1, len(submissions) // 8)]][:8]
    sample, _ = generate_rows(480, defects=0, seed=seed, years=years[-1:], places=sample_places)
    per_row = convert_rows(sample, Path("sample.csv")).triple_count / len(sample)
    mean_rows = max(1.0, triples / per_row / len(submissions))
    rng = random.Random(seed)
    files, planted_total, rows_total = [], 0, 0
    for number, (year, place) in enumerate(submissions):
        count = max(5, round(mean_rows * rng.lognormvariate(0, 0.5) / 1.133))  # E[lognormal(0, 0.5)] = 1.133
        rows, planted = generate_rows(
            count, defects=defects, seed=seed * 1_000_003 + number, years=[year], places=[place]
        )
        folder = out / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{place.code}.{format}"
        write_rows(rows, path, format)
        if planted:
            path.with_name(path.name + ".defects.json").write_text(
                json.dumps(planted, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        files.append(str(path.relative_to(out)))
        rows_total += len(rows)
        planted_total += len(planted)
    summary = {
        "submissions": len(files),
        "rows": rows_total,
        "planted_defects": planted_total,
        "years": years,
        "triples_per_row_sampled": round(per_row, 2),
    }
    (out / "national.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--rows", type=int, help="number of programs (rows)")
    size.add_argument("--triples", type=int, help="about this many triples once converted")
    parser.add_argument("--regions", default=None, help="only these kabupaten/kota codes, comma-separated")
    parser.add_argument(
        "--national",
        action="store_true",
        help="one submission per kabupaten/kota in force and year, in the folder --out (with --triples)",
    )
    parser.add_argument("--defects", type=float, default=0.01, help="share of rows with a planted defect (0.01)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", default="2023-2025", help="a year or a range, e.g. 2023-2025")
    parser.add_argument("--format", choices=("csv", "xlsx", "nt"), default=None, help="default: from --out")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    first, _, last = args.years.partition("-")
    years = list(range(int(first), int(last or first) + 1))
    if args.national:
        if args.triples is None:
            parser.error("--national needs --triples (the size of all submissions together)")
        summary = write_national(
            args.out,
            years=years,
            triples=args.triples,
            defects=args.defects,
            seed=args.seed,
            format=args.format or "csv",
        )
        print(
            f"{args.out}: {summary['submissions']} submissions, {summary['rows']} rows, "
            f"{summary['planted_defects']} planted defects",
            file=sys.stderr,
        )
        return 0
    places = kabupaten_kota(args.regions, years[-1]) if args.regions else None
    format = args.format or args.out.suffix.lstrip(".").lower()
    count = (
        args.rows
        if args.rows is not None
        else rows_for_triples(args.triples, seed=args.seed, years=years, places=places)
    )
    rows, planted = generate_rows(count, defects=args.defects, seed=args.seed, years=years, places=places)
    if args.triples is not None:  # agencies repeat more in a big file than in the sample: correct once
        measured = convert_rows(rows, args.out).triple_count
        if abs(measured - args.triples) > 0.02 * args.triples:
            count = max(1, round(count * args.triples / measured))
            rows, planted = generate_rows(count, defects=args.defects, seed=args.seed, years=years, places=places)
    write_rows(rows, args.out, format)
    sidecar = args.out.with_name(args.out.name + ".defects.json")
    sidecar.write_text(json.dumps(planted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {count} rows, {len(planted)} planted defects ({sidecar.name})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
