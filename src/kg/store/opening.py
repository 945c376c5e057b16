"""Opening the store a caller names: a SPARQL server by its endpoint, else the embedded store in a folder (or,
when a ``kotacerdas serve`` is running on that folder, that server, which owns the store's lock)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import InputError

if TYPE_CHECKING:
    from kg.store.interface import GraphStore


def open_store(
    store: Path | str | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    *,
    timeout: float | None = None,
    reference: bool = True,
) -> GraphStore:
    """The store to work on: the SPARQL 1.1 server at ``endpoint`` (its update and Graph Store Protocol
    endpoints when they differ; credentials from ``KOTACERDAS_USER``/``KOTACERDAS_PASSWORD``; ``timeout``: each
    request's time limit), else the embedded store in the folder ``store`` (default ``$KOTACERDAS_STORE``, else
    the user's data folder), opened read-only when the folder cannot be written. ``reference`` false leaves the
    embedded store's reference graphs (ontology, registry, alignments) as they are.

    Raises :class:`~kg.core.errors.InputError` for ``store`` and ``endpoint`` together."""
    if endpoint:
        if store is not None:
            raise InputError("pilih --store atau --endpoint, tidak keduanya / give --store or --endpoint, not both")
        from kg.store.remote import RemoteStore

        if timeout is None:
            return RemoteStore.from_environment(endpoint, update_endpoint=update_endpoint, gsp_endpoint=gsp_endpoint)
        return RemoteStore.from_environment(
            endpoint, update_endpoint=update_endpoint, gsp_endpoint=gsp_endpoint, timeout=timeout
        )
    if update_endpoint or gsp_endpoint:
        raise InputError("--update-endpoint/--gsp-endpoint memerlukan --endpoint / need --endpoint")
    from kg.store.embedded import EmbeddedStore, default_store_path
    from kg.store.server_file import read_server_file

    # a running `kotacerdas serve` owns the store: go through it (kg.store.served) instead of the lock
    folder = Path(store) if store is not None else default_store_path()
    if read_server_file(folder) is not None:
        from kg.store.served import served_store_for

        served = served_store_for(folder)
        if served is not None:
            return served
    return EmbeddedStore(store, reference=reference)
