"""``/queries/{name}.json`` and ``/queries/{name}.csv``: a canned query (or a page query) by name, its parameters
from the URL (``?region=32.73&year=2025``), answered as ``kotacerdas query NAME --format json|csv`` would:
a JSON list of objects keyed by the query's variables, numbers as numbers; CSV with a header row.

The charts of the dashboard are drawn from these answers, and each links its CSV. Parameters are checked and
bound as RDF terms by :mod:`kg.queries.canned` (a bad one is ``400`` with the CLI's message).
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from kg.core.errors import InputError
from kg.web.dataset import SparqlError
from kg.web.site import Site

FORMATS = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}
#: URL parameters that are not query parameters.
_NOT_PARAMETERS = ("lang",)


def query_parameters(request: Request) -> dict[str, str]:
    """The query's parameters given in the URL (each once)."""
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in _NOT_PARAMETERS:
            continue
        if key in values:
            raise SparqlError(400, f"parameter {key!r} lebih dari sekali / given more than once")
        values[key] = value
    return values


async def canned_answer(request: Request) -> Response:
    site: Site = request.app.state.site
    name, dot, extension = request.path_params["file"].rpartition(".")
    if not dot or extension not in FORMATS:
        return site.error(request, 404, "pakai /queries/NAMA.json atau .csv / use /queries/NAME.json or .csv")
    try:
        params = query_parameters(request)
    except SparqlError as error:
        return site.error(request, error.status, error.message)

    def produce(_bounds) -> tuple[bytes, str]:
        from kg.publish.page_queries import run_any_query
        from kg.queries.canned import rows_as_objects, to_csv

        try:
            result = run_any_query(name, site.dataset.graph_store, params)
        except InputError as error:
            raise SparqlError(404 if error.source == "query" else 400, error.message) from None
        if extension == "csv":
            return to_csv(result).encode(), FORMATS["csv"]
        return json.dumps(rows_as_objects(result), ensure_ascii=False).encode(), FORMATS["json"]

    key = ("canned", name, extension, tuple(sorted(params.items())))
    headers = {"content-disposition": f'attachment; filename="{name}.csv"'} if extension == "csv" else None
    return await site.answer(request, key, produce, vary=False, extra_headers=headers)
