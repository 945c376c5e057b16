"""The HTML face of ``/sparql``: YASGUI (vendored, no CDN) with the canned queries as ready tabs.

Each canned query becomes a tab whose text is the query as ``kotacerdas query NAME`` runs it without parameters
(the same rows as the CLI and ``/queries/NAME.json``). Its parameters are shown as commented ``VALUES`` lines at
the start of the ``WHERE`` group, with the example their header gives ("e.g. 32.73"): the user removes the ``#``
and fills in a value. Nothing the user did not ask for is bound.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from kg.web.site import Site

if TYPE_CHECKING:
    from kg.queries.canned import CannedQuery, Parameter

_EXAMPLE = re.compile(r"e\.g\.\s*([^\s,;)]+)")


def example_value(parameter) -> str | None:
    """The example value of a canned query's parameter, read from its description (``e.g. 32.73``)."""
    match = _EXAMPLE.search(parameter.description)
    return match.group(1).rstrip(".:") if match else None


def _parameter_line(parameter: Parameter, lang: str) -> str:
    """A commented ``VALUES`` line for one parameter, its example (or a placeholder) in place of the value."""
    from kg.core.errors import InputError
    from kg.queries.canned import parameter_term
    from kg.store.sparql_text import value_text

    example = example_value(parameter)
    shown = f"<{parameter.type.upper()}>"
    if example is not None and parameter.type in ("year", "integer"):
        shown = example  # SPARQL's integer literal, as a person writes it
    elif example is not None:
        try:
            shown = value_text(parameter.name, parameter_term(parameter, example))
        except InputError:
            pass
    texts = parameter.description.split(" / ", 1)
    text = texts[-1] if lang == "en" else texts[0]
    return f"  # VALUES ?{parameter.name} {{ {shown} }}   # {text}"


def editor_text(query: CannedQuery, values: dict[str, str], lang: str = "id") -> str:
    """The query as the CLI runs it with ``values`` (none: as ``kotacerdas query NAME`` without parameters,
    defaults included), each parameter left unbound shown as a commented line the user fills in."""
    from kg.queries.canned import bind_parameters
    from kg.store.sparql_text import bind_values, where_group

    # a required parameter left out is shown as a line to fill in, like the optional ones (the CLI refuses it)
    required = {p.name: p for p in query.parameters if p.required and not values.get(p.name, p.default)}
    optional = replace(query, parameters=tuple(p for p in query.parameters if p.name not in required))
    given = {name: value for name, value in values.items() if name not in required}
    text = bind_values(query.text, bindings := bind_parameters(optional, given))
    free = [parameter for parameter in query.parameters if parameter.name not in bindings]
    if not free:
        return text
    intro = (
        "  # parameter: hapus '#' di awal baris dan isi nilainya untuk menyaring"
        if lang != "en"
        else "  # parameters: remove the leading '#' and fill in a value to filter"
    )
    note = "  (wajib di CLI)" if lang != "en" else "  (required by the CLI)"
    block = "\n".join([intro] + [_parameter_line(p, lang) + (note if p.name in required else "") for p in free])
    position = where_group(text)
    if position is None:
        return text.rstrip("\n") + "\n" + block + "\n"
    return text[: position + 1] + "\n" + block + "\n" + text[position + 1 :].lstrip("\n")


@cache
def canned_tabs(lang: str) -> list[dict[str, str]]:
    """``[{"name", "query"}]`` for every canned query: the query the CLI runs without parameters, its
    parameters as commented lines (:func:`editor_text`)."""
    from kg.queries.canned import canned_queries

    return [
        {"name": f"{query.name}: {query.title(lang)}", "query": editor_text(query, {}, lang)}
        for query in canned_queries().values()
    ]


def chosen_tab(request: Request, lang: str) -> dict[str, str] | None:
    """``/sparql?editor=NAME&region=32.73``: the canned (or page) query NAME with the URL's parameters bound,
    as the first tab: the pages link their charts' queries this way. ``None`` without ``editor``."""
    from kg.core.errors import InputError
    from kg.publish.page_queries import any_query

    name = request.query_params.get("editor")
    if not name:
        return None
    values = {key: value for key, value in request.query_params.items() if key not in ("editor", "lang")}
    try:
        query = any_query(name)
        text = editor_text(query, values, lang)
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
