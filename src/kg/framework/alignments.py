"""The alignments of the Kota Cerdas framework to other frameworks, kept as SSSOM mapping tables.

The sources are ``ontology/mappings/*.sssom.tsv`` (SSSOM/TSV: a YAML metadata block as ``#`` lines, then a
tab-separated table, https://mapping-commons.github.io/sssom/). ``scripts/build_alignments.py`` turns each
into a Turtle module of ``ontology/``, which the store loads into the alignments graph:

- a set whose subjects come from a framework described here (``mappings/NAME.scheme.ttl`` beside it, e.g.
  the Kominfo pillars) becomes ``ontology/NAME.ttl``: that SKOS scheme plus its mappings;
- a set whose objects are an outside vocabulary (the UN SDG targets) becomes ``ontology/NAME-alignment.ttl``,
  with the outside terms it uses extracted into ``ontology/NAME-targets.ttl``.

This module only reads; it needs no more than the standard library and PyYAML.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from kg.core.errors import InputError
from kg.core.resources import resource_path

#: Prefixes every SSSOM file may use without declaring them (the SSSOM specification's built-in prefixes).
BUILTIN_PREFIXES: dict[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "linkml": "https://w3id.org/linkml/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pav": "http://purl.org/pav/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": "https://w3id.org/sssom/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
REQUIRED_METADATA = ("mapping_set_id", "license")
SUFFIX = ".sssom.tsv"


@dataclass(frozen=True, slots=True)
class Mapping:
    """One row of an SSSOM table; ``*_id`` as written (CURIEs), ``subject``/``predicate``/``object`` expanded."""

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject: str
    predicate: str
    object: str
    subject_label: str = ""
    object_label: str = ""
    #: The justification in words (SSSOM ``comment``).
    comment: str = ""
    #: The justification in Indonesian (extension column ``comment_id``: the project's translation).
    comment_id: str = ""
    #: The object's label in Indonesian (extension column ``object_label_id``, for an outside vocabulary's term
    #: that has no Indonesian label of its own: the project's translation).
    object_label_id: str = ""
    author_label: tuple[str, ...] = ()
    #: 1-based data row in the TSV (header excluded), for error messages.
    row: int = 0


@dataclass(frozen=True)
class MappingSet:
    """One SSSOM file: its metadata block, prefixes and mappings."""

    name: str
    path: Path
    metadata: dict
    curie_map: dict[str, str]
    mappings: tuple[Mapping, ...] = field(repr=False)

    @property
    def mapping_set_id(self) -> str:
        return str(self.metadata["mapping_set_id"])

    @property
    def scheme_source(self) -> Path:
        """``mappings/NAME.scheme.ttl``: the edited SKOS scheme of the mapped framework, if it exists."""
        return self.path.with_name(f"{self.name}.scheme.ttl")

    @property
    def module_file(self) -> Path:
        """The generated Turtle module of ``ontology/`` for this set."""
        ontology = self.path.parent.parent
        if self.scheme_source.exists():
            return ontology / f"{self.name}.ttl"
        return ontology / f"{self.name}-alignment.ttl"

    @property
    def targets_file(self) -> Path | None:
        """For a set mapping to an outside vocabulary: the extract of the terms it uses."""
        if self.scheme_source.exists():
            return None
        return self.path.parent.parent / f"{self.name}-targets.ttl"

    def expand(self, curie: str, row: int | None = None) -> str:
        """The IRI of a CURIE under this set's prefixes (or an IRI given in full)."""
        return expand_curie(curie, self.curie_map, source=str(self.path), row=row)


def expand_curie(curie: str, curie_map: dict[str, str], source: str | None = None, row: int | None = None) -> str:
    """``kc:GOV-01`` → ``https://w3id.org/kotacerdas/ontology#GOV-01``; full IRIs pass through."""
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, colon, local = curie.partition(":")
    if not colon or prefix not in curie_map:
        raise InputError(f"CURIE {curie!r} has no prefix declared in curie_map / prefiks tidak dikenal", source, row)
    return curie_map[prefix] + local


def read_sssom(path: Path) -> MappingSet:
    """Read one SSSOM/TSV file; raise :class:`~kg.core.errors.InputError` naming file and row when it is malformed."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header_end = 0
    while header_end < len(lines) and lines[header_end].startswith("#"):
        header_end += 1
    try:
        metadata = yaml.safe_load("".join(line[1:] for line in lines[:header_end])) or {}
    except yaml.YAMLError as error:
        raise InputError(f"metadata block is not valid YAML: {error}", str(path)) from None
    if not isinstance(metadata, dict):
        raise InputError("metadata block must be a YAML mapping", str(path))
    for key in REQUIRED_METADATA:
        if not metadata.get(key):
            raise InputError(f"metadata lacks required {key!r} / metadata wajib tidak ada", str(path))
    curie_map = {**BUILTIN_PREFIXES, **{str(k): str(v) for k, v in (metadata.get("curie_map") or {}).items()}}

    reader = csv.DictReader(lines[header_end:], delimiter="\t")
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"missing columns {missing} / kolom wajib tidak ada", str(path))
    name = path.name.removesuffix(SUFFIX)
    partial = MappingSet(name=name, path=path, metadata=metadata, curie_map=curie_map, mappings=())
    mappings = []
    for number, raw in enumerate(reader, start=1):
        row = {key: (value or "").strip() for key, value in raw.items() if key is not None}
        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                raise InputError(f"empty {column!r} / kolom kosong", str(path), number)
        mappings.append(
            Mapping(
                subject_id=row["subject_id"],
                predicate_id=row["predicate_id"],
                object_id=row["object_id"],
                mapping_justification=row["mapping_justification"],
                subject=partial.expand(row["subject_id"], number),
                predicate=partial.expand(row["predicate_id"], number),
                object=partial.expand(row["object_id"], number),
                subject_label=row.get("subject_label", ""),
                object_label=row.get("object_label", ""),
                comment=row.get("comment", ""),
                comment_id=row.get("comment_id", ""),
                object_label_id=row.get("object_label_id", ""),
                author_label=tuple(a.strip() for a in row.get("author_label", "").split("|") if a.strip()),
                row=number,
            )
        )
    return MappingSet(name=name, path=path, metadata=metadata, curie_map=curie_map, mappings=tuple(mappings))


@cache
def _all_sets() -> tuple[MappingSet, ...]:
    folder = resource_path("ontology", "mappings")
    return tuple(read_sssom(path) for path in sorted(folder.glob(f"*{SUFFIX}")))


def mapping_sets() -> list[MappingSet]:
    """Every mapping set of ``ontology/mappings/``, by name (read once, then cached)."""
    return list(_all_sets())


def mapping_set(set_name: str) -> MappingSet:
    """The mapping set called ``set_name`` (its file name without ``.sssom.tsv``: ``"sdg"``, ``"giffinger"``)."""
    for item in mapping_sets():
        if item.name == set_name:
            return item
    known = ", ".join(item.name for item in mapping_sets())
    raise InputError(f"no mapping set {set_name!r} / tidak ada set pemetaan; known: {known}")


def mappings(set_name: str) -> list[Mapping]:
    """The mappings of one set, in file order."""
    return list(mapping_set(set_name).mappings)


#: Alignment modules of ``ontology/`` edited by hand, not generated from an SSSOM table: the OWL alignment of
#: the indicator model with SAREF4CITY (class and property axioms, which SKOS mapping rows cannot state).
EDITED_MODULES = ("saref4city-alignment.ttl",)


def alignment_files() -> list[Path]:
    """The Turtle files that the store loads into the alignments graph: the generated modules, then the
    modules edited by hand (:data:`EDITED_MODULES`)."""
    files: list[Path] = []
    for item in mapping_sets():
        files.append(item.module_file)
        if item.targets_file is not None:
            files.append(item.targets_file)
    if files:
        files.extend(files[0].parent / name for name in EDITED_MODULES)
    return files
