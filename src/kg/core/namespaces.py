"""The namespaces and fixed IRIs of the project (DESIGN.md, "Fixed names").

Everything that names a term, a graph or a data resource takes it from here, so there is one truth.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VANN, XSD

BASE = "https://w3id.org/kotacerdas/"
ONTOLOGY_IRI = BASE + "ontology"
KC = Namespace(ONTOLOGY_IRI + "#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
SDG = Namespace("http://metadata.un.org/sdg/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
QB = Namespace("http://purl.org/linked-data/cube#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
VOID = Namespace("http://rdfs.org/ns/void#")

#: Named graphs of the store (the framework, the registry, the alignments, load metadata, statistics).
ONTOLOGY_GRAPH = GRAPH["ontology"]
REGIONS_GRAPH = GRAPH["regions"]
ALIGNMENTS_GRAPH = GRAPH["alignments"]
META_GRAPH = GRAPH["meta"]
STATS_GRAPH = GRAPH["stats"]

#: Prefixes bound when serialising, in this order.
PREFIXES: dict[str, str] = {
    "kc": str(KC),
    "kcid": str(ID),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "qb": str(QB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sdg": str(SDG),
    "sh": str(SH),
    "skos": str(SKOS),
    "spdx": str(SPDX),
    "time": str(TIME),
    "vann": str(VANN),
    "void": str(VOID),
    "wd": str(WD),
    "wdt": str(WDT),
    "xsd": str(XSD),
}


def region_iri(region_code: str) -> str:
    """The IRI of a region in the registry: ``…/id/region/32.73``."""
    return f"{ID}region/{region_code}"


def submission_iri(region_code: str, year: int) -> str:
    """The IRI (and named graph) of one region's submission for one fiscal year."""
    return f"{ID}submission/{region_code}/{year}"


def program_iri(region_code: str, year: int, program_id: str) -> str:
    """The stable IRI of a program: region, year and the steward's ``id_program``."""
    return f"{ID}program/{region_code}/{year}/{quote(program_id.strip(), safe='')}"
