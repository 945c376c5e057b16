"""Files LibreOffice itself wrote, read as the CSV they came from (the rule: real parts where users use them).
The examples and a filled template, saved by ``soffice --convert-to xlsx`` and ``ods``, give the CSV's triples and
results; a CSV LibreOffice imported in English and in Indonesian (its filter typing ``1.120``, ``50%``,
``Juni 2019``) gives issue 22's results as each locale typed the cells; cells formatted as a month, and counts and
percentages stored as fractions, keep their results once LibreOffice has saved them (``mmmm\\ yyyy`` in its XLSX,
``June 2019``/``Juni 2019`` as an ODS cell's text). What LibreOffice wrote: ``tests/libreoffice.py``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import XSD

from kg.core.namespaces import SCHEMA, program_iri
from kg.core.resources import resource_path
from kg.submissions.convert import convert_files
from kg.submissions.validation import validate_files
from libreoffice import convert, csv_filter
from spreadsheet_files import csv_rows, write_xlsx
from submission_helpers import DATA, run_cli
from test_spreadsheet_changes import _month_rows, _spreadsheet_rows

pytestmark = pytest.mark.slow
KCP = "https://w3id.org/kotacerdas/shapes/programs#"


def _results(files: list[Path]) -> list[tuple]:
    outcome = validate_files(files, lang="en")
    return sorted((r.table, r.row, r.column, r.severity, r.shape.removeprefix(KCP), r.message) for r in outcome.results)


def _graph(files: list[Path]) -> Graph:
    graph = Graph()
    for conversion in convert_files(files):
        graph.parse(data=conversion.ntriples.decode(), format="nt")
    return graph


def _groups(paths: list[Path]) -> list[list[int]]:
    """The examples submitted together (a programs file and its indicators file), as indexes into ``paths``."""
    names = [path.stem for path in paths]
    return [
        [index] + [names.index(other) for other in names if other == f"{name}-indikator"]
        for index, name in enumerate(names)
        if not name.endswith("-indikator")
    ]


def test_the_examples_libreoffice_saved_give_the_csvs_triples_and_results(tmp_path):
    examples = sorted(resource_path("examples").glob("*.csv"))
    saved = {kind: convert(examples, kind, tmp_path / kind) for kind in ("xlsx", "ods")}
    for group in _groups(examples):
        from_csv = [examples[index] for index in group]
        expected, triples = _results(from_csv), to_isomorphic(_graph(from_csv))
        for kind, files in saved.items():
            from_libreoffice = [files[index] for index in group]
            assert _results(from_libreoffice) == expected, (kind, from_csv)
            assert to_isomorphic(_graph(from_libreoffice)) == triples, (kind, from_csv)
    store = tmp_path / "store"
    loaded = run_cli("load", *(path for path in saved["ods"] if "kesalahan" not in path.name), "--store", store)
    assert loaded.returncode == 0, loaded.stderr


def _filled_template(path: Path) -> Path:
    """The XLSX template filled with Banjarmasin's programs and indicators, typed as text (as a steward does)."""
    from openpyxl import load_workbook

    from kg.submissions.template import columns
    from kg.submissions.template_writer import write_template

    book = load_workbook(write_template(path))
    for sheet, source in ((book["Program"], PUBLISHED), (book["Indikator"], INDICATORS)):
        header, *rows = csv_rows(source)
        order = {cell.comment.text.splitlines()[0]: cell.column for cell in sheet[1] if cell.comment}
        table = "programs" if sheet.title == "Program" else "indikator"
        names = [
            next(
                item.name
                for item in columns(table)
                if title in (item.name, item.title("id"), item.title("en"), *item.titles_id, *item.titles_en)
            )
            for title in header
        ]
        for number, row in enumerate(rows, start=2):
            for name, value in zip(names, row, strict=True):
                if value:
                    sheet.cell(number, order[name], value=value).data_type = "s"
    book.save(path)
    return path


PUBLISHED = DATA / "banjarmasin-2025-published.csv"
INDICATORS = DATA / "banjarmasin-2025-indikator.csv"


def test_the_template_libreoffice_saved_reads_as_the_csv(tmp_path):
    empty = run_cli("template", "--out", tmp_path / "kosong.xlsx")
    assert empty.returncode == 0, empty.stderr
    filled = _filled_template(tmp_path / "program.xlsx")
    files = [*convert([filled, tmp_path / "kosong.xlsx"], "ods", tmp_path / "ods")]
    files += convert([filled, tmp_path / "kosong.xlsx"], "xlsx", tmp_path / "xlsx")
    expected = _results([PUBLISHED, INDICATORS])
    assert len(expected) > 10  # the published file's readings and the indicators' results
    triples = to_isomorphic(_graph([PUBLISHED, INDICATORS]))
    for saved in files:
        if saved.stem == "program":
            assert _results([saved]) == expected, saved
            assert to_isomorphic(_graph([saved])) == triples, saved
        else:  # the empty template, saved by LibreOffice: still "no data rows", one line, exit 2
            shown = run_cli("validate", saved)
            assert shown.returncode == 2 and "no data rows below the header" in shown.stderr, shown.stderr


#: A steward's programs and indicators as typed into a CSV, before a spreadsheet opens it.
STEWARD_PROGRAMS = """id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status,\
tanggal_mulai,tanggal_selesai
JMB-31,15.71,2025,Jambi Smart Service,Diskominfo,GOV-04,"Rp 3,5 Milyar",berjalan,Juni 2019,Desember 2025
JMB-32,15.71,2025,Sekolah Digital,Disdik,SOC-01,Rp 750 juta,berjalan,15/08/2019,
"""
STEWARD_INDICATORS = """id_program,indikator,satuan,arah,baseline,target,realisasi
JMB-31,Pekerja terlatih,orang,naik,,1500,1.120
JMB-32,Sekolah terhubung internet,persen,naik,40,85%,50%
"""
#: What both locales say alike: the budgets in words read with their scale, the agencies' short names.
COMMON = [
    ("programs", 2, "anggaran", "Info", "AmountScaleReading"),
    ("programs", 2, "perangkat_daerah", "Info", "AgencyAbbreviationReading"),
    ("programs", 3, "anggaran", "Info", "AmountScaleReading"),
    ("programs", 3, "perangkat_daerah", "Info", "AgencyAbbreviationReading"),
    ("indikator", 3, "realisasi", "Warning", "PercentFractionReading"),  # 50%: 0.5 beside baseline 40
    ("indikator", 3, "target", "Warning", "PercentFractionReading"),  # 85%: 0.85, no "target below baseline"
]
BY_LOCALE = {
    # English: 1.120 is the number 1.12 (one warning suggesting 1120); Juni is no English month, so the cells
    # stay text, read as the month
    "en-US": [
        ("indikator", 2, "realisasi", "Warning", "CountFractionReading"),
        ("programs", 2, "tanggal_mulai", "Info", "DateWordsReading"),
        ("programs", 2, "tanggal_selesai", "Info", "DateWordsReading"),
    ],
    # Indonesian: 1.120 is 1120 (nothing to say); Juni 2019 is typed as a date (below)
    "id-ID": [],
}


@pytest.mark.parametrize("locale", ["en-US", "id-ID"])
def test_a_csv_libreoffice_typed_gives_issue_22s_results(tmp_path, locale):
    programs, indicators = tmp_path / "jambi-program.csv", tmp_path / "jambi-indikator.csv"
    programs.write_text(STEWARD_PROGRAMS, encoding="utf-8")
    indicators.write_text(STEWARD_INDICATORS, encoding="utf-8")
    for kind in ("xlsx", "ods"):
        files = convert([programs, indicators], kind, tmp_path / kind, locale=locale, infilter=csv_filter(locale))
        said = _results(files)
        assert sorted(result[:5] for result in said) == sorted(COMMON + BY_LOCALE[locale]), kind
        messages = {result[1:3]: result[5] for result in said}
        assert messages[(3, "realisasi")] == (
            "Achieved 0.5 percent beside Baseline 40: a spreadsheet may have stored 50% as 0.5; if 50 was meant, "
            "write 50"
        )
        graph = _graph(files)
        first, second = (URIRef(program_iri("15.71", 2025, name)) for name in ("JMB-31", "JMB-32"))
        # 15/08/2019: no US date, so text the readers read as the day; in Indonesian a date cell
        assert graph.value(second, SCHEMA.startDate) == Literal("2019-08-15", datatype=XSD.date)
        if locale == "en-US":
            assert "if 1120 was meant, write 1120 without the dot" in messages[(2, "realisasi")]
            assert graph.value(first, SCHEMA.startDate) == Literal("2019-06", datatype=XSD.gYearMonth)
        else:
            # LibreOffice's CSV import in Indonesian stores Juni 2019 as the day 2019-06-01 in the locale's
            # short date format (dd/mm/yy, shown 01/06/19): the file keeps no trace of a month, so no reader
            # can tell it from a day typed as such; a cell typed as a month keeps its format (the test below)
            assert graph.value(first, SCHEMA.startDate) == Literal("2019-06-01", datatype=XSD.date)


@pytest.mark.parametrize("locale", ["en-US", "id-ID"])
def test_month_and_fraction_cells_keep_their_results_once_libreoffice_saved_them(tmp_path, locale):
    sources = [
        write_xlsx(tmp_path / "jambi-bulan.xlsx", {"Program": _month_rows("xlsx")}),
        write_xlsx(tmp_path / "jambi-nilai.xlsx", _spreadsheet_rows()),
    ]
    expected = [_results([source]) for source in sources]
    months = [result[1:5] for result in expected[0] if result[2] in ("tanggal_mulai", "tanggal_selesai")]
    assert months == [
        (2, "tanggal_mulai", "Info", "MonthCellReading"),
        (2, "tanggal_selesai", "Info", "MonthCellReading"),
    ]
    assert [result[1:5] for result in expected[1] if result[0] == "indikator"] == [
        (2, "realisasi", "Warning", "CountFractionReading"),
        (3, "realisasi", "Warning", "PercentFractionReading"),
        (3, "target", "Warning", "PercentFractionReading"),
    ]
    ods = convert(sources, "ods", tmp_path / "ods", locale=locale)
    xlsx = convert(sources, "xlsx", tmp_path / "xlsx", locale=locale)
    for saved in (ods, xlsx):
        assert [_results([path]) for path in saved] == expected, saved
        graph = _graph([saved[0]])
        first = URIRef(program_iri("15.71", 2025, "JMB-31"))
        assert graph.value(first, SCHEMA.startDate) == Literal("2019-06", datatype=XSD.gYearMonth)
        assert graph.value(first, SCHEMA.endDate) == Literal("2025-12", datatype=XSD.gYearMonth)
    shutil.rmtree(tmp_path / "ods")


def test_a_note_a_steward_put_on_a_cell_is_no_part_of_its_value(tmp_path):
    """LibreOffice writes a cell's comment inside the cell in an ODS (``office:annotation`` and its paragraphs,
    before the cell's own): the ODS reader took the note for the value (``cek lagi`` + ``berjalan``)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    source = resource_path("examples", "contoh-kota-bandung.csv")
    book = Workbook()
    sheet = book.active
    sheet.title = "Program"
    for row in csv_rows(source):
        sheet.append(row)
    header = [cell.value for cell in sheet[1]]
    for column, note in (("status", "cek lagi: belum final\nto check"), ("nama_program", "nama resmi / official")):
        sheet.cell(2, header.index(column) + 1).comment = Comment(note, "Pengelola data")
    for cell in (cell for row in sheet.iter_rows() for cell in row):
        cell.data_type = "s"  # typed as text, as the CSV holds them
    path = tmp_path / "bandung-catatan.xlsx"
    book.save(path)
    expected = _results([source])
    for kind in ("ods", "xlsx"):
        (saved,) = convert([path], kind, tmp_path / kind)
        assert _results([saved]) == expected, kind
        assert to_isomorphic(_graph([saved])) == to_isomorphic(_graph([source])), kind
