"""A graph's summary (distinct triples, content digest) is the same whether it is taken from a file being
loaded or from the store afterwards, whatever form the file writes its terms in; the statements a load reads
for its checks are picked by exact predicate."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.core.errors import InputError
from kg.store.content import (
    canonical_ntriples,
    statements_with,
    summarise_canonical,
    summarise_ntriples,
)

#: The same three triples written in different ways: escapes, an explicit xsd:string, a duplicate line.
PLAIN = b'<http://e/s> <http://e/p> "A caf\xc3\xa9" .\n<http://e/s> <http://e/q> <http://e/o> .\n'
ODD = (
    b"<http://e/s> <http://e/q> <http://e/o> .\n"
    b'<http://e/s> <http://e/p> "\\u0041 caf\\u00E9"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
    b"<http://e/s> <http://e/q> <http://e/o> .\n"
)
BLANK = b'_:x1 <http://e/p> "v" .\n<http://e/s> <http://e/q> _:x1 .\n'


def _stored(data: bytes) -> bytes:
    store = ox.Store()
    graph = ox.NamedNode("http://e/g")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)


def test_the_same_triples_written_differently_have_one_summary():
    assert summarise_ntriples(PLAIN) == summarise_ntriples(ODD)
    assert summarise_ntriples(ODD).triples == 2


@pytest.mark.parametrize("data", [PLAIN, ODD, BLANK], ids=["plain", "odd", "blank-nodes"])
def test_a_file_and_the_graph_the_store_made_of_it_have_one_summary(data):
    from_file = summarise_ntriples(data)
    assert summarise_canonical(_stored(data)) == from_file


def test_blank_node_labels_do_not_count():
    relabelled = BLANK.replace(b"_:x1", b"_:other")
    assert summarise_ntriples(relabelled) == summarise_ntriples(BLANK)
    assert summarise_ntriples(relabelled) != summarise_ntriples(BLANK.replace(b'"v"', b'"w"'))


def test_n_triples_that_do_not_parse_name_their_source():
    with pytest.raises(InputError, match="invalid N-Triples") as raised:
        canonical_ntriples(b"<http://e/s> <http://e/p> .\n", source="x.nt")
    assert raised.value.source == "x.nt"


def test_statements_are_picked_by_the_whole_predicate_and_object():
    data = canonical_ntriples(
        b"<http://e/a> <http://e/region> <http://e/o> .\n"
        b"<http://e/b> <http://e/regionName> <http://e/o> .\n"
        b"<http://e/c> <http://e/type> <http://e/Submission> .\n"
        b"<http://e/d> <http://e/type> <http://e/SubmissionPart> .\n"
        b'<http://e/e> <http://e/label> "<http://e/region> <x>" .\n'
    )
    picked = statements_with(data, ["http://e/region", "http://e/type> <http://e/Submission"])
    assert (
        picked
        == b"<http://e/a> <http://e/region> <http://e/o> .\n<http://e/c> <http://e/type> <http://e/Submission> .\n"
    )
