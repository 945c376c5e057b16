"""The queries of the pages that the canned queries do not answer (a region's programs, which regions cover an
initiative, how many regions cover each initiative), kept as ``page-queries/*.rq`` files with the same header
as ``queries/*.rq`` and run the same way: parameters checked and bound as RDF terms, never pasted as text.

:func:`any_query` finds a name among the canned queries first, then among these, so one JSON route and one
link into the query editor serve both.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from kg.core.errors import InputError

FOLDER = Path(__file__).resolve().parent / "page-queries"


@cache
def page_queries() -> dict:  # name -> kg.queries.canned.CannedQuery
    """The page queries by name, in name order."""
    from kg.queries.canned import parse_query_file

    return {path.stem: parse_query_file(path) for path in sorted(FOLDER.glob("*.rq"))}


def any_query(name: str):  # -> kg.queries.canned.CannedQuery
    """The canned query or page query called ``name``; :class:`InputError` naming the known ones otherwise."""
    from kg.queries.canned import canned_queries

    found = canned_queries().get(name) or page_queries().get(name)
    if found is None:
        known = ", ".join([*canned_queries(), *page_queries()])
        raise InputError(f"kueri tidak dikenal / unknown query {name!r}; ada / known: {known}", source="query")
    return found


def run_any_query(name: str, store, params: Mapping[str, str] | None = None):  # -> SelectResult
    """Run the canned or page query ``name`` on ``store`` with text parameters (checked, bound as terms)."""
    from kg.queries.canned import bind_parameters

    query = any_query(name)
    bindings = bind_parameters(query, params or {})
    return store.select(query.text_for(bindings), bindings)


def query_rows(name: str, store, params: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The answer as plain rows (``kg.queries.canned.rows_as_objects``): numbers as numbers, IRIs as text."""
    from kg.queries.canned import rows_as_objects

    return rows_as_objects(run_any_query(name, store, params))
