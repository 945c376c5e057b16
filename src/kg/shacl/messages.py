"""Result messages: the one place that picks a message's language and fills its placeholders.

* :func:`fill` replaces ``{$name}`` / ``{?name}`` placeholders (SHACL-SPARQL's form, which the shapes' messages
  use too) by the values given, and keeps the others;
* :func:`restore_languages` gives back the language tag pySHACL drops when it fills a SPARQL message, from the
  shape's ``sh:message`` template the message was made from;
* :func:`in_language` picks the message in the language asked for;
* :data:`MESSAGES`: default messages of the SHACL Core constraint components, in Indonesian and English, used
  when a shape gives no sh:message (``{value}`` the value found, ``{path}`` the path, the other fields the
  parameters of the constraint: ``{minInclusive}``, ``{class}`` …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

#: A placeholder of a message: ``{$value}``, ``{?year}``.
PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")

MESSAGES: dict[URIRef, tuple[str, str]] = {
    SH.ClassConstraintComponent: (
        "Nilai {value} bukan instans kelas {class}",
        "Value {value} is not an instance of class {class}",
    ),
    SH.DatatypeConstraintComponent: (
        "Nilai {value} bukan literal bertipe data {datatype} yang sah",
        "Value {value} is not a valid literal of datatype {datatype}",
    ),
    SH.NodeKindConstraintComponent: (
        "Nilai {value} bukan jenis simpul {nodeKind}",
        "Value {value} is not of node kind {nodeKind}",
    ),
    SH.MinCountConstraintComponent: (
        "Jumlah nilai {path} kurang dari minimum {minCount}",
        "Fewer values of {path} than the minimum {minCount}",
    ),
    SH.MaxCountConstraintComponent: (
        "Jumlah nilai {path} lebih dari maksimum {maxCount}",
        "More values of {path} than the maximum {maxCount}",
    ),
    SH.MinInclusiveConstraintComponent: (
        "Nilai {value} kurang dari minimum {minInclusive}",
        "Value {value} is less than the minimum {minInclusive}",
    ),
    SH.MinExclusiveConstraintComponent: (
        "Nilai {value} tidak lebih besar dari {minExclusive}",
        "Value {value} is not greater than {minExclusive}",
    ),
    SH.MaxInclusiveConstraintComponent: (
        "Nilai {value} lebih dari maksimum {maxInclusive}",
        "Value {value} is greater than the maximum {maxInclusive}",
    ),
    SH.MaxExclusiveConstraintComponent: (
        "Nilai {value} tidak lebih kecil dari {maxExclusive}",
        "Value {value} is not less than {maxExclusive}",
    ),
    SH.MinLengthConstraintComponent: (
        "Nilai {value} lebih pendek dari {minLength} karakter",
        "Value {value} is shorter than {minLength} characters",
    ),
    SH.MaxLengthConstraintComponent: (
        "Nilai {value} lebih panjang dari {maxLength} karakter",
        "Value {value} is longer than {maxLength} characters",
    ),
    SH.PatternConstraintComponent: (
        "Nilai {value} tidak cocok dengan pola {pattern}",
        "Value {value} does not match the pattern {pattern}",
    ),
    SH.LanguageInConstraintComponent: (
        "Bahasa nilai {value} bukan salah satu dari {languageIn}",
        "The language of value {value} is not one of {languageIn}",
    ),
    SH.UniqueLangConstraintComponent: (
        "Lebih dari satu nilai {path} dengan tag bahasa yang sama",
        "More than one value of {path} with the same language tag",
    ),
    SH.EqualsConstraintComponent: (
        "Nilai {value} tidak sama dengan nilai {equals}",
        "Value {value} differs from the values of {equals}",
    ),
    SH.DisjointConstraintComponent: (
        "Nilai {value} juga merupakan nilai {disjoint}",
        "Value {value} is also a value of {disjoint}",
    ),
    SH.LessThanConstraintComponent: (
        "Nilai {value} tidak lebih kecil dari nilai {lessThan}",
        "Value {value} is not less than the values of {lessThan}",
    ),
    SH.LessThanOrEqualsConstraintComponent: (
        "Nilai {value} lebih besar dari nilai {lessThanOrEquals}",
        "Value {value} is greater than the values of {lessThanOrEquals}",
    ),
    SH.NotConstraintComponent: (
        "Nilai {value} memenuhi bentuk terlarang {not}",
        "Value {value} conforms to the forbidden shape {not}",
    ),
    SH.AndConstraintComponent: (
        "Nilai {value} tidak memenuhi semua bentuk yang disyaratkan",
        "Value {value} does not conform to all of the required shapes",
    ),
    SH.OrConstraintComponent: (
        "Nilai {value} tidak memenuhi satu pun bentuk yang diizinkan",
        "Value {value} conforms to none of the allowed shapes",
    ),
    SH.XoneConstraintComponent: (
        "Nilai {value} tidak memenuhi tepat satu bentuk",
        "Value {value} does not conform to exactly one of the shapes",
    ),
    SH.NodeConstraintComponent: (
        "Nilai {value} tidak memenuhi bentuk {node}",
        "Value {value} does not conform to the shape {node}",
    ),
    SH.QualifiedMinCountConstraintComponent: (
        "Jumlah nilai {path} yang memenuhi bentuk kurang dari {qualifiedMinCount}",
        "Fewer values of {path} conforming to the shape than {qualifiedMinCount}",
    ),
    SH.QualifiedMaxCountConstraintComponent: (
        "Jumlah nilai {path} yang memenuhi bentuk lebih dari {qualifiedMaxCount}",
        "More values of {path} conforming to the shape than {qualifiedMaxCount}",
    ),
    SH.ClosedConstraintComponent: (
        "Properti {path} tidak diizinkan oleh bentuk tertutup (nilai {value})",
        "Property {path} is not allowed by the closed shape (value {value})",
    ),
    SH.HasValueConstraintComponent: (
        "Nilai wajib {hasValue} tidak ada",
        "The required value {hasValue} is missing",
    ),
    SH.InConstraintComponent: (
        "Nilai {value} bukan salah satu dari {in}",
        "Value {value} is not one of {in}",
    ),
    SH.SPARQLConstraintComponent: (
        "Batasan SPARQL dilanggar (nilai {value})",
        "SPARQL constraint violated (value {value})",
    ),
}


def describe(term: Node | None) -> str:
    """A term as a person reads it: the text of a literal, the IRI itself."""
    if term is None:
        return "-"
    return str(term)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def default_messages(component: URIRef, fields: dict[str, Node | None]) -> list[Literal]:
    """The Indonesian and English default messages of a result."""
    templates = MESSAGES.get(component)
    if templates is None:
        return []
    values = _Fields({name: describe(term) for name, term in fields.items()})
    indonesian, english = templates
    return [Literal(indonesian.format_map(values), lang="id"), Literal(english.format_map(values), lang="en")]


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{$name}`` / ``{?name}`` whose name is in ``values`` replaced; the others kept."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), text)


def fill_template(message: Literal, bindings: dict[str, Node | None]) -> Literal:
    """An sh:message of a SPARQL constraint with ``{$var}`` and ``{?var}`` replaced by the solution's values."""
    text = fill(str(message), {name: describe(term) for name, term in bindings.items() if term is not None})
    return Literal(text, lang=message.language) if message.language else Literal(text)


@lru_cache(maxsize=1024)
def _template_pattern(template: str) -> re.Pattern[str]:
    pieces = PLACEHOLDER.split(template)[::2]  # the text between placeholders (split keeps the names too)
    return re.compile(".*?".join(re.escape(piece) for piece in pieces) + r"\Z", re.DOTALL)


def restore_languages(messages: Iterable[Literal], templates: Iterable[Node]) -> list[Literal]:
    """``messages`` with the language tag of the ``sh:message`` template each was filled from, where it has
    none (pySHACL drops it when it fills a SPARQL constraint's message)."""
    tagged = [t for t in templates if isinstance(t, Literal) and t.language]
    restored = []
    for message in messages:
        if not message.language:
            found = next((t.language for t in tagged if _template_pattern(str(t)).match(str(message))), None)
            message = Literal(str(message), lang=found) if found else message
        restored.append(message)
    return restored


def in_language(messages: Sequence[Literal], lang: str) -> Literal | None:
    """The message in ``lang``; else one in another language, else an untagged one; ``None`` if there is none."""
    for wanted in (lang, *(m.language for m in messages if m.language and m.language != lang), None):
        for message in messages:
            if message.language == wanted:
                return message
    return messages[0] if messages else None
