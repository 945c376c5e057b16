"""Links of the registry's regions to Wikidata items, through Wikidata's property P2588 (the Kemendagri code of
an Indonesian administrative division), as ``owl:sameAs`` in their own named graph.

:func:`fetch_candidates` asks a Wikidata-style SPARQL endpoint for every item with a P2588 value of a province
or kabupaten/kota shape (``"32"``, ``"32.73"``); :func:`match_regions` pairs them with the registry's codes:

- *matched*: exactly one item claims the code, and that item claims no other of the registry's codes;
- *ambiguous*: two or more items claim the code (or one item claims several codes): refused, no link;
- *unmatched*: a region of the registry that no item claims;
- *ignored*: codes the registry does not hold (kecamatan ``"32.73.01"``, desa, retired codes).

:func:`store_links` replaces the graph ``…/graph/wikidata-links`` atomically with the matched links (and when
and from where they came). ``kotacerdas link-regions --endpoint URL`` is the face.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg.core.errors import InputError
from kg.core.namespaces import WD, WDT

#: The named graph holding the links.
LINKS_GRAPH = "https://w3id.org/kotacerdas/graph/wikidata-links"
_CODE_SHAPE = re.compile(r"\d{2}(\.\d{2})?")
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

QUERY = f"""SELECT ?item ?code WHERE {{
  ?item <{WDT}P2588> ?code .
  FILTER(REGEX(STR(?code), "^[0-9]{{2}}([.][0-9]{{2}})?$"))
}}"""


@dataclass
class LinkOutcome:
    """The pairing of the registry's regions with the items an endpoint knows (see the module's description)."""

    endpoint: str
    matched: dict[str, str] = field(default_factory=dict)  # code → item IRI
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # code → item IRIs
    unmatched: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def fetch_candidates(endpoint: str, timeout: float = 120.0) -> tuple[str, list[tuple[str, str]]]:
    """``(endpoint, [(item IRI, code)…])``: the items with a province or kabupaten/kota code at ``endpoint``."""
    import httpx

    if not re.match(r"https?://", endpoint):
        raise InputError(f"bukan URL http(s) / not an http(s) URL: {endpoint}", source="--endpoint")
    try:
        response = httpx.post(
            endpoint,
            data={"query": QUERY},
            headers={"Accept": "application/sparql-results+json", "User-Agent": "kotacerdas-kg link-regions"},
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        raise InputError(f"titik akhir tidak terjangkau / endpoint unreachable: {error}", source=endpoint) from None
    if response.status_code != 200:
        raise InputError(f"titik akhir menjawab / the endpoint answered {response.status_code}", source=endpoint)
    try:
        rows = response.json()["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise InputError("jawaban bukan SPARQL JSON / the answer is not SPARQL results JSON", source=endpoint) from None
    pairs = []
    for row in rows:
        item, code = row.get("item", {}), row.get("code", {})
        if item.get("type") == "uri" and str(item.get("value", "")).startswith(str(WD)) and "value" in code:
            pairs.append((item["value"], str(code["value"]).strip()))
    return endpoint, pairs


def match_regions(candidates: tuple[str, list[tuple[str, str]]]) -> LinkOutcome:
    """Pair the registry's regions with the candidate items (see the module's description)."""
    from kg.framework.regions import current_regions

    endpoint, pairs = candidates
    known = current_regions()  # Wikidata's P2588 holds the codes in force; a retired code names no item today
    items_by_code: dict[str, set[str]] = defaultdict(set)
    codes_by_item: dict[str, set[str]] = defaultdict(set)
    outcome = LinkOutcome(endpoint)
    for item, code in pairs:
        code = code.strip()
        if not _CODE_SHAPE.fullmatch(code) or code not in known:
            outcome.ignored.append(code)
            continue
        items_by_code[code].add(item)
        codes_by_item[item].add(code)
    for code in sorted(known):
        items = items_by_code.get(code)
        if not items:
            outcome.unmatched.append(code)
        elif len(items) > 1 or any(len(codes_by_item[item]) > 1 for item in items):
            outcome.ambiguous[code] = sorted(items)
        else:
            outcome.matched[code] = next(iter(items))
    outcome.ignored = sorted(set(outcome.ignored))
    return outcome


def link_report_lines(outcome: LinkOutcome, limit: int = 20) -> list[str]:
    """The report the command prints: counts, then the ambiguous codes and the first unmatched ones."""
    lines = [
        f"cocok / matched: {len(outcome.matched)}",
        f"ambigu, ditolak / ambiguous, refused: {len(outcome.ambiguous)}",
        f"tanpa padanan / unmatched: {len(outcome.unmatched)}",
        f"diabaikan (bukan kode register) / ignored (not a registry code): {len(outcome.ignored)}",
    ]
    for code, items in outcome.ambiguous.items():
        lines.append(f"  ambigu / ambiguous {code}: {', '.join(items)}")
    shown = outcome.unmatched[:limit]
    if shown:
        more = len(outcome.unmatched) - len(shown)
        lines.append(f"  tanpa padanan / unmatched: {', '.join(shown)}" + (f" … (+{more})" if more else ""))
    return lines


def link_ntriples(outcome: LinkOutcome, when: datetime | None = None) -> bytes:
    """The links graph as N-Triples: one ``owl:sameAs`` per matched region, and its source and time."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, XSD

    from kg.core.namespaces import region_iri

    when = when or datetime.now(UTC).replace(microsecond=0)
    lines = [
        f"{URIRef(region_iri(code)).n3()} <{_SAME_AS}> {URIRef(item).n3()} ."
        for code, item in sorted(outcome.matched.items())
    ]
    graph = URIRef(LINKS_GRAPH).n3()
    lines.append(f"{graph} {URIRef(PROV.wasDerivedFrom).n3()} {URIRef(outcome.endpoint).n3()} .")
    lines.append(f"{graph} {URIRef(DCTERMS.modified).n3()} {Literal(when.isoformat(), datatype=XSD.dateTime).n3()} .")
    return ("\n".join(lines) + "\n").encode()


def store_links(store, outcome: LinkOutcome) -> None:
    """Replace the links graph of ``store`` (any :class:`GraphStore`) with ``outcome``'s links, atomically."""
    store.replace_graphs({LINKS_GRAPH: link_ntriples(outcome)})


def write_links(outcome: LinkOutcome, path: Path | str) -> None:
    """Write the links as Turtle (for review, or to ship)."""
    import pyoxigraph as ox

    from kg.core.namespaces import PREFIXES
    from kg.core.output import write_output
    from kg.core.oxigraph_io import rdf_bytes

    triples = [quad.triple for quad in ox.parse(link_ntriples(outcome), format=ox.RdfFormat.N_TRIPLES)]
    write_output(path, rdf_bytes(triples, ox.RdfFormat.TURTLE, dict(PREFIXES)))
