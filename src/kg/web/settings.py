"""What ``kotacerdas serve`` is told: where the data is, where to listen, the public base and the bounds."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import InputError
from kg.core.namespaces import BASE
from kg.store.answers import DEFAULT_MAX_ANSWER_BYTES

#: Environment variable holding the bearer token that ``--allow-update`` requires (never given on argv).
UPDATE_TOKEN_VARIABLE = "KOTACERDAS_UPDATE_TOKEN"

#: Defaults of the bounds (stated in ``docs/publishing.md`` and ``kotacerdas serve --help``).
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_RESULT_CAP = 100_000
DEFAULT_MAX_QUERY_BYTES = 1_000_000
DEFAULT_MAX_UPDATE_BYTES = 200_000_000
#: The largest file the validation page takes (the whole request body), refused with 413 before it is read.
DEFAULT_MAX_UPLOAD_BYTES = 20_000_000
#: Memory one query may add to its worker process, and one upload's validation to its process (MB).
DEFAULT_QUERY_MEMORY_MB = 1024
DEFAULT_UPLOAD_MEMORY_MB = 1024
#: Queries one client may have running or waiting at once on ``/sparql`` (more: 429).
DEFAULT_CLIENT_QUERIES = 2
#: How long a query waits for a free worker before 503 with ``Retry-After``.
DEFAULT_QUERY_QUEUE_S = 5.0


@dataclass
class ServeSettings:
    """The server's configuration; :meth:`check` refuses contradictory or unsafe settings (one line, exit 2)."""

    store: Path | None = None
    endpoint: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    #: The public base of the IRIs this server answers for; the path after it is the server's own path.
    base_iri: str = BASE
    #: The address the server is reached at from outside (links in VoID/DCAT); default ``http://host:port/``.
    public_url: str | None = None
    #: Query worker processes evaluating ``/sparql`` queries at once (:mod:`kg.store.query_workers`); pages and
    #: canned queries have threads of their own, as many.
    workers: int = 4
    #: Processes answering on the public socket: the store's owner and ``processes - 1`` fronts (kg.web.fronts).
    processes: int = 1
    timeout_s: float = DEFAULT_TIMEOUT_S
    result_cap: int = DEFAULT_RESULT_CAP
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES
    #: Bytes of term text in one answer (:mod:`kg.store.answers`).
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES
    query_memory_mb: int = DEFAULT_QUERY_MEMORY_MB
    client_queries: int = DEFAULT_CLIENT_QUERIES
    query_queue_s: float = DEFAULT_QUERY_QUEUE_S
    #: Uploads validated at once (each in a process of its own, :mod:`kg.web.upload_checks`) and the memory one
    #: validation may use.
    upload_workers: int = 2
    upload_memory_mb: int = DEFAULT_UPLOAD_MEMORY_MB
    allow_update: bool = False
    #: The validation page offers to load a file that passes, for the holder of the server's or the region's token.
    allow_load: bool = False
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    update_token: str | None = field(default=None, repr=False)
    #: Folder of files made by ``kotacerdas dump`` that ``/dumps/`` serves (default: ``<store>/dumps``).
    dumps: Path | None = None
    #: Log one line per request on stderr.
    access_log: bool = True

    def check(self) -> ServeSettings:
        if self.store is not None and self.endpoint:
            raise InputError("pilih --store atau --endpoint, tidak keduanya / give --store or --endpoint, not both")
        if not self.base_iri.endswith("/"):
            raise InputError("--base-iri harus diakhiri '/' / must end with '/'", source="--base-iri")
        if self.timeout_s <= 0 or self.result_cap <= 0 or self.workers <= 0 or self.processes <= 0:
            raise InputError("--timeout, --result-cap, --workers, --processes harus positif / must be positive")
        if self.processes > 1 and not hasattr(__import__("os"), "fork"):
            raise InputError("--processes > 1 memerlukan fork (Linux, macOS) / needs fork (Linux, macOS)")
        if min(self.max_answer_bytes, self.client_queries, self.upload_workers) <= 0 or self.query_queue_s < 0:
            raise InputError("--max-answer-bytes, --client-queries, --upload-workers harus positif / must be positive")
        if min(self.query_memory_mb, self.upload_memory_mb) < 64:
            raise InputError("--query-memory, --upload-memory: paling sedikit / at least 64 MB")
        if self.max_upload_bytes <= 0:
            raise InputError("--max-upload harus positif / must be positive", source="--max-upload")
        if self.allow_load and self.endpoint:
            raise InputError(
                "--allow-load memerlukan --store / needs the embedded store (--store), not --endpoint",
                source="--allow-load",
            )
        if self.allow_update or self.allow_load:
            self.update_token = self.update_token or os.environ.get(UPDATE_TOKEN_VARIABLE) or None
            if not self.update_token or len(self.update_token) < 16:
                option = "--allow-update" if self.allow_update else "--allow-load"
                raise InputError(
                    f"{option} memerlukan token >= 16 karakter di ${UPDATE_TOKEN_VARIABLE} / "
                    f"{option} needs a token of 16+ characters in ${UPDATE_TOKEN_VARIABLE}",
                    source=option,
                )
        return self

    @property
    def own_url(self) -> str:
        """The server's public address, ending in ``/``."""
        if self.public_url:
            return self.public_url.rstrip("/") + "/"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
