"""Vendor the browser libraries the web pages use into the package, so the pages work with no internet (no CDN).

    python scripts/vendor_web_assets.py            # fetch every asset of ASSETS with npm, copy, record
    python scripts/vendor_web_assets.py --check    # verify the committed files against the manifest (offline)

For each entry of :data:`ASSETS` the script runs ``npm pack NAME@VERSION`` (the npm registry, nothing else) in a
temporary folder, checks the tarball against the registry's ``integrity`` (SHA-512), copies the listed files
into ``src/kg/web/static/vendor/<key>/`` with the package's licence file (when the package ships none, a
``LICENSE`` stating the licence its ``package.json`` declares), and records package, version, integrity,
licence and the SHA-256 of every copied file in ``src/kg/web/static/vendor/manifest.json``.

To add a library, add an entry to ASSETS and run the script (``python scripts/vendor_web_assets.py KEY``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "kg" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"
_LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license", "LICENSE-MIT")


@dataclass(frozen=True)
class Asset:
    package: str
    version: str
    files: list[str]  # paths inside the package (after "package/")


#: key (folder under vendor/) → what to vendor.
ASSETS: dict[str, Asset] = {
    "yasgui": Asset("@zazuko/yasgui", "4.6.2", ["build/yasgui.min.js", "build/yasgui.min.css"]),
    # the dashboard's and the region page's charts (Apache-2.0: its NOTICE travels with it)
    "echarts": Asset("echarts", "6.1.0", ["dist/echarts.min.js", "NOTICE"]),
}

_MIT = """MIT License

{holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_pack(asset: Asset, folder: Path) -> tuple[Path, str]:
    spec = f"{asset.package}@{asset.version}"
    done = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(folder)],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(done.stdout)[0]
    tarball = folder / info["filename"]
    algorithm, _, expected = info["integrity"].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{spec}: tarball integrity mismatch")
    return tarball, info["integrity"]


def _license_text(package_dir: Path, meta: dict, spec: str) -> str:
    for name in _LICENSE_NAMES:
        candidate = package_dir / name
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    declared = meta.get("license", "UNKNOWN")
    authors = [meta.get("author")] + [c.get("name") if isinstance(c, dict) else c for c in meta.get("contributors", [])]
    holder = ", ".join(str(a) for a in authors if a) or "the package's authors"
    note = (
        f"The npm package {spec} declares the licence {declared!r} in its package.json and ships no licence\n"
        f"file; this file states that licence. Authors named in its package.json: {holder}.\n\n"
    )
    if declared == "MIT":
        return note + _MIT.format(holder=f"Copyright (c) {holder}")
    return note


def vendor(key: str, asset: Asset) -> dict:
    spec = f"{asset.package}@{asset.version}"
    with tempfile.TemporaryDirectory(prefix="kc-vendor-") as temporary:
        folder = Path(temporary)
        tarball, integrity = _npm_pack(asset, folder)
        with tarfile.open(tarball) as archive:
            archive.extractall(folder / "x", filter="data")
        package_dir = folder / "x" / "package"
        meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
        target = VENDOR / key
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        files = {}
        for relative in asset.files:
            source = package_dir / relative
            destination = target / Path(relative).name
            shutil.copyfile(source, destination)
            files[destination.name] = sha256(destination)
        (target / "LICENSE").write_text(_license_text(package_dir, meta, spec), encoding="utf-8")
        files["LICENSE"] = sha256(target / "LICENSE")
    print(f"{spec}: {', '.join(files)} -> {target.relative_to(ROOT)}")
    return {
        "package": asset.package,
        "version": asset.version,
        "integrity": integrity,
        "license": meta.get("license"),
        "files": files,
    }


def check() -> int:
    """Compare the committed files with the manifest; 0 when every file matches."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    bad = []
    for key, entry in manifest.items():
        for name, digest in entry["files"].items():
            path = VENDOR / key / name
            if not path.is_file() or sha256(path) != digest:
                bad.append(str(path.relative_to(ROOT)))
    for line in bad:
        print(f"changed or missing: {line}", file=sys.stderr)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="verify the committed files (no network)")
    parser.add_argument("keys", nargs="*", help="only these assets (default: all)")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else {}
    for key in args.keys or list(ASSETS):
        manifest[key] = vendor(key, ASSETS[key])
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
