"""Commands for a data steward's submission: ``template``, ``validate``, ``convert``.

Thin faces over :mod:`kg.submissions.template`, :mod:`kg.submissions.validation`, :mod:`kg.submissions.reports` and :mod:`kg.submissions.convert`; the heavy
imports happen inside the commands so that ``kotacerdas`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli.app import app


def _emit(data: str | bytes, out: Path | None) -> None:
    """Write to ``out`` atomically, or to stdout."""
    if out is not None:
        from kg.core.output import write_output

        write_output(out, data)
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    from kg.core.errors import InputError

    if value not in allowed:
        raise InputError(f"harus salah satu dari / must be one of: {', '.join(allowed)} (diberikan/given {value!r})",
                         source=option)
    return value


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="Berkas CSV, XLSX, Turtle, N-Triples, JSON-LD / files to validate."),
    format: str = typer.Option("text", "--format", "-f", help="text | json | turtle | html"),
    lang: str = typer.Option("id", "--lang", help="Bahasa pesan / message language: id | en"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Tulis laporan ke berkas / write the report here."),
    fail_on: str = typer.Option(
        "violation", "--fail-on", help="Keluar 1 mulai tingkat ini / exit 1 from this severity: violation|warning|info"
    ),
    engine: str = typer.Option("sparql", "--engine", help="sparql (cepat/fast) | pyshacl (referensi/reference)"),
) -> None:
    """Periksa pengajuan program / validate program submissions: every problem, with its row and column."""
    _choice(format, ("text", "json", "turtle", "html"), "--format")
    _choice(lang, ("id", "en"), "--lang")
    _choice(fail_on, ("violation", "warning", "info"), "--fail-on")
    _choice(engine, ("sparql", "pyshacl"), "--engine")
    from kg.submissions import reports as reports
    from kg.submissions.validation import validate_files

    outcome = validate_files(files, lang=lang, engine=engine)  # type: ignore[arg-type]
    if format == "text" and out is None:
        from rich.console import Console

        console = Console(highlight=False)
        if not console.is_terminal:  # piped or redirected: no terminal width to honour, keep messages readable
            console = Console(highlight=False, width=140)
        reports.print_text(outcome, console, lang=lang, fail_on=fail_on)
    else:
        _emit(reports.render(outcome, format, lang=lang, fail_on=fail_on), out)
    if outcome.fails(fail_on):
        raise typer.Exit(1)


@app.command()
def convert(
    file: Path = typer.Argument(..., help="Berkas CSV/XLSX (atau RDF) / the submission file."),
    to: str = typer.Option("turtle", "--to", "-t", help="turtle | nt | jsonld"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Berkas hasil / output file (default: stdout)."),
) -> None:
    """Ubah tabel menjadi RDF / convert a table to RDF (one kc:Program per row)."""
    _choice(to, ("turtle", "nt", "jsonld"), "--to")
    from kg.submissions.convert import convert_file, serialize

    _emit(serialize(convert_file(file), to), out)


@app.command()
def template(
    out: Path = typer.Option(..., "--out", "-o", help="FILE.xlsx (daftar pilihan / drop-downs) atau FILE.csv"),
) -> None:
    """Tulis templat kosong / write an empty submission template."""
    from kg.submissions.template import write_template

    written = write_template(out)
    typer.echo(f"templat ditulis / template written: {written}", err=True)
