"""Property-based tests of the table reader and converter (issue 7, must-have 4 a and b).

(a) Any bytes given as a ``.csv``, ``.xlsx``, ``.txt`` or ``.ttl`` file either convert, or end in exit 2 with one
    line on stderr naming the file: never a traceback, an internal error, or an output file left behind.
    The bytes are random, or a real submission (CSV, XLSX, Turtle) with random damage: bytes flipped,
    inserted, cut, or the XML inside the XLSX damaged before it is zipped again.
(b) A valid table (values drawn from the template's columns and code lists, free text from all of Unicode
    but control characters, CSV or XLSX) converts, one program per row, and validates without a violation.

The command line runs in this process (``kg.cli.main``) to keep examples fast. Example counts: see
``examples(…)`` above each test (tests/hypothesis_profiles.py).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import sys
import tempfile
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hypothesis_profiles import examples
from kg.framework.regions import regions
from kg.submissions.template import code_list, column, columns
from submission_helpers import DATA

pytestmark = pytest.mark.slow  # 360 examples: about a minute on two busy cores

HEADER = [item.name for item in columns()]


def _main(*args: object) -> tuple[int, str, str]:
    """``kotacerdas ARGS…`` in this process: exit code, stdout, stderr."""
    from kg.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    argv = sys.argv
    sys.argv = ["kotacerdas", *map(str, args)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 0
    finally:
        sys.argv = argv
    return code, out.buffer.getvalue().decode(), err.buffer.getvalue().decode()


def _converts_or_one_line(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        out = Path(folder) / "out" / "programs.ttl"
        out.parent.mkdir()
        code, _stdout, stderr = _main("convert", path, "--out", out)
        assert "Traceback" not in stderr
        if code == 0:
            assert out.exists()
            return
        if code == 1:  # read, but with violations: convert validates first, reports them and writes nothing
            assert list(out.parent.iterdir()) == [] and "--force" in stderr
            return
        assert code == 2, stderr
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0], stderr
        assert list(out.parent.iterdir()) == []


# --- (a) any bytes -----------------------------------------------------------------------------------------


@examples(100)
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".ttl"]))
def test_random_bytes_convert_or_give_one_line(data, suffix):
    _converts_or_one_line("input" + suffix, data)


@cache
def _seed_files() -> dict[str, bytes]:
    from openpyxl import Workbook

    workbook = Workbook()
    with (DATA / "bandung-2025.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        ".csv": (DATA / "bandung-2025.csv").read_bytes(),
        ".ttl": (DATA / "bandung-2025.ttl").read_bytes(),
        ".xlsx": buffer.getvalue(),
    }


_DAMAGE = st.lists(
    st.tuples(st.sampled_from(["flip", "insert", "delete", "cut"]), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    min_size=1,
    max_size=6,
)


def _damaged(data: bytes, damage: list[tuple[str, float, bytes]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, payload in damage:
        position = min(int(where * len(buffer)), max(len(buffer) - 1, 0))
        if kind == "flip" and buffer:
            buffer[position] ^= payload[0] or 0xFF
        elif kind == "insert":
            buffer[position:position] = payload
        elif kind == "delete":
            del buffer[position : position + len(payload)]
        elif kind == "cut":
            del buffer[position:]
    return bytes(buffer)


@examples(100)
@given(suffix=st.sampled_from([".csv", ".xlsx", ".ttl"]), damage=_DAMAGE)
def test_a_damaged_submission_converts_or_gives_one_line(suffix, damage):
    _converts_or_one_line("damaged" + suffix, _damaged(_seed_files()[suffix], damage))


@examples(60)
@given(
    part=st.sampled_from(
        [
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
            "xl/workbook.xml",
            "xl/styles.xml",
            "xl/_rels/workbook.xml.rels",
        ]
    ),
    damage=_DAMAGE,
)
def test_an_xlsx_with_damaged_xml_converts_or_gives_one_line(part, damage):
    source = zipfile.ZipFile(io.BytesIO(_seed_files()[".xlsx"]))
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, _damaged(content, damage) if info.filename == part else content)
    _converts_or_one_line("xmldamage.xlsx", rebuilt.getvalue())


@examples(60)
@given(text=st.text(max_size=400), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
def test_any_text_in_any_encoding_converts_or_gives_one_line(text, encoding):
    data = ",".join(HEADER).encode(encoding, errors="replace") + b"\n" + text.encode(encoding, errors="replace")
    _converts_or_one_line("text.csv", data)


# --- (b) a valid table --------------------------------------------------------------------------------------


def _codes(name: str) -> list[str]:
    return [code.code for code in code_list(column(name))]


_FREE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda text: text.strip() != "")


_PAGE = st.builds(
    lambda scheme, host, path, fragment: f"{scheme}://{host}/{path}{fragment}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,15}[a-z0-9])?(\.[a-z]{2,6}){1,3}", fullmatch=True),
    st.lists(
        st.characters(whitelist_categories=("L", "N"), whitelist_characters="-._~/!$&'()*+,=:@")
        | st.sampled_from(["%20", "%2F", "?q=1"]),
        max_size=20,
    ).map("".join),
    st.sampled_from(["", "#bagian"]),
)


@st.composite
def _program(draw, year: int, region: str, number: int) -> dict[str, object]:
    start = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    end = draw(st.dates(start, dt.date(year, 12, 31)))
    budget = draw(st.integers(0, 10**13))
    target = draw(st.decimals(0, 10**6, places=2))
    return {
        "id_program": f"P-{number}-" + draw(st.text(alphabet="ABCXYZ0123456789-_", max_size=8)),
        "kode_wilayah": region,
        "tahun": year,
        "nama_program": draw(_FREE_TEXT),
        "perangkat_daerah": draw(_FREE_TEXT),
        "inisiatif": ";".join(
            draw(st.lists(st.sampled_from(_codes("inisiatif")), min_size=1, max_size=4, unique=True))
        ),
        "anggaran": draw(st.sampled_from([budget, f"{budget}", f"Rp {budget:,}".replace(",", ".")])),
        "status": draw(st.sampled_from(_codes("status"))),
        "tanggal_mulai": draw(st.sampled_from([start, start.isoformat(), start.strftime("%d/%m/%Y")])),
        "tanggal_selesai": draw(st.sampled_from([end, end.isoformat()])),
        "kelompok_sasaran": ";".join(
            draw(st.lists(st.sampled_from(_codes("kelompok_sasaran")), max_size=3, unique=True))
        ),
        "indikator": draw(_FREE_TEXT),
        "satuan": draw(st.sampled_from(["unit", "orang", "%", "km"])),
        "target": draw(st.sampled_from([target, str(target), str(target).replace(".", ",")])),
        "realisasi": draw(st.sampled_from([None, int(target), str(int(target))])),
        # the columns of issue 11: all optional
        "realisasi_anggaran": draw(st.sampled_from([None, budget // 2, f"Rp {budget // 2:,}".replace(",", ".")])),
        "sumber_dana": ";".join(draw(st.lists(st.sampled_from(_codes("sumber_dana")), max_size=2, unique=True))),
        "pilar_kominfo": draw(st.sampled_from([None, *_codes("pilar_kominfo")])),
        "tingkat": draw(st.sampled_from([None, "program"])),
        "induk": None,
        "kode_nomenklatur": draw(st.sampled_from([None, "2.16.03"])),
        # issue 21: the pages the values come from, http(s) IRIs whose path may hold any letter of Unicode
        "sumber": ";".join(draw(st.lists(_PAGE, max_size=2))),
        # issue 22: the shared indicator the indicator names (optional; its notations are checked elsewhere)
        "indikator_bersama": None,
    }


@st.composite
def _table(draw) -> list[dict[str, object]]:
    year = draw(st.integers(2015, 2025))
    # a code in force in that year (93, Papua Selatan, only from 2022: a Violation before, rightly)
    region = draw(st.sampled_from(sorted(code for code, item in regions().items() if item.in_force_in(year))))
    count = draw(st.integers(1, 5))
    return [draw(_program(year, region, number)) for number in range(1, count + 1)]


def _write(rows: list[dict[str, object]], path: Path) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows([_cell_text(row[name]) for name in HEADER] for row in rows)
        return
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for number, row in enumerate(rows, start=2):
        for position, name in enumerate(HEADER, start=1):
            value = row[name]
            cell = sheet.cell(number, position, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text as typed by a steward, never a formula
    workbook.save(path)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@examples(40)
@given(rows=_table(), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_a_valid_table_converts_and_validates_without_a_violation(rows, suffix):
    from kg.submissions.validation import validate_files

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"programs{suffix}"
        _write(rows, path)
        outcome = validate_files([path])
    assert sum(submission.program_count for submission in outcome.submissions.values()) == len(rows)
    violations = [(r.row, r.column, r.message) for r in outcome.results if r.severity == "Violation"]
    assert violations == []
