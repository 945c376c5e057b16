"""The DCAT catalogue of the knowledge graph, as DCAT-AP 3 harvesters read it.

:func:`dcat_catalog` — a ``dcat:Catalog`` of the framework (ontology), the region registry, the alignments, every
loaded submission and the whole graph, each a ``dcat:Dataset`` with a description, keywords, themes (the EU's
data-theme table), a contact point, a licence, one publisher (the project; for a submission, the government of
its region), spatial and temporal coverage (a submission: its region and fiscal year), and distributions with
media type and format; the dumps' distributions carry their size, SHA-256 (``spdx:checksum``) and compression.
The SPARQL endpoint is its ``dcat:DataService``.

The catalogue is checked with the project's own shapes of DCAT-AP 3.0.1 (``shapes/dcat-ap-3.ttl``, by
``tests/test_dcat_ap.py``). The codes of the EU's authority tables it uses are typed and labelled in the
catalogue itself, so that a harvester (and the range shapes) need not load those tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

import pyoxigraph as ox

from kg.core.namespaces import ALIGNMENTS_GRAPH, BASE, META_GRAPH, ONTOLOGY_IRI, REGIONS_GRAPH

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCATAP = "http://data.europa.eu/r5r/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
MIT = "https://spdx.org/licenses/MIT"
#: The licence stated for the submissions' data (open government data, attribution).
SUBMISSION_LICENSE = CC_BY

CATALOG = BASE + "catalog"
#: The whole knowledge graph (VoID's dataset).
DATASET = BASE + "void#dataset"
TITLE_ID = "Graf pengetahuan Kota Cerdas"
TITLE_EN = "Kota Cerdas knowledge graph"
#: The one publisher of the catalogue and of the project's datasets: the organisation the ontology names.
PUBLISHER = BASE + "id/organization/kotacerdas-kg"
CONTACT = CATALOG + "#contact"

_EU = "http://publications.europa.eu/resource/authority/"
_IANA = "https://www.iana.org/assignments/media-types/"
#: EU data themes (publications.europa.eu data-theme table) and their labels.
THEMES = {
    _EU + "data-theme/GOVE": ("Pemerintahan dan sektor publik", "Government and public sector"),
    _EU + "data-theme/REGI": ("Wilayah dan kota", "Regions and cities"),
}
#: Media types (IANA) with their EU file-type code.
MEDIA = {
    "text/turtle": "RDF_TURTLE",
    "application/n-quads": "RDF_N_QUADS",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
_GZIP = _IANA + "application/gzip"
_AVAILABLE = _EU + "planned-availability/AVAILABLE"
_ATTRIBUTION = "http://purl.org/adms/licencetype/Attribution"
_LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
_REGIONAL_AUTHORITY = "http://purl.org/adms/publishertype/RegionalAuthority"
_INDONESIA = _EU + "country/IDN"
_LANGUAGES = {_EU + "language/IND": "Bahasa Indonesia", _EU + "language/ENG": "English"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(text: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


class _Triples(list):
    def add(self, subject, predicate: str, value) -> None:
        if isinstance(subject, str):
            subject = _n(subject)
        if isinstance(value, str):
            value = _n(value)
        self.append(ox.Triple(subject, _n(predicate), value))

    def texts(self, subject, predicate: str, text_id: str, text_en: str) -> None:
        self.add(subject, predicate, _lit(text_id, "id"))
        self.add(subject, predicate, _lit(text_en, "en"))

    def concept(self, iri: str, scheme: str, label_en: str, label_id: str | None = None) -> None:
        self.add(iri, RDF_TYPE, SKOS + "Concept")
        self.add(iri, SKOS + "inScheme", scheme)
        self.add(iri, SKOS + "prefLabel", _lit(label_en, "en"))
        if label_id:
            self.add(iri, SKOS + "prefLabel", _lit(label_id, "id"))


def graph_download_url(base_url: str, graph: str, extension: str = "ttl") -> str:
    """A URL that downloads one named graph from the server's SPARQL endpoint."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return f"{base_url}sparql?query={quote(query, safe='')}&format={extension}"


def government_iri(region_iri: str) -> str:
    """The regional government, publisher of the region's submissions: ``…/id/region/32.73#government`` (its
    description is the region's)."""
    return region_iri + "#government"


def _reference_terms(t: _Triples, base_url: str) -> None:
    """The things the catalogue points at, typed and labelled as DCAT-AP expects: publisher, contact point,
    licences, themes, media types and formats, languages, the country."""
    t.add(PUBLISHER, RDF_TYPE, FOAF + "Agent")
    t.add(PUBLISHER, RDF_TYPE, FOAF + "Organization")
    t.texts(PUBLISHER, FOAF + "name", "Kontributor kotacerdas-kg", "kotacerdas-kg contributors")
    t.add(CONTACT, RDF_TYPE, VCARD + "Kind")
    t.add(CONTACT, RDF_TYPE, VCARD + "Organization")
    t.add(CONTACT, VCARD + "fn", _lit("kotacerdas-kg"))
    t.add(CONTACT, VCARD + "hasURL", base_url)
    for licence, label in ((CC_BY, "Creative Commons Attribution 4.0 International"), (MIT, "MIT License")):
        t.add(licence, RDF_TYPE, DCT + "LicenseDocument")
        t.add(licence, RDFS_LABEL, _lit(label, "en"))
        t.add(licence, DCT + "type", _ATTRIBUTION)
    t.concept(_ATTRIBUTION, "http://purl.org/adms/licencetype/1.1", "Attribution")
    t.concept(_LOCAL_AUTHORITY, "http://purl.org/adms/publishertype/1.0", "Local Authority")
    t.concept(_REGIONAL_AUTHORITY, "http://purl.org/adms/publishertype/1.0", "Regional Authority")
    t.add(_EU + "data-theme", RDF_TYPE, SKOS + "ConceptScheme")
    t.add(_EU + "data-theme", DCT + "title", _lit("Data theme", "en"))
    for theme, (label_id, label_en) in THEMES.items():
        t.concept(theme, _EU + "data-theme", label_en, label_id)
    for media, code in MEDIA.items():
        t.add(_IANA + media, RDF_TYPE, DCT + "MediaType")
        t.add(_EU + "file-type/" + code, RDF_TYPE, DCT + "MediaTypeOrExtent")
    t.add(_GZIP, RDF_TYPE, DCT + "MediaType")
    t.concept(_AVAILABLE, _EU + "planned-availability", "Available")
    for language, label in _LANGUAGES.items():
        t.add(language, RDF_TYPE, DCT + "LinguisticSystem")
        t.add(language, RDFS_LABEL, _lit(label))
    t.add(_INDONESIA, RDF_TYPE, DCT + "Location")
    t.texts(_INDONESIA, RDFS_LABEL, "Indonesia", "Indonesia")
    t.add(base_url, RDF_TYPE, FOAF + "Document")


def _distribution(
    t: _Triples,
    dataset: str,
    node: str,
    url: str,
    media: str,
    title: str,
    license_iri: str,
    dump: Mapping[str, object] | None = None,
) -> None:
    t.add(dataset, DCAT + "distribution", node)
    t.add(node, RDF_TYPE, DCAT + "Distribution")
    t.add(node, DCT + "title", _lit(title))
    t.add(node, DCAT + "downloadURL", url)
    t.add(node, DCAT + "accessURL", url)
    t.add(node, DCAT + "mediaType", _IANA + media)
    t.add(node, DCT + "format", _EU + "file-type/" + MEDIA[media])
    t.add(node, DCT + "license", license_iri)
    t.add(node, DCATAP + "availability", _AVAILABLE)
    if dump is None:
        t.texts(
            node,
            DCT + "description",
            f"Graf bernama {dataset} sebagai {title}, dibaca langsung dari titik akhir SPARQL.",
            f"The named graph {dataset} as {title}, read live from the SPARQL endpoint.",
        )
        return
    t.texts(
        node,
        DCT + "description",
        f"Unduhan seluruh graf ({title}), dikompresi gzip, dengan SHA-256.",
        f"Download of the whole graph ({title}), gzip-compressed, with its SHA-256.",
    )
    t.add(node, DCAT + "compressFormat", _GZIP)
    t.add(node, DCAT + "byteSize", ox.Literal(str(dump["size"]), datatype=_n(XSD + "nonNegativeInteger")))
    if dump.get("sha256"):
        checksum = node.split("#")[0] + "#sha256"
        t.add(node, SPDX + "checksum", checksum)
        t.add(checksum, RDF_TYPE, SPDX + "Checksum")
        t.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        t.add(checksum, SPDX + "checksumValue", ox.Literal(str(dump["sha256"]), datatype=_n(XSD + "hexBinary")))
        t.add(SPDX + "checksumAlgorithm_sha256", RDF_TYPE, SPDX + "ChecksumAlgorithm")


def _dataset(
    t: _Triples,
    iri: str,
    titles: tuple[str, str],
    descriptions: tuple[str, str],
    keywords: Sequence[tuple[str, str]],
    license_iri: str,
    modified: ox.Literal | None,
    publisher: str = PUBLISHER,
) -> None:
    t.add(CATALOG, DCAT + "dataset", iri)
    t.add(iri, RDF_TYPE, DCAT + "Dataset")
    t.texts(iri, DCT + "title", *titles)
    t.texts(iri, DCT + "description", *descriptions)
    for keyword_id, keyword_en in keywords:
        t.texts(iri, DCAT + "keyword", keyword_id, keyword_en)
    for theme in THEMES:
        t.add(iri, DCAT + "theme", theme)
    t.add(iri, DCAT + "contactPoint", CONTACT)
    t.add(iri, DCT + "license", license_iri)
    t.add(iri, DCT + "publisher", publisher)
    for language in _LANGUAGES:
        t.add(iri, DCT + "language", language)
    if modified is not None:
        t.add(iri, DCT + "modified", modified)


def _temporal(t: _Triples, dataset: str, first: int, last: int) -> None:
    """Fiscal years ``first``…``last`` (Indonesia's fiscal year is the calendar year, UU 17/2003 art. 4)."""
    period = f"{dataset}-period" if "#" in dataset else f"{dataset}#period"
    t.add(dataset, DCT + "temporal", period)
    t.add(period, RDF_TYPE, DCT + "PeriodOfTime")
    t.add(period, DCAT + "startDate", ox.Literal(f"{first}-01-01", datatype=_n(XSD + "date")))
    t.add(period, DCAT + "endDate", ox.Literal(f"{last}-12-31", datatype=_n(XSD + "date")))


_KEYWORDS = [("kota cerdas", "smart city"), ("pemerintah daerah", "local government")]


def _submissions(store) -> list[tuple]:
    ontology = str(ONTOLOGY_IRI)
    return store.select(
        f"""SELECT ?submission ?region ?year ?modified ?label ?code WHERE {{ GRAPH <{META_GRAPH}> {{
              ?submission a <{DCAT}Dataset> ; <{DCT}spatial> ?region ; <{ontology}#fiscalYear> ?year ;
                <{DCT}modified> ?modified }}
              OPTIONAL {{ GRAPH <{REGIONS_GRAPH}> {{ ?region <{RDFS_LABEL}> ?label }} }}
              OPTIONAL {{ GRAPH <{REGIONS_GRAPH}> {{ ?region <{ontology}#regionCode> ?code }} }}
            }} ORDER BY ?submission"""
    ).rows


def dcat_catalog(
    store,
    base_url: str,
    dumps: Sequence[Mapping[str, object]] = (),
    modified: ox.Literal | None = None,
) -> list[ox.Triple]:
    """The DCAT catalogue of the knowledge graph in ``store`` (see the module's description); ``dumps`` are
    :func:`kg.publish.catalog.dump_files` entries (name, size, sha256)."""
    from kg.core.terms import to_oxigraph

    t = _Triples()
    _reference_terms(t, base_url)
    t.add(CATALOG, RDF_TYPE, DCAT + "Catalog")
    t.texts(CATALOG, DCT + "title", "Katalog data Kota Cerdas", "Kota Cerdas data catalogue")
    t.texts(
        CATALOG,
        DCT + "description",
        "Kerangka, register wilayah, penyelarasan dan pengajuan program daerah.",
        "The framework, the region registry, the alignments and the regions' program submissions.",
    )
    t.add(CATALOG, DCT + "publisher", PUBLISHER)
    t.add(CATALOG, DCT + "license", CC_BY)
    t.add(CATALOG, FOAF + "homepage", base_url)
    t.add(CATALOG, DCT + "spatial", _INDONESIA)
    t.add(CATALOG, DCAT + "themeTaxonomy", _EU + "data-theme")
    for language in _LANGUAGES:
        t.add(CATALOG, DCT + "language", language)
    t.add(CATALOG, DCT + "issued", ox.Literal("2026-11-27", datatype=_n(XSD + "date")))  # ontology 0.1's issue
    if modified is not None:
        t.add(CATALOG, DCT + "modified", modified)

    service = base_url + "sparql"
    t.add(CATALOG, DCAT + "service", service)
    t.add(service, RDF_TYPE, DCAT + "DataService")
    t.texts(service, DCT + "title", "Titik akhir SPARQL 1.1", "SPARQL 1.1 endpoint")
    t.add(service, DCAT + "endpointURL", service)
    t.add(service, DCAT + "endpointDescription", service)  # its SPARQL Service Description, by Accept
    t.add(service, DCT + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
    t.add("https://www.w3.org/TR/sparql11-protocol/", RDF_TYPE, DCT + "Standard")
    t.add(service, DCT + "license", CC_BY)
    t.add(service, DCT + "publisher", PUBLISHER)
    t.add(service, DCAT + "contactPoint", CONTACT)
    t.texts(service, DCAT + "keyword", "SPARQL", "SPARQL")
    for theme in THEMES:
        t.add(service, DCAT + "theme", theme)

    ontology = str(ONTOLOGY_IRI)
    _dataset(
        t,
        ontology,
        ("Kerangka Kota Cerdas (ontologi dan skema konsep)", "Kota Cerdas framework (ontology and concept scheme)"),
        (
            "Ontologi OWL dan skema konsep SKOS kerangka Kota Cerdas Kemendagri: 6 dimensi, 6 sasaran, 50 inisiatif, "
            "serta kelas dan properti model data program.",
            "The OWL ontology and SKOS concept scheme of Kemendagri's Kota Cerdas framework: 6 dimensions, 6 goals, "
            "50 initiatives, and the classes and properties of the program data model.",
        ),
        [*_KEYWORDS, ("ontologi", "ontology")],
        CC_BY,
        modified,
    )
    for extension, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("owl", "application/rdf+xml")):
        url = f"{base_url}ontology.{extension}"
        _distribution(t, ontology, url + "#distribution", url, media, f"ontology.{extension}", CC_BY)
    t.add(ontology, DCT + "spatial", _INDONESIA)
    t.add(service, DCAT + "servesDataset", ontology)

    for graph, titles, descriptions, keyword, license_iri in (
        (
            str(REGIONS_GRAPH),
            ("Register wilayah (Kepmendagri 300.2.2-2138/2025)", "Region registry (Kepmendagri 300.2.2-2138/2025)"),
            (
                "Provinsi dan kabupaten/kota dengan kode Kemendagri, masa berlaku dan penggantinya.",
                "Provinces and kabupaten/kota with their Kemendagri codes, periods in force and successors.",
            ),
            ("kode wilayah", "region codes"),
            MIT,
        ),
        (
            str(ALIGNMENTS_GRAPH),
            ("Penyelarasan: SDG, Kominfo, Giffinger", "Alignments: SDG, Kominfo, Giffinger"),
            (
                "Pemetaan SKOS inisiatif Kota Cerdas ke target SDG, pilar Kominfo dan karakteristik Giffinger.",
                "SKOS mappings of the Kota Cerdas initiatives to SDG targets, Kominfo pillars and Giffinger "
                "characteristics.",
            ),
            ("SDG", "SDG"),
            CC_BY,
        ),
    ):
        _dataset(t, graph, titles, descriptions, [*_KEYWORDS, keyword], license_iri, modified)
        t.add(graph, DCT + "spatial", _INDONESIA)
        _distribution(
            t, graph, graph + "#turtle", graph_download_url(base_url, graph), "text/turtle", "Turtle", license_iri
        )
        t.add(service, DCAT + "servesDataset", graph)

    years: list[int] = []
    for submission, region, year, changed, label, code in _submissions(store):
        iri, region_iri = str(submission), str(region)
        name = str(label) if label is not None else region_iri.rsplit("/", 1)[-1]
        code_text = str(code) if code is not None else region_iri.rsplit("/", 1)[-1]
        changed_on = to_oxigraph(changed)
        government = government_iri(region_iri)
        _dataset(
            t,
            iri,
            (f"Program {name} {year}", f"Programs of {name}, {year}"),
            (
                f"Program Kota Cerdas {name} ({code_text}) tahun anggaran {year} sebagaimana diajukan pemerintah daerahnya "
                "dan lolos validasi: inisiatif, anggaran, status, sasaran dan indikator.",
                f"The Kota Cerdas programs of {name} ({code_text}) for fiscal year {year} as its government submitted "
                "them and they passed validation: initiatives, budget, status, beneficiaries and indicators.",
            ),
            [*_KEYWORDS, (name, name), (str(year), str(year))],
            SUBMISSION_LICENSE,
            changed_on if isinstance(changed_on, ox.Literal) else None,
            publisher=government,
        )
        t.add(government, RDF_TYPE, FOAF + "Agent")
        t.add(government, RDF_TYPE, FOAF + "Organization")
        t.texts(government, FOAF + "name", f"Pemerintah {name}", f"Government of {name}")
        t.add(government, DCT + "type", _REGIONAL_AUTHORITY if "." not in code_text else _LOCAL_AUTHORITY)
        t.add(iri, DCT + "spatial", region_iri)
        t.add(region_iri, RDF_TYPE, DCT + "Location")
        t.add(region_iri, RDFS_LABEL, _lit(name))
        year_number = int(str(year))
        years.append(year_number)
        _temporal(t, iri, year_number, year_number)
        for suffix, extension, media, title in (
            ("turtle", "ttl", "text/turtle", "Turtle"),
            ("nquads", "nq", "application/n-quads", "N-Quads"),
        ):
            url = graph_download_url(base_url, iri, extension)
            _distribution(t, iri, f"{iri}#{suffix}", url, media, title, SUBMISSION_LICENSE)
        t.add(service, DCAT + "servesDataset", iri)

    _dataset(
        t,
        DATASET,
        (TITLE_ID, TITLE_EN),
        (
            "Seluruh graf: kerangka, register wilayah, penyelarasan dan semua pengajuan program, sebagai unduhan.",
            "The whole graph: framework, region registry, alignments and every program submission, as downloads.",
        ),
        _KEYWORDS,
        CC_BY,
        modified,
    )
    t.add(DATASET, DCT + "spatial", _INDONESIA)
    if years:
        _temporal(t, DATASET, min(years), max(years))
    for dump in dumps:
        name = str(dump["name"])
        media = "application/n-quads" if name.endswith(".nq.gz") else "text/turtle"
        url = f"{base_url}dumps/{name}"
        _distribution(t, DATASET, url + "#distribution", url, media, name, CC_BY, dump)
    t.add(service, DCAT + "servesDataset", DATASET)
    return list(t)
