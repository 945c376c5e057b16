"""`kotacerdas demo` works from nothing but the package, in a fresh HOME."""

from __future__ import annotations

import os
import subprocess
import sys


def test_demo_runs_in_a_fresh_home_and_writes_its_report(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "COLUMNS": "120"}
    env.pop("KOTACERDAS_STORE", None)
    done = subprocess.run(
        [sys.executable, "-c", "import kg.cli.graph_commands; from kg.cli import main; main()", "demo"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "ECO-15" in done.stdout  # the example with errors is shown refused, with its report
    assert "35.78" in done.stdout and "GOV-01" in done.stdout
    report = tmp_path / "data" / "kotacerdas" / "demo" / "laporan-cakupan.md"
    assert report.is_file() and "ILUSTRATIF" in report.read_text()
    assert not (tmp_path / "data" / "kotacerdas" / "store").exists()  # the default store is left alone
