"""Commands for a data steward's submission: ``template``, ``validate``, ``convert``.

Thin faces over :mod:`kg.submissions.template`, :mod:`kg.submissions.validation`, :mod:`kg.submissions.reports` and :mod:`kg.submissions.convert`; the heavy
imports happen inside the commands so that ``kotacerdas`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli.app import app
from kg.core.options import ENGINES, FAIL_ON, LANGUAGES, RDF_FORMATS, REPORT_FORMATS, check_choice
from kg.submissions.texts import bilingual


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


@app.command(help=bilingual("help_validate"))
def validate(
    files: list[Path] = typer.Argument(..., help=bilingual("help_validate_files")),
    format: str = typer.Option("text", "--format", "-f", help=bilingual("help_format", allowed=" | ".join(REPORT_FORMATS))),
    lang: str = typer.Option("id", "--lang", help=bilingual("help_lang", allowed=" | ".join(LANGUAGES))),
    out: Path | None = typer.Option(None, "--out", "-o", help=bilingual("help_out")),
    fail_on: str = typer.Option("violation", "--fail-on", help=bilingual("help_fail_on", allowed="|".join(FAIL_ON))),
    engine: str = typer.Option("sparql", "--engine", help=bilingual("help_engine")),
) -> None:
    check_choice(format, REPORT_FORMATS, "--format")
    check_choice(lang, LANGUAGES, "--lang")
    check_choice(fail_on, FAIL_ON, "--fail-on")
    check_choice(engine, ENGINES, "--engine")
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


@app.command(help=bilingual("help_convert"))
def convert(
    file: Path = typer.Argument(..., help=bilingual("help_convert_file")),
    to: str = typer.Option("turtle", "--to", "-t", help=" | ".join(RDF_FORMATS)),
    out: Path | None = typer.Option(None, "--out", "-o", help=bilingual("help_convert_out")),
) -> None:
    check_choice(to, RDF_FORMATS, "--to")
    from kg.submissions.convert import convert_file, serialize

    _emit(serialize(convert_file(file), to), out)


@app.command(help=bilingual("help_template"))
def template(
    out: Path = typer.Option(..., "--out", "-o", help=bilingual("help_template_out")),
) -> None:
    from kg.submissions.template import write_template

    written = write_template(out)
    typer.echo(bilingual("template_written", path=written), err=True)
