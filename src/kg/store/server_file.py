"""The file a running ``kotacerdas serve`` writes into the store folder it owns (see :mod:`kg.store.served`):
its loopback URL, process id and this run's token, mode 0600; and the framing of a local write request."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from kg.core.errors import InputError

#: The file a running server writes into the store folder it owns.
SERVER_FILE = "kotacerdas-serve.json"
#: The header that carries the run's token to the local write routes.
TOKEN_HEADER = "X-Kotacerdas-Token"
#: The prefix of the server's local write routes.
LOCAL_PREFIX = "/_local/"


def server_file(store_dir: Path | str) -> Path:
    return Path(store_dir) / SERVER_FILE


def new_token() -> str:
    """A random token for one server run (256 bits)."""
    return secrets.token_urlsafe(32)


def write_server_file(store_dir: Path | str, url: str, token: str) -> Path:
    """Write the server file (mode 0600, whole or not at all); returns its path."""
    path = server_file(store_dir)
    staging = path.with_name(f".{SERVER_FILE}.{os.getpid()}")
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"url": url, "token": token, "pid": os.getpid(), "store": str(Path(store_dir).resolve())}, handle)
    os.replace(staging, path)
    return path


def remove_server_file(store_dir: Path | str, token: str) -> None:
    """Remove the server file if it is still this run's (another server may have replaced it)."""
    path = server_file(store_dir)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("token") == token:
            path.unlink()
    except (OSError, ValueError):
        pass


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_server_file(store_dir: Path | str) -> dict | None:
    """The live server's record for ``store_dir``, or ``None`` (no file, unreadable, or its process is gone)."""
    path = server_file(store_dir)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("url"), str) or not _alive(record.get("pid")):
        return None
    return record


def parse_replace_body(body: bytes) -> tuple[dict[str, bytes], list[str], dict]:
    """The server side of :meth:`ServedStore.replace_graphs`: graphs, graphs to delete, extra options."""
    header_line, _, rest = body.partition(b"\n")
    try:
        header = json.loads(header_line)
        graphs: dict[str, bytes] = {}
        offset = 0
        for iri, length in header["graphs"]:
            graphs[str(iri)] = rest[offset : offset + int(length)]
            offset += int(length)
        if offset != len(rest):
            raise ValueError("length mismatch")
        return graphs, [str(iri) for iri in header.get("delete", [])], dict(header.get("options") or {})
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"permintaan tulis rusak / malformed write request: {error}") from None
