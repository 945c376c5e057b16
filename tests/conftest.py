"""What the test modules share: the markers' fast run (``pytest --fast``) and the fixtures several modules build
the same way (a store of the shipped examples, a real ``kotacerdas serve`` over it).

Helpers stay importable as modules (``from serve_helpers import start_server``): pytest puts this folder on
``sys.path`` for the test modules, and for this file too.

Markers (registered in pyproject.toml, where ``--strict-markers`` refuses any other):

* ``slow``: a test that takes long (over ~5 s on two busy cores: many processes, big inputs, a whole pipeline);
* ``browser``: drives Chromium through Playwright;
* ``remote``: needs the SPARQL servers ``.ci/servers.sh`` starts;
* ``java``: needs a Java runtime (HermiT through owlready2, Apache Jena).

``pytest`` runs them all (CI does: ``.ci/run``); ``pytest --fast`` (the same as
``pytest -m "not slow and not browser and not remote and not java"``) leaves those four out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from serve_helpers import ServerProcess, example_files, kotacerdas, start_server

#: What ``--fast`` leaves out.
NOT_FAST = ("slow", "browser", "remote", "java")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        default=False,
        help="leave out the tests marked " + ", ".join(NOT_FAST) + " (the developer's run of a few minutes)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--fast"):
        return
    kept, left_out = [], []
    for item in items:
        (left_out if any(item.get_closest_marker(name) for name in NOT_FAST) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the shipped example submissions, loaded by the command line as a steward
    loads them (one per test module that asks)."""
    store = tmp_path_factory.mktemp("examples") / "store"
    loaded = kotacerdas("load", *map(str, example_files()), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    return store


@pytest.fixture(scope="module")
def example_server(example_store: Path) -> Iterator[ServerProcess]:
    """A real ``kotacerdas serve --quiet`` over :func:`example_store`, stopped (exit 0) after the module."""
    running = start_server(example_store.parent / "serve.log", "--store", str(example_store), "--quiet")
    running.store = example_store
    try:
        yield running
    finally:
        assert running.stop() == 0
