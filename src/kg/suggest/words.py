"""Words of a text as the suggester compares them: tokens, stop words dropped, each token's stems.

Indonesian stems come from PySastrawi (Nazief–Adriani with its root-word dictionary), English stems from the
Snowball English stemmer; neither is written here. A token carries both (``i:layan`` and ``e:servic``): the
index of the initiatives holds Indonesian stems for Indonesian text and English stems for English text, and a
word of a program's name matches whichever the index has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

#: At most this many characters of one text are read, and this many tokens kept (a name or a description).
MAX_CHARS = 2_000
MAX_TOKENS = 200
_TOKEN = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: as written (lower case), and its features (``i:`` Indonesian stem, ``e:`` English)."""

    text: str
    features: tuple[str, ...]


@cache
def _stemmers():  # noqa: ANN202 - the two library objects
    import snowballstemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer(), snowballstemmer.stemmer("english")


@cache
def stop_words() -> frozenset[str]:
    """Indonesian stop words (PySastrawi's list) and the English function words of the definitions."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    english = "a an and as at be by for from in into is it its of on or so that the their to with which whose"
    return frozenset(StopWordRemoverFactory().get_stop_words()) | frozenset(english.split())


def _join(word: str) -> str:
    """``e-government`` → ``egovernment``; a reduplication (``alun-alun``) → ``alun``."""
    parts = word.split("-")
    if len(parts) == 2 and parts[0] == parts[1]:
        return parts[0]
    return "".join(parts)


@lru_cache(maxsize=65_536)
def indonesian_stem(word: str) -> str:
    """PySastrawi's root of a lower-case word (abbreviations and numbers of three characters or fewer as
    written)."""
    if word.isdigit() or len(word) <= 3:
        return word
    return _stemmers()[0].stem(word) or word


@lru_cache(maxsize=65_536)
def english_stem(word: str) -> str:
    """The Snowball English stem of a lower-case word."""
    if word.isdigit() or len(word) <= 3:
        return word
    return str(_stemmers()[1].stemWord(word))


def _words(text: str | None) -> list[tuple[str, str | None]]:
    """Each word of ``text`` (lower case, stop words dropped, at most :data:`MAX_TOKENS`) with, for an
    ``e-`` word (``e-musrenbang``), the word it makes electronic (``musrenbang``)."""
    if not text:
        return []
    stops = stop_words()
    found: list[tuple[str, str | None]] = []
    for match in _TOKEN.finditer(text[:MAX_CHARS].casefold()):
        written = match.group()
        word = _join(written)
        if word and word not in stops:
            base = written[2:] if written.startswith("e-") and "-" not in written[2:] and len(written) > 4 else None
            found.append((word, base))
            # a compound of different words (``sukot-csirt``) is also its parts; ``e-government`` and a
            # reduplication (``alun-alun``) are one word
            parts = written.split("-")
            if base is None and len(parts) > 1 and word != parts[0]:
                found.extend((part, None) for part in parts if len(part) > 1 and part not in stops)
            if len(found) >= MAX_TOKENS:
                break
    return found[:MAX_TOKENS]


def words(text: str | None) -> list[str]:
    """The words of ``text``: lower case, stop words dropped, at most :data:`MAX_TOKENS`."""
    return [word for word, _ in _words(text)]


def tokens(text: str | None) -> list[Token]:
    """The tokens of a program's text, each with both stems (its language is not known); an ``e-`` word also
    has the stems of the word it makes electronic, so ``e-musrenbang`` meets ``musrenbang``."""
    return [_token(word, base) for word, base in _words(text)]


@lru_cache(maxsize=65_536)
def _token(word: str, base: str | None) -> Token:
    forms = (word, base) if base else (word,)
    stems = (feature for form in forms for feature in (f"i:{indonesian_stem(form)}", f"e:{english_stem(form)}"))
    return Token(word, tuple(stems))


def field_features(text: str, lang: str) -> list[str]:
    """The features of a text of the framework in one language (``id`` or ``en``): one per word."""
    if lang == "id":
        return [f"i:{indonesian_stem(word)}" for word in words(text)]
    return [f"e:{english_stem(word)}" for word in words(text)]
