"""A bulk write cut into parts loaded side by side (one per core) holds exactly the triples of the graphs it
writes, each once; a part that fails takes every graph of the write out again, so the store is as before."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.store.embedded as embedded
from kg.core.errors import InputError
from kg.store.content import summarise_ntriples
from kg.store.embedded import PENDING_GRAPH, EmbeddedStore

GRAPHS = [f"https://w3id.org/kotacerdas/id/submission/32.73/{year}" for year in (2024, 2025)]


def _graph(iri: str, triples: int) -> bytes:
    subject = iri.replace("/submission/", "/program/")
    return "".join(
        f'<{subject}/P-{number}> <https://w3id.org/kotacerdas/ontology#programId> "P-{number}" .\n'
        for number in range(triples)
    ).encode()


@pytest.fixture
def parts(monkeypatch) -> None:
    monkeypatch.setattr(embedded, "BULK_BYTES", 0)  # every write of new graphs takes the bulk path
    monkeypatch.setattr(embedded, "BULK_PART_BYTES", 10_000)  # in several parts
    monkeypatch.setattr(embedded.os, "cpu_count", lambda: 4)


def test_a_bulk_write_in_parts_holds_every_triple_once(tmp_path: Path, parts, monkeypatch) -> None:
    loads: list[int] = []
    store = EmbeddedStore(tmp_path / "store", reference=False)
    monkeypatch.setattr(store, "store", _Counting(store.store, loads))
    data = {iri: _graph(iri, 3_000) for iri in GRAPHS}
    store.replace_graphs(data)
    assert len(loads) == 4, loads  # cut into four parts
    summaries = store.graph_summaries(GRAPHS)
    for iri in GRAPHS:
        assert summaries[iri] == summarise_ntriples(data[iri])
    assert not store.store.contains_named_graph(ox.NamedNode(PENDING_GRAPH))


def test_a_part_that_fails_leaves_the_store_as_before(tmp_path: Path, parts) -> None:
    store = EmbeddedStore(tmp_path / "store", reference=False)
    before = len(store.store)
    data = {iri: _graph(iri, 3_000) for iri in GRAPHS}
    data[GRAPHS[-1]] += b"<https://w3id.org/kotacerdas/id/program/32.73/2025/X> <broken .\n"  # in the last part
    with pytest.raises(InputError, match="invalid N-Triples"):
        store.replace_graphs(data)
    assert store.graph_names() == set()
    assert len(store.store) == before
    assert not store.store.contains_named_graph(ox.NamedNode(PENDING_GRAPH))


class _Counting:
    """The pyoxigraph store, counting its bulk loads (each part is one)."""

    def __init__(self, store: ox.Store, loads: list[int]) -> None:
        self._store, self._loads = store, loads

    def bulk_load(self, data: bytes, **options: object) -> None:
        self._loads.append(len(data))
        self._store.bulk_load(data, **options)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)
