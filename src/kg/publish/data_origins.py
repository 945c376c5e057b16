"""Which loaded data is the public record, which is illustrative, which a region's own: the origins of the
submissions (``kc:DataOriginScheme``, each record's ``dcterms:type``), and the titles of the pages programs are
derived from, for the pages (region, program, submission, dashboard, home) and the demo.

The origins' labels and definitions are the ontology's (:func:`kg.framework.concepts.data_origins`); the counts
come from the page query ``data-origins``, a program's pages from ``program-sources``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The origin of the public record (``kc:PublicRecord``) and of the invented examples (``kc:IllustrativeData``).
PUBLIC_RECORD = "rekaman-publik"
ILLUSTRATIVE = "ilustratif"


@dataclass(frozen=True)
class Origin:
    """A data origin as a page shows it: its code, label and definition in the page's language."""

    code: str
    iri: str
    label: str
    definition: str


@dataclass(frozen=True)
class OriginCount:
    """How much of the loaded data has one origin."""

    origin: Origin
    submissions: int
    regions: int
    programs: int


@dataclass(frozen=True)
class SourcePage:
    """A page a program is derived from: its address and, where known, its title."""

    url: str
    title: str | None

    @property
    def linkable(self) -> bool:
        """Whether a page may link to it (http or https only: never ``javascript:`` from an RDF upload)."""
        return self.url.startswith(("http://", "https://"))


def origins(lang: str = "id") -> dict[str, Origin]:
    """The data origins of the ontology, by code and by IRI, in list order."""
    from kg.framework.concepts import data_origins

    found: dict[str, Origin] = {}
    for code, item in data_origins().items():
        english = lang == "en"
        origin = Origin(
            code,
            item.iri,
            item.label_en if english else item.label_id,
            item.definition_en if english else item.definition_id,
        )
        found[code] = found[item.iri] = origin
    return found


def origin_of(iri: str | None, lang: str = "id") -> Origin | None:
    """The origin a record's ``dcterms:type`` names, ``None`` when it names none (a record of an older load)."""
    return origins(lang).get(iri or "")


def origin_counts(store: Any, lang: str = "id") -> list[OriginCount]:
    """The loaded submissions, regions and programs of each origin, in the scheme's order (only origins with data)."""
    from kg.publish.page_queries import query_rows

    known = origins(lang)
    rows = {row["origin"]: row for row in query_rows("data-origins", store)}
    return [
        OriginCount(origin, int(rows[code]["submissions"]), int(rows[code]["regions"]), int(rows[code]["programs"]))
        for code, origin in known.items()
        if code in rows and origin.code == code
    ]


def program_sources(store: Any, region_code: str, year: int | None = None) -> dict[str, list[SourcePage]]:
    """Program IRI → the pages it is derived from (``prov:wasDerivedFrom``), with their titles where known."""
    from kg.publish.page_queries import query_rows

    params = {"region": region_code, **({"year": str(year)} if year is not None else {})}
    found: dict[str, list[SourcePage]] = {}
    for row in query_rows("program-sources", store, params):
        found.setdefault(str(row["program"]), []).append(SourcePage(str(row["page"]), row.get("title") or None))
    return found
