"""One road for a query (issue 25): ``kotacerdas sparql`` and a ``/sparql`` request meet in the same store
functions, the guard :func:`kg.store.guard.check_query` and the embedded store's ``_query`` (the dataset chosen
by :func:`kg.store.sparql_text.dataset_options`), and the web layer never reaches past the store's interface.

Both roads are run for real: the command through its typer app (its query runs in a forked child, which
inherits the recording wrappers and appends to a file), the endpoint's road through the very function its
worker processes run (:func:`kg.store.query_workers._evaluate`) on the same store.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.store.guard
from kg.store.embedded import EmbeddedStore
from serve_helpers import example_files, kotacerdas_in_process

QUERY = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/kotacerdas/graph/regions> WHERE { ?s ?p ?o }"
SOURCE = Path(kg.store.guard.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("road")
    assert kotacerdas_in_process("load", str(example_files()[0]), "--store", str(folder / "store")).returncode == 0
    return folder / "store"


def _recording(monkeypatch, journal: Path) -> None:
    """Wrap the guard and the store's query function so that every call appends a line to ``journal``."""
    real_check = kg.store.guard.check_query
    real_query = EmbeddedStore._query

    def check_query(query, **options):
        with journal.open("a") as handle:
            handle.write(f"check_query {len(query)}\n")
        return real_check(query, **options)

    def _query(self, query, bindings, *args, **options):
        with journal.open("a") as handle:
            handle.write(f"_query {'FROM <https://w3id.org/kotacerdas/graph/regions>' in query}\n")
        return real_query(self, query, bindings, *args, **options)

    monkeypatch.setattr(kg.store.guard, "check_query", check_query)
    monkeypatch.setattr(EmbeddedStore, "_query", _query)


def test_the_command_and_the_endpoint_meet_in_the_same_store_functions(store, tmp_path, monkeypatch):
    from kg.cli import app
    from kg.core.namespaces import PREFIXES
    from kg.store.query_workers import QueryJob, _evaluate

    cli_journal, web_journal = tmp_path / "cli.log", tmp_path / "web.log"
    _recording(monkeypatch, cli_journal)
    outcome = CliRunner().invoke(app, ["sparql", QUERY, "--store", str(store), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    cli_count = outcome.output

    _recording(monkeypatch, web_journal)
    opened = EmbeddedStore(store, reference=False, read_only=True)
    try:
        answer = _evaluate(opened, QueryJob(QUERY, 30.0, 1000, 1_000_000, prefixes=dict(PREFIXES)))
    finally:
        opened.close()

    for journal in (cli_journal, web_journal):
        lines = journal.read_text().splitlines()
        assert any(line.startswith("check_query") for line in lines), journal.name
        assert "_query True" in lines, journal.name  # the query's own FROM reached the store's one function
    web_count = answer.rows[0][0].value
    assert f'"{web_count}"' in cli_count or f": {web_count}" in cli_count or web_count in cli_count


def _attribute_chains(tree: ast.AST) -> list[str]:
    chains = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts, current = [node.attr], node.value
            while isinstance(current, ast.Attribute):
                parts.append(current.attr)
                current = current.value
            chains.append(".".join(reversed(parts)))
    return chains


def test_the_web_layer_never_reaches_past_the_store_interface():
    """No module of kg/web calls pyoxigraph's own store (``….store.store``) or checks query text itself."""
    offenders = []
    for path in sorted((SOURCE / "web").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        chains = _attribute_chains(tree)
        if any(chain.endswith("store.store") or ".store.store." in chain for chain in chains):
            offenders.append(f"{path.name}: reaches the raw pyoxigraph store")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("refuse_service", "uses_service"):
                offenders.append(f"{path.name}: a SERVICE check of its own ({node.name})")
    assert offenders == []
