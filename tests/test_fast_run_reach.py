"""The fast run (``pytest --fast``) still reaches every module of ``src/kg``: each is loaded by the test process
or by a Python process a fast test started (the CLI, a server, a query worker), as
``module_record/sitecustomize.py`` notes them. Run last (``conftest.py``); in any other run than the whole fast
one it has nothing to judge and says so."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kg

PACKAGE = Path(kg.__file__).resolve().parent


def _modules() -> set[str]:
    """Every module of the package, by its dotted name (a package by its own name)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = ("kg", *path.relative_to(PACKAGE).with_suffix("").parts)
        found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_the_fast_run_reaches_every_module(module_records: Path | None) -> None:
    if module_records is None:
        pytest.skip("judges the whole fast run only: `pytest --fast` (no -k, -m, file or --deselect)")
    loaded = {name for name in sys.modules if name == "kg" or name.startswith("kg.")}
    modules = _modules()
    for record in module_records.glob("*.txt"):
        for line in record.read_text(encoding="utf-8").splitlines():
            name = line.removeprefix("-m ")  # run as the main module: a package runs its __main__
            loaded.add(f"{name}.__main__" if line.startswith("-m ") and f"{name}.__main__" in modules else name)
    missing = sorted(modules - loaded)
    assert not missing, (
        f"{len(missing)} module(s) of src/kg no fast test reaches (give each a fast test, or keep one of its "
        f"tests out of the slow/browser/remote/java marks): {', '.join(missing)}"
    )
