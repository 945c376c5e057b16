"""`kotacerdas docs`: the ontology documentation in Indonesian and English, self-contained and complete."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

import kg.cli.ontology_commands  # noqa: F401 - registers the commands
from kg.cli.app import app
from kg.core.errors import InputError
from kg.core.namespaces import KC, SDG
from kg.framework import concepts as framework
from kg.publish.ontology_docs import build_docs, load_documented_graph

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """What the tests read from a page: its text, its ids, the links inside each id, its asset URLs."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.links_in: dict[str, list[str]] = {}
        self.text_in: dict[str, list[str]] = {}
        self.assets: list[str] = []
        self.hrefs: list[str] = []
        self.chunks: list[str] = []
        self.styles: list[str] = []
        self.feed(text)
        self.close()
        if self.open:
            self.errors.append(f"unclosed: {[tag for tag, _ in self.open]}")
        self.text = " ".join(" ".join(self.chunks).split())

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            if attributes["id"] in self.ids:
                self.errors.append(f"duplicate id {attributes['id']}")
            self.ids.add(attributes["id"])
        for name in ("src", "data", "poster"):
            if attributes.get(name):
                self.assets.append(attributes[name])
        if tag == "link" and attributes.get("href"):
            self.assets.append(attributes["href"])
        if tag == "script":
            self.assets.append(attributes.get("src") or "<inline script>")
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
            for element_id in self._enclosing_ids():
                self.links_in.setdefault(element_id, []).append(attributes["href"])
        if tag not in _VOID:
            self.open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.open or self.open[-1][0] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.open[-1][0] if self.open else None})")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][0] == "style":
            self.styles.append(data)
            return
        self.chunks.append(data)
        for element_id in self._enclosing_ids():
            self.text_in.setdefault(element_id, []).append(data)

    def _enclosing_ids(self) -> list[str]:
        return [element_id for _, element_id in self.open if element_id]

    def text_of(self, element_id: str) -> str:
        return " ".join(" ".join(self.text_in.get(element_id, [])).split())


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "site"
    build_docs(out)
    return out


@pytest.fixture(scope="module")
def pages(docs_dir: Path) -> dict[str, _Page]:
    return {lang: _Page((docs_dir / f"index.{lang}.html").read_text(encoding="utf-8")) for lang in ("id", "en")}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_documented_graph()


def _label(graph: Graph, term: URIRef, lang: str) -> str:
    for predicate in (SKOS.prefLabel, RDFS.label):
        for value in graph.objects(term, predicate):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    raise AssertionError(f"{term} has no label @{lang}")


def test_docs_writes_a_page_per_language_and_a_chooser(docs_dir: Path) -> None:
    assert sorted(p.name for p in docs_dir.iterdir()) == ["index.en.html", "index.html", "index.id.html"]
    chooser = _Page((docs_dir / "index.html").read_text(encoding="utf-8"))
    assert chooser.errors == []
    assert {"index.id.html", "index.en.html"} <= set(chooser.hrefs)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pages_parse_as_balanced_html(pages: dict[str, _Page], lang: str) -> None:
    assert pages[lang].errors == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pages_load_no_external_asset(pages: dict[str, _Page], lang: str) -> None:
    page = pages[lang]
    assert page.assets == []
    style = "\n".join(page.styles)
    assert style.strip(), "the CSS is inline"
    assert "url(" not in style and "@import" not in style


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_dimension_goal_and_initiative_appears_with_its_label_and_definition(
    graph: Graph, pages: dict[str, _Page], lang: str
) -> None:
    page = pages[lang]
    initiatives = framework.initiatives()
    assert len(initiatives) == 50 and len(framework.dimensions()) == 6
    for dimension in framework.dimensions():
        assert dimension.notation in page.ids
        card = page.text_of(dimension.notation)
        assert getattr(dimension, f"label_{lang}") in card
        goal = str(graph.value(URIRef(dimension.iri), KC.goal))[len(str(KC)) :]
        assert " ".join(getattr(dimension, f"goal_{lang}").split()) in page.text_of(goal)
    for initiative in initiatives:
        assert initiative.notation in page.ids, initiative.notation
        card = page.text_of(initiative.notation)
        assert getattr(initiative, f"label_{lang}") in card
        assert " ".join(getattr(initiative, f"definition_{lang}").split()) in card


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_class_and_property_appears_with_its_label(graph: Graph, pages: dict[str, _Page], lang: str) -> None:
    page = pages[lang]
    terms = {
        term
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(str(KC))
    }
    assert {KC.Program, KC.Region, KC.Initiative, KC.initiative, KC.budget} <= terms
    for term in terms:
        anchor = str(term)[len(str(KC)) :]
        assert anchor in page.ids, anchor
        assert _label(graph, term, lang) in page.text_of(anchor)


def test_related_initiatives_link_each_other_with_their_note(graph: Graph, pages: dict[str, _Page]) -> None:
    pairs = [(s, o) for s, o in graph.subject_objects(SKOS.related) if str(s).startswith(str(KC))]
    assert pairs, "the ontology links overlapping initiatives"
    for page in pages.values():
        for subject, other in pairs:
            anchor = str(subject)[len(str(KC)) :]
            assert "#" + str(other)[len(str(KC)) :] in page.links_in[anchor]


def test_sdg_mappings_link_initiatives_to_documented_targets(graph: Graph, pages: dict[str, _Page]) -> None:
    mapped = [
        (s, o)
        for predicate in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)
        for s, o in graph.subject_objects(predicate)
        if str(s).startswith(str(KC)) and str(o).startswith(str(SDG))
    ]
    assert mapped, "no SDG mapping in the documented graph: build it with python scripts/build_alignments.py"
    for page in pages.values():
        for initiative, target in mapped:
            anchor = "sdg-" + str(target)[len(str(SDG)) :]
            assert anchor in page.ids
            assert "#" + anchor in page.links_in[str(initiative)[len(str(KC)) :]]


def test_other_frameworks_concepts_are_documented_with_their_mappings(graph: Graph, pages: dict[str, _Page]) -> None:
    page = pages["en"]
    schemes = [
        s
        for s in graph.subjects(RDF.type, SKOS.ConceptScheme)
        if str(s).startswith("https://w3id.org/kotacerdas/ontology/")
    ]
    assert schemes, "no alignment module in the documented graph: build them with python scripts/build_alignments.py"
    for scheme in schemes:
        for concept in graph.objects(scheme, SKOS.hasTopConcept):
            module, local = str(concept)[len("https://w3id.org/kotacerdas/ontology/") :].split("#")
            anchor = f"{module}-{local}"
            assert anchor in page.ids
            for target in graph.objects(concept, SKOS.closeMatch):
                assert "#" + str(target)[len(str(KC)) :] in page.links_in[anchor]


def test_code_lists_show_every_status_and_beneficiary_code(pages: dict[str, _Page]) -> None:
    for lang, page in pages.items():
        for code in [*framework.status_codes().values(), *framework.beneficiary_codes().values()]:
            anchor = code.iri[len(str(KC)) :]
            assert code.notation in page.text_of(anchor)
            assert getattr(code, f"label_{lang}") in page.text_of(anchor)


def test_header_gives_title_version_licence_and_sources(pages: dict[str, _Page]) -> None:
    for page in pages.values():
        metadata = page.text_of("metadata")
        assert "0." in metadata and "creativecommons.org/licenses/by/4.0" in "".join(page.links_in["metadata"])
        assert "Kota Cerdas" in metadata
    assert "Lisensi" in pages["id"].text_of("metadata") and "Licence" in pages["en"].text_of("metadata")


@pytest.mark.slow
def test_docs_command_replaces_its_own_output_and_refuses_a_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    runner = CliRunner()
    first = runner.invoke(app, ["docs", "--out", str(out), "--lang", "en"])
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in out.iterdir()) == ["index.en.html", "index.html"]
    second = runner.invoke(app, ["docs", "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in out.iterdir()) == ["index.en.html", "index.html", "index.id.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind

    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me", encoding="utf-8")
    refused = runner.invoke(app, ["docs", "--out", str(foreign)])
    assert isinstance(refused.exception, InputError)
    assert (foreign / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_docs_command_rejects_an_unknown_language(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(app, ["docs", "--out", str(tmp_path / "site"), "--lang", "fr"])
    assert isinstance(outcome.exception, InputError)
    assert not (tmp_path / "site").exists()
