"""Initiative coverage per region, year and dimension, kept as RDF Data Cube observations, one named graph per year.

The ``coverage`` query counts, for each region and dimension, the initiatives at least one program that is not
cancelled covers. Asked of every program it takes seconds on a national store (514 regions × 10 years), so each
submission's coverage is written when the submission is loaded, in the same step as its graph and provenance
(:func:`kg.loading.load.load_files`): one ``qb:Observation`` per dimension, in the data set
``kcid:dataset/coverage`` (structure ``kc:CoverageStructure``)::

    <…/submission/32.73/2025/coverage/GOV> a qb:Observation ; qb:dataSet <…/dataset/coverage> ;
        kc:coverageRegion <…/region/32.73> ; kc:coverageYear 2025 ; kc:coverageDimension kc:GOV ;
        kc:initiativesTotal 9 ; kc:initiativesCovered 2 ; kc:coverage 0.2222 ;
        kc:coveredInitiative kc:GOV-01 , kc:GOV-05 ; kc:coveringProgram <…/program/32.73/2025/P-1> ;
        prov:wasDerivedFrom <…/submission/32.73/2025> .

**A region's whole year.** Beside them, each submission has one observation of the region's whole year, in the
data set ``kcid:dataset/region-coverage`` (structure ``kc:RegionCoverageStructure``), summed from its dimensions'::

    <…/submission/32.73/2025/coverage> a qb:Observation ; qb:dataSet <…/dataset/region-coverage> ;
        kc:coverageRegion <…/region/32.73> ; kc:coverageYear 2025 ; kc:dimensionsTotal 6 ;
        kc:dimensionsCovered 5 ; kc:coveringProgramCount 14 ; prov:wasDerivedFrom <…/submission/32.73/2025> .

A program covering several dimensions is counted once, so the count cannot be summed from the dimensions'
observations by a query without reading every program link: ``regions-all-dimensions`` for a year reads one
observation per region (9-10 ms on a national year) where grouping the ~60,000 links took 53-59 ms (issue 26).

**Where.** A year's observations are the named graph ``graph/stats/{year}`` (:func:`coverage_graph_iri`); the
data set's own description is ``graph/stats``. A question about one year (the regions × dimensions matrix, the
national gaps, each point of the trend) then reads that year's graph alone: one graph for all years made each
such scan read ten years of a national store, 1.4-5 times Virtuoso's time on the same data (issue 26). Canned
queries name the cube's graph ``?cube`` (:mod:`kg.queries.canned`: with a year given, its graph).

**Own properties.** The region and the year are ``kc:coverageRegion`` and ``kc:coverageYear`` (sub-properties
of ``kc:region`` and ``kc:fiscalYear``), not the programs' own: a query reading every year's graph
(``GRAPH ?cube``), or asking for one region or one year, then finds observations alone, not every program too.
The covered initiatives themselves are kept (not only their number), so that coverage over several years is
the number of distinct initiatives over their observations. A submission without any program that has a
region, a year and a known initiative has no observations (the query did not count it either).
``tests/test_coverage_cube.py`` holds the query on the cube to the query on the programs. A store loaded before
this layout (or before the cube) gets it the first time it is opened for writing (:func:`ensure_coverage_cube`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.core.namespaces import (
    GRAPH_IRIS,
    NAMESPACE_IRIS,
    coverage_dataset_iri,
    coverage_graph_iri,
    coverage_observation_iri,
    coverage_year,
    region_coverage_dataset_iri,
    region_coverage_observation_iri,
)
from kg.store.interface import GraphStore

_KC = NAMESPACE_IRIS["KC"]
_QB = NAMESPACE_IRIS["QB"]
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_REGION, _YEAR, _INITIATIVE, _STATUS = (_KC + name for name in ("region", "fiscalYear", "initiative", "status"))
_CANCELLED = _KC + "Cancelled"
_WANTED = frozenset((_REGION, _YEAR, _INITIATIVE, _STATUS))


class _Program:
    """What the coverage of a program's submission needs of it."""

    __slots__ = ("cancelled", "initiatives", "region", "year")

    def __init__(self) -> None:
        self.initiatives: list[str] = []
        self.region: ox.NamedNode | None = None
        self.year: ox.Literal | None = None
        self.cancelled = False


@dataclass(frozen=True)
class CubeSlice:
    """One submission's coverage observations: the year's graph they belong in and their N-Triples (both empty
    when none counts)."""

    graph: str = ""
    ntriples: bytes = b""

    def __bool__(self) -> bool:
        return bool(self.ntriples)


def stats_graph() -> str:
    """The named graph describing the cube's data set (each year's observations: :func:`coverage_graph_iri`)."""
    return GRAPH_IRIS["STATS_GRAPH"]


def year_graphs(store: GraphStore) -> list[str]:
    """The store's graphs of the cube's years (:func:`coverage_graph_iri`), in order."""
    prefix = stats_graph() + "/"
    return sorted(name for name in store.graph_names() if name.startswith(prefix))


def by_graph(slices: Iterable[CubeSlice]) -> dict[str, bytes]:
    """The N-Triples of these slices, joined per year's graph (for ``with_triples`` of a write)."""
    joined: dict[str, list[bytes]] = {}
    for item in slices:
        if item:
            joined.setdefault(item.graph, []).append(item.ntriples)
    return {graph: b"".join(parts) for graph, parts in joined.items()}


def observations_of_ntriples(submission: str, canonical: bytes) -> CubeSlice:
    """:func:`observations` of a submission's N-Triples as pyoxigraph writes them: only the statements it
    reads become terms."""
    from kg.store.content import statements_with

    wanted = statements_with(canonical, sorted(_WANTED))
    return observations(submission, ox.parse(wanted, format=ox.RdfFormat.N_TRIPLES))


def observations(submission: str, triples: Iterable[ox.Triple]) -> CubeSlice:
    """One submission's coverage observations, from its triples (empty when none counts)."""
    from kg.framework.concepts import dimensions, initiatives

    dimension_of = {item.iri: item.dimension for item in initiatives()}
    programs: dict[object, _Program] = {}
    for triple in triples:
        predicate = triple.predicate.value
        if predicate not in _WANTED:
            continue
        program = programs.get(triple.subject)
        if program is None:
            program = programs[triple.subject] = _Program()
        obj = triple.object
        if predicate == _INITIATIVE:
            if isinstance(obj, ox.NamedNode) and obj.value in dimension_of:
                program.initiatives.append(obj.value)
        elif predicate == _REGION:
            program.region = obj if isinstance(obj, ox.NamedNode) else None
        elif predicate == _YEAR:  # an integer (the template's tahun): it names the year's graph
            program.year = obj if isinstance(obj, ox.Literal) and coverage_year(obj.value) is not None else None
        else:
            program.cancelled = isinstance(obj, ox.NamedNode) and obj.value == _CANCELLED
    region: ox.NamedNode | None = None
    year: ox.Literal | None = None
    covered: dict[str, set[str]] = {}
    covering: dict[str, set[str]] = {}
    for node, program in programs.items():
        if not program.initiatives or program.region is None or program.year is None:
            continue  # not counted by the coverage query either
        region, year = program.region, program.year
        if not program.cancelled:
            for iri in program.initiatives:
                covered.setdefault(dimension_of[iri], set()).add(iri)
                if isinstance(node, ox.NamedNode):
                    covering.setdefault(dimension_of[iri], set()).add(node.value)
    if region is None or year is None:
        return CubeSlice()
    totals: dict[str, int] = {}
    for item in initiatives():
        totals[item.dimension] = totals.get(item.dimension, 0) + 1
    dataset = coverage_dataset_iri()
    lines = []
    for dimension in dimensions():
        node = f"<{coverage_observation_iri(submission, dimension.notation)}>"
        found = sorted(covered.get(dimension.notation, ()))
        total = totals.get(dimension.notation, 0)
        ratio = (Decimal(len(found)) / Decimal(total)).quantize(Decimal("0.0001")) if total else Decimal(0)
        lines += [
            f"{node} <{_RDF_TYPE}> <{_QB}Observation> .",
            f"{node} <{_QB}dataSet> <{dataset}> .",
            f"{node} <{_KC}coverageRegion> {region} .",
            f"{node} <{_KC}coverageYear> {year} .",
            f"{node} <{_KC}coverageDimension> <{dimension.iri}> .",
            f'{node} <{_KC}initiativesTotal> "{total}"^^<{_XSD}integer> .',
            f'{node} <{_KC}initiativesCovered> "{len(found)}"^^<{_XSD}integer> .',
            f'{node} <{_KC}coverage> "{ratio}"^^<{_XSD}decimal> .',
            f"{node} <{_PROV_DERIVED}> <{submission}> .",
        ]
        lines += [f"{node} <{_KC}coveredInitiative> <{iri}> ." for iri in found]
        lines += [f"{node} <{_KC}coveringProgram> <{iri}> ." for iri in sorted(covering.get(dimension.notation, ()))]
    lines += _region_lines(submission, region, year, len(dimensions()), len(covered), set().union(*covering.values()))
    return CubeSlice(coverage_graph_iri(year.value), ("\n".join(lines) + "\n").encode("utf-8"))


def _region_lines(
    submission: str, region: ox.NamedNode, year: ox.Literal, total: int, covered: int, programs: set[str]
) -> list[str]:
    """The submission's one observation of the region's whole year (data set ``kcid:dataset/region-coverage``):
    the dimensions it covers and its covering programs, counted once each (a program may cover several)."""
    node = f"<{region_coverage_observation_iri(submission)}>"
    return [
        f"{node} <{_RDF_TYPE}> <{_QB}Observation> .",
        f"{node} <{_QB}dataSet> <{region_coverage_dataset_iri()}> .",
        f"{node} <{_KC}coverageRegion> {region} .",
        f"{node} <{_KC}coverageYear> {year} .",
        f'{node} <{_KC}dimensionsTotal> "{total}"^^<{_XSD}integer> .',
        f'{node} <{_KC}dimensionsCovered> "{covered}"^^<{_XSD}integer> .',
        f'{node} <{_KC}coveringProgramCount> "{len(programs)}"^^<{_XSD}integer> .',
        f"{node} <{_PROV_DERIVED}> <{submission}> .",
    ]


def forget(submissions: Iterable[str]) -> str:
    """A SPARQL Update removing these submissions' observations (before their new ones are added), in whichever
    year's graph they are."""
    values = " ".join(f"<{iri}>" for iri in submissions)
    if not values:
        return ""
    return (
        f"DELETE {{ GRAPH ?cube {{ ?observation ?p ?o }} }} WHERE {{ VALUES ?submission {{ {values} }} "
        f"GRAPH ?cube {{ ?observation <{_PROV_DERIVED}> ?submission ; a <{_QB}Observation> ; ?p ?o }} }}"
    )


def dataset_triples() -> bytes:
    """The two data sets themselves (per dimension, and per region's whole year): their structures and labels."""
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    lines = []
    for iri, structure, label_id, label_en in (
        (
            coverage_dataset_iri(),
            "CoverageStructure",
            "Cakupan inisiatif Kota Cerdas per wilayah, tahun dan dimensi",
            "Kota Cerdas initiative coverage per region, year and dimension",
        ),
        (
            region_coverage_dataset_iri(),
            "RegionCoverageStructure",
            "Cakupan dimensi Kota Cerdas per wilayah dan tahun",
            "Kota Cerdas dimension coverage per region and year",
        ),
    ):
        lines += [
            f"<{iri}> <{_RDF_TYPE}> <{_QB}DataSet> .",
            f"<{iri}> <{_QB}structure> <{_KC}{structure}> .",
            f'<{iri}> <{label}> "{label_id}"@id .',
            f'<{iri}> <{label}> "{label_en}"@en .',
        ]
    return ("\n".join(lines) + "\n").encode()


_MISSING = """SELECT ?submission WHERE {{
  GRAPH <{meta}> {{ ?submission <http://rdfs.org/ns/void#triples> ?triples }}
  FILTER NOT EXISTS {{ GRAPH ?cube {{ ?observation <{derived}> ?submission ; <{qb}dataSet> ?dataset }} }}
}}"""
#: One year's observations of the one graph for all years (0.5.0 and earlier) moved to the year's graph,
#: ``kc:region`` renamed ``kc:coverageRegion``; then what is left there (an observation of no year: none was
#: written so) is removed, to be written anew from its submission.
_RELAYOUT = """DELETE {{ GRAPH <{stats}> {{ ?o ?p ?v }} }} INSERT {{ GRAPH <{cube}> {{ ?o ?q ?v }} }} WHERE {{
  GRAPH <{stats}> {{ ?o <{qb}dataSet> ?dataset ; <{kc}coverageYear> {year} ; ?p ?v }}
  BIND (IF(?p = <{kc}region>, <{kc}coverageRegion>, ?p) AS ?q)
}}"""
#: A year's observations of whole years (``kcid:dataset/region-coverage``, new in 0.7.0) summed from its
#: dimensions' observations, for each submission that has those and not this: the same counts as
#: :func:`_region_lines` (a dimension is covered when one of its initiatives is; a program is counted once), at
#: the IRI :func:`region_coverage_observation_iri` mints (its suffix after the submission's).
_REGION_SUMMARY = """INSERT {{ GRAPH <{cube}> {{
  ?node a <{qb}Observation> ; <{qb}dataSet> <{regions}> ; <{kc}coverageRegion> ?region ; <{kc}coverageYear> ?year ;
    <{kc}dimensionsTotal> ?total ; <{kc}dimensionsCovered> ?covered ; <{kc}coveringProgramCount> ?count ;
    <{derived}> ?submission }} }}
WHERE {{
  {{ SELECT ?submission ?region ?year (COUNT(?o) AS ?total) (SUM(IF(?n > 0, 1, 0)) AS ?covered) WHERE {{
      GRAPH <{cube}> {{ ?o <{qb}dataSet> <{dataset}> ; <{derived}> ?submission ; <{kc}coverageRegion> ?region ;
        <{kc}coverageYear> ?year ; <{kc}initiativesCovered> ?n }}
      FILTER NOT EXISTS {{ GRAPH <{cube}> {{ ?summary <{qb}dataSet> <{regions}> ; <{derived}> ?submission }} }}
    }} GROUP BY ?submission ?region ?year }}
  OPTIONAL {{ SELECT ?submission (COUNT(DISTINCT ?program) AS ?programs) WHERE {{
      GRAPH <{cube}> {{ ?o <{derived}> ?submission ; <{kc}coveringProgram> ?program }}
    }} GROUP BY ?submission }}
  BIND (COALESCE(?programs, 0) AS ?count)
  BIND (IRI(CONCAT(STR(?submission), "{suffix}")) AS ?node)
}}"""
_LEFTOVERS = "DELETE {{ GRAPH <{stats}> {{ ?o ?p ?v }} }} WHERE {{ GRAPH <{stats}> {{ ?o <{qb}dataSet> ?d ; ?p ?v }} }}"


def ensure_coverage_cube(store: GraphStore) -> list[str]:
    """Write the observations of every loaded submission that has none yet (a store loaded before the cube, or
    a submission with no program to count: looked at again, cheaply); the submissions given observations.

    A store written before each year had its graph (0.5.0 and earlier) holds every observation in
    ``graph/stats``: they are first moved to their years' graphs, ``kc:region`` renamed ``kc:coverageRegion``, a
    year per update (:data:`_RELAYOUT`): on ten national years, 700,000 quads in 69 s and 1.4 GB, where writing
    them anew from every submission took 494 s and 4.5 GB."""
    from kg.core.terms import to_oxigraph_triple
    from kg.store.interface import term_text
    from kg.store.sparql_text import check_iri

    stats = stats_graph()
    if store.ask(f"ASK {{ GRAPH <{stats}> {{ ?observation <{_QB}dataSet> ?dataset }} }}"):
        held = store.select(f"SELECT DISTINCT ?year WHERE {{ GRAPH <{stats}> {{ ?o <{_KC}coverageYear> ?year }} }}")
        years = {year for row in held.terms if (year := coverage_year(term_text(row[0]))) is not None}
        for year in sorted(years):  # a year at a time (a tenth of the memory); after a kill the next opening goes on
            store.update(_RELAYOUT.format(stats=stats, qb=_QB, kc=_KC, year=year, cube=coverage_graph_iri(year)))
        store.update(_LEFTOVERS.format(stats=stats, qb=_QB))
    regions = region_coverage_dataset_iri()
    for cube in year_graphs(store):  # a store written before 0.7.0: each year's regions' observations added
        if not store.ask(f"ASK {{ GRAPH <{cube}> {{ ?observation <{_QB}dataSet> <{regions}> }} }}"):
            store.update(
                _REGION_SUMMARY.format(
                    cube=cube,
                    qb=_QB,
                    kc=_KC,
                    regions=regions,
                    dataset=coverage_dataset_iri(),
                    derived=_PROV_DERIVED,
                    suffix=region_coverage_observation_iri(""),
                )
            )
    answer = store.select(_MISSING.format(meta=GRAPH_IRIS["META_GRAPH"], derived=_PROV_DERIVED, qb=_QB))
    missing = [text for row in answer.terms if (text := term_text(row[0])) is not None]
    written, slices = [], []
    for submission in missing:
        check_iri(submission)
        graph = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{submission}> {{ ?s ?p ?o }} }}")
        found = observations(submission, (to_oxigraph_triple(*triple) for triple in graph))
        if found:
            slices.append(found)
            written.append(submission)
    additions = by_graph(slices)
    if not store.ask(f"ASK {{ GRAPH <{stats}> {{ <{regions}> <{_QB}structure> ?s }} }}"):
        additions[stats] = dataset_triples()
    if additions:
        store.replace_graphs({}, with_update=forget(written), with_triples=additions)
    return written
