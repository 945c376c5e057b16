"""The suggestion benchmark's quick form (issue 21) runs in the suite: every figure of ``benchmarks/suggest.py``
is produced on the public record and a small generated file, and holds loosely (accuracy on the held-out
regions, per dimension, the region-wise cross-validation of the weights, time per program, validate with
suggestions on and off). The full form is run by hand (README, Speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_the_suggestion_benchmark_quick_form_produces_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "suggest.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "suggest.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["record"]["programs"] >= 200 and figures["record"]["regions"] >= 30
    accuracy = figures["accuracy"]
    for part in ("tuning", "held_out"):
        overall = accuracy[part]["figures"]["all"]
        assert overall["programs"] > 50 and overall["top3"] >= 0.7 and overall["top1"] >= 0.5, (part, overall)
        assert overall["top3"] >= overall["top1"]
    assert set(accuracy["all"]) == {"all", "GOV", "LIV", "ENV", "SOC", "ECO", "MOB"}
    assert all(item["programs"] > 0 for item in accuracy["all"].values())
    cv = figures["cv"]
    assert cv["folds"] == 5 and len(cv["chosen_per_fold"]) == 5 and 0.5 <= cv["cross_validated"]["top3"] <= 1
    timing = figures["timing"]
    assert 0 < timing["median_ms"] < 10 and timing["programs"] == figures["record"]["programs"]
    validate = figures["validate"]
    assert validate["rows"] == 500 and validate["on_s"] > 0 and validate["off_s"] > 0
    assert validate["slower"] < 1.0  # loose: the full form's goal is 20 %
