"""The pages in a real browser: Debian's Chromium driven by Playwright against a running ``kotacerdas serve``.

Each test is a person's look at a page: the home page's framework, the language switch, Kota Bandung's charts
against ``kotacerdas query coverage``, YASGUI running a canned query, the dashboard's heat map, the validation
page with the planted-error file, a hostile program name, the printed report, a phone-sized screen. Screenshots
of home, region page, dashboard and validation page go to ``docs/screenshots/ci/`` (CI artefacts).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import playwright.sync_api as playwright_api  # a test dependency: missing, these tests fail
import pytest

from pages_helpers import (
    HOSTILE_NAME,
    HOSTILE_REGION,
    SCREENSHOTS,
    build_store,
    coverage_rows,
    launch_chromium,
    six_dimensions,
)
from serve_helpers import ServerProcess, kotacerdas, start_server  # noqa: E402

pytestmark = pytest.mark.browser

ERRORS_FILE = Path(__file__).resolve().parent / "data" / "submissions" / "bandung-2025-errors.csv"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> ServerProcess:
    folder = tmp_path_factory.mktemp("pages")
    store = build_store(folder)
    running = start_server(folder / "serve.log", "--store", str(store), "--quiet")
    running.store = store
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    # the security headers' policy (scripts from the server's own files only) holds for every page: YASGUI, ECharts
    # and the pages' scripts run without anything it refuses
    refused: list[str] = []
    opened.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield opened
    context.close()
    assert not refused, refused


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_home_lists_six_dimensions_with_goals_and_fifty_initiatives(server, page):
    page.goto(server.url)
    assert page.locator("li.card.dimension").count() == 6
    assert page.locator("li.card.dimension li.initiative").count() == 50
    assert page.locator("li.card.dimension .goal").count() == 6
    assert page.get_by_label("Cari wilayah atau inisiatif").is_visible()
    _screenshot(page, "home.png")


def test_search_finds_a_region_by_name_and_an_initiative_by_code(server, page):
    page.goto(server.url)
    page.get_by_label("Cari wilayah atau inisiatif").fill("bandung")
    page.get_by_role("button", name="Cari").click()
    assert page.get_by_role("link", name="Kota Bandung (32.73)").is_visible()
    page.goto(server.url + "search?q=MOB-01")
    page.get_by_role("link", name=re.compile("MOB-01")).first.click()
    assert page.locator("h1").inner_text().startswith("MOB-01")


def test_switching_language_changes_labels_keeps_the_page_and_is_remembered(server, page):
    page.goto(server.url + "id/region/32.73?year=2025")
    assert page.locator("h2#coverage").inner_text() == "Cakupan per dimensi"
    assert page.locator("html").get_attribute("lang") == "id"
    page.locator("header.site .lang a").click()
    page.wait_for_load_state()
    assert "/id/region/32.73" in page.url and "year=2025" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#coverage").inner_text() == "Coverage per dimension"
    page.goto(server.url + "dashboard")  # no ?lang: the cookie remembers
    assert page.locator("h1").inner_text() == "Coverage dashboard"


@pytest.mark.parametrize("year", [None, "2025", "2024"])
def test_region_page_charts_show_the_numbers_of_the_coverage_query(server, page, year):
    params = {"region": "32.73"} | ({"year": year} if year else {})
    expected = six_dimensions(coverage_rows(server.store, **params), "32.73")
    page.goto(server.url + "id/region/32.73" + (f"?year={year}" if year else ""))
    radar = {
        mark.get_attribute("data-key"): float(mark.get_attribute("data-value"))
        for mark in page.locator("#radar-chart svg[data-chart=radar] .mark").all()
    }
    bars = {
        mark.get_attribute("data-key"): float(mark.get_attribute("data-value"))
        for mark in page.locator("#coverage-chart svg .mark").all()
    }
    table = {
        row.get_attribute("data-dimension"): (
            int(row.get_attribute("data-covered")),
            int(row.get_attribute("data-total")),
        )
        for row in page.locator("#coverage-table tbody tr").all()
    }
    assert list(radar) == list(expected) == list(bars) == list(table), "all six dimensions, in the framework's order"
    for notation, (covered, total, coverage) in expected.items():
        assert radar[notation] == pytest.approx(coverage) and bars[notation] == pytest.approx(coverage)
        assert table[notation] == (covered, total)
        percent = page.locator(f"#coverage-table tr[data-dimension={notation}] td").nth(2).inner_text()
        assert percent == f"{round(coverage * 100)}%"
    if year is None:
        _screenshot(page, "region.png")


def test_makassar_shows_dimensions_without_programs_as_zero(server, page):
    page.goto(server.url + "id/region/73.71?year=2024")
    rows = page.locator("#coverage-table tbody tr")
    assert rows.count() == 6
    zero = [row.get_attribute("data-dimension") for row in rows.all() if row.get_attribute("data-covered") == "0"]
    assert "GOV" in zero and "MOB" in zero
    assert float(page.locator("#radar-chart .mark[data-key=GOV]").get_attribute("data-value")) == 0.0


def test_programs_table_sorts_by_budget(server, page):
    page.goto(server.url + "id/region/32.73")
    header = page.locator("#programs-table thead th").nth(6)
    header.locator("button").click()
    values = [
        float(cell.get_attribute("data-sort"))
        for cell in page.locator("#programs-table tbody tr td:nth-child(7)").all()
    ]
    assert values == sorted(values) and header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    values = [
        float(cell.get_attribute("data-sort"))
        for cell in page.locator("#programs-table tbody tr td:nth-child(7)").all()
    ]
    assert values == sorted(values, reverse=True)


def test_yasgui_runs_a_canned_query_and_shows_its_rows(server, page):
    expected = coverage_rows(server.store, region="32.73")
    page.goto(server.url + "sparql?editor=coverage&region=32.73")
    page.locator(".yasqe_queryButton").first.click()
    rows = page.locator(".yasr .dataTable tbody tr")
    rows.first.wait_for(timeout=20_000)
    assert rows.count() == len(expected)
    assert "32.73" in rows.first.inner_text() and expected[0]["dimension"] in rows.first.inner_text()


def test_every_editor_tab_run_in_the_page_gives_the_command_lines_rows(server, page):
    """Each canned tab, run by its own Run button as a person would, shows as many rows as ``kotacerdas query
    NAME`` prints (the tabs of queries with a required parameter: as many as the query across all regions)."""
    from kg.queries.canned import canned_queries

    page.goto(server.url + "sparql")
    page.wait_for_function("() => window.kcEditor && kcEditor.persistentConfig.getTabs().length >= 14", timeout=20_000)
    tab_ids = page.evaluate("kcEditor.persistentConfig.getTabs()")
    for tab_id in tab_ids:
        name = page.evaluate("id => kcEditor.getTab(id).getName()", tab_id).split(":", 1)[0]
        query = canned_queries()[name]
        page.evaluate("id => { kcEditor.selectTabId(id); }", tab_id)
        page.locator(f"[id='{tab_id}'] .yasqe_queryButton").click()
        page.wait_for_function(
            "id => { const r = kcEditor.getTab(id).getYasr().results; "
            "return r && r.getBindings && r.getBindings() !== undefined }",
            arg=tab_id,
            timeout=30_000,
        )
        shown = page.evaluate("id => kcEditor.getTab(id).getYasr().results.getBindings().length", tab_id)
        if any(parameter.required for parameter in query.parameters):
            continue  # the CLI refuses these without the parameter; tests/test_editor_tabs.py fills it in
        done = kotacerdas("query", name, "--format", "json", "--store", str(server.store))
        assert shown == len(json.loads(done.stdout)), name
    assert len(tab_ids) == len(canned_queries())


def _dashboard_ready(page) -> None:
    # a function, not an expression: Playwright evaluates an expression with eval, which the pages' policy forbids
    page.wait_for_function("() => window.kcDashboard && window.kcDashboard.ready", timeout=20_000)


def test_dashboard_heat_map_has_one_cell_per_region_and_dimension(server, page):
    expected = coverage_rows(server.store)
    regions = sorted({row["region_code"] for row in expected})
    page.goto(server.url + "dashboard")
    _dashboard_ready(page)
    cells = page.evaluate(
        "kcDashboard.charts.heatmap.getOption().series[0].data.map(c => [c.region, c.dimension, c.value[2]])"
    )
    assert len(cells) == 6 * len(regions)
    assert {(region, dimension) for region, dimension, _ in cells} == {
        (region, dimension) for region in regions for dimension in ("GOV", "LIV", "ENV", "SOC", "ECO", "MOB")
    }
    for region in regions:
        for dimension, (_, _, coverage) in six_dimensions(expected, region).items():
            value = next(v for r, d, v in cells if r == region and d == dimension)
            assert value == pytest.approx(round(coverage * 1000) / 10)
    assert page.locator("#panel-heatmap a.query-link").get_attribute("href").startswith("/sparql?editor=coverage")
    assert page.locator("#panel-heatmap a.csv-link").get_attribute("href") == "/queries/coverage.csv"
    _screenshot(page, "dashboard.png")
    # the province filter keeps the regions of that province; the year filter asks the query for that year
    page.select_option("#filter-province", "35")
    _dashboard_ready(page)
    shown = page.evaluate("[...new Set(kcDashboard.charts.heatmap.getOption().series[0].data.map(c => c.region))]")
    assert shown and all(code.startswith("35.") for code in shown)
    page.select_option("#filter-province", "")
    page.select_option("#filter-year", "2024")
    _dashboard_ready(page)
    in_2024 = sorted({row["region_code"] for row in coverage_rows(server.store, year="2024")})
    count = page.evaluate("kcDashboard.charts.heatmap.getOption().series[0].data.length")
    assert count == 6 * len(in_2024)
    assert "year=2024" in page.locator("#panel-heatmap a.csv-link").get_attribute("href")


def test_uploading_the_planted_error_file_shows_each_error_on_its_row(server, page, tmp_path):
    done = kotacerdas("validate", str(ERRORS_FILE), "--format", "json")
    assert done.returncode == 1
    expected = [(r["row"], r["column"], r["message"]) for r in json.loads(done.stdout)["results"]]
    page.goto(server.url + "validate")
    page.get_by_label("Berkas pengajuan").set_input_files(str(ERRORS_FILE))
    page.get_by_role("button", name="Periksa", exact=True).click()
    page.locator("#results").wait_for()
    shown = [
        (
            int(row.get_attribute("data-row")) if row.get_attribute("data-row") else None,
            row.get_attribute("data-column") or None,
            row.locator("td.message").inner_text(),
        )
        for row in page.locator("#results tbody tr").all()
    ]
    assert shown == expected
    assert "GAGAL" in page.locator(".verdict").inner_text()
    _screenshot(page, "validate.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh laporan (JSON)").click()
    saved = tmp_path / "report.json"
    download.value.save_as(saved)
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert [(r["row"], r["column"], r["message"]) for r in report["results"]] == expected


def test_a_hostile_program_name_is_shown_as_text(server, page):
    for path in (
        f"id/region/{HOSTILE_REGION}",
        f"id/program/{HOSTILE_REGION}/2023/HOSTILE-1",
        f"id/submission/{HOSTILE_REGION}/2023",
    ):
        page.goto(server.url + path)
        assert HOSTILE_NAME in page.locator("main").inner_text(), path
        assert page.locator("main img").count() == 0, path
        assert not page.evaluate("[...document.scripts].some(s => s.textContent.includes('alert('))"), path
    page.goto(server.url + "dashboard")
    _dashboard_ready(page)
    assert page.dialogs == []


def test_dashboard_says_why_there_is_no_budget_per_inhabitant_instead_of_empty_axes(server, page):
    """No population is shipped: the per-inhabitant panel is a sentence (it was an empty chart with an axis
    name cut to 'Rp p'), in the page's language; its table still lists the regions with –."""
    from kg.web.dashboard import WORDS

    for lang in ("id", "en"):
        page.goto(server.url + f"dashboard?lang={lang}")
        _dashboard_ready(page)
        box = page.locator("#chart-per_inhabitant")
        assert box.inner_text().strip() == WORDS[lang]["per_inhabitant_none"]
        assert box.locator("svg").count() == 0 and "per_inhabitant" not in page.evaluate(
            "Object.keys(kcDashboard.charts)"
        )
        assert page.evaluate("kcDashboard.data.per_inhabitant.length") > 0


def test_region_report_prints_to_at_most_two_a4_pages(server, page, tmp_path):
    report = tmp_path / "laporan.html"
    done = kotacerdas("report", "--region", "32.73", "--out", str(report), "--store", str(server.store))
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and 'src="' not in text, "self-contained, no script"
    assert text.count("<svg") >= 4
    page.goto(report.as_uri())
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"{pages} pages"


def test_pages_read_on_a_phone_without_sideways_scrolling(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("", "id/region/32.73", "dashboard", "validate", "framework/MOB-01"):
            page.goto(server.url + path)
            if path == "dashboard":
                _dashboard_ready(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"/{path} is {width} px wide"
    finally:
        context.close()


def test_national_gaps_name_the_initiatives_no_region_covers_and_chart_the_least_covered(server, page):
    """Issue 23: the panel was 15 bars of 0; the uncovered initiatives are now a list, the chart the least covered."""
    reach = httpx.get(server.url + "queries/initiative-reach.json", timeout=30).json()
    uncovered = sorted(row["initiative"] for row in reach if row["regions"] == 0)
    page.goto(server.url + "dashboard")
    _dashboard_ready(page)
    listed = sorted(text.split(" ")[0] for text in page.locator("#gaps-none li").all_inner_texts())
    assert listed == uncovered and uncovered
    bars = page.evaluate("kcDashboard.charts.gaps.getOption().series[0].data")
    least = sorted((row["regions"], row["initiative"]) for row in reach if row["regions"] > 0)[:15]
    assert bars == [regions for regions, _ in least] and 0 not in bars


_SMALLEST_TEXT = """() => {
  let smallest = Infinity, where = "";
  for (const svg of document.querySelectorAll("svg")) {
    if (!svg.getBoundingClientRect().width) continue;
    const box = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : 0;
    const scale = box ? svg.getBoundingClientRect().width / box : 1;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim() || !text.getBoundingClientRect().width) continue;
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (size < smallest) { smallest = size; where = (svg.getAttribute("data-chart") || svg.parentElement.id) + ": " + text.textContent; }
    }
  }
  return [smallest, where];
}"""


def test_chart_text_is_at_least_10_px_on_a_375_px_phone(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("id/region/32.73", "dashboard"):
            page.goto(server.url + path)
            if path == "dashboard":
                _dashboard_ready(page)
            smallest, where = page.evaluate(_SMALLEST_TEXT)
            assert smallest >= 10, f"/{path}: {smallest:.1f} px ({where})"  # 5.4 px before issue 23
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    finally:
        context.close()
