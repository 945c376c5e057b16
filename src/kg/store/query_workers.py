"""Queries of people a server does not know, evaluated in worker processes that can be killed.

pyoxigraph evaluates a query in Rust, where no timeout reaches it: a never-ending ``COUNT`` goes on using its
thread after the request got its 503, an ``ORDER BY`` over a cartesian product grows by hundreds of MB a second
until the allocator aborts the process, and a query nested a few thousand deep overflows the stack (SIGSEGV).
In a server holding the store, each of these ended or starved the whole server. So the text of a query from
outside is evaluated here, never in the server's own process:

- a fixed number of worker processes, each opening the store **read-only** (RocksDB allows any number of
  read-only openers beside the one writer; a read-only handle sees the store as it was when opened, so a
  worker reopens it when the server's store generation has changed since, ~12 ms on the demo store);
- the worker checks the query (:func:`kg.store.guard.check_query`: size, depth, patterns, ``SERVICE``),
  evaluates it on the dataset the query or the protocol names (:func:`kg.store.sparql_text.dataset_options`)
  and reads the answer within its rows, bytes and deadline (:func:`kg.store.answers.collect`);
- the caller waits in steps of :data:`POLL_SECONDS`; past the deadline, or when the worker's resident memory has
  grown more than ``max_memory_mb`` over its size when idle, the worker is killed (``SIGKILL``: it only reads)
  and a new one takes its place, so the next query finds a free worker at once; a worker that dies on its own
  (a crash inside the engine) is replaced the same way and the caller gets one line;
- each worker is a fresh interpreter (``python -m kg.store.query_workers``: nothing of the server's store or
  threads is inherited) talking over a socket pair, and dies with the server: it asks the kernel for
  ``SIGKILL`` when its parent ends (``PR_SET_PDEATHSIG``), so no worker outlives a killed server.

Admission is the caller's ``wait``: a query that finds no free worker within it gets
:class:`WorkersBusyError` (a server answers 503 with ``Retry-After``) rather than a place in an endless queue.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import InputError
from kg.store.answers import Answer, AnswerBounds

#: How often a caller looks at its worker: the worst extra delay of a timeout or a memory kill.
POLL_SECONDS = 0.05
#: Default memory a query may add to its worker (MB).
DEFAULT_MAX_MEMORY_MB = 1024


class WorkersBusyError(InputError):
    """Every query worker stayed busy for the whole wait: the caller is to try again later."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, source="SPARQL")
        self.retry_after = retry_after


@dataclass(frozen=True)
class QueryJob:
    """One query for a worker: its text, the protocol's dataset (``default-graph-uri`` / ``named-graph-uri``),
    prefixes the text may use undeclared, and the bounds of its answer."""

    query: str
    timeout_s: float
    max_rows: int
    max_bytes: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)
    allow_service: bool = False


# ---- the worker process ----------------------------------------------------------------------------------------


def _evaluate(store, job: QueryJob) -> Answer:  # noqa: ANN001 - an EmbeddedStore
    from kg.store.answers import collect
    from kg.store.guard import check_query

    check_query(job.query, allow_service=job.allow_service)
    started = time.monotonic()
    raw = store.query_raw(
        job.query, default_graphs=job.default_graphs, named_graphs=job.named_graphs, prefixes=job.prefixes
    )
    return collect(raw, AnswerBounds(job.max_rows, job.max_bytes, started + job.timeout_s, job.timeout_s))


def _serve_queries(path: str, connection) -> None:  # noqa: ANN001 - a multiprocessing Connection
    """A worker's life: answer ``(job, generation)`` messages until ``None`` or the parent's end."""
    from kg.core.child_process import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner decides what Ctrl-C does
    die_with_parent()
    from kg.store import guard  # noqa: F401 - imported before the first query, not during it
    from kg.store.embedded import EmbeddedStore

    store, opened_for = None, None
    if not _send(connection, ("ready", os.getpid())):
        return
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, generation = message
        outcome: tuple[str, object] = ("error", InputError("kueri gagal / the query failed", "SPARQL"))
        # a read-only handle opened while the writer rotates its files may find one gone ("No such file"): the
        # store is opened again and the query asked again, a few times
        for attempt in range(4):
            try:
                if store is None or opened_for != generation:
                    if store is not None:
                        store.close()
                        store = None
                    store = EmbeddedStore(path, reference=False, read_only=True)
                    opened_for = generation
                outcome = ("ok", _evaluate(store, job))
                break
            except InputError as error:
                outcome = ("error", error)
            except Exception as error:  # noqa: BLE001 - one line for the caller, the worker goes on
                outcome = (
                    "error",
                    InputError(f"kueri gagal / the query failed: {str(error).splitlines()[0]}", "SPARQL"),
                )
            if "No such file" not in str(outcome[1]) or attempt == 3:
                break
            opened_for = None  # the writer rotated a file under this handle: open again, a moment later
            time.sleep(0.05 * (attempt + 1))
        try:
            sent = _send(connection, outcome)
        except Exception as error:  # noqa: BLE001 - an answer that cannot be pickled
            sent = _send(
                connection, ("error", InputError(f"jawaban tidak dapat dikirim / the answer cannot be sent: {error}"))
            )
        if not sent:
            return


def _send(connection, message: object) -> bool:  # noqa: ANN001 - a multiprocessing Connection
    """Send ``message`` to the owner; ``False`` when the owner has gone (a ``serve`` that ended before this worker
    was ready, e.g. on a busy port): the worker then ends quietly, with no traceback on the terminal they share."""
    try:
        connection.send(message)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        return False
    return True


# ---- the pool ----------------------------------------------------------------------------------------------------


class _Worker:
    """One worker process (a fresh interpreter: ``python -m kg.store.query_workers``) and the caller's end of
    its socket pair."""

    def __init__(self, path: str) -> None:
        import socket
        import subprocess
        import sys
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.store.query_workers", path, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                close_fds=True,
            )
        finally:
            theirs.close()
        self.connection = Connection(ours.detach())
        self.idle_mb: float | None = None

    def alive(self) -> bool:
        return self.process.poll() is None

    def started(self, timeout: float) -> bool:
        """Wait for the worker's first word; its idle size is measured then."""
        from kg.store.bounded import resident_mb

        try:
            if not self.connection.poll(timeout):
                return False
            self.connection.recv()
        except (EOFError, OSError):
            return False
        self.idle_mb = resident_mb(self.process.pid)
        return True

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        try:
            self.process.wait(5)
        except Exception:  # noqa: BLE001 - a process that does not end even on SIGKILL is left to the kernel
            pass
        self.connection.close()


class QueryWorkers:
    """``size`` worker processes answering queries on the store in ``path`` (see the module's description)."""

    def __init__(self, path: Path | str, size: int, *, max_memory_mb: int = DEFAULT_MAX_MEMORY_MB) -> None:
        if size < 1:
            raise InputError("jumlah pekerja kueri harus 1 atau lebih / query workers must be 1 or more")
        self.path = str(path)
        self.size = size
        self.max_memory_mb = max_memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        #: Workers killed for their query's bounds or lost to a crash, since the start.
        self.replaced = 0
        #: Workers are started by one thread that lives as long as the pool: the kernel's parent-death signal
        #: follows the thread that started a process, so a worker started by a passing thread would die with it.
        #: The pool does not wait for its first workers (a server is ready at once; the first query waits for a
        #: worker as any query does, within its ``wait``); :meth:`wait_started` does.
        self._starts: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self._first = threading.Event()
        threading.Thread(target=self._starter, name="kc-query-worker-start", daemon=True).start()
        self._starts.put(size)

    def wait_started(self, timeout: float = 60.0) -> bool:
        """Wait until the first workers have started (or failed to); whether all of them are ready."""
        self._first.wait(timeout)
        with self._lock:
            return len(self._all) >= self.size

    def _starter(self) -> None:
        import sys

        while (count := self._starts.get()) is not None:
            workers = [_Worker(self.path) for _ in range(count)]  # they start side by side
            for worker in workers:
                try:
                    self._admit(worker)
                except InputError as error:
                    print(f"kotacerdas: {error}", file=sys.stderr, flush=True)
            self._first.set()

    def _admit(self, worker: _Worker) -> None:
        if not worker.started(60.0):
            worker.kill()
            raise InputError("pekerja kueri tidak dapat dimulai / a query worker could not start", source=self.path)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and have another started in the background (the caller answers at once)."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        self.replaced += 1
        if not self._closed:
            self._starts.put(1)

    @property
    def busy(self) -> int:
        """Workers evaluating a query now."""
        return self.size - self._idle.qsize()

    def run(self, job: QueryJob, generation: int, *, wait: float) -> Answer:
        """The answer of ``job`` on the store as of ``generation``; raises the worker's error,
        :class:`WorkersBusyError` when no worker is free within ``wait`` seconds,
        :class:`kg.store.bounded.QueryTimeoutError` or :class:`kg.store.bounded.QueryMemoryError`."""
        try:
            worker = self._idle.get(timeout=max(wait, 0.0))
        except queue.Empty:
            retry = max(1, round(job.timeout_s / 2))
            raise WorkersBusyError(
                f"semua {self.size} pekerja kueri sibuk; coba lagi dalam {retry} detik / all {self.size} query "
                f"workers are busy; try again in {retry} s",
                retry,
            ) from None
        healthy = False
        try:
            worker.connection.send((job, generation))
            kind, value = self._await(worker, job)
            healthy = True
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)
        if kind == "error":
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def _await(self, worker: _Worker, job: QueryJob) -> tuple[str, object]:
        from kg.store.bounded import query_over_memory, query_timeout, resident_mb

        deadline = time.monotonic() + job.timeout_s + 1.0  # the worker's own deadline first: a clearer answer
        limit = (worker.idle_mb or 0.0) + self.max_memory_mb
        while not worker.connection.poll(POLL_SECONDS):
            if time.monotonic() > deadline:
                raise query_timeout(job.timeout_s, "page through it")
            size = resident_mb(worker.process.pid)
            if size is not None and size > limit:
                raise query_over_memory(self.max_memory_mb, "page through it")
            if not worker.alive() and not worker.connection.poll(0):
                break
        try:
            return worker.connection.recv()
        except (EOFError, OSError):
            try:
                code = worker.process.wait(1)
            except Exception:  # noqa: BLE001 - still running: it is killed by the caller
                code = None
            cause = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
            raise InputError(
                f"proses kueri berhenti tanpa jawaban ({cause}); kueri terlalu berat / the query process ended "
                f"without an answer ({cause}): the query is too heavy for this server",
                source="SPARQL",
            ) from None

    def close(self) -> None:
        """Stop every worker (a worker still evaluating is killed)."""
        self._closed = True
        self._starts.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            try:
                worker.connection.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2.0
        for worker in workers:
            try:
                worker.process.wait(max(deadline - time.monotonic(), 0.01))
            except Exception:  # noqa: BLE001 - killed below
                pass
            worker.kill()


if __name__ == "__main__":  # a worker: python -m kg.store.query_workers STORE_PATH SOCKET_FD
    import sys
    from multiprocessing.connection import Connection

    from kg.store.query_workers import _serve_queries as serve_queries  # one copy of the module's classes

    serve_queries(sys.argv[1], Connection(int(sys.argv[2])))
