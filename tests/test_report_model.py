"""One report model: the same results in text, JSON, Turtle and HTML; messages in one place (language and
placeholders), their lists of allowed values read from the SKOS schemes; one pySHACL entry point."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.core.namespaces import KC
from kg.core.options import LANGUAGES
from kg.submissions.reports import render, sections
from kg.submissions.texts import allowed_values
from kg.submissions.validation import converted_files, validate_files
from submission_helpers import DATA, generator, run_cli

ERRORS = DATA / "bandung-2025-errors.csv"


class _Rows(HTMLParser):
    """The rows of the HTML report's tables, as cell texts (without the "how to fix" links)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._fix = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "a" and ("class", "fix") in attrs:
            self._fix = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._fix = False
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._fix:
            self._cell.append(data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_four_formats_give_the_same_results(lang):
    outcome = validate_files([ERRORS], lang=lang)
    labels = {"id": {"Violation": "Pelanggaran", "Warning": "Peringatan"}, "en": {}}[lang]
    expected = sorted((r.row, r.column, r.severity, r.message) for r in outcome.results)
    # 12: a value that is not a number or date gets one result, no follow-on range or ordering result (issue 11)
    assert len(expected) == 12

    from_json = sorted(
        (r["row"], r["column"], r["severity"], r["message"]) for r in json.loads(render(outcome, "json"))["results"]
    )

    graph = Graph().parse(data=render(outcome, "turtle"), format="turtle")
    from_turtle = sorted(
        (
            graph.value(node, KC.sourceRow).toPython(),
            str(graph.value(node, KC.sourceColumn)),
            str(graph.value(node, SH.resultSeverity)).rsplit("#", 1)[1],
            next(str(m) for m in graph.objects(node, SH.resultMessage) if m.language == lang),
        )
        for node in graph.subjects(RDF.type, SH.ValidationResult)
    )

    parser = _Rows()
    parser.feed(render(outcome, "html", lang=lang))
    from_html, row = [], None
    by_label = {label: name for name, label in labels.items()}
    for cells in parser.rows:
        if cells:
            row = int(cells[0]) if cells[0] else row
            # row, program (id · name, issue 11), column, severity, value, message
            from_html.append((row, cells[2], by_label.get(cells[3], cells[3]), cells[5].strip()))

    from_text = _text_rows(render(outcome, "text", lang=lang, width=400), lang, by_label)

    assert from_json == from_turtle == sorted(from_html) == sorted(from_text) == expected


def _text_rows(text: str, lang: str, by_label: dict[str, str]) -> list[tuple]:
    """The text report's table read back by the columns' positions under its header."""
    words = {
        "id": ("Baris", "Kolom", "Tingkat", "Nilai ditemukan", "Pesan"),
        "en": ("Row", "Column", "Severity", "Value found", "Message"),
    }[lang]
    lines = text.splitlines()
    header = next(line for line in lines if words[1] in line and words[4] in line)
    row_end = header.index(words[0]) + len(words[0])
    starts = [header.index(word) for word in words[1:]]
    found, row = [], None
    for line in lines[lines.index(header) + 1 :]:
        severity = line[starts[1] : starts[2]].strip()
        if severity not in SEVERITY_WORDS[lang]:
            continue
        row = int(line[:row_end]) if line[:row_end].strip() else row
        found.append(
            (row, line[starts[0] : starts[1]].strip(), by_label.get(severity, severity), line[starts[3] :].strip())
        )
    return found


SEVERITY_WORDS = {"id": ("Pelanggaran", "Peringatan", "Info"), "en": ("Violation", "Warning", "Info")}


def test_sections_are_per_file_in_the_order_given(tmp_path):
    clean = tmp_path / "surabaya.csv"  # another region: two submissions side by side
    clean.write_text((DATA / "bandung-2025.csv").read_text(encoding="utf-8-sig").replace(";32.73;", ";35.78;"))
    outcome = validate_files([ERRORS, clean])
    # the clean file's one result: 95,5 layanan, a count with a fraction (a Warning)
    assert [(s.file, len(s.results), s.programs) for s in sections(outcome)] == [
        (str(ERRORS), 12, 4),
        (str(clean), 1, 3),
    ]


def test_messages_list_the_allowed_values_from_the_scheme_in_both_languages():
    def message(lang, column):
        return next(r.message for r in validate_files([ERRORS], lang=lang).results if r.column == column)

    assert message("id", "status") == "Status 'tunda' tidak dikenal: pilih rencana, berjalan, selesai atau batal"
    assert message("en", "status") == "Status 'tunda' is unknown: choose rencana, berjalan, selesai or batal"
    assert "(pilih anak, lansia, keluarga, disabilitas, perempuan atau umum)" in message("id", "kelompok_sasaran")
    assert message("en", "inisiatif") == (
        "'ENV-33' is not a Kota Cerdas initiative code (GOV-01 … MOB-06); "
        "did you mean ENV-03 (Pengelolaan sampah dan limbah)?"
    )
    assert not any("{$" in r.message for r in validate_files([ERRORS]).results)


def test_a_code_added_to_the_scheme_appears_in_the_messages(monkeypatch, tmp_path):
    from kg.core.resources import ontology_file
    from kg.framework import concepts
    from kg.submissions import template

    # the ontology as an editor would extend it: one more beneficiary group, placed seventh
    extended = tmp_path / "kotacerdas.ttl"
    extended.write_text(
        ontology_file().read_text(encoding="utf-8")
        + "\nkc:Youth a kc:BeneficiaryGroup , skos:Concept ; skos:inScheme kc:BeneficiaryGroupScheme ;\n"
        '    skos:notation "remaja" ; skos:prefLabel "Remaja"@id , "Youth"@en ; schema:position 7 .\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(concepts, "ontology_file", lambda: extended)
    caches = (concepts._ontology_terms, concepts._scheme_values, template._code_iris, template._codes_of)
    for cached in caches:
        cached.cache_clear()
    try:
        path = tmp_path / "youth.csv"
        path.write_text(
            "id_program,kode_wilayah,tahun,nama_program,inisiatif,anggaran,status,kelompok_sasaran\n"
            "P-1,32.73,2025,Sekolah,SOC-01,100,rencana,pemuda\n"
        )
        for lang, word in (("id", "atau"), ("en", "or")):
            result = next(r for r in validate_files([path], lang=lang).results if r.column == "kelompok_sasaran")
            assert f"perempuan, umum {word} remaja)" in result.message, result.message
    finally:
        for cached in caches:
            cached.cache_clear()


def test_allowed_values_are_written_as_a_person_says_them():
    assert allowed_values(["a"], "id") == "a"
    assert allowed_values(["a", "b", "c"], "id") == "a, b atau c"
    assert allowed_values(["a", "b", "c"], "en") == "a, b or c"
    assert allowed_values([f"GOV-{n:02}" for n in range(1, 20)], "en") == "GOV-01 … GOV-19"


@pytest.mark.slow
def test_pyshacl_and_the_sparql_engine_give_the_same_messages_in_each_language(tmp_path):
    module = generator()
    rows, _planted = module.generate_rows(120, defects=0.25, seed=5, years=[2025])
    path = tmp_path / "generated.csv"
    module.write_rows(rows, path, "csv")

    def messages(engine, lang):
        return sorted(
            (r.row, r.column, r.constraint, r.message) for r in validate_files([path], lang=lang, engine=engine).results
        )

    for lang in LANGUAGES:
        ours = messages("sparql", lang)
        assert ours == messages("pyshacl", lang)
        assert any("SPARQLConstraintComponent" in constraint for *_, constraint, _ in ours)


@pytest.mark.slow
def test_results_are_the_same_whatever_the_batch_of_submissions(monkeypatch, tmp_path):
    module = generator()
    rows, _planted = module.generate_rows(300, defects=0.2, seed=9, years=[2024, 2025])
    path = tmp_path / "generated.csv"
    module.write_rows(rows, path, "csv")

    def keys():
        return [r.as_dict() for r in validate_files([path]).results]

    whole = keys()
    monkeypatch.setattr(converted_files, "BATCH_TRIPLES", 1)  # one submission at a time
    assert keys() == whole and len(whole) > 50


def test_markup_and_control_characters_in_a_cell_reach_the_terminal_as_text(tmp_path):
    path = tmp_path / "markup.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,inisiatif,anggaran,status\n"
        "P-1,32.73,2025,Sekolah,SOC-01,[/tahap],[bold]rencana\n"
    )
    done = run_cli("validate", path)
    assert done.returncode == 1, done.stderr
    assert "[/tahap]" in done.stdout and "[bold]rencana" in done.stdout


def test_options_are_checked_the_same_way_everywhere():
    done = run_cli("validate", ERRORS, "--lang", "fr")
    assert done.returncode == 2 and "must be one of: id, en" in done.stderr
    done = run_cli("convert", ERRORS, "--to", "rdfxml")
    assert done.returncode == 2 and "must be one of: turtle, nt, jsonld" in done.stderr
