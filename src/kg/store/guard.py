"""What a SPARQL query text may do before any store runs it: the check that ``kotacerdas sparql`` and the web
endpoint share (:func:`check_query`).

Its shape first (:class:`QueryShape`): a query's size, how deep its groups and brackets nest and how many
patterns it joins are bounded before any parser reads it. pyoxigraph's parser and planner recurse on each of
them: on this machine a query of ``{`` nested 3,000 deep, ``(`` nested 6,000 deep or 10,000 flat triple
patterns overflows the stack and ends the whole process with SIGSEGV (measured with pyoxigraph 0.5.13), and
depth 1,000 or 1,000 joined patterns already take longer than any bound to plan. The limits are far above any
query the project or a person writes (the canned queries nest at most 6 deep and join at most 71 patterns).

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
from dataclasses import dataclass

from kg.core.errors import InputError

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _resolve_codepoints(query: str) -> str:
    def character(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(character, query)


#: Defaults of :class:`QueryShape` (stated in SECURITY.md and ``kotacerdas serve --help``).
MAX_QUERY_BYTES = 1_000_000
MAX_QUERY_DEPTH = 100
MAX_QUERY_PATTERNS = 2_000

#: Brackets that nest (groups, expressions, collections and blank-node property lists) and the separators of
#: a group's patterns.
_OPENING = {"{": "}", "(": ")", "[": "]"}
_SEPARATORS = frozenset(".;,")
#: Words that add a pattern or an operator to the query's algebra.
_PATTERN_WORDS = frozenset(("UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "VALUES", "EXISTS"))


class QueryShapeError(InputError):
    """A query larger, deeper or with more patterns than the store will plan (see the module's description)."""


@dataclass(frozen=True)
class QueryShape:
    """The bounds of a query's text: bytes (UTF-8), nesting depth of brackets, and patterns (triple patterns and
    the operators that join them)."""

    max_bytes: int = MAX_QUERY_BYTES
    max_depth: int = MAX_QUERY_DEPTH
    max_patterns: int = MAX_QUERY_PATTERNS


def check_query_shape(query: str, shape: QueryShape = QueryShape()) -> None:
    """Refuse (:class:`QueryShapeError`, one line) a query over ``shape``: read in one pass by the project's
    SPARQL lexer, outside strings, IRIs and comments, before any parser sees it."""
    from kg.store.sparql_text import _tokens

    size = len(query.encode("utf-8", errors="surrogatepass"))
    if size > shape.max_bytes:
        raise QueryShapeError(
            f"kueri {size} bita, melebihi batas {shape.max_bytes} / the query is {size} bytes, over the limit of "
            f"{shape.max_bytes}",
            source="SPARQL",
        )
    depth = deepest = 0
    patterns = 1
    for _, token in _tokens(_resolve_codepoints(query), "{}()[].;,"):
        if token in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > shape.max_depth:
                    raise QueryShapeError(
                        f"kueri bersarang lebih dari {shape.max_depth} tingkat (kurung, kurawal) / the query nests "
                        f"brackets and groups more than {shape.max_depth} deep: write it flatter",
                        source="SPARQL",
                    )
        elif token in "}])":
            depth = max(depth - 1, 0)
        elif token in _SEPARATORS or token.upper() in _PATTERN_WORDS:
            patterns += 1
            if patterns > shape.max_patterns:
                raise QueryShapeError(
                    f"kueri memuat lebih dari {shape.max_patterns} pola / the query joins more than "
                    f"{shape.max_patterns} patterns: split it or use VALUES for lists of terms",
                    source="SPARQL",
                )


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
    if "service" not in query.lower():  # no parser can read the keyword where the word is not
        return False
    try:
        tree = parseQuery(query)
    except Exception:  # noqa: BLE001 - a text rdflib cannot parse: its words were judged above
        return False
    return "ServiceGraphPattern" in set(_node_names(tree))


def check_query(query: str, *, allow_service: bool = False, shape: QueryShape = QueryShape()) -> None:
    """Refuse (one line, exit 2) a query the caller does not allow to run: one over ``shape``
    (:class:`QueryShapeError`), ``SERVICE`` unless ``allow_service`` (:class:`ServiceRefusedError`)."""
    check_query_shape(query, shape)
    if not allow_service and uses_service(query):
        raise ServiceRefusedError(
            "kueri memuat SERVICE (permintaan ke server lain) dan ditolak; pakai --allow-service bila memang "
            "dimaksudkan / the query holds a SERVICE clause (requests to other servers) and is refused; "
            "use --allow-service if you mean it",
            source="SPARQL",
        )
