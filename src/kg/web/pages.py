"""HTML pages of the server: one Jinja2 environment, one base layout (``templates/base.html.j2``), words in
Indonesian (default) and English, and the view of a resource's description.

Every value reaches the page through Jinja2's autoescaping, so a literal like ``<script>…`` shows as text.
IRIs under the public base link to this server's own path, so a page works without the public redirect; any
other IRI becomes a link only through :func:`kg.core.safe_text.link_target` (``http``, ``https``, ``mailto``:
a stored ``javascript:`` or ``data:`` IRI is shown as text), in Python (:class:`Linker`) and in templates (the
``link`` filter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from jinja2 import Environment

from kg.core.namespaces import PREFIXES
from kg.core.options import LANGUAGES
from kg.core.safe_text import link_target
from kg.publish.html_templates import html_environment

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_COOKIE = "kc_lang"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"

#: The words of the pages (the data's own words come from the graph).
UI: dict[str, dict[str, str]] = {
    "id": {
        "site": "Graf Pengetahuan Kota Cerdas",
        "home": "Beranda",
        "sparql": "Kueri SPARQL",
        "dashboard": "Dasbor",
        "soon": "segera hadir",
        "catalog": "Katalog data",
        "ontology": "Ontologi",
        "void": "Deskripsi VoID",
        "dumps": "Unduhan data",
        "language": "Bahasa",
        "iri": "IRI",
        "types": "Jenis",
        "property": "Properti",
        "value": "Nilai",
        "formats": "Format lain",
        "not_found": "Tidak ditemukan",
        "not_found_text": "Tidak ada data tentang IRI ini di graf pengetahuan.",
        "error": "Kesalahan",
        "intro": (
            "Graf pengetahuan rujukan kerangka Kota Cerdas Kemendagri: 6 dimensi, 6 sasaran, 50 inisiatif, "
            "register wilayah dan program daerah yang diajukan, sebagai data terbuka tertaut."
        ),
        "regions": "wilayah dalam register",
        "submissions": "pengajuan dimuat",
        "triples": "tripel",
        "for_machines": "Untuk mesin",
        "endpoint_text": "Titik akhir SPARQL 1.1 (GET/POST, JSON, XML, CSV, TSV, Turtle, JSON-LD …)",
        "file": "Berkas",
        "size": "Ukuran",
        "no_dumps": "Belum ada unduhan.",
        "modified": "Diubah",
        "dimensions": "Dimensi",
        "initiatives": "inisiatif",
        "examples": "Contoh",
        "shapes": "Bentuk SHACL",
        "validate": "Periksa berkas",
        "search": "Cari",
        "search_label": "Cari wilayah atau inisiatif",
        "search_hint": "Nama atau kode wilayah (Bandung, 32.73), kode atau kata inisiatif (MOB-01, transportasi)",
        "search_results": "Hasil pencarian",
        "no_results": "Tidak ada yang cocok.",
        "more_results": "Lebih banyak wilayah cocok; perjelas pencarian.",
        "regions_found": "Wilayah",
        "concepts_found": "Dimensi dan inisiatif",
        "goal": "Sasaran",
        "definition": "Definisi",
        "definition_source": "Kata demi kata dari dokumen Kemendagri",
        "translation": "Terjemahan bahasa Inggris",
        "dimension": "Dimensi",
        "initiative": "Inisiatif",
        "related": "Inisiatif terkait (dimensi yang sama)",
        "members": "Inisiatif dimensi ini",
        "sdg": "Target SDG",
        "kominfo": "Pilar Kominfo (Gerakan Menuju 100 Smart City)",
        "giffinger": "Karakteristik kota cerdas Giffinger",
        "match": "Padanan",
        "via": "Melalui",
        "justification": "Alasan",
        "no_mappings": "Tidak ada pemetaan.",
        "covering_regions": "Wilayah yang mencakupnya",
        "no_covering": "Belum ada wilayah yang mencakupnya.",
        "programs_n": "program",
        "loaded_figures": "Data dimuat",
        "framework": "Kerangka Kota Cerdas",
        "framework_text": "Enam dimensi, masing-masing dengan satu sasaran dan inisiatifnya (dokumen Kemendagri, Ditjen Bina Administrasi Kewilayahan).",
        "linked_data": "Data tertaut (deskripsi RDF)",
        "region_members": "Kabupaten dan kota di provinsi ini",
        "with_submission": "dengan pengajuan",
        "program": "Program",
        "submission": "Pengajuan",
        "region": "Wilayah",
        "provenance": "Asal-usul (provenance)",
        "origin": "Asal data",
        "origin_unknown": "tidak dicatat (dimuat sebelum asal data dicatat)",
        "sources": "Sumber",
        "sources_none": "Tidak ada halaman sumber yang dicatat.",
        "origin_line": "{programs} program dari {regions} wilayah ({submissions} pengajuan)",
        "open_query": "Buka kueri di editor",
        "download_csv": "Unduh CSV",
        "skip": "Langsung ke isi",
    },
    "en": {
        "site": "Kota Cerdas Knowledge Graph",
        "home": "Home",
        "sparql": "SPARQL query",
        "dashboard": "Dashboard",
        "soon": "coming soon",
        "catalog": "Data catalogue",
        "ontology": "Ontology",
        "void": "VoID description",
        "dumps": "Data downloads",
        "language": "Language",
        "iri": "IRI",
        "types": "Types",
        "property": "Property",
        "value": "Value",
        "formats": "Other formats",
        "not_found": "Not found",
        "not_found_text": "The knowledge graph holds no data about this IRI.",
        "error": "Error",
        "intro": (
            "The reference knowledge graph of Kemendagri's Kota Cerdas (smart city) framework: 6 dimensions, "
            "6 goals, 50 initiatives, the region registry and the programs regions submitted, as linked open data."
        ),
        "regions": "regions in the registry",
        "submissions": "submissions loaded",
        "triples": "triples",
        "for_machines": "For machines",
        "endpoint_text": "SPARQL 1.1 endpoint (GET/POST, JSON, XML, CSV, TSV, Turtle, JSON-LD …)",
        "file": "File",
        "size": "Size",
        "no_dumps": "No downloads yet.",
        "modified": "Modified",
        "dimensions": "Dimensions",
        "initiatives": "initiatives",
        "examples": "Examples",
        "shapes": "SHACL shapes",
        "validate": "Check a file",
        "search": "Search",
        "search_label": "Search a region or an initiative",
        "search_hint": "Region name or code (Bandung, 32.73), initiative code or words (MOB-01, transport)",
        "search_results": "Search results",
        "no_results": "Nothing matches.",
        "more_results": "More regions match; narrow the search.",
        "regions_found": "Regions",
        "concepts_found": "Dimensions and initiatives",
        "goal": "Goal",
        "definition": "Definition",
        "definition_source": "Word for word from Kemendagri's document",
        "translation": "English translation",
        "dimension": "Dimension",
        "initiative": "Initiative",
        "related": "Related initiatives (same dimension)",
        "members": "Initiatives of this dimension",
        "sdg": "SDG targets",
        "kominfo": "Kominfo pillars (Movement Towards 100 Smart Cities)",
        "giffinger": "Giffinger's smart-city characteristics",
        "match": "Match",
        "via": "Via",
        "justification": "Justification",
        "no_mappings": "No mappings.",
        "covering_regions": "Regions covering it",
        "no_covering": "No region covers it yet.",
        "programs_n": "programs",
        "loaded_figures": "Data loaded",
        "framework": "The Kota Cerdas framework",
        "framework_text": "Six dimensions, each with one goal and its initiatives (Kemendagri, Directorate General of Regional Administration).",
        "linked_data": "Linked data (RDF description)",
        "region_members": "Regencies and cities of this province",
        "with_submission": "with a submission",
        "program": "Program",
        "submission": "Submission",
        "region": "Region",
        "provenance": "Provenance",
        "origin": "Data origin",
        "origin_unknown": "not recorded (loaded before origins were recorded)",
        "sources": "Sources",
        "sources_none": "No source page recorded.",
        "origin_line": "{programs} programs of {regions} regions ({submissions} submissions)",
        "open_query": "Open the query in the editor",
        "download_csv": "Download CSV",
        "skip": "Skip to content",
    },
}


def environment() -> Environment:
    """The Jinja2 environment of the server's templates (:func:`kg.publish.html_templates.html_environment`)."""
    return html_environment(TEMPLATES)


def language(query_params, cookies) -> str:
    """``?lang=`` if given, else the remembered choice (cookie), else Indonesian."""
    wanted = (query_params.get("lang") or cookies.get(LANG_COOKIE) or "id").lower()
    return wanted if wanted in LANGUAGES else "id"


def switch_href(path: str, query_params, lang: str) -> str:
    """The current page in the other language."""
    other = "en" if lang == "id" else "id"
    items = [(key, value) for key, value in query_params.multi_items() if key != "lang"]
    return f"{path}?{urlencode([*items, ('lang', other)])}"


def render(template: str, lang: str, **context) -> str:
    """A page of ``templates/`` in ``lang`` (``ui``: the pages' words, ``w``: the region pages' words)."""
    from kg.publish.page_words import words

    return environment().get_template(template).render(lang=lang, ui=UI[lang], w=words(lang), **context)


# ---- the view of a resource's description -------------------------------------------------------------------


@dataclass
class ValueView:
    text: str
    href: str | None = None
    lang: str | None = None
    note: str | None = None
    nested: list[PropertyView] | None = None


@dataclass
class PropertyView:
    label: str
    href: str | None
    curie: str
    values: list[ValueView] = field(default_factory=list)


@dataclass
class ResourceView:
    iri: str
    title: str
    notation: str | None
    types: list[ValueView]
    properties: list[PropertyView]


def curie(iri: str) -> str:
    """``kc:GOV-01`` for an IRI in one of the project's namespaces, else the IRI itself."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, prefix
    if best:
        return f"{name}:{iri[len(best) :]}"
    return iri


class Linker:
    """Turns IRIs under the public base into this server's paths, and any other IRI into a link only if
    :func:`~kg.core.safe_text.link_target` allows it (``None``: show it as text)."""

    def __init__(self, base_iri: str) -> None:
        self.base_iri = base_iri

    def href(self, iri: str) -> str | None:
        if iri.startswith(self.base_iri) and link_target(self.base_iri):
            rest = iri[len(self.base_iri) :]
            return link_target("/" + rest)
        return link_target(iri)


def _node_text(node: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    """An IRI's or blank node's text (a quoted triple, which descriptions never hold, as written)."""
    return str(node) if isinstance(node, ox.Triple) else node.value


def _label_index(triples: list[ox.Triple], lang: str) -> dict[str, str]:
    """The best label of each subject in the description: prefLabel, label or title in ``lang``, else any."""
    ranked: dict[str, tuple[int, str]] = {}
    for triple in triples:
        if triple.predicate.value not in _LABELS or not isinstance(triple.object, ox.Literal):
            continue
        literal = triple.object
        rank = _LABELS.index(triple.predicate.value) + (
            0 if literal.language == lang else 10 if literal.language else 5
        )
        key = _node_text(triple.subject)
        if key not in ranked or rank < ranked[key][0]:
            ranked[key] = (rank, literal.value)
    return {key: value for key, (_, value) in ranked.items()}


def resource_view(iri: str, triples: list[ox.Triple], lang: str, linker: Linker) -> ResourceView:
    """The view of a description made by :func:`kg.publish.resource_description.describe`."""
    labels = _label_index(triples, lang)
    notations = {
        _node_text(t.subject): t.object.value
        for t in triples
        if t.predicate.value == _NOTATION and isinstance(t.object, ox.Literal)
    }
    by_subject: dict[object, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append(triple)

    def value_view(term, depth: int) -> ValueView:
        if isinstance(term, ox.NamedNode):
            name = labels.get(term.value)
            code = notations.get(term.value)
            text = f"{name} ({code})" if name and code and code not in name else name or curie(term.value)
            return ValueView(text, linker.href(term.value), note=curie(term.value) if name else None)
        if isinstance(term, ox.BlankNode):
            nested = properties(by_subject.get(term, []), depth + 1) if depth < 4 else []
            return ValueView("[ ]", nested=nested)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype else ""
            note = None if term.language or datatype.endswith(("#string", "#langString")) else curie(datatype)
            return ValueView(term.value, lang=term.language or None, note=note)
        return ValueView(str(term))

    def properties(own: list[ox.Triple], depth: int) -> list[PropertyView]:
        grouped: dict[str, PropertyView] = {}
        for triple in own:
            predicate = triple.predicate.value
            if depth == 0 and predicate == _RDF_TYPE:
                continue
            view = grouped.get(predicate)
            if view is None:
                view = grouped[predicate] = PropertyView(
                    labels.get(predicate) or curie(predicate), linker.href(predicate), curie(predicate)
                )
            view.values.append(value_view(triple.object, depth))
        for view in grouped.values():
            view.values.sort(key=lambda value: (value.lang not in (None, lang), value.text))
        return sorted(grouped.values(), key=lambda view: view.curie)

    subject = ox.NamedNode(iri)
    own = by_subject.get(subject, [])
    types = [value_view(t.object, 0) for t in own if t.predicate.value == _RDF_TYPE]
    return ResourceView(
        iri=iri,
        title=labels.get(iri) or curie(iri),
        notation=notations.get(iri),
        types=sorted(types, key=lambda value: value.text),
        properties=properties(own, 0),
    )
