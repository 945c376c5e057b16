"""The real SPARQL servers of the remote tests (started by ``.ci/servers.sh``) and what the tests share.

Servers are found at fixed loopback URLs, overridable with ``KOTACERDAS_TEST_OXIGRAPH_URL``,
``KOTACERDAS_TEST_OXIGRAPH_PLAIN_URL`` (an Oxigraph server whose default graph is not the union of its named
graphs) and ``KOTACERDAS_TEST_VIRTUOSO_URL`` (plus ``KOTACERDAS_TEST_VIRTUOSO_USER`` / ``_PASSWORD``). A server that does
not answer skips its tests, except in CI (``CI=true``), where it fails them: CI must prove the remote path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.core.namespaces import BASE
from kg.store.remote import STAGING_PREFIX, RemoteStore


@dataclass(frozen=True)
class Server:
    """One test server: its name, its endpoints and the credentials of its update user."""

    name: str
    query: str
    update: str
    gsp: str
    user: str | None = None
    password: str | None = None

    def store(self, route: str, **options: object) -> RemoteStore:
        """A store on this server loading through ``route``: ``"gsp"`` (Graph Store Protocol) or ``"update"``."""
        return RemoteStore(
            self.query,
            update_endpoint=self.update,
            gsp_endpoint=self.gsp if route == "gsp" else None,
            user=self.user,
            password=self.password,
            **options,  # type: ignore[arg-type]
        )


def oxigraph() -> Server:
    base = os.environ.get("KOTACERDAS_TEST_OXIGRAPH_URL", "http://127.0.0.1:7878").rstrip("/")
    return Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")


def oxigraph_plain() -> Server:
    """Oxigraph as it comes out of the box: its default graph is only the default graph (not the union)."""
    base = os.environ.get("KOTACERDAS_TEST_OXIGRAPH_PLAIN_URL", "http://127.0.0.1:7879").rstrip("/")
    return Server("oxigraph-plain", f"{base}/query", f"{base}/update", f"{base}/store")


def virtuoso() -> Server:
    base = os.environ.get("KOTACERDAS_TEST_VIRTUOSO_URL", "http://127.0.0.1:8890").rstrip("/")
    return Server(
        "virtuoso",
        f"{base}/sparql",
        f"{base}/sparql-auth",
        f"{base}/sparql-graph-crud-auth",
        os.environ.get("KOTACERDAS_TEST_VIRTUOSO_USER", "kotacerdas"),
        os.environ.get("KOTACERDAS_TEST_VIRTUOSO_PASSWORD", "kotacerdas-ci"),
    )


SERVERS = {"oxigraph": oxigraph, "oxigraph-plain": oxigraph_plain, "virtuoso": virtuoso}


@cache
def _unreachable_reason(name: str) -> str | None:
    server = SERVERS[name]()
    try:
        response = httpx.post(
            server.query,
            data={"query": "ASK {}"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=5,
        )
    except httpx.HTTPError as error:
        return f"{name} SPARQL server not reachable at {server.query} ({error}); start it with .ci/servers.sh"
    if response.status_code != 200:
        return f"{name} SPARQL server at {server.query} answered HTTP {response.status_code}"
    return None


def require(name: str) -> Server:
    """The server ``name``; skips the test when it does not answer (fails instead when ``CI=true``)."""
    reason = _unreachable_reason(name)
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    return SERVERS[name]()


def clear_project_graphs(store: RemoteStore, prefix: str = BASE) -> None:
    """Drop every graph of this project (and every staging graph) from a test server."""
    names = [name for name in store.graph_names() if name.startswith(prefix) or name.startswith(STAGING_PREFIX)]
    if names:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in sorted(names)))


def graph_ntriples(path_or_bytes: str | bytes) -> bytes:
    """Canonical N-Triples of an RDF file (by path) or of N-Triples bytes, through pyoxigraph."""
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes
    return ox.serialize(ox.parse(path=path_or_bytes), format=ox.RdfFormat.N_TRIPLES)


def comparable(value: object) -> object:
    """A term in a form equal across servers: numbers by value, ``xsd:string`` as a plain literal."""
    if isinstance(value, Literal):
        if value.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long):
            return round(Decimal(str(value.toPython())), 9)
        datatype = None if value.datatype == XSD.string else value.datatype
        return ("literal", str(value), value.language, datatype)
    if isinstance(value, URIRef):
        return str(value)
    return value


def comparable_rows(result) -> list[tuple]:  # noqa: ANN001 - a SelectResult
    """The rows of a SELECT answer, comparable and sorted (order is not part of the comparison)."""
    return sorted((tuple(comparable(term) for term in row) for row in result.rows), key=repr)
