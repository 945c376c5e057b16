"""The browser libraries are vendored (no CDN): the committed files match the manifest the script recorded,
and every vendored library carries its licence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "kg" / "web" / "static" / "vendor"


def test_vendored_files_match_their_recorded_checksums():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "vendor_web_assets.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_every_vendored_library_has_its_licence_and_version():
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    assert "yasgui" in manifest
    for key, entry in manifest.items():
        assert entry["version"] and entry["integrity"].startswith("sha512-")
        assert "LICENSE" in entry["files"] and (VENDOR / key / "LICENSE").read_text().strip()
