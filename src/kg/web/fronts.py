"""More processes for reads: ``serve --processes P`` answers on P processes while one of them owns the store.

RocksDB allows one process per store, and one Python process answers on one core. So the process that owns the
store (the *owner*: the whole app) shares the public socket with P-1 *fronts*, forked before the store is
opened. A front holds a :class:`~kg.web.front_cache.FrontCache` of its own and forwards everything else to the
owner on an internal loopback socket (:class:`ProxyApp`, with ``X-Forwarded-For``, so the owner never takes a
forwarded request for a local one). The owner publishes its store generation in a shared 8-byte counter
(:class:`SharedGeneration`); a front drops its cached answers as soon as the counter moves, so after a load
every process answers from the new store at once.
"""

from __future__ import annotations

import mmap
import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp


class SharedGeneration:
    """The owner's store generation, in an anonymous shared mapping made before the fork."""

    def __init__(self) -> None:
        self._map = mmap.mmap(-1, 8)

    @property
    def generation(self) -> int:
        return struct.unpack_from("q", self._map, 0)[0]

    def publish(self, value: int) -> None:
        struct.pack_into("q", self._map, 0, value)

    def on_change(self, listener) -> None:  # a front learns of changes by reading the counter
        pass


_HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"upgrade", b"proxy-connection", b"te", b"trailer"}


class ProxyApp:
    """ASGI app of a front: every request it gets goes to the owner, the answer comes back as it is."""

    def __init__(self, owner_url: str) -> None:
        self.owner_url = owner_url.rstrip("/")
        self._client = None

    def _http(self):
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(
                base_url=self.owner_url,
                timeout=None,
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            )
        return self._client

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._client is not None:
                        await self._client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return

        async def body():
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return
                yield message.get("body", b"")
                if not message.get("more_body", False):
                    return

        client = scope.get("client") or ("", 0)
        headers = [(name, value) for name, value in scope["headers"] if name not in _HOP_BY_HOP and name != b"host"]
        headers.append((b"x-forwarded-for", str(client[0]).encode()))
        path = scope.get("raw_path") or scope["path"].encode()
        target = path.decode("latin-1") + (
            ("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else ""
        )
        http = self._http()
        has_body = scope["method"] not in ("GET", "HEAD")
        request = http.build_request(scope["method"], target, headers=headers, content=body() if has_body else None)
        try:
            response = await http.send(request, stream=True)
        except Exception:  # noqa: BLE001 - the owner is gone or restarting: one clear status
            await send({"type": "http.response.start", "status": 502, "headers": [(b"content-type", b"text/plain")]})
            await send(
                {
                    "type": "http.response.body",
                    "body": b"server utama tidak menjawab / the store's process did not answer\n",
                }
            )
            return
        try:
            kept = [(name, value) for name, value in response.headers.raw if name.lower() not in _HOP_BY_HOP]
            await send({"type": "http.response.start", "status": response.status_code, "headers": kept})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()


def run_front(public_socket, owner_url: str, shared: SharedGeneration, access_log: bool) -> None:
    """The body of a front process: answer on ``public_socket`` until SIGINT/SIGTERM."""
    import uvicorn

    from kg.web.app import AccessLog
    from kg.web.front_cache import FrontCache
    from kg.web.security_headers import SecurityHeaders

    app: ASGIApp = FrontCache(ProxyApp(owner_url), shared)
    if access_log:
        app = AccessLog(app)
    app = SecurityHeaders(app)
    from kg.web.connections import guarded_protocol

    config = uvicorn.Config(
        app,
        http=guarded_protocol(),
        log_level="warning",
        access_log=False,
        lifespan="on",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run(sockets=[public_socket])
