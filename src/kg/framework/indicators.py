"""Shared indicators: a SKOS scheme of indicators that regions can compare (ISO 37120, UN SDG, national ones).

The source is the table ``ontology/indicators/shared-indicators.csv`` (one indicator per row: ``notation``,
labels and definitions in Indonesian and English written by the project, a QUDT unit and quantity kind by
their local names, ``per_population`` (the population base of a rate, e.g. 100000), the SDG indicator it
is or resembles, the cited ``source`` (standard and clause) and ``keywords_id`` (``;``-separated words of
programs' free-text indicators, for suggestions). ``scripts/build_indicators.py`` turns it into the module
``ontology/indicators.ttl``: each indicator a ``kc:SharedIndicator`` (a ``skos:Concept``) in
``kc:SharedIndicatorScheme``, with ``kc:unitOfMeasure`` and ``qudt:hasQuantityKind``, and the terms a
program's indicator uses to name one (``kc:sharedIndicator``). The store loads the module into the ontology
graph, ``check-ontology`` checks it, and :mod:`kg.suggest.indicators` ranks the scheme for a free-text
indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import InputError
from kg.core.namespaces import NAMESPACE_IRIS, PREFIXES
from kg.core.resources import ontology_file
from kg.core.source_tables import table_reader

if TYPE_CHECKING:
    from rdflib import Graph

MODULE = "indicators.ttl"
SOURCE = "indicators/shared-indicators.csv"
COLUMNS = (
    "notation",
    "label_id",
    "label_en",
    "definition_id",
    "definition_en",
    "unit",
    "quantity_kind",
    "per_population",
    "sdg",
    "source",
    "keywords_id",
)
#: The module's IRI; the indicators are ``…/indicators#ID-SPBE``.
MODULE_IRI = "https://w3id.org/kotacerdas/ontology/indicators"
UNIT = "http://qudt.org/vocab/unit/"
QUANTITY_KIND = "http://qudt.org/vocab/quantitykind/"
SDG = "http://metadata.un.org/sdg/"
_NOTATION = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9.]+)+$")
_SDG_CODE = re.compile(r"^(\d{1,2})\.([0-9a-z]{1,2})\.(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class SharedIndicator:
    """One shared indicator of the scheme."""

    notation: str
    label_id: str
    label_en: str
    definition_id: str
    definition_en: str
    unit: str
    quantity_kind: str
    per_population: str
    sdg: str
    source: str
    keywords_id: str
    line: int = 0

    @property
    def iri(self) -> str:
        return concept_iri(self.notation)

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(word.strip() for word in self.keywords_id.split(";") if word.strip())


def concept_iri(notation: str) -> str:
    """The IRI of the shared indicator ``notation``: ``…/ontology/indicators#ID-SPBE``."""
    return f"{MODULE_IRI}#{notation}"


def sdg_iri(code: str) -> str:
    """The UN SDG KOS IRI of an indicator code: ``6.1.1`` → ``http://metadata.un.org/sdg/C060101``."""
    match = _SDG_CODE.match(code)
    if not match:
        raise ValueError(code)
    goal, target, number = match.groups()
    return f"{SDG}C{int(goal):02d}{target.rjust(2, '0')}{int(number):02d}"


def module_file() -> Path:
    return ontology_file(MODULE)


def source_file() -> Path:
    return ontology_file(SOURCE)


def read_table(path: Path | None = None) -> list[SharedIndicator]:
    """The rows of the table; an :class:`InputError` naming file and line for a row breaking its rules (a
    notation not of the form ``ID-SPBE``/``SDG-6.1.1`` or given twice, an empty label, definition, unit,
    quantity kind or source, a population base that is not a whole number, an SDG code not of the form 6.1.1)."""
    path = path or source_file()
    reader = table_reader(path, COLUMNS)
    rows: list[SharedIndicator] = []
    seen: dict[str, int] = {}
    required = ("label_id", "label_en", "definition_id", "definition_en", "unit", "quantity_kind", "source")
    for line, raw in enumerate(reader, start=2):
        row = SharedIndicator(**{name: (raw.get(name) or "").strip() for name in COLUMNS}, line=line)
        problem = None
        if not _NOTATION.match(row.notation):
            problem = f"notasi tidak sah / invalid notation {row.notation!r}"
        elif row.notation in seen:
            problem = f"notasi sudah ada di baris / notation already on line {seen[row.notation]}"
        elif missing := [name for name in required if not getattr(row, name)]:
            problem = f"wajib diisi / required: {', '.join(missing)}"
        elif row.per_population and not row.per_population.isdigit():
            problem = f"per_population harus bilangan bulat / must be a whole number: {row.per_population!r}"
        elif row.sdg and not _SDG_CODE.match(row.sdg):
            problem = f"kode SDG tidak sah / invalid SDG code {row.sdg!r}"
        if problem:
            raise InputError(problem, str(path), line)
        seen[row.notation] = line
        rows.append(row)
    return rows


_TERMS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "SharedIndicator",
        "Class",
        {
            "label_id": "Indikator bersama",
            "label_en": "Shared indicator",
            "definition_id": "Indikator yang didefinisikan sama untuk semua daerah (menurut ISO 37120, indikator SDG PBB "
            "atau indikator nasional), dengan satuan dan jenis besaran QUDT, sehingga nilai dua daerah dapat "
            "dibandingkan.",
            "definition_en": "An indicator defined the same way for every region (after ISO 37120, a UN SDG indicator or "
            "a national indicator), with a QUDT unit and quantity kind, so that two regions' values compare.",
            "example_id": "Indeks SPBE (notasi ID-SPBE), satuan unit:UNITLESS, jenis besaran quantitykind:Dimensionless.",
            "example_en": "The SPBE index (notation ID-SPBE), unit unit:UNITLESS, quantity kind quantitykind:Dimensionless.",
        },
    ),
    (
        "SharedIndicatorScheme",
        "Scheme",
        {
            "label_id": "Skema indikator bersama",
            "label_en": "Shared indicator scheme",
            "definition_id": "Indikator bersama yang dapat dirujuk kolom templat indikator_bersama dengan notasinya.",
            "definition_en": "The shared indicators that the template column indikator_bersama names by notation.",
        },
    ),
    (
        "sharedIndicator",
        "ObjectProperty",
        {
            "label_id": "indikator bersama",
            "label_en": "shared indicator",
            "definition_id": "Indikator bersama (kc:SharedIndicator) yang diukur oleh indikator program ini, sehingga "
            "nilainya dapat dibandingkan dengan daerah lain (kolom templat indikator_bersama).",
            "definition_en": "The shared indicator (kc:SharedIndicator) that this program indicator measures, so that its "
            "values compare with other regions' (template column indikator_bersama).",
            "example_id": "kcid:program/32.73/2025/P-001/indicator/indeks-spbe kc:sharedIndicator "
            "<https://w3id.org/kotacerdas/ontology/indicators#ID-SPBE> .",
            "example_en": "kcid:program/32.73/2025/P-001/indicator/indeks-spbe kc:sharedIndicator "
            "<https://w3id.org/kotacerdas/ontology/indicators#ID-SPBE> .",
        },
    ),
    (
        "perPopulation",
        "DatatypeProperty",
        {
            "label_id": "per jumlah penduduk",
            "label_en": "per population",
            "definition_id": "Basis penduduk sebuah indikator rasio: nilainya dihitung untuk setiap sekian penduduk.",
            "definition_en": "The population base of a rate indicator: its value is counted for every so many inhabitants.",
            "example_id": "ISO37120-5.6 (jumlah usaha per 100.000 penduduk) kc:perPopulation 100000 .",
            "example_en": "ISO37120-5.6 (number of businesses per 100 000 population) kc:perPopulation 100000 .",
        },
    ),
)


#: The population terms of the registry's population counts (:mod:`kg.framework.population`; none shipped yet).
_POPULATION_TERMS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "PopulationCount",
        "Class",
        {
            "label_id": "Jumlah penduduk",
            "label_en": "Population count",
            "definition_id": "Jumlah penduduk sebuah wilayah pada satu tahun acuan menurut satu sumber yang disebut "
            "(dcterms:source); dasar nilai per penduduk dan per 100.000 penduduk.",
            "definition_en": "The number of inhabitants of a region in one reference year according to one cited source "
            "(dcterms:source); the base of per-inhabitant and per-100,000 values.",
            "example_id": "kcid:region/32.73#population-2025: Kota Bandung, 2025, 1.000.000 jiwa (angka ilustratif, "
            "bukan data).",
            "example_en": "kcid:region/32.73#population-2025: Kota Bandung, 2025, 1,000,000 inhabitants (an "
            "illustrative figure, not data).",
        },
    ),
    (
        "populationOf",
        "ObjectProperty",
        {
            "label_id": "penduduk dari",
            "label_en": "population of",
            "definition_id": "Wilayah (kc:Region) yang jumlah penduduknya dinyatakan.",
            "definition_en": "The region (kc:Region) whose population is stated.",
            "example_id": "kcid:region/32.73#population-2025 kc:populationOf kcid:region/32.73 .",
            "example_en": "kcid:region/32.73#population-2025 kc:populationOf kcid:region/32.73 .",
        },
    ),
    (
        "referenceYear",
        "DatatypeProperty",
        {
            "label_id": "tahun acuan",
            "label_en": "reference year",
            "definition_id": "Tahun yang digambarkan sebuah jumlah penduduk (xsd:gYear).",
            "definition_en": "The year a population count describes (xsd:gYear).",
            "example_id": 'kcid:region/32.73#population-2025 kc:referenceYear "2025"^^xsd:gYear .',
            "example_en": 'kcid:region/32.73#population-2025 kc:referenceYear "2025"^^xsd:gYear .',
        },
    ),
    (
        "population",
        "DatatypeProperty",
        {
            "label_id": "jumlah penduduk",
            "label_en": "population",
            "definition_id": "Banyaknya penduduk (jiwa) sebuah jumlah penduduk, bilangan bulat.",
            "definition_en": "The number of inhabitants of a population count, a whole number.",
            "example_id": "kcid:region/32.73#population-2025 kc:population 1000000 .  # angka ilustratif",
            "example_en": "kcid:region/32.73#population-2025 kc:population 1000000 .  # an illustrative figure",
        },
    ),
)


def indicator_graph(rows: list[SharedIndicator]) -> Graph:
    """The Turtle module of ``rows``: the module header, its terms and one concept per indicator."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

    graph = Graph(bind_namespaces="none")
    for prefix in ("dcterms", "kc", "owl", "qudt", "rdf", "rdfs", "sdg", "skos", "unit", "xsd"):
        graph.bind(prefix, PREFIXES[prefix])
    graph.bind("quantitykind", QUANTITY_KIND)
    graph.bind("kci", MODULE_IRI + "#")
    kc = NAMESPACE_IRIS["KC"]
    ontology = URIRef(MODULE_IRI)
    defined_by = URIRef(kc.rstrip("#"))
    graph.add((ontology, RDF.type, OWL.Ontology))
    graph.add((ontology, DCTERMS.title, Literal("Indikator bersama Kota Cerdas", lang="id")))
    graph.add((ontology, DCTERMS.title, Literal("Shared indicators of Kota Cerdas", lang="en")))
    for lang, text in (
        (
            "id",
            "Indikator yang dapat dibandingkan antardaerah: indikator ISO 37120, indikator SDG PBB dan indikator "
            "nasional yang dilaporkan daerah, masing-masing dengan satuan dan jenis besaran QUDT serta sumbernya. "
            "Definisi ditulis proyek dengan kata-kata sendiri. Dibuat dari tabel "
            "ontology/indicators/shared-indicators.csv.",
        ),
        (
            "en",
            "Indicators that compare across regions: ISO 37120 indicators, UN SDG indicators and national indicators "
            "that regions report, each with a QUDT unit and quantity kind and its source. Definitions are the "
            "project's own words. Generated from the table ontology/indicators/shared-indicators.csv.",
        ),
    ):
        graph.add((ontology, DCTERMS.description, Literal(text, lang=lang)))
    graph.add((ontology, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    scheme = URIRef(kc + "SharedIndicatorScheme")
    for name, kind, words in (*_TERMS, *_POPULATION_TERMS):
        term = URIRef(kc + name)
        graph.add((term, RDF.type, SKOS.ConceptScheme if kind == "Scheme" else OWL[kind]))
        graph.add((term, RDFS.isDefinedBy, defined_by))
        label = SKOS.prefLabel if kind == "Scheme" else RDFS.label
        for lang in ("id", "en"):
            graph.add((term, label, Literal(words[f"label_{lang}"], lang=lang)))
            graph.add((term, SKOS.definition, Literal(words[f"definition_{lang}"], lang=lang)))
            if f"example_{lang}" in words:
                graph.add((term, SKOS.example, Literal(words[f"example_{lang}"], lang=lang)))
    graph.add((URIRef(kc + "SharedIndicator"), RDFS.subClassOf, SKOS.Concept))
    graph.add((URIRef(kc + "sharedIndicator"), RDFS.range, URIRef(kc + "SharedIndicator")))
    graph.add((URIRef(kc + "perPopulation"), RDFS.range, XSD.positiveInteger))
    graph.add((URIRef(kc + "populationOf"), RDFS.domain, URIRef(kc + "PopulationCount")))
    graph.add((URIRef(kc + "populationOf"), RDFS.range, URIRef(kc + "Region")))
    graph.add((URIRef(kc + "referenceYear"), RDFS.range, XSD.gYear))
    graph.add((URIRef(kc + "population"), RDFS.range, XSD.integer))
    has_kind = URIRef(PREFIXES["qudt"] + "hasQuantityKind")
    graph.add((has_kind, RDF.type, OWL.ObjectProperty))
    graph.add((has_kind, RDFS.label, Literal("has quantity kind", lang="en")))
    graph.add((has_kind, RDFS.isDefinedBy, URIRef("http://qudt.org/schema/qudt/")))
    unit_of_measure = URIRef(kc + "unitOfMeasure")
    for row in rows:
        concept = URIRef(row.iri)
        graph.add((concept, RDF.type, URIRef(kc + "SharedIndicator")))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((concept, SKOS.notation, Literal(row.notation)))
        graph.add((concept, SKOS.prefLabel, Literal(row.label_id, lang="id")))
        graph.add((concept, SKOS.prefLabel, Literal(row.label_en, lang="en")))
        graph.add((concept, SKOS.definition, Literal(row.definition_id, lang="id")))
        graph.add((concept, SKOS.definition, Literal(row.definition_en, lang="en")))
        graph.add((concept, unit_of_measure, URIRef(UNIT + row.unit)))
        graph.add((concept, has_kind, URIRef(QUANTITY_KIND + row.quantity_kind)))
        graph.add((concept, DCTERMS.bibliographicCitation, Literal(row.source)))
        if row.per_population:
            graph.add(
                (concept, URIRef(kc + "perPopulation"), Literal(row.per_population, datatype=XSD.positiveInteger))
            )
        if row.sdg:
            match = SKOS.exactMatch if row.notation == f"SDG-{row.sdg}" else SKOS.closeMatch
            graph.add((concept, match, URIRef(sdg_iri(row.sdg))))
        for word in row.keywords:
            graph.add((concept, SKOS.hiddenLabel, Literal(word, lang="id")))
    for iri in sorted({UNIT + row.unit for row in rows} | {QUANTITY_KIND + row.quantity_kind for row in rows}):
        graph.add((URIRef(iri), RDF.type, OWL.NamedIndividual))
    return graph


@cache
def _rows() -> tuple[SharedIndicator, ...]:
    path = source_file()
    return tuple(read_table(path)) if path.is_file() else ()


def shared_indicators() -> list[SharedIndicator]:
    """The shared indicators of the packaged table, in table order."""
    return list(_rows())


def by_notation(notation: str) -> SharedIndicator | None:
    """The shared indicator of ``notation`` (case and spaces ignored), or ``None``."""
    wanted = re.sub(r"\s+", "", notation).casefold()
    return next((row for row in _rows() if row.notation.casefold() == wanted), None)
