"""A store that cannot be written still answers, and a store in use says so (issue 7, item 13).

- Read-only: the store folder on a read-only mount (a mounted snapshot; a bind mount remounted ``ro`` when
  the tests run as root, as in CI's container), or ``chmod -R a-w`` when they do not (root ignores file
  modes). ``query`` and ``sparql`` answer; ``load`` refuses in one line and changes nothing.
- In use: while one process holds the store (a ``load`` or, later, ``serve``), another ``query`` or ``load``
  gets one line, in both languages, saying so and what to do, instead of ``LOCK: Resource temporarily
  unavailable``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.core.errors import InputError
from kg.core.resources import resource_path
from kg.loading.load import load_files
from kg.store.embedded import EmbeddedStore

CLI = [sys.executable, "-c", "from kg.cli import main; main()"]
BANDUNG = resource_path("examples", "contoh-kota-bandung.csv")
SURABAYA = resource_path("examples", "contoh-kota-surabaya.csv")


@pytest.fixture
def loaded_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    load_files([BANDUNG], store, agent="steward")
    store.close()
    return path


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` seen read-only: a read-only bind mount (root) or the folder made unwritable (others)."""
    if os.geteuid() == 0:
        view = path.with_name(path.name + "-snapshot")
        view.mkdir()
        subprocess.run(["mount", "--bind", str(path), str(view)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
            yield view
        finally:
            subprocess.run(["umount", "-l", str(view)], check=False)
        return
    modes = {item: item.stat().st_mode for item in [path, *path.rglob("*")]}
    for item in modes:
        item.chmod(modes[item] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield path
    finally:
        for item, mode in modes.items():
            item.chmod(mode)


@pytest.mark.slow
def test_a_read_only_store_answers_queries_and_refuses_loads(loaded_store: Path) -> None:
    before = sorted(path.name for path in loaded_store.iterdir())
    with read_only(loaded_store) as snapshot:
        store = EmbeddedStore(snapshot)
        assert store.read_only
        assert store.ask("ASK { ?p a <https://w3id.org/kotacerdas/ontology#Program> }")
        store.close()

        query = subprocess.run(
            [*CLI, "query", "coverage", "--param", "region=32.73", "--store", str(snapshot), "--format", "json"],
            capture_output=True,
            text=True,
        )
        assert query.returncode == 0, query.stderr
        assert {row["region_code"] for row in json.loads(query.stdout)} == {"32.73"}
        sparql = subprocess.run(
            [*CLI, "sparql", "ASK { ?p a kc:Program }", "--store", str(snapshot)], capture_output=True, text=True
        )
        assert sparql.returncode == 0 and sparql.stdout.strip() == "true"

        load = subprocess.run([*CLI, "load", str(SURABAYA), "--store", str(snapshot)], capture_output=True, text=True)
        lines = load.stderr.strip().splitlines()
        assert load.returncode == 2 and len(lines) == 1 and "read-only" in lines[0], load.stderr
    assert sorted(path.name for path in loaded_store.iterdir()) == before
    reopened = EmbeddedStore(loaded_store, reference=False)
    assert not reopened.ask(
        "ASK { ?p <https://w3id.org/kotacerdas/ontology#region> <https://w3id.org/kotacerdas/id/region/35.78> }"
    )
    reopened.close()


HOLDER = textwrap.dedent(
    """
    import sys
    from kg.store.embedded import EmbeddedStore
    store = EmbeddedStore(sys.argv[1], reference=False)
    print("holding", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


def test_a_store_held_by_another_process_is_one_line_saying_what_to_do(loaded_store: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(loaded_store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        for command in (["query", "coverage"], ["sparql", "ASK { ?s ?p ?o }"], ["load", str(SURABAYA)]):
            done = subprocess.run([*CLI, *command, "--store", str(loaded_store)], capture_output=True, text=True)
            lines = done.stderr.strip().splitlines()
            assert done.returncode == 2 and len(lines) == 1, done.stderr
            assert "another kotacerdas process" in lines[0] and "proses kotacerdas lain" in lines[0]
            assert "LOCK" not in lines[0]
        with pytest.raises(InputError, match="in use by another kotacerdas process"):
            EmbeddedStore(loaded_store)
    finally:
        holder.communicate("\n", timeout=30)
    EmbeddedStore(loaded_store).close()  # free again once the other process ends


def test_a_file_where_the_store_should_be_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "laporan-final.docx"
    path.write_bytes(b"not a store")
    done = subprocess.run([*CLI, "query", "coverage", "--store", str(path)], capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "not a store folder" in done.stderr
    assert path.read_bytes() == b"not a store"
