"""The pages as a client reads them (httpx, no browser): escaping, the JSON the charts draw from, sizes, the upload
page's bounds and its loads, the region report command, search and the framework pages."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import httpx
import pytest

from kg.framework.concepts import initiatives
from pages_helpers import HOSTILE_AGENCY, HOSTILE_NAME, HOSTILE_REGION, build_store, coverage_rows, six_dimensions
from serve_helpers import ServerProcess, kotacerdas, start_server, write_programs

ERRORS_FILE = Path(__file__).resolve().parent / "data" / "submissions" / "bandung-2025-errors.csv"
TOKEN = "test-token-0123456789abcdef"
#: The pages' own budget (HTML + own CSS/JS, before the vendored libraries).
PAGE_BUDGET = 300_000


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> ServerProcess:
    folder = tmp_path_factory.mktemp("pages-http")
    store = build_store(folder)
    temporary = folder / "tmp"  # its own temporary folder (TMPDIR): uploads of other servers never show there
    temporary.mkdir()
    running = start_server(
        folder / "serve.log",
        "--store",
        str(store),
        "--quiet",
        "--allow-load",
        "--max-upload",
        "200000",
        env={"KOTACERDAS_UPDATE_TOKEN": TOKEN, "TMPDIR": str(temporary)},
    )
    running.store, running.temporary = store, temporary
    yield running
    assert running.stop() == 0


def _get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path.lstrip("/"), params=params or None, headers={"Accept": "text/html"}, timeout=30)


def _upload(server, path: Path, **fields) -> httpx.Response:
    with path.open("rb") as handle:
        return httpx.post(server.url + "validate", files={"file": (path.name, handle)}, data=fields, timeout=120)


# ---- escaping ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/id/region/{HOSTILE_REGION}",
        f"/id/program/{HOSTILE_REGION}/2023/HOSTILE-1",
        f"/id/submission/{HOSTILE_REGION}/2023",
        f"/reports/region/{HOSTILE_REGION}.html",
    ],
)
def test_markup_in_a_program_name_is_escaped_everywhere(server, path):
    text = _get(server, path).text
    assert HOSTILE_NAME not in text and HOSTILE_AGENCY not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_markup_reaches_json_as_data_and_search_as_text(server):
    rows = httpx.get(server.url + "queries/region-programs.json", params={"region": HOSTILE_REGION}, timeout=30).json()
    assert HOSTILE_NAME in [row["program_name"] for row in rows]
    page = _get(server, "/search", q="<script>").text
    assert "<script>" not in page.split("<main", 1)[1].split("</main>")[0]


# ---- the JSON the charts draw from ---------------------------------------------------------------------------


@pytest.mark.slow
def test_query_json_is_what_the_command_line_prints(server):
    for params in ({}, {"region": "32.73"}, {"year": "2024"}):
        answer = httpx.get(server.url + "queries/coverage.json", params=params, timeout=30)
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json() == coverage_rows(server.store, **params)
    csv_answer = httpx.get(server.url + "queries/budget.csv", timeout=30)
    # every budget figure says how many programs had none, or only an approximate one (issue 11)
    assert (
        csv_answer.text.splitlines()[0]
        == "year,dimension,programs,with_budget,budget,without_budget,approximate,other_currency"
    )


def test_query_route_refuses_unknown_queries_and_bad_parameters(server):
    assert httpx.get(server.url + "queries/nope.json", timeout=30).status_code == 404
    bad = httpx.get(server.url + "queries/coverage.json", params={"region": "99.99"}, timeout=30)
    assert bad.status_code == 400 and "99.99" in bad.text
    assert httpx.get(server.url + "queries/coverage.json", params={"colour": "red"}, timeout=30).status_code == 400
    assert httpx.get(server.url + "queries/coverage.xml", timeout=30).status_code == 404


def test_editor_link_opens_the_query_with_its_parameters_bound(server):
    page = _get(server, "/sparql", editor="gaps", region="32.73", year="2025").text
    config = json.loads(re.search(r'id="editor-config">(.*?)</script>', page, re.S).group(1))
    first = config["tabs"][0]
    assert (
        first["name"].startswith("gaps:")
        and "VALUES ?region { <https://w3id.org/kotacerdas/id/region/32.73> }" in first["query"]
    )


# ---- pages -----------------------------------------------------------------------------------------------------


def test_region_page_has_all_six_dimensions_with_zeros(server):
    text = _get(server, "/id/region/35.10").text
    expected = six_dimensions(coverage_rows(server.store, region="35.10"), "35.10")
    rows = re.findall(r'<tr data-dimension="(\w+)" data-covered="(\d+)" data-total="(\d+)"', text)
    assert [(d, int(c), int(t)) for d, c, t in rows] == [(d, c, t) for d, (c, t, _) in expected.items()]
    assert any(covered == 0 for _, (covered, _, _) in expected.items()), "Banyuwangi has dimensions without programs"
    assert "Kabupaten Banyuwangi" in text and "Jawa Timur" in text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/id/region/32.73",
        "/id/program/32.73/2025/CONTOH-001",
        "/id/submission/32.73/2025",
        "/framework/GOV",
        "/framework/MOB-01",
        "/dashboard",
        "/validate",
        "/search?q=kota",
    ],
)
def test_each_page_is_under_300_kb_before_vendored_scripts(server, path):
    page = _get(server, path)
    assert page.status_code == 200
    own = sum(
        len(httpx.get(server.url + asset.lstrip("/"), timeout=30).content)
        for asset in re.findall(r'(?:src|href)="(/static/(?!vendor/)[^"?]+)"', page.text)
    )
    assert len(page.content) + own < PAGE_BUDGET, (len(page.content), own)


def test_initiative_page_has_its_definition_word_for_word_and_its_mappings(server):
    item = next(i for i in initiatives() if i.notation == "MOB-01")
    text = _get(server, "/framework/MOB-01").text
    assert f'<p lang="id">{item.definition_id}</p>' in text
    assert "Target SDG" in text and "11.2" in text
    assert "Pilar Kominfo" in text and "Giffinger" in text and "Alasan" in text
    english = _get(server, "/framework/GOV", lang="en").text
    assert "Smart Governance" in english and "Regions covering it" in english and 'data-region="32.73"' in english


def test_search_by_code_name_and_words(server):
    assert "Kota Bandung (32.73)" in _get(server, "/search", q="32.73").text
    by_name = _get(server, "/search", q="bandung").text
    assert "Kota Bandung (32.73)" in by_name and "Kabupaten Bandung (32.04)" in by_name
    assert "/framework/MOB-01" in _get(server, "/search", q="transportasi publik").text


def test_unknown_framework_notation_is_404(server):
    assert _get(server, "/framework/XYZ-99").status_code == 404


# ---- the validation page -------------------------------------------------------------------------------------


def _uploads_left(server) -> list[str]:
    """The upload folders in the server's own temporary folder (kc-upload-*: web/upload_folders.py)."""
    return [name for name in os.listdir(server.temporary) if name.startswith("kc-upload-")]


@pytest.mark.slow
def test_upload_shows_the_clis_results_and_keeps_nothing(server):
    before = _uploads_left(server)
    page = _upload(server, ERRORS_FILE)
    assert page.status_code == 200
    cli = json.loads(kotacerdas("validate", str(ERRORS_FILE), "--format", "json").stdout)["results"]
    rows = re.findall(r'<tr class="result[^"]*" data-row="(\d*)" data-column="([^"]*)"', page.text)
    assert [(int(r) if r else None, c or None) for r, c in rows] == [(r["row"], r["column"]) for r in cli]
    assert _uploads_left(server) == before, "the uploaded file is deleted"


def test_upload_report_downloads_as_json_and_html(server):
    answer = _upload(server, ERRORS_FILE, format="json")
    assert answer.headers["content-disposition"].startswith("attachment")
    report = answer.json()
    assert report["conforms"] is False and {r["file"] for r in report["results"]} == {ERRORS_FILE.name}
    html_report = _upload(server, ERRORS_FILE, format="html")
    assert html_report.headers["content-type"].startswith("text/html") and "<table>" in html_report.text


def test_upload_over_the_limit_is_413_before_it_is_read(server, tmp_path):
    big = write_programs(tmp_path / "big.csv", 1500)
    assert big.stat().st_size > 200_000
    answer = _upload(server, big)
    assert answer.status_code == 413 and "200000" not in answer.text and "0.2 MB" in answer.text
    assert _uploads_left(server) == []


def test_upload_without_a_declared_length_is_cut_at_the_limit(server):
    boundary = "kcboundary"

    def body():  # chunked: the server learns the size only as the bytes arrive
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        for _ in range(400):
            yield b"x" * 1000
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = httpx.post(
        server.url + "validate",
        content=body(),
        timeout=60,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 413
    assert _uploads_left(server) == []


def test_upload_of_an_unreadable_or_foreign_file_says_so(server, tmp_path):
    foreign = tmp_path / "notes.pdf"
    foreign.write_bytes(b"%PDF-1.4")
    assert _upload(server, foreign).status_code == 415
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    answer = _upload(server, broken)
    assert answer.status_code == 422 and "broken.xlsx" in answer.text and "kc-upload-" not in answer.text


@pytest.mark.slow
def test_load_needs_the_regions_token_and_then_shows_on_the_region_page(server, tmp_path):
    from kg.web.load_access import region_token

    submission = write_programs(tmp_path / "makassar-2025.csv", 3, region="73.71", year=2025, prefix="WEB")
    wrong = _upload(server, submission, action="load", token=region_token(TOKEN, "32.73"))
    assert 'id="load-message"' in wrong.text and "Token tidak sah" in wrong.text
    assert "2025" not in re.findall(r'href="\?year=(\d+)', _get(server, "/id/region/73.71").text)
    loaded = _upload(server, submission, action="load", token=region_token(TOKEN, "73.71"))
    assert "Dimuat: 73.71/2025" in loaded.text
    page = _get(server, "/id/region/73.71").text
    assert "makassar-2025.csv" in page and "WEB-00001" in page
    refused = _upload(server, ERRORS_FILE, action="load", token=TOKEN)
    assert "Tidak dimuat" in refused.text


# ---- the region report command -------------------------------------------------------------------------------


@pytest.mark.slow
def test_report_command_writes_a_self_contained_report_and_guards_other_files(server, tmp_path):
    out = tmp_path / "laporan.html"
    done = kotacerdas(
        "report", "--region", "32.73", "--year", "2025", "--lang", "en", "--out", str(out), "--store", str(server.store)
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "Kota Bandung" in text and "(32.73)" in text and "<script" not in text and text.count("<svg") >= 4
    assert kotacerdas("report", "--region", "32.73", "--out", str(out), "--store", str(server.store)).returncode == 0
    other = tmp_path / "notes.html"
    other.write_text("<p>mine</p>", encoding="utf-8")
    refused = kotacerdas("report", "--region", "32.73", "--out", str(other), "--store", str(server.store))
    assert (
        refused.returncode == 2 and "--force" in refused.stderr and other.read_text(encoding="utf-8") == "<p>mine</p>"
    )
    forced = kotacerdas("report", "--region", "32.73", "--out", str(other), "--store", str(server.store), "--force")
    assert forced.returncode == 0
    inside = kotacerdas(
        "report", "--region", "32.73", "--out", str(server.store / "r.html"), "--store", str(server.store)
    )
    assert inside.returncode == 2 and "Traceback" not in inside.stderr
    unknown = kotacerdas("report", "--region", "99.99", "--out", str(tmp_path / "x.html"), "--store", str(server.store))
    assert unknown.returncode == 2 and "99.99" in unknown.stderr and not (tmp_path / "x.html").exists()


@pytest.mark.slow
def test_report_download_from_the_region_page_is_the_same_report(server, tmp_path):
    page = _get(server, "/id/region/32.73").text
    href = re.search(r'href="(/reports/region/32\.73\.html[^"]*)"', page).group(1).replace("&amp;", "&")
    download = httpx.get(server.url + href.lstrip("/"), timeout=30)
    assert download.headers["content-disposition"].startswith("attachment")
    out = tmp_path / "cli.html"
    kotacerdas("report", "--region", "32.73", "--out", str(out), "--store", str(server.store))
    strip = lambda text: re.sub(r"<footer>.*?</footer>", "", text, flags=re.S)  # noqa: E731 - the time it was made
    assert strip(download.text) == strip(out.read_text(encoding="utf-8"))


def test_ontology_documentation_links_each_term_to_its_page(server):
    text = _get(server, "/ontology").text
    assert 'href="/framework/GOV-01?lang=id"' in text and 'href="/framework/MOB?lang=id"' in text
    assert _get(server, "/framework/GOV-01").status_code == 200


# ---- issue 23: sheet and cell, a separate indicators file, .ods ----------------------------------------------

SUBMISSIONS = Path(__file__).resolve().parent / "data" / "submissions"


def _result_rows(text: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'data-(row|column|table|cell)="([^"]*)"', row))
        for row in re.findall(r'<tr class="result[^"]*"[^>]*>', text)
    ]


@pytest.mark.slow
def test_an_indicators_sheets_results_show_their_sheet_and_cell(server, tmp_path):
    from spreadsheet_files import csv_rows, write_xlsx

    workbook = write_xlsx(
        tmp_path / "banjarmasin.xlsx",
        {
            "Program": csv_rows(SUBMISSIONS / "banjarmasin-2025-published.csv"),
            "Indikator": csv_rows(SUBMISSIONS / "banjarmasin-2025-indikator.csv"),
        },
    )
    page = _upload(server, workbook)
    assert page.status_code == 200
    shown = _result_rows(page.text)
    cli = json.loads(kotacerdas("validate", str(workbook), "--format", "json").stdout)["results"]
    assert sorted((r["cell"], r["column"]) for r in shown) == sorted(
        (r.get("cell") or "", r["column"] or "") for r in cli
    )
    on_indicators = [r for r in shown if r["table"] == "indikator"]
    assert on_indicators and all(r["cell"].startswith("Indikator!") for r in on_indicators)
    assert all(r["cell"] for r in shown if r["row"]), "every result on a row names its cell"
    flat = page.text.replace("\n", "").replace("  ", "")
    assert all(f">Indikator {r['row']}<" in flat for r in on_indicators)  # each row says its sheet


@pytest.mark.slow
def test_a_separate_indicators_csv_is_checked_with_its_programs(server):
    programs, indicators = (
        SUBMISSIONS / "banjarmasin-2025-published.csv",
        SUBMISSIONS / "banjarmasin-2025-indikator.csv",
    )
    with programs.open("rb") as first, indicators.open("rb") as second:
        page = httpx.post(
            server.url + "validate",
            files={"file": (programs.name, first), "indicators": (indicators.name, second)},
            timeout=120,
        )
    assert page.status_code == 200, page.text[:500]
    cli = json.loads(kotacerdas("validate", str(programs), str(indicators), "--format", "json").stdout)["results"]
    shown = _result_rows(page.text)
    assert sorted((r["row"], r["column"]) for r in shown) == sorted(
        (str(r["row"] or ""), r["column"] or "") for r in cli
    )
    assert indicators.name in page.text and 'name="indicators"' in page.text


def test_the_file_picker_offers_ods_and_an_ods_is_checked(server, tmp_path):
    from spreadsheet_files import csv_rows, write_ods

    form = _get(server, "/validate").text
    accept = re.search(r'id="file" name="file" required accept="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    assert ".ods" in accept.split(", ") and ".xlsx" in accept.split(", ")
    spreadsheet = write_ods(tmp_path / "bandung.ods", {"Program": csv_rows(ERRORS_FILE)}, trailing_rows=10)
    page = _upload(server, spreadsheet)
    assert page.status_code == 200 and 'data-cell="' in page.text


def test_mapping_justifications_and_sdg_targets_are_indonesian_on_indonesian_pages(server):
    """Issue 23: an Indonesian page showed English SSSOM justifications and SDG target texts."""
    from kg.framework.alignments import mappings

    sdg = next(m for m in mappings("sdg") if m.subject_id == "kc:MOB-01")
    indonesian = _get(server, "/framework/MOB-01").text
    assert sdg.comment_id in indonesian and sdg.comment not in indonesian
    assert sdg.object_label_id in indonesian and sdg.object_label not in indonesian
    assert f'<td lang="id">{sdg.comment_id}</td>' in indonesian
    english = _get(server, "/framework/MOB-01", lang="en").text
    assert sdg.comment in english and sdg.object_label in english and sdg.comment_id not in english
