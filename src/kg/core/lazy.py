"""Lazy re-exports for the packages' public names (PEP 562), so that ``import kg.store`` stays cheap.

A package lists its public names and the module each lives in; the module is imported on first use of a name.
This keeps ``kotacerdas --help`` from importing rdflib, pyoxigraph or httpx.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` resolving each name of ``exports`` (name → submodule) on first access."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return __getattr__
