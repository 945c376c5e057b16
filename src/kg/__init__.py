"""kotacerdas-kg: the knowledge graph of Indonesia's smart-city framework (Kota Cerdas).

The package is a library first; the ``kotacerdas`` command line and the web app are thin faces over it. The
names below are its public API (docs/api.md, generated from their docstrings; docs/design.md says what a
release may change): validate submissions, load them into a store, open a store, run a canned query.

    import kg
    outcome = kg.validate_files(["programs.xlsx"])          # every result with its row and column
    store = kg.open_store("store")                          # or kg.open_store(endpoint="https://…/sparql")
    kg.load_files(["programs.xlsx"], store)
    rows = kg.rows_as_objects(kg.run_query("coverage", store, {"region": "32.73"}))   # [{"dimension": "GOV", …}]

Each name is imported on first use (PEP 562), so that ``import kg`` and ``kotacerdas --help`` stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

#: The release: the package's version and the ontology's ``owl:versionInfo`` (semantic versioning).
__version__ = "0.7.2"

#: Public name → the module it lives in.
_EXPORTS = {
    "validate_files": "kg.submissions.validation",
    "ValidationOutcome": "kg.submissions.validation",
    "RowResult": "kg.submissions.validation",
    "load_files": "kg.loading.load",
    "LoadOutcome": "kg.loading.load",
    "open_store": "kg.store.opening",
    "GraphStore": "kg.store.interface",
    "SelectResult": "kg.store.interface",
    "EmbeddedStore": "kg.store.embedded",
    "RemoteStore": "kg.store.remote",
    "run_query": "kg.queries.canned",
    "canned_queries": "kg.queries.canned",
    "rows_as_objects": "kg.queries.canned",
    "InputError": "kg.core.errors",
}

__all__ = [
    "__version__",
    "validate_files",
    "ValidationOutcome",
    "RowResult",
    "load_files",
    "LoadOutcome",
    "open_store",
    "GraphStore",
    "SelectResult",
    "EmbeddedStore",
    "RemoteStore",
    "run_query",
    "canned_queries",
    "rows_as_objects",
    "InputError",
]

if TYPE_CHECKING:
    from kg.core.errors import InputError
    from kg.loading.load import LoadOutcome, load_files
    from kg.queries.canned import canned_queries, rows_as_objects, run_query
    from kg.store.embedded import EmbeddedStore
    from kg.store.interface import GraphStore, SelectResult
    from kg.store.opening import open_store
    from kg.store.remote import RemoteStore
    from kg.submissions.validation import RowResult, ValidationOutcome, validate_files


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
