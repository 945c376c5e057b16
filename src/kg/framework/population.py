"""Population of each province and kabupaten/kota: ``registry/population.csv`` in the registry graph.

The table (columns ``code``, ``name``, ``male``, ``female``, ``total``) is the population listed with each
region code in Kepmendagri 300.2.2-2138/2025, as published by cahyadsn/wilayah (``db/wilayah_penduduk.sql``,
MIT licence, commit 51994c5 of 2025-07-04); ``registry/README.md`` and ``population.csv-metadata.json`` cite it.
A region the source does not list has no row (never an invented figure). ``scripts/build_population.py`` turns
it into ``registry/population.ttl``: one ``kc:PopulationCount`` per region and reference year
(``…/id/region/32.73#population-2025``: ``kc:populationOf`` the region, ``kc:referenceYear``,
``kc:population``, ``dcterms:source`` the decree), loaded into the registry graph beside ``regions.ttl``. The
budget and achievement queries divide by the count of the region for the latest reference year not after the
program's year, or the earliest one after it when there is none before (:data:`RULE`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import InputError
from kg.core.namespaces import NAMESPACE_IRIS, PREFIXES
from kg.core.resources import resource_path

if TYPE_CHECKING:
    from rdflib import Graph

COLUMNS = ("code", "name", "male", "female", "total")
#: The year the figures describe: those the decree of 2025 lists.
REFERENCE_YEAR = 2025
DECREE = NAMESPACE_IRIS["ID"] + "regulation/kepmendagri-300.2.2-2138-2025"
SOURCE_FILE = (
    "https://github.com/cahyadsn/wilayah/blob/51994c566f7fe1f02331bc9ffdedd0552aa4a43c/db/wilayah_penduduk.sql"
)
RULE = (
    "the population of the program's region for the latest reference year not after the program's year "
    "(else the earliest after it); no population, no per-inhabitant value (shown –)"
)


@dataclass(frozen=True, slots=True)
class Population:
    code: str
    name: str
    male: int
    female: int
    total: int
    year: int = REFERENCE_YEAR

    @property
    def iri(self) -> str:
        return f"{NAMESPACE_IRIS['ID']}region/{self.code}#population-{self.year}"


def table_file() -> Path:
    return resource_path("registry", "population.csv")


def module_file() -> Path:
    return resource_path("registry", "population.ttl")


def read_table(path: Path | None = None) -> list[Population]:
    """The rows of the table; an :class:`InputError` naming file and line for a row that breaks its rules
    (an unknown region code, a count that is not a whole number, male + female not the total)."""
    from kg.framework.regions import regions

    path = path or table_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"tidak dapat dibaca / cannot be read: {error.strerror}", str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(f"kolom harus / columns must be: {', '.join(COLUMNS)}", str(path), 1)
    known = regions()
    rows = []
    for line, raw in enumerate(reader, start=2):
        code = (raw.get("code") or "").strip()
        if code not in known:
            raise InputError(f"kode wilayah tidak dikenal / unknown region code {code!r}", str(path), line)
        try:
            male, female, total = (int((raw.get(name) or "").strip()) for name in ("male", "female", "total"))
        except ValueError:
            raise InputError("jumlah harus bilangan bulat / counts must be whole numbers", str(path), line) from None
        if male + female != total or total <= 0:
            raise InputError(
                f"pria + wanita ≠ total / male + female ≠ total ({male} + {female} ≠ {total})", str(path), line
            )
        rows.append(Population(code, (raw.get("name") or "").strip(), male, female, total))
    return rows


def population_graph(rows: list[Population]) -> Graph:
    """The registry module of ``rows``: one ``kc:PopulationCount`` per region and reference year."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, XSD

    graph = Graph(bind_namespaces="none")
    for prefix in ("dcat", "dcterms", "kc", "prov", "rdf", "xsd"):
        graph.bind(prefix, PREFIXES[prefix])
    kc = NAMESPACE_IRIS["KC"]
    dataset = URIRef(NAMESPACE_IRIS["ID"] + "dataset/population")
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("Jumlah penduduk provinsi dan kabupaten/kota", lang="id")))
    graph.add((dataset, DCTERMS.title, Literal("Population of the provinces and regencies/cities", lang="en")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Jumlah penduduk (pria, wanita, total) yang dicantumkan bersama kode wilayah dalam Kepmendagri "
                "300.2.2-2138/2025, sebagaimana diterbitkan cahyadsn/wilayah (lisensi MIT).",
                lang="id",
            ),
        )
    )
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "The population (male, female, total) listed with the region codes in Ministry of Home Affairs "
                "decree 300.2.2-2138/2025, as published by cahyadsn/wilayah (MIT licence).",
                lang="en",
            ),
        )
    )
    graph.add((dataset, DCTERMS.source, URIRef(DECREE)))
    graph.add((dataset, PROV.wasDerivedFrom, URIRef(SOURCE_FILE)))
    graph.add((dataset, DCTERMS.license, URIRef("https://spdx.org/licenses/MIT")))
    graph.add((dataset, DCTERMS.modified, Literal("2025-07-04", datatype=XSD.date)))
    for row in rows:
        node = URIRef(row.iri)
        graph.add((node, RDF.type, URIRef(kc + "PopulationCount")))
        graph.add((node, URIRef(kc + "populationOf"), URIRef(f"{NAMESPACE_IRIS['ID']}region/{row.code}")))
        graph.add((node, URIRef(kc + "referenceYear"), Literal(str(row.year), datatype=XSD.gYear)))
        graph.add((node, URIRef(kc + "population"), Literal(row.total, datatype=XSD.integer)))
        graph.add((node, DCTERMS.source, URIRef(DECREE)))
        graph.add((node, DCTERMS.isPartOf, dataset))
    return graph


@cache
def populations() -> dict[str, Population]:
    """Region code → its population (the packaged table), empty when the table is not there."""
    path = table_file()
    return {row.code: row for row in read_table(path)} if path.is_file() else {}
