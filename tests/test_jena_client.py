"""Apache Jena as a real client of ``kotacerdas serve``: ``rsparql`` (ARQ's SPARQL 1.1 Protocol client) asks the
endpoint in each result format, and ``riot`` (Jena's strict RDF parsers, with their IRI checks) reads the dumps
and every RDF form of the linked data. A harvester or researcher on the Java stack gets the answers our own
clients get: the same rows, the same triples, no warning.

Jena is Debian's ``libapache-jena-java`` (4.5.0), found as ``benchmarks/jena_shacl.py`` finds it; the tests skip
without it (``.ci/run`` installs it where Debian's archive has it, as for the benchmark's Jena comparison).
Debian's Jena has no JSON provider for its JSON-LD 1.1 parser (any document fails with
``LOADING_DOCUMENT_FAILED``), so the JSON-LD is read by its JSON-LD 1.0 parser (``--syntax=jsonld10``): our
documents' context is a map of prefixes, the same in 1.0 and 1.1.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.core.namespaces import KC, region_iri

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import jena_shacl  # noqa: E402 - benchmarks/ is no package

pytestmark = [pytest.mark.java, pytest.mark.slow]

#: The linked data read in each RDF form (paths on the server), and the forms with Jena's syntax names.
RESOURCES = ("void", "catalog", "id/region/32.73")
FORMS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "rdfxml",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld10",
}


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that starts a Jena class: ``java -cp …`` (add the class and its arguments)."""
    if jena_shacl.installed() is None:  # .ci/run installs it where Debian's archive has it (best effort)
        pytest.skip("Apache Jena (Debian's libapache-jena-java) or java is not installed")
    return ["java", "-cp", jena_shacl.classpath(tmp_path_factory.mktemp("jena"))]


def _run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "WARN" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    return done.stdout


def _rsparql(jena: list[str], server, query: str, results: str, *, post: bool = False) -> str:
    options = ["--service", server.url + "sparql", f"--results={results}", *(["--post"] if post else [])]
    return _run([*jena, "arq.rsparql", *options, query])  # the query last: rsparql reads any other word as one


def _our_rows(server, query: str) -> list[dict[str, str]]:
    answer = httpx.get(server.url + "sparql", params={"query": query}, headers={"Accept": "application/json"})
    answer.raise_for_status()
    body = answer.json()
    names = body["head"]["vars"]
    return [{name: row[name]["value"] for name in names if name in row} for row in body["results"]["bindings"]]


def test_rsparql_select_reads_the_same_rows_in_csv_tsv_json_and_xml(jena, example_server):
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT ?initiative ?label WHERE {{ ?initiative a <{KC}Initiative> ; skos:prefLabel ?label . "
        'FILTER (LANG(?label) = "id") } ORDER BY ?initiative'
    )
    ours = _our_rows(example_server, query)
    assert len(ours) == 50
    from_csv = list(csv.DictReader(io.StringIO(_rsparql(jena, example_server, query, "csv"))))
    assert from_csv == ours
    from_json = json.loads(_rsparql(jena, example_server, query, "json", post=True))["results"]["bindings"]
    assert [{name: cell["value"] for name, cell in row.items()} for row in from_json] == ours
    assert all(row["label"]["xml:lang"] == "id" for row in from_json)
    xml = _rsparql(jena, example_server, query, "xml")
    assert xml.count("<result>") == 50 and 'xml:lang="id"' in xml
    tsv = _rsparql(jena, example_server, query, "tsv").splitlines()
    assert tsv[0] == "?initiative\t?label" and len(tsv) == 51


def test_rsparql_ask_construct_and_describe(jena, example_server):
    assert "Ask => Yes" in _rsparql(jena, example_server, f"ASK {{ <{region_iri('32.73')}> ?p ?o }}", "text")
    construct = f"CONSTRUCT {{ ?d ?p ?o }} WHERE {{ ?d a <{KC}Dimension> ; ?p ?o }}"
    from_jena = Graph().parse(data=_rsparql(jena, example_server, construct, "nt"), format="nt")
    ours = httpx.get(
        example_server.url + "sparql", params={"query": construct}, headers={"Accept": "application/n-triples"}
    )
    assert len(from_jena) > 6 * 5 and isomorphic(from_jena, Graph().parse(data=ours.text, format="nt"))
    described = _rsparql(jena, example_server, f"DESCRIBE <{region_iri('32.73')}>", "nt")
    assert f"<{region_iri('32.73')}>" in described


def test_a_federated_query_in_jena_reads_the_endpoint_by_service(jena, example_server, tmp_path):
    """A researcher's own query in Jena (``arq.sparql``, no data of its own) joining our endpoint by
    ``SERVICE``: the dimensions' English labels come back, as from our own endpoint."""
    query = tmp_path / "federated.rq"
    query.write_text(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?d ?label WHERE {{ VALUES ?d {{ <{KC}LIV> <{KC}MOB> }}\n"
        f'  SERVICE <{example_server.url}sparql> {{ ?d skos:prefLabel ?label FILTER (LANG(?label) = "en") }}\n'
        "} ORDER BY ?d",
        encoding="utf-8",
    )
    rows = list(csv.DictReader(io.StringIO(_run([*jena, "arq.sparql", "--results=csv", "--query", str(query)]))))
    assert rows == [{"d": f"{KC}LIV", "label": "Smart Living"}, {"d": f"{KC}MOB", "label": "Smart Mobility"}]


def test_riot_reads_the_dumps_strictly_and_finds_every_quad(jena, example_server, tmp_path):
    for name, syntax in (("kotacerdas.nq.gz", "nquads"), ("kotacerdas.ttl.gz", "turtle")):
        dump = tmp_path / name
        dump.write_bytes(httpx.get(example_server.url + "dumps/" + name, timeout=60).content)
        _run([*jena, "riotcmd.riot", "--validate", "--strict", f"--syntax={syntax}", str(dump)])
    quads = _run([*jena, "riotcmd.riot", "--syntax=nquads", "--output=nquads", str(tmp_path / "kotacerdas.nq.gz")])
    ours = Dataset().parse(data=gzip.decompress((tmp_path / "kotacerdas.nq.gz").read_bytes()), format="nquads")
    assert len(quads.splitlines()) == sum(1 for _ in ours.quads()) > 10_000


@pytest.mark.parametrize("media", FORMS)
def test_riot_reads_the_linked_data_in_each_form_as_the_same_triples(jena, example_server, tmp_path, media):
    """The VoID/DCAT-AP documents and a region's page, in one form, strictly parsed by Jena: the triples our
    N-Triples gives (rdflib reading it), for each document apart."""
    for number, path in enumerate(RESOURCES):
        url = example_server.url + path
        page = httpx.get(url, headers={"Accept": media}, timeout=30)
        assert page.status_code == 200 and page.headers["content-type"].startswith(media), (path, page.headers)
        document = tmp_path / f"{number}.{FORMS[media]}"
        document.write_bytes(page.content)
        command = [*jena, "riotcmd.riot", "--strict", f"--syntax={FORMS[media]}", "--base", url, "--output=nt"]
        from_jena = Graph().parse(data=_run([*command, str(document)]), format="nt")
        reference = httpx.get(url, headers={"Accept": "application/n-triples"}, timeout=30).text
        assert len(from_jena) > 10 and isomorphic(from_jena, Graph().parse(data=reference, format="nt")), path
