"""Commands for a data steward's submission: ``template``, ``validate``, ``convert``.

Thin faces over :mod:`kg.submissions.template`, :mod:`kg.submissions.validation`, :mod:`kg.submissions.reports`
and :mod:`kg.submissions.convert`; the heavy imports happen inside the commands so that ``kotacerdas`` starts
fast. No command writes over its own input; writing over an existing file that kotacerdas did not write needs
``--force`` (:func:`kg.core.output.check_output_target`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

import typer

from kg.cli.app import app
from kg.core.options import ENGINES, FAIL_ON, LANGUAGES, RDF_FORMATS, REPORT_FORMATS, check_choice
from kg.submissions.texts import bilingual


def _emit(data: str | bytes, out: Path | None, *, inputs: tuple[Path, ...] = (), force: bool = False) -> None:
    """Write to ``out`` atomically (never over an input; over another program's file only with ``force``), or
    to stdout."""
    if out is not None:
        from kg.core.output import write_checked

        write_checked(out, data, inputs=inputs, force=force)
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _console(stderr: bool = False):  # -> rich.console.Console
    from rich.console import Console

    console = Console(highlight=False, stderr=stderr)
    if not console.is_terminal:  # piped or redirected: no terminal width to honour, keep messages readable
        columns = os.environ.get("COLUMNS", "")  # unless one is asked for (COLUMNS=40 kotacerdas validate … | less)
        width = int(columns) if columns.isdigit() and int(columns) >= 20 else 140
        console = Console(highlight=False, width=width, stderr=stderr)
    return console


@app.command(help=bilingual("help_validate"))
def validate(
    files: list[Path] = typer.Argument(..., help=bilingual("help_validate_files")),
    format: str = typer.Option(
        "text", "--format", "-f", help=bilingual("help_format", allowed=" | ".join(REPORT_FORMATS))
    ),
    lang: str = typer.Option("id", "--lang", help=bilingual("help_lang", allowed=" | ".join(LANGUAGES))),
    out: Path | None = typer.Option(None, "--out", "-o", help=bilingual("help_out")),
    fail_on: str = typer.Option("violation", "--fail-on", help=bilingual("help_fail_on", allowed="|".join(FAIL_ON))),
    engine: str = typer.Option("sparql", "--engine", help=bilingual("help_engine")),
    force: bool = typer.Option(False, "--force", help=bilingual("help_force_out")),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=bilingual("help_verbose")),
) -> None:
    check_choice(format, REPORT_FORMATS, "--format")
    check_choice(lang, LANGUAGES, "--lang")
    check_choice(fail_on, FAIL_ON, "--fail-on")
    check_choice(engine, ENGINES, "--engine")
    if out is not None:
        from kg.core.output import check_output_target

        check_output_target(out, inputs=tuple(files), force=force)  # before the work: refuse early
    from rich.console import Console

    from kg.cli.progress import progress_bar
    from kg.submissions import reports as reports
    from kg.submissions.validation import Engine, validate_files

    with progress_bar(Console(stderr=True)) as progress:
        outcome = validate_files(
            files, lang=lang, engine=cast(Engine, engine), progress=progress, keep_rdf=False, workers=None
        )
    if format == "text" and out is None:
        reports.print_text(outcome, _console(), lang=lang, fail_on=fail_on, verbose=verbose)
    else:
        text = reports.render(outcome, format, lang=lang, fail_on=fail_on, verbose=verbose, mark=out is not None)
        _emit(text, out, inputs=tuple(files), force=force)
    if outcome.fails(fail_on):
        raise typer.Exit(1)


@app.command(help=bilingual("help_convert"))
def convert(
    file: Path = typer.Argument(..., help=bilingual("help_convert_file")),
    to: str = typer.Option("turtle", "--to", "-t", help=" | ".join(RDF_FORMATS)),
    out: Path | None = typer.Option(None, "--out", "-o", help=bilingual("help_convert_out")),
    more: list[Path] = typer.Option([], "--indicators", "-i", help=bilingual("help_convert_indicators")),
    force: bool = typer.Option(False, "--force", help=bilingual("help_force_convert")),
    lang: str = typer.Option("id", "--lang", help=bilingual("help_lang", allowed=" | ".join(LANGUAGES))),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=bilingual("help_verbose")),
) -> None:
    check_choice(to, RDF_FORMATS, "--to")
    check_choice(lang, LANGUAGES, "--lang")
    inputs = (file, *more)
    if out is not None:
        from kg.core.output import check_output_target

        check_output_target(out, inputs=inputs, force=force)
    from kg.submissions import reports
    from kg.submissions.convert import serialize
    from kg.submissions.validation import validate_files

    outcome = validate_files(list(inputs), lang=lang)
    if outcome.has_violations and not force:
        console = _console(stderr=True)
        reports.print_text(outcome, console, lang=lang, verbose=verbose)
        console.print(bilingual("convert_refused"))
        raise typer.Exit(1)
    converted = outcome.conversions[0] if len(outcome.conversions) == 1 else _joined(outcome.conversions)
    _emit(serialize(converted, to, mark=out is not None, source=file.name), out, inputs=inputs, force=force)


def _joined(conversions):  # -> kg.submissions.convert.Conversion
    from kg.submissions.convert import Conversion

    joined = Conversion(source_file=conversions[0].source_file)
    for conversion in conversions:
        joined.submissions.update(conversion.submissions)
    return joined


@app.command(help=bilingual("help_template"))
def template(
    out: Path = typer.Option(..., "--out", "-o", help=bilingual("help_template_out")),
    indicators: bool = typer.Option(False, "--indicators", help=bilingual("help_template_indicators")),
    force: bool = typer.Option(False, "--force", help=bilingual("help_force_out")),
) -> None:
    from kg.submissions.template_writer import write_template

    written = write_template(out, indicators=indicators, force=force)
    typer.echo(bilingual("template_written", path=written), err=True)
