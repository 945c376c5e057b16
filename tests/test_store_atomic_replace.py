"""Replacing graphs in the embedded store is atomic: a failure halfway leaves the previous version.

Kills (``kill -9`` at every step boundary of a load and at random moments) are in test_load_kill_recovery.py.
"""

from __future__ import annotations

import pytest

from kg.core.errors import InputError
from kg.store.embedded import EmbeddedStore

GRAPH = "https://example.org/graph/big"
OTHER = "https://example.org/graph/other"


def ntriples(count: int, tag: str) -> bytes:
    return "".join(
        f'<https://example.org/{tag}/{i}> <https://example.org/p> "{tag} {i}" .\n' for i in range(count)
    ).encode()


def test_replacing_a_graph_swaps_its_content_and_leaves_others(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(10, "old"), OTHER: ntriples(3, "other")})
    before_other = {q for q in store.nquads() if OTHER in q}
    store.replace_graphs({GRAPH: ntriples(4, "new")})
    assert store.triple_count(GRAPH) == 4
    assert not any('"old ' in q for q in store.nquads())
    assert {q for q in store.nquads() if OTHER in q} == before_other


def test_a_failing_replacement_leaves_every_graph_as_before(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(10, "old"), OTHER: ntriples(3, "other")})
    before = store.nquads()
    with pytest.raises(InputError):
        store.replace_graphs({OTHER: ntriples(2, "new"), GRAPH: b"<not> <valid N-Triples"})
    assert store.nquads() == before


def test_delete_drops_named_graphs_in_the_same_step(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(5, "old"), OTHER: ntriples(3, "other")})
    store.replace_graphs({GRAPH: ntriples(2, "new")}, delete=[OTHER])
    assert OTHER not in store.graph_names()
    assert store.triple_count(GRAPH) == 2


def test_replacing_changes_only_the_difference_and_keeps_blank_nodes_apart(tmp_path):
    """An existing graph is changed by difference; blank nodes of two graphs written in one step stay two."""
    store = EmbeddedStore(tmp_path / "store", reference=False)
    blank = b'_:b0 <https://example.org/p> "%s" .\n<https://example.org/s> <https://example.org/q> _:b0 .\n'
    store.replace_graphs({GRAPH: ntriples(5, "old") + blank % b"one", OTHER: blank % b"two"})
    store.replace_graphs({GRAPH: ntriples(4, "old") + ntriples(1, "new") + blank % b"three"})
    lines = {q for q in store.nquads() if q.endswith(f"<{GRAPH}> .")}
    assert len(lines) == 7 and sum('"new ' in q for q in lines) == 1 and not any('"old 4"' in q for q in lines)
    assert any('"three"' in q for q in lines) and not any('"one"' in q for q in lines)
    nodes = {q.split()[0] for q in store.nquads() if q.startswith("_:")}
    assert len(nodes) == 2  # the blank node of GRAPH and that of OTHER


def test_extra_changes_happen_in_the_same_step_or_not_at_all(tmp_path):
    store = EmbeddedStore(tmp_path / "store", reference=False)
    store.replace_graphs({GRAPH: ntriples(3, "old")}, with_triples={OTHER: ntriples(1, "record-old")})
    before = store.nquads()
    with pytest.raises(InputError):
        store.replace_graphs(
            {GRAPH: ntriples(2, "new")},
            with_update=f"DROP GRAPH <{OTHER}>",
            with_triples={OTHER: b"<not> valid"},
        )
    assert store.nquads() == before
    store.replace_graphs(
        {GRAPH: ntriples(2, "new")}, with_update=f"DROP GRAPH <{OTHER}>", with_triples={OTHER: ntriples(1, "record")}
    )
    assert store.triple_count(GRAPH) == 2 and store.triple_count(OTHER) == 1
    assert any('"record 0"' in q for q in store.nquads())


def test_new_graphs_load_whole_with_blank_nodes_kept_apart_and_blank_looking_text_kept(tmp_path):
    """New graphs take the one-step N-Quads load unless they hold blank nodes; ``_:b`` inside a literal (the
    provenance's own comment says it) is text, not a blank node, and must not take the load off that path."""
    import pyoxigraph as ox

    from kg.store import embedded

    assert not embedded.holds_blank_nodes(b'<http://e/s> <http://e/p> "sorted, blank nodes written _:b" .\n')
    assert embedded.holds_blank_nodes(b"_:x <http://e/p> <http://e/o> .\n")
    assert embedded.holds_blank_nodes(b"<http://e/s> <http://e/p> _:x .\n")
    many = b'<http://e/s> <http://e/p> "' + b"a_" * 2000 + b'" .\n'  # more underscores than are looked at one by one
    assert not embedded.holds_blank_nodes(many) and embedded.holds_blank_nodes(many + b"_:x <http://e/p> _:y .\n")
    store = EmbeddedStore(tmp_path / "store")
    text = b'<http://e/s> <http://e/p> "blank nodes written _:b" .\n'
    blank = b'<http://e/s> <http://e/p> _:b0 .\n_:b0 <http://e/q> "1" .\n'
    store.replace_graphs({"http://e/g1": text, "http://e/g2": blank})
    store.replace_graphs({"http://e/g3": blank})
    assert store.triple_count("http://e/g1") == 1
    nodes = {
        quad.object
        for quad in store.store.quads_for_pattern(None, ox.NamedNode("http://e/p"), None, None)
        if isinstance(quad.object, ox.BlankNode)
    }
    assert len(nodes) == 2  # the two graphs' _:b0 are two nodes
