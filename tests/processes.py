"""The processes a test started, as Linux shows them in ``/proc``."""

from __future__ import annotations

from pathlib import Path


def children(pid: int, command_part: bytes | None = None) -> list[int]:
    """The live (not zombie) processes whose parent is ``pid``; with ``command_part``, only those whose command
    line holds it (``b"kg.store.query_workers"``: a server's query workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes() if command_part is not None else b""
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z" and (command_part is None or command_part in command):
            found.append(int(stat.parent.name))
    return found
