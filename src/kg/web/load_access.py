"""Who may load a file through the validation page (``serve --allow-load``), and how the load reaches the store.

The server's token is ``$KOTACERDAS_UPDATE_TOKEN`` (the token of ``--allow-update``; never on argv). A steward
gets a *region token*: an HMAC of the region code under the server's token, so it opens the load button for
that region's files only, and the server keeps no list of tokens. The ministry's operator makes one with::

    KOTACERDAS_UPDATE_TOKEN=… python -m kg.web.load_access 32.73

The server's own token loads any region. A load goes through :class:`DatasetWriter`, which sends the writes of
:func:`kg.loading.load_files` to the served dataset's one writer, so the store is never opened twice.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from collections.abc import Iterable, Mapping

from kg.web.settings import UPDATE_TOKEN_VARIABLE


def region_token(server_token: str, region_code: str) -> str:
    """The load token of one region under ``server_token`` (32 hex characters)."""
    message = f"kotacerdas-load:{region_code.strip()}".encode()
    return hmac.new(server_token.encode(), message, hashlib.sha256).hexdigest()[:32]


def token_allows(server_token: str | None, supplied: str, region_codes: Iterable[str]) -> bool:
    """Whether ``supplied`` may load files of ``region_codes``: the server's token, or the region token of
    every one of them (compared in constant time)."""
    if not server_token or not supplied:
        return False
    supplied_bytes = supplied.strip().encode()
    if hmac.compare_digest(supplied_bytes, server_token.encode()):
        return True
    codes = list(region_codes)
    return bool(codes) and all(
        hmac.compare_digest(supplied_bytes, region_token(server_token, code).encode()) for code in codes
    )


class DatasetWriter:
    """A :class:`~kg.store.interface.GraphStore` whose reads go to the served store and whose writes go through
    the dataset's single writer (:meth:`kg.web.dataset.EmbeddedDataset.write`), each a new store generation."""

    #: Writes go through the dataset's writer, one transaction each (readers must never see a graph
    #: half-written): no bulk steps, and the served store is compacted by no load.
    bulk_batch_triples = 0
    compacts = False

    def __init__(self, dataset) -> None:
        self.dataset = dataset
        self.store = dataset.graph_store
        self.location = self.store.location

    def optimize(self) -> None:
        """Nothing (see :attr:`compacts`)."""

    def close(self) -> None:
        """Nothing: the dataset keeps its store open."""

    def quads(self):
        return self.store.quads()

    def triples(self):
        return self.store.triples()

    def local_quads(self, subject, predicate, obj):
        return self.store.local_quads(subject, predicate, obj)

    def select(self, query: str, bindings=None, *, max_rows: int | None = None):
        return self.store.select(query, bindings, max_rows=max_rows)

    def ask(self, query: str, bindings=None) -> bool:
        return self.store.ask(query, bindings)

    def construct(self, query: str, bindings=None):
        return self.store.construct(query, bindings)

    def graph_names(self) -> set[str]:
        return self.store.graph_names()

    def graph_summaries(self, graphs: Iterable[str]):
        return self.store.graph_summaries(graphs)

    def replace_graphs(self, graphs: Mapping[str, bytes], delete: Iterable[str] = (), **options) -> None:
        self.dataset.write("replace_graphs", {"graphs": dict(graphs), "delete": list(delete), "options": options})

    def update(self, sparql_update: str) -> None:
        self.dataset.write("update", {"update": sparql_update})

    def ensure_reference_data(self, force: bool = False):
        return self.dataset.write("ensure_reference_data", {"force": force})


def main(argv: list[str] | None = None) -> int:
    """Print the load token of each region code given (the server's token from the environment)."""
    codes = sys.argv[1:] if argv is None else argv
    token = os.environ.get(UPDATE_TOKEN_VARIABLE, "")
    if len(token) < 16 or not codes:
        print(f"pakai / usage: {UPDATE_TOKEN_VARIABLE}=… python -m kg.web.load_access KODE…", file=sys.stderr)
        return 2
    from kg.framework.regions import region

    for code in codes:
        if region(code) is None:
            print(f"kode wilayah tidak ada / region code not in the registry: {code!r}", file=sys.stderr)
            return 2
        print(f"{code}\t{region_token(token, code)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
