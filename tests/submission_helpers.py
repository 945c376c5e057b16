"""Shared helpers of the submission tests: running the real ``kotacerdas`` command, loading the generator."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path

from serve_helpers import kotacerdas_in_process

REPOSITORY = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "submissions"

#: Runs the console script's entry point in a fresh interpreter, with the submission commands registered
#: (they are also registered by ``kg.cli`` itself once its import list names them).
_ENTRY = "import sys, kg.cli.submission_commands; from kg.cli import main; sys.argv[0] = 'kotacerdas'; main()"


#: Commands that evaluate their query in a forked child (kg.store.bounded): a test process, with threads of its
#: own, must not be forked, so these run in a new interpreter.
FORKING_COMMANDS = {"query", "sparql"}


def run_cli(*args: object) -> subprocess.CompletedProcess:
    """Run ``kotacerdas ARGS…``; text output. In this process (:func:`serve_helpers.kotacerdas_in_process`: the
    command's own entry point, exit code and messages), or in a new one for :data:`FORKING_COMMANDS`."""
    if args and str(args[0]) in FORKING_COMMANDS:
        return run_cli_process(*args)
    return kotacerdas_in_process(*args)


def run_cli_process(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``kotacerdas ARGS…`` in a new interpreter, for what only a real process shows; text output."""
    return subprocess.run(
        [sys.executable, "-c", _ENTRY, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@cache
def generator():
    """``scripts/generate_submissions.py`` as a module."""
    path = REPOSITORY / "scripts" / "generate_submissions.py"
    spec = importlib.util.spec_from_file_location("generate_submissions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
