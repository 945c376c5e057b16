"""Shared indicators for a program's free-text indicator (``Indeks SPBE``, ``Persentase rumah tangga akses air
minum layak``): the scheme of :mod:`kg.framework.indicators` ranked by the same BM25 machinery as the
initiatives (:class:`kg.suggest.ranking.ConceptIndex`: stems of Indonesian and English, whole keywords).

A suggestion is made only when the best indicator's score reaches :data:`MIN_SCORE` and leads the next by
:data:`MIN_LEAD` (a generic "Jumlah …" or "Persentase …" alone matches nothing), so validate's Info stays rare
and meaningful.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache

from kg.suggest.ranking import ConceptIndex, InitiativeSuggestion

#: The lowest score a suggestion needs, and by how much it must lead the second best.
MIN_SCORE = 6.0
MIN_LEAD = 1.2


class SharedIndicatorIndex(ConceptIndex):
    """The shared indicators as BM25 documents: labels, definitions, notation and keywords."""

    def __init__(self) -> None:
        from kg.framework.indicators import shared_indicators

        items = shared_indicators()
        by_notation: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for item in items:
            by_notation[item.notation] += [
                ("prefLabel", "id", item.label_id),
                ("prefLabel", "en", item.label_en),
                ("definition", "id", item.definition_id),
                ("definition", "en", item.definition_en),
                ("altLabel", "id", item.notation.split("-", 1)[-1].replace("-", " ")),
            ]
            by_notation[item.notation] += [("altLabel", "id", word) for word in item.keywords]
        super().__init__(items, by_notation)


@cache
def default_index() -> SharedIndicatorIndex:
    return SharedIndicatorIndex()


@lru_cache(maxsize=4096)
def suggest_shared_indicator(text: str) -> InitiativeSuggestion | None:
    """The shared indicator that a free-text indicator most likely is, or ``None`` when none stands out.
    Remembered per text: an agency's indicators repeat from row to row and year to year (ranking each of a
    generated national year's 32,257 rows took 1.8 s of its 20 s validation)."""
    if not text or not text.strip():
        return None
    ranked = default_index().rank(text, k=2)
    if not ranked or ranked[0].score < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0].score < MIN_LEAD * ranked[1].score:
        return None
    return ranked[0]
