"""What the test modules share: the markers' fast run (``pytest --fast``) and the fixtures several modules build
the same way (a store of the shipped examples, a real ``kotacerdas serve`` over it).

Helpers stay importable as modules (``from serve_helpers import start_server``, ``from waiting import
wait_until``): pytest puts this folder on ``sys.path`` for the test modules, and for this file too. A test waits
for a condition with :func:`waiting.wait_until`, never with ``time.sleep``.

In a ``pytest --fast`` run, every Python process the tests start notes the ``kg`` modules it loads
(``module_record/sitecustomize.py``, put on ``PYTHONPATH`` here); after a whole fast run,
``test_fast_run_reach.py`` (run last) checks that it reached every module of ``src/kg``, in this process or in one
it started. Other runs (CI's full run among them) note nothing.

``pytest --fast -n 2`` runs the fast tests in two worker processes (pytest-xdist, in the ``test`` extra): the
workers note their modules in the same folder, and the worker that gets the reach check waits until the other
has finished (:func:`module_records`). A test looks for leftovers only in its own folders (a server's own
``TMPDIR``), never in the shared ``/tmp``, where the other worker's files come and go.

Markers (registered in pyproject.toml, where ``--strict-markers`` refuses any other):

* ``slow``: a test that takes long (over ~5 s on two busy cores: many processes, big inputs, a whole pipeline);
* ``browser``: drives Chromium through Playwright;
* ``remote``: needs the SPARQL servers ``.ci/servers.sh`` starts;
* ``java``: needs a Java runtime (HermiT through owlready2, Apache Jena).

``pytest`` runs them all (CI does: ``.ci/run``); ``pytest --fast`` (the same as
``pytest -m "not slow and not browser and not remote and not java"``) leaves those four out.

``pytest -n 2`` (CI's run too) shares the tests out to two workers. The ``remote`` tests share the servers'
stores (a test clears a graph another may be reading), so they all go to one worker: each is given the
``xdist_group`` mark :data:`SERVERS_GROUP`, which ``--dist loadgroup`` (pyproject.toml's ``addopts``) keeps
together. pytest-xdist 3.8 does that by renaming the test (``…@kotacerdas-servers``); pytest 9.2 ignores the
new name (pytest-dev/pytest-xdist#1386), hence ``pytest<9.2`` in the ``test`` extra, and
:func:`pytest_runtest_setup` fails a remote test that was not renamed before it touches a store, rather than
letting the two workers clear each other's graphs.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve_helpers import ServerProcess, copy_store, example_files, kotacerdas, start_server
from waiting import wait_until

#: What ``--fast`` leaves out.
NOT_FAST = ("slow", "browser", "remote", "java")
HERE = Path(__file__).resolve().parent
#: The test that checks what the fast run reached: it runs last.
REACH_TEST = "test_fast_run_reach.py"
#: The ``xdist_group`` of the tests that need the SPARQL servers: one worker runs them all.
SERVERS_GROUP = "kotacerdas-servers"
#: ``config.stash`` keys: where the started processes note their modules; whether this is a whole fast run.
MODULES_FOLDER = pytest.StashKey[Path]()
WHOLE_FAST_RUN = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        default=False,
        help="leave out the tests marked " + ", ".join(NOT_FAST) + " (the developer's run of a few minutes)",
    )


def xdist_worker(config: pytest.Config) -> dict | None:
    """What pytest-xdist gave this process when it is one of the workers of ``pytest -n N``; else None."""
    return getattr(config, "workerinput", None)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--fast"):
        return  # only a fast run is judged on what it reaches: other runs note nothing
    if xdist_worker(config) is not None:  # started by the controller after it set the folder and PYTHONPATH
        config.stash[MODULES_FOLDER] = Path(os.environ["KOTACERDAS_TEST_MODULES"])
        return
    folder = Path(tempfile.mkdtemp(prefix="kotacerdas-test-modules-"))
    config.stash[MODULES_FOLDER] = folder
    os.environ["KOTACERDAS_TEST_MODULES"] = str(folder)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(HERE / "module_record"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker of ``pytest -n N`` notes its own ``kg`` modules and that it is done, for the reach check (which
    another worker may be running: it waits for every other worker's ``done-ID`` file)."""
    worker, folder = xdist_worker(session.config), session.config.stash.get(MODULES_FOLDER, None)
    if worker is None or folder is None:
        return
    loaded = sorted(name for name in sys.modules if name == "kg" or name.startswith("kg."))
    (folder / f"{os.getpid()}-worker.txt").write_text("".join(f"{name}\n" for name in loaded), encoding="utf-8")
    (folder / f"done-{worker['workerid']}").touch()


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(MODULES_FOLDER, None)
    if folder is not None and xdist_worker(config) is None:  # the folder is the controller's to remove
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's worker renames the grouped tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("remote"):
            item.add_marker(pytest.mark.xdist_group(SERVERS_GROUP))
    items.sort(key=lambda item: item.path.name == REACH_TEST)  # stable: the reach check last, the rest in order
    every_file = {path.name for path in HERE.glob("test_*.py")} <= {item.path.name for item in items}
    config.stash[WHOLE_FAST_RUN] = bool(
        config.getoption("--fast")
        and every_file
        and not (config.option.keyword or config.option.markexpr or config.getoption("deselect"))
    )
    if not config.getoption("--fast"):
        return
    kept, left_out = [], []
    for item in items:
        (left_out if any(item.get_closest_marker(name) for name in NOT_FAST) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_runtest_setup(item: pytest.Item) -> None:
    config = item.config
    if xdist_worker(config) is None or not config.getvalue("loadgroup"):
        return
    if item.get_closest_marker("remote") and "@" not in item.nodeid:  # before it touches a shared store
        pytest.fail(
            "pytest-xdist did not keep the remote tests on one worker: this pytest ignores the group's name "
            "(pytest-dev/pytest-xdist#1386); install the test extra's pytest<9.2 / pytest-xdist tidak menyatukan "
            "uji remote pada satu worker: pasang pytest<9.2 dari extra test",
            pytrace=False,
        )


@pytest.fixture
def module_records(request: pytest.FixtureRequest) -> Path | None:
    """The folder where the started processes noted their ``kg`` modules, in a whole fast run; else None.

    Under ``pytest -n N`` (pytest-xdist) the other workers may still be running tests when this one asks:
    it waits until each has noted its modules and that it is done (:func:`pytest_sessionfinish`)."""
    config = request.config
    if not config.stash.get(WHOLE_FAST_RUN, False):
        return None
    folder = config.stash[MODULES_FOLDER]
    worker = xdist_worker(config)
    if worker is not None:
        others = {f"done-gw{number}" for number in range(worker["workercount"])} - {f"done-{worker['workerid']}"}
        wait_until(
            lambda: others <= {path.name for path in folder.glob("done-*")},
            1800,
            "the other test workers finished their tests",
            every=0.5,
        )
    return folder


@pytest.fixture(scope="session")
def built_example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example submissions loaded into an embedded store by the command line, as a steward loads
    them: once per session, and never opened afterwards; tests get copies (:func:`copy_store`)."""
    store = tmp_path_factory.mktemp("examples-built") / "store"
    loaded = kotacerdas("load", *map(str, example_files()), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    return store


@pytest.fixture(scope="module")
def example_store(built_example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the shipped example submissions (:func:`built_example_store`), a copy of its
    own for each test module that asks: the module may serve it or write to it."""
    return copy_store(built_example_store, tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="session")
def example_server(built_example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A real ``kotacerdas serve --quiet`` over a copy of :func:`built_example_store`, started once per
    session for the tests that only read through HTTP (no ``--allow-update``/``--allow-load``: it cannot be
    written), stopped (exit 0) at the end."""
    store = copy_store(built_example_store, tmp_path_factory.mktemp("examples-served"))
    running = start_server(store.parent / "serve.log", "--store", str(store), "--quiet")
    running.store = store
    try:
        yield running
    finally:
        assert running.stop() == 0
