"""Population of a province or kabupaten/kota: ``kc:PopulationCount`` values in the registry graph.

The repository ships no population figures: they await a source whose licence allows them to be shipped. The
machinery is here for when one is provided: a table with the columns ``code``, ``name``, ``male``, ``female``,
``total`` (:func:`read_table`) becomes one ``kc:PopulationCount`` per region and reference year
(:func:`population_graph`: ``…/id/region/32.73#population-2025``, ``kc:populationOf`` the region,
``kc:referenceYear``, ``kc:population``) in the registry graph. The budget and achievement queries divide by the
count of the region for the latest reference year not after the program's year, or the earliest one after it
when there is none before (:data:`RULE`); without a count their per-inhabitant values are empty (shown –).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import InputError
from kg.core.namespaces import NAMESPACE_IRIS, PREFIXES, region_iri
from kg.core.source_tables import table_reader

if TYPE_CHECKING:
    from rdflib import Graph

COLUMNS = ("code", "name", "male", "female", "total")
#: The reference year of a table's figures unless the caller names another.
REFERENCE_YEAR = 2025
RULE = (
    "the population of the program's region for the latest reference year not after the program's year "
    "(else the earliest after it); no population, no per-inhabitant value (shown –)"
)


@dataclass(frozen=True, slots=True)
class Population:
    code: str
    name: str
    male: int
    female: int
    total: int
    year: int = REFERENCE_YEAR

    @property
    def iri(self) -> str:
        return f"{region_iri(self.code)}#population-{self.year}"


def read_table(path: Path, year: int = REFERENCE_YEAR) -> list[Population]:
    """The rows of the table; an :class:`InputError` naming file and line for a row that breaks its rules
    (an unknown region code, a count that is not a whole number, male + female not the total)."""
    from kg.framework.regions import regions

    reader = table_reader(path, COLUMNS)
    known = regions()
    rows = []
    for line, raw in enumerate(reader, start=2):
        code = (raw.get("code") or "").strip()
        if code not in known:
            raise InputError(f"kode wilayah tidak dikenal / unknown region code {code!r}", str(path), line)
        try:
            male, female, total = (int((raw.get(name) or "").strip()) for name in ("male", "female", "total"))
        except ValueError:
            raise InputError("jumlah harus bilangan bulat / counts must be whole numbers", str(path), line) from None
        if male + female != total or total <= 0:
            raise InputError(
                f"pria + wanita ≠ total / male + female ≠ total ({male} + {female} ≠ {total})", str(path), line
            )
        rows.append(Population(code, (raw.get("name") or "").strip(), male, female, total, year))
    return rows


def population_graph(rows: list[Population], source: str | None = None) -> Graph:
    """The registry module of ``rows``: one ``kc:PopulationCount`` per region and reference year, each
    ``dcterms:source`` ``source`` (an IRI) when given."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, XSD

    graph = Graph(bind_namespaces="none")
    for prefix in ("dcterms", "kc", "rdf", "xsd"):
        graph.bind(prefix, PREFIXES[prefix])
    kc = NAMESPACE_IRIS["KC"]
    for row in rows:
        node = URIRef(row.iri)
        graph.add((node, RDF.type, URIRef(kc + "PopulationCount")))
        graph.add((node, URIRef(kc + "populationOf"), URIRef(region_iri(row.code))))
        graph.add((node, URIRef(kc + "referenceYear"), Literal(str(row.year), datatype=XSD.gYear)))
        graph.add((node, URIRef(kc + "population"), Literal(row.total, datatype=XSD.integer)))
        if source:
            graph.add((node, DCTERMS.source, URIRef(source)))
    return graph
