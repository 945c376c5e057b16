"""Issue 23, item 6: every command README.md and the demo print works as printed, in that order, from a fresh
checkout's folder, in an empty HOME, with the installed CLI, at 80 columns.

The folder holds what a clone holds for these commands (``examples/``) and a ``.venv/bin/kotacerdas`` that is
the installed console script, so ``.venv/bin/kotacerdas demo`` runs as README prints it. Not run: the install itself
(the CLI under test is installed), ``bash .ci/run`` and ``pytest`` (they are this test's runner), and
``kotacerdas serve`` (it runs until stopped; tests/test_serve_command.py serves a store). A command is
expected to exit 0, or 1 where it validates the example that has errors on purpose."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "kotacerdas"
NOT_RUN = ("bash .ci/run", ".venv/bin/python -m pytest", "kotacerdas serve")
INSTALL = "python3 -m venv .venv && .venv/bin/pip install . && "


def readme_commands(text: str) -> list[str]:
    """The shell lines of README's ``bash`` blocks and its inline complete commands, in the README's order."""
    commands: list[str] = []
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = line.strip() == "```bash"
            continue
        if in_block:
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append(line.replace(INSTALL, ""))
            continue
        for span in re.findall(r"`((?:\.venv/bin/)?kotacerdas [^`]+)`", line):
            if "…" not in span and len(span.split()) >= 3:
                commands.append(span)
    return [command for command in commands if not command.startswith(NOT_RUN)]


def _run_in_one_shell(commands: list[str], folder: Path, env: dict[str, str]) -> list[tuple[str, int, str]]:
    """Run the commands one after another in one bash (so ``export`` and ``cd`` carry on, as for a person),
    each one's exit status and output kept."""
    script = []
    for index, command in enumerate(commands):
        script.append(f"echo '@@start {index}'")
        script.append(command)
        script.append(f'echo "@@status {index} $?"')
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=folder, env=env, capture_output=True, text=True, timeout=900
    )
    outputs = re.split(r"^@@start \d+\n", done.stdout, flags=re.MULTILINE)[1:]
    results = []
    for index, (command, output) in enumerate(zip(commands, outputs, strict=False)):
        status = re.search(rf"^@@status {index} (\d+)$", output, flags=re.MULTILINE)
        results.append((command, int(status.group(1)) if status else -1, output))
    assert len(results) == len(commands), done.stderr[-2000:]
    return results


def _expected(command: str) -> int:
    return 1 if "dengan-kesalahan" in command and " validate " in f" {command}" else 0


@pytest.mark.skipif(not CLI.is_file(), reason="the kotacerdas console script is installed beside the interpreter")
def test_every_command_of_readme_and_the_demo_works_as_printed(tmp_path: Path) -> None:
    folder, home = tmp_path / "kotacerdas-kg", tmp_path / "home"
    home.mkdir()
    shutil.copytree(REPO / "examples", folder / "examples")
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / ".venv" / "bin" / "kotacerdas").symlink_to(CLI)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("KOTACERDAS_STORE", "XDG_DATA_HOME", "VIRTUAL_ENV")
    }
    env.update(HOME=str(home), COLUMNS="80", PATH="/usr/bin:/bin")
    if "PYTHONPATH" in os.environ:  # a worktree's sources under test, as the rest of the suite imports them
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]

    readme = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert readme[0] == ".venv/bin/kotacerdas demo" and any(c.startswith("kotacerdas report") for c in readme)
    results = _run_in_one_shell(readme, folder, env)
    failed = [(command, status, output[-1500:]) for command, status, output in results if status != _expected(command)]
    assert not failed, failed

    demo_output = results[0][2]
    assert "Cakupan, semua tahun / coverage, all years" in demo_output and "tahun / year 2025" in demo_output
    for line in demo_output.splitlines():
        assert len(line) <= 80 or line.startswith("  .venv/bin/kotacerdas") or "/" in line.split()[-1], line
    assert "Pengelolaa\n" not in demo_output and "Kepmendagr\n" not in demo_output  # no word broken in two
    next_commands = [
        line.strip().split("   # ")[0]
        for line in demo_output.split("Selanjutnya / next", 1)[1].splitlines()
        if line.startswith("  ")
    ]
    assert next_commands and all(command.startswith(".venv/bin/kotacerdas ") for command in next_commands)
    runnable = [command for command in next_commands if " serve " not in command]
    results = _run_in_one_shell(runnable, folder, {**env, "PATH": "/usr/bin:/bin"})
    failed = [(command, status, output[-1500:]) for command, status, output in results if status != 0]
    assert not failed, failed
    assert (folder / "laporan.html").is_file() and (folder / "programs.xlsx").is_file()
