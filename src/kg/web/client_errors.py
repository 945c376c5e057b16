"""A refused input is the client's error: an HTTP 4xx (or a 503 for a bound of the server) with one line, and
one line in the log, never a traceback.

Routes answer the errors they expect themselves; these handlers are the net under every route for the library's
:class:`~kg.core.errors.InputError` subclasses (a submission outside its graph, a table past its bounds, a
query past its time) and :class:`~kg.web.dataset.SparqlError`, so that no refused input reaches uvicorn as an
"Exception in ASGI application" with its traceback. A bug (any other exception) is still a 500 with its
traceback: that one is the server's to fix.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kg.core.errors import InputError

#: The status of each refused-input class by name (a class not here, and its subclasses, answer 400).
STATUS_BY_CLASS = {
    "ScopeError": 422,  # a submission that would write outside its own region-year graph: nothing written
    "TableLimitError": 422,  # a table past its bounds
    "ResultTooLargeError": 413,
    "QueryTimeoutError": 503,
    "QueryMemoryError": 503,
    "StoreBusyError": 503,
    "StoreWriteError": 503,  # full disk, read-only store: nothing changed
    "LoadWriteError": 503,
    "ServiceRefusedError": 400,
}


def status_of(error: InputError) -> int:
    """The HTTP status of a refused input: its class's (or the nearest base class's) in :data:`STATUS_BY_CLASS`."""
    for cls in type(error).__mro__:
        if cls.__name__ in STATUS_BY_CLASS:
            return STATUS_BY_CLASS[cls.__name__]
    return 400


def one_line(text: str) -> str:
    """A message on one line (a refused value may hold line breaks)."""
    return " ".join(str(text).split())


def _answer(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    site = request.app.state.site
    accept = request.headers.get("accept", "")
    response = site.error(request, status, one_line(message), html="text/html" in accept, headers=headers)
    if status in (429, 503) and "retry-after" not in response.headers:
        response.headers["retry-after"] = "5"
    return response


async def input_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, InputError)
    return _answer(request, status_of(error), str(error))


async def sparql_error(request: Request, error: Exception) -> Response:
    from kg.web.dataset import SparqlError

    assert isinstance(error, SparqlError)
    return _answer(request, error.status, error.message, error.headers)


def handlers() -> dict:
    """The Starlette ``exception_handlers`` of the application."""
    from kg.web.dataset import SparqlError

    return {InputError: input_error, SparqlError: sparql_error}
