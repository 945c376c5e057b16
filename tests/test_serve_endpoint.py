"""``kotacerdas serve`` with real clients: SPARQLWrapper and curl for the SPARQL 1.1 Protocol, rdflib parsing
every RDF answer, content negotiation of the linked data, the VoID/DCAT graph validated by its SHACL shape.

One server process for the module, on a store holding the example submissions.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import shutil
import subprocess
import urllib.parse

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.core.namespaces import KC, region_iri, submission_iri
from serve_helpers import ServerProcess, start_server

CURL = shutil.which("curl")


@pytest.fixture(scope="module")
def server(example_store) -> ServerProcess:
    # tests/conftest.py: the examples loaded by `load`, this module's own copy
    running = start_server(
        example_store.parent / "serve.log", "--store", str(example_store), "--timeout", "5", "--result-cap", "2000"
    )
    running.store = example_store
    yield running
    assert running.stop() == 0


def _get(server: ServerProcess, path: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(server.url + path.lstrip("/"), params=params or None, headers=headers, timeout=30)


def _sparql(server: ServerProcess, query: str, fmt=JSON, method="GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


# ---- SPARQL 1.1 Protocol ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_reads_regions_by_get_and_post(server, method):
    client = _sparql(
        server, "SELECT ?code WHERE { ?r a kc:City ; kc:regionCode ?code } ORDER BY ?code LIMIT 3", method=method
    )
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [row["code"]["value"] for row in rows] == ["11.71", "11.72", "11.73"]


def test_select_answers_json_xml_csv_tsv_by_accept(server):
    query = "SELECT ?label WHERE { <https://w3id.org/kotacerdas/id/region/32.73> rdfs:label ?label }"
    xml = _sparql(server, query, XML).queryAndConvert()  # a DOM document
    assert "Kota Bandung" in xml.toxml()
    for fmt, parse in (
        (CSV, lambda text: list(csv.reader(io.StringIO(text)))[1][0]),
        (TSV, lambda text: text.splitlines()[1]),
    ):
        raw = _sparql(server, query, fmt).query().response.read().decode()
        assert "Kota Bandung" in parse(raw)
    answer = _sparql(server, query, JSON).queryAndConvert()
    assert answer["results"]["bindings"][0]["label"] == {"type": "literal", "value": "Kota Bandung", "xml:lang": "id"}


def test_ask_and_the_format_parameter(server):
    assert _sparql(server, "ASK { ?r kc:regionCode '32.73' }").queryAndConvert()["boolean"] is True
    response = _get(server, "/sparql", query="ASK { ?r kc:regionCode '99.99' }", format="xml")
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>false</boolean>" in response.text
    csv_answer = _get(server, "/sparql", query="SELECT ?x WHERE { BIND(1 AS ?x) }", format="csv")
    assert csv_answer.headers["content-type"].startswith("text/csv") and csv_answer.text.split() == ["x", "1"]


@pytest.mark.parametrize(
    "media, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_construct_answers_every_rdf_format_that_rdflib_reads(server, media, rdflib_format):
    query = "CONSTRUCT { ?r rdfs:label ?l } WHERE { ?r kc:regionCode '32.73' ; rdfs:label ?l }"
    response = httpx.post(server.url + "sparql", data={"query": query}, headers={"Accept": media}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph()
    if rdflib_format in ("trig", "nquads"):
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(data=response.content, format=rdflib_format)
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    else:
        graph.parse(data=response.content, format=rdflib_format)
    assert len(graph) == 1
    assert str(next(graph.objects(URIRef(region_iri("32.73")), None))) == "Kota Bandung"


def test_sparqlwrapper_describe_as_turtle(server):
    graph = _sparql(server, "DESCRIBE <https://w3id.org/kotacerdas/id/region/32.73>", TURTLE).queryAndConvert()
    parsed = Graph().parse(data=graph, format="turtle")
    assert (URIRef(region_iri("32.73")), RDF.type, KC.City) in parsed


def test_default_and_named_graph_parameters_choose_the_dataset(server):
    bandung = submission_iri("32.73", 2025)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kc:Program }"
    union = _get(server, "/sparql", "application/sparql-results+json", query=query).json()
    only = httpx.get(
        server.url + "sparql",
        params={"query": query, "default-graph-uri": bandung},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()
    count = lambda answer: int(answer["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert count(only) < count(union)
    named = httpx.post(
        server.url + "sparql",
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": bandung},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()
    assert [row["g"]["value"] for row in named["results"]["bindings"]] == [bandung]


def test_post_of_the_query_itself(server):
    response = httpx.post(
        server.url + "sparql",
        content="SELECT * WHERE { BIND('ok' AS ?x) }",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
        timeout=30,
    )
    assert response.status_code == 200 and response.text.splitlines() == ["?x", '"ok"']


def test_a_post_that_offers_http2_is_answered_as_http11_on_the_same_connection(server):
    """Java's HttpClient (Apache Jena's rsparql, any JDK 11+ client) offers a cleartext HTTP/2 upgrade with every
    request to an http:// URL. The server ignores the offer (RFC 9110 §7.8) and reads the body: the query sent
    by POST, as a form and as the query itself, is answered, then the next request on the connection too."""
    url = urllib.parse.urlsplit(server.url)
    offer = {"Connection": "Upgrade, HTTP2-Settings", "Upgrade": "h2c", "HTTP2-Settings": "AAEAAEAAAAIAAAAAAAMAAAAA"}
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        for body, media in (
            ("SELECT * WHERE { BIND('ok' AS ?x) }", "application/sparql-query;charset=utf-8"),
            (
                urllib.parse.urlencode({"query": "SELECT * WHERE { BIND('ok' AS ?x) }"}),
                "application/x-www-form-urlencoded",
            ),
        ):
            headers = {**offer, "Content-Type": media, "Accept": "text/tab-separated-values"}
            connection.request("POST", url.path + "sparql", body=body.encode(), headers=headers)
            answer = connection.getresponse()
            assert (answer.status, answer.read().decode().splitlines()) == (200, ["?x", '"ok"'])
        connection.request("GET", url.path + "sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        answer = connection.getresponse()
        assert answer.status == 200 and json.loads(answer.read())["boolean"] is True
    finally:
        connection.close()


def test_a_malformed_query_is_400_with_the_parsers_message(server):
    with pytest.raises(QueryBadFormed) as failure:
        _sparql(server, "SELECT ?x WHERE { ?x ?y }").queryAndConvert()
    assert "invalid SPARQL query" in str(failure.value)
    response = _get(server, "/sparql", query="SELEKT ?x")
    assert response.status_code == 400 and "invalid SPARQL query" in response.text
    # issue 23: what was found, not the parser's "expected CONSTRUCT"
    assert "'SELEKT'" in response.text and "line 1, kolom / column 1" in response.text
    assert "expected CONSTRUCT" not in response.text


def test_project_prefixes_need_no_declaration_but_a_declared_one_wins(server):
    mine = 'PREFIX kc: <http://example.org/other#> ASK { ?r kc:regionCode "32.73" }'
    assert _sparql(server, mine).queryAndConvert()["boolean"] is False
    assert _sparql(server, 'ASK { ?r kc:regionCode "32.73" }').queryAndConvert()["boolean"] is True


def test_service_description_without_a_query(server):
    response = _get(server, "/sparql", "text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(server.url + "sparql")
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph
    formats = set(graph.objects(service, URIRef(sd + "resultFormat")))
    assert {URIRef("http://www.w3.org/ns/formats/" + name) for name in ("Turtle", "N3", "RDF_XML")} <= formats
    names = set(graph.objects(None, URIRef(sd + "name")))
    assert URIRef(submission_iri("32.73", 2025)) in names


def test_query_editor_for_a_browser_is_offline_with_the_canned_queries(server):
    page = _get(server, "/sparql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/vendor/yasgui/yasgui.min.js" in page.text
    assert "http://" not in page.text.split("<body>")[0].replace("http://www.w3.org", "")  # no CDN in the head
    config = json.loads(page.text.split('id="editor-config">')[1].split("</script>")[0])
    from kg.queries.canned import canned_queries

    assert len(config["tabs"]) == len(canned_queries()) >= 16  # every canned query has its tab
    coverage = next(tab for tab in config["tabs"] if tab["name"].startswith("coverage:"))
    # no example bound: the parameters are commented lines to fill in (tests/test_editor_tabs.py runs them)
    assert "  # VALUES ?region { <https://w3id.org/kotacerdas/id/region/32.73> }" in coverage["query"]
    for tab in config["tabs"]:  # every tab runs as it stands
        answer = httpx.post(
            server.url + "sparql",
            data={"query": tab["query"]},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert answer.status_code == 200, (tab["name"], answer.text)
    script = _get(server, "/static/vendor/yasgui/yasgui.min.js")
    assert script.status_code == 200 and len(script.content) > 500_000


@pytest.mark.skipif(CURL is None, reason="curl not installed")
def test_curl_gets_results_and_cors_headers(server):
    query = urllib.parse.quote("SELECT ?c WHERE { ?r kc:regionCode ?c } LIMIT 1")
    done = subprocess.run(
        [
            CURL,
            "-sS",
            "-i",
            "-H",
            "Accept: application/sparql-results+json",
            "-H",
            "Origin: https://example.org",
            f"{server.url}sparql?query={query}",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    head, _, body = done.stdout.replace("\r\n", "\n").partition("\n\n")
    assert " 200 " in head.splitlines()[0]
    assert "access-control-allow-origin: *" in head.lower()
    assert json.loads(body)["head"]["vars"] == ["c"]
    preflight = subprocess.run(
        [
            CURL,
            "-sS",
            "-i",
            "-X",
            "OPTIONS",
            "-H",
            "Origin: https://example.org",
            "-H",
            "Access-Control-Request-Method: POST",
            "-H",
            "Access-Control-Request-Headers: content-type",
            f"{server.url}sparql",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert " 200 " in preflight.stdout.splitlines()[0]
    assert "authorization" not in preflight.stdout.lower().split("access-control-allow-headers:")[1].splitlines()[0]


# ---- bounds and refusals -----------------------------------------------------------------------------------------


def test_result_cap_is_an_error_never_a_cut_answer(server):
    response = _get(server, "/sparql", query="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert response.status_code == 422
    assert "2000" in response.text and "LIMIT" in response.text
    assert _get(server, "/sparql", query="SELECT ?s WHERE { ?s ?p ?o } LIMIT 2000").status_code == 200


def test_updates_load_and_service_are_refused(server):
    update = httpx.post(server.url + "sparql", data={"update": "DROP ALL"}, timeout=30)
    assert update.status_code == 403 and "not allowed" in update.text
    raw = httpx.post(
        server.url + "sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}, timeout=30
    )
    assert raw.status_code == 403
    service = _get(server, "/sparql", query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert service.status_code == 403 and "SERVICE" in service.text
    assert _sparql(server, 'ASK { ?r kc:regionCode "32.73" }').queryAndConvert()["boolean"] is True


def test_local_write_routes_need_the_runs_token(server):
    answer = httpx.post(server.url + "_local/update", content=b"DROP ALL", timeout=30)
    assert answer.status_code == 403
    wrong = httpx.post(
        server.url + "_local/update", content=b"DROP ALL", headers={"X-Kotacerdas-Token": "x" * 43}, timeout=30
    )
    assert wrong.status_code == 403
    token = json.loads((server.store / "kotacerdas-serve.json").read_text())["token"]
    relayed = httpx.post(
        server.url + "_local/update",
        content=b"DROP ALL",
        timeout=30,
        headers={"X-Kotacerdas-Token": token, "X-Forwarded-For": "203.0.113.9"},
    )
    assert relayed.status_code == 403, "a request a proxy (or a front process) relays is never local"
    assert httpx.post(server.url + "_local/ping", headers={"X-Kotacerdas-Token": token}, timeout=30).status_code == 200
    assert _sparql(server, 'ASK { ?r kc:regionCode "32.73" }').queryAndConvert()["boolean"] is True


def test_a_body_over_the_limit_is_refused_before_it_is_read(server):
    response = httpx.post(
        server.url + "sparql",
        content=b"#" * 1_100_000,
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 413


# ---- linked data -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, accept, media, rdflib_format",
    [
        ("/id/region/32.73", "text/turtle", "text/turtle", "turtle"),
        ("/id/region/32.73", "application/n-triples", "application/n-triples", "nt"),
        ("/id/region/32.73", "application/ld+json", "application/ld+json", "json-ld"),
        ("/id/region/32.73", "application/rdf+xml", "application/rdf+xml", "xml"),
        ("/id/region/32.73.ttl", "text/html", "text/turtle", "turtle"),
        ("/id/region/32.73.nt", None, "application/n-triples", "nt"),
        ("/id/region/32.73.jsonld", None, "application/ld+json", "json-ld"),
        ("/id/region/32.73.rdf", None, "application/rdf+xml", "xml"),
    ],
)
def test_region_iri_dereferences_in_every_rdf_format(server, path, accept, media, rdflib_format):
    response = _get(server, path, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.content, format=rdflib_format)
    region = URIRef(region_iri("32.73"))
    assert (region, RDF.type, KC.City) in graph
    province = next(graph.objects(region, KC.province))
    assert str(next(graph.objects(province, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))) == "Jawa Barat"


def _graph(response: httpx.Response, rdflib_format: str = "turtle") -> Graph:
    return Graph().parse(data=response.content, format=rdflib_format)


@pytest.mark.parametrize("accept", ["text/n3", "text/rdf+n3", "text/n3, text/turtle;q=0.9, */*;q=0.1"])
def test_an_older_tool_asking_for_n3_gets_the_turtle_labelled_n3(server, accept):
    from rdflib.compare import isomorphic

    turtle = _get(server, "/id/region/32.73", "text/turtle")
    page = _get(server, "/id/region/32.73", accept)
    assert page.status_code == 200 and page.headers["content-type"] == "text/n3; charset=utf-8"
    assert "Accept" in page.headers["vary"] and page.headers["content-location"] == "/id/region/32.73.n3"
    assert page.content == turtle.content and isomorphic(_graph(page), _graph(turtle))
    assert isomorphic(_graph(page, "n3"), _graph(turtle))  # what an N3 reader makes of it
    assert _get(server, "/id/region/32.73.n3").headers["content-type"] == "text/n3; charset=utf-8"
    ontology = _get(server, "/ontology", accept)  # the edited file itself, as for Turtle
    assert ontology.headers["content-type"] == "text/n3; charset=utf-8"
    assert ontology.content == _get(server, "/ontology", "text/turtle").content
    query = (
        "CONSTRUCT { ?r rdfs:label ?l ; kc:province ?p } "
        "WHERE { ?r kc:regionCode '32.73' ; rdfs:label ?l ; kc:province ?p }"
    )
    answers = {
        media: httpx.post(server.url + "sparql", data={"query": query}, headers={"Accept": media}, timeout=30)
        for media in (accept, "text/turtle")
    }
    assert answers[accept].status_code == 200 and answers[accept].headers["content-type"] == "text/n3; charset=utf-8"
    assert answers["text/turtle"].headers["content-type"] == "text/turtle; charset=utf-8"
    graph = _graph(answers[accept])
    assert len(graph) == 2 and isomorphic(graph, _graph(answers["text/turtle"]))


def test_turtle_stays_the_answer_to_turtle_and_to_any_text(server):
    for accept in ("text/turtle", "text/turtle, text/n3", "text/*", "text/n3;q=0.5, text/turtle"):
        answer = _get(server, "/id/region/32.73", accept)
        expected = "text/html" if accept == "text/*" else "text/turtle"  # a page is text too
        assert answer.headers["content-type"].split(";")[0] == expected, accept
    page = _get(server, "/id/region/32.73", "text/html")
    assert 'href="/id/region/32.73.ttl"' in page.text and ".n3" not in page.text  # one link to the document


def test_jsonld_has_the_projects_prefixes_as_context(server):
    document = _get(server, "/id/region/32.73", "application/ld+json").json()
    assert document["@context"]["kc"] == str(KC)
    assert document["@context"]["kcid"] == "https://w3id.org/kotacerdas/id/"
    assert "kc:regionCode" in json.dumps(document)


def test_format_parameter_and_html_page(server):
    assert _get(server, "/id/region/32.73", format="ttl").headers["content-type"].startswith("text/turtle")
    page = _get(server, "/id/region/32.73", "text/html")
    assert page.headers["content-type"].startswith("text/html")
    assert "Kota Bandung" in page.text and 'href="/id/region/32"' in page.text
    english = _get(server, "/id/region/32.73", "text/html", lang="en")
    assert '<html lang="en">' in english.text and "Types" in english.text


def test_program_and_submission_iris_dereference(server):
    program = _get(server, "/id/program/32.73/2025/CONTOH-101", "text/turtle")
    if program.status_code == 404:  # the example's ids are whatever the file says: find one
        row = _sparql(
            server,
            "SELECT ?p WHERE { ?p a kc:Program ; kc:region <https://w3id.org/kotacerdas/id/region/32.73> } LIMIT 1",
        ).queryAndConvert()
        iri = row["results"]["bindings"][0]["p"]["value"]
        program = _get(server, iri.removeprefix("https://w3id.org/kotacerdas"), "text/turtle")
    graph = Graph().parse(data=program.text, format="turtle")
    assert any(graph.triples((None, RDF.type, KC.Program)))
    submission = _get(server, "/id/submission/32.73/2025", "text/turtle")
    graph = Graph().parse(data=submission.text, format="turtle")
    assert (URIRef(submission_iri("32.73", 2025)), RDF.type, KC.Submission) in graph


def test_unknown_iri_is_404_in_html_and_text(server):
    assert _get(server, "/id/region/99.99", "text/turtle").status_code == 404
    page = _get(server, "/id/region/99.99", "text/html")
    assert page.status_code == 404 and "Tidak ditemukan" in page.text
    assert "Accept" in page.headers["vary"]  # its form follows Accept: a cache keeps the two apart


def test_no_acceptable_form_is_406_that_varies_on_accept(server):
    for accept in ("image/png", "text/turtle;q=0", "text/x-unknown-rdf"):
        refused = _get(server, "/id/region/32.73", accept)
        assert refused.status_code == 406 and "text/turtle" in refused.text, accept
        assert "Accept" in refused.headers["vary"]
    assert _get(server, "/id/region/32.73", "image/png, text/turtle;q=0.1").status_code == 200


def test_etag_and_conditional_requests_give_304(server):
    first = _get(server, "/id/region/32.73", "text/turtle")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = httpx.get(
        server.url + "id/region/32.73", headers={"Accept": "text/turtle", "If-None-Match": etag}, timeout=30
    )
    assert again.status_code == 304 and not again.content
    since = httpx.get(
        server.url + "id/region/32.73", headers={"Accept": "text/turtle", "If-Modified-Since": modified}, timeout=30
    )
    assert since.status_code == 304
    other = _get(server, "/id/region/32.73", "application/n-triples")
    assert other.headers["etag"] != etag


def test_ontology_document_and_term_anchor(server):
    for path, rdflib_format in (("/ontology.ttl", "turtle"), ("/ontology.jsonld", "json-ld"), ("/ontology.owl", "xml")):
        response = _get(server, path)
        assert response.status_code == 200, path
        graph = Graph().parse(data=response.content, format=rdflib_format)
        assert (URIRef("https://w3id.org/kotacerdas/ontology"), RDF.type, OWL.Ontology) in graph
    page = _get(server, "/ontology", "text/html")
    assert 'id="GOV-01"' in page.text
    assert _get(server, "/ontology/kominfo", "text/turtle").status_code == 200


def test_shapes_are_served(server):
    graph = Graph().parse(data=_get(server, "/shapes", "text/turtle").text, format="turtle")
    assert len(graph) > 100
    assert _get(server, "/shapes/void-dcat.ttl").status_code == 200


def test_home_page_is_bilingual_and_escaped(server):
    page = _get(server, "/")
    assert '<html lang="id">' in page.text and "552" in page.text
    assert 'href="/?lang=en"' in page.text or "lang=en" in page.text
    assert '<html lang="en">' in _get(server, "/", lang="en").text


# ---- VoID, DCAT, dumps -----------------------------------------------------------------------------------------


def _validate(graph: Graph):
    from kg.core.resources import shapes_file
    from kg.shacl import ShaclEngine

    shapes = Graph().parse(shapes_file("void-dcat.ttl"), format="turtle")
    return ShaclEngine(shapes).validate(graph)


def test_void_and_dcat_conform_to_their_shape(server):
    void = Graph().parse(data=_get(server, "/.well-known/void", "text/turtle").text, format="turtle")
    catalog = Graph().parse(data=_get(server, "/catalog", "text/turtle").text, format="turtle")
    assert _get(server, "/void", "text/turtle").text
    report = _validate(void + catalog)
    assert report.conforms, [
        (str(r.focus), str(r.path), str(r.source_shape), [str(m) for m in r.messages]) for r in report.results
    ][:5]
    dcat = URIRef("http://www.w3.org/ns/dcat#")
    datasets = set(catalog.objects(None, URIRef(str(dcat) + "dataset")))
    assert (
        URIRef(submission_iri("32.73", 2025)) in datasets
        and URIRef("https://w3id.org/kotacerdas/graph/regions") in datasets
    )
    # the shape does catch a dataset without a licence
    broken = catalog + void
    broken.remove((URIRef(submission_iri("32.73", 2025)), URIRef("http://purl.org/dc/terms/license"), None))
    assert not _validate(broken).conforms


def test_catalog_distribution_downloads_the_submission(server):
    catalog = Graph().parse(data=_get(server, "/catalog", "text/turtle").text, format="turtle")
    download = URIRef("http://www.w3.org/ns/dcat#downloadURL")
    url = str(next(catalog.objects(URIRef(submission_iri("32.73", 2025) + "#turtle"), download)))
    assert url.startswith(server.url)
    graph = Graph().parse(data=httpx.get(url, timeout=30).text, format="turtle")
    assert any(graph.triples((None, RDF.type, KC.Program)))


@pytest.mark.slow
def test_dumps_are_listed_with_checksums_and_match(server):
    import gzip
    import hashlib

    index = _get(server, "/dumps/")
    assert "kotacerdas.nq.gz" in index.text
    body = _get(server, "/dumps/kotacerdas.nq.gz").content
    checksum = _get(server, "/dumps/kotacerdas.nq.gz.sha256").text.split()[0]
    assert hashlib.sha256(body).hexdigest() == checksum
    from rdflib import Dataset

    dataset = Dataset().parse(data=gzip.decompress(body), format="nquads")
    assert URIRef(submission_iri("32.73", 2025)) in {graph.identifier for graph in dataset.graphs()}
    turtle = Graph().parse(data=gzip.decompress(_get(server, "/dumps/kotacerdas.ttl.gz").content), format="turtle")
    assert (URIRef(region_iri("32.73")), RDF.type, KC.City) in turtle


@pytest.mark.slow
def test_an_endless_query_ends_in_503_and_the_server_still_stops_cleanly(tmp_path):
    import time

    running = start_server(
        tmp_path / "serve.log", "--store", str(tmp_path / "store"), "--timeout", "2", "--workers", "2", "--quiet"
    )
    try:
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        started = time.monotonic()
        response = httpx.get(running.url + "sparql", params={"query": endless}, timeout=60)
        assert response.status_code == 503
        assert "time limit of 2 s" in response.text
        assert time.monotonic() - started < 6
        # the other query thread still answers
        ok = httpx.get(running.url + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert ok.status_code == 200
    finally:
        started = time.monotonic()
        code = running.stop()
    assert code == 0 and time.monotonic() - started < 10
