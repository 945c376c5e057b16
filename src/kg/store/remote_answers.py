"""A SPARQL server's answers read: SPARQL 1.1 Query Results JSON as a :class:`SelectResult` of pyoxigraph terms,
the headers that say an answer was cut short (:class:`TruncatedResultError`), a body read within a byte limit.
Used by :class:`kg.store.remote.RemoteStore` and the web endpoint's remote dataset."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import httpx
import pyoxigraph as ox

from kg.core.errors import InputError
from kg.store.interface import ResultTooLargeError, SelectResult, TruncatedResultError

if TYPE_CHECKING:
    from rdflib.term import Node

_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def check_complete(headers: Mapping[str, str], endpoint: str) -> None:
    """Raise :class:`TruncatedResultError` when the response headers say the answer was cut short."""
    get = headers.get
    max_rows = get("X-SPARQL-MaxRows")
    if max_rows is not None:
        raise TruncatedResultError(
            f"{endpoint}: jawaban terpotong pada batas {max_rows} baris server / the server cut the answer at "
            f"its row cap of {max_rows} rows (Virtuoso ResultSetMaxRows): the answer may be incomplete; "
            "narrow the query (parameters, LIMIT/OFFSET pages) or raise the cap"
        )
    sql_state = get("X-SQL-State")
    if sql_state is not None and sql_state.strip().upper() == "S1TAT":
        message = (get("X-SQL-Message") or "").strip()
        raise TruncatedResultError(
            f"{endpoint}: jawaban tidak lengkap karena batas waktu / partial answer after a timeout "
            f"(X-SQL-State S1TAT{': ' + message[:160] if message else ''}); narrow the query or raise the "
            "timeout (--timeout)"
        )


def parse_select_json(answer: Mapping, endpoint: str, max_rows: int | None = None) -> SelectResult:
    """A SPARQL 1.1 Query Results JSON answer as a :class:`SelectResult`; more than ``max_rows`` rows raise
    :class:`ResultTooLargeError`."""
    head = answer.get("head")
    results = answer.get("results")
    if not isinstance(head, Mapping) or not isinstance(results, Mapping):
        raise InputError("jawaban bukan hasil SELECT / the answer is not a SELECT result", source=endpoint)
    variables = [str(name) for name in head.get("vars", [])]
    bindings = results.get("bindings", [])
    if not isinstance(bindings, list):
        raise InputError("jawaban SELECT rusak / malformed SELECT answer", source=endpoint)
    if max_rows is not None and len(bindings) > max_rows:
        raise ResultTooLargeError(
            f"jawaban melebihi {max_rows:,} baris / the answer has more than {max_rows:,} rows: add LIMIT, "
            "narrow the query, or raise --max-rows",
            source=endpoint,
        )
    rows = [
        tuple(_term(binding[name], endpoint) if name in binding else None for name in variables) for binding in bindings
    ]
    return SelectResult(variables, rows)


def _term(binding: Mapping[str, str], endpoint: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | Node:
    """One term of a SPARQL JSON answer as a pyoxigraph term."""
    kind = binding.get("type")
    value = binding.get("value", "")
    try:
        if kind == "uri":
            return ox.NamedNode(value)
        if kind == "bnode":
            return ox.BlankNode(value if _BLANK_LABEL.fullmatch(value) else "x" + value.encode().hex())
        if kind in ("literal", "typed-literal"):
            language = binding.get("xml:lang")
            if language:
                return ox.Literal(value, language=language)
            datatype = binding.get("datatype")
            if datatype == _XSD_BOOLEAN:  # Virtuoso answers "1"/"0": the canonical form is "true"/"false"
                value = {"1": "true", "0": "false"}.get(value.strip(), value)
            return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)
    except ValueError:  # a term pyoxigraph refuses (an IRI with a space): kept as rdflib reads it
        return _rdflib_term(kind, value, binding)
    raise InputError(f"jenis term SPARQL JSON tidak dikenal / unknown SPARQL JSON term type {kind!r}", source=endpoint)


_BLANK_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def _rdflib_term(kind: str | None, value: str, binding: Mapping[str, str]) -> Node:
    from rdflib import Literal, URIRef

    if kind == "uri":
        return URIRef(value)
    datatype = binding.get("datatype")
    return Literal(value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


def _integer(term: object) -> int | None:
    """An integer literal's value (a count), else ``None``."""
    if isinstance(term, ox.Literal):
        try:
            return int(term.value.strip())
        except ValueError:
            return None
    return None


def _canonical(term: Node) -> Node:
    """Booleans in their canonical form (Virtuoso writes ``"1"^^xsd:boolean``)."""
    from rdflib import Literal

    if isinstance(term, Literal) and str(term.datatype) == _XSD_BOOLEAN and str(term) in ("1", "0"):
        return Literal("true" if str(term) == "1" else "false", datatype=term.datatype)
    return term


def _json(body: bytes, endpoint: str) -> dict:
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise InputError(
            f"jawaban bukan SPARQL JSON / the answer is not SPARQL results JSON ({error})", source=endpoint
        ) from None
    if not isinstance(answer, dict):
        raise InputError("jawaban bukan SPARQL JSON / the answer is not SPARQL results JSON", source=endpoint)
    return answer


def _read_body(response: httpx.Response, limit: int | None, url: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if limit is not None and size > limit:
            raise ResultTooLargeError(
                f"jawaban server melebihi {limit >> 20} MB / the answer is larger than {limit >> 20} MB: add LIMIT "
                "or narrow the query",
                source=url,
            )
        parts.append(chunk)
    return b"".join(parts)
