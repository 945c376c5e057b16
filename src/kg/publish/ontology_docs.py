"""HTML documentation of the ontology and its concept schemes, in Indonesian and English.

:func:`build_docs` reads the ontology and its alignment modules (the files ``check-ontology`` reads), turns
them into one view per language and renders ``index.id.html`` and ``index.en.html`` (plus an ``index.html``
that lets the reader choose) with the Jinja2 templates of ``kg/publish/templates/``. Pages are self-contained
(inline CSS, no scripts, no external assets). Every documented term has an anchor: its local name for
``kc:`` terms (``#GOV-01``, ``#Program``), ``{module}-{local name}`` for the alignment modules' terms
(``#kominfo-SmartBranding``), ``sdg-{code}`` for UN SDG goals and targets, so IRIs can redirect to them.
``kotacerdas docs --out DIR`` is its face.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN
from rdflib.term import Node

from kg import __version__
from kg.core.errors import InputError
from kg.core.namespaces import KC, ONTOLOGY_IRI, SDG
from kg.core.options import LANGUAGES, check_choice
from kg.publish.html_templates import html_environment
from kg.publish.ontology_view import (
    MAPPING_PREDICATES,
    Dimension,
    Page,
    Scheme,
    TermReader,
    is_kc,
    is_ours,
    natural_key,
    position,
    sorted_nodes,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
__all__ = ["Page", "build_docs", "build_page", "load_documented_graph", "render_chooser", "render_page"]

#: The mark the generated pages carry, so that ``build_docs`` only ever replaces a folder it wrote.
GENERATOR = "kotacerdas-kg docs"


# -- building the page --------------------------------------------------------------------------------


@dataclass
class _Nodes:
    """The nodes one page documents, in the page's order."""

    classes: list[Node]
    object_properties: list[Node]
    datatype_properties: list[Node]
    annotation_properties: list[Node]
    reused: list[Node]
    dimensions: list[Node]
    initiatives_of: dict[Node, list[Node]]
    code_lists: list[Node]
    alignments: list[Node]
    sdg_targets: list[Node]


def _nodes(reader: TermReader) -> _Nodes:
    g = reader.graph

    def typed(kind: URIRef) -> list[Node]:
        return sorted({s for s in g.subjects(RDF.type, kind) if is_kc(s)}, key=lambda s: natural_key(reader.curie(s)))

    reused: list[Node] = sorted(
        {
            s
            for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
            for s in g.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and not is_ours(s) and reader.label(s, reader.lang)
        },
        key=lambda s: reader.curie(s),
    )
    initiatives_of: dict[Node, list[Node]] = defaultdict(list)
    for initiative in g.subjects(RDF.type, KC.Initiative):
        dimension = g.value(initiative, KC.dimension)
        if dimension is not None:
            initiatives_of[dimension].append(initiative)
    schemes = [s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if is_ours(s)]
    sdg_targets = sorted(
        {
            target
            for predicate in MAPPING_PREDICATES
            for source, target in g.subject_objects(predicate)
            if is_kc(source) and str(target).startswith(str(SDG))
        },
        key=lambda s: natural_key(str(s)),
    )
    return _Nodes(
        classes=typed(OWL.Class),
        object_properties=typed(OWL.ObjectProperty),
        datatype_properties=typed(OWL.DatatypeProperty),
        annotation_properties=typed(OWL.AnnotationProperty),
        reused=reused,
        dimensions=sorted(g.subjects(SKOS.topConceptOf, KC.KotaCerdas), key=lambda s: position(g, s)),
        initiatives_of=initiatives_of,
        code_lists=sorted((s for s in schemes if is_kc(s) and s != KC.KotaCerdas), key=str),
        alignments=sorted((s for s in schemes if not is_kc(s)), key=str),
        sdg_targets=sdg_targets,
    )


def _members(graph: Graph, scheme: Node) -> list[Node]:
    found = set(graph.subjects(SKOS.inScheme, scheme)) | set(graph.subjects(SKOS.topConceptOf, scheme))
    found |= set(graph.objects(scheme, SKOS.hasTopConcept))
    return sorted(found, key=lambda s: position(graph, s))


def _anchor(reader: TermReader, nodes: _Nodes) -> None:
    """Anchors first, so that every link to a documented term points into the page."""
    g = reader.graph
    documented: list[Node] = [
        URIRef(ONTOLOGY_IRI),
        KC.KotaCerdas,
        *nodes.classes,
        *nodes.object_properties,
        *nodes.datatype_properties,
        *nodes.annotation_properties,
        *nodes.reused,
        *nodes.dimensions,
        *nodes.sdg_targets,
    ]
    for dimension in nodes.dimensions:
        goal = g.value(dimension, KC.goal)
        if goal is not None:
            documented.append(goal)
        documented.extend(nodes.initiatives_of.get(dimension, []))
    for scheme in nodes.code_lists + nodes.alignments:
        documented.append(scheme)
        documented.extend(_members(g, scheme))
    for node in documented:
        reader.anchors.setdefault(node, reader.anchor_for(node))


def _dimension(reader: TermReader, nodes: _Nodes, dimension: Node) -> Dimension:
    g = reader.graph
    goal = g.value(dimension, KC.goal)
    initiatives = sorted(nodes.initiatives_of.get(dimension, []), key=lambda s: position(g, s))
    return Dimension(
        term=reader.term(dimension),
        goal=reader.term(goal) if goal is not None else None,
        initiatives=[reader.term(i) for i in initiatives],
    )


def _scheme(reader: TermReader, scheme: Node) -> Scheme:
    sources = [
        Markup("{}").format(str(s)) if isinstance(s, Literal) else reader.link(s)
        for s in sorted_nodes(reader.graph.objects(scheme, DCTERMS.source))
    ]
    concepts = [reader.term(c) for c in _members(reader.graph, scheme)]
    return Scheme(term=reader.term(scheme), concepts=concepts, sources=sources)


def build_page(graph: Graph, lang: str) -> Page:
    """The view of one language's page."""
    check_choice(lang, LANGUAGES, "--lang")
    reader = TermReader(graph, lang)
    nodes = _nodes(reader)
    _anchor(reader, nodes)
    dimensions = [_dimension(reader, nodes, dimension) for dimension in nodes.dimensions]
    return Page(
        lang=lang,
        ui=reader.ui,
        header=reader.term(URIRef(ONTOLOGY_IRI)),
        metadata=_metadata(reader, URIRef(ONTOLOGY_IRI)),
        framework=_scheme(reader, KC.KotaCerdas),
        dimensions=dimensions,
        classes=[reader.class_term(c) for c in nodes.classes],
        object_properties=[reader.property_term(p) for p in nodes.object_properties],
        datatype_properties=[reader.property_term(p) for p in nodes.datatype_properties],
        annotation_properties=[reader.property_term(p) for p in nodes.annotation_properties],
        code_lists=[_scheme(reader, s) for s in nodes.code_lists],
        alignments=[_scheme(reader, s) for s in nodes.alignments],
        sdg_targets=[reader.term(t) for t in nodes.sdg_targets],
        reused=[reader.term(t) for t in nodes.reused],
        other_page=f"index.{reader.other}.html",
        generator=f"{GENERATOR} {__version__}",
    )


def _metadata(reader: TermReader, ontology: URIRef) -> list[tuple[str, list[Markup]]]:
    g = reader.graph

    def values(predicate: URIRef) -> list[Markup]:
        out = []
        for value in sorted_nodes(g.objects(ontology, predicate)):
            if isinstance(value, BNode):
                out.append(_source(reader, value))
            elif isinstance(value, Literal):
                if value.language in (None, reader.lang):
                    out.append(Markup("{}").format(str(value)))
            else:
                out.append(reader.link(value))
        return out

    rows = [
        ("iri", [Markup("<code>{}</code>").format(str(ontology))]),
        ("version", values(OWL.versionInfo)),
        ("version_iri", values(OWL.versionIRI)),
        ("license", values(DCTERMS.license)),
        ("creators", values(DCTERMS.creator)),
        ("publisher", values(DCTERMS.publisher)),
        ("created", values(DCTERMS.created)),
        ("modified", values(DCTERMS.modified)),
        (
            "prefix",
            [
                Markup("<code>{}:</code> = <code>{}</code>").format(str(p), str(n))
                for p in g.objects(ontology, VANN.preferredNamespacePrefix)
                for n in g.objects(ontology, VANN.preferredNamespaceUri)
            ],
        ),
        ("sources", values(DCTERMS.source)),
    ]
    return [(reader.ui[key], found) for key, found in rows if found]


def _source(reader: TermReader, node: BNode) -> Markup:
    """A cited source (a blank node with title, publisher, date, comment) as one line."""
    title = reader.label(node) or ""

    def first(predicate: URIRef) -> str:
        found = reader.texts(node, (predicate,)) or reader.texts(node, (predicate,), reader.other)
        return found[0] if found else ""

    publisher, issued, comment = first(DCTERMS.publisher), first(DCTERMS.issued), first(RDFS.comment)
    parts = [Markup("<cite>{}</cite>").format(title)] if title else []
    parts += [Markup("{}").format(text) for text in (publisher, issued) if text]
    line = Markup(", ").join(parts)
    return line + (Markup('. <span class="note">{}</span>').format(comment) if comment else Markup(""))


# -- rendering and writing -------------------------------------------------------------------------------


def _environment() -> Environment:
    return html_environment(TEMPLATES, keep_trailing_newline=True)


def render_page(page: Page) -> str:
    """The HTML of one language's page."""
    return _environment().get_template("ontology.html.j2").render(page=page, ui=page.ui)


def render_chooser(pages: Sequence[Page]) -> str:
    """The ``index.html`` that lets a reader choose the language."""
    return _environment().get_template("index.html.j2").render(pages=pages, generator=pages[0].generator)


def load_documented_graph(files: Iterable[Path | str] | None = None) -> Graph:
    """The ontology and its alignment modules, merged (the same files ``check-ontology`` reads)."""
    from kg.framework.ontology_check import default_files, load_graph

    return load_graph(files if files is not None else default_files())


def build_docs(
    out: Path | str,
    *,
    languages: Sequence[str] = LANGUAGES,
    files: Iterable[Path | str] | None = None,
) -> list[Path]:
    """Write the documentation into folder ``out`` and return the files written.

    The pages are written to a temporary folder beside ``out``, which then replaces ``out`` (a folder this
    function wrote before, or an empty or new one: any other non-empty folder is refused).
    """
    out = Path(out)
    languages = list(dict.fromkeys(languages))
    for lang in languages:
        check_choice(lang, LANGUAGES, "--lang")
    if out.exists() and not _replaceable(out):
        raise InputError(
            "folder sudah berisi berkas lain; pilih folder baru atau kosong / "
            "folder holds other files; choose a new or empty folder",
            source=str(out),
        )
    graph = load_documented_graph(files)
    pages = [build_page(graph, lang) for lang in languages]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        names = []
        for page in pages:
            name = f"index.{page.lang}.html"
            (staging / name).write_text(render_page(page), encoding="utf-8")
            names.append(name)
        index = render_chooser(pages) if len(pages) > 1 else render_page(pages[0])
        (staging / "index.html").write_text(index, encoding="utf-8")
        names.insert(0, "index.html")
        os.chmod(staging, 0o755)
        _replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name in names]


def _replaceable(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    entries = list(folder.iterdir())
    if not entries:
        return True
    index = folder / "index.html"
    return index.is_file() and GENERATOR in index.read_text(encoding="utf-8", errors="replace")[:4000]


def _replace(staging: Path, out: Path) -> None:
    """Put ``staging`` in the place of ``out``: two renames, so ``out`` is never half written."""
    if not out.exists():
        os.replace(staging, out)
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
