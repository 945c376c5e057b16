"""The public record of real programs: each value's source page (column ``sumber``) becomes
``prov:wasDerivedFrom`` the page, anything but an http(s) address is refused on its row and cell, the demo loads
the record beside the illustrative examples, and the pages say which data is which (issue 21, item 1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from kg.submissions.convert import convert_file
from kg.submissions.validation import validate_files

#: The public record (data/public-record/), and one of its files: three programs of Kabupaten Sleman in 2023,
#: from two pages, without violations.
RECORD = Path(__file__).resolve().parent.parent / "data" / "public-record"
SLEMAN = RECORD / "34.04-2023-kabupaten-sleman.csv"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_each_source_address_becomes_prov_was_derived_from_the_page():
    graph = Graph().parse(data=convert_file(SLEMAN).ntriples.decode(), format="nt")
    fields, rows = _rows(SLEMAN)
    assert fields[-1] == "sumber" and len({row["sumber"] for row in rows}) == 2
    for row in rows:
        program = URIRef(f"https://w3id.org/kotacerdas/id/program/34.04/2023/{row['id_program']}")
        assert list(graph.objects(program, PROV.wasDerivedFrom)) == [URIRef(row["sumber"])]
    assert not validate_files([SLEMAN]).has_violations


def test_several_addresses_of_a_cell_are_several_pages(tmp_path):
    fields, rows = _rows(SLEMAN)
    first, second = rows[0]["sumber"], rows[2]["sumber"]
    rows[0]["sumber"] = f"{first} ; {second}"
    path = _write(tmp_path / "34.04-2023-dua-sumber.csv", fields, rows[:1])
    graph = Graph().parse(data=convert_file(path).ntriples.decode(), format="nt")
    assert set(graph.objects(None, PROV.wasDerivedFrom)) == {URIRef(first), URIRef(second)}
    assert not validate_files([path]).has_violations


@pytest.mark.parametrize(
    "written",
    [
        "javascript:alert(document.cookie)",
        "satukanegeri.com, 15 Juni 2021",
        "www.satukanegeri.com/post/102855",
        "ftp://satukanegeri.com/post",
        "file:///etc/passwd",
        "https://user@evil.example/",
    ],
)
def test_a_source_that_is_not_a_web_page_address_is_one_violation_on_its_row_and_cell(tmp_path, written):
    fields, rows = _rows(SLEMAN)
    rows[2]["sumber"] = written
    path = _write(tmp_path / "34.04-2023-sumber-salah.csv", fields, rows)
    report = validate_files([path], lang="en")
    found = [result for result in report.results if result.column == "sumber"]
    assert [(result.severity, result.row, result.value) for result in found] == [("Violation", 4, written)]
    assert "http:// or https://" in found[0].message


# ---- the demo loads the record beside the examples; the pages say which data is which -----------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """``kotacerdas demo`` run once (in this process), its printed text, and ``serve`` on its store."""
    import io

    from rich.console import Console

    from kg.cli.demo import run_demo
    from serve_helpers import start_server

    folder = tmp_path_factory.mktemp("record-demo")
    printed = io.StringIO()
    run_demo(folder / "demo", console=Console(file=printed, width=200, highlight=False))
    store = folder / "demo" / "store"
    hostile = _write(folder / "33.27-2021-pemalang.csv", *_hostile_source())
    forced = kotacerdas_load(hostile, store)
    assert forced.returncode == 0, forced.stderr
    running = start_server(folder / "serve.log", "--store", str(store), "--quiet")
    try:
        yield printed.getvalue(), store, running
    finally:
        assert running.stop() == 0


def _hostile_source() -> tuple[list[str], list[dict[str, str]]]:
    """One program of Kabupaten Pemalang 2021 (a real one, from the page below) whose second source is a script."""
    page = "https://www.satukanegeri.com/post/102855/kominfo_tinjau_implementasi_smart_city_pemalang"
    fields = ["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif", "status", "sumber"]
    row = {
        "id_program": "LAKONE",
        "kode_wilayah": "33.27",
        "tahun": "2021",
        "nama_program": "Lakone",
        "inisiatif": "GOV-03",
        "status": "berjalan",
        "sumber": f"{page};javascript:alert(1)",
    }
    return fields, [row]


def kotacerdas_load(path: Path, store: Path):
    from serve_helpers import kotacerdas

    return kotacerdas("load", str(path), "--store", str(store), "--force", "--origin", "daerah")


def _page(running, path: str, lang: str = "id") -> str:
    import httpx

    answer = httpx.get(
        running.url + path.lstrip("/"), params={"lang": lang}, headers={"Accept": "text/html"}, timeout=60
    )
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.text


@pytest.mark.slow
def test_demo_loads_the_public_record_files_without_violations_as_public_record(demo):
    from kg.core.namespaces import KC
    from kg.loading.provenance import submission_records
    from kg.store.embedded import EmbeddedStore

    printed, store_path, _ = demo
    files = sorted(path for path in RECORD.glob("*.csv") if path.name not in ("sources.csv", "pengkodean.csv"))
    report = validate_files(files)
    refused = {Path(result.file).name for result in report.results if result.severity == "Violation"}
    from kg.cli.demo import example_groups

    examples = set()
    for group in example_groups():  # the examples the demo loads: those without violations
        outcome = validate_files(group)
        if not outcome.has_violations:
            examples |= {f"{code}/{year}" for code, year in outcome.submissions}
    expected = {"/".join(path.name.split("-")[:2]) for path in files if path.name not in refused} - examples
    store = EmbeddedStore(store_path, read_only=True)
    try:
        records = submission_records(store)
    finally:
        store.close()
    public = {
        "/".join(str(row["submission"]).rsplit("/", 2)[-2:]) for row in records if row["origin"] == str(KC.PublicRecord)
    }
    illustrative = {
        "/".join(str(row["submission"]).rsplit("/", 2)[-2:])
        for row in records
        if row["origin"] == str(KC.IllustrativeData)
    }
    assert public == expected and illustrative == examples
    programs = sum(
        item.program_count for item in report.submissions.values() if f"{item.region_code}/{item.year}" in expected
    )
    regions = len({item.split("/")[0] for item in expected})
    assert f"{programs} program dari / programs of {regions} wilayah" in printed
    for path in files:
        if "/".join(path.name.split("-")[:2]) in examples:  # one graph per region and year: the example keeps it
            assert f"dilewati / skipped {path.name}:" in printed
        elif path.name in refused:  # each refused file reported on its own line, as any region's
            assert f"ditolak / refused {path.name}:" in printed


@pytest.mark.slow
def test_program_page_links_each_source_page_with_its_title_and_says_public_record(demo):
    _, _, running = demo
    fields, rows = _rows(SLEMAN)
    with (RECORD / "sources.csv").open(encoding="utf-8", newline="") as handle:
        titles = {row["url"]: row["judul"] for row in csv.DictReader(handle)}
    for lang, label in (("id", "Rekaman publik"), ("en", "Public record")):
        page = _page(running, f"/id/program/34.04/2023/{rows[2]['id_program']}", lang)
        url = rows[2]["sumber"]
        assert f'<a href="{url}" rel="external nofollow noopener noreferrer"' in page
        assert f">{titles[url]}</a>" in page.replace("&#39;", "'")
        assert 'data-origin="rekaman-publik"' in page and label in page


@pytest.mark.slow
def test_pages_say_which_data_is_illustrative_and_which_public_record(demo):
    _, _, running = demo
    example = _page(running, "/id/program/32.73/2025/CONTOH-001", "en")
    assert 'data-origin="ilustratif"' in example and "Illustrative data" in example
    region = _page(running, "/id/region/35.10")  # an example year and real years side by side
    assert 'data-origin="ilustratif"' in region and 'data-origin="rekaman-publik"' in region
    assert 'data-origin="rekaman-publik"' in _page(running, "/id/submission/34.04/2023")
    for path in ("/", "/dashboard"):
        page = _page(running, path, "en")
        assert 'data-origin="rekaman-publik"' in page and 'data-origin="ilustratif"' in page
        assert 'data-origin="daerah"' in page  # the file loaded by `kotacerdas load` (the default origin)


@pytest.mark.slow
def test_a_script_forced_in_as_a_source_is_shown_as_text_never_as_a_link(demo):
    _, _, running = demo
    page = _page(running, "/id/program/33.27/2021/LAKONE")
    assert "javascript:alert(1)" in page and 'href="javascript:' not in page
    assert 'href="https://www.satukanegeri.com/post/102855/' in page
    assert 'data-origin="daerah"' in page


def test_cited_pages_are_a_graph_of_their_own_and_an_address_that_is_no_iri_is_one_line(tmp_path):
    """The record's ``sources.csv`` loaded as the demo loads it (``kg.loading.source_pages``), without the demo:
    each page a foaf:Document with its title, publisher and identifier in the graph of cited pages, replaced
    whole by the next load; a row whose address is no IRI is refused naming the file and the row."""
    import pyoxigraph as ox

    from kg.core.errors import InputError
    from kg.core.resources import resource_path
    from kg.loading.source_pages import SOURCES_GRAPH, load_cited_pages, read_cited_pages
    from kg.store.embedded import EmbeddedStore

    sources = resource_path("public-record", "sources.csv")
    with sources.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    graph = ox.NamedNode(SOURCES_GRAPH)
    dcterms = "http://purl.org/dc/terms/"
    store = EmbeddedStore.in_memory(reference=False)
    assert load_cited_pages(store, sources) == len(rows) > 0
    for row in rows:
        page = ox.NamedNode(row["url"])
        quads = store.store.quads_for_pattern(page, None, None, graph)
        said = {(quad.predicate.value, quad.object.value) for quad in quads}
        assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://xmlns.com/foaf/0.1/Document") in said
        assert {(dcterms + "title", row["judul"]), (dcterms + "identifier", row["sumber_id"])} <= said
        (publisher,) = [value for predicate, value in said if predicate == dcterms + "publisher"]
        quads = store.store.quads_for_pattern(ox.NamedNode(publisher), None, None, graph)
        names = {quad.object.value for quad in quads}
        assert row["penerbit"] in names

    one = tmp_path / "sources.csv"
    one.write_text("sumber_id,url,judul,penerbit\ns1,https://example.org/a,Satu,Dinas A\n", encoding="utf-8")
    assert load_cited_pages(store, one) == 1
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    kind = (ox.NamedNode(rdf_type), ox.NamedNode("http://xmlns.com/foaf/0.1/Document"))
    documents = {quad.subject.value for quad in store.store.quads_for_pattern(None, *kind, graph)}
    assert documents == {"https://example.org/a"}  # replaced whole: none of the record's pages is left

    script = tmp_path / "script.csv"
    script.write_text("sumber_id,url,judul,penerbit\ns1,https://example.org/a,Satu,A\ns2,bukan alamat,Dua,B\n")
    with pytest.raises(InputError) as refused:
        read_cited_pages(script)
    said = str(refused.value)
    assert "row 3" in said and str(script) in said and "\n" not in said
