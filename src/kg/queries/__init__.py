"""The canned SPARQL queries of ``queries/*.rq``: their headers, parameters bound as RDF terms, and output."""

from kg.core.lazy import lazy_exports

_EXPORTS = {
    name: "canned"
    for name in ("run_query", "canned_queries", "canned_query", "bind_parameters", "CannedQuery", "Parameter")
}
__all__ = list(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
