"""The security headers of every response of ``kotacerdas serve``: pages, linked data, SPARQL results, static
files, errors, and the answers of front processes and their caches (one ASGI middleware, outermost).

- ``Content-Security-Policy``: scripts only from this server's own files (no inline script, no ``eval``, no
  ``javascript:`` URL: a stored IRI or a value that slipped into a page cannot run); styles from its files and
  ``style`` attributes (the SVG charts, ECharts and YASGUI set them); images from itself and ``data:``
  (YASGUI's icons); requests (``fetch``) to itself only; no plugin, no ``<base>``, forms post to itself; no
  other site may frame a page (``frame-ancestors 'none'``).
- ``X-Frame-Options: DENY`` for browsers that predate ``frame-ancestors``.
- ``X-Content-Type-Options: nosniff``: an answer is read as the type it says (a Turtle file never as HTML).
- ``Referrer-Policy: strict-origin-when-cross-origin``: a link to another site sends the origin, not the path
  and query (a query text or a page's search stays here).

The JSON data blocks of the SPARQL and dashboard pages (``<script type="application/json">``) are not scripts:
the policy does not apply to them, and they are read by the pages' own script files.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The policy (see the module's description).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
#: Every response gets these (replacing any the application set).
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)
_NAMES = {name for name, _ in SECURITY_HEADERS}


class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every HTTP response start."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(name, value) for name, value in message.get("headers", ()) if name.lower() not in _NAMES]
                message = {**message, "headers": [*kept, *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, sending)
