"""Initiative suggestions: the keywords live in the graph with their justifications, and a program's name leads
to the initiative whose definition fits it, in Indonesian and English, with the words that led there."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.core.errors import InputError
from kg.core.namespaces import KC
from kg.framework.concepts import initiative_notations, initiatives
from kg.framework.keywords import keywords, module_file, read_table
from kg.suggest import suggest_initiatives, suggestion_answer
from serve_helpers import kotacerdas_in_process

REPO = Path(__file__).resolve().parent.parent


def top(name: str, **extra: str) -> list[str]:
    return [item.notation for item in suggest_initiatives(name, k=3, **extra)]


def test_keyword_module_is_generated_from_the_current_table() -> None:
    spec = importlib.util.spec_from_file_location("build_keywords", REPO / "scripts" / "build_keywords.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0, "ontology/initiative-keywords.ttl is stale: run scripts/build_keywords.py"


def test_every_keyword_is_a_skos_label_with_its_justification_on_an_axiom() -> None:
    graph = Graph().parse(module_file(), format="turtle")
    rows = read_table()
    assert len(rows) >= 300 and {row.notation for row in rows} == set(initiative_notations())
    for row in rows:
        label = Literal(row.label, lang=row.lang)
        predicate = SKOS.altLabel if row.kind == "alt" else SKOS.hiddenLabel
        concept = URIRef(str(KC) + row.notation)
        assert (concept, predicate, label) in graph
        axioms = [
            axiom
            for axiom in graph.subjects(OWL.annotatedTarget, label)
            if (axiom, OWL.annotatedSource, concept) in graph and (axiom, OWL.annotatedProperty, predicate) in graph
        ]
        assert len(axioms) == 1 and (axioms[0], RDF.type, OWL.Axiom) in graph
        assert graph.value(axioms[0], RDFS.comment) == Literal(row.justification, lang="en")
    # SKOS: altLabel, hiddenLabel and prefLabel of one concept are disjoint
    for concept in set(graph.subjects(SKOS.altLabel, None)):
        assert not set(graph.objects(concept, SKOS.altLabel)) & set(graph.objects(concept, SKOS.hiddenLabel))
    assert {(k.notation, k.label, k.lang, k.kind) for k in keywords()} == {
        (row.notation, row.label, row.lang, row.kind) for row in rows
    }


def test_a_bad_keyword_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "keywords.csv"
    table.write_text(
        "notation,label,lang,kind,justification\nGOV-04,SPBE,id,alt,Its subject.\nGOV-99,x,id,alt,why\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert caught.value.row == 3 and "GOV-99" in str(caught.value)
    table.write_text("notation,label,lang,kind,justification\nGOV-04,SPBE,id,alt,\n", encoding="utf-8")
    with pytest.raises(InputError, match="justifi"):
        read_table(table)


def test_the_initiatives_own_subjects_are_suggested_first() -> None:
    # each is the subject its initiative's definition names
    assert top("Penerapan SPBE")[0] == "GOV-04"
    assert top("Pengembangan E-Government")[0] == "GOV-04"
    assert top("Portal Satu Data")[0] == "GOV-05"
    assert top("Bank sampah unit kelurahan")[0] == "ENV-03"
    assert top("Pembangunan ruang terbuka hijau")[0] == "ENV-05"
    assert top("Pemasangan CCTV di persimpangan")[0] == "LIV-01"
    assert top("Revitalisasi posyandu")[0] in {"LIV-05", "ENV-06"} and "LIV-05" in top("Revitalisasi posyandu")
    assert top("Perpustakaan digital")[0] == "SOC-07"
    assert top("Balai Latihan Kerja")[0] == "SOC-05"
    assert top("Pembangunan ATCS")[0] == "MOB-02"


def test_english_names_lead_to_the_same_initiatives() -> None:
    assert top("Electronic-based government system roadmap")[0] == "GOV-04"
    assert top("Community waste bank")[0] == "ENV-03"
    assert top("Digital library for schools")[0] == "SOC-07"
    assert top("Free public wifi in parks")[0] == "MOB-04"
    assert top("Job fair for graduates")[0] == "SOC-04"


def test_each_suggestion_names_the_words_that_led_to_it_and_ranks_by_score() -> None:
    found = suggest_initiatives("Pembangunan bank sampah dan taman kota", k=5)
    assert [item.score for item in found] == sorted((item.score for item in found), reverse=True)
    by_code = {item.notation: item for item in found}
    assert "bank sampah" in by_code["ENV-03"].words
    assert "taman kota" in by_code["ENV-05"].words
    assert all(item.words and item.score > 0 for item in found)


def test_the_agency_is_a_hint_that_the_name_outweighs() -> None:
    assert top("Pelayanan prima", agency="Dinas Kesehatan")[0] == "LIV-05"
    assert top("Bank sampah", agency="Dinas Kesehatan")[0] == "ENV-03"


def test_a_name_without_any_known_word_gets_no_suggestion() -> None:
    assert suggest_initiatives("zzzq qqxv") == []


def test_every_initiative_is_found_by_its_own_label_in_both_languages() -> None:
    for item in initiatives():
        assert top(item.label_id)[0] == item.notation, item.label_id
        assert item.notation in top(item.label_en), item.label_en


def test_the_answer_checks_its_bounds() -> None:
    answer = suggestion_answer("Bank sampah", k=1, lang="en")
    assert answer["suggestions"] == [
        {
            "initiative": "ENV-03",
            "label": "Waste and effluent management",
            "score": pytest.approx(18.6, abs=5),
            "words": ["bank sampah"],
        }
    ]
    for bad in ({"k": 0}, {"k": 51}, {"lang": "fr"}):
        with pytest.raises(InputError):
            suggestion_answer("Bank sampah", **bad)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        suggestion_answer("   ")
    with pytest.raises(InputError):
        suggestion_answer("x" * 2001)


def test_suggest_command_in_both_languages_and_as_json() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return kotacerdas_in_process("suggest", *args)

    shown = run("Penerapan SPBE", "--lang", "en")
    assert shown.returncode == 0 and "GOV-04" in shown.stdout and "score" in shown.stdout
    shown = run("Penerapan SPBE")
    assert shown.returncode == 0 and "Saran inisiatif" in shown.stdout and "skor" in shown.stdout
    answer = json.loads(run("Pembangunan bank sampah", "--format", "json", "-k", "2", "--agency", "DLH").stdout)
    assert answer["suggestions"][0]["initiative"] == "ENV-03" and len(answer["suggestions"]) == 2
    failed = run("Bank sampah", "-k", "0")
    assert failed.returncode == 2 and "Traceback" not in failed.stderr and "k" in failed.stderr
