"""A store that a running ``kotacerdas serve`` owns, used through the server: how ``load``, ``query``,
``sparql`` and ``dump`` keep working on ``--store DIR`` while the server has it open.

RocksDB lets one process open a store for writing, and a second process opening it read-only while the first
writes is undefined behaviour (pyoxigraph's words; in practice it fails once the writer compacts and deletes
files). So the server stays the one process with the store open, and tells others where it is: at start it
writes :data:`SERVER_FILE` into the store folder (mode 0600: its URL on the loopback interface, its process id,
and a random token made for this run), and removes it when it stops.

:func:`served_store_for` finds a live server for a folder; :class:`ServedStore` is then the store for any
command: queries go to the server's ``/sparql``, writes to its local write routes (``/_local/…``, loopback
clients only, ``X-Kotacerdas-Token``), where the server runs the embedded store's own ``replace_graphs``,
``update`` and ``ensure_reference_data`` — the same atomic replacement and provenance as a direct load, one
writer at a time. Queries to the server read one snapshot each, so they see every write whole or not at all.

A write whose answer never comes (the client's time, :data:`WRITE_TIMEOUT_VARIABLE`, ran out; the connection
broke) raises :class:`~kg.store.interface.WriteUnansweredError`: the server may have committed it. The load
then asks the server (``graph-summaries`` runs on the server's one write thread, after the write it sent) and
reports committed or not committed from the digests the server holds (:func:`kg.loading.load.load_files`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.core.errors import InputError
from kg.store.interface import GraphSummary, WriteUnansweredError
from kg.store.remote import RemoteStore
from kg.store.server_file import LOCAL_PREFIX, TOKEN_HEADER, read_server_file

#: Seconds a write to the server may take before the client stops waiting and asks what was committed
#: (default: an hour, as every other request to the server).
WRITE_TIMEOUT_VARIABLE = "KOTACERDAS_SERVER_WRITE_TIMEOUT"


class ServedStore(RemoteStore):
    """The store of a running server (see the module's description); a :class:`GraphStore`."""

    #: The operations that write (their answer may be lost after the server committed them).
    WRITES = ("replace-graphs", "update")

    def __init__(self, url: str, token: str, store_dir: Path | str) -> None:
        self.server_url = url.rstrip("/") + "/"
        super().__init__(self.server_url + "sparql", timeout=3600.0)
        self._token = token
        # the run's own commands: the server leaves them out of its per-client share of /sparql
        self._http.headers[TOKEN_HEADER] = token
        self.location = f"{store_dir} (via {self.server_url})"
        try:
            self.write_timeout = float(os.environ.get(WRITE_TIMEOUT_VARIABLE) or 3600.0)
        except ValueError:
            raise InputError(f"bukan angka / not a number: {WRITE_TIMEOUT_VARIABLE}") from None

    def __repr__(self) -> str:
        return f"ServedStore({self.server_url!r})"

    def _local(self, operation: str, content: bytes = b"", params: Mapping[str, str] | None = None) -> dict:
        import httpx

        writes = operation in self.WRITES
        try:
            response = self._http.post(
                self.server_url + LOCAL_PREFIX.strip("/") + "/" + operation,
                content=content,
                params=dict(params or {}),
                headers={TOKEN_HEADER: self._token, "Content-Type": "application/octet-stream"},
                timeout=self.write_timeout if writes else self._http.timeout,
            )
        except httpx.HTTPError as error:
            said = f"server tidak menjawab / the server did not answer: {error or type(error).__name__}"
            if writes and not isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout)):
                raise WriteUnansweredError(said, source=self.server_url) from None  # it may have committed
            raise InputError(said, source=self.server_url) from None
        if response.status_code != 200:
            raise InputError(
                f"server menolak / the server refused ({response.status_code}): {response.text.strip()[:500]}",
                source=self.server_url,
            )
        return response.json()

    def ping(self) -> dict:
        return self._local("ping")

    def graph_summaries(self, graphs: Iterable[str]) -> dict[str, GraphSummary]:
        """The server's own summaries (triple count and exact content digest) of the graphs it holds."""
        answer = self._local("graph-summaries", json.dumps({"graphs": list(graphs)}).encode())
        return {iri: GraphSummary(triples, digest) for iri, (triples, digest) in answer["summaries"].items()}

    def replace_graphs(self, graphs: Mapping[str, bytes], delete: Iterable[str] = (), **options: object) -> None:
        """The server replaces the graphs with its store's own atomic ``replace_graphs``."""
        names = list(graphs)
        header = {"graphs": [[iri, len(graphs[iri])] for iri in names], "delete": list(delete), "options": options}
        body = json.dumps(header).encode() + b"\n" + b"".join(graphs[iri] for iri in names)
        self._local("replace-graphs", body)

    def update(self, sparql_update: str) -> None:
        """The server runs the SPARQL Update on its store (one transaction)."""
        self._local("update", sparql_update.encode("utf-8"))

    def ensure_reference_data(self, force: bool = False) -> list[str]:
        """The server refreshes the reference graphs from its own package's files."""
        return list(self._local("ensure-reference-data", params={"force": "1" if force else "0"}).get("graphs", []))

    def write_dumps(self, out: Path | str) -> list[str]:
        """The server writes the dumps of its store into folder ``out`` (see :mod:`kg.publish.dumps`)."""
        answer = self._local("dump", json.dumps({"out": str(Path(out).resolve())}).encode())
        return list(answer.get("files", []))


def served_store_for(store_dir: Path | str) -> ServedStore | None:
    """The store of the server running on ``store_dir``, or ``None`` when no live server has it."""
    record = read_server_file(store_dir)
    if record is None or not isinstance(record.get("token"), str):
        return None
    served = ServedStore(record["url"], record["token"], store_dir)
    try:
        served.ping()
    except InputError:
        served.close()
        return None
    return served
