"""``/catalog`` for a person: the DCAT catalogue (:mod:`kg.publish.dcat`) read back into datasets a person can
browse: the framework, registry, alignments and the whole graph with their downloads, then the submissions by
region and year, with a search over titles, regions, years and keywords. The page shows what the catalogue says
(it is read from the catalogue's own triples), so a person and a harvester see the same datasets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.core.namespaces import BASE
from kg.publish.dcat import CATALOG, DCAT, DCT, FOAF, SPDX

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

WORDS = {
    "id": {
        "intro": "Katalog DCAT (DCAT-AP 3) data Kota Cerdas: kerangka, register wilayah, penyelarasan dan program "
        "yang diajukan pemerintah daerah, masing-masing dengan unduhannya. Pemanen data membaca katalog yang "
        "sama dalam RDF:",
        "search_label": "Cari set data",
        "search_hint": "Nama atau kode wilayah, tahun, kata kunci (Bandung, 32.73, 2025)",
        "search": "Cari",
        "general": "Kerangka dan seluruh graf",
        "submissions": "Pengajuan program per wilayah dan tahun",
        "region": "Wilayah",
        "year": "Tahun",
        "publisher": "Penerbit",
        "modified": "Diubah",
        "downloads": "Unduhan",
        "dataset": "Set data",
        "none": "Tidak ada set data yang cocok.",
        "found": "set data cocok dengan",
        "all": "tampilkan semua",
        "service": "Layanan data",
        "sums": "Semua SHA-256",
    },
    "en": {
        "intro": "The DCAT catalogue (DCAT-AP 3) of the Kota Cerdas data: the framework, the region registry, the "
        "alignments and the programs regional governments submitted, each with its downloads. Harvesters read "
        "the same catalogue in RDF:",
        "search_label": "Search the datasets",
        "search_hint": "Region name or code, year, keyword (Bandung, 32.73, 2025)",
        "search": "Search",
        "general": "Framework and the whole graph",
        "submissions": "Program submissions by region and year",
        "region": "Region",
        "year": "Year",
        "publisher": "Publisher",
        "modified": "Modified",
        "downloads": "Downloads",
        "dataset": "Dataset",
        "none": "No dataset matches.",
        "found": "datasets match",
        "all": "show all",
        "service": "Data service",
        "sums": "All SHA-256",
    },
}


@dataclass(frozen=True)
class Download:
    title: str
    url: str
    media_type: str
    size: int | None = None
    sha256: str | None = None


@dataclass
class CatalogDataset:
    iri: str
    href: str
    title: str
    description: str
    publisher: str
    modified: str
    keywords: list[str]
    region_code: str | None = None
    region_name: str | None = None
    year: str | None = None
    downloads: list[Download] = field(default_factory=list)

    def matches(self, words: list[str]) -> bool:
        text = " ".join(
            [
                self.title,
                self.description,
                self.region_code or "",
                self.region_name or "",
                self.year or "",
                *self.keywords,
            ]
        ).casefold()
        return all(word in text for word in words)


@dataclass
class CatalogView:
    title: str
    query: str
    general: list[CatalogDataset]
    regions: list[tuple[str, str, list[CatalogDataset]]]  # (code, name, that region's datasets by year)
    shown: int
    total: int
    service: str | None


class _Graph:
    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.values: dict[tuple[str, str], list] = {}
        for triple in triples:
            self.values.setdefault((str(triple.subject), triple.predicate.value), []).append(triple.object)

    def all(self, subject: str, predicate: str) -> list:
        return self.values.get((f"<{subject}>" if not subject.startswith("<") else subject, predicate), [])

    def text(self, subject: str, predicate: str, lang: str) -> str:
        values = [value for value in self.all(subject, predicate) if isinstance(value, ox.Literal)]
        chosen = [value for value in values if value.language == lang] or values
        return chosen[0].value if chosen else ""

    def iri(self, subject: str, predicate: str) -> str | None:
        found = [value.value for value in self.all(subject, predicate) if isinstance(value, ox.NamedNode)]
        return found[0] if found else None


def _local(iri: str) -> str:
    return "/" + iri[len(BASE) :] if iri.startswith(BASE) else iri


def catalog_view(triples: Iterable[ox.Triple], lang: str = "id", query: str = "") -> CatalogView:
    """The catalogue's datasets as a person browses them; ``query`` keeps those whose words it has."""
    graph = _Graph(triples)
    datasets = []
    for node in graph.all(CATALOG, DCAT + "dataset"):
        iri = node.value
        publisher = graph.iri(iri, DCT + "publisher") or ""
        region = graph.iri(iri, DCT + "spatial") if "/id/submission/" in iri else None
        temporal = graph.iri(iri, DCT + "temporal")
        item = CatalogDataset(
            iri=iri,
            href=_local(iri),
            title=graph.text(iri, DCT + "title", lang),
            description=graph.text(iri, DCT + "description", lang),
            publisher=graph.text(publisher, FOAF + "name", lang),
            modified=graph.text(iri, DCT + "modified", lang)[:10],
            keywords=sorted({value.value for value in graph.all(iri, DCAT + "keyword")}),
            region_code=region.rsplit("/", 1)[-1] if region else None,
            region_name=graph.text(region, "http://www.w3.org/2000/01/rdf-schema#label", lang) if region else None,
            year=graph.text(temporal, DCAT + "startDate", lang)[:4] if region and temporal else None,
        )
        for distribution in graph.all(iri, DCAT + "distribution"):
            checksum = graph.iri(distribution.value, SPDX + "checksum")
            size = graph.text(distribution.value, DCAT + "byteSize", lang)
            item.downloads.append(
                Download(
                    title=graph.text(distribution.value, DCT + "title", lang),
                    url=graph.iri(distribution.value, DCAT + "downloadURL") or "",
                    media_type=(graph.iri(distribution.value, DCAT + "mediaType") or "").split("media-types/")[-1],
                    size=int(size) if size else None,
                    sha256=graph.text(checksum, SPDX + "checksumValue", lang) if checksum else None,
                )
            )
        item.downloads.sort(key=lambda download: download.title)
        datasets.append(item)
    words = query.casefold().split()
    shown = [item for item in datasets if item.matches(words)]
    by_region: dict[str, list[CatalogDataset]] = {}
    for item in shown:
        if item.region_code:
            by_region.setdefault(item.region_code, []).append(item)
    regions = [
        (code, items[0].region_name or code, sorted(items, key=lambda item: item.year or ""))
        for code, items in sorted(by_region.items())
    ]
    services = [value.value for value in graph.all(CATALOG, DCAT + "service")]
    return CatalogView(
        title=graph.text(CATALOG, DCT + "title", lang),
        query=query,
        general=sorted((item for item in shown if not item.region_code), key=lambda item: item.title),
        regions=regions,
        shown=len(shown),
        total=len(datasets),
        service=services[0] if services else None,
    )
