"""Values from data are shown as text: no rich markup, no terminal control codes, no spreadsheet formulas.

Issue 7, item 8 (CSV formula injection) and item 9 (markup and control codes reaching the terminal).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from kg.core.safe_text import markup_text, one_line, rich_text, spreadsheet_cell, terminal_text
from submission_helpers import run_cli

ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ \u202eevil\u202c"


def _sparql_values(*literals: str) -> str:
    return "SELECT ?value WHERE { VALUES ?value { " + " ".join(literals) + " } }"


def _sparql_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid SPARQL string literal for these characters


# --- the functions -----------------------------------------------------------------------------------------


def test_terminal_text_replaces_control_characters_and_keeps_newlines_and_tabs():
    shown = terminal_text(ESCAPES + "\nline\tcell\r\nnext\rover")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "\r" not in shown
    assert "red" in shown and "owned" in shown and "link" in shown  # the text stays, visible
    assert "\nline\tcell\nnext\nover" in shown
    assert "\n" not in one_line("a\nb\r\nc\td") and one_line("a\nb\r\nc\td") == "a b c d"


def test_markup_text_is_printed_literally_by_rich():
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    for value in ("[/tahap]", "[tahap 2]", "[bold]x[/bold]", "[link=http://e.org]y[/link]", "back\\"):
        console.print(f"[bold]{markup_text(value)}[/bold]")
        console.print(rich_text(value))
    printed = buffer.getvalue().splitlines()
    assert printed == [
        line
        for value in ("[/tahap]", "[tahap 2]", "[bold]x[/bold]", "[link=http://e.org]y[/link]", "back\\")
        for line in (value, value)
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example","klik")', '\'=HYPERLINK("http://evil.example","klik")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+1", "'-1+1"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Sekolah Digital", "Sekolah Digital"),
        ("-", "'-"),
        ("-1.5", "-1.5"),  # text that a spreadsheet reads as the number it is: harmless
        ("+62 22 1234", "'+62 22 1234"),
        (-1.5, -1.5),
        (-7, -7),
        (None, None),
    ],
)
def test_spreadsheet_cell_neutralises_formulas_and_keeps_numbers(value, cell):
    assert spreadsheet_cell(value) == cell


# --- through the command line ------------------------------------------------------------------------------


def test_sparql_table_shows_markup_and_escape_codes_as_text(example_store):
    """Item 9: `[/tahap]` crashed the table with MarkupError, `[tahap 2]` disappeared, escapes passed through."""
    query = _sparql_values(*(_sparql_string(text) for text in ("[/tahap]", "[tahap 2]", ESCAPES)))
    done = run_cli("sparql", query, "--store", example_store)  # a store (conftest.py); the query needs none
    assert done.returncode == 0, done.stderr
    assert "[/tahap]" in done.stdout and "[tahap 2]" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    assert "Traceback" not in done.stderr


def test_sparql_csv_neutralises_formulas_and_keeps_numbers(example_store):
    """Item 8: `=HYPERLINK(…)`, `+cmd`, `-1+1`, `@SUM` were written raw; a negative number stays a number."""
    texts = ['=HYPERLINK("http://evil.example")', "+cmd", "-1+1", "@SUM(A1)", "\tx"]
    query = _sparql_values(*(_sparql_string(text) for text in texts), "-1.5", "-3")
    done = run_cli("sparql", query, "--store", example_store, "--format", "csv")
    assert done.returncode == 0, done.stderr
    cells = [row[0] for row in csv.reader(io.StringIO(done.stdout))][1:]
    assert cells[: len(texts)] == ["'" + text for text in texts]
    assert cells[len(texts) :] == ["-1.5", "-3"]


def test_canned_query_csv_and_table_of_stored_program_names(tmp_path):
    """Items 8 and 9 through `query`: program names from a loaded submission reach CSV and the terminal safely."""
    submission = tmp_path / "programs.csv"
    names = ['=HYPERLINK("http://evil.example";"klik")', "[/tahap]", "Tahap [tahap 2] \x1b]0;owned\x07"]
    with submission.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif", "anggaran", "status"])
        writer.writerows(
            [f"P-{n}", "32.73", 2025, name, "GOV-01", 1000, "rencana"] for n, name in enumerate(names, start=1)
        )
    store = tmp_path / "store"
    loaded = run_cli("load", submission, "--store", store, "--force")
    assert loaded.returncode == 0, loaded.stderr
    table = run_cli("query", "programs-without-indicator", "--store", store)
    assert table.returncode == 0, table.stderr
    assert "[/tahap]" in table.stdout and "[tahap 2]" in table.stdout and "\x1b" not in table.stdout
    done = run_cli("query", "programs-without-indicator", "--store", store, "--format", "csv")
    names_out = {row["program_name"] for row in csv.DictReader(io.StringIO(done.stdout))}
    assert "'" + names[0] in names_out and names[0] not in names_out


def test_validation_report_shows_cell_values_as_text(tmp_path):
    """Item 9 in the steward's report: a cell value with markup and escapes is shown, not interpreted."""
    submission = tmp_path / "programs.csv"
    submission.write_text(
        "id_program,kode_wilayah,tahun,nama_program,inisiatif,anggaran,status\n"
        "P-1,32.73,2025,Program,GOV-01,1000,[/tahap]\x1b[2J\n",
        encoding="utf-8",
    )
    done = run_cli("validate", submission)
    assert done.returncode == 1, done.stderr
    assert "[/tahap]" in done.stdout and "\x1b" not in done.stdout


def test_an_error_line_carries_no_control_codes(tmp_path):
    """Item 9 for messages: a header with escape codes is quoted in the one-line error without them."""
    submission = tmp_path / "junk.csv"
    submission.write_text("\x1b]0;owned\x07nama,\x1b[31malamat\nBudi,Jl\n", encoding="utf-8")
    done = run_cli("validate", submission)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "\x1b" not in done.stderr and "\x07" not in done.stderr


@pytest.mark.parametrize(
    "iri,linked",
    [
        ("https://example.org/a", True),
        ("HTTP://example.org/a", True),
        ("mailto:a@example.org", True),
        ("/id/region/32.73", True),
        ("#GOV-01", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("jav\nascript:alert(1)", False),
        ("data:text/html,%3Cscript%3E", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("urn:isbn:0451450523", False),
        ("", False),
    ],
)
def test_only_http_https_and_mailto_iris_become_links(iri, linked):
    from kg.core.safe_text import link_target

    assert (link_target(iri) is not None) is linked
