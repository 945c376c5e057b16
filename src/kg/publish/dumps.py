"""Dumps of the knowledge graph: every quad as N-Quads (named graphs kept) and every triple as Turtle, gzipped,
each with a ``.sha256`` file in ``sha256sum`` format, and ``SHA256SUMS`` listing both (``sha256sum -c SHA256SUMS``).
``kotacerdas dump --out DIR`` and ``/dumps/`` make them.

Files are written under temporary names and renamed into place, so a reader never sees half a dump. On the
embedded store pyoxigraph streams them (no copy of the graph in memory); on a SPARQL server each named graph is
read with one ``CONSTRUCT``.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import PREFIXES
from kg.loading.provenance import sha256_file

if TYPE_CHECKING:
    from kg.store.interface import GraphStore

#: The names of the dump files (before ``.gz``).
NQUADS_NAME = "kotacerdas.nq"
TURTLE_NAME = "kotacerdas.ttl"
#: The file of every dump's SHA-256, in ``sha256sum`` format.
SUMS_NAME = "SHA256SUMS"


def checksum_lines(folder: Path) -> str:
    """``SHA256SUMS`` of ``folder``: the lines of its ``*.gz.sha256`` files, in name order."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.gz.sha256")))


def _quads(store: GraphStore) -> Iterator[ox.Quad]:
    return store.quads()


def _triples(store: GraphStore) -> Iterator[ox.Triple]:
    return store.triples()


def write_dumps(store: GraphStore, out: Path | str) -> list[Path]:
    """Write ``kotacerdas.nq.gz`` and ``kotacerdas.ttl.gz`` with their ``.sha256`` into folder ``out``.

    ``store`` is any :class:`kg.store.interface.GraphStore`; a store served by a running server asks that
    server to write them. Returns the files written.
    """
    from kg.store.served import ServedStore

    if isinstance(store, ServedStore):  # the server owns the store: it writes them
        return [Path(name) for name in store.write_dumps(out)]
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"folder tidak dapat dibuat / cannot create the folder: {error.strerror}", source=str(out)
        ) from None
    written = []
    for name, source, fmt in (
        (NQUADS_NAME, _quads, ox.RdfFormat.N_QUADS),
        (TURTLE_NAME, _triples, ox.RdfFormat.TURTLE),
    ):
        final = out / f"{name}.gz"
        staging = out / f".{name}.gz.{os.getpid()}"
        try:
            with gzip.open(staging, "wb", compresslevel=6) as handle:
                ox.serialize(
                    source(store),
                    cast(IO[bytes], handle),
                    format=fmt,
                    prefixes=dict(PREFIXES) if fmt is ox.RdfFormat.TURTLE else None,
                )
            digest = sha256_file(staging)
            checksum = out / f"{name}.gz.sha256"
            checksum_staging = out / f".{name}.gz.sha256.{os.getpid()}"
            checksum_staging.write_text(f"{digest}  {final.name}\n", encoding="utf-8")
            os.replace(staging, final)
            os.replace(checksum_staging, checksum)
        except OSError as error:
            staging.unlink(missing_ok=True)
            raise InputError(
                f"unduhan tidak dapat ditulis / cannot write the dump: {error.strerror}", source=str(final)
            ) from None
        written += [final, checksum]
    sums, staging = out / SUMS_NAME, out / f".{SUMS_NAME}.{os.getpid()}"
    try:
        staging.write_text(checksum_lines(out), encoding="utf-8")
        os.replace(staging, sums)
    except OSError as error:
        staging.unlink(missing_ok=True)
        raise InputError(f"unduhan tidak dapat ditulis / cannot write the dump: {error.strerror}", str(sums)) from None
    return [*written, sums]
