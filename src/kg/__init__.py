"""kotacerdas-kg: the knowledge graph of Indonesia's smart-city framework (Kota Cerdas).

The package is a library first; the ``kotacerdas`` command line and the web app are thin faces over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kotacerdas-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
