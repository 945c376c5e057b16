"""The submission template's CSVW metadata (``template/programs.csv-metadata.json``), read once.

It is the single source of the template: columns, titles, datatypes, separators, properties (read by
:mod:`kg.submissions.template`) and the URI templates of the data IRIs (read by :mod:`kg.core.namespaces`).
Everything computed from it is cached with :func:`derived`, and :func:`use_metadata` swaps the document (for a
variant of the template, or a test) and clears those caches at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

#: The file of the metadata, inside ``template/``.
METADATA_FILE = "programs.csv-metadata.json"

_source: Path | None = None
_clearers: list[Callable[[], None]] = []
F = TypeVar("F", bound=Callable[..., Any])


def derived(function: F | None = None, *, maxsize: int | None = None) -> Any:
    """``functools.lru_cache`` (unbounded by default) for a function of the metadata, cleared whenever
    :func:`use_metadata` swaps the document. Use as ``@derived`` or ``@derived(maxsize=N)``."""

    def decorate(wrapped: F) -> F:
        cached = lru_cache(maxsize=maxsize)(wrapped)
        _clearers.append(cached.cache_clear)
        return cached  # type: ignore[return-value]

    return decorate(function) if function is not None else decorate


def metadata_path() -> Path:
    """The metadata file in use."""
    if _source is not None:
        return _source
    from kg.core.resources import resource_path

    return resource_path("template", METADATA_FILE)


@derived
def metadata() -> dict[str, Any]:
    """The CSVW metadata document, parsed."""
    with metadata_path().open(encoding="utf-8") as handle:
        return json.load(handle)


@contextmanager
def use_metadata(path: Path | str) -> Iterator[None]:
    """Within the block, read the template from ``path`` instead of the packaged metadata."""
    global _source
    previous = _source
    _source = Path(path)
    _clear()
    try:
        yield
    finally:
        _source = previous
        _clear()


def _clear() -> None:
    for clear in _clearers:
        clear()


#: The namespace of the project's own annotations of a column (``…ontology#valueClass``, ``…#partialDates``):
#: CSVW takes a non-core property as an absolute IRI (or a prefix of its own initial context, which ``kc:`` is not).
ANNOTATIONS = "https://w3id.org/kotacerdas/ontology#"
#: Prefixes a document written before the metadata used absolute IRIs may still use (``kc:budget``).
_LEGACY_PREFIXES = {
    "kc": ANNOTATIONS,
    "kcid": "https://w3id.org/kotacerdas/id/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def annotation(spec: dict[str, Any], name: str, default: Any = None) -> Any:
    """The project's annotation ``name`` of a column (``valueClass``, ``partialDates`` …), written as an absolute
    IRI (``https://w3id.org/kotacerdas/ontology#valueClass``) or, in an older document, ``kc:valueClass``."""
    return spec.get(ANNOTATIONS + name, spec.get("kc:" + name, default))


def code_scheme(spec: dict[str, Any]) -> str | None:
    """The code list a coded column's values come from: its ``skos:inScheme`` (a concept scheme, or the region
    registry's data set), in an older document ``kc:valuesFrom``; ``None`` for another column."""
    scheme = spec.get("skos:inScheme") or annotation(spec, "valuesFrom")
    return expand_curie(scheme["@id"]) if scheme else None


@derived
def _prefixes() -> dict[str, str]:
    return _LEGACY_PREFIXES | {
        key: value
        for item in metadata()["@context"]
        if isinstance(item, dict)
        for key, value in item.items()
        if not key.startswith("@")
    }


def expand_curie(curie: str) -> str:
    """A CURIE (``kc:budget``, an older document's; the CSVW document writes absolute IRIs) as a full IRI; a full
    IRI as it is."""
    prefix, _, local = curie.partition(":")
    if local.startswith("//"):
        return curie
    prefixes = _prefixes()
    if prefix not in prefixes:
        raise ValueError(f"{metadata_path()}: prefix {prefix!r} of {curie!r} is not declared in its @context")
    return prefixes[prefix] + local


#: The template's tables, by the stem of their CSVW ``url``: the programs, and the indicators of the programs.
PROGRAMS_TABLE = "programs"
INDICATORS_TABLE = "indikator"


@derived
def tables() -> dict[str, dict[str, Any]]:
    """The tables of the CSVW table group, by the stem of their ``url`` (``programs``, ``indikator``), in order.
    A document with a single ``tableSchema`` (the form before the indicators table) is one table, the programs."""
    document = metadata()
    if "tables" not in document:
        return {PROGRAMS_TABLE: {"url": document.get("url", "programs.csv"), "tableSchema": document["tableSchema"]}}
    return {str(item.get("url", "")).rsplit(".", 1)[0]: item for item in document["tables"]}


def table_schema(table: str = PROGRAMS_TABLE) -> dict[str, Any]:
    """The ``tableSchema`` object of ``table`` (the programs table by default)."""
    return tables()[table]["tableSchema"]
