"""The dataset describes itself: a VoID description and a DCAT catalogue, read from the store as it is.

:func:`void_description` — the whole knowledge graph as a ``void:Dataset``: triples, entities, classes and
properties (with partitions), vocabularies used, the SPARQL endpoint, the dumps, one subset per named graph,
and linksets to Wikidata (``owl:sameAs`` of regions) and the UN SDG KOS (the alignment's mappings).

:func:`dcat_catalog` — the DCAT catalogue (DCAT-AP 3), in :mod:`kg.publish.dcat`.

Both are lists of pyoxigraph triples; ``base_url`` is the server's public address (``https://…/``), under which
``sparql``, ``dumps/`` and the download links are. ``shapes/void-dcat.ttl`` is their SHACL shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.core.namespaces import BASE, ONTOLOGY_IRI, PREFIXES, SDG, WD
from kg.publish.dcat import (  # noqa: F401 (the catalogue's names, used from here)
    CATALOG,
    CC_BY,
    DATASET,
    PUBLISHER,
    TITLE_EN,
    TITLE_ID,
    dcat_catalog,
    graph_download_url,
)

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
#: The named graph of the links of regions to Wikidata items (``kotacerdas link-regions``).
WIKIDATA_LINKS_GRAPH = BASE + "graph/wikidata-links"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_n(XSD + "integer"))


class _Triples(list):
    def add(self, subject, predicate: str, value) -> None:
        if isinstance(subject, str):
            subject = _n(subject)
        if isinstance(value, str):
            value = _n(value)
        self.append(ox.Triple(subject, _n(predicate), value))


def _select(store, query: str) -> list[tuple]:
    return store.select(query).rows


def dump_files(folder: Path | str | None) -> list[dict[str, object]]:
    """The dumps in ``folder`` (``*.gz`` with a ``.sha256`` beside): name, size, checksum."""
    if folder is None or not Path(folder).is_dir():
        return []
    files = []
    for path in sorted(Path(folder).glob("*.gz")):
        checksum = path.with_name(path.name + ".sha256")
        digest = checksum.read_text(encoding="utf-8").split()[0] if checksum.is_file() else None
        files.append({"name": path.name, "size": path.stat().st_size, "sha256": digest})
    return files


_MEDIA = {".nq.gz": "application/n-quads", ".ttl.gz": "text/turtle"}


def _media_type(name: str) -> str:
    return next((media for suffix, media in _MEDIA.items() if name.endswith(suffix)), "application/octet-stream")


# ---- VoID -------------------------------------------------------------------------------------------------


def void_description(store, base_url: str, dumps: Sequence[str] = ()) -> list[ox.Triple]:
    """The VoID description of the knowledge graph in ``store`` (see the module's description)."""
    t = _Triples()
    void = base_url + "void"
    t.add(void, RDF_TYPE, VOID + "DatasetDescription")
    t.add(void, DCT + "title", ox.Literal("Deskripsi VoID graf pengetahuan Kota Cerdas", language="id"))
    t.add(void, DCT + "title", ox.Literal("VoID description of the Kota Cerdas knowledge graph", language="en"))
    t.add(void, FOAF + "primaryTopic", DATASET)

    t.add(DATASET, RDF_TYPE, VOID + "Dataset")
    t.add(DATASET, DCT + "title", ox.Literal(TITLE_ID, language="id"))
    t.add(DATASET, DCT + "title", ox.Literal(TITLE_EN, language="en"))
    t.add(
        DATASET,
        DCT + "description",
        ox.Literal(
            "Kerangka Kota Cerdas Kemendagri (6 dimensi, 6 sasaran, 50 inisiatif), register wilayah, penyelarasan "
            "dan program daerah yang diajukan.",
            language="id",
        ),
    )
    t.add(
        DATASET,
        DCT + "description",
        ox.Literal(
            "Kemendagri's Kota Cerdas framework (6 dimensions, 6 goals, 50 initiatives), the region registry, "
            "alignments and the programs regions submitted.",
            language="en",
        ),
    )
    t.add(DATASET, DCT + "license", CC_BY)
    t.add(DATASET, DCT + "publisher", PUBLISHER)
    t.add(DATASET, FOAF + "homepage", base_url)
    t.add(DATASET, VOID + "sparqlEndpoint", base_url + "sparql")
    t.add(DATASET, VOID + "uriSpace", ox.Literal(BASE + "id/"))
    t.add(DATASET, VOID + "rootResource", str(ONTOLOGY_IRI) + "#KotaCerdas")
    t.add(DATASET, VOID + "exampleResource", BASE + "id/region/32.73")
    for name in dumps:
        t.add(DATASET, VOID + "dataDump", f"{base_url}dumps/{name}")
    _publisher(t)

    # three scans of the data: triples per graph (the total is their sum), per property, distinct terms
    graph_counts = {
        str(g): int(n)
        for g, n in _select(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    }
    property_counts = {
        str(p): int(n)
        for p, n in _select(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p")
    }
    total = sum(graph_counts.values())
    subjects, objects = _select(
        store,
        "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) WHERE { GRAPH ?g { ?s ?p ?o } }",
    )[0]
    entities = _select(
        store,
        # entities: the typed resources in the URI space (the type index is small; every resource is typed)
        f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER(STRSTARTS(STR(?s), "{BASE}id/")) }}',
    )[0][0]
    classes = _select(
        store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY ?c"
    )
    properties = sorted(property_counts.items())
    t.add(DATASET, VOID + "triples", _int(int(total)))
    t.add(DATASET, VOID + "entities", _int(int(entities)))
    t.add(DATASET, VOID + "distinctSubjects", _int(int(subjects)))
    t.add(DATASET, VOID + "distinctObjects", _int(int(objects)))
    t.add(DATASET, VOID + "classes", _int(len(classes)))
    t.add(DATASET, VOID + "properties", _int(len(properties)))
    vocabularies = set()
    for index, (cls, count) in enumerate(classes):
        node = ox.BlankNode(f"class{index}")
        t.add(DATASET, VOID + "classPartition", node)
        t.add(node, VOID + "class", str(cls))
        t.add(node, VOID + "entities", _int(int(count)))
        vocabularies.add(_vocabulary(str(cls)))
    for index, (prop, count) in enumerate(properties):
        node = ox.BlankNode(f"property{index}")
        t.add(DATASET, VOID + "propertyPartition", node)
        t.add(node, VOID + "property", str(prop))
        t.add(node, VOID + "triples", _int(int(count)))
        vocabularies.add(_vocabulary(str(prop)))
    for vocabulary in sorted(v for v in vocabularies if v):
        t.add(DATASET, VOID + "vocabulary", vocabulary)

    for graph, count in sorted(graph_counts.items()):
        subset = str(graph)
        t.add(DATASET, VOID + "subset", subset)
        t.add(subset, RDF_TYPE, VOID + "Dataset")
        t.add(subset, VOID + "triples", _int(int(count)))
        t.add(subset, VOID + "sparqlEndpoint", base_url + "sparql")

    _linkset(
        t,
        store,
        "wikidata",
        "Wikidata",
        "https://www.wikidata.org/",
        str(WD),
        [OWL_SAME_AS],
        "https://query.wikidata.org/sparql",
    )
    from rdflib.namespace import SKOS

    _linkset(
        t,
        store,
        "un-sdg",
        "UN SDG KOS",
        "http://metadata.un.org/sdg/",
        str(SDG),
        [
            str(SKOS.exactMatch),
            str(SKOS.closeMatch),
            str(SKOS.broadMatch),
            str(SKOS.narrowMatch),
            str(SKOS.relatedMatch),
        ],
        None,
    )
    return list(t)


def _vocabulary(iri: str) -> str | None:
    namespaces = sorted(PREFIXES.values(), key=len, reverse=True)
    for namespace in namespaces:
        if iri.startswith(namespace):
            return namespace.rstrip("#") if namespace.endswith("#") else namespace
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 8 else None


def _linkset(
    t: _Triples, store, name: str, title: str, homepage: str, space: str, predicates: list[str], endpoint
) -> None:
    target = f"{BASE}void#{name}"
    t.add(target, RDF_TYPE, VOID + "Dataset")
    t.add(target, DCT + "title", ox.Literal(title))
    t.add(target, FOAF + "homepage", homepage)
    t.add(target, VOID + "uriSpace", ox.Literal(space))
    if endpoint:
        t.add(target, VOID + "sparqlEndpoint", endpoint)
    values = " ".join(f"<{p}>" for p in predicates)
    rows = _select(
        store,
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {values} }} "
        f'FILTER(STRSTARTS(STR(?o), "{space}")) }} GROUP BY ?p ORDER BY ?p',
    )
    for predicate, count in rows:
        linkset = f"{BASE}void#{name}-{str(predicate).rsplit('#', 1)[-1]}"
        t.add(DATASET, VOID + "subset", linkset)
        t.add(linkset, RDF_TYPE, VOID + "Linkset")
        t.add(linkset, VOID + "subjectsTarget", DATASET)
        t.add(linkset, VOID + "objectsTarget", target)
        t.add(linkset, VOID + "linkPredicate", str(predicate))
        t.add(linkset, VOID + "triples", _int(int(count)))


def _publisher(t: _Triples) -> None:
    t.add(PUBLISHER, RDF_TYPE, FOAF + "Agent")
    t.add(PUBLISHER, FOAF + "name", ox.Literal("Kontributor kotacerdas-kg", language="id"))
    t.add(PUBLISHER, FOAF + "name", ox.Literal("kotacerdas-kg contributors", language="en"))
