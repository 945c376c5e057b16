"""Loading validated submissions into a store, each region-year graph replaced atomically, with provenance."""

from kg.core.lazy import lazy_exports

_EXPORTS = {"load_files": "load", "LoadOutcome": "load", "submission_records": "provenance"}
__all__ = list(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
