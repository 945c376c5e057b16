"""The namespaces and fixed IRIs of the project (docs/design.md, "Fixed names").

Everything that names a term, a graph or a data resource takes it from here, so there is one truth.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.core.template_metadata import annotation, derived, expand_curie, table_schema
from kg.core.uri_template import UriTemplate

if TYPE_CHECKING:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VANN, XSD  # noqa: F401

    # what the module's __getattr__ makes on first use, as the type checker sees it
    KC: Namespace
    ID: Namespace
    GRAPH: Namespace
    SCHEMA: Namespace
    SDG: Namespace
    WD: Namespace
    WDT: Namespace
    QB: Namespace
    SPDX: Namespace
    SSSOM: Namespace
    SEMAPV: Namespace
    VOID: Namespace
    QUDT: Namespace
    UNIT: Namespace
    S4CITY: Namespace
    ONTOLOGY_GRAPH: URIRef
    REGIONS_GRAPH: URIRef
    ALIGNMENTS_GRAPH: URIRef
    META_GRAPH: URIRef
    STATS_GRAPH: URIRef

BASE = "https://w3id.org/kotacerdas/"
ONTOLOGY_IRI = BASE + "ontology"

#: The project's own namespaces and the vocabularies it reuses, as IRI text. Each is also a module attribute
#: holding an rdflib ``Namespace`` (``KC.Program``), made on first use (PEP 562), so that a module needing only
#: the text (the query path, ``kotacerdas --help``) never imports rdflib.
NAMESPACE_IRIS: dict[str, str] = {
    "KC": ONTOLOGY_IRI + "#",
    "ID": BASE + "id/",
    "GRAPH": BASE + "graph/",
    "SCHEMA": "https://schema.org/",
    "SDG": "http://metadata.un.org/sdg/",
    "WD": "http://www.wikidata.org/entity/",
    "WDT": "http://www.wikidata.org/prop/direct/",
    "QB": "http://purl.org/linked-data/cube#",
    "SPDX": "http://spdx.org/rdf/terms#",
    "SSSOM": "https://w3id.org/sssom/",
    "SEMAPV": "https://w3id.org/semapv/vocab/",
    "VOID": "http://rdfs.org/ns/void#",
    "QUDT": "http://qudt.org/schema/qudt/",
    "UNIT": "http://qudt.org/vocab/unit/",
    "S4CITY": "https://saref.etsi.org/saref4city/",
}
#: rdflib's own namespace objects, re-exported (made on first use).
_RDFLIB_NAMESPACES = ("DCAT", "DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SH", "SKOS", "TIME", "VANN", "XSD")

#: Named graphs of the store (the framework, the registry, the alignments, load metadata, statistics), as text;
#: ``ONTOLOGY_GRAPH`` … are the same as rdflib ``URIRef`` (made on first use).
GRAPH_IRIS: dict[str, str] = {
    "ONTOLOGY_GRAPH": BASE + "graph/ontology",
    "REGIONS_GRAPH": BASE + "graph/regions",
    "ALIGNMENTS_GRAPH": BASE + "graph/alignments",
    "META_GRAPH": BASE + "graph/meta",
    "STATS_GRAPH": BASE + "graph/stats",
}

#: Prefixes bound when serialising, in this order.
PREFIXES: dict[str, str] = {
    "kc": NAMESPACE_IRIS["KC"],
    "kcid": NAMESPACE_IRIS["ID"],
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": NAMESPACE_IRIS["QB"],
    "qudt": NAMESPACE_IRIS["QUDT"],
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": NAMESPACE_IRIS["SCHEMA"],
    "sdg": NAMESPACE_IRIS["SDG"],
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": NAMESPACE_IRIS["SPDX"],
    "time": "http://www.w3.org/2006/time#",
    "unit": NAMESPACE_IRIS["UNIT"],
    "vann": "http://purl.org/vocab/vann/",
    "void": NAMESPACE_IRIS["VOID"],
    "wd": NAMESPACE_IRIS["WD"],
    "wdt": NAMESPACE_IRIS["WDT"],
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def __getattr__(name: str) -> Namespace | URIRef:
    """The rdflib objects of this module (``KC``, ``RDF``, ``META_GRAPH`` …), made on first use."""
    value: Namespace | URIRef
    if name in NAMESPACE_IRIS:
        from rdflib import Namespace

        value = Namespace(NAMESPACE_IRIS[name])
    elif name in _RDFLIB_NAMESPACES:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    elif name in GRAPH_IRIS:
        from rdflib import URIRef

        value = URIRef(GRAPH_IRIS[name])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


# --- IRIs of data -------------------------------------------------------------------------------------------
# One function per kind of resource, each expanding the URI template that the template metadata gives for it
# (CSVW ``aboutUrl`` / ``valueUrl`` in template/programs.csv-metadata.json, found by the class of the
# resources it names); RFC 6570 expansion (:mod:`kg.core.uri_template`), which percent-encodes every value.

#: Written for an empty value, so that an IRI keeps all its path segments (``…/program/_/2025/P-1``).
EMPTY_VALUE = "_"


_REGION, _SUBMISSION, _PROGRAM, _INDICATOR, _AGENCY, _ASSESSMENT = (
    NAMESPACE_IRIS["KC"] + name
    for name in ("Region", "Submission", "Program", "Indicator", "Agency", "IndicatorAssessment")
)


@derived
def _iri_templates() -> dict[str, tuple[UriTemplate, str]]:
    """Class IRI → (URI template of its resources, the column holding a minted resource's name), from the
    programs table (the first template naming a class wins: the indicators table has its own functions)."""

    schema = table_schema()
    found: dict[str, tuple[UriTemplate, str]] = {}
    for spec in schema["columns"]:
        value_class = annotation(spec, "valueClass")
        if value_class and "valueUrl" in spec:
            found.setdefault(expand_curie(value_class["@id"]), (UriTemplate(spec["valueUrl"]), spec["name"]))
        elif spec.get("virtual") and expand_curie(spec.get("propertyUrl", "")) == PREFIXES["rdf"] + "type":
            found.setdefault(
                expand_curie(spec["valueUrl"]), (UriTemplate(spec.get("aboutUrl", schema["aboutUrl"])), "")
            )
    return found


def _template(kind: str) -> tuple[UriTemplate, str]:
    try:
        return _iri_templates()[kind]
    except KeyError:
        raise LookupError(f"the template metadata gives no URI template for {kind}") from None


@derived
def key_columns() -> tuple[str, str, str]:
    """The columns that name a program, (region, year, program id): the table's CSVW ``primaryKey``."""
    region, year, program_id = table_schema()["primaryKey"]
    return region, year, program_id


@derived(maxsize=4096)
def _for_submission(kind: str, region_code: str, year: str) -> UriTemplate:
    """The template of ``kind`` with region and year filled in (one per submission: rows then fill one value)."""
    region, year_name, _ = key_columns()
    return _template(kind)[0].partial({region: region_code, year_name: year})


@derived(maxsize=4096)
def _text_for_submission(template: str, region_code: str, year: str) -> UriTemplate:
    """Any URI template of the metadata (given as its text) with region and year filled in."""

    region, year_name, _ = key_columns()
    return UriTemplate(template).partial({region: region_code, year_name: year})


def _text(value: object) -> str:
    return str(value).strip() or EMPTY_VALUE


def region_iri(region_code: str) -> str:
    """The IRI of a region of the registry: ``…/id/region/32.73``."""
    return _template(_REGION)[0].expand({key_columns()[0]: _text(region_code)})


def submission_iri(region_code: str, year: int | str) -> str:
    """The IRI (and named graph) of one region's submission for one fiscal year: ``…/id/submission/32.73/2025``."""
    return _for_submission(_SUBMISSION, _text(region_code), _text(year)).expand()


def coverage_dataset_iri() -> str:
    """The RDF Data Cube data set of initiative coverage (:mod:`kg.store.coverage_cube`): ``…/id/dataset/coverage``."""
    return NAMESPACE_IRIS["ID"] + "dataset/coverage"


def region_coverage_dataset_iri() -> str:
    """The RDF Data Cube data set of each region's coverage of a whole year, summed over the dimensions
    (:mod:`kg.store.coverage_cube`): ``…/id/dataset/region-coverage``."""
    return NAMESPACE_IRIS["ID"] + "dataset/region-coverage"


def coverage_year(text: str | None) -> int | None:
    """The fiscal year a coverage graph is named by, read from a year's text: an integer of ASCII digits, else
    ``None`` (``"²"`` is a digit to ``str.isdigit`` but not an integer to ``int``)."""
    return int(text) if text is not None and re.fullmatch(r"\s*[+-]?[0-9]+\s*", text) else None


def coverage_graph_iri(year: int | str) -> str:
    """The named graph of one fiscal year's coverage observations, ``…/graph/stats/2025`` (each year's apart, so
    that a question about one year reads that year's observations alone: :mod:`kg.store.coverage_cube`)."""
    return f"{GRAPH_IRIS['STATS_GRAPH']}/{int(year)}"


def coverage_observation_iri(submission: str, dimension: str) -> str:
    """One coverage observation: a submission's coverage of one dimension, ``…/submission/32.73/2025/coverage/GOV``."""
    return f"{submission}/coverage/{dimension}"


def region_coverage_observation_iri(submission: str) -> str:
    """A submission's coverage of the whole framework, summed over its dimensions' observations,
    ``…/submission/32.73/2025/coverage``."""
    return f"{submission}/coverage"


def submission_iri_prefix() -> str:
    """What every submission IRI starts with (``…/id/submission/``)."""
    return _template(_SUBMISSION)[0].uri.split("{", 1)[0]


def program_iri_prefix(region_code: str, year: int | str) -> str:
    """What every program IRI (and indicator IRI) of one submission starts with (``…/program/32.73/2025/``)."""
    return _for_submission(_PROGRAM, _text(region_code), _text(year)).uri.split("{", 1)[0]


def agency_iri_prefix(region_code: str) -> str:
    """What every agency IRI of one region starts with (``…/id/agency/32.73/``)."""
    return _template(_AGENCY)[0].partial({key_columns()[0]: _text(region_code)}).uri.split("{", 1)[0]


def parse_submission_iri(iri: str) -> tuple[str, str] | None:
    """(region code, year) of a submission IRI made by :func:`submission_iri`, or ``None``: its template's inverse
    (:meth:`~kg.core.uri_template.UriTemplate.match`)."""
    values = _template(_SUBMISSION)[0].match(iri)
    if values is None:
        return None
    region, year, _ = key_columns()
    return values.get(region, ""), values.get(year, "")


def parse_region_iri(iri: str) -> str | None:
    """The region code of a region IRI made by :func:`region_iri`, or ``None``."""
    values = _template(_REGION)[0].match(iri)
    return None if values is None else values.get(key_columns()[0], "")


def parse_program_iri(iri: str) -> tuple[str, str, str] | None:
    """(region code, year, program id) of a program IRI made by :func:`program_iri` (without a row), or ``None``."""
    values = _template(_PROGRAM)[0].match(iri)
    if values is None:
        return None
    region, year, program_id = key_columns()
    return values.get(region, ""), values.get(year, ""), values.get(program_id, "")


def program_iri(region_code: str, year: int | str, program_id: str, row: int | None = None) -> str:
    """The stable IRI of a program: region, year and the steward's ``id_program``; ``row`` (the source row)
    makes it the row's own (``…#row-5``) for a row whose ``id_program`` is missing or repeated."""
    iri = _expanded(_PROGRAM, _text(region_code), _text(year), _text(program_id))
    return iri if row is None else f"{iri}#row-{row}"


def _row_iri(iri: str, row: int | None) -> str:
    return iri if row is None else f"{iri}#row-{row}"


def indicator_iri(
    region_code: str, year: int | str, program_id: str, row: int | None = None, name: str | None = None
) -> str:
    """The IRI of a program's indicator: the single indicator of the program table's columns
    (``…/id/program/32.73/2025/P-1/indicator``), or, with ``name``, an indicator of the indicators table
    (``…/P-1/indicator/indeks-spbe``, the name as its key, :func:`name_key`). ``row`` as for the program."""
    key = (_text(region_code), _text(year), _text(program_id))
    if name is not None:
        return _row_iri(_indicator_table_iri("indicator", *key, name_key(name), ""), row)
    suffix = _indicator_suffix()
    iri = _expanded(_PROGRAM, *key) + suffix if suffix is not None else _expanded(_INDICATOR, *key)
    return _row_iri(iri, row)


def assessment_iri(
    region_code: str, year: int | str, program_id: str, period: str, row: int | None = None, name: str | None = None
) -> str:
    """The IRI of an indicator's assessment for ``period`` (``2025``, ``2025-06``): of the single indicator
    (``…/P-1/indicator/2025``) or, with ``name``, of an indicator of the indicators table
    (``…/P-1/indicator/indeks-spbe/2025``)."""
    key = (_text(region_code), _text(year), _text(program_id))
    if name is not None:
        return _row_iri(_indicator_table_iri("assessment", *key, name_key(name), _text(period)), row)
    template = _text_for_submission(_template(_ASSESSMENT)[0].uri, key[0], key[1])
    return _row_iri(template.expand({key_columns()[2]: key[2]}), row)


@derived
def _indicator_table_templates() -> dict[str, str]:
    """The indicators table's URI templates: ``assessment`` (its rows), ``indicator``."""
    from kg.core.template_metadata import INDICATORS_TABLE, tables

    if INDICATORS_TABLE not in tables():
        raise LookupError("the template metadata has no indicators table")
    schema = table_schema(INDICATORS_TABLE)
    found = {"assessment": schema["aboutUrl"]}
    for spec in schema["columns"]:
        if (annotation(spec, "valueClass") or {}).get("@id") and expand_curie(
            annotation(spec, "valueClass")["@id"]
        ) == _INDICATOR:
            found["indicator"] = spec["valueUrl"]
    return found


def _indicator_table_iri(kind: str, region: str, year: str, program_id: str, key: str, period: str) -> str:
    _, _, id_name = key_columns()
    values = {id_name: program_id, "indikator": key, "periode": period}
    return _text_for_submission(_indicator_table_templates()[kind], region, year).expand(values)


def data_iri(
    template: str,
    region_code: str,
    year: int | str,
    program_id: str,
    *,
    row: int | None = None,
    names: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> str:
    """The IRI a URI template of the template metadata (an ``aboutUrl`` or ``valueUrl``, given as its text)
    names for one row: region, year and program id filled in, ``names`` written as their key (:func:`name_key`,
    as an agency's or an indicator's name), ``values`` as they are (a period, a parent's id). The amounts
    (``…/P-1/anggaran``), the indicators and assessments, a parent program (``…/program/32.73/2025/P-1``)."""
    filled = {key_columns()[2]: _text(program_id)}
    for name, value in (names or {}).items():
        filled[name] = name_key(value)
    for name, value in (values or {}).items():
        filled[name] = _text(value)
    return _row_iri(_text_for_submission(template, _text(region_code), _text(year)).expand(filled), row)


def template_variables(template: str) -> set[str]:
    """The variables a URI template of the metadata uses."""
    return set(re.findall(r"\{([^}]+)\}", template))


@derived
def _indicator_suffix() -> str | None:
    """The literal rest of the indicator's template when it extends the program's (``…/{id_program}/indicator``):
    an indicator's IRI is then its program's plus that rest, with no second expansion."""
    program, indicator = _template(_PROGRAM)[0].uri, _template(_INDICATOR)[0].uri
    rest = indicator[len(program) :]
    return rest if indicator.startswith(program) and "{" not in rest else None


@derived(maxsize=256)
def _expanded(kind: str, region_code: str, year: str, program_id: str) -> str:
    # kept for a moment: a row asks for its program's IRI, then its indicator's
    return _for_submission(kind, region_code, year).expand({key_columns()[2]: program_id})


def agency_iri(region_code: str, name: str) -> str:
    """The IRI of a region's agency, from its name's key (:func:`name_key`): ``…/agency/32.73/dinas-kesehatan``."""
    template, column = _template(_AGENCY)
    return template.expand({key_columns()[0]: _text(region_code), column: name_key(name)})


_NOT_A_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """A name as it goes into an IRI: lower case, each run of other characters than letters and digits one
    ``-`` (``Dinas Komunikasi & Informatika`` → ``dinas-komunikasi-informatika``), so that spellings differing
    only in case, spaces or punctuation name one resource. The template metadata says so on its column."""
    return _NOT_A_WORD.sub("-", name.casefold()).strip("-") or EMPTY_VALUE
