"""``/dashboard``: coverage across regions, drawn in the browser (``static/dashboard.js``, Apache ECharts vendored
under ``static/vendor/echarts``) from the JSON of the canned queries at ``/queries/NAME.json``.

The page itself carries only what the charts need to name things: the regions that have a submission (name,
province), the years loaded, the dimensions and the initiatives' labels (registry and framework), and the
words of the page. Every chart links its query in the editor and its CSV.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from kg.web.site import Site

WORDS = {
    "id": {
        "title": "Dasbor cakupan",
        "intro": "Cakupan inisiatif Kota Cerdas di semua wilayah yang pengajuannya dimuat. Setiap grafik dibuat dari jawaban JSON kueri bakunya.",
        "province": "Provinsi",
        "year": "Tahun",
        "all_provinces": "Semua provinsi",
        "all_years": "Semua tahun",
        "heatmap": "Peta panas: wilayah × dimensi",
        "heatmap_note": "Persen inisiatif setiap dimensi yang dicakup program yang tidak batal; 0% = tidak ada program di dimensi itu.",
        "ranking": "Peringkat wilayah menurut cakupan keseluruhan",
        "ranking_note": "Inisiatif yang dicakup dari 50.",
        "gaps": "Celah nasional: inisiatif yang tidak atau paling sedikit dicakup",
        "gaps_note": "Inisiatif tanpa satu pun wilayah yang memiliki program untuknya, lalu 15 inisiatif yang dicakup paling sedikit wilayah (tabel berisi semuanya). Seluruh provinsi.",
        "gaps_none": "Tidak dicakup wilayah mana pun",
        "gaps_least": "Paling sedikit dicakup (jumlah wilayah)",
        "gaps_all_covered": "Setiap inisiatif dicakup sedikitnya satu wilayah.",
        "budget": "Anggaran per dimensi",
        "budget_note": "Rupiah, program yang tidak batal, per tahun. Seluruh provinsi.",
        "per_inhabitant": "Anggaran per penduduk",
        "per_inhabitant_note": "Pagu pasti rupiah (dihitung sekali) ÷ jumlah penduduk wilayah (graf registri, tahun acuan terdekat; tidak dikirim, menunggu sumber berlisensi); – bila jumlah penduduk tidak diketahui.",
        "population": "Penduduk",
        "rupiah_per_inhabitant": "Rp per penduduk",
        "trend": "Tren cakupan rata-rata antartahun",
        "trend_note": "Rata-rata cakupan per dimensi dari wilayah yang mengajukan pada tahun itu.",
        "gaps_summary": "{none} dari {all} inisiatif belum dicakup wilayah mana pun; {one} hanya oleh satu wilayah.",
        "region": "Wilayah",
        "dimension": "Dimensi",
        "coverage": "Cakupan",
        "regions": "Wilayah",
        "initiative": "Inisiatif",
        "covered": "Dicakup",
        "programs": "Program",
        "open_query": "Buka kueri di editor",
        "csv": "Unduh CSV",
        "table": "Tabel data",
        "no_data": "Belum ada pengajuan yang dimuat.",
        "per_inhabitant_none": "Tanpa jumlah penduduk di graf registri, anggaran per penduduk belum dapat dihitung.",
        "loading": "Memuat …",
        "failed": "Gagal memuat data",
    },
    "en": {
        "title": "Coverage dashboard",
        "intro": "Coverage of the Kota Cerdas initiatives in every region whose submissions are loaded. Each chart is drawn from the JSON answer of its canned query.",
        "province": "Province",
        "year": "Year",
        "all_provinces": "All provinces",
        "all_years": "All years",
        "heatmap": "Heat map: regions × dimensions",
        "heatmap_note": "Percent of each dimension's initiatives covered by programs that are not cancelled; 0% = no program in that dimension.",
        "ranking": "Regions ranked by overall coverage",
        "ranking_note": "Initiatives covered out of 50.",
        "gaps": "National gaps: the initiatives no region or fewest regions cover",
        "gaps_note": "The initiatives no region has a program for, then the 15 initiatives the fewest regions cover (the table has all). All provinces.",
        "gaps_none": "Covered by no region",
        "gaps_least": "Least covered (number of regions)",
        "gaps_all_covered": "Every initiative is covered by at least one region.",
        "budget": "Budget per dimension",
        "budget_note": "Rupiah, programs not cancelled, per year. All provinces.",
        "per_inhabitant": "Budget per inhabitant",
        "per_inhabitant_note": "Exact planned rupiah (counted once) ÷ the region's population (registry graph, nearest reference year; not shipped, awaits a licensed source); – when the population is unknown.",
        "population": "Population",
        "rupiah_per_inhabitant": "IDR per inhabitant",
        "trend": "Mean coverage across years",
        "trend_note": "Mean coverage per dimension of the regions that submitted in that year.",
        "gaps_summary": "{none} of {all} initiatives are covered by no region; {one} by one region only.",
        "region": "Region",
        "dimension": "Dimension",
        "coverage": "Coverage",
        "regions": "Regions",
        "initiative": "Initiative",
        "covered": "Covered",
        "programs": "Programs",
        "open_query": "Open the query in the editor",
        "csv": "Download CSV",
        "table": "Data table",
        "no_data": "No submission loaded yet.",
        "per_inhabitant_none": "Without a population in the registry graph, no budget per inhabitant can be computed yet.",
        "loading": "Loading …",
        "failed": "Could not load the data",
    },
}


def dashboard_config(store, lang: str) -> dict:
    """What the dashboard's script needs besides the queries' answers (see the module's description)."""
    from kg.core.namespaces import parse_submission_iri
    from kg.framework.concepts import dimensions, initiatives
    from kg.framework.regions import region
    from kg.loading.provenance import submission_records

    english = lang == "en"
    years: set[int] = set()
    regions: dict[str, dict[str, str]] = {}
    for record in submission_records(store):
        parsed = parse_submission_iri(str(record["submission"]))
        if parsed is None or not parsed[1].isdigit():
            continue
        code, year = parsed[0], int(parsed[1])
        years.add(year)
        found = region(code)
        province = region(found.province_code) if found and found.province_code else None
        regions[code] = {
            "name": found.name if found else code,
            "province": province.code if province else "",
            "province_name": province.name if province else "",
        }
    totals: dict[str, int] = {}
    for item in initiatives():
        totals[item.dimension] = totals.get(item.dimension, 0) + 1
    return {
        "lang": lang,
        "words": WORDS["en" if english else "id"],
        "regions": dict(sorted(regions.items())),
        "provinces": sorted({(r["province"], r["province_name"]) for r in regions.values() if r["province"]}),
        "years": sorted(years),
        "dimensions": [
            {"notation": d.notation, "label": d.label_en if english else d.label_id, "total": totals.get(d.notation, 0)}
            for d in dimensions()
        ],
        "initiatives": {i.notation: i.label_en if english else i.label_id for i in initiatives()},
    }


async def dashboard(request: Request) -> Response:
    site: Site = request.app.state.site
    lang = site.lang(request)
    config = await site.bounded(lambda _bounds: dashboard_config(site.dataset.graph_store, lang))
    from kg.web.home import home_origins

    origins = await site.bounded(lambda _bounds: home_origins(site, lang))
    # JSON inside <script>: "<" escaped so that no name can close the element
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return site.page(
        request,
        "dashboard.html.j2",
        active="dashboard",
        config=config,
        config_json=data,
        origin_counts=origins,
        d=WORDS["en" if lang == "en" else "id"],
    )
