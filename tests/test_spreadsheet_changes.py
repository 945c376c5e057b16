"""Issue 22, item 4: values a spreadsheet changed on the way, each with one clear result. A count (orang, kali)
written ``1.120`` is 1,120 without a "two readings" warning; a count stored as a fraction (``1.120`` typed into an
English LibreOffice or Excel: the number 1.12) and a persen value stored as a fraction (``50%``: 0.5) beside values
above 1 get one Warning each, in place of the direction warning they would cause; a CSV row with an unquoted decimal
comma (``Rp 3,5 Milyar``) gets one Violation naming the likely cause, instead of a Violation per shifted cell."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.core.namespaces import KC
from kg.submissions.convert import convert_files
from kg.submissions.validation import validate_files
from spreadsheet_files import csv_rows, write_ods, write_xlsx
from submission_helpers import DATA, run_cli

FORMS = DATA / "jambi-2025-forms.csv"
INDICATORS = DATA / "jambi-2025-indikator.csv"
UNQUOTED = DATA / "jambi-2025-unquoted-comma.csv"
KCP = "https://w3id.org/kotacerdas/shapes/programs#"


def _results(outcome, table: str = "indikator") -> list[tuple[int, str | None, str, str]]:
    return [(r.row, r.column, r.severity, r.shape.removeprefix(KCP)) for r in outcome.results if r.table == table]


def test_a_count_written_with_a_thousands_dot_has_one_reading():
    outcome = validate_files([FORMS, INDICATORS], lang="en")
    assert _results(outcome) == []  # no "two readings" warning for 1.120 orang, 20.000 kali, 1.500 orang
    graph = Graph().parse(data=convert_files([FORMS, INDICATORS])[0].ntriples.decode(), format="nt")
    assert set(graph.objects(None, KC.target)) >= {
        Literal("1120", datatype=XSD.decimal),
        Literal("20000", datatype=XSD.decimal),
        Literal("1500", datatype=XSD.decimal),
    }


def _spreadsheet_rows() -> dict[str, list[list[object]]]:
    """The programs, and indicators as a spreadsheet in English holds them: 1.120 typed as the number 1.12, 50%
    and 85% stored as 0.5 and 0.85."""
    return {
        "Program": [list(row) for row in csv_rows(FORMS)],
        "Indikator": [
            ["id_program", "indikator", "satuan", "arah", "baseline", "target", "realisasi"],
            ["JMB-01", "Pekerja terlatih", "orang", "naik", None, 1500, 1.12],
            ["JMB-04", "Sekolah terhubung internet", "persen", "naik", 40, 0.85, 0.5],
        ],
    }


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_values_a_spreadsheet_changed_get_one_result_each(tmp_path, kind):
    writer = write_xlsx if kind == "xlsx" else write_ods
    path = writer(tmp_path / f"jambi.{kind}", _spreadsheet_rows())
    outcome = validate_files([path], lang="en")
    assert _results(outcome) == [
        (2, "realisasi", "Warning", "CountFractionReading"),
        (3, "target", "Warning", "PercentFractionReading"),  # no "target below baseline" beside it
        (3, "realisasi", "Warning", "PercentFractionReading"),
    ]
    messages = {(r.row, r.column): r.message for r in outcome.results if r.table == "indikator"}
    assert messages[(2, "realisasi")] == (
        "Achieved 1.12 orang is not a whole number although its unit counts: a spreadsheet in English may have "
        "read 1120 (thousands, with a dot) as a fraction; if 1120 was meant, write 1120 without the dot or format "
        "the cell as text"
    )
    assert messages[(3, "realisasi")] == (
        "Achieved 0.5 percent beside Baseline 40: a spreadsheet may have stored 50% as 0.5; if 50 was meant, write 50"
    )


def test_an_unquoted_decimal_comma_gets_one_result_naming_it():
    outcome = validate_files([UNQUOTED], lang="en")
    on_row = [r for r in outcome.results if r.row == 2]
    assert [(r.severity, r.shape.removeprefix(KCP)) for r in on_row] == [("Violation", "CsvExtraFieldsReading")]
    assert on_row[0].message == (
        "This row has 1 more field than the header, so its values are shifted and the row is not read: most likely "
        "an unquoted decimal comma: 'Rp 3,5 Milyar' was read as two columns; write \"Rp 3,5 Milyar\" in quotes (or "
        "without the comma)"
    )
    assert not [r for r in outcome.results if r.row == 3 and r.severity == "Violation"]
    shown = run_cli("validate", UNQUOTED, "--lang", "id", "--format", "json")
    assert shown.returncode == 1
    assert "kemungkinan besar koma desimal tanpa tanda kutip: 'Rp 3,5 Milyar'" in shown.stdout


#: Indicators of Jambi as a region writes them: a count of services with a decimal comma (95,5 layanan), a
#: count stored as a fraction by a spreadsheet in English (1.12 orang), a decimal that is no count (2,5 km).
COMMA_COUNT = [
    ["id_program", "indikator", "satuan", "arah", "baseline", "target", "realisasi"],
    ["JMB-01", "Layanan daring terintegrasi", "layanan", "naik", "", "120", "95,5"],
    ["JMB-01", "Pekerja terlatih", "orang", "naik", "", "1500", "1.12"],
    ["JMB-04", "Panjang jaringan serat optik", "km", "naik", "", "3", "2,5"],
]


def _comma_count_file(tmp_path, kind: str):
    if kind == "csv":
        path = tmp_path / "jambi-indikator.csv"
        path.write_text(
            "\n".join(",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in COMMA_COUNT) + "\n",
            encoding="utf-8",
        )
        return [FORMS, path]
    writer = write_xlsx if kind == "xlsx" else write_ods
    return [writer(tmp_path / f"jambi.{kind}", {"Program": csv_rows(FORMS), "Indikator": COMMA_COUNT})]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "ods"])
def test_a_count_written_with_a_decimal_comma_gets_the_fraction_warning(tmp_path, kind):
    outcome = validate_files(_comma_count_file(tmp_path, kind), lang="en")
    assert _results(outcome) == [
        (2, "realisasi", "Warning", "CountFractionReading"),  # 95,5 layanan: the steward's own fraction
        (3, "realisasi", "Warning", "CountFractionReading"),  # 1.12 orang: likely 1120
    ]  # 2,5 km is no count: nothing said
    messages = {r.row: r.message for r in outcome.results if r.table == "indikator"}
    assert messages[2] == "Achieved 95.5 layanan is not a whole number although its unit counts: write a whole number"
    assert "may have read 1120 (thousands, with a dot) as a fraction" in messages[3]
    said = validate_files(_comma_count_file(tmp_path, kind), lang="id")
    assert [r.message for r in said.results if r.table == "indikator" and r.row == 2] == [
        "Realisasi 95,5 layanan bukan bilangan bulat, padahal satuannya cacah: tulis bilangan bulat"
    ]


#: Programs of Jambi with dates as a spreadsheet changed them: Juni 2019 typed (a month) became the date
#: 2019-06-01 shown as "Juni 2019" (mmmm yyyy), and its CSV export wrote the month as the sheet showed it.
MONTH_HEADER = [
    "id_program",
    "kode_wilayah",
    "tahun",
    "nama_program",
    "perangkat_daerah",
    "inisiatif",
    "status",
    "tanggal_mulai",
    "tanggal_selesai",
]


def _month_rows(kind: str) -> list[list[object]]:
    import datetime as dt

    from spreadsheet_files import Shown

    if kind == "csv":  # as Excel (mmm-yy) and LibreOffice (MMMM YYYY) write a month cell into a CSV
        started, ended, day = "Juni 2019", "Des-25", "15/08/2019"
    else:
        started = Shown(dt.date(2019, 6, 1), "Juni 2019", "mmmm yyyy")
        ended = Shown(dt.date(2025, 12, 1), "Des-25", "mmm-yy")
        day = Shown(dt.date(2019, 8, 15), "15/08/2019", "dd/mm/yyyy")  # a day shown as a day: a date, silently
    return [
        MONTH_HEADER,
        ["JMB-31", "15.71", "2025", "Jambi Smart Service", "Diskominfo", "GOV-04", "berjalan", started, ended],
        ["JMB-32", "15.71", "2025", "Sensor Kualitas Udara", "Diskominfo", "ENV-03", "berjalan", day, ""],
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "ods"])
def test_a_month_a_spreadsheet_stored_as_its_first_day_is_read_as_the_month(tmp_path, kind):
    from kg.core.namespaces import SCHEMA, program_iri

    rows = _month_rows(kind)
    if kind == "csv":
        path = tmp_path / "jambi-bulan.csv"
        path.write_text("\n".join(",".join(str(cell) for cell in row) for row in rows) + "\n", encoding="utf-8")
    else:
        path = (write_xlsx if kind == "xlsx" else write_ods)(tmp_path / f"jambi-bulan.{kind}", {"Program": rows})
    outcome = validate_files([path], lang="en")
    said = {
        (r.row, r.column): (r.severity, r.shape.removeprefix(KCP), r.message)
        for r in outcome.results
        if r.column in ("tanggal_mulai", "tanggal_selesai")
    }
    rule = "DateWordsReading" if kind == "csv" else "MonthCellReading"
    assert set(said) == {(2, "tanggal_mulai"), (2, "tanggal_selesai")}  # the day 15/08/2019: nothing to say
    assert all(severity == "Info" and shape == rule for severity, shape, _ in said.values())
    if kind == "csv":
        assert said[(2, "tanggal_selesai")][2] == "End date 'Des-25' read as the month 2025-12"
    else:
        assert said[(2, "tanggal_mulai")][2] == (
            "Start date 2019-06-01 is a date cell shown as a month and year only: read as the month 2019-06, not "
            "the day 2019-06-01"
        )
        indonesian = validate_files([path], lang="id")
        assert any(
            r.message.startswith(
                "Tanggal Mulai 2019-06-01 adalah sel tanggal yang ditampilkan sebagai "
                "bulan dan tahun saja: dibaca sebagai bulan 2019-06"
            )
            for r in indonesian.results
        )
    graph = Graph().parse(data=convert_files([path])[0].ntriples.decode(), format="nt")
    first, second = (URIRef(program_iri("15.71", 2025, name)) for name in ("JMB-31", "JMB-32"))
    assert graph.value(first, SCHEMA.startDate) == Literal("2019-06", datatype=XSD.gYearMonth)  # no invented day
    assert graph.value(first, SCHEMA.endDate) == Literal("2025-12", datatype=XSD.gYearMonth)
    assert graph.value(second, SCHEMA.startDate) == Literal("2019-08-15", datatype=XSD.date)
