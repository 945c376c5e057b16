"""LibreOffice itself writing the files a steward sends: ``soffice --headless --convert-to`` with a private
profile per call (``-env:UserInstallation``, so that parallel runs never share one) and a time limit, after which
the whole process group it started (oosplash and soffice.bin) is killed.

Without ``soffice`` the tests skip, except in CI (``CI=true``), where they fail: ``.ci/run`` installs Debian's
``libreoffice-calc-nogui``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

SOFFICE = os.environ.get("KOTACERDAS_SOFFICE", "soffice")
#: A conversion of a few small files takes 1-2 s here; a hung soffice is killed well before the test's patience.
TIMEOUT = 120
#: The CSV import filter's language codes (Microsoft LCIDs): English (US) and Indonesian.
LCIDS = {"en-US": 1033, "id-ID": 1057}


def soffice() -> str:
    """The ``soffice`` to run; skips the test when there is none (fails instead when ``CI=true``)."""
    found = shutil.which(SOFFICE)
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI: {SOFFICE} is missing: .ci/run installs Debian's libreoffice-calc-nogui")
        pytest.skip(f"{SOFFICE} is not installed (apt-get install --no-install-recommends libreoffice-calc-nogui)")
    return found


def csv_filter(locale: str) -> str:
    """The CSV import options as a steward's LibreOffice in ``locale`` reads a file: comma-separated, quoted with
    ", UTF-8 (76), from line 1, the locale's numbers, "detect special numbers" on (dates, percentages)."""
    return f"CSV:44,34,76,1,,{LCIDS[locale]},false,true"


def convert(
    files: list[Path], kind: str, out: Path, *, locale: str = "en-US", infilter: str | None = None
) -> list[Path]:
    """``files`` saved by LibreOffice as ``kind`` (``xlsx`` or ``ods``) into ``out``, all in one ``soffice`` call,
    LibreOffice running in ``locale`` (its documents' language); the written files, in the order given."""
    profile = out / ".profile"
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", kind, "--outdir", str(out), *map(str, files)]
    language = locale.replace("-", "_") + ".UTF-8"
    env = {**os.environ, "LC_ALL": language, "LANG": language, "HOME": str(out)}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    written = [out / f"{path.stem}.{kind}" for path in files]
    missing = [path.name for path in written if not path.is_file()]
    assert process.returncode == 0 and not missing, (process.returncode, missing, stdout, stderr)
    shutil.rmtree(profile, ignore_errors=True)
    return written
