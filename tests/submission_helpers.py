"""Shared helpers of the submission tests: running the real ``kotacerdas`` command, loading the generator."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "submissions"

#: Runs the console script's entry point in a fresh interpreter, with the submission commands registered
#: (they are also registered by ``kg.cli`` itself once its import list names them).
_ENTRY = "import sys, kg.cli.submission_commands; from kg.cli import main; sys.argv[0] = 'kotacerdas'; main()"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``kotacerdas ARGS…``; text output."""
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
