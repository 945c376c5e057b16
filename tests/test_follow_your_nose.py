"""Follow-your-nose against a real ``kotacerdas serve``: every IRI of the published graph (the dump, the
catalogue, VoID) that names a project resource (under ``https://w3id.org/kotacerdas/``) dereferences, with 200 or
a 303 to a 200; a client walks down from a region to its submissions and their programs and back up; the
ontology's version IRIs and the SSSOM mapping IRIs resolve; ``/framework/MOB-01`` answers RDF by ``Accept``
(issue 23)."""

from __future__ import annotations

import gzip

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from kg.core.namespaces import BASE, ONTOLOGY_IRI, region_iri, submission_iri
from serve_helpers import ServerProcess

KC_PROGRAM = URIRef(str(ONTOLOGY_IRI) + "#Program")


@pytest.fixture(scope="module")
def server(example_server) -> ServerProcess:
    return example_server  # tests/conftest.py: the examples loaded, served


def _turtle(server, path: str) -> Graph:
    answer = httpx.get(
        server.url + path.lstrip("/"), headers={"Accept": "text/turtle"}, timeout=60, follow_redirects=True
    )
    assert answer.status_code == 200, (path, answer.status_code)
    return Graph().parse(data=answer.text, format="turtle")


def _published_iris(server) -> set[str]:
    """The project IRIs in the terms of the dump, the catalogue and VoID (a subject, predicate, object or graph
    name: an IRI quoted inside a literal, such as an ontology term's example, is text, not a link)."""
    dump = httpx.get(server.url + "dumps/kotacerdas.nq.gz", timeout=120)
    assert dump.status_code == 200
    quads = list(ox.parse(gzip.decompress(dump.content), format=ox.RdfFormat.N_QUADS))
    for path in ("catalog", "void"):
        text = httpx.get(server.url + path, headers={"Accept": "application/n-triples"}, timeout=120).content
        quads.extend(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    terms = (term for quad in quads for term in (quad.subject, quad.predicate, quad.object, quad.graph_name))
    return {term.value for term in terms if isinstance(term, ox.NamedNode) and term.value.startswith(BASE)}


def _dereference(client: httpx.Client, server, iri: str, accept: str) -> tuple[int, list[int]]:
    """The final status of ``iri``'s document on the server and the statuses of the redirects before it."""
    answer = client.get(server.url + iri.split("#")[0][len(BASE) :], headers={"Accept": accept}, follow_redirects=True)
    return answer.status_code, [step.status_code for step in answer.history]


@pytest.mark.slow
def test_every_project_iri_of_the_published_graph_dereferences(server):
    iris = _published_iris(server)
    documents = sorted({iri.split("#")[0] for iri in iris})
    assert len(documents) > 300  # regions, submissions, programs, agencies, indicators, graphs, ontology, mappings
    kinds = {}
    failures = []
    with httpx.Client(timeout=60) as client:
        for document in documents:
            status, redirects = _dereference(client, server, document, "text/turtle")
            if status != 200 or any(code != 303 for code in redirects):
                failures.append((document, status, redirects))
            kinds.setdefault("/".join(document[len(BASE) :].split("/")[:2]), document)
        for document in kinds.values():  # a person too: one of each kind as a page
            status, redirects = _dereference(client, server, document, "text/html")
            if status != 200 or any(code != 303 for code in redirects):
                failures.append((document, "html", status, redirects))
    assert not failures, failures[:10]
    for expected in ("ontology/0.7.2", "ontology/0.7.1", "ontology/mappings/giffinger", "graph/meta", "graph/stats"):
        assert BASE + expected in documents


def test_a_client_walks_from_a_region_to_its_programs_and_back(server):
    region = URIRef(region_iri("32.73"))
    submissions = set(_turtle(server, "/id/region/32.73").subjects(DCTERMS.spatial, region))
    assert URIRef(submission_iri("32.73", 2025)) in submissions
    submission = URIRef(submission_iri("32.73", 2025))
    description = _turtle(server, submission[len(BASE) :])
    programs = set(description.subjects(DCTERMS.isPartOf, submission))
    assert programs and (submission, DCTERMS.spatial, region) in description
    program = sorted(programs)[0]
    back = _turtle(server, program[len(BASE) :])
    assert (program, RDF.type, KC_PROGRAM) in back and (program, DCTERMS.isPartOf, submission) in back


def test_version_iris_resolve_to_the_releases_and_chain_back(server):
    current = _turtle(server, "/ontology")
    ontology = URIRef(str(ONTOLOGY_IRI))
    version = current.value(ontology, OWL.versionIRI)
    prior = current.value(ontology, OWL.priorVersion)
    assert (ontology, OWL.versionIRI, version) in _turtle(server, version[len(BASE) :])
    seen = [version]
    while prior is not None:  # 0.7.2 → 0.7.1 → 0.7.0 → … → 0.1.0, each the file as released
        release = _turtle(server, prior[len(BASE) :])
        assert (ontology, OWL.versionIRI, prior) in release
        seen.append(prior)
        prior = release.value(ontology, OWL.priorVersion)
    assert len(seen) >= 9
    page = httpx.get(server.url + "ontology/0.2.0", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 303 and page.headers["location"].endswith("/ontology/0.2.0.ttl")


def test_mapping_iris_answer_the_mapping_and_a_person_the_mapping_set(server):
    graph = _turtle(server, "/ontology/mappings/giffinger")
    mapping = URIRef(BASE + "ontology/mappings/giffinger#SmartEconomy_closeMatch_ECO")
    assert (mapping, OWL.annotatedProperty, SKOS.closeMatch) in graph
    page = httpx.get(
        server.url + "ontology/mappings/giffinger", headers={"Accept": "text/html"}, timeout=30, follow_redirects=True
    )
    assert page.status_code == 200 and [step.status_code for step in page.history] == [303]


@pytest.mark.parametrize(
    "accept, parse_as", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")]
)
def test_a_framework_page_answers_rdf_by_accept(server, accept, parse_as):
    answer = httpx.get(server.url + "framework/MOB-01", headers={"Accept": accept}, timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept)
    assert "vary" in answer.headers and "accept" in answer.headers["vary"].lower()
    graph = Graph().parse(data=answer.text, format=parse_as)
    assert (URIRef(str(ONTOLOGY_IRI) + "#MOB-01"), SKOS.notation, None) in graph
    html = httpx.get(server.url + "framework/MOB-01", headers={"Accept": "text/html"}, timeout=30)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")


def test_template_code_iris_lead_to_their_concepts(server):
    answer = httpx.get(server.url + "id/code/status/berjalan", timeout=30)
    assert answer.status_code == 303 and answer.headers["location"].endswith("/ontology#Ongoing")
    assert httpx.get(server.url + "id/code/status/tidak-ada", timeout=30).status_code == 404
