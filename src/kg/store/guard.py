"""What a SPARQL query text may do before any store runs it: the check that ``kotacerdas sparql`` and the web
endpoint share.

``SERVICE`` makes the store itself send requests to any URL the query names (another server, a local service
behind the firewall, ``file://``): a query is refused when it holds one, unless the caller allows it. The check
reads the query's parse tree (rdflib's SPARQL parser), so ``SERVICE`` inside a string, an IRI or a comment
does not count and one hidden in a sub-query, ``OPTIONAL``, ``UNION`` or ``MINUS`` does. As a second opinion
(and for a text that parser cannot read, e.g. a newer syntax pyoxigraph accepts), the query's words are read
by the lexer of :mod:`kg.store.sparql_text`: the keyword ``SERVICE`` outside strings, IRIs and comments is
refused too (in SPARQL that bare word can only be the keyword). Codepoint escapes (``\\u0053ERVICE``), which
SPARQL lets a parser resolve before reading the query (Jena does), are resolved first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.core.errors import InputError

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _resolve_codepoints(query: str) -> str:
    def character(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(character, query)


class ServiceRefusedError(InputError):
    """A query with a ``SERVICE`` clause where federated queries are not allowed."""


def _node_names(node: object) -> Iterator[str]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _node_names(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _node_names(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _node_names(value)


def uses_service(query: str) -> bool:
    """Whether ``query`` holds a ``SERVICE`` clause anywhere (see the module's description)."""
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.store.sparql_text import keywords

    query = _resolve_codepoints(query)
    if "SERVICE" in keywords(query):
        return True
    try:
        tree = parseQuery(query)
    except Exception:  # noqa: BLE001 - a text rdflib cannot parse: its words were judged above
        return False
    return "ServiceGraphPattern" in set(_node_names(tree))


def check_query(query: str, *, allow_service: bool = False) -> None:
    """Refuse (one line, exit 2) a query the caller does not allow to run: ``SERVICE`` unless ``allow_service``."""
    if not allow_service and uses_service(query):
        raise ServiceRefusedError(
            "kueri memuat SERVICE (permintaan ke server lain) dan ditolak; pakai --allow-service bila memang "
            "dimaksudkan / the query holds a SERVICE clause (requests to other servers) and is refused; "
            "use --allow-service if you mean it",
            source="SPARQL",
        )
