"""SPARQL-based constraints (spec §5): sh:sparql with an sh:select query.

Pre-binding of ``$this`` (spec §5.2.1) is done set-wise: the pattern of all focus nodes is put first in
the query's outer group, so one query validates every focus node. A query with a nested SELECT is run
once per focus node with ``$this`` substituted by the store (the SPARQL SEP-0007 substitution).
``$PATH`` becomes the shape's path, ``$currentShape`` its IRI; ``$shapesGraph`` is not compiled.
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import ShapesGraphError, Uncompilable
from kg.shacl.terms import sparql_term

_STRING_OR_IRI = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_BINDS_THIS = re.compile(r"\bAS\s+[?$]this\b", re.IGNORECASE)
_NESTED_SELECT = re.compile(r"\{\s*SELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


def masked(query: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), for keyword scanning."""
    return _STRING_OR_IRI.sub(lambda m: " " * len(m.group(0)), query)


_USED_PREFIX = re.compile(r"(?<![\w.\-])([A-Za-z][\w.\-]*)?:")
_QUERY_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.\-]*)?:", re.IGNORECASE)


def prefix_declarations(ctx: ShapeContext, constraint: Node, query: str = "") -> str:
    """PREFIX lines for the sh:declare of each ontology named by sh:prefixes (and those it owl:imports).

    A prefix that ``query`` uses but neither declares itself nor finds in an sh:declare is taken from the
    shapes graph's namespace bindings (its Turtle ``@prefix`` lines), as pySHACL resolves it.
    """
    lines = []
    pending, ontologies = list(ctx.graph.objects(constraint, SH.prefixes)), set()
    while pending:
        ontology = pending.pop()
        if ontology not in ontologies:
            ontologies.add(ontology)
            pending.extend(ctx.graph.objects(ontology, OWL.imports))
    for ontology in ontologies:
        for declaration in ctx.graph.objects(ontology, SH.declare):
            prefix = ctx.graph.value(declaration, SH.prefix)
            namespace = ctx.graph.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    missing = undeclared_prefixes("\n".join(lines) + "\n" + query)
    if missing:
        bindings = {prefix: str(namespace) for prefix, namespace in ctx.graph.namespaces()}
        lines.extend(f"PREFIX {prefix}: <{bindings[prefix]}>" for prefix in missing if prefix in bindings)
    return "\n".join(sorted(set(lines)))


def undeclared_prefixes(query: str) -> set[str]:
    """The prefixes ``query`` uses without a PREFIX declaration."""
    text = masked(query)
    declared = {match.group(1) or "" for match in _QUERY_PREFIX.finditer(text)}
    return {match.group(1) or "" for match in _USED_PREFIX.finditer(text)} - declared


def check_syntax(query: str, ctx: ShapeContext, constraint: Node) -> None:
    """Refuse a query the store cannot parse, with one line (never the parser's raw SyntaxError)."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(query)
    except SyntaxError as error:
        reason = " ".join(str(error).split())[:200]
        undeclared = sorted(undeclared_prefixes(query))
        if undeclared:
            reason = f"prefix not declared: {', '.join(f'{prefix}:' for prefix in undeclared)} ({reason})"
        raise ShapesGraphError(
            f"SPARQL constraint {sparql_term(constraint) if not isinstance(constraint, BNode) else '[]'} of shape "
            f"{sparql_term(ctx.shape.node)} is not a valid query: {reason}"
        ) from None


def check_query(query: str) -> bool:
    """Refuse what SHACL forbids in pre-bound queries; True when the query has a nested SELECT."""
    text = masked(query)
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        raise ShapesGraphError(f"SPARQL constraint uses {forbidden.group(1).upper()}, which SHACL forbids")
    if _BINDS_THIS.search(text):
        raise ShapesGraphError("SPARQL constraint assigns $this")
    for match in _NESTED_SELECT.finditer(text):
        projection = match.group(1)
        if "*" in projection:
            body = text[match.end() : _closing_brace(text, text.index("{", match.end()))]
            projected = re.search(r"[?$]this\b", _FILTER.sub(" ", body))
        else:
            projected = re.search(r"[?$]this\b", projection)
        if not projected:
            raise ShapesGraphError("nested SELECT of a SPARQL constraint does not project $this")
    return not _join_safe(text)


_FILTER = re.compile(r"FILTER\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)", re.IGNORECASE)


def _closing_brace(text: str, opening: int) -> int:
    depth = 0
    for position in range(opening, len(text)):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            depth -= 1
            if depth == 0:
                return position
    return len(text)


def _join_safe(text: str) -> bool:
    """True when putting the focus pattern first in the outer group equals pre-binding ``$this``.

    That holds when every ``$this`` is in the outer group itself, inside EXISTS (evaluated with the
    solution's bindings), or directly inside an OPTIONAL of the outer group (its filter sees the left side).
    """
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    start = where.end() - 1 if where else text.find("{")
    if re.search(r"\{\s*SELECT\b", text[start + 1 :], re.IGNORECASE):
        return False
    stack: list[str] = []
    for position in range(start, len(text)):
        char = text[position]
        if char == "{":
            before = text[max(0, position - 12) : position].upper().rstrip()
            kind = "exists" if before.endswith("EXISTS") else "optional" if before.endswith("OPTIONAL") else "group"
            stack.append(kind)
        elif char == "}":
            if stack:
                stack.pop()
        elif char in "?$" and re.match(r"[?$]this\b", text[position : position + 6]):
            inner = stack[1:]
            allowed = all(kind == "exists" for kind in inner) or (
                inner[:1] == ["optional"] and all(kind == "exists" for kind in inner[1:])
            )
            if not allowed:
                return False
    return True


def inject_focus(query: str, focus_pattern: str) -> str:
    """The query with the focus-node pattern first in its outer WHERE group."""
    text = masked(query)
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        select = re.search(r"\bSELECT\b", text, re.IGNORECASE)
        brace = text.find("{", select.end() if select else 0)
        if brace < 0:
            raise Uncompilable("no WHERE group in the SPARQL constraint")
        position = brace + 1
    else:
        position = where.end()
    return query[:position] + " " + focus_pattern + " " + query[position:]


def substitute_this(query: str, focus: Node) -> str:
    """Pre-binding by rewriting: ``$this`` replaced by the focus node in the WHERE clause, ``bound($this)``
    by true, and a final VALUES giving the projected ``?this`` (for queries that a join cannot express)."""
    text = masked(query)
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    start = where.start() if where else text.find("{")
    constant = sparql_term(focus)
    head, body = query[:start], query[start:]
    body_mask = text[start:]
    projections = [m.span() for m in re.finditer(r"\bSELECT\b.*?\bWHERE\b", body_mask, re.IGNORECASE | re.DOTALL)]
    pieces, last = [], 0
    for match in re.finditer(r"(?i:bound)\s*\(\s*[?$]this\s*\)|[?$]this\b", body_mask):
        if any(begin <= match.start() < end for begin, end in projections):
            continue  # a nested SELECT keeps projecting ?this; the final VALUES binds it
        pieces.append(body[last : match.start()])
        pieces.append("(true)" if match.group(0)[0] in "bB" else constant)
        last = match.end()
    pieces.append(body[last:])
    return head + "".join(pieces) + f"\nVALUES ?this {{ {constant} }}"


def sparql_constraints(ctx: ShapeContext) -> list[Check]:
    """One check per sh:sparql constraint of the shape."""
    checks = []
    for constraint in ctx.shape.values(SH.sparql):
        deactivated = ctx.graph.value(constraint, SH.deactivated)
        if isinstance(deactivated, Literal) and deactivated.toPython() is True:
            continue
        select = ctx.graph.value(constraint, SH.select)
        if select is None:
            raise Uncompilable("sh:sparql without sh:select")
        body = str(select)
        if re.search(r"\$shapesGraph\b", body):
            raise Uncompilable("$shapesGraph in a SPARQL constraint")
        if re.search(r"[?$]currentShape\b", body):
            body = re.sub(r"[?$]currentShape\b", lambda _: sparql_term(ctx.shape.node), body)
        if re.search(r"\$PATH\b", body):
            path = ctx.path
            if path is None:
                raise ShapesGraphError("$PATH in a SPARQL constraint of a node shape")
            body = re.sub(r"\$PATH\b", path.replace("\\", "\\\\"), body)
        nested = check_query(body)
        prefixes = prefix_declarations(ctx, constraint, body)
        body = re.sub(r"\$this\b", "?this", body)
        messages = [m for m in ctx.graph.objects(constraint, SH.message) if isinstance(m, Literal)]
        check = Check(
            shape=ctx.shape,
            component=SH.SPARQLConstraintComponent,
            focus_var="this",
            value_var="value",
            path_var="path",
            source_constraint=constraint,
            messages=sorted(messages, key=str),
        )
        if nested:
            check.per_focus = True
            check.query = prefixes + "\n" + body
            check.focus_query = f"SELECT DISTINCT ?this WHERE {{ {ctx.focus_pattern('this')} }}"
        else:
            check.query = prefixes + "\n" + inject_focus(body, ctx.distinct_focus("this"))
        check_syntax(check.query, ctx, constraint)
        checks.append(check)
    return checks


TRANSLATORS = {SH.sparql: sparql_constraints}
