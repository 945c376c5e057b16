"""Row indexes: where a focus node came from (its row, kind and table), read from the graph that was
validated: a focus node's ``kc:sourceRow``, or that of the resources above it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

#: The classes of resources with a row of their own, and the (kind, table) that row is in.
_OWN_ROWS = {
    "Program": ("program", "programs"),
    "IndicatorAssessment": ("assessment", "indikator"),
    "Indicator": ("indicator", "indikator"),
}
#: How many links a resource may be below the resource with the row (assessment → indicator → program).
_LINK_DEPTH = 3


class _RowIndex:
    """Where a focus node came from: ``(row, kind, table)``. A resource with its own ``kc:sourceRow`` (a
    program; an indicator or assessment of the indicators table) is on that row; a resource below one (the
    single indicator, its assessment, an amount of money) is on the row of the resource above it, its kind the
    local name of the last link (``kc:plannedBudget`` → ``"plannedBudget"``)."""

    def __init__(self) -> None:
        from kg.submissions.template import resource_links

        self._links = resource_links()
        self._found: dict[object, tuple[int, str, str] | None] = {}

    def __call__(self, focus: Node) -> tuple[int, str, str] | None:
        if focus not in self._found:
            self._found[focus] = self._locate(focus, _LINK_DEPTH)
        return self._found[focus]

    def _locate(self, focus: Node, depth: int) -> tuple[int, str, str] | None:
        row = self._own_row(focus)
        if row is not None:
            for kind_name in self._types(focus):
                if kind_name in _OWN_ROWS:
                    return (row, *_OWN_ROWS[kind_name])
            return row, "program", "programs"
        if depth == 0:
            return None
        for kind, link in self._links.items():
            above = {self._locate(parent, depth - 1) for parent in self._linking(focus, link)}
            above.discard(None)
            if len(above) == 1:
                row, _kind, table = above.pop()  # type: ignore[misc]
                return row, kind, table
        return None

    def _own_row(self, focus: Node) -> int | None:
        raise NotImplementedError

    def _types(self, focus: Node) -> list[str]:
        raise NotImplementedError

    def _linking(self, focus: Node, link: str) -> Iterator[Node]:
        raise NotImplementedError

    def program_rows(self) -> Iterator[tuple[str, str | None, str, int, str, str | None]]:
        """(program IRI, its submission's IRI, table, row, id_program, nama_program) of the program each row is
        about: a program's row, and an indicators-table row's program."""
        raise NotImplementedError

    def program_names(self) -> dict[tuple[str, int], tuple[str | None, str | None]]:
        """(table, row) → (id_program, nama_program) of every row (one file's)."""
        found: dict[tuple[str, int], tuple[str | None, str | None]] = {}
        for _, _, table, row, program_id, name in self.program_rows():
            found.setdefault((table, row), (program_id, name))
        return found


_PROGRAM_NAMES = """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?table ?row ?id ?name ?program ?submission WHERE {
  # from each program to its rows (its own, its indicators', their assessments'): linear in the programs
  ?program kc:programId ?id .
  { ?program a kc:Program ; kc:sourceRow ?row . BIND("programs" AS ?table) }
  UNION
  { ?program kc:indicator ?node . ?node kc:sourceRow ?row . BIND("indikator" AS ?table) }
  UNION
  { ?program kc:indicator ?indicator . ?indicator kc:assessment ?node . ?node kc:sourceRow ?row .
    BIND("indikator" AS ?table) }
  OPTIONAL { ?program rdfs:label ?name }
  OPTIONAL { ?program dcterms:isPartOf ?submission }
}"""


def _row_number(values: Iterable[object]) -> int | None:
    numbers = [int(str(value)) for value in values if str(value).isdigit()]
    return min(numbers) if numbers else None


class _StoreRows(_RowIndex):
    """Rows read from the pyoxigraph store the SPARQL engine validated."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        import pyoxigraph

        from kg.core.namespaces import KC, RDF

        super().__init__()
        self.store = store
        self.source_row = pyoxigraph.NamedNode(str(KC.sourceRow))
        self.type = pyoxigraph.NamedNode(str(RDF.type))

    def _own_row(self, focus: Node) -> int | None:
        import pyoxigraph

        node = _resource(focus)
        if node is None:
            return None
        return _row_number(
            str(quad.object.value)
            for quad in self.store.quads_for_pattern(node, self.source_row, None)
            if not isinstance(quad.object, pyoxigraph.Triple)
        )

    def _types(self, focus: Node) -> list[str]:
        import pyoxigraph

        node = _resource(focus)
        return [
            quad.object.value.rpartition("#")[2]
            for quad in self.store.quads_for_pattern(node, self.type, None)
            if isinstance(quad.object, pyoxigraph.NamedNode)
        ]

    def _linking(self, focus: Node, link: str) -> Iterator[Node]:
        import pyoxigraph

        from kg.core.terms import to_rdflib

        node = _resource(focus)
        if node is not None:
            for quad in self.store.quads_for_pattern(None, pyoxigraph.NamedNode(link), node):
                yield to_rdflib(quad.subject)

    def program_rows(self) -> Iterator[tuple[str, str | None, str, int, str, str | None]]:
        from kg.shacl.store import select

        for solution in select(self.store, _PROGRAM_NAMES):
            row = solution["row"].value
            if row.isdigit():
                name, submission = solution["name"], solution["submission"]
                yield (
                    solution["program"].value,
                    submission.value if submission is not None else None,
                    solution["table"].value,
                    int(row),
                    solution["id"].value,
                    name.value if name is not None else None,
                )


def _resource(focus: Node):  # -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | None
    """A focus node as a store term, when it is a resource (a literal has no rows)."""
    from rdflib import Literal as LiteralTerm

    from kg.core.terms import to_oxigraph

    return None if isinstance(focus, LiteralTerm) else to_oxigraph(focus)


class _GraphRows(_RowIndex):
    """Rows read from the rdflib graph pySHACL validated."""

    def __init__(self, graph: Graph) -> None:
        from kg.core.namespaces import KC

        super().__init__()
        self.graph = graph
        self.source_row = KC.sourceRow

    def _own_row(self, focus: Node) -> int | None:
        return _row_number(self.graph.objects(focus, self.source_row))

    def _types(self, focus: Node) -> list[str]:
        from rdflib.namespace import RDF

        return [str(kind).rpartition("#")[2] for kind in self.graph.objects(focus, RDF.type)]

    def _linking(self, focus: Node, link: str) -> Iterator[Node]:
        from rdflib import URIRef

        yield from set(self.graph.subjects(URIRef(link), focus))

    def program_rows(self) -> Iterator[tuple[str, str | None, str, int, str, str | None]]:
        answer = cast("Iterable[tuple[Node, ...]]", self.graph.query(_PROGRAM_NAMES))
        for table, row, program_id, name, program, submission in answer:
            if str(row).isdigit():
                yield (
                    str(program),
                    str(submission) if submission is not None else None,
                    str(table),
                    int(str(row)),
                    str(program_id),
                    str(name) if name is not None else None,
                )
