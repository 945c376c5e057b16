"""The HTML face of ``/sparql``: YASGUI (vendored, no CDN) with the canned queries as ready tabs.

Each canned query becomes a tab whose text is runnable as it stands: its parameters are bound to the example
their header gives ("e.g. 32.73"), as the ``VALUES`` block the store would add (:func:`bind_values`).
"""

from __future__ import annotations

import json
import re
from functools import cache

from starlette.requests import Request
from starlette.responses import Response

from kg.web.site import Site

_EXAMPLE = re.compile(r"e\.g\.\s*([^\s,;)]+)")


def example_value(parameter) -> str | None:
    """The example value of a canned query's parameter, read from its description (``e.g. 32.73``)."""
    match = _EXAMPLE.search(parameter.description)
    return match.group(1).rstrip(".") if match else None


@cache
def canned_tabs(lang: str) -> list[dict[str, str]]:
    """``[{"name", "query"}]`` for every canned query, parameters bound to their examples."""
    from kg.queries.canned import bind_parameters, canned_queries
    from kg.store.sparql_text import bind_values

    tabs = []
    for query in canned_queries().values():
        values = {p.name: value for p in query.parameters if (value := example_value(p)) is not None}
        text = bind_values(query.text, bind_parameters(query, values))
        tabs.append({"name": f"{query.name}: {query.title(lang)}", "query": text})
    return tabs


def chosen_tab(request: Request, lang: str) -> dict[str, str] | None:
    """``/sparql?editor=NAME&region=32.73``: the canned (or page) query NAME with the URL's parameters bound,
    as the first tab: the pages link their charts' queries this way. ``None`` without ``editor``."""
    from kg.core.errors import InputError
    from kg.publish.page_queries import any_query
    from kg.queries.canned import bind_parameters
    from kg.store.sparql_text import bind_values

    name = request.query_params.get("editor")
    if not name:
        return None
    values = {key: value for key, value in request.query_params.items() if key not in ("editor", "lang")}
    try:
        query = any_query(name)
        text = bind_values(query.text, bind_parameters(query, values))
    except InputError as error:
        return {"name": name, "query": f"# {error}\n"}
    shown = ", ".join(f"{key}={value}" for key, value in values.items())
    return {"name": f"{query.name}: {query.title(lang)}" + (f" ({shown})" if shown else ""), "query": text}


def editor_page(request: Request, site: Site) -> Response:
    lang = site.lang(request)
    chosen = chosen_tab(request, lang)
    config = {"endpoint": "/sparql", "tabs": ([chosen] if chosen else []) + canned_tabs(lang)}
    # JSON inside <script>: "<" escaped so that no text of a query can close the element
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return site.page(request, "sparql.html.j2", active="sparql", editor_config=data)
