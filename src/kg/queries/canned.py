"""Canned queries: the ``queries/*.rq`` files, their headers, parameters bound as RDF terms, and output.

Each ``.rq`` file starts with a header of comment lines::

    # title@id: Cakupan inisiatif per wilayah dan dimensi
    # title@en: Initiative coverage per region and dimension
    # description@id: …            (may repeat; lines are joined)
    # description@en: …
    # param: region (region, optional): Kode wilayah … / Kemendagri region code …
    # param: year (year, optional, default 2025): …
    # form: forms/coverage-all-regions.rq (when region is not given)
    # cube: year

A parameter's name is the query variable it binds. Its type says how the text given on the command line
becomes an RDF term: ``region`` (a registry code → the region's IRI), ``year`` and ``integer`` (→
``xsd:integer``), ``dimension`` / ``initiative`` (a notation, checked against the framework → the notation literal), ``beneficiary`` / ``status``
(a template code → the concept's IRI), ``string`` (→ a plain literal). The term is handed to the store as a
binding (a ``VALUES`` block serialised from the term), never pasted into the query text.

A ``form`` line names another text of the same question (a file under ``queries/``) that runs when the named
parameter is not given, or when it is given: a form the engine answers faster for that case (``coverage`` for
every region reads the coverage cube by scans joined by hashing; for one region it starts from that region's
observations; ``regions-all-dimensions`` with a year, ``# form: forms/regions-all-dimensions-year.rq (when year
is given)``, groups that year's observations by region first). The first form whose condition holds runs, else
the query's own text. A form for a given cube year may rely on ``?cube`` being that year's graph (it runs only
with the graph written in), so it can group the year's observations before they meet the rest; the own text
cannot, since a ``VALUES`` block may bind its ``?year`` from outside (the query editor shows the own text).
Tests hold the forms' answers equal.

A ``cube`` line says the query reads the coverage cube, whose observations are one named graph per year
(``graph/stats/{year}``, :mod:`kg.store.coverage_cube`), through the variable ``?cube``: ``GRAPH ?cube { … }``.
With the named parameter (a year) given, ``?cube`` is written in the text as that year's graph, so that each
scan reads one year of a national store, not ten (the graph is made from the integer the parameter was checked
to be, never from the text given); without it, ``?cube`` ranges over every graph, and the cube's own properties
(``kc:coverageRegion``, ``kc:coverageYear`` …) find the observations alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import PREFIXES, coverage_graph_iri, coverage_year
from kg.core.resources import query_dir
from kg.core.safe_text import rich_text, spreadsheet_cell
from kg.store.interface import GraphStore, SelectResult, term_text

if TYPE_CHECKING:
    from rdflib.term import Node

#: An IRI or a literal, as the stores take them (pyoxigraph terms; rdflib terms are taken too).
Term = ox.NamedNode | ox.Literal
_XSD = PREFIXES["xsd"]
_XSD_INTEGER = ox.NamedNode(_XSD + "integer")

PARAMETER_TYPES = ("region", "year", "integer", "dimension", "initiative", "beneficiary", "status", "string")
_HEADER = re.compile(r"#\s*(title|description)@(id|en)\s*:\s*(.*)")
_PARAM = re.compile(
    r"#\s*param\s*:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([a-z]+)\s*,\s*(required|optional)"
    r"(?:\s*,\s*default\s+([^)]+?))?\s*\)\s*:\s*(.*)"
)
_FORM = re.compile(r"#\s*form\s*:\s*(\S+\.rq)\s*\(\s*when\s+([A-Za-z_][A-Za-z0-9_]*)\s+is\s+(not\s+)?given\s*\)")
_CUBE = re.compile(r"#\s*cube\s*:\s*([A-Za-z_][A-Za-z0-9_]*)")
#: The coverage cube's graph in a query's text (not ``?cubes`` or ``?cube_x``)
_CUBE_GRAPH = re.compile(r"\?cube\b(?![-\w])")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a canned query."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class QueryForm:
    """Another text of a canned query's question (a ``form`` header line), run when ``parameter`` is given
    (``given``) or when it is not."""

    parameter: str
    given: bool
    text: str = field(repr=False)


@dataclass(frozen=True)
class CannedQuery:
    """A canned query: its name (the file's stem), header and SPARQL text."""

    name: str
    path: Path
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    parameters: tuple[Parameter, ...]
    text: str = field(repr=False)
    #: The texts run instead of :attr:`text` when their parameter is given or not (the first that applies)
    forms: tuple[QueryForm, ...] = field(default=(), repr=False)
    #: The year parameter choosing the coverage cube's graph ``?cube`` (the ``cube`` header line), if any
    cube_year: str | None = None

    def title(self, lang: str = "id") -> str:
        return self.title_en if lang == "en" else self.title_id

    def description(self, lang: str = "id") -> str:
        return self.description_en if lang == "en" else self.description_id

    def parameter(self, name: str) -> Parameter | None:
        return next((item for item in self.parameters if item.name == name), None)

    def text_for(self, bindings: Mapping[str, object]) -> str:
        """The text to run with these bound parameters: the first form whose condition holds, else
        :attr:`text`; with the year of :attr:`cube_year` given, ``?cube`` written as that year's graph (a form
        for that year given runs only then)."""
        year = coverage_year(term_text(bindings.get(self.cube_year))) if self.cube_year else None

        def applies(form: QueryForm) -> bool:
            if not form.given:
                return form.parameter not in bindings
            return form.parameter in bindings and (form.parameter != self.cube_year or year is not None)

        text = next((form.text for form in self.forms if applies(form)), self.text)
        if year is not None:
            graph = f"<{coverage_graph_iri(year)}>"
            lines = text.splitlines(keepends=True)  # comment lines kept as written
            text = "".join(line if line.lstrip().startswith("#") else _CUBE_GRAPH.sub(graph, line) for line in lines)
        return text


def parse_query_file(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its header; :class:`InputError` when the header is malformed."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    parameters: list[Parameter] = []
    forms: list[QueryForm] = []
    cube_year: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        if match := _HEADER.fullmatch(stripped):
            fields.setdefault(f"{match[1]}_{match[2]}", []).append(match[3].strip())
        elif stripped.lstrip("# ").startswith("param"):
            match = _PARAM.fullmatch(stripped)
            if not match or match[2] not in PARAMETER_TYPES:
                raise InputError(f"baris param tidak sah / malformed param line: {stripped}", str(path), number)
            parameters.append(
                Parameter(match[1], match[2], match[3] == "required", (match[4] or None), match[5].strip())
            )
        elif stripped.lstrip("# ").startswith("form"):
            match = _FORM.fullmatch(stripped)
            form = path.parent / match[1] if match else None
            if match is None or form is None or not form.is_file():
                raise InputError(f"baris form tidak sah / malformed form line: {stripped}", str(path), number)
            forms.append(QueryForm(match[2], not match[3], form.read_text(encoding="utf-8")))
        elif stripped.lstrip("# ").startswith("cube"):
            match = _CUBE.fullmatch(stripped)
            if match is None:
                raise InputError(f"baris cube tidak sah / malformed cube line: {stripped}", str(path), number)
            cube_year = match[1]
    unknown = [form.parameter for form in forms if not any(item.name == form.parameter for item in parameters)]
    if unknown:
        raise InputError(f"baris form tanpa parameter / form line names no parameter: {unknown[0]}", str(path))
    if cube_year is not None and not any(item.name == cube_year and item.type == "year" for item in parameters):
        raise InputError(
            f"baris cube tanpa parameter tahun / cube line names no year parameter: {cube_year}", str(path)
        )
    for key in ("title_id", "title_en", "description_id", "description_en"):
        if key not in fields:
            raise InputError(f"kepala kueri tanpa / query header lacks {key.replace('_', '@')}", str(path))
    return CannedQuery(
        name=path.stem,
        path=path,
        title_id=" ".join(fields["title_id"]),
        title_en=" ".join(fields["title_en"]),
        description_id=" ".join(fields["description_id"]),
        description_en=" ".join(fields["description_en"]),
        parameters=tuple(parameters),
        text=text,
        forms=tuple(forms),
        cube_year=cube_year,
    )


@cache
def canned_queries() -> dict[str, CannedQuery]:
    """Every canned query by name, in name order."""
    return {path.stem: parse_query_file(path) for path in sorted(query_dir().glob("*.rq"))}


def canned_query(name: str) -> CannedQuery:
    """The canned query called ``name``; :class:`InputError` listing the known names otherwise."""
    queries = canned_queries()
    if name not in queries:
        raise InputError(
            f"kueri tidak dikenal / unknown query {name!r}; ada / known: {', '.join(queries)}", source="query"
        )
    return queries[name]


# ---- parameters ------------------------------------------------------------------------------------------


def _code_term(kind: str, value: str, codes: Mapping[str, str]) -> Term:
    if value in codes:
        return ox.NamedNode(codes[value])
    raise InputError(
        f"{kind} tidak dikenal / unknown {kind}: {value!r}; ada / known: {', '.join(codes)}", source="--param"
    )


def parameter_term(parameter: Parameter, value: str) -> Term:
    """The RDF term a parameter's text stands for; :class:`InputError` (exit 2) if it is not one."""
    value = value.strip()
    if parameter.type == "region":
        from kg.framework.regions import region

        found = region(value)
        if found is None:
            raise InputError(
                f"kode wilayah tidak ada di daftar wilayah / region code not in the registry: {value!r}",
                source=f"--param {parameter.name}",
            )
        return ox.NamedNode(found.iri)
    if parameter.type in ("year", "integer"):
        if not re.fullmatch(r"[+-]?\d+", value):
            raise InputError(
                f"{parameter.name} harus bilangan bulat / must be an integer: {value!r}",
                source=f"--param {parameter.name}",
            )
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    if parameter.type in ("dimension", "initiative"):
        from kg.framework.concepts import dimensions, initiatives

        # bound as the notation itself (the column of the answers), once checked against the framework
        items = dimensions() if parameter.type == "dimension" else initiatives()
        notations = [item.notation for item in items]
        if value.upper() not in notations:
            raise InputError(
                f"{parameter.type} tidak dikenal / unknown {parameter.type}: {value!r}; ada / known: "
                f"{', '.join(notations)}",
                source=f"--param {parameter.name}",
            )
        return ox.Literal(value.upper())
    if parameter.type in ("beneficiary", "status"):
        from kg.framework.concepts import beneficiary_codes, status_codes

        codes = beneficiary_codes() if parameter.type == "beneficiary" else status_codes()
        return _code_term(parameter.type, value.lower(), {code: item.iri for code, item in codes.items()})
    return ox.Literal(value)


def bind_parameters(query: CannedQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Check ``values`` against the query's parameters and turn them into RDF terms (with defaults)."""
    for name in values:
        if query.parameter(name) is None:
            known = ", ".join(item.name for item in query.parameters) or "-"
            raise InputError(
                f"parameter tidak dikenal untuk {query.name} / unknown parameter for {query.name}: {name!r}; "
                f"ada / known: {known}",
                source="--param",
            )
    bindings: dict[str, Term] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None or value == "":
            if parameter.required:
                raise InputError(
                    f"parameter {parameter.name} wajib untuk {query.name} / is required for {query.name}",
                    source="--param",
                )
            continue
        bindings[parameter.name] = parameter_term(parameter, value)
    return bindings


_DECLARED_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def with_standard_prefixes(query: str) -> str:
    """``query`` with the project's prefixes (``kc:``, ``kcid:``, ``skos:``, ``rdfs:`` …, see
    :data:`kg.core.namespaces.PREFIXES`) declared in front, except those it declares itself."""
    declared = {match.group(1) or "" for match in _DECLARED_PREFIX.finditer(query)}
    prologue = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]
    return "\n".join(prologue + [query])


def parse_param_options(options: list[str]) -> dict[str, str]:
    """``["region=32.73", "year=2025"]`` → a dictionary; :class:`InputError` for an item without ``=``."""
    values: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param harus berbentuk nama=nilai / must be name=value: {option!r}", "--param")
        values[name.strip()] = value
    return values


def run_query(
    name: str, store: GraphStore, params: Mapping[str, str] | None = None, *, max_rows: int | None = None
) -> SelectResult:
    """Run the canned query ``name`` on ``store`` with ``params`` (text values, checked and bound as terms);
    more than ``max_rows`` rows raise :class:`kg.store.interface.ResultTooLargeError`."""
    query = canned_query(name)
    bindings = bind_parameters(query, params or {})
    return store.select(query.text_for(bindings), bindings, max_rows=max_rows)


# ---- output ----------------------------------------------------------------------------------------------


#: XML Schema datatypes whose values are integers (read as ``int``), decimals, and floating-point numbers.
_INTEGER_TYPES = frozenset(
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_DECIMAL = _XSD + "decimal"
_FLOATS = frozenset((_XSD + "double", _XSD + "float"))
_BOOLEAN = _XSD + "boolean"


def python_value(term: Node | ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """A term as a plain value: numbers as ``int``/``float``, booleans as ``bool``, the rest as text (a
    pyoxigraph term, or an rdflib term: the same value for the same term)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _literal_value(term.value, term.datatype.value)
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    datatype = getattr(term, "datatype", None)  # an rdflib literal
    if type(term).__name__ == "Literal" and getattr(term, "language", None) is None and datatype is not None:
        return _literal_value(str(term), str(datatype))
    return str(term)


def _literal_value(lexical: str, datatype: str) -> object:
    """A typed literal's value as rdflib's ``toPython`` would read it; its text when it is not a valid one."""
    text = lexical.strip()
    try:
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype == _DECIMAL:
            number = Decimal(text)
            if not number.is_finite():
                return lexical
            return int(number) if number == number.to_integral_value() and "." not in text else float(number)
        if datatype in _FLOATS:
            return float(text)
        if datatype == _BOOLEAN and text in ("true", "false", "1", "0"):
            return text in ("true", "1")
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


def rows_as_objects(result: SelectResult) -> list[dict[str, Any]]:
    """The rows as dictionaries keyed by variable name with plain values (the JSON output): ``int``, ``float``,
    ``bool``, text or ``None``."""
    return [
        {name: python_value(term) for name, term in zip(result.variables, row, strict=True)} for row in result.terms
    ]


def _cell(value: object, short: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not short:
        return repr(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_json(result: SelectResult) -> str:
    """A JSON list of objects keyed by the variable names; numbers as JSON numbers."""
    return json.dumps(rows_as_objects(result), ensure_ascii=False, indent=2)


def to_csv(result: SelectResult) -> str:
    """CSV with a header row of the variable names; numbers as numbers, text that a spreadsheet would take
    for a formula neutralised (:func:`kg.core.safe_text.spreadsheet_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.variables)
    for row in rows_as_objects(result):
        writer.writerow([_cell(spreadsheet_cell(value), short=False) for value in row.values()])
    return buffer.getvalue()


#: How a table for people (terminal, Markdown) shows an unbound value: unknown, which is not 0 (nor a text).
UNKNOWN = "–"


def to_markdown(result: SelectResult) -> str:
    """A Markdown table (documentation, reports); an unbound value as :data:`UNKNOWN`."""
    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    for row in rows_as_objects(result):
        cells = (_cell(value).replace("|", "\\|") if value is not None else UNKNOWN for value in row.values())
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rich_table(result: SelectResult, title: str | None = None):
    """A :class:`rich.table.Table` of the answer, numbers right-aligned, an unbound value as :data:`UNKNOWN`;
    the cells are shown as text (no markup, no control characters: :func:`kg.core.safe_text.rich_text`)."""
    from rich.table import Table

    objects = rows_as_objects(result)
    table = Table(title=rich_text(title) if title is not None else None, show_lines=False)
    for name in result.variables:
        numeric = bool(objects) and all(
            isinstance(row[name], (int, float)) and not isinstance(row[name], bool)
            for row in objects
            if row[name] is not None
        )
        # an IRI is never cut short ("https://w3id.org/kotac…"): it folds onto the next line when it must
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for terms, row in zip(result.terms, objects, strict=True):  # an unbound value (an unknown figure) shows "–"
        table.add_row(
            *(
                UNKNOWN
                if value is None
                else rich_text(prefixed_name(iri) if (iri := _iri_of(term)) is not None else _cell(value))
                for term, value in zip(terms, row.values(), strict=True)
            )
        )
    return table


def _iri_of(term: object) -> str | None:
    """The IRI of a term that names one (a pyoxigraph ``NamedNode`` or an rdflib ``URIRef``, as the rows of a
    :class:`SelectResult` may hold either), else ``None``; without importing rdflib."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return term.value
    if type(term).__name__ == "URIRef":
        return str(term)
    return None


_LOCAL_NAME = re.compile(r"[A-Za-z_][\w\-]*(?:[\w\-.]*[\w\-])?")


def prefixed_name(iri: str) -> str:
    """``kc:Program`` for ``https://w3id.org/kotacerdas/ontology#Program`` with the project's prefixes (the
    longest namespace that leaves a legal local name); the IRI itself when none does (``…/id/region/32.73``)."""
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
            return f"{name}:{iri[len(namespace) :]}"
    return iri
