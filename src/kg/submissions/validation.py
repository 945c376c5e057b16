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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kg.core.errors import InputError
from kg.core.options import ENGINES, FAIL_ON, LANGUAGES, SEVERITIES
from kg.submissions.convert import Conversion, SubmissionData, convert_file, ntriples_batches
from kg.submissions.texts import allowed_values, bilingual

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

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
    #: The spreadsheet cell (``F4``) of a result of an XLSX file, else ``None``.
    cell: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The result as DESIGN.md's JSON fields, in their order (``cell`` added for a spreadsheet's)."""
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
            self.row if self.row is not None else 1 << 62,
            _column_rank(self.column),
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
def _column_ranks() -> dict[str, int]:
    from kg.submissions.template import columns

    return {item.name: index for index, item in enumerate(columns())}


def _column_rank(column: str | None) -> int:
    return -1 if column is None else _column_ranks().get(column, 999)


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


@cache
def reference_ntriples() -> bytes:
    """The ontology and the region registry as N-Triples: what ``sh:class`` looks at."""
    import pyoxigraph

    from kg.core.resources import ontology_file, resource_path

    parts = []
    for path in (ontology_file(), resource_path("registry", "regions.ttl")):
        quads = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        parts.append(
            pyoxigraph.serialize(
                (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads),
                format=pyoxigraph.RdfFormat.N_TRIPLES,
            )
        )
    return b"".join(parts)


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


# --- rows, read from the graph: a focus node's kc:sourceRow, or that of the one resource pointing at it ------


class _RowIndex:
    """Where a focus node came from: ``(row, "program")`` for a resource with its own ``kc:sourceRow``;
    ``(row, kind)`` for a resource one program links to by the template's link of that kind
    (``kc:indicator`` → ``"indicator"``)."""

    def __init__(self) -> None:
        from kg.submissions.template import resource_links

        self._links = resource_links()
        self._found: dict[object, tuple[int, str] | None] = {}

    def __call__(self, focus: object) -> tuple[int, str] | None:
        if focus not in self._found:
            self._found[focus] = self._locate(focus)
        return self._found[focus]

    def _locate(self, focus: object) -> tuple[int, str] | None:
        row = self._own_row(focus)
        if row is not None:
            return row, "program"
        for kind, link in self._links.items():
            rows = {row for row in self._linking_rows(focus, link) if row is not None}
            if len(rows) == 1:
                return rows.pop(), kind
        return None

    def _own_row(self, focus: object) -> int | None:
        raise NotImplementedError

    def _linking_rows(self, focus: object, link: str) -> Iterator[int | None]:
        raise NotImplementedError


def _row_number(values: Iterable[object]) -> int | None:
    numbers = [int(value) for value in values if str(value).isdigit()]
    return min(numbers) if numbers else None


class _StoreRows(_RowIndex):
    """Rows read from the pyoxigraph store the SPARQL engine validated."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        import pyoxigraph

        from kg.core.namespaces import KC

        super().__init__()
        self.store = store
        self.source_row = pyoxigraph.NamedNode(str(KC.sourceRow))

    def _rows_of(self, node: object) -> int | None:
        return _row_number(quad.object.value for quad in self.store.quads_for_pattern(node, self.source_row, None))

    def _own_row(self, focus: object) -> int | None:
        node = _resource(focus)
        return self._rows_of(node) if node is not None else None

    def _linking_rows(self, focus: object, link: str) -> Iterator[int | None]:
        import pyoxigraph

        node = _resource(focus)
        if node is not None:
            for quad in self.store.quads_for_pattern(None, pyoxigraph.NamedNode(link), node):
                yield self._rows_of(quad.subject)


def _resource(focus: object):  # -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | None
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

    def _own_row(self, focus: object) -> int | None:
        return _row_number(self.graph.objects(focus, self.source_row))

    def _linking_rows(self, focus: object, link: str) -> Iterator[int | None]:
        from rdflib import URIRef

        for subject in set(self.graph.subjects(URIRef(link), focus)):
            yield _row_number(self.graph.objects(subject, self.source_row))


# --- results on rows and columns ---------------------------------------------------------------------------


def _severity_name(severity) -> str:
    text = str(severity)
    return text[len(_SH):] if text.startswith(_SH) else text


def _column_of(kind: str | None, path: str | None) -> str | None:
    """The template column a result's path is on, for a program's or an indicator's result."""
    if path is None:
        return None
    from kg.submissions.template import column_for_property

    by_property = column_for_property()
    if kind is not None:
        return by_property.get((kind, path))
    return by_property.get(("program", path)) or by_property.get(("indicator", path))


def _allowed(column: str | None, lang: str) -> str:
    """The codes a coded column accepts, as a message lists them, read from its scheme or registry."""
    if column is None:
        return ""
    from kg.submissions.template import code_list
    from kg.submissions.template import column as template_column

    return allowed_values([code.code for code in code_list(template_column(column))], lang)


def _cell(conversion: Conversion, row: int | None, column: str | None) -> str | None:
    """A spreadsheet result's cell (``F4``)."""
    layout = conversion.layout
    if layout is None or layout.sheet is None or row is None or column not in layout.positions:
        return None
    from openpyxl.utils.cell import get_column_letter

    return f"{get_column_letter(layout.positions[column] + 1)}{row}"


def _row_result(result: ValidationResult, conversion: Conversion, rows: _RowIndex, lang: str) -> RowResult:
    from rdflib import Literal as LiteralTerm

    from kg.shacl.messages import fill, in_language

    focus = str(result.focus)
    path = str(result.path) if result.path is not None else None
    located = rows(result.focus)
    row, kind = located if located is not None else (None, None)
    column = _column_of(kind, path) if row is not None else None
    value = None
    if result.value is not None:
        value = conversion.codes.get(str(result.value), str(result.value))
    fields = {"value": value or "", "this": focus, "path": column or path or ""}
    message_column = column or _column_of(kind, path)

    def filled(message) -> LiteralTerm:
        language = getattr(message, "language", None)
        values = {**fields, "allowed": _allowed(message_column, language or lang)}
        return LiteralTerm(fill(str(message), values), lang=language)

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
        file=str(conversion.source_file),
        row=row,
        column=column,
        result=result,
        messages=messages,
        cell=_cell(conversion, row, column),
    )


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
    for batch in _batches(conversion.submissions.values(), BATCH_TRIPLES):
        report, rows = _run([item.ntriples for item in batch], engine)
        results.extend(_row_result(result, conversion, rows, lang) for result in report.results)
        fallback.extend(str(node) for node in getattr(report, "fallback_shapes", []) if str(node) not in fallback)
    return results, fallback


def _file_groups(conversions: Iterable[Conversion], limit: int) -> Iterator[list[Conversion]]:
    """Files validated together in one store, up to about ``limit`` triples: many small submissions (a national
    load: one file per region and year) then share one store, its reference data and one run of each check,
    instead of paying them per file. Only tables are grouped (RDF input may hold blank nodes, whose labels two
    files could share), never two files of one region (their agencies are the same resources, so a result on
    one must name its file without doubt); a file over ``limit`` is validated alone, in its own batches."""
    group: list[Conversion] = []
    size = 0
    regions: set[str] = set()
    for conversion in conversions:
        own = {str(key[0]) for key in conversion.submissions}
        if conversion.layout is None or conversion.triple_count > limit:
            yield [conversion]
            continue
        if group and (size + conversion.triple_count > limit or own & regions):
            yield group
            group, size, regions = [], 0, set()
        group.append(conversion)
        size += conversion.triple_count
        regions |= own
    if group:
        yield group


def _validate_together(
    conversions: list[Conversion], *, lang: str, engine: Engine
) -> tuple[list[RowResult], list[str]]:
    """Validate several table files in one store (:func:`_file_groups`); each result goes to the file whose
    triples describe its focus node (as their subject, else anywhere in them)."""
    import re

    report, rows = _run([item.ntriples for conversion in conversions for item in conversion.submissions.values()], engine)
    owners: dict[str, Conversion] | None = None
    results = []
    for result in report.results:
        if owners is None:
            subject = re.compile(rb"^<([^>]*)> ", re.MULTILINE)
            owners = {}
            for conversion in conversions:
                for item in conversion.submissions.values():
                    for found in subject.findall(item.ntriples):
                        owners.setdefault(found.decode("utf-8"), conversion)
        focus = str(result.focus)
        owner = owners.get(focus) or next(
            (
                conversion
                for conversion in conversions
                if any(f"<{focus}>".encode() in item.ntriples for item in conversion.submissions.values())
            ),
            conversions[0],
        )
        results.append(_row_result(result, owner, rows, lang))
    fallback = [str(node) for node in getattr(report, "fallback_shapes", [])]
    return results, list(dict.fromkeys(fallback))


def validate_files(
    paths: Iterable[Path | str], *, lang: str = "id", engine: Engine = "sparql"
) -> ValidationOutcome:
    """Read, convert and validate each file; raise :class:`InputError` on the first unreadable one."""
    if lang not in LANGUAGES:
        raise InputError(bilingual("lang"), source="--lang")
    _check_engine(engine)
    conversions = [convert_file(path) for path in paths]
    submissions: dict[tuple[str, int | str], SubmissionData] = {}
    for conversion in conversions:
        for key, submission in conversion.submissions.items():
            if key in submissions:
                raise InputError(
                    bilingual("submission_twice", region=key[0], year=key[1], other=submissions[key].source_file),
                    source=str(conversion.source_file),
                )
            submissions[key] = submission
    results: list[RowResult] = []
    fallback: list[str] = []
    for group in _file_groups(conversions, BATCH_TRIPLES):
        if len(group) == 1:
            found, fell_back = validate_conversion(group[0], lang=lang, engine=engine)
        else:
            found, fell_back = _validate_together(group, lang=lang, engine=engine)
        results.extend(found)
        fallback.extend(node for node in fell_back if node not in fallback)
    results.sort(key=RowResult.sort_key)
    return ValidationOutcome(
        results=results,
        submissions=submissions,
        conversions=conversions,
        engine=engine,
        lang=lang,
        fallback_shapes=fallback,
    )
