"""What the page of a dimension or an initiative shows: its words (definition word for word, goal), its related
initiatives, its SDG targets and its Kominfo pillar and Giffinger mappings with their justification (from the
SSSOM tables of :mod:`kg.framework.alignments`), and which regions cover it (from the store).

    from kg.publish.concept_profile import concept_profile
    profile = concept_profile("MOB-01", store, lang="en")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.core.errors import InputError

if TYPE_CHECKING:
    from kg.framework.concepts import Dimension, Initiative

#: SSSOM predicates in words.
PREDICATES = {
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("setara", "exact match"),
    "http://www.w3.org/2004/02/skos/core#closeMatch": ("dekat", "close match"),
    "http://www.w3.org/2004/02/skos/core#broadMatch": ("lebih luas", "broad match"),
    "http://www.w3.org/2004/02/skos/core#narrowMatch": ("lebih sempit", "narrow match"),
    "http://www.w3.org/2004/02/skos/core#relatedMatch": ("terkait", "related match"),
}
#: The mapping sets shown, by SSSOM file name: SDG targets, Kominfo pillars, Giffinger's characteristics.
SDG_SET, KOMINFO_SET, GIFFINGER_SET = "sdg", "kominfo-pillars", "giffinger"


@dataclass(frozen=True)
class Link:
    """An initiative or dimension named in a list: its notation, label and IRI."""

    notation: str
    label: str
    iri: str


@dataclass(frozen=True)
class MappingView:
    """One SSSOM row seen from the concept's side: the other framework's term, how it matches, and why."""

    term_id: str
    term_label: str
    term_iri: str
    predicate: str
    justification: str
    #: The notation of the framework term the row maps (the concept itself, its dimension or an initiative).
    via: str
    #: The language the justification is in (``id`` where the table has a translation, else ``en``).
    justification_lang: str = "en"


@dataclass(frozen=True)
class CoveringRegion:
    code: str
    name: str
    covered: int
    total: int
    programs: int

    @property
    def coverage(self) -> float:
        return self.covered / self.total if self.total else 0.0


@dataclass
class ConceptProfile:
    kind: str  # "dimension" or "initiative"
    notation: str
    iri: str
    label: str
    other_label: str
    definition_id: str
    definition_en: str
    goal_id: str
    goal_en: str
    dimension: Link | None
    related: list[Link]
    sdg: list[MappingView]
    kominfo: list[MappingView]
    giffinger: list[MappingView]
    regions: list[CoveringRegion] = field(default_factory=list)

    @property
    def title(self) -> str:
        """``MOB-01 Sarana prasarana transportasi …``."""
        return f"{self.notation} {self.label}"


def _mappings(set_name: str, framework_iris: dict[str, str], lang: str) -> list[MappingView]:
    """Rows of ``set_name`` whose Kota Cerdas side (subject or object) is one of ``framework_iris`` (IRI →
    notation)."""
    from kg.framework.alignments import mappings

    english = lang == "en"
    views = []
    for row in mappings(set_name):
        if row.subject in framework_iris:
            label = row.object_label_id if not english and row.object_label_id else row.object_label
            mine, term_id, term_label, term_iri = row.subject, row.object_id, label, row.object
        elif row.object in framework_iris:
            mine, term_id, term_label, term_iri = row.object, row.subject_id, row.subject_label, row.subject
        else:
            continue
        words = PREDICATES.get(row.predicate, (row.predicate_id, row.predicate_id))
        views.append(
            MappingView(
                term_id=term_id,
                term_label=term_label,
                term_iri=term_iri,
                predicate=words[1] if english else words[0],
                justification=row.comment_id if not english and row.comment_id else row.comment,
                justification_lang="id" if not english and row.comment_id else "en",
                via=framework_iris[mine],
            )
        )
    return views


def find_concept(notation: str) -> Dimension | Initiative:
    """The dimension or initiative with ``notation`` (``GOV``, ``MOB-01``, any case); :class:`InputError` else."""
    from kg.framework.concepts import dimensions, initiatives

    wanted = (notation or "").strip().upper()
    concepts: list[Dimension | Initiative] = [*dimensions(), *initiatives()]
    for item in concepts:
        if item.notation == wanted:
            return item
    raise InputError(f"tidak ada dimensi atau inisiatif / no dimension or initiative {notation!r}", source="notation")


def concept_profile(notation: str, store=None, *, lang: str = "id", year: int | str | None = None) -> ConceptProfile:
    """The page of a dimension or initiative; ``store`` (optional) gives the regions covering it."""
    from kg.framework.concepts import Dimension, dimensions, initiatives
    from kg.framework.regions import region as registry_region
    from kg.publish.page_queries import query_rows

    item = find_concept(notation)
    english = lang == "en"
    dims = {d.notation: d for d in dimensions()}

    def link(concept) -> Link:
        return Link(concept.notation, concept.label_en if english else concept.label_id, concept.iri)

    params = {"year": str(year)} if year not in (None, "") else {}
    regions: list[CoveringRegion] = []
    if isinstance(item, Dimension):
        members = [i for i in initiatives() if i.dimension == item.notation]
        dimension = None
        related = [link(i) for i in members]
        framework_iris = {item.iri: item.notation} | {i.iri: i.notation for i in members}
        goal_id, goal_en = item.goal_id, item.goal_en
        if store is not None:
            for row in query_rows("coverage", store, params):
                if row["dimension"] == item.notation and int(row["initiatives_covered"] or 0) > 0:
                    known = registry_region(str(row["region_code"]))
                    regions.append(
                        CoveringRegion(
                            str(row["region_code"]),
                            known.name if known else str(row["region_code"]),
                            int(row["initiatives_covered"]),
                            int(row["initiatives_total"]),
                            0,
                        )
                    )
    else:
        parent = dims[item.dimension]
        dimension = link(parent)
        related = [link(i) for i in initiatives() if i.dimension == item.dimension and i.notation != item.notation]
        framework_iris = {item.iri: item.notation, parent.iri: parent.notation}
        goal_id, goal_en = parent.goal_id, parent.goal_en
        if store is not None:
            for row in query_rows("initiative-regions", store, {"initiative": item.notation} | params):
                known = registry_region(str(row["region_code"]))
                regions.append(
                    CoveringRegion(
                        str(row["region_code"]),
                        known.name if known else str(row["region_code"]),
                        1,
                        1,
                        int(row["programs"] or 0),
                    )
                )
    regions.sort(key=lambda r: (-r.coverage, -r.programs, r.code))
    sdg_iris = {item.iri: item.notation} if dimension is not None else framework_iris
    return ConceptProfile(
        kind="dimension" if dimension is None else "initiative",
        notation=item.notation,
        iri=item.iri,
        label=item.label_en if english else item.label_id,
        other_label=item.label_id if english else item.label_en,
        definition_id=item.definition_id,
        definition_en=item.definition_en,
        goal_id=goal_id,
        goal_en=goal_en,
        dimension=dimension,
        related=related,
        sdg=_mappings(SDG_SET, sdg_iris, lang),
        kominfo=_mappings(KOMINFO_SET, framework_iris, lang),
        giffinger=_mappings(GIFFINGER_SET, framework_iris, lang),
        regions=regions,
    )
