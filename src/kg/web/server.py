"""Running the web app: uvicorn on the given address, the store's server file while it runs, a clean stop.

One process owns the store; ``--workers N`` query threads evaluate queries at once (pyoxigraph releases the
GIL while it evaluates). ``--processes P`` adds P-1 front processes on the same public socket
(:mod:`kg.web.fronts`) for more repeated reads per second. SIGINT and SIGTERM stop the server gracefully:
requests in flight get up to :data:`GRACEFUL_S` seconds, then the store is flushed and closed, the fronts
stopped and the server file removed.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time

from kg.core.errors import InputError
from kg.web.settings import ServeSettings

GRACEFUL_S = 5


def _listen(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    """A listening socket; ``reuse_port``: one of several on the same port, the kernel spreading connections."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise InputError(
            f"tidak dapat mendengarkan di / cannot listen on {host}:{port}: {error.strerror}", "serve"
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _start_fronts(count: int, public: socket.socket, owner_url: str, shared, access_log: bool) -> list[int]:
    """Fork ``count`` front processes (before the store is opened: they never touch it), each listening on its
    own socket of the public port (SO_REUSEPORT: the kernel spreads new connections evenly)."""
    from kg.web.fronts import run_front

    host, port = public.getsockname()[:2]
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # the front
            code = 0
            try:
                public.close()
                run_front(_listen(host, port, reuse_port=True), owner_url, shared, access_log)
            except BaseException:  # noqa: BLE001 - a front ends quietly; the owner reports
                code = 1
            os._exit(code)
        pids.append(pid)
    return pids


def _stop_fronts(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + GRACEFUL_S + 2
    for pid in pids:
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def serve(settings: ServeSettings, *, ready=None) -> int:
    """Serve until SIGINT/SIGTERM; 0 on a clean stop. ``ready(url)`` is called once the socket listens."""
    import uvicorn

    from kg.store.server_file import new_token, remove_server_file, write_server_file
    from kg.web.app import create_app

    started = time.perf_counter()
    settings.check()
    fronts: list[int] = []
    sockets = None
    internal_port = None
    shared = None
    if settings.processes > 1:
        from kg.web.fronts import SharedGeneration

        reuse = hasattr(socket, "SO_REUSEPORT")
        public = _listen(settings.host, settings.port, reuse_port=reuse)
        internal = _listen("127.0.0.1", 0)
        internal_port = internal.getsockname()[1]
        shared = SharedGeneration()
        fronts = _start_fronts(
            settings.processes - 1, public, f"http://127.0.0.1:{internal_port}", shared, settings.access_log
        )
        sockets = [public, internal]
    try:
        app = create_app(settings, internal_port=internal_port)
    except BaseException:
        _stop_fronts(fronts)
        raise
    site = app.state.site
    if shared is not None:
        site.dataset.on_change(lambda: shared.publish(site.dataset.generation))
    token = new_token()
    app.state.local_token = token
    store_dir = getattr(site.dataset, "path", None)
    written: list = []

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if not self.started or not self.servers:
                return
            bound = [sock.getsockname() for server in self.servers for sock in server.sockets]
            port = bound[0][1]
            host = settings.host
            local_host = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else ("[::1]" if host == "::" else host)
            if ":" in local_host and not local_host.startswith("["):
                local_host = f"[{local_host}]"
            url = f"http://{local_host}:{port}/"
            if settings.port == 0 and not settings.public_url:
                settings.port = port
            if store_dir is not None:
                # local commands talk to the owner itself (the internal socket when there are fronts)
                own = f"http://127.0.0.1:{internal_port}/" if internal_port else url
                write_server_file(store_dir, own, token)
                written.append(store_dir)
            seconds = time.perf_counter() - started
            extra = f", {settings.processes} processes" if settings.processes > 1 else ""
            print(
                f"kotacerdas serve: {url} siap / ready ({site.dataset.location}{extra}, {seconds:.2f} s); "
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

    from kg.web.connections import guarded_protocol

    config = uvicorn.Config(
        app,
        http=guarded_protocol(),  # a deadline for a request's headers, a bound on open connections
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
        server.run(sockets=sockets)
    finally:
        _stop_fronts(fronts)
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
