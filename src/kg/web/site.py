"""The state every route shares: settings, the dataset, the answer cache, the query threads, and the helpers
that turn an answer into a response (cache, ETag, ``304``, ``Vary``, errors as pages or plain text)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
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
from kg.web.upload_checks import UPLOAD_TIMEOUT_S, UploadChecks

T = TypeVar("T")


class Site:
    """One running server's shared state."""

    def __init__(self, settings: ServeSettings, dataset: Dataset) -> None:
        self.settings = settings
        self.dataset = dataset
        self.cache = AnswerCache()
        self.linker = Linker(settings.base_iri)
        #: The server's own queries (pages, linked data, canned queries: texts of the project), ``--workers`` at
        #: once; a query waiting longer than its deadline is refused.
        self.queries = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="kc-query")
        #: Threads that hand ``/sparql`` queries to the query worker processes and wait for them: apart from the
        #: pages' threads, so queries from outside never take a page's place (fair share).
        self.endpoint = ThreadPoolExecutor(max_workers=settings.workers * 4 + 4, thread_name_prefix="kc-endpoint")
        #: ``/sparql`` queries running or waiting, per client address (at most ``--client-queries``).
        self._per_client: dict[str, int] = {}
        #: Uploads of ``/validate``, each validated in a bounded process of its own.
        self.uploads = UploadChecks(
            settings.upload_workers, memory_mb=settings.upload_memory_mb, timeout_s=UPLOAD_TIMEOUT_S
        )
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
        self.endpoint.shutdown(wait=False, cancel_futures=True)
        self.writes.shutdown(wait=True)
        self.dump_folder.close()
        self.dataset.close()

    # ---- running work ----------------------------------------------------------------------------------------

    def bounds(self, timeout_s: float | None = None) -> Bounds:
        settings = self.settings
        timeout = settings.timeout_s if timeout_s is None else timeout_s
        return Bounds(
            time.monotonic() + timeout,
            settings.result_cap,
            timeout,
            settings.max_answer_bytes,
            settings.query_queue_s,
        )

    def client(self, request: Request) -> str:
        """The client's address: the one a front process forwards (only fronts reach the internal port), else the
        connection's."""
        forwarded = request.headers.get("x-forwarded-for") if self.settings.processes > 1 else None
        if forwarded:
            return forwarded.split(",")[0].strip()
        return request.client.host if request.client else ""

    def is_local_command(self, request: Request) -> bool:
        """A request of a command on this machine holding this run's token (``load --store DIR`` while serving:
        the local write routes, and its queries, which share no client's place): a loopback client, no proxy
        header (a request a reverse proxy relays from elsewhere is never local)."""
        import hmac
        import ipaddress

        from kg.store.server_file import TOKEN_HEADER

        token = getattr(request.app.state, "local_token", None)
        if not token or any(name in request.headers for name in ("forwarded", "x-forwarded-for", "x-real-ip")):
            return False
        client = request.client.host if request.client else ""
        try:
            address = ipaddress.ip_address(client)
        except ValueError:
            return False
        if not (address.is_loopback or client == self.settings.host):
            return False
        return hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), str(token).encode())

    @contextmanager
    def client_slot(self, request: Request) -> Iterator[None]:
        """One of the client's ``--client-queries`` places on ``/sparql`` for the time of a query; 429 with
        ``Retry-After`` when it holds them all."""
        if self.is_local_command(request):  # this run's own commands (a load while serving) share nothing
            yield
            return
        client = self.client(request)
        held = self._per_client.get(client, 0)
        if held >= self.settings.client_queries:
            raise SparqlError(
                429,
                f"terlalu banyak kueri serentak dari alamat Anda (paling banyak {self.settings.client_queries}) / "
                f"too many queries at once from your address (at most {self.settings.client_queries}); "
                "wait for the running ones",
                {"retry-after": "2"},
            )
        self._per_client[client] = held + 1
        try:
            yield
        finally:
            left = self._per_client.get(client, 1) - 1
            if left > 0:
                self._per_client[client] = left
            else:
                self._per_client.pop(client, None)

    async def bounded(
        self, work: Callable[[Bounds], T], timeout_s: float | None = None, executor: Executor | None = None
    ) -> T:
        """Run ``work(bounds)`` on a query thread (``executor``: the pages' by default); past the deadline the
        request gets 503 (the evaluation, if pyoxigraph is still inside it, ends on its own: it cannot be
        interrupted, so it keeps its thread). ``timeout_s`` replaces the query time limit for the server's own
        fixed work (VoID, catalogue)."""
        bounds = self.bounds(timeout_s)

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

        future = asyncio.get_running_loop().run_in_executor(executor or self.queries, guarded)
        try:
            # a query worker's own deadline comes first (its answer says more); this one frees the request
            return await asyncio.wait_for(asyncio.shield(future), timeout=bounds.timeout_s + 2.0)
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
        self,
        request: Request,
        status: int,
        message: str,
        *,
        html: bool = False,
        iri: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        # an error's form, and a 406 itself, follow the request's Accept: a cache must keep them apart
        headers = {"vary": "Accept", **(headers or {})}
        if html:
            lang = self.lang(request)
            heading = {404: {"id": "Tidak ditemukan", "en": "Not found"}}.get(
                status, {"id": "Kesalahan", "en": "Error"}
            )
            response = self.page(
                request, "error.html.j2", status, heading=f"{status} · {heading[lang]}", message=message, iri=iri
            )
            response.headers.update(headers)
            return response
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

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
        executor: Executor | None = None,
        admission: Callable[[], AbstractContextManager[None]] | None = None,
    ) -> Response:
        """The answer to ``key``, from the cache of this store generation (``static``: of this process) or made
        by ``produce(bounds)`` (``(body, content type)``) on a query thread, with ETag, Last-Modified and ``304``
        for a matching conditional request. ``admission`` (e.g. :meth:`client_slot`) is held while an answer is
        made, never for one from the cache or one being made for another request."""
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
                    with admission() if admission is not None else nullcontext():
                        running = self._in_flight[flight] = asyncio.ensure_future(
                            self.bounded(produce, timeout_s, executor)
                        )
                        try:
                            body, content_type = await asyncio.shield(running)
                        finally:
                            self._in_flight.pop(flight, None)
            except SparqlError as error:
                return self.error(request, error.status, error.message, html=html_errors, headers=error.headers)
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
