"""One version for the package, ``kg.__version__``, the ontology and the changelog; the earlier ontology
releases kept; the wheel's typing marker present."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pyoxigraph as ox

import kg
from kg.core.namespaces import ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parent.parent
OWL = "http://www.w3.org/2002/07/owl#"


def _header(path: Path) -> dict[str, str]:
    found = {}
    for quad in ox.parse(path=str(path)):
        if quad.subject == ox.NamedNode(ONTOLOGY_IRI) and quad.predicate.value.startswith(OWL):
            found[quad.predicate.value[len(OWL) :]] = quad.object.value
    return found


def test_the_version_is_semantic_and_the_package_reads_it_from_kg():
    assert re.fullmatch(r"\d+\.\d+\.\d+", kg.__version__)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"] and "version" not in project["project"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/kg/__init__.py"


def test_the_ontology_carries_the_package_version_and_its_prior_release():
    header = _header(ROOT / "ontology" / "kotacerdas.ttl")
    assert header["versionInfo"] == kg.__version__
    assert header["versionIRI"] == f"{ONTOLOGY_IRI}/{kg.__version__}"
    prior = header["priorVersion"].rsplit("/", 1)[1]
    release = ROOT / "ontology" / "releases" / f"kotacerdas-{prior}.ttl"
    assert _header(release)["versionIRI"] == header["priorVersion"]


def test_every_kept_release_names_its_own_version_and_the_one_before():
    releases = sorted((ROOT / "ontology" / "releases").glob("kotacerdas-*.ttl"))
    versions = [path.stem.split("-", 1)[1] for path in releases]
    assert versions[0] == "0.1.0" and len(versions) >= 3
    for path, version in zip(releases, versions, strict=True):
        header = _header(path)
        assert header["versionInfo"] == version and header["versionIRI"].endswith(f"/{version}")


def test_the_changelog_has_a_section_for_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(kg.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, flags=re.M)
    assert "## [Unreleased]" in changelog


def test_the_package_says_it_is_typed():
    assert (Path(kg.__file__).parent / "py.typed").is_file()
