"""kotacerdas-kg: the knowledge graph of Indonesia's smart-city framework (Kota Cerdas).

The package is a library first; the ``kotacerdas`` command line and the web app are thin faces over it.
``kg.__version__`` is read from the installed package's metadata on first use (``importlib.metadata`` costs
~40 ms to import: ``kotacerdas --help`` does without it).
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("kotacerdas-kg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
