"""Validating submissions: read → convert → SHACL (``shapes/programs.ttl``) → results on rows and columns.

The data is validated together with the reference data the shapes point at (the ontology, for initiatives,
statuses and beneficiary groups; the region registry, for ``sh:class kc:Region``), loaded once per process. The
engine is :class:`kg.shacl.ShaclEngine` (SHACL compiled to SPARQL on pyoxigraph, the default) or pySHACL.

Each result is mapped back to where the steward can fix it: the focus node to its row (``kc:sourceRow``; an
indicator to its program's row), the path to its column (the template metadata's ``propertyUrl``), and the
message taken in the chosen language with the value found filled in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kg.core.errors import InputError
from kg.submissions.convert import Conversion, SubmissionData, convert_file, ntriples_batches

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from kg.shacl import ValidationReport, ValidationResult

Engine = Literal["sparql", "pyshacl"]
#: Severities from the most to the least severe, by their sh: local name.
SEVERITIES = ("Violation", "Warning", "Info")
#: The submission shapes file in ``shapes/``.
SHAPES_FILE = "programs.ttl"
_SH = "http://www.w3.org/ns/shacl#"


@dataclass
class RowResult:
    """One validation result, placed on its file, row and column, with its message in one language."""

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

    def as_dict(self) -> dict[str, object]:
        """The result as DESIGN.md's JSON fields, in their order."""
        return {
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
    names = [name.lower() for name in SEVERITIES]
    if fail_on.lower() not in names:
        raise InputError(f"--fail-on harus salah satu dari / must be one of: {', '.join(names)}", source="--fail-on")
    return names.index(fail_on.lower())


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


def run_engine(ntriples: bytes | Iterable[bytes], engine: Engine = "sparql") -> ValidationReport:
    """Validate N-Triples of submission data (one document or several) with the chosen engine; the engine's
    own report. Only the results become rdflib terms: the SPARQL engine never copies the data to rdflib."""
    if engine == "sparql":
        return sparql_engine().validate(data_store(ntriples))
    if engine == "pyshacl":
        from kg.shacl import validate_with_pyshacl

        return validate_with_pyshacl(data_graph(ntriples), shapes_graph())
    raise InputError(f"mesin tidak dikenal / unknown engine {engine!r}: sparql or pyshacl", source="--engine")


# --- mapping results to rows and columns ------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\{[?$](value|this|path)\}")


def fill_message(text: str, fields: dict[str, str]) -> str:
    """A message with ``{$value}``, ``{$this}``, ``{$path}`` (or ``{?…}``) filled in; other placeholders kept."""
    return _PLACEHOLDER.sub(lambda m: fields[m.group(1)], text)


def _pick_message(result: ValidationResult, lang: str) -> str:
    """The result's message in ``lang``; untagged messages (pySHACL drops the tag of the SPARQL messages it
    fills in) are recognised by the shape's message template they were made from."""
    messages = list(result.messages)
    for message in messages:
        if getattr(message, "language", None) == lang:
            return str(message)
    untagged = [m for m in messages if not getattr(m, "language", None)]
    if untagged:
        for template in _templates(result):
            if template.language == lang:
                pattern = re.compile(
                    ".*?".join(re.escape(part) for part in re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", str(template)))
                    + "$",
                    re.DOTALL,
                )
                for message in untagged:
                    if pattern.match(str(message)):
                        return str(message)
    for wanted in ("en" if lang == "id" else "id", None):
        for message in messages:
            if getattr(message, "language", None) == wanted:
                return str(message)
    return str(messages[0]) if messages else ""


def _templates(result: ValidationResult) -> list:
    from rdflib.namespace import SH

    graph = shapes_graph()
    found = []
    for node in (result.source_constraint, result.source_shape):
        if node is not None:
            found.extend(graph.objects(node, SH.message))
    return found


def _severity_name(severity) -> str:
    text = str(severity)
    return text[len(_SH):] if text.startswith(_SH) else text


def _term_text(term) -> str | None:
    if term is None:
        return None
    return str(term)


def _row_result(result: ValidationResult, conversion: Conversion, lang: str) -> RowResult:
    from rdflib import Literal as LiteralTerm

    from kg.submissions.template import column_for_property

    focus = str(result.focus)
    path = str(result.path) if result.path is not None else None
    row = column = None
    if conversion.tabular:
        located = conversion.rows.get(focus)
        if located is not None:
            row, kind = located
            if path is not None:
                column = column_for_property().get((kind, path))
    value = None
    if result.value is not None:
        value = conversion.codes.get(str(result.value), str(result.value))
    fields = {"value": value or "", "this": focus, "path": column or path or ""}
    message = fill_message(_pick_message(result, lang), fields)
    filled = [
        LiteralTerm(fill_message(str(m), fields), lang=getattr(m, "language", None)) for m in result.messages
    ]
    return RowResult(
        severity=_severity_name(result.severity),
        message=message,
        focus=focus,
        path=path,
        value=value,
        shape=str(result.source_shape),
        constraint=str(result.constraint_component),
        file=str(conversion.source_file),
        row=row,
        column=column,
        result=result,
        messages=filled,
    )


def validate_conversion(
    conversion: Conversion, *, lang: str = "id", engine: Engine = "sparql"
) -> tuple[list[RowResult], list[str]]:
    """Validate one converted file: its results on rows and columns, and the shapes that fell back to pySHACL."""
    report = run_engine([item.ntriples for item in conversion.submissions.values()], engine)
    results = [_row_result(result, conversion, lang) for result in report.results]
    return results, [str(node) for node in getattr(report, "fallback_shapes", [])]


def validate_files(
    paths: Iterable[Path | str], *, lang: str = "id", engine: Engine = "sparql"
) -> ValidationOutcome:
    """Read, convert and validate each file; raise :class:`InputError` on the first unreadable one."""
    if lang not in ("id", "en"):
        raise InputError("--lang harus id atau en / must be id or en", source="--lang")
    if engine not in ("sparql", "pyshacl"):
        raise InputError(f"mesin tidak dikenal / unknown engine {engine!r}: sparql or pyshacl", source="--engine")
    conversions = [convert_file(path) for path in paths]
    submissions: dict[tuple[str, int | str], SubmissionData] = {}
    for conversion in conversions:
        for key, submission in conversion.submissions.items():
            if key in submissions:
                raise InputError(
                    f"pengajuan {key[0]}/{key[1]} juga ada di {submissions[key].source_file} / "
                    f"submission {key[0]}/{key[1]} also appears in {submissions[key].source_file}",
                    source=str(conversion.source_file),
                )
            submissions[key] = submission
    results: list[RowResult] = []
    fallback: list[str] = []
    for conversion in conversions:
        found, fell_back = validate_conversion(conversion, lang=lang, engine=engine)
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
