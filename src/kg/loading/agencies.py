"""The agencies a store already holds for a region: what loading gives conversion, so that a new spelling of
a loaded agency (``Diskominfo SP`` for ``Dinas Komunikasi, Informatika, Statistik dan Persandian``) is that
agency, with one IRI (:mod:`kg.submissions.agencies`)."""

from __future__ import annotations

from collections.abc import Iterable

from kg.core.namespaces import parse_submission_iri, region_iri

_AGENCIES = """PREFIX kc: <https://w3id.org/kotacerdas/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agency ?label ?preferred ?graph WHERE {
  GRAPH ?graph {
    ?agency a kc:Agency ; kc:region ?region .
    { ?agency rdfs:label ?label . BIND(true AS ?preferred) } UNION { ?agency skos:altLabel ?label . BIND(false AS ?preferred) }
  }
}
ORDER BY ?agency DESC(?preferred) ?label ?graph"""

#: The most agencies read for one region (a kota has a few dozen; a bound keeps a hostile store harmless).
MOST_AGENCIES = 10_000


def loaded_agencies(store):  # -> kg.submissions.agencies.KnownAgencies
    """A function giving, for a region code, the agencies ``store`` holds for that region: ``(IRI, [labels],
    [fiscal years])`` triples, the preferred label first, with the years of the submissions naming the agency
    (so that reloading a submission does not take its agencies from the graph it replaces). Asked once per
    region by the conversion."""

    def agencies(region_code: str) -> Iterable[tuple[str, list[str], list[str]]]:
        from rdflib import URIRef

        answer = store.select(_AGENCIES, {"region": URIRef(region_iri(region_code))}, max_rows=MOST_AGENCIES)
        found: dict[str, tuple[list[str], list[str]]] = {}
        for agency, label, _preferred, graph in answer.rows:
            labels, years = found.setdefault(str(agency), ([], []))
            if str(label) not in labels:
                labels.append(str(label))
            submission = parse_submission_iri(str(graph))
            year = submission[1] if submission is not None else "?"  # a graph of no submission: any year
            if year not in years:
                years.append(year)
        return [(iri, labels, years) for iri, (labels, years) in found.items()]

    return agencies
