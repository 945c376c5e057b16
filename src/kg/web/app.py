"""The ASGI application of ``kotacerdas serve``: routes (docs/design.md, "Web paths of serve"), CORS for reads, one
log line per request, security headers on every response (:mod:`kg.web.security_headers`), refused input as a
4xx with one line (:mod:`kg.web.client_errors`).

    from kg.web import ServeSettings, create_app
    app = create_app(ServeSettings(store=Path("store")))   # any ASGI server runs it
"""

from __future__ import annotations

import sys
import time
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from kg.web.dataset import Dataset, open_dataset
from kg.web.front_cache import FrontCache
from kg.web.pages import TEMPLATES
from kg.web.security_headers import SecurityHeaders
from kg.web.settings import ServeSettings
from kg.web.site import Site

STATIC = TEMPLATES.parent / "static"


class AccessLog:
    """One line per request on stderr: method, path, status, milliseconds (control characters escaped)."""

    def __init__(self, app, stream=None, skip_port: int | None = None) -> None:
        self.app = app
        self.stream = stream or sys.stderr
        #: Requests on this server port are not logged (front processes log what they forward).
        self.skip_port = skip_port

    async def __call__(self, scope, receive, send) -> None:
        server = scope.get("server")
        if scope["type"] != "http" or (
            self.skip_port is not None and server is not None and server[1] == self.skip_port
        ):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            path = "".join(ch if ch.isprintable() and ch != " " else f"\\x{ord(ch):02x}" for ch in scope["path"])
            self.stream.write(f"{scope['method']} {path} {status[0]} {elapsed:.1f}ms\n")
            self.stream.flush()


async def home(request: Request) -> Response:
    site: Site = request.app.state.site
    from kg.web.home import home_counts, home_dimensions, home_origins

    lang = site.lang(request)
    counts = await site.bounded(lambda _bounds: home_counts(site))
    origins = await site.bounded(lambda _bounds: home_origins(site, lang))
    return site.page(
        request,
        "home.html.j2",
        active="home",
        counts=counts,
        origin_counts=origins,
        dimensions=home_dimensions(lang, site.linker),
    )


def create_app(
    settings: ServeSettings, dataset: Dataset | None = None, *, log_stream=None, internal_port: int | None = None
) -> WebApp:
    """The web application over ``dataset`` (default: the one ``settings`` names, opened now). Requests on
    ``internal_port`` come from front processes (:mod:`kg.web.fronts`)."""
    from kg.web import (
        catalog_routes,
        dashboard,
        framework_pages,
        linked_data,
        local_writes,
        query_routes,
        region_pages,
        sparql_endpoint,
        suggest_route,
        validation_page,
    )

    settings.check()
    dataset = dataset or open_dataset(
        settings.store, settings.endpoint, query_workers=settings.workers, max_query_memory_mb=settings.query_memory_mb
    )
    site = Site(settings, dataset)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        from kg.web.upload_folders import remove_leftovers

        removed = remove_leftovers()  # a killed server's uploads (never a running one's)
        if removed:
            print(
                f"kotacerdas serve: {len(removed)} folder unggahan sisa dihapus / leftover upload folders removed",
                file=sys.stderr,
                flush=True,
            )
        yield
        site.close()

    routes = [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/search", framework_pages.search, methods=["GET", "HEAD"]),
        Route("/framework/{notation}", framework_pages.concept, methods=["GET", "HEAD"]),
        Route("/dashboard", dashboard.dashboard, methods=["GET", "HEAD"]),
        Route("/queries/{file}", query_routes.canned_answer, methods=["GET", "HEAD"]),
        Route("/reports/region/{code}.html", region_pages.region_report, methods=["GET", "HEAD"]),
        Route("/validate", validation_page.validate_form, methods=["GET", "HEAD"]),
        Route("/validate", validation_page.validate_upload, methods=["POST"]),
        Route("/suggest", suggest_route.suggest, methods=["GET", "HEAD"]),
        Route("/sparql", sparql_endpoint.sparql, methods=["GET", "POST", "HEAD"]),
        Route("/void", catalog_routes.void, methods=["GET", "HEAD"]),
        Route("/.well-known/void", catalog_routes.void, methods=["GET", "HEAD"]),
        Route("/catalog", catalog_routes.catalog, methods=["GET", "HEAD"]),
        Route("/dumps", lambda request: RedirectResponse("/dumps/", status_code=301)),
        Route("/dumps/", catalog_routes.dumps_index, methods=["GET", "HEAD"]),
        Route("/dumps/{name}", catalog_routes.dump_file, methods=["GET", "HEAD"]),
        Route("/ontology", linked_data.ontology, methods=["GET", "HEAD"]),
        Route("/ontology.{extension}", linked_data.ontology, methods=["GET", "HEAD"]),
        Route("/ontology/{module:path}", linked_data.ontology, methods=["GET", "HEAD"]),
        Route("/shapes", linked_data.shapes, methods=["GET", "HEAD"]),
        Route("/shapes.{extension}", linked_data.shapes, methods=["GET", "HEAD"]),
        Route("/shapes/{name}", linked_data.shapes, methods=["GET", "HEAD"]),
        *local_writes.routes(),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
        Route("/{path:path}", linked_data.resource, methods=["GET", "HEAD"]),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "If-None-Match", "If-Modified-Since"],
            expose_headers=["ETag", "Last-Modified", "Content-Location", "Vary"],
            max_age=86400,
        ),
    ]
    from kg.web.client_errors import handlers

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers())
    app.state.site = site
    # outside Starlette: the access log sees every request, the front cache answers repeats before routing
    front: ASGIApp = FrontCache(app, dataset, internal_port=internal_port)
    if settings.access_log:
        front = AccessLog(front, stream=log_stream, skip_port=internal_port)
    # outermost: every response, a cached or an error one included, carries the security headers
    return WebApp(SecurityHeaders(front), app)


class WebApp:
    """The composed ASGI application; ``state`` (and the rest) is the Starlette application's."""

    def __init__(self, asgi, starlette: Starlette) -> None:
        self._asgi = asgi
        self.starlette = starlette

    async def __call__(self, scope, receive, send) -> None:
        await self._asgi(scope, receive, send)

    def __getattr__(self, name: str):
        return getattr(self.starlette, name)
