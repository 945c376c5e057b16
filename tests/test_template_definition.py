"""The template is defined once, in CSVW metadata, and the XLSX/CSV templates are derived from it."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from kg.core.errors import InputError
from kg.core.namespaces import KC
from kg.framework import concepts as framework
from kg.framework.regions import regions
from kg.submissions.template import code_iris, column, column_for_property, column_for_title, columns, required_columns
from kg.submissions.template_writer import write_template

# docs/design.md's template columns, in order (the contract the metadata must honour)
DESIGN_COLUMNS = [
    "id_program",
    "kode_wilayah",
    "tahun",
    "nama_program",
    "perangkat_daerah",
    "inisiatif",
    "anggaran",
    "status",
    "tanggal_mulai",
    "tanggal_selesai",
    "kelompok_sasaran",
    "indikator",
    "satuan",
    "target",
    "realisasi",
]


# the columns issue 11 added after them (budget levels, funding, the region's own pillar), and issue 21 the
# source pages (sumber)
ADDED_COLUMNS = [
    "realisasi_anggaran",
    "sumber_dana",
    "pilar_kominfo",
    "tingkat",
    "induk",
    "kode_nomenklatur",
    "sumber",
    "indikator_bersama",
]


def test_metadata_defines_the_design_columns_in_order():
    assert [item.name for item in columns()] == DESIGN_COLUMNS + ADDED_COLUMNS
    # the budget and the status are optional: public sources often publish neither (an empty one is a Warning)
    assert required_columns() == ["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif"]
    assert column("inisiatif").separator == ";" and column("kelompok_sasaran").separator == ";"
    assert column("anggaran").datatype == "decimal" and column("tanggal_mulai").datatype == "date"
    assert column("tanggal_mulai").partial_dates  # a month or a year, as sources give them


def test_every_column_has_titles_descriptions_and_a_property_in_both_languages():
    for item in columns():
        assert item.titles_id and item.titles_en, item.name
        assert item.description_id and item.description_en, item.name
        assert item.property.startswith("http"), item.name
    # a result's path maps back to one column, per resource kind (program or indicator)
    assert column_for_property()[("program", str(KC.plannedBudget))] == "anggaran"
    assert column_for_property()[("indicator", "http://www.w3.org/2000/01/rdf-schema#label")] == "indikator"
    assert column_for_property()[("program", "http://www.w3.org/2000/01/rdf-schema#label")] == "nama_program"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Kode Wilayah", "kode_wilayah"),
        ("region code", "kode_wilayah"),
        ("  BUDGET ", "anggaran"),
        ("Tahun Anggaran", "tahun"),
        ("program_id", "id_program"),
        ("Beneficiaries", "kelompok_sasaran"),
    ],
)
def test_header_titles_in_indonesian_or_english_name_their_column(title, name):
    assert column_for_title(title) == name


def test_code_lists_come_from_the_ontology_and_the_registry():
    assert list(code_iris(column("status"))) == list(framework.status_codes())
    assert list(code_iris(column("inisiatif"))) == framework.initiative_notations()
    assert set(code_iris(column("kode_wilayah"))) == set(regions())


def test_xlsx_template_has_indonesian_header_dropdowns_and_a_bilingual_guide(tmp_path):
    path = write_template(tmp_path / "templat.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    # bilingual titles, the machine name first in each title's comment
    assert [cell.comment.text.splitlines()[0] for cell in sheet[1]] == DESIGN_COLUMNS + ADDED_COLUMNS
    assert [cell.value for cell in sheet[1]][:2] == ["ID Program / Program ID", "Kode Wilayah / Region code"]
    assert sheet.freeze_panes == "B2"  # the header and the program id stay in view
    lists = workbook["lists"]
    assert lists.sheet_state == "hidden"
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    letters = {item.name: chr(ord("A") + index) for index, item in enumerate(columns())}
    for name in ("kode_wilayah", "inisiatif", "status", "kelompok_sasaran"):
        validation = validations[f"{letters[name]}2"]
        assert validation.type == "list" and validation.formula1.startswith("=lists!")
        source_column = validation.formula1.split("!$")[1].split("$")[0]
        entries = [c.value for c in lists[source_column][1:] if c.value]
        # the region list also holds each bare code, so that a typed "32.74" passes Excel's check
        assert len(entries) == len(code_iris(column(name))) * (2 if name == "kode_wilayah" else 1)
    region_entries = [c.value for row in lists.iter_rows() for c in row if isinstance(c.value, str)]
    assert "32.73 – Kota Bandung" in region_entries  # codes with names
    guide = workbook["Petunjuk - Guide"]
    guide_rows = {(row[0], row[1]): row for row in guide.iter_rows(min_row=2, values_only=True) if row[1]}
    for item in columns():
        assert guide_rows[("Program", item.name)][5] == item.description_id
        assert guide_rows[("Program", item.name)][6] == item.description_en


def test_csv_template_is_a_utf8_header_row(tmp_path):
    path = write_template(tmp_path / "templat.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [DESIGN_COLUMNS + ADDED_COLUMNS]


def test_template_refuses_another_suffix_and_leaves_nothing(tmp_path):
    with pytest.raises(InputError):
        write_template(tmp_path / "templat.ods")
    assert list(tmp_path.iterdir()) == []


def test_xlsx_template_has_the_source_column_as_text_with_an_address_check(tmp_path):
    sheet = load_workbook(write_template(tmp_path / "templat.xlsx")).worksheets[0]
    letter = chr(ord("A") + [item.name for item in columns()].index("sumber"))
    assert sheet[f"{letter}1"].value == "Sumber / Source"
    assert sheet.column_dimensions[letter].number_format == "@"
    check = next(v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2"))
    assert check.type == "custom" and "LEFT(" in check.formula1 and check.errorStyle == "information"
    assert column("sumber").separator == ";" and column("sumber").property == "http://www.w3.org/ns/prov#wasDerivedFrom"
