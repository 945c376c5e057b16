"""The Kota Cerdas framework as Python values, read from ``ontology/kotacerdas.ttl``.

Six dimensions (each with its goal), fifty initiatives, and the code lists of the template's ``status`` and
``kelompok_sasaran`` columns. Everything comes from the ontology, parsed once and cached: other modules ask
here instead of repeating a list of codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.core.errors import InputError
from kg.core.namespaces import NAMESPACE_IRIS, PREFIXES
from kg.core.options import LANGUAGES
from kg.core.resources import ontology_file

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
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
    """The parsed ontology as an rdflib graph (shared and cached: do not modify it)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(str(ontology_file()), format="turtle")
    return graph


class _Terms:
    """A small RDF graph indexed for the lookups below: statements by subject IRI, subjects by predicate and
    object IRI. Read with pyoxigraph (the ontology in 3 ms; rdflib took 50–120 ms), so reading the
    framework's values costs neither rdflib's parser nor its import."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        self._statements: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = {}
        self._subjects: dict[tuple[str, str], list[str]] = {}
        for triple in triples:
            subject, obj = triple.subject, triple.object
            if not isinstance(subject, ox.NamedNode) or isinstance(obj, ox.Triple):
                continue
            predicate = triple.predicate.value
            objects = self._statements.setdefault(subject.value, {}).setdefault(predicate, [])
            if obj in objects:  # a statement made in two files counts once, as in a graph
                continue
            objects.append(obj)
            if isinstance(obj, ox.NamedNode):
                self._subjects.setdefault((predicate, obj.value), []).append(subject.value)

    @classmethod
    def read(cls, paths: Iterable[Path]) -> _Terms:
        """The triples of Turtle files."""
        return cls(quad for path in paths for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))

    def objects(self, subject: str, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return self._statements.get(subject, {}).get(predicate, [])

    def value(self, subject: str, predicate: str) -> str:
        """The text of one object (an IRI's or a literal's), "" when there is none."""
        found = self.objects(subject, predicate)
        return min(item.value for item in found) if found else ""

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return self._subjects.get((predicate, obj), [])

    def has(self, subject: str, predicate: str, obj: str) -> bool:
        return any(isinstance(o, ox.NamedNode) and o.value == obj for o in self.objects(subject, predicate))

    def text(self, subject: str, predicate: str, lang: str) -> str:
        """The first (in text order) of the subject's ``predicate`` literals in ``lang``."""
        values = sorted(
            o.value for o in self.objects(subject, predicate) if isinstance(o, ox.Literal) and o.language == lang
        )
        return values[0] if values else ""

    def position_key(self, subject: str) -> tuple[int, str]:
        """A concept's place in its list: ``schema:position``, then its notation."""
        position = self.value(subject, _SCHEMA + "position")
        return (int(position) if position else 1_000_000, self.value(subject, _NOTATION))

    def members(self, kind: str, scheme: str) -> list[str]:
        """The IRIs of the ``kind`` resources in ``scheme``, in list order."""
        found = [s for s in self.subjects(_TYPE, kind) if self.has(s, _IN_SCHEME, scheme)]
        return sorted(found, key=self.position_key)


_KC = NAMESPACE_IRIS["KC"]
_SCHEMA = NAMESPACE_IRIS["SCHEMA"]
_SKOS = PREFIXES["skos"]
_TYPE = PREFIXES["rdf"] + "type"
_NOTATION, _IN_SCHEME, _PREF_LABEL, _DEFINITION = (
    _SKOS + name for name in ("notation", "inScheme", "prefLabel", "definition")
)


@cache
def _ontology_terms() -> _Terms:
    return _Terms.read([ontology_file()])


@cache
def _alignment_terms() -> _Terms:
    """The alignment modules (the Kominfo and Giffinger schemes, the SDG targets), read once."""
    from kg.framework.alignments import alignment_files

    return _Terms.read(alignment_files())


@cache
def _framework() -> tuple[tuple[Dimension, ...], tuple[Initiative, ...]]:
    terms = _ontology_terms()
    dimensions = []
    for node in terms.members(_KC + "Dimension", _KC + "KotaCerdas"):
        goal = terms.value(node, _KC + "goal")
        dimensions.append(
            Dimension(
                notation=terms.value(node, _NOTATION),
                iri=node,
                label_id=terms.text(node, _PREF_LABEL, "id"),
                label_en=terms.text(node, _PREF_LABEL, "en"),
                goal_id=terms.text(goal, _DEFINITION, "id") if goal else "",
                goal_en=terms.text(goal, _DEFINITION, "en") if goal else "",
                definition_id=terms.text(node, _DEFINITION, "id"),
                definition_en=terms.text(node, _DEFINITION, "en"),
            )
        )
    rank = {d.notation: index for index, d in enumerate(dimensions)}
    initiatives = []
    for node in terms.members(_KC + "Initiative", _KC + "KotaCerdas"):
        dimension = terms.value(node, _KC + "dimension")
        initiatives.append(
            Initiative(
                notation=terms.value(node, _NOTATION),
                iri=node,
                dimension=terms.value(dimension, _NOTATION) if dimension else "",
                label_id=terms.text(node, _PREF_LABEL, "id"),
                label_en=terms.text(node, _PREF_LABEL, "en"),
                definition_id=terms.text(node, _DEFINITION, "id"),
                definition_en=terms.text(node, _DEFINITION, "en"),
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
def known_initiative_notations() -> frozenset[str]:
    """The fifty notations as a set, built once (the conversion asks it of every row)."""
    return frozenset(initiative_notations())


@cache
def _scheme_values(scheme: str) -> tuple[Code, ...]:
    terms = _ontology_terms()
    own = terms.has(scheme, _TYPE, _SKOS + "ConceptScheme")
    if not own:
        terms = _alignment_terms()
        if not terms.has(scheme, _TYPE, _SKOS + "ConceptScheme"):
            raise InputError(f"bukan skema konsep ontologi / not a concept scheme of the ontology: {scheme}")
    members = sorted(terms.subjects(_IN_SCHEME, scheme), key=terms.position_key)
    # the framework's own schemes accept their hidden labels; another framework's scheme (Kominfo's pillars,
    # named in English by the regions: "Smart Governance") also its preferred and alternative labels
    aliases = ("hiddenLabel",) if own else ("hiddenLabel", "prefLabel", "altLabel")
    return tuple(
        Code(
            notation=terms.value(s, _NOTATION),
            iri=s,
            label_id=terms.text(s, _PREF_LABEL, "id"),
            label_en=terms.text(s, _PREF_LABEL, "en"),
            definition_id=terms.text(s, _DEFINITION, "id"),
            definition_en=terms.text(s, _DEFINITION, "en"),
            aliases=tuple(sorted({o.value for name in aliases for o in terms.objects(s, _SKOS + name)})),
        )
        for s in members
    )


def concept_scheme_values(scheme: str | URIRef) -> list[Code]:
    """The concepts of a concept scheme of the ontology (e.g. ``kc:ProgramStatusScheme``), in list order."""
    return list(_scheme_values(str(scheme)))


def status_codes() -> dict[str, Code]:
    """The program status codes (``rencana``, ``berjalan`` …), keyed by code, in list order."""
    return {code.notation: code for code in _scheme_values(_KC + "ProgramStatusScheme")}


def data_origins() -> dict[str, Code]:
    """Where a loaded submission's values come from (``daerah``, ``rekaman-publik``, ``ilustratif``), keyed by
    code, in list order: the scheme ``kc:DataOriginScheme``, the ``dcterms:type`` of a submission's record."""
    return {code.notation: code for code in _scheme_values(_KC + "DataOriginScheme")}


def beneficiary_codes() -> dict[str, Code]:
    """The beneficiary group codes (``anak``, ``lansia`` …), keyed by code, in list order."""
    return {code.notation: code for code in _scheme_values(_KC + "BeneficiaryGroupScheme")}


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
