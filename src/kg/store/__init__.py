"""Where the knowledge graph lives: one :class:`GraphStore` interface over the embedded pyoxigraph store and any
SPARQL 1.1 server, with the SPARQL text handling (parameters as ``VALUES``) both share."""

from kg.core.lazy import lazy_exports

_EXPORTS = {
    "GraphStore": "interface",
    "SelectResult": "interface",
    "TruncatedResultError": "interface",
    "ResultTooLargeError": "interface",
    "StoreWriteError": "interface",
    "GraphSummary": "interface",
    "QueryBounds": "bounded",
    "run_bounded": "bounded",
    "bounded_answer": "bounded",
    "check_query": "guard",
    "ensure_reference_data": "reference",
    "EmbeddedStore": "embedded",
    "default_store_path": "embedded",
    "RemoteStore": "remote",
    "open_store": "opening",
}
__all__ = list(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
