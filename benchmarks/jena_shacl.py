"""Benchmark: Apache Jena's SHACL validator beside ours, on the same submission, the same shapes, same run.

    python benchmarks/jena_shacl.py submission.csv          # one CSV (its programs converted to N-Triples)

Jena comes from Debian's ``libapache-jena-java`` (4.5.0 in bookworm; there is no ``jena`` package with the
command-line scripts): its ``jena-cmds`` jar holds the ``shacl validate`` command (class ``shacl.shacl``),
run here with the jars of the package and of its dependencies (read from ``dpkg``). Two things are adapted,
and only for Jena (both said in the figures):

- Debian's ``jena-core`` 4.5.0-2 moved the bundled Xerces classes to the package ``xerces`` but left their
  message files under ``org/apache/jena/ext/xerces``: Jena then stops at start-up with ``internal error``
  (``XSSimpleTypeDecl.applyFacets1``). A small jar in the work folder puts the same files where the classes
  look.
- Jena 4.5 refuses a SPARQL constraint with more than one ``sh:message`` (ours have one per language: the
  English one is kept) and a ``$PATH`` followed by a path step (``$PATH/schema:value``, written as two
  triple patterns instead: the same query).

Jena validates the N-Triples of the submission with the reference data (ontology, regions, Kominfo pillars),
the graph our engine validates. The figures: Jena's whole process (JVM start-up included), our engine on the
same N-Triples in-process, our whole ``kotacerdas validate`` of the CSV (conversion included), and how the
results compare (focus node, path, constraint component).
"""

from __future__ import annotations

import collections
import json
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

PACKAGE = "libapache-jena-java"
#: Logging bindings of the dependencies that must not share the class path with slf4j-simple.
_EXCLUDED = (
    "log4j",
    "jcl-over-slf4j",
    "jul-to-slf4j",
    "slf4j-jdk",
    "slf4j-jcl",
    "slf4j-nop",
    "slf4j-ext",
    "slf4j-migrator",
    "slf4j-reload",
)


def _dpkg(*arguments: str) -> str:
    done = subprocess.run(["dpkg-query", *arguments], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def installed() -> str | None:
    """Jena's version when Debian's package is installed, else None."""
    if shutil.which("dpkg-query") is None or shutil.which("java") is None:
        return None
    version = _dpkg("-W", "-f=${Version}", PACKAGE).strip()
    return version or None


def classpath(work: Path) -> str:
    """The jars of Jena and its dependencies (unversioned names under /usr/share/java), and the jar that puts
    Xerces' message files where Debian's jena-core looks for them."""
    packages = [PACKAGE]
    for item in _dpkg("-W", "-f=${Depends}", PACKAGE).split(","):
        packages.append(item.split("|")[0].split("(")[0].strip())
    jars = []
    for package in packages:
        for line in _dpkg("-L", package).splitlines():
            path = Path(line)
            if (
                path.suffix == ".jar"
                and path.parent == Path("/usr/share/java")
                and not any(part in path.name for part in _EXCLUDED)
                and not path.stem.split("-")[-1][:1].isdigit()  # the versioned copy of the same jar
            ):
                jars.append(str(path))
    messages = work / "jena-xerces-messages.jar"
    core = Path("/usr/share/java/jena-core.jar")
    with zipfile.ZipFile(core) as source, zipfile.ZipFile(messages, "w") as out:
        for name in source.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                out.writestr(name[len("org/apache/jena/ext/") :], source.read(name))
    if "/usr/share/java/slf4j-simple.jar" not in jars and Path("/usr/share/java/slf4j-simple.jar").exists():
        jars.append("/usr/share/java/slf4j-simple.jar")
    return ":".join([*sorted(set(jars)), str(messages)])


def shapes_for_jena(shapes: Path, out: Path) -> Path:
    """The shapes as Jena 4.5 reads them: one ``sh:message`` per constraint (the English one), and
    ``$PATH/schema:value ?own`` as two triple patterns."""
    from rdflib import Graph, Literal
    from rdflib.namespace import SH

    graph = Graph().parse(shapes, format="turtle")
    for subject, predicate, message in list(graph.triples((None, SH.message, None))):
        if isinstance(message, Literal) and message.language == "id":
            graph.remove((subject, predicate, message))
    for subject, predicate, query in list(graph.triples((None, SH.select, None))):
        text = str(query)
        if "$PATH/" in text:
            graph.remove((subject, predicate, query))
            rewritten = text.replace(
                "$this $PATH/schema:value ?own .", "$this $PATH ?ownNode . ?ownNode schema:value ?own ."
            )
            if "$PATH/" in rewritten:
                raise SystemExit(f"a $PATH sequence this benchmark does not rewrite: {text[:120]!r}")
            graph.add((subject, predicate, Literal(rewritten)))
    graph.serialize(out, format="turtle")
    return out


def _key(focus: object, path: object, component: object) -> tuple[str, str | None, str]:
    return str(focus), (str(path) if path is not None else None), str(component)


def compare(csv_path: Path, work: Path, runs: int = 3) -> dict:
    """Jena and our engine on one submission CSV: times and how their results compare."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    from kg.core.resources import shapes_file
    from kg.submissions.convert import convert_files
    from kg.submissions.validation import SHAPES_FILE, reference_ntriples, run_engine

    version = installed()
    if version is None:
        return {"compared": False, "why": f"Debian's {PACKAGE} is not installed (apt-get install {PACKAGE})"}
    work.mkdir(parents=True, exist_ok=True)
    ntriples = b"".join(conversion.ntriples for conversion in convert_files([csv_path]))
    data = work / "jena-data.nt"
    data.write_bytes(reference_ntriples() + ntriples)
    shapes = shapes_for_jena(shapes_file(SHAPES_FILE), work / "jena-shapes.ttl")
    command = ["java", "-cp", classpath(work), "shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data)]
    jena_times, report = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        jena_times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return {"compared": False, "why": f"jena failed: {done.stderr.strip().splitlines()[-1:]}"}
        report = done.stdout
    graph = Graph().parse(data=report, format="turtle")
    jena = collections.Counter(
        _key(
            graph.value(node, SH.focusNode),
            graph.value(node, SH.resultPath),
            graph.value(node, SH.sourceConstraintComponent),
        )
        for node in graph.subjects(RDF.type, SH.ValidationResult)
    )
    ours_times, results = [], []
    for _ in range(runs):
        start = time.perf_counter()
        results = run_engine(ntriples).results
        ours_times.append(time.perf_counter() - start)
    ours = collections.Counter(_key(r.focus, r.path, r.constraint_component) for r in results)
    kotacerdas = Path(sys.executable).parent / "kotacerdas"
    whole = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(kotacerdas), "validate", str(csv_path), "--format", "json"], capture_output=True)
        whole.append(time.perf_counter() - start)
    missing = ours - jena
    return {
        "compared": True,
        "jena": f"Apache Jena {version} (Debian {PACKAGE}), shacl validate",
        "triples": data.read_bytes().count(b"\n"),
        "jena_process_s": statistics.median(jena_times),
        "ours_engine_s": statistics.median(ours_times),
        "ours_validate_process_s": statistics.median(whole),
        "ratio_process": statistics.median(jena_times) / statistics.median(whole),
        "ratio_engine": statistics.median(jena_times) / statistics.median(ours_times),
        "results_jena": sum(jena.values()),
        "results_ours": sum(ours.values()),
        "only_jena": sum((jena - ours).values()),
        "only_ours": sum(missing.values()),
        "only_ours_by_component": dict(collections.Counter(key[2] for key in missing.elements())),
        "only_ours_by_path": dict(collections.Counter(str(key[1]) for key in missing.elements())),
    }


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kc-jena-") as folder:
        print(json.dumps(compare(args.csv, Path(folder), args.runs), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
