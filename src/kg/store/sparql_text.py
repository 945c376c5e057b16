"""SPARQL query text, handled as text with care: parameters bound as a ``VALUES`` block serialised from RDF
terms, the query form, the outermost ``WHERE`` group, and the counting twin of a CONSTRUCT.

Used by every store (embedded and remote), so a parameter is bound the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from kg.core.errors import InputError

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyoxigraph as ox
    from rdflib.term import Identifier, Node

    #: A term bound to a query variable: an rdflib term or a pyoxigraph one (every store takes both).
    BoundTerm: TypeAlias = Identifier | ox.NamedNode | ox.BlankNode | ox.Literal

_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def bind_values(query: str, bindings: Mapping[str, BoundTerm] | None) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block at the start of its outermost ``WHERE`` group.

    The block is serialised from the terms (pyoxigraph's N-Triples form, or rdflib's ``.n3()``), so a value can
    never change the query's shape.
    Inside the group, ``VALUES`` is joined before grouping and aggregation, which is what a parameter means.
    Variables the query does not use are harmless (a join with one row).
    """
    if not bindings:
        return query
    names, terms = [], []
    for name, term in bindings.items():
        name = name.removeprefix("?").removeprefix("$")
        if not _VARIABLE_NAME.match(name):
            raise InputError(f"nama variabel tidak sah / not a valid variable name: {name!r}", source="--param")
        names.append(f"?{name}")
        terms.append(value_text(name, term))
    # One single-variable block per parameter (the same single row as one multi-variable block): Virtuoso 7.2
    # fails to compile a multi-variable VALUES row next to an OPTIONAL ("no SPART_VARR_FIXED").
    block = "".join(f" VALUES {name} {{ {term} }}" for name, term in zip(names, terms, strict=True)) + "\n"
    position = where_group(query)
    if position is None:  # DESCRIBE <iri> has no WHERE clause
        return f"{query}\nWHERE {{{block}}}"
    return query[: position + 1] + block + query[position + 1 :]


def value_text(name: str, term: object) -> str:
    """An IRI or literal parameter as SPARQL text (a blank node or anything else is refused)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        check_iri(term.value)
        return str(term)
    if isinstance(term, ox.Literal):
        return str(term)  # N-Triples form: every character that could end the literal is escaped
    if not isinstance(term, ox.BlankNode) and type(term).__module__.startswith("rdflib"):
        from rdflib import BNode, Literal, URIRef

        if isinstance(term, URIRef):
            check_iri(str(term))
            return term.n3()
        if isinstance(term, Literal) and not isinstance(term, BNode):
            return term.n3()
    raise InputError(
        f"parameter {name} harus IRI atau literal / must be an IRI or a literal, not {term!r}", source="--param"
    )


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_NAME_RUN = re.compile(r"[?$:A-Za-z0-9_\-.]+")


def _tokens(query: str, punctuation: str = "{}") -> Iterator[tuple[int, str]]:
    """The ``punctuation`` characters (by default ``{`` and ``}``) and bare words of a query outside strings,
    IRIs and comments, with their offsets."""
    index, length = 0, len(query)
    while index < length:
        char = query[index]
        if char == "#":
            end = query.find("\n", index)
            index = length if end < 0 else end + 1
        elif char in "\"'":
            quote = char * 3 if query.startswith(char * 3, index) else char
            index += len(quote)
            while index < length and not query.startswith(quote, index):
                index += 2 if query[index] == "\\" else 1
            index += len(quote)
        elif char == "<" and (match := _IRIREF.match(query, index)):
            index = match.end()
        elif char in punctuation:
            yield index, char
            index += 1
        elif char in "?$:" or char.isalnum() or char == "_":
            match = _NAME_RUN.match(query, index)
            assert match is not None
            word = match.group().rstrip(".")
            if _WORD.fullmatch(word):
                yield index, word
            index += max(len(word), 1)
        else:
            index += 1


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``, which only a query's top level may
    hold), outside strings, IRIs and comments."""
    return any(token.upper() == "FROM" for _, token in _tokens(query))


def dataset_options(
    query: str, default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None
) -> dict[str, object]:
    """pyoxigraph's ``Store.query`` options for the dataset a query runs on (SPARQL 1.1 Protocol, 2.1.4):
    the protocol's ``default-graph-uri`` / ``named-graph-uri`` when given; else the query's own ``FROM`` /
    ``FROM NAMED``; only when neither names a dataset, the union of all graphs as the default graph (this
    store's convention, stated in its Service Description)."""
    import pyoxigraph as ox

    def nodes(iris: Sequence[str]) -> list[ox.NamedNode]:
        for iri in iris:
            check_iri(iri)
        return [ox.NamedNode(iri) for iri in iris]

    options: dict[str, object] = {}
    if default_graphs:
        options["default_graph"] = nodes(default_graphs)
    if named_graphs:
        options["named_graphs"] = nodes(named_graphs)
    if not options and not has_dataset_clause(query):
        options["use_default_graph_as_union"] = True
    return options


def keywords(query: str) -> set[str]:
    """The bare words of a query (upper case) outside strings, IRIs and comments."""
    return {token.upper() for _, token in _tokens(query) if token not in "{}"}


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first of them outside strings, IRIs and comments."""
    for _, token in _tokens(query):
        if token.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return token.upper()
    return None


def where_group(query: str) -> int | None:
    """The offset of the ``{`` opening the outermost WHERE group, or ``None`` if the query has none."""
    depth = 0
    form = None
    top_groups: list[int] = []
    after_where = False
    for offset, token in _tokens(query):
        if token == "{":
            if depth == 0:
                if after_where:
                    return offset
                top_groups.append(offset)
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            upper = token.upper()
            if form is None and upper in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = upper
            elif upper == "WHERE":
                after_where = True
    if form == "CONSTRUCT":  # CONSTRUCT { template } { pattern } is not valid; the template is the first group
        return top_groups[1] if len(top_groups) > 1 else None
    return top_groups[0] if top_groups else None


def _group_end(query: str, opening: int) -> int:
    """The offset of the ``}`` closing the group that opens at ``opening``."""
    depth = 0
    for offset, token in _tokens(query):
        if offset < opening or token not in "{}":
            continue
        depth += 1 if token == "{" else -1
        if depth == 0:
            return offset
    raise InputError("kurung kurawal tidak seimbang / unbalanced braces in the query", source="SPARQL")


def construct_count_query(query: str) -> str | None:
    """A SELECT counting the distinct triples the CONSTRUCT ``query`` makes, or ``None`` if none can be built.

    Each solution of the WHERE clause (with its solution modifiers) is crossed with the template's triple
    numbers. A blank node of the template is fresh per solution in CONSTRUCT; Virtuoso 7.2 lacks ``BNODE()``,
    so it stands as an IRI made from its label and the values of the template's variables (two solutions
    equal on those variables count once: the count can only err low, never call a complete answer cut).
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    try:
        algebra = prepareQuery(query).algebra
        template = algebra.get("template")
        if not template:  # CONSTRUCT WHERE { … }: the pattern is the template (as rdflib's own engine reads it)
            template = algebra.p.p.triples
    except Exception:  # noqa: BLE001 - a query rdflib cannot read is not checked here
        return None
    opening = where_group(query)
    tokens = list(_tokens(query))
    form = next((index for index, (_, token) in enumerate(tokens) if token.upper() == "CONSTRUCT"), None)
    if not template or opening is None or form is None:
        return None
    closing = _group_end(query, opening)
    # The dataset clause (FROM …) between the template (or the keyword, in CONSTRUCT WHERE) and the pattern.
    after_form = tokens[form][0] + len("CONSTRUCT")
    if form + 1 < len(tokens) and tokens[form + 1][1] == "{" and tokens[form + 1][0] != opening:
        after_form = _group_end(query, tokens[form + 1][0]) + 1
    dataset = re.sub(r"(?i)\bWHERE\s*$", "", query[after_form:opening].strip())
    form = tokens[form][0]

    variables = sorted({str(node) for triple in template for node in triple if isinstance(node, Variable)})
    solution_key = ', "|", '.join(f'COALESCE(STR(?{name}), "")' for name in variables) or '""'

    from rdflib import BNode

    def term(node: Node) -> str:
        if isinstance(node, Variable):
            return f"?{node}"
        if isinstance(node, BNode):
            return f'IRI(CONCAT("urn:kotacerdas:blank:", MD5(CONCAT("{node}", "|", {solution_key}))))'
        return node.n3()

    def pick(position: int) -> str:
        chosen = term(template[-1][position])
        for index in range(len(template) - 2, -1, -1):
            chosen = f"IF(?kc_triple = {index}, {term(template[index][position])}, {chosen})"
        return chosen

    numbers = " ".join(str(index) for index in range(len(template)))
    return (
        f"{query[:form]}SELECT (COUNT(*) AS ?kc_triples) {dataset} WHERE {{\n"
        f"  {{ SELECT DISTINCT ?kc_s ?kc_p ?kc_o WHERE {{\n"
        f"    {{ SELECT * WHERE {query[opening : closing + 1]} {query[closing + 1 :].strip()} }}\n"
        f"    VALUES ?kc_triple {{ {numbers} }}\n"
        f"    BIND ({pick(0)} AS ?kc_s) BIND ({pick(1)} AS ?kc_p) BIND ({pick(2)} AS ?kc_o)\n"
        f"    FILTER (BOUND(?kc_s) && BOUND(?kc_o) && isIRI(?kc_p) && !isLiteral(?kc_s))\n"
        f"  }} }}\n}}"
    )


def check_iri(iri: str) -> None:
    """Refuse (one line, exit 2) an IRI that could not be written as ``<iri>`` in a query."""
    if not _IRIREF.fullmatch(f"<{iri}>"):
        raise InputError(f"IRI tidak sah / not a valid IRI: {iri!r}")


_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_EXPECTED_FORM = "SELECT, ASK, CONSTRUCT, DESCRIBE"
_PARSER_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _line_column(query: str, offset: int) -> tuple[int, int]:
    line = query.count("\n", 0, offset) + 1
    return line, offset - (query.rfind("\n", 0, offset) + 1) + 1


def _found(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 30 else text[:30] + "…")


def _without_standard_prologue(query: str) -> tuple[str, int]:
    """The query as its author wrote it, and how many lines of the project's prefixes
    (:func:`kg.queries.canned.with_standard_prefixes`) were put in front of it."""
    from kg.core.namespaces import PREFIXES

    standard = {f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()}
    lines = query.split("\n")
    added = 0
    while added < len(lines) - 1 and lines[added] in standard:
        added += 1
    return "\n".join(lines[added:]), added


def first_word_not_a_form(query: str) -> tuple[str, int, int] | None:
    """The query's first word after its prologue (``PREFIX`` / ``BASE``) when it is no query form: ``SELEKT`` at
    line 1, column 1. ``None`` when the query starts as a query does (or has no word at all)."""
    for offset, token in _tokens(query):  # prefix names and IRIs are no tokens
        upper = token.upper()
        if upper in ("PREFIX", "BASE"):
            continue
        if upper in _FORMS:
            return None
        line, column = _line_column(query, offset)
        return token, line, column
    return None


def not_a_query_message(query: str) -> str:
    """One line for a text with no query form, naming what was found where the form was expected."""
    query, _ = _without_standard_prologue(query)
    found = first_word_not_a_form(query)
    if found is None:
        return f"bukan kueri SPARQL / not a SPARQL query ({_EXPECTED_FORM})"
    word, line, column = found
    return (
        f"bukan kueri SPARQL / not a SPARQL query: baris / line {line}, kolom / column {column}: ditemukan / "
        f"found {_found(word)}; diharapkan / expected {_EXPECTED_FORM}"
    )


def syntax_error_message(query: str, error: Exception) -> str:
    """One line for a query the parser refused, naming what it found where: ``SELEKT`` (where pyoxigraph says
    only "expected CONSTRUCT", at the place its parser gave up), else the text at the parser's line and column
    ("akhir kueri / end of the query" past the end) and what it expected there."""
    query, added = _without_standard_prologue(query)
    found = first_word_not_a_form(query)
    if found is not None:
        word, line, column = found
        what, expected = _found(word), _EXPECTED_FORM
    else:
        match = _PARSER_POSITION.search(str(error))
        if match is None:
            return f"kueri SPARQL tidak sah / invalid SPARQL query: {str(error).splitlines()[0] if str(error) else ''}"
        line, column, expected = int(match.group(1)) - added, int(match.group(2)), match.group(3).splitlines()[0]
        expected = expected.removeprefix("expected ").strip()
        lines = query.split("\n")
        rest = lines[line - 1][column - 1 :] if line <= len(lines) else ""
        later = "\n".join([rest, *lines[line:]]).strip()
        what = _found(later.split()[0]) if later else "akhir kueri / end of the query"
    return (
        f"kueri SPARQL tidak sah / invalid SPARQL query: baris / line {line}, kolom / column {column}: "
        f"ditemukan / found {what}; diharapkan / expected {expected}"
    )
