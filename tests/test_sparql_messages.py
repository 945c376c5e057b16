"""Issue 23, item 7: a SPARQL syntax error names what was found where (``SELEKT``, not the parser's "expected
CONSTRUCT"), on the line the author wrote it even when the project's prefixes were put in front; ``sparql``
tables show whole IRIs or prefixed names, never ``https://w3id.org/kotac…``."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from kg.core.errors import InputError
from kg.queries.canned import prefixed_name, rich_table, with_standard_prefixes
from kg.store.embedded import EmbeddedStore


@pytest.fixture()
def store(tmp_path: Path):
    opened = EmbeddedStore(tmp_path / "store")
    opened.store.update(
        "INSERT DATA { GRAPH <https://w3id.org/kotacerdas/graph/t> { "
        "<https://w3id.org/kotacerdas/id/program/32.73/2025/CONTOH-001> a <https://w3id.org/kotacerdas/ontology#Program> ;"
        " <https://w3id.org/kotacerdas/ontology#region> <https://w3id.org/kotacerdas/id/region/32.73> } }"
    )
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("query", "found", "line", "column"),
    [
        ("SELEKT ?s WHERE { ?s ?p ?o }", "'SELEKT'", 1, 1),
        ("PREFIX ex: <http://example.org/>\n  selekt * { ?s ?p ?o }", "'selekt'", 2, 3),
        ("SELECT ?s WHERE { ?s ?p ?o } LIMT 3", "akhir kueri / end of the query", 1, 36),
    ],
)
def test_a_syntax_error_names_what_was_found_and_where(store, query, found, line, column) -> None:
    for text in (query, with_standard_prefixes(query)):  # the line is the author's either way
        with pytest.raises(InputError) as failure:
            store.select(text)
        message = str(failure.value)
        assert f"ditemukan / found {found}" in message, message
        assert f"baris / line {line}, kolom / column {column}:" in message, message
        assert "\n" not in message


def test_the_sparql_command_says_selekt_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "sparql", "SELEKT ?s WHERE { ?s ?p ?o }", "--store", str(tmp_path / "store")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "'SELEKT'" in line and "SELECT, ASK, CONSTRUCT, DESCRIBE" in line


def test_sparql_tables_show_whole_iris_or_prefixed_names(store) -> None:
    result = store.select(
        "SELECT ?s ?type ?region WHERE { ?s a ?type ; <https://w3id.org/kotacerdas/ontology#region> ?region }"
    )
    out = io.StringIO()
    Console(file=out, width=80, highlight=False).print(rich_table(result))
    text = out.getvalue()
    assert "…" not in text and "kc:Program" in text
    folded = "".join(part.strip("│ ") for part in text.splitlines())
    assert "https://w3id.org/kotacerdas/id/program/32.73/2025/CONTOH-001" in folded.replace("│", "").replace(" ", "")
    assert prefixed_name("https://w3id.org/kotacerdas/ontology#Program") == "kc:Program"
    assert prefixed_name("https://w3id.org/kotacerdas/id/region/32.73") == "https://w3id.org/kotacerdas/id/region/32.73"
