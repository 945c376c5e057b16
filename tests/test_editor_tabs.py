"""The query editor's tabs answer what their titles say: every canned tab of ``/sparql``, run through the endpoint
as it stands, gives the rows of ``kotacerdas query NAME`` without parameters; with its commented parameter lines
filled in (the ``#`` removed, as the page asks), the rows of ``kotacerdas query NAME --param …`` (issue 23)."""

from __future__ import annotations

import json
import re

import httpx
import pyoxigraph as ox
import pytest

from kg.queries.canned import canned_queries, python_value
from kg.web.query_editor import example_value
from pages_helpers import build_store
from serve_helpers import ServerProcess, kotacerdas, start_server

pytestmark = pytest.mark.slow

_COMMENTED_VALUES = re.compile(r"^(\s*)# (VALUES \?(\w+) \{ .*? \})", re.M)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> ServerProcess:
    folder = tmp_path_factory.mktemp("editor-tabs")
    store = build_store(folder)
    running = start_server(folder / "serve.log", "--store", str(store), "--quiet")
    running.store = store
    try:
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture(scope="module")
def tabs(server) -> dict[str, str]:
    page = httpx.get(server.url + "sparql", headers={"Accept": "text/html"}, timeout=30).text
    config = json.loads(re.search(r'id="editor-config">(.*?)</script>', page, re.S).group(1))
    return {tab["name"].split(":", 1)[0]: tab["query"] for tab in config["tabs"]}


def _endpoint_rows(server, query: str) -> list[dict]:
    """The endpoint's answer as ``kotacerdas query --format json`` writes rows (numbers as numbers)."""
    answer = httpx.post(
        server.url + "sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60
    )
    assert answer.status_code == 200, answer.text
    results = answer.json()
    rows = []
    for binding in results["results"]["bindings"]:
        row = {}
        for name in results["head"]["vars"]:
            term = binding.get(name)
            if term is None:
                row[name] = None
            elif term["type"] == "uri":
                row[name] = term["value"]
            else:
                datatype = term.get("datatype")
                row[name] = python_value(
                    ox.Literal(term["value"], datatype=ox.NamedNode(datatype))
                    if datatype
                    else ox.Literal(term["value"])
                )
        rows.append(row)
    return rows


def _cli_rows(server, name: str, **params: str) -> list[dict]:
    options = [item for key, value in params.items() for item in ("--param", f"{key}={value}")]
    done = kotacerdas("query", name, *options, "--format", "json", "--store", str(server.store))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_canned_query_has_a_tab_with_no_value_bound(tabs):
    assert set(tabs) >= set(canned_queries())
    for name, query in canned_queries().items():
        text = tabs[name]
        for parameter in query.parameters:  # no value bound on an uncommented line
            assert not re.search(rf"^\s*VALUES \?{parameter.name}\b", text, re.M), name
        # each parameter is a commented line to fill in, with its example
        shown = {match[3] for match in _COMMENTED_VALUES.finditer(text)}
        assert shown == {parameter.name for parameter in query.parameters}, name


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_a_tab_answers_as_the_command_line_does(server, tabs, name):
    query = canned_queries()[name]
    if not any(parameter.required for parameter in query.parameters):
        # as it stands: the CLI without parameters (the rows behind "the 50 initiatives", "28 uncovered" …)
        assert _endpoint_rows(server, tabs[name]) == _cli_rows(server, name)
    # filled in as the page says (the "#" removed): the CLI with the same values
    examples = {parameter.name: example_value(parameter) for parameter in query.parameters}
    filled = _COMMENTED_VALUES.sub(r"\1\2", tabs[name])
    if query.parameters:
        assert _endpoint_rows(server, filled) == _cli_rows(server, name, **examples)


def test_the_initiatives_tab_lists_fifty_and_uncovered_matches_the_served_csv(server, tabs):
    assert len(_endpoint_rows(server, tabs["initiatives"])) == 50
    served = httpx.get(server.url + "queries/uncovered-initiatives.json", timeout=30).json()
    assert _endpoint_rows(server, tabs["uncovered-initiatives"]) == served
