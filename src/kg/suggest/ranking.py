"""Rank the fifty initiatives for a program: BM25 over what the graph says of each, plus whole keywords.

Each initiative is one document made of fields, each field's words counted with a weight (:data:`FIELDS`):
its preferred labels, its keywords (``skos:altLabel``, ``skos:hiddenLabel`` of
``ontology/initiative-keywords.ttl``), its definitions, in Indonesian and English. A program's words score
the initiatives by BM25 (Robertson and Zaragoza, 2009: rarer words count more, repeated words less and less,
long documents a little less); a keyword of several words found whole in the program's name (``bank
sampah``, ``ruang terbuka hijau``) adds its words' weight once more, so a phrase outweighs its words met
apart. The name counts fully, the description and the agency less (:data:`SOURCES`). Nothing is learned from
programs: the weights below are the whole model, and every score can be told as the words that made it.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.suggest.words import Token, field_features, tokens

#: Weight of a word by the field of an initiative it is in.
FIELDS = {"prefLabel": 3.0, "altLabel": 3.0, "hiddenLabel": 2.0, "definition": 1.0}
#: Weight of a program's text by where it comes from.
SOURCES = {"name": 1.0, "description": 0.5, "agency": 0.4}
#: BM25's saturation of repeated words (k1) and length normalisation (b).
K1, B = 1.2, 0.5
#: Extra weight of a keyword found whole (two words or more), as a share of its words' scores.
PHRASE = 1.0


@dataclass(frozen=True)
class InitiativeSuggestion:
    """One suggested initiative: its code and labels, its score and the program's words that led to it
    (the keywords found whole first, then single words, by their share of the score)."""

    notation: str
    label_id: str
    label_en: str
    score: float
    words: tuple[str, ...]

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id

    def as_dict(self, lang: str = "id") -> dict[str, object]:
        return {
            "initiative": self.notation,
            "label": self.label(lang),
            "score": round(self.score, 3),
            "words": list(self.words),
        }


@dataclass(frozen=True)
class _Phrase:
    features: tuple[str, ...]
    text: str


#: Names whose scores an index remembers (then it starts again): a national year has about 33,000 rows.
REMEMBERED_NAMES = 65_536


class ConceptIndex:
    """Concepts as BM25 documents: ``items`` (each with ``notation``, ``label_id``, ``label_en``) and, by
    notation, the texts of each as ``(field, lang, text)`` with a field of :data:`FIELDS`. The initiatives
    (:class:`InitiativeIndex`) and the shared indicators (:mod:`kg.suggest.indicators`) are ranked by it."""

    def __init__(self, items: Sequence[Any], by_notation: dict[str, list[tuple[str, str, str]]]) -> None:
        self.initiatives = list(items)
        #: (name, k) → the answer of :meth:`scores` (at most :data:`REMEMBERED_NAMES`)
        self._scores: dict[tuple[str, int], tuple[tuple[str, float], ...]] = {}
        self.weights: list[dict[str, float]] = []
        self.phrases: list[list[_Phrase]] = []
        for item in self.initiatives:
            counts: dict[str, float] = defaultdict(float)
            phrases = []
            for field, lang, text in by_notation[item.notation]:
                found = field_features(text, lang)
                for feature in found:
                    counts[feature] += FIELDS[field]
                if field != "definition" and len(found) >= 2:
                    phrases.append(_Phrase(tuple(found), text))
            self.weights.append(counts)
            self.phrases.append(phrases)
        #: first feature of a keyword of two words or more → (document, keyword)
        self.phrase_starts: dict[str, list[tuple[int, _Phrase]]] = defaultdict(list)
        for number, phrases in enumerate(self.phrases):
            for phrase in phrases:
                self.phrase_starts[phrase.features[0]].append((number, phrase))
        lengths = [sum(counts.values()) for counts in self.weights]
        self.average_length = sum(lengths) / len(lengths)
        self.lengths = lengths
        documents = len(self.weights)
        frequency: Counter[str] = Counter(feature for counts in self.weights for feature in counts)
        self.idf = {
            feature: math.log(1 + (documents - count + 0.5) / (count + 0.5)) for feature, count in frequency.items()
        }
        #: feature → [(document, BM25 weight of one occurrence in the program)]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, counts in enumerate(self.weights):
            norm = K1 * (1 - B + B * self.lengths[number] / self.average_length)
            for feature, tf in counts.items():
                self.postings[feature].append((number, self.idf[feature] * tf * (K1 + 1) / (tf + norm)))

    def rank(
        self, name: str, description: str | None = None, agency: str | None = None, k: int = 3
    ) -> list[InitiativeSuggestion]:
        """The ``k`` initiatives that best fit a program, best first (only those with a positive score)."""
        scores: dict[int, float] = defaultdict(float)
        reasons: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for source, text in (("name", name), ("description", description), ("agency", agency)):
            found = tokens(text)
            if found:
                self._score(found, SOURCES[source], scores, reasons)
        answer = []
        for number, score in _best(scores, k):
            if score <= 0:
                break
            item = self.initiatives[number]
            words = tuple(word for word, _ in sorted(reasons[number].items(), key=lambda pair: (-pair[1], pair[0])))
            answer.append(InitiativeSuggestion(item.notation, item.label_id, item.label_en, score, words))
        return answer

    def scores(self, name: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` best (notation, score) for a name alone, without the words that led there (what
        ``validate`` asks of every row: :func:`kg.submissions.initiative_checks.far_from_name`). Remembered
        per name: the names of the national nomenclature's activities repeat from row to row and region to
        region."""
        remembered = self._scores.get((name, k))
        if remembered is not None:
            return list(remembered)
        scores: dict[int, float] = defaultdict(float)
        found = tokens(name)
        if found:
            self._score(found, SOURCES["name"], scores, None)
        best = tuple((self.initiatives[number].notation, score) for number, score in _best(scores, k) if score > 0)
        if len(self._scores) >= REMEMBERED_NAMES:
            self._scores.clear()
        self._scores[(name, k)] = best
        return list(best)

    def _score(
        self,
        found: list[Token],
        weight: float,
        scores: dict[int, float],
        reasons: dict[int, dict[str, float]] | None,
    ) -> None:
        for token in found:
            best: dict[int, float] = {}
            for feature in token.features:  # a word counts once, by the better of its two stems
                for number, value in self.postings.get(feature, ()):
                    if value > best.get(number, 0.0):
                        best[number] = value
            for number, value in best.items():
                scores[number] += weight * value
                if reasons is not None:
                    reasons[number][token.text] += weight * value
        present = {feature for token in found for feature in token.features}
        for first in present:
            for number, phrase in self.phrase_starts.get(first, ()):
                if not all(feature in present for feature in phrase.features):
                    continue
                text = _whole(phrase.features, found)
                if text is None:
                    continue
                bonus = weight * PHRASE * sum(self.idf.get(feature, 0.0) for feature in phrase.features)
                scores[number] += bonus
                if reasons is None:
                    continue
                reasons[number][text] += bonus + 1e6  # a keyword found whole is named before single words
                for word in text.split():
                    reasons[number].pop(word, None)


class InitiativeIndex(ConceptIndex):
    """The fifty initiatives as BM25 documents, built once from the framework and its keywords."""

    def __init__(self) -> None:
        from kg.framework.concepts import initiatives
        from kg.framework.keywords import keywords

        items = initiatives()
        by_notation: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # (field, lang, text)
        for item in items:
            by_notation[item.notation] += [
                ("prefLabel", "id", item.label_id),
                ("prefLabel", "en", item.label_en),
                ("definition", "id", item.definition_id),
                ("definition", "en", item.definition_en),
            ]
        for keyword in keywords():
            by_notation[keyword.notation].append((f"{keyword.kind}Label", keyword.lang, keyword.label))
        super().__init__(items, by_notation)


def _best(scores: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The ``k`` highest scores, ties in the framework's order."""
    return heapq.nsmallest(max(k, 0), scores.items(), key=lambda pair: (-pair[1], pair[0]))


def _whole(phrase: tuple[str, ...], found: list[Token]) -> str | None:
    """The program's words that spell ``phrase`` one after the other, or ``None``."""
    size = len(phrase)
    for start in range(len(found) - size + 1):
        window = found[start : start + size]
        if all(feature in token.features for feature, token in zip(phrase, window, strict=True)):
            return " ".join(token.text for token in window)
    return None


@cache
def default_index() -> InitiativeIndex:
    """The index of the packaged framework and keywords (built once, about 0.1 s)."""
    return InitiativeIndex()


def suggest_initiatives(
    name: str, description: str | None = None, agency: str | None = None, k: int = 3
) -> list[InitiativeSuggestion]:
    """The ``k`` initiatives most likely meant for a program of this name (and description, and agency)."""
    return default_index().rank(name, description, agency, k)


#: Bounds of a request (the command line and ``/suggest`` check the same).
MAX_K = 50
MAX_TEXT = 2_000


def suggestion_answer(
    text: str,
    description: str | None = None,
    agency: str | None = None,
    k: int = 3,
    lang: str = "id",
) -> dict[str, object]:
    """The answer of ``kotacerdas suggest --format json`` and of ``/suggest``: the text asked about and the
    suggestions (``initiative``, ``label`` in ``lang``, ``score``, ``words``). Raises
    :class:`~kg.core.errors.InputError` for an empty or too long text, a ``k`` out of 1–50, an unknown
    language."""
    from kg.core.errors import InputError
    from kg.core.options import LANGUAGES, check_choice

    check_choice(lang, LANGUAGES, "lang")
    if not 1 <= k <= MAX_K:
        raise InputError(f"k harus 1–{MAX_K} / k must be 1–{MAX_K} (diberikan/given {k})", source="k")
    if not text or not text.strip():
        raise InputError("nama program kosong / the program's name is empty", source="text")
    for option, value in (("text", text), ("description", description), ("agency", agency)):
        if value is not None and len(value) > MAX_TEXT:
            raise InputError(
                f"paling banyak {MAX_TEXT} karakter / at most {MAX_TEXT} characters ({len(value)})", source=option
            )
    found = suggest_initiatives(text, description, agency, k)
    return {
        "text": text,
        "description": description,
        "agency": agency,
        "lang": lang,
        "suggestions": [item.as_dict(lang) for item in found],
    }
