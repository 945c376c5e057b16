"""``kotacerdas serve --endpoint URL``: the same face in front of a real SPARQL server (the oxigraph server CI
starts), read-only: queries forwarded with the same bounds, descriptions read over SPARQL."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.core.namespaces import KC, region_iri
from remote_servers import require
from serve_helpers import start_server

pytestmark = pytest.mark.remote


@pytest.fixture(scope="module")
def fronted(tmp_path_factory):
    server = require("oxigraph")
    store = server.store("gsp")
    store.ensure_reference_data()
    store.close()
    running = start_server(
        tmp_path_factory.mktemp("front") / "serve.log", "--endpoint", server.query, "--quiet", "--result-cap", "100"
    )
    yield running
    assert running.stop() == 0


def test_queries_are_forwarded_and_answered_in_every_format(fronted):
    answer = httpx.get(
        fronted.url + "sparql",
        params={"query": 'ASK { ?r kc:regionCode "32.73" }'},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert answer.json()["boolean"] is True
    tsv = httpx.get(
        fronted.url + "sparql",
        params={"query": 'SELECT ?l WHERE { ?r kc:regionCode "32.73" ; rdfs:label ?l }', "format": "tsv"},
        timeout=30,
    )
    assert tsv.text.splitlines() == ["?l", '"Kota Bandung"@id']
    capped = httpx.get(fronted.url + "sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert capped.status_code == 422
    bad = httpx.get(fronted.url + "sparql", params={"query": "SELECT ?x WHERE {"}, timeout=30)
    assert bad.status_code == 400


def test_iris_dereference_through_sparql(fronted):
    response = httpx.get(fronted.url + "id/region/32.73", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(region_iri("32.73")), RDF.type, KC.City) in graph
    assert httpx.get(fronted.url + "id/region/99.99", headers={"Accept": "text/turtle"}, timeout=30).status_code == 404


def test_a_fronted_server_takes_no_writes(fronted):
    assert httpx.post(fronted.url + "sparql", data={"update": "CLEAR ALL"}, timeout=30).status_code == 403
    assert httpx.post(fronted.url + "_local/update", content=b"CLEAR ALL", timeout=30).status_code == 403
