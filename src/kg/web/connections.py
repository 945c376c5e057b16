"""Connections that never send a request do not hold the server: a deadline for a request's headers and a bound
on open connections, in the HTTP protocol uvicorn runs (uvicorn 0.55 has neither: its only timer is the
keep-alive one, armed after a response and cancelled by any byte that arrives, so a client that connects and
sends nothing, or one header byte now and then, is held open for ever).

- **Header deadline** (:data:`HEADER_TIMEOUT_S`): from the moment a connection opens, and again after each
  response, the client has that long to send a whole request line and its headers; otherwise the server
  closes the connection. A request whose headers arrived is never cut by it (a long query, an upload's body).
- **Open connections** (:data:`MAX_CONNECTIONS` per process): past the bound, a new connection takes the place
  of the oldest one that has not sent its headers yet (a stalled or idle one); when every connection is
  working on a request, the new one is closed at once.

The protocol is uvicorn's h11 one, never its httptools one: on a request that offers another protocol
(``Connection: Upgrade`` with ``Upgrade: h2c``, which every Java ``HttpClient`` sends on an ``http://`` URL, Apache
Jena's ``rsparql`` among them), uvicorn 0.55's httptools protocol hands the application an empty body
(Kludex/uvicorn#2722), so a SPARQL query sent by POST arrived empty (400). h11 answers such a request as if the
offer had not been made, as RFC 9110 §7.8 allows; on this machine the two took the same time per request
(0.68–0.84 ms for a 2 kB answer, client included, 2026-12-07).

    uvicorn.Config(app, http=guarded_protocol(), …)
"""

from __future__ import annotations

import asyncio
import time
from functools import cache
from typing import Any

#: Seconds a client has to send a request's headers, from its connection (or its last response) on.
HEADER_TIMEOUT_S = 10.0
#: Open connections one server process keeps at most.
MAX_CONNECTIONS = 1000


def _waiting(protocol: Any) -> bool:
    """Whether the connection has not sent a whole request yet (connected or idle, or headers in part)."""
    cycle = getattr(protocol, "cycle", None)
    return cycle is None or cycle.response_complete


@cache
def guarded_protocol(header_timeout_s: float = HEADER_TIMEOUT_S, max_connections: int = MAX_CONNECTIONS) -> type:
    """uvicorn's own h11 HTTP protocol with the header deadline and the bound on open connections (see the
    module's description); give it to ``uvicorn.Config(http=…)``."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    base: Any = H11Protocol

    class GuardedProtocol(base):
        _kc_timer: asyncio.TimerHandle | None = None
        _kc_since = 0.0

        def connection_made(self, transport) -> None:  # noqa: ANN001 - asyncio's transport
            super().connection_made(transport)
            self._kc_since = time.monotonic()
            self._kc_arm()
            if len(self.connections) > max_connections:
                self._kc_make_room()

        def connection_lost(self, exc: Exception | None) -> None:
            self._kc_cancel()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._kc_since = time.monotonic()
                self._kc_arm()  # the next request's headers have the same deadline

        def _kc_arm(self) -> None:
            self._kc_cancel()
            self._kc_timer = self.loop.call_later(header_timeout_s, self._kc_deadline)

        def _kc_cancel(self) -> None:
            if self._kc_timer is not None:
                self._kc_timer.cancel()
                self._kc_timer = None

        def _kc_deadline(self) -> None:
            self._kc_timer = None
            if _waiting(self) and not self.transport.is_closing():
                self.transport.close()

        def _kc_make_room(self) -> None:
            idle = [
                other
                for other in self.connections
                if other is not self and _waiting(other) and not other.transport.is_closing()
            ]
            if idle:
                oldest = min(idle, key=lambda other: getattr(other, "_kc_since", 0.0))
                oldest.transport.close()
            else:
                self.transport.close()

    GuardedProtocol.__name__ = GuardedProtocol.__qualname__ = f"Guarded{base.__name__}"
    return GuardedProtocol
