"""pyoxigraph's serialisers, typed for the way the project calls them (to bytes, never to a file).

No rdflib here: the query path and ``kotacerdas --help`` import this module without it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def rdf_bytes(
    data: Iterable[ox.Triple] | Iterable[ox.Quad], format: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """``data`` serialised by pyoxigraph in ``format``, as bytes."""
    written = ox.serialize(data, format=format, prefixes=prefixes)
    if written is None:  # only when given an output, which this never does
        raise RuntimeError("pyoxigraph wrote to an output instead of returning bytes")
    return written


def results_bytes(results: ox.QuerySolutions | ox.QueryBoolean, format: ox.QueryResultsFormat) -> bytes:
    """A SELECT or ASK answer serialised by pyoxigraph in ``format``, as bytes."""
    written = results.serialize(format=format)
    if written is None:
        raise RuntimeError("pyoxigraph wrote to an output instead of returning bytes")
    return written
