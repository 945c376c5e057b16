"""The search box of the pages: regions by name, short name or code; dimensions and initiatives by notation or
words of their label (Indonesian or English). Case and accents do not matter; every word must match.

    from kg.publish.search import search
    found = search("bandung")          # regions Kota Bandung, Kabupaten Bandung, Kabupaten Bandung Barat …
    found = search("MOB-01")           # the initiative
    found = search("transportasi")     # initiatives whose label holds the word
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Results of each kind shown at most.
LIMIT = 50
_CODE = re.compile(r"\d{1,2}(\.\d{0,2})?")


@dataclass(frozen=True)
class Hit:
    kind: str  # "region", "dimension", "initiative"
    code: str
    label: str
    iri: str
    note: str = ""


@dataclass
class SearchResults:
    text: str
    regions: list[Hit] = field(default_factory=list)
    concepts: list[Hit] = field(default_factory=list)
    more_regions: bool = False

    @property
    def empty(self) -> bool:
        return not self.regions and not self.concepts


def fold(text: str) -> str:
    """Lower case without accents, for comparing: ``"Kota Bandung"`` → ``"kota bandung"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _region_names(item) -> list[str]:
    """The official name and, where the registry has one, the short name (``Bandung``)."""
    names = [item.name]
    short = getattr(item, "short_name", "") or ""
    if short and short != item.name:
        names.append(short)
    return names


def search(text: str, lang: str = "id") -> SearchResults:
    """Regions and framework concepts matching ``text`` (see the module's description)."""
    from kg.framework.concepts import dimensions, initiatives
    from kg.framework.regions import regions

    text = (text or "").strip()[:200]
    results = SearchResults(text)
    if not text:
        return results
    words = fold(text).split()
    english = lang == "en"

    def matches(haystacks: list[str]) -> bool:
        folded = " ".join(fold(item) for item in haystacks)
        return all(word in folded for word in words)

    everything = regions()
    provinces = {code: item.name for code, item in everything.items() if item.province_code is None}
    exact, starts, named = [], [], []
    is_code = bool(_CODE.fullmatch(text))
    for code, item in everything.items():
        if is_code and code == text:
            exact.append(item)
        elif is_code and code.startswith(text):
            starts.append(item)
        elif not is_code and matches(_region_names(item)):
            named.append(item)
    named.sort(key=lambda item: (not any(fold(name) == fold(text) for name in _region_names(item)), item.code))
    found = exact + starts + named
    results.more_regions = len(found) > LIMIT
    for item in found[:LIMIT]:
        province = provinces.get(item.province_code or "", "")
        results.regions.append(Hit("region", item.code, item.name, item.iri, province))

    upper = text.upper()
    for dimension in dimensions():
        label = dimension.label_en if english else dimension.label_id
        if dimension.notation == upper or matches([dimension.label_id, dimension.label_en]):
            results.concepts.append(Hit("dimension", dimension.notation, label, dimension.iri))
    for initiative in initiatives():
        label = initiative.label_en if english else initiative.label_id
        if (
            initiative.notation.startswith(upper)
            and len(upper) >= 3
            or matches([initiative.label_id, initiative.label_en])
        ):
            results.concepts.append(Hit("initiative", initiative.notation, label, initiative.iri, initiative.dimension))
    return results
