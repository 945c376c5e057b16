"""kg.framework.concepts gives the framework and its code lists as Python values, read from the ontology."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS
from rich.console import Console
from typer.testing import CliRunner

import kg.cli  # noqa: F401 - registers the commands on the app
from kg.cli.app import app
from kg.core.errors import InputError
from kg.core.namespaces import KC
from kg.framework import concepts as framework

NOTATION = re.compile(r"\b[A-Z]{3}-\d{2}\b")


def test_dimensions_come_in_the_sources_order_with_their_goals() -> None:
    dimensions = framework.dimensions()
    assert [d.notation for d in dimensions] == ["GOV", "LIV", "ENV", "SOC", "ECO", "MOB"]
    assert framework.dimension_notations() == [d.notation for d in dimensions]
    governance = dimensions[0]
    assert governance.iri == str(KC.GOV)
    assert governance.label_id == "Tata Pamong Pemerintahan Cerdas"
    assert governance.label_en == "Smart Governance"
    assert governance.goal_id.startswith("Tata Pamong Pemerintahan Cerdas (Smart Governance) berSasaran")
    for dimension in dimensions:
        assert all(
            (
                dimension.label_id,
                dimension.label_en,
                dimension.goal_id,
                dimension.goal_en,
                dimension.definition_id,
                dimension.definition_en,
            )
        )


def test_initiatives_come_in_the_sources_order() -> None:
    initiatives = framework.initiatives()
    assert len(initiatives) == 50
    assert framework.initiative_notations() == [i.notation for i in initiatives]
    assert initiatives[0].notation == "GOV-01" and initiatives[-1].notation == "MOB-06"
    order = framework.dimension_notations()
    positions = [(order.index(i.dimension), int(i.notation[-2:])) for i in initiatives]
    assert positions == sorted(positions)
    for initiative in initiatives:
        assert initiative.notation.startswith(initiative.dimension + "-")
        assert initiative.iri == str(KC[initiative.notation])
        assert all((initiative.label_id, initiative.label_en, initiative.definition_id, initiative.definition_en))
    counts = {d: sum(1 for i in initiatives if i.dimension == d) for d in order}
    assert counts == {"GOV": 6, "LIV": 9, "ENV": 9, "SOC": 12, "ECO": 8, "MOB": 6}


def test_initiatives_agree_with_the_ontology_graph() -> None:
    graph = framework.ontology_graph()
    for initiative in framework.initiatives():
        node = URIRef(initiative.iri)
        assert (node, RDF.type, KC.Initiative) in graph
        assert (node, KC.dimension, KC[initiative.dimension]) in graph


def test_status_codes_are_the_templates_status_values() -> None:
    codes = framework.status_codes()
    assert list(codes) == ["rencana", "berjalan", "selesai", "batal"]
    assert [c.iri for c in codes.values()] == [str(KC.Planned), str(KC.Ongoing), str(KC.Completed), str(KC.Cancelled)]
    assert codes["berjalan"].label_id == "Berjalan" and codes["berjalan"].label_en == "Ongoing"


def test_beneficiary_codes_are_the_templates_group_values() -> None:
    codes = framework.beneficiary_codes()
    assert list(codes) == ["anak", "lansia", "keluarga", "disabilitas", "perempuan", "umum"]
    assert codes["disabilitas"].iri == str(KC.PersonsWithDisabilities)
    assert all(c.label_id and c.label_en and c.definition_id and c.definition_en for c in codes.values())


def test_concept_scheme_values_reads_any_scheme_of_the_ontology() -> None:
    values = framework.concept_scheme_values(KC.ProgramStatusScheme)
    assert [v.notation for v in values] == list(framework.status_codes())
    framework_concepts = framework.concept_scheme_values(str(KC.KotaCerdas))
    graph = framework.ontology_graph()
    assert len(framework_concepts) == len(set(graph.subjects(SKOS.inScheme, KC.KotaCerdas))) == 62


def test_concept_scheme_values_refuses_a_non_scheme() -> None:
    with pytest.raises(InputError):
        framework.concept_scheme_values(KC.Program)


def test_returned_lists_are_copies() -> None:
    framework.initiatives().clear()
    assert len(framework.initiatives()) == 50


@pytest.mark.parametrize("lang", ["id", "en"])
def test_print_framework_lists_dimensions_goals_and_initiatives(lang: str) -> None:
    console = Console(record=True, width=120, color_system=None)
    framework.print_framework(console, lang=lang)
    text = console.export_text()
    assert set(NOTATION.findall(text)) == set(framework.initiative_notations())
    for dimension in framework.dimensions():
        assert (dimension.label_en if lang == "en" else dimension.label_id) in text
    for initiative in framework.initiatives():
        assert (initiative.label_en if lang == "en" else initiative.label_id) in text
    assert ("Goal:" if lang == "en" else "Sasaran:") in text


def test_print_framework_refuses_an_unknown_language() -> None:
    with pytest.raises(InputError):
        framework.print_framework(Console(record=True), lang="fr")


def test_framework_command_lists_the_fifty_initiatives() -> None:
    result = CliRunner().invoke(app, ["framework"])
    assert result.exit_code == 0, result.output
    assert set(NOTATION.findall(result.output)) == set(framework.initiative_notations())
    assert len(set(NOTATION.findall(result.output))) == 50
