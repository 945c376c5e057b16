"""Running the web app: uvicorn on the given address, the store's server file while it runs, a clean stop.

One process owns the store; ``--workers N`` query threads evaluate queries at once (pyoxigraph releases the
GIL while it evaluates). SIGINT and SIGTERM stop the server gracefully: requests in flight get up to
:data:`GRACEFUL_S` seconds, then the store is flushed and closed and the server file removed.
"""

from __future__ import annotations

import os
import sys
import time

from kg.web.settings import ServeSettings

GRACEFUL_S = 5


def serve(settings: ServeSettings, *, ready=None) -> int:
    """Serve until SIGINT/SIGTERM; 0 on a clean stop. ``ready(url)`` is called once the socket listens."""
    import uvicorn

    from kg.store.server_file import new_token, remove_server_file, write_server_file
    from kg.web.app import create_app

    started = time.perf_counter()
    settings.check()
    app = create_app(settings)
    site = app.state.site
    token = new_token()
    app.state.local_token = token
    store_dir = getattr(site.dataset, "path", None)
    written: list = []

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if not self.started or not self.servers:
                return
            port = self.servers[0].sockets[0].getsockname()[1]
            host = settings.host
            local_host = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else ("[::1]" if host == "::" else host)
            if ":" in local_host and not local_host.startswith("["):
                local_host = f"[{local_host}]"
            url = f"http://{local_host}:{port}/"
            if settings.port == 0 and not settings.public_url:
                settings.port = port
            if store_dir is not None:
                write_server_file(store_dir, url, token)
                written.append(store_dir)
            seconds = time.perf_counter() - started
            print(
                f"kotacerdas serve: {url} siap / ready ({site.dataset.location}, {seconds:.2f} s); "
                f"Ctrl-C untuk berhenti / to stop",
                file=sys.stderr,
                flush=True,
            )
            if ready is not None:
                ready(url)

        async def shutdown(self, sockets=None) -> None:
            await super().shutdown(sockets=sockets)
            # SIGINT/SIGTERM is this server's clean stop: exit 0 here rather than die again by the signal
            self._captured_signals.clear()

    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_S,
        server_header=False,
    )
    server = Server(config)
    try:
        server.run()
    finally:
        for folder in written:
            remove_server_file(folder, token)
    code = 0 if server.started else 2
    if site.busy:
        # a query past its deadline is still inside pyoxigraph, which cannot be interrupted; the store is
        # flushed and closed (writes are transactions), so the process ends without waiting for it
        print(f"kotacerdas serve: {site.busy} kueri dihentikan / queries stopped", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(code)
    return code
