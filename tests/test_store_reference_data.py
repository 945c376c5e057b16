"""Reference data (ontology, registry, alignments) is loaded into its own graphs once, again only on change."""

from __future__ import annotations

import shutil

import kg.store.reference
from kg.core.namespaces import ALIGNMENTS_GRAPH, ONTOLOGY_GRAPH, REGIONS_GRAPH
from kg.core.resources import ontology_file
from kg.store.embedded import EmbeddedStore, default_store_path


def test_a_new_store_holds_the_reference_graphs(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    assert {str(ONTOLOGY_GRAPH), str(REGIONS_GRAPH), str(ALIGNMENTS_GRAPH)} <= store.graph_names()
    assert store.ask("ASK { <https://w3id.org/kotacerdas/id/region/32.73> ?p ?o }")


def test_reopening_does_not_reload_unchanged_reference_data(tmp_path):
    EmbeddedStore(tmp_path / "store").close()
    store = EmbeddedStore(tmp_path / "store", reference=False)
    assert store.ensure_reference_data() == []


def test_a_changed_reference_file_is_reloaded(tmp_path, monkeypatch):
    copy = tmp_path / "kotacerdas.ttl"
    shutil.copy(ontology_file(), copy)
    original = kg.store.reference.reference_files
    monkeypatch.setattr(kg.store.reference, "reference_files", lambda: {**original(), str(ONTOLOGY_GRAPH): [copy]})
    store = EmbeddedStore(tmp_path / "store")
    assert store.ensure_reference_data() == []
    copy.write_text(copy.read_text() + "\n<https://example.org/added> a <https://example.org/Thing> .\n")
    assert store.ensure_reference_data() == [str(ONTOLOGY_GRAPH)]
    assert store.ask(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <https://example.org/added> ?p ?o }} }}")


def test_the_default_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KOTACERDAS_STORE", str(tmp_path / "mine"))
    assert default_store_path() == tmp_path / "mine"
    monkeypatch.delenv("KOTACERDAS_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "kotacerdas" / "store"


def test_the_reference_data_is_checked_once_per_store_not_again_by_load(tmp_path, monkeypatch):
    """Opening the store checks the reference data; `load` then finds it confirmed without asking the store."""
    from kg.core.resources import resource_path
    from kg.loading.load import load_files

    store = EmbeddedStore(tmp_path / "store")
    asked = []
    original = store.select
    monkeypatch.setattr(
        store, "select", lambda query, *args, **kwargs: asked.append(query) or original(query, *args, **kwargs)
    )
    assert store.ensure_reference_data() == []
    assert asked == []
    load_files([resource_path("examples", "contoh-kota-bandung.csv")], store, agent="tester")
    assert not any("checksumAlgorithm_sha256" in query and "?graph" in query for query in asked)
