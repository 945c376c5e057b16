"""The home page's figures: regions in the registry, submissions loaded, triples; and the six dimensions."""

from __future__ import annotations

from kg.core.namespaces import KC, META_GRAPH, REGIONS_GRAPH

_counts: dict[tuple, dict[str, int]] = {}


def home_counts(site) -> dict[str, int]:
    """Counts of the store as it is now (kept until the next write)."""
    key = (site.dataset.state_tag,)
    if key not in _counts:
        store = site.dataset.graph_store
        answer = store.select(
            f"""SELECT (COUNT(DISTINCT ?region) AS ?regions) (COUNT(DISTINCT ?submission) AS ?submissions) WHERE {{
              {{ GRAPH <{REGIONS_GRAPH}> {{ ?region <{KC.regionCode}> ?code }} }}
              UNION {{ GRAPH <{META_GRAPH}> {{ ?submission a <{KC.Submission}> }} }} }}"""
        )
        triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        regions, submissions = (int(value) for value in answer.rows[0])
        _counts.clear()
        _counts[key] = {"regions": regions, "submissions": submissions, "triples": int(triples.rows[0][0])}
    return _counts[key]


def home_dimensions(lang: str, linker) -> list[dict[str, object]]:
    """The six dimensions with their label in ``lang``, link and number of initiatives."""
    from kg.framework.concepts import dimensions, initiatives

    counts: dict[str, int] = {}
    for item in initiatives():
        counts[item.dimension] = counts.get(item.dimension, 0) + 1
    return [
        {
            "notation": item.notation,
            "label": item.label_en if lang == "en" else item.label_id,
            "href": linker.href(item.iri),
            "count": counts.get(item.notation, counts.get(item.iri, 0)),
        }
        for item in dimensions()
    ]
