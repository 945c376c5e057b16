"""Output files get the user's normal permissions (issue 7, "outputs safe to open"): 0666 less the umask for a
new file, the old mode for a file replaced, as any other program would write them (not mkstemp's 0600)."""

from __future__ import annotations

import os
import stat

import pytest

from kg.core.output import write_output
from submission_helpers import DATA, run_cli


@pytest.fixture
def umask():
    """Set the process umask for a test, restore it afterwards."""
    previous = os.umask(0o022)
    yield lambda value: os.umask(value)
    os.umask(previous)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_output_file_has_0666_less_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    assert _mode(write_output(tmp_path / "report.json", "{}")) == expected


def test_a_replaced_output_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "report.json"
    path.write_text("old")
    path.chmod(0o640)
    write_output(path, "new")
    assert path.read_text() == "new" and _mode(path) == 0o640
    path.chmod(0o604)
    write_output(path, "newer")
    assert _mode(path) == 0o604


@pytest.mark.slow
def test_the_command_line_writes_files_others_can_read_under_umask_022(tmp_path, umask):
    umask(0o022)  # inherited by the child process
    for args, name in (
        (["convert", DATA / "bandung-2025.csv"], "programs.ttl"),
        (["template"], "templat.xlsx"),
        (["validate", DATA / "bandung-2025.csv", "--format", "json"], "report.json"),
    ):
        out = tmp_path / name
        done = run_cli(*args, "--out", out)
        assert done.returncode == 0, done.stderr
        assert _mode(out) == 0o644, name
    assert not [item for item in tmp_path.iterdir() if item.name.startswith(".")]  # no temporary file left
