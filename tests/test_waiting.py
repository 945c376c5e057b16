"""How tests wait (``tests/waiting.py``): for a condition, never a fixed time; and no test calls ``time.sleep``
itself (an ``asyncio.sleep`` that hands over to another task is no wait)."""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from pathlib import Path

import pytest

from waiting import let_run, wait_until

TESTS = Path(__file__).resolve().parent


def test_wait_until_returns_what_the_condition_found_as_soon_as_it_holds() -> None:
    asked = []

    def third_time() -> str:
        asked.append(1)
        return "found" if len(asked) == 3 else ""

    assert wait_until(third_time, 10, "the third look") == "found"
    assert len(asked) == 3


def test_wait_until_says_what_did_not_happen_and_within_what() -> None:
    started = time.monotonic()
    with pytest.raises(AssertionError, match=r"^the store opening: not within 0\.1 s$"):
        wait_until(lambda: False, 0.1, "the store opening")
    assert time.monotonic() - started < 5


def test_let_run_returns_when_the_child_ends_or_at_the_moment() -> None:
    quick = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        assert let_run(quick, 60) is True and quick.returncode == 0
    finally:
        quick.kill()
        quick.wait()
    waiting = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert let_run(waiting, 0.2) is False and waiting.poll() is None
    finally:
        waiting.kill()
        waiting.wait()


def test_no_test_sleeps_a_fixed_time() -> None:
    found = []
    for path in sorted(TESTS.glob("*.py")):
        if path.name == "waiting.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sleeps = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "time"
            for alias in node.names
            if alias.name == "sleep"
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            if (
                isinstance(called, ast.Attribute)
                and called.attr == "sleep"
                and isinstance(called.value, ast.Name)
                and called.value.id == "time"
            ) or (isinstance(called, ast.Name) and called.id in sleeps):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, f"wait for a condition (waiting.wait_until) instead of time.sleep: {', '.join(found)}"
