"""The state every route shares: settings, the dataset, the answer cache, the query threads, and the helpers
that turn an answer into a response (cache, ETag, ``304``, ``Vary``, errors as pages or plain text)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from kg import __version__
from kg.core.options import LANGUAGES
from kg.web.answer_cache import AnswerCache, CachedAnswer, make_etag, not_modified
from kg.web.dataset import Bounds, Dataset, SparqlError, timeout_error
from kg.web.dump_folder import DumpFolder
from kg.web.formats import NotAcceptable
from kg.web.front_cache import MARK
from kg.web.pages import LANG_COOKIE, Linker, language, render, switch_href
from kg.web.settings import ServeSettings

T = TypeVar("T")


class Site:
    """One running server's shared state."""

    def __init__(self, settings: ServeSettings, dataset: Dataset) -> None:
        self.settings = settings
        self.dataset = dataset
        self.cache = AnswerCache()
        self.linker = Linker(settings.base_iri)
        #: Query evaluations at once (``--workers``); a query waiting longer than its deadline is refused.
        self.queries = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="kc-query")
        #: Writes, one at a time, never queued behind queries.
        self.writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kc-write")
        self.static_cache: dict[tuple, CachedAnswer] = {}
        #: Evaluations running now (one past its deadline keeps its thread until pyoxigraph returns).
        self.busy = 0
        self._busy_lock = threading.Lock()
        self._in_flight: dict[tuple, asyncio.Future] = {}
        #: Where the ``/dumps/`` files are.
        self.dump_folder = DumpFolder(dataset, self.writes, settings.dumps)
        dataset.on_change(self.cache.clear)

    def close(self) -> None:
        self.queries.shutdown(wait=False, cancel_futures=True)
        self.writes.shutdown(wait=True)
        self.dump_folder.close()
        self.dataset.close()

    # ---- running work ----------------------------------------------------------------------------------------

    def bounds(self) -> Bounds:
        timeout = self.settings.timeout_s
        return Bounds(time.monotonic() + timeout, self.settings.result_cap, timeout)

    async def bounded(self, work: Callable[[Bounds], T], timeout_s: float | None = None) -> T:
        """Run ``work(bounds)`` on a query thread; past the deadline the request gets 503 (the evaluation, if
        pyoxigraph is still inside it, ends on its own: it cannot be interrupted, so it keeps its thread).
        ``timeout_s`` replaces the query time limit for the server's own fixed work (VoID, catalogue)."""
        bounds = self.bounds()
        if timeout_s is not None:
            bounds = Bounds(time.monotonic() + timeout_s, bounds.cap, timeout_s)

        def guarded() -> T:
            if time.monotonic() > bounds.deadline:  # waited its whole time in the queue
                raise timeout_error(bounds.timeout_s)
            with self._busy_lock:
                self.busy += 1
            try:
                return work(bounds)
            finally:
                with self._busy_lock:
                    self.busy -= 1

        future = asyncio.get_running_loop().run_in_executor(self.queries, guarded)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=bounds.timeout_s + 0.5)
        except TimeoutError:
            raise timeout_error(bounds.timeout_s) from None

    async def write(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.writes, work)

    # ---- answers ---------------------------------------------------------------------------------------------

    def lang(self, request: Request) -> str:
        return language(request.query_params, request.cookies)

    def page(self, request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        lang = self.lang(request)
        body = render(
            template,
            lang,
            switch_href=switch_href(request.url.path, request.query_params, lang),
            version=__version__,
            **context,
        )
        response = HTMLResponse(body, status_code=status)
        self._remember_language(request, response)
        return response

    def error(
        self, request: Request, status: int, message: str, *, html: bool = False, iri: str | None = None
    ) -> Response:
        if html:
            lang = self.lang(request)
            heading = {404: {"id": "Tidak ditemukan", "en": "Not found"}}.get(
                status, {"id": "Kesalahan", "en": "Error"}
            )
            return self.page(
                request, "error.html.j2", status, heading=f"{status} · {heading[lang]}", message=message, iri=iri
            )
        return PlainTextResponse(message + "\n", status_code=status)

    async def answer(
        self,
        request: Request,
        key: tuple,
        produce: Callable[[Bounds], tuple[bytes, str]],
        *,
        vary: bool = True,
        static: bool = False,
        html_errors: bool = False,
        extra_headers: dict[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> Response:
        """The answer to ``key``, from the cache of this store generation (``static``: of this process) or made
        by ``produce(bounds)`` (``(body, content type)``) on a query thread, with ETag, Last-Modified and ``304`` for a matching
        conditional request."""
        store = self.static_cache if static else None
        cached = store.get(key) if store is not None else self.cache.get(key)
        if cached is None:
            generation = self.dataset.generation
            flight = (generation, static, key)
            running = self._in_flight.get(flight)
            try:
                if running is not None:  # the same answer is being made: wait for it rather than make it twice
                    body, content_type = await asyncio.shield(running)
                else:
                    running = self._in_flight[flight] = asyncio.ensure_future(self.bounded(produce, timeout_s))
                    try:
                        body, content_type = await asyncio.shield(running)
                    finally:
                        self._in_flight.pop(flight, None)
            except SparqlError as error:
                return self.error(request, error.status, error.message, html=html_errors)
            except NotAcceptable as error:
                return self.error(request, error.status, str(error), html=html_errors)
            etag = make_etag("static" if static else self.dataset.state_tag, key)
            cached = CachedAnswer(200, body, (("content-type", content_type),), etag)
            if store is not None:
                store[key] = cached
            elif generation == self.dataset.generation:  # no write happened while it was made
                self.cache.put(key, cached)
        headers = dict(cached.headers)
        headers["etag"] = cached.etag
        headers["last-modified"] = self.dataset.last_modified
        headers["cache-control"] = "no-cache" if not static else "public, max-age=3600"
        if vary:
            headers["vary"] = "Accept"
        headers[MARK.decode()] = str(self.dataset.generation)
        if extra_headers:
            headers.update(extra_headers)
        if not_modified(request.headers, cached.etag, headers["last-modified"]):
            headers.pop("content-type", None)
            return Response(status_code=304, headers=headers)
        response = Response(cached.body, status_code=cached.status, headers=headers)
        self._remember_language(request, response)
        return response

    def _remember_language(self, request: Request, response: Response) -> None:
        chosen = request.query_params.get("lang")
        if chosen in LANGUAGES:
            response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax")
