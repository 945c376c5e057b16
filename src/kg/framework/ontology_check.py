"""Check the ontology: HermiT consistency and satisfiability, and the quality shapes of ``shapes/``.

:func:`check_ontology` reads ``ontology/kotacerdas.ttl`` and its alignment modules (or the files given), runs
(a) the HermiT reasoner through owlready2, when Java is available, and (b) the SHACL quality shapes of
``shapes/ontology-quality.ttl``. ``kotacerdas check-ontology`` is its face.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.core.errors import InputError
from kg.core.namespaces import ONTOLOGY_IRI
from kg.core.resources import ontology_file, resource_path, shapes_file

QUALITY_SHAPES = "ontology-quality.ttl"


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT said about the ontology (or why it did not run)."""

    #: Whether HermiT ran; ``False`` when Java is missing or reasoning was not asked for.
    ran: bool
    #: The Java executable used, ``None`` when there is none.
    java: str | None
    #: ``True``/``False`` once HermiT ran; ``None`` when it did not.
    consistent: bool | None = None
    #: IRIs of the classes equivalent to ``owl:Nothing`` after reasoning, sorted.
    unsatisfiable: tuple[str, ...] = ()
    seconds: float = 0.0
    #: Why the reasoner did not run or failed, in Indonesian / English, one line.
    note: str | None = None
    #: HermiT was started but failed (a Java error): a problem, unlike a missing Java.
    failed: bool = False

    @property
    def ok(self) -> bool:
        """No problem found: consistent and every class satisfiable (or the reasoner could not run)."""
        if self.failed:
            return False
        return not self.ran or (bool(self.consistent) and not self.unsatisfiable)


@dataclass(frozen=True)
class QualityProblem:
    """One result of the quality shapes, with the term it is about."""

    #: The term at fault (for ontology-wide checks such as undeclared terms: the term in the result's value).
    term: str
    messages: dict[str, str]
    shape: str
    constraint: str
    severity: str
    path: str | None = None
    value: str | None = None

    def message(self, lang: str = "id") -> str:
        """The message in ``lang`` (``id`` or ``en``), else in the other language."""
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()), "")


@dataclass(frozen=True)
class QualityResult:
    """The report of the quality shapes."""

    conforms: bool
    problems: tuple[QualityProblem, ...]
    #: ``"kg.shacl"`` or ``"pyshacl"``.
    engine: str
    seconds: float


@dataclass(frozen=True)
class OntologyCheck:
    """The outcome of :func:`check_ontology`."""

    files: tuple[Path, ...]
    reasoner: ReasonerResult
    quality: QualityResult
    #: Triples checked (all files merged).
    triples: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No problem: the reasoner found none (or could not run for lack of Java) and the shapes conform."""
        return self.reasoner.ok and self.quality.conforms


def default_files() -> list[Path]:
    """The ontology, the initiatives' keywords and the alignment modules: ``ontology/kotacerdas.ttl`` and the
    other ``ontology/*.ttl``."""
    from kg.framework.indicators import module_file as indicator_module
    from kg.framework.keywords import module_file as keyword_module

    main = ontology_file()
    try:
        from kg.framework.alignments import alignment_files
    except ImportError:  # the alignment modules' reader is not there: every other Turtle file of ontology/
        modules = sorted(p for p in resource_path("ontology").glob("*.ttl") if p != main)
    else:
        modules = [keyword_module(), indicator_module(), *(Path(p) for p in alignment_files())]
    # A module not generated yet is the concern of the SSSOM ↔ Turtle check, not of this one.
    return [main, *(p for p in modules if p != main and p.is_file())]


def load_graph(files: Iterable[Path | str]) -> Graph:
    """All ``files`` (Turtle or any format rdflib guesses from the extension) merged in one graph."""
    graph = Graph()
    for file in files:
        path = Path(file)
        if not path.is_file():
            raise InputError("berkas tidak ada / file not found", source=str(path))
        try:
            graph.parse(str(path), format="turtle" if path.suffix == ".ttl" else None)
        except Exception as error:  # noqa: BLE001 - any parser error is the input's fault
            raise InputError(
                f"tidak dapat dibaca / cannot be parsed: {error}".splitlines()[0], source=str(path)
            ) from None
    return graph


# -- (a) the reasoner ---------------------------------------------------------------------------------


#: How owlready2 starts the line it prints for a property typed with a class of another vocabulary too.
_OWLREADY_PUN = re.compile(r"\* Owlready2 \* WARNING: \w+ \S+ belongs to more than one entity types: ")


def run_reasoner(graph: Graph, java: str | None = None) -> ReasonerResult:
    """Run HermiT (through owlready2, in a fresh World) on ``graph``: consistent? unsatisfiable classes?

    ``owl:imports`` are dropped first (the modules are merged already; nothing is fetched from the web).
    Without Java the result says so and HermiT does not run.
    """
    java = java or shutil.which("java")
    if java is None:
        return ReasonerResult(
            ran=False,
            java=None,
            note="Java tidak ditemukan: penalar HermiT dilewati / Java not found: HermiT reasoner skipped",
        )
    import owlready2

    started = time.perf_counter()
    reasoned = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            reasoned.add(triple)
    world = owlready2.World()
    previous_java = owlready2.JAVA_EXE
    owlready2.JAVA_EXE = java
    said = io.StringIO()
    try:
        with tempfile.TemporaryDirectory(prefix="kotacerdas-hermit-") as folder, contextlib.redirect_stderr(said):
            path = Path(folder) / "ontology.nt"
            reasoned.serialize(str(path), format="nt", encoding="utf-8")
            with path.open("rb") as handle:
                world.get_ontology("file://" + str(path)).load(fileobj=handle, format="ntriples")
            try:
                with world:
                    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
            except owlready2.base.OwlReadyInconsistentOntologyError:
                return ReasonerResult(ran=True, java=java, consistent=False, seconds=time.perf_counter() - started)
            except owlready2.base.OwlReadyError as error:  # Java or HermiT failed (not the ontology's fault)
                detail = str(error).strip().splitlines()
                return ReasonerResult(
                    ran=False,
                    java=java,
                    failed=True,
                    seconds=time.perf_counter() - started,
                    note="HermiT gagal / HermiT failed: " + (detail[-1] if detail else "?"),
                )
            unsatisfiable = sorted(
                {entity.iri for entity in world.inconsistent_classes() if entity is not owlready2.Nothing}
            )
            return ReasonerResult(
                ran=True,
                java=java,
                consistent=True,
                unsatisfiable=tuple(unsatisfiable),
                seconds=time.perf_counter() - started,
            )
    finally:
        owlready2.JAVA_EXE = previous_java
        world.close()
        # owlready2's "belongs to more than one entity types; I'm trying to fix it" on the Data Cube properties
        # (owl:ObjectProperty and qb:DimensionProperty, as the W3C Data Cube has them) is no news to a user
        sys.stderr.writelines(line for line in said.getvalue().splitlines(True) if not _OWLREADY_PUN.match(line))


# -- (b) the quality shapes ---------------------------------------------------------------------------


def quality_shapes() -> Graph:
    """The SHACL quality shapes of the ontology (``shapes/ontology-quality.ttl``)."""
    return Graph().parse(str(shapes_file(QUALITY_SHAPES)), format="turtle")


def run_quality_shapes(graph: Graph, shapes: Graph | None = None, *, engine: str | None = None) -> QualityResult:
    """Validate ``graph`` against the quality shapes.

    ``engine`` is ``"kg.shacl"`` (the project's SHACL → SPARQL engine) or ``"pyshacl"`` (the reference
    implementation, slower: it parses each SPARQL constraint again for every focus node); by default the
    project's engine when it is installed, else pySHACL.
    """
    shapes = shapes if shapes is not None else quality_shapes()
    if engine not in (None, "kg.shacl", "pyshacl"):
        raise ValueError(f"unknown SHACL engine {engine!r}; expected 'kg.shacl' or 'pyshacl'")
    started = time.perf_counter()
    try:
        if engine == "pyshacl":
            raise ImportError("pySHACL asked for")
        from kg.shacl import ShaclEngine
    except ImportError:
        if engine == "kg.shacl":
            raise
        from kg.shacl.reference import validate_with_pyshacl

        report = validate_with_pyshacl(graph, shapes)
        engine = "pyshacl"
    else:
        report = ShaclEngine(shapes).validate(graph)
        engine = "kg.shacl"
    conforms = report.conforms
    unique: dict[tuple, QualityProblem] = {}
    for result in report.results:
        problem = _problem(
            result.focus,
            result.path,
            result.value,
            result.source_shape,
            result.constraint_component,
            result.severity,
            result.messages,
        )
        unique.setdefault((problem.term, problem.shape, problem.path, problem.value, problem.message("en")), problem)
    problems = [unique[key] for key in sorted(unique, key=lambda k: tuple(part or "" for part in k))]
    return QualityResult(
        conforms=conforms and not problems,
        problems=tuple(problems),
        engine=engine,
        seconds=time.perf_counter() - started,
    )


def _problem(focus, path, value, shape, constraint, severity, messages: Sequence[Literal]) -> QualityProblem:
    term = focus
    if str(focus) == ONTOLOGY_IRI and isinstance(value, URIRef):
        term = value  # checks of the ontology as a whole name the term at fault in their value
    by_language: dict[str, str] = {}
    for message in sorted(messages, key=str):
        by_language.setdefault(message.language or "en", str(message))
    return QualityProblem(
        term=str(term),
        messages=by_language,
        shape=str(shape) if isinstance(shape, URIRef) else "",
        constraint=str(constraint).rsplit("#", 1)[-1],
        severity=str(severity).rsplit("#", 1)[-1],
        path=str(path) if isinstance(path, URIRef) else None,
        value=str(value) if value is not None else None,
    )


# -- both ---------------------------------------------------------------------------------------------


def check_ontology(files: Iterable[Path | str] | None = None, *, reasoner: bool = True) -> OntologyCheck:
    """Run HermiT (when Java is there and ``reasoner``) and the quality shapes over ``files``.

    ``files`` defaults to :func:`default_files`: the ontology and its alignment modules, checked as one.
    """
    started = time.perf_counter()
    paths = tuple(Path(f) for f in (files if files is not None else default_files()))
    graph = load_graph(paths)
    loaded = time.perf_counter()
    if reasoner:
        reasoner_result = run_reasoner(graph)
    else:
        reasoner_result = ReasonerResult(ran=False, java=shutil.which("java"))
    quality = run_quality_shapes(graph)
    return OntologyCheck(
        files=paths,
        reasoner=reasoner_result,
        quality=quality,
        triples=len(graph),
        seconds=time.perf_counter() - started,
        timings={"load": loaded - started, "reasoner": reasoner_result.seconds, "quality": quality.seconds},
    )
