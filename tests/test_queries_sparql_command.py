"""`kotacerdas sparql` takes any query; the project's prefixes (kc:, rdfs:, skos: …) need no declaration."""

from __future__ import annotations

import json

from rdflib import Graph
from typer.testing import CliRunner

from kg.cli.app import app
from kg.core.resources import resource_path
from kg.queries.canned import with_standard_prefixes


def test_standard_prefixes_are_added_except_those_the_query_declares() -> None:
    query = "PREFIX kc: <http://example.org/other#> SELECT * WHERE { ?s kc:x ?o }"
    text = with_standard_prefixes(query)
    assert "PREFIX kc: <https://w3id.org/kotacerdas/ontology#>" not in text
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in text
    assert text.endswith(query)


def test_sparql_command_answers_select_ask_and_construct_with_prefixed_names(tmp_path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    example = resource_path("examples", "contoh-kota-bandung.csv")
    loaded = runner.invoke(app, ["load", str(example), "--store", store])
    assert loaded.exit_code == 0, loaded.output

    select = runner.invoke(
        app,
        [
            "sparql",
            "SELECT ?id WHERE { ?p a kc:Program ; kc:programId ?id } ORDER BY ?id",
            "--format",
            "json",
            "--store",
            store,
        ],
    )
    assert select.exit_code == 0, select.output
    ids = [row["id"] for row in json.loads(select.output)]
    assert ids and ids == sorted(ids) and all(i.startswith("CONTOH-") for i in ids)

    ask = runner.invoke(app, ["sparql", "ASK { kc:GOV-01 kc:dimension kc:GOV }", "--store", store])
    assert ask.exit_code == 0 and ask.output.strip() == "true"

    construct = runner.invoke(
        app, ["sparql", "CONSTRUCT WHERE { ?s kc:region ?r }", "--format", "jsonld", "--store", store]
    )
    assert construct.exit_code == 0, construct.output
    graph = Graph().parse(data=construct.output, format="json-ld")
    assert len(graph) > 0
