"""`kotacerdas demo` works from nothing but the package, in a fresh HOME."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_demo_runs_in_a_fresh_home_and_writes_its_report(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "COLUMNS": "120"}
    env.pop("KOTACERDAS_STORE", None)
    done = subprocess.run(
        [sys.executable, "-c", "import kg.cli.graph_commands; from kg.cli import main; main()", "demo"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "ECO-15" in done.stdout  # the example with errors is shown refused, with its report
    assert "35.78" in done.stdout and "GOV-01" in done.stdout
    report = tmp_path / "data" / "kotacerdas" / "demo" / "laporan-cakupan.md"
    assert report.is_file() and "ILUSTRATIF" in report.read_text()
    assert not (tmp_path / "data" / "kotacerdas" / "store").exists()  # the default store is left alone


def _demo(tmp_path, *args, **env):
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "COLUMNS": "120"}
    environment.pop("KOTACERDAS_STORE", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", "demo", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
    )


def _one_line_refusal(done):
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def test_demo_never_deletes_a_folder_it_did_not_make(tmp_path):
    """Issue 7, item 1: `demo --store DIR` once deleted DIR and whatever it held."""
    folder = tmp_path / "pekerjaan"
    folder.mkdir()
    (folder / "laporan-final.docx").write_bytes(b"the user's own work")
    line = _one_line_refusal(_demo(tmp_path, "--store", str(folder)))
    assert "not made by kotacerdas demo" in line and "--store" in line
    assert sorted(path.name for path in folder.iterdir()) == ["laporan-final.docx"]
    assert (folder / "laporan-final.docx").read_bytes() == b"the user's own work"


def test_demo_pointed_at_a_file_is_one_line(tmp_path):
    target = tmp_path / "catatan.txt"
    target.write_text("keep me")
    assert "not a folder but a file" in _one_line_refusal(_demo(tmp_path, "--store", str(target)))
    assert target.read_text() == "keep me"


@pytest.mark.slow
def test_demo_does_not_follow_kotacerdas_store_into_a_users_folder(tmp_path):
    """With KOTACERDAS_STORE=~/kg the demo used ~/demo, the user's folder beside it."""
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "skripsi.docx").write_bytes(b"thesis")
    done = _demo(tmp_path, KOTACERDAS_STORE=str(tmp_path / "kg"))
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in (tmp_path / "demo").iterdir()) == ["skripsi.docx"]
    assert not (tmp_path / "kg").exists()
    assert (tmp_path / "data" / "kotacerdas" / "demo" / ".kotacerdas-demo").is_file()


@pytest.mark.slow
def test_demo_runs_again_in_its_own_folder_and_keeps_what_it_did_not_make(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert _demo(tmp_path, "--store", str(folder)).returncode == 0  # an empty folder is taken and marked
    (folder / "notes.txt").write_text("mine")
    again = _demo(tmp_path, "--store", str(folder))
    assert again.returncode == 0, again.stderr
    assert "dimuat / loaded" in again.stdout  # a fresh store: loaded again, not "unchanged"
    assert (folder / "notes.txt").read_text() == "mine"
    assert {path.name for path in folder.iterdir()} == {
        ".kotacerdas-demo",
        "store",
        "laporan-cakupan.md",
        "laporan-32.73.html",
        "notes.txt",
    }
    from kg.publish.region_report import is_region_report

    assert is_region_report(folder / "laporan-32.73.html")  # the region report, written again over its own
    assert "laporan-32.73.html" in again.stdout.replace("\n", "")
