"""The home page's figures: regions in force in the registry, submissions loaded, triples; and the six dimensions."""

from __future__ import annotations

from kg.core.namespaces import KC, META_GRAPH, REGIONS_GRAPH, SCHEMA

_counts: dict[tuple, dict[str, int]] = {}


def home_counts(site) -> dict[str, int]:
    """Counts of the store as it is now (kept until the next write)."""
    key = (site.dataset.state_tag,)
    if key not in _counts:
        store = site.dataset.graph_store
        answer = store.select(
            f"""SELECT (COUNT(DISTINCT ?region) AS ?regions) (COUNT(DISTINCT ?submission) AS ?submissions) WHERE {{
              {{ GRAPH <{REGIONS_GRAPH}> {{ ?region <{KC.regionCode}> ?code
                 FILTER NOT EXISTS {{ ?region <{SCHEMA.validThrough}> ?until }} }} }}
              UNION {{ GRAPH <{META_GRAPH}> {{ ?submission a <{KC.Submission}> }} }} }}"""
        )
        triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        regions, submissions = (int(value) for value in answer.rows[0])
        _counts.clear()
        _counts[key] = {"regions": regions, "submissions": submissions, "triples": int(triples.rows[0][0])}
    return _counts[key]


_origins: dict[tuple, list] = {}


def home_origins(site, lang: str) -> list:  # -> list[kg.publish.data_origins.OriginCount]
    """How much of the loaded data is the public record, illustrative, a region's own (kept until the next write)."""
    from kg.publish.data_origins import origin_counts

    key = (site.dataset.state_tag, lang)
    if key not in _origins:
        found = origin_counts(site.dataset.graph_store, lang)
        if not any(cached[0] == key[0] for cached in _origins):
            _origins.clear()
        _origins[key] = found
    return _origins[key]


def framework_href(notation: str, lang: str | None = None) -> str:
    """The page of a dimension or initiative on this server: ``/framework/MOB-01``."""
    return f"/framework/{notation}" + (f"?lang={lang}" if lang else "")


def home_dimensions(lang: str, linker=None) -> list[dict[str, object]]:
    """The six dimensions with their label and goal in ``lang``, page link and initiatives (notation, label, link)."""
    from kg.framework.concepts import dimensions, initiatives

    english = lang == "en"
    members: dict[str, list[dict[str, str]]] = {}
    for item in initiatives():
        members.setdefault(item.dimension, []).append(
            {
                "notation": item.notation,
                "label": item.label_en if english else item.label_id,
                "href": framework_href(item.notation),
            }
        )
    return [
        {
            "notation": item.notation,
            "label": item.label_en if english else item.label_id,
            "goal": item.goal_en if english else item.goal_id,
            "href": framework_href(item.notation),
            "count": len(members.get(item.notation, [])),
            "initiatives": members.get(item.notation, []),
        }
        for item in dimensions()
    ]
