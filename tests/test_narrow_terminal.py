"""``validate``'s text in a narrow terminal (issue 24, item 8): at 40 columns the table kept only row, column
and severity. Below 120 columns each result is a block (row and program, then severity and column, the value
found, and the whole message wrapped between words); below 60 the value has a line of its own. A piped
``validate`` takes the width from ``COLUMNS`` when it is set (140 otherwise)."""

from __future__ import annotations

import json
import subprocess

import pytest

from kg.core.resources import resource_path
from serve_helpers import kotacerdas_in_process

EXAMPLE = str(resource_path("examples", "contoh-kota-makassar-2025-dengan-kesalahan.csv"))


def _validate(*args: str, columns: str | None) -> subprocess.CompletedProcess:
    # in this process, its output captured (not a terminal, as when piped); COLUMNS as given, or unset
    return kotacerdas_in_process("validate", EXAMPLE, *args, env={"COLUMNS": columns})


@pytest.fixture(scope="module")
def results() -> list[dict]:
    found = json.loads(_validate("--format", "json", columns=None).stdout)["results"]
    assert len(found) == 5
    return found


@pytest.mark.parametrize(("columns", "lang"), [("40", "id"), ("40", "en"), ("59", "id"), ("80", "en")])
def test_a_narrow_terminal_gets_every_result_whole_as_a_block(results, columns, lang):
    done = _validate("--lang", lang, columns=columns)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= int(columns)
    assert not any(set(line.strip()) == {"─"} for line in lines)  # no table's rule
    flat = " ".join(done.stdout.split())
    row_word, value_words = ("Baris", "Nilai ditemukan") if lang == "id" else ("Row", "Value found")
    for result in results:
        assert f"{row_word} {result['row']} ·" in flat
        assert f" {result['column']} " in flat
        assert f"{value_words}: {result['value']}" in flat
    if lang == "id":  # the messages of the JSON report are in Indonesian, the default
        for result in results:
            assert " ".join(result["message"].split()) in flat  # whole, no word broken
    value_alone = [line.strip() for line in lines if line.strip().startswith(value_words)]
    assert (len(value_alone) == 5) == (int(columns) < 60)


def test_a_piped_report_without_columns_keeps_the_wide_table():
    done = _validate(columns=None)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(set(line.strip()) == {"─"} for line in lines) and "Pesan" in done.stdout
