"""The canonical Turtle form of the project's files: deterministic, sectioned, readable as a document.

Every Turtle file in ``ontology/``, ``registry/`` and ``shapes/`` is kept exactly as :func:`to_turtle` writes
it, so a diff shows only what changed in meaning. The layout follows the W3C vocabularies (ORG, DCAT): a
header, then sections (ontology, schemes, classes, properties, individuals by class) with a comment line above
each; within a section subjects sort by IRI (numbers in natural order), predicates in a fixed reading order
(type, labels, notation, definition, examples, notes, then the rest), objects sorted. Blank nodes used once are
written inline (``[ … ]``), RDF lists as ``( … )``. The section comments are generated: document a term with
``skos:definition``, ``rdfs:comment`` or ``skos:editorialNote``, not with ``#`` comments, which do not survive.

Fix a file with ``python -m kg.core.turtle FILE…``; ``--check`` only reports.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from kg.core.namespaces import PREFIXES

# The order predicates are written in; any other predicate follows, sorted by its prefixed name.
_PREDICATE_ORDER = [
    RDF.type,
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.notation,
    DCTERMS.title,
    SKOS.definition,
    DCTERMS.description,
    RDFS.comment,
    SKOS.example,
    SKOS.scopeNote,
    SKOS.editorialNote,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
]
_PREDICATE_RANK: dict[Node, int] = {p: i for i, p in enumerate(_PREDICATE_ORDER)}

# Sections in document order: (types that put a subject there, heading).
_SECTIONS: list[tuple[tuple[URIRef, ...], str]] = [
    ((OWL.Ontology,), "Ontology header / Kepala ontologi"),
    ((DCAT.Dataset, DCAT.Catalog), "Dataset / Set data"),
    ((SKOS.ConceptScheme,), "Concept schemes / Skema konsep"),
    ((OWL.Class, RDFS.Class), "Classes / Kelas"),
    ((OWL.ObjectProperty,), "Object properties / Properti objek"),
    ((OWL.DatatypeProperty,), "Datatype properties / Properti data"),
    ((OWL.AnnotationProperty,), "Annotation properties / Properti anotasi"),
    ((SH.NodeShape, SH.PropertyShape), "Shapes / Bentuk SHACL"),
    ((OWL.AllDisjointClasses, OWL.AllDifferent, OWL.AllDisjointProperties), "Axioms / Aksioma"),
    ((OWL.Axiom,), "Annotated axioms / Aksioma beranotasi"),
]
# Types too general to name a section of individuals by.
_GENERIC_TYPES = {OWL.NamedIndividual, SKOS.Concept, RDFS.Resource, OWL.Thing}

_INTEGER = re.compile(r"[+-]?\d+\Z")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+\Z")
_NATURAL_SPLIT = re.compile(r"(\d+)")
_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*\Z|\d[A-Za-z0-9_\-]*\Z")


def _natural_key(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in _NATURAL_SPLIT.split(text))


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.prefixes = dict(PREFIXES)
        for prefix, namespace in sorted(graph.namespaces()):
            if prefix and prefix not in self.prefixes and str(namespace) not in self.prefixes.values():
                self.prefixes[prefix] = str(namespace)
        # Longest namespace first, so the most specific prefix wins.
        self._by_length = sorted(self.prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self.used_prefixes: set[str] = set()
        references: dict[BNode, int] = defaultdict(int)
        for _, _, obj in graph:
            if isinstance(obj, BNode):
                references[obj] += 1
        self.inline = {
            node for node in set(graph.subjects()) if isinstance(node, BNode) and references.get(node, 0) == 1
        }
        self.labels: dict[BNode, str] = {}

    # -- terms -------------------------------------------------------------------------------------
    def iri(self, node: Node) -> str:
        text = str(node)
        for prefix, namespace in self._by_length:
            if text.startswith(namespace):
                local = text[len(namespace) :]
                if local == "" or _PN_LOCAL.match(local):
                    self.used_prefixes.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{text}>"

    def literal(self, node: Literal) -> str:
        lexical = str(node)
        datatype = node.datatype
        if datatype == XSD.integer and _INTEGER.match(lexical):
            return lexical
        if datatype == XSD.decimal and _DECIMAL.match(lexical):
            return lexical
        if datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical
        text = _quote(lexical)
        if node.language:
            return f"{text}@{node.language}"
        if datatype is not None and datatype != XSD.string:
            return f"{text}^^{self.iri(datatype)}"
        return text

    def term(self, node, indent: int) -> str:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, URIRef):
            return self.iri(node)
        if node in self.inline:
            items = self._list_items(node)
            if items is not None:
                return "( " + " ".join(self.term(item, indent + 4) for item in items) + " )"
            body = self.predicate_block(node, indent + 4)
            return "[\n" + body + "\n" + " " * indent + "]"
        return self.bnode_label(node)

    def bnode_label(self, node: BNode) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels)}"
        return self.labels[node]

    def _list_items(self, node: Node) -> list | None:
        """The members of an RDF list starting at ``node``, if it is a well-formed list of inline nodes."""
        items = []
        while node != RDF.nil:
            predicates = set(self.graph.predicates(node))
            if predicates != {RDF.first, RDF.rest}:
                return None
            firsts = list(self.graph.objects(node, RDF.first))
            rests = list(self.graph.objects(node, RDF.rest))
            if len(firsts) != 1 or len(rests) != 1:
                return None
            items.append(firsts[0])
            node = rests[0]
            if node != RDF.nil and node not in self.inline:
                return None
        return items

    # -- blocks ------------------------------------------------------------------------------------
    def sort_key(self, node) -> tuple:
        if isinstance(node, URIRef):
            return (0, _natural_key(self.iri(node)))
        if isinstance(node, Literal):
            language_rank = {"id": 0, "en": 1}.get(node.language or "", 2)
            return (1, language_rank, node.language or "", str(node.datatype or ""), _natural_key(str(node)))
        # Blank nodes: by what they say, so the order does not depend on parser labels.
        label = self.labels.get(node)
        order = int(label[3:]) if label else len(self.labels) + 1
        return (2, self._bnode_signature(node), order)

    def _bnode_signature(self, node: BNode, depth: int = 0) -> str:
        if depth > 8:
            return ""
        parts = []
        for predicate, obj in self.graph.predicate_objects(node):
            if isinstance(obj, BNode):
                value = "[" + self._bnode_signature(obj, depth + 1) + "]"
            else:
                value = obj.n3()
            parts.append(predicate.n3() + " " + value)
        return ";".join(sorted(parts))

    def predicate_key(self, predicate: Node) -> tuple:
        rank = _PREDICATE_RANK.get(predicate)
        return (0, rank, "") if rank is not None else (1, 0, self.iri(predicate))

    def predicate_block(self, subject, indent: int) -> str:
        by_predicate: dict[Node, list] = defaultdict(list)
        for predicate, obj in self.graph.predicate_objects(subject):
            by_predicate[predicate].append(obj)
        lines = []
        pad = " " * indent
        for predicate in sorted(by_predicate, key=self.predicate_key):
            objects = sorted(by_predicate[predicate], key=self.sort_key)
            rendered = [self.term(obj, indent) for obj in objects]
            head = "a" if predicate == RDF.type else self.iri(predicate)
            if all(text.startswith("[\n") for text in rendered):
                joiner = " , "  # nested blocks read best as "] , ["
            else:
                joiner = " ,\n" + pad + " " * (len(head) + 1)
            lines.append(pad + head + " " + joiner.join(rendered))
        return " ;\n".join(lines)

    def section_of(self, subject) -> tuple[int, str]:
        types = set(self.graph.objects(subject, RDF.type))
        for index, (section_types, heading) in enumerate(_SECTIONS):
            if types & set(section_types):
                return index, heading
        specific = sorted((t for t in types if t not in _GENERIC_TYPES), key=lambda t: _natural_key(self.iri(t)))
        if specific:
            return len(_SECTIONS), f"Individuals / Individu: {self.iri(specific[0])}"
        if types:
            return len(_SECTIONS) + 1, "Concepts and individuals / Konsep dan individu"
        return len(_SECTIONS) + 2, "Other statements / Pernyataan lain"

    def write(self, header: str | None) -> str:
        subjects = [s for s in set(self.graph.subjects()) if s not in self.inline]
        sections: dict[tuple[int, str], list] = defaultdict(list)
        for subject in subjects:
            sections[self.section_of(subject)].append(subject)
        body_parts = []
        for key in sorted(sections):
            heading = key[1]
            blocks = []
            for subject in sorted(sections[key], key=self.sort_key):
                subject_text = self.iri(subject) if isinstance(subject, URIRef) else self.bnode_label(subject)
                blocks.append(subject_text + "\n" + self.predicate_block(subject, 4) + " .")
            rule = "# " + "-" * 4 + " " + heading + " " + "-" * max(4, 96 - len(heading))
            body_parts.append(rule + "\n\n" + "\n\n".join(blocks))
        prefix_lines = [f"@prefix {prefix}: <{self.prefixes[prefix]}> ." for prefix in sorted(self.used_prefixes)]
        out = []
        if header:
            out.append("\n".join(("# " + line).rstrip() for line in header.splitlines()))
        out.append("\n".join(prefix_lines))
        out.extend(body_parts)
        return "\n\n".join(part for part in out if part) + "\n"


def _quote(text: str) -> str:
    if "\n" in text:
        escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        if escaped.endswith('"'):
            escaped = escaped[:-1] + '\\"'
        return '"""' + escaped + '"""'
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\t", "\\t")
    return '"' + escaped + '"'


def _header_for(graph: Graph) -> str:
    """The generated header comment: the title of what the file describes, and how to keep it canonical."""
    titles = []
    for kind in (OWL.Ontology, DCAT.Dataset, SKOS.ConceptScheme, OWL.Class):
        for subject in sorted(graph.subjects(RDF.type, kind), key=str):
            for title in sorted(
                graph.objects(subject, DCTERMS.title), key=lambda t: (getattr(t, "language", None) != "en", str(t))
            ):
                titles.append(str(title))
        if titles:
            break
    first = titles[0] if titles else "kotacerdas-kg"
    return (
        f"{first}\n"
        "Canonical form (bentuk kanonik): keep it with `python -m kg.core.turtle FILE`. Section comments are\n"
        "generated; document terms with skos:definition, rdfs:comment or skos:editorialNote."
    )


def to_turtle(graph: Graph, header: str | None = None) -> str:
    """The canonical Turtle text of ``graph``; ``header`` (default: generated from its title) as a comment."""
    return _Writer(graph).write(header if header is not None else _header_for(graph))


def write_turtle(graph: Graph, path: Path | str, header: str | None = None) -> None:
    """Write ``graph`` to ``path`` in canonical form, atomically (a temp file, then a rename)."""
    path = Path(path)
    text = to_turtle(graph, header)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; these files are meant to be read by anyone
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def canonical_text(path: Path | str) -> str:
    """What ``path`` should contain: its triples in canonical form."""
    graph = Graph()
    graph.parse(str(path), format="turtle")
    return to_turtle(graph)


def is_canonical(path: Path | str) -> bool:
    """Whether the file at ``path`` is already in canonical form."""
    return Path(path).read_text(encoding="utf-8") == canonical_text(path)


def build_module(
    argv: Iterable[str] | None,
    *,
    script: str,
    build: Callable[[], tuple[Graph, int]],
    path: Path,
    header: str,
    what: str,
) -> int:
    """The main of a ``scripts/build_*.py`` that writes a generated Turtle module from its table: ``build()``
    gives the graph and how many rows made it; ``--check`` says only whether ``path`` is current (exit 1 and one
    line naming ``script`` when it is stale); a table that cannot be read is one line and exit 2."""
    import argparse

    from kg.core.errors import InputError

    parser = argparse.ArgumentParser(description=f"Build {os.path.relpath(path)} ({what})")
    parser.add_argument("--check", action="store_true", help="only say whether the module is up to date")
    options = parser.parse_args(None if argv is None else list(argv))
    try:
        graph, rows = build()
    except InputError as error:
        print(error, file=sys.stderr)
        return 2
    if options.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != to_turtle(graph, header):
            print(f"{os.path.relpath(path)} is stale: run python {script}", file=sys.stderr)
            return 1
        return 0
    write_turtle(graph, path, header)
    print(f"{os.path.relpath(path)}: {rows} {what}, {len(graph)} triples")
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m kg.core.turtle [--check] FILE…``: rewrite (or check) Turtle files in canonical form."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    files = [Path(a) for a in args if a != "--check"]
    if not files:
        print("usage: python -m kg.core.turtle [--check] FILE.ttl…", file=sys.stderr)
        return 2
    stale = []
    for path in files:
        try:
            expected = canonical_text(path)
        except Exception as error:  # noqa: BLE001 - one line per unreadable file
            print(f"{path}: cannot parse Turtle: {error}", file=sys.stderr)
            return 2
        if path.read_text(encoding="utf-8") != expected:
            stale.append(path)
            if not check:
                graph = Graph()
                graph.parse(str(path), format="turtle")
                write_turtle(graph, path)
    for path in stale:
        print(f"{'not canonical' if check else 'rewrote'}: {path}")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
