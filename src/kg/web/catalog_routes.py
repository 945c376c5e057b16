"""``/void``, ``/.well-known/void``, ``/catalog`` and ``/dumps/``: the dataset's description and downloads
(the dump files come from :class:`kg.web.dump_folder.DumpFolder`)."""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from kg.web.formats import GRAPH_FORMATS, HTML, N3, NotAcceptable, choose, serialize_triples
from kg.web.pages import resource_view, switch_href
from kg.web.site import Site

DESCRIPTION_FORMATS = (*GRAPH_FORMATS, HTML)
#: The catalogue's triples of the store generation they were made for, by server (``id(site)``).
_CATALOG_TRIPLES: dict[int, tuple[int, list]] = {}
#: How long VoID and the catalogue may take to compute (once per store generation).
DESCRIPTION_TIMEOUT_S = 600.0


async def _description(request: Request, kind: str) -> Response:
    site: Site = request.app.state.site
    path = request.url.path
    try:
        fmt = choose(DESCRIPTION_FORMATS, request.headers.get("accept"), request.query_params.get("format"))
    except NotAcceptable as error:
        return site.error(request, error.status, str(error))
    lang = site.lang(request)
    query = request.query_params.get("q", "")[:200] if fmt is HTML else ""
    names = site.dump_folder.names()
    # the catalogue states each dump's size and SHA-256: the dumps of this store generation are made first
    dumps = []
    if kind == "catalog":
        from kg.publish.catalog import dump_files

        dumps = dump_files(await site.write(site.dump_folder.current))

    def produce(_bounds) -> tuple[bytes, str]:
        from kg.publish.catalog import DATASET, dcat_catalog, void_description

        store = site.dataset.graph_store
        base_url = site.settings.own_url
        modified = ox.Literal(
            site.dataset.modified.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
        )
        if kind == "void":
            triples = void_description(store, base_url, names)
        else:  # made once per store generation: each search of the page reads the same catalogue
            generation = site.dataset.generation
            if _CATALOG_TRIPLES.get(id(site), (None,))[0] != generation:
                _CATALOG_TRIPLES[id(site)] = (generation, dcat_catalog(store, base_url, dumps, modified))
            triples = _CATALOG_TRIPLES[id(site)][1]
        alternates = [
            {"href": f"{path}?format={f.extension}", "media_type": f.media_type, "label": f.extension}
            for f in GRAPH_FORMATS
            if f is not N3  # the Turtle link's document
        ]
        if fmt is HTML and kind == "catalog":
            from kg import __version__
            from kg.publish.catalog_page import WORDS, catalog_view
            from kg.web.pages import render

            page = render(
                "catalog.html.j2",
                lang,
                view=catalog_view(triples, lang, query),
                words=WORDS[lang],
                alternates=alternates,
                active="catalog",
                switch_href=switch_href(path, request.query_params, lang),
                version=__version__,
            )
            return page.encode(), HTML.content_type
        if fmt is HTML:
            from kg.web.pages import render

            focus = DATASET
            view = resource_view(focus, triples, lang, site.linker)
            from kg import __version__

            body = render(
                "resource.html.j2",
                lang,
                view=view,
                alternates=alternates,
                active="",
                switch_href=switch_href(path, request.query_params, lang),
                version=__version__,
            )
            return body.encode(), HTML.content_type
        return serialize_triples(triples, fmt), fmt.content_type

    # the server's own fixed queries over the whole store: not bound by the time limit of visitors' queries
    return await site.answer(
        request, (kind, fmt.name, lang if fmt is HTML else "", query), produce, timeout_s=DESCRIPTION_TIMEOUT_S
    )


async def void(request: Request) -> Response:
    return await _description(request, "void")


async def catalog(request: Request) -> Response:
    return await _description(request, "catalog")


async def dumps_index(request: Request) -> Response:
    site: Site = request.app.state.site
    from kg.publish.catalog import dump_files

    folder = await site.write(site.dump_folder.current)
    files = dump_files(folder)
    return site.page(request, "dumps.html.j2", files=files, modified=site.dataset.last_modified)


async def dump_file(request: Request) -> Response:
    site: Site = request.app.state.site
    name = request.path_params["name"]
    folder = await site.write(site.dump_folder.current)
    if "/" in name or name.startswith("."):
        return site.error(request, 404, f"tidak ada / no such file: {name}")
    path = folder / name
    if name == "SHA256SUMS" and not path.is_file():  # a --dumps folder written before SHA256SUMS was
        from kg.publish.dumps import checksum_lines

        return Response(checksum_lines(folder), media_type="text/plain; charset=utf-8")
    if not path.is_file():
        return site.error(request, 404, f"tidak ada / no such file: {name}")
    media = "text/plain; charset=utf-8" if name.endswith(".sha256") or name == "SHA256SUMS" else "application/gzip"
    return FileResponse(path, media_type=media, headers={"cache-control": "no-cache"})
