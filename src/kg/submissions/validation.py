"""Validating submissions: read → convert → SHACL (``shapes/programs.ttl``) → results on rows and columns.

The data is validated together with the reference data the shapes point at (the ontology, for initiatives,
statuses and beneficiary groups; the region registry, for ``sh:class kc:Region``), loaded once per process. The
engine is :class:`kg.shacl.ShaclEngine` (SHACL compiled to SPARQL on pyoxigraph, the default) or pySHACL. A
large file is validated a batch of whole submissions at a time (each submission is one named graph of the
store, validated as the graph it will be), so that memory stays bounded.

Each result is mapped back to where the steward can fix it, from the graph alone: the focus node to its row
(its ``kc:sourceRow``; an indicator's is its program's: so an RDF file converted earlier keeps its rows), the
path to its column (the template metadata's ``propertyUrl``), the cell of a spreadsheet (``F4``), and the
message taken in the chosen language with its placeholders filled (:mod:`kg.shacl.messages`): ``{$value}`` the
value as the steward wrote it, ``{$allowed}`` the codes of the column's list, read from its scheme.

What loading needs is in :attr:`ValidationOutcome.submissions`: each submission's N-Triples (the triples that
were validated, parsed by nothing else before) and their number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from kg.core.errors import InputError
from kg.core.options import ENGINES, FAIL_ON, LANGUAGES, SEVERITIES
from kg.submissions.agencies import KnownAgencies
from kg.submissions.convert import Conversion, SubmissionData, convert_files, ntriples_batches
from kg.submissions.texts import allowed_values, bilingual

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

    from kg.shacl import ValidationReport, ValidationResult

Engine = Literal["sparql", "pyshacl"]
#: The submission shapes file in ``shapes/``.
SHAPES_FILE = "programs.ttl"
#: Submissions are validated together up to about this many triples (whole submissions; the reference data
#: comes on top): a store of 50,000 triples takes ~20 MB, the same for every batch (40,000 rows: 336 MB peak in
#: all, against 570 MB for one store of the whole file, and no slower).
BATCH_TRIPLES = 50_000
_SH = "http://www.w3.org/ns/shacl#"


@dataclass
class RowResult:
    """One validation result, placed on its file, row, column (and cell), with its message in one language."""

    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str
    constraint: str
    file: str
    row: int | None
    column: str | None
    #: The engine's result (for the standard ``sh:ValidationReport``).
    result: ValidationResult = field(repr=False, compare=False)
    #: The result's messages in every language, placeholders filled (rdflib literals).
    messages: list = field(default_factory=list, repr=False, compare=False)
    #: The spreadsheet cell (``F4``) of a result of an XLSX file, else ``None`` (``Indikator!E4`` on the
    #: indicators sheet).
    cell: str | None = None
    #: The table the row is in: ``programs`` or ``indikator``.
    table: str = "programs"
    #: The row's program, as the reports show it beside the row (``id_program`` and ``nama_program``).
    program_id: str | None = None
    program_name: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The result as docs/design.md's JSON fields, in their order (``cell`` added for a spreadsheet's)."""
        document: dict[str, object] = {
            "severity": self.severity,
            "message": self.message,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "shape": self.shape,
            "constraint": self.constraint,
            "file": self.file,
            "row": self.row,
            "column": self.column,
        }
        if self.cell is not None:
            document["cell"] = self.cell
        return document

    def sort_key(self) -> tuple:
        return (
            self.file,
            _table_rank(self.table),
            self.row if self.row is not None else 1 << 62,
            _column_rank(self.column, self.table),
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
            self.focus,
            self.constraint,
            self.value or "",
        )


@dataclass
class ValidationOutcome:
    """The results of validating one or more files, sorted by file, row, column."""

    results: list[RowResult]
    #: What loading needs: each submission's validated N-Triples, keyed by (region code, year).
    submissions: dict[tuple[str, int | str], SubmissionData]
    conversions: list[Conversion]
    engine: str
    lang: str
    #: Shapes the SPARQL engine could not compile and ran on pySHACL instead.
    fallback_shapes: list[str] = field(default_factory=list)
    #: What ``prepare`` (:func:`validate_files`) gave for each submission, by submission IRI.
    prepared: dict[str, object] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """SHACL's sense: no result of any severity."""
        return not self.results

    @property
    def has_violations(self) -> bool:
        return any(result.severity == "Violation" for result in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for result in self.results if result.severity == severity)

    def fails(self, fail_on: str = "violation") -> bool:
        """Whether any result is at least as severe as ``fail_on`` (``violation``, ``warning`` or ``info``)."""
        threshold = _threshold(fail_on)
        return any(SEVERITIES.index(r.severity) <= threshold for r in self.results if r.severity in SEVERITIES)


def _threshold(fail_on: str) -> int:
    if fail_on.lower() not in FAIL_ON:
        raise InputError(bilingual("fail_on", allowed=", ".join(FAIL_ON)), source="--fail-on")
    return FAIL_ON.index(fail_on.lower())


@cache
def _column_ranks(table: str) -> dict[str, int]:
    from kg.submissions.template import columns

    return {item.name: index for index, item in enumerate(columns(table))}


def _column_rank(column: str | None, table: str = "programs") -> int:
    return -1 if column is None else _column_ranks(table).get(column, 999)


def _table_rank(table: str) -> int:
    from kg.submissions.template import table_names

    names = table_names()
    return names.index(table) if table in names else len(names)


# --- what validation needs, prepared once per process -----------------------------------------------------


@cache
def shapes_graph() -> Graph:
    """The submission shapes (parsed once)."""
    from rdflib import Graph

    from kg.core.resources import shapes_file

    return Graph().parse(shapes_file(SHAPES_FILE), format="turtle")


@cache
def sparql_engine():  # -> kg.shacl.ShaclEngine
    """The compiled engine for the submission shapes (compiled once)."""
    from kg.shacl import ShaclEngine

    return ShaclEngine(shapes_graph())


#: The alignment module the shapes look at beside the ontology and the registry: the Kominfo pillars and their
#: crosswalk (the column pilar_kominfo).
REFERENCE_ALIGNMENTS = ("kominfo-pillars.ttl",)


@cache
def reference_ntriples() -> bytes:
    """The ontology, the region registry and the Kominfo pillars as N-Triples: what ``sh:class`` and the
    pillar shapes look at."""
    import pyoxigraph

    from kg.core.oxigraph_io import rdf_bytes
    from kg.core.resources import ontology_file, resource_path

    parts = []
    alignments = [ontology_file().parent / name for name in REFERENCE_ALIGNMENTS]
    for path in (ontology_file(), resource_path("registry", "regions.ttl"), *alignments):
        quads = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        parts.append(
            rdf_bytes(
                (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), pyoxigraph.RdfFormat.N_TRIPLES
            )
        )
    return b"".join(parts)


#: ``progress(stage, done, total)``: ``"convert"`` counts files, ``"validate"`` triples, ``"files"`` the files
#: worker processes have converted and validated (``load`` adds ``"load"``, triples written).
Progress = Callable[[str, int, int], None]
#: ``prepare(submission)``: what a caller needs of each validated submission, computed where it was validated.
Prepare = Callable[[SubmissionData], object]


def data_store(ntriples: bytes | Iterable[bytes]) -> pyoxigraph.Store:
    """An in-memory store holding submission triples (one document or several) and the reference data, in
    the default graph; loaded in batches, so that the loader's buffers stay small."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for batch in ntriples_batches(reference_ntriples()):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    for batch in ntriples_batches(ntriples):
        store.bulk_load(batch, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def data_graph(ntriples: bytes | Iterable[bytes]) -> Graph:
    """The same as an rdflib graph, for pySHACL."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=reference_ntriples(), format="nt")
    for batch in ntriples_batches(ntriples):
        graph.parse(data=batch, format="nt")
    return graph


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise InputError(bilingual("engine", value=engine), source="--engine")


def run_engine(ntriples: bytes | Iterable[bytes], engine: Engine = "sparql") -> ValidationReport:
    """Validate N-Triples of submission data (one document or several) with the chosen engine; the engine's
    own report. Only the results become rdflib terms: the SPARQL engine never copies the data to rdflib."""
    return _run(ntriples, engine)[0]


def _run(ntriples: bytes | Iterable[bytes], engine: str) -> tuple[ValidationReport, _RowIndex]:
    """The engine's report, and the rows of its focus nodes read from the graph it validated."""
    _check_engine(engine)
    if engine == "sparql":
        store = data_store(ntriples)
        return sparql_engine().validate(store), _StoreRows(store)
    from kg.shacl import validate_with_pyshacl

    graph = data_graph(ntriples)
    return validate_with_pyshacl(graph, shapes_graph()), _GraphRows(graph)


# --- rows, read from the graph: a focus node's kc:sourceRow, or that of the resources above it ------------

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


# --- results on rows and columns ---------------------------------------------------------------------------


def _severity_name(severity) -> str:
    text = str(severity)
    return text[len(_SH) :] if text.startswith(_SH) else text


def _column_of(kind: str | None, path: str | None, table: str = "programs") -> str | None:
    """The template column a result's path is on, for a resource of ``kind`` of ``table``."""
    if path is None:
        return None
    from kg.submissions.template import table_column_for_property

    by_property = table_column_for_property(table)
    if kind is not None:
        return by_property.get((kind, path))
    return by_property.get(("program", path)) or next(
        (name for (_kind, prop), name in by_property.items() if prop == path), None
    )


def _template_column(column: str | None, table: str):  # -> kg.submissions.template.Column | None
    from kg.submissions.template import columns

    return next((item for item in columns(table) if item.name == column), None) if column else None


def _allowed(column: str | None, lang: str, table: str = "programs") -> str:
    """The codes a coded column accepts, as a message lists them, read from its scheme or registry."""
    from kg.submissions.template import code_list

    item = _template_column(column, table)
    if item is None:
        return ""
    return allowed_values([code.label(lang) if item.by_label else code.code for code in code_list(item)], lang)


def _cell(conversion: Conversion, row: int | None, column: str | None, table: str = "programs") -> str | None:
    """A spreadsheet result's cell (``F4``; ``Indikator!E4`` on another sheet than the programs')."""
    source = conversion.tables.get(table)
    layout = source.layout if source is not None else (conversion.layout if table == "programs" else None)
    if layout is None or layout.sheet is None or row is None or column not in layout.positions:
        return None
    from openpyxl.utils.cell import get_column_letter

    cell = f"{get_column_letter(layout.positions[column] + 1)}{row}"
    programs = conversion.tables.get("programs")
    if table != "programs" and programs is not None and programs.source == source.source:  # type: ignore[union-attr]
        return f"{layout.sheet}!{cell}"
    return cell


def _file_of(conversion: Conversion, table: str) -> str:
    source = conversion.tables.get(table)
    return str(source.source if source is not None else conversion.source_file)


_SUGGESTING = (
    "ClassConstraintComponent",
    "PatternConstraintComponent",
    "OrConstraintComponent",
    "NodeConstraintComponent",
)


def _row_result(result: ValidationResult, conversion: Conversion, rows: _RowIndex, lang: str) -> RowResult:
    from rdflib import Literal as LiteralTerm

    from kg.shacl.messages import fill, in_language

    focus = str(result.focus)
    path = str(result.path) if result.path is not None else None
    located = rows(result.focus)
    row, kind, table = located if located is not None else (None, None, "programs")
    column = _column_of(kind, path, table) if row is not None else None
    value = None
    if result.value is not None:
        value = conversion.written.get((focus, path or ""))
        value = value or conversion.codes.get(str(result.value), str(result.value))
    fields = {"value": value or "", "this": focus, "path": column or path or ""}
    message_column = column or _column_of(kind, path, table)
    suggestion = None
    if (
        isinstance(result.value, LiteralTerm)
        and str(result.constraint_component).endswith(_SUGGESTING)
        and _severity_name(result.severity) == "Violation"
    ):
        from kg.submissions.suggestions import suggest

        suggestion = suggest(message_column, value)

    program = None
    if not suggestion and message_column == "inisiatif" and _severity_name(result.severity) == "Violation":
        program = conversion.programs.get(focus)  # empty or unknown: what the program's name suggests

    def filled(message) -> LiteralTerm:
        language = getattr(message, "language", None)
        values = {**fields, "allowed": _allowed(message_column, language or lang, table)}
        text = fill(str(message), values)
        if suggestion:
            from kg.submissions.texts import did_you_mean

            text = f"{text}; {did_you_mean(suggestion, language or lang)}"
        elif program is not None:
            from kg.submissions.initiative_checks import name_advice

            advice = name_advice(program, value, language or lang)
            text = f"{text}; {advice}" if advice else text
        return LiteralTerm(text, lang=language)

    messages = [filled(message) for message in result.messages]
    chosen = in_language(messages, lang)
    return RowResult(
        severity=_severity_name(result.severity),
        message=str(chosen) if chosen is not None else "",
        focus=focus,
        path=path,
        value=value,
        shape=str(result.source_shape),
        constraint=str(result.constraint_component),
        file=_file_of(conversion, table) if row is not None else str(conversion.source_file),
        row=row,
        column=column,
        result=result,
        messages=messages,
        cell=_cell(conversion, row, column, table),
        table=table,
    )


# --- what reading the tables took, said back -------------------------------------------------------------


def _reading_results(conversion: Conversion, lang: str, notes: Iterable | None = None) -> list[RowResult]:
    """The conversion's :class:`~kg.submissions.convert.CellReading` notes (or ``notes`` about its rows) as
    results: an Info or Warning reported once per spelling (its first row, the others named), a Violation on
    each row."""
    from rdflib import Literal as LiteralTerm
    from rdflib import URIRef

    from kg.shacl.messages import fill, in_language
    from kg.shacl.report import ValidationResult as EngineResult

    groups: dict[tuple, list] = {}
    for note in conversion.readings if notes is None else notes:
        severity = _reading_rule(note.rule)[0]
        key: tuple = (note.table, note.rule, note.column, note.value, tuple(sorted(note.details.items())))
        if severity == "Violation":
            key += (note.row,)
        groups.setdefault(key, []).append(note)
    results = []
    for notes in groups.values():
        note = notes[0]
        severity, templates, shape = _reading_rule(note.rule)
        others = sorted({other.row for other in notes[1:] if other.row != note.row})
        messages = []
        for template in templates:
            language = template.language or lang
            values = _reading_fields(note, language)
            shown = others[:5]
            values["also"] = text_also(shown, len(others), language) if others else ""
            messages.append(LiteralTerm(fill(str(template), values), lang=template.language))
        chosen = in_language(messages, lang)
        focus = note.focus or _row_anchor(conversion, note)
        engine_result = EngineResult(
            focus=URIRef(focus),
            path=URIRef(note.path) if note.path else None,
            value=LiteralTerm(note.value),
            source_shape=URIRef(shape),
            constraint_component=URIRef(_READING_COMPONENT),
            severity=URIRef(_SH + severity),
            messages=messages,
        )
        results.append(
            RowResult(
                severity=severity,
                message=str(chosen) if chosen is not None else "",
                focus=focus,
                path=note.path or None,
                value=note.value,
                shape=shape,
                constraint=_READING_COMPONENT,
                file=_file_of(conversion, note.table),
                row=note.row,
                column=note.column,
                result=engine_result,
                messages=messages,
                cell=_cell(conversion, note.row, note.column, note.table),
                table=note.table,
            )
        )
    return results


_KCP = "https://w3id.org/kotacerdas/shapes/programs#"
#: The ``sh:sourceConstraintComponent`` of a result made while reading a table (declared in shapes/programs.ttl).
_READING_COMPONENT = _KCP + "TableReading"


def reading_results(conversion: Conversion, notes: Iterable, lang: str = "id") -> list[RowResult]:
    """Results of ``notes`` (:class:`~kg.submissions.convert.CellReading`) about rows of ``conversion`` found
    after its validation (``load``'s check against the store's other years)."""
    return _reading_results(conversion, lang, notes)


def text_also(rows: list[int], count: int, lang: str) -> str:
    """`` (juga baris 5, 9, 12 …)``: the other rows a reading said once also holds."""
    from kg.submissions.texts import text

    listed = ", ".join(str(row) for row in rows) + (" …" if count > len(rows) else "")
    return text("also_row" if count == 1 else "also_rows", lang, rows=listed)


@cache
def _reading_rule(rule: str) -> tuple[str, list, str]:
    """A reading rule's severity name, messages and IRI, from the shapes graph (``kcp:…Reading``)."""
    from rdflib import Literal as LiteralTerm
    from rdflib import URIRef
    from rdflib.namespace import SH

    graph = shapes_graph()
    node = URIRef(_KCP + rule)
    severity = graph.value(node, SH.severity)
    templates = [m for m in graph.objects(node, SH.message) if isinstance(m, LiteralTerm)]
    if not templates:
        raise LookupError(f"shapes/programs.ttl has no reading rule kcp:{rule}")
    return _severity_name(severity) if severity is not None else "Info", templates, str(node)


def _reading_fields(note, lang: str) -> dict[str, str]:  # note: kg.submissions.convert.CellReading
    """The placeholders of a reading's message in ``lang``: the column's title, what was read, as a person
    reads it."""
    from kg.submissions import readings
    from kg.submissions.texts import text

    details = note.details
    item = _template_column(note.column, note.table)
    fields = {"column": item.title(lang) if item is not None else note.column, "value": note.value}
    read = details.get("read", "")
    if note.rule in (readings.AMOUNT_SCALE, readings.APPROXIMATE_AMOUNT, readings.FOREIGN_CURRENCY):
        fields["read"] = readings.amount_text(read, lang)
        fields["currency"] = details.get("currency", "IDR")
    elif note.rule == readings.DATE_WORDS:
        datatype = details.get("datatype", "date")
        fields["read"] = (
            text("the_month", lang, month=read)
            if datatype == "gYearMonth"
            else text("the_year", lang, year=read)
            if datatype == "gYear"
            else read
        )
    elif note.rule in (readings.AMBIGUOUS_NUMBER, "ThousandFactorReading"):
        fields["read"] = _number_text(read, lang)
        fields["other"] = _number_text(details.get("other", ""), lang)
        fields["otherWritten"] = _number_text(details.get("other", ""), "id")
        if note.rule == readings.AMBIGUOUS_NUMBER:
            fields["why"] = _why(note.value, details, lang)
        else:
            fields.update(
                target=_number_text(details.get("target", ""), lang),
                achieved=_number_text(details.get("achieved", ""), lang),
                factor=details.get("factor", ""),
            )
    elif note.rule in ("CountFractionReading", "PercentFractionReading"):
        fields["read"] = _number_text(read, lang)
        fields["unit"] = details.get("unit", "")
        thousands = details.get("thousands", "")
        fields["thousands"] = _number_text(thousands, lang)
        fields["percent"] = _number_text(details.get("percent", ""), lang)
        fields["other"] = _number_text(details.get("other", ""), lang)
        other = _template_column(details.get("otherColumn"), note.table)
        fields["otherColumn"] = other.title(lang) if other is not None else details.get("otherColumn", "")
        if note.rule == "CountFractionReading":
            fields["hint"] = text("count_thousands" if thousands else "count_whole", lang, thousands=thousands)
    elif note.rule == "CsvExtraFieldsReading":
        split = details.get("split", "")
        extra = details.get("extra", "1")
        fields["extra"] = (
            f"{extra} kolom lebih banyak" if lang == "id" else f"{extra} more field{'' if extra == '1' else 's'}"
        )
        fields["cause"] = text("split_comma" if split else "split_unknown", lang, split=split)
    elif note.rule == "BudgetFamilyReading":
        rows = details.get("rows", "")
        several = any(mark in rows for mark in (",", "–"))
        fields["rows"] = f"{'baris' if lang == 'id' else 'rows' if several else 'row'} {rows}"
    elif note.rule == "AgencyNameReading":
        fields["read"] = read
        fields["source"] = text(
            {"table": "agency_table", "store": "agency_store"}.get(details.get("source", ""), "agency_file"),
            lang,
            row=details.get("row", ""),
            written=details.get("written", ""),
        )
    elif note.rule == "SharedIndicatorReading":
        label = details.get("labelEn" if lang == "en" else "label", "")
        fields["read"] = f"{read} ({label})" if label else read
    elif note.rule == "IndicatorProgramReading":
        key = {"none": "indicator_none", "several": "indicator_several"}.get(
            details.get("problem", ""), "indicator_duplicate"
        )
        said = {name: details.get(name, "") for name in ("where", "indicator", "period", "first")}
        fields["problem"] = text(key, "id", value=note.value, **said)
        fields["problemEn"] = text(key, "en", value=note.value, **said)
    else:
        fields["read"] = read
    for key, detail in details.items():  # other details by name; ``name@id`` / ``name@en`` by language
        if key.endswith("@" + lang):
            fields[key[: -len(lang) - 1]] = detail
        elif "@" not in key:
            fields.setdefault(key, detail)
    return fields


def _number_text(lexical: str, lang: str) -> str:
    """A plain number as a person of ``lang`` writes it with no grouping: ``1,5`` (id) or ``1.5`` (en)."""
    return lexical.replace(".", ",") if lang == "id" else lexical


def _why(written: str, details: dict[str, str], lang: str) -> str:
    from kg.submissions.texts import text

    if not details.get("by_column"):
        return text("why_default", lang)
    mark = "." if "." in written else ","
    thousands = (mark == ".") == (details.get("convention") == "id")
    name = text("dot" if mark == "." else "comma", lang)
    return text("why_column" if thousands else "why_column_decimal", lang, mark=name)


def _row_anchor(conversion: Conversion, note) -> str:  # note: CellReading
    """An IRI for a row that made no resource (an indicators row naming no program): the file's, with the
    row as RFC 7111's fragment (``…/indikator.csv#row=5``)."""
    return f"{Path(_file_of(conversion, note.table)).resolve().as_uri()}#row={note.row}"


def _batches(submissions: Iterable[SubmissionData], limit: int) -> Iterator[list[SubmissionData]]:
    """Whole submissions grouped up to about ``limit`` triples."""
    batch: list[SubmissionData] = []
    size = 0
    for submission in submissions:
        if batch and size + submission.triple_count > limit:
            yield batch
            batch, size = [], 0
        batch.append(submission)
        size += submission.triple_count
    if batch:
        yield batch


def validate_conversion(
    conversion: Conversion, *, lang: str = "id", engine: Engine = "sparql"
) -> tuple[list[RowResult], list[str]]:
    """Validate one converted file: its results on rows and columns, and the shapes that fell back to pySHACL."""
    results: list[RowResult] = []
    fallback: list[str] = []
    names: dict[tuple[str, int], tuple[str | None, str | None]] = {}
    for batch in _batches(conversion.submissions.values(), BATCH_TRIPLES):
        report, rows = _run([item.ntriples for item in batch], engine)
        results.extend(_row_result(result, conversion, rows, lang) for result in report.results)
        fallback.extend(str(node) for node in getattr(report, "fallback_shapes", []) if str(node) not in fallback)
        if conversion.tabular and (report.results or conversion.readings):  # rows to name: read their programs
            names.update(rows.program_names())
    results.extend(_reading_results(conversion, lang))
    _name_programs(results, names)
    return _without_superseded(results), fallback


#: Reading rules that say why a value looks wrong (a spreadsheet changed it), and the shapes whose results on the
#: same cell they replace: one clear result rather than unrelated ones.
_SUPERSEDING = {
    _KCP + "PercentFractionReading": (_KCP + "DirectionAgreesShape",),
    _KCP + "CountFractionReading": (_KCP + "DirectionAgreesShape",),
}


def _without_superseded(results: list[RowResult]) -> list[RowResult]:
    """``results`` without those a reading of the same cell explains (:data:`_SUPERSEDING`)."""
    replaced = {
        (result.file, result.table, result.row, result.column, shape)
        for result in results
        for shape in _SUPERSEDING.get(result.shape, ())
    }
    if not replaced:
        return results
    return [r for r in results if (r.file, r.table, r.row, r.column, r.shape) not in replaced]


def _name_programs(results: Iterable[RowResult], names: dict[tuple[str, int], tuple[str | None, str | None]]) -> None:
    """Each result on a row gets the row's program (its id and name), from (table, row) → (id, name)."""
    for result in results:
        if result.row is not None:
            result.program_id, result.program_name = names.get((result.table, result.row), (None, None))


def _file_groups(conversions: Iterable[Conversion], limit: int) -> Iterator[list[Conversion]]:
    """Files validated together in one store, up to about ``limit`` triples: many small submissions (a national
    load: one file per region and year) then share one store, its reference data and one run of each check,
    instead of paying them per file. Only tables are grouped (RDF input may hold blank nodes, whose labels two
    files could share), never two files of one region (their agencies are the same resources, so a result on
    one must name its file without doubt); a file over ``limit`` is validated alone, in its own batches. Each
    file joins the first group it fits (files named region-year, in name order, put each region's years side by
    side: 184 files of 116 regions made 69 groups one after another, 2 this way)."""
    groups: list[tuple[list[Conversion], set[str], list[int]]] = []  # (files, their regions, [triples])
    for conversion in conversions:
        own = {str(key[0]) for key in conversion.submissions}
        if conversion.layout is None or conversion.triple_count > limit:
            yield [conversion]
            continue
        for members, regions, size in groups:  # noqa: B007 - the group found is used after the loop
            if size[0] + conversion.triple_count <= limit and not own & regions:
                break
        else:
            members, regions, size = [], set(), [0]
            groups.append((members, regions, size))
        members.append(conversion)
        regions |= own
        size[0] += conversion.triple_count
    for members, _, _ in groups:
        yield members


def _validate_together(
    conversions: list[Conversion], *, lang: str, engine: Engine
) -> tuple[list[RowResult], list[str]]:
    """Validate several table files in one store (:func:`_file_groups`); each result goes to the file whose
    triples describe its focus node (as their subject, else anywhere in them), with what each file's reading
    said back and each row's program, as :func:`validate_conversion` gives them for one file."""
    report, rows = _run(
        [item.ntriples for conversion in conversions for item in conversion.submissions.values()], engine
    )
    owner_of = _Owners(conversions)
    found: dict[int, list[RowResult]] = {id(conversion): [] for conversion in conversions}
    for result in report.results:
        owner = owner_of(str(result.focus))
        found[id(owner)].append(_row_result(result, owner, rows, lang))
    for conversion in conversions:
        found[id(conversion)].extend(_reading_results(conversion, lang))
    wanted = {(result.table, result.row) for results in found.values() for result in results if result.row is not None}
    if wanted:  # each row's program, for the rows with results (numbered alike in every file: split by owner)
        by_submission = {item.iri: conversion for conversion in conversions for item in conversion.submissions.values()}
        names: dict[int, dict[tuple[str, int], tuple[str | None, str | None]]] = {
            id(conversion): {} for conversion in conversions
        }
        for program, submission, table, row, program_id, name in rows.program_rows():
            if (table, row) in wanted:
                holder = by_submission.get(submission or "") or owner_of(program)
                names[id(holder)].setdefault((table, row), (program_id, name))
        for conversion in conversions:
            _name_programs(found[id(conversion)], names[id(conversion)])
    results = _without_superseded([result for conversion in conversions for result in found[id(conversion)]])
    fallback = [str(node) for node in getattr(report, "fallback_shapes", [])]
    return results, list(dict.fromkeys(fallback))


class _Owners:
    """The file among ``conversions`` whose triples describe an IRI (as their subject, else name it anywhere; the
    first file when none does). The first IRIs asked are searched for in the N-Triples; from the
    :data:`SEARCHED`-th on, every subject is indexed once (a file with many results)."""

    SEARCHED = 32

    def __init__(self, conversions: list[Conversion]) -> None:
        self.conversions = conversions
        self.asked = 0
        self.subjects: dict[str, Conversion] | None = None

    def __call__(self, iri: str) -> Conversion:
        self.asked += 1
        if self.subjects is None and self.asked >= self.SEARCHED:
            self.subjects = self._index()
        term = f"<{iri}>".encode()
        if self.subjects is not None:
            owner = self.subjects.get(iri)
        else:
            owner = self._holding(lambda ntriples: ntriples.startswith(term + b" ") or b"\n" + term + b" " in ntriples)
        return owner or self._holding(lambda ntriples: term in ntriples) or self.conversions[0]

    def _holding(self, test: Callable[[bytes], bool]) -> Conversion | None:
        return next(
            (
                conversion
                for conversion in self.conversions
                if any(test(item.ntriples) for item in conversion.submissions.values())
            ),
            None,
        )

    def _index(self) -> dict[str, Conversion]:
        import re

        subject = re.compile(rb"^<([^>]*)> ", re.MULTILINE)
        subjects: dict[str, Conversion] = {}
        for conversion in self.conversions:
            for item in conversion.submissions.values():
                for found in subject.findall(item.ntriples):
                    subjects.setdefault(found.decode("utf-8"), conversion)
        return subjects


def validate_files(
    paths: Iterable[Path | str],
    *,
    lang: str = "id",
    engine: Engine = "sparql",
    known_agencies: KnownAgencies | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
    keep_rdf: bool = True,
    prepare: Prepare | None = None,
) -> ValidationOutcome:
    """Read, convert and validate the files given together (an indicators CSV joins the programs of the
    others); raise :class:`InputError` on the first unreadable one. ``known_agencies`` gives, per region, the
    agencies a store already holds (:func:`kg.loading.agencies.loaded_agencies`), so that a new spelling of
    one is that agency. ``progress`` is told of each file converted and each group of triples validated.

    ``workers`` processes (``None``: one per core when the files are many, :data:`PARALLEL_BYTES` together, as
    the ``validate`` and ``load`` commands ask) convert and validate the files, a region's files always
    together (:func:`_independent_sets`), with the same results as one process; they are started with
    ``spawn``, so a script asking for them needs Python's ``if __name__ == "__main__":`` guard. ``keep_rdf``
    false drops each submission's N-Triples once validated (``validate`` needs only the results: memory then
    stays that of the results, not of the data). ``prepare`` (a module-level function, so that a worker can
    run it) is called with each validated submission where it was validated, in the worker processes too; what
    it returns is kept in :attr:`ValidationOutcome.prepared` (``load`` computes there what it writes beside
    each graph: the work is then shared by the cores)."""
    if lang not in LANGUAGES:
        raise InputError(bilingual("lang"), source="--lang")
    _check_engine(engine)
    files = [Path(path) for path in paths]
    count = _worker_count(files, engine, workers)
    found = None
    if count > 1:
        from concurrent.futures.process import BrokenProcessPool

        try:
            found = _in_workers(files, count, lang, engine, known_agencies, keep_rdf, progress, prepare)
        except BrokenProcessPool:  # a worker died (out of memory, a script without a main guard): one process
            found = None
    if found is None:
        conversions = convert_files(files, known_agencies=known_agencies, progress=progress)
        submissions = _submissions_of(conversions)
        results, fallback, prepared = _validate_and_prepare(conversions, lang, engine, prepare, progress)
        if not keep_rdf:
            _drop_rdf(conversions)
    else:
        conversions, results, fallback, prepared = found
        submissions = _submissions_of(conversions)
    results.sort(key=RowResult.sort_key)
    return ValidationOutcome(
        results=results,
        submissions=submissions,
        conversions=conversions,
        engine=engine,
        lang=lang,
        fallback_shapes=fallback,
        prepared=prepared,
    )


def _validate_and_prepare(
    conversions: list[Conversion], lang: str, engine: str, prepare: Prepare | None, progress: Progress | None = None
) -> tuple[list[RowResult], list[str], dict[str, object]]:
    """:func:`_validate_groups` and :func:`_prepared` of the same conversions, the second in a thread beside
    the first: validation spends most of its time in pyoxigraph, which lets go of the interpreter while it
    loads and queries, so the two share the cores (one 5,000-row submission: 0.4 s less). The codes far from
    their programs' names and the programs coded otherwise in another year
    (:func:`kg.submissions.initiative_checks.row_notes`) are looked for in another thread beside them, for the
    same reason."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.submissions.initiative_checks import row_notes

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="beside-validation") as pool:
        pending = pool.submit(_prepared, conversions, prepare) if prepare is not None else None
        notes = pool.submit(row_notes, conversions)
        results, fallback = _validate_groups(conversions, lang, engine, progress)
        results.extend(_notes_of_rows(conversions, notes.result(), lang))
        return results, fallback, pending.result() if pending is not None else {}


def _notes_of_rows(conversions: list[Conversion], notes: dict[int, list], lang: str) -> list[RowResult]:
    """Results of notes about rows found beside the validation, each with its row's program."""
    found = []
    for conversion in conversions:
        for result in _reading_results(conversion, lang, notes.get(id(conversion), ())):
            program = conversion.programs.get(result.focus)
            if program is not None:
                result.program_id, result.program_name = program.program_id or None, program.name or None
            found.append(result)
    return found


def _prepared(conversions: Iterable[Conversion], prepare: Prepare) -> dict[str, object]:
    return {item.iri: prepare(item) for conversion in conversions for item in conversion.submissions.values()}


def _submissions_of(conversions: list[Conversion]) -> dict[tuple[str, int | str], SubmissionData]:
    """Every submission by (region, year); :class:`InputError` for one given in two files."""
    submissions: dict[tuple[str, int | str], SubmissionData] = {}
    for conversion in conversions:
        for key, submission in conversion.submissions.items():
            if key in submissions:
                raise InputError(
                    bilingual("submission_twice", region=key[0], year=key[1], other=submissions[key].source_file),
                    source=str(conversion.source_file),
                )
            submissions[key] = submission
    return submissions


def _validate_groups(
    conversions: list[Conversion], lang: str, engine: str, progress: Progress | None = None
) -> tuple[list[RowResult], list[str]]:
    """The results of converted files, validated in groups (:func:`_file_groups`), and the shapes that fell
    back to pySHACL."""
    results: list[RowResult] = []
    fallback: list[str] = []
    total = sum(conversion.triple_count for conversion in conversions)
    done = 0
    for group in _file_groups(conversions, BATCH_TRIPLES):
        if len(group) == 1:
            found, fell_back = validate_conversion(group[0], lang=lang, engine=cast(Engine, engine))
        else:
            found, fell_back = _validate_together(group, lang=lang, engine=cast(Engine, engine))
        results.extend(found)
        fallback.extend(node for node in fell_back if node not in fallback)
        done += sum(conversion.triple_count for conversion in group)
        if progress is not None:
            progress("validate", done, total)
    return results, fallback


def _drop_rdf(conversions: Iterable[Conversion]) -> None:
    for conversion in conversions:
        for submission in conversion.submissions.values():
            submission.ntriples = b""


# --- many files in worker processes -----------------------------------------------------------------------
# Files whose rows share no region code are independent: their agencies, programs and indicators never meet
# in the conversion, and their graphs never meet in validation. A national batch (every kabupaten/kota, ten
# years) splits into one set per region; sets are packed into tasks of about TASK_BYTES of input, each task
# read, converted and validated by a worker process (several regions per task, so that small files still
# share one validation store). Reading happens twice (once here for the region codes, in the workers), which
# costs less than holding every table of a national batch in one process.

#: Inputs of at least this many bytes (all files together, two files or more) go to worker processes.
PARALLEL_BYTES = 8 << 20
#: Input bytes per task.
TASK_BYTES = 4 << 20
#: At most this many worker processes.
MOST_WORKERS = 8


def _worker_count(paths: list[Path], engine: str, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if engine != "sparql" or len(paths) < 2:
        return 1
    try:
        size = sum(path.stat().st_size for path in paths)
    except OSError:  # a file that cannot be read: the reader says which, in one process
        return 1
    if size < PARALLEL_BYTES:
        return 1
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MOST_WORKERS)


def _task_regions(paths: list[str]) -> list[tuple]:
    """For each path (in a worker): ``("ok", region codes (none for RDF; ``None`` for indicators of any region),
    whether it holds programs)``, or ``("error", the InputError)`` for a file that cannot be read (it pickles with
    its class and fields)."""
    from kg.submissions.convert import table_regions
    from kg.submissions.tables import PROGRAMS_TABLE, Table, read_submission

    answers: list[tuple] = []
    for path in paths:
        try:
            item = read_submission(path)
        except InputError as error:
            answers.append(("error", error))
            continue
        if isinstance(item, Table):
            answers.append(("ok", table_regions(item), item.kind == PROGRAMS_TABLE))
        else:  # RDF: converted on its own
            answers.append(("ok", frozenset(), True))
    return answers


def _independent_sets(regions: list[frozenset[str] | None], programs: list[bool]) -> list[list[int]] | None:
    """The files (indices) in sets sharing no region code, each in input order, sets in order of their first
    file; ``None`` when indicators may name programs of any region (no region column) or a set would hold
    indicators without programs (one process then does as it always did)."""
    if any(codes is None for codes in regions):
        return None
    parent = list(range(len(regions)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first: dict[str, int] = {}
    for index, codes in enumerate(regions):
        for code in codes or ():
            if code in first:
                parent[root(index)] = root(first[code])
            else:
                first[code] = index
    sets: dict[int, list[int]] = {}
    for index in range(len(regions)):
        sets.setdefault(root(index), []).append(index)
    found = sorted(sets.values(), key=lambda members: members[0])
    if any(not any(programs[index] for index in members) for members in found):
        return None
    return found


def _validate_task(
    paths: list[str],
    lang: str,
    engine: str,
    known: dict[str, list] | None,
    keep_rdf: bool,
    prepare: Prepare | None,
) -> tuple[str, object]:
    """In a worker: read, convert and validate one task's files; ``("ok", (conversions, results, fallback,
    prepared))`` or ``("error", the InputError)``, raised in the parent as one process raises it."""
    agencies = (lambda code: known.get(code, ())) if known is not None else None
    try:
        conversions = convert_files(paths, known_agencies=agencies)
        results, fallback, prepared = _validate_and_prepare(conversions, lang, engine, prepare)
    except InputError as error:
        return "error", error
    if not keep_rdf:
        _drop_rdf(conversions)
    for result in results:  # the shapes' graph of a complex path stays here; its text travels
        result.result.path_graph = None
    return "ok", (conversions, results, fallback, prepared)


def _in_workers(
    paths: list[Path],
    count: int,
    lang: str,
    engine: str,
    known_agencies: KnownAgencies | None,
    keep_rdf: bool,
    progress: Progress | None,
    prepare: Prepare | None = None,
) -> tuple[list[Conversion], list[RowResult], list[str], dict[str, object]] | None:
    """:func:`validate_files` in ``count`` worker processes; ``None`` when the files are not independent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    texts = [str(path) for path in paths]
    chunks = [texts[start : start + 64] for start in range(0, len(texts), 64)]
    # spawn: the engine runs threads, which a fork would copy mid-flight
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        read = [answer for answers in pool.map(_task_regions, chunks) for answer in answers]
        for answer in read:
            if answer[0] == "error":
                raise answer[1]
        regions = [cast(frozenset[str] | None, answer[1]) for answer in read]
        sets = _independent_sets(regions, [bool(answer[2]) for answer in read])
        if sets is None:
            return None
        tasks: list[list[int]] = [[]]
        size = 0
        for members in sets:
            if tasks[-1] and size >= TASK_BYTES:
                tasks.append([])
                size = 0
            tasks[-1].extend(members)
            size += sum(paths[index].stat().st_size for index in members)
        known = None
        if known_agencies is not None:
            known = {code: list(known_agencies(code)) for codes in regions for code in codes or ()}
        futures = []
        for task in tasks:
            task_known = None
            if known is not None:
                task_known = {code: known[code] for index in task for code in regions[index] or ()}
            futures.append(
                pool.submit(
                    _validate_task,
                    [texts[index] for index in sorted(task)],
                    lang,
                    engine,
                    task_known,
                    keep_rdf,
                    prepare,
                )
            )
        by_source: dict[str, Conversion] = {}
        results: list[RowResult] = []
        fallback: list[str] = []
        prepared: dict[str, object] = {}
        errors: list[tuple[int, InputError]] = []
        done = 0
        for task, future in zip(tasks, futures, strict=True):
            status, value = future.result()
            if status == "error":
                errors.append((min(task), cast(InputError, value)))
            else:
                task_conversions, task_results, task_fallback, task_prepared = cast(tuple, value)
                by_source.update((str(conversion.source_file), conversion) for conversion in task_conversions)
                results.extend(task_results)
                prepared.update(task_prepared)
                fallback.extend(node for node in task_fallback if node not in fallback)
            done += len(task)
            if progress is not None:
                progress("files", done, len(paths))
    if errors:
        raise min(errors, key=lambda error: error[0])[1]
    conversions = [by_source[text] for text in texts if text in by_source]
    return conversions, results, fallback, prepared
