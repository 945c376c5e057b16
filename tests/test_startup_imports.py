"""Start-up stays light (issue 12): ``import kg.cli`` pulls in none of the heavy libraries, and a canned query
on the embedded store, from the command line or from Python, needs no rdflib at all (the stores answer with
pyoxigraph terms). Each check runs in a fresh interpreter and reads its ``sys.modules``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rdflib", "pyshacl", "owlready2", "openpyxl", "httpx", "starlette", "jinja2", "uvicorn", "SPARQLWrapper")


def _modules_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; the heavy modules it imported, and what it printed last."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return {"heavy": json.loads(done.stderr.strip().splitlines()[-1]), "stdout": done.stdout}


def test_importing_the_command_line_pulls_no_heavy_library():
    assert _modules_after("import kg.cli")["heavy"] == []


def test_the_version_is_read_only_when_asked():
    found = _modules_after("import kg.cli, sys; print('importlib.metadata' in sys.modules)")
    assert found["stdout"].strip() == "False"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("startup") / "store"
    example = ROOT / "examples" / "contoh-kota-bandung.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from kg.cli import main; sys.argv[0] = 'kotacerdas'; main()",
            "load",
            str(example),
            "--store",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_a_canned_query_from_the_command_line_needs_no_rdflib(store):
    # the command's own process (the query runs in a forked child, which inherits its modules)
    code = (
        "import sys\nfrom kg.cli import main\n"
        f"sys.argv = ['kotacerdas', 'query', 'coverage', '--store', {str(store)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
    )
    found = _modules_after(code)
    assert found["heavy"] == []
    rows = json.loads(found["stdout"])
    assert {row["dimension"] for row in rows} == {"GOV", "LIV", "ENV", "SOC", "ECO", "MOB"}


def test_a_canned_query_from_python_needs_no_rdflib(store):
    code = (
        "from kg.store.embedded import EmbeddedStore\n"
        "from kg.queries.canned import run_query, to_json, to_csv, rich_table\n"
        f"store = EmbeddedStore({str(store)!r}, read_only=True)\n"
        "for name, params in (('coverage', {'region': '32.73'}), ('gaps', {'region': '32.73'}), ('initiatives', {})):\n"
        "    result = run_query(name, store, params)\n"
        "    to_json(result); to_csv(result); rich_table(result)\n"
        "print(len(result.terms))\n"
    )
    found = _modules_after(code)
    assert found["heavy"] == []
    assert found["stdout"].strip() == "50"


def test_validating_with_the_compiled_engine_never_imports_pyshacl():
    # pySHACL is the reference, imported only where it runs (``--engine pyshacl``, a shape the engine cannot
    # compile): the default engine's validations and loads do not pay for its import
    example = ROOT / "examples" / "contoh-kota-bandung.csv"
    code = (
        "import sys\nfrom kg.submissions.validation import validate_files\n"
        f"outcome = validate_files([{str(example)!r}])\n"
        "print(len(outcome.results), 'pyshacl' in sys.modules)\n"
    )
    found = _modules_after(code)
    assert found["stdout"].split()[-1] == "False"
