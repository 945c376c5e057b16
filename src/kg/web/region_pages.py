"""The HTML faces of the data IRIs: a region (``/id/region/32.73``), a program (``/id/program/32.73/2025/…``)
and a submission (``/id/submission/32.73/2025``), and the region report download (``/reports/region/32.73``).

Each page is a view of library functions (:mod:`kg.publish.region_profile`, :mod:`kg.publish.region_charts`,
:mod:`kg.loading.provenance`) plus the resource's own RDF description, shown under "linked data" so that the
page stays the same resource's description in HTML. Called from :func:`kg.web.linked_data.resource`.
"""

from __future__ import annotations

from urllib.parse import unquote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from kg.core.errors import InputError
from kg.core.namespaces import (
    BASE,
    parse_program_iri,
    parse_region_iri,
    parse_submission_iri,
    program_iri_prefix,
    region_iri,
    submission_iri,
)
from kg.web.dataset import SparqlError
from kg.web.pages import render
from kg.web.site import Site


def _statuses(lang: str) -> dict[str, str]:
    from kg.framework.concepts import status_codes

    return {code: (item.label_en if lang == "en" else item.label_id) for code, item in status_codes().items()}


def _initiative_labels(lang: str) -> dict[str, str]:
    from kg.framework.concepts import initiatives

    return {item.notation: (item.label_en if lang == "en" else item.label_id) for item in initiatives()}


def _year_param(request: Request) -> int | None:
    text = (request.query_params.get("year") or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise SparqlError(400, f"tahun harus 4 angka / year must be 4 digits: {text!r}")
    return int(text)


def rich_page(site: Site, request: Request, path: str, lang: str, context: dict) -> str | None:
    """The rich page of ``path`` (a region, program or submission IRI's path), or ``None`` for other IRIs.
    ``context`` carries what every description page has (``view``, ``alternates``, ``switch_href``, ``version``)."""
    context = {**context, "href": site.linker.href}
    iri = BASE + path.lstrip("/")  # parsed back through the URI templates the IRIs are made from
    if (code := parse_region_iri(iri)) is not None:
        return region_page(site, request, code, lang, context) if region_iri(code) == iri else None
    if (submission := parse_submission_iri(iri)) is not None:
        code, year = submission
        made = _is_year(year) and submission_iri(code, year) == iri
        return submission_page(site, code, int(year), lang, context) if made else None
    if (program := parse_program_iri(iri)) is not None:
        code, year, program_id = program
        made = bool(program_id) and _is_year(year) and iri.startswith(program_iri_prefix(code, year))
        return program_page(site, code, int(year), lang, context) if made else None
    return None


def _is_year(text: str) -> bool:
    """A fiscal year as a data IRI holds it: up to four ASCII digits."""
    return text.isascii() and text.isdigit() and len(text) <= 4


def region_page(site: Site, request: Request, code: str, lang: str, context: dict) -> str | None:
    from kg.framework.regions import region, regions_in
    from kg.publish.region_charts import region_charts
    from kg.publish.region_profile import region_profile

    if region(code) is None:
        return None
    year = _year_param(request)
    store = site.dataset.graph_store
    try:
        profile = region_profile(store, code, year=year, lang=lang)
    except InputError as error:
        raise SparqlError(400, error.message) from None
    charts = region_charts(profile)
    members = []
    if profile.province_code is None:
        with_data = _regions_with_submissions(store)
        members = [
            {"code": item.code, "name": item.name, "href": f"/id/region/{item.code}", "loaded": item.code in with_data}
            for item in regions_in(code)
        ]
    year_query = f"&year={year}" if year else ""
    from kg.publish.data_origins import origin_of

    origins = [(item.year, origin_of(item.origin, lang)) for item in profile.submissions]
    return render(
        "region.html.j2",
        lang,
        active="region",
        profile=profile,
        charts={
            name: Markup(getattr(charts, name)) for name in ("radar", "coverage", "budget", "achievement", "trend")
        },
        members=members,
        origins=origins,
        statuses=_statuses(lang),
        initiative_labels=_initiative_labels(lang),
        report_href=f"/reports/region/{profile.code}.html?lang={lang}{year_query}",
        province_href=f"/id/region/{profile.province_code}" if profile.province_code else None,
        **context,
    )


def _regions_with_submissions(store) -> set[str]:
    from kg.loading.provenance import submission_records

    codes = set()
    for record in submission_records(store):
        parsed = parse_submission_iri(str(record["submission"]))
        if parsed is not None:
            codes.add(parsed[0])
    return codes


def submission_page(site: Site, code: str, year: int, lang: str, context: dict) -> str | None:
    from kg.framework.regions import region
    from kg.publish.page_queries import query_rows
    from kg.publish.region_profile import program_rows, region_submissions

    found = region(code)
    if found is None:
        return None
    store = site.dataset.graph_store
    record = next((item for item in region_submissions(store, code) if item.year == year), None)
    programs = program_rows(query_rows("region-programs", store, {"region": code, "year": str(year)}))
    from kg.publish.data_origins import origin_of

    return render(
        "submission.html.j2",
        lang,
        active="submission",
        region=found,
        year=year,
        record=record,
        origin=origin_of(record.origin, lang) if record else None,
        programs=programs,
        statuses=_statuses(lang),
        report_href=f"/reports/region/{code}.html?lang={lang}&year={year}",
        **context,
    )


def program_page(site: Site, code: str, year: int, lang: str, context: dict) -> str | None:
    from kg.framework.regions import region
    from kg.publish.page_queries import query_rows
    from kg.publish.region_profile import program_rows, region_submissions

    found = region(code)
    iri = context["view"].iri
    if found is None:
        return None
    store = site.dataset.graph_store
    program = next(
        (
            row
            for row in program_rows(query_rows("region-programs", store, {"region": code, "year": str(year)}))
            if row["program"] == iri
        ),
        None,
    )
    if program is None:
        return None
    record = next((item for item in region_submissions(store, code) if item.year == year), None)
    from kg.publish.data_origins import origin_of, program_sources

    labels = _initiative_labels(lang)
    initiatives = [
        {"notation": notation, "label": labels.get(notation, ""), "href": f"/framework/{notation}?lang={lang}"}
        for notation in sorted(filter(None, str(program.get("initiatives") or "").split(";")))
    ]
    return render(
        "program.html.j2",
        lang,
        active="program",
        region=found,
        year=year,
        program=program,
        record=record,
        origin=origin_of(record.origin, lang) if record else None,
        sources=program_sources(store, code, year).get(iri, []),
        initiatives=initiatives,
        statuses=_statuses(lang),
        **context,
    )


async def region_report(request: Request) -> Response:
    """``/reports/region/{code}.html``: the region report (the same file ``kotacerdas report`` writes), as a
    download."""
    site: Site = request.app.state.site
    code = unquote(request.path_params["code"])
    lang = site.lang(request)
    try:
        year = _year_param(request)
    except SparqlError as error:
        return site.error(request, error.status, error.message, html=True)

    def produce(_bounds) -> tuple[bytes, str]:
        from kg.publish.region_report import region_report_html

        try:
            return region_report_html(
                site.dataset.graph_store, code, year=year, lang=lang
            ).encode(), "text/html; charset=utf-8"
        except InputError as error:
            raise SparqlError(404, error.message) from None

    name = f"laporan-{code}{'-' + str(year) if year else ''}-{lang}.html"
    return await site.answer(
        request,
        ("region-report", code, year, lang),
        produce,
        vary=False,
        html_errors=True,
        extra_headers={"content-disposition": f'attachment; filename="{name}"'},
    )
