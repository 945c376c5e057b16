"""The fast path: a repeated GET is answered from a byte-exact copy of its earlier response, before routing.

Only responses that :meth:`kg.web.site.Site.answer` made (it marks them with :data:`MARK` and the store
generation they belong to) are kept, keyed by everything that can change them: path, query string,
``Accept``, ``Cookie`` (the page language) and ``Origin`` (CORS headers). A write to the store starts a new
generation and empties this cache, as it empties the answer cache. Conditional requests (``If-None-Match``,
``If-Modified-Since``) get ``304`` here too. Bounded in entries and bytes.
"""

from __future__ import annotations

from collections import OrderedDict

from kg.web.answer_cache import MAX_ENTRY_BYTES, not_modified

#: The internal header by which the app marks a response as cacheable here (never sent to clients).
MARK = b"x-kc-cache-generation"
MAX_ENTRIES = 4096
MAX_TOTAL_BYTES = 64 << 20
_KEY_HEADERS = (b"accept", b"cookie", b"origin")
_KEPT_ON_304 = (
    b"etag",
    b"last-modified",
    b"cache-control",
    b"vary",
    b"content-location",
    b"access-control-allow-origin",
    b"access-control-expose-headers",
)


class _Headers:
    """The few request headers a conditional check reads, by lower-case name (as Starlette's Headers)."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._values = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in raw
            if name in (b"if-none-match", b"if-modified-since")
        }

    def get(self, name: str, default=None):
        return self._values.get(name, default)


class FrontCache:
    """ASGI middleware in front of the app (see the module's description)."""

    def __init__(self, app, dataset, *, internal_port: int | None = None) -> None:
        """``dataset`` tells the store generation (``.generation``); requests that arrive on ``internal_port``
        come from front processes (:mod:`kg.web.fronts`), which keep the mark to cache the answer themselves."""
        self.app = app
        self.dataset = dataset
        self.internal_port = internal_port
        self.entries: OrderedDict[tuple, tuple[int, list, bytes, str, str]] = OrderedDict()
        self.size = 0
        self.generation = dataset.generation
        dataset.on_change(self.clear)

    def clear(self) -> None:
        self.entries = OrderedDict()
        self.size = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        raw_headers = scope["headers"]
        found = dict.fromkeys(_KEY_HEADERS, b"")
        conditional = False
        for name, value in raw_headers:
            if name in found:
                found[name] = value
            elif name in (b"if-none-match", b"if-modified-since"):
                conditional = True
        key = (scope["path"], scope["query_string"], found[b"accept"], found[b"cookie"], found[b"origin"])
        if self.generation != self.dataset.generation:  # a write since: nothing kept is current
            self.clear()
            self.generation = self.dataset.generation
        entry = self.entries.get(key)
        if entry is not None:
            status, headers, body, etag, last_modified = entry
            if conditional and not_modified(_Headers(raw_headers), etag, last_modified):
                kept = [(name, value) for name, value in headers if name in _KEPT_ON_304]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
            return

        generation = self.dataset.generation
        captured: dict = {}
        keep = scope["method"] == "GET"  # a HEAD answer has no body to keep
        server = scope.get("server")
        for_front = self.internal_port is not None and server is not None and server[1] == self.internal_port

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                marks = [value for name, value in headers if name == MARK]
                if marks and not for_front:
                    headers = [(name, value) for name, value in headers if name != MARK]
                    message = {**message, "headers": headers}
                    if (
                        keep
                        and not for_front
                        and message["status"] == 200
                        and marks[0] == str(generation).encode()
                        and not any(name == b"set-cookie" for name, _ in headers)
                    ):
                        captured["start"] = message
                        captured["body"] = []
            elif message["type"] == "http.response.body" and "start" in captured:
                captured["body"].append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, captured, generation)
            await send(message)

        await self.app(scope, receive, sending)

    def _keep(self, key: tuple, captured: dict, generation: int) -> None:
        body = b"".join(captured["body"])
        if len(body) > MAX_ENTRY_BYTES or generation != self.dataset.generation:
            return
        headers = captured["start"]["headers"]
        values = {name: value.decode("latin-1") for name, value in headers}
        if key[0] and self.entries.get(key) is None:
            self.entries[key] = (
                captured["start"]["status"],
                headers,
                body,
                values.get(b"etag", ""),
                values.get(b"last-modified", ""),
            )
            self.size += len(body)
            while len(self.entries) > MAX_ENTRIES or self.size > MAX_TOTAL_BYTES:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])
