"""Dereferenceable IRIs: every IRI under the public base answers at the same path on this server.

``/id/…`` (and any other path under the base: ``/graph/…``) answers the resource's description
(:mod:`kg.publish.resource_description`) in HTML, Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads or N3, by
``Accept``, by extension (``/id/region/32.73.ttl``) or by ``?format=``; ``404`` when the graph says nothing
about the IRI. ``/ontology`` (``.ttl``, ``.jsonld``, ``.owl``, ``.rdf``, ``.nt``, ``.html``) answers the
ontology document, whose HTML is the ontology's documentation with an anchor per term (``#GOV-01``), so
``…/ontology#GOV-01`` lands on the term; ``/ontology/kominfo`` and ``/ontology/giffinger`` the alignment
modules; ``/shapes`` the SHACL shapes.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from kg.core.namespaces import BASE, ONTOLOGY_IRI
from kg.core.resources import ontology_file, resource_path
from kg.web.dataset import SparqlError
from kg.web.formats import GRAPH_FORMATS, HTML, N3, NotAcceptable, choose, serialize_triples
from kg.web.pages import render, resource_view, switch_href
from kg.web.site import Site

RESOURCE_FORMATS = (HTML, *GRAPH_FORMATS)
#: ``.owl`` is RDF/XML, as ontology tools expect.
EXTENSIONS = {fmt.extension: fmt for fmt in RESOURCE_FORMATS} | {"owl": GRAPH_FORMATS[3], "htm": HTML}


def split_extension(path: str) -> tuple[str, str | None]:
    """``("/id/region/32.73", "ttl")`` for ``/id/region/32.73.ttl``; the extension only if it names a format."""
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension.lower() in EXTENSIONS:
        return stem, extension.lower()
    return path, None


def _alternates(path: str) -> list[dict[str, str]]:
    return [
        {"href": f"{path}.{fmt.extension}", "media_type": fmt.media_type, "label": fmt.extension}
        for fmt in RESOURCE_FORMATS
        if fmt is not N3  # the Turtle link's document
    ]


def _negotiate(request: Request, extension: str | None):
    if extension:
        return EXTENSIONS[extension]
    requested = request.query_params.get("format")
    return choose(RESOURCE_FORMATS, request.headers.get("accept"), requested)


def code_target(iri: str) -> str | None:
    """The concept a template code IRI stands for (``…/id/code/status/berjalan`` → ``kc:Ongoing``): the IRIs a
    standard CSVW processor makes from a coded column's ``valueUrl``; ``None`` for another IRI or an unknown code."""
    from kg.submissions.template import all_columns, code_iris

    for item in all_columns():
        template = item.code_url
        if template and iri.startswith(template.split("{")[0]):
            code = unquote(iri[len(template.split("{")[0]) :])
            codes = {key.casefold(): value for key, value in code_iris(item).items()}
            return codes.get(code.casefold())
    return None


async def resource(request: Request) -> Response:
    """Any IRI under the base not served by another route: its description, or 404."""
    site: Site = request.app.state.site
    raw = request.scope.get("raw_path") or request.url.path.encode()
    raw_path = raw.decode("ascii", "replace").split("?")[0]
    if raw_path.startswith("/id/code/"):  # a code IRI of the template: 303 to its concept
        target = code_target(BASE + raw_path.lstrip("/"))
        if target is None:
            return site.error(request, 404, f"kode tidak dikenal / unknown code: {raw_path}")
        from starlette.responses import RedirectResponse

        return RedirectResponse(site.linker.href(target) or target, status_code=303)
    stem, extension = split_extension(raw_path)
    try:
        negotiated = _negotiate(request, None)
    except NotAcceptable as error:
        if extension is None:
            return site.error(request, error.status, str(error))
        negotiated = EXTENSIONS[extension]
    lang = site.lang(request)
    base = site.settings.base_iri
    if not _is_iri(base + raw_path.lstrip("/")):  # a backslash, a space, "<": no stored IRI can be written so
        return site.error(
            request,
            404,
            f"bukan IRI yang sah / not a valid IRI: <{base + raw_path.lstrip('/')}>",
            html=negotiated is HTML,
        )

    def produce(_bounds) -> tuple[bytes, str]:
        from kg.publish.resource_description import describe, graph_description

        store = site.dataset.graph_store
        # the path as it is first (an IRI may itself end in ".ttl"), then without a format extension
        choices = [(raw_path, negotiated)]
        if extension:
            choices.append((stem, EXTENSIONS[extension]))
        for path, fmt in choices:
            iri = base + path.lstrip("/")
            triples = describe(store, iri) or graph_description(store, iri, site.settings.own_url)
            if triples:
                if fmt is HTML:
                    from kg.web.region_pages import rich_page

                    context = {
                        "view": resource_view(iri, triples, lang, site.linker),
                        "alternates": _alternates(path),
                        "switch_href": switch_href(request.url.path, request.query_params, lang),
                        "version": _version(),
                    }
                    # regions, programs and submissions have their own page; any other IRI its description
                    body = rich_page(site, request, path, lang, context) or render("resource.html.j2", lang, **context)
                    return body.encode(), HTML.content_type
                return serialize_triples(triples, fmt), fmt.content_type
        raise SparqlError(404, f"tidak ada data tentang / nothing is known about <{base + raw_path.lstrip('/')}>")

    html_face = negotiated is HTML or extension in ("html", "htm")
    # a page's query string (?year=) changes the page
    key = ("resource", raw_path, negotiated.name, lang if html_face else "", request.url.query if html_face else "")
    return await site.answer(
        request, key, produce, html_errors=html_face, extra_headers=_content_location(raw_path, extension, negotiated)
    )


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _content_location(path: str, extension: str | None, fmt) -> dict[str, str]:
    if extension or not fmt.extension:
        return {}
    return {"content-location": f"{path}.{fmt.extension}"}


def _version() -> str:
    from kg import __version__

    return __version__


# ---- the ontology, its modules and the shapes ----------------------------------------------------------------


@cache
def ontology_modules() -> dict[str, Path]:
    """Path on the server → Turtle file: ``/ontology`` and each alignment module with its own namespace
    (``/ontology/kominfo`` for ``https://w3id.org/kotacerdas/ontology/kominfo#``)."""
    modules = {"/ontology": ontology_file()}
    for path in sorted(resource_path("ontology").glob("*.ttl")):
        for quad in ox.parse(path=str(path)):
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(ONTOLOGY_IRI + "/"):
                module = subject.value[len(ONTOLOGY_IRI) :].split("#")[0]
                modules.setdefault("/ontology" + module, path)
                break
    return modules


_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"


@cache
def ontology_versions() -> dict[str, Path]:
    """Path on the server → Turtle file of each release of the ontology, by its ``owl:versionIRI``: the current
    file (``/ontology/0.7.2``) and the earlier releases kept byte for byte in ``ontology/releases/``
    (``/ontology/0.3.0`` … ``/ontology/0.1.0``), so that ``owl:versionIRI`` and ``owl:priorVersion`` resolve."""
    versions: dict[str, Path] = {}
    for path in [ontology_file(), *sorted(resource_path("ontology", "releases").glob("*.ttl"))]:
        for quad in ox.parse(path=str(path)):
            if quad.predicate.value == _VERSION_IRI and quad.subject.value == ONTOLOGY_IRI:
                versions.setdefault("/ontology" + quad.object.value[len(ONTOLOGY_IRI) :], path)
                break
    return versions


async def _mapping_set(request: Request, site: Site, stem: str, extension: str | None) -> Response | None:
    """``/ontology/mappings/giffinger``, the document of the SSSOM mapping IRIs ``…/mappings/giffinger#…``: the
    mappings themselves (RDF), or the mapping set's page (a person: ``303`` to ``…/giffinger.sssom.tsv``);
    ``None`` when no mapping has that namespace."""
    from kg.core.namespaces import ALIGNMENTS_GRAPH

    namespace = site.settings.base_iri + stem.lstrip("/") + "#"
    try:
        fmt = _negotiate(request, extension)
    except NotAcceptable as error:
        return site.error(request, error.status, str(error))
    store = site.dataset.graph_store
    query = (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ALIGNMENTS_GRAPH}> {{ ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{namespace}")) }} }}'
    )
    from kg.core.terms import to_oxigraph_triple

    triples = [to_oxigraph_triple(*triple) for triple in store.construct(query)]
    if not triples:
        return None
    if fmt is HTML:
        from starlette.responses import RedirectResponse

        return RedirectResponse(f"{stem}.sssom.tsv", status_code=303)
    return Response(serialize_triples(triples, fmt), media_type=fmt.content_type)


def _ontology_html(lang: str) -> bytes:
    from kg.publish.ontology_docs import build_page, load_documented_graph, render_page

    page = build_page(load_documented_graph(), lang)
    other = "en" if lang == "id" else "id"
    from kg.framework.concepts import dimensions, initiatives

    # served: each dimension and initiative links its page (/framework/GOV-01)
    codes = [item.notation for item in dimensions()] + [item.notation for item in initiatives()]
    pages = {code: f"/framework/{code}?lang={lang}" for code in codes}
    page = dataclasses.replace(page, other_page=f"/ontology?lang={other}", term_pages=pages)
    return render_page(page).encode()


def _file_answer(files: list[Path], fmt) -> tuple[bytes, str]:
    if fmt.name in ("turtle", "n3") and len(files) == 1:
        return files[0].read_bytes(), fmt.content_type  # the edited file itself, comments and all
    triples = [quad.triple for path in files for quad in ox.parse(path=str(path))]
    return serialize_triples(triples, fmt), fmt.content_type


async def ontology(request: Request) -> Response:
    site: Site = request.app.state.site
    stem, extension = split_extension(request.url.path)
    files = ontology_modules() | ontology_versions()
    if stem not in files and stem.startswith("/ontology/mappings/"):
        answer = await _mapping_set(request, site, stem, extension)
        if answer is not None:
            return answer
    if stem not in files:
        return await resource(request)
    try:
        fmt = _negotiate(request, extension)
    except NotAcceptable as error:
        return site.error(request, error.status, str(error))
    lang = site.lang(request)
    if fmt is HTML and files[stem] != ontology_file() and stem in ontology_versions():
        from starlette.responses import RedirectResponse

        return RedirectResponse(f"{stem}.ttl", status_code=303)  # an earlier release: its file, as released

    def produce(_bounds) -> tuple[bytes, str]:
        if fmt is HTML:
            return _ontology_html(lang), HTML.content_type
        return _file_answer([files[stem]], fmt)

    key = ("ontology", stem, fmt.name, lang if fmt is HTML else "")
    return await site.answer(request, key, produce, static=True, extra_headers=_content_location(stem, extension, fmt))


def shape_files() -> list[Path]:
    return sorted(resource_path("shapes").glob("*.ttl"))


async def shapes(request: Request) -> Response:
    """``/shapes``: every SHACL shapes file as one graph (or the list, in HTML); ``/shapes/NAME.ttl`` one file."""
    site: Site = request.app.state.site
    path = request.url.path
    if path.startswith("/shapes/"):
        wanted = path.removeprefix("/shapes/")
        for file in shape_files():
            if wanted in (file.name, file.stem):
                return Response(file.read_bytes(), media_type="text/turtle; charset=utf-8")
        return site.error(request, 404, f"tidak ada / no such shapes file: {wanted}")
    stem, extension = split_extension(path)
    try:
        fmt = _negotiate(request, extension)
    except NotAcceptable as error:
        return site.error(request, error.status, str(error))
    if fmt is HTML:
        items = [{"name": file.name, "href": f"/shapes/{file.name}"} for file in shape_files()]
        return site.page(request, "shapes.html.j2", files=items)

    def produce(_bounds) -> tuple[bytes, str]:
        return _file_answer(shape_files(), fmt)

    return await site.answer(request, ("shapes", fmt.name), produce, static=True)
