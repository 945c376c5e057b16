"""The submission template: its columns, defined once in ``template/programs.csv-metadata.json`` (W3C CSVW).

Everything about a column — its name, its titles in Indonesian and English, its datatype, whether it is
required, its separator, the RDF property it becomes — is read from that file. The lists of allowed codes are
not in it: the metadata names where they come from (``skos:inScheme``: the framework's concept schemes in the
ontology, or the region registry), and :func:`code_list` reads them from there. A coded column's CSVW
``valueUrl`` gives a standard CSVW processor an IRI for each code: the concept's own where the code is its name
(``…/region/{kode_wilayah}``, ``…ontology#{inisiatif}``), else a code IRI (``…/id/code/status/{status}``) that
the server sends on (303) to the concept.

:func:`write_template` writes an empty template: an XLSX with drop-down lists and a bilingual guide, or a CSV.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.core.namespaces import key_columns
from kg.core.template_metadata import (
    PROGRAMS_TABLE,
    annotation,
    code_scheme,
    derived,
    expand_curie,
    metadata,
    table_schema,
    tables,
)

__all__ = ["key_columns", "metadata"]  # re-exported: the template's key columns and document


@dataclass(frozen=True)
class Column:
    """One column of the template, as its CSVW metadata defines it."""

    name: str
    titles_id: tuple[str, ...]
    titles_en: tuple[str, ...]
    #: CSVW base datatype: ``string``, ``integer``, ``decimal``, ``date``, ``anyURI`` (a web address).
    datatype: str
    required: bool
    #: ``";"`` for columns holding several values, else ``None``.
    separator: str | None
    #: The full IRI of the RDF property the column becomes (``""`` for a key column that makes no triple).
    property: str
    #: Which resource of a row the property describes: ``"program"`` (the table's own resource in the programs
    #: table), or the local name of the property linking it (``"indicator"``, ``"assessment"``,
    #: ``"plannedBudget"``, ``"realisedBudget"``); the indicators table's rows are ``"assessment"``.
    subject: str
    #: Language tag of a text column (``"id"``), else ``None``.
    lang: str | None
    #: The IRI of the code list the values come from (concept scheme or registry), else ``None``.
    values_from: str | None
    #: CSVW ``valueUrl`` template (``…/region/{kode_wilayah}``), else ``None``.
    value_url: str | None
    #: The class of the resource the ``valueUrl`` names (``kc:Agency``, ``kc:Region``), else ``None``.
    value_class: str | None
    description_id: str
    description_en: str
    #: A CSVW virtual column: no cell, a triple of every row (the program's type, its submission, its indicator).
    virtual: bool = False
    #: CSVW ``aboutUrl`` template of the resource the column describes.
    about_url: str = ""
    #: The table the column belongs to (``programs``, ``indikator``).
    table: str = PROGRAMS_TABLE
    #: The property an approximate amount ("Rp 107 miliar lebih") becomes instead of :attr:`property`.
    approximate_property: str | None = None
    #: A date column that also takes a month (``2018-03``, ``Maret 2018``) or a year (``2018``).
    partial_dates: bool = False
    #: An optional column whose unreadable value is left out with a Warning instead of a Violation (``dua miliar``
    #: in anggaran, ``dana desa`` in sumber_dana): the program loads, without that value (docs/design.md).
    left_out: bool = False
    #: A virtual column's constant literal (CSVW ``default``), e.g. the currency ``IDR``.
    default: str | None = None
    #: A virtual column's literal made from the row (``{tahun}``), with :attr:`datatype`.
    value_template: str | None = None
    #: A key column that makes no triple of its own (CSVW ``suppressOutput``).
    suppress_output: bool = False
    #: The minimum of a number column (CSVW ``minInclusive``), else ``None``.
    minimum: str | None = None
    #: A coded column's CSVW ``valueUrl`` naming a code IRI (``…/id/code/status/{status}``) the server sends on to
    #: the concept, else ``None``.
    code_url: str | None = None
    #: For a unit column: the table (in ``template/``) of units written → QUDT unit IRIs, and the property the
    #: IRI becomes (``kc:unitOfMeasure``) beside the text written.
    units_from: str | None = None
    unit_property: str | None = None
    #: A coded column whose values are written by their names (the Kominfo pillars: Smart Governance), so that
    #: messages list the names, never the codes (KOM-GOV) a steward never sees.
    by_label: bool = False

    def title(self, lang: str = "id") -> str:
        """The header a person sees: the first title in ``lang`` that is not the machine name."""
        titles = self.titles_en if lang == "en" else self.titles_id
        return titles[1] if len(titles) > 1 else titles[0]

    def header(self) -> str:
        """The XLSX template's header cell: the Indonesian and English titles (``Kode Wilayah / Region code``)."""
        return f"{self.title('id')} / {self.title('en')}"

    def description(self, lang: str = "id") -> str:
        """The column's explanation in ``lang``."""
        return self.description_en if lang == "en" else self.description_id


def _lang_values(value: Any, lang: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "@value" in value:
            return [value["@value"]] if value.get("@language", lang) == lang else []
        found = value.get(lang, [])
        return [found] if isinstance(found, str) else list(found)
    return [text for item in value for text in _lang_values(item, lang)]


@derived
def resource_kinds(table: str = PROGRAMS_TABLE) -> dict[str, str]:
    """aboutUrl/valueUrl template of ``table`` → the kind of resource it names (see :attr:`Column.subject`): the
    table's own resource (``program``, ``assessment``), then each resource a virtual column links to, by the local
    name of the linking property (``indicator``, ``plannedBudget`` …)."""
    return _resource_kinds(table_schema(table), table)


def _resource_kinds(schema: dict[str, Any], table: str) -> dict[str, str]:
    """aboutUrl/valueUrl template → the kind of resource it names (see :attr:`Column.subject`): the table's own
    resource, then each resource a virtual column links to, by the local name of the linking property."""
    own = "program" if table == PROGRAMS_TABLE else "assessment"
    kinds = {schema["aboutUrl"]: own}
    for spec in schema["columns"]:
        value_url = spec.get("valueUrl")
        # a region (…/id/region/{kode_wilayah}) is the registry's resource, a period (…/id/period/{tahun}) one
        # kg.submissions.periods describes: named by a row but not described by its columns
        registry = value_url is not None and ("/id/region/" in value_url or "/id/period/" in value_url)
        if spec.get("virtual") and value_url and "{" in value_url and spec.get("propertyUrl") and not registry:
            kinds.setdefault(value_url, expand_curie(spec["propertyUrl"]).rpartition("#")[2])
    return kinds


def _column(spec: dict[str, Any], table_about: str, table: str, kinds: dict[str, str]) -> Column:
    datatype = spec.get("datatype", "string")
    values_from = code_scheme(spec)
    value_class = annotation(spec, "valueClass")
    # a coded column's valueUrl (…/id/code/status/{status}) names the code, read through its scheme instead
    value_url = spec.get("valueUrl") if "/id/code/" not in spec.get("valueUrl", "") else None
    approximate = annotation(spec, "approximatePropertyUrl")
    about = spec.get("aboutUrl", table_about)
    minimum = datatype.get("minInclusive") if isinstance(datatype, dict) else None
    return Column(
        name=spec["name"],
        titles_id=tuple(_lang_values(spec.get("titles", []), "id")),
        titles_en=tuple(_lang_values(spec.get("titles", []), "en")),
        datatype=datatype["base"] if isinstance(datatype, dict) else datatype,
        required=bool(spec.get("required", False)),
        separator=spec.get("separator"),
        property=expand_curie(spec["propertyUrl"]) if spec.get("propertyUrl") else "",
        subject=kinds.get(about, "program"),
        lang=spec.get("lang"),
        values_from=values_from,
        value_url=expand_curie(value_url) if value_url and "{" not in value_url else value_url,
        code_url=spec["valueUrl"] if "/id/code/" in spec.get("valueUrl", "") else None,
        value_class=expand_curie(value_class["@id"]) if value_class else None,
        description_id=" ".join(_lang_values(spec.get("dc:description", []), "id")),
        description_en=" ".join(_lang_values(spec.get("dc:description", []), "en")),
        virtual=bool(spec.get("virtual", False)),
        about_url=about,
        table=table,
        approximate_property=expand_curie(approximate) if approximate else None,
        partial_dates=bool(annotation(spec, "partialDates", False)),
        left_out=bool(annotation(spec, "unreadableLeftOut", False)),
        default=spec.get("default"),
        value_template=annotation(spec, "valueTemplate"),
        suppress_output=bool(spec.get("suppressOutput", False)),
        minimum=str(minimum) if minimum is not None else None,
        units_from=annotation(spec, "unitsFrom"),
        unit_property=expand_curie(annotation(spec, "unitPropertyUrl"))
        if annotation(spec, "unitPropertyUrl")
        else None,
        by_label=bool(annotation(spec, "writtenByLabel", False)),
    )


@derived
def _all_columns(table: str = PROGRAMS_TABLE) -> tuple[Column, ...]:
    if table not in tables():
        return ()
    schema = table_schema(table)
    kinds = _resource_kinds(schema, table)
    return tuple(_column(spec, schema["aboutUrl"], table, kinds) for spec in schema["columns"])


def all_columns() -> tuple[Column, ...]:
    """Every column of every table, virtual ones included."""
    return tuple(item for table in tables() for item in _all_columns(table))


@derived
def columns(table: str = PROGRAMS_TABLE) -> tuple[Column, ...]:
    """The columns of ``table`` (the programs table by default) in order: the cells of a row (virtual columns
    are not among them)."""
    return tuple(item for item in _all_columns(table) if not item.virtual)


@derived
def virtual_columns(table: str = PROGRAMS_TABLE) -> tuple[Column, ...]:
    """The CSVW virtual columns of ``table``: triples every row has (its type, its submission, its links)."""
    return tuple(item for item in _all_columns(table) if item.virtual)


def table_names() -> tuple[str, ...]:
    """The template's tables: ``("programs", "indikator")``."""
    return tuple(tables())


@derived
def resource_links() -> dict[str, str]:
    """The kinds of resource a row describes besides its own (``"indicator"``, ``"assessment"``,
    ``"plannedBudget"`` …) → the property that links them from the resource above them (``kc:indicator`` …)."""
    links: dict[str, str] = {}
    for table in tables():
        described = {item.about_url for item in columns(table)}
        for item in virtual_columns(table):
            if item.value_url in described and item.property:
                links.setdefault(item.property.rpartition("#")[2], item.property)
    return links


def column(name: str, table: str = PROGRAMS_TABLE) -> Column:
    """The column called ``name`` (of the programs table, unless ``table`` says otherwise)."""
    for item in columns(table):
        if item.name == name:
            return item
    raise KeyError(name)


def required_columns(table: str = PROGRAMS_TABLE) -> list[str]:
    """Names of the columns a header of ``table`` must have."""
    return [item.name for item in columns(table) if item.required]


def _normal_title(title: str) -> str:
    return " ".join(title.replace("_", " ").replace("\ufeff", "").split()).casefold()


@derived
def title_index(table: str = PROGRAMS_TABLE) -> dict[str, str]:
    """Every accepted header title of ``table`` (Indonesian or English, case- and space-insensitive, and the
    XLSX template's own "Indonesian / English" header) → column name."""
    index: dict[str, str] = {}
    for item in columns(table):
        for title in (item.name, *item.titles_id, *item.titles_en, item.header()):
            index.setdefault(_normal_title(title), item.name)
    return index


def column_for_title(title: str, table: str = PROGRAMS_TABLE) -> str | None:
    """The column a header cell names in ``table``, or ``None`` if it names none. A header written as
    "Indonesian / English" (the XLSX template's) names the column either part names."""
    index = title_index(table)
    text = str(title)
    found = index.get(_normal_title(text))
    if found is None and " / " in text:
        for part in text.split(" / "):
            found = index.get(_normal_title(part))
            if found is not None:
                break
    return found


@derived
def column_for_property() -> dict[tuple[str, str], str]:
    """(resource kind, property IRI) → column name of the programs table: maps a result's path back to its
    column (an approximate amount's property too)."""
    return table_column_for_property(PROGRAMS_TABLE)


@derived
def table_column_for_property(table: str) -> dict[tuple[str, str], str]:
    """(resource kind, property IRI) → column name of ``table``."""
    found: dict[tuple[str, str], str] = {}
    for item in columns(table):
        if item.property:
            found.setdefault((item.subject, item.property), item.name)
        if item.approximate_property:
            found.setdefault((item.subject, item.approximate_property), item.name)
    # a link to a resource the row describes (kc:plannedBudget, kc:indicator) is on that resource's first column
    kinds = _resource_kinds(table_schema(table), table)
    for item in virtual_columns(table):
        kind = kinds.get(item.value_url or "")
        first = next((other.name for other in columns(table) if other.subject == kind and other.property), None)
        if kind and first and item.property:
            found.setdefault((kinds.get(item.about_url, "program"), item.property), first)
    return found


# --- code lists: read from the ontology and the registry, never copied here ------------------------------


@dataclass(frozen=True)
class Code:
    """One allowed value of a coded column: the code a steward writes, its labels, and the IRI it stands for;
    ``aliases`` are other spellings read as the code (``swasta`` for ``CSR``), never offered in lists."""

    code: str
    label_id: str
    label_en: str
    iri: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "id") -> str:
        """The label in ``lang`` (the Indonesian one when there is no English label, as for region names)."""
        return (self.label_en if lang == "en" else self.label_id) or self.label_id


def _scheme(scheme: str) -> Callable[[], list[Code]]:
    def read() -> list[Code]:
        from kg.framework import concepts as framework

        return [
            Code(item.notation, item.label_id, item.label_en, item.iri, item.aliases)
            for item in framework.concept_scheme_values(scheme)
        ]

    return read


def _initiatives() -> list[Code]:
    from kg.framework import concepts as framework

    return [Code(item.notation, item.label_id, item.label_en, item.iri) for item in framework.initiatives()]


def _regions() -> list[Code]:
    from kg.framework.regions import regions

    return [Code(item.code, item.name, "", item.iri) for item in regions().values()]


def _shared_indicators() -> list[Code]:
    from kg.framework.indicators import shared_indicators

    return [Code(item.notation, item.label_id, item.label_en, item.iri) for item in shared_indicators()]


def _code_list_readers() -> dict[str, Callable[[], list[Code]]]:
    from kg.core.namespaces import ID, KC

    return {
        str(KC.KotaCerdas): _initiatives,
        str(ID["dataset/regions"]): _regions,
        str(KC.SharedIndicatorScheme): _shared_indicators,
    }


def code_list(item: Column) -> list[Code]:
    """The allowed codes of a coded column, from the ontology, its alignment modules or the registry (empty
    for other columns). A column naming another concept scheme reads that scheme's concepts."""
    if item.values_from is None:
        return []
    return list(_codes_of(item.values_from))


@derived
def _codes_of(values_from: str) -> tuple[Code, ...]:
    """The codes of one code list, read once (each distinct header of a batch plans its columns anew: the public
    record's 54 headers read the region registry 54 times, 0.37 s)."""
    return tuple(_code_list_readers().get(values_from, _scheme(values_from))())


@derived
def _code_iris(values_from: str) -> dict[str, str]:
    codes = _code_list_readers().get(values_from, _scheme(values_from))()
    found = {code.code: code.iri for code in codes}
    for code in codes:
        for alias in code.aliases:
            found.setdefault(alias, code.iri)
    return found


def code_iris(item: Column) -> dict[str, str]:
    """Code → IRI for a coded column (``"rencana"`` → ``kc:Planned``, ``"32.73"`` → its region IRI), the
    codes' accepted other spellings included (``"swasta"`` → ``kc:FundingPrivate``)."""
    return dict(_code_iris(item.values_from)) if item.values_from else {}


#: Between a code and its label in a drop-down entry ("32.73 – Kota Bandung"); the reader takes the code.
LIST_ENTRY_SEPARATOR = " – "


def list_entry(code: Code) -> str:
    """A drop-down entry: the code, with its Indonesian label when that says more than the code."""
    label = code.label("id")
    if not label or label.casefold() == code.code.casefold():
        return code.code
    return f"{code.code}{LIST_ENTRY_SEPARATOR}{label}"
