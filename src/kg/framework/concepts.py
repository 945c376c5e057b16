"""The Kota Cerdas framework as Python values, read from ``ontology/kotacerdas.ttl``.

Six dimensions (each with its goal), fifty initiatives, and the code lists of the template's ``status`` and
``kelompok_sasaran`` columns. Everything comes from the ontology, parsed once and cached: other modules ask
here instead of repeating a list of codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from kg.core.errors import InputError
from kg.core.namespaces import KC, SCHEMA
from kg.core.options import LANGUAGES
from kg.core.resources import ontology_file

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Dimension:
    """A dimension of the framework (``GOV`` … ``MOB``) with its goal (Sasaran)."""

    notation: str
    iri: str
    label_id: str
    label_en: str
    goal_id: str
    goal_en: str
    definition_id: str
    definition_en: str


@dataclass(frozen=True)
class Initiative:
    """An initiative (``GOV-01`` … ``MOB-06``); ``dimension`` is its dimension's notation."""

    notation: str
    iri: str
    dimension: str
    label_id: str
    label_en: str
    definition_id: str
    definition_en: str


@dataclass(frozen=True)
class Code:
    """One value of a code list (a SKOS concept scheme): the code is its ``skos:notation``."""

    notation: str
    iri: str
    label_id: str
    label_en: str
    definition_id: str
    definition_en: str
    #: Other spellings accepted for the code (``skos:hiddenLabel``; for a scheme of another framework also its
    #: labels), never shown in lists.
    aliases: tuple[str, ...] = ()


@cache
def ontology_graph() -> Graph:
    """The parsed ontology (shared and cached: do not modify it)."""
    graph = Graph()
    graph.parse(str(ontology_file()), format="turtle")
    return graph


def _text(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang)
    return values[0] if values else ""


def _notation(graph: Graph, subject: Node) -> str:
    return str(graph.value(subject, SKOS.notation) or "")


def _position_key(graph: Graph, subject: URIRef) -> tuple[int, str]:
    position = graph.value(subject, SCHEMA.position)
    return (int(str(position)) if position is not None else 1_000_000, _notation(graph, subject))


def _members(graph: Graph, kind: URIRef, scheme: URIRef) -> list[URIRef]:
    return [s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and (s, SKOS.inScheme, scheme) in graph]


@cache
def _framework() -> tuple[tuple[Dimension, ...], tuple[Initiative, ...]]:
    graph = ontology_graph()
    dimension_nodes = sorted(_members(graph, KC.Dimension, KC.KotaCerdas), key=lambda s: _position_key(graph, s))
    dimensions = []
    for node in dimension_nodes:
        goal = graph.value(node, KC.goal)
        dimensions.append(
            Dimension(
                notation=_notation(graph, node),
                iri=str(node),
                label_id=_text(graph, node, SKOS.prefLabel, "id"),
                label_en=_text(graph, node, SKOS.prefLabel, "en"),
                goal_id=_text(graph, goal, SKOS.definition, "id") if goal is not None else "",
                goal_en=_text(graph, goal, SKOS.definition, "en") if goal is not None else "",
                definition_id=_text(graph, node, SKOS.definition, "id"),
                definition_en=_text(graph, node, SKOS.definition, "en"),
            )
        )
    rank = {d.notation: index for index, d in enumerate(dimensions)}
    initiatives = []
    for node in _members(graph, KC.Initiative, KC.KotaCerdas):
        dimension = graph.value(node, KC.dimension)
        initiatives.append(
            Initiative(
                notation=_notation(graph, node),
                iri=str(node),
                dimension=_notation(graph, dimension) if dimension is not None else "",
                label_id=_text(graph, node, SKOS.prefLabel, "id"),
                label_en=_text(graph, node, SKOS.prefLabel, "en"),
                definition_id=_text(graph, node, SKOS.definition, "id"),
                definition_en=_text(graph, node, SKOS.definition, "en"),
            )
        )
    # Seed order: by dimension, then by the two-digit number that ends the notation ("GOV-01").
    initiatives.sort(key=lambda i: (rank.get(i.dimension, len(rank)), i.notation))
    return tuple(dimensions), tuple(initiatives)


def dimensions() -> list[Dimension]:
    """The six dimensions, in the order of the source text (GOV, LIV, ENV, SOC, ECO, MOB)."""
    return list(_framework()[0])


def initiatives() -> list[Initiative]:
    """The fifty initiatives, in the order of the source text (GOV-01 … MOB-06)."""
    return list(_framework()[1])


def dimension_notations() -> list[str]:
    """``["GOV", "LIV", …]`` in the source's order."""
    return [d.notation for d in _framework()[0]]


def initiative_notations() -> list[str]:
    """``["GOV-01", …, "MOB-06"]`` in the source's order."""
    return [i.notation for i in _framework()[1]]


@cache
def _alignment_graph() -> Graph:
    """The alignment modules (the Kominfo and Giffinger schemes, the SDG targets), parsed once."""
    from kg.framework.alignments import alignment_files

    graph = Graph()
    for path in alignment_files():
        graph.parse(str(path), format="turtle")
    return graph


@cache
def _scheme_values(scheme: str) -> tuple[Code, ...]:
    graph = ontology_graph()
    node = URIRef(scheme)
    own = (node, RDF.type, SKOS.ConceptScheme) in graph
    if not own:
        graph = _alignment_graph()
        if (node, RDF.type, SKOS.ConceptScheme) not in graph:
            raise InputError(f"bukan skema konsep ontologi / not a concept scheme of the ontology: {scheme}")
    members = [s for s in graph.subjects(SKOS.inScheme, node) if isinstance(s, URIRef)]
    members.sort(key=lambda s: _position_key(graph, s))
    # the framework's own schemes accept their hidden labels; another framework's scheme (Kominfo's pillars,
    # named in English by the regions: "Smart Governance") also its preferred and alternative labels
    alias_predicates = (SKOS.hiddenLabel,) if own else (SKOS.hiddenLabel, SKOS.prefLabel, SKOS.altLabel)
    return tuple(
        Code(
            notation=_notation(graph, s),
            iri=str(s),
            label_id=_text(graph, s, SKOS.prefLabel, "id"),
            label_en=_text(graph, s, SKOS.prefLabel, "en"),
            definition_id=_text(graph, s, SKOS.definition, "id"),
            definition_en=_text(graph, s, SKOS.definition, "en"),
            aliases=tuple(sorted({str(o) for p in alias_predicates for o in graph.objects(s, p)})),
        )
        for s in members
    )


def concept_scheme_values(scheme: str | URIRef) -> list[Code]:
    """The concepts of a concept scheme of the ontology (e.g. ``kc:ProgramStatusScheme``), in list order."""
    return list(_scheme_values(str(scheme)))


def status_codes() -> dict[str, Code]:
    """The program status codes (``rencana``, ``berjalan`` …), keyed by code, in list order."""
    return {code.notation: code for code in _scheme_values(str(KC.ProgramStatusScheme))}


def beneficiary_codes() -> dict[str, Code]:
    """The beneficiary group codes (``anak``, ``lansia`` …), keyed by code, in list order."""
    return {code.notation: code for code in _scheme_values(str(KC.BeneficiaryGroupScheme))}


def print_framework(console: Console | None = None, lang: str = "id") -> None:
    """Print the six dimensions, each with its goal and its initiatives (notation and label)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if lang not in LANGUAGES:
        raise InputError(f"bahasa tidak dikenal / unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    console = console or Console(highlight=False)
    english = lang == "en"
    all_dimensions, all_initiatives = _framework()
    if english:
        title = f"Kota Cerdas framework: {len(all_dimensions)} dimensions, {len(all_initiatives)} initiatives"
    else:
        title = f"Kerangka Kota Cerdas: {len(all_dimensions)} dimensi, {len(all_initiatives)} inisiatif"
    console.rule(f"[bold]{title}")
    for dimension in all_dimensions:
        label = dimension.label_en if english else dimension.label_id
        goal = dimension.goal_en if english else dimension.goal_id
        members = [i for i in all_initiatives if i.dimension == dimension.notation]
        console.print()
        console.print(f"[bold]{escape(dimension.notation)} · {escape(label)}[/bold]")
        console.print(f"[italic]{'Goal' if english else 'Sasaran'}:[/italic] {escape(goal.strip())}.")
        table = Table(show_header=True, header_style="bold")
        table.add_column("Code" if english else "Kode", no_wrap=True)
        table.add_column("Initiative" if english else "Inisiatif")
        for initiative in members:
            table.add_row(escape(initiative.notation), escape(initiative.label_en if english else initiative.label_id))
        console.print(table)
