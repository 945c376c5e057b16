"""Amounts, numbers and dates as Indonesian stewards write them (kg.submissions.readings)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.submissions.readings import (
    AMBIGUOUS_NUMBER,
    AMOUNT_SCALE,
    APPROXIMATE_AMOUNT,
    DATE_WORDS,
    ENGLISH,
    INDONESIAN,
    NUMBER_SCALE,
    PERCENT_SIGN,
    column_convention,
    read_date,
    read_number,
)


@pytest.mark.parametrize(
    ("written", "lexical", "rule"),
    [
        ("Rp 13,5 Miliar", "13500000000", AMOUNT_SCALE),
        ("Rp1,5 M", "1500000000", AMOUNT_SCALE),
        ("Rp 1.500.000.000,-", "1500000000", None),
        ("1,5 juta", "1500000", AMOUNT_SCALE),
        ("250 jt", "250000000", AMOUNT_SCALE),
        ("2 T", "2000000000000", AMOUNT_SCALE),
        ("2,5 triliun", "2500000000000", AMOUNT_SCALE),
        ("750 ribu", "750000", AMOUNT_SCALE),
        ("Rp. 500.000,00", "500000", None),
        ("IDR 1,250,000", "1250000", None),
        ("1 250 000", "1250000", None),
        ("Rp 107 miliar lebih", "107000000000", APPROXIMATE_AMOUNT),
        ("sekitar Rp 2 M", "2000000000", APPROXIMATE_AMOUNT),
        ("± 1,5 juta", "1500000", APPROXIMATE_AMOUNT),
        ("> Rp 10 M", "10000000000", APPROXIMATE_AMOUNT),
        (2.5e8, "250000000", None),
        (1250000000, "1250000000", None),
    ],
)
def test_amounts_in_every_usual_form(written, lexical, rule):
    reading = read_number(written, amount=True)
    assert (reading.lexical, reading.rule) == (lexical, rule)
    assert reading.approximate == (rule == APPROXIMATE_AMOUNT)


@pytest.mark.parametrize("written", ["dua miliar", "1.2.3,4,5", "Rp", "12 kambing", "1,5 M", "12 m", "3 t", "5 k"])
def test_what_is_not_a_number_is_not_read(written):
    assert read_number(written).lexical is None  # letters for scales only in an amount column (12 m: metres?)


@pytest.mark.parametrize(
    ("written", "lexical"),
    [("12 ribu", "12000"), ("1,5 juta", "1500000"), ("Rp17 miliar", "17000000000"), ("250 rb", "250000")],
)
def test_an_indicator_value_with_a_scale_word_is_read_and_said_back(written, lexical):
    """As the public record's Kupang (12 ribu sambungan rumah) and Surabaya (Rp17 miliar a month) write them."""
    reading = read_number(written)
    assert (reading.lexical, reading.rule) == (lexical, NUMBER_SCALE)


def test_a_target_with_a_scale_word_is_an_info_with_the_figure_read(tmp_path):
    from kg.submissions.validation import validate_files

    path = tmp_path / "53.71-2022.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,inisiatif,status,indikator,satuan,target,realisasi\n"
        "PR-001,53.71,2022,SPAM Kali Dendeng,ENV-01,selesai,sambungan rumah,SR,12 ribu,1000\n",
        encoding="utf-8",
    )
    for lang, said in (("id", "dibaca sebagai 12.000"), ("en", "read as 12,000")):
        outcome = validate_files([path], lang=lang)
        assert not outcome.has_violations
        target = [r for r in outcome.results if r.column == "target"]
        assert [(r.row, r.severity) for r in target] == [(2, "Info")] and said in target[0].message


def test_one_group_of_three_digits_is_ambiguous_and_follows_the_columns_convention():
    dot, comma = read_number("1.500"), read_number("1,500")
    assert (dot.lexical, dot.alternative, dot.rule) == ("1500", "1.5", AMBIGUOUS_NUMBER)
    assert (comma.lexical, comma.alternative) == ("1.5", "1500")  # the Indonesian way: comma = decimals
    english = read_number("1,500", convention=ENGLISH)
    assert (english.lexical, english.alternative, english.by_column) == ("1500", "1.5", True)
    assert read_number("2.5").lexical == "2.5" and read_number("2,75").lexical == "2.75"


def test_a_columns_convention_is_what_its_other_values_show():
    assert column_convention(["1.250.000", "1.500", "3"]) == INDONESIAN
    assert column_convention(["2,75", "1.500"]) == INDONESIAN
    assert column_convention(["2.5", "1,500"]) == ENGLISH
    assert column_convention(["2.5", "2,75"]) is None  # both: no convention, the Indonesian default
    assert column_convention(["1.500", 12]) is None


@pytest.mark.parametrize(
    ("written", "lexical", "datatype", "rule"),
    [
        ("2025-01-15", "2025-01-15", "date", None),
        ("15/01/2025", "2025-01-15", "date", None),
        ("1 Juli 2025", "2025-07-01", "date", DATE_WORDS),
        ("Selasa, 1 Juli 2025", "2025-07-01", "date", DATE_WORDS),
        ("01 Agustus 2024", "2024-08-01", "date", DATE_WORDS),
        ("1 Jul 2025", "2025-07-01", "date", DATE_WORDS),
        ("Maret 2018", "2018-03", "gYearMonth", DATE_WORDS),
        ("Nopember 2019", "2019-11", "gYearMonth", DATE_WORDS),
        ("2018-03", "2018-03", "gYearMonth", None),
        ("03/2018", "2018-03", "gYearMonth", DATE_WORDS),
        ("2018", "2018", "gYear", None),
        (2018, "2018", "gYear", None),
        (dt.date(2025, 7, 1), "2025-07-01", "date", None),
    ],
)
def test_dates_months_and_years(written, lexical, datatype, rule):
    reading = read_date(written, partial=True)
    assert (reading.lexical, reading.datatype, reading.rule) == (lexical, datatype, rule)


@pytest.mark.parametrize("written", ["2025-02-30", "31/02/2025", "besok", "Maret", "13/2025", "1 Juli"])
def test_what_is_not_a_date_is_not_read(written):
    assert read_date(written, partial=True).lexical is None


def test_a_month_or_a_year_only_where_the_column_takes_them():
    assert read_date("Maret 2018").lexical is None and read_date("2018").lexical is None


def test_a_region_name_in_the_code_column_with_an_indicator_is_a_result_not_an_internal_error(tmp_path):
    """The assessment's region (s4city:assesses) is built from the cell as read: a name with spaces is
    percent-encoded like every IRI of the row, so the file gets its Violation on kode_wilayah (exit 1)."""
    import json

    from serve_helpers import kotacerdas_in_process

    path = tmp_path / "nama-wilayah.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,status,indikator,satuan,target\n"
        "P1,Kota Bandung,2025,Bank Sampah,DLH,ENV-03,berjalan,Jumlah bank sampah,unit,10\n",
        encoding="utf-8",
    )
    done = kotacerdas_in_process("validate", str(path), "--format", "json")
    assert done.returncode == 1, done.stderr
    results = json.loads(done.stdout)["results"]
    assert any(r["column"] == "kode_wilayah" and r["severity"] == "Violation" for r in results)


def test_a_month_a_spreadsheet_made_is_read_as_the_month():
    import datetime as dt

    from kg.submissions import readings

    shown = readings.month_date(dt.datetime(2019, 6, 1))  # Juni 2019 typed, 2019-06-01 stored, mmmm yyyy shown
    assert readings.read_date(shown, partial=True) == readings.Reading(
        "2019-06", "gYearMonth", rule=readings.MONTH_CELL
    )
    # a column taking whole dates only: its first day, said as a Warning (kcp:MonthAsDayReading)
    assert readings.read_date(shown) == readings.Reading("2019-06-01", "date", rule=readings.MONTH_AS_DAY)
    assert readings.read_date(dt.datetime(2019, 6, 1), partial=True) == readings.Reading("2019-06-01", "date")
    for written, month in (("Jun-19", "2019-06"), ("Des-25", "2025-12"), ("Agu-19", "2019-08")):
        assert readings.read_date(written, partial=True).lexical == month  # mmm-yy written into a CSV
    assert readings.read_date("19-Jun", partial=True).lexical is None  # a day and a month: no year


@pytest.mark.parametrize(("written", "lexical"), [("50%", "50"), ("82,5 %", "82.5"), ("100 %", "100")])
def test_a_percent_typed_as_text_is_read_in_percent(written, lexical):
    """A CSV (or a text cell) holding 50% gave 'not a number'; a spreadsheet's percent cell is read already."""
    reading = read_number(written)
    assert (reading.lexical, reading.rule) == (lexical, PERCENT_SIGN)
    assert read_number("50%", amount=True).lexical is None  # a budget is rupiah, never a percentage


def test_a_percent_sign_beside_another_unit_is_a_warning(tmp_path):
    from kg.submissions.validation import validate_files

    path = tmp_path / "35.78-2025.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,inisiatif,status,indikator,satuan,target,realisasi\n"
        'P-1,35.78,2025,Layanan daring,GOV-03,berjalan,kepuasan masyarakat,persen,85%,"82,5 %"\n'
        "P-2,35.78,2025,Posyandu digital,LIV-05,berjalan,posyandu terhubung,unit,50%,20\n",
        encoding="utf-8",
    )
    outcome = validate_files([path], lang="en")
    assert not outcome.has_violations
    said = {(r.row, r.column): (r.severity, r.message) for r in outcome.results if r.column in ("target", "realisasi")}
    assert said[(2, "target")] == ("Info", "Target '85%' read as 85 percent")
    assert said[(2, "realisasi")][0] == "Info" and "read as 82.5 percent" in said[(2, "realisasi")][1]
    assert said[(3, "target")][0] == "Warning" and "its unit is 'unit', not percent" in said[(3, "target")][1]
