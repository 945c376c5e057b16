"""Queries with bounds: a time limit, a row cap and a memory cap, and Ctrl-C that ends any query at once.

pyoxigraph evaluates a query in Rust, where neither a timeout nor Ctrl-C can reach it: an endless aggregate
(``SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }``) runs on, and a cartesian ``ORDER BY``
grows by about 230 MB a second (measured). So a bounded query runs apart from the caller:

- ``isolation="process"`` (the default on Linux): in a child process forked for the query, which opens the
  store itself, evaluates, and sends the answer back through a pipe. The caller waits in steps of 50 ms and
  kills the child (``SIGKILL``) when the time is up, when its memory grows more than ``max_memory_mb`` over
  its size at the start, or on Ctrl-C; the answer it gets is whole or it gets one clear error. Killing a
  process that only reads never harms a store (writes are transactions). Ctrl-C is held back while the child
  is forked (the child ignores it, the caller gets it once the child can be killed), and the child never
  outlives the thread that forked it: the kernel kills it (``PR_SET_PDEATHSIG``) when that thread ends, even
  by ``SIGKILL``, so an orphaned query can neither run on nor keep the store's lock.
- ``isolation="thread"`` (other platforms, or a caller that already holds an open store, such as a web
  server: forking a process that has a pyoxigraph store open is not safe): in a daemon thread. The time limit
  and Ctrl-C free the caller at once, but the evaluation itself runs on in the background until pyoxigraph
  returns (a command-line process simply exits); the memory cap is not enforced, the row cap is.

The row cap holds in both: the store reads no further than the row after the cap and refuses the answer
(:class:`kg.store.interface.ResultTooLargeError`), never a silently cut one. Remote stores also honour the
timeout themselves (HTTP timeout, and Virtuoso's own ``timeout`` parameter).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from kg.core.child_process import die_with_parent, libc_prctl
from kg.core.errors import InputError
from kg.store.interface import GraphStore, SelectResult

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.store.sparql_text import BoundTerm

#: Defaults of ``kotacerdas query`` and ``kotacerdas sparql`` (``--timeout``, ``--max-rows``, ``--max-memory``).
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_MEMORY_MB = 2048

#: How often the caller looks at the query: the worst delay of a timeout, a memory kill or Ctrl-C.
POLL_SECONDS = 0.05

Isolation = Literal["auto", "process", "thread"]
T = TypeVar("T")


@dataclass(frozen=True)
class QueryBounds:
    """The bounds of one query: seconds, rows (or triples), MB of memory above the evaluating process's size."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise InputError("--timeout harus lebih dari 0 / must be more than 0 seconds", source="--timeout")
        if self.max_rows < 1:
            raise InputError("--max-rows harus 1 atau lebih / must be 1 or more", source="--max-rows")
        if self.max_memory_mb < 16:
            raise InputError("--max-memory harus 16 MB atau lebih / must be 16 MB or more", source="--max-memory")


class QueryTimeoutError(InputError):
    """A query ran past its time limit and was stopped."""


class QueryMemoryError(InputError):
    """A query needed more memory than its cap and was stopped."""


def query_timeout(seconds: float, advice: str = "give --timeout SECONDS") -> QueryTimeoutError:
    """The error of a query stopped after ``seconds``."""
    return QueryTimeoutError(
        f"kueri dihentikan setelah {seconds:.3g} detik / the query was stopped after {seconds:.3g} s: "
        f"narrow it (parameters, LIMIT) or {advice}",
        source="SPARQL",
    )


def query_over_memory(megabytes: int, advice: str = "give --max-memory MB") -> QueryMemoryError:
    """The error of a query stopped when it needed more than ``megabytes``."""
    return QueryMemoryError(
        f"kueri dihentikan: memerlukan lebih dari {megabytes} MB / the query was stopped: it needed "
        f"more than {megabytes} MB of memory; narrow it or {advice}",
        source="SPARQL",
    )


def _timeout(bounds: QueryBounds) -> QueryTimeoutError:
    return query_timeout(bounds.timeout)


def _memory(bounds: QueryBounds) -> QueryMemoryError:
    return query_over_memory(bounds.max_memory_mb)


def default_isolation() -> Literal["process", "thread"]:
    """``"process"`` where processes can be forked and their memory read (Linux), else ``"thread"``."""
    return "process" if sys.platform.startswith("linux") and hasattr(os, "fork") else "thread"


def run_bounded(
    task: Callable[[], T], bounds: QueryBounds = QueryBounds(), *, isolation: Isolation = "auto", grace: float = 0.0
) -> T:
    """``task()`` under ``bounds`` (see the module's description); its result, or its exception re-raised.

    ``grace`` seconds are added to the time limit before the task is killed, for tasks that enforce the limit
    themselves and answer with a clearer message (a remote store's own timeout). Raises
    :class:`QueryTimeoutError`, :class:`QueryMemoryError`, or ``KeyboardInterrupt`` on Ctrl-C.
    """
    chosen = default_isolation() if isolation == "auto" else isolation
    if chosen == "process":
        return _in_process(task, bounds, grace)
    return _in_thread(task, bounds, grace)


# ---- a child process ---------------------------------------------------------------------------------------


def _child(task: Callable[[], object], sender, parent: int) -> None:  # noqa: ANN001 - a multiprocessing Connection
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back by the parent while forking
    die_with_parent(parent)
    try:
        outcome: tuple[str, object] = ("ok", task())
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        outcome = ("error", error)
    try:
        sender.send(outcome)
    except Exception as error:  # noqa: BLE001 - an answer or an error that cannot be pickled
        sender.send(("error", InputError(f"jawaban tidak dapat dikirim / the answer cannot be passed on: {error}")))
    sender.close()


def resident_mb(pid: int) -> float | None:
    """The resident memory of process ``pid`` in MB (``None`` where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _in_process(task: Callable[[], T], bounds: QueryBounds, grace: float) -> T:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    start_size = resident_mb(os.getpid()) or 0.0
    process = context.Process(target=_child, args=(task, sender, os.getpid()), daemon=True)
    libc_prctl()  # looked up before the fork: the child only calls it
    try:
        # Ctrl-C waits until the child exists and this ``try`` can kill it (it is raised at the unblocking)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        sender.close()
        deadline = time.monotonic() + bounds.timeout + grace
        while True:
            if receiver.poll(POLL_SECONDS):
                try:
                    kind, value = receiver.recv()
                except EOFError:
                    process.join(1)
                    raise InputError(
                        f"proses kueri berhenti tanpa jawaban / the query process ended without an answer "
                        f"(exit {process.exitcode})",
                        source="SPARQL",
                    ) from None
                if kind == "ok" and time.monotonic() > deadline:  # an answer after the limit, however near
                    raise _timeout(bounds)
                break
            if time.monotonic() > deadline:
                raise _timeout(bounds)
            size = resident_mb(process.pid) if process.pid else None
            if size is not None and size - start_size > bounds.max_memory_mb:
                raise _memory(bounds)
    finally:
        if process.pid is not None:  # started
            process.kill()  # at once, before anything that a second Ctrl-C could interrupt
            process.join()
        sender.close()
        receiver.close()
    if kind == "error":
        raise value
    return value


# ---- a daemon thread ---------------------------------------------------------------------------------------


def _without_frames(error: BaseException) -> BaseException:
    """``error`` without its tracebacks: their frames hold the query's pyoxigraph objects, which must be
    freed in the thread that made them (pyoxigraph refuses to drop them anywhere else)."""
    chain: BaseException | None = error
    cleared: set[int] = set()
    while chain is not None and id(chain) not in cleared:
        cleared.add(id(chain))
        chain.__traceback__ = None
        chain = chain.__cause__ or chain.__context__
    return error


def _in_thread(task: Callable[[], T], bounds: QueryBounds, grace: float) -> T:
    outcome: list[tuple[str, object]] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append(("ok", task()))
        except BaseException as error:  # noqa: BLE001 - passed on to the caller
            outcome.append(("error", _without_frames(error)))
        finally:
            done.set()

    threading.Thread(target=work, name="kotacerdas-query", daemon=True).start()
    deadline = time.monotonic() + bounds.timeout + grace
    while not done.wait(POLL_SECONDS):
        if time.monotonic() > deadline:
            raise _timeout(bounds)
    kind, value = outcome[0]
    if kind == "ok" and time.monotonic() > deadline:  # the answer came within the last look, but after the limit
        raise _timeout(bounds)
    if kind == "error":
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


# ---- one query, bounded --------------------------------------------------------------------------------------


def bounded_answer(
    store: GraphStore | Callable[[], GraphStore],
    query: str,
    *,
    bindings: Mapping[str, BoundTerm] | None = None,
    bounds: QueryBounds = QueryBounds(),
    isolation: Isolation = "auto",
    grace: float = 0.0,
) -> SelectResult | bool | Graph:
    """The answer of ``query`` (SELECT rows, ASK boolean, CONSTRUCT/DESCRIBE graph) under ``bounds``.

    ``store`` is either a function that opens a store (it is opened, used and closed where the query runs: in
    the child process by default) or an open store, which is used as it is, in a thread (a process holding an
    open pyoxigraph store must not fork).
    """
    from kg.store.sparql_text import not_a_query_message, query_form

    form = query_form(query)
    if form is None:
        raise InputError(not_a_query_message(query), "SPARQL")
    opened_here = callable(store)
    if not opened_here:
        isolation = "thread"

    def task() -> SelectResult | bool | list:
        graph_store: GraphStore = store() if callable(store) else store
        try:
            if form == "SELECT":
                return graph_store.select(query, bindings, max_rows=bounds.max_rows)
            if form == "ASK":
                return graph_store.ask(query, bindings)
            return list(graph_store.construct(query, bindings, max_rows=bounds.max_rows))
        finally:
            if opened_here:
                graph_store.close()

    answer = run_bounded(task, bounds, isolation=isolation, grace=grace)
    if isinstance(answer, list):
        from rdflib import Graph

        graph = Graph()
        for triple in answer:
            graph.add(triple)
        return graph
    return answer
