"""Where the packaged resources are: ontology, shapes, queries, registry, template, examples, the public record.

In a source checkout they are the top-level folders of the repository; in an installed wheel they are
carried inside the package under ``kg/data/`` (see ``pyproject.toml``). Callers never need to know which.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/kg
_FOLDERS = ("ontology", "shapes", "queries", "registry", "template", "examples", "public-record")
#: Folders that sit deeper than the top level of a source checkout (the wheel carries every one in ``kg/data/``).
_CHECKOUT_PLACES = {"public-record": "data/public-record"}


@cache
def resource_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` … for this installation."""
    packaged = _PACKAGE_DIR / "data"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent.parent  # src/kg -> repository root
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError("kotacerdas-kg: packaged resources (ontology/, shapes/, …) not found")


def resource_path(folder: str, name: str = "") -> Path:
    """A path inside one of the resource folders, e.g. ``resource_path("ontology", "kotacerdas.ttl")``."""
    if folder not in _FOLDERS:
        raise ValueError(f"unknown resource folder {folder!r}; expected one of {_FOLDERS}")
    root = resource_root()
    path = root / (folder if root == _PACKAGE_DIR / "data" else _CHECKOUT_PLACES.get(folder, folder))
    return path / name if name else path


def ontology_file(name: str = "kotacerdas.ttl") -> Path:
    """A Turtle file of ``ontology/``."""
    return resource_path("ontology", name)


def shapes_file(name: str) -> Path:
    """A SHACL file of ``shapes/``."""
    return resource_path("shapes", name)


def query_dir() -> Path:
    """The folder of canned ``*.rq`` queries."""
    return resource_path("queries")
