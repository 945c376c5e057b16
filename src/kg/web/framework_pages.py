"""The pages of the framework: one per dimension and per initiative (``/framework/GOV``, ``/framework/MOB-01``),
and the search page (``/search?q=``). Views of :mod:`kg.publish.concept_profile` and :mod:`kg.publish.search`.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kg.core.errors import InputError
from kg.web.dataset import SparqlError
from kg.web.pages import render, switch_href
from kg.web.site import Site


def _version() -> str:
    from kg import __version__

    return __version__


async def concept(request: Request) -> Response:
    """``/framework/{notation}``: a dimension's or an initiative's page (404 for another notation)."""
    site: Site = request.app.state.site
    notation = request.path_params["notation"]
    lang = site.lang(request)
    from kg.web.formats import GRAPH_FORMATS, HTML, NotAcceptable, choose

    try:
        fmt = choose((HTML, *GRAPH_FORMATS), request.headers.get("accept"), request.query_params.get("format"))
    except NotAcceptable as error:
        return site.error(request, error.status, str(error))
    if fmt is not HTML:  # Turtle, JSON-LD …: the concept's description, as its IRI answers it
        return await _concept_description(request, site, notation, fmt)

    def produce(_bounds) -> tuple[bytes, str]:
        from kg.publish.concept_profile import concept_profile

        try:
            profile = concept_profile(notation, site.dataset.graph_store, lang=lang)
        except InputError as error:
            raise SparqlError(404, error.message) from None
        body = render(
            "concept.html.j2",
            lang,
            active="framework",
            profile=profile,
            href=site.linker.href,
            switch_href=switch_href(request.url.path, request.query_params, lang),
            version=_version(),
        )
        return body.encode(), "text/html; charset=utf-8"

    return await site.answer(request, ("concept", notation, lang), produce, html_errors=True)


async def _concept_description(request: Request, site: Site, notation: str, fmt) -> Response:
    """The RDF description of the dimension or initiative ``notation`` (``kc:MOB-01``) in ``fmt``."""
    from kg.framework.concepts import dimensions, initiatives
    from kg.web.formats import serialize_triples

    iris = {item.notation: item.iri for item in dimensions()} | {item.notation: item.iri for item in initiatives()}
    if notation not in iris:
        return site.error(request, 404, f"tidak dikenal / unknown: {notation}")

    def produce(_bounds) -> tuple[bytes, str]:
        from kg.publish.resource_description import describe

        return serialize_triples(describe(site.dataset.graph_store, iris[notation]), fmt), fmt.content_type

    return await site.answer(request, ("concept-rdf", notation, fmt.name), produce)


async def search(request: Request) -> Response:
    """``/search?q=``: regions and framework concepts matching the words."""
    from kg.publish.search import search as find

    site: Site = request.app.state.site
    lang = site.lang(request)
    text = request.query_params.get("q", "")
    results = find(text, lang)
    return site.page(request, "search.html.j2", active="search", results=results)
