"""Default messages of the SHACL Core constraint components, in Indonesian and English.

Used when a shape gives no sh:message. ``{value}`` is the value found, ``{path}`` the path, and the other
fields are the parameters of the constraint (``{minInclusive}``, ``{class}`` …).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

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


def fill_template(message: Literal, bindings: dict[str, Node | None]) -> Literal:
    """An sh:message of a SPARQL constraint with ``{$var}`` and ``{?var}`` replaced by the solution's values."""
    text = re.sub(
        r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}",
        lambda m: describe(bindings[m.group(1)]) if bindings.get(m.group(1)) is not None else m.group(0),
        str(message),
    )
    return Literal(text, lang=message.language) if message.language else Literal(text)
