"""The generated references are current: docs/api.md (the public API's docstrings), docs/cli.md (the commands)
and docs/queries.md (the canned queries with real answers) are what their scripts write today."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("script", "page"),
    [("build_api_docs", "api.md"), ("build_cli_docs", "cli.md")],
)
def test_the_generated_reference_is_current(script, page):
    written = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert _script(script).render() == written, f"docs/{page} is stale: run python scripts/{script}.py"


def test_the_query_reference_is_current():
    written = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert _script("build_query_docs").render() == written, (
        "docs/queries.md is stale: run python scripts/build_query_docs.py"
    )


def test_readme_names_every_canned_query_and_counts_them():
    """README's list of canned queries and its counts are the queries shipped (budget-per-inhabitant was missing)."""
    import re

    from kg.queries.canned import canned_queries

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"^### Canned queries.*?\n\n(.*?) \((\d+) queries\)", readme, re.DOTALL | re.MULTILINE)
    assert listed, "README: the canned queries' list"
    names = sorted(canned_queries())
    assert sorted(re.findall(r"`([a-z-]+)`", listed.group(1))) == names
    assert int(listed.group(2)) == len(names)
    assert f"with the {len(names)}\ncanned queries" in readme and f"| {len(names)} canned SPARQL queries" in readme


def test_the_public_api_resolves_and_importing_kg_stays_light():
    code = (
        "import sys, kg\n"
        "heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'httpx', 'starlette') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "missing = [name for name in kg.__all__ if getattr(kg, name, None) is None]\n"
        "assert not missing, missing\n"
        "print(len(kg.__all__))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 10
