"""The conversion plan: how each column's cells become triples, and which column plays which part, derived once
from the template metadata (``template/programs.csv-metadata.json``, read by :mod:`kg.submissions.template`).

Nothing here names a column: a column's part (the program's status, its parent, its planned budget, an
indicator's name, unit or period …) is found by the property the metadata gives it (:class:`ColumnRoles`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.core.namespaces import ID, KC, RDF, RDFS, key_columns
from kg.core.template_metadata import INDICATORS_TABLE, PROGRAMS_TABLE, derived, table_schema
from kg.submissions.conversion.terms import TYPE, literal
from kg.submissions.template import Code, Column, code_list, columns, resource_kinds, virtual_columns


class Alias(NamedTuple):
    """Another spelling of a code (``swasta`` for ``CSR``, a code's own label)."""

    iri: str
    #: The code it stands for, as said back (the code, or its label for a column written by label).
    code: str
    #: Whether it is the code's own label (read in silence) rather than another spelling (said back).
    own_label: bool


@dataclass(frozen=True)
class ColumnPlan:
    """How one column's cells become triples."""

    column: Column
    name: str
    #: ``";"`` for a column of several values.
    separator: str | None
    predicate: str
    #: Lower-cased code → IRI, for a column with a code list; else ``None``.
    codes: dict[str, str] | None = None
    #: Lower-cased other spelling of a code → its :class:`Alias`, for a column with a code list.
    aliases: dict[str, Alias] = field(default_factory=dict)
    #: ``integer``, ``decimal`` or ``date`` for a typed column; else ``None``.
    datatype: str | None = None
    #: For a column whose cells name a resource of their own (the agency): its class, as an N-Triples term.
    names_class: str | None = None
    #: ``@id`` for a text column in a language.
    lang_suffix: str = ""
    #: For an amount: the predicate an approximate value becomes.
    approximate_predicate: str | None = None
    #: For a column whose cells name another row's resource (the parent): its URI template.
    reference_template: str | None = None
    #: For a unit column: the predicate of the unit's QUDT IRI, and the units table.
    unit_predicate: str | None = None
    units_from: str | None = None
    #: A column of web addresses (CSVW ``anyURI``, ``valueUrl`` ``{+name}``): each cell value is the IRI itself.
    web_address: bool = False


def _label_of(codes: list[Code], iri: str) -> str:
    return next((code.label_id for code in codes if code.iri == iri), iri)


def _code_lookup(item: Column) -> tuple[dict[str, str], dict[str, Alias]]:
    """A coded column's codes (lower-cased code → IRI) and the other spellings of its codes."""
    found = code_list(item)
    codes = {code.code.casefold(): code.iri for code in found}
    # another spelling of a code (swasta for CSR) is said back; a code's own label (Smart Governance for
    # KOM-GOV, the way regions name Kominfo's pillars) is read in silence
    aliases = {
        alias.casefold(): Alias(
            code.iri, code.code, alias.casefold() in (code.label_id.casefold(), code.label_en.casefold())
        )
        for code in found
        for alias in code.aliases
        if alias.casefold() not in codes
    }
    if item.by_label:  # said back by name: Smart Governance, never KOM-GOV
        aliases = {key: alias._replace(code=_label_of(found, alias.iri)) for key, alias in aliases.items()}
    return codes, aliases


def column_plan(item: Column) -> ColumnPlan:
    """The plan of one column of the metadata."""
    codes, aliases = _code_lookup(item) if item.values_from else (None, {})
    web_address = item.datatype == "anyURI"
    reference = (
        item.value_url
        if item.value_url and "{" in item.value_url and not item.value_class and codes is None and not web_address
        else None
    )
    return ColumnPlan(
        column=item,
        name=item.name,
        separator=item.separator,
        predicate=f"<{item.property}>" if item.property else "",
        codes=codes,
        aliases=aliases,
        datatype=item.datatype if item.datatype in ("integer", "decimal", "date") else None,
        names_class=f"<{item.value_class}>" if item.value_class and item.value_url and codes is None else None,
        lang_suffix=f"@{item.lang}" if item.lang else "",
        approximate_predicate=f"<{item.approximate_property}>" if item.approximate_property else None,
        reference_template=reference,
        unit_predicate=f"<{item.unit_property}>" if item.unit_property else None,
        units_from=item.units_from,
        web_address=web_address,
    )


class Constant(NamedTuple):
    """A triple every row's resource has: ``rdf:type kc:Program``, ``schema:currency "IDR"``."""

    predicate: str
    object: str


class MadeLiteral(NamedTuple):
    """A literal made from the row: its predicate, its template (``{tahun}``) and datatype (``@id``: an IRI)."""

    predicate: str
    template: str
    datatype: str | None


@dataclass(frozen=True)
class ResourcePlan:
    """A resource a row of a table describes besides (or below) its own: its kind, URI template, the kind and
    predicate linking it from above, its type, constants, literals made from the row, and its columns."""

    kind: str
    template: str
    parent: str
    link: str
    type_object: str | None
    constants: tuple[Constant, ...]
    made: tuple[MadeLiteral, ...]
    columns: tuple[ColumnPlan, ...]


@dataclass(frozen=True)
class TablePlan:
    """The plan of a table: its own resource's columns, the resources below it, and its constant triples."""

    own: tuple[ColumnPlan, ...]
    #: The other resources, parents before children.
    resources: tuple[ResourcePlan, ...]
    #: The own resource's constant virtual columns (``rdf:type kc:Program``).
    constant: tuple[Constant, ...]
    #: The predicate linking a program to its submission.
    submission_link: str
    #: The kind of the table's own resource (``program``, ``assessment``): see :attr:`Column.subject`.
    kind: str = "program"

    def resource(self, kind: str) -> ResourcePlan | None:
        """The plan of the resource of this kind (``indicator``), if the table describes one."""
        return next((item for item in self.resources if item.kind == kind), None)

    def own_column(self, name: str) -> ColumnPlan | None:
        """The plan of the own resource's column called ``name``, if the table has it."""
        return next((item for item in self.own if item.name == name), None)

    def numbers(self) -> list[ColumnPlan]:
        """The columns of numbers (``decimal``), of the own resource and of those below it."""
        every = (*self.own, *(item for resource in self.resources for item in resource.columns))
        return [item for item in every if item.datatype == "decimal"]


class _Link(NamedTuple):
    """How a resource is linked from the one above it: that one's template, the predicate, the resource's type."""

    parent: str
    predicate: str
    type_object: str | None


@dataclass
class _VirtualParts:
    """What a table's virtual columns say, by the template of the resource they are about."""

    links: dict[str, _Link] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    constants: dict[str, list[Constant]] = field(default_factory=dict)
    made: dict[str, list[MadeLiteral]] = field(default_factory=dict)
    own_constant: list[Constant] = field(default_factory=list)
    submission_link: str = ""


def _virtual_parts(table: str, own_template: str, kinds: dict[str, str]) -> _VirtualParts:
    parts = _VirtualParts()
    for item in virtual_columns(table):
        about, predicate = item.about_url, f"<{item.property}>"
        if item.property == str(RDF.type) and item.value_url:
            if about == own_template:
                parts.own_constant.append(Constant(TYPE, f"<{item.value_url}>"))
            else:
                parts.types[about] = f"<{item.value_url}>"
        elif item.value_class == str(KC.Submission):
            parts.submission_link = predicate
        elif item.value_url in kinds and item.value_url != own_template:
            type_object = f"<{item.value_class}>" if item.value_class else None
            parts.links[item.value_url] = _Link(about, predicate, type_object)
        elif item.default is not None:
            parts.constants.setdefault(about, []).append(Constant(predicate, literal(item.default)))
        elif item.value_template is not None:
            parts.made.setdefault(about, []).append(MadeLiteral(predicate, item.value_template, item.datatype))
        elif item.value_url and "{" not in item.value_url and about == own_template:
            parts.own_constant.append(Constant(predicate, f"<{item.value_url}>"))
        elif item.value_url and item.value_url.startswith((str(ID["region/"]), str(ID["period/"]))):
            # s4city:assesses the region, s4city:hasCalculationPeriod the fiscal year
            if about == own_template:
                parts.own_constant.append(Constant(predicate, f"<{item.value_url}>"))
            else:
                parts.made.setdefault(about, []).append(MadeLiteral(predicate, item.value_url, "@id"))
    return parts


def _resources(
    own_template: str, kinds: dict[str, str], parts: _VirtualParts, plans: list[ColumnPlan]
) -> tuple[ResourcePlan, ...]:
    """The resources below the table's own, parents before children (a parent outside the table, the program of
    an indicator, first)."""
    resources = []
    pending = [template for template in kinds if template != own_template and template in parts.links]
    done = {own_template}
    while pending:
        ready = [
            template
            for template in pending
            if parts.links[template].parent in done or parts.links[template].parent not in kinds
        ]
        if not ready:
            break
        for template in ready:
            link = parts.links[template]
            resources.append(
                ResourcePlan(
                    kind=kinds[template],
                    template=template,
                    parent=kinds.get(link.parent, "program"),
                    link=link.predicate,
                    type_object=parts.types.get(template) or link.type_object,
                    constants=tuple(parts.constants.get(template, ())),
                    made=tuple(parts.made.get(template, ())),
                    columns=tuple(plan for plan in plans if plan.column.about_url == template and plan.predicate),
                )
            )
            done.add(template)
            pending.remove(template)
    return tuple(resources)


def plan_for(table_columns: Iterable[str], table: str = PROGRAMS_TABLE) -> TablePlan:
    """The plan of a table with these columns (made once per table, set of columns and template metadata: a
    national load converts thousands of files with the same header)."""
    return _plan_for_present(table, frozenset(table_columns))


@derived
def _plan_for_present(table: str, present: frozenset[str]) -> TablePlan:
    own_template = table_template(table)
    kinds = resource_kinds(table)
    own_kind = kinds[own_template]
    plans = [column_plan(item) for item in columns(table) if item.name in present or table == INDICATORS_TABLE]
    parts = _virtual_parts(table, own_template, kinds)
    return TablePlan(
        own=tuple(plan for plan in plans if plan.column.subject == own_kind and plan.predicate),
        resources=_resources(own_template, kinds, parts, plans),
        constant=tuple(parts.own_constant),
        submission_link=parts.submission_link,
        kind=own_kind,
    )


def table_template(table: str) -> str:
    """The URI template of a table's own resources (its CSVW ``aboutUrl``): the assessments of the indicators
    table."""
    return table_schema(table)["aboutUrl"]


# --- the parts columns play ---------------------------------------------------------------------------------


def _kind(link: str) -> str:
    """The kind of resource a property links to (:attr:`Column.subject`): the property's local name."""
    return link.rpartition("#")[2]


#: The kind of the indicator a row describes (the resource ``kc:indicator`` links a program to).
INDICATOR = _kind(str(KC.indicator))


@dataclass(frozen=True)
class ColumnRoles:
    """The columns of a table that play a part the conversion knows, found by the property the metadata gives
    them (``""`` where the table has no such column)."""

    #: The key columns (the programs table's CSVW ``primaryKey``): region, year, program id.
    region: str
    year: str
    program_id: str
    #: The program's name (its ``rdfs:label``), its agency (a ``kc:Agency``), its initiative codes.
    name: str = ""
    agency: str = ""
    initiatives: str = ""
    #: The program's status (``kc:status``), parent (``kc:parent``), nomenclature code (``kc:nomenclatureCode``).
    status: str = ""
    parent: str = ""
    nomenclature: str = ""
    #: The amount of the planned budget (the column of the resource ``kc:plannedBudget`` links to).
    planned_budget: str = ""
    #: The indicator's name (its ``rdfs:label``), unit (a column with a units table), shared indicator
    #: (``kc:sharedIndicator``), and the assessment's period (``kc:period``).
    indicator_name: str = ""
    unit: str = ""
    shared_indicator: str = ""
    period: str = ""


def _named(table_columns: tuple[Column, ...], subject: str, predicate: str) -> str:
    """The name of the column of ``subject`` (a kind of resource) whose property is ``predicate``, or ``""``."""
    return next((item.name for item in table_columns if item.subject == subject and item.property == predicate), "")


@derived
def column_roles(table: str = PROGRAMS_TABLE) -> ColumnRoles:
    """Which column of ``table`` plays which part (:class:`ColumnRoles`), from the metadata."""
    found = columns(table)
    own = resource_kinds(table)[table_template(table)]
    planned = _kind(str(KC.plannedBudget))
    region, year, program_id = key_columns()
    return ColumnRoles(
        region=region,
        year=year,
        program_id=program_id,
        name=_named(found, own, str(RDFS.label)) if table == PROGRAMS_TABLE else "",
        agency=next((item.name for item in found if item.value_class == str(KC.Agency)), ""),
        initiatives=_named(found, own, str(KC.initiative)),
        status=_named(found, own, str(KC.status)),
        parent=_named(found, own, str(KC.parent)),
        nomenclature=_named(found, own, str(KC.nomenclatureCode)),
        planned_budget=next((item.name for item in found if item.subject == planned and item.approximate_property), ""),
        indicator_name=_named(found, INDICATOR, str(RDFS.label)),
        unit=next((item.name for item in found if item.subject == INDICATOR and item.units_from), ""),
        shared_indicator=_named(found, INDICATOR, str(KC.sharedIndicator)),
        period=_named(found, own, str(KC.period)),
    )
