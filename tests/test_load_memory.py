"""A big load stays within a bounded memory (issue 7, item 16: a 40,000-row CSV took 1.33 GB).

The store is flushed after each atomic step of the load (``kg.store.embedded.EmbeddedStore._flush``) and the
steps hold at most ``kg.loading.load.BATCH_TRIPLES`` triples, so the memory of a load does not grow with the
size of the file: measured with ``benchmarks/memory.py``, 40,000 rows load in 439 MB (1,406 MB before). Here a
10,000-row CSV (about 250,000 triples; two bulk-loaded steps of at most
``kg.store.embedded.BULK_BATCH_TRIPLES``, five transactions before issue 12) in a child process: 300 MB measured
with five steps, 627 MB before the flush; about 455 MB with two bulk steps and 500 MB since each is written in two
parts side by side (``kg.store.embedded.BULK_PARTS``: a loader per core, ~45 MB more, 26% faster on a national
year), measured 2026-12-02. The bound holds the memory to the step, not to the file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from measured_run import run_measured

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB = 550


def test_a_10000_row_load_stays_under_550_mb(tmp_path):
    source = tmp_path / "rows.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_submissions.py"), "--rows", "10000", "--defects", "0",
         "--seed", "1", "--years", "2023-2025", "--out", str(source)],
        check=True, capture_output=True,
    )
    done = run_measured("load", source, "--store", tmp_path / "store", timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.peak_mb < PEAK_MB, f"{done.peak_mb:.0f} MB"
