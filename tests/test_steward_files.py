"""A steward's files are safe and the template is one a steward is glad to fill (issue 11, items 5-7): no
command writes over its input or over another program's file without ``--force``; ``convert`` validates
first; the XLSX template has bilingual headers, wide lists, formats, checks and print setup, and reads back
under its human titles; usage errors and reports speak the steward's language, without the engine's words
unless ``--verbose``; an agency already loaded for the region keeps its one name."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, URIRef

from kg.core.namespaces import KC, agency_iri, program_iri
from kg.loading.load import load_files
from kg.store.embedded import EmbeddedStore
from kg.submissions.template import columns
from kg.submissions.template_writer import write_template
from kg.submissions.validation import validate_files
from spreadsheet_files import csv_rows, write_xlsx
from submission_helpers import DATA, run_cli

PUBLISHED = DATA / "banjarmasin-2025-published.csv"
INDICATORS = DATA / "banjarmasin-2025-indikator.csv"
ERRORS = DATA / "banjarmasin-2025-errors.csv"
KCP = "https://w3id.org/kotacerdas/shapes/programs#"


def _one_line(done) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


# --- 11.6 files are never destroyed ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_validate_never_writes_its_report_over_its_own_input(tmp_path, suffix):
    source = tmp_path / f"program{suffix}"
    if suffix == ".csv":
        shutil.copy(PUBLISHED, source)
    else:
        write_xlsx(source, {"Program": csv_rows(PUBLISHED)})
    before = source.read_bytes()
    for extra in ([], ["--force"]):
        done = run_cli("validate", source, "--format", "html", "--out", source, *extra)
        assert done.returncode == 2 and "--out" in _one_line(done)
        assert source.read_bytes() == before


@pytest.mark.slow
def test_writing_over_another_programs_file_needs_force_and_over_its_own_output_does_not(tmp_path):
    notes = tmp_path / "catatan.html"
    notes.write_text("<p>catatan rapat</p>", encoding="utf-8")
    refused = run_cli("validate", PUBLISHED, INDICATORS, "--format", "html", "--out", notes)
    assert refused.returncode == 2 and "--force" in _one_line(refused)
    assert notes.read_text(encoding="utf-8") == "<p>catatan rapat</p>"
    assert run_cli("validate", PUBLISHED, INDICATORS, "--format", "html", "--out", notes, "--force").returncode == 0
    assert "<table" in notes.read_text(encoding="utf-8")
    # the report written is the tool's own: written again without --force
    assert run_cli("validate", PUBLISHED, INDICATORS, "--format", "json", "--out", tmp_path / "r.json").returncode == 0
    assert run_cli("validate", PUBLISHED, INDICATORS, "--format", "json", "--out", tmp_path / "r.json").returncode == 0
    assert run_cli("validate", PUBLISHED, INDICATORS, "--format", "html", "--out", notes).returncode == 0


def test_the_template_never_empties_a_workbook_a_steward_filled(tmp_path):
    from openpyxl import load_workbook

    workbook = write_template(tmp_path / "program.xlsx")
    write_template(workbook)  # an empty template: written over freely
    book = load_workbook(workbook)
    book.worksheets[0]["A2"] = "BJM-01"
    book.save(workbook)
    done = run_cli("template", "--out", workbook)
    assert done.returncode == 2 and "--force" in _one_line(done)
    assert load_workbook(workbook).worksheets[0]["A2"].value == "BJM-01"
    assert run_cli("template", "--out", workbook, "--force").returncode == 0
    assert load_workbook(workbook).worksheets[0]["A2"].value is None


def test_convert_validates_first_and_writes_nothing_from_a_file_with_violations(tmp_path):
    target = tmp_path / "banjarmasin.ttl"
    refused = run_cli("convert", ERRORS, "--out", target, "--lang", "en")
    assert refused.returncode == 1 and not target.exists()
    assert "did you mean berjalan" in " ".join(refused.stderr.split()) and "--force" in refused.stderr
    forced = run_cli("convert", ERRORS, "--out", target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (URIRef(program_iri("63.71", 2025, "BJM-11")), None, None) in Graph().parse(target, format="turtle")


# --- 11.7 a template a steward is glad to fill ------------------------------------------------------------------


def _checks(sheet) -> dict[str, object]:
    """Column letter → the data validation on that column's cells."""
    return {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation}


@pytest.fixture(scope="module")
def template_book(tmp_path_factory):
    from openpyxl import load_workbook

    return load_workbook(write_template(tmp_path_factory.mktemp("template") / "program.xlsx"))


def test_template_headers_are_bilingual_titles_with_the_machine_name_in_their_comment(template_book):
    sheet = template_book["Program"]
    for index, item in enumerate(columns(), start=1):
        header = sheet.cell(1, index)
        assert item.title("id") in header.value and item.title("en") in header.value
        assert header.comment.text.splitlines()[0] == item.name
    assert "Indikator" in template_book.sheetnames and template_book["lists"].sheet_state == "hidden"


def test_template_lists_are_wide_enough_and_the_region_list_takes_the_bare_code(template_book):
    from openpyxl.utils import get_column_letter

    sheet = template_book["Program"]
    names = [item.name for item in columns()]
    lists = _checks(sheet)
    initiative = get_column_letter(names.index("inisiatif") + 1)
    assert sheet.column_dimensions[initiative].width >= 40  # "MOB-01 · Sarana prasarana transportasi …" shows
    region = lists[get_column_letter(names.index("kode_wilayah") + 1)]
    cells = template_book["lists"][region.formula1.replace("$", "").split("!")[1]]
    entries = {row[0].value for row in cells}
    assert "63.71" in entries and any(str(entry).startswith("63.71 ") for entry in entries)


def test_template_checks_year_budget_and_dates_and_prints_landscape_on_one_width(template_book):
    from openpyxl.utils import get_column_letter

    sheet = template_book["Program"]
    names = [item.name for item in columns()]
    kinds = {letter: check.type for letter, check in _checks(sheet).items()}
    assert kinds[get_column_letter(names.index("tahun") + 1)] == "whole"
    assert kinds[get_column_letter(names.index("anggaran") + 1)] == "decimal"
    assert sheet.column_dimensions[get_column_letter(names.index("anggaran") + 1)].number_format != "General"
    assert (
        sheet.column_dimensions[get_column_letter(names.index("tanggal_mulai") + 1)].number_format == "@"
    )  # Maret 2018
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows.replace("$", "") == "1:1"


def test_a_filled_template_reads_back_under_its_human_titles_as_the_csv_does(tmp_path):
    from openpyxl import load_workbook

    path = write_template(tmp_path / "program.xlsx")
    book = load_workbook(path)
    for sheet, source in ((book["Program"], PUBLISHED), (book["Indikator"], INDICATORS)):
        header, *rows = csv_rows(source)
        order = {cell.comment.text.splitlines()[0]: cell.column for cell in sheet[1] if cell.comment}
        names = [
            next(
                item.name
                for item in columns(sheet.title == "Program" and "programs" or "indikator")
                if title in (item.name, item.title("id"), item.title("en"), *item.titles_id, *item.titles_en)
            )
            for title in header
        ]
        for number, row in enumerate(rows, start=2):
            for name, value in zip(names, row, strict=True):
                if value:
                    sheet.cell(number, order[name], value=value).data_type = "s"
    book.save(path)
    from_csv = validate_files([PUBLISHED, INDICATORS], lang="en")
    from_xlsx = validate_files([path], lang="en")
    assert sorted((r.row, r.column, r.shape) for r in from_xlsx.results) == sorted(
        (r.row, r.column, r.shape) for r in from_csv.results
    )


def test_usage_errors_are_in_the_language_asked_for():
    english = _one_line(run_cli("validate", PUBLISHED, "--fromat", "html", "--lang", "en"))
    assert "no such option: --fromat" in english and "opsi" not in english and "--format" in english
    indonesian = _one_line(run_cli("validate", PUBLISHED, "--lang", "id", "--fromat", "html"))
    assert "opsi tidak dikenal: --fromat" in indonesian and "no such option" not in indonesian
    both = _one_line(run_cli("convert"))
    assert "argumen wajib tidak ada" in both and "missing argument" in both


@pytest.mark.slow
def test_nothing_a_steward_reads_names_triples_iris_the_engine_or_shapes_unless_verbose(tmp_path):
    words = ("triple", "tripel", "http", "engine", "shape", "sh:", "kc:")
    plain = run_cli("validate", ERRORS, "--lang", "en")
    assert plain.returncode == 1
    assert not [word for word in words if word in plain.stdout.lower()], plain.stdout
    store = tmp_path / "store"
    loaded = run_cli("load", PUBLISHED, INDICATORS, "--store", store)
    assert loaded.returncode == 0, loaded.stderr
    said = (loaded.stdout + loaded.stderr).lower()
    assert "kota banjarmasin (63.71) 2025: 8 program" in said
    assert not [word for word in words if word in said], said
    verbose = run_cli("load", PUBLISHED, INDICATORS, "--store", tmp_path / "other", "--verbose")
    assert "triples" in verbose.stdout and "https://" in verbose.stdout


# --- 11.5 agencies: matched against those already loaded for the region -------------------------------------


def test_an_agency_loaded_before_keeps_its_name_when_a_later_file_spells_it_otherwise(tmp_path):
    earlier, later = tmp_path / "bjm-2024.csv", tmp_path / "bjm-2025.csv"
    header = "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,status\n"
    earlier.write_text(
        header + "BJM-21,63.71,2024,Reformasi Birokrasi Digital,Bagian Organisasi Setda Kota "
        "Banjarmasin,GOV-01,selesai\n",
        encoding="utf-8",
    )
    later.write_text(
        header + "BJM-31,63.71,2025,Evaluasi Kelembagaan Daring,BAGIAN ORGANISASI SETDA,GOV-01,berjalan\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert not load_files([earlier], store, agent="test").refused
        outcome = load_files([later], store, agent="test", lang="en")
        assert not outcome.refused
        known = agency_iri("63.71", "Bagian Organisasi Setda Kota Banjarmasin")
        answer = store.select(
            f"SELECT ?agency WHERE {{ <{program_iri('63.71', 2025, 'BJM-31')}> <{KC.agency}> ?agency }}"
        )
        assert [str(row[0]) for row in answer.rows] == [known]
        warning = [r for r in outcome.validation.results if r.shape == KCP + "AgencyNameReading"]
        assert [(r.row, r.severity) for r in warning] == [(2, "Warning")]
        assert "Bagian Organisasi Setda Kota Banjarmasin" in warning[0].message
    finally:
        store.close()
    # without the store, the new spelling would have been another agency
    alone = validate_files([later])
    assert not [r for r in alone.results if r.shape == KCP + "AgencyNameReading"]
